//! The planner's entry points: `plan` runs the steps of the module documentation in order.

use std::collections::BTreeMap;

use maturity_model::{Catalog, Model};

use super::choose::{Decisions, candidates, limit, select, values};
use super::config::PlanConfig;
use super::describe::{Context, phases};
use super::grid::{EPSILON, Grid};
use super::order::prioritized_order;
use super::output::Roadmap;
use super::pack::{moved_out_note, pack, share};
use super::signals::Signal;
use super::targets::{Start, aims, open_gaps};
use crate::scoring::Scorecard;

/// Signals on one criterion beyond this many add no more weight: three observations make the
/// case as well as ten.
const SIGNAL_WEIGHT_CAP: usize = 3;

/// Where a team stands, as the planner takes it.
pub struct Situation<'a> {
    /// Criterion id → the level reports score (stated, else observed); a missing criterion
    /// counts as level 1. Baseline and projections start here.
    pub levels: &'a BTreeMap<String, f64>,
    /// Criterion id → the level already met, stated or observed: a gap met by either needs
    /// no proposal.
    pub met: &'a BTreeMap<String, f64>,
    /// What points at criteria besides their gaps.
    pub signals: &'a [Signal],
}

/// The higher of the stated and the observed level of each criterion that has either.
pub fn met_levels_from(scorecard: &Scorecard) -> BTreeMap<String, f64> {
    scorecard
        .models
        .iter()
        .flat_map(|m| &m.areas)
        .flat_map(|a| &a.criteria)
        .filter_map(|c| {
            let stated = c.stated.as_ref().map(|s| s.mean);
            let observed = c.observed.as_ref().map(|o| o.level);
            let met = [c.level, stated, observed]
                .into_iter()
                .flatten()
                .reduce(f64::max)?;
            Some((c.id.clone(), met))
        })
        .collect()
}

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
/// criterion counts as level 1) with the proposals of `catalog`, with no evidence or signals.
pub fn plan(
    models: &[Model],
    levels: &BTreeMap<String, f64>,
    catalog: &Catalog,
    config: &PlanConfig,
) -> Roadmap {
    plan_for(
        models,
        &Situation {
            levels,
            met: levels,
            signals: &[],
        },
        catalog,
        config,
    )
}

