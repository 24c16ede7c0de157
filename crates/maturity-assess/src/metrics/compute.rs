//! The delivery metrics of one history: deployment frequency and release cadence, lead time
//! for changes, change failure rate, recovery time, their DORA bands, people and flow, and
//! knowledge silos — each with what is behind it, and data-quality warnings.
//!
//! Pure: takes an [`Input`] and a [`Config`] (which carries "now") and returns [`Metrics`],
//! the JSON contract documented in `docs/metrics.md`. Field names here are that contract:
//! renaming one breaks other tools.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::bands::Band;
use super::config::Config;
use super::first_release::{UNRELEASED, first_delivery};
use super::history::{Clock, FLAG_SQUASH_SUBJECT, History};
use super::input::{DeployStatus, Input, Warning};
use super::levels::{MetricLevel, observed_levels};
use super::quantile::{quantile_sorted, summarize};
use super::time::{DAY, day, days, hours, month_key, rfc3339, year_month};

/// Version of the JSON layout; bumped only on a breaking change.
pub const SCHEMA_VERSION: u32 = 1;

const DAYS_PER_MONTH: f64 = 30.436_875;

/// Everything `maturity metrics` reports. Serialises to the documented JSON contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    pub schema: u32,
    pub window: Window,
    /// `release-tags` or `deployments`: what counts as a delivery.
    pub source: DeliverySource,
    /// The environment counted, when deployments come from an export.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// Commits read from the repository (all of history, not only the window).
    pub commits_read: usize,
    /// Release tags, oldest first.
    pub releases: Vec<ReleaseOut>,
    /// The deployments export, when given, in file order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deployments: Option<Vec<DeploymentOut>>,
    pub deployment_frequency: DeploymentFrequency,
    pub lead_time: LeadTime,
    pub change_failure_rate: ChangeFailureRate,
    pub recovery: Recovery,
    /// The incidents export, when given, with how each was linked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incidents: Option<Vec<IncidentOut>>,
    pub benchmark: BenchmarkRef,
    pub bands: Bands,
    pub people: People,
    /// Present when the silos stage ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub silos: Option<Silos>,
    /// Observed maturity levels the metrics support.
    pub levels: Vec<MetricLevel>,
    pub warnings: Vec<Warning>,
    /// With `explain_commits`: every commit, its first release and lead time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commits: Option<Vec<CommitLead>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Window {
    pub since: String,
    pub until: String,
    pub days: f64,
    #[serde(skip)]
    pub since_seconds: i64,
    #[serde(skip)]
    pub until_seconds: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeliverySource {
    ReleaseTags,
    Deployments,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReleaseOut {
    pub name: String,
    pub time: String,
    pub commit: String,
    pub annotated: bool,
    pub in_window: bool,
    /// Commits this release was the first to contain (tags mode only; 0 otherwise).
    pub new_commits: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeploymentOut {
    pub line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub time: String,
    pub environment: String,
    pub version: Option<String>,
    /// The resolved commit (full hash), or null when it did not resolve.
    pub commit: Option<String>,
    pub status: DeployStatus,
    /// Counted as a production delivery in the window.
    pub counted: bool,
    pub new_commits: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeploymentFrequency {
    /// Deliveries in the window per week.
    pub per_week: f64,
    pub per_month: f64,
    /// Distinct UTC days with a delivery, per week.
    pub days_per_week: f64,
    pub count: usize,
    pub cadence: Cadence,
    /// Deliveries per calendar month of the window.
    pub monthly: Vec<MonthCount>,
}

/// Intervals between consecutive deliveries in the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cadence {
    pub median_days: Option<f64>,
    pub p90_days: Option<f64>,
    pub intervals: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthCount {
    pub month: String,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeadTime {
    pub median_hours: Option<f64>,
    pub p75_hours: Option<f64>,
    pub p90_hours: Option<f64>,
    /// Commits (merges excluded) first delivered in the window.
    pub count: usize,
    /// Commits (merges excluded) no delivery contains yet.
    pub unreleased: usize,
    pub clock: Clock,
    /// Per calendar month of delivery.
    pub monthly: Vec<MonthLead>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthLead {
    pub month: String,
    pub median_hours: Option<f64>,
    pub p75_hours: Option<f64>,
    pub p90_hours: Option<f64>,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeFailureRate {
    /// Failed deliveries / deliveries in the window; null without deliveries.
    pub value: Option<f64>,
    /// True when computed by the git heuristic instead of from incidents.
    pub estimated: bool,
    /// `incidents` or `heuristic`.
    pub method: String,
    pub failed: usize,
    pub total: usize,
    pub failures: Vec<Failure>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure {
    pub delivery: String,
    pub time: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recovery {
    pub median_hours: Option<f64>,
    pub estimated: bool,
    pub count: usize,
    pub items: Vec<RecoveryItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecoveryItem {
    /// The incident (`incident line N` or its id) or failed delivery.
    pub from: String,
    pub start: String,
    pub end: String,
    pub hours: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentOut {
    pub line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub opened: String,
    pub resolved: Option<String>,
    /// The delivery it was linked to, by name.
    pub delivery: Option<String>,
    /// `deployment`, `version`, `commit`, `inferred` (last delivery before it opened) or
    /// `none`.
    pub linked_by: String,
    pub in_window: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchmarkRef {
    pub id: String,
    pub name: String,
    pub version: u32,
}

/// The DORA band of each key metric; null when the metric has no value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bands {
    pub deployment_frequency: Option<Band>,
    pub lead_time: Option<Band>,
    pub change_failure_rate: Option<Band>,
    pub recovery: Option<Band>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct People {
    /// Distinct authors per calendar month (author time) in the window.
    pub contributors_per_month: Vec<MonthCount>,
    pub contributors: usize,
    /// Commits (merges excluded) in the window.
    pub commits: usize,
    pub commits_per_week: f64,
    /// Of the commits on HEAD's first-parent line in the window, the share that are merge
    /// commits: how much work lands through merges rather than directly.
    pub merge_share: Option<f64>,
    /// Of the same commits, the share whose subject ends in `(#N)`: squash merges.
    pub squash_share: Option<f64>,
    pub mainline_commits: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Silos {
    pub depth: usize,
    /// The share of changes the bus-factor authors make together (0.8).
    pub share: f64,
    pub directories: Vec<SiloDir>,
    /// Directories with a bus factor of 1.
    pub flagged: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiloDir {
    pub path: String,
    /// Commits (merges excluded) in the window that changed something under it.
    pub changes: usize,
    pub authors: usize,
    /// How many authors, most active first, made `share` of its changes.
    pub bus_factor: usize,
    pub flagged: bool,
    /// The bus-factor authors with their change counts.
    pub top_authors: Vec<AuthorChanges>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthorChanges {
    pub author: String,
    pub changes: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommitLead {
    pub id: String,
    pub time: String,
    pub merge: bool,
    pub first_release: Option<String>,
    pub lead_time_hours: Option<f64>,
}

/// A release or production deployment, the unit of delivery.
struct Delivery {
    name: String,
    /// The deployment's own id, for incidents that name it.
    id: Option<String>,
    /// The deployment's line in its export.
    line: Option<usize>,
    time: i64,
    /// `None` when it cannot be placed in the history, or must not count for lead time (a
    /// rolled-back deployment).
    commit: Option<u32>,
    rolled_back: bool,
}

/// Computes every metric of `input` under `config`.
pub fn compute(input: &Input, config: &Config) -> Metrics {
    let history = &input.history;
    let clock = config.clock;
    let mut warnings = input.warnings.clone();

    let deliveries = deliveries(input, config);
    let window = window(input, config, &deliveries);
    let in_window = |t: i64| t >= window.since_seconds && t < window.until_seconds;

    let commits: Vec<Option<u32>> = deliveries.iter().map(|d| d.commit).collect();
    let first = first_delivery(history, &commits);

    data_quality(input, config, &first, &deliveries, &mut warnings);

    let mut new_commits = vec![0_usize; deliveries.len()];
    for &d in &first {
        if d != UNRELEASED {
            new_commits[d as usize] += 1;
        }
    }

    let lead_time = lead_time(history, clock, &first, &deliveries, &in_window);
    let counted: Vec<usize> = (0..deliveries.len())
        .filter(|&i| in_window(deliveries[i].time))
        .collect();
    let deployment_frequency = deployment_frequency(&deliveries, &counted, &window);

    let (change_failure_rate, recovery, incidents) = failures(
        input,
        config,
        &deliveries,
        &counted,
        &first,
        &in_window,
        &mut warnings,
    );

    let weeks = window.days / 7.0;
    let benchmark = &config.benchmark;
    let bands = Bands {
        deployment_frequency: (window.days >= 7.0)
            .then(|| benchmark.deployment_frequency.band(deployment_frequency.per_week)),
        lead_time: lead_time.median_hours.map(|h| benchmark.lead_time.band(h)),
        change_failure_rate: change_failure_rate
            .value
            .map(|v| benchmark.change_failure_rate.band(v)),
        recovery: recovery.median_hours.map(|h| benchmark.recovery.band(h)),
    };

    let people = people(history, &in_window, weeks, &mut warnings);
    let silos = input
        .changes
        .as_ref()
        .map(|changes| silos(history, changes, &in_window, config.silo_share));

    // Window shorter than the usual interval: frequency and cadence mean little then.
    let all_times: Vec<i64> = deliveries.iter().map(|d| d.time).collect();
    if let Some(typical) = median_interval_days(&all_times)
        && window.days < typical
    {
        warnings.push(Warning::new(
            "window-shorter-than-interval",
            format!(
                "the window ({:.0} days) is shorter than the median interval between deliveries \
                 ({typical:.0} days): frequency and cadence are unreliable; widen --since/--until",
                window.days
            ),
        ));
    }

    let source = if input.deployments.is_some() {
        DeliverySource::Deployments
    } else {
        DeliverySource::ReleaseTags
    };
    let releases = release_list(input, &deliveries, &new_commits, source, &in_window);
    let deployments = input.deployments.as_ref().map(|list| {
        // Deliveries were built from the counted deployments in line order, then sorted:
        // find each one's delivery by line number.
        let by_line: HashMap<usize, usize> = deliveries
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.line.map(|line| (line, i)))
            .collect();
        list.iter()
            .map(|d| {
                let delivery = by_line.get(&d.line).copied();
                DeploymentOut {
                    line: d.line,
                    id: d.id.clone(),
                    time: rfc3339(d.time),
                    environment: d.environment.clone(),
                    version: d.version.clone(),
                    commit: d.commit.map(|c| history.id(c).to_hex()),
                    status: d.status,
                    counted: delivery.is_some_and(|i| in_window(deliveries[i].time)),
                    new_commits: delivery.map_or(0, |i| new_commits[i]),
                }
            })
            .collect()
    });

    let commits_out = config
        .explain_commits
        .then(|| commit_leads(history, clock, &first, &deliveries));

    let mut metrics = Metrics {
        schema: SCHEMA_VERSION,
        window,
        source,
        environment: input.deployments.is_some().then(|| config.environment.clone()),
        commits_read: history.len(),
        releases,
        deployments,
        deployment_frequency,
        lead_time,
        change_failure_rate,
        recovery,
        incidents,
        benchmark: BenchmarkRef {
            id: benchmark.id.clone(),
            name: benchmark.name.clone(),
            version: benchmark.version,
        },
        bands,
        people,
        silos,
        levels: Vec::new(),
        warnings,
        commits: commits_out,
    };
    metrics.levels = observed_levels(&metrics);
    metrics
}

/// Releases, or counted production deployments, sorted by time.
fn deliveries(input: &Input, config: &Config) -> Vec<Delivery> {
    let history = &input.history;
    let mut out: Vec<Delivery> = match &input.deployments {
        None => input
            .releases
            .iter()
            .map(|r| Delivery {
                name: r.name.clone(),
                id: None,
                line: None,
                time: r.time,
                commit: Some(r.commit),
                rolled_back: false,
            })
            .collect(),
        Some(deployments) => deployments
            .iter()
            .filter(|d| d.environment == config.environment && d.status != DeployStatus::Failure)
            .map(|d| {
                let name = d
                    .version
                    .clone()
                    .or_else(|| d.id.clone())
                    .or_else(|| d.commit.map(|c| history.id(c).to_hex()[..12].to_string()))
                    .unwrap_or_else(|| format!("line {}", d.line));
                let rolled_back = d.status == DeployStatus::RolledBack;
                Delivery {
                    name,
                    id: d.id.clone(),
                    line: Some(d.line),
                    time: d.time,
                    commit: if rolled_back { None } else { d.commit },
                    rolled_back,
                }
            })
            .collect(),
    };
    out.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.name.cmp(&b.name)));
    out
}

fn window(input: &Input, config: &Config, deliveries: &[Delivery]) -> Window {
    let history = &input.history;
    let until = config.until.unwrap_or(config.now);
    let since = config.since.unwrap_or_else(|| {
        let oldest_commit = history
            .infos()
            .iter()
            .map(|i| match config.clock {
                Clock::Author => i.author_time,
                Clock::Committer => i.committer_time,
            })
            .min();
        let oldest_delivery = deliveries.iter().map(|d| d.time).min();
        oldest_commit
            .into_iter()
            .chain(oldest_delivery)
            .min()
            .unwrap_or(until)
    });
    Window {
        since: rfc3339(since),
        until: rfc3339(until),
        days: days((until - since).max(0)),
        since_seconds: since,
        until_seconds: until,
    }
}

fn data_quality(
    input: &Input,
    config: &Config,
    first: &[u32],
    deliveries: &[Delivery],
    warnings: &mut Vec<Warning>,
) {
    let history = &input.history;
    if history.is_empty() {
        warnings.push(Warning::new(
            "empty-repository",
            "the repository has no commits on any branch or tag",
        ));
    }
    if history.is_shallow() {
        warnings.push(Warning::new(
            "shallow-clone",
            "the repository is a shallow clone: history before the shallow boundary is missing, \
             so lead times of the oldest commits and counts before it are incomplete; \
             run `git fetch --unshallow` for full metrics",
        ));
    }
    if input.deployments.is_none() && input.releases.is_empty() && !history.is_empty() {
        warnings.push(Warning::new(
            "no-release-tags",
            "no tag matches the release pattern: there are no releases, so no lead time, \
             frequency or failure rate; pass --release-tags or --deployments",
        ));
    }
    if let Some(deployments) = &input.deployments {
        let unresolved = deployments
            .iter()
            .filter(|d| d.environment == config.environment && d.commit.is_none())
            .count();
        if unresolved > 0 {
            warnings.push(Warning::new(
                "deployments-unresolved",
                format!(
                    "{unresolved} {} deployment(s) name no commit or tag of this repository: \
                     they count for frequency but not for lead time",
                    config.environment
                ),
            ));
        }
        if !deployments.iter().any(|d| d.environment == config.environment) {
            let mut envs: Vec<&str> = deployments.iter().map(|d| d.environment.as_str()).collect();
            envs.sort_unstable();
            envs.dedup();
            warnings.push(Warning::new(
                "no-deployments-in-environment",
                format!(
                    "no deployment to `{}` in the export (environments: {}); pass --environment",
                    config.environment,
                    envs.join(", ")
                ),
            ));
        }
    }
    let mut future = 0_usize;
    let mut before_1970 = 0_usize;
    let mut skew = 0_usize;
    for (c, info) in history.infos().iter().enumerate() {
        let t = match config.clock {
            Clock::Author => info.author_time,
            Clock::Committer => info.committer_time,
        };
        if t > config.now {
            future += 1;
        }
        if t < 0 {
            before_1970 += 1;
        }
        let d = first[c];
        if d != UNRELEASED && t > deliveries[d as usize].time {
            skew += 1;
        }
    }
    if future > 0 {
        warnings.push(Warning::new(
            "future-commits",
            format!("{future} commit(s) are dated in the future: a committer's clock was wrong"),
        ));
    }
    if before_1970 > 0 {
        warnings.push(Warning::new(
            "commits-before-1970",
            format!("{before_1970} commit(s) are dated before 1970: a committer's clock was wrong"),
        ));
    }
    if skew > 0 {
        warnings.push(Warning::new(
            "clock-skew",
            format!(
                "{skew} commit(s) are dated after the release that first contains them (clock \
                 skew or a back-dated tag): their lead time counts as 0"
            ),
        ));
    }
}

fn lead_time(
    history: &History,
    clock: Clock,
    first: &[u32],
    deliveries: &[Delivery],
    in_window: &impl Fn(i64) -> bool,
) -> LeadTime {
    let mut all = Vec::new();
    let mut by_month: BTreeMap<(i64, u8), Vec<f64>> = BTreeMap::new();
    let mut unreleased = 0;
    for (c, &d) in first.iter().enumerate() {
        let c = u32::try_from(c).unwrap_or(u32::MAX);
        // Merge commits are integration events, not changes: their author time is the merge
        // time, and counting them would pull every statistic towards zero.
        if history.is_merge(c) {
            continue;
        }
        if d == UNRELEASED {
            unreleased += 1;
            continue;
        }
        let delivered = deliveries[d as usize].time;
        if !in_window(delivered) {
            continue;
        }
        let lead = hours((delivered - history.time(c, clock)).max(0));
        all.push(lead);
        by_month.entry(year_month(day(delivered))).or_default().push(lead);
    }
    let summary = summarize(&mut all);
    let monthly = by_month
        .into_iter()
        .map(|((year, month), mut values)| {
            let s = summarize(&mut values);
            MonthLead {
                month: format!("{year:04}-{month:02}"),
                median_hours: s.median,
                p75_hours: s.p75,
                p90_hours: s.p90,
                count: s.count,
            }
        })
        .collect();
    LeadTime {
        median_hours: summary.median,
        p75_hours: summary.p75,
        p90_hours: summary.p90,
        count: summary.count,
        unreleased,
        clock,
        monthly,
    }
}

fn median_interval_days(times: &[i64]) -> Option<f64> {
    let mut intervals: Vec<f64> = times.windows(2).map(|w| days(w[1] - w[0])).collect();
    summarize(&mut intervals).median
}

fn deployment_frequency(deliveries: &[Delivery], counted: &[usize], window: &Window) -> DeploymentFrequency {
    let weeks = window.days / 7.0;
    let months = window.days / DAYS_PER_MONTH;
    let count = counted.len();
    let rate = |n: usize, per: f64| {
        #[allow(clippy::cast_precision_loss)]
        let n = n as f64;
        if per > 0.0 { n / per } else { 0.0 }
    };
    let times: Vec<i64> = counted.iter().map(|&i| deliveries[i].time).collect();
    let mut days_with: Vec<i64> = times.iter().map(|&t| day(t)).collect();
    days_with.dedup();
    let mut intervals: Vec<f64> = times.windows(2).map(|w| days(w[1] - w[0])).collect();
    intervals.sort_unstable_by(f64::total_cmp);
    let mut monthly: BTreeMap<String, usize> = BTreeMap::new();
    for &t in &times {
        *monthly.entry(month_key(t)).or_default() += 1;
    }
    DeploymentFrequency {
        per_week: rate(count, weeks),
        per_month: rate(count, months),
        days_per_week: rate(days_with.len(), weeks),
        count,
        cadence: Cadence {
            median_days: quantile_sorted(&intervals, 0.5),
            p90_days: quantile_sorted(&intervals, 0.9),
            intervals: intervals.len(),
        },
        monthly: monthly
            .into_iter()
            .map(|(month, count)| MonthCount { month, count })
            .collect(),
    }
}

/// Numeric components of a version-like name: `v1.2.3` → [1, 2, 3].
fn version_numbers(name: &str) -> Vec<u64> {
    let start = name.find(|c: char| c.is_ascii_digit()).unwrap_or(name.len());
    name[start..]
        .split(['.', '-', '_', '+'])
        .map_while(|part| part.parse().ok())
        .collect()
}

/// `next` bumps only the last of at least three components of `release`: a patch release.
fn is_patch_of(next: &str, release: &str) -> bool {
    let a = version_numbers(release);
    let b = version_numbers(next);
    a.len() >= 3
        && a.len() == b.len()
        && a[..a.len() - 1] == b[..b.len() - 1]
        && b[b.len() - 1] > a[a.len() - 1]
}

#[allow(clippy::too_many_arguments)]
fn failures(
    input: &Input,
    config: &Config,
    deliveries: &[Delivery],
    counted: &[usize],
    first: &[u32],
    in_window: &impl Fn(i64) -> bool,
    warnings: &mut Vec<Warning>,
) -> (ChangeFailureRate, Recovery, Option<Vec<IncidentOut>>) {
    let history = &input.history;
    let total = counted.len();
    let mut failed: BTreeMap<usize, String> = BTreeMap::new();
    let mut recovery_items = Vec::new();

    // A rolled-back deployment is a change failure whatever else is known.
    for &i in counted {
        if deliveries[i].rolled_back {
            failed.insert(i, "rolled back".to_string());
            if let Some(next) = deliveries[i + 1..].iter().find(|d| !d.rolled_back) {
                recovery_items.push(RecoveryItem {
                    from: deliveries[i].name.clone(),
                    start: rfc3339(deliveries[i].time),
                    end: rfc3339(next.time),
                    hours: hours(next.time - deliveries[i].time),
                });
            }
        }
    }

    let (estimated, method, incidents_out) = if let Some(incidents) = &input.incidents {
        let mut out = Vec::with_capacity(incidents.len());
        let (mut inferred, mut unlinked, mut open) = (0, 0, 0);
        for incident in incidents {
            let by_deployment = incident
                .deployment
                .as_ref()
                .and_then(|id| deliveries.iter().position(|d| d.id.as_ref() == Some(id)));
            let by_version = || {
                let v = incident.version.as_ref()?;
                deliveries
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| &d.name == v && d.time <= incident.opened)
                    .map(|(i, _)| i)
                    .next_back()
                    .or_else(|| deliveries.iter().position(|d| &d.name == v))
            };
            let by_commit = || {
                let c = incident.commit?;
                let d = first[c as usize];
                (d != UNRELEASED).then_some(d as usize)
            };
            let by_time = || deliveries.iter().rposition(|d| d.time <= incident.opened);
            let (delivery, linked_by) = if let Some(d) = by_deployment {
                (Some(d), "deployment")
            } else if let Some(d) = by_version() {
                (Some(d), "version")
            } else if let Some(d) = by_commit() {
                (Some(d), "commit")
            } else if let Some(d) = by_time() {
                inferred += 1;
                (Some(d), "inferred")
            } else {
                unlinked += 1;
                (None, "none")
            };
            let counts = in_window(incident.opened);
            if let Some(d) = delivery
                && counts
                && in_window(deliveries[d].time)
            {
                failed.entry(d).or_insert_with(|| {
                    format!(
                        "incident {} ({linked_by})",
                        incident
                            .id
                            .clone()
                            .unwrap_or_else(|| format!("line {}", incident.line))
                    )
                });
            }
            match incident.resolved {
                Some(resolved) if counts && resolved >= incident.opened => {
                    recovery_items.push(RecoveryItem {
                        from: incident
                            .id
                            .clone()
                            .unwrap_or_else(|| format!("incident line {}", incident.line)),
                        start: rfc3339(incident.opened),
                        end: rfc3339(resolved),
                        hours: hours(resolved - incident.opened),
                    });
                }
                None => open += 1,
                _ => {}
            }
            out.push(IncidentOut {
                line: incident.line,
                id: incident.id.clone(),
                opened: rfc3339(incident.opened),
                resolved: incident.resolved.map(rfc3339),
                delivery: delivery.map(|d| deliveries[d].name.clone()),
                linked_by: linked_by.to_string(),
                in_window: counts,
            });
        }
        if inferred > 0 {
            warnings.push(Warning::new(
                "incidents-inferred",
                format!(
                    "{inferred} incident(s) name no deployment, version or known commit: each \
                     was linked to the last delivery before it opened"
                ),
            ));
        }
        if unlinked > 0 {
            warnings.push(Warning::new(
                "incidents-unlinked",
                format!("{unlinked} incident(s) opened before any delivery and are not linked"),
            ));
        }
        if open > 0 {
            warnings.push(Warning::new(
                "incidents-open",
                format!("{open} incident(s) are not resolved: left out of recovery time"),
            ));
        }
        (false, "incidents", Some(out))
    } else {
        // The git heuristic: a delivery followed within N days by a patch release of it, or
        // by a revert of a commit it first delivered, failed; it recovered at that patch
        // release, or at the first delivery containing the revert.
        let limit = i64::from(config.patch_window_days) * DAY;
        let mut reverted_in: HashMap<usize, Vec<u32>> = HashMap::new();
        for &(revert, reverted) in history.reverts() {
            let d = first[reverted as usize];
            if d != UNRELEASED {
                reverted_in.entry(d as usize).or_default().push(revert);
            }
        }
        for &i in counted {
            let delivery = &deliveries[i];
            if failed.contains_key(&i) {
                continue;
            }
            let patch = deliveries[i + 1..]
                .iter()
                .take_while(|next| next.time - delivery.time <= limit)
                .find(|next| is_patch_of(&next.name, &delivery.name));
            if let Some(next) = patch {
                failed.insert(
                    i,
                    format!(
                        "patch release {} within {} days",
                        next.name, config.patch_window_days
                    ),
                );
                recovery_items.push(RecoveryItem {
                    from: delivery.name.clone(),
                    start: rfc3339(delivery.time),
                    end: rfc3339(next.time),
                    hours: hours(next.time - delivery.time),
                });
                continue;
            }
            let revert = reverted_in.get(&i).and_then(|reverts| {
                reverts
                    .iter()
                    .copied()
                    .filter(|&r| {
                        let t = history.info(r).committer_time;
                        t >= delivery.time && t - delivery.time <= limit
                    })
                    .min_by_key(|&r| history.info(r).committer_time)
            });
            if let Some(revert) = revert {
                failed.insert(
                    i,
                    format!(
                        "commit {} reverts a change it shipped",
                        &history.id(revert).to_hex()[..12]
                    ),
                );
                let fixed = first[revert as usize];
                if fixed != UNRELEASED {
                    let end = deliveries[fixed as usize].time;
                    recovery_items.push(RecoveryItem {
                        from: delivery.name.clone(),
                        start: rfc3339(delivery.time),
                        end: rfc3339(end),
                        hours: hours((end - delivery.time).max(0)),
                    });
                }
            }
        }
        (true, "heuristic", None)
    };

    let failures: Vec<Failure> = failed
        .iter()
        .map(|(&i, reason)| Failure {
            delivery: deliveries[i].name.clone(),
            time: rfc3339(deliveries[i].time),
            reason: reason.clone(),
        })
        .collect();
    #[allow(clippy::cast_precision_loss)]
    let value = (total > 0).then(|| failures.len() as f64 / total as f64);
    let mut hours_list: Vec<f64> = recovery_items.iter().map(|r| r.hours).collect();
    let summary = summarize(&mut hours_list);
    // Recovery from rolled-back deployments is known exactly; the rest is as sure as the
    // failure rate itself.
    let recovery_estimated = estimated;
    (
        ChangeFailureRate {
            value,
            estimated,
            method: method.to_string(),
            failed: failures.len(),
            total,
            failures,
        },
        Recovery {
            median_hours: summary.median,
            estimated: recovery_estimated,
            count: summary.count,
            items: recovery_items,
        },
        incidents_out,
    )
}

fn people(
    history: &History,
    in_window: &impl Fn(i64) -> bool,
    weeks: f64,
    warnings: &mut Vec<Warning>,
) -> People {
    let mut months: BTreeMap<(i64, u8), HashSet<u32>> = BTreeMap::new();
    let mut everyone: HashSet<u32> = HashSet::new();
    let mut commits = 0_usize;
    for (c, info) in history.infos().iter().enumerate() {
        if !in_window(info.author_time) {
            continue;
        }
        months
            .entry(year_month(day(info.author_time)))
            .or_default()
            .insert(info.author);
        everyone.insert(info.author);
        if !history.is_merge(u32::try_from(c).unwrap_or(u32::MAX)) {
            commits += 1;
        }
    }
    // HEAD's first-parent line: what landed on the main line, directly or by a merge.
    let (mut mainline, mut merges, mut squashes) = (0_usize, 0_usize, 0_usize);
    let mut current = history.head();
    let mut steps = 0_usize;
    while let Some(c) = current {
        steps += 1;
        if steps > history.len() {
            break;
        }
        let info = history.info(c);
        if in_window(info.committer_time) {
            mainline += 1;
            if history.is_merge(c) {
                merges += 1;
            } else if info.flags & FLAG_SQUASH_SUBJECT != 0 {
                squashes += 1;
            }
        }
        current = history.parents(c).first().copied();
    }
    if mainline >= 10 && merges * 10 < mainline && squashes * 2 >= mainline {
        warnings.push(Warning::new(
            "squash-merged",
            format!(
                "{squashes} of {mainline} commits on the main line look squash-merged (subject \
                 ends in `(#N)`): lead time starts at the squash, not at the first commit of the \
                 change, so it reads shorter than it was"
            ),
        ));
    }
    #[allow(clippy::cast_precision_loss)]
    let per_week = if weeks > 0.0 { commits as f64 / weeks } else { 0.0 };
    #[allow(clippy::cast_precision_loss)]
    let merge_share = (mainline > 0).then(|| merges as f64 / mainline as f64);
    #[allow(clippy::cast_precision_loss)]
    let squash_share = (mainline > 0).then(|| squashes as f64 / mainline as f64);
    People {
        contributors_per_month: months
            .into_iter()
            .map(|((year, month), authors)| MonthCount {
                month: format!("{year:04}-{month:02}"),
                count: authors.len(),
            })
            .collect(),
        contributors: everyone.len(),
        commits,
        commits_per_week: per_week,
        merge_share,
        squash_share,
        mainline_commits: mainline,
    }
}

/// Knowledge silos: per directory, how many authors (most active first) made `share` of its
/// changes in the window.
pub fn silos(
    history: &History,
    changes: &super::input::DirChanges,
    in_window: &impl Fn(i64) -> bool,
    share: f64,
) -> Silos {
    let mut per_dir: Vec<HashMap<u32, usize>> = vec![HashMap::new(); changes.dirs.len()];
    for &(commit, dir) in &changes.entries {
        let info = history.info(commit);
        if in_window(info.author_time) {
            *per_dir[dir as usize].entry(info.author).or_default() += 1;
        }
    }
    let mut directories: Vec<SiloDir> = per_dir
        .into_iter()
        .enumerate()
        .filter(|(_, authors)| !authors.is_empty())
        .map(|(dir, authors)| {
            let mut counts: Vec<(u32, usize)> = authors.into_iter().collect();
            // Most changes first; ties by author name so the output is stable.
            counts.sort_by(|a, b| {
                b.1.cmp(&a.1)
                    .then_with(|| history.author_name(a.0).cmp(history.author_name(b.0)))
            });
            let total: usize = counts.iter().map(|c| c.1).sum();
            #[allow(clippy::cast_precision_loss)]
            let needed = share * total as f64;
            let mut sum = 0_usize;
            let mut bus_factor = 0_usize;
            for &(_, n) in &counts {
                sum += n;
                bus_factor += 1;
                #[allow(clippy::cast_precision_loss)]
                if sum as f64 >= needed - 1e-9 {
                    break;
                }
            }
            SiloDir {
                path: changes.dirs[dir].clone(),
                changes: total,
                authors: counts.len(),
                bus_factor,
                flagged: bus_factor == 1,
                top_authors: counts[..bus_factor]
                    .iter()
                    .map(|&(a, n)| AuthorChanges {
                        author: history.author_name(a).to_string(),
                        changes: n,
                    })
                    .collect(),
            }
        })
        .collect();
    directories.sort_by(|a, b| a.path.cmp(&b.path));
    let flagged = directories.iter().filter(|d| d.flagged).count();
    Silos {
        depth: changes.depth,
        share,
        directories,
        flagged,
    }
}

fn release_list(
    input: &Input,
    deliveries: &[Delivery],
    new_commits: &[usize],
    source: DeliverySource,
    in_window: &impl Fn(i64) -> bool,
) -> Vec<ReleaseOut> {
    let history = &input.history;
    let mut releases = input.releases.clone();
    releases.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.name.cmp(&b.name)));
    releases
        .iter()
        .map(|r| {
            let new = if source == DeliverySource::ReleaseTags {
                deliveries
                    .iter()
                    .position(|d| d.name == r.name && d.time == r.time)
                    .map_or(0, |i| new_commits[i])
            } else {
                0
            };
            ReleaseOut {
                name: r.name.clone(),
                time: rfc3339(r.time),
                commit: history.id(r.commit).to_hex(),
                annotated: r.annotated,
                in_window: in_window(r.time),
                new_commits: new,
            }
        })
        .collect()
}

fn commit_leads(history: &History, clock: Clock, first: &[u32], deliveries: &[Delivery]) -> Vec<CommitLead> {
    let mut order: Vec<u32> = (0..u32::try_from(history.len()).unwrap_or(u32::MAX)).collect();
    order.sort_by_key(|&c| (history.time(c, clock), history.id(c)));
    order
        .into_iter()
        .map(|c| {
            let d = first[c as usize];
            let delivery = (d != UNRELEASED).then(|| &deliveries[d as usize]);
            let t = history.time(c, clock);
            CommitLead {
                id: history.id(c).to_hex(),
                time: rfc3339(t),
                merge: history.is_merge(c),
                first_release: delivery.map(|d| d.name.clone()),
                lead_time_hours: delivery.map(|d| hours((d.time - t).max(0))),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_cases() {
        assert_eq!(version_numbers("v1.2.3"), vec![1, 2, 3]);
        assert_eq!(version_numbers("release-2024.01"), vec![2024, 1]);
        assert!(is_patch_of("v1.2.4", "v1.2.3"));
        assert!(!is_patch_of("v1.3.0", "v1.2.3"));
        assert!(!is_patch_of("v1.3", "v1.2"));
        assert!(!is_patch_of("v1.2.3", "v1.2.3"));
    }
}
