//! OpenMetrics text exposition (the Prometheus exchange format) of what a report measures: a
//! subject's model and area scores, and per service (a delivery, test or flow source, named as
//! the report names it) the five DORA keys, the test pass rate and flaky tests, and flow
//! cycle-time percentiles. The server's `GET /metrics` and `maturity metrics --format
//! openmetrics` both write through here, so the names are the same wherever they come from.
//!
//! Pure: data in, text out. Must not depend on HTTP, the store or a clock. The families, their
//! names, units and labels are a contract (docs/metrics.md, "OpenMetrics"), and the Grafana
//! dashboard under `deploy/grafana/` uses exactly these names: [`FAMILIES`] is the list both
//! are tested against.

use std::fmt::Write as _;

use maturity_assess::metrics::Metrics;
use maturity_flow::Flow;
use maturity_tests::TestsSummary;

use crate::view::Report;

/// One metric family: all gauges, since every value is a current reading that may go down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Family {
    pub name: &'static str,
    pub help: &'static str,
    /// OpenMetrics requires the name to end in `_<unit>` when a unit is given.
    pub unit: Option<&'static str>,
    pub labels: &'static [&'static str],
}

const SUBJECT_MODEL: &[&str] = &["subject", "model"];
const SUBJECT_MODEL_AREA: &[&str] = &["subject", "model", "area"];
const SUBJECT_SERVICE: &[&str] = &["subject", "service"];
const SUBJECT_SERVICE_PERCENTILE: &[&str] = &["subject", "service", "percentile"];

/// Every family, in the order they are written. Indexes name them below.
pub const FAMILIES: [Family; 10] = [
    Family {
        name: "maturity_model_score",
        help: "Score 0-100 of a maturity model in the subject's latest assessment.",
        unit: None,
        labels: SUBJECT_MODEL,
    },
    Family {
        name: "maturity_area_score",
        help: "Score 0-100 of an area of a maturity model in the subject's latest assessment.",
        unit: None,
        labels: SUBJECT_MODEL_AREA,
    },
    Family {
        name: "maturity_dora_deployment_frequency_per_week",
        help: "DORA deployment frequency: deliveries per week in the measured window.",
        unit: None,
        labels: SUBJECT_SERVICE,
    },
    Family {
        name: "maturity_dora_lead_time_median_seconds",
        help: "DORA lead time for changes: median from commit to its first delivery.",
        unit: Some("seconds"),
        labels: SUBJECT_SERVICE,
    },
    Family {
        name: "maturity_dora_change_failure_rate_ratio",
        help: "DORA change failure rate: the share of deliveries that failed.",
        unit: Some("ratio"),
        labels: SUBJECT_SERVICE,
    },
    Family {
        name: "maturity_dora_failed_deployment_recovery_time_median_seconds",
        help: "DORA failed deployment recovery time: median time to recover.",
        unit: Some("seconds"),
        labels: SUBJECT_SERVICE,
    },
    Family {
        name: "maturity_dora_deployment_rework_rate_ratio",
        help: "DORA deployment rework rate: the share of deliveries that were rework.",
        unit: Some("ratio"),
        labels: SUBJECT_SERVICE,
    },
    Family {
        name: "maturity_tests_pass_ratio",
        help: "Tests that passed, of those that ran (skipped ones did not).",
        unit: Some("ratio"),
        labels: SUBJECT_SERVICE,
    },
    Family {
        name: "maturity_tests_flaky",
        help: "Flaky tests: outcome changed across runs, or passed only on a retry.",
        unit: None,
        labels: SUBJECT_SERVICE,
    },
    Family {
        name: "maturity_flow_cycle_time_seconds",
        help: "Cycle time of finished work items, from started to done, at a percentile.",
        unit: Some("seconds"),
        labels: SUBJECT_SERVICE_PERCENTILE,
    },
];

