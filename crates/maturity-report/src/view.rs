//! The report as data: everything a renderer shows, joined from the assessment (names, texts,
//! comments, observations) and the scorecard (levels, scores). Its JSON form is the contract
//! documented in docs/report-json.md; renderers only format it.

use std::collections::BTreeMap;

use maturity_assess::metrics::Metrics;
use maturity_assess::{CriterionScore, GroupScore, Observed, Reference, Roadmap, Scorecard, Source, Stated};
use maturity_model::{Assessment, Response};
use serde::Serialize;

use crate::groups::{Breakdown, breakdown, site};
use crate::quick_check::{QuickCheckView, view as quick_check_view};
use crate::sections::{self, Count, EvidenceNote, Introduction, KpiView, Scale};

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
    /// Whether the report names respondents, and what it hid so as not to.
    pub anonymity: Anonymity,
    /// Background from `maturity.toml` and the method, generated.
    pub introduction: Introduction,
    /// The narrative summary, strengths and concerns (crate `summary`); empty until
    /// `pipeline::prepare` writes it from the rest of the report.
    pub summary: Summary,
    pub benchmark: Option<BenchmarkInfo>,
    pub models: Vec<ModelView>,
    pub unanswered: Vec<String>,
    pub disputed: Vec<String>,
    /// Criteria whose stated and observed levels contradict each other.
    pub contradictions: Vec<String>,
    /// Every evidence source that gave an observed level, e.g. `scan of ../api`.
    pub evidence_sources: Vec<String>,
    pub by_role: Vec<RoleView>,
    /// Scores by site, when responses name sites.
    pub by_site: Vec<SiteView>,
    /// The KPIs of `maturity.toml`, with measured values where a metric is named and measured.
    pub kpis: Vec<KpiView>,
    /// How levels map to scores.
    pub scale: Scale,
    /// The improvement roadmap planned for the gaps, when one was planned.
    pub roadmap: Option<Roadmap>,
    /// Delivery metrics of the assessment's repositories, one entry per source.
    pub delivery: Vec<Delivery>,
    /// The DORA Quick Check (docs/dora-quick-check.md), when anyone answered it; left out of
    /// the JSON otherwise, so reports without it read as before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dora_quick_check: Option<QuickCheckView>,
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
    /// Each item's id and creation day: what it is joined with the delivery metrics by.
    #[serde(skip)]
    pub created: Vec<(String, maturity_flow::Day)>,
    /// Lead time from work item to production, where the delivery metrics name work items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_production: Option<crate::to_production::ToProduction>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Respondents {
    pub count: usize,
    /// Role → number of respondents, by role name, as `by_role` groups them.
    pub roles: BTreeMap<String, usize>,
    /// Site → number of respondents, as `by_site` groups them; empty when no response names a
    /// site.
    pub sites: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Anonymity {
    pub anonymous: bool,
    /// The smallest role or site group shown on its own (1 when the report names people).
    pub min_group: usize,
    /// What the breakdowns merged or left out, in words.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub paragraphs: Vec<String>,
    pub strengths: Vec<Point>,
    pub concerns: Vec<Point>,
}

