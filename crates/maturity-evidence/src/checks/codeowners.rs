//! `codeowners`: does every path have owners who review changes to it?

use crate::check::Check;
use crate::checks::support::{conclude, from_paths, has_code};
use crate::finding::Finding;
use crate::raw::{PathKind, RawEvidence};

pub const CHECK: Check = Check {
    id: "codeowners",
    question: "Is there a CODEOWNERS file assigning reviewers to parts of the code?",
    informs_no_level: None,
    remediation: "Add a CODEOWNERS file (root, .github/ or docs/) so the right people are asked to review each change, and require their review before merging.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    conclude(
        CHECK.id,
        from_paths(CHECK.id, raw.of(PathKind::Codeowners), "code review owners"),
        has_code(raw),
        "no CODEOWNERS file found",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::outcomes;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        assert_eq!(outcomes(&CHECK, &[(".github/CODEOWNERS", "* @team")]), [Pass]);
        assert_eq!(outcomes(&CHECK, &[("src/CODEOWNERS", ""), ("a.go", "")]), [Fail]);
    }
}
