//! A finding: one answer of one check, with the file and line that prove it.

use serde::{Deserialize, Serialize};

/// What a check concluded from one piece of evidence (or from its absence).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The practice the check asks about is there; `file`/`line` show where.
    Pass,
    /// The practice was looked for and not found (or found wanting).
    Fail,
    /// A file the check needed could not be parsed; the message says where and why.
    CouldNotParse,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail => "fail",
            Outcome::CouldNotParse => "could-not-parse",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Finding {
    /// Id of the check that produced it, e.g. `ci-runs-tests`.
    pub check: String,
    pub outcome: Outcome,
    /// Path relative to the scanned root, `/`-separated; absent when the finding is about
    /// something missing from the whole tree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line in `file` where the evidence is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub message: String,
}

impl Finding {
    pub fn pass(check: &str, file: &str, line: usize, message: impl Into<String>) -> Self {
        Self {
            check: check.to_string(),
            outcome: Outcome::Pass,
            file: Some(file.to_string()),
            line: (line > 0).then_some(line),
            message: message.into(),
        }
    }

    /// A failure about the whole tree: nothing to point at.
    pub fn fail(check: &str, message: impl Into<String>) -> Self {
        Self {
            check: check.to_string(),
            outcome: Outcome::Fail,
            file: None,
            line: None,
            message: message.into(),
        }
    }

    /// A failure that still has a place, e.g. the manifest that lacks a lockfile.
    pub fn fail_at(check: &str, file: &str, line: usize, message: impl Into<String>) -> Self {
        Self {
            file: Some(file.to_string()),
            line: (line > 0).then_some(line),
            ..Self::fail(check, message)
        }
    }

    /// `file:line` or `file` or `-`, for tables and messages.
    pub fn location(&self) -> String {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => format!("{file}:{line}"),
            (Some(file), None) => file.clone(),
            _ => "-".to_string(),
        }
    }
}