/// A strength or concern: a criterion, its level, and why it was chosen, in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    pub criterion: String,
    pub level: Option<f64>,
    pub why: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BenchmarkInfo {
    pub id: String,
    pub name: String,
    pub description: String,
    pub source: Option<String>,
    pub year: Option<u16>,
    pub sample_size: Option<u32>,
    /// Source, year and sample size in one phrase, shown beside the benchmark's figures.
    pub citation: String,
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
    /// What the evidence says about this area's criteria: observed levels, contradictions and
    /// the findings behind low observed levels.
    pub evidence_observations: Vec<EvidenceNote>,
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
    /// Every answer, "don't know" with a comment included; unattributed and ordered by level
    /// in an anonymous report, so that rows cannot be linked across criteria.
    pub answers: Vec<AnswerView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Comment {
    /// `None` in an anonymous report.
    pub respondent: Option<String>,
    /// `None` in an anonymous report.
    pub role: Option<String>,
    pub level: Option<u8>,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnswerView {
    /// `None` in an anonymous report.
    pub respondent: Option<String>,
    /// `None` in an anonymous report.
    pub role: Option<String>,
    pub level: Option<u8>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleView {
    pub role: String,
    pub respondents: usize,
    /// Model id → score for this role's respondents alone.
    pub scores: BTreeMap<String, Option<f64>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub site: String,
    pub respondents: usize,
    /// Model id → score for this site's respondents alone.
    pub scores: BTreeMap<String, Option<f64>>,
}

fn scores_of(group: &GroupScore) -> BTreeMap<String, Option<f64>> {
    group.models.iter().map(|m| (m.id.clone(), m.score)).collect()
}

/// Joins an assessment with its scores and delivery metrics into the report; the summary is
/// left empty for `summary::write` to fill from the result.
pub fn build(assessment: &Assessment, scorecard: &Scorecard, delivery: Vec<Delivery>) -> Report {
    let report_config = &assessment.config.report;
    let min_group = report_config.min_group();
    let responses = &assessment.responses;
    let roles = breakdown(&assessment.models, responses, |r| &r.role, "role", min_group);
    let named_sites = responses.iter().any(|r| r.site.is_some());
    let sites = if named_sites {
        breakdown(&assessment.models, responses, site, "site", min_group)
    } else {
        Breakdown {
            groups: Vec::new(),
            note: None,
        }
    };
    let counts = |b: &Breakdown| -> BTreeMap<String, usize> {
        b.groups
            .iter()
            .map(|g| (g.group.clone(), g.respondents))
            .collect()
    };
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
                    evidence_observations: area
                        .criteria
                        .iter()
                        .zip(&area_score.criteria)
                        .flat_map(|(criterion, score)| sections::evidence_notes(&criterion.name, score))
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
    let evidence_sources = evidence_sources(scorecard);
    let mut read = evidence_sources.clone();
    for d in &delivery {
        if !read.contains(&d.source) {
            read.push(d.source.clone());
        }
    }
    let introduction = sections::introduction(
        report_config,
        responses.len(),
        &listed(&roles),
        &listed(&sites),
        &assessment.models,
        read,
    );
    let measured: Vec<(&str, &Metrics)> = delivery.iter().map(|d| (d.source.as_str(), &d.metrics)).collect();
    let kpis = sections::kpis(&report_config.kpis, &measured);
    Report {
        schema: SCHEMA,
        subject: assessment.config.subject.clone(),
        date: assessment.config.date.clone(),
        assessor: assessment.config.assessor.clone(),
        respondents: Respondents {
            count: responses.len(),
            roles: counts(&roles),
            sites: counts(&sites),
        },
        anonymity: Anonymity {
            anonymous: report_config.anonymous,
            min_group,
            notes: roles.note.iter().chain(&sites.note).cloned().collect(),
        },
        introduction,
        summary: Summary::default(),
        benchmark: assessment.benchmark.as_ref().map(|b| BenchmarkInfo {
            id: b.id.clone(),
            name: b.name.clone(),
            description: b.description.clone(),
            source: b.source.clone(),
            year: b.year,
            sample_size: b.sample_size,
            citation: citation(b),
        }),
        models,
        unanswered: scorecard.unanswered.clone(),
        disputed: scorecard.disputed.clone(),
        contradictions: scorecard.contradictions.clone(),
        evidence_sources,
        by_role: roles
            .groups
            .iter()
            .map(|g| RoleView {
                role: g.group.clone(),
                respondents: g.respondents,
                scores: scores_of(g),
            })
            .collect(),
        by_site: sites
            .groups
            .iter()
            .map(|g| SiteView {
                site: g.group.clone(),
                respondents: g.respondents,
                scores: scores_of(g),
            })
            .collect(),
        kpis,
        scale: sections::scale(),
        roadmap: None,
        dora_quick_check: quick_check_view(assessment, &delivery),
        delivery,
        flow: Vec::new(),
        tests: Vec::new(),
        coverage: Vec::new(),
    }
}

fn listed(b: &Breakdown) -> Vec<Count<'_>> {
    b.groups
        .iter()
        .map(|g| Count {
            name: &g.group,
            respondents: g.respondents,
        })
        .collect()
}

/// Where a benchmark's figures come from, in one phrase: what is not known is said so.
fn citation(b: &maturity_model::Benchmark) -> String {
    let mut parts = vec![b.source.clone().unwrap_or_else(|| "source not given".to_string())];
    parts.push(
        b.year
            .map_or_else(|| "year not given".to_string(), |y| y.to_string()),
    );
    parts.push(b.sample_size.map_or_else(
        || "sample size not given".to_string(),
        |n| format!("{n} {}", if n == 1 { "team" } else { "teams" }),
    ));
    parts.join(", ")
}

fn criterion_view(
    assessment: &Assessment,
    criterion: &maturity_model::Criterion,
    score: &CriterionScore,
) -> CriterionView {
    let anonymous = assessment.config.report.anonymous;
    let who = |response: &Response| -> (Option<String>, Option<String>) {
        if anonymous {
            (None, None)
        } else {
            (Some(response.respondent.clone()), Some(response.role.clone()))
        }
    };
    let mut answers: Vec<AnswerView> = assessment
        .responses
        .iter()
        .filter_map(|response| {
            let answer = response.answer(&criterion.id)?;
            let (respondent, role) = who(response);
            Some(AnswerView {
                respondent,
                role,
                level: answer.level,
                comment: answer.comment.clone(),
            })
        })
        .collect();
    if anonymous {
        answers.sort_by(|a, b| (a.level, &a.comment).cmp(&(b.level, &b.comment)));
    }
    let comments = answers
        .iter()
        .filter_map(|a| {
            Some(Comment {
                respondent: a.respondent.clone(),
                role: a.role.clone(),
                level: a.level,
                text: a.comment.clone()?,
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
        answers,
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
