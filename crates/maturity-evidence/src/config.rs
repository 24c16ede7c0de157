//! What a scan is asked to do. A plain struct with defaults, so callers (the CLI, tests, the
//! server) build it field by field instead of passing a row of booleans.

use std::path::PathBuf;

/// Files larger than this are not read: configuration worth judging is never this big, and
/// a generated or vendored giant would only cost time.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 1024 * 1024;

/// At most this many source files are read to find tests kept inside them (Rust's
/// `#[cfg(test)]` modules). The rest are classified by path alone, which keeps a scan of a
/// huge tree close to the cost of listing it.
pub const DEFAULT_MAX_SAMPLED_SOURCES: usize = 2000;

/// At most this many configuration-like files (YAML, Terraform, …) are read for their
/// contents; a warning says when more were left unread.
pub const DEFAULT_MAX_CONFIG_FILES: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanConfig {
    /// The working tree to scan.
    pub root: PathBuf,
    /// Files over this many bytes are skipped and counted as too large.
    pub max_file_size: u64,
    /// See [`DEFAULT_MAX_SAMPLED_SOURCES`].
    pub max_sampled_sources: usize,
    /// See [`DEFAULT_MAX_CONFIG_FILES`].
    pub max_config_files: usize,
    /// Walker threads; 0 picks one per core.
    pub threads: usize,
}

impl ScanConfig {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            max_sampled_sources: DEFAULT_MAX_SAMPLED_SOURCES,
            max_config_files: DEFAULT_MAX_CONFIG_FILES,
            threads: 0,
        }
    }
}
