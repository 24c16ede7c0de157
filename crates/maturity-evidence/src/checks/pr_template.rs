//! `pr-template`: do pull requests start from a template with the team's checklist?

use crate::check::Check;
use crate::checks::support::{conclude, from_paths, has_code};
use crate::finding::Finding;
use crate::raw::{PathKind, RawEvidence};

pub const CHECK: Check = Check {
    id: "pr-template",
    question: "Is there a pull or merge request template?",
    informs_no_level: None,
    remediation: "Add .github/pull_request_template.md (or .gitlab/merge_request_templates/) with the checks a reviewer expects: tests added, docs updated, risk and rollback noted.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    conclude(
        CHECK.id,
        from_paths(CHECK.id, raw.of(PathKind::PrTemplate), "review template"),
        has_code(raw),
        "no pull or merge request template found",
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
            outcomes(&CHECK, &[(".github/PULL_REQUEST_TEMPLATE.md", "")]),
            [Pass]
        );
        assert_eq!(
            outcomes(&CHECK, &[(".gitlab/merge_request_templates/Default.md", "")]),
            [Pass]
        );
        assert_eq!(outcomes(&CHECK, &[("a.cs", "")]), [Fail]);
    }
}
