//! The DORA Quick Check scored as the Quick Check scores it (docs/dora-quick-check.md): each
//! metric's answers aggregated over respondents as stated levels are (mean, min, max, count),
//! the mean scored 0..=10, the performance, throughput and stability averages over the
//! answered metrics, and the performance average against DORA's benchmark groups.
//! `measured` sets the stated answers beside the delivery metrics.
//!
//! Pure: answers, configuration and benchmarks in, data out. Depends on `maturity-model`'s
//! Quick Check data only (and on the metrics' output types in `measured`).

mod measured;

use std::collections::BTreeMap;

use maturity_model::Response;
use maturity_model::dora::{
    BenchmarkGroup, Benchmarks, DoraConfig, Group, Grouping, MeanStd, QuickCheck, Scale,
};
use serde::Serialize;

use crate::mean::mean;

pub use measured::{Comparison, Measurement, compare};

/// The grouping compared with when `[dora]` names none, and its default group.
const DEFAULT_GROUPING: &str = "industry";
const DEFAULT_GROUP: &str = "all";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuickCheckResult {
    /// Mean of the answered metrics' scores, 0..=10.
    pub performance_average: f64,
    /// Mean of the answered throughput metrics' scores; `None` when none was answered.
    pub throughput_average: Option<f64>,
    /// Mean of the answered stability metrics' scores; `None` when none was answered.
    pub stability_average: Option<f64>,
    /// How many of the five metrics someone answered.
    pub answered: usize,
    /// Respondents who answered at least one Quick Check question, "don't know" included.
    pub respondents: usize,
    /// Answered metrics only, by DORA's key.
    pub metrics: BTreeMap<String, MetricScore>,
    /// How many respondents said "don't know", by DORA's key, for every metric someone did,
    /// also one nobody gave a value for (and so is not in `metrics`).
    pub dont_know: BTreeMap<String, usize>,
    /// The performance average against the benchmark group (`[dora] industry`, by default
    /// all industries).
    pub benchmark: BenchmarkComparison,
    /// Against every other grouping `[dora]` names (e.g. `size`), in the file's order.
    pub other_benchmarks: Vec<BenchmarkComparison>,
    /// The credit the report prints: DORA's benchmarks are CC BY 4.0.
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub text: String,
    pub url: String,
    pub licence: String,
    pub edition: u16,
}

/// One metric's answers: their mean, range and count, and the Quick Check's score of the mean.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricScore {
    pub name: String,
    pub scale: Scale,
    pub group: Group,
    /// Mean answer: a step 1..=6, or a percentage.
    pub mean: f64,
    pub min: u8,
    pub max: u8,
    pub n: usize,
    /// Respondents who said "don't know": counted here, left out of `n` and every average.
    pub dont_know: usize,
    /// 0..=10, 10 is best.
    pub score: f64,
    /// The option the mean rounds to (halves up), for a six-step metric.
    pub option: Option<String>,
    /// The benchmark group's mean and standard deviation of this metric's score.
    pub benchmark: Option<MeanStd>,
}

/// The performance average against one benchmark group: `z` = (average − mean) / std.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchmarkComparison {
    /// `industry` or `size`.
    pub grouping: String,
    /// DORA's group id, e.g. `technology`.
    pub group: String,
    pub name: String,
    pub mean: f64,
    pub std: f64,
    pub z: f64,
}

/// Scores the Quick Check answers of `responses`; `None` when nobody answered any.
/// `config` has been checked against `benchmarks` (`maturity_model::dora::check_dora_config`);
/// a group it names that `benchmarks` lacks falls back to `all`.
pub fn score_quick_check(
    responses: &[Response],
    config: &DoraConfig,
    check: &QuickCheck,
    benchmarks: &Benchmarks,
) -> Option<QuickCheckResult> {
    let respondents = responses.iter().filter(|r| !r.dora.is_empty()).count();
    let primary_key = config
        .groups
        .get(DEFAULT_GROUPING)
        .map(|_| DEFAULT_GROUPING)
        .or_else(|| config.groups.keys().next().map(String::as_str))
        .unwrap_or(DEFAULT_GROUPING);
    let group_of = |key: &str| {
        let grouping = benchmarks.grouping(key)?;
        let id = config.groups.get(key).map_or(DEFAULT_GROUP, String::as_str);
        let group = grouping.group(id).or_else(|| grouping.group(DEFAULT_GROUP))?;
        Some((grouping, group))
    };
    let (primary_grouping, primary) = group_of(primary_key)?;

    let mut metrics = BTreeMap::new();
    let mut dont_know = BTreeMap::new();
    for metric in &check.metrics {
        let given: Vec<Option<u8>> = responses
            .iter()
            .filter_map(|r| r.dora.get(&metric.key).copied())
            .collect();
        let unknown = given.iter().filter(|a| a.is_none()).count();
        if unknown > 0 {
            dont_know.insert(metric.key.clone(), unknown);
        }
        let answers: Vec<u8> = given.into_iter().flatten().collect();
        let (Some(min), Some(max), Some(mean)) = (
            answers.iter().min().copied(),
            answers.iter().max().copied(),
            mean(answers.iter().map(|&a| f64::from(a))),
        ) else {
            continue;
        };
        let benchmark = primary.metrics.get(&metric.key).copied();
        let option = match metric.scale {
            // Halves round up, as a stated level's marked cell does.
            Scale::Steps => metric.option(round_half_up(mean)).map(str::to_string),
            Scale::Percent => None,
        };
        metrics.insert(
            metric.key.clone(),
            MetricScore {
                name: metric.name.clone(),
                scale: metric.scale,
                group: metric.group,
                mean,
                min,
                max,
                n: answers.len(),
                dont_know: unknown,
                score: metric.score(mean),
                option,
                benchmark,
            },
        );
    }
    let performance_average = mean(metrics.values().map(|m| m.score))?;
    let group_mean = |group: Group| mean(metrics.values().filter(|m| m.group == group).map(|m| m.score));
    let compare_with = |grouping: &Grouping, group: &BenchmarkGroup| {
        let reference = group.performance_average;
        BenchmarkComparison {
            grouping: grouping.key.clone(),
            group: group.id.clone(),
            name: group.name.clone(),
            mean: reference.mean,
            std: reference.std,
            z: (performance_average - reference.mean) / reference.std,
        }
    };
    let other_benchmarks = benchmarks
        .groupings
        .iter()
        .filter(|g| g.key != primary_grouping.key && config.groups.contains_key(&g.key))
        .filter_map(|g| group_of(&g.key))
        .map(|(grouping, group)| compare_with(grouping, group))
        .collect();
    Some(QuickCheckResult {
        performance_average,
        throughput_average: group_mean(Group::Throughput),
        stability_average: group_mean(Group::Stability),
        answered: metrics.len(),
        respondents,
        benchmark: compare_with(primary_grouping, primary),
        other_benchmarks,
        metrics,
        dont_know,
        source: Source {
            text: benchmarks.source.clone(),
            url: benchmarks.url.clone(),
            licence: benchmarks.licence.clone(),
            edition: benchmarks.edition,
        },
    })
}

/// The whole step a mean answer rounds to, halves up (3.5 is 4).
pub(crate) fn round_half_up(mean: f64) -> u8 {
    // Means of answers 1..=6 stay in range, so the cast cannot truncate.
    (mean + 0.5).floor().clamp(0.0, 100.0) as u8
}

#[cfg(test)]
mod tests;
