//! Evidence from a repository's working tree: a scanner whose checks explain every observed
//! level.
//!
//! The crate works in three steps, kept apart so that checks never touch the file system
//! and can be tested on evidence built in memory:
//! 1. **collect** ([`collect`]): walk the tree in parallel, classify every file by its path,
//!    read only the files some check needs, and produce [`RawEvidence`];
//! 2. **judge** ([`checks`]): each check, one per file under `checks/`, turns raw evidence
//!    into [`Finding`]s with the file and line that prove them;
//! 3. **score** ([`levels`]): documented rules fold findings into [`ObservedLevel`]s.
//!
//! [`scan`] runs all three and returns a [`ScanReport`]; [`render`] shows it as a table,
//! JSON or SARIF on any writer. The crate never writes files, never runs what it finds and
//! never follows a symbolic link. It knows nothing of scoring, reports, storage or the CLI;
//! it uses `maturity-model` only to speak the assessment's vocabulary
//! ([`ScanReport::model_levels`]).

pub mod check;
pub mod checks;
pub mod collect;
pub mod config;
pub mod docs;
pub mod error;
pub mod finding;
pub mod levels;
pub mod raw;
pub mod render;
pub mod report;
pub mod text;
pub mod yaml;

pub use check::Check;
pub use collect::{Progress, collect_files};
pub use config::ScanConfig;
pub use docs::checks_markdown;
pub use error::ScanError;
pub use finding::{Finding, Outcome};
pub use levels::ObservedLevel;
pub use raw::RawEvidence;
pub use render::Format;
pub use report::ScanReport;

/// Scans a working tree: collect, judge, score.
pub fn scan(config: &ScanConfig) -> Result<ScanReport, ScanError> {
    scan_with_progress(config, &|_| {})
}

/// [`scan`], reporting progress to `progress` (called from worker threads; print it to
/// stderr, never to the results' writer).
pub fn scan_with_progress(
    config: &ScanConfig,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<ScanReport, ScanError> {
    let raw = collect::collect(config, progress)?;
    Ok(ScanReport::from_raw(&config.root.display().to_string(), &raw))
}
