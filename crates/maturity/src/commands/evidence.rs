//! The evidence an assessment's `[evidence]` table names: repositories scanned and measured
//! now, scans and metrics saved earlier. Everything becomes observed levels for scoring and,
//! for metrics, a delivery section for the report.

use std::fs;
use std::path::Path;

use anyhow::Context;
use maturity_evidence::{ScanConfig, ScanReport, scan};
use maturity_git::{MetricsConfig, ReleasePattern, metrics};
use maturity_model::assessment::EvidenceConfig;
use maturity_model::evidence::{Evidence, ObservedLevel};
use maturity_report::view::Delivery;

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
        if !value
            .get("deployment_frequency")
            .is_some_and(serde_json::Value::is_object)
        {
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
    let levels = metrics
        .get("levels")
        .and_then(serde_json::Value::as_array)
        .cloned()
        .unwrap_or_default();
    for level in levels {
        let (Some(criterion), Some(value), Some(rule)) = (
            level.get("criterion").and_then(serde_json::Value::as_str),
            level
                .get("level")
                .and_then(serde_json::Value::as_u64)
                .and_then(|l| u8::try_from(l).ok())
                .filter(|l| (1..=maturity_model::LEVELS).contains(l)),
            level.get("rule").and_then(serde_json::Value::as_str),
        ) else {
            continue;
        };
        let evidence = level
            .get("numbers")
            .and_then(serde_json::Value::as_object)
            .map(|numbers| {
                numbers
                    .iter()
                    .map(|(name, number)| Evidence {
                        message: format!("{} = {}", name.replace('_', " "), rounded(number)),
                        location: None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        gathered.observed.push(ObservedLevel {
            criterion: criterion.to_string(),
            level: value,
            rule: rule.to_string(),
            source: source.to_string(),
            evidence,
        });
    }
    gathered.delivery.push(Delivery {
        source: source.to_string(),
        metrics,
    });
}

/// A number as a reader wants it: whole numbers without decimals, others to one decimal.
fn rounded(number: &serde_json::Value) -> String {
    match number.as_f64() {
        Some(n) if n.fract() == 0.0 => format!("{n:.0}"),
        Some(n) => format!("{n:.1}"),
        None => number.to_string(),
    }
}

fn is_git_repository(path: &Path) -> bool {
    path.join(".git").exists() || (path.join("HEAD").is_file() && path.join("objects").is_dir())
}
