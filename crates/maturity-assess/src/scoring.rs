//! Scoring: stated levels from answers, observed levels from evidence, and the 0–100 scores
//! of criteria, areas and models.
//!
//! A criterion's stated level is the mean of the levels its respondents chose; its observed
//! level is the mean of the levels its evidence sources support. Its score uses the stated
//! level where anyone answered, else the observed one, and is (level − 1) / 3 × 100. An area's
//! score is the mean of its criteria that have a score, a model's the mean of its areas that
//! have one. Nothing is ever counted as 0 for lack of data: a criterion nobody answered has no
//! level and no score.

use std::collections::{BTreeMap, HashMap};

use maturity_model::evidence::ObservedLevel;
use maturity_model::{Benchmark, LEVELS, Model, Response};
use serde::Serialize;

use crate::mean::mean;

/// A spread of answers this wide (max − min) marks a criterion as disputed.
pub const DISPUTE_SPREAD: u8 = 2;

/// Stated and observed levels this far apart contradict each other.
pub const CONTRADICTION_GAP: f64 = 2.0;

/// An answer at or above this level claims a practice; evidence at level 1 shows no trace of it.
pub const CLAIM_LEVEL: u8 = 3;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scorecard {
    pub models: Vec<ModelScore>,
    /// Criteria nobody gave a level for, in model order.
    pub unanswered: Vec<String>,
    /// Criteria whose answers spread by `DISPUTE_SPREAD` levels or more.
    pub disputed: Vec<String>,
    /// Criteria whose stated and observed levels contradict each other.
    pub contradictions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelScore {
    pub id: String,
    pub score: Option<f64>,
    pub benchmark: Option<Reference>,
    pub areas: Vec<AreaScore>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaScore {
    pub id: String,
    pub score: Option<f64>,
    pub benchmark: Option<Reference>,
    pub criteria: Vec<CriterionScore>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionScore {
    pub id: String,
    /// The level the score is computed from (1.0..=4.0), fractional when it is a mean.
    pub level: Option<f64>,
    pub score: Option<f64>,
    pub source: Source,
    pub stated: Option<Stated>,
    pub observed: Option<Observed>,
    /// Why stated and observed levels contradict each other, when they do.
    pub contradiction: Option<String>,
}

/// Where a criterion's level came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Stated,
    Observed,
    None,
}

/// What evidence says of a criterion: the mean of its sources' levels, and the sources.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observed {
    pub level: f64,
    pub sources: Vec<ObservedLevel>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stated {
    pub mean: f64,
    pub min: u8,
    pub max: u8,
    pub n: usize,
    pub disputed: bool,
}

/// A benchmark's reference score and how far the assessment is from it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reference {
    pub benchmark: String,
    pub score: f64,
    /// Assessment score − reference score; `None` when the assessment has no score.
    pub delta: Option<f64>,
}

/// The scores of the respondents who share one group: a role, a site.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupScore {
    pub group: String,
    pub respondents: usize,
    pub models: Vec<ModelScore>,
}

/// The 0–100 score of a level on the 1..4 scale.
pub fn level_score(level: f64) -> f64 {
    (level - 1.0) / f64::from(LEVELS - 1) * 100.0
}

fn stated(levels: &[u8]) -> Option<Stated> {
    let min = *levels.iter().min()?;
    let max = *levels.iter().max()?;
    let mean = mean(levels.iter().map(|&l| f64::from(l)))?;
    Some(Stated {
        mean,
        min,
        max,
        n: levels.len(),
        disputed: max - min >= DISPUTE_SPREAD,
    })
}

/// Scores `models` from `responses` alone, comparing with `benchmark` where it has references.
pub fn score(models: &[Model], responses: &[Response], benchmark: Option<&Benchmark>) -> Scorecard {
    score_with_evidence(models, responses, &[], benchmark)
}

