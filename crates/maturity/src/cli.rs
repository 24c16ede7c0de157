//! What the user typed: clap definitions only. `commands` turns these into checked configs.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "maturity",
    version,
    about = "DevOps maturity assessment and delivery metrics"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the maturity models, or show one with all its level descriptions.
    Models(ModelsArgs),
    /// Create an assessment directory with a maturity.toml and a response template.
    Init(InitArgs),
    /// Score an assessment and render its report.
    Report(ReportArgs),
    /// Plan an assessment's improvement roadmap: proposals for the gaps, in phases.
    Plan(PlanArgs),
    /// List the catalog of improvement proposals.
    Proposals(ProposalsArgs),
}

#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// The assessment directory.
    pub dir: PathBuf,
    /// Targets, comma-separated: a level for every criterion (`3`), a model score
    /// (`devops=60`) or a criterion level (`automation.deployment=4`). Replaces maturity.toml's.
    #[arg(long, value_delimiter = ',', value_name = "TARGET")]
    pub target: Vec<String>,
    /// How many phases to plan.
    #[arg(long)]
    pub phases: Option<usize>,
    /// Effort points per phase (S = 1, M = 3, L = 8).
    #[arg(long)]
    pub capacity: Option<u32>,
    /// table, json or md.
    #[arg(long, default_value = "table")]
    pub format: String,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ProposalsArgs {
    /// A proposal catalog of your own, merged over the built-in one (repeatable).
    #[arg(long = "proposal-file", value_name = "FILE")]
    pub proposal_files: Vec<PathBuf>,
    /// Show one proposal in full.
    #[arg(long)]
    pub show: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ModelsArgs {
    #[command(subcommand)]
    pub action: Option<ModelsAction>,
    /// A model file of your own to load beside the built-in models (repeatable).
    #[arg(long = "model-file", value_name = "FILE", global = true)]
    pub model_files: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ModelsAction {
    /// List the models (the default).
    List,
    /// Print one model with every criterion, question and level description.
    Show {
        /// The model id, e.g. devops.
        id: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The directory to create; it must not hold an assessment yet.
    pub dir: PathBuf,
    /// The team or product assessed.
    #[arg(long, default_value = "Our team")]
    pub subject: String,
    /// The models to assess, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "devops,automation,testing")]
    pub models: Vec<String>,
    /// The benchmark to compare with.
    #[arg(long)]
    pub benchmark: Option<String>,
    /// The assessment date, YYYY-MM-DD.
    #[arg(long)]
    pub date: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The assessment directory (holding maturity.toml and responses/).
    pub dir: PathBuf,
    /// md, html or json; by default taken from the --out extension, else md.
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Write the report to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

pub fn parse() -> Cli {
    Cli::parse()
}
