//! Properties of scoring that must hold for any answers, checked on random respondents over the
//! built-in models: every score is within 0–100, raising one answer never lowers a score, and
//! the order of the respondents does not matter.

use maturity_assess::{Scorecard, score};
use maturity_model::{Answer, Model, ModelSet, Response};
use proptest::prelude::*;

/// The criteria of the three built-in models (7 + 20 + 5), fixed by the design.
const CRITERIA: usize = 32;

fn models() -> Vec<Model> {
    let set = ModelSet::builtin();
    ["devops", "automation", "testing"]
        .iter()
        .map(|id| set.get(id).expect("built-in model").clone())
        .collect()
}

/// Respondents as levels per criterion (0 = no answer), over the criteria of `models`.
fn respondents(criteria: usize) -> impl Strategy<Value = Vec<Vec<u8>>> {
    prop::collection::vec(prop::collection::vec(0_u8..=4, criteria), 1..8)
}

fn responses(models: &[Model], levels: &[Vec<u8>]) -> Vec<Response> {
    let ids: Vec<&str> = models
        .iter()
        .flat_map(Model::criteria)
        .map(|c| c.id.as_str())
        .collect();
    levels
        .iter()
        .enumerate()
        .map(|(i, row)| Response {
            file: format!("responses/r{i}.toml"),
            respondent: format!("r{i}"),
            role: "developer".into(),
            site: None,
            dora: Default::default(),
            answers: ids
                .iter()
                .zip(row)
                .filter(|(_, level)| **level > 0)
                .map(|(id, level)| Answer {
                    criterion: (*id).to_string(),
                    level: Some(*level),
                    comment: None,
                })
                .collect(),
        })
        .collect()
}

/// Every score of the card: models, areas and criteria, with where each came from.
fn all_scores(card: &Scorecard) -> Vec<(String, Option<f64>)> {
    let mut out = Vec::new();
    for m in &card.models {
        out.push((m.id.clone(), m.score));
        for a in &m.areas {
            out.push((a.id.clone(), a.score));
            for c in &a.criteria {
                out.push((c.id.clone(), c.score));
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn scores_are_within_the_scale(levels in respondents(CRITERIA)) {
        let models = models();
        prop_assert_eq!(models.iter().flat_map(Model::criteria).count(), CRITERIA);
        let card = score(&models, &responses(&models, &levels), None);
        for (id, s) in all_scores(&card) {
            if let Some(s) = s {
                prop_assert!((0.0..=100.0).contains(&s), "{id}: {s}");
            }
        }
    }

    #[test]
    fn raising_an_answer_never_lowers_a_score(levels in respondents(CRITERIA), who in 0_usize..8, which in 0_usize..CRITERIA) {
        let models = models();
        let who = who % levels.len();
        let mut raised = levels.clone();
        let cell = &mut raised[who][which];
        prop_assume!(*cell > 0 && *cell < 4);
        *cell += 1;
        let before = all_scores(&score(&models, &responses(&models, &levels), None));
        let after = all_scores(&score(&models, &responses(&models, &raised), None));
        for ((id, b), (_, a)) in before.iter().zip(&after) {
            if let (Some(b), Some(a)) = (b, a) {
                prop_assert!(a >= &(b - 1e-9), "{id}: {b} → {a}");
            }
            prop_assert_eq!(b.is_some(), a.is_some(), "{} changed whether it has a score", id);
        }
    }

    #[test]
    fn the_order_of_respondents_does_not_matter(levels in respondents(CRITERIA), seed in any::<u64>()) {
        let models = models();
        let mut shuffled = levels.clone();
        // A deterministic shuffle from the seed: rotate, then reverse when the seed is odd.
        let by = (seed as usize) % shuffled.len();
        shuffled.rotate_left(by);
        if seed % 2 == 1 {
            shuffled.reverse();
        }
        let a = all_scores(&score(&models, &responses(&models, &levels), None));
        let b = all_scores(&score(&models, &responses(&models, &shuffled), None));
        for ((id, x), (_, y)) in a.iter().zip(&b) {
            match (x, y) {
                (Some(x), Some(y)) => prop_assert!((x - y).abs() < 1e-9, "{id}: {x} vs {y}"),
                _ => prop_assert_eq!(x, y, "{}", id),
            }
        }
    }
}
