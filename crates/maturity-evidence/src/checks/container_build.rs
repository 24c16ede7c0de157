//! `container-build`: is the build environment captured in a container definition?

use crate::check::Check;
use crate::checks::support::{conclude, from_paths, has_code};
use crate::finding::Finding;
use crate::raw::{PathKind, RawEvidence};

pub const CHECK: Check = Check {
    id: "container-build",
    question: "Is there a container definition (Dockerfile/Containerfile or a compose file)?",
    informs_no_level: None,
    remediation: "Capture the runtime (and, where useful, the build) environment in a Dockerfile, so every environment runs the same image.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let mut passes = from_paths(CHECK.id, raw.of(PathKind::Container), "container build");
    passes.extend(from_paths(
        CHECK.id,
        raw.of(PathKind::Compose),
        "container composition",
    ));
    conclude(
        CHECK.id,
        passes,
        has_code(raw),
        "no Dockerfile, Containerfile or compose file found",
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
                &[("Dockerfile", "FROM rust\n"), ("compose.yaml", "services: {}\n")]
            ),
            [Pass, Pass]
        );
        assert_eq!(outcomes(&CHECK, &[("app.py", "")]), [Fail]);
    }
}
