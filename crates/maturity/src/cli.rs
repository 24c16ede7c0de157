//! What the user typed: clap definitions only. `commands` turns these into checked configs.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

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
    /// Scan a repository's working tree for evidence of practices, with observed levels.
    Scan(ScanArgs),
    /// List the scanner's checks: what each asks, which criteria it informs, how to fix it.
    Checks(ChecksArgs),
    /// Delivery metrics from git history and deployment/incident exports: DORA keys and more.
    Metrics(Box<MetricsArgs>),
    /// Work-item flow from tracker exports: cycle and lead time, throughput, WIP, aging,
    /// cumulative flow and Monte Carlo forecasts.
    Flow(FlowArgs),
    /// Test results from JUnit XML, TRX, NUnit, xUnit.net or CUnit reports: totals, retries,
    /// flaky tests across runs, slowest tests, kinds of test.
    Tests(TestsArgs),
    /// Line and branch coverage from Cobertura, JaCoCo, LCOV or Go cover profiles.
    Coverage(CoverageArgs),
    /// Check a report against a policy of minimum scores, levels, DORA bands and checks;
    /// exit 0 when it holds, 1 when it does not, 2 for a usage or input error.
    Gate(GateArgs),
    /// Serve the web app: survey links, live results, history and the API for CI.
    Serve(ServeArgs),
    /// Manage the web app's user accounts.
    User(UserArgs),
    /// Manage groups of subjects (department, product line) and the accounts limited to them.
    Group(GroupArgs),
    /// Manage the API tokens CI sends to the server: add (prints the token once), list, revoke.
    Token(TokenArgs),
    /// Print the shell completion script of bash, zsh, fish, powershell or elvish.
    Completions(CompletionsArgs),
    /// Write the man pages: maturity.1 and one per subcommand.
    Man(ManArgs),
    /// Ask a server's health route once: exit 0 on 200 (a container's HEALTHCHECK).
    Healthcheck(HealthcheckArgs),
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
    #[arg(long, value_enum, default_value_t = TextFormat::Table)]
    pub format: TextFormat,
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
    /// By default taken from the --out extension, else md.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ReportFormat>,
    /// Write the report to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct GateArgs {
    /// An assessment directory, or the JSON of `maturity report DIR --format json`.
    #[arg(value_name = "DIR|REPORT.json")]
    pub input: PathBuf,
    /// The policy (TOML; docs/gate.md).
    #[arg(long, value_name = "FILE")]
    pub policy: PathBuf,
    /// The report `max_regression` compares with: a report JSON or an assessment directory.
    #[arg(long, value_name = "DIR|REPORT.json")]
    pub baseline: Option<PathBuf>,
    /// A scan result (`maturity scan --format json`) for `required_checks` (repeatable).
    #[arg(long, value_name = "FILE")]
    pub scan: Vec<PathBuf>,
    /// What standard output shows.
    #[arg(long, value_enum, default_value_t = GateFormat::Text)]
    pub format: GateFormat,
    /// Also write the results as SARIF 2.1.0 to this file.
    #[arg(long, value_name = "FILE")]
    pub sarif: Option<PathBuf>,
    /// Also write the results as JUnit XML to this file.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Also write the failures as a GitLab code quality report (Code Climate JSON) to this file.
    #[arg(long, value_name = "FILE")]
    pub codequality: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The database: sqlite://PATH (created on first start) or postgres://USER@HOST/DB.
    /// Default sqlite://maturity.db (with --demo, a fresh temporary file).
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
    /// The address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Import an assessment directory at start (repeatable).
    #[arg(long, value_name = "DIR")]
    pub import: Vec<PathBuf>,
    /// Serve the bundled example (examples/falcon, or DIR) with a new admin whose password is printed.
    #[arg(long, value_name = "DIR", num_args = 0..=1)]
    pub demo: Option<Option<PathBuf>>,
    /// Mark cookies Secure and make links https (behind an HTTPS proxy).
    #[arg(long)]
    pub secure_cookies: bool,
    /// Where respondents reach the server, e.g. https://maturity.example.com: survey links are
    /// built from it. Needed behind a proxy, where links are refused without it.
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
    /// The address of the reverse proxy in front (e.g. 10.0.0.1): its X-Forwarded-For names
    /// the client whose failed log-ins are counted. Without it the header is ignored.
    #[arg(long, value_name = "IP")]
    pub trusted_proxy: Option<std::net::IpAddr>,
    /// The file of the key survey links are derived with, so assessors can see a link again
    /// (created when missing). Default for SQLite: beside the database (DB.link-key); for
    /// PostgreSQL none, and links are shown once. Servers of one database share the file.
    #[arg(long, value_name = "FILE")]
    pub link_key_file: Option<PathBuf>,
}

