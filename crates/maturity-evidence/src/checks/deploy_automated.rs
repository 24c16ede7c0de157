//! `deploy-automated`: is deployment to an environment automated?

use crate::check::Check;
use crate::checks::support::{conclude, from_markers, from_steps, has_code};
use crate::finding::Finding;
use crate::raw::{MarkerKind, RawEvidence, StepKind};

pub const CHECK: Check = Check {
    id: "deploy-automated",
    question: "Is deployment to an environment automated (a CI deploy job or a GitOps controller)?",
    informs_no_level: None,
    remediation: "Script the deployment and run it from the pipeline (a deploy job with an `environment`) or let a GitOps controller (Argo CD, Flux) apply what is merged.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let mut passes = from_steps(CHECK.id, raw, StepKind::Deploy, "deploys");
    for ci in &raw.ci {
        for deploy in &ci.deploys {
            passes.push(Finding::pass(
                CHECK.id,
                &ci.path,
                deploy.line,
                deploy.detail.clone(),
            ));
        }
    }
    passes.extend(from_markers(CHECK.id, raw, MarkerKind::GitOps));
    conclude(
        CHECK.id,
        passes,
        has_code(raw),
        "no automated deployment found: no CI job deploys and no GitOps controller object is kept here",
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
            "on: push\njobs:\n  deploy:\n    environment: production\n    steps:\n      - run: ./deploy.sh\n";
        assert_eq!(
            run(&CHECK, &[(".github/workflows/cd.yml", workflow)]),
            [(Pass, ".github/workflows/cd.yml:4".to_string())]
        );
        let argo = "apiVersion: argoproj.io/v1alpha1\nkind: Application\n";
        assert_eq!(
            run(&CHECK, &[("gitops/app.yaml", argo)]),
            [(Pass, "gitops/app.yaml:2".to_string())]
        );
        assert_eq!(run(&CHECK, &[("main.go", "")]), [(Fail, "-".to_string())]);
    }
}
