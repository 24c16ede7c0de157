//! `e2e-tests-in-ci`: does CI run the end-to-end tests?

use crate::check::Check;
use crate::checks::support::{conclude, from_steps, has_ci};
use crate::finding::Finding;
use crate::raw::{RawEvidence, StepKind};

pub const CHECK: Check = Check {
    id: "e2e-tests-in-ci",
    question: "Does a CI step run end-to-end or system tests?",
    informs_no_level: None,
    remediation: "Run the end-to-end suite from the pipeline against a freshly deployed test environment, and block the release when it fails.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    conclude(
        CHECK.id,
        from_steps(CHECK.id, raw, StepKind::E2e, "runs end-to-end tests"),
        has_ci(raw),
        "no CI step runs end-to-end or system tests",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        let workflow = "on: push\njobs:\n  e2e:\n    steps:\n      - run: npx playwright test\n";
        assert_eq!(
            run(&CHECK, &[(".github/workflows/e2e.yml", workflow)]),
            [(Pass, ".github/workflows/e2e.yml:5".to_string())]
        );
        assert_eq!(
            run(&CHECK, &[(".travis.yml", "script: npm test\n")]),
            [(Fail, "-".to_string())]
        );
    }
}
