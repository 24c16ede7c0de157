//! The result of a metrics run: [`Metrics`] and its parts, whose serde form is the JSON
//! contract documented in `docs/metrics.md`. Field names here are that contract: renaming one
//! breaks other tools.
//!
//! The types read back as well as they are written ([`Metrics::from_json`]), so other crates
//! can hold a saved result as typed data rather than as a JSON value.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use super::bands::Band;
use super::breakdown::Breakdown;
use super::history::Clock;
use super::input::{DeployStatus, ReworkKind, Warning};
use super::time::{days, parse_rfc3339, rfc3339};
use super::work_items::WorkItemCommits;

/// Version of the JSON layout; bumped only on a breaking change.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything `maturity metrics` reports. Serialises to the documented JSON contract and
/// reads back from it.
///
/// The JSON form also carries `failed_deployment_recovery_time` as `recovery`, its name before
/// DORA renamed it, and reads files that have only `recovery` (see [`MetricsJson`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "MetricsJson", into = "MetricsJson")]
pub struct Metrics {
    pub schema: u32,
    pub window: Window,
    /// `release-tags` or `deployments`: what counts as a delivery.
    pub source: DeliverySource,
    /// The environment counted, when deployments come from an export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// Commits read from the repository (all of history, not only the window).
    pub commits_read: usize,
    /// Release tags, oldest first.
    pub releases: Vec<ReleaseOut>,
    /// The deployments export, when given, in file order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployments: Option<Vec<DeploymentOut>>,
    pub deployment_frequency: DeploymentFrequency,
    pub lead_time: LeadTime,
    pub change_failure_rate: ChangeFailureRate,
    /// DORA's failed deployment recovery time (formerly time to restore service).
    pub failed_deployment_recovery_time: Recovery,
    /// DORA's deployment rework rate.
    pub deployment_rework_rate: ReworkRate,
    /// The incidents export, when given, with how each was linked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incidents: Option<Vec<IncidentOut>>,
    pub benchmark: BenchmarkRef,
    pub bands: Bands,
    pub people: People,
    /// Present when the silos stage ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub silos: Option<Silos>,
    /// Observed maturity levels the metrics support.
    pub levels: Vec<MetricLevel>,
    pub warnings: Vec<Warning>,
    /// With `explain_commits`: every commit, its first release and lead time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commits: Option<Vec<CommitLead>>,
    /// The work items commit messages name, by key, and when each reached production: what
    /// the report joins with a tracker export (docs/metrics.md).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub work_items: Vec<WorkItemCommits>,
    /// The five keys per environment and per service, when deployments come from an export.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breakdown: Vec<Breakdown>,
}

/// The wire form of [`Metrics`]: the same fields, plus the `recovery` alias, written after
/// them so that readers of either name find it.
#[derive(Serialize, Deserialize)]
struct MetricsJson {
    #[serde(deserialize_with = "schema_version")]
    schema: u32,
    window: Window,
    source: DeliverySource,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    environment: Option<String>,
    commits_read: usize,
    releases: Vec<ReleaseOut>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    deployments: Option<Vec<DeploymentOut>>,
    deployment_frequency: DeploymentFrequency,
    lead_time: LeadTime,
    change_failure_rate: ChangeFailureRate,
    /// Absent from files written before it was named so; `recovery` holds it there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    failed_deployment_recovery_time: Option<Recovery>,
    /// Absent from files written before it was measured.
    #[serde(default)]
    deployment_rework_rate: ReworkRate,
    /// The old name of `failed_deployment_recovery_time`, written and read for one minor
    /// version more (docs/metrics.md) so that tools reading it keep working.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    recovery: Option<Recovery>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    incidents: Option<Vec<IncidentOut>>,
    benchmark: BenchmarkRef,
    bands: Bands,
    people: People,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    silos: Option<Silos>,
    levels: Vec<MetricLevel>,
    warnings: Vec<Warning>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    commits: Option<Vec<CommitLead>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    work_items: Vec<WorkItemCommits>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    breakdown: Vec<Breakdown>,
}

