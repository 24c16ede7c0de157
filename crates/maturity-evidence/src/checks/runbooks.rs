//! `runbooks`: are operational procedures written down?

use crate::check::Check;
use crate::checks::support::{conclude, from_paths, has_code};
use crate::finding::Finding;
use crate::raw::{PathKind, RawEvidence};

pub const CHECK: Check = Check {
    id: "runbooks",
    question: "Are runbooks or on-call procedures kept in the repository?",
    informs_no_level: Some(
        "What runbooks are worth depends on whether they are current and used, which their presence cannot show; the deployment and monitoring levels read the automation instead.",
    ),
    remediation: "Write runbooks for the alerts and routine operations (restart, roll back, restore) next to the code, so whoever is on call can act without asking.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    conclude(
        CHECK.id,
        from_paths(CHECK.id, raw.of(PathKind::Runbook), "operations documentation"),
        has_code(raw),
        "no runbooks or on-call documentation found",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::outcomes;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        assert_eq!(outcomes(&CHECK, &[("docs/runbooks/restart.md", "")]), [Pass]);
        assert_eq!(outcomes(&CHECK, &[("RUNBOOK.md", "")]), [Pass]);
        assert_eq!(outcomes(&CHECK, &[("a.go", "")]), [Fail]);
    }
}
