//! Scoring, aggregation, benchmarks and stated-vs-measured, on hand-made answers.

use std::collections::BTreeMap;

use maturity_model::Response;
use maturity_model::dora::{Benchmarks, DoraConfig, QuickCheck};

use super::*;
use crate::metrics::{Config, DoraBenchmark, Input, Metrics, compute};

fn response(name: &str, answers: &[(&str, u8)]) -> Response {
    Response {
        file: format!("{name}.toml"),
        respondent: name.to_string(),
        role: "developer".to_string(),
        site: None,
        answers: Vec::new(),
        dora: answers
            .iter()
            .map(|(k, v)| ((*k).to_string(), Some(*v)))
            .collect(),
    }
}

fn config(pairs: &[(&str, &str)]) -> DoraConfig {
    DoraConfig {
        groups: pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect(),
    }
}

fn score(responses: &[Response], dora: &DoraConfig) -> Option<QuickCheckResult> {
    score_quick_check(responses, dora, QuickCheck::builtin(), Benchmarks::builtin())
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn dont_know_is_counted_and_left_out_of_every_average() {
    let mut a = response("a", &[("leadtime", 4), ("changefailure", 20)]);
    a.dora.insert("deployfreq".to_string(), None);
    let mut b = response("b", &[("leadtime", 6)]);
    b.dora.insert("deployfreq".to_string(), None);
    b.dora.insert("changefailure".to_string(), None);
    let c = response("c", &[("leadtime", 2)]);
    let result = score(&[a, b, c], &DoraConfig::default()).expect("answered");
    // Only the given values are scored: leadtime 4, 6, 2 and changefailure 20.
    assert_eq!(result.answered, 2);
    assert_eq!(result.respondents, 3);
    let lead = &result.metrics["leadtime"];
    assert_eq!((lead.n, lead.dont_know), (3, 0));
    assert!(close(lead.mean, 4.0));
    let change = &result.metrics["changefailure"];
    assert_eq!((change.n, change.dont_know), (1, 1));
    assert!(close(change.score, 8.0));
    assert!(!result.metrics.contains_key("deployfreq"));
    let counts: Vec<_> = result.dont_know.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    assert_eq!(counts, [("changefailure", 1), ("deployfreq", 2)]);
    assert!(close(result.performance_average, (6.0 + 8.0) / 2.0));
    // Nothing but "don't know" leaves nothing to score.
    let mut d = response("d", &[]);
    d.dora.insert("rework".to_string(), None);
    assert!(score(&[d], &DoraConfig::default()).is_none());
}

#[test]
fn one_respondent_is_scored_as_the_quick_check_scores() {
    let r = response(
        "a",
        &[
            ("leadtime", 4),
            ("deployfreq", 6),
            ("failurerecovery", 1),
            ("changefailure", 20),
            ("rework", 50),
        ],
    );
    let result = score(&[r], &DoraConfig::default()).expect("answered");
    let scores: BTreeMap<&str, f64> = result
        .metrics
        .iter()
        .map(|(k, m)| (k.as_str(), m.score))
        .collect();
    let expected = [
        ("changefailure", 8.0),
        ("deployfreq", 10.0),
        ("failurerecovery", 0.0),
        ("leadtime", 6.0),
        ("rework", 5.0),
    ];
    for (key, value) in expected {
        assert!(close(scores[key], value), "{key}: {}", scores[key]);
    }
    assert!(close(result.performance_average, 29.0 / 5.0));
    assert_eq!(
        result.throughput_average.map(|t| (t * 1e9).round()),
        Some((16.0_f64 / 3.0 * 1e9).round())
    );
    assert!(result.stability_average.is_some_and(|s| close(s, 6.5)));
    assert_eq!((result.answered, result.respondents), (5, 1));
    assert_eq!(
        result.metrics["leadtime"].option.as_deref(),
        Some("One day to one week")
    );
    assert_eq!(result.metrics["changefailure"].option, None);
    // All industries by default; z against the mean of its five metric means.
    let b = &result.benchmark;
    assert_eq!((b.grouping.as_str(), b.group.as_str()), ("industry", "all"));
    assert!(close(b.z, (result.performance_average - b.mean) / b.std));
    assert!(close(b.std, 1.8));
    assert!(result.other_benchmarks.is_empty());
    assert!(result.source.licence.contains("CC BY 4.0"));
}

#[test]
fn respondents_are_aggregated_like_stated_levels_and_missing_answers_are_left_out() {
    let responses = [
        response("a", &[("leadtime", 2), ("changefailure", 10)]),
        response("b", &[("leadtime", 5)]),
        response("c", &[]),
    ];
    let result = score(&responses, &DoraConfig::default()).expect("answered");
    let lead = &result.metrics["leadtime"];
    assert_eq!((lead.min, lead.max, lead.n), (2, 5, 2));
    assert!(close(lead.mean, 3.5) && close(lead.score, 5.0));
    // 3.5 rounds up to the fourth option.
    assert_eq!(lead.option.as_deref(), Some("One day to one week"));
    assert_eq!((result.answered, result.respondents), (2, 2));
    assert!(close(result.performance_average, (5.0 + 9.0) / 2.0));
    assert!(result.throughput_average.is_some_and(|t| close(t, 5.0)));
    assert!(result.stability_average.is_some_and(|s| close(s, 9.0)));
    assert_eq!(score(&[response("c", &[])], &DoraConfig::default()), None);
    let only_throughput =
        score(&[response("d", &[("deployfreq", 3)])], &DoraConfig::default()).expect("answered");
    assert_eq!(only_throughput.stability_average, None);
}

#[test]
fn the_configured_groups_are_compared_with() {
    let r = [response("a", &[("leadtime", 6), ("deployfreq", 6)])];
    let result = score(
        &r,
        &config(&[("industry", "technology"), ("size", "fewer_than_500")]),
    )
    .expect("answered");
    assert_eq!(result.benchmark.group, "technology");
    assert!(close(result.benchmark.z, (10.0 - result.benchmark.mean) / 1.8));
    let size: Vec<(&str, &str)> = result
        .other_benchmarks
        .iter()
        .map(|b| (b.grouping.as_str(), b.group.as_str()))
        .collect();
    assert_eq!(size, [("size", "fewer_than_500")]);
    assert!(close(result.other_benchmarks[0].std, 1.2));
    // Size alone is the comparison.
    let by_size = score(&r, &config(&[("size", "solo")])).expect("answered");
    assert_eq!(
        (
            by_size.benchmark.grouping.as_str(),
            by_size.benchmark.group.as_str()
        ),
        ("size", "solo")
    );
    assert!(by_size.other_benchmarks.is_empty());
}

fn measured() -> Metrics {
    let mut m = compute(&Input::default(), &Config::new(0));
    m.lead_time.median_hours = Some(48.0);
    m.deployment_frequency.count = 10;
    m.deployment_frequency.per_week = 10.0;
    m.failed_deployment_recovery_time.median_hours = None;
    m.change_failure_rate.value = Some(0.04);
    m.deployment_rework_rate.value = Some(0.30);
    m
}

#[test]
fn stated_and_measured_side_by_side_with_contradictions_by_band() {
    let r = [response(
        "a",
        &[
            ("leadtime", 4),
            ("deployfreq", 3),
            ("failurerecovery", 5),
            ("changefailure", 30),
            ("rework", 30),
        ],
    )];
    let result = score(&r, &DoraConfig::default()).expect("answered");
    let rows = compare(
        &result,
        &measured(),
        QuickCheck::builtin(),
        &DoraBenchmark::builtin(),
    );
    let got: Vec<(&str, f64, Option<&str>, bool)> = rows
        .iter()
        .map(|c| {
            (
                c.metric.as_str(),
                c.measured.answer,
                c.measured.band.map(|b| b.as_str()),
                c.contradiction,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            // 48 h: one day to one week, high; stated the same option.
            ("leadtime", 4.0, Some("high"), false),
            // 10 a week: hourly to daily, elite; stated weekly to monthly, medium.
            ("deployfreq", 5.0, Some("elite"), true),
            // Recovery was not measured: no row.
            // 4 %: elite; stated 30 %: low.
            ("changefailure", 4.0, Some("elite"), true),
            // Rework has no band: shown, never flagged.
            ("rework", 30.0, None, false),
        ]
    );
    let lead = &rows[0];
    assert_eq!(lead.stated_band.map(|b| b.as_str()), Some("high"));
    assert_eq!(lead.measured.option.as_deref(), Some("One day to one week"));
    assert!(close(lead.measured.score, 6.0));
    assert!(close(rows[2].measured.value, 0.04) && close(rows[2].measured.score, 9.6));
}

#[test]
fn every_step_lies_inside_one_band() {
    // Each option's representative value is in the band of both of its edges' inner sides,
    // so the stated band does not depend on where inside the option a team is.
    let check = QuickCheck::builtin();
    let bands = DoraBenchmark::builtin();
    for key in ["leadtime", "deployfreq", "failurerecovery"] {
        let metric = check.metric(key).expect("metric");
        let steps = metric.measured.as_ref().expect("measured");
        let thresholds = measured::thresholds(key, &bands).expect("a six-step metric has thresholds");
        for step in 1..=6_u8 {
            let inside = measured::representative(steps, step);
            assert_eq!(steps.step(inside), step, "{key} {step}");
            let near_edges: Vec<f64> = [step.checked_sub(2), (step < 6).then(|| step - 1)]
                .into_iter()
                .flatten()
                .map(|i| steps.bounds[usize::from(i)])
                .collect();
            for edge in near_edges {
                // Just inside the edge, on this step's side.
                let nudged = if steps.step(edge * 1.0001) == step {
                    edge * 1.0001
                } else {
                    edge * 0.9999
                };
                assert_eq!(steps.step(nudged), step, "{key} {step} {edge}");
                assert_eq!(
                    thresholds.band(nudged),
                    thresholds.band(inside),
                    "{key} step {step} straddles a band at {edge}"
                );
            }
        }
    }
}