const MODEL_SCORE: usize = 0;
const AREA_SCORE: usize = 1;
const DEPLOYMENT_FREQUENCY: usize = 2;
const LEAD_TIME: usize = 3;
const CHANGE_FAILURE_RATE: usize = 4;
const RECOVERY_TIME: usize = 5;
const REWORK_RATE: usize = 6;
const PASS_RATIO: usize = 7;
const FLAKY: usize = 8;
const CYCLE_TIME: usize = 9;

const HOUR: f64 = 3600.0;
const DAY: f64 = 86_400.0;

/// One sample: its label values (in its family's label order) and value.
#[derive(Debug, Clone, PartialEq)]
struct Sample {
    labels: Vec<String>,
    value: f64,
}

/// The samples of every family, gathered subject by subject, written at the end so each family
/// is one block (OpenMetrics refuses a family split in two).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Exposition {
    samples: [Vec<Sample>; FAMILIES.len()],
}

impl Exposition {
    pub fn new() -> Self {
        Self::default()
    }

    /// A report's scores, and each of its delivery, test and flow sources as a service.
    pub fn add_report(&mut self, report: &Report) {
        let subject = report.subject.as_str();
        for model in &report.models {
            self.add(MODEL_SCORE, &[subject, &model.id], model.score);
            for area in &model.areas {
                self.add(AREA_SCORE, &[subject, &model.id, &area.id], area.score);
            }
        }
        for delivery in &report.delivery {
            self.add_delivery(subject, &delivery.source, &delivery.metrics);
        }
        for tests in &report.tests {
            self.add_tests(subject, &tests.source, &tests.results);
        }
        for flow in &report.flow {
            self.add_flow(subject, &flow.source, &flow.flow);
        }
    }

    /// The five DORA keys of one delivery source, and of each service it names (the source's
    /// `breakdown`: a service's figures over the overall environment's role, labelled with the
    /// service's own name).
    pub fn add_delivery(&mut self, subject: &str, service: &str, metrics: &Metrics) {
        // An empty window measures no rate at all.
        let measured = metrics.window.days > 0.0;
        self.add_keys(
            &[subject, service],
            [
                measured.then_some(metrics.deployment_frequency.per_week),
                metrics.lead_time.median_hours,
                metrics.change_failure_rate.value,
                metrics.failed_deployment_recovery_time.median_hours,
                metrics.deployment_rework_rate.value,
            ],
        );
        let mut seen: Vec<&str> = Vec::new();
        // A service's first entry is its figures over the role; later ones are per environment.
        for entry in &metrics.breakdown {
            let Some(name) = entry.service.as_deref() else {
                continue;
            };
            if seen.contains(&name) {
                continue;
            }
            seen.push(name);
            self.add_keys(
                &[subject, name],
                [
                    measured.then_some(entry.deployment_frequency_per_week),
                    entry.lead_time_median_hours,
                    entry.change_failure_rate,
                    entry.failed_deployment_recovery_time_median_hours,
                    entry.deployment_rework_rate,
                ],
            );
        }
    }

    /// Frequency per week, lead time (hours), failure rate, recovery time (hours) and rework
    /// rate, under `labels`.
    fn add_keys(&mut self, labels: &[&str], keys: [Option<f64>; 5]) {
        let [frequency, lead_hours, failure_rate, recovery_hours, rework] = keys;
        self.add(DEPLOYMENT_FREQUENCY, labels, frequency);
        self.add(LEAD_TIME, labels, lead_hours.map(|h| h * HOUR));
        self.add(CHANGE_FAILURE_RATE, labels, failure_rate);
        self.add(RECOVERY_TIME, labels, recovery_hours.map(|h| h * HOUR));
        self.add(REWORK_RATE, labels, rework);
    }

    /// The pass rate and flaky tests of one test-results source.
    pub fn add_tests(&mut self, subject: &str, service: &str, tests: &TestsSummary) {
        let labels = [subject, service];
        self.add(PASS_RATIO, &labels, tests.totals.pass_rate().map(|p| p / 100.0));
        #[allow(clippy::cast_precision_loss)] // a count of tests is far below 2^52
        self.add(FLAKY, &labels, Some(tests.flaky.len() as f64));
    }

