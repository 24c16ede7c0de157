//! The result of `maturity tests` as data; its serde form is the JSON contract of
//! docs/tests.md, and a saved result reads back through the same types.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::count::Outcome;
use crate::error::Unreadable;
use crate::kinds::Kind;

/// Names the JSON shape; bumped when a key is renamed or removed.
pub const SCHEMA: &str = "maturity-tests/1";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub tests: u64,
    pub passed: u64,
    pub failed: u64,
    pub errored: u64,
    pub skipped: u64,
    /// Passed, but only after a failed attempt (a subset of `passed`).
    pub flaky: u64,
}

impl Totals {
    pub(crate) fn add(&mut self, outcome: Outcome, flaky: bool) {
        self.tests += 1;
        match outcome {
            Outcome::Passed => self.passed += 1,
            Outcome::Failed => self.failed += 1,
            Outcome::Errored => self.errored += 1,
            Outcome::Skipped => self.skipped += 1,
        }
        if flaky {
            self.flaky += 1;
        }
    }

    /// Passed tests per hundred that ran (skipped ones did not); none when nothing ran.
    pub fn pass_rate(&self) -> Option<f64> {
        let ran = self.tests - self.skipped;
        #[allow(clippy::cast_precision_loss)]
        (ran > 0).then(|| self.passed as f64 * 100.0 / ran as f64)
    }
}

/// One run: one PATH argument (a file or every report under a directory), or one pushed file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    pub path: String,
    pub totals: Totals,
    /// The sum of the tests' durations.
    pub duration_s: f64,
    /// More than 80 % of its tests failed or errored: left out of flakiness.
    pub broken: bool,
    /// Report files read into this run.
    pub files: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestRecord {
    /// Shared with the other tests of the suite, class or name: two million tests hold no
    /// copy of their suite's and class's names each.
    pub suite: Arc<str>,
    pub class: Arc<str>,
    pub name: Arc<str>,
    /// In the last run that has the test.
    pub outcome: Outcome,
    pub flaky: bool,
    /// In the last run that has the test, all its attempts together.
    pub duration_s: f64,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlakyTest {
    pub suite: Arc<str>,
    pub class: Arc<str>,
    pub name: Arc<str>,
    /// Outcome changes between consecutive runs / (runs − 1); 0 when seen in one run.
    pub flip_rate: f64,
    /// Runs (not broken) where the test passed or failed.
    pub runs: u64,
    /// Runs where it passed only after a failed attempt.
    pub flaky_runs: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlowTest {
    pub suite: Arc<str>,
    pub class: Arc<str>,
    pub name: Arc<str>,
    pub duration_s: f64,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KindTotals {
    pub kind: Kind,
    pub totals: Totals,
}

/// `maturity tests --format json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestsReport {
    pub schema: String,
    pub runs: Vec<Run>,
    /// Over the distinct tests, each as in its last run; for one run, that run's totals.
    pub totals: Totals,
    pub tests: Vec<TestRecord>,
    /// Most flip-prone first.
    pub flaky: Vec<FlakyTest>,
    /// The ten slowest tests, slowest first.
    pub slowest: Vec<SlowTest>,
    /// Totals per kind of test, in the order unit, integration, system, performance, security.
    pub kinds: Vec<KindTotals>,
    pub unreadable: Vec<Unreadable>,
}

/// A report without its per-test list: what the assessment report shows and keeps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestsSummary {
    pub runs: Vec<Run>,
    pub totals: Totals,
    pub flaky: Vec<FlakyTest>,
    pub slowest: Vec<SlowTest>,
    pub kinds: Vec<KindTotals>,
    pub unreadable: Vec<Unreadable>,
}

impl TestsReport {
    /// Reads a saved `maturity tests --format json` result.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        let report: Self = serde_json::from_str(text)?;
        if report.schema != SCHEMA {
            return Err(serde::de::Error::custom(format!(
                "schema `{}` is not `{SCHEMA}`",
                report.schema
            )));
        }
        Ok(report)
    }

    pub fn summary(&self) -> TestsSummary {
        TestsSummary {
            runs: self.runs.clone(),
            totals: self.totals,
            flaky: self.flaky.clone(),
            slowest: self.slowest.clone(),
            kinds: self.kinds.clone(),
            unreadable: self.unreadable.clone(),
        }
    }
}
