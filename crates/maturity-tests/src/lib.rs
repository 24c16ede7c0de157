//! Test results and coverage, read from the files CI tools write, and judged.
//!
//! Readers stream JUnit XML as real producers write it (Surefire and Failsafe with their
//! rerun and flaky elements, Gradle, pytest, jest-junit, mocha, go-junit-report, gotestsum,
//! cargo-nextest, Catch2, CUnit, Robot Framework, PHPUnit, Marathon, GoogleTest, nested
//! suites), .NET TRX, NUnit 2 and 3 and xUnit.net v2 XML, CUnit's own automated XML, and
//! coverage as Cobertura, JaCoCo, LCOV and Go cover profiles. A reader keeps one test case
//! (or one coverage line) at a time, so memory grows with the largest test case and the
//! number of distinct tests, never with the file. Counting (retries, flakiness across runs, broken runs), the kinds of test and the
//! observed levels of the `testing` model are pure functions over what was read;
//! docs/tests.md is their contract.
//!
//! Everything here takes text or a reader, except [`walk`], the thin layer that lists report
//! files under the paths a user names. This crate must not depend on the other product
//! crates beyond `maturity-model` (for observed levels): the CLI, the evidence sources and
//! the report read test results through it, not the other way round.

pub mod cdevents;
mod count;
mod coverage;
mod cunit;
mod dotnet;
mod error;
mod junit;
mod kinds;
mod levels;
mod nunit2;
mod report;
pub mod walk;
mod xml;

pub use count::{Attempt, Outcome, RunBuilder, analyze};
pub use coverage::{
    COVERAGE_SCHEMA, Counter, CoverageBuilder, CoverageFormat, CoverageReport, Covered, KindCoverage,
    ReportCoverage, Span, Unit, read_coverage,
};
pub use error::{ReadError, Unreadable};
pub use junit::{ReportFormat, read_report};
pub use kinds::{Kind, KindRules};
pub use levels::{coverage_levels, test_levels};
pub use report::{
    FlakyTest, KindTotals, Run, SCHEMA, SlowTest, TestRecord, TestsReport, TestsSummary, Totals,
};

/// The longest raw report a saved or pushed piece of evidence may be (the web's body limit):
/// one run's report fits, and a larger run is saved as `maturity tests --format json`.
pub const MAX_PUSHED_REPORT: usize = 16 * 1024 * 1024;
