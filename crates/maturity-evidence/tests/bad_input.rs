//! Bad input (issue 3 item 6): broken, unreadable, binary, huge and looping content in the
//! scanned tree never aborts a scan or panics; a bad root is a clear error.

mod common;

use common::{passes, repo, scan_dir};
use maturity_evidence::{Outcome, ScanConfig, ScanError, scan};

fn could_not_parse(report: &maturity_evidence::ScanReport) -> Vec<(String, String)> {
    report
        .findings_with(Outcome::CouldNotParse)
        .map(|f| (f.location(), f.message.clone()))
        .collect()
}

#[test]
fn a_missing_root_is_an_error_naming_the_path() {
    let dir = repo(&[]);
    let missing = dir.path().join("nope");
    let error = scan(&ScanConfig::new(&missing)).expect_err("missing");
    assert!(matches!(error, ScanError::NotFound { .. }));
    assert!(
        error.to_string().contains("nope") && error.to_string().contains("no such file or directory"),
        "{error}"
    );
}

#[test]
fn a_file_as_root_is_an_error() {
    let dir = repo(&[("Cargo.toml", "")]);
    let error = scan(&ScanConfig::new(dir.path().join("Cargo.toml"))).expect_err("file");
    assert!(matches!(error, ScanError::NotADirectory { .. }));
    assert!(error.to_string().contains("not a directory"), "{error}");
}

#[test]
fn malformed_yaml_json_and_toml_become_findings_with_lines() {
    let dir = repo(&[
        (
            ".gitlab-ci.yml",
            "stages: [test]\n\ntest:\n  script:\n    - make test\n  artifacts: [unclosed\n  when: always\n",
        ),
        (
            "web/package.json",
            "{\n  \"name\": \"web\",\n  \"dependencies\": {\n    \"react\": \"18\"\n  \n}\n",
        ),
        ("Cargo.toml", "[package]\nname = \"x\"\nversion = = \"1\"\n"),
        (
            ".github/dependabot.yml",
            "version: 2\nupdates:\n  - package-ecosystem: [npm\n",
        ),
        ("src/lib.rs", ""),
    ]);
    let report = scan_dir(dir.path());
    let problems = could_not_parse(&report);
    let locations: Vec<&str> = problems.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        locations,
        [
            ".github/dependabot.yml:3",
            ".gitlab-ci.yml:7",
            "Cargo.toml:3",
            "web/package.json:7"
        ],
        "{problems:?}"
    );
    let gitlab = &problems[1].1;
    assert!(
        gitlab.starts_with("could not parse .gitlab-ci.yml line 7 as YAML: "),
        "{gitlab}"
    );
    // The scan went on: the broken CI file still shows that CI exists, other checks ran.
    assert_eq!(passes(&report, "ci-config-present"), [".gitlab-ci.yml:1"]);
    assert!(report.findings.iter().any(|f| f.check == "unit-tests-present"));
}

#[test]
fn invalid_utf8_is_a_finding_for_parsed_files_and_read_around_elsewhere() {
    let dir = repo(&[("src/main.go", "")]);
    let mut workflow = b"on: push\njobs:\n  t:\n    steps:\n      - run: go test ./...\n".to_vec();
    workflow.extend_from_slice(b"      - run: echo \xff\xfe\n");
    common::write(dir.path(), &[]);
    std::fs::create_dir_all(dir.path().join(".github/workflows")).expect("mkdir");
    std::fs::write(dir.path().join(".github/workflows/ci.yml"), &workflow).expect("write");
    std::fs::write(
        dir.path().join("Dockerfile"),
        b"FROM x\n# caf\xe9\nHEALTHCHECK CMD true\n",
    )
    .expect("write");
    let report = scan_dir(dir.path());
    let problems = could_not_parse(&report);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].0, ".github/workflows/ci.yml:6");
    assert!(problems[0].1.contains("invalid UTF-8"), "{}", problems[0].1);
    assert_eq!(passes(&report, "health-checks"), ["Dockerfile:3"]);
}

