//! The evidence an assessment's `[evidence]` table names: repositories scanned and measured
//! now, scans and metrics saved earlier. Everything becomes observed levels for scoring and,
//! for metrics, a delivery section for the report.

use std::fs;
use std::path::Path;

use anyhow::Context;
use maturity_evidence::{ScanConfig, ScanReport, scan};
use maturity_git::{MetricsConfig, ReleasePattern, metrics};
use maturity_model::assessment::EvidenceConfig;
use maturity_model::evidence::ObservedLevel;
use maturity_report::view::Delivery;
use maturity_report::{is_metrics_json, metrics_evidence};

/// What the evidence of an assessment amounts to.
#[derive(Default)]
pub struct Gathered {
    pub observed: Vec<ObservedLevel>,
    pub delivery: Vec<Delivery>,
}

/// Reads every source of `config`, relative to the assessment directory `dir`. Delivery
/// metrics are measured up to `now` (seconds since 1970).
pub fn gather(dir: &Path, config: &EvidenceConfig, now: i64) -> anyhow::Result<Gathered> {
    let mut gathered = Gathered::default();
    for repository in &config.repositories {
        let path = dir.join(repository);
        let report = scan(&ScanConfig::new(&path))
            .with_context(|| format!("[evidence] repositories: {repository}"))?;
        gathered
            .observed
            .extend(report.model_levels(&format!("scan of {repository}")));
        if is_git_repository(&path) {
            let mut metrics_config = MetricsConfig::new(&path, now);
            if let Some(pattern) = &config.release_tags {
                metrics_config.release_tags = pattern
                    .parse::<ReleasePattern>()
                    .map_err(anyhow::Error::msg)
                    .context("[evidence] release_tags")?;
            }
            let measured =
                metrics(&metrics_config).with_context(|| format!("git history of {repository}"))?;
            let value = serde_json::to_value(&measured.metrics).context("metrics as JSON")?;
            add_metrics(&mut gathered, &format!("git history of {repository}"), value);
        }
    }
    for file in &config.scans {
        let path = dir.join(file);
        let text = fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let report = ScanReport::from_json(&text).map_err(|e| {
            anyhow::anyhow!(
                "{}:{}:{}: not a scan result: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        gathered
            .observed
            .extend(report.model_levels(&format!("saved scan {file}")));
    }
    for file in &config.metrics {
        let path = dir.join(file);
        let text = fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        let value: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| anyhow::anyhow!("{}:{}:{}: not JSON: {e}", path.display(), e.line(), e.column()))?;
        if !is_metrics_json(&value) {
            anyhow::bail!(
                "{}: not a `maturity metrics --format json` result (no deployment_frequency)",
                path.display()
            );
        }
        add_metrics(&mut gathered, &format!("saved metrics {file}"), value);
    }
    Ok(gathered)
}

/// Adds one metrics result: its observed levels, and its delivery section.
fn add_metrics(gathered: &mut Gathered, source: &str, metrics: serde_json::Value) {
    let (observed, delivery) = metrics_evidence(source, metrics);
    gathered.observed.extend(observed);
    gathered.delivery.push(delivery);
}

fn is_git_repository(path: &Path) -> bool {
    path.join(".git").exists() || (path.join("HEAD").is_file() && path.join("objects").is_dir())
}
