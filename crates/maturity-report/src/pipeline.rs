//! From an assessment to its report: scoring, the role breakdown, the roadmap. The CLI and the
//! web app both go through here, so the same inputs always give the same report.

use maturity_assess::{PlanConfig, levels_from, plan, score_by_role, score_with_evidence};
use maturity_model::evidence::{Evidence, ObservedLevel};
use maturity_model::{Assessment, Catalog};

use crate::view::{Delivery, Report, build};

/// What a report is made from besides the assessment itself.
pub struct Inputs<'a> {
    /// Observed levels from scans and delivery metrics.
    pub observed: &'a [ObservedLevel],
    /// The proposals the roadmap chooses from.
    pub catalog: &'a Catalog,
    pub plan: PlanConfig,
    /// Delivery metrics to show, one entry per source.
    pub delivery: Vec<Delivery>,
}

/// Scores the assessment with its evidence, plans its roadmap and joins it all into a report.
pub fn prepare(assessment: &Assessment, inputs: &Inputs) -> Report {
    let scorecard = score_with_evidence(
        &assessment.models,
        &assessment.responses,
        inputs.observed,
        assessment.benchmark.as_ref(),
    );
    let by_role = score_by_role(&assessment.models, &assessment.responses);
    let roadmap = plan(
        &assessment.models,
        &levels_from(&scorecard),
        inputs.catalog,
        &inputs.plan,
    );
    let mut report = build(assessment, &scorecard, &by_role);
    report.roadmap = Some(roadmap);
    report.delivery.clone_from(&inputs.delivery);
    report
}

/// The report of an assessment from its answers alone, planned with the built-in proposals and
/// the assessment's own `[roadmap]` targets.
pub fn report_for(assessment: &Assessment) -> Report {
    let catalog = Catalog::builtin();
    prepare(
        assessment,
        &Inputs {
            observed: &[],
            catalog: &catalog,
            plan: PlanConfig::from_roadmap(&assessment.config.roadmap),
            delivery: Vec::new(),
        },
    )
}

/// The observed levels and the delivery section of one `maturity metrics --format json`
/// result (docs/metrics.md), from `source`. Levels outside 1..4 and malformed entries are
/// left out rather than guessed.
pub fn metrics_evidence(source: &str, metrics: serde_json::Value) -> (Vec<ObservedLevel>, Delivery) {
    let levels = metrics["levels"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let observed = levels
        .iter()
        .filter_map(|level| {
            Some(ObservedLevel {
                criterion: level["criterion"].as_str()?.to_string(),
                level: level["level"]
                    .as_u64()
                    .and_then(|l| u8::try_from(l).ok())
                    .filter(|l| (1..=maturity_model::LEVELS).contains(l))?,
                rule: level["rule"].as_str()?.to_string(),
                source: source.to_string(),
                evidence: level["numbers"]
                    .as_object()
                    .map(|numbers| {
                        numbers
                            .iter()
                            .map(|(name, number)| Evidence {
                                message: format!("{} = {}", name.replace('_', " "), rounded(number)),
                                location: None,
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            })
        })
        .collect();
    let delivery = Delivery {
        source: source.to_string(),
        metrics,
    };
    (observed, delivery)
}

/// Whether a JSON value looks like a `maturity metrics --format json` result.
pub fn is_metrics_json(value: &serde_json::Value) -> bool {
    value
        .get("deployment_frequency")
        .is_some_and(serde_json::Value::is_object)
}

/// A number as a reader wants it: whole numbers without decimals, others to one decimal.
fn rounded(number: &serde_json::Value) -> String {
    match number.as_f64() {
        Some(n) if n.fract() == 0.0 => format!("{n:.0}"),
        Some(n) => format!("{n:.1}"),
        None => number.to_string(),
    }
}
