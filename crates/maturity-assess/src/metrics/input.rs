//! What the metrics are computed from, as plain data: the history, the release tags, and
//! optionally deployments, incidents and per-commit changed directories.
//!
//! Readers (the git reader, the CSV/JSON export readers) fill these in; nothing here reads a
//! file or a repository.

use serde::{Deserialize, Serialize};

use super::history::History;

/// A release tag that matched the release pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// The tag name without `refs/tags/`.
    pub name: String,
    /// Tagger time for an annotated tag, commit time (committer) for a lightweight one.
    pub time: i64,
    /// The commit it points at.
    pub commit: u32,
    pub annotated: bool,
    /// The name matches a hotfix pattern: the release was made to fix, not to ship.
    pub hotfix: bool,
}

/// How a deployment ended, as the export says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeployStatus {
    Success,
    Failure,
    RolledBack,
}

/// Why a deployment was made, when it was not to ship new work: what makes it rework.
/// Ordered by how a deployment is described when several apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReworkKind {
    /// It deployed an earlier version again.
    Rollback,
    /// It shipped a commit reverting an earlier change.
    Revert,
    /// From a hotfix branch or tag.
    Hotfix,
    /// A fix of a user-facing bug shipped forward, as the event says.
    FixForward,
}

impl ReworkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rollback => "rollback",
            Self::Revert => "revert",
            Self::Hotfix => "hotfix",
            Self::FixForward => "fix-forward",
        }
    }
}

/// One line of a deployments export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployment {
    /// An id that incidents may refer to.
    pub id: Option<String>,
    pub time: i64,
    pub environment: String,
    /// The version (often a tag name) deployed, as the export says.
    pub version: Option<String>,
    /// The commit deployed, as the export says (a hash or a prefix).
    pub commit_ref: Option<String>,
    /// The commit, resolved against the history: from `commit_ref`, else from a tag named
    /// `version`. `None` when neither resolves; the deployment still counts for frequency.
    pub commit: Option<u32>,
    pub status: DeployStatus,
    /// What the event says the deployment was for (`kind`), or `Hotfix` when its version
    /// matches a hotfix pattern; `None` for ordinary deployments.
    pub kind: Option<ReworkKind>,
    /// The service deployed, as the export says; `None` for a repository that is one service.
    pub service: Option<String>,
    /// 1-based line in the export, for explanations.
    pub line: usize,
}

/// One line of an incidents export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incident {
    pub id: Option<String>,
    pub opened: i64,
    /// `None` while the incident is open.
    pub resolved: Option<i64>,
    /// The id of the deployment that caused it.
    pub deployment: Option<String>,
    /// The version that caused it.
    pub version: Option<String>,
    /// The commit that caused it, as the export says.
    pub commit_ref: Option<String>,
    /// `commit_ref` resolved against the history.
    pub commit: Option<u32>,
    /// The service it hit, as the export says.
    pub service: Option<String>,
    pub line: usize,
}

/// The directories each commit changed, cut to the configured depth: what knowledge silos
/// are computed from. Merge commits have no entries (their changes belong to the commits they
/// merge).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DirChanges {
    /// Directory paths, `/`-separated; `.` for files at the top of the repository.
    pub dirs: Vec<String>,
    /// `(commit, dir)` pairs, each at most once.
    pub entries: Vec<(u32, u32)>,
    /// The depth the paths were cut at.
    pub depth: usize,
}

/// A data-quality warning: the numbers are computed, but a reader should know this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// Stable, kebab-case: `no-release-tags`, `shallow-clone`, `squash-merged`, …
    pub code: String,
    pub message: String,
}

impl Warning {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.to_string(),
            message: message.into(),
        }
    }
}

/// Everything the metrics are computed from.
#[derive(Debug, Clone, Default)]
pub struct Input {
    pub history: History,
    /// Release tags, in any order.
    pub releases: Vec<Release>,
    /// `Some` when a deployments export was given: production deployments then replace
    /// releases as the delivery events.
    pub deployments: Option<Vec<Deployment>>,
    pub incidents: Option<Vec<Incident>>,
    /// `Some` when the silos stage ran.
    pub changes: Option<DirChanges>,
    /// Commits that came from a hotfix branch (its tip, or a merge of it), with the branch:
    /// a delivery first shipping one is rework.
    pub hotfix_commits: Vec<(u32, String)>,
    /// Warnings the readers raised (skipped tags, unresolved commits, …).
    pub warnings: Vec<Warning>,
}
