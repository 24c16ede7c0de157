//! Where each criterion starts and where it is meant to go, and what is left open at the end:
//! the gaps the plan is made to close.

use std::collections::BTreeMap;

use maturity_model::LEVELS;

use super::config::Target;
use super::grid::{EPSILON, Grid};

/// The levels the plan starts from, by criterion index.
pub(super) struct Start {
    /// The level of the input, clamped to 1..=4; `None` when it has none.
    pub(super) known: Vec<Option<f64>>,
    /// The level projections start from: the known one, else 1.
    pub(super) scored: Vec<f64>,
    /// The level proposals are chosen from: the higher of the stated and the observed level
    /// (a gap that evidence shows closed needs no proposal), raised by proposals already done.
    pub(super) current: Vec<f64>,
}

impl Start {
    /// Reads `levels` for the grid's criteria, noting those without one: they are planned from
    /// level 1 but left out of projected scores, which users should know.
    pub(super) fn new(
        grid: &Grid,
        levels: &BTreeMap<String, f64>,
        met: &BTreeMap<String, f64>,
        notes: &mut Vec<String>,
    ) -> Self {
        let known: Vec<Option<f64>> = grid
            .ids
            .iter()
            .map(|id| {
                levels
                    .get(*id)
                    .filter(|l| l.is_finite())
                    .map(|l| l.clamp(1.0, f64::from(LEVELS)))
            })
            .collect();
        let scored: Vec<f64> = known.iter().map(|l| l.unwrap_or(1.0)).collect();
        let current: Vec<f64> = grid
            .ids
            .iter()
            .zip(&scored)
            .map(|(id, &level)| {
                met.get(*id)
                    .filter(|l| l.is_finite())
                    .map_or(level, |m| level.max(m.clamp(1.0, f64::from(LEVELS))))
            })
            .collect();
        let unrated = known.iter().filter(|l| l.is_none()).count();
        if unrated > 0 {
            let (criteria, have, them) = if unrated == 1 {
                ("criterion", "has", "it")
            } else {
                ("criteria", "have", "them")
            };
            notes.push(format!(
                "{unrated} {criteria} {have} no level; the plan counts {them} as level 1 when choosing \
                 proposals, but projected scores leave {them} out until a proposal raises {them}, as the \
                 assessment's scores do. Raising such a criterion to a level below its area's mean can \
                 lower a projected score."
            ));
        }
        Self {
            known,
            scored,
            current,
        }
    }

    /// Which criteria count in a reported score before any proposal.
    pub(super) fn rated(&self) -> Vec<bool> {
        self.known.iter().map(Option::is_some).collect()
    }
}

/// Where each criterion and model is meant to go, by index.
pub(super) struct Aims {
    /// The level each criterion aims for; its current level when it aims for nothing.
    pub(super) level: Vec<f64>,
    /// Whether a criterion's aim holds whatever its model's score; if not, it only counts
    /// while the model is below its target score.
    pub(super) must: Vec<bool>,
    /// The target score of each model, if it has one.
    pub(super) score: Vec<Option<f64>>,
}

impl Aims {
    /// Whether `model` has a score target that `levels` do not reach yet.
    pub(super) fn below_score(&self, grid: &Grid, model: usize, levels: &[f64]) -> bool {
        self.score[model].is_some_and(|t| grid.score(model, levels).is_some_and(|s| s < t - EPSILON))
    }
}

/// Resolves `target` for the assessment's criteria and models, noting targets it cannot use.
pub(super) fn aims(grid: &Grid, current: &[f64], target: &Target, notes: &mut Vec<String>) -> Aims {
    let top = f64::from(LEVELS);
    for id in target
        .levels
        .keys()
        .filter(|id| !grid.index.contains_key(id.as_str()))
    {
        notes.push(format!(
            "The target for `{id}` is ignored: the assessment has no such criterion."
        ));
    }
    for id in target
        .scores
        .keys()
        .filter(|id| !grid.models.iter().any(|m| &m.id == *id))
    {
        notes.push(format!(
            "The target for `{id}` is ignored: the assessment does not use that model."
        ));
    }
    let score: Vec<Option<f64>> = grid
        .models
        .iter()
        .map(|m| target.scores.get(&m.id).map(|s| s.clamp(0.0, 100.0)))
        .collect();
    let mut level = Vec::with_capacity(grid.ids.len());
    let mut must = Vec::with_capacity(grid.ids.len());
    for (c, id) in grid.ids.iter().enumerate() {
        let (aim, holds) = match (
            target.levels.get(*id),
            score[grid.model_of[c]],
            target.default_level,
        ) {
            (Some(&listed), _, _) => (f64::from(listed).clamp(1.0, top), true),
            (None, Some(_), _) => (top, false),
            (None, None, Some(default)) => (f64::from(default).clamp(1.0, top), true),
            (None, None, None) => (current[c], true),
        };
        level.push(aim);
        must.push(holds);
    }
    Aims { level, must, score }
}

