//! `coverage-threshold`: does falling coverage fail the build?

use crate::check::Check;
use crate::checks::support::{conclude, from_markers, has_code};
use crate::finding::Finding;
use crate::raw::{MarkerKind, RawEvidence, StepKind};
use crate::text::number_after;

pub const CHECK: Check = Check {
    id: "coverage-threshold",
    question: "Is a minimum coverage enforced (fail_under, coverageThreshold, JaCoCo minimum, --fail-under, a Codecov target)?",
    informs_no_level: Some(
        "Any enforced floor counts here, however low, so it cannot tell one level of test automation from another; the levels read `coverage-threshold-high` (at least 85%) instead.",
    ),
    remediation: "Enforce a coverage floor that fails the build when coverage drops (fail_under in coverage.py, coverageThreshold in Jest, a JaCoCo rule, cargo llvm-cov --fail-under-lines, a Codecov target).",
    run,
};

/// Command-line spellings of a threshold in CI steps.
const FLAGS: [&str; 5] = [
    "--cov-fail-under",
    "--fail-under-lines",
    "--fail-under",
    "threshold=",
    "-covermode",
];

/// Every threshold the evidence states, as (file, line, percent).
pub(crate) fn thresholds(raw: &RawEvidence) -> Vec<(String, usize, f64)> {
    let mut out: Vec<(String, usize, f64)> = raw
        .markers_of(MarkerKind::CoverageThreshold)
        .filter_map(|m| m.detail.parse().ok().map(|value| (m.path.clone(), m.line, value)))
        .collect();
    for ci in &raw.ci {
        for step in &ci.steps {
            if !step.kinds.contains(&StepKind::Coverage) && !step.kinds.contains(&StepKind::Test) {
                continue;
            }
            if let Some(value) = FLAGS[..4]
                .iter()
                .find_map(|flag| number_after(&step.text, flag).map(|(v, _)| v))
            {
                out.push((ci.path.clone(), step.line, value));
            }
        }
    }
    out
}

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let mut passes = from_markers(CHECK.id, raw, MarkerKind::CoverageThreshold);
    for finding in &mut passes {
        finding.message = format!("coverage must stay at or above {}%", finding.message);
    }
    for (path, line, value) in thresholds(raw) {
        if raw
            .markers_of(MarkerKind::CoverageThreshold)
            .all(|m| m.path != path)
        {
            passes.push(Finding::pass(
                CHECK.id,
                &path,
                line,
                format!("CI fails below {value}% coverage"),
            ));
        }
    }
    conclude(
        CHECK.id,
        passes,
        has_code(raw),
        "no coverage threshold is enforced",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        assert_eq!(
            run(&CHECK, &[(".coveragerc", "[report]\nfail_under = 80\n")]),
            [(Pass, ".coveragerc:2".to_string())]
        );
        let ci = "test:\n  script:\n    - pytest --cov=app --cov-fail-under=90\n";
        assert_eq!(
            run(&CHECK, &[(".gitlab-ci.yml", ci)]),
            [(Pass, ".gitlab-ci.yml:3".to_string())]
        );
        assert_eq!(
            run(
                &CHECK,
                &[(
                    "codecov.yml",
                    "coverage:\n  status:\n    project:\n      default:\n        target: 75%\n"
                )]
            ),
            [(Pass, "codecov.yml:5".to_string())]
        );
        assert_eq!(run(&CHECK, &[("a.py", "")]), [(Fail, "-".to_string())]);
    }
}
