//! The registry over real inputs: a git repository made here with fixed dates, saved results
//! written by the producers themselves, and every bad form a saved result or `[evidence]`
//! table can take.

use std::fs;
use std::path::Path;

use maturity_model::assessment::{EvidenceConfig, SavedEvidence};
use maturity_sources::{SOURCES, SourceError, gather, read_saved, source_of_kind};
use tempfile::TempDir;

const NOW: i64 = 1_798_761_600; // 2027-01-01
const FEB_1: i64 = 1_769_904_000; // 2026-02-01
const DAY: i64 = 86_400;
const WEEK: i64 = 7 * DAY;

fn git(dir: &Path, args: &[&str], date: &str) {
    let status = std::process::Command::new("git")
        .args(["-c", "user.name=Ann", "-c", "user.email=ann@example.com"])
        .args(["-c", "commit.gpgSign=false", "-c", "tag.gpgSign=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// Six weekly releases, each of two commits written a day before it.
fn repository(dir: &Path) {
    fs::create_dir_all(dir.join("tests")).expect("mkdir");
    git(dir, &["init", "-q", "-b", "main"], "1767225600 +0000");
    for week in 0..6 {
        for n in 0..2 {
            fs::write(dir.join("tests/it.rs"), format!("// {week} {n}\n")).expect("write");
            let date = format!("{} +0000", FEB_1 + week * WEEK + n * 3600);
            git(dir, &["add", "."], &date);
            git(dir, &["commit", "-q", "-m", &format!("change {week}.{n}")], &date);
        }
        let date = format!("{} +0000", FEB_1 + week * WEEK + DAY);
        git(dir, &["tag", &format!("v1.{week}.0")], &date);
    }
}

fn config(repositories: &[&str], saved: &[(&str, &[&str])]) -> EvidenceConfig {
    EvidenceConfig {
        repositories: repositories.iter().map(ToString::to_string).collect(),
        saved: saved
            .iter()
            .enumerate()
            .map(|(i, (key, files))| SavedEvidence {
                key: (*key).to_string(),
                files: files.iter().map(ToString::to_string).collect(),
                line: Some(i + 3),
            })
            .collect(),
        release_tags: None,
        flow: Default::default(),
    }
}

#[test]
fn a_repository_is_scanned_and_measured_and_saved_results_read_back_the_same() {
    let dir = TempDir::new().expect("temp dir");
    repository(&dir.path().join("api"));
    fs::create_dir(dir.path().join("docs")).expect("mkdir");
    let gathered = gather(dir.path(), "maturity.toml", &config(&["api", "docs"], &[]), NOW).expect("gathers");
    let labels: Vec<&str> = gathered.observed.iter().map(|o| o.source.as_str()).collect();
    // An empty folder scans to nothing observed, and has no history to measure.
    assert!(labels.contains(&"scan of api"), "{labels:?}");
    assert!(labels.contains(&"git history of api"), "{labels:?}");
    assert!(
        !labels.contains(&"git history of docs"),
        "not a repository: {labels:?}"
    );
    assert_eq!(gathered.delivery.len(), 1);
    assert_eq!(gathered.delivery[0].source, "git history of api");
    let release = gathered
        .observed
        .iter()
        .find(|o| o.criterion == "devops.environments-release")
        .expect("weekly releases give a level");
    assert_eq!(release.level, 3, "{release:?}");

    // What each source produced, saved as its producer writes it, reads back to the same
    // levels under the saved label.
    let scan =
        maturity_evidence::scan(&maturity_evidence::ScanConfig::new(dir.path().join("api"))).expect("scan");
    fs::write(dir.path().join("scan.json"), scan.to_json()).expect("write");
    let measured = maturity_git::metrics(&maturity_git::MetricsConfig::new(dir.path().join("api"), NOW))
        .expect("metrics");
    fs::write(dir.path().join("metrics.json"), measured.metrics.to_json()).expect("write");
    // Listed metrics first: sources are still read in registry order.
    let saved = config(&[], &[("metrics", &["metrics.json"]), ("scans", &["scan.json"])]);
    let again = gather(dir.path(), "maturity.toml", &saved, NOW).expect("gathers");
    let strip = |levels: &[maturity_model::evidence::ObservedLevel]| -> Vec<(String, u8, String)> {
        levels
            .iter()
            .map(|o| (o.criterion.clone(), o.level, o.rule.clone()))
            .collect()
    };
    let fresh: Vec<_> = gathered
        .observed
        .iter()
        .filter(|o| o.source.ends_with("api"))
        .cloned()
        .collect();
    let mut fresh_by_source = fresh.clone();
    fresh_by_source.sort_by_key(|o| !o.source.starts_with("scan"));
    assert_eq!(strip(&again.observed), strip(&fresh_by_source));
    assert!(again.observed[0].source.starts_with("saved scan scan.json"));
    assert_eq!(again.delivery[0].source, "saved metrics metrics.json");
    assert_eq!(again.delivery[0].metrics, gathered.delivery[0].metrics);
}

#[test]
fn bad_saved_results_and_keys_say_where() {
    let dir = TempDir::new().expect("temp dir");
    fs::write(dir.path().join("truncated.json"), "{\n  \"schema\": ").expect("write");
    fs::write(dir.path().join("list.json"), "[1, 2]").expect("write");
    fs::write(dir.path().join("text.txt"), "not json at all").expect("write");
    let cases: &[(&str, &str, &str)] = &[
        ("scans", "missing.json", "cannot read"),
        ("scans", "truncated.json", "truncated.json:2:12: not JSON"),
        ("scans", "list.json", "not a scan result"),
        ("metrics", "text.txt", "text.txt:1:2: not JSON"),
        (
            "metrics",
            "list.json",
            "not a `maturity metrics --format json` result",
        ),
    ];
    for (key, file, expected) in cases {
        let err = gather(dir.path(), "maturity.toml", &config(&[], &[(key, &[file])]), NOW).expect_err(file);
        let chain = anyhow_like(&err);
        assert!(chain.contains(expected), "{key} {file}: {chain}");
        assert!(chain.contains(file), "{key} {file}: {chain}");
    }
    let err = gather(
        dir.path(),
        "team/maturity.toml",
        &config(&[], &[("metric", &[])]),
        NOW,
    )
    .expect_err("typo");
    assert!(matches!(err, SourceError::Config(_)));
    assert_eq!(
        err.to_string(),
        "team/maturity.toml:3: unknown [evidence] key `metric` (did you mean `metrics`?)"
    );
    let err =
        gather(dir.path(), "maturity.toml", &config(&["nowhere"], &[]), NOW).expect_err("no repository");
    let chain = anyhow_like(&err);
    assert!(
        chain.contains("[evidence] repositories: nowhere") && chain.contains("no such file"),
        "{chain}"
    );
}

#[test]
fn every_source_reads_what_it_is_pushed_and_refuses_what_is_not() {
    for source in SOURCES {
        assert!(source_of_kind(source.kind()).is_some());
        let err = read_saved(*source, "evidence/1-x.json", "{").expect_err("truncated");
        assert_eq!(err.line, 1, "{}: {err}", source.kind());
        assert!(
            read_saved(*source, "evidence/1-x.json", "{}").is_err(),
            "{}",
            source.kind()
        );
    }
}

/// The error and its causes, as the binary prints them (`{:#}`).
fn anyhow_like(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

#[test]
fn work_item_exports_are_measured_with_the_flow_stages_of_the_assessment() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut rows = String::from("ID,Title,Backlog,Doing,Review,Done\n");
    // 24 items finished over four weeks, each in review a day before done.
    for i in 0..24 {
        let start = 1 + i % 20;
        rows.push_str(&format!(
            "W-{i},t,2026-11-01,2026-11-{start:02},2026-11-{:02},2026-11-{:02}\n",
            start + 1,
            start + 2
        ));
    }
    rows.push_str("W-bad,t,2026-11-01,someday,,\n");
    std::fs::write(dir.path().join("items.csv"), &rows).expect("write");
    let mut config = config(&[], &[("flow", &["items.csv"])]);
    let gathered = gather(dir.path(), "maturity.toml", &config, NOW).expect("gathers");
    assert_eq!(gathered.flow.len(), 1);
    let section = &gathered.flow[0];
    assert_eq!(section.source, "work items items.csv");
    assert_eq!(section.flow.items.finished, 24);
    // Doing → Done is three days for every item.
    assert_eq!(section.flow.cycle_time.p95, Some(3));
    assert_eq!(section.flow.unreadable.len(), 1);
    assert_eq!(section.flow.unreadable[0].path, "items.csv");
    assert_eq!(section.flow.unreadable[0].line, 26);
    let levels: Vec<(&str, u8)> = gathered
        .observed
        .iter()
        .map(|o| (o.criterion.as_str(), o.level))
        .collect();
    assert_eq!(
        levels,
        [("automation.transparency", 2), ("devops.visibility-reporting", 3)]
    );

    // `[flow] started = "Review"`: two days each.
    config.flow.started = Some("review".into());
    let gathered = gather(dir.path(), "maturity.toml", &config, NOW).expect("gathers");
    assert_eq!(gathered.flow[0].flow.cycle_time.p95, Some(2));

    std::fs::write(dir.path().join("items.csv"), "not,an,export\n1,2,3\n").expect("write");
    let err = gather(dir.path(), "maturity.toml", &config, NOW).expect_err("not an export");
    assert!(
        err.to_string().contains("items.csv:1:1: no known header"),
        "{err}"
    );
}
