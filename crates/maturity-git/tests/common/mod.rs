//! Test repositories built with `git` at fixed dates, so every lead time is known exactly.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use maturity_assess::metrics::Metrics;
use maturity_git::{MetricsConfig, Report, metrics};

/// 2024-01-01T00:00:00Z.
pub const T0: i64 = 1_704_067_200;
pub const HOUR: i64 = 3_600;
pub const DAY: i64 = 86_400;

pub struct Repo {
    pub dir: tempfile::TempDir,
}

/// `git` isolated from the user's configuration, in `dir`.
pub fn git_in(dir: &Path, args: &[&str], time: Option<(i64, i64)>) -> String {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Ann")
        .env("GIT_AUTHOR_EMAIL", "ann@example.com")
        .env("GIT_COMMITTER_NAME", "Ann")
        .env("GIT_COMMITTER_EMAIL", "ann@example.com");
    if let Some((author, committer)) = time {
        cmd.env("GIT_AUTHOR_DATE", format!("@{author} +0000"))
            .env("GIT_COMMITTER_DATE", format!("@{committer} +0000"));
    }
    let out = cmd.output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

impl Repo {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        git_in(dir.path(), &["init", "-q", "-b", "main"], None);
        Self { dir }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    pub fn git(&self, args: &[&str]) -> String {
        git_in(self.dir.path(), args, None)
    }

    pub fn git_at(&self, args: &[&str], time: i64) -> String {
        git_in(self.dir.path(), args, Some((time, time)))
    }

    /// Writes `file` (unique content) and commits it with author and committer time `time`;
    /// returns the commit id.
    pub fn commit(&self, file: &str, time: i64) -> String {
        self.commit_as(file, time, time, "ann@example.com")
    }

    pub fn commit_as(&self, file: &str, author: i64, committer: i64, email: &str) -> String {
        let path = self.dir.path().join(file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        let previous = std::fs::read_to_string(&path).unwrap_or_default();
        std::fs::write(&path, format!("{previous}{author}\n")).expect("write");
        git_in(self.dir.path(), &["add", file], None);
        let mut cmd = Command::new("git");
        let out = cmd
            .current_dir(self.dir.path())
            .args(["commit", "-q", "-m", &format!("change {file} at {author}")])
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", email)
            .env("GIT_AUTHOR_EMAIL", email)
            .env("GIT_COMMITTER_NAME", "Ann")
            .env("GIT_COMMITTER_EMAIL", "ann@example.com")
            .env("GIT_AUTHOR_DATE", format!("@{author} +0000"))
            .env("GIT_COMMITTER_DATE", format!("@{committer} +0000"))
            .output()
            .expect("git commit");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        self.git(&["rev-parse", "HEAD"])
    }

    /// An annotated tag with tagger time `time`.
    pub fn tag(&self, name: &str, time: i64) {
        self.git_at(&["tag", "-a", name, "-m", name], time);
    }

    pub fn lightweight_tag(&self, name: &str) {
        self.git(&["tag", name]);
    }

    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        path
    }
}

pub fn config(path: &Path, now: i64) -> MetricsConfig {
    let mut config = MetricsConfig::new(path, now);
    config.explain_commits = true;
    config
}

pub fn run(config: &MetricsConfig) -> Report {
    metrics(config).unwrap_or_else(|e| panic!("metrics failed: {e}"))
}

/// The lead time in hours of a commit, by full id, from `commits[]`.
pub fn lead(metrics: &Metrics, id: &str) -> (Option<String>, Option<f64>) {
    let commits = metrics.commits.as_ref().expect("explain_commits");
    let c = commits
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("commit {id} not listed"));
    (c.first_release.clone(), c.lead_time_hours)
}

pub fn has_warning(metrics: &Metrics, code: &str) -> bool {
    metrics.warnings.iter().any(|w| w.code == code)
}
