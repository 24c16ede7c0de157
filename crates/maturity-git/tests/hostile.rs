//! Hostile repositories (issue 11 point 10): a shallow clone of depth 1, corrupt packs (bytes
//! overwritten in the middle, a truncated pack, a damaged index), a corrupt commit-graph,
//! invalid UTF-8 in names, messages and paths, a 50-level-deep tree, ref symlink loops, an
//! unreadable object directory and a 100 MB one-line export. Each gives metrics (with a
//! warning where something is missing) or an error that names the repository and what broke —
//! never a panic. Times and memory are measured on the release binary (docs/metrics.md).

mod common;

use std::path::{Path, PathBuf};

use common::*;
use maturity_git::{Error, MetricsConfig, metrics};

/// A repository of `n` commits a day apart, tagged every third, packed by `git gc` (which also
/// writes a commit-graph unless `graph` is false).
fn packed(n: i64, graph: bool) -> Repo {
    let r = Repo::new();
    for i in 0..n {
        r.commit(&format!("dir{}/f", i % 4), T0 + i * DAY);
        if i % 3 == 2 {
            r.tag(&format!("v1.{i}.0"), T0 + i * DAY + HOUR);
        }
    }
    let value = if graph { "true" } else { "false" };
    r.git(&[
        "-c",
        &format!("gc.writeCommitGraph={value}"),
        "gc",
        "-q",
        "--aggressive",
    ]);
    if !graph {
        let _ = std::fs::remove_file(r.path().join(".git/objects/info/commit-graph"));
        let _ = std::fs::remove_dir_all(r.path().join(".git/objects/info/commit-graphs"));
    }
    r
}

fn files_with(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    found.sort();
    found
}

fn the_pack(r: &Repo) -> PathBuf {
    let packs = files_with(&r.path().join(".git/objects/pack"), "pack");
    assert_eq!(packs.len(), 1, "{packs:?}");
    packs[0].clone()
}

/// Overwrites `len` bytes at `at` (a fraction of the file) with a pattern.
fn scribble(path: &Path, at: f64, len: usize) {
    use std::os::unix::fs::PermissionsExt;
    // Packs are written read-only.
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let mut bytes = std::fs::read(path).expect("read");
    let start = ((bytes.len() as f64) * at) as usize;
    let end = (start + len).min(bytes.len());
    for (i, b) in bytes[start..end].iter_mut().enumerate() {
        *b = if i % 2 == 0 { 0xA5 } else { 0x5A };
    }
    std::fs::write(path, bytes).expect("write");
}

/// Runs metrics on another thread so a panic is reported as such rather than unwinding into
/// the harness with a less useful message.
fn outcome(config: &MetricsConfig) -> Result<maturity_git::Report, Error> {
    let config = config.clone();
    std::thread::spawn(move || metrics(&config))
        .join()
        .unwrap_or_else(|_| panic!("metrics panicked"))
}

/// The result is metrics, or an error that names the repository and the object or file at
/// fault.
fn assert_metrics_or_clear_error(r: &Repo, config: &MetricsConfig) -> Option<maturity_git::Report> {
    match outcome(config) {
        Ok(report) => Some(report),
        Err(error) => {
            let message = format!("{error:#}");
            assert!(
                message.contains(&r.path().display().to_string()),
                "the error names the repository: {message}"
            );
            // And what to do, since the cause (a pack entry "truncated") rarely says.
            if matches!(error, Error::Gix { .. }) {
                assert!(message.contains("git fsck"), "{message}");
            }
            None
        }
    }
}

