//! The inline SVG charts of the HTML report: scores against the benchmark, a radar per
//! model, the roadmap's timeline and each delivery source's cadence and lead time.

use std::collections::BTreeMap;
use std::fmt::Write;

use minijinja::{Value, context};

use crate::svg;
use crate::view::{self, Report};

/// The SVG charts of the HTML report, as trusted markup.
pub(crate) fn charts(report: &Report) -> Value {
    let summary = svg::bars(
        "Model scores",
        &report
            .models
            .iter()
            .map(|m| svg::Bar {
                label: &m.name,
                value: m.score,
                reference: m.benchmark.as_ref().map(|b| b.score),
            })
            .collect::<Vec<_>>(),
    );
    let mut radars = BTreeMap::new();
    for model in &report.models {
        // A radar needs three spokes; a model with fewer areas is drawn over its criteria.
        let spokes: Vec<svg::Spoke> = if model.areas.len() >= 3 {
            model
                .areas
                .iter()
                .map(|a| svg::Spoke {
                    label: &a.name,
                    value: a.score,
                    reference: a.benchmark.as_ref().map(|b| b.score),
                })
                .collect()
        } else {
            model
                .areas
                .iter()
                .flat_map(|a| &a.criteria)
                .map(|c| svg::Spoke {
                    label: &c.name,
                    value: c.score,
                    reference: None,
                })
                .collect()
        };
        let mut title = String::new();
        let _ = write!(title, "{} by area", model.name);
        radars.insert(
            model.id.clone(),
            Value::from_safe_string(svg::radar(&title, &spokes)),
        );
    }
    context! {
        summary => Value::from_safe_string(summary),
        radars => radars,
        roadmap => report.roadmap.as_ref().map(|r| Value::from_safe_string(roadmap_timeline(report, r))),
        delivery => report.delivery.iter().map(delivery_charts).collect::<Vec<_>>(),
        tests => report.tests.iter().map(|t| test_charts(&t.results)).collect::<Vec<_>>(),
    }
}

/// How many flaky tests the flip-rate chart draws.
const FLAKY_CHARTED: usize = 12;

/// A test source's pass rate per run, and its flakiest tests by flip rate.
fn test_charts(results: &maturity_tests::TestsSummary) -> Value {
    let labels: Vec<String> = (1..=results.runs.len()).map(|i| format!("run {i}")).collect();
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    let rates: Vec<Option<f64>> = results.runs.iter().map(|r| r.totals.pass_rate()).collect();
    let trend = svg::lines(
        "Pass rate per run (%)",
        &labels,
        &[svg::Series {
            label: "passed of the tests that ran",
            values: &rates,
        }],
    );
    let names: Vec<String> = results
        .flaky
        .iter()
        .take(FLAKY_CHARTED)
        .map(|f| {
            let name = if f.class.is_empty() {
                f.name.clone()
            } else {
                format!("{} {}", f.class, f.name)
            };
            if name.chars().count() > 48 {
                format!("{}…", name.chars().take(47).collect::<String>())
            } else {
                name
            }
        })
        .collect();
    let bars: Vec<svg::Bar> = results
        .flaky
        .iter()
        .zip(&names)
        .map(|(f, name)| svg::Bar {
            label: name,
            value: Some(f.flip_rate * 100.0),
            reference: None,
        })
        .collect();
    context! {
        trend => Value::from_safe_string(trend),
        flaky => (!bars.is_empty()).then(|| Value::from_safe_string(svg::bars("Flaky tests by flip rate (%)", &bars))),
    }
}

/// The cadence and lead-time charts of one delivery-metrics source.
fn delivery_charts(delivery: &view::Delivery) -> Value {
    let m = &delivery.metrics;
    #[allow(clippy::cast_precision_loss)]
    let (cadence_months, cadence): (Vec<String>, Vec<Option<f64>>) = m
        .deployment_frequency
        .monthly
        .iter()
        .map(|month| (month.month.clone(), Some(month.count as f64)))
        .unzip();
    let (lead_months, lead): (Vec<String>, Vec<Option<f64>>) = m
        .lead_time
        .monthly
        .iter()
        .map(|month| (month.month.clone(), month.median_hours))
        .unzip();
    context! {
        cadence => Value::from_safe_string(svg::columns(
            "Deliveries per month",
            &cadence_months,
            &cadence,
            "deliveries",
        )),
        lead_time => Value::from_safe_string(svg::columns(
            "Median lead time per month",
            &lead_months,
            &lead,
            "hours",
        )),
    }
}

fn roadmap_timeline(report: &Report, roadmap: &maturity_assess::Roadmap) -> String {
    let scores = |scores: &BTreeMap<String, f64>| -> Vec<(&str, Option<f64>)> {
        report
            .models
            .iter()
            .map(|m| (m.id.as_str(), scores.get(&m.id).copied()))
            .collect()
    };
    let titles: Vec<String> = roadmap
        .phases
        .iter()
        .map(|p| format!("Phase {}", p.number))
        .collect();
    let mut columns = vec![svg::Column {
        title: "Now",
        subtitle: "scores today".to_string(),
        items: Vec::new(),
        scores: scores(&roadmap.baseline),
    }];
    for (phase, title) in roadmap.phases.iter().zip(&titles) {
        columns.push(svg::Column {
            title,
            subtitle: format!("{} effort points", phase.effort),
            items: phase
                .proposals
                .iter()
                .map(|p| format!("{}. {}", p.number, p.title))
                .collect(),
            scores: scores(&phase.projected),
        });
    }
    svg::timeline("Roadmap: phases and projected scores", &columns)
}
