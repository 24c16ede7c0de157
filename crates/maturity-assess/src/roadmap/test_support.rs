//! Catalogs written in a line, models and levels for the planner's tests, and `run`, which
//! checks what every roadmap must satisfy before a test looks at the details.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use maturity_model::{Catalog, Model, ModelSet, parse_catalog};

use super::grid::EPSILON;
use super::{PlanConfig, Roadmap, Situation, plan, plan_for};

/// (id, difficulty, requires, raises)
pub(super) type Entry<'a> = (&'a str, &'a str, &'a [&'a str], &'a [(&'a str, u8)]);

pub(super) fn catalog(entries: &[Entry]) -> Catalog {
    parse_catalog("test.toml", &catalog_text(entries), &ModelSet::builtin()).unwrap_or_else(|e| panic!("{e}"))
}

pub(super) fn catalog_text(entries: &[Entry]) -> String {
    let mut text = String::new();
    for (id, difficulty, requires, raises) in entries {
        let requires: Vec<String> = requires.iter().map(|r| format!("{r:?}")).collect();
        let raises: Vec<String> = raises
            .iter()
            .map(|(c, to)| format!("{{ criterion = {c:?}, to = {to} }}"))
            .collect();
        let _ = write!(
            text,
            "[[proposals]]\nid = {id:?}\ntitle = \"Do {id}\"\ndescription = \"Doing {id}.\"\n\
             difficulty = {difficulty:?}\nrequires = [{}]\nraises = [{}]\n\n",
            requires.join(", "),
            raises.join(", ")
        );
    }
    text
}

/// The default plan without its credibility limits (one level per phase, ten proposals), for
/// tests about choosing and packing.
pub(super) fn uncapped() -> PlanConfig {
    PlanConfig {
        max_step: maturity_model::LEVELS,
        max_proposals: None,
        ..PlanConfig::default()
    }
}

pub(super) fn testing_model() -> Vec<Model> {
    vec![ModelSet::builtin().get("testing").expect("built-in").clone()]
}

/// The built-in devops and testing models, in that order.
pub(super) fn devops_and_testing() -> Vec<Model> {
    let set = ModelSet::builtin();
    ["devops", "testing"]
        .iter()
        .map(|id| set.get(id).expect("built-in").clone())
        .collect()
}

pub(super) fn levels(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
    pairs.iter().map(|(c, l)| ((*c).to_string(), *l)).collect()
}

/// All testing criteria at `level`.
pub(super) fn testing_at(level: f64) -> BTreeMap<String, f64> {
    ["unit", "integration", "system", "performance", "security"]
        .iter()
        .map(|c| (format!("testing.{c}"), level))
        .collect()
}

pub(super) fn ids(roadmap: &Roadmap) -> Vec<Vec<&str>> {
    roadmap
        .phases
        .iter()
        .map(|phase| phase.proposals.iter().map(|p| p.id.as_str()).collect())
        .collect()
}

/// What every roadmap must satisfy, whatever its input.
fn check_invariants(roadmap: &Roadmap, catalog: &Catalog, config: &PlanConfig) {
    let planned: Vec<&str> = roadmap
        .phases
        .iter()
        .flat_map(|p| &p.proposals)
        .map(|p| p.id.as_str())
        .collect();
    // Proposal id → its number: a prerequisite may share the phase, but comes first in it.
    let mut position = HashMap::new();
    let mut number = 0;
    for phase in &roadmap.phases {
        assert!(!phase.proposals.is_empty(), "empty phase {}", phase.number);
        for p in &phase.proposals {
            number += 1;
            assert_eq!(p.number, number);
            let proposal = catalog.get(&p.id).expect("from the catalog");
            for required in &proposal.requires {
                let at = position.get(required.as_str()).copied();
                // A prerequisite is left out only when the assessor marked it (or what needs
                // it) done.
                let done = !config.done.is_empty() && !planned.contains(&required.as_str());
                assert!(
                    at.is_some_and(|at| at < p.number) || done,
                    "{} needs {required} earlier",
                    p.id
                );
            }
            for recommended in proposal
                .recommends
                .iter()
                .filter(|r| planned.contains(&r.as_str()))
            {
                assert!(
                    position.contains_key(recommended.as_str()),
                    "{} recommends {recommended} earlier",
                    p.id
                );
            }
            position.insert(p.id.as_str(), p.number);
            assert!(!p.why.is_empty());
        }
        let effort: u32 = phase.proposals.iter().map(|p| p.effort).sum();
        assert_eq!(effort, phase.effort);
        if effort > roadmap.capacity {
            assert_eq!(phase.proposals.len(), 1, "phase {} over capacity", phase.number);
            assert!(
                phase.proposals[0]
                    .note
                    .as_deref()
                    .is_some_and(|n| n.contains("phase of its own"))
            );
        }
    }
    // Never more phases than asked for; what does not fit is named.
    assert!(roadmap.phases.len() <= roadmap.phases_requested);
    assert_eq!(roadmap.overflow, !roadmap.moved_out.is_empty());
    for id in &roadmap.moved_out {
        assert!(
            roadmap
                .phases
                .iter()
                .flat_map(|p| &p.proposals)
                .all(|p| &p.id != id)
        );
    }
    // Projected scores can only fall when a criterion nobody rated enters a mean.
    let all_rated = !roadmap.notes.iter().any(|n| n.contains("no level"));
    let mut before = roadmap.baseline.clone();
    for phase in &roadmap.phases {
        for (model, score) in &phase.projected {
            let previous = before.get(model).copied().unwrap_or(f64::NEG_INFINITY);
            assert!(
                !all_rated || *score >= previous - EPSILON,
                "{model} falls in phase {}",
                phase.number
            );
        }
        before.clone_from(&phase.projected);
    }
}

pub(super) fn run(
    models: &[Model],
    levels: &BTreeMap<String, f64>,
    catalog: &Catalog,
    config: &PlanConfig,
) -> Roadmap {
    let roadmap = plan(models, levels, catalog, config);
    check_invariants(&roadmap, catalog, config);
    assert_eq!(
        plan(models, levels, catalog, config),
        roadmap,
        "not deterministic"
    );
    roadmap
}

/// `run` for a team with evidence or signals.
pub(super) fn run_for(
    models: &[Model],
    situation: &Situation,
    catalog: &Catalog,
    config: &PlanConfig,
) -> Roadmap {
    let roadmap = plan_for(models, situation, catalog, config);
    check_invariants(&roadmap, catalog, config);
    assert_eq!(
        plan_for(models, situation, catalog, config),
        roadmap,
        "not deterministic"
    );
    roadmap
}

/// A catalog written out in TOML, for tests that need keys `catalog` does not write.
pub(super) fn catalog_toml(text: &str) -> Catalog {
    parse_catalog("test.toml", text, &ModelSet::builtin()).unwrap_or_else(|e| panic!("{e}"))
}