fn error_chain(error: &Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[test]
fn a_shallow_clone_of_depth_1_computes_with_a_warning() {
    let r = packed(6, true);
    let clone = tempfile::tempdir().expect("temp");
    let url = format!("file://{}", r.path().display());
    git_in(clone.path(), &["clone", "-q", "--depth", "1", &url, "c"], None);
    let path = clone.path().join("c");
    let m = run(&config(&path, T0 + 10 * DAY)).metrics;
    assert!(has_warning(&m, "shallow-clone"), "{:?}", m.warnings);
    assert_eq!(m.commits_read, 1);
    // The tag at the tip came along: the one commit has a release and a lead time.
    assert_eq!(m.releases.len(), 1, "{:?}", m.releases);
    assert_eq!(m.lead_time.count, 1);
    // A commit-graph written in the shallow clone is not trusted past the boundary.
    git_in(&path, &["commit-graph", "write", "--reachable"], None);
    let m = run(&config(&path, T0 + 10 * DAY)).metrics;
    assert_eq!(m.commits_read, 1);
    assert!(has_warning(&m, "shallow-clone"), "{:?}", m.warnings);
}

#[test]
fn a_pack_overwritten_in_the_middle_is_an_error_naming_the_repository_or_still_computes() {
    for graph in [true, false] {
        for at in [0.1, 0.3, 0.5, 0.7, 0.9] {
            let r = packed(40, graph);
            scribble(&the_pack(&r), at, 64);
            let mut config = config(&r.path(), T0 + 50 * DAY);
            config.silo_depth = Some(2);
            if let Some(report) = assert_metrics_or_clear_error(&r, &config) {
                // Whatever was read is consistent: every commit read is counted once.
                assert!(report.metrics.commits_read <= 40, "graph {graph} at {at}");
            }
        }
    }
}

#[test]
fn a_truncated_pack_is_an_error_naming_the_repository() {
    use std::os::unix::fs::PermissionsExt;
    for graph in [true, false] {
        let r = packed(20, graph);
        let pack = the_pack(&r);
        std::fs::set_permissions(&pack, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let len = std::fs::metadata(&pack).expect("stat").len();
        std::fs::OpenOptions::new()
            .write(true)
            .open(&pack)
            .expect("open")
            .set_len(len / 2)
            .expect("truncate");
        let result = outcome(&config(&r.path(), T0 + 30 * DAY));
        let error = result.expect_err("half the objects are gone");
        let message = format!("{error}");
        assert!(message.contains(&r.path().display().to_string()), "{message}");
        assert!(message.contains("git fsck"), "{message}");
    }
}

#[test]
fn a_damaged_pack_index_is_an_error_naming_the_repository() {
    for graph in [true, false] {
        for at in [0.02, 0.5, 0.99] {
            let r = packed(20, graph);
            let idx = files_with(&r.path().join(".git/objects/pack"), "idx");
            scribble(&idx[0], at, 32);
            assert_metrics_or_clear_error(&r, &config(&r.path(), T0 + 30 * DAY));
        }
    }
}

#[test]
fn a_pack_with_its_header_destroyed_is_an_error() {
    let r = packed(10, false);
    scribble(&the_pack(&r), 0.0, 12);
    let error = outcome(&config(&r.path(), T0 + 30 * DAY)).expect_err("no objects readable");
    assert!(
        error.to_string().contains(&r.path().display().to_string()),
        "{error}"
    );
}

#[test]
fn a_corrupt_commit_graph_is_an_error_or_ignored() {
    for at in [0.0, 0.1, 0.5, 0.9] {
        let r = packed(20, true);
        let graph = r.path().join(".git/objects/info/commit-graph");
        if !graph.exists() {
            return; // this git wrote a split graph or none: nothing to damage
        }
        scribble(&graph, at, 48);
        if let Some(report) = assert_metrics_or_clear_error(&r, &config(&r.path(), T0 + 30 * DAY)) {
            assert_eq!(report.metrics.commits_read, 20, "at {at}");
        }
    }
}

/// Writes a commit object by hand (git would refuse some of these bytes on the command line).
fn raw_commit(r: &Repo, body: &[u8]) -> String {
    let file = r.path().join("commit.raw");
    std::fs::write(&file, body).expect("write");
    let id = r.git(&[
        "hash-object",
        "-t",
        "commit",
        "-w",
        "--literally",
        &file.display().to_string(),
    ]);
    std::fs::remove_file(file).expect("rm");
    id
}

#[test]
fn invalid_utf8_in_authors_messages_and_paths_is_read_lossily() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let r = Repo::new();
    let odd = r.path().join(OsStr::from_bytes(b"caf\xe9"));
    std::fs::create_dir_all(&odd).expect("mkdir");
    std::fs::write(odd.join(OsStr::from_bytes(b"\xff\xfe")), "x").expect("write");
    r.git(&["add", "-A"]);
    let tree = r.git(&["write-tree"]);
    let mut body = format!("tree {tree}\n").into_bytes();
    body.extend_from_slice(b"author Ren\xe9 <r\xe9n\xe9@x> ");
    body.extend_from_slice(format!("{T0} +0000\n").as_bytes());
    body.extend_from_slice(b"author-extra \xff\n");
    body.extend_from_slice(b"committer \xff\xfe <\xff@x> ");
    body.extend_from_slice(format!("{T0} +0000\n").as_bytes());
    body.extend_from_slice(b"encoding ISO-8859-1\n\nRevert \xff\xfe (#12)\n\nThis reverts commit \xff\n");
    let id = raw_commit(&r, &body);
    r.git(&["update-ref", "refs/heads/main", &id]);
    r.git(&["update-ref", "refs/tags/v1.0.0", &id]);
    let mut config = config(&r.path(), T0 + DAY);
    config.silo_depth = Some(3);
    let m = run(&config).metrics;
    assert_eq!(m.commits_read, 1);
    assert_eq!(m.releases.len(), 1);
    let silos = serde_json::to_string(&m).expect("json");
    assert!(
        silos.contains("caf\u{fffd}"),
        "the directory is shown lossily: {silos}"
    );
}

#[test]
fn a_50_level_deep_tree_with_a_deeper_silo_depth_does_not_overflow() {
    let r = Repo::new();
    let deep = (0..50).map(|i| format!("d{i}")).collect::<Vec<_>>().join("/");
    r.commit(&format!("{deep}/f"), T0);
    r.commit(&format!("{deep}/f"), T0 + DAY);
    r.commit("top", T0 + 2 * DAY);
    let mut config = config(&r.path(), T0 + 3 * DAY);
    config.silo_depth = Some(60);
    // A small stack: the tree comparison recurses once per level.
    let report = std::thread::Builder::new()
        .stack_size(512 * 1024)
        .spawn(move || metrics(&config))
        .expect("spawn")
        .join()
        .expect("no stack overflow")
        .expect("metrics");
    assert_eq!(report.metrics.commits_read, 3);
}

/// Commits built by `git fast-import` (one process, where `git mktree` per level would take
/// thousands): three commits, each changing the file at the bottom of a `levels`-deep tree.
fn deep_history(levels: usize) -> Repo {
    use std::io::Write;
    let r = Repo::new();
    let path = format!("{}/f", vec!["d"; levels].join("/"));
    let mut stream = String::new();
    for k in 0..3_i64 {
        let (message, data) = (format!("c{k}\n"), format!("x{k}\n"));
        stream.push_str(&format!(
            "commit refs/heads/main\ncommitter Ann <ann@example.com> {} +0000\ndata {}\n{message}M 100644 inline {path}\ndata {}\n{data}\n",
            T0 + k * DAY,
            message.len(),
            data.len()
        ));
    }
    let mut child = std::process::Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(r.path())
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("git fast-import");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stream.as_bytes())
        .expect("write stream");
    assert!(child.wait().expect("wait").success());
    r
}

