//! The report as data: everything a renderer shows, joined from the assessment (names, texts,
//! comments, observations) and the scorecard (levels, scores). Its JSON form is the contract
//! documented in docs/report-json.md; renderers only format it.

use std::collections::BTreeMap;

use maturity_assess::metrics::Metrics;
use maturity_assess::{CriterionScore, Observed, Reference, Roadmap, RoleScore, Scorecard, Source, Stated};
use maturity_model::Assessment;
use serde::Serialize;

/// Bumped when a key is renamed or removed; new keys do not bump it.
pub const SCHEMA: &str = "maturity-report/1";

/// How many of a model's lowest criteria the key observations name.
const LOWEST: usize = 3;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema: &'static str,
    pub subject: String,
    pub date: Option<String>,
    pub assessor: Option<String>,
    pub respondents: Respondents,
    pub benchmark: Option<BenchmarkInfo>,
    pub models: Vec<ModelView>,
    pub unanswered: Vec<String>,
    pub disputed: Vec<String>,
    /// Criteria whose stated and observed levels contradict each other.
    pub contradictions: Vec<String>,
    /// Every evidence source that gave an observed level, e.g. `scan of ../api`.
    pub evidence_sources: Vec<String>,
    pub by_role: Vec<RoleView>,
    /// The improvement roadmap planned for the gaps, when one was planned.
    pub roadmap: Option<Roadmap>,
    /// Delivery metrics of the assessment's repositories, one entry per source.
    pub delivery: Vec<Delivery>,
    /// Work-item flow, one entry per source (docs/flow.md); left out of the JSON when there is
    /// none, so reports without work items read as before.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flow: Vec<FlowSection>,
    /// Test results, one entry per source, without the per-test list (docs/tests.md).
    pub tests: Vec<TestResults>,
    /// Coverage, one entry per source (docs/tests.md).
    pub coverage: Vec<CoverageResults>,
}

/// One source's test results: `saved tests evidence/ci.json`, or a pushed report.
#[derive(Debug, Clone, Serialize)]
pub struct TestResults {
    pub source: String,
    pub results: maturity_tests::TestsSummary,
}

#[derive(Debug, Clone, Serialize)]
pub struct CoverageResults {
    pub source: String,
    pub coverage: maturity_tests::CoverageReport,
}

/// One source's delivery metrics; they serialise as `maturity metrics --format json` writes
/// them (docs/metrics.md), so saved results and fresh ones render alike.
#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    /// E.g. `git history of ../api` or `saved metrics evidence/m.json`.
    pub source: String,
    pub metrics: Metrics,
}

/// One source's work-item flow; it serialises as `maturity flow --format json` writes it.
#[derive(Debug, Clone, Serialize)]
pub struct FlowSection {
    /// E.g. `work items exports/jira.csv`.
    pub source: String,
    pub flow: maturity_flow::Flow,
}