/// Scores `models` from `responses` and `observed` levels: stated levels win where anyone
/// answered, observed levels fill the rest, and each criterion says which it used.
pub fn score_with_evidence(
    models: &[Model],
    responses: &[Response],
    observed: &[ObservedLevel],
    benchmark: Option<&Benchmark>,
) -> Scorecard {
    let mut levels: HashMap<&str, Vec<(u8, &str)>> = HashMap::new();
    for response in responses {
        for answer in &response.answers {
            if let Some(level) = answer.level {
                levels
                    .entry(answer.criterion.as_str())
                    .or_default()
                    .push((level, response.respondent.as_str()));
            }
        }
    }
    let mut evidence: HashMap<&str, Vec<ObservedLevel>> = HashMap::new();
    for level in observed {
        evidence
            .entry(level.criterion.as_str())
            .or_default()
            .push(level.clone());
    }
    let reference = |score: Option<f64>, reference: Option<f64>| {
        let benchmark = benchmark?;
        let reference = reference?;
        Some(Reference {
            benchmark: benchmark.id.clone(),
            score: reference,
            delta: score.map(|s| s - reference),
        })
    };
    let mut unanswered = Vec::new();
    let mut disputed = Vec::new();
    let mut contradictions = Vec::new();
    let models = models
        .iter()
        .map(|model| {
            let areas: Vec<AreaScore> = model
                .areas
                .iter()
                .map(|area| {
                    let criteria: Vec<CriterionScore> = area
                        .criteria
                        .iter()
                        .map(|criterion| {
                            let answers = levels.get(criterion.id.as_str()).map_or(&[][..], Vec::as_slice);
                            let scored = score_criterion(
                                &criterion.id,
                                answers,
                                evidence.remove(criterion.id.as_str()),
                            );
                            let lists = [
                                (scored.stated.is_none(), &mut unanswered),
                                (scored.stated.as_ref().is_some_and(|s| s.disputed), &mut disputed),
                                (scored.contradiction.is_some(), &mut contradictions),
                            ];
                            for (listed, list) in lists {
                                if listed {
                                    list.push(criterion.id.clone());
                                }
                            }
                            scored
                        })
                        .collect();
                    let score = mean(criteria.iter().filter_map(|c| c.score));
                    AreaScore {
                        id: area.id.clone(),
                        score,
                        benchmark: reference(
                            score,
                            benchmark.and_then(|b| b.area_score(&model.id, &area.id)),
                        ),
                        criteria,
                    }
                })
                .collect();
            let score = mean(areas.iter().filter_map(|a| a.score));
            ModelScore {
                id: model.id.clone(),
                score,
                benchmark: reference(score, benchmark.and_then(|b| b.model_score(&model.id))),
                areas,
            }
        })
        .collect();
    Scorecard {
        models,
        unanswered,
        disputed,
        contradictions,
    }
}

/// One criterion's levels and score from its answers `(level, respondent)` and evidence.
fn score_criterion(id: &str, answers: &[(u8, &str)], evidence: Option<Vec<ObservedLevel>>) -> CriterionScore {
    let stated = stated(&answers.iter().map(|(level, _)| *level).collect::<Vec<_>>());
    let observed = evidence.and_then(|sources| {
        let level = mean(sources.iter().map(|s| f64::from(s.level)))?;
        Some(Observed { level, sources })
    });
    let contradiction = contradiction(stated.as_ref(), observed.as_ref(), answers);
    let (level, source) = match (&stated, &observed) {
        (Some(s), _) => (Some(s.mean), Source::Stated),
        (None, Some(o)) => (Some(o.level), Source::Observed),
        (None, None) => (None, Source::None),
    };
    CriterionScore {
        id: id.to_string(),
        level,
        score: level.map(level_score),
        source,
        stated,
        observed,
        contradiction,
    }
}

/// Why stated and observed levels contradict each other: they lie `CONTRADICTION_GAP` or more
/// apart, or someone claims a practice (level `CLAIM_LEVEL`+) where the evidence found no trace
/// of it (level 1).
fn contradiction(
    stated: Option<&Stated>,
    observed: Option<&Observed>,
    answers: &[(u8, &str)],
) -> Option<String> {
    let (stated, observed) = (stated?, observed?);
    if (stated.mean - observed.level).abs() >= CONTRADICTION_GAP {
        return Some(format!(
            "respondents say level {:.1} on average, the evidence supports level {:.1}",
            stated.mean, observed.level
        ));
    }
    let no_trace = observed.sources.iter().any(|s| s.level == 1);
    let claimants: Vec<String> = answers
        .iter()
        .filter(|(level, _)| *level >= CLAIM_LEVEL)
        .map(|(level, who)| format!("{who} ({level})"))
        .collect();
    (no_trace && !claimants.is_empty()).then(|| {
        format!(
            "{} claim{} a practice the evidence shows no trace of (observed level 1)",
            claimants.join(", "),
            if claimants.len() == 1 { "s" } else { "" }
        )
    })
}

