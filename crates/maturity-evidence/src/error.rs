//! Errors that stop a scan before it starts. Everything that goes wrong inside the scanned
//! tree (a broken file, an unreadable directory) is a finding or a warning instead, so one bad
//! file never costs the user the rest of the scan.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("{}: no such file or directory (give the path of a repository's working tree)", .path.display())]
    NotFound { path: PathBuf },
    #[error("{}: not a directory (give the path of a repository's working tree, not a file in it)", .path.display())]
    NotADirectory { path: PathBuf },
    #[error("{}: cannot be read (check its permissions, or scan as a user who may read it)", .path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}
