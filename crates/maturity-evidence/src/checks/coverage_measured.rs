//! `coverage-measured`: is test coverage measured?

use crate::check::Check;
use crate::checks::support::{conclude, from_deps, from_paths, from_steps, has_code};
use crate::finding::Finding;
use crate::raw::{MarkerKind, PathKind, RawEvidence, StepKind};

pub const CHECK: Check = Check {
    id: "coverage-measured",
    question: "Is test coverage measured (coverage configuration, a coverage tool, or a coverage step in CI)?",
    informs_no_level: Some(
        "Measuring coverage says neither how much is covered nor that it is enforced; the levels read the enforced threshold (`coverage-threshold-high`) instead.",
    ),
    remediation: "Measure coverage in CI (cargo llvm-cov or tarpaulin, jest --coverage, pytest-cov, JaCoCo, coverlet, go test -cover) and publish the report.",
    run,
};

const TOOLS: &[&str] = &[
    "pytest-cov",
    "coverage",
    "nyc",
    "c8",
    "@vitest/coverage-*",
    "jacoco-maven-plugin",
    "jacoco",
    "coverlet.collector",
    "coverlet.msbuild",
    "simplecov",
    "cargo-tarpaulin",
    "cargo-llvm-cov",
];

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let mut passes = from_paths(CHECK.id, raw.of(PathKind::CoverageConfig), "coverage configured");
    passes.extend(from_deps(CHECK.id, raw, TOOLS, "coverage tool"));
    passes.extend(from_steps(
        CHECK.id,
        raw,
        StepKind::Coverage,
        "coverage measured in CI",
    ));
    // A threshold (jest's coverageThreshold, a JaCoCo rule) only exists where coverage is measured.
    for marker in raw.markers_of(MarkerKind::CoverageThreshold) {
        let message = format!("coverage threshold {}%", marker.detail);
        passes.push(Finding::pass(CHECK.id, &marker.path, marker.line, message));
    }
    conclude(CHECK.id, passes, has_code(raw), "test coverage is not measured")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::outcomes;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        assert_eq!(outcomes(&CHECK, &[("codecov.yml", "coverage: {}\n")]), [Pass]);
        assert_eq!(
            outcomes(
                &CHECK,
                &[(".gitlab-ci.yml", "t:\n  script: cargo llvm-cov --lcov\n")]
            ),
            [Pass]
        );
        assert_eq!(outcomes(&CHECK, &[("a.rs", "")]), [Fail]);
    }
}
