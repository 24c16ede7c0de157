//! What can stop a gate before it judges anything: a policy or a report that cannot be read
//! as one. A policy that does not hold is not an error; it is a `Verdict` with failures.

use maturity_model::Diagnostics;

#[derive(Debug, thiserror::Error)]
pub enum GateError {
    /// Every problem of the policy file, each with its file, line and what to do.
    #[error("{0}")]
    Policy(Diagnostics),
    /// A report JSON that does not parse, or lacks a key the gate reads.
    #[error("{place}: {message} (give the JSON that `maturity report DIR --format json` writes)")]
    Report {
        /// `FILE:LINE:COLUMN` for a file read, or the directory a report was built from.
        place: String,
        message: String,
    },
    /// Valid JSON, but not a report of a schema this version reads.
    #[error(
        "{file}: not a maturity report: schema is {found} (give the JSON that `maturity report DIR --format json` writes; this version reads {expected})"
    )]
    NotAReport {
        file: String,
        found: String,
        expected: &'static str,
    },
    /// The policy compares with a baseline that was not given.
    #[error(
        "{file}:{line}: max_regression compares with a baseline report, and none was given (pass --baseline REPORT.json or an assessment directory, or remove max_regression)"
    )]
    NoBaseline { file: String, line: usize },
}
