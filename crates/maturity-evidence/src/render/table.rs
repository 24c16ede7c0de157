//! The table a person reads in a terminal: observed levels with the findings behind them,
//! then every finding, then warnings.

use std::io::{self, Write};

use crate::checks;
use crate::finding::Outcome;
use crate::report::ScanReport;

/// The criteria cell of a check no level rule reads; docs/checks.md gives the reason.
const NO_LEVEL: &str = "none: a finding only, informs no level";

fn widths(rows: &[Vec<String>]) -> Vec<usize> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect()
}

fn write_rows(out: &mut dyn Write, rows: &[Vec<String>]) -> io::Result<()> {
    let widths = widths(rows);
    for row in rows {
        let mut line = String::from("  ");
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(widths[i] - cell.chars().count() + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

pub fn write_table(report: &ScanReport, out: &mut dyn Write) -> io::Result<()> {
    let skipped = &report.files_skipped;
    writeln!(out, "scan of {}", report.root)?;
    writeln!(
        out,
        "  {} files seen, {} read; skipped {} binary, {} too large, {} unreadable, {} symlinks",
        report.files_seen,
        report.files_read,
        skipped.binary,
        skipped.too_large,
        skipped.unreadable,
        skipped.symlink
    )?;
    for eco in &report.ecosystems {
        let ratio = eco
            .test_ratio
            .map(|r| format!(", ratio {r:.2}"))
            .unwrap_or_default();
        writeln!(
            out,
            "  {}: {} source files; tests: {} unit, {} integration, {} system, {} performance{ratio}",
            eco.ecosystem.name(),
            eco.source_files,
            eco.unit_test_files,
            eco.integration_test_files,
            eco.system_test_files,
            eco.performance_test_files
        )?;
    }

    writeln!(
        out,
        "\nObserved levels ({} criteria; the others cannot be seen in a repository)",
        report.observed.len()
    )?;
    for observed in &report.observed {
        writeln!(
            out,
            "  {:<38} {}  {}",
            observed.criterion, observed.level, observed.rule
        )?;
        for &index in &observed.findings {
            if let Some(f) = report.findings.get(index) {
                writeln!(
                    out,
                    "      {} {} {}: {}",
                    f.outcome.as_str(),
                    f.check,
                    f.location(),
                    f.message
                )?;
            }
        }
    }

    writeln!(out, "\nFindings")?;
    let mut rows = vec![vec![
        "outcome".to_string(),
        "check".to_string(),
        "location".to_string(),
        "message".to_string(),
    ]];
    for f in &report.findings {
        rows.push(vec![
            f.outcome.as_str().to_string(),
            f.check.clone(),
            f.location(),
            f.message.clone(),
        ]);
    }
    write_rows(out, &rows)?;
    let count = |o: Outcome| report.findings_with(o).count();
    writeln!(
        out,
        "  {} pass, {} fail, {} could not parse",
        count(Outcome::Pass),
        count(Outcome::Fail),
        count(Outcome::CouldNotParse)
    )?;

    if !report.warnings.is_empty() {
        writeln!(out, "\nWarnings")?;
        for warning in &report.warnings {
            writeln!(out, "  {warning}")?;
        }
    }
    Ok(())
}

/// The list `maturity checks` prints: id, question and the criteria whose level rules read
/// each check.
pub fn write_checks_table(out: &mut dyn Write) -> io::Result<()> {
    let mut rows = vec![vec![
        "check".to_string(),
        "criteria".to_string(),
        "question".to_string(),
    ]];
    for check in checks::all() {
        let criteria = match check.informs_no_level {
            Some(_) => NO_LEVEL.to_string(),
            None => check.criteria().join(", "),
        };
        rows.push(vec![check.id.to_string(), criteria, check.question.to_string()]);
    }
    write_rows(out, &rows)
}
