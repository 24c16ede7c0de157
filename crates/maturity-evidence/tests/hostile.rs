//! Hostile trees (issue 11 point 10): symlink loops and links out of the tree, a 2 GB sparse
//! file, invalid UTF-8 in names and contents, a 50-level-deep tree, YAML alias bombs in a
//! workflow, a 100 MB one-line JSON, unreadable directories. Each scan finishes with findings
//! or a clear error, never a panic, and never reads outside the tree. Times and memory are
//! measured on the release binary (docs/scan.md), never asserted here.

mod common;

use common::{passes, repo, scan_dir};
use maturity_evidence::{Outcome, ScanReport};

/// A string no file inside the scanned trees contains: if it shows up in a report, something
/// outside the tree was read (or its name listed).
const SENTINEL: &str = "SENTINEL-outside-7f3a9c";

fn json(report: &ScanReport) -> String {
    report.to_json()
}

fn could_not_parse(report: &ScanReport) -> Vec<(String, String)> {
    report
        .findings_with(Outcome::CouldNotParse)
        .map(|f| (f.location(), f.message.clone()))
        .collect()
}

/// A directory outside the scanned tree whose every file and name carries the sentinel, and
/// whose files are ones the scanner reads (CI, manifests) when they are inside a tree.
fn outside() -> tempfile::TempDir {
    let workflow = format!(
        "name: {SENTINEL}\non: [push, pull_request]\njobs:\n  t:\n    steps:\n      - run: cargo test # {SENTINEL}\n"
    );
    let package = format!("{{\"name\": \"{SENTINEL}\", \"scripts\": {{\"test\": \"jest {SENTINEL}\"}}}}");
    repo(&[
        ("ci.yml", workflow.as_str()),
        ("package.json", package.as_str()),
        (&format!("{SENTINEL}/Jenkinsfile"), "sh 'make test'\n"),
        (&format!("{SENTINEL}/src/lib.rs"), "#[cfg(test)]\nmod tests {}\n"),
        (".github/workflows/ci.yml", workflow.as_str()),
    ])
}

#[cfg(unix)]
#[test]
fn links_out_of_the_tree_are_never_followed_and_loops_terminate() {
    use std::os::unix::fs::symlink;
    let out = outside();
    let dir = repo(&[("src/app.py", ""), ("a/b/c/x.py", "")]);
    let root = dir.path();
    // Out of the tree: a directory, files with names the scanner reads, a relative `..` chain.
    symlink(out.path(), root.join("vendor")).expect("dir link");
    std::fs::create_dir_all(root.join(".github/workflows")).expect("mkdir");
    symlink(out.path().join("ci.yml"), root.join(".github/workflows/ci.yml")).expect("file link");
    symlink(out.path().join("package.json"), root.join("package.json")).expect("file link");
    let depth = root.components().count();
    let up = "../".repeat(depth + 2);
    let relative_out = format!("{up}{}", out.path().display());
    symlink(&relative_out, root.join("Jenkinsfile")).expect("relative link out");
    symlink(out.path().join(".github"), root.join(".github/more")).expect("link into .github");
    // Loops: to the root, to a parent, to itself, and two links to each other.
    symlink(root, root.join("a/b/c/root")).expect("loop to root");
    symlink("..", root.join("a/b/up")).expect("loop to parent");
    symlink("self", root.join("a/self")).expect("self loop");
    symlink("y", root.join("a/x")).expect("x -> y");
    symlink("x", root.join("a/y")).expect("y -> x");

    let report = scan_dir(root);
    let text = json(&report);
    assert!(
        !text.contains(SENTINEL),
        "something outside the tree was read: {text}"
    );
    assert_eq!(report.files_seen, 2, "src/app.py and a/b/c/x.py");
    assert_eq!(report.files_skipped.symlink, 10);
    assert_eq!(report.files_read, 0);
    assert!(passes(&report, "ci-config-present").is_empty(), "{text}");

    // The control: the same files inside a tree are read, so the scan above would have shown
    // the sentinel had it followed a link.
    let inside = scan_dir(out.path());
    assert!(json(&inside).contains(SENTINEL));
}

#[cfg(unix)]
#[test]
fn a_root_given_as_a_link_is_scanned_but_links_inside_it_are_not() {
    use std::os::unix::fs::symlink;
    let out = outside();
    let dir = repo(&[("Jenkinsfile", "sh 'make test'\n")]);
    symlink(out.path(), dir.path().join("vendor")).expect("link");
    let holder = tempfile::tempdir().expect("tempdir");
    let named = holder.path().join("checkout");
    symlink(dir.path(), &named).expect("root link");
    let report = scan_dir(&named);
    assert_eq!(passes(&report, "ci-config-present"), ["Jenkinsfile:1"]);
    assert!(!json(&report).contains(SENTINEL));
}

