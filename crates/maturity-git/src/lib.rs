//! The I/O edge of delivery metrics: git history read in-process with gix (never a `git`
//! subprocess, never a write into the repository), deployment and incident exports read from
//! CSV or JSON, all turned into the plain `maturity_assess::metrics::Input` that the pure
//! metric functions compute from.
//!
//! This is the only crate that knows gix. It must not render or decide anything: numbers,
//! bands and levels are `maturity-assess`'s; the CLI is the binary's.
//!
//! Entry point: [`metrics`] with a [`MetricsConfig`] returns a [`Report`]; render it with
//! `maturity_report::render_metrics`.

pub mod dates;
pub mod devlake;
pub mod error;
pub mod events;
pub mod exports;
mod packs;
pub mod pattern;
pub mod repo;
pub mod settings;
pub mod silos;
pub mod stored;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::time::Instant;

use maturity_assess::metrics::{
    self, Clock, Config, Deployment, DoraBenchmark, History, Incident, Input, Metrics, Release, Warning,
};
use serde::Serialize;

pub use dates::{parse_time, parse_until};
pub use error::Error;
pub use pattern::{HotfixPattern, ReleasePattern};
pub use repo::{GitHistory, RefSelection, Tag, read_history};
pub use settings::{Settings, parse_settings};

/// Everything one `maturity metrics` run needs, validated (the CLI builds it from flags).
#[derive(Debug, Clone)]
pub struct MetricsConfig {
    /// The repository (a work tree or a bare repository).
    pub repository: PathBuf,
    /// The current time, seconds since 1970.
    pub now: i64,
    /// Window start (inclusive) and end (exclusive); see [`parse_time`] and [`parse_until`].
    pub since: Option<i64>,
    pub until: Option<i64>,
    pub release_tags: ReleasePattern,
    pub deployments: Option<PathBuf>,
    pub incidents: Option<PathBuf>,
    /// CDEvents, one a line (docs/cdevents.md): their deployments and incidents are added
    /// to the exports' (after them), so either or both may be given.
    pub events: Option<PathBuf>,
    /// The environment whose deployments count.
    pub environment: String,
    pub clock: Clock,
    pub refs: RefSelection,
    /// Run the silos stage at this directory depth (`None` skips it).
    pub silo_depth: Option<usize>,
    /// A DORA benchmark file instead of the built-in 2023 bands.
    pub benchmark: Option<PathBuf>,
    /// Days after a release in which a patch release or revert marks it failed (no incidents).
    pub patch_window_days: u32,
    /// Hours after a delivery in which an incident naming no delivery is blamed on it.
    pub incident_window_hours: u32,
    /// Branch and tag names whose deliveries are hotfixes (rework).
    pub hotfix: HotfixPattern,
    /// List every commit with its first release and lead time, and what each delivery shipped.
    pub explain_commits: bool,
    /// Environment → role (`prod-eu` → `production`); see [`metrics::Config::environment_roles`].
    pub environment_roles: BTreeMap<String, String>,
    /// Services of a monorepo: a name and the directories (`services/api`) that are its code.
    pub services: Vec<(String, Vec<String>)>,
}

impl MetricsConfig {
    /// Defaults for `repository` at time `now`: release tags by the default pattern,
    /// production, author time, silos at depth 1.
    pub fn new(repository: impl Into<PathBuf>, now: i64) -> Self {
        Self {
            repository: repository.into(),
            now,
            since: None,
            until: None,
            release_tags: ReleasePattern::default(),
            deployments: None,
            incidents: None,
            events: None,
            environment: metrics::DEFAULT_ENVIRONMENT.to_string(),
            clock: Clock::Author,
            refs: RefSelection::default(),
            silo_depth: Some(1),
            benchmark: None,
            patch_window_days: 7,
            incident_window_hours: 24,
            hotfix: HotfixPattern::default(),
            explain_commits: false,
            environment_roles: BTreeMap::new(),
            services: Vec::new(),
        }
    }
}

