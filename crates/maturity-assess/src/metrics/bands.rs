//! DORA performance bands: a versioned benchmark file (TOML) of thresholds per metric, and the
//! band a value falls in. The 2023 bands are compiled in; a user can load their own file with
//! the same schema.
//!
//! Parsing is pure (text in, data or diagnostics out); reading the file is the caller's job.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use maturity_model::{Diagnostic, Diagnostics};

const BUILTIN_2023: &str = include_str!("dora-2023.toml");

/// DORA's four performance clusters, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    Elite,
    High,
    Medium,
    Low,
}

impl Band {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Elite => "elite",
            Self::High => "high",
            Self::Medium => "medium",
            Self::Low => "low",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    Higher,
    Lower,
}

/// The thresholds of one metric: a value at or past `elite` is elite, and so on down.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Thresholds {
    pub unit: String,
    pub better: Better,
    /// Whether a value equal to a threshold reaches it (`≤ 5 %`) or not (`< 1 day`).
    pub inclusive: bool,
    pub elite: f64,
    pub high: f64,
    pub medium: f64,
    /// The bands in words, elite first, for reports.
    pub words: [String; 4],
}

impl Thresholds {
    pub fn band(&self, value: f64) -> Band {
        let reaches = |threshold: f64| match (self.better, self.inclusive) {
            (Better::Higher, true) => value >= threshold,
            (Better::Higher, false) => value > threshold,
            (Better::Lower, true) => value <= threshold,
            (Better::Lower, false) => value < threshold,
        };
        if reaches(self.elite) {
            Band::Elite
        } else if reaches(self.high) {
            Band::High
        } else if reaches(self.medium) {
            Band::Medium
        } else {
            Band::Low
        }
    }

    /// The words for a band, e.g. "weekly to monthly".
    pub fn words(&self, band: Band) -> &str {
        &self.words[band as usize]
    }
}

/// A benchmark file: thresholds for the four keys.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DoraBenchmark {
    pub id: String,
    pub name: String,
    pub version: u32,
    pub deployment_frequency: Thresholds,
    pub lead_time: Thresholds,
    pub change_failure_rate: Thresholds,
    pub recovery: Thresholds,
}

impl DoraBenchmark {
    /// The 2023 bands, compiled in; parsed once per process.
    pub fn builtin() -> Self {
        static BUILT: std::sync::OnceLock<DoraBenchmark> = std::sync::OnceLock::new();
        BUILT
            .get_or_init(|| {
                parse_dora_benchmark("<built-in>/dora-2023.toml", BUILTIN_2023)
                    .expect("the built-in DORA benchmark is valid: a unit test parses it")
            })
            .clone()
    }
}

impl Default for DoraBenchmark {
    fn default() -> Self {
        Self::builtin()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBenchmark {
    id: String,
    name: String,
    version: u32,
    deployment_frequency: Spanned<RawThresholds>,
    lead_time: Spanned<RawThresholds>,
    change_failure_rate: Spanned<RawThresholds>,
    recovery: Spanned<RawThresholds>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawThresholds {
    unit: String,
    better: Better,
    #[serde(default)]
    inclusive: bool,
    elite: f64,
    high: f64,
    medium: f64,
    words: [String; 4],
}

/// Parses a DORA benchmark file. Thresholds must be ordered (elite the strictest); a problem
/// names the file and the line of the table at fault.
pub fn parse_dora_benchmark(file: &str, text: &str) -> Result<DoraBenchmark, Diagnostics> {
    let raw: RawBenchmark = toml::from_str(text).map_err(|e| {
        Diagnostics::one(
            Diagnostic::new(file, e.message().trim().to_string())
                .at_span(text, e.span())
                .with_help("see docs/metrics.md for the benchmark file schema"),
        )
    })?;
    let mut problems = Vec::new();
    let mut check = |name: &str, spanned: Spanned<RawThresholds>| {
        let span = spanned.span();
        let t = spanned.into_inner();
        let ordered = match t.better {
            Better::Higher => t.elite >= t.high && t.high >= t.medium,
            Better::Lower => t.elite <= t.high && t.high <= t.medium,
        };
        if !ordered || ![t.elite, t.high, t.medium].iter().all(|v| v.is_finite()) {
            problems.push(
                Diagnostic::new(file, format!("thresholds of `{name}` are not in band order"))
                    .at(text, span.start)
                    .with_help(match t.better {
                        Better::Higher => "with better = \"higher\", elite ≥ high ≥ medium",
                        Better::Lower => "with better = \"lower\", elite ≤ high ≤ medium",
                    }),
            );
        }
        Thresholds {
            unit: t.unit,
            better: t.better,
            inclusive: t.inclusive,
            elite: t.elite,
            high: t.high,
            medium: t.medium,
            words: t.words,
        }
    };
    let benchmark = DoraBenchmark {
        id: raw.id,
        name: raw.name,
        version: raw.version,
        deployment_frequency: check("deployment_frequency", raw.deployment_frequency),
        lead_time: check("lead_time", raw.lead_time),
        change_failure_rate: check("change_failure_rate", raw.change_failure_rate),
        recovery: check("recovery", raw.recovery),
    };
    Diagnostics(problems).into_result(benchmark)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_parses() {
        let b = parse_dora_benchmark("dora-2023.toml", BUILTIN_2023).expect("valid");
        assert_eq!(b.id, "dora-2023");
    }

    #[test]
    fn band_edges_2023() {
        let b = DoraBenchmark::builtin();
        let cases = [
            (&b.deployment_frequency, 7.0, Band::Elite),
            (&b.deployment_frequency, 6.9, Band::High),
            (&b.deployment_frequency, 1.0, Band::High),
            (&b.deployment_frequency, 0.5, Band::Medium),
            (&b.deployment_frequency, 0.1, Band::Low),
            (&b.lead_time, 23.9, Band::Elite),
            (&b.lead_time, 24.0, Band::High),
            (&b.lead_time, 168.0, Band::Medium),
            (&b.lead_time, 720.0, Band::Low),
            (&b.change_failure_rate, 0.05, Band::Elite),
            (&b.change_failure_rate, 0.1, Band::High),
            (&b.change_failure_rate, 0.15, Band::Medium),
            (&b.change_failure_rate, 0.16, Band::Low),
            (&b.recovery, 0.5, Band::Elite),
            (&b.recovery, 1.0, Band::High),
            (&b.recovery, 200.0, Band::Low),
        ];
        for (thresholds, value, expected) in cases {
            assert_eq!(thresholds.band(value), expected, "{} {value}", thresholds.unit);
        }
    }

    #[test]
    fn disordered_thresholds_name_the_line() {
        let text = BUILTIN_2023.replace("elite = 24.0", "elite = 2400.0");
        let err = parse_dora_benchmark("mine.toml", &text).expect_err("disordered");
        let d = &err.0[0];
        assert_eq!(d.file, "mine.toml");
        assert!(d.message.contains("lead_time"), "{d}");
        assert!(d.line.is_some());
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let err = parse_dora_benchmark("mine.toml", "id = \"x\"\nname = \n").expect_err("bad");
        assert_eq!(err.0[0].line, Some(2));
    }
}