/// Plans the roadmap for `models` from where the team stands.
pub fn plan_for(models: &[Model], situation: &Situation, catalog: &Catalog, config: &PlanConfig) -> Roadmap {
    let grid = Grid::new(models);
    let phases_requested = config.phases.max(1);
    // Notes keep the order of the steps that find them: unrated criteria, unused targets,
    // the assessor's decisions, size, overflow, missed score targets.
    let mut notes = Vec::new();

    let mut start = Start::new(&grid, situation.levels, situation.met, &mut notes);
    let baseline = grid.reported_scores(&start.scored, &start.rated());
    let proposals = catalog.proposals();
    let items = grid.items(catalog, config);
    let decisions = Decisions::new(
        &items,
        &known_ids(catalog, &config.include, "include", &mut notes),
        &known_ids(catalog, &config.exclude, "exclude", &mut notes),
        &known_ids(catalog, &config.done, "done", &mut notes),
    );
    for (p, item) in items.iter().enumerate().filter(|(p, _)| decisions.done[*p]) {
        for &(c, to) in &item.raises {
            start.current[c] = start.current[c].max(f64::from(to));
        }
        if !config.done.contains(&proposals[p].id) {
            notes.push(format!(
                "`{}` counts as done: a proposal marked done needs it.",
                proposals[p].id
            ));
        }
    }
    let aims = aims(&grid, &start.current, &config.target, &mut notes);

    let mut signalled_criteria: Vec<Vec<&Signal>> = vec![Vec::new(); grid.ids.len()];
    for signal in situation.signals {
        if let Some(&c) = grid.index.get(signal.criterion.as_str()) {
            signalled_criteria[c].push(signal);
        }
    }
    let signalled: Vec<bool> = items
        .iter()
        .map(|item| {
            item.raises.iter().any(|&(c, to)| {
                !signalled_criteria[c].is_empty()
                    && start.current[c] < aims.level[c] - EPSILON
                    && f64::from(to) > start.current[c] + EPSILON
            })
        })
        .collect();
    // Every signal on a criterion makes closing its gap worth more, up to double.
    let weight: Vec<f64> = signalled_criteria
        .iter()
        .map(|found| 1.0 + found.len().min(SIGNAL_WEIGHT_CAP) as f64 / SIGNAL_WEIGHT_CAP as f64)
        .collect();
    let value = values(&grid, &items, &start.current, &aims, &weight);
    let chosen = candidates(&items, &value, &decisions);
    for (p, proposal) in proposals.iter().enumerate() {
        if decisions.blocked[p] && !config.exclude.contains(&proposal.id) && value[p] > 0.0 {
            notes.push(format!(
                "`{}` is not planned: it requires a proposal the assessor excluded.",
                proposal.id
            ));
        }
    }
    let ids: Vec<&str> = proposals.iter().map(|p| p.id.as_str()).collect();
    let order = prioritized_order(&items, &chosen, &value, &signalled, &ids);
    let kept = select(&grid, &items, &order, &start.current, &aims, &decisions.forced);
    let mut reachable = start.current.clone();
    for &p in &kept {
        for &(c, to) in &items[p].raises {
            reachable[c] = reachable[c].max(f64::from(to));
        }
    }
    let (kept, deferred) = limit(&items, &kept, config.max_proposals, &decisions.forced);
    let deferred: Vec<String> = deferred.iter().map(|&p| proposals[p].id.clone()).collect();
    if let (false, Some(max)) = (deferred.is_empty(), config.max_proposals) {
        notes.push(format!(
            "The plan holds the {max} most pressing proposals ([roadmap] proposals = {max}); next in line: {}.",
            deferred.join(", ")
        ));
    }

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

    let context = Context {
        grid: &grid,
        proposals,
        items: &items,
        config,
        signals: &signalled_criteria,
        forced: &decisions.forced,
    };
    let (phases, levels) = phases(&context, &planned, &packing.bins, capacity, &start);
    // Gaps no proposal closes, not those left to the proposals deferred past the plan's size.
    let reached: Vec<f64> = if deferred.is_empty() {
        levels
            .iter()
            .zip(&start.current)
            .map(|(l, c)| l.max(*c))
            .collect()
    } else {
        reachable
    };
    let unplanned_gaps = open_gaps(&grid, &aims, &reached, &mut notes);

    Roadmap {
        capacity,
        effort_points: config.effort,
        effort_unit: if config.people.is_some() {
            "person-weeks"
        } else {
            "points"
        },
        people: config.people,
        max_step: config.max_step.max(1),
        target: config.target.clone(),
        phases_requested,
        overflow,
        moved_out,
        deferred,
        baseline,
        phases,
        unplanned_gaps,
        notes,
    }
}

/// The catalog positions of `ids`, noting those the catalog does not have.
fn known_ids(catalog: &Catalog, ids: &[String], key: &str, notes: &mut Vec<String>) -> Vec<usize> {
    ids.iter()
        .filter_map(|id| {
            let found = catalog.position(id);
            if found.is_none() {
                notes.push(format!(
                    "`{id}` in [roadmap] {key} is ignored: the catalog has no such proposal."
                ));
            }
            found
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use maturity_model::ModelSet;

    use super::*;
    use crate::roadmap::Target;
    use crate::roadmap::grid::EPSILON;
    use crate::roadmap::test_support::{catalog_text, run, uncapped};

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
            uncapped(),
            PlanConfig {
                phases: 5,
                ..uncapped()
            },
            PlanConfig {
                capacity: Some(10),
                ..uncapped()
            },
            PlanConfig {
                target: Target::level(3),
                ..uncapped()
            },
            PlanConfig {
                target: Target::scores(BTreeMap::from([
                    ("devops".to_string(), 70.0),
                    ("testing".to_string(), 50.0),
                ])),
                ..uncapped()
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
