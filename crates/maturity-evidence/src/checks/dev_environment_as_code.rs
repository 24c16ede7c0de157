//! `dev-environment-as-code`: can a development environment be built automatically?

use crate::check::Check;
use crate::checks::support::{conclude, from_paths, has_code};
use crate::finding::Finding;
use crate::raw::{PathKind, RawEvidence};

pub const CHECK: Check = Check {
    id: "dev-environment-as-code",
    question: "Is the development environment defined as code (Dev Container, Nix, Devbox, Vagrant, Gitpod, Tilt)?",
    informs_no_level: None,
    remediation: "Define the development environment as code (a .devcontainer, a Nix flake or Devbox) so a new machine is ready in minutes.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    conclude(
        CHECK.id,
        from_paths(
            CHECK.id,
            raw.of(PathKind::DevEnvironment),
            "development environment",
        ),
        has_code(raw),
        "no development-environment definition found",
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
            outcomes(&CHECK, &[(".devcontainer/devcontainer.json", "{}")]),
            [Pass]
        );
        assert_eq!(outcomes(&CHECK, &[("flake.nix", "")]), [Pass]);
        assert_eq!(outcomes(&CHECK, &[("a.rs", "")]), [Fail]);
    }
}
