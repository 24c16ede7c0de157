//! `performance-tests-in-ci`: does CI run performance tests?

use crate::check::Check;
use crate::checks::support::{conclude, from_steps, has_ci};
use crate::finding::Finding;
use crate::raw::{RawEvidence, StepKind};

pub const CHECK: Check = Check {
    id: "performance-tests-in-ci",
    question: "Does a CI step run performance or load tests?",
    informs_no_level: None,
    remediation: "Run a short load test or benchmark in the pipeline with thresholds (k6 thresholds, Gatling assertions) that fail the build on regressions.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    conclude(
        CHECK.id,
        from_steps(CHECK.id, raw, StepKind::Performance, "runs performance tests"),
        has_ci(raw),
        "no CI step runs performance or load tests",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::outcomes;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        assert_eq!(
            outcomes(&CHECK, &[(".gitlab-ci.yml", "perf:\n  script: k6 run load.js\n")]),
            [Pass]
        );
        assert_eq!(
            outcomes(&CHECK, &[(".gitlab-ci.yml", "t:\n  script: make\n")]),
            [Fail]
        );
    }
}
