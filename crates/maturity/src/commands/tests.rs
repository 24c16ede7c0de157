//! `maturity tests PATH...` and `maturity coverage PATH...`: each reads every report it is
//! given, lists the files it could not read and fails only when it could read none.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use maturity_report::{TextFormat, render_coverage, render_tests};
use maturity_tests::{KindRules, Unreadable, walk};

use super::output::{emit, emit_json};
use crate::cli::{CoverageArgs, TestsArgs};

fn rules(config: Option<&Path>) -> anyhow::Result<KindRules> {
    let Some(path) = config else {
        return Ok(KindRules::default());
    };
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    KindRules::from_toml(&text).map_err(|e| anyhow::anyhow!("{}:{}: {}", path.display(), e.line, e.message))
}

fn none_read(what: &str, paths: &[PathBuf], unreadable: &[Unreadable]) -> anyhow::Error {
    let list: Vec<String> = unreadable.iter().map(ToString::to_string).collect();
    anyhow::anyhow!(
        "no {what} could be read from {}:\n  {}",
        paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        list.join("\n  ")
    )
}

pub fn run_tests(args: TestsArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let rules = rules(args.config.as_deref())?;
    let (report, any) = walk::tests(&args.paths, &rules);
    let format: TextFormat = args.format.into();
    match format {
        TextFormat::Json => emit_json(&report, args.out.as_deref(), out)?,
        _ => emit(&render_tests(&report.summary(), format), args.out.as_deref(), out)?,
    }
    if any {
        Ok(())
    } else {
        Err(none_read("test report", &args.paths, &report.unreadable))
    }
}

pub fn run_coverage(args: CoverageArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let rules = rules(args.config.as_deref())?;
    let (report, any) = walk::coverage(&args.paths, &rules);
    let format: TextFormat = args.format.into();
    match format {
        TextFormat::Json => emit_json(&report, args.out.as_deref(), out)?,
        _ => emit(&render_coverage(&report, format), args.out.as_deref(), out)?,
    }
    if any {
        Ok(())
    } else {
        Err(none_read("coverage report", &args.paths, &report.unreadable))
    }
}
