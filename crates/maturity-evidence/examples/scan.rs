//! Scans a working tree and prints the report: `cargo run --release -p maturity-evidence
//! --example scan -- PATH [table|json|sarif]`. A stand-in for `maturity scan` that the
//! benchmark script can use before (or without) the CLI.

use std::io::Write;
use std::process::ExitCode;

use maturity_evidence::{Format, ScanConfig, render, scan};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: scan PATH [table|json|sarif]");
        return ExitCode::from(2);
    };
    let format = match args.next().as_deref().unwrap_or("json").parse::<Format>() {
        Ok(format) => format,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let report = match scan(&ScanConfig::new(path)) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if let Err(error) = render::write(&report, format, &mut out).and_then(|()| out.flush()) {
        eprintln!("error: {error}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
