//! What can go wrong reading evidence: each error names the file or repository, and keeps its
//! cause as its source so `{:#}` and logs show the whole chain.

use std::path::PathBuf;

use maturity_model::Diagnostics;

/// A saved result or pushed body that is not what its source reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    /// E.g. "not a scan result: missing field `files_seen` at line 3 column 1", or "not JSON:
    /// EOF while parsing a value at line 2 column 12".
    pub message: String,
}

impl ParseError {
    /// A body that did not read as `what`: not JSON at all, or JSON of another shape.
    pub(crate) fn json(what: &str, error: &serde_json::Error) -> Self {
        let message = if error.is_data() {
            format!("{what}: {error}")
        } else {
            format!("not JSON: {error}")
        };
        Self {
            line: error.line(),
            column: error.column(),
            message,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// `[evidence]` names a key no source reads.
    #[error("{0}")]
    Config(#[from] Diagnostics),
    #[error("cannot read {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{error}", path.display())]
    Parse { path: PathBuf, error: ParseError },
    /// A repository a source could not read; `context` says which and how.
    #[error("{context}")]
    Repository {
        context: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}