#[test]
fn a_2_gb_sparse_file_is_skipped_as_too_large_without_being_read() {
    let dir = repo(&[("src/main.go", "")]);
    std::fs::create_dir_all(dir.path().join(".github/workflows")).expect("mkdir");
    // Sparse: set_len allocates no blocks, so the test costs no disk; a scanner that read it
    // would still have 2 GiB of zeros to go through.
    for name in [
        ".github/workflows/huge.yml",
        "package.json",
        "src/huge.rs",
        "data.bin",
    ] {
        let file = std::fs::File::create(dir.path().join(name)).expect("create");
        file.set_len(2 * 1024 * 1024 * 1024).expect("set_len");
    }
    let started = std::time::Instant::now();
    let report = scan_dir(dir.path());
    // Not a timing assertion: reading 6 GiB would take far longer than a minute on any disk, so
    // this only catches a scanner that reads the files whole.
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    assert_eq!(report.files_skipped.too_large, 3, "{:?}", report.warnings);
    for name in [".github/workflows/huge.yml", "package.json", "src/huge.rs"] {
        assert!(
            report
                .warnings
                .iter()
                .any(|w| w.starts_with(&format!("{name}: skipped, 2147483648 bytes is over"))),
            "{name}: {:?}",
            report.warnings
        );
    }
    // A workflow too large to read still shows that CI exists (its path says so).
    assert_eq!(
        passes(&report, "ci-config-present").len(),
        1,
        "{:?}",
        report.findings
    );
}

#[test]
fn a_100_mb_one_line_json_is_skipped_by_size() {
    let dir = repo(&[("src/index.js", "")]);
    let mut line = String::with_capacity(100 * 1024 * 1024 + 64);
    line.push_str("{\"name\": \"x\", \"description\": \"");
    while line.len() < 100 * 1024 * 1024 {
        line.push_str("abcdefghijklmnopqrstuvwxyz0123456789");
    }
    line.push_str("\"}");
    std::fs::write(dir.path().join("package.json"), &line).expect("write");
    std::fs::write(dir.path().join("renovate.json"), &line).expect("write");
    drop(line);
    let report = scan_dir(dir.path());
    assert_eq!(report.files_skipped.too_large, 2, "{:?}", report.warnings);
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.starts_with("package.json: skipped"))
    );
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.starts_with("renovate.json: skipped"))
    );
}

#[test]
fn json_nested_past_the_parsers_limit_under_the_size_limit_is_a_finding() {
    // 400 000 levels in 800 KB: under the size limit, so it is parsed; serde_json stops at 128.
    let deep = format!("{}{}", "[".repeat(400_000), "]".repeat(400_000));
    let dir = repo(&[("package.json", deep.as_str()), ("src/index.js", "")]);
    let report = scan_dir(dir.path());
    let problems = could_not_parse(&report);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].0.starts_with("package.json"), "{problems:?}");
}

/// The classic billion laughs: nine levels of nine aliases, 9^9 strings once expanded.
fn billion_laughs() -> String {
    let mut bomb = String::from(
        "on: push\nlol: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(",");
        bomb.push_str(&format!("{}: &{} [{}]\n", pair[1], pair[1], refs));
    }
    bomb.push_str("jobs:\n  t:\n    steps:\n      - run: *i\n");
    bomb
}

/// Few aliases, big anchor: one 600 KB string repeated by 50 000 aliases is 30 GB expanded,
/// in a file under the 1 MiB read limit. Enough small anchors keep the alias/anchor ratio
/// below the parser's heuristic, so only an expansion budget stops it.
fn wide_bomb() -> String {
    let mut bomb = String::from("on: push\nbig: &big \"");
    bomb.push_str(&"x".repeat(600 * 1024));
    bomb.push_str("\"\nsmall: [");
    for i in 0..5_000 {
        bomb.push_str(&format!("&s{i} 0,"));
    }
    bomb.push_str("]\nrefs: [");
    bomb.push_str(&"*big,".repeat(50_000));
    bomb.push_str("]\n");
    bomb
}

/// Deep nesting under the size limit: 300 000 flow sequences inside each other.
fn deep_yaml() -> String {
    format!("on: push\nx: {}{}\n", "[".repeat(300_000), "]".repeat(300_000))
}

