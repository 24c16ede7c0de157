//! `deploy-manual-approval`: are deployments gated by a manual approval kept in the repo?

use crate::check::Check;
use crate::checks::support::conclude;
use crate::finding::Finding;
use crate::raw::{RawEvidence, StepKind};

pub const CHECK: Check = Check {
    id: "deploy-manual-approval",
    question: "Is there a manual approval gate in the pipeline (a manual job, an approval step, a Jenkins `input`)?",
    informs_no_level: Some(
        "A manual approval gate fits a deliberate release decision as well as a deployment that is not automated, so on its own it says nothing about the level of environments and release or of deployment.",
    ),
    remediation: "Decide deliberately where a person must approve a release: put the gate in the pipeline (a manual job or an environment with required reviewers) so it is visible and recorded, and remove gates that only add waiting.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let passes = raw
        .ci
        .iter()
        .flat_map(|ci| {
            ci.approvals
                .iter()
                .map(move |a| Finding::pass(CHECK.id, &ci.path, a.line, a.detail.clone()))
        })
        .collect();
    // Only a pipeline that deploys can be asked whether its deployments are gated.
    let deploys = raw
        .ci
        .iter()
        .any(|ci| !ci.deploys.is_empty() || ci.steps_of(StepKind::Deploy).next().is_some());
    conclude(
        CHECK.id,
        passes,
        deploys,
        "deploy jobs run without a manual gate in the pipeline file (protection rules kept in the CI server's settings are not visible here)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        let manual = "deploy:\n  stage: deploy\n  script: ./deploy.sh\n  when: manual\n";
        assert_eq!(
            run(&CHECK, &[(".gitlab-ci.yml", manual)]),
            [(Pass, ".gitlab-ci.yml:4".to_string())]
        );
        let automatic = "deploy:\n  stage: deploy\n  script: ./deploy.sh\n";
        assert_eq!(
            run(&CHECK, &[(".gitlab-ci.yml", automatic)]),
            [(Fail, "-".to_string())]
        );
        assert!(run(&CHECK, &[(".gitlab-ci.yml", "test:\n  script: make test\n")]).is_empty());
    }
}
