//! `security-scanning-in-ci`: does CI run security or vulnerability scans?

use crate::check::Check;
use crate::checks::support::{conclude, from_steps, has_ci};
use crate::finding::Finding;
use crate::raw::{RawEvidence, StepKind};

pub const CHECK: Check = Check {
    id: "security-scanning-in-ci",
    question: "Does a CI step run security tests or vulnerability scans (SAST, DAST, secret or dependency scanning)?",
    informs_no_level: None,
    remediation: "Run the security scans from the pipeline on every change and fail on findings above an agreed severity.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let mut passes = from_steps(CHECK.id, raw, StepKind::Security, "security scan");
    passes.extend(from_steps(
        CHECK.id,
        raw,
        StepKind::Audit,
        "vulnerability scan of dependencies",
    ));
    conclude(
        CHECK.id,
        passes,
        has_ci(raw),
        "no CI step runs a security or vulnerability scan",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::outcomes;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        let workflow =
            "on: push\njobs:\n  scan:\n    steps:\n      - uses: github/codeql-action/analyze@v3\n";
        assert_eq!(
            outcomes(&CHECK, &[(".github/workflows/codeql.yml", workflow)]),
            [Pass]
        );
        assert_eq!(
            outcomes(&CHECK, &[(".gitlab-ci.yml", "t:\n  script: make\n")]),
            [Fail]
        );
    }
}
