//! `maturity metrics` before the CLI exists: the same flags, parsed by hand, calling the
//! library. Timings go to stderr with `--timings`.
//!
//! cargo run --release -p maturity-git --example metrics -- PATH [--since DATE] [--until DATE]
//!   [--release-tags GLOB|glob:…|regex:…|auto] [--include-pre-releases] [--deployments FILE]
//!   [--incidents FILE] [--environment NAME] [--clock author|committer] [--format table|json|md]
//!   [--explain METRIC] [--silo-depth N | --no-silos] [--benchmark FILE] [--ref-prefix PREFIX]
//!   [--now DATE] [--timings]

use std::process::ExitCode;

use maturity_assess::metrics::{Clock, Explain, render_json, render_markdown, render_table};
use maturity_git::{MetricsConfig, metrics, parse_time, parse_until};

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let mut format = "table".to_string();
    let mut explain: Option<Explain> = None;
    let mut timings = false;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| e.to_string())?
        .as_secs();
    let mut config = MetricsConfig::new(".", i64::try_from(now).map_err(|e| e.to_string())?);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--since" => config.since = Some(parse_time(&value("--since")?)?),
            "--until" => config.until = Some(parse_until(&value("--until")?)?),
            "--now" => config.now = parse_time(&value("--now")?)?,
            "--release-tags" => {
                let keep = config.release_tags.include_pre_releases;
                config.release_tags = value("--release-tags")?.parse()?;
                config.release_tags.include_pre_releases = keep;
            }
            "--include-pre-releases" => config.release_tags.include_pre_releases = true,
            "--deployments" => config.deployments = Some(value("--deployments")?.into()),
            "--incidents" => config.incidents = Some(value("--incidents")?.into()),
            "--environment" => config.environment = value("--environment")?,
            "--clock" => {
                config.clock = match value("--clock")?.as_str() {
                    "author" => Clock::Author,
                    "committer" => Clock::Committer,
                    other => return Err(format!("--clock: `{other}` is not author or committer")),
                }
            }
            "--format" => format = value("--format")?,
            "--explain" => {
                let e: Explain = value("--explain")?.parse()?;
                config.explain_commits = e == Explain::LeadTime;
                explain = Some(e);
            }
            "--silo-depth" => {
                config.silo_depth = Some(
                    value("--silo-depth")?
                        .parse()
                        .map_err(|e| format!("--silo-depth: {e}"))?,
                );
            }
            "--no-silos" => config.silo_depth = None,
            "--benchmark" => config.benchmark = Some(value("--benchmark")?.into()),
            "--ref-prefix" => config.refs.extra_prefixes.push(value("--ref-prefix")?),
            "--timings" => timings = true,
            flag if flag.starts_with("--") => return Err(format!("unknown flag {flag}")),
            other => path = Some(other.to_string()),
        }
    }
    config.repository = path.unwrap_or_else(|| ".".to_string()).into();
    let report = metrics(&config).map_err(|e| e.to_string())?;
    let out = match format.as_str() {
        "json" => render_json(&report.metrics),
        "md" => render_markdown(&report.metrics, explain),
        "table" => render_table(&report.metrics, explain),
        other => return Err(format!("--format: `{other}` is not table, json or md")),
    };
    println!("{out}");
    if timings {
        let t = report.timings;
        eprintln!(
            "timings: commits {} commit-graph {} walk {:.3}s decode {:.3}s exports {:.3}s silos {:.3}s compute {:.3}s total {:.3}s",
            t.commits, t.used_commit_graph, t.walk, t.decode, t.exports, t.silos, t.compute, t.total
        );
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
