//! `maturity metrics PATH`: the DORA keys, cadence, people and silos of a git history; with
//! `--format openmetrics`, the DORA keys for Prometheus' textfile collector.

use std::io::Write;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Context;
use maturity_assess::metrics::Clock;
use maturity_git::{HotfixPattern, MetricsConfig, ReleasePattern, metrics, parse_time, parse_until};
use maturity_report::openmetrics::Exposition;
use maturity_report::{Explain, TextFormat, render_metrics};

use super::output::emit;
use crate::cli::{MetricsArgs, MetricsFormat};

pub fn run(args: MetricsArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let explain: Option<Explain> = args
        .explain
        .as_deref()
        .map(str::parse)
        .transpose()
        .map_err(anyhow::Error::msg)
        .context("--explain")?;
    if args.subject.is_some() && args.format != MetricsFormat::Openmetrics {
        anyhow::bail!(
            "--subject labels the samples of --format openmetrics; add that, or leave --subject out"
        );
    }
    let mut config = MetricsConfig::new(&args.path, now()?);
    config.since = args
        .since
        .as_deref()
        .map(parse_time)
        .transpose()
        .map_err(anyhow::Error::msg)
        .context("--since")?;
    config.until = args
        .until
        .as_deref()
        .map(parse_until)
        .transpose()
        .map_err(anyhow::Error::msg)
        .context("--until")?;
    if let Some(pattern) = &args.release_tags {
        config.release_tags = pattern
            .parse::<ReleasePattern>()
            .map_err(anyhow::Error::msg)
            .context("--release-tags")?;
    }
    config.release_tags.include_pre_releases = args.include_pre_releases;
    config.deployments = args.deployments;
    config.incidents = args.incidents;
    config.incident_window_hours = args.incident_window;
    if !args.hotfix_pattern.is_empty() {
        config.hotfix = HotfixPattern::new(&args.hotfix_pattern)
            .map_err(anyhow::Error::msg)
            .context("--hotfix-pattern")?;
    }
    config.environment = args.environment;
    config.clock = if args.clock == "committer" {
        Clock::Committer
    } else {
        Clock::Author
    };
    config.silo_depth = (!args.no_silos).then_some(args.silo_depth);
    config.benchmark = args.benchmark;
    config.refs.extra_prefixes = args.ref_prefix;
    config.explain_commits = explain == Some(Explain::LeadTime);
    let report = metrics(&config)?;
    if args.timings {
        eprintln!("{}", serde_json::to_string(&report.timings)?);
    }
    let label = format!("git history of {}", args.path.display());
    let format = match args.format {
        MetricsFormat::Openmetrics => {
            let subject = args.subject.unwrap_or_else(|| directory_name(&args.path));
            let mut exposition = Exposition::new();
            exposition.add_delivery(&subject, &label, &report.metrics);
            return emit(&exposition.render(), args.out.as_deref(), out);
        }
        MetricsFormat::Table => TextFormat::Table,
        MetricsFormat::Json => TextFormat::Json,
        MetricsFormat::Md => TextFormat::Md,
    };
    let text = render_metrics(&report.metrics, &label, format, explain)?;
    emit(&text, args.out.as_deref(), out)
}

/// The name of the repository's directory (`.` resolved), the default `subject` label.
fn directory_name(path: &Path) -> String {
    std::fs::canonicalize(path)
        .ok()
        .as_deref()
        .and_then(Path::file_name)
        .map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
}

/// Seconds since 1970: the clock is read here, at the edge, and passed into the pure metrics.
pub fn now() -> anyhow::Result<i64> {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .context("the system clock is before 1970")?
        .as_secs();
    i64::try_from(seconds).context("the system clock is out of range")
}
