//! `changelog`: is a changelog kept?

use crate::check::Check;
use crate::checks::support::{conclude, from_paths, has_code};
use crate::finding::Finding;
use crate::raw::{PathKind, RawEvidence};

pub const CHECK: Check = Check {
    id: "changelog",
    question: "Does the repository keep a changelog or release notes?",
    informs_no_level: Some(
        "A changelog shows that changes are recorded, not how version control is used or whether the version in production can be traced, which is what the version-control levels ask.",
    ),
    remediation: "Keep a CHANGELOG.md (ideally generated from conventional commits by the release tool) so every version can be traced to its changes.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    conclude(
        CHECK.id,
        from_paths(CHECK.id, raw.of(PathKind::Changelog), "changelog"),
        has_code(raw),
        "no changelog or release notes found",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::outcomes;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        assert_eq!(outcomes(&CHECK, &[("CHANGELOG.md", ""), ("a.py", "")]), [Pass]);
        assert_eq!(outcomes(&CHECK, &[("a.py", "")]), [Fail]);
        assert_eq!(
            outcomes(&CHECK, &[("vendor/x/CHANGELOG.md", ""), ("a.py", "")]),
            [Fail]
        );
    }
}
