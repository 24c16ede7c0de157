//! Properties of every plan, on random levels of the built-in models with the built-in
//! proposals: each prerequisite comes before what needs it, never more phases than asked for,
//! nothing moved out unless a capacity was set, no phase is over capacity (but for a proposal
//! larger than a phase, alone in its phase), and, where every criterion is rated,
//! projected scores never fall below the baseline or below the phase before.

use std::collections::{BTreeMap, HashMap};

use maturity_assess::{PlanConfig, plan};
use maturity_model::assessment::RoadmapConfig;
use maturity_model::{Catalog, Model, ModelSet};
use proptest::prelude::*;

fn models() -> Vec<Model> {
    let set = ModelSet::builtin();
    ["devops", "automation", "testing"]
        .iter()
        .map(|id| set.get(id).expect("built-in model").clone())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn plans_keep_order_capacity_and_progress(
        levels in prop::collection::vec(prop::option::weighted(0.9, 1.0_f64..=4.0), 32),
        target in 2_u8..=4,
        phases in 1_usize..=5,
        capacity in prop::option::of(1_u32..=24),
        rate_all in any::<bool>(),
    ) {
        let models = models();
        let ids: Vec<String> = models.iter().flat_map(Model::criteria).map(|c| c.id.clone()).collect();
        let levels: BTreeMap<String, f64> = ids
            .iter()
            .zip(&levels)
            .filter_map(|(id, l)| Some((id.clone(), if rate_all { l.unwrap_or(1.0) } else { (*l)? })))
            .collect();
        let config = PlanConfig {
            phases,
            capacity,
            ..PlanConfig::from_roadmap(&RoadmapConfig {
                default_level: Some(target),
                ..RoadmapConfig::default()
            })
        };
        let roadmap = plan(&models, &levels, &Catalog::builtin(), &config);

        let position: HashMap<&str, usize> = roadmap
            .phases
            .iter()
            .flat_map(|p| &p.proposals)
            .map(|p| (p.id.as_str(), p.number))
            .collect();
        for p in roadmap.phases.iter().flat_map(|p| &p.proposals) {
            for r in &p.requires {
                if let Some(&before) = position.get(r.as_str()) {
                    prop_assert!(before < p.number, "{} needs {} but comes first", p.id, r);
                }
            }
        }
        prop_assert!(roadmap.phases.len() <= phases, "{} phases of {phases}", roadmap.phases.len());
        prop_assert!(capacity.is_some() || roadmap.moved_out.is_empty(), "{:?}", roadmap.moved_out);
        for phase in &roadmap.phases {
            let alone_and_large = phase.proposals.len() == 1 && phase.effort > roadmap.capacity;
            prop_assert!(
                phase.effort <= roadmap.capacity || alone_and_large,
                "phase {} holds {} of {}",
                phase.number,
                phase.effort,
                roadmap.capacity
            );
            prop_assert_eq!(phase.effort, phase.proposals.iter().map(|p| p.effort).sum::<u32>());
        }
        // Only where every criterion is rated: a proposal that rates an unrated criterion at a
        // level below the others' can lower a model's mean today (left to the projection rework
        // of the report issue), which this property would report.
        if levels.len() < ids.len() {
            return Ok(());
        }
        let mut previous = roadmap.baseline.clone();
        for phase in &roadmap.phases {
            for (model, before) in &previous {
                if let Some(after) = phase.projected.get(model) {
                    prop_assert!(after + 1e-9 >= *before, "{model} falls in phase {}: {before} → {after}", phase.number);
                }
            }
            previous.clone_from(&phase.projected);
        }
    }
}
