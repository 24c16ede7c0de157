//! `toolchain-pinned`: is the toolchain version pinned in the repository?

use crate::check::Check;
use crate::checks::support::{conclude, from_paths, has_code};
use crate::finding::Finding;
use crate::raw::{PathKind, RawEvidence};

pub const CHECK: Check = Check {
    id: "toolchain-pinned",
    question: "Is the toolchain version pinned (rust-toolchain.toml, .nvmrc, .python-version, .tool-versions, global.json, …)?",
    informs_no_level: None,
    remediation: "Pin the compiler or runtime version in a file the tools read (rust-toolchain.toml, .nvmrc, .python-version, global.json, .tool-versions) so every developer and CI use the same one.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    conclude(
        CHECK.id,
        from_paths(CHECK.id, raw.of(PathKind::ToolchainPin), "toolchain pinned"),
        has_code(raw),
        "no toolchain version file found",
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
            outcomes(&CHECK, &[("rust-toolchain.toml", ""), ("src/lib.rs", "")]),
            [Pass]
        );
        assert_eq!(outcomes(&CHECK, &[(".nvmrc", "20")]), [Pass]);
        assert_eq!(outcomes(&CHECK, &[("src/lib.rs", "")]), [Fail]);
    }
}