/// The same scoring, once per group of respondents (groups in name order); `group` names the
/// group a response belongs to, e.g. its role.
pub fn score_by(
    models: &[Model],
    responses: &[Response],
    group: impl Fn(&Response) -> String,
) -> Vec<GroupScore> {
    let mut groups: BTreeMap<String, Vec<Response>> = BTreeMap::new();
    for response in responses {
        groups.entry(group(response)).or_default().push(response.clone());
    }
    groups
        .into_iter()
        .map(|(name, members)| GroupScore {
            group: name,
            respondents: members.len(),
            models: score(models, &members, None).models,
        })
        .collect()
}

impl Scorecard {
    pub fn model(&self, id: &str) -> Option<&ModelScore> {
        self.models.iter().find(|m| m.id == id)
    }

    pub fn criterion(&self, id: &str) -> Option<&CriterionScore> {
        self.models
            .iter()
            .flat_map(|m| &m.areas)
            .flat_map(|a| &a.criteria)
            .find(|c| c.id == id)
    }
}

impl ModelScore {
    /// The `n` lowest-scored criteria of the model, lowest first; ties keep model order.
    pub fn lowest_criteria(&self, n: usize) -> Vec<&CriterionScore> {
        let mut scored: Vec<&CriterionScore> = self
            .areas
            .iter()
            .flat_map(|a| &a.criteria)
            .filter(|c| c.score.is_some())
            .collect();
        scored.sort_by(|a, b| {
            a.score
                .unwrap_or_default()
                .total_cmp(&b.score.unwrap_or_default())
        });
        scored.truncate(n);
        scored
    }
}

#[cfg(test)]
mod tests {
    use maturity_model::{Answer, ModelSet};

    use super::*;

    fn response(name: &str, role: &str, answers: &[(&str, u8)]) -> Response {
        Response {
            file: format!("{name}.toml"),
            respondent: name.to_string(),
            role: role.to_string(),
            site: None,
            dora: Default::default(),
            answers: answers
                .iter()
                .map(|(criterion, level)| Answer {
                    criterion: (*criterion).to_string(),
                    level: Some(*level),
                    comment: None,
                })
                .collect(),
        }
    }