impl From<Metrics> for MetricsJson {
    fn from(m: Metrics) -> Self {
        Self {
            schema: m.schema,
            window: m.window,
            source: m.source,
            environment: m.environment,
            commits_read: m.commits_read,
            releases: m.releases,
            deployments: m.deployments,
            deployment_frequency: m.deployment_frequency,
            lead_time: m.lead_time,
            change_failure_rate: m.change_failure_rate,
            incidents: m.incidents,
            benchmark: m.benchmark,
            bands: m.bands,
            people: m.people,
            silos: m.silos,
            levels: m.levels,
            warnings: m.warnings,
            commits: m.commits,
            work_items: m.work_items,
            breakdown: m.breakdown,
            recovery: Some(m.failed_deployment_recovery_time.clone()),
            failed_deployment_recovery_time: Some(m.failed_deployment_recovery_time),
            deployment_rework_rate: m.deployment_rework_rate,
        }
    }
}

impl TryFrom<MetricsJson> for Metrics {
    type Error = &'static str;

    fn try_from(json: MetricsJson) -> Result<Self, Self::Error> {
        let recovery = json
            .failed_deployment_recovery_time
            .or(json.recovery)
            .ok_or("missing field `failed_deployment_recovery_time`")?;
        Ok(Self {
            schema: json.schema,
            window: json.window,
            source: json.source,
            environment: json.environment,
            commits_read: json.commits_read,
            releases: json.releases,
            deployments: json.deployments,
            deployment_frequency: json.deployment_frequency,
            lead_time: json.lead_time,
            change_failure_rate: json.change_failure_rate,
            incidents: json.incidents,
            benchmark: json.benchmark,
            bands: json.bands,
            people: json.people,
            silos: json.silos,
            levels: json.levels,
            warnings: json.warnings,
            commits: json.commits,
            work_items: json.work_items,
            breakdown: json.breakdown,
            failed_deployment_recovery_time: recovery,
            deployment_rework_rate: json.deployment_rework_rate,
        })
    }
}

/// `[since, until)`, the span the metrics count. The seconds are what the computation uses;
/// the JSON carries only the RFC 3339 strings, so reading it back derives them from those.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "WindowJson")]
pub struct Window {
    pub since: String,
    pub until: String,
    pub days: f64,
    #[serde(skip)]
    pub since_seconds: i64,
    #[serde(skip)]
    pub until_seconds: i64,
}

impl Window {
    /// `[since, until)`; an end before the start makes an empty window of 0 days.
    pub fn new(since: i64, until: i64) -> Self {
        Self {
            since: rfc3339(since),
            until: rfc3339(until),
            days: days(until.saturating_sub(since).max(0)),
            since_seconds: since,
            until_seconds: until,
        }
    }

    pub fn contains(&self, t: i64) -> bool {
        t >= self.since_seconds && t < self.until_seconds
    }
}

#[derive(Deserialize)]
struct WindowJson {
    since: String,
    until: String,
    days: f64,
}

impl TryFrom<WindowJson> for Window {
    type Error = String;

