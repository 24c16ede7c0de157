//! The result of a scan, independent of how it is shown: what was walked, what every check
//! found, and the observed levels with the findings behind them. Serialised as JSON it is
//! the saved scan an assessment's `maturity.toml` can point at (schema in docs/checks.md).

use serde::{Deserialize, Serialize};

use crate::finding::{Finding, Outcome};
use crate::levels::ObservedLevel;
use crate::raw::{Ecosystem, RawEvidence, Skipped, TestKind};

/// Identifies the JSON layout; bumped when a field changes meaning or disappears.
pub const SCHEMA: &str = "maturity-scan/1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanReport {
    /// Always [`SCHEMA`] for reports this version writes.
    pub schema: String,
    /// The scanned directory as the caller named it.
    pub root: String,
    /// Regular files walked (after .gitignore).
    pub files_seen: usize,
    /// Files whose contents were read.
    pub files_read: usize,
    pub files_skipped: Skipped,
    /// Source and test files per ecosystem.
    pub ecosystems: Vec<EcosystemSummary>,
    pub findings: Vec<Finding>,
    pub observed: Vec<ObservedLevel>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EcosystemSummary {
    pub ecosystem: Ecosystem,
    pub source_files: usize,
    pub unit_test_files: usize,
    pub integration_test_files: usize,
    pub system_test_files: usize,
    pub performance_test_files: usize,
    /// Test files per source file, when there are sources.
    pub test_ratio: Option<f64>,
}

impl ScanReport {
    /// Judges raw evidence and folds the findings into levels; pure.
    pub fn from_raw(root: &str, raw: &RawEvidence) -> Self {
        let findings = crate::checks::judge(raw);
        let observed = crate::levels::observe(&findings);
        let ecosystems = raw
            .code
            .iter()
            .map(|(ecosystem, stats)| {
                #[allow(clippy::cast_precision_loss)]
                let ratio = (stats.sources > 0).then(|| {
                    let ratio = stats.test_files() as f64 / stats.sources as f64;
                    (ratio * 100.0).round() / 100.0
                });
                EcosystemSummary {
                    ecosystem: *ecosystem,
                    source_files: stats.sources,
                    unit_test_files: stats.count(TestKind::Unit),
                    integration_test_files: stats.count(TestKind::Integration),
                    system_test_files: stats.count(TestKind::System),
                    performance_test_files: stats.count(TestKind::Performance),
                    test_ratio: ratio,
                }
            })
            .collect();
        Self {
            schema: SCHEMA.to_string(),
            root: root.to_string(),
            files_seen: raw.files_seen,
            files_read: raw.files_read,
            files_skipped: raw.skipped,
            ecosystems,
            findings,
            observed,
            warnings: raw.warnings.clone(),
        }
    }

    /// Reads a saved scan. Unknown fields are ignored so newer writers stay readable.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// Pretty JSON, the format `maturity scan --format json` prints.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report holds only strings, numbers and lists")
    }

    /// Findings of one outcome.
    pub fn findings_with(&self, outcome: Outcome) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.outcome == outcome)
    }

    /// The observed level of a criterion, if the evidence speaks to it.
    pub fn observed_level(&self, criterion: &str) -> Option<&ObservedLevel> {
        self.observed.iter().find(|o| o.criterion == criterion)
    }

    /// The observed levels in the assessment's vocabulary (`maturity_model::evidence`), with
    /// each finding behind a level spelled out; `source` says where they come from, e.g.
    /// `scan of ../falcon-api`.
    pub fn model_levels(&self, source: &str) -> Vec<maturity_model::evidence::ObservedLevel> {
        self.observed
            .iter()
            .map(|observed| maturity_model::evidence::ObservedLevel {
                criterion: observed.criterion.clone(),
                level: observed.level,
                // The rule restates its level; the assessment shows the level beside it already.
                rule: observed
                    .rule
                    .strip_prefix(&format!("level {}: ", observed.level))
                    .unwrap_or(&observed.rule)
                    .to_string(),
                source: source.to_string(),
                evidence: observed
                    .findings
                    .iter()
                    .filter_map(|&index| self.findings.get(index))
                    .map(|finding| maturity_model::evidence::Evidence {
                        message: format!(
                            "{} ({}): {}",
                            finding.check,
                            finding.outcome.as_str(),
                            finding.message
                        ),
                        location: finding.file.is_some().then(|| finding.location()),
                    })
                    .collect(),
            })
            .collect()
    }
}
