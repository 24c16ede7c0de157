//! `ci-triggers-downstream`: does a pipeline start or follow another level of integration?

use crate::check::Check;
use crate::checks::support::{conclude, from_steps, has_ci};
use crate::finding::Finding;
use crate::raw::{RawEvidence, StepKind, Trigger};

pub const CHECK: Check = Check {
    id: "ci-triggers-downstream",
    question: "Does a successful pipeline start the next level of integration (a downstream or multi-project pipeline), or run when an upstream one finishes?",
    informs_no_level: None,
    remediation: "Chain integration levels: let a green team pipeline trigger the product-level pipeline (GitLab `trigger:`, Buildkite `trigger`, Azure pipeline resources, GitHub `workflow_run`/repository_dispatch).",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let mut passes = from_steps(CHECK.id, raw, StepKind::Downstream, "starts another pipeline");
    for ci in &raw.ci {
        for trigger in ci.triggers.iter().filter(|t| t.value == Trigger::Upstream) {
            passes.push(Finding::pass(
                CHECK.id,
                &ci.path,
                trigger.line,
                format!("runs when another pipeline finishes ({})", trigger.detail),
            ));
        }
    }
    conclude(
        CHECK.id,
        passes,
        has_ci(raw),
        "no pipeline triggers or follows another pipeline; integration stops at this repository",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        let gitlab =
            "test:\n  script: make test\nproduct:\n  stage: .post\n  trigger:\n    project: acme/product\n";
        assert_eq!(
            run(&CHECK, &[(".gitlab-ci.yml", gitlab)]),
            [(Pass, ".gitlab-ci.yml:5".to_string())]
        );
        let follows = "on:\n  workflow_run:\n    workflows: [build]\njobs: {}\n";
        assert_eq!(
            run(&CHECK, &[(".github/workflows/e2e.yml", follows)]),
            [(Pass, ".github/workflows/e2e.yml:2".to_string())]
        );
        assert_eq!(
            run(&CHECK, &[(".gitlab-ci.yml", "t:\n  script: make\n")]),
            [(Fail, "-".to_string())]
        );
    }
}