    fn close(a: Option<f64>, b: Option<f64>) -> bool {
        match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-9,
            (None, None) => true,
            _ => false,
        }
    }

    #[test]
    fn level_scores() {
        for (level, expected) in [(1.0, 0.0), (2.0, 100.0 / 3.0), (2.5, 50.0), (4.0, 100.0)] {
            assert!((level_score(level) - expected).abs() < 1e-9, "{level}");
        }
    }

    #[test]
    fn stated_levels_table() {
        let cases: &[(&[u8], f64, u8, u8, bool)] = &[
            (&[2], 2.0, 2, 2, false),
            (&[1, 2], 1.5, 1, 2, false),
            (&[1, 3], 2.0, 1, 3, true),
            (&[4, 1, 2], 7.0 / 3.0, 1, 4, true),
            (&[3, 3, 4, 4], 3.5, 3, 4, false),
        ];
        for (levels, mean, min, max, disputed) in cases {
            let s = stated(levels).expect("non-empty");
            assert!((s.mean - mean).abs() < 1e-9, "{levels:?}");
            assert_eq!(
                (s.min, s.max, s.n, s.disputed),
                (*min, *max, levels.len(), *disputed),
                "{levels:?}"
            );
        }
        assert!(stated(&[]).is_none());
    }

    #[test]
    fn area_and_model_scores_skip_what_has_no_score() {
        let set = ModelSet::builtin();
        let automation = set.get("automation").expect("builtin").clone();
        let responses = [
            response(
                "a",
                "dev",
                &[
                    ("automation.access-rights", 1),
                    ("automation.server-management", 3),
                    ("automation.version-control", 4),
                ],
            ),
            response("b", "ops", &[("automation.access-rights", 3)]),
        ];
        let card = score(&[automation], &responses, None);
        let model = card.model("automation").expect("scored");
        let env = &model.areas[0];
        // access-rights mean 2 → 33.3; server-management 3 → 66.7; two unanswered are skipped.
        assert!(close(env.score, Some(50.0)), "{:?}", env.score);
        assert!(close(model.areas[4].score, Some(100.0)));
        assert!(model.areas[1].score.is_none());
        // Only two of five areas have a score.
        assert!(close(model.score, Some(75.0)), "{:?}", model.score);
        assert_eq!(card.disputed, ["automation.access-rights"]);
        assert_eq!(card.unanswered.len(), 17);
        let unanswered = card.criterion("automation.ci-levels").expect("listed");
        assert_eq!(
            (unanswered.level, unanswered.score, unanswered.source),
            (None, None, Source::None)
        );
        assert!(unanswered.stated.is_none());
    }

    #[test]
    fn dont_know_answers_do_not_count() {
        let set = ModelSet::builtin();
        let testing = set.get("testing").expect("builtin").clone();
        let mut r = response("a", "dev", &[("testing.unit", 3)]);
        r.answers.push(Answer {
            criterion: "testing.system".into(),
            level: None,
            comment: Some("?".into()),
        });
        let card = score(&[testing], &[r], None);
        assert!(card.criterion("testing.system").expect("listed").stated.is_none());
        assert!(close(card.models[0].score, Some(200.0 / 3.0)));
    }

    #[test]
    fn no_answers_means_no_scores_anywhere() {
        let set = ModelSet::builtin();
        let card = score(set.models(), &[], None);
        assert!(
            card.models
                .iter()
                .all(|m| m.score.is_none() && m.areas.iter().all(|a| a.score.is_none()))
        );
        assert_eq!(card.unanswered.len(), 32);
    }

    #[test]
    fn benchmark_deltas() {
        let set = ModelSet::builtin();
        let benchmark = maturity_model::benchmark::builtin_benchmarks(&set).remove(0);
        let devops = set.get("devops").expect("builtin").clone();
        let card = score(
            std::slice::from_ref(&devops),
            &[response("a", "dev", &[("devops.leadership", 3)])],
            Some(&benchmark),
        );
        let reference = card.models[0].benchmark.as_ref().expect("devops has a reference");
        assert_eq!(
            (reference.benchmark.as_str(), reference.score),
            ("heavy-industry", 32.0)
        );
        assert!(close(reference.delta, Some(200.0 / 3.0 - 32.0)));
        assert!(card.models[0].areas[0].benchmark.is_none());
        let empty = score(&[devops], &[], Some(&benchmark));
        assert_eq!(empty.models[0].benchmark.as_ref().map(|r| r.delta), Some(None));
    }

    #[test]
    fn roles_are_scored_separately() {
        let set = ModelSet::builtin();
        let testing = set.get("testing").expect("builtin").clone();
        let responses = [
            response("a", "dev", &[("testing.unit", 4)]),
            response("b", "tester", &[("testing.unit", 1)]),
            response("c", "dev", &[("testing.unit", 2)]),
        ];
        let roles = score_by(&[testing], &responses, |r| r.role.clone());
        let got: Vec<_> = roles
            .iter()
            .map(|r| (r.group.as_str(), r.respondents, r.models[0].score))
            .collect();
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].0, got[0].1), ("dev", 2));
        assert!(close(got[0].2, Some(level_score(3.0))));
        assert_eq!((got[1].0, got[1].1), ("tester", 1));
        assert!(close(got[1].2, Some(0.0)));
    }

    #[test]
    fn lowest_criteria_in_order() {
        let set = ModelSet::builtin();
        let testing = set.get("testing").expect("builtin").clone();
        let card = score(
            &[testing],
            &[response(
                "a",
                "dev",
                &[
                    ("testing.unit", 3),
                    ("testing.system", 1),
                    ("testing.security", 2),
                    ("testing.performance", 1),
                ],
            )],
            None,
        );
        let ids: Vec<_> = card.models[0]
            .lowest_criteria(3)
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(ids, ["testing.system", "testing.performance", "testing.security"]);
    }
}