#[test]
fn a_10000_level_tree_is_compared_no_deeper_than_the_silo_depth_limit() {
    let r = deep_history(10_000);
    let mut config = config(&r.path(), T0 + 3 * DAY);
    // Before the limit, a depth this large recursed once per level and overflowed the stack.
    config.silo_depth = Some(20_000);
    let error = outcome(&config).expect_err("over the limit");
    assert!(
        matches!(
            error,
            Error::SiloDepth {
                depth: 20_000,
                max: 64
            }
        ),
        "{error}"
    );
    assert!(error.to_string().contains("64 or fewer"), "{error}");
    // Before the limit, this allocated a buffer pair per level up front and aborted.
    config.silo_depth = Some(usize::MAX);
    assert!(matches!(outcome(&config), Err(Error::SiloDepth { .. })));
    // At the limit the comparison stops 64 levels down.
    config.silo_depth = Some(maturity_git::silos::MAX_DEPTH);
    let m = outcome(&config).expect("metrics").metrics;
    assert_eq!(m.commits_read, 3);
    let silos = m.silos.expect("silos ran");
    assert_eq!(silos.depth, 64);
}

#[test]
fn ref_symlink_loops_and_symbolic_ref_cycles_are_an_error_or_skipped() {
    use std::os::unix::fs::symlink;
    let r = Repo::new();
    r.commit("a", T0);
    let heads = r.path().join(".git/refs/heads");
    // A symbolic-ref cycle: git itself reports these as broken refs.
    std::fs::write(heads.join("ping"), "ref: refs/heads/pong\n").expect("write");
    std::fs::write(heads.join("pong"), "ref: refs/heads/ping\n").expect("write");
    let report = assert_metrics_or_clear_error(&r, &config(&r.path(), T0 + DAY));
    if let Some(report) = report {
        assert_eq!(report.metrics.commits_read, 1);
    }
    // A file-system symlink loop in the refs directory.
    std::fs::remove_file(heads.join("ping")).expect("rm");
    std::fs::remove_file(heads.join("pong")).expect("rm");
    symlink("loop", heads.join("loop")).expect("symlink");
    let report = assert_metrics_or_clear_error(&r, &config(&r.path(), T0 + DAY));
    if let Some(report) = report {
        assert_eq!(report.metrics.commits_read, 1);
    }
}

