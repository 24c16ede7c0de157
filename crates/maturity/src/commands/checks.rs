//! `maturity checks`: the scanner's checks, from the same metadata as docs/checks.md.

use std::io::Write;

use anyhow::bail;
use maturity_evidence::{checks_markdown, render};

use crate::cli::ChecksArgs;

pub fn run(args: ChecksArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    match args.format.as_str() {
        "table" => render::write_checks_table(out)?,
        "md" => out.write_all(checks_markdown().as_bytes())?,
        other => bail!("--format: unknown format `{other}`; use table or md"),
    }
    Ok(())
}