/// `--db` of the commands that manage the server's database (`user`, `group`, `token`).
#[derive(Debug, clap::Args)]
pub struct Database {
    /// The database, as for `maturity serve`.
    #[arg(
        id = "db",
        long = "db",
        value_name = "URL",
        default_value = "sqlite://maturity.db",
        global = true
    )]
    pub url: String,
}

#[derive(Debug, clap::Args)]
pub struct UserArgs {
    #[command(subcommand)]
    pub action: UserAction,
    #[command(flatten)]
    pub db: Database,
}

#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Add a user; the password is prompted for, or read from standard input.
    Add {
        name: String,
        /// admin, assessor or viewer.
        #[arg(long)]
        role: String,
        /// Limit the account to the subjects of this group (repeatable; the groups must exist).
        #[arg(long = "group", value_name = "GROUP")]
        groups: Vec<String>,
    },
    /// List the users and their roles.
    List,
}

#[derive(Debug, clap::Args)]
pub struct GroupArgs {
    #[command(subcommand)]
    pub action: GroupAction,
    #[command(flatten)]
    pub db: Database,
}

#[derive(Debug, Subcommand)]
pub enum GroupAction {
    /// Add a group.
    Add { name: String },
    /// List the groups: name, subjects, accounts limited to it.
    List,
    /// Remove a group (refused while accounts are limited to it).
    Remove { name: String },
    /// Set the groups of a subject; without --group, the subject is in no group.
    Subject {
        subject: String,
        #[arg(long = "group", value_name = "GROUP")]
        groups: Vec<String>,
    },
    /// Set the groups an account is limited to; without --group, it sees every subject.
    User {
        name: String,
        #[arg(long = "group", value_name = "GROUP")]
        groups: Vec<String>,
    },
}

#[derive(Debug, clap::Args)]
pub struct TokenArgs {
    #[command(subcommand)]
    pub action: TokenAction,
    #[command(flatten)]
    pub db: Database,
}

#[derive(Debug, Subcommand)]
pub enum TokenAction {
    /// Add a token for one subject and print it (only once: the database keeps its hash).
    Add {
        /// A name to list and revoke the token by, e.g. the CI job that holds it.
        name: String,
        /// The subject (team or product) whose data the token pushes and reads; it must be the
        /// subject of an assessment in the database.
        #[arg(
            long,
            required_unless_present = "all_subjects",
            conflicts_with = "all_subjects"
        )]
        subject: Option<String>,
        /// A token for Prometheus: it reads GET /metrics of every subject, and nothing else.
        #[arg(long)]
        all_subjects: bool,
    },
    /// List the tokens: name, subject, when created, whether revoked. Never the secret.
    List,
    /// Revoke the token of this name: the server refuses it from then on.
    Revoke { name: String },
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// The directory to write the pages to (created when missing). Default: the current one.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct HealthcheckArgs {
    /// An http:// URL, e.g. http://127.0.0.1:8080/healthz.
    pub url: String,
    /// Seconds to wait for the connection and for the answer.
    #[arg(long, value_name = "SECONDS", default_value_t = 5)]
    pub timeout: u64,
}

