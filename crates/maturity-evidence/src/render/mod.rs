//! Showing a scan: a table for people, JSON for machines and saved scans, SARIF for code
//! scanning tools. Each renderer writes to the writer the caller passes or returns a value;
//! none prints by itself, so the caller decides where results go (stdout, a file, a test's
//! buffer) and progress can stay on stderr.

mod sarif;
mod table;

use std::io::{self, Write};

pub use sarif::{sarif, write_sarif};
pub use table::{write_checks_table, write_table};

use crate::report::ScanReport;

/// How a scan is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Table,
    Json,
    Sarif,
}

/// Writes the report in the chosen format.
pub fn write(report: &ScanReport, format: Format, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Table => write_table(report, out),
        Format::Json => write_json(report, out),
        Format::Sarif => write_sarif(report, out),
    }
}

pub fn write_json(report: &ScanReport, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", report.to_json())
}
