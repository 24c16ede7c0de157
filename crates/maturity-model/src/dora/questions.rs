//! The Quick Check's questions and answer scales, read from `data/dora-quick-check.toml`:
//! which metric is a six-step answer and which a percentage, the options' words, whether it
//! counts towards throughput or stability, and how a measured value reads onto the six steps.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Diagnostics, from_toml};

use super::METRICS;

const BUILTIN: &str = include_str!("../../data/dora-quick-check.toml");
const BUILTIN_FILE: &str = "<built-in>/dora-quick-check.toml";

/// How many options a six-step question has.
pub const STEPS: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scale {
    /// Answers 1..=6, worst first.
    Steps,
    /// Answers 0..=100 %, 0 is best.
    Percent,
}

/// The Quick Check's two averages besides the overall one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Group {
    Throughput,
    Stability,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    Higher,
    Lower,
}

/// How a measured value (in the delivery metrics' unit) reads onto the six steps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measured {
    pub unit: String,
    pub better: Better,
    /// The five edges between the steps, worst first.
    pub bounds: [f64; STEPS - 1],
}

impl Measured {
    /// The step (1..=6) a measured value falls on.
    pub fn step(&self, value: f64) -> u8 {
        let past = self
            .bounds
            .iter()
            .filter(|&&edge| match self.better {
                Better::Lower => value < edge,
                Better::Higher => value >= edge,
            })
            .count();
        // At most five edges are passed, so this is 1..=6.
        1 + u8::try_from(past).unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    /// DORA's key, e.g. `leadtime`.
    pub key: String,
    pub name: String,
    pub group: Group,
    pub scale: Scale,
    pub question: String,
    /// The six options' words, worst first; empty for a percentage.
    #[serde(default)]
    pub options: Vec<String>,
    #[serde(default)]
    pub measured: Option<Measured>,
}

impl Metric {
    /// The valid answers, e.g. `1..=6`.
    pub fn range(&self) -> std::ops::RangeInclusive<u8> {
        match self.scale {
            Scale::Steps => 1..=6,
            Scale::Percent => 0..=100,
        }
    }

    /// The Quick Check's score, 0..=10 (10 is best), of an answer or a mean of answers:
    /// six steps 1..=6 onto 0..=10, a percentage 0..=100 onto 10..=0.
    pub fn score(&self, answer: f64) -> f64 {
        match self.scale {
            Scale::Steps => (answer - 1.0) / 5.0 * 10.0,
            Scale::Percent => (100.0 - answer) / 10.0,
        }
    }

    /// The words of a six-step answer; `None` for a percentage or an answer out of range.
    pub fn option(&self, answer: u8) -> Option<&str> {
        let index = usize::from(answer).checked_sub(1)?;
        self.options.get(index).map(String::as_str)
    }
}

/// The questionnaire: the five metrics in the Quick Check's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuickCheck {
    pub metrics: Vec<Metric>,
}

impl QuickCheck {
    /// The compiled-in questionnaire; a unit test keeps it valid.
    pub fn builtin() -> &'static Self {
        static BUILT: OnceLock<QuickCheck> = OnceLock::new();
        BUILT.get_or_init(|| parse_quick_check(BUILTIN_FILE, BUILTIN).unwrap_or_else(|e| panic!("{e}")))
    }

    pub fn metric(&self, key: &str) -> Option<&Metric> {
        self.metrics.iter().find(|m| m.key == key)
    }
}

