//! `dependency-update-bot`: are dependency updates proposed automatically?

use crate::check::Check;
use crate::checks::support::{conclude, from_paths};
use crate::finding::Finding;
use crate::raw::{PathKind, RawEvidence};

pub const CHECK: Check = Check {
    id: "dependency-update-bot",
    question: "Is a dependency update bot (Dependabot or Renovate) configured?",
    informs_no_level: None,
    remediation: "Enable Dependabot (.github/dependabot.yml) or Renovate (renovate.json) so outdated and vulnerable dependencies arrive as pull requests.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    conclude(
        CHECK.id,
        from_paths(CHECK.id, raw.of(PathKind::DependencyBot), "dependency updates"),
        !raw.manifests.is_empty(),
        "no Dependabot or Renovate configuration found",
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
            (".github/dependabot.yml", "version: 2\n"),
            ("go.mod", "module x\n"),
        ];
        assert_eq!(
            run(&CHECK, &files),
            [(Pass, ".github/dependabot.yml:1".to_string())]
        );
        assert_eq!(
            run(&CHECK, &[("go.mod", "module x\n")]),
            [(Fail, "-".to_string())]
        );
        assert!(run(&CHECK, &[("README.md", "")]).is_empty());
    }
}
