//! One module per subcommand; each takes a checked config and writes results to the writer
//! it is given, so tests can run it without a process.

mod checks;
mod init;
mod metrics;
mod models;
mod plan;
mod proposals;
mod report;
mod scan;
mod serve;
mod user;

use std::fs;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::{Cli, Command};

pub fn run(cli: Cli) -> ExitCode {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let result = match cli.command {
        Command::Models(args) => models::run(args, &mut out),
        Command::Init(args) => init::run(args, &mut out),
        Command::Report(args) => report::run(args, &mut out),
        Command::Plan(args) => plan::run(args, &mut out),
        Command::Proposals(args) => proposals::run(args, &mut out),
        Command::Scan(args) => scan::run(args, &mut out),
        Command::Checks(args) => checks::run(args, &mut out),
        Command::Metrics(args) => metrics::run(*args, &mut out),
        Command::Serve(args) => serve::run(args, &mut out),
        Command::User(args) => user::run(args, &mut out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let _ = out.flush();
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Writes `text` to `path` through a temporary file in the same folder, so an interrupted
/// write never leaves a half-written report where a good one was.
pub fn write_file_atomically(path: &Path, text: &str) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .with_context(|| format!("{}: not a file path", path.display()))?;
    let tmp = dir.join(format!(".{}.tmp", file_name.to_string_lossy()));
    fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
    fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// The built-in proposals with an assessment's own proposal files merged in: same ids replace,
/// new ids are added.
fn load_catalog(
    dir: &Path,
    assessment: &maturity_model::Assessment,
) -> anyhow::Result<maturity_model::Catalog> {
    let mut catalog = maturity_model::Catalog::builtin();
    // The assessment's own models count too: a team's catalog may raise their criteria.
    let models = maturity_model::ModelSet::builtin_with(&assessment.models);
    for file in &assessment.config.roadmap.proposal_files {
        let path = dir.join(file);
        let text = fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        catalog.extend_or_replace(&path.display().to_string(), &text, &models)?;
    }
    Ok(catalog)
}

/// Scores an assessment with its evidence and plans its roadmap: what `report` and `plan`
/// show. Delivery metrics are measured up to the end of the assessment's date, so a report
/// made again later says the same, or up to now when the assessment has no date.
pub fn assessment_report(
    dir: &Path,
    assessment: &maturity_model::Assessment,
    plan: maturity_assess::PlanConfig,
) -> anyhow::Result<maturity_report::Report> {
    let now = match &assessment.config.date {
        Some(date) => maturity_git::parse_until(date)
            .map_err(anyhow::Error::msg)
            .context("date")?,
        None => metrics::now()?,
    };
    let config_file = dir.join(maturity_model::assessment::CONFIG_FILE);
    let evidence = maturity_sources::gather(
        dir,
        &config_file.display().to_string(),
        &assessment.config.evidence,
        now,
    )?;
    let catalog = load_catalog(dir, assessment)?;
    Ok(maturity_report::prepare(
        assessment,
        &maturity_report::Inputs {
            evidence: &evidence,
            catalog: &catalog,
            plan,
        },
    ))
}

/// Emits text to the file named, or to `out`.
pub fn emit(text: &str, path: Option<&Path>, out: &mut dyn Write) -> anyhow::Result<()> {
    match path {
        Some(path) => write_file_atomically(path, text),
        None => out
            .write_all(text.as_bytes())
            .context("cannot write to standard output"),
    }
}