    fn try_from(json: WindowJson) -> Result<Self, Self::Error> {
        let seconds = |text: &str, key: &str| {
            parse_rfc3339(text).ok_or_else(|| format!("window.{key} `{text}` is not an RFC 3339 time"))
        };
        Ok(Self {
            since_seconds: seconds(&json.since, "since")?,
            until_seconds: seconds(&json.until, "until")?,
            since: json.since,
            until: json.until,
            days: json.days,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeliverySource {
    ReleaseTags,
    Deployments,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReleaseOut {
    pub name: String,
    pub time: String,
    pub commit: String,
    pub annotated: bool,
    pub in_window: bool,
    /// Commits this release was the first to contain (tags mode only; 0 otherwise).
    pub new_commits: usize,
    /// With `explain_commits`: those commits (full hashes), oldest first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commits: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeploymentOut {
    pub line: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    /// With `explain_commits`: the commits it shipped, those it was the first production
    /// delivery of (full hashes), oldest first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commits: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cadence {
    pub median_days: Option<f64>,
    pub p90_days: Option<f64>,
    pub intervals: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCount {
    pub month: String,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthLead {
    pub month: String,
    pub median_hours: Option<f64>,
    pub p75_hours: Option<f64>,
    pub p90_hours: Option<f64>,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Failure {
    pub delivery: String,
    pub time: String,
    pub reason: String,
}

/// DORA's deployment rework rate: deliveries that were rework over deliveries in the window.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReworkRate {
    /// Null without deliveries (and in files written before it was measured).
    pub value: Option<f64>,
    pub reworked: usize,
    pub total: usize,
    pub items: Vec<ReworkItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReworkItem {
    pub delivery: String,
    pub time: String,
    /// `rollback`, `revert`, `hotfix` or `fix-forward`: the first that applies, events first.
    pub kind: ReworkKind,
    /// Every rule that found it rework, `; `-separated.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recovery {
    pub median_hours: Option<f64>,
    pub estimated: bool,
    pub count: usize,
    pub items: Vec<RecoveryItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecoveryItem {
    /// The incident (`incident line N` or its id) or failed delivery.
    pub from: String,
    pub start: String,
    pub end: String,
    pub hours: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentOut {
    pub line: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchmarkRef {
    pub id: String,
    pub name: String,
    pub version: u32,
}

/// The DORA band of each key metric; null when the metric has no value. The JSON form also
/// carries `failed_deployment_recovery_time` as `recovery`, as [`Metrics`] does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "BandsJson", into = "BandsJson")]
pub struct Bands {
    pub deployment_frequency: Option<Band>,
    pub lead_time: Option<Band>,
    pub change_failure_rate: Option<Band>,
    pub failed_deployment_recovery_time: Option<Band>,
}

#[derive(Serialize, Deserialize)]
struct BandsJson {
    deployment_frequency: Option<Band>,
    lead_time: Option<Band>,
    change_failure_rate: Option<Band>,
    #[serde(default)]
    failed_deployment_recovery_time: Option<Band>,
    #[serde(default)]
    recovery: Option<Band>,
}

impl From<Bands> for BandsJson {
    fn from(b: Bands) -> Self {
        Self {
            deployment_frequency: b.deployment_frequency,
            lead_time: b.lead_time,
            change_failure_rate: b.change_failure_rate,
            failed_deployment_recovery_time: b.failed_deployment_recovery_time,
            recovery: b.failed_deployment_recovery_time,
        }
    }
}

impl From<BandsJson> for Bands {
    fn from(json: BandsJson) -> Self {
        Self {
            deployment_frequency: json.deployment_frequency,
            lead_time: json.lead_time,
            change_failure_rate: json.change_failure_rate,
            failed_deployment_recovery_time: json.failed_deployment_recovery_time.or(json.recovery),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Silos {
    pub depth: usize,
    /// The share of changes the bus-factor authors make together (0.8).
    pub share: f64,
    pub directories: Vec<SiloDir>,
    /// Directories with a bus factor of 1.
    pub flagged: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorChanges {
    pub author: String,
    pub changes: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommitLead {
    pub id: String,
    pub time: String,
    pub merge: bool,
    pub first_release: Option<String>,
    pub lead_time_hours: Option<f64>,
}

/// A level the metrics support for one criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricLevel {
    /// A criterion id of the built-in models.
    pub criterion: String,
    /// 1..=4.
    pub level: u8,
    /// The rule that gave this level, in words.
    pub rule: String,
    /// The numbers the rule looked at, by name.
    pub numbers: BTreeMap<String, f64>,
}

impl Metrics {
    /// The JSON contract, pretty-printed: what `maturity metrics --format json` writes.
    pub fn to_json(&self) -> String {
        // Serialising plain structs of strings and numbers cannot fail; non-finite floats
        // become null rather than an error.
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    /// Reads a result written by `to_json`. Keys this version does not know are ignored (a
    /// newer version may add some within the same schema); anything that is not a metrics
    /// result of this schema is an error with its line and column.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }
}

/// Another schema has another layout: reading it as this one would give wrong numbers, not an
/// error.
fn schema_version<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    let schema = u32::deserialize(deserializer)?;
    if schema == SCHEMA_VERSION {
        Ok(schema)
    } else {
        Err(serde::de::Error::custom(format!(
            "metrics schema {schema} is not supported; this version reads schema {SCHEMA_VERSION}"
        )))
    }
}

#[cfg(test)]
impl Metrics {
    /// A result with nothing in it, for tests that set only the numbers they look at.
    pub(crate) fn empty() -> Self {
        Self {
            schema: SCHEMA_VERSION,
            window: Window::new(0, 0),
            source: DeliverySource::ReleaseTags,
            environment: None,
            commits_read: 0,
            releases: Vec::new(),
            deployments: None,
            deployment_frequency: DeploymentFrequency {
                per_week: 0.0,
                per_month: 0.0,
                days_per_week: 0.0,
                count: 0,
                cadence: Cadence {
                    median_days: None,
                    p90_days: None,
                    intervals: 0,
                },
                monthly: Vec::new(),
            },
            lead_time: LeadTime {
                median_hours: None,
                p75_hours: None,
                p90_hours: None,
                count: 0,
                unreleased: 0,
                clock: Clock::Author,
                monthly: Vec::new(),
            },
            change_failure_rate: ChangeFailureRate {
                value: None,
                estimated: true,
                method: "heuristic".to_string(),
                failed: 0,
                total: 0,
                failures: Vec::new(),
            },
            failed_deployment_recovery_time: Recovery {
                median_hours: None,
                estimated: true,
                count: 0,
                items: Vec::new(),
            },
            deployment_rework_rate: ReworkRate::default(),
            incidents: None,
            benchmark: BenchmarkRef {
                id: "dora-2023".to_string(),
                name: "DORA 2023".to_string(),
                version: 2023,
            },
            bands: Bands {
                deployment_frequency: None,
                lead_time: None,
                change_failure_rate: None,
                failed_deployment_recovery_time: None,
            },
            people: People {
                contributors_per_month: Vec::new(),
                contributors: 0,
                commits: 0,
                commits_per_week: 0.0,
                merge_share: None,
                squash_share: None,
                mainline_commits: 0,
            },
            silos: None,
            levels: Vec::new(),
            warnings: Vec::new(),
            commits: None,
            work_items: Vec::new(),
            breakdown: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::time::DAY;

    const T0: i64 = 1_704_067_200;

    fn json(m: &Metrics) -> String {
        serde_json::to_string_pretty(m).expect("serialises")
    }

    #[test]
    fn the_window_seconds_come_back_from_its_times() {
        // (since, until): RFC 3339 as written, and `@seconds` for what it cannot hold.
        let cases = [(T0, T0 + DAY), (-86_400, 0), (-300_000_000_000, 300_000_000_000)];
        for (since, until) in cases {
            let mut m = Metrics::empty();
            m.window = Window::new(since, until);
            let back = Metrics::from_json(&json(&m)).expect("reads back");
            assert_eq!(
                (back.window.since_seconds, back.window.until_seconds),
                (since, until)
            );
            assert_eq!(back, m);
        }
    }

    #[test]
    fn recovery_is_written_under_both_names_and_old_files_still_read() {
        let mut m = Metrics::empty();
        m.failed_deployment_recovery_time.median_hours = Some(6.0);
        m.bands.failed_deployment_recovery_time = Some(Band::High);
        let value: serde_json::Value = serde_json::from_str(&json(&m)).expect("json");
        assert_eq!(value["recovery"], value["failed_deployment_recovery_time"]);
        assert_eq!(value["bands"]["recovery"], "high");
        assert_eq!(value["bands"]["failed_deployment_recovery_time"], "high");
        assert_eq!(value["deployment_rework_rate"]["value"], serde_json::Value::Null);
        // A file of the version before: `recovery` only, no rework rate.
        let mut old = value;
        for key in ["failed_deployment_recovery_time", "deployment_rework_rate"] {
            old.as_object_mut().expect("object").remove(key);
        }
        old["bands"]
            .as_object_mut()
            .expect("object")
            .remove("failed_deployment_recovery_time");
        let back = Metrics::from_json(&old.to_string()).expect("an old file reads");
        assert_eq!(back, m);
        let mut neither = old;
        neither.as_object_mut().expect("object").remove("recovery");
        let err = Metrics::from_json(&neither.to_string()).expect_err("no recovery at all");
        assert!(
            err.to_string()
                .contains("missing field `failed_deployment_recovery_time`"),
            "{err}"
        );
    }

    #[test]
    fn floats_read_back_exactly() {
        // The default float parser of serde_json reads this one a unit in the last place low.
        let mut m = Metrics::empty();
        m.failed_deployment_recovery_time.median_hours = Some(130.653_316_326_530_61);
        m.deployment_frequency.per_month = 12.174_750_000_000_001;
        let text = json(&m);
        assert!(
            text.contains("130.65331632653061") && text.contains("12.174750000000001"),
            "{text}"
        );
        assert_eq!(json(&Metrics::from_json(&text).expect("reads back")), text);
    }

    #[test]
    fn optional_parts_may_be_absent_and_unknown_keys_are_ignored() {
        let m = Metrics::empty();
        let mut value: serde_json::Value = serde_json::from_str(&json(&m)).expect("json");
        for key in ["deployments", "incidents", "silos", "commits", "environment"] {
            assert!(value.get(key).is_none(), "{key} is skipped when absent");
        }
        value["added_later"] = serde_json::json!({"anything": [1, 2]});
        value["people"]["added_later"] = serde_json::json!(true);
        let back = Metrics::from_json(&value.to_string()).expect("reads newer output");
        assert_eq!(back, m);
    }

    #[test]
    fn what_is_not_a_result_is_an_error_with_its_place() {
        let good = json(&Metrics::empty());
        // (case, text, the error says, line)
        let cases = [
            (
                "a scan result",
                "{\n  \"schema\": 1,\n  \"observed\": []\n}".to_string(),
                "missing field `window`",
                4,
            ),
            (
                "not JSON",
                "{\n  \"schema\": ".to_string(),
                "EOF while parsing",
                2,
            ),
            (
                "another schema",
                good.replace("\"schema\": 1", "\"schema\": 2"),
                "metrics schema 2 is not supported",
                2,
            ),
            (
                "a number that is a string",
                good.replace("\"days\": 0.0", "\"days\": \"none\""),
                "invalid type: string \"none\"",
                6,
            ),
            (
                "a window time that is none",
                good.replace("\"since\": \"1970-01-01T00:00:00Z\"", "\"since\": \"yesterday\""),
                "window.since `yesterday` is not an RFC 3339 time",
                0,
            ),
            (
                "an unknown clock",
                good.replace("\"clock\": \"author\"", "\"clock\": \"wall\""),
                "unknown variant `wall`",
                0,
            ),
        ];
        for (case, text, message, line) in cases {
            assert_ne!(text, good, "{case}: the case changes the text");
            let err = Metrics::from_json(&text).expect_err(case);
            assert!(err.to_string().contains(message), "{case}: {err}");
            assert!(err.line() > 0 && err.column() > 0, "{case}: {err}");
            if line > 0 {
                assert_eq!(err.line(), line, "{case}: {err}");
            }
        }
    }
}
