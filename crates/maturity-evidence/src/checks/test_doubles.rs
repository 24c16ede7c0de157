//! `test-doubles`: can tests replace or run their external dependencies locally?

use crate::check::Check;
use crate::checks::support::{conclude, from_deps};
use crate::finding::Finding;
use crate::raw::{RawEvidence, TestKind};

pub const CHECK: Check = Check {
    id: "test-doubles",
    question: "Do the tests use test doubles or local stand-ins for external systems (mocking libraries, WireMock, Testcontainers)?",
    informs_no_level: None,
    remediation: "Make every test runnable on a developer's machine: replace external systems with test doubles (mockall, Mockito, Moq, unittest.mock, nock, WireMock) or run them locally (Testcontainers, compose).",
    run,
};

const LIBRARIES: &[&str] = &[
    "mockall",
    "mockito",
    "wiremock*",
    "httpmock",
    "testcontainers*",
    "@testcontainers/*",
    "org.testcontainers*",
    "sinon",
    "nock",
    "msw",
    "jest-mock-extended",
    "testdouble",
    "pytest-mock",
    "responses",
    "moto",
    "respx",
    "freezegun",
    "mockito-core",
    "mockito-junit-jupiter",
    "mockk",
    "moq",
    "nsubstitute",
    "fakeiteasy",
    "wiremock.net",
    "github.com/golang/mock",
    "go.uber.org/mock",
    "github.com/jarcoal/httpmock",
    "github.com/testcontainers/*",
    "github.com/vektra/mockery*",
    "webmock",
    "rspec-mocks",
];

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let has_tests = raw
        .code
        .values()
        .any(|s| s.count(TestKind::Unit) + s.count(TestKind::Integration) > 0);
    conclude(
        CHECK.id,
        from_deps(CHECK.id, raw, LIBRARIES, "test doubles"),
        has_tests,
        "no mocking or local stand-in library among the dependencies (hand-written doubles are not visible here)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::outcomes;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        let cargo = "[package]\nname = \"x\"\n[dev-dependencies]\nmockall = \"0.13\"\n";
        assert_eq!(outcomes(&CHECK, &[("Cargo.toml", cargo)]), [Pass]);
        assert_eq!(outcomes(&CHECK, &[("a_test.go", "")]), [Fail]);
        assert!(outcomes(&CHECK, &[("a.go", "")]).is_empty());
    }
}