#[derive(Debug, Clone, Serialize)]
pub struct Respondents {
    pub count: usize,
    /// Role → number of respondents, by role name.
    pub roles: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BenchmarkInfo {
    pub id: String,
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ModelView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub score: Option<f64>,
    pub benchmark: Option<Reference>,
    /// The lowest-scored criteria, lowest first.
    pub lowest: Vec<String>,
    pub areas: Vec<AreaView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaView {
    pub id: String,
    pub name: String,
    pub score: Option<f64>,
    pub benchmark: Option<Reference>,
    /// The assessor's observations about this area.
    pub observations: Vec<String>,
    pub criteria: Vec<CriterionView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CriterionView {
    pub id: String,
    pub name: String,
    pub question: String,
    pub level: Option<f64>,
    pub score: Option<f64>,
    pub source: Source,
    pub stated: Option<Stated>,
    pub observed: Option<Observed>,
    pub contradiction: Option<String>,
    /// The matrix cell marked: the level rounded to the nearest whole level (halves round up).
    pub marked_level: Option<u8>,
    /// The matrix cell the evidence supports, rounded the same way.
    pub observed_marked_level: Option<u8>,
    /// Descriptions of levels 1..4.
    pub levels: Vec<String>,
    pub comments: Vec<Comment>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Comment {
    pub respondent: String,
    pub role: String,
    pub level: Option<u8>,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleView {
    pub role: String,
    pub respondents: usize,
    /// Model id → score for this role's respondents alone.
    pub scores: BTreeMap<String, Option<f64>>,
}

/// Joins an assessment with its scores into the report.
pub fn build(assessment: &Assessment, scorecard: &Scorecard, by_role: &[RoleScore]) -> Report {
    let mut roles = BTreeMap::new();
    for response in &assessment.responses {
        *roles.entry(response.role.clone()).or_insert(0) += 1;
    }
    let models = assessment
        .models
        .iter()
        .filter_map(|model| {
            let scored = scorecard.model(&model.id)?;
            let areas = model
                .areas
                .iter()
                .zip(&scored.areas)
                .map(|(area, area_score)| AreaView {
                    id: area.id.clone(),
                    name: area.name.clone(),
                    score: area_score.score,
                    benchmark: area_score.benchmark.clone(),
                    observations: assessment
                        .config
                        .observations
                        .iter()
                        .filter(|o| o.area == area.id)
                        .map(|o| o.text.clone())
                        .collect(),
                    criteria: area
                        .criteria
                        .iter()
                        .zip(&area_score.criteria)
                        .map(|(criterion, score)| criterion_view(assessment, criterion, score))
                        .collect(),
                })
                .collect();
            Some(ModelView {
                id: model.id.clone(),
                name: model.name.clone(),
                description: model.description.clone(),
                score: scored.score,
                benchmark: scored.benchmark.clone(),
                lowest: scored
                    .lowest_criteria(LOWEST)
                    .into_iter()
                    .map(|c| c.id.clone())
                    .collect(),
                areas,
            })
        })
        .collect();
    Report {
        schema: SCHEMA,
        subject: assessment.config.subject.clone(),
        date: assessment.config.date.clone(),
        assessor: assessment.config.assessor.clone(),
        respondents: Respondents {
            count: assessment.responses.len(),
            roles,
        },
        benchmark: assessment.benchmark.as_ref().map(|b| BenchmarkInfo {
            id: b.id.clone(),
            name: b.name.clone(),
            description: b.description.clone(),
        }),
        models,
        unanswered: scorecard.unanswered.clone(),
        disputed: scorecard.disputed.clone(),
        contradictions: scorecard.contradictions.clone(),
        evidence_sources: evidence_sources(scorecard),
        by_role: by_role
            .iter()
            .map(|role| RoleView {
                role: role.role.clone(),
                respondents: role.respondents,
                scores: role.models.iter().map(|m| (m.id.clone(), m.score)).collect(),
            })
            .collect(),
        roadmap: None,
        delivery: Vec::new(),
        flow: Vec::new(),
        tests: Vec::new(),
        coverage: Vec::new(),
    }
}

fn criterion_view(
    assessment: &Assessment,
    criterion: &maturity_model::Criterion,
    score: &CriterionScore,
) -> CriterionView {
    let comments = assessment
        .responses
        .iter()
        .filter_map(|response| {
            let answer = response.answer(&criterion.id)?;
            Some(Comment {
                respondent: response.respondent.clone(),
                role: response.role.clone(),
                level: answer.level,
                text: answer.comment.clone()?,
            })
        })
        .collect();
    CriterionView {
        id: criterion.id.clone(),
        name: criterion.name.clone(),
        question: criterion.question.clone(),
        level: score.level,
        score: score.score,
        source: score.source,
        stated: score.stated.clone(),
        observed: score.observed.clone(),
        contradiction: score.contradiction.clone(),
        marked_level: score.level.map(marked_level),
        observed_marked_level: score.observed.as_ref().map(|o| marked_level(o.level)),
        levels: criterion.levels.to_vec(),
        comments,
    }
}

/// The distinct evidence sources behind any observed level, in the order first met.
fn evidence_sources(scorecard: &Scorecard) -> Vec<String> {
    let mut sources: Vec<String> = Vec::new();
    let all = scorecard
        .models
        .iter()
        .flat_map(|m| &m.areas)
        .flat_map(|a| &a.criteria)
        .filter_map(|c| c.observed.as_ref())
        .flat_map(|o| &o.sources);
    for source in all {
        if !sources.contains(&source.source) {
            sources.push(source.source.clone());
        }
    }
    sources
}

/// The whole level a fractional level is shown at in a matrix.
pub fn marked_level(level: f64) -> u8 {
    // Levels are validated to lie in 1..=4, so the rounded value fits.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let rounded = level.round().clamp(1.0, f64::from(maturity_model::LEVELS)) as u8;
    rounded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_level_rounds_halves_up() {
        for (level, expected) in [(1.0, 1), (1.49, 1), (1.5, 2), (2.5, 3), (3.6, 4), (4.0, 4)] {
            assert_eq!(marked_level(level), expected, "{level}");
        }
    }
}
