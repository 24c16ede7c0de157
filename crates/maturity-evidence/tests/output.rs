//! Output shapes: SARIF 2.1.0, the JSON a saved scan is read back from, and the table.

mod common;

use common::{repo, scan_dir};
use maturity_evidence::{Format, Outcome, ScanReport, checks, render};
use serde_json::Value;

fn fixture() -> ScanReport {
    let dir = repo(&[
        (
            "go.mod",
            "module x\n\nrequire github.com/stretchr/testify v1.9.0\n",
        ),
        ("main.go", ""),
        ("main_test.go", ""),
        ("my dir/notes #1.md", ""),
        (
            ".github/workflows/ci.yml",
            "on: [push]\njobs:\n  t:\n    steps:\n      - run: go test ./...\n",
        ),
        ("azure-pipelines.yml", "steps:\n  - script: [oops\n"),
    ]);
    scan_dir(dir.path())
}

#[test]
fn sarif_has_the_2_1_0_shape_with_one_result_per_finding() {
    let report = fixture();
    let sarif = render::sarif(&report);
    assert_eq!(sarif["version"], "2.1.0");
    assert!(
        sarif["$schema"]
            .as_str()
            .is_some_and(|s| s.contains("sarif-2.1.0"))
    );
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "maturity");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), checks::all().len());
    assert!(
        rules
            .iter()
            .all(|r| r["id"].is_string() && r["shortDescription"]["text"].is_string())
    );
    for (rule, check) in rules.iter().zip(checks::all()) {
        assert_eq!(
            rule["properties"]["criteria"],
            serde_json::json!(check.criteria()),
            "{}",
            check.id
        );
    }
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), report.findings.len());
    for (result, finding) in results.iter().zip(&report.findings) {
        assert_eq!(result["ruleId"], finding.check.as_str());
        assert_eq!(
            rules[result["ruleIndex"].as_u64().expect("index") as usize]["id"],
            finding.check.as_str()
        );
        assert_eq!(result["message"]["text"], finding.message.as_str());
        let level = result["level"].as_str().expect("level");
        let kind = result["kind"].as_str().expect("kind");
        match finding.outcome {
            Outcome::Pass => assert_eq!((kind, level), ("pass", "none")),
            Outcome::Fail => assert_eq!((kind, level), ("fail", "warning")),
            Outcome::CouldNotParse => assert_eq!((kind, level), ("fail", "error")),
        }
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().expect("uri");
        assert!(!uri.is_empty() && !uri.contains(' '));
        match finding.line {
            Some(line) => assert_eq!(location["region"]["startLine"], Value::from(line)),
            None => assert!(location.get("region").is_none()),
        }
    }
    assert!(
        results.iter().any(|r| r["level"] == "error"),
        "the broken azure-pipelines.yml is an error result"
    );
}

#[test]
fn json_round_trips_and_names_its_schema() {
    let report = fixture();
    let text = report.to_json();
    let value: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(value["schema"], "maturity-scan/1");
    for key in [
        "root",
        "files_seen",
        "files_read",
        "files_skipped",
        "ecosystems",
        "findings",
        "observed",
        "warnings",
    ] {
        assert!(value.get(key).is_some(), "{key}");
    }
    assert_eq!(ScanReport::from_json(&text).expect("read back"), report);
}

#[test]
fn model_levels_spell_out_the_evidence() {
    let report = fixture();
    let levels = report.model_levels("scan of fixture");
    assert_eq!(levels.len(), report.observed.len());
    let unit = levels
        .iter()
        .find(|l| l.criterion == "testing.unit")
        .expect("testing.unit");
    assert_eq!(unit.level, 3);
    assert_eq!(unit.source, "scan of fixture");
    assert!(
        unit.evidence
            .iter()
            .any(|e| e.location.as_deref() == Some(".github/workflows/ci.yml:5")),
        "{:?}",
        unit.evidence
    );
}

#[test]
fn every_format_renders() {
    let report = fixture();
    for format in [Format::Table, Format::Json, Format::Sarif] {
        let mut out = Vec::new();
        render::write(&report, format, &mut out).expect("render");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.contains("ci-config-present"), "{format:?}");
    }
    let mut out = Vec::new();
    render::write_table(&report, &mut out).expect("table");
    let table = String::from_utf8(out).expect("utf-8");
    assert!(
        table.contains("testing.unit") && table.contains("Findings") && table.contains("could not parse")
    );
    let mut out = Vec::new();
    render::write_checks_table(&mut out).expect("checks");
    let listing = String::from_utf8(out).expect("utf-8");
    assert_eq!(listing.lines().count(), checks::all().len() + 1);
    // The criteria shown are those whose rules read the check, and a check no rule reads
    // says so rather than showing nothing.
    let line = |id: &str| {
        listing
            .lines()
            .find(|l| l.split_whitespace().next() == Some(id))
            .unwrap_or_else(|| panic!("{id} listed"))
            .to_string()
    };
    assert!(line("ci-config-present").contains("automation.quality-gates"));
    assert!(line("changelog").contains("informs no level"));
}

#[test]
fn output_does_not_depend_on_thread_count_and_caps_are_reported() {
    let mut files: Vec<(String, String)> = (0..40)
        .map(|i| (format!("src/m{i:02}.rs"), "#[cfg(test)]\nmod t {}\n".to_string()))
        .collect();
    files.push((
        ".github/workflows/ci.yml".into(),
        "on: push\njobs:\n  t:\n    steps:\n      - run: cargo test\n".into(),
    ));
    files.extend((0..30).map(|i| {
        (
            format!("k8s/app{i:02}.yaml"),
            "apiVersion: v1\nkind: Service\n".to_string(),
        )
    }));
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(p, c)| (p.as_str(), c.as_str())).collect();
    let dir = repo(&borrowed);
    let mut one = maturity_evidence::ScanConfig::new(dir.path());
    one.threads = 1;
    let mut many = one.clone();
    many.threads = 8;
    let a = maturity_evidence::scan(&one).expect("scan");
    let b = maturity_evidence::scan(&many).expect("scan");
    assert_eq!(a.to_json(), b.to_json());

    let mut capped = one.clone();
    capped.max_sampled_sources = 10;
    capped.max_config_files = 5;
    let report = maturity_evidence::scan(&capped).expect("scan");
    let rust = &report.ecosystems[0];
    assert_eq!((rust.source_files, rust.unit_test_files), (40, 10));
    assert!(
        report.warnings.iter().any(|w| w.contains("left 30 unread")),
        "{:?}",
        report.warnings
    );
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("left 25 configuration files unread")),
        "{:?}",
        report.warnings
    );
}
