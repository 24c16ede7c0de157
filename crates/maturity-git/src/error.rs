//! The errors of reading a repository and exports: each says where (the repository path, or
//! the export file and line) and what to do.

use std::path::PathBuf;

use maturity_model::Diagnostics;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: not a git repository ({reason}); pass the path of a clone", path.display())]
    NotARepository { path: PathBuf, reason: String },
    /// The repository exists but cannot be read the way we need (a SHA-256 repository, a
    /// reader thread that died).
    #[error("{}: {message}", path.display())]
    Git { path: PathBuf, message: String },
    /// The repository could not be read (corrupt objects, permissions); `context` says where
    /// in it, the source what gix saw. The message says what to do, since the cause (a pack
    /// entry "truncated", an object "missing") rarely does.
    #[error(
        "{}{}{context} (the repository cannot be read: `git fsck` names what is damaged; fix permissions or clone it afresh)",
        path.display(),
        if context.is_empty() { "" } else { ": " }
    )]
    Gix {
        path: PathBuf,
        context: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// A silos breakdown deeper than [`crate::silos::MAX_DEPTH`].
    #[error("a silo depth of {depth} is over the limit of {max} directory levels; ask for {max} or fewer")]
    SiloDepth { depth: usize, max: usize },
    #[error("cannot read {}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A malformed export, benchmark file, pattern or date: every problem with file and line.
    /// Transparent: the diagnostics are the message, and printing the chain must not repeat
    /// them as their own cause.
    #[error(transparent)]
    Input(#[from] Diagnostics),
}

impl Error {
    pub(crate) fn git(path: &std::path::Path, message: impl std::fmt::Display) -> Self {
        Self::Git {
            path: path.to_path_buf(),
            message: message.to_string(),
        }
    }

    /// A gix error met at `context` (a ref, a commit; empty for the repository as a whole).
    pub(crate) fn gix(
        path: &std::path::Path,
        context: impl std::fmt::Display,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self::Gix {
            path: path.to_path_buf(),
            context: context.to_string(),
            source: source.into(),
        }
    }
}
