//! `maturity completions SHELL` and `maturity man [--out DIR]`: shell completion scripts
//! (clap_complete) and roff man pages (clap_mangen), both generated from the clap definitions in
//! `cli.rs`, so they always list the subcommands and flags the binary takes.
//!
//! Must not depend on anything but `cli.rs` and the file system.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs, ManArgs};

pub fn completions(args: CompletionsArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "maturity", out);
    Ok(())
}

/// Writes `maturity.1` and a page per subcommand, nested ones too (`maturity-token-add.1`),
/// and lists each file written.
pub fn man(args: ManArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let dir = args.out.unwrap_or_else(|| ".".into());
    std::fs::create_dir_all(&dir).with_context(|| format!("--out {}: cannot create it", dir.display()))?;
    let mut command = Cli::command();
    // Building names every subcommand by its path (`maturity-token-add`): its page's title.
    command.build();
    write_pages(&command, &dir, out)
}

fn write_pages(command: &clap::Command, dir: &Path, out: &mut dyn Write) -> anyhow::Result<()> {
    let name = command.get_display_name().unwrap_or(command.get_name());
    let mut roff = Vec::new();
    clap_mangen::Man::new(command.clone())
        .render(&mut roff)
        .with_context(|| format!("cannot render the man page of {name}"))?;
    let path = dir.join(format!("{name}.1"));
    std::fs::write(&path, roff).with_context(|| format!("cannot write {}", path.display()))?;
    writeln!(out, "{}", path.display())?;
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        write_pages(sub, dir, out)?;
    }
    Ok(())
}
