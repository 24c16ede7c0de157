//! Runs one check over files given in memory.

use crate::check::Check;
use crate::collect::collect_files;
use crate::finding::Outcome;

/// (outcome, location) of each finding, e.g. `(Pass, ".github/workflows/ci.yml:3")`.
pub fn run(check: &Check, files: &[(&str, &str)]) -> Vec<(Outcome, String)> {
    let raw = collect_files(files);
    (check.run)(&raw)
        .into_iter()
        .map(|f| (f.outcome, f.location()))
        .collect()
}

/// Just the outcomes, for cases where the location is not the point.
pub fn outcomes(check: &Check, files: &[(&str, &str)]) -> Vec<Outcome> {
    run(check, files)
        .into_iter()
        .map(|(outcome, _)| outcome)
        .collect()
}
