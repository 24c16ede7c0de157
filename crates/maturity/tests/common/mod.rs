//! What the gate and CI-template tests share: a git repository built with fixed dates.
//! (`cli.rs` keeps its own copy, older and with more in it.)

use std::fs;
use std::path::Path;
use std::process::Command;

/// Runs git in `dir` with fixed identity and dates, so histories are the same on every run.
pub fn git(dir: &Path, args: &[&str], date: &str) {
    let status = Command::new("git")
        .args(["-c", "user.name=Ann", "-c", "user.email=ann@example.com"])
        .args(["-c", "tag.gpgSign=false", "-c", "commit.gpgSign=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// Writes `text` to `dir/name`, creating the folders on the way.
pub fn put(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().expect("a file in a folder")).expect("mkdir");
    fs::write(path, text).expect("write");
}

/// A repository in `dir` with CI that runs the tests, and six monthly releases whose commits
/// were written two days before each release: lead time high, deployment frequency medium.
pub fn fixture_repository(dir: &Path) {
    put(
        dir,
        ".github/workflows/ci.yml",
        "on:\n  push:\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cargo test\n",
    );
    put(
        dir,
        "Cargo.toml",
        "[package]\nname = \"x\"\nversion = \"0.1.0\"\n",
    );
    git(dir, &["init", "-q", "-b", "main"], "2026-01-01T00:00:00Z");
    for month in 1..=6 {
        put(
            dir,
            "src/main.rs",
            &format!("fn main() {{ println!(\"{month}\"); }}\n"),
        );
        git(dir, &["add", "-A"], "2026-01-01T00:00:00Z");
        let message = format!("change {month}");
        git(
            dir,
            &["commit", "-q", "-m", &message],
            &format!("2026-0{month}-01T10:00:00Z"),
        );
        let tag = format!("v1.{month}.0");
        git(
            dir,
            &["tag", "-a", &tag, "-m", "release"],
            &format!("2026-0{month}-03T10:00:00Z"),
        );
    }
}
