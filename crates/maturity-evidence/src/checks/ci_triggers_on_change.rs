//! `ci-triggers-on-change`: does CI run by itself when code changes (push or pull request)?

use crate::check::Check;
use crate::checks::support::{conclude, has_ci};
use crate::finding::Finding;
use crate::raw::{RawEvidence, Trigger};

pub const CHECK: Check = Check {
    id: "ci-triggers-on-change",
    question: "Does CI start by itself on every push or pull request?",
    informs_no_level: None,
    remediation: "Trigger the pipeline on pushes and pull requests (GitHub: `on: [push, pull_request]`; GitLab: merge request pipelines; Azure: `trigger:` and `pr:`), not only on a schedule or by hand.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let passes = raw
        .ci
        .iter()
        .flat_map(|ci| {
            ci.triggers
                .iter()
                .filter(|t| matches!(t.value, Trigger::Push | Trigger::PullRequest))
                .map(|t| {
                    let what = if t.value == Trigger::Push {
                        "runs on push"
                    } else {
                        "runs on pull requests"
                    };
                    Finding::pass(
                        CHECK.id,
                        &ci.path,
                        t.line,
                        format!("{} {what} ({})", ci.system.name(), t.detail),
                    )
                })
        })
        .collect();
    conclude(
        CHECK.id,
        passes,
        has_ci(raw),
        "no CI configuration runs on push or pull request; pipelines start only on a schedule, by hand or from elsewhere",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        let workflow = "on:\n  pull_request:\n  push:\n    branches: [main]\njobs: {}\n";
        assert_eq!(
            run(&CHECK, &[(".github/workflows/ci.yml", workflow)]),
            [
                (Pass, ".github/workflows/ci.yml:2".to_string()),
                (Pass, ".github/workflows/ci.yml:3".to_string())
            ]
        );
        let nightly = "on:\n  schedule:\n    - cron: '0 0 * * *'\njobs: {}\n";
        assert_eq!(
            run(&CHECK, &[(".github/workflows/n.yml", nightly)]),
            [(Fail, "-".to_string())]
        );
        assert!(run(&CHECK, &[("main.go", "")]).is_empty());
    }
}