#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    /// The repository (any directory) to scan.
    pub path: PathBuf,
    #[arg(long, value_enum, default_value_t = ScanFormat::Table)]
    pub format: ScanFormat,
    /// Write the results to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Files larger than this many bytes are skipped.
    #[arg(long, value_name = "BYTES")]
    pub max_file_size: Option<u64>,
    /// No progress on standard error.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct FlowArgs {
    /// Exports: Jira CSV, Azure Boards CSV, `gh issue list --json
    /// number,title,state,createdAt,closedAt,labels`, or `ID, Title, <stage>, …` CSV (the format
    /// is told from the headers). Several files are measured together.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = TextFormat::Table)]
    pub format: TextFormat,
    /// Leave out items finished before this day (YYYY-MM-DD); series start there.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// The last day measured (YYYY-MM-DD). Default: the latest date in the exports.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// The first workflow stage that counts as started (as `[flow] started` in maturity.toml).
    #[arg(long, value_name = "STAGE")]
    pub started: Option<String>,
    /// The first workflow stage that counts as done (as `[flow] done`).
    #[arg(long, value_name = "STAGE")]
    pub done: Option<String>,
    /// Forecast when this many more items will be done. Default: the open items.
    #[arg(long, value_name = "N")]
    pub forecast_items: Option<usize>,
    /// Forecast how many items will be done by this day. Default: four weeks after the last day.
    #[arg(long, value_name = "DATE")]
    pub forecast_date: Option<String>,
    /// Seed of the forecasts' random draws; the same seed gives the same forecast.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct MetricsArgs {
    /// The git repository (work tree or bare).
    pub path: PathBuf,
    /// Window start: a date (2024-01-31) or an RFC 3339 time. Default: the oldest commit or
    /// delivery, so the whole history.
    #[arg(long)]
    pub since: Option<String>,
    /// Window end (exclusive; a date means the end of that day). Default: now.
    #[arg(long)]
    pub until: Option<String>,
    /// Which tags are releases: `auto` (version-like, the default), `glob:v*` or `regex:^v\d+$`.
    #[arg(long, value_name = "GLOB|REGEX")]
    pub release_tags: Option<String>,
    /// Count pre-release tags (-rc1, -beta, …) as releases too.
    #[arg(long)]
    pub include_pre_releases: bool,
    /// Production deployments from this CSV or JSON export instead of release tags.
    #[arg(long, value_name = "FILE")]
    pub deployments: Option<PathBuf>,
    /// Incidents from this CSV or JSON export, for change failure rate and recovery.
    #[arg(long, value_name = "FILE")]
    pub incidents: Option<PathBuf>,
    /// CDEvents (v0.4 or later), one JSON event a line: deployments and incidents, added to
    /// those of --deployments and --incidents (docs/cdevents.md).
    #[arg(long, value_name = "FILE")]
    pub events: Option<PathBuf>,
    /// An incident naming no deployment, version or commit is blamed on the last delivery
    /// before it only if it opened at most this many hours after it.
    #[arg(long, value_name = "HOURS", default_value_t = 24)]
    pub incident_window: u32,
    /// Branch and tag names whose deliveries are hotfixes (globs; repeatable). Default:
    /// hotfix/*, hotfix-*, *-hotfix*, */hotfix/*.
    #[arg(long, value_name = "GLOB")]
    pub hotfix_pattern: Vec<String>,
    /// The environment whose deployments count (with every environment of its role).
    #[arg(long, default_value = maturity_assess::metrics::DEFAULT_ENVIRONMENT)]
    pub environment: String,
    /// A `maturity.toml` whose `[metrics]` table maps environments to roles and a monorepo's
    /// directories to services.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// A service and its directories (repeatable; adds to `[metrics.services]`).
    #[arg(long, value_name = "NAME=DIR[,DIR…]")]
    pub service: Vec<String>,
    /// An environment's role (repeatable; adds to `[metrics] environments`).
    #[arg(long, value_name = "ENV=ROLE")]
    pub environment_role: Vec<String>,
    /// Lead time starts at the author time (default) or the committer time.
    #[arg(long, default_value = "author", value_parser = ["author", "committer"])]
    pub clock: String,
    /// `openmetrics`: OpenMetrics text for Prometheus' textfile collector (docs/metrics.md).
    #[arg(long, value_enum, default_value_t = MetricsFormat::Table)]
    pub format: MetricsFormat,
    /// The `subject` label of `--format openmetrics`. Default: the repository directory's name.
    #[arg(long)]
    pub subject: Option<String>,
    /// List what is behind one metric: deployment-frequency, lead-time, change-failure-rate,
    /// failed-deployment-recovery-time (recovery), deployment-rework-rate (rework), people or
    /// silos.
    #[arg(long, value_name = "METRIC")]
    pub explain: Option<String>,
    /// Directory depth of the knowledge-silo breakdown.
    #[arg(long, default_value_t = 1)]
    pub silo_depth: usize,
    /// Skip the knowledge-silo breakdown (it reads every commit's changed paths).
    #[arg(long)]
    pub no_silos: bool,
    /// A DORA benchmark file instead of the built-in 2023 bands.
    #[arg(long, value_name = "FILE")]
    pub benchmark: Option<PathBuf>,
    /// Also read refs under this prefix, e.g. refs/pull/ (left out by default; repeatable).
    #[arg(long, value_name = "PREFIX")]
    pub ref_prefix: Vec<String>,
    /// Write the results to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Print where the time went (reading, computing, silos) to standard error, as JSON.
    #[arg(long)]
    pub timings: bool,
}

