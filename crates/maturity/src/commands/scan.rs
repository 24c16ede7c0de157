//! `maturity scan PATH`: evidence from a working tree, as a table, JSON or SARIF.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use anyhow::Context;
use maturity_evidence::{Progress, ScanConfig, render, scan_with_progress};

use super::output::emit;
use crate::cli::{ScanArgs, ScanFormat};

pub fn run(args: ScanArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let format = match args.format {
        ScanFormat::Table => render::Format::Table,
        ScanFormat::Json => render::Format::Json,
        ScanFormat::Sarif => render::Format::Sarif,
    };
    let mut config = ScanConfig::new(&args.path);
    if let Some(limit) = args.max_file_size {
        config.max_file_size = limit;
    }
    let show_progress = !args.quiet && std::io::stderr().is_terminal();
    let started = Instant::now();
    let last_shown = AtomicU64::new(0);
    let progress = |p: Progress| {
        if !show_progress {
            return;
        }
        // Redraw at most ten times a second: progress comes from every worker thread.
        let now = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let previous = last_shown.load(Ordering::Relaxed);
        if now.saturating_sub(previous) < 100
            || last_shown
                .compare_exchange(previous, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_err()
        {
            return;
        }
        match p {
            Progress::Walking { files } => eprint!("\rscanning: {files} files listed   "),
            Progress::Reading { done, total } => eprint!("\rscanning: {done}/{total} files read   "),
        }
    };
    let report = scan_with_progress(&config, &progress)?;
    if show_progress {
        eprintln!(
            "\rscanned {} files in {:.1} s            ",
            report.files_seen,
            started.elapsed().as_secs_f64()
        );
    }
    let mut text = Vec::new();
    render::write(&report, format, &mut text).context("cannot render the scan")?;
    emit(&String::from_utf8_lossy(&text), args.out.as_deref(), out)
}
