//! Bad input: not a repository, empty and shallow repositories, no tags, commits dated in the
//! future or before 1970, tags at trees and blobs, malformed exports and benchmark files,
//! unparsable dates. Each gives a clear error that says where, or a warning and what could
//! still be computed — never a panic.

mod common;

use common::*;
use maturity_git::{Error, metrics, parse_time};

#[test]
fn not_a_repository() {
    let dir = tempfile::tempdir().expect("temp");
    let err = metrics(&config(dir.path(), T0)).expect_err("not a repo");
    assert!(matches!(err, Error::NotARepository { .. }), "{err}");
    assert!(err.to_string().contains(&dir.path().display().to_string()));
    let missing = dir.path().join("nope");
    let err = metrics(&config(&missing, T0)).expect_err("missing");
    assert!(err.to_string().contains("no such directory"), "{err}");
}

#[test]
fn empty_repository() {
    let r = Repo::new();
    let m = run(&config(&r.path(), T0)).metrics;
    assert_eq!(m.commits_read, 0);
    assert!(has_warning(&m, "empty-repository"), "{:?}", m.warnings);
    assert_eq!(m.lead_time.count, 0);
    assert_eq!(m.bands.lead_time, None);
}

#[test]
fn no_tags() {
    let r = Repo::new();
    r.commit("a", T0);
    r.commit("b", T0 + DAY);
    let m = run(&config(&r.path(), T0 + 2 * DAY)).metrics;
    assert!(has_warning(&m, "no-release-tags"));
    assert!(m.releases.is_empty());
    assert_eq!(m.lead_time.unreleased, 2);
    assert_eq!(m.people.commits, 2);
}

#[test]
fn shallow_clone_says_so_and_computes() {
    let r = Repo::new();
    for i in 0..5 {
        r.commit("a", T0 + i * DAY);
    }
    r.tag("v1.0.0", T0 + 5 * DAY);
    let clone = tempfile::tempdir().expect("temp");
    let url = format!("file://{}", r.path().display());
    git_in(clone.path(), &["clone", "-q", "--depth", "2", &url, "c"], None);
    let path = clone.path().join("c");
    git_in(
        &path,
        &["fetch", "-q", "--depth", "2", "origin", "tag", "v1.0.0"],
        None,
    );
    let m = run(&config(&path, T0 + 6 * DAY)).metrics;
    assert!(has_warning(&m, "shallow-clone"), "{:?}", m.warnings);
    assert_eq!(m.commits_read, 2);
    assert_eq!(m.lead_time.count, 2);
    assert_eq!(m.lead_time.median_hours, Some(36.0));
}

#[test]
fn future_and_pre_1970_commits() {
    let r = Repo::new();
    r.commit("a", T0);
    r.commit("b", T0 + 400 * DAY);
    let m = run(&config(&r.path(), T0 + DAY)).metrics;
    assert!(has_warning(&m, "future-commits"), "{:?}", m.warnings);

    // git refuses negative dates on the command line: write the commit object by hand.
    let r = Repo::new();
    let tree = r.git(&["write-tree"]);
    let body = format!("tree {tree}\nauthor A <a@x> -86400 +0000\ncommitter A <a@x> -86400 +0000\n\nold\n");
    let file = r.write("commit.txt", &body);
    let id = r.git(&[
        "hash-object",
        "-t",
        "commit",
        "-w",
        "--literally",
        &file.display().to_string(),
    ]);
    r.git(&["update-ref", "refs/heads/main", &id]);
    r.git(&["update-ref", "refs/tags/v0.1.0", &id]);
    let m = run(&config(&r.path(), T0)).metrics;
    assert!(has_warning(&m, "commits-before-1970"), "{:?}", m.warnings);
    assert_eq!(m.releases[0].time, "1969-12-31T00:00:00Z");
}