/// The criteria `levels` leave below their aims, in model order; a criterion that only serves
/// its model's score target counts when that target is missed. Each missed score target gets
/// a note.
pub(super) fn open_gaps(grid: &Grid, aims: &Aims, levels: &[f64], notes: &mut Vec<String>) -> Vec<String> {
    let unreached: Vec<bool> = (0..grid.models.len())
        .map(|m| aims.below_score(grid, m, levels))
        .collect();
    for (m, model) in grid.models.iter().enumerate() {
        if let (true, Some(t)) = (unreached[m], aims.score[m]) {
            let reached = grid.score(m, levels).unwrap_or(0.0);
            notes.push(format!(
                "The catalog cannot bring {} to a score of {t:.0}: the plan reaches {reached:.0}.",
                model.id
            ));
        }
    }
    (0..grid.ids.len())
        .filter(|&c| levels[c] < aims.level[c] - EPSILON && (aims.must[c] || unreached[grid.model_of[c]]))
        .map(|c| grid.ids[c].to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use crate::roadmap::test_support::{
        catalog, devops_and_testing, ids, levels, run, testing_at, testing_model,
    };
    use crate::roadmap::{PlanConfig, Target};

    /// (model scores, expected proposals)
    type ScoresCase<'a> = (&'a [(&'a str, f64)], &'a [&'a str]);
    /// (target, levels, expected proposals, expected unplanned gaps)
    type TargetCase<'a> = (Target, &'a [(&'a str, f64)], &'a [&'a str], &'a [&'a str]);

    #[test]
    fn criteria_at_or_above_target_get_nothing() {
        let c = catalog(&[
            ("unit-3", "S", &[], &[("testing.unit", 3)]),
            ("unit-4", "S", &[], &[("testing.unit", 4)]),
            ("system-3", "S", &[], &[("testing.system", 3)]),
            ("system-4", "M", &["system-3"], &[("testing.system", 4)]),
        ]);
        let cases: &[TargetCase] = &[
            // unit already at the target 3; system at 2 needs system-3 only.
            (
                Target::level(3),
                &[("testing.unit", 3.0), ("testing.system", 2.0)],
                &["system-3"],
                &[],
            ),
            // Above the target counts as reached too.
            (
                Target::level(3),
                &[("testing.unit", 3.5), ("testing.system", 3.0)],
                &[],
                &[],
            ),
            // Target 4: each chain is walked to the top; 2.5 → 4 by unit-4 alone.
            (
                Target::level(4),
                &[("testing.unit", 2.5), ("testing.system", 4.0)],
                &["unit-4"],
                &[],
            ),
            // A per-criterion target overrides the default.
            (
                Target {
                    default_level: Some(1),
                    levels: BTreeMap::from([("testing.system".to_string(), 4)]),
                    scores: BTreeMap::new(),
                },
                &[("testing.unit", 1.0), ("testing.system", 1.0)],
                &["system-3", "system-4"],
                &[],
            ),
            // Nothing in the catalog raises integration: it is a gap the plan cannot close.
            (
                Target::level(2),
                &[
                    ("testing.unit", 2.0),
                    ("testing.system", 2.0),
                    ("testing.integration", 1.0),
                ],
                &[],
                &["testing.integration"],
            ),
        ];
        for (target, current, expected, gaps) in cases {
            let mut all = testing_at(4.0);
            all.extend(levels(current));
            let config = PlanConfig {
                target: target.clone(),
                capacity: Some(100),
                ..PlanConfig::default()
            };
            let roadmap = run(&testing_model(), &all, &c, &config);
            let chosen: Vec<&str> = ids(&roadmap).concat();
            assert_eq!(chosen, *expected, "{target:?} {current:?}");
            assert_eq!(roadmap.unplanned_gaps, *gaps, "{target:?} {current:?}");
        }
    }

    #[test]
    fn listed_levels_and_model_scores_combine() {
        let models = devops_and_testing();
        let c = catalog(&[
            ("lead", "S", &[], &[("devops.leadership", 4)]),
            ("culture", "S", &[], &[("devops.organization-culture", 2)]),
            ("sys", "S", &[], &[("testing.system", 3)]),
            ("unit", "S", &[], &[("testing.unit", 2)]),
        ]);
        let levels = BTreeMap::from([
            ("devops.leadership".to_string(), 3),
            ("testing.system".to_string(), 3),
        ]);
        let cases: &[ScoresCase] = &[
            // Listed criteria are reached whatever the scores; `sys` alone lifts testing to 13.3,
            // so `unit` is not needed for 5; devops has no score and `culture` no listed level.
            (&[("testing", 5.0)], &["lead", "sys"]),
            (&[("testing", 20.0)], &["lead", "sys", "unit"]),
            // No score at all: every other criterion aims for 4.
            (&[], &["lead", "sys", "culture", "unit"]),
        ];
        for (scores, expected) in cases {
            let config = PlanConfig {
                target: Target::new(
                    scores.iter().map(|(m, s)| ((*m).to_string(), *s)).collect(),
                    levels.clone(),
                ),
                capacity: Some(100),
                ..PlanConfig::default()
            };
            let roadmap = run(&models, &BTreeMap::new(), &c, &config);
            assert_eq!(ids(&roadmap).concat(), *expected, "{scores:?}");
        }
    }

    #[test]
    fn a_score_target_ignores_models_without_one() {
        let models = devops_and_testing();
        let c = catalog(&[
            ("lead", "S", &[], &[("devops.leadership", 4)]),
            ("unit", "S", &[], &[("testing.unit", 2)]),
        ]);
        let config = PlanConfig {
            target: Target::scores(BTreeMap::from([
                ("testing".to_string(), 5.0),
                ("nope".to_string(), 5.0),
            ])),
            ..PlanConfig::default()
        };
        let roadmap = run(&models, &BTreeMap::new(), &c, &config);
        assert_eq!(ids(&roadmap), [["unit"]]);
        assert!(
            roadmap.notes.iter().any(|n| n.contains("`nope` is ignored")),
            "{:?}",
            roadmap.notes
        );
    }
}