#[test]
fn binary_and_huge_files_are_skipped_and_counted() {
    let dir = repo(&[("src/main.py", "")]);
    std::fs::write(dir.path().join(".gitlab-ci.yml"), b"test:\n  script: make\0\n").expect("write");
    let huge = format!(
        "{{\"name\": \"x\", \"description\": \"{}\"}}",
        "a".repeat(2 * 1024 * 1024)
    );
    std::fs::write(dir.path().join("package.json"), huge).expect("write");
    let report = scan_dir(dir.path());
    assert_eq!(report.files_skipped.binary, 1);
    assert_eq!(report.files_skipped.too_large, 1);
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("package.json") && w.contains("limit")),
        "{:?}",
        report.warnings
    );
    // A smaller limit is honoured too.
    let mut config = ScanConfig::new(dir.path());
    config.max_file_size = 4;
    let report = scan(&config).expect("scan");
    // The size is checked before the contents, so the binary CI file now counts as too large.
    assert_eq!(
        (report.files_skipped.too_large, report.files_skipped.binary),
        (2, 0)
    );
}

#[cfg(unix)]
#[test]
fn symlinks_are_never_followed_even_in_loops_or_out_of_the_tree() {
    use std::os::unix::fs::symlink;
    let outside = repo(&[
        ("Jenkinsfile", "sh 'mvn test'\n"),
        ("secret/Dockerfile", "HEALTHCHECK CMD true\n"),
    ]);
    let dir = repo(&[("src/app.py", ""), ("nested/deeper/x.py", "")]);
    symlink(dir.path(), dir.path().join("nested/deeper/loop")).expect("loop");
    symlink("..", dir.path().join("nested/up")).expect("relative loop");
    symlink(outside.path(), dir.path().join("outside")).expect("dir link out");
    symlink(outside.path().join("Jenkinsfile"), dir.path().join("Jenkinsfile")).expect("file link out");
    symlink(dir.path().join("missing"), dir.path().join("dangling")).expect("dangling");
    let report = scan_dir(dir.path());
    assert_eq!(report.files_skipped.symlink, 5);
    assert_eq!(report.files_seen, 2);
    assert!(
        passes(&report, "ci-config-present").is_empty(),
        "a linked Jenkinsfile must not count"
    );
    assert!(passes(&report, "health-checks").is_empty());
}

#[cfg(unix)]
#[test]
fn a_fifo_with_a_ci_name_does_not_hang_the_scan() {
    let dir = repo(&[("src/app.py", "")]);
    let fifo = dir.path().join("Jenkinsfile");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !matches!(status, Ok(s) if s.success()) {
        return; // no mkfifo on this machine: nothing to test
    }
    let report = scan_dir(dir.path());
    assert!(passes(&report, "ci-config-present").is_empty());
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_counted_and_warned_about() {
    use std::os::unix::fs::PermissionsExt;
    let dir = repo(&[("package.json", "{}"), ("src/a.js", "")]);
    let path = dir.path().join("package.json");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let report = scan_dir(dir.path());
    if std::fs::File::open(&path).is_ok() {
        // Running as root: permissions do not stop reads, so the file was read normally.
        assert_eq!(report.files_skipped.unreadable, 0);
    } else {
        assert_eq!(report.files_skipped.unreadable, 1);
        assert!(
            report
                .warnings
                .iter()
                .any(|w| w.starts_with("package.json: could not be read")),
            "{:?}",
            report.warnings
        );
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod back");
}

#[test]
fn gitignored_files_and_the_git_directory_are_not_scanned() {
    let dir = repo(&[
        (".gitignore", "build/\n"),
        ("build/Jenkinsfile", "sh 'make test'\n"),
        (".git/config", "[core]\n"),
        (".git/refs/Jenkinsfile", "sh 'make test'\n"),
        ("src/main.go", ""),
    ]);
    let report = scan_dir(dir.path());
    assert!(
        passes(&report, "ci-config-present").is_empty(),
        "{:?}",
        report.findings
    );
    assert_eq!(report.files_seen, 2, ".gitignore and src/main.go");
}

#[test]
fn yaml_alias_bombs_are_refused_as_parse_problems() {
    let mut bomb = String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(",");
        bomb.push_str(&format!("{}: &{} [{}]\n", pair[1], pair[1], refs));
    }
    let dir = repo(&[(".gitlab-ci.yml", bomb.as_str()), ("src/main.go", "")]);
    let report = scan_dir(dir.path());
    assert_eq!(could_not_parse(&report).len(), 1);
}
