//! `performance-tests-present`: are there performance or load tests?

use crate::check::Check;
use crate::checks::support::{conclude, from_deps, from_paths, has_code};
use crate::finding::Finding;
use crate::raw::{PathKind, RawEvidence, TestKind};

pub const CHECK: Check = Check {
    id: "performance-tests-present",
    question: "Are there performance or load tests (k6, JMeter, Gatling, Locust, Artillery, benchmark harnesses)?",
    informs_no_level: None,
    remediation: "Write load tests for the critical paths (k6, Gatling, Locust or JMeter) with realistic user behaviour, and keep them in the repository.",
    run,
};

const LIBRARIES: &[&str] = &[
    "k6",
    "@types/k6",
    "locust",
    "io.gatling*",
    "gatling*",
    "jmeter*",
    "jmeter-maven-plugin",
    "artillery",
    "jmh-core",
    "criterion",
    "divan",
    "pytest-benchmark",
    "benchmarkdotnet",
    "nbomber",
    "autocannon",
    "go.k6.io/k6",
];

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let mut passes = from_paths(CHECK.id, raw.of(PathKind::PerfTest), "performance tests");
    for (ecosystem, stats) in &raw.code {
        if let Some((path, line)) = stats.examples.get(&TestKind::Performance).and_then(|e| e.first()) {
            passes.push(Finding::pass(
                CHECK.id,
                path,
                *line,
                format!("{}: performance test files", ecosystem.name()),
            ));
        }
    }
    passes.extend(from_deps(CHECK.id, raw, LIBRARIES, "performance testing tool"));
    conclude(
        CHECK.id,
        passes,
        has_code(raw),
        "no performance or load tests found",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::outcomes;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        assert_eq!(outcomes(&CHECK, &[("load/checkout.jmx", "")]), [Pass]);
        assert_eq!(outcomes(&CHECK, &[("locustfile.py", "")]), [Pass]);
        assert_eq!(outcomes(&CHECK, &[("a.py", "")]), [Fail]);
    }
}