/// Parses a questionnaire file and checks it: the five metrics in order, six options for a
/// six-step metric and none for a percentage, edges in order.
pub fn parse_quick_check(file: &str, text: &str) -> Result<QuickCheck, Diagnostics> {
    let check: QuickCheck = toml::from_str(text).map_err(|e| Diagnostics::one(from_toml(file, text, &e)))?;
    let mut problems = Vec::new();
    let keys: Vec<&str> = check.metrics.iter().map(|m| m.key.as_str()).collect();
    if keys != METRICS {
        problems.push(
            Diagnostic::new(file, format!("metrics are [{}]", keys.join(", ")))
                .with_help(format!("list exactly [{}], in that order", METRICS.join(", "))),
        );
    }
    for metric in &check.metrics {
        let at = |message: String| {
            let offset = text.find(&format!("key = \"{}\"", metric.key)).unwrap_or(0);
            Diagnostic::new(file, format!("metric `{}`: {message}", metric.key)).at(text, offset)
        };
        match metric.scale {
            Scale::Steps if metric.options.len() != STEPS => {
                problems.push(at(format!("has {} options, not {STEPS}", metric.options.len())));
            }
            Scale::Percent if !metric.options.is_empty() || metric.measured.is_some() => {
                problems.push(at("a percentage has no options and no measured steps".into()));
            }
            _ => {}
        }
        if let Some(measured) = &metric.measured {
            let ordered = measured.bounds.windows(2).all(|w| match measured.better {
                Better::Lower => w[0] > w[1],
                Better::Higher => w[0] < w[1],
            });
            if !ordered {
                problems.push(at("measured bounds are not ordered worst first".into()));
            }
        }
    }
    Diagnostics(problems).into_result(check)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_is_valid() {
        let check = parse_quick_check(BUILTIN_FILE, BUILTIN).expect("valid");
        assert_eq!(check.metrics.len(), 5);
        assert_eq!(
            QuickCheck::builtin().metric("leadtime").and_then(|m| m.option(6)),
            Some("Less than one hour")
        );
    }

    #[test]
    fn scores_follow_the_quick_check() {
        let check = QuickCheck::builtin();
        let steps = check.metric("deployfreq").expect("metric");
        let percent = check.metric("changefailure").expect("metric");
        let cases = [
            (steps, 1.0, 0.0),
            (steps, 6.0, 10.0),
            (steps, 3.5, 5.0),
            (percent, 0.0, 10.0),
            (percent, 100.0, 0.0),
            (percent, 15.0, 8.5),
        ];
        for (metric, answer, score) in cases {
            assert!(
                (metric.score(answer) - score).abs() < 1e-9,
                "{} {answer}",
                metric.key
            );
        }
    }

    #[test]
    fn measured_values_fall_on_steps() {
        let check = QuickCheck::builtin();
        let lead = check
            .metric("leadtime")
            .and_then(|m| m.measured.as_ref())
            .expect("measured");
        let freq = check
            .metric("deployfreq")
            .and_then(|m| m.measured.as_ref())
            .expect("measured");
        let cases = [
            (lead, 0.5, 6),
            (lead, 1.0, 5),
            (lead, 23.9, 5),
            (lead, 24.0, 4),
            (lead, 200.0, 3),
            (lead, 1000.0, 2),
            (lead, 5000.0, 1),
            (freq, 0.01, 1),
            (freq, 0.1, 2),
            (freq, 0.5, 3),
            (freq, 1.0, 4),
            (freq, 7.0, 5),
            (freq, 30.0, 6),
        ];
        for (measured, value, step) in cases {
            assert_eq!(measured.step(value), step, "{} {value}", measured.unit);
        }
    }

    #[test]
    fn bad_files_say_what_is_wrong() {
        let five = |first: &str| {
            format!(
                "{first}\n[[metrics]]\nkey = \"deployfreq\"\nname = \"d\"\ngroup = \"throughput\"\nscale = \"percent\"\nquestion = \"q\"\n[[metrics]]\nkey = \"failurerecovery\"\nname = \"f\"\ngroup = \"throughput\"\nscale = \"percent\"\nquestion = \"q\"\n[[metrics]]\nkey = \"changefailure\"\nname = \"c\"\ngroup = \"stability\"\nscale = \"percent\"\nquestion = \"q\"\n[[metrics]]\nkey = \"rework\"\nname = \"r\"\ngroup = \"stability\"\nscale = \"percent\"\nquestion = \"q\"\n"
            )
        };
        let cases = [
            (
                five(
                    "[[metrics]]\nkey = \"leadtime\"\nname = \"l\"\ngroup = \"throughput\"\nscale = \"steps\"\nquestion = \"q\"\noptions = [\"a\"]",
                ),
                "metric `leadtime`: has 1 options, not 6",
            ),
            (
                five(
                    "[[metrics]]\nkey = \"lead\"\nname = \"l\"\ngroup = \"throughput\"\nscale = \"percent\"\nquestion = \"q\"",
                ),
                "metrics are [lead, deployfreq",
            ),
            (
                five(
                    "[[metrics]]\nkey = \"leadtime\"\nname = \"l\"\ngroup = \"speed\"\nscale = \"percent\"\nquestion = \"q\"",
                ),
                "unknown variant `speed`",
            ),
            (
                five(
                    "[[metrics]]\nkey = \"leadtime\"\nname = \"l\"\ngroup = \"throughput\"\nscale = \"steps\"\nquestion = \"q\"\noptions = [\"1\",\"2\",\"3\",\"4\",\"5\",\"6\"]\nmeasured = { unit = \"hours\", better = \"lower\", bounds = [1.0, 2.0, 3.0, 4.0, 5.0] }",
                ),
                "not ordered worst first",
            ),
        ];
        for (text, expected) in cases {
            let error = parse_quick_check("q.toml", &text)
                .expect_err(expected)
                .to_string();
            assert!(error.contains(expected), "{error}");
            assert!(error.contains("q.toml:"), "{error}");
        }
    }
}
