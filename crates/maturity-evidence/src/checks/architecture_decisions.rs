//! `architecture-decisions`: are architecture decisions recorded?

use crate::check::Check;
use crate::checks::support::{conclude, has_code};
use crate::finding::Finding;
use crate::raw::{PathKind, RawEvidence};

pub const CHECK: Check = Check {
    id: "architecture-decisions",
    question: "Are architecture decision records (ADRs) kept?",
    informs_no_level: Some(
        "Decision records show that architecture is discussed, not how current the technology is or how the system is split, which is what the technology-and-architecture levels ask.",
    ),
    remediation: "Record significant decisions as short ADRs (docs/adr/NNNN-title.md): context, decision, consequences.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let adrs = raw.of(PathKind::Adr);
    let passes = adrs
        .first()
        .map(|first| {
            Finding::pass(
                CHECK.id,
                &first.path,
                first.line,
                format!("{} architecture decision records", adrs.len()),
            )
        })
        .into_iter()
        .collect();
    conclude(
        CHECK.id,
        passes,
        has_code(raw),
        "no architecture decision records found",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        let files = [("docs/adr/0002-b.md", ""), ("docs/adr/0001-a.md", "")];
        assert_eq!(run(&CHECK, &files), [(Pass, "docs/adr/0001-a.md:1".to_string())]);
        assert_eq!(run(&CHECK, &[("a.go", "")]), [(Fail, "-".to_string())]);
    }
}
