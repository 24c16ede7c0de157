//! OpenMetrics: the server's `GET /metrics` (by API token, on SQLite and PostgreSQL) and
//! `maturity metrics --format openmetrics`, each read by the strict OpenMetrics parser of the
//! Python `prometheus_client` package; and the Grafana dashboard, whose every expression must
//! name families and labels the exporter writes.

mod common;
mod server;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;
use std::process::{Command as Process, Stdio};

use assert_cmd::Command;
use serde_json::Value;
use server::{FALCON, Server, database_with_falcon};

/// The Python with `prometheus_client` (Debian's `python3-prometheus-client`, which `.ci/run`
/// installs): `MATURITY_TEST_PYTHON`, else /usr/bin/python3.
fn python() -> String {
    std::env::var("MATURITY_TEST_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".to_string())
}

const PARSE: &str = r#"
import json, sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
families = []
for f in text_string_to_metric_families(sys.stdin.read()):
    families.append({"name": f.name, "type": f.type, "unit": f.unit, "help": f.documentation,
                     "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in f.samples]})
print(json.dumps(families))
"#;

/// The families the strict parser reads from `text`, by name; panics with its error.
fn parse(text: &str) -> BTreeMap<String, Value> {
    let mut child = Process::new(python())
        .args(["-c", PARSE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs: apt-get install python3-prometheus-client (or set MATURITY_TEST_PYTHON)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("writes");
    let out = child.wait_with_output().expect("python3 ends");
    assert!(
        out.status.success(),
        "the OpenMetrics parser refused the text: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    let families: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    families
        .into_iter()
        .map(|f| (f["name"].as_str().expect("name").to_string(), f))
        .collect()
}

/// The value of the one sample of `family` whose labels include `labels`.
fn value(families: &BTreeMap<String, Value>, family: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let samples = families.get(family)?["samples"].as_array()?;
    let matching: Vec<&Value> = samples
        .iter()
        .filter(|s| labels.iter().all(|(k, v)| s["labels"][*k] == *v))
        .collect();
    assert!(matching.len() <= 1, "{family} {labels:?}: {matching:?}");
    matching.first().and_then(|s| s["value"].as_f64())
}

fn token(db: &str, args: &[&str]) -> String {
    let out = Command::cargo_bin("maturity")
        .expect("binary")
        .args(["token", "--db", db, "add"])
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("utf-8").trim().to_string()
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../maturity-web/tests/fixtures")
            .join(name),
    )
    .expect("fixture")
}

/// The web tests' saved metrics, with a recovery time and a rework rate (it has neither), so
/// every DORA family has a sample.
fn metrics_with_recovery_and_rework() -> String {
    let mut metrics: Value = serde_json::from_str(&fixture("metrics.json")).expect("JSON");
    let recovery = serde_json::json!({ "median_hours": 6.0, "estimated": true, "count": 1, "items": [] });
    metrics["failed_deployment_recovery_time"] = recovery.clone();
    metrics["recovery"] = recovery;
    metrics["deployment_rework_rate"] =
        serde_json::json!({ "value": 0.1, "reworked": 1, "total": 10, "items": [] });
    metrics.to_string()
}

/// A JUnit report of three tests: one passed, one passed on its rerun (flaky), one failed.
const JUNIT: &str = r#"<testsuite name="s" tests="3">
  <testcase classname="c" name="ok"/>
  <testcase classname="c" name="wobbly"><flakyFailure message="first try"/></testcase>
  <testcase classname="c" name="broken"><failure message="no"/></testcase>
</testsuite>"#;

const FLOW: &str = "ID,Title,Backlog,Doing,Done\nA-1,x,2026-10-01,2026-10-02,2026-10-04\nA-2,y,2026-10-01,2026-10-03,2026-10-13\n";

/// A second subject (the falcon answers under another name), which a falcon token must not see.
fn add_other_subject(db: &str) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let store = maturity_store::connect(db).await.expect("store");
        let falcon = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/falcon");
        let (_, mut new) = maturity_web::import::from_dir(&falcon).expect("falcon");
        new.subject = "Other team".to_string();
        store.create_assessment(&new, 2).await.expect("other");
    });
}

fn server_exports_what_a_token_may_read(postgres: bool) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = database_with_falcon(postgres, dir.path());
    add_other_subject(&db);
    let falcon = token(&db, &["falcon-ci", "--subject", FALCON]);
    let all = token(&db, &["prometheus", "--all-subjects"]);
    let server = Server::start(&db);
    for (path, body) in [
        ("/api/v1/metrics?name=orders", metrics_with_recovery_and_rework()),
        ("/api/v1/tests?name=ci", JUNIT.to_string()),
        ("/api/v1/flow?name=board", FLOW.to_string()),
    ] {
        let (status, reply) = server.request("POST", path, Some(&falcon), &body);
        assert_eq!(status, 201, "{path}: {reply}");
    }

    assert_eq!(server.request("GET", "/metrics", None, "").0, 401);
    assert_eq!(server.request("GET", "/metrics", Some("mat_wrong"), "").0, 401);
    let (status, text) = server.request("GET", "/metrics", Some(&falcon), "");
    assert_eq!(status, 200, "{text}");
    let families = parse(&text);
    for family in maturity_report::openmetrics::FAMILIES {
        let parsed = &families[family.name];
        assert_eq!(parsed["type"], "gauge");
        assert_eq!(parsed["unit"], family.unit.unwrap_or(""));
        assert_eq!(parsed["help"], family.help);
        assert!(
            !parsed["samples"].as_array().expect("samples").is_empty(),
            "{}: no sample\n{text}",
            family.name
        );
    }
    let subject = ("subject", FALCON);
    let devops =
        value(&families, "maturity_model_score", &[subject, ("model", "devops")]).expect("devops score");
    assert!((0.0..=100.0).contains(&devops), "{devops}");
    assert!(
        value(
            &families,
            "maturity_area_score",
            &[subject, ("area", "devops.leadership")]
        )
        .is_some()
    );
    let orders = ("service", "saved metrics evidence/orders.json");
    let frequency = value(
        &families,
        "maturity_dora_deployment_frequency_per_week",
        &[subject, orders],
    );
    assert!((frequency.expect("frequency") - 0.232_044_198_895_027_6).abs() < 1e-12);
    assert_eq!(
        value(
            &families,
            "maturity_dora_lead_time_median_seconds",
            &[subject, orders]
        ),
        Some(172_800.0)
    );
    assert_eq!(
        value(
            &families,
            "maturity_dora_change_failure_rate_ratio",
            &[subject, orders]
        ),
        Some(0.0)
    );
    let ci = ("service", "saved tests evidence/ci.json");
    let pass = value(&families, "maturity_tests_pass_ratio", &[subject, ci]).expect("pass ratio");
    assert!((pass - 2.0 / 3.0).abs() < 1e-12, "{pass}\n{text}");
    assert_eq!(
        value(&families, "maturity_tests_flaky", &[subject, ci]),
        Some(1.0)
    );
    let board = ("service", "work items evidence/board.json");
    let p95 = value(
        &families,
        "maturity_flow_cycle_time_seconds",
        &[subject, board, ("percentile", "95")],
    );
    assert!(
        p95.is_some_and(|s| s > 0.0 && s % 86_400.0 == 0.0),
        "{p95:?}\n{text}"
    );
    assert!(
        !text.contains("Other team"),
        "a subject's token sees only its subject"
    );

    let (status, everything) = server.request("GET", "/metrics", Some(&all), "");
    assert_eq!(status, 200);
    let families = parse(&everything);
    assert!(value(&families, "maturity_model_score", &[subject, ("model", "devops")]).is_some());
    let other = [("subject", "Other team"), ("model", "devops")];
    assert_eq!(value(&families, "maturity_model_score", &other), Some(devops));
    // An all-subjects token reads metrics only: it is no subject's token for the rest of the API.
    let (status, body) = server.request("GET", "/api/v1/", Some(&all), "");
    assert_eq!(status, 403, "{body}");
    let (status, _) = server.request(
        "POST",
        "/api/v1/deployments",
        Some(&all),
        r#"{"time":"2026-10-14T09:30:00Z"}"#,
    );
    assert_eq!(status, 403);
    text
}