#[test]
fn yaml_bombs_in_a_workflow_are_refused_as_findings() {
    let bombs = [
        ("laughs.yml", billion_laughs()),
        ("wide.yml", wide_bomb()),
        ("deep.yml", deep_yaml()),
    ];
    let dir = repo(&[("src/main.go", "")]);
    std::fs::create_dir_all(dir.path().join(".github/workflows")).expect("mkdir");
    for (name, text) in &bombs {
        assert!(
            text.len() < 1024 * 1024,
            "{name} must be under the read limit to be parsed"
        );
        std::fs::write(dir.path().join(".github/workflows").join(name), text).expect("write");
    }
    let report = scan_dir(dir.path());
    let problems = could_not_parse(&report);
    let files: Vec<&str> = problems
        .iter()
        .map(|(location, _)| location.split(':').next().unwrap_or_default())
        .collect();
    assert_eq!(
        files,
        [
            ".github/workflows/deep.yml",
            ".github/workflows/laughs.yml",
            ".github/workflows/wide.yml"
        ],
        "{problems:?}"
    );
    for (_, message) in &problems {
        assert!(message.contains("as YAML"), "{message}");
    }
    // The workflows still show that CI exists.
    assert_eq!(
        passes(&report, "ci-config-present").len(),
        3,
        "{:?}",
        report.findings
    );
}

fn deep_path(levels: usize) -> String {
    (0..levels).map(|i| format!("d{i}")).collect::<Vec<_>>().join("/")
}

#[test]
fn a_50_level_deep_tree_is_walked_to_the_bottom() {
    let deep = deep_path(50);
    let files = [
        (
            format!("{deep}/package.json"),
            "{\"scripts\": {\"test\": \"jest\"}}".to_string(),
        ),
        (format!("{deep}/src/app.test.js"), String::new()),
        (
            format!("{deep}/Dockerfile"),
            "FROM x\nHEALTHCHECK CMD true\n".to_string(),
        ),
        ("src/index.js".to_string(), String::new()),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, c)| (p.as_str(), c.as_str())).collect();
    let dir = repo(&files);
    // Run on a thread with a small stack: a walk that recursed per level would overflow it.
    let root = dir.path().to_path_buf();
    let report = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || scan_dir(&root))
        .expect("spawn")
        .join()
        .expect("no stack overflow");
    assert_eq!(report.files_seen, 4);
    assert_eq!(report.files_read, 2, "{:?}", report.warnings);
    assert_eq!(passes(&report, "health-checks"), [format!("{deep}/Dockerfile:2")]);
}

#[cfg(unix)]
#[test]
fn a_tree_deeper_than_the_os_path_limit_is_warned_about_not_fatal() {
    // 300 levels of 20-byte names are 6 000 bytes, past Linux's PATH_MAX (4 096). GNU
    // `mkdir -p` builds it one directory at a time; std's create_dir_all on the full path
    // cannot.
    let dir = repo(&[("src/index.js", "")]);
    let deep = vec!["n".repeat(19); 300].join("/");
    let made = std::process::Command::new("mkdir")
        .args(["-p", &deep])
        .current_dir(dir.path())
        .status();
    if !matches!(made, Ok(status) if status.success()) {
        return; // no mkdir that can: nothing to test
    }
    let report = scan_dir(dir.path());
    assert_eq!(report.files_seen, 1);
    // Somewhere past 4 096 bytes the walk cannot list a directory; that is a warning.
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("could not read part of the tree")),
        "{:?}",
        report.warnings
    );
    // Clean up without std's remove_dir_all, which also stops at PATH_MAX.
    let _ = std::process::Command::new("rm")
        .args(["-rf", "nnnnnnnnnnnnnnnnnnn"])
        .current_dir(dir.path())
        .status();
}

