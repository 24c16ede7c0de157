//! The report's own keys of `maturity.toml`: `anonymous`, `min_group`, `[background]` and
//! `[[kpis]]`, read and checked with the line of every bad entry.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::ConfigFile;
use crate::diagnostic::{Diagnostic, nearest};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBackground {
    text: Option<String>,
    #[serde(default)]
    goals: Vec<String>,
}

/// What the report says beside the scores: background, KPIs, and whether it names
/// respondents. It serialises as the `maturity.toml` keys it is read from.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ReportConfig {
    /// No respondent's name in any output; breakdowns smaller than `min_group` are merged.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub anonymous: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_group: Option<usize>,
    #[serde(skip_serializing_if = "Background::is_empty")]
    pub background: Background,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kpis: Vec<Kpi>,
}

/// The smallest role or site group an anonymous report shows on its own.
pub const DEFAULT_MIN_GROUP: usize = 3;

impl ReportConfig {
    /// The smallest group shown on its own: every group when the report names respondents.
    pub fn min_group(&self) -> usize {
        if self.anonymous {
            self.min_group.unwrap_or(DEFAULT_MIN_GROUP)
        } else {
            1
        }
    }
}

/// The `[background]` table: why the assessment was made.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Background {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub goals: Vec<String>,
}

impl Background {
    pub fn is_empty(&self) -> bool {
        self.text.is_none() && self.goals.is_empty()
    }
}

/// One `[[kpis]]` entry: a figure the team wants to move, and the measured metric behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kpi {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// One of [`KPI_METRICS`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
}

/// The measured metrics a KPI can name; the delivery metrics give their values.
pub const KPI_METRICS: [&str; 6] = [
    "lead_time",
    "change_failure_rate",
    "deployment_frequency",
    "failed_deployment_recovery_time",
    "deployment_rework_rate",
    // The old name of failed_deployment_recovery_time, kept as the metrics JSON keeps it.
    "time_to_restore",
];

const KPI_KEYS: [&str; 5] = ["name", "baseline", "target", "unit", "metric"];

/// Checks the report's own keys: `anonymous`, `min_group`, `[background]`, `[[kpis]]`.
pub(super) fn check_report(config: &ConfigFile, problems: &mut Vec<Diagnostic>) -> ReportConfig {
    let min_group = config.min_group.as_ref().and_then(|value| {
        let found = usize::try_from(*value.get_ref()).ok().filter(|n| *n >= 1);
        if found.is_none() {
            problems.push(
                config
                    .at(
                        format!("min_group must be at least 1, not {}", value.get_ref()),
                        value.span().start,
                    )
                    .with_help(format!(
                        "the smallest group shown on its own; default {DEFAULT_MIN_GROUP}"
                    )),
            );
        }
        found
    });
    let background = config
        .background
        .as_ref()
        .map_or_else(Background::default, |raw| Background {
            text: raw
                .text
                .as_ref()
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty()),
            goals: raw
                .goals
                .iter()
                .map(|g| g.trim().to_string())
                .filter(|g| !g.is_empty())
                .collect(),
        });
    let kpis = config
        .kpis
        .iter()
        .filter_map(|raw| check_kpi(config, raw, problems))
        .collect();
    ReportConfig {
        anonymous: config.anonymous.unwrap_or(false),
        min_group,
        background,
        kpis,
    }
}

type RawKpi = Spanned<BTreeMap<Spanned<String>, Spanned<toml::Value>>>;

fn check_kpi(config: &ConfigFile, raw: &RawKpi, problems: &mut Vec<Diagnostic>) -> Option<Kpi> {
    let before = problems.len();
    let mut text = |key: &str| -> Option<String> {
        let (_, value) = raw.get_ref().iter().find(|(k, _)| k.get_ref() == key)?;
        match value.get_ref() {
            toml::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => {
                problems.push(
                    config
                        .at(
                            format!("kpi {key} must be a non-empty string"),
                            value.span().start,
                        )
                        .with_help(format!("e.g. {key} = \"…\"")),
                );
                None
            }
        }
    };
    let name = text("name");
    let unit = text("unit");
    let metric = text("metric");
    let mut number = |key: &str| -> Option<f64> {
        let (_, value) = raw.get_ref().iter().find(|(k, _)| k.get_ref() == key)?;
        match value.get_ref() {
            toml::Value::Integer(n) => Some(*n as f64),
            toml::Value::Float(x) if x.is_finite() => Some(*x),
            _ => {
                problems.push(
                    config
                        .at(format!("kpi {key} must be a number"), value.span().start)
                        .with_help(format!("e.g. {key} = 12.5; put the unit in `unit`")),
                );
                None
            }
        }
    };
    let baseline = number("baseline");
    let target = number("target");
    for key in raw.get_ref().keys() {
        if !KPI_KEYS.contains(&key.get_ref().as_str()) {
            let mut d = config.at(format!("unknown kpi key `{}`", key.get_ref()), key.span().start);
            d = match nearest(key.get_ref(), KPI_KEYS) {
                Some(near) => d.with_help(format!("did you mean `{near}`?")),
                None => d.with_help(format!("a kpi takes {}", KPI_KEYS.join(", "))),
            };
            problems.push(d);
        }
    }
    if let Some(wanted) = &metric
        && !KPI_METRICS.contains(&wanted.as_str())
    {
        let offset = raw
            .get_ref()
            .iter()
            .find(|(k, _)| k.get_ref() == "metric")
            .map_or(raw.span().start, |(_, v)| v.span().start);
        let mut d = config.at(format!("unknown kpi metric `{wanted}`"), offset);
        d = match nearest(wanted, KPI_METRICS) {
            Some(near) => d.with_help(format!("did you mean `{near}`?")),
            None => d.with_help(format!("measured metrics: {}", KPI_METRICS.join(", "))),
        };
        problems.push(d);
    }
    let Some(name) = name else {
        if problems.len() == before {
            problems.push(
                config
                    .at("kpi has no name", raw.span().start)
                    .with_help("give each [[kpis]] a name, e.g. name = \"Lead time for changes\""),
            );
        }
        return None;
    };
    (problems.len() == before).then_some(Kpi {
        name,
        baseline,
        target,
        unit,
        metric,
    })
}
