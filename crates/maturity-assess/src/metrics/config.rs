//! What the caller decides about a metrics run: the window, the clock, the production
//! environment, the thresholds of the heuristics and the benchmark. "Now" is part of it: the
//! metrics never read the clock.

use std::collections::BTreeMap;

use super::bands::DoraBenchmark;
use super::history::Clock;

/// The environment whose deployments count when none is chosen: the one users mean by "a
/// deployment" in DORA's sense.
pub const DEFAULT_ENVIRONMENT: &str = "production";

/// Settings of one metrics computation. Build with [`Config::new`] and change fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The current time (seconds since 1970): the default end of the window, and what
    /// "in the future" means.
    pub now: i64,
    /// Start of the window (inclusive); default: the oldest commit or release.
    pub since: Option<i64>,
    /// End of the window (exclusive); default: `now`.
    pub until: Option<i64>,
    /// Which commit time lead times start from.
    pub clock: Clock,
    /// The environment whose deployments count, when deployments come from an export.
    pub environment: String,
    /// Without incidents, a delivery followed within this many days by a patch release, or
    /// by a revert of one of its commits, counts as failed (an estimate).
    pub patch_window_days: u32,
    /// An incident that names no deployment, version or known commit is linked to the last
    /// delivery before it only when it opened at most this many hours after it; later ones
    /// are not blamed on a deployment.
    pub incident_window_hours: u32,
    /// The share of a directory's changes whose authors make up its bus factor.
    pub silo_share: f64,
    pub benchmark: DoraBenchmark,
    /// List every commit with its first release and lead time (`commits[]` in JSON), and what
    /// each release or deployment shipped (their `commits`).
    pub explain_commits: bool,
    /// Environment → role (`prod-eu` → `production`): deployments to every environment of the
    /// configured environment's role count. An environment not named here is its own role.
    pub environment_roles: BTreeMap<String, String>,
    /// Only the deployments of this service count (from the export's `service`).
    pub service: Option<String>,
    /// Only these commits count for lead time, by dense id: the service's, in a monorepo.
    pub scope: Option<Vec<bool>>,
    /// Compute knowledge silos when the input has the changes (a breakdown leaves them out).
    pub silos: bool,
}

impl Config {
    pub fn new(now: i64) -> Self {
        Self {
            now,
            since: None,
            until: None,
            clock: Clock::Author,
            environment: DEFAULT_ENVIRONMENT.to_string(),
            patch_window_days: 7,
            incident_window_hours: 24,
            silo_share: 0.8,
            benchmark: DoraBenchmark::builtin(),
            explain_commits: false,
            environment_roles: BTreeMap::new(),
            service: None,
            scope: None,
            silos: true,
        }
    }

    /// The role of environment `name`.
    pub fn role<'a>(&'a self, name: &'a str) -> &'a str {
        self.environment_roles.get(name).map_or(name, String::as_str)
    }

    /// Whether a deployment to `environment` of `service` is a delivery of this computation.
    pub fn delivers(&self, environment: &str, service: Option<&str>) -> bool {
        self.role(environment) == self.role(&self.environment)
            && self.service.as_deref().is_none_or(|s| service == Some(s))
    }
}
