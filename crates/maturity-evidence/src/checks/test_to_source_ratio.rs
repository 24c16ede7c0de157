//! `test-to-source-ratio`: is there a test file for at least every five source files?

use crate::check::Check;
use crate::finding::Finding;
use crate::raw::{RawEvidence, TestKind};

pub const CHECK: Check = Check {
    id: "test-to-source-ratio",
    question: "Is there at least one test file for every five source files in each ecosystem (ratio ≥ 0.2)?",
    informs_no_level: None,
    remediation: "Grow the test suite where the ratio is low, starting with the modules that change most often; measure coverage to see what the ratio cannot.",
    run,
};

/// Below this many source files a ratio says little.
const MIN_SOURCES: usize = 3;
pub(crate) const THRESHOLD: f64 = 0.2;

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (ecosystem, stats) in &raw.code {
        if stats.sources < MIN_SOURCES {
            continue;
        }
        let tests = stats.test_files();
        #[allow(clippy::cast_precision_loss)]
        let ratio = tests as f64 / stats.sources as f64;
        let message = format!(
            "{}: {tests} test files for {} source files (ratio {ratio:.2})",
            ecosystem.name(),
            stats.sources
        );
        if ratio >= THRESHOLD {
            let example = [
                TestKind::Unit,
                TestKind::Integration,
                TestKind::System,
                TestKind::Performance,
            ]
            .iter()
            .find_map(|kind| stats.examples.get(kind).and_then(|e| e.first()).cloned())
            .unwrap_or_default();
            findings.push(Finding::pass(CHECK.id, &example.0, example.1, message));
        } else {
            findings.push(Finding::fail(CHECK.id, message));
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        let mut files = vec![("tests/a_test.py", "")];
        let sources: Vec<String> = (0..5).map(|i| format!("pkg/m{i}.py")).collect();
        files.extend(sources.iter().map(|s| (s.as_str(), "")));
        assert_eq!(run(&CHECK, &files), [(Pass, "tests/a_test.py:1".to_string())]);
        let many: Vec<String> = (0..6).map(|i| format!("pkg/m{i}.py")).collect();
        let mut files: Vec<(&str, &str)> = many.iter().map(|s| (s.as_str(), "")).collect();
        files.push(("tests/test_a.py", ""));
        assert_eq!(
            run(&CHECK, &files).iter().map(|f| f.0).collect::<Vec<_>>(),
            [Fail]
        );
        assert!(run(&CHECK, &[("a.py", "")]).is_empty());
    }
}