#[test]
fn tags_at_trees_and_blobs_are_skipped_with_a_warning() {
    let r = Repo::new();
    r.commit("a", T0);
    r.tag("v1.0.0", T0 + HOUR);
    let blob = r.git(&["rev-parse", "HEAD:a"]);
    r.git(&["tag", "v9.9.9", &blob]);
    r.git_at(&["tag", "-a", "v8.8.8", "-m", "tree", "HEAD^{tree}"], T0);
    let m = run(&config(&r.path(), T0 + DAY)).metrics;
    let names: Vec<&str> = m.releases.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["v1.0.0"]);
    let w = m
        .warnings
        .iter()
        .find(|w| w.code == "refs-not-commits")
        .expect("warned");
    assert!(w.message.contains("refs/tags/v9.9.9 (blob)"), "{}", w.message);
    assert!(w.message.contains("refs/tags/v8.8.8 (tree)"), "{}", w.message);
}

#[test]
fn pull_request_refs_are_left_out_by_default() {
    let r = Repo::new();
    r.commit("a", T0);
    r.git(&["checkout", "-q", "-b", "pr"]);
    r.commit("b", T0 + HOUR);
    let pr = r.git(&["rev-parse", "HEAD"]);
    r.git(&["checkout", "-q", "main"]);
    r.git(&["update-ref", "refs/pull/1/head", &pr]);
    r.git(&["branch", "-q", "-D", "pr"]);
    let mut config = config(&r.path(), T0 + DAY);
    assert_eq!(run(&config).metrics.commits_read, 1);
    config.refs.extra_prefixes.push("refs/pull/".to_string());
    assert_eq!(run(&config).metrics.commits_read, 2);
}

#[test]
fn malformed_exports_name_file_and_line_and_compute_nothing() {
    let r = Repo::new();
    r.commit("a", T0);
    let cases = [
        (
            "deploys.csv",
            "time,environment,version\n2024-01-01,production,v1\n2024-01-0x,production,v2\n",
            3,
        ),
        (
            "deploys.json",
            "[\n{\"time\": \"2024-01-01\"},\n{\"time\": 12,}\n]",
            3,
        ),
        (
            "deploys.csv",
            "time,environment\n2024-01-01,production,extra\n",
            2,
        ),
    ];
    for (name, text, line) in cases {
        let file = r.write(name, text);
        let mut config = config(&r.path(), T0 + DAY);
        config.deployments = Some(file.clone());
        let err = metrics(&config).expect_err(text);
        let Error::Input(diagnostics) = &err else {
            panic!("expected an input error, got {err}");
        };
        assert_eq!(diagnostics.0[0].line, Some(line), "{err}");
        assert!(err.to_string().contains(&file.display().to_string()), "{err}");
    }
    let file = r.write("incidents.csv", "opened,resolved\nsoon,2024-01-01\n");
    let mut config = config(&r.path(), T0 + DAY);
    config.incidents = Some(file);
    let err = metrics(&config).expect_err("bad date").to_string();
    assert!(err.contains("incidents.csv:2"), "{err}");
    assert!(err.contains("unparsable date `soon`"), "{err}");
}

#[test]
fn bad_benchmark_file_names_the_line() {
    let r = Repo::new();
    r.commit("a", T0);
    let file = r.write("bands.toml", "id = \"x\"\nname = 3\n");
    let mut config = config(&r.path(), T0 + DAY);
    config.benchmark = Some(file);
    let err = metrics(&config).expect_err("bad toml").to_string();
    assert!(err.contains("bands.toml:2"), "{err}");
}

#[test]
fn unparsable_window_dates() {
    for bad in ["last tuesday", "2024-02-30", "24/01/2024"] {
        let err = parse_time(bad).expect_err(bad);
        assert!(err.contains("2024-01-31"), "{err}");
    }
}

#[test]
fn unparsable_commit_dates_warn() {
    let r = Repo::new();
    let tree = r.git(&["write-tree"]);
    let body =
        format!("tree {tree}\nauthor A <a@x> yesterday +0000\ncommitter A <a@x> 1704067200 +0000\n\nodd\n");
    let file = r.write("commit.txt", &body);
    let id = r.git(&[
        "hash-object",
        "-t",
        "commit",
        "-w",
        "--literally",
        &file.display().to_string(),
    ]);
    r.git(&["update-ref", "refs/heads/main", &id]);
    let m = run(&config(&r.path(), T0 + DAY)).metrics;
    assert!(has_warning(&m, "unparsable-commit-dates"), "{:?}", m.warnings);
    let commits = m.commits.expect("commits");
    // The committer date stands in for the unreadable author date.
    assert_eq!(commits[0].time, "2024-01-01T00:00:00Z");
}
