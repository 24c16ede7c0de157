//! The charts of the HTML report: inline SVG for scores against the benchmark, a radar per
//! model, each delivery source's cadence and lead time, and each work-item flow's charts
//! (`flow_charts`); the roadmap's timeline is HTML, because it is mostly proposal titles,
//! which must wrap and reflow on a phone and on paper (SVG text does neither).

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
        let benchmark = report.benchmark.as_ref().map_or("", |b| b.name.as_str());
        radars.insert(
            model.id.clone(),
            Value::from_safe_string(svg::radar(&title, &spokes, benchmark)),
        );
    }
    context! {
        summary => Value::from_safe_string(summary),
        radars => radars,
        roadmap => report.roadmap.as_ref().map(|r| Value::from_safe_string(roadmap_timeline(report, r))),
        delivery => report.delivery.iter().map(delivery_charts).collect::<Vec<_>>(),
        flow => report.flow.iter().map(crate::flow_charts::charts).collect::<Vec<_>>(),
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
                f.name.to_string()
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

/// The roadmap as phase cards in order, each with its proposals (number, size, title) and the
/// score of every model before and after it. The cards sit side by side where there is room
/// and stack on a phone, so no text has to shrink.
fn roadmap_timeline(report: &Report, roadmap: &maturity_assess::Roadmap) -> String {
    let mut html = String::from(r#"<ol class="timeline" aria-label="Roadmap: phases and projected scores">"#);
    let mut before = &roadmap.baseline;
    for phase in &roadmap.phases {
        let when = match (&phase.start, &phase.end) {
            (Some(start), Some(end)) => format!("{start} – {end}"),
            _ => format!("{} weeks", phase.weeks),
        };
        let _ = write!(
            html,
            r#"<li class="phase"><div class="phase-head"><strong>Phase {}</strong> <span>{}</span></div><ol class="items">"#,
            phase.number,
            svg::escape(&when)
        );
        for p in &phase.proposals {
            let _ = write!(
                html,
                r#"<li><span class="size" title="size">{}</span> {}. {}</li>"#,
                p.difficulty,
                p.number,
                svg::escape(&p.title)
            );
        }
        html.push_str(r#"</ol><dl class="projected">"#);
        for model in &report.models {
            let score = |scores: &BTreeMap<String, f64>| {
                scores
                    .get(&model.id)
                    .map_or_else(|| "n/a".to_string(), |s| format!("{s:.0}"))
            };
            let range = crate::plan::range_note(phase, &model.id);
            let _ = write!(
                html,
                "<div><dt>{}</dt><dd>{} → <strong>{}</strong>{range}</dd></div>",
                svg::escape(&model.name),
                score(before),
                score(&phase.projected)
            );
        }
        html.push_str("</dl></li>");
        before = &phase.projected;
    }
    html.push_str("</ol>");
    html
}

#[cfg(test)]
mod tests {
    use maturity_model::Assessment;
    use maturity_model::assessment::{ConfigFile, Sources};

    use super::*;
    use crate::report_for;

    #[test]
    fn timeline_names_models_sizes_and_scores_before_and_after_each_phase() {
        let config = "subject = \"Team\"\nmodels = [\"devops\"]\n";
        let response = "respondent = \"r1\"\n[answers]\n\"devops.leadership\" = { level = 1 }\n";
        let assessment = Assessment::assemble(Sources {
            config: ConfigFile::parse("maturity.toml", config).expect("config"),
            model_files: Vec::new(),
            benchmark_files: Vec::new(),
            responses: vec![("responses/r1.toml".into(), response.into())],
        })
        .expect("valid");
        let report = report_for(&assessment);
        let roadmap = report.roadmap.as_ref().expect("a roadmap");
        assert!(
            !roadmap.phases.is_empty(),
            "a level-1 answer leaves something to plan"
        );
        let html = roadmap_timeline(&report, roadmap);
        assert_eq!(
            html.matches(r#"<li class="phase">"#).count(),
            roadmap.phases.len(),
            "a card per phase, no empty one for today: {html}"
        );
        let first = &roadmap.phases[0].proposals[0];
        assert!(html.contains(&format!(
            r#"<span class="size" title="size">{}</span> 1. {}"#,
            first.difficulty,
            svg::escape(&first.title)
        )));
        let name = &report.models[0].name;
        assert!(
            html.contains(&format!("<dt>{}</dt><dd>0 → <strong>", svg::escape(name))),
            "{html}"
        );
        assert!(!html.contains("<dt>devops</dt>"), "models go by name, not id");
    }
}