#[derive(Debug, clap::Args)]
pub struct TestsArgs {
    /// Report files or directories; each argument is one run (a directory: every report under it).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = TextFormat::Table)]
    pub format: TextFormat,
    /// A maturity.toml (or any TOML file) whose `[tests.kinds]` table adds words for kinds of test.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Write the results to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct CoverageArgs {
    /// Coverage reports or directories holding them.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = TextFormat::Table)]
    pub format: TextFormat,
    /// A maturity.toml (or any TOML file) whose `[tests.kinds]` table adds words for kinds of test.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Write the results to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ChecksArgs {
    /// `md` is the Markdown of docs/checks.md.
    #[arg(long, value_enum, default_value_t = ChecksFormat::Table)]
    pub format: ChecksFormat,
}

/// How `maturity report` writes the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Markdown.
    #[value(alias = "markdown")]
    Md,
    /// One self-contained HTML file.
    Html,
    /// The JSON of docs/report-json.md.
    Json,
}

/// How `maturity plan` and `maturity metrics` write their results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextFormat {
    /// Aligned columns for the terminal.
    Table,
    /// The documented JSON contract.
    Json,
    /// Markdown.
    Md,
}

impl From<TextFormat> for maturity_report::TextFormat {
    fn from(format: TextFormat) -> Self {
        match format {
            TextFormat::Table => Self::Table,
            TextFormat::Json => Self::Json,
            TextFormat::Md => Self::Md,
        }
    }
}

/// How `maturity metrics` writes its results: as the other commands, or for Prometheus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MetricsFormat {
    /// Aligned columns for the terminal.
    Table,
    /// The documented JSON contract.
    Json,
    /// Markdown.
    Md,
    /// OpenMetrics text: the DORA keys as gauges.
    Openmetrics,
}

/// How `maturity scan` writes its results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    /// Aligned columns for the terminal.
    Table,
    /// The JSON that `[evidence] scans` and the API read back.
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
}

/// How `maturity gate` writes its results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GateFormat {
    /// What failed and why, for people and CI logs.
    Text,
    /// The gate's JSON (docs/gate.md).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// JUnit XML, one test case per rule.
    Junit,
    /// Code Climate JSON, GitLab's code quality report: the failures only.
    Codequality,
}

/// How `maturity checks` lists the checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChecksFormat {
    /// Aligned columns for the terminal.
    Table,
    /// The Markdown of docs/checks.md.
    Md,
}

pub fn parse() -> Cli {
    Cli::parse()
}
