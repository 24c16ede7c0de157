//! `maturity metrics PATH`: the DORA keys, cadence, people and silos of a git history; with
//! `--format openmetrics`, the DORA keys for Prometheus' textfile collector.

use std::io::Write;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};
use maturity_assess::metrics::Clock;
use maturity_git::settings::bad_directory;
use maturity_git::{
    HotfixPattern, MetricsConfig, ReleasePattern, Settings, metrics, parse_settings, parse_time, parse_until,
};
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
    config.events = args.events;
    config.incident_window_hours = args.incident_window;
    if !args.hotfix_pattern.is_empty() {
        config.hotfix = HotfixPattern::new(&args.hotfix_pattern)
            .map_err(anyhow::Error::msg)
            .context("--hotfix-pattern")?;
    }
    config.environment = args.environment;
    let settings = settings(args.config.as_deref(), &args.service, &args.environment_role)?;
    config.environment_roles = settings.environment_roles;
    config.services = settings.services;
    config.clock = if args.clock == "committer" {
        Clock::Committer
    } else {
        Clock::Author
    };
    config.silo_depth = (!args.no_silos).then_some(args.silo_depth);
    config.benchmark = args.benchmark;
    config.refs.extra_prefixes = args.ref_prefix;
    config.explain_commits = matches!(explain, Some(Explain::LeadTime | Explain::DeploymentFrequency));
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

/// `[metrics]` of `--config`, with `--service` and `--environment-role` added.
fn settings(config: Option<&Path>, services: &[String], roles: &[String]) -> anyhow::Result<Settings> {
    let mut settings = match config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("--config: cannot read {}", path.display()))?;
            parse_settings(&path.display().to_string(), &text)?
        }
        None => Settings::default(),
    };
    let pair = |flag: &str, text: &str, example: &str| -> anyhow::Result<(String, String)> {
        match text.split_once('=') {
            Some((name, value)) if !name.trim().is_empty() && !value.trim().is_empty() => {
                Ok((name.trim().to_string(), value.trim().to_string()))
            }
            _ => bail!("{flag} {text}: expected {example}"),
        }
    };
    for text in services {
        let (name, dirs) = pair("--service", text, "NAME=DIR[,DIR…], e.g. api=services/api")?;
        let dirs: Vec<String> = dirs.split(',').map(|d| d.trim().to_string()).collect();
        if let Some((dir, bad)) = dirs.iter().find_map(|d| Some((d, bad_directory(d)?))) {
            bail!("--service {text}: the directory `{dir}` {bad}");
        }
        settings.services.retain(|(n, _)| *n != name);
        settings.services.push((name, dirs));
    }
    for text in roles {
        let (environment, role) = pair("--environment-role", text, "ENV=ROLE, e.g. prod-eu=production")?;
        settings.environment_roles.insert(environment, role);
    }
    Ok(settings)
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
