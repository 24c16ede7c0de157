//! `k8s-manifests`: are Kubernetes deployments described in the repository?

use crate::check::Check;
use crate::checks::support::{conclude, has_code};
use crate::finding::Finding;
use crate::raw::{PathKind, RawEvidence};

pub const CHECK: Check = Check {
    id: "k8s-manifests",
    question: "Are Kubernetes manifests, Helm charts or Kustomize overlays kept in the repository?",
    informs_no_level: None,
    remediation: "If the service runs on Kubernetes, keep its manifests (or Helm chart / Kustomize overlays) beside the code so deployments are reviewed and reproducible.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    // One finding per label and directory keeps a chart with forty templates to one line.
    let mut seen: Vec<(String, String)> = Vec::new();
    let passes = raw
        .of(PathKind::Kubernetes)
        .iter()
        .filter(|fact| {
            let dir = fact.path.rsplit_once('/').map_or("", |(dir, _)| dir).to_string();
            let key = (fact.label.clone(), dir);
            let new = !seen.contains(&key);
            if new {
                seen.push(key);
            }
            new
        })
        .map(|fact| Finding::pass(CHECK.id, &fact.path, fact.line, fact.label.clone()))
        .collect();
    conclude(
        CHECK.id,
        passes,
        has_code(raw),
        "no Kubernetes manifests, Helm charts or Kustomize files found",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        let files = [
            ("k8s/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\n"),
            ("k8s/svc.yaml", "apiVersion: v1\nkind: Service\n"),
            ("chart/Chart.yaml", "name: app\n"),
        ];
        assert_eq!(
            run(&CHECK, &files),
            [
                (Pass, "chart/Chart.yaml:1".to_string()),
                (Pass, "k8s/deploy.yaml:2".to_string())
            ]
        );
        assert_eq!(run(&CHECK, &[("a.go", "")]), [(Fail, "-".to_string())]);
    }
}
