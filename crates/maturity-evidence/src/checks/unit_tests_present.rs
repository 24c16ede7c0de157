//! `unit-tests-present`: does each ecosystem in the repository have unit tests, by its own
//! conventions (Rust `#[cfg(test)]`, `*.test.ts`, `test_*.py`, `src/test/java`, `*_test.go`,
//! `*.Tests` projects)?

use crate::check::Check;
use crate::finding::Finding;
use crate::raw::{RawEvidence, TestKind};

pub const CHECK: Check = Check {
    id: "unit-tests-present",
    question: "Does every language in the repository have unit tests, found by that ecosystem's conventions?",
    informs_no_level: None,
    remediation: "Add unit tests where the ecosystem expects them (Rust #[cfg(test)] modules, *.test.ts, tests/test_*.py, src/test/java, *_test.go, a *.Tests project) and run them on every change.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (ecosystem, stats) in &raw.code {
        let count = stats.count(TestKind::Unit);
        if count > 0 {
            let (path, line) = stats
                .examples
                .get(&TestKind::Unit)
                .and_then(|e| e.first())
                .cloned()
                .unwrap_or_default();
            findings.push(Finding::pass(
                CHECK.id,
                &path,
                line,
                format!("{}: {count} unit test files", ecosystem.name()),
            ));
        } else if stats.sources > 0
            && stats.test_files() == 0
            && (stats.sources >= 3 || !tested_elsewhere(raw))
        {
            findings.push(Finding::fail(
                CHECK.id,
                format!(
                    "{}: {} source files and no tests",
                    ecosystem.name(),
                    stats.sources
                ),
            ));
        } else if stats.sources > 0 && stats.test_files() > 0 {
            findings.push(Finding::fail(
                CHECK.id,
                format!(
                    "{}: tests exist but none are unit tests by path",
                    ecosystem.name()
                ),
            ));
        }
    }
    findings
}

/// Whether any ecosystem has tests: then two scripts in another language are helpers, not a
/// project without tests.
fn tested_elsewhere(raw: &RawEvidence) -> bool {
    raw.code.values().any(|stats| stats.test_files() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        let rust = [
            ("src/lib.rs", "pub fn f() {}\n\n#[cfg(test)]\nmod tests {}\n"),
            ("src/other.rs", ""),
        ];
        assert_eq!(run(&CHECK, &rust), [(Pass, "src/lib.rs:3".to_string())]);
        let go = [("a.go", ""), ("a_test.go", "")];
        assert_eq!(run(&CHECK, &go), [(Pass, "a_test.go:1".to_string())]);
        assert_eq!(run(&CHECK, &[("app.py", "")]), [(Fail, "-".to_string())]);
        let helper = [("a.go", ""), ("a_test.go", ""), ("scripts/gen.py", "")];
        assert_eq!(run(&CHECK, &helper), [(Pass, "a_test.go:1".to_string())]);
        assert!(run(&CHECK, &[("README.md", "")]).is_empty());
    }
}