#[cfg(unix)]
#[test]
fn invalid_utf8_in_names_is_read_and_reported_lossily() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = repo(&[("src/main.py", "")]);
    let root = dir.path();
    std::fs::create_dir_all(root.join(".github/workflows")).expect("mkdir");
    let workflow = "on: [push, pull_request]\njobs:\n  t:\n    steps:\n      - run: pytest\n";
    std::fs::write(
        root.join(".github/workflows")
            .join(OsStr::from_bytes(b"ci-\xff\xfe.yml")),
        workflow,
    )
    .expect("write workflow");
    let odd_dir = root.join(OsStr::from_bytes(b"caf\xe9"));
    std::fs::create_dir_all(odd_dir.join("docker")).expect("mkdir");
    std::fs::write(
        odd_dir.join("docker").join(OsStr::from_bytes(b"Dockerfile")),
        b"FROM x\n# \xff\xfe\nHEALTHCHECK CMD true\n",
    )
    .expect("write dockerfile");
    std::fs::create_dir_all(root.join("tests")).expect("mkdir");
    std::fs::write(root.join("tests").join(OsStr::from_bytes(b"test_\x80.py")), "").expect("write test");

    let report = scan_dir(root);
    assert_eq!(report.files_skipped.unreadable, 0, "{:?}", report.warnings);
    assert_eq!(
        passes(&report, "ci-config-present"),
        [".github/workflows/ci-\u{fffd}\u{fffd}.yml:1"],
        "the file was read under its real name and shown lossily"
    );
    assert_eq!(
        passes(&report, "health-checks"),
        ["caf\u{fffd}/docker/Dockerfile:3"]
    );
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

#[cfg(unix)]
#[test]
fn a_lossy_name_never_reads_the_file_whose_name_it_looks_like() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = repo(&[]);
    let workflows = dir.path().join(".github/workflows");
    std::fs::create_dir_all(&workflows).expect("mkdir");
    // `ci-\xff.yml` shown lossily is `ci-\u{fffd}.yml`, which also exists: each must be read
    // as itself, so exactly one of the two is broken.
    std::fs::write(
        workflows.join(OsStr::from_bytes(b"ci-\xff.yml")),
        "on: push
",
    )
    .expect("write");
    std::fs::write(workflows.join("ci-\u{fffd}.yml"), "on: [unclosed\n").expect("write");
    let report = scan_dir(dir.path());
    assert_eq!(report.files_seen, 2);
    assert_eq!(report.files_skipped.unreadable, 0, "{:?}", report.warnings);
    let problems = could_not_parse(&report);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(
        problems[0].0, ".github/workflows/ci-\u{fffd}.yml:1",
        "{problems:?}"
    );
}

#[cfg(unix)]
#[test]
fn unreadable_directories_are_warned_about_and_the_rest_is_scanned() {
    use std::os::unix::fs::PermissionsExt;
    let dir = repo(&[
        ("locked/Jenkinsfile", "sh 'make test'\n"),
        ("locked/inner/package.json", "{}"),
        ("open/Dockerfile", "FROM x\nHEALTHCHECK CMD true\n"),
        ("src/main.go", ""),
    ]);
    let locked = dir.path().join("locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    // As root (or with CAP_DAC_OVERRIDE) mode 000 does not stop reads: find out which case
    // this is, and assert what is right for it.
    let enforced = std::fs::read_dir(&locked).is_err();
    let report = scan_dir(dir.path());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod back");
    assert_eq!(passes(&report, "health-checks"), ["open/Dockerfile:2"]);
    if enforced {
        assert_eq!(report.files_skipped.unreadable, 1, "{:?}", report.warnings);
        assert!(
            report
                .warnings
                .iter()
                .any(|w| w.contains("could not read part of the tree") && w.contains("locked")),
            "{:?}",
            report.warnings
        );
        assert!(passes(&report, "ci-config-present").is_empty());
        assert_eq!(report.files_seen, 2);
    } else {
        assert_eq!(report.files_skipped.unreadable, 0, "{:?}", report.warnings);
        assert_eq!(passes(&report, "ci-config-present"), ["locked/Jenkinsfile:1"]);
        assert_eq!(report.files_seen, 4);
    }
}

#[cfg(unix)]
#[test]
fn an_unreadable_root_is_a_clear_error_or_scanned_as_root() {
    use std::os::unix::fs::PermissionsExt;
    let holder = tempfile::tempdir().expect("tempdir");
    let root = holder.path().join("repo");
    common::write(&root, &[("Jenkinsfile", "sh 'make'\n")]);
    std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let enforced = std::fs::read_dir(&root).is_err();
    let result = maturity_evidence::scan(&maturity_evidence::ScanConfig::new(&root));
    std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o755)).expect("chmod back");
    match result {
        Ok(report) => {
            assert!(
                !enforced,
                "a root that cannot be listed is an error, not an empty tree"
            );
            assert_eq!(passes(&report, "ci-config-present"), ["Jenkinsfile:1"]);
        }
        Err(error) => {
            assert!(enforced, "{error}");
            let message = error.to_string();
            assert!(message.contains(&root.display().to_string()), "{message}");
            assert!(message.contains("check its permissions"), "{message}");
        }
    }
}
