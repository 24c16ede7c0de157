//! Small histories for the metric modules' tests, built with [`HistoryBuilder`] the way a reader
//! builds them, so that a test's table reads like the history it describes: commit `i` is the
//! `i`-th entry, its parents are earlier entries, HEAD is the last one.

use super::history::{CommitId, CommitInfo, FLAG_SQUASH_SUBJECT, History, HistoryBuilder};
use super::input::{DeployStatus, Deployment, Incident, Release};

pub use super::time::{DAY, HOUR};

/// 2024-01-01T00:00:00Z, a Monday.
pub const T0: i64 = 1_704_067_200;

/// One commit of a test history.
#[derive(Debug, Clone)]
pub struct Commit {
    pub parents: Vec<u32>,
    pub author_time: i64,
    pub committer_time: i64,
    pub author: &'static str,
    pub squash: bool,
}

/// A root commit by `ann`, authored and committed at `t`.
pub fn at(t: i64) -> Commit {
    Commit {
        parents: Vec::new(),
        author_time: t,
        committer_time: t,
        author: "ann@example.com",
        squash: false,
    }
}

impl Commit {
    pub fn after(self, parents: &[u32]) -> Self {
        Self {
            parents: parents.to_vec(),
            ..self
        }
    }

    pub fn by(self, author: &'static str) -> Self {
        Self { author, ..self }
    }

    /// Authored at `t`, committed when [`at`] said.
    pub fn authored(self, t: i64) -> Self {
        Self {
            author_time: t,
            ..self
        }
    }

    pub fn squash(self) -> Self {
        Self { squash: true, ..self }
    }
}

/// The id of commit `i`: distinct per commit and ordered like `i`.
pub fn id(i: u32) -> CommitId {
    let mut bytes = [0_u8; 20];
    bytes[..4].copy_from_slice(&i.to_be_bytes());
    CommitId(bytes)
}

pub fn history(commits: &[Commit]) -> History {
    history_with_reverts(commits, &[])
}

/// `reverts` are `(revert, reverted)` pairs of commit indices.
pub fn history_with_reverts(commits: &[Commit], reverts: &[(u32, u32)]) -> History {
    let mut b = HistoryBuilder::default();
    for (i, commit) in (0_u32..).zip(commits) {
        let (c, new) = b.intern(id(i));
        assert!(new && c == i, "commit {i}: parents must be earlier commits");
        let parents: Vec<u32> = commit
            .parents
            .iter()
            .map(|&p| {
                assert!(p < i, "commit {i}: parent {p} is not earlier");
                p
            })
            .collect();
        b.set_parents(c, &parents);
        let author = b.author(commit.author);
        b.set_info(
            c,
            CommitInfo {
                author_time: commit.author_time,
                committer_time: commit.committer_time,
                author,
                flags: if commit.squash { FLAG_SQUASH_SUBJECT } else { 0 },
            },
        );
    }
    for &(revert, reverted) in reverts {
        b.add_revert(revert, reverted);
    }
    b.set_head(u32::try_from(commits.len()).ok().and_then(|n| n.checked_sub(1)));
    b.build().expect("every commit has its info")
}

/// A line of commits, each the parent of the next, at these times.
pub fn linear(times: &[i64]) -> History {
    let commits: Vec<Commit> = times
        .iter()
        .zip(0_u32..)
        .map(|(&t, i)| match i {
            0 => at(t),
            _ => at(t).after(&[i - 1]),
        })
        .collect();
    history(&commits)
}

/// An annotated release tag `name` at `time` on commit `commit`.
pub fn tag(name: &str, time: i64, commit: u32) -> Release {
    Release {
        name: name.to_string(),
        time,
        commit,
        annotated: true,
        hotfix: false,
    }
}

/// A successful production deployment on line `line` of an export.
pub fn deployment(line: usize, time: i64, commit: Option<u32>) -> Deployment {
    Deployment {
        id: None,
        time,
        environment: "production".to_string(),
        version: None,
        commit_ref: None,
        commit,
        status: DeployStatus::Success,
        kind: None,
        service: None,
        line,
    }
}

/// An incident on line `line` of an export, linked to nothing.
pub fn incident(line: usize, opened: i64, resolved: Option<i64>) -> Incident {
    Incident {
        id: None,
        opened,
        resolved,
        deployment: None,
        version: None,
        commit_ref: None,
        commit: None,
        service: None,
        line,
    }
}
