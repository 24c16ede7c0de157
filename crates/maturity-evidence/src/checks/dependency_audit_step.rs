//! `dependency-audit-step`: are dependencies audited for known vulnerabilities?

use crate::check::Check;
use crate::checks::support::{conclude, from_deps, from_steps};
use crate::finding::Finding;
use crate::raw::{PathKind, RawEvidence, StepKind};

pub const CHECK: Check = Check {
    id: "dependency-audit-step",
    question: "Are dependencies audited for known vulnerabilities (cargo-audit/deny, npm audit, pip-audit, OWASP Dependency-Check, Trivy, Snyk, govulncheck)?",
    informs_no_level: None,
    remediation: "Add a dependency audit to the pipeline (cargo deny check, npm audit, pip-audit, OWASP Dependency-Check, Trivy, govulncheck) and fail on known vulnerabilities.",
    run,
};

const PLUGINS: &[&str] = &[
    "dependency-check-maven",
    "org.owasp.dependencycheck",
    "dependency-check-gradle",
    "pip-audit",
    "safety",
    "audit-ci",
    "better-npm-audit",
    "bundler-audit",
];

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let mut passes = from_steps(CHECK.id, raw, StepKind::Audit, "audits dependencies");
    passes.extend(from_deps(CHECK.id, raw, PLUGINS, "dependency audit tool"));
    let configs = raw
        .of(PathKind::LinterConfig)
        .iter()
        .chain(raw.of(PathKind::SecurityConfig));
    for fact in configs.filter(|f| {
        matches!(
            f.label.as_str(),
            "cargo-deny" | "Snyk" | "Trivy" | "OWASP Dependency-Check"
        )
    }) {
        passes.push(Finding::pass(
            CHECK.id,
            &fact.path,
            fact.line,
            format!("dependency audit configured: {}", fact.label),
        ));
    }
    conclude(
        CHECK.id,
        passes,
        !raw.manifests.is_empty(),
        "no dependency audit found in CI or configuration",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        let workflow = "on: push\njobs:\n  audit:\n    steps:\n      - uses: rustsec/audit-check@v2\n";
        let cargo = "[package]\nname = \"x\"\n";
        assert_eq!(
            run(
                &CHECK,
                &[(".github/workflows/audit.yml", workflow), ("Cargo.toml", cargo)]
            ),
            [(Pass, ".github/workflows/audit.yml:5".to_string())]
        );
        assert_eq!(
            run(&CHECK, &[("deny.toml", ""), ("Cargo.toml", cargo)]),
            [(Pass, "deny.toml:1".to_string())]
        );
        assert_eq!(run(&CHECK, &[("Cargo.toml", cargo)]), [(Fail, "-".to_string())]);
    }
}