#[test]
fn server_exports_what_a_token_may_read_sqlite() {
    server_exports_what_a_token_may_read(false);
}

#[test]
fn server_exports_what_a_token_may_read_postgres() {
    server_exports_what_a_token_may_read(true);
}

#[test]
fn all_subjects_and_a_subject_are_exclusive_and_one_is_needed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = format!("sqlite://{}", dir.path().join("t.db").display());
    for (args, message) in [
        (&["add", "x"][..], "--subject <SUBJECT>"),
        (
            &["add", "x", "--subject", "A", "--all-subjects"][..],
            "cannot be used with",
        ),
    ] {
        Command::cargo_bin("maturity")
            .expect("binary")
            .args(["token", "--db", &db])
            .args(args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(message));
    }
}

#[test]
fn cli_writes_openmetrics_for_a_textfile_collector() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = dir.path().join("api");
    std::fs::create_dir(&repo).expect("mkdir");
    common::fixture_repository(&repo);
    let run = |extra: &[&str]| {
        let out = Command::cargo_bin("maturity")
            .expect("binary")
            .args(["metrics", "--format", "openmetrics", "--until", "2026-07-01"])
            .arg(&repo)
            .args(extra)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).expect("utf-8")
    };
    let text = run(&[]);
    let families = parse(&text);
    let service = format!("git history of {}", repo.display());
    let labels = [("subject", "api"), ("service", service.as_str())];
    let lead = value(&families, "maturity_dora_lead_time_median_seconds", &labels).expect("lead time");
    assert_eq!(lead, 48.0 * 3600.0, "{text}");
    assert!(value(&families, "maturity_dora_deployment_frequency_per_week", &labels).is_some());
    assert!(
        families["maturity_model_score"]["samples"]
            .as_array()
            .expect("samples")
            .is_empty()
    );
    Command::cargo_bin("maturity")
        .expect("binary")
        .args(["metrics", "--subject", "x"])
        .arg(&repo)
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "--subject labels the samples of --format openmetrics; add that, or leave --subject out",
        ));
    Command::cargo_bin("maturity")
        .expect("binary")
        .args(["metrics", "--format", "prometheus"])
        .arg(&repo)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "[possible values: table, json, md, openmetrics]",
        ));
    let named = run(&["--subject", "Team \"Q\""]);
    assert!(named.contains("subject=\"Team \\\"Q\\\"\""), "{named}");
    parse(&named);
}