    /// The cycle-time percentiles of one flow source.
    pub fn add_flow(&mut self, subject: &str, service: &str, flow: &Flow) {
        let cycle = &flow.cycle_time;
        for (percentile, days) in [
            ("50", cycle.p50),
            ("70", cycle.p70),
            ("85", cycle.p85),
            ("95", cycle.p95),
        ] {
            self.add(
                CYCLE_TIME,
                &[subject, service, percentile],
                days.map(|d| f64::from(d) * DAY),
            );
        }
    }

    /// A missing value is left out, never written as 0 or NaN: a gap in a graph, not a dip.
    fn add(&mut self, family: usize, labels: &[&str], value: Option<f64>) {
        debug_assert_eq!(labels.len(), FAMILIES[family].labels.len());
        if let Some(value) = value.filter(|v| v.is_finite()) {
            self.samples[family].push(Sample {
                labels: labels.iter().map(|l| (*l).to_string()).collect(),
                value,
            });
        }
    }

    /// The exposition: every family with its HELP, TYPE and UNIT lines (also when it has no
    /// sample, so the names are always there), samples in the order added, then `# EOF`.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for (family, samples) in FAMILIES.iter().zip(&self.samples) {
            let _ = writeln!(out, "# TYPE {} gauge", family.name);
            if let Some(unit) = family.unit {
                let _ = writeln!(out, "# UNIT {} {unit}", family.name);
            }
            let _ = writeln!(out, "# HELP {} {}", family.name, escape_help(family.help));
            for sample in samples {
                out.push_str(family.name);
                out.push('{');
                for (i, (name, value)) in family.labels.iter().zip(&sample.labels).enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    let _ = write!(out, "{name}=\"{}\"", escape_label(value));
                }
                let _ = writeln!(out, "}} {}", number(sample.value));
            }
        }
        out.push_str("# EOF\n");
        out
    }
}

/// A label value as OpenMetrics quotes it: backslash, double quote and line feed escaped.
fn escape_label(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// HELP text escapes backslash and line feed.
fn escape_help(text: &str) -> String {
    text.replace('\\', "\\\\").replace('\n', "\\n")
}

/// A finite number in the shortest form that reads back to the same value (Rust's `{}` of an
/// `f64`: never an exponent, never NaN, as callers drop those).
fn number(value: f64) -> String {
    format!("{value}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(exposition: &Exposition) -> String {
        exposition.render()
    }

    #[test]
    fn every_family_is_written_with_its_metadata_and_the_text_ends_in_eof() {
        let text = sample(&Exposition::new());
        for family in FAMILIES {
            assert!(
                text.contains(&format!("# TYPE {} gauge\n", family.name)),
                "{}",
                family.name
            );
            assert!(
                text.contains(&format!("# HELP {} ", family.name)),
                "{}",
                family.name
            );
            if let Some(unit) = family.unit {
                assert!(family.name.ends_with(&format!("_{unit}")), "{}", family.name);
                assert!(text.contains(&format!("# UNIT {} {unit}\n", family.name)));
            }
        }
        assert!(text.ends_with("\n# EOF\n"));
    }

    #[test]
    fn label_values_are_escaped_and_missing_values_left_out() {
        let mut exposition = Exposition::new();
        exposition.add(MODEL_SCORE, &["a \"b\" \\ c\nd", "devops"], Some(33.5));
        exposition.add(MODEL_SCORE, &["x", "devops"], None);
        exposition.add(MODEL_SCORE, &["y", "devops"], Some(f64::NAN));
        let text = sample(&exposition);
        assert!(
            text.contains("maturity_model_score{subject=\"a \\\"b\\\" \\\\ c\\nd\",model=\"devops\"} 33.5\n"),
            "{text}"
        );
        assert!(!text.contains("subject=\"x\""));
        assert!(!text.contains("subject=\"y\""));
    }

    #[test]
    fn family_names_are_unique_and_valid() {
        let mut names: Vec<&str> = FAMILIES.iter().map(|f| f.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), FAMILIES.len());
        for name in names {
            assert!(name.starts_with("maturity_"));
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit())
            );
        }
    }
}
