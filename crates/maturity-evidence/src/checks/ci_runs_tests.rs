//! `ci-runs-tests`: does a CI step run the tests?

use crate::check::Check;
use crate::checks::support::{conclude, from_steps, has_ci};
use crate::finding::Finding;
use crate::raw::{RawEvidence, StepKind};

pub const CHECK: Check = Check {
    id: "ci-runs-tests",
    question: "Does a CI step run the automated tests?",
    informs_no_level: None,
    remediation: "Run the test suite in CI on every change (cargo test, npm test, pytest, mvn verify, go test, dotnet test) so a failing test blocks the merge.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    conclude(
        CHECK.id,
        from_steps(CHECK.id, raw, StepKind::Test, "runs tests"),
        has_ci(raw),
        "CI is configured but no step runs the tests",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        let gitlab = "build:\n  script:\n    - make\ntest:\n  script:\n    - pytest -q\n";
        assert_eq!(
            run(&CHECK, &[(".gitlab-ci.yml", gitlab)]),
            [(Pass, ".gitlab-ci.yml:6".to_string())]
        );
        assert_eq!(
            run(&CHECK, &[(".gitlab-ci.yml", "build:\n  script: make\n")]),
            [(Fail, "-".to_string())]
        );
        assert!(run(&CHECK, &[("x.py", "")]).is_empty());
    }
}
