//! `maturity report DIR`: read an assessment, score it, render the report.

use std::io::Write;
use std::path::Path;

use maturity_assess::PlanConfig;
use maturity_model::assessment_dir::read_assessment;
use maturity_report::{Format, render};

use super::assessment::assessment_report;
use super::output::emit;
use crate::cli::{ReportArgs, ReportFormat};

pub fn run(args: ReportArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let format = choose_format(args.format, args.out.as_deref());
    let assessment = read_assessment(&args.dir)?;
    let plan = PlanConfig::from_roadmap(&assessment.config.roadmap);
    let report = assessment_report(&args.dir, &assessment, plan)?;
    let text = render(&report, format)?;
    emit(&text, args.out.as_deref(), out)?;
    if let Some(path) = &args.out {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.clone());
        eprintln!(
            "wrote the {} report to {}",
            format_name(format),
            absolute.display()
        );
    }
    Ok(())
}

/// `--format` wins; otherwise the extension of `--out`; otherwise Markdown.
fn choose_format(format: Option<ReportFormat>, out: Option<&Path>) -> Format {
    match format {
        Some(ReportFormat::Md) => Format::Markdown,
        Some(ReportFormat::Html) => Format::Html,
        Some(ReportFormat::Json) => Format::Json,
        None => match out.and_then(Path::extension).and_then(|e| e.to_str()) {
            Some("html" | "htm") => Format::Html,
            Some("json") => Format::Json,
            _ => Format::Markdown,
        },
    }
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Markdown => "Markdown",
        Format::Html => "HTML",
        Format::Json => "JSON",
    }
}
