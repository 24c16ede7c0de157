//! `ci-static-analysis`: does CI run a linter or static analyser on every change?

use crate::check::Check;
use crate::checks::support::{conclude, from_steps, has_ci};
use crate::finding::Finding;
use crate::raw::{RawEvidence, StepKind};

pub const CHECK: Check = Check {
    id: "ci-static-analysis",
    question: "Does CI run static analysis (a linter, CodeQL, SonarQube) on changes?",
    informs_no_level: None,
    remediation: "Add a lint or static-analysis step to the pipeline (cargo clippy -D warnings, eslint, ruff, golangci-lint, a Sonar scan, CodeQL) and make it fail the build.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    conclude(
        CHECK.id,
        from_steps(CHECK.id, raw, StepKind::Lint, "runs static analysis"),
        has_ci(raw),
        "no CI step runs a linter or static analyser",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        let workflow =
            "on: push\njobs:\n  lint:\n    steps:\n      - run: cargo clippy --all-targets -- -D warnings\n";
        assert_eq!(
            run(&CHECK, &[(".github/workflows/ci.yml", workflow)]),
            [(Pass, ".github/workflows/ci.yml:5".to_string())]
        );
        assert_eq!(
            run(&CHECK, &[(".travis.yml", "script: make\n")]),
            [(Fail, "-".to_string())]
        );
    }
}
