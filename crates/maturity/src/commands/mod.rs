//! One module per subcommand; each takes a checked config and writes results to the writer
//! it is given, so tests can run it without a process.

mod assessment;
mod checks;
mod flow;
mod gate;
mod group;
mod healthcheck;
mod init;
mod metrics;
mod models;
mod output;
mod plan;
mod proposals;
mod report;
mod scan;
mod serve;
mod shell;
mod tests;
mod token;
mod user;

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Context;
use maturity_store::Store;

use crate::cli::{Cli, Command, Database};

pub fn run(cli: Cli) -> ExitCode {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let result = match cli.command {
        Command::Models(args) => models::run(args, &mut out),
        Command::Init(args) => init::run(args, &mut out),
        Command::Report(args) => report::run(args, &mut out),
        Command::Plan(args) => plan::run(args, &mut out),
        Command::Proposals(args) => proposals::run(args, &mut out),
        Command::Scan(args) => scan::run(args, &mut out),
        Command::Checks(args) => checks::run(args, &mut out),
        Command::Metrics(args) => metrics::run(*args, &mut out),
        Command::Flow(args) => flow::run(args, &mut out),
        Command::Tests(args) => tests::run_tests(args, &mut out),
        Command::Coverage(args) => tests::run_coverage(args, &mut out),
        // The gate has its own exit statuses (0 holds, 1 does not, 2 cannot judge).
        Command::Gate(args) => return gate::run(args, &mut out),
        Command::Serve(args) => serve::run(args, &mut out),
        Command::User(args) => user::run(args, &mut out),
        Command::Group(args) => group::run(args, &mut out),
        Command::Token(args) => token::run(args, &mut out),
        Command::Completions(args) => shell::completions(args, &mut out),
        Command::Man(args) => shell::man(args, &mut out),
        Command::Healthcheck(args) => healthcheck::run(args, &mut out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let _ = out.flush();
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The store `--db` names, for the commands that manage it (`user`, `group`, `token`).
async fn open_store(db: &Database) -> anyhow::Result<std::sync::Arc<dyn Store>> {
    maturity_store::connect(&db.url)
        .await
        .with_context(|| format!("cannot open the database {}", maturity_store::redact(&db.url)))
}
