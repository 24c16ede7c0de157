//! `maturity flow FILE...`: work-item flow from tracker exports. Bad rows are listed in the
//! output and the rest measured; only when no file could be read at all does it fail.

use std::fs::File;
use std::io::{Read as _, Seek, SeekFrom, Write};
use std::path::Path;

use anyhow::{Context, bail};
use maturity_flow::read::{Read, Source, combine, read_source};
use maturity_flow::{ForecastRequest, Options, Stages, measure, parse_date};
use maturity_report::render_flow;

use super::output::{emit, emit_json};
use crate::cli::{FlowArgs, TextFormat};

pub fn run(args: FlowArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let day = |text: &Option<String>, flag: &str| {
        text.as_deref()
            .map(parse_date)
            .transpose()
            .map_err(anyhow::Error::msg)
            .with_context(|| flag.to_string())
    };
    let options = Options {
        last_day: day(&args.until, "--until")?,
        since: day(&args.since, "--since")?,
        forecast: ForecastRequest {
            items: args.forecast_items,
            by: day(&args.forecast_date, "--forecast-date")?,
            seed: args.seed,
        },
    };
    let stages = Stages {
        started: args.started,
        done: args.done,
    };
    let reads: Vec<Read> = args
        .files
        .iter()
        .map(|path| {
            let name = path.display().to_string();
            match std::fs::metadata(path) {
                Ok(meta) if meta.is_file() => read_source(
                    &name,
                    &ExportFile {
                        path,
                        len: meta.len(),
                    },
                    &stages,
                ),
                Ok(_) => Read::unreadable(&name, "not a file: give the export file itself"),
                Err(e) => Read::unreadable(&name, &format!("cannot read it: {e}")),
            }
        })
        .collect();
    let all = combine(reads, &stages);
    if all.formats.iter().all(|(_, format)| format.is_none()) {
        let problems: Vec<String> = all
            .unreadable
            .iter()
            .map(|u| format!("{}:{}: {}", u.path, u.line, u.error))
            .collect();
        bail!("no work items could be read:\n  {}", problems.join("\n  "));
    }
    if !all.unreadable.is_empty() {
        eprintln!(
            "{} rows or files could not be read; they are listed in the output",
            all.unreadable.len()
        );
    }
    let flow = measure(&all, &options);
    let label = args
        .files
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if matches!(args.format, TextFormat::Json) {
        // The same bytes as `Flow::to_json` and a line end, never held as one text.
        emit_json(&flow, args.out.as_deref(), out)?;
    } else {
        let text = render_flow(&flow, &label, args.format.into())?;
        emit(&text, args.out.as_deref(), out)?;
    }
    // The aging list of a big export is hundreds of thousands of small strings: the process
    // ends right after this command, which gives the memory back at once, so freeing them one
    // by one is only time. The items themselves are a few pooled blocks, freed here.
    drop(all);
    std::mem::forget(flow);
    Ok(())
}

/// An export on disk, opened once by each thread that reads part of it.
struct ExportFile<'a> {
    path: &'a Path,
    len: u64,
}

impl Source for ExportFile<'_> {
    fn len(&self) -> u64 {
        self.len
    }

    fn open_at(&self, offset: u64) -> std::io::Result<Box<dyn std::io::Read + Send + '_>> {
        let mut file = File::open(self.path)?;
        file.seek(SeekFrom::Start(offset))?;
        // Never past the length measured: a file that grows while read is read as it was.
        Ok(Box::new(file.take(self.len.saturating_sub(offset))))
    }
}