/// Every family and label a PromQL expression names (`maturity_…` names, `label=` matchers).
fn names_in(expr: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut families = BTreeSet::new();
    let mut labels = BTreeSet::new();
    let bytes: Vec<char> = expr.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphabetic() || bytes[i] == '_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == '_') {
                i += 1;
            }
            let word: String = bytes[start..i].iter().collect();
            let next = bytes[i..].iter().find(|c| !c.is_whitespace());
            if word.starts_with("maturity_") {
                families.insert(word);
            } else if matches!(next, Some('=' | '!')) {
                labels.insert(word);
            }
        } else if bytes[i] == '"' {
            i += 1;
            while i < bytes.len() && bytes[i] != '"' {
                i += if bytes[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
        } else {
            i += 1;
        }
    }
    (families, labels)
}

#[test]
fn grafana_dashboard_uses_exactly_the_exported_names() {
    let text = server_exports_what_a_token_may_read(false);
    let exported = parse(&text);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/grafana/maturity.json");
    let dashboard: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("dashboard")).expect("JSON");
    let mut expressions: Vec<String> = Vec::new();
    for panel in dashboard["panels"].as_array().expect("panels") {
        for target in panel["targets"].as_array().expect("targets") {
            expressions.push(target["expr"].as_str().expect("expr").to_string());
        }
    }
    for variable in dashboard["templating"]["list"].as_array().expect("variables") {
        if let Some(query) = variable["query"]["query"].as_str() {
            expressions.push(query.to_string());
        }
    }
    let mut used = BTreeSet::new();
    for expr in &expressions {
        let (families, labels) = names_in(expr);
        assert!(!families.is_empty(), "{expr} names no maturity family");
        for family in &families {
            let parsed = exported
                .get(family)
                .unwrap_or_else(|| panic!("{expr}: {family} is not exported"));
            let samples = parsed["samples"].as_array().expect("samples");
            assert!(!samples.is_empty(), "{family} has no sample to show");
            for label in &labels {
                assert!(
                    samples.iter().all(|s| s["labels"].get(label).is_some()),
                    "{expr}: {family} has no label {label}"
                );
            }
            used.insert(family.clone());
        }
    }
    let all: BTreeSet<String> = maturity_report::openmetrics::FAMILIES
        .iter()
        .map(|f| f.name.to_string())
        .collect();
    assert_eq!(used, all, "the dashboard shows every family");
}

#[test]
fn promql_names_are_found_outside_strings() {
    let (families, labels) =
        names_in(r#"maturity_x{subject=~"$subject", service!="maturity_y"} / on(subject) maturity_z"#);
    assert_eq!(
        families.into_iter().collect::<Vec<_>>(),
        ["maturity_x", "maturity_z"]
    );
    assert_eq!(labels.into_iter().collect::<Vec<_>>(), ["service", "subject"]);
}
