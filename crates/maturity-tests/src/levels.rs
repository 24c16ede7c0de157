//! Observed levels of the `testing` model from test results and coverage (docs/tests.md,
//! "Observed levels"). A test report is the output of an automated run, so tests of a kind
//! that pass support level 3 ("the CI server runs them"); tests that fail in the last run
//! support only level 2 (they exist, but nothing shows them passing). A coverage report of a
//! kind above 85 % supports level 4 of unit, integration and system testing, at or below it
//! level 3 ("coverage still falls short"). A kind with no tests says nothing: one report is
//! rarely all of a product's tests.

use maturity_model::evidence::{Evidence, ObservedLevel};

use crate::coverage::CoverageReport;
use crate::kinds::Kind;
use crate::report::TestsSummary;

/// Coverage above this percentage supports level 4.
pub const COVERAGE_LEVEL_4: f64 = 85.0;

pub fn test_levels(summary: &TestsSummary, source: &str) -> Vec<ObservedLevel> {
    let location = summary.runs.last().map(|r| r.path.clone());
    summary
        .kinds
        .iter()
        .filter(|k| k.totals.tests > k.totals.skipped)
        .map(|k| {
            let t = k.totals;
            let failing = t.failed + t.errored;
            let (level, rule) = if failing == 0 {
                (3, format!("{} tests run automatically and pass", k.kind.as_str()))
            } else {
                (
                    2,
                    format!("{} tests exist but fail in the last run", k.kind.as_str()),
                )
            };
            let mut message = format!(
                "{} {} tests: {} passed ({} flaky), {} failed, {} errored, {} skipped",
                t.tests,
                k.kind.as_str(),
                t.passed,
                t.flaky,
                t.failed,
                t.errored,
                t.skipped
            );
            if summary.runs.len() > 1 {
                message.push_str(&format!(" (last of {} runs)", summary.runs.len()));
            }
            ObservedLevel {
                criterion: format!("testing.{}", k.kind.as_str()),
                level,
                rule,
                source: source.to_string(),
                evidence: vec![Evidence {
                    message,
                    location: location.clone(),
                }],
            }
        })
        .collect()
}

pub fn coverage_levels(report: &CoverageReport, source: &str) -> Vec<ObservedLevel> {
    report
        .kinds
        .iter()
        .filter(|k| matches!(k.kind, Kind::Unit | Kind::Integration | Kind::System))
        .filter_map(|k| {
            let percent = k.lines.percent?;
            let name = k.kind.as_str();
            let (level, rule) = if percent > COVERAGE_LEVEL_4 {
                (
                    4,
                    format!("{name} tests are automated and cover more than {COVERAGE_LEVEL_4} % of lines"),
                )
            } else {
                (
                    3,
                    format!("{name} tests are automated but cover {COVERAGE_LEVEL_4} % of lines or less"),
                )
            };
            let reports: Vec<&str> = report
                .reports
                .iter()
                .filter(|r| r.kind == k.kind)
                .map(|r| r.path.as_str())
                .collect();
            Some(ObservedLevel {
                criterion: format!("testing.{name}"),
                level,
                rule,
                source: source.to_string(),
                evidence: vec![Evidence {
                    message: format!(
                        "{name} line coverage {percent} % ({} of {} lines)",
                        k.lines.covered, k.lines.total
                    ),
                    location: (!reports.is_empty()).then(|| reports.join(", ")),
                }],
            })
        })
        .collect()
}
