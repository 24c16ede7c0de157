//! `maturity gate`, run as CI runs it: on the bundled example (as a directory and as a saved
//! report), on an assessment of a git repository it builds, against a baseline, with every
//! output format parsed back, and on every kind of bad input (exit 2, saying where).

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use quick_xml::Reader;
use quick_xml::events::Event;
use tempfile::TempDir;

mod common;
use common::fixture_repository;

fn maturity() -> Command {
    let mut cmd = Command::cargo_bin("maturity").expect("binary is built");
    cmd.env("RUST_BACKTRACE", "0");
    cmd
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/falcon")
}

/// Runs the command, checks its exit status, returns (stdout, stderr).
fn run(cmd: &mut Command, status: i32) -> (String, String) {
    let output = cmd.output().expect("runs");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    assert_eq!(
        output.status.code(),
        Some(status),
        "stdout: {stdout}\nstderr: {stderr}"
    );
    (stdout, stderr)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).expect("write");
    path
}

/// The example's report JSON, saved in `dir`.
fn example_report(dir: &Path) -> PathBuf {
    let (json, _) = run(
        maturity().arg("report").arg(example()).args(["--format", "json"]),
        0,
    );
    write(dir, "report.json", &json)
}

fn model_score(report: &Path, model: &str) -> f64 {
    let value: serde_json::Value = serde_json::from_str(&fs::read_to_string(report).unwrap()).unwrap();
    value["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == model)
        .unwrap()["score"]
        .as_f64()
        .unwrap()
}

#[test]
fn the_exit_status_follows_the_policy() {
    let dir = TempDir::new().unwrap();
    let report = example_report(dir.path());
    let devops = model_score(&report, "devops");
    let holds = write(
        dir.path(),
        "holds.toml",
        &format!(
            "[min_score]\ndevops = {}\n\n[min_level]\n\"automation.version-control\" = 2\n",
            devops.floor()
        ),
    );
    let (out, _) = run(maturity().arg("gate").arg(&report).arg("--policy").arg(&holds), 0);
    assert!(out.contains(": PASSED, all 2 rules hold\n"), "{out}");

    let fails = write(
        dir.path(),
        "fails.toml",
        &format!(
            "[min_score]\ndevops = {}\n\"automation.build-ci\" = 0\n[min_level]\n\"testing.performance\" = {{ observed = 2 }}\n",
            devops.floor() + 1.0
        ),
    );
    let (out, _) = run(maturity().arg("gate").arg(&report).arg("--policy").arg(&fails), 1);
    let policy = fails.display();
    assert!(out.contains(": FAILED, 2 of 3 rules do not hold\n"), "{out}");
    assert!(
        out.contains(&format!("FAIL  {policy}:2  min_score.devops\n")),
        "{out}"
    );
    assert!(
        out.contains(&format!("ok    {policy}:3  min_score.automation.build-ci\n")),
        "{out}"
    );
    assert!(
        out.contains(
            "testing.performance has no observed level: no evidence speaks to it; at least 2 required"
        ),
        "no data is a failure with its reason: {out}"
    );
}

#[test]
fn a_directory_and_its_saved_report_are_judged_the_same() {
    let dir = TempDir::new().unwrap();
    let report = example_report(dir.path());
    let policy = write(
        dir.path(),
        "gate.toml",
        "[min_score]\ndevops = 30\nautomation = 30\ntesting = 30\n[min_level]\n\"devops.builds-ci\" = 2\n",
    );
    let judge = |input: &Path| {
        let output = maturity()
            .arg("gate")
            .arg(input)
            .arg("--policy")
            .arg(&policy)
            .args(["--format", "json"])
            .output()
            .unwrap();
        (output.status.code(), String::from_utf8(output.stdout).unwrap())
    };
    let from_dir = judge(&example());
    assert_eq!(from_dir, judge(&report));
    let value: serde_json::Value = serde_json::from_str(&from_dir.1).unwrap();
    assert_eq!(value["schema"], "maturity-gate/1");
    assert_eq!(value["results"].as_array().unwrap().len(), 4);
}

#[test]
fn sarif_junit_and_codequality_files_parse_back() {
    let dir = TempDir::new().unwrap();
    let report = example_report(dir.path());
    let policy = write(
        dir.path(),
        "gate.toml",
        "[min_score]\ndevops = 100\ntesting = 0\n",
    );
    let (sarif, junit, codequality) = (
        dir.path().join("g.sarif"),
        dir.path().join("g.xml"),
        dir.path().join("cq.json"),
    );
    let (out, _) = run(
        maturity()
            .arg("gate")
            .arg(&report)
            .arg("--policy")
            .arg(&policy)
            .arg("--sarif")
            .arg(&sarif)
            .arg("--junit")
            .arg(&junit)
            .arg("--codequality")
            .arg(&codequality),
        1,
    );
    assert!(out.starts_with("Gate "), "text stays on stdout: {out}");

    let value: serde_json::Value = serde_json::from_str(&fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(value["version"], "2.1.0");
    assert!(value["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run0 = &value["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "maturity");
    assert_eq!(run0["tool"]["driver"]["rules"].as_array().unwrap().len(), 2);
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results[0]["ruleId"], "min_score.devops");
    assert_eq!(results[0]["level"], "error");
    assert_eq!(results[1]["level"], "none");
    let location = &results[0]["locations"][0]["physicalLocation"];
    assert!(
        location["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("gate.toml")
    );
    assert_eq!(location["region"]["startLine"], 2);

    let xml = fs::read_to_string(&junit).unwrap();
    let mut reader = Reader::from_str(&xml);
    let (mut cases, mut failures) = (Vec::new(), Vec::new());
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => {
                let attr = |n: &str| {
                    e.try_get_attribute(n)
                        .unwrap()
                        .unwrap()
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .unwrap()
                        .into_owned()
                };
                match e.name().as_ref() {
                    "testcase" => cases.push(attr("name")),
                    "failure" => failures.push(attr("message")),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(cases, ["min_score.devops", "min_score.testing"]);
    assert_eq!(failures.len(), 1);
    assert!(failures[0].contains("below the 100 required"), "{failures:?}");

    let issues: serde_json::Value = serde_json::from_str(&fs::read_to_string(&codequality).unwrap()).unwrap();
    assert_eq!(issues.as_array().unwrap().len(), 1);
    assert_eq!(issues[0]["location"]["lines"]["begin"], 2);

    // The same formats on standard output.
    let (stdout, _) = run(
        maturity()
            .arg("gate")
            .arg(&report)
            .arg("--policy")
            .arg(&policy)
            .args(["--format", "junit"]),
        1,
    );
    assert_eq!(stdout, xml);
}

#[test]
fn regression_against_a_baseline_directory_or_report() {
    let dir = TempDir::new().unwrap();
    let report = example_report(dir.path());
    let policy = write(dir.path(), "gate.toml", "max_regression = 0\n");
    run(
        maturity()
            .arg("gate")
            .arg(&report)
            .arg("--policy")
            .arg(&policy)
            .arg("--baseline")
            .arg(example()),
        0,
    );
    // A baseline whose devops score was 10 points higher.
    let devops = model_score(&report, "devops");
    let text = fs::read_to_string(&report).unwrap();
    let raised = text.replacen(
        &format!("\"score\": {devops}"),
        &format!("\"score\": {}", devops + 10.0),
        1,
    );
    assert_ne!(raised, text);
    let baseline = write(dir.path(), "baseline.json", &raised);
    let loose = write(dir.path(), "loose.toml", "max_regression = 10\n");
    run(
        maturity()
            .arg("gate")
            .arg(&report)
            .arg("--policy")
            .arg(&loose)
            .arg("--baseline")
            .arg(&baseline),
        0,
    );
    let (out, _) = run(
        maturity()
            .arg("gate")
            .arg(&report)
            .arg("--policy")
            .arg(&policy)
            .arg("--baseline")
            .arg(&baseline),
        1,
    );
    assert!(
        out.contains("FAIL") && out.contains("max_regression.devops"),
        "{out}"
    );
    assert!(out.contains("10 points lower, more than the 0 allowed"), "{out}");
}

#[test]
fn dora_bands_and_required_checks_from_a_repository() {
    let dir = TempDir::new().unwrap();
    let repo = dir.path().join("repo");
    fs::create_dir(&repo).unwrap();
    fixture_repository(&repo);
    let assessment = dir.path().join("assessment");
    fs::create_dir_all(assessment.join("responses")).unwrap();
    write(
        &assessment,
        "maturity.toml",
        "subject = \"Repo\"\ndate = \"2026-07-01\"\nmodels = [\"devops\"]\n[evidence]\nrepositories = [\"../repo\"]\n",
    );
    write(
        &assessment.join("responses"),
        "a.toml",
        "respondent = \"a\"\n[answers]\n\"devops.leadership\" = 2\n",
    );
    let (scan, _) = run(
        maturity()
            .arg("scan")
            .arg(&repo)
            .args(["--format", "json", "--quiet"]),
        0,
    );
    let scan = write(dir.path(), "scan.json", &scan);

    let holds = write(
        dir.path(),
        "holds.toml",
        "required_checks = [\"ci-runs-tests\"]\n[dora]\nlead_time = \"high\"\ndeployment_frequency = \"medium\"\n",
    );
    let gate = |policy: &Path, status: i32| {
        run(
            maturity()
                .arg("gate")
                .arg(&assessment)
                .arg("--policy")
                .arg(policy)
                .arg("--scan")
                .arg(&scan),
            status,
        )
        .0
    };
    let out = gate(&holds, 0);
    assert!(
        out.contains("lead_time: high in git history of ../repo (at least high required)"),
        "{out}"
    );
    assert!(out.contains("ci-runs-tests passed in"), "{out}");

    let fails = write(
        dir.path(),
        "fails.toml",
        "required_checks = [\"lockfile-present\"]\n[dora]\ndeployment_frequency = \"high\"\n[min_level]\n\"devops.builds-ci\" = { observed = 3 }\n",
    );
    let out = gate(&fails, 1);
    assert!(
        out.contains("deployment_frequency: medium in git history of ../repo; at least high required"),
        "{out}"
    );
    assert!(
        out.contains("lockfile-present did not pass") || out.contains("no scan reported lockfile-present"),
        "{out}"
    );
    assert!(
        out.contains("devops.builds-ci is at level 2.5 (observed), below the 3 required"),
        "the scan's and the history's levels, averaged: {out}"
    );
}

#[test]
fn bad_inputs_exit_2_and_say_where() {
    let dir = TempDir::new().unwrap();
    let report = example_report(dir.path());
    let policy = |text: &str| write(dir.path(), "gate.toml", text);
    let gate = |policy: &Path, extra: &[&str]| {
        run(
            maturity()
                .arg("gate")
                .arg(&report)
                .arg("--policy")
                .arg(policy)
                .args(extra),
            2,
        )
        .1
    };
    let cases: [(&str, &str); 7] = [
        (
            "[min_score]\ndevop = 40\n",
            "gate.toml:2:1: unknown model `devop` (did you mean `devops`?",
        ),
        (
            "[min_level]\n\"devops.builds-ci\" = 7\n",
            "gate.toml:2:22: 7 is outside 1–4",
        ),
        (
            "[dora]\nlead_time = \"fast\"\n",
            "gate.toml:2:13: unknown band `fast` (bands, best first: elite, high, medium, low)",
        ),
        (
            "required_checks = [\"ci-tests\"]\n",
            "gate.toml:1:20: unknown check `ci-tests`",
        ),
        ("[min_score\n", "gate.toml:1:"),
        ("", "gate.toml:1:1: the policy has no rules"),
        (
            "max_regression = 3\n",
            "gate.toml:1: max_regression compares with a baseline report, and none was given",
        ),
    ];
    for (text, expected) in cases {
        let stderr = gate(&policy(text), &[]);
        assert!(stderr.contains(expected), "{text:?}: {stderr}");
    }
    let good = policy("[min_score]\ndevops = 1\n");

    // A broken report, a report of another schema, a missing file, a bad scan.
    let broken = write(
        dir.path(),
        "broken.json",
        "{\n  \"schema\": \"maturity-report/1\",\n  \"models\": [1]\n}",
    );
    let stderr = run(maturity().arg("gate").arg(&broken).arg("--policy").arg(&good), 2).1;
    assert!(
        stderr.contains("broken.json:3:14: invalid type: integer `1`"),
        "{stderr}"
    );
    let scan_as_report = write(
        dir.path(),
        "scan-as-report.json",
        "{\"schema\": \"maturity-scan/1\", \"subject\": \"\", \"models\": []}",
    );
    let stderr = run(
        maturity()
            .arg("gate")
            .arg(&scan_as_report)
            .arg("--policy")
            .arg(&good),
        2,
    )
    .1;
    assert!(
        stderr.contains("not a maturity report: schema is `maturity-scan/1`"),
        "{stderr}"
    );
    let stderr = run(
        maturity()
            .arg("gate")
            .arg(dir.path().join("none.json"))
            .arg("--policy")
            .arg(&good),
        2,
    )
    .1;
    assert!(
        stderr.contains("cannot read") && stderr.contains("none.json"),
        "{stderr}"
    );
    let stderr = gate(&good, &["--scan", report.to_str().unwrap()]);
    assert!(
        stderr.contains("report.json:") && stderr.contains("not a scan result"),
        "{stderr}"
    );
    let stderr = run(
        maturity()
            .arg("gate")
            .arg(&report)
            .arg("--policy")
            .arg(dir.path().join("no.toml")),
        2,
    )
    .1;
    assert!(stderr.contains("cannot read the policy"), "{stderr}");
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let mut cmd = maturity();
    cmd.arg("gate").arg(&report).arg("--policy").arg(&good);
    let stderr = run(cmd.arg("--baseline").arg(&empty), 2).1;
    assert!(
        stderr.contains("maturity.toml"),
        "a baseline directory that is no assessment: {stderr}"
    );

    // Usage errors: clap's own status is 2 too.
    let stderr = run(maturity().arg("gate").arg(&report), 2).1;
    assert!(stderr.contains("--policy"), "{stderr}");
    let stderr = run(
        maturity()
            .arg("gate")
            .arg(&report)
            .arg("--policy")
            .arg(&good)
            .args(["--format", "xml"]),
        2,
    )
    .1;
    assert!(
        stderr.contains("text, json, sarif, junit, codequality"),
        "{stderr}"
    );
}
