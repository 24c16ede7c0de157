//! `maturity gate DIR|REPORT.json --policy gate.toml`: reads the report (building it from an
//! assessment directory when given one), the baseline and the scans, and hands them to
//! `maturity_gate`, which judges; this module only reads files and writes the results.
//!
//! Exit status is the contract CI relies on (docs/gate.md): 0 the policy holds, 1 it does not,
//! 2 the gate could not judge (a usage or input error).

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use maturity_assess::PlanConfig;
use maturity_gate::{CheckFinding, Inputs, Known, ReportFacts, Verdict, render};
use maturity_model::assessment_dir::read_assessment;

use super::assessment::assessment_report;
use super::output::{emit, write_file_atomically};
use crate::cli::{GateArgs, GateFormat};

/// The status for "the gate could not judge", apart from 1, "the policy does not hold".
const INPUT_ERROR: u8 = 2;

pub fn run(args: GateArgs, out: &mut dyn Write) -> ExitCode {
    match gate(&args, out) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            let _ = out.flush();
            eprintln!("error: {error:#}");
            ExitCode::from(INPUT_ERROR)
        }
    }
}

/// Whether the policy holds; an error when the inputs cannot be judged.
fn gate(args: &GateArgs, out: &mut dyn Write) -> anyhow::Result<bool> {
    let policy_file = args.policy.display().to_string();
    let policy_text =
        fs::read_to_string(&args.policy).with_context(|| format!("cannot read the policy {policy_file}"))?;
    let report = read_report(&args.input)?;
    let baseline = args.baseline.as_deref().map(read_report).transpose()?;
    let findings = if args.scan.is_empty() {
        None
    } else {
        Some(read_scans(&args.scan)?)
    };
    let check_ids = maturity_evidence::checks::all().iter().map(|check| check.id);
    let known = Known::new(&maturity_model::ModelSet::builtin(), &report, check_ids);
    let policy = maturity_gate::parse_policy(&policy_file, &policy_text, &known)?;
    let verdict = maturity_gate::evaluate(
        &policy,
        &Inputs {
            report: &report,
            baseline: baseline.as_ref(),
            checks: findings.as_deref(),
        },
    )?;
    let files = [
        (&args.sarif, GateFormat::Sarif),
        (&args.junit, GateFormat::Junit),
        (&args.codequality, GateFormat::Codequality),
    ];
    for (path, format) in files {
        if let Some(path) = path {
            write_file_atomically(path, &rendered(&verdict, format))?;
        }
    }
    emit(&rendered(&verdict, args.format), None, out)?;
    Ok(verdict.passed)
}

fn rendered(verdict: &Verdict, format: GateFormat) -> String {
    match format {
        GateFormat::Text => render::text(verdict),
        GateFormat::Json => render::json(verdict),
        GateFormat::Sarif => render::sarif(verdict),
        GateFormat::Junit => render::junit(verdict),
        GateFormat::Codequality => render::codequality(verdict),
    }
}

/// A report JSON file, or the report of an assessment directory, built as `maturity report`
/// builds it.
fn read_report(path: &Path) -> anyhow::Result<ReportFacts> {
    let name = path.display().to_string();
    if path.is_dir() {
        let assessment = read_assessment(path)?;
        let plan = PlanConfig::from_roadmap(&assessment.config.roadmap);
        let report = assessment_report(path, &assessment, plan)?;
        let value = serde_json::to_value(&report).context("cannot serialise the report")?;
        return Ok(ReportFacts::from_value(&name, value)?);
    }
    let text = fs::read_to_string(path)
        .with_context(|| format!("cannot read {name} (give an assessment directory or a report JSON)"))?;
    Ok(ReportFacts::from_json(&name, &text)?)
}

/// Every finding of the scans named by `--scan`.
fn read_scans(paths: &[std::path::PathBuf]) -> anyhow::Result<Vec<CheckFinding>> {
    let mut findings = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        let text = fs::read_to_string(path).with_context(|| format!("cannot read the scan {name}"))?;
        let scan = maturity_evidence::ScanReport::from_json(&text).map_err(|e| {
            anyhow::anyhow!(
                "{name}:{}:{}: not a scan result: {} (give the JSON that `maturity scan --format json` writes)",
                e.line(),
                e.column(),
                e.to_string().split(" at line ").next().unwrap_or_default()
            )
        })?;
        findings.extend(scan.findings.into_iter().map(|finding| CheckFinding {
            passed: finding.outcome == maturity_evidence::Outcome::Pass,
            location: finding.file.is_some().then(|| finding.location()),
            check: finding.check,
            source: name.clone(),
            message: finding.message,
        }));
    }
    Ok(findings)
}