/// Where the time went, in seconds; for `--timings` and the benchmark, not part of the JSON
/// contract.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Timings {
    pub used_commit_graph: bool,
    pub commits: usize,
    pub walk: f64,
    pub decode: f64,
    pub exports: f64,
    pub compute: f64,
    pub silos: f64,
    pub total: f64,
}

/// The metrics and how long they took.
#[derive(Debug, Clone)]
pub struct Report {
    pub metrics: Metrics,
    pub timings: Timings,
}

/// Reads the repository and exports named by `config` and computes every metric.
pub fn metrics(config: &MetricsConfig) -> Result<Report, Error> {
    let started = Instant::now();
    // A bad silo depth fails before anything is read, as a malformed export does below.
    if let Some(depth) = config.silo_depth {
        silos::check_depth(depth)?;
    }
    let benchmark = match &config.benchmark {
        None => DoraBenchmark::builtin(),
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            metrics::parse_dora_benchmark(&path.display().to_string(), &text)?
        }
    };
    // Exports first: a malformed file fails fast, before the expensive history read.
    let t = Instant::now();
    let deployment_records = config
        .deployments
        .as_deref()
        .map(exports::read_deployments)
        .transpose()?;
    let incident_records = config
        .incidents
        .as_deref()
        .map(exports::read_incidents)
        .transpose()?;
    let (deployment_records, incident_records, event_warnings) = match &config.events {
        None => (deployment_records, incident_records, Vec::new()),
        Some(path) => with_events(path, deployment_records, incident_records)?,
    };
    let mut exports_seconds = t.elapsed().as_secs_f64();

    let git = read_history(&config.repository, &config.refs)?;
    let mut timings = Timings {
        used_commit_graph: git.used_commit_graph,
        commits: git.history.len(),
        walk: git.walk_seconds,
        decode: git.decode_seconds,
        ..Timings::default()
    };

    let metrics_config = Config {
        now: config.now,
        since: config.since,
        until: config.until,
        clock: config.clock,
        environment: config.environment.clone(),
        patch_window_days: config.patch_window_days,
        incident_window_hours: config.incident_window_hours,
        silo_share: 0.8,
        benchmark,
        explain_commits: config.explain_commits,
        environment_roles: config.environment_roles.clone(),
        ..Config::new(config.now)
    };

    let changes = match config.silo_depth {
        Some(depth) if !git.history.is_empty() => {
            let t = Instant::now();
            let since = config.since.unwrap_or(i64::MIN);
            let until = config.until.unwrap_or(config.now);
            let keep = move |time: i64| time >= since && time < until;
            let changes = silos::dir_changes(&config.repository, &git.history, &git.trees, depth, &keep)?;
            timings.silos = t.elapsed().as_secs_f64();
            Some(changes)
        }
        _ => None,
    };

    // A service's own commits, found by the directories each commit changed: only with
    // deployments, which are what name services.
    let scopes = if config.services.is_empty() || deployment_records.is_none() || git.history.is_empty() {
        Vec::new()
    } else {
        let t = Instant::now();
        let scopes = service_scopes(&config.repository, &git, &config.services)?;
        timings.silos += t.elapsed().as_secs_f64();
        scopes
    };

    let t = Instant::now();
    let mut input = build_input(
        git,
        &config.release_tags,
        &config.hotfix,
        deployment_records,
        incident_records,
        changes,
    );
    input.warnings.extend(event_warnings);
    exports_seconds += t.elapsed().as_secs_f64();
    timings.exports = exports_seconds;

    let t = Instant::now();
    let mut metrics = metrics::compute(&input, &metrics_config);
    timings.compute = t.elapsed().as_secs_f64();
    if input.deployments.is_some() {
        metrics.breakdown = metrics::breakdown(&input, &metrics_config, &scopes);
    }
    timings.total = started.elapsed().as_secs_f64();
    Ok(Report { metrics, timings })
}

