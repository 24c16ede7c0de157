//! `integration-tests-present`: are there integration tests?

use crate::check::Check;
use crate::checks::support::{conclude, from_deps, has_code};
use crate::finding::Finding;
use crate::raw::{RawEvidence, TestKind};

pub const CHECK: Check = Check {
    id: "integration-tests-present",
    question: "Are there integration tests (Rust tests/, *IT.java, tests/integration, *.IntegrationTests, Testcontainers)?",
    informs_no_level: None,
    remediation: "Test the parts together and against real dependencies (a database in Testcontainers, the HTTP API end to end within the service) in a suite CI runs on every change.",
    run,
};

/// Libraries that exist to test parts together; a general test framework is not among them.
const LIBRARIES: &[&str] = &[
    "testcontainers*",
    "@testcontainers/*",
    "org.testcontainers*",
    "github.com/testcontainers/*",
    "microsoft.aspnetcore.mvc.testing",
    "supertest",
];

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let mut passes = Vec::new();
    for (ecosystem, stats) in &raw.code {
        let count = stats.count(TestKind::Integration);
        if count > 0
            && let Some((path, line)) = stats.examples.get(&TestKind::Integration).and_then(|e| e.first())
        {
            passes.push(Finding::pass(
                CHECK.id,
                path,
                *line,
                format!("{}: {count} integration test files", ecosystem.name()),
            ));
        }
    }
    passes.extend(from_deps(CHECK.id, raw, LIBRARIES, "integration testing library"));
    conclude(
        CHECK.id,
        passes,
        has_code(raw),
        "no integration tests found by path or library",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        assert_eq!(
            run(&CHECK, &[("tests/api.rs", ""), ("src/lib.rs", "")]),
            [(Pass, "tests/api.rs:1".to_string())]
        );
        assert_eq!(
            run(&CHECK, &[("src/test/java/a/OrderIT.java", "")]),
            [(Pass, "src/test/java/a/OrderIT.java:1".to_string())]
        );
        assert_eq!(
            run(&CHECK, &[("a_test.go", ""), ("a.go", "")]),
            [(Fail, "-".to_string())]
        );
    }
}