#[test]
fn an_unreadable_object_directory_is_an_error_or_read_as_root() {
    use std::os::unix::fs::PermissionsExt;
    let r = packed(5, false);
    let pack_dir = r.path().join(".git/objects/pack");
    std::fs::set_permissions(&pack_dir, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    // As root mode 000 does not stop reads: find out which case this is.
    let enforced = std::fs::read_dir(&pack_dir).is_err();
    let result = outcome(&config(&r.path(), T0 + 10 * DAY));
    std::fs::set_permissions(&pack_dir, std::fs::Permissions::from_mode(0o755)).expect("chmod back");
    match result {
        Ok(report) => {
            assert!(!enforced, "objects that cannot be read are not silently empty");
            assert_eq!(report.metrics.commits_read, 5);
        }
        Err(error) => {
            assert!(enforced, "{error}");
            assert!(
                error.to_string().contains(&r.path().display().to_string()),
                "{error}"
            );
        }
    }
}

#[test]
fn a_100_mb_one_line_export_is_an_error_naming_the_file_and_line() {
    let r = Repo::new();
    r.commit("a", T0);
    // One line: an array of one deployment whose version is 100 MB, and a stray comma.
    let mut line = String::with_capacity(100 * 1024 * 1024 + 128);
    line.push_str("[{\"time\": \"2024-01-01\", \"version\": \"");
    while line.len() < 100 * 1024 * 1024 {
        line.push_str("abcdefghijklmnopqrstuvwxyz0123456789");
    }
    line.push_str("\"},]");
    let file = r.write("deploys.json", &line);
    drop(line);
    let mut config = config(&r.path(), T0 + DAY);
    config.deployments = Some(file.clone());
    let error = outcome(&config).expect_err("trailing comma");
    let message = error.to_string();
    assert!(message.contains(&file.display().to_string()), "{message}");
    let Error::Input(diagnostics) = &error else {
        panic!("expected an input error, got {message}");
    };
    assert_eq!(diagnostics.0[0].line, Some(1), "{message}");
    // The message quotes no more than a snippet of the line, once: printing the chain (as
    // the binary does) does not repeat the diagnostics as their own cause.
    assert!(message.len() < 4096, "{} bytes", message.len());
    assert_eq!(error_chain(&error), message);
}
