//! `per-env-config`: is configuration per environment kept in the repository?

use crate::check::Check;
use crate::checks::support::{conclude, has_code};
use crate::finding::Finding;
use crate::raw::{PathKind, RawEvidence};

pub const CHECK: Check = Check {
    id: "per-env-config",
    question: "Is per-environment configuration (dev, staging, production, …) kept as files in the repository?",
    informs_no_level: None,
    remediation: "Keep each environment's configuration as reviewed files (appsettings.Production.json, values-prod.yaml, Kustomize overlays, *.tfvars) instead of hand-edited settings on servers; keep secrets in a secret store.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let passes = raw
        .of(PathKind::EnvConfig)
        .iter()
        .map(|fact| {
            Finding::pass(
                CHECK.id,
                &fact.path,
                fact.line,
                "configuration for one environment",
            )
        })
        .collect();
    conclude(
        CHECK.id,
        passes,
        has_code(raw),
        "no per-environment configuration files found",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::outcomes;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        assert_eq!(
            outcomes(
                &CHECK,
                &[("src/main/resources/application-prod.yml", ""), ("A.java", "")]
            ),
            [Pass]
        );
        assert_eq!(
            outcomes(&CHECK, &[("deploy/overlays/staging/patch.yaml", "")]),
            [Pass]
        );
        assert_eq!(outcomes(&CHECK, &[(".env.example", ""), ("a.js", "")]), [Fail]);
    }
}
