//! `maturity metrics --events`: CDEvents in a JSON-lines file measure a real git repository
//! exactly as the equivalent deployments and incidents exports do.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// Runs git in `dir` with fixed identity and dates, so the history is the same on every run.
/// (`common` has one too, beside helpers this file does not use.)
fn git(dir: &Path, args: &[&str], date: &str) {
    let status = std::process::Command::new("git")
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

/// The spec's examples, as v0.4 writes them, shared with maturity-git's unit tests.
fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../maturity-git/tests/fixtures/cdevents/{name}.json"));
    let value: Value = serde_json::from_str(&fs::read_to_string(path).expect("fixture")).expect("json");
    value.to_string()
}

/// Two releases, each written two days before the first deployment of it.
fn repository(dir: &Path) {
    fs::create_dir_all(dir).expect("mkdir");
    git(dir, &["init", "-q", "-b", "main"], "2026-03-01T10:00:00Z");
    fs::write(dir.join("a.txt"), "1").expect("write");
    git(dir, &["add", "-A"], "2026-03-01T10:00:00Z");
    git(dir, &["commit", "-q", "-m", "one"], "2026-03-01T10:00:00Z");
    git(dir, &["tag", "v1.0.0"], "2026-03-01T10:00:00Z");
    fs::write(dir.join("a.txt"), "2").expect("write");
    git(dir, &["add", "-A"], "2026-03-03T10:00:00Z");
    git(dir, &["commit", "-q", "-m", "two"], "2026-03-03T10:00:00Z");
    git(dir, &["tag", "v1.1.0"], "2026-03-03T10:00:00Z");
}

fn metrics(repo: &Path, args: &[&str]) -> Value {
    let output = Command::cargo_bin("maturity")
        .expect("binary")
        .arg("metrics")
        .arg(repo)
        .args([
            "--since",
            "2026-03-01",
            "--until",
            "2026-03-10",
            "--format",
            "json",
        ])
        .args(args)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("json")
}

/// What the metrics say, without the lines of the files they came from.
const COMPARED: &[&str] = &[
    "deployment_frequency",
    "lead_time",
    "change_failure_rate",
    "failed_deployment_recovery_time",
    "deployment_rework_rate",
    "bands",
    "breakdown",
    "levels",
];

/// `value` as text with the file lines reasons cite (`marked rollback (line 6)`) left out:
/// the same event sits on another line of the events file than of the export.
fn without_lines(value: &Value) -> String {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find(" (line ") {
        out.push_str(&rest[..at]);
        let after = &rest[at + " (line ".len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        rest = after[digits..].strip_prefix(')').unwrap_or(&after[digits..]);
    }
    out.push_str(rest);
    out
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).expect("write");
    path
}

#[test]
fn events_measure_as_the_exports_do() {
    let root = TempDir::new().expect("temp dir");
    let repo = root.path().join("repo");
    repository(&repo);
    let lines = [
        "service_deployed",
        "change_merged",
        "service_upgraded",
        "incident_resolved",
        "incident_detected",
        "service_rolledback",
        "artifact_published",
        "testcaserun_finished",
        "testsuiterun_finished",
        "build_finished",
    ]
    .map(fixture);
    let events = write(root.path(), "events.jsonl", &format!("{}\n\n", lines.join("\n")));
    let deployments = write(
        root.path(),
        "deployments.csv",
        "time,environment,version,service,kind\n\
         2026-03-03T10:00:00Z,production,v1.0.0,orders,\n\
         2026-03-05T10:00:00Z,production,v1.1.0,orders,\n\
         2026-03-05T12:00:00Z,production,v1.0.0,orders,rollback\n",
    );
    let incidents = write(
        root.path(),
        "incidents.csv",
        "id,opened,resolved,version,service\n\
         incident-123,2026-03-05T11:00:00Z,2026-03-05T12:00:00Z,v1.1.0,orders\n",
    );
    let from_events = metrics(&repo, &["--events", path(&events)]);
    let from_exports = metrics(
        &repo,
        &[
            "--deployments",
            path(&deployments),
            "--incidents",
            path(&incidents),
        ],
    );
    for key in COMPARED {
        assert_eq!(
            without_lines(&from_events[key]),
            without_lines(&from_exports[key]),
            "{key}"
        );
    }
    assert_eq!(from_events["deployment_frequency"]["count"], 3);
    assert_eq!(from_events["change_failure_rate"]["failed"], 1);
    assert_eq!(from_events["deployment_rework_rate"]["reworked"], 1);
    let warning = from_events["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .find(|w| w["code"] == "events-not-measured")
        .expect("the events that feed no metric are listed");
    let message = warning["message"].as_str().expect("message");
    for listed in [
        "artifact.published ×1",
        "change.merged ×1",
        "testcaserun.finished ×1",
        "testsuiterun.finished ×1",
        "dev.cdevents.build.finished.0.2.0 ×1",
    ] {
        assert!(message.contains(listed), "{listed}: {message}");
    }

    // Events add to the exports: the first deployment from the export, the rest as events.
    let first = write(
        root.path(),
        "first.csv",
        "time,environment,version,service\n2026-03-03T10:00:00Z,production,v1.0.0,orders\n",
    );
    let rest = write(root.path(), "rest.jsonl", &lines[2..].join("\n"));
    let combined = metrics(&repo, &["--deployments", path(&first), "--events", path(&rest)]);
    for key in COMPARED {
        assert_eq!(
            without_lines(&combined[key]),
            without_lines(&from_exports[key]),
            "{key}"
        );
    }
}

#[test]
fn a_bad_event_names_the_file_line_and_field_and_nothing_is_computed() {
    let root = TempDir::new().expect("temp dir");
    let repo = root.path().join("repo");
    repository(&repo);
    let bad = fixture("service_deployed").replace("\"2026-03-03T10:00:00Z\"", "\"3 March\"");
    let events = write(
        root.path(),
        "events.jsonl",
        &format!("{}\n{bad}\n", fixture("change_merged")),
    );
    let output = Command::cargo_bin("maturity")
        .expect("binary")
        .arg("metrics")
        .arg(&repo)
        .args(["--events", path(&events)])
        .output()
        .expect("runs");
    assert!(!output.status.success());
    assert!(output.stdout.is_empty(), "nothing is computed");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("events.jsonl:2"), "{stderr}");
    assert!(
        stderr.contains("context.timestamp: `3 March` is not an RFC 3339 timestamp"),
        "{stderr}"
    );
}
