//! The errors of reading a repository and exports: each says where (the repository path, or
//! the export file and line) and what to do.

use std::path::PathBuf;

use maturity_model::Diagnostics;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: not a git repository ({reason}); pass the path of a clone", path.display())]
    NotARepository { path: PathBuf, reason: String },
    /// The repository exists but could not be read (corrupt objects, permissions).
    #[error("{}: {message}", path.display())]
    Git { path: PathBuf, message: String },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A malformed export, benchmark file, pattern or date: every problem with file and line.
    #[error("{0}")]
    Input(#[from] Diagnostics),
}

impl Error {
    pub(crate) fn git(path: &std::path::Path, message: impl std::fmt::Display) -> Self {
        Self::Git {
            path: path.to_path_buf(),
            message: message.to_string(),
        }
    }
}
