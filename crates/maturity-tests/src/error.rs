//! What goes wrong reading a report: where (line) and what, in words a user can act on.

use serde::{Deserialize, Serialize};

/// A report that could not be read: the line where reading stopped, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ReadError {
    pub line: usize,
    pub message: String,
    /// Well-formed, but another kind of document (a `pom.xml`): a directory walk passes over
    /// it rather than calling it unreadable.
    pub other_document: bool,
}

impl ReadError {
    pub(crate) fn new(line: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
            other_document: false,
        }
    }

    pub(crate) fn other_document(mut self) -> Self {
        self.other_document = true;
        self
    }
}

/// A file left out of the counts: its path, the line reading stopped at (none when the file
/// could not be opened at all) and why. The JSON of `unreadable[]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{path}{}: {error}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct Unreadable {
    pub path: String,
    pub line: Option<usize>,
    pub error: String,
}

impl Unreadable {
    pub fn at(path: &str, error: &ReadError) -> Self {
        Self {
            path: path.to_string(),
            line: Some(error.line),
            error: error.message.clone(),
        }
    }
}
