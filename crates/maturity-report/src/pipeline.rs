//! From an assessment to its report: scoring, the role breakdown, the roadmap. The CLI and the
//! web app both go through here, so the same inputs always give the same report.

use maturity_assess::{
    PlanConfig, Situation, levels_from, met_levels_from, plan_for, score_with_evidence, signals,
};
use maturity_model::evidence::ObservedLevel;
use maturity_model::{Assessment, Catalog};

use crate::view::{CoverageResults, Delivery, FlowSection, Report, TestResults, build};
use crate::{summary, to_production};

/// What the evidence sources of an assessment contributed (crate `maturity-sources` fills it):
/// observed levels for scoring, and the sections they add to the report.
#[derive(Debug, Clone, Default)]
pub struct Gathered {
    /// Observed levels from every source, in the order the sources were read.
    pub observed: Vec<ObservedLevel>,
    /// Delivery metrics to show, one entry per source that measured them.
    pub delivery: Vec<Delivery>,
    /// Work-item flow to show, one entry per source.
    pub flow: Vec<FlowSection>,
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

/// Scores the assessment with its evidence, plans its roadmap, joins it all into a report and
/// writes its summary.
pub fn prepare(assessment: &Assessment, inputs: &Inputs) -> Report {
    let unnamed;
    let assessment = if assessment.config.report.anonymous {
        unnamed = without_names(assessment);
        &unnamed
    } else {
        assessment
    };
    let scorecard = score_with_evidence(
        &assessment.models,
        &assessment.responses,
        &inputs.evidence.observed,
        assessment.benchmark.as_ref(),
    );
    let levels = levels_from(&scorecard);
    let met = met_levels_from(&scorecard);
    let signals = signals(&assessment.models, &scorecard, &assessment.config.observations);
    let mut config = inputs.plan.clone();
    if config.start.is_none() {
        config.start.clone_from(&assessment.config.date);
    }
    let roadmap = plan_for(
        &assessment.models,
        &Situation {
            levels: &levels,
            met: &met,
            signals: &signals,
        },
        inputs.catalog,
        &config,
    );
    let mut report = build(assessment, &scorecard, inputs.evidence.delivery.clone());
    report.roadmap = Some(roadmap);
    report.flow.clone_from(&inputs.evidence.flow);
    for section in &mut report.flow {
        section.to_production = to_production::join(&section.created, &inputs.evidence.delivery);
    }
    report.tests.clone_from(&inputs.evidence.tests);
    report.coverage.clone_from(&inputs.evidence.coverage);
    report.summary = summary::write(&report);
    report
}

/// The assessment with every respondent's name (and file, named after them) replaced, so that
/// no part of an anonymous report can carry one: scoring quotes claimants in contradictions.
fn without_names(assessment: &Assessment) -> Assessment {
    let mut unnamed = assessment.clone();
    for response in &mut unnamed.responses {
        response.respondent = ANONYMOUS.to_string();
        response.file = String::new();
    }
    unnamed
}

/// What an anonymous report calls every respondent.
const ANONYMOUS: &str = "a respondent";

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
