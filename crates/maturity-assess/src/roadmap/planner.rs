//! The planner's entry points: `plan` runs the steps of the module documentation in order.

use std::collections::BTreeMap;

use maturity_model::{Catalog, Model};

use super::choose::{candidates, select, values};
use super::config::PlanConfig;
use super::describe::phases;
use super::grid::Grid;
use super::order::prioritized_order;
use super::output::Roadmap;
use super::pack::{moved_out_note, pack, share};
use super::targets::{Start, aims, open_gaps};
use crate::scoring::Scorecard;

/// The levels of a scorecard's criteria that have one, as the planner takes them.
pub fn levels_from(scorecard: &Scorecard) -> BTreeMap<String, f64> {
    scorecard
        .models
        .iter()
        .flat_map(|m| &m.areas)
        .flat_map(|a| &a.criteria)
        .filter_map(|c| Some((c.id.clone(), c.level?)))
        .collect()
}

/// Plans the roadmap for `models` from the current `levels` (criterion id → level; a missing
/// criterion counts as level 1) with the proposals of `catalog`.
pub fn plan(
    models: &[Model],
    levels: &BTreeMap<String, f64>,
    catalog: &Catalog,
    config: &PlanConfig,
) -> Roadmap {
    let grid = Grid::new(models);
    let phases_requested = config.phases.max(1);
    // Notes keep the order of the steps that find them: unrated criteria, unused targets,
    // overflow, missed score targets.
    let mut notes = Vec::new();

    let start = Start::new(&grid, levels, &mut notes);
    let baseline = grid.reported_scores(&start.current, &start.rated());
    let aims = aims(&grid, &start.current, &config.target, &mut notes);

    let proposals = catalog.proposals();
    let items = grid.items(catalog, &config.effort);
    let value = values(&grid, &items, &start.current, &aims);
    let chosen = candidates(&items, &value);
    let ids: Vec<&str> = proposals.iter().map(|p| p.id.as_str()).collect();
    let order = prioritized_order(&items, &chosen, &value, &ids);
    let kept = select(&grid, &items, &order, &start.current, &aims);

    let share = share(&items, &kept, phases_requested);
    let packing = pack(&items, &kept, phases_requested, share, config.capacity);
    // Without a capacity asked for, a phase holds its share, or more where the plan's sizes do
    // not divide evenly: the capacity reported is what the phases of several proposals hold.
    let capacity = config.capacity.unwrap_or_else(|| {
        packing
            .bins
            .iter()
            .filter(|b| b.items.len() > 1)
            .map(|b| b.used)
            .fold(share, u32::max)
    });
    let moved_out: Vec<String> = packing
        .moved_out
        .iter()
        .map(|&p| proposals[p].id.clone())
        .collect();
    let overflow = !moved_out.is_empty();
    if overflow {
        notes.push(moved_out_note(&moved_out, phases_requested, capacity));
    }
    let planned: Vec<usize> = packing
        .bins
        .iter()
        .flat_map(|b| b.items.iter().copied())
        .collect();

    let (phases, levels) = phases(
        &grid,
        proposals,
        &items,
        &planned,
        &packing.bins,
        capacity,
        &start,
    );
    let unplanned_gaps = open_gaps(&grid, &aims, &levels, &mut notes);

    Roadmap {
        capacity,
        effort_points: config.effort,
        target: config.target.clone(),
        phases_requested,
        overflow,
        moved_out,
        baseline,
        phases,
        unplanned_gaps,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use maturity_model::ModelSet;

    use super::*;
    use crate::roadmap::Target;
    use crate::roadmap::grid::EPSILON;
    use crate::roadmap::test_support::{catalog_text, run};

    #[test]
    fn nothing_for_a_fully_mature_team() {
        let set = ModelSet::builtin();
        let all_4: BTreeMap<String, f64> = set
            .models()
            .iter()
            .flat_map(|m| m.criteria())
            .map(|c| (c.id.clone(), 4.0))
            .collect();
        let roadmap = run(set.models(), &all_4, &Catalog::builtin(), &PlanConfig::default());
        assert!(roadmap.phases.is_empty());
        assert!(roadmap.unplanned_gaps.is_empty());
        assert!(roadmap.notes.is_empty(), "{:?}", roadmap.notes);
        assert_eq!((roadmap.capacity, roadmap.overflow), (0, false));
        assert!(roadmap.baseline.values().all(|&s| (s - 100.0).abs() < EPSILON));
    }

    #[test]
    fn a_cycle_in_a_user_catalog_never_reaches_the_planner() {
        let mut builtin = Catalog::builtin();
        let user = catalog_text(&[(
            "continuous-integration",
            "S",
            &["continuous-deployment"],
            &[("devops.builds-ci", 3)],
        )]);
        let err = builtin
            .extend_or_replace("mine.toml", &user, &ModelSet::builtin())
            .expect_err("cycle");
        let message = err.to_string();
        assert!(message.contains("mine.toml:6:"), "{message}");
        assert!(
            message.contains(
                "prerequisite cycle: continuous-integration → continuous-deployment → continuous-integration"
            ),
            "{message}"
        );
        assert_eq!(builtin, Catalog::builtin());
    }

    #[test]
    fn builtin_catalog_for_a_mixed_team() {
        let set = ModelSet::builtin();
        let ids: Vec<String> = set
            .models()
            .iter()
            .flat_map(|m| m.criteria())
            .map(|c| c.id.clone())
            .collect();
        // Deterministic mixed levels, a few fractional, two unrated.
        let current: BTreeMap<String, f64> = ids
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 11 != 5)
            .map(|(i, id)| (id.clone(), [1.0, 2.0, 1.5, 3.0, 2.0, 1.0, 4.0][i % 7]))
            .collect();
        let catalog = Catalog::builtin();
        for config in [
            PlanConfig::default(),
            PlanConfig {
                phases: 5,
                ..PlanConfig::default()
            },
            PlanConfig {
                capacity: Some(10),
                ..PlanConfig::default()
            },
            PlanConfig {
                target: Target::level(3),
                ..PlanConfig::default()
            },
            PlanConfig {
                target: Target::scores(BTreeMap::from([
                    ("devops".to_string(), 70.0),
                    ("testing".to_string(), 50.0),
                ])),
                ..PlanConfig::default()
            },
        ] {
            let roadmap = run(set.models(), &current, &catalog, &config);
            assert!(!roadmap.phases.is_empty());
            // Every gap the plan leaves open is listed.
            let last = &roadmap.phases.last().expect("phases").projected_levels;
            if let (Some(default), true) = (config.target.default_level, config.target.scores.is_empty()) {
                let open: Vec<&String> = ids.iter().filter(|id| last[*id] < f64::from(default)).collect();
                assert_eq!(roadmap.unplanned_gaps.iter().collect::<Vec<_>>(), open);
            }
        }
        let roadmap = plan(set.models(), &current, &catalog, &PlanConfig::default());
        let json = serde_json::to_value(&roadmap).expect("serializable");
        let proposals = json["phases"][0]["proposals"].as_array().expect("proposals");
        for key in ["id", "difficulty", "effort", "requires", "raises"] {
            assert!(proposals.iter().all(|p| !p[key].is_null()), "{key}");
        }
        let raise = proposals
            .iter()
            .find_map(|p| p["raises"].as_array()?.first())
            .expect("something is raised in phase 1");
        assert!(raise["criterion"].is_string() && raise["to"].is_u64() && raise.get("from").is_some());
        assert!(json["phases"][0]["projected"]["devops"].is_f64());
        assert!(json["capacity"].is_u64());
    }
}
