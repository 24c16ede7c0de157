//! Scores from levels by the scoring rule of reports, for the baseline, the phases and the
//! score targets.

use std::collections::BTreeMap;

use super::grid::Grid;
use crate::mean::mean;
use crate::scoring::level_score;

impl Grid<'_> {
    /// The scoring rule of `scoring`: areas are means of their criteria, models of their areas.
    pub(super) fn score(&self, model: usize, levels: &[f64]) -> Option<f64> {
        mean(
            self.areas[model]
                .iter()
                .filter_map(|area| mean(area.iter().map(|&c| level_score(levels[c])))),
        )
    }

    /// Scores as a report shows them: a criterion without a level (never rated, not yet raised)
    /// is left out, as `scoring` leaves it out, so the baseline equals the assessment's scores.
    pub(super) fn reported_scores(&self, levels: &[f64], rated: &[bool]) -> BTreeMap<String, f64> {
        self.models
            .iter()
            .enumerate()
            .filter_map(|(m, model)| {
                let areas = self.areas[m].iter().filter_map(|area| {
                    mean(
                        area.iter()
                            .filter(|&&c| rated[c])
                            .map(|&c| level_score(levels[c])),
                    )
                });
                Some((model.id.clone(), mean(areas)?))
            })
            .collect()
    }

    /// The levels of the criteria that have one, by id.
    pub(super) fn reported_levels(&self, levels: &[f64], rated: &[bool]) -> BTreeMap<String, f64> {
        self.ids
            .iter()
            .zip(levels.iter().zip(rated))
            .filter(|(_, (_, rated))| **rated)
            .map(|(id, (level, _))| (id.to_string(), *level))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use maturity_model::ModelSet;

    use crate::roadmap::PlanConfig;
    use crate::roadmap::grid::EPSILON;
    use crate::roadmap::test_support::{catalog, levels, run, testing_model, uncapped};
    use crate::scoring::level_score;

    #[test]
    fn unrated_criteria_are_planned_from_level_1_and_say_so() {
        let c = catalog(&[
            ("unit", "S", &[], &[("testing.unit", 3)]),
            (
                "unit-more",
                "M",
                &["unit"],
                &[("testing.unit", 4), ("testing.system", 3)],
            ),
        ]);
        let current = levels(&[
            ("testing.integration", 4.0),
            ("testing.performance", 4.0),
            ("testing.security", 7.0 / 3.0),
            ("testing.system", 2.0),
        ]);
        let roadmap = run(
            &testing_model(),
            &current,
            &c,
            &PlanConfig {
                capacity: Some(100),
                ..uncapped()
            },
        );
        let raises: Vec<Vec<(&str, Option<f64>, u8)>> = roadmap
            .phases
            .iter()
            .flat_map(|p| &p.proposals)
            .map(|p| {
                p.raises
                    .iter()
                    .map(|r| (r.criterion.as_str(), r.from, r.to))
                    .collect()
            })
            .collect();
        assert_eq!(
            raises,
            [
                vec![("testing.unit", None, 3)],
                vec![("testing.unit", Some(3.0), 4), ("testing.system", Some(2.0), 3)]
            ]
        );
        assert_eq!(
            roadmap.phases[0].proposals[0].why,
            "Raises testing.unit from unknown to 3; needed by unit-more."
        );
        assert_eq!(
            roadmap.phases[1].proposals[0].why,
            "Raises testing.unit from 3 to 4 and testing.system from 2 to 3."
        );
        assert!(
            roadmap.notes[0].starts_with("1 criterion has no level"),
            "{:?}",
            roadmap.notes
        );
        assert_eq!(roadmap.unplanned_gaps, ["testing.system", "testing.security"]);
        // The baseline leaves the unrated criterion out, as the assessment's score does; once
        // raised, it counts at its new level.
        let baseline = (100.0 + 100.0 + level_score(7.0 / 3.0) + level_score(2.0)) / 4.0;
        assert!((roadmap.baseline["testing"] - baseline).abs() < EPSILON);
        let after_1 = (level_score(3.0) + 100.0 + 100.0 + level_score(7.0 / 3.0) + level_score(2.0)) / 5.0;
        assert!((roadmap.phases[0].projected["testing"] - after_1).abs() < EPSILON);
        assert!(roadmap.phases[0].projected["testing"] < roadmap.baseline["testing"]);
    }

    #[test]
    fn projected_scores_use_the_scoring_rule() {
        let set = ModelSet::builtin();
        let automation = vec![set.get("automation").expect("automation").clone()];
        let c = catalog(&[("access", "S", &[], &[("automation.access-rights", 4)])]);
        let at_1: BTreeMap<String, f64> = automation[0].criteria().map(|c| (c.id.clone(), 1.0)).collect();
        let roadmap = run(&automation, &at_1, &c, &uncapped());
        // One criterion of four in one area of five: 100 / 4 / 5.
        assert!((roadmap.phases[0].projected["automation"] - 5.0).abs() < EPSILON);
        assert!((roadmap.baseline["automation"]).abs() < EPSILON);
        assert_eq!(
            roadmap.phases[0].projected_levels["automation.access-rights"],
            4.0
        );
        assert_eq!(roadmap.phases[0].projected_levels.len(), 20);
    }
}
