//! `maturity checks`: the scanner's checks, from the same metadata as docs/checks.md.

use std::io::Write;

use maturity_evidence::{checks_markdown, render};

use crate::cli::{ChecksArgs, ChecksFormat};

pub fn run(args: ChecksArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    match args.format {
        ChecksFormat::Table => render::write_checks_table(out)?,
        ChecksFormat::Md => out.write_all(checks_markdown().as_bytes())?,
    }
    Ok(())
}
