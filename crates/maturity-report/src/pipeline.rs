//! From an assessment to its report: scoring, the role breakdown, the roadmap. The CLI and the
//! web app both go through here, so the same inputs always give the same report.

use maturity_assess::{PlanConfig, levels_from, plan, score_by_role, score_with_evidence};
use maturity_model::evidence::ObservedLevel;
use maturity_model::{Assessment, Catalog};

use crate::view::{CoverageResults, Delivery, Report, TestResults, build};

/// What the evidence sources of an assessment contributed (crate `maturity-sources` fills it):
/// observed levels for scoring, and the sections they add to the report.
#[derive(Debug, Clone, Default)]
pub struct Gathered {
    /// Observed levels from every source, in the order the sources were read.
    pub observed: Vec<ObservedLevel>,
    /// Delivery metrics to show, one entry per source that measured them.
    pub delivery: Vec<Delivery>,
    /// Test results, one entry per saved or pushed result.
    pub tests: Vec<TestResults>,
    /// Coverage, one entry per saved or pushed result.
    pub coverage: Vec<CoverageResults>,
}

/// What a report is made from besides the assessment itself.
pub struct Inputs<'a> {
    pub evidence: &'a Gathered,
    /// The proposals the roadmap chooses from.
    pub catalog: &'a Catalog,
    pub plan: PlanConfig,
}

/// Scores the assessment with its evidence, plans its roadmap and joins it all into a report.
pub fn prepare(assessment: &Assessment, inputs: &Inputs) -> Report {
    let scorecard = score_with_evidence(
        &assessment.models,
        &assessment.responses,
        &inputs.evidence.observed,
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
    report.delivery.clone_from(&inputs.evidence.delivery);
    report.tests.clone_from(&inputs.evidence.tests);
    report.coverage.clone_from(&inputs.evidence.coverage);
    report
}

/// The report of an assessment from its answers alone, planned with the built-in proposals and
/// the assessment's own `[roadmap]` targets.
pub fn report_for(assessment: &Assessment) -> Report {
    let catalog = Catalog::builtin();
    prepare(
        assessment,
        &Inputs {
            evidence: &Gathered::default(),
            catalog: &catalog,
            plan: PlanConfig::from_roadmap(&assessment.config.roadmap),
        },
    )
}