/// The exports' records with the events' added after them, and warnings for the events
/// that feed no metric. Events with no deployment leave the deliveries as they were (release
/// tags, or the export's), and the same for incidents.
fn with_events(
    path: &std::path::Path,
    deployments: Option<Vec<exports::DeploymentRecord>>,
    incidents: Option<Vec<exports::IncidentRecord>>,
) -> Result<Deliveries, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let events = events::parse_events(&path.display().to_string(), &text)?;
    let mut warnings = Vec::new();
    let not_measured = events.not_measured();
    if !not_measured.is_empty() {
        warnings.push(Warning::new(
            "events-not-measured",
            format!(
                "{}: events that feed no metric were kept and skipped: {}",
                path.display(),
                not_measured.join(", ")
            ),
        ));
    }
    if !events.never_detected.is_empty() {
        warnings.push(Warning::new(
            "events-never-detected",
            format!(
                "{}: incidents resolved with no incident.detected event are left out: {}",
                path.display(),
                events.never_detected.join(", ")
            ),
        ));
    }
    Ok((
        append(deployments, events.deployments),
        append(incidents, events.incidents),
        warnings,
    ))
}

/// An export's records with `more` after them; none when neither has any.
fn append<T>(export: Option<Vec<T>>, more: Vec<T>) -> Option<Vec<T>> {
    match (export, more.is_empty()) {
        (export, true) => export,
        (None, false) => Some(more),
        (Some(mut export), false) => {
            export.extend(more);
            Some(export)
        }
    }
}

/// Deployments and incidents, if any, and the warnings of reading them.
type Deliveries = (
    Option<Vec<exports::DeploymentRecord>>,
    Option<Vec<exports::IncidentRecord>>,
    Vec<Warning>,
);

/// Resolves what exports name (tags, commit hashes or prefixes) against the history.
struct Resolver<'a> {
    history: &'a History,
    tags: HashMap<&'a str, u32>,
    /// Commit ids as hex, sorted, with their dense ids: prefix look-ups by binary search.
    sorted_hex: Vec<(String, u32)>,
}

impl<'a> Resolver<'a> {
    fn new(history: &'a History, tags: &'a [Tag], needed: bool) -> Self {
        let mut sorted_hex: Vec<(String, u32)> = if needed {
            history
                .ids()
                .iter()
                .enumerate()
                .map(|(i, id)| (id.to_hex(), u32::try_from(i).unwrap_or(u32::MAX)))
                .collect()
        } else {
            Vec::new()
        };
        sorted_hex.sort_unstable();
        Self {
            history,
            tags: tags.iter().map(|t| (t.name.as_str(), t.commit)).collect(),
            sorted_hex,
        }
    }

    /// A full hash, or a unique prefix of at least 7 hex digits.
    fn commit(&self, text: &str) -> Option<u32> {
        let text = text.trim().to_ascii_lowercase();
        if text.len() < 7 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let start = self
            .sorted_hex
            .partition_point(|(hex, _)| hex.as_str() < text.as_str());
        let mut matches = self.sorted_hex[start..]
            .iter()
            .take_while(|(hex, _)| hex.starts_with(&text));
        let first = matches.next()?;
        matches.next().is_none().then_some(first.1)
    }

    fn version(&self, name: &str) -> Option<u32> {
        self.tags
            .get(name)
            .copied()
            .filter(|&c| (c as usize) < self.history.len())
    }
}

