//! Fixture repositories built by the tests themselves, in temporary directories.

#![allow(dead_code)]

use std::path::Path;

use maturity_evidence::{Outcome, ScanConfig, ScanReport, scan};

/// Writes `files` (path, contents) under a fresh temporary directory.
pub fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), files);
    dir
}

pub fn write(root: &Path, files: &[(&str, &str)]) {
    for (path, contents) in files {
        let full = root.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(full, contents).expect("write fixture");
    }
}

pub fn scan_dir(root: &Path) -> ScanReport {
    scan(&ScanConfig::new(root)).expect("scan")
}

/// The observed level of a criterion, if any.
pub fn level(report: &ScanReport, criterion: &str) -> Option<u8> {
    report.observed_level(criterion).map(|o| o.level)
}

/// Locations (`file:line` or `-`) of a check's findings with this outcome.
pub fn located(report: &ScanReport, check: &str, outcome: Outcome) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| f.check == check && f.outcome == outcome)
        .map(|f| f.location())
        .collect()
}

pub fn passes(report: &ScanReport, check: &str) -> Vec<String> {
    located(report, check, Outcome::Pass)
}

pub fn fails(report: &ScanReport, check: &str) -> Vec<String> {
    located(report, check, Outcome::Fail)
}

/// Asserts observed levels; `None` means the criterion must stay unobserved.
pub fn assert_levels(report: &ScanReport, expected: &[(&str, Option<u8>)]) {
    let mut wrong = Vec::new();
    for (criterion, want) in expected {
        let got = level(report, criterion);
        if got != *want {
            let rule = report
                .observed_level(criterion)
                .map(|o| o.rule.clone())
                .unwrap_or_default();
            wrong.push(format!("{criterion}: expected {want:?}, got {got:?} {rule}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{}\n\nfindings:\n{}",
        wrong.join("\n"),
        summary(report)
    );
}

pub fn summary(report: &ScanReport) -> String {
    report
        .findings
        .iter()
        .map(|f| {
            format!(
                "  {} {} {} {}",
                f.outcome.as_str(),
                f.check,
                f.location(),
                f.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}
