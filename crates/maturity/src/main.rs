//! The `maturity` binary: command-line parsing and glue. The work lives in the library crates;
//! each subcommand turns its arguments into a checked config and calls them.

mod cli;
mod commands;

use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    commands::run(cli::parse())
}