/// Each service with the commits that changed something under one of its directories (merge
/// commits change nothing of their own).
fn service_scopes(
    repository: &std::path::Path,
    git: &GitHistory,
    services: &[(String, Vec<String>)],
) -> Result<Vec<metrics::ServiceScope>, Error> {
    let components = |path: &str| path.split('/').filter(|p| !p.is_empty()).count();
    let depth = services
        .iter()
        .flat_map(|(_, paths)| paths.iter().map(|p| components(p)))
        .max()
        .unwrap_or(1);
    let changes = silos::dir_changes(repository, &git.history, &git.trees, depth, &|_| true)?;
    Ok(services
        .iter()
        .map(|(name, paths)| {
            let prefixes: Vec<String> = paths.iter().map(|p| p.trim_matches('/').to_string()).collect();
            let mine: Vec<bool> = changes
                .dirs
                .iter()
                .map(|dir| {
                    prefixes.iter().any(|p| {
                        dir == p
                            || dir
                                .strip_prefix(p.as_str())
                                .is_some_and(|rest| rest.starts_with('/'))
                    })
                })
                .collect();
            let mut commits = vec![false; git.history.len()];
            for &(commit, dir) in &changes.entries {
                if mine[dir as usize] {
                    commits[commit as usize] = true;
                }
            }
            metrics::ServiceScope {
                name: name.clone(),
                commits: Some(commits),
            }
        })
        .collect())
}

fn build_input(
    git: GitHistory,
    pattern: &ReleasePattern,
    hotfix: &HotfixPattern,
    deployments: Option<Vec<exports::DeploymentRecord>>,
    incidents: Option<Vec<exports::IncidentRecord>>,
    changes: Option<metrics::DirChanges>,
) -> Input {
    let GitHistory {
        history,
        tags,
        branches,
        mut warnings,
        ..
    } = git;
    let releases: Vec<Release> = tags
        .iter()
        .filter(|t| pattern.is_release(&t.name))
        .map(|t| Release {
            name: t.name.clone(),
            time: t.time,
            commit: t.commit,
            annotated: t.annotated,
            hotfix: hotfix.is_hotfix(&t.name),
        })
        .collect();
    let hotfix_commits = branches
        .into_iter()
        .filter(|(name, _)| hotfix.is_hotfix(name))
        .map(|(name, commit)| (commit, name))
        .collect();
    if releases.is_empty() && !tags.is_empty() && deployments.is_none() {
        let sample: Vec<&str> = tags.iter().take(5).map(|t| t.name.as_str()).collect();
        warnings.push(Warning::new(
            "no-release-tags",
            format!(
                "none of the {} tag(s) ({}{}) matches the release pattern `{pattern}`",
                tags.len(),
                sample.join(", "),
                if tags.len() > 5 { ", …" } else { "" }
            ),
        ));
    }
    let resolver = Resolver::new(&history, &tags, deployments.is_some() || incidents.is_some());
    let deployments = deployments.map(|records| {
        records
            .into_iter()
            .map(|d| {
                let commit = d
                    .commit
                    .as_deref()
                    .and_then(|c| resolver.commit(c))
                    .or_else(|| d.version.as_deref().and_then(|v| resolver.version(v)));
                // A version named like a hotfix is one, whatever the event forgot to say.
                let kind = d.kind.or_else(|| {
                    d.version
                        .as_deref()
                        .is_some_and(|v| hotfix.is_hotfix(v))
                        .then_some(metrics::ReworkKind::Hotfix)
                });
                Deployment {
                    id: d.id,
                    time: d.time,
                    environment: d.environment,
                    version: d.version,
                    commit_ref: d.commit,
                    commit,
                    status: d.status,
                    // A version named like a hotfix is one, whatever the event forgot to say.
                    kind,
                    service: d.service,
                    line: d.line,
                }
            })
            .collect()
    });
    let incidents = incidents.map(|records| {
        records
            .into_iter()
            .map(|i| Incident {
                commit: i.commit.as_deref().and_then(|c| resolver.commit(c)),
                id: i.id,
                opened: i.opened,
                resolved: i.resolved,
                deployment: i.deployment,
                version: i.version,
                commit_ref: i.commit,
                service: i.service,
                line: i.line,
            })
            .collect()
    });
    drop(resolver);
    Input {
        history,
        releases,
        deployments,
        incidents,
        changes,
        hotfix_commits,
        warnings,
    }
}
