//! `lockfile-present`: are dependency versions locked for each ecosystem with a manifest?

use crate::check::Check;
use crate::finding::Finding;
use crate::raw::{Ecosystem, PathKind, RawEvidence};

pub const CHECK: Check = Check {
    id: "lockfile-present",
    question: "Does every ecosystem with a package manifest also commit a lockfile?",
    informs_no_level: None,
    remediation: "Commit the package manager's lockfile (Cargo.lock, package-lock.json/yarn.lock/pnpm-lock.yaml, poetry.lock/uv.lock, go.sum, Gemfile.lock, packages.lock.json) so every build resolves the same versions.",
    run,
};

/// Ecosystems whose package managers lock by convention; Maven and most .NET projects do
/// not, so their absence is not held against them (a lockfile still passes).
const EXPECTED: [Ecosystem; 5] = [
    Ecosystem::Rust,
    Ecosystem::Node,
    Ecosystem::Python,
    Ecosystem::Go,
    Ecosystem::Ruby,
];

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let mut findings = Vec::new();
    let ecosystems: std::collections::BTreeSet<Ecosystem> =
        raw.manifests.iter().map(|m| m.ecosystem).collect();
    for ecosystem in ecosystems {
        let locks = raw.of(PathKind::Lockfile(ecosystem));
        if let Some(lock) = locks.first() {
            let more = if locks.len() > 1 {
                format!(" (and {} more)", locks.len() - 1)
            } else {
                String::new()
            };
            findings.push(Finding::pass(
                CHECK.id,
                &lock.path,
                lock.line,
                format!("{} dependencies locked by {}{more}", ecosystem.name(), lock.label),
            ));
            continue;
        }
        let manifests: Vec<_> = raw
            .manifests
            .iter()
            .filter(|m| m.ecosystem == ecosystem)
            .collect();
        // go.mod without requirements has nothing to lock.
        let has_deps = manifests.iter().any(|m| !m.dependencies.is_empty());
        if EXPECTED.contains(&ecosystem)
            && has_deps
            && let Some(manifest) = manifests.first()
        {
            findings.push(Finding::fail_at(
                CHECK.id,
                &manifest.path,
                1,
                format!("{} manifest without a lockfile", ecosystem.name()),
            ));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        let cargo = "[package]\nname = \"x\"\n[dependencies]\nserde = \"1\"\n";
        assert_eq!(
            run(&CHECK, &[("Cargo.toml", cargo), ("Cargo.lock", "")]),
            [(Pass, "Cargo.lock:1".to_string())]
        );
        let node = "{\"dependencies\": {\"left-pad\": \"1\"}}";
        assert_eq!(
            run(&CHECK, &[("package.json", node)]),
            [(Fail, "package.json:1".to_string())]
        );
        let pom = "<project><artifactId>x</artifactId></project>";
        assert!(run(&CHECK, &[("pom.xml", pom)]).is_empty());
    }
}
