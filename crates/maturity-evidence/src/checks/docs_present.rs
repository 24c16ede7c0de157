//! `docs-present`: is the project documented for its developers?

use crate::check::Check;
use crate::checks::support::{conclude, from_paths, has_code};
use crate::finding::Finding;
use crate::raw::{PathKind, RawEvidence};

pub const CHECK: Check = Check {
    id: "docs-present",
    question: "Is there developer documentation (a README, CONTRIBUTING, ARCHITECTURE or design documents)?",
    informs_no_level: Some(
        "Nearly every repository has a README, so its presence does not tell one level of documented deployment or of shared-component management from another.",
    ),
    remediation: "Keep a README that says how to build, test and run the project, a CONTRIBUTING guide, and an ARCHITECTURE overview of its parts.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    // The top-level README says more than one deep in the tree; it sorts first by depth.
    let mut readmes: Vec<_> = raw.of(PathKind::Readme).to_vec();
    readmes.sort_by_key(|fact| (fact.path.matches('/').count(), fact.path.clone()));
    readmes.truncate(1);
    let mut passes = from_paths(CHECK.id, &readmes, "documentation");
    passes.extend(from_paths(
        CHECK.id,
        raw.of(PathKind::Contributing),
        "documentation",
    ));
    passes.extend(from_paths(
        CHECK.id,
        raw.of(PathKind::ArchitectureDoc),
        "documentation",
    ));
    conclude(
        CHECK.id,
        passes,
        has_code(raw),
        "no README, CONTRIBUTING or architecture documentation found",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        let files = [("README.md", ""), ("sub/README.md", ""), ("ARCHITECTURE.md", "")];
        assert_eq!(
            run(&CHECK, &files),
            [
                (Pass, "ARCHITECTURE.md:1".to_string()),
                (Pass, "README.md:1".to_string())
            ]
        );
        assert_eq!(run(&CHECK, &[("a.go", "")]), [(Fail, "-".to_string())]);
    }
}
