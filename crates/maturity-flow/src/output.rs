//! The measured flow: its serde form is the JSON contract of `maturity flow --format json`
//! (docs/flow.md). Dates are `YYYY-MM-DD` strings, weeks ISO `YYYY-Www` labels.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::day::Day;
use crate::forecast::Forecast;
use crate::read::Format;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flow {
    /// Each file read, with the format it was read as (`null`: not read at all).
    pub files: Vec<FileRead>,
    /// The workflow's stages in order, and the first that counts as started and as done.
    pub stages: Vec<String>,
    pub started_stage: Option<String>,
    pub done_stage: Option<String>,
    /// The last day measured: given, or the latest date in the exports.
    pub last_day: Option<String>,
    /// Items finished before this day were left out.
    pub since: Option<String>,
    pub items: Items,
    pub cycle_time: Percentiles,
    pub lead_time: Percentiles,
    pub throughput: Vec<Throughput>,
    pub wip: Vec<Wip>,
    pub aging: Vec<Aging>,
    pub cfd: Vec<Cfd>,
    pub forecast: Forecast,
    pub unreadable: Vec<Unreadable>,
    /// Each finished item as (done day, cycle time in days), in done order: the scatter chart's
    /// points. Not part of the JSON: a million items would make it a million entries long.
    #[serde(skip)]
    pub finished: Vec<(Day, u32)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileRead {
    pub path: String,
    pub format: Option<Format>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Items {
    /// Items read without a problem.
    pub read: usize,
    /// Of those, finished (on or after `since`).
    pub finished: usize,
    /// Started and not finished on the last day: the work in progress.
    pub in_progress: usize,
    /// Not started yet.
    pub not_started: usize,
}

/// Nearest-rank percentiles and the mean of a set of whole-day durations; all `null` without
/// any.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Percentiles {
    pub count: usize,
    pub p50: Option<u32>,
    pub p70: Option<u32>,
    pub p85: Option<u32>,
    pub p95: Option<u32>,
    /// Rounded to one decimal.
    pub mean: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Throughput {
    /// ISO week: `2026-W49`.
    pub week: String,
    /// Its Monday.
    pub start: String,
    pub items: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Wip {
    pub date: String,
    pub items: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Aging {
    pub id: String,
    /// Last day − start day + 1.
    pub age_days: u32,
    pub stage: String,
}

/// One stage's cumulative-flow series: how many items had entered it or a later stage by the
/// end of each day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cfd {
    pub stage: String,
    pub series: Vec<Count>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub date: String,
    pub items: usize,
}

/// A row or file that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unreadable {
    pub path: String,
    /// 1-based.
    pub line: usize,
    pub error: String,
}

/// An observed maturity level the flow supports, with the rule and the numbers behind it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowLevel {
    pub criterion: String,
    pub level: u8,
    pub rule: String,
    pub numbers: BTreeMap<String, f64>,
}

impl Flow {
    /// The JSON contract, pretty-printed.
    pub fn to_json(&self) -> String {
        // Plain strings and numbers: serialising cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
