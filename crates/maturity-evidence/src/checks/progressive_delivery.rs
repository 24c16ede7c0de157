//! `progressive-delivery`: are canary or blue-green releases configured?

use crate::check::Check;
use crate::checks::support::{conclude, from_markers};
use crate::finding::Finding;
use crate::raw::{MarkerKind, RawEvidence, StepKind};

pub const CHECK: Check = Check {
    id: "progressive-delivery",
    question: "Is a progressive delivery model configured (canary, blue-green, deployment slots, Argo Rollouts, Flagger)?",
    informs_no_level: None,
    remediation: "Release to a small share of traffic first and promote automatically when health checks hold: Argo Rollouts or Flagger on Kubernetes, deployment slots on Azure App Service, CodeDeploy blue-green on AWS.",
    run,
};

const WORDS: [&str; 6] = [
    "canary",
    "blue-green",
    "bluegreen",
    "blue_green",
    "slot swap",
    "swap-slot",
];

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let mut passes = from_markers(CHECK.id, raw, MarkerKind::ProgressiveDelivery);
    for (ci, step) in raw.ci_steps(StepKind::Deploy) {
        let lower = step.text.to_ascii_lowercase();
        if WORDS.iter().any(|w| lower.contains(w)) {
            passes.push(Finding::pass(
                CHECK.id,
                &ci.path,
                step.line,
                format!("progressive deployment step: `{}`", step.text),
            ));
        }
    }
    let deploys = raw
        .ci
        .iter()
        .any(|ci| !ci.deploys.is_empty() || ci.steps_of(StepKind::Deploy).next().is_some())
        || raw.markers_of(MarkerKind::GitOps).next().is_some();
    conclude(
        CHECK.id,
        passes,
        deploys,
        "deployments replace the running version all at once; no canary or blue-green configuration found",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        let flagger = "apiVersion: flagger.app/v1beta1\nkind: Canary\n";
        assert_eq!(
            run(&CHECK, &[("k8s/canary.yaml", flagger)]),
            [(Pass, "k8s/canary.yaml:2".to_string())]
        );
        let azure = "jobs:\n  - deployment: Web\n    environment: prod\n    strategy:\n      canary:\n        increments: [10, 50]\n";
        assert_eq!(
            run(&CHECK, &[("azure-pipelines.yml", azure)]),
            [(Pass, "azure-pipelines.yml:5".to_string())]
        );
        let plain = "deploy:\n  stage: deploy\n  script: kubectl apply -f k8s\n";
        assert_eq!(
            run(&CHECK, &[(".gitlab-ci.yml", plain)]),
            [(Fail, "-".to_string())]
        );
    }
}
