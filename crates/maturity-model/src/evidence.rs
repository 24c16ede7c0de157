//! Evidence as plain data: the level that something other than a respondent (a repository
//! scan, git history, CI exports) supports for a criterion, and what supports it. Producers
//! (the scanner, the metrics) convert their own results into this; scoring only reads it.

use serde::{Deserialize, Serialize};

/// One source's observed level for one criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObservedLevel {
    pub criterion: String,
    /// 1..=4.
    pub level: u8,
    /// The documented rule that turned the evidence into this level.
    pub rule: String,
    /// Where the evidence comes from, e.g. `scan of ../falcon-api` or `git history of .`.
    pub source: String,
    /// What was seen, each with its place when it has one.
    pub evidence: Vec<Evidence>,
}

/// One piece of evidence behind an observed level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub message: String,
    /// `file:line`, a commit, or another place a reader can check.
    pub location: Option<String>,
}
