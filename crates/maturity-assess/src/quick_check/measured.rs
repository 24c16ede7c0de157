//! Stated beside measured: each Quick Check answer next to the delivery metric that measured
//! the same thing, read onto the Quick Check's scale, with a contradiction where the two fall
//! in different DORA performance bands (the thresholds of `dora-2023.toml`, the same ones the
//! delivery metrics' bands use).
//!
//! A six-step answer's band is the band of its option (each option lies inside one band:
//! docs/dora-quick-check.md); a percentage's is the band of the percentage. Rework has no
//! published band, so it is shown and never flagged.

use maturity_model::dora::{Better, Measured, QuickCheck, Scale};
use serde::Serialize;

use super::{QuickCheckResult, round_half_up};
use crate::metrics::{Band, DoraBenchmark, Metrics, Thresholds};

/// One metric stated and measured.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub metric: String,
    pub name: String,
    /// Mean answer: a step 1..=6 or a percentage.
    pub stated: f64,
    pub stated_score: f64,
    pub stated_band: Option<Band>,
    pub measured: Measurement,
    /// The two fall in different bands.
    pub contradiction: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Measurement {
    /// As the delivery metrics report it, in `unit`.
    pub value: f64,
    pub unit: String,
    /// On the Quick Check's scale: the step it falls on, or the percentage.
    pub answer: f64,
    /// The option's words, for a six-step metric.
    pub option: Option<String>,
    pub score: f64,
    pub band: Option<Band>,
}

/// The metrics both stated and measured, in the Quick Check's order.
pub fn compare(
    result: &QuickCheckResult,
    measured: &Metrics,
    check: &QuickCheck,
    bands: &DoraBenchmark,
) -> Vec<Comparison> {
    let mut out = Vec::new();
    for metric in &check.metrics {
        let Some(stated) = result.metrics.get(&metric.key) else {
            continue;
        };
        let Some((value, unit)) = measured_value(&metric.key, measured) else {
            continue;
        };
        let thresholds = thresholds(&metric.key, bands);
        let (answer, option, stated_band, band) = match (metric.scale, &metric.measured) {
            (Scale::Steps, Some(steps)) => {
                let step = steps.step(value);
                let stated_step = round_half_up(stated.mean);
                let band_of = |step: u8| thresholds.map(|t| t.band(representative(steps, step)));
                (
                    f64::from(step),
                    metric.option(step).map(str::to_string),
                    band_of(stated_step),
                    band_of(step),
                )
            }
            _ => {
                let percent = value * 100.0;
                let band_of = |percent: f64| thresholds.map(|t| t.band(percent / 100.0));
                (percent, None, band_of(stated.mean), band_of(percent))
            }
        };
        out.push(Comparison {
            metric: metric.key.clone(),
            name: metric.name.clone(),
            stated: stated.mean,
            stated_score: stated.score,
            stated_band,
            contradiction: matches!((stated_band, band), (Some(a), Some(b)) if a != b),
            measured: Measurement {
                value,
                unit: unit.to_string(),
                answer,
                option,
                score: metric.score(answer),
                band,
            },
        });
    }
    out
}

/// The measured value of a Quick Check metric and its unit, when it was measured: lead and
/// recovery times as medians in hours, deployments per week (none counted is no measurement,
/// not a low rate), failure and rework rates as ratios.
fn measured_value(key: &str, m: &Metrics) -> Option<(f64, &'static str)> {
    match key {
        "leadtime" => m.lead_time.median_hours.map(|v| (v, "hours")),
        "deployfreq" => {
            (m.deployment_frequency.count > 0).then_some((m.deployment_frequency.per_week, "per-week"))
        }
        "failurerecovery" => m
            .failed_deployment_recovery_time
            .median_hours
            .map(|v| (v, "hours")),
        "changefailure" => m.change_failure_rate.value.map(|v| (v, "ratio")),
        "rework" => m.deployment_rework_rate.value.map(|v| (v, "ratio")),
        _ => None,
    }
}

pub(super) fn thresholds<'a>(key: &str, bands: &'a DoraBenchmark) -> Option<&'a Thresholds> {
    match key {
        "leadtime" => Some(&bands.lead_time),
        "deployfreq" => Some(&bands.deployment_frequency),
        "failurerecovery" => Some(&bands.recovery),
        "changefailure" => Some(&bands.change_failure_rate),
        _ => None,
    }
}

/// A value inside a step's range: the geometric middle of its edges, or past the outer edge
/// by a factor of two for the first and last steps.
pub(super) fn representative(steps: &Measured, step: u8) -> f64 {
    let edges = &steps.bounds;
    let index = usize::from(step.clamp(1, 6));
    let toward_better = |edge: f64| match steps.better {
        Better::Lower => edge / 2.0,
        Better::Higher => edge * 2.0,
    };
    let toward_worse = |edge: f64| match steps.better {
        Better::Lower => edge * 2.0,
        Better::Higher => edge / 2.0,
    };
    match index {
        1 => toward_worse(edges[0]),
        6 => toward_better(edges[4]),
        _ => (edges[index - 2] * edges[index - 1]).sqrt(),
    }
}
