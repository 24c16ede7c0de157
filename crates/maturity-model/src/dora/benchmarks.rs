//! DORA's Quick Check benchmarks (`data/dora-benchmarks-2025.toml`, CC BY 4.0, credited in
//! the file and in every report that shows them): per grouping (industry, organisation size),
//! per group, each metric's mean and standard deviation on the 0..=10 score scale.
//!
//! A grouping is data: a new one (or a new edition) is a table in the file, not code.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Diagnostics, from_toml};

use super::METRICS;

const BUILTIN: &str = include_str!("../../data/dora-benchmarks-2025.toml");
const BUILTIN_FILE: &str = "<built-in>/dora-benchmarks-2025.toml";

/// A mean and standard deviation on the 0..=10 score scale.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeanStd {
    pub mean: f64,
    pub std: f64,
}

/// One group of respondents, e.g. the technology industry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchmarkGroup {
    /// DORA's id, e.g. `technology` or `fewer_than_500`.
    pub id: String,
    pub name: String,
    /// Each metric's scores, by DORA's key, already as scores (10 is best).
    pub metrics: BTreeMap<String, MeanStd>,
    /// The performance average: the mean of the five metric means (as the Quick Check
    /// computes it) and DORA's published standard deviation.
    pub performance_average: MeanStd,
}

/// One way of grouping respondents: `industry` or `size`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grouping {
    /// The `[dora]` key of `maturity.toml` that picks a group of it.
    pub key: String,
    /// In words, e.g. "organisation size".
    pub name: String,
    /// By id, so the list of valid ones reads the same every time.
    pub groups: Vec<BenchmarkGroup>,
}

impl Grouping {
    pub fn group(&self, id: &str) -> Option<&BenchmarkGroup> {
        self.groups.iter().find(|g| g.id == id)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.groups.iter().map(|g| g.id.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Benchmarks {
    pub edition: u16,
    /// The credit a report prints beside the figures.
    pub source: String,
    pub url: String,
    pub licence: String,
    pub groupings: Vec<Grouping>,
}

impl Benchmarks {
    /// The compiled-in 2025 benchmarks; a unit test keeps them valid.
    pub fn builtin() -> &'static Self {
        static BUILT: OnceLock<Benchmarks> = OnceLock::new();
        BUILT.get_or_init(|| parse_benchmarks(BUILTIN_FILE, BUILTIN).unwrap_or_else(|e| panic!("{e}")))
    }

    pub fn grouping(&self, key: &str) -> Option<&Grouping> {
        self.groupings.iter().find(|g| g.key == key)
    }
}

/// No `deny_unknown_fields` where a map is flattened in (serde cannot do both): the flattened
/// map takes every other key, and its own shape checks them.
#[derive(Deserialize)]
struct RawFile {
    edition: u16,
    source: String,
    url: String,
    licence: String,
    #[serde(flatten)]
    groupings: BTreeMap<String, RawGrouping>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrouping {
    name: String,
    /// Metrics published as instability (10 is worst), turned into scores here.
    #[serde(default)]
    inverted: Vec<String>,
    groups: BTreeMap<String, RawGroup>,
}

#[derive(Deserialize)]
struct RawGroup {
    name: String,
    performance_std: f64,
    #[serde(flatten)]
    metrics: BTreeMap<String, MeanStd>,
}

/// Parses a benchmark file and checks every group: all five metrics and no other, means in
/// 0..=10, standard deviations positive.
pub fn parse_benchmarks(file: &str, text: &str) -> Result<Benchmarks, Diagnostics> {
    let raw: RawFile = toml::from_str(text).map_err(|e| Diagnostics::one(from_toml(file, text, &e)))?;
    let mut problems = Vec::new();
    let place = |needle: &str| text.find(needle).unwrap_or(0);
    let mut groupings = Vec::new();
    for (key, grouping) in raw.groupings {
        for metric in grouping
            .inverted
            .iter()
            .filter(|m| !METRICS.contains(&m.as_str()))
        {
            problems.push(
                Diagnostic::new(file, format!("[{key}] inverted names unknown metric `{metric}`"))
                    .at(text, place(&format!("[{key}]")))
                    .with_help(format!("metrics are {}", METRICS.join(", "))),
            );
        }
        let mut groups = Vec::new();
        for (id, group) in grouping.groups {
            let header = format!("[{key}.groups.{id}]");
            let at = |message: String| {
                Diagnostic::new(file, format!("{header}: {message}")).at(text, place(&header))
            };
            for missing in METRICS.iter().filter(|m| !group.metrics.contains_key(**m)) {
                problems
                    .push(at(format!("has no `{missing}`")).with_help("every group gives all five metrics"));
            }
            for unknown in group.metrics.keys().filter(|k| !METRICS.contains(&k.as_str())) {
                problems.push(
                    at(format!("unknown metric `{unknown}`"))
                        .with_help(format!("metrics are {}", METRICS.join(", "))),
                );
            }
            let mut metrics = BTreeMap::new();
            for (metric, value) in group.metrics {
                if !(0.0..=10.0).contains(&value.mean) || value.std <= 0.0 || !value.std.is_finite() {
                    problems.push(
                        at(format!(
                            "`{metric}` has mean {} and std {}",
                            value.mean, value.std
                        ))
                        .with_help("a mean is a score in 0..=10 and a standard deviation is positive"),
                    );
                }
                let mean = if grouping.inverted.contains(&metric) {
                    10.0 - value.mean
                } else {
                    value.mean
                };
                metrics.insert(metric, MeanStd { mean, std: value.std });
            }
            if group.performance_std <= 0.0 || !group.performance_std.is_finite() {
                problems.push(
                    at(format!("performance_std is {}", group.performance_std))
                        .with_help("a standard deviation is positive"),
                );
            }
            let performance_mean = metrics.values().map(|m| m.mean).sum::<f64>() / METRICS.len() as f64;
            groups.push(BenchmarkGroup {
                id,
                name: group.name,
                metrics,
                performance_average: MeanStd {
                    mean: performance_mean,
                    std: group.performance_std,
                },
            });
        }
        if !groups.iter().any(|g| g.id == "all") {
            problems.push(
                Diagnostic::new(file, format!("[{key}] has no group `all`"))
                    .at(text, place(&format!("[{key}]")))
                    .with_help("`all` is the default group when maturity.toml names none"),
            );
        }
        groupings.push(Grouping {
            key,
            name: grouping.name,
            groups,
        });
    }
    Diagnostics(problems).into_result(Benchmarks {
        edition: raw.edition,
        source: raw.source,
        url: raw.url,
        licence: raw.licence,
        groupings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_group_has_every_metric() {
        let benchmarks = parse_benchmarks(BUILTIN_FILE, BUILTIN).expect("valid");
        let keys: Vec<&str> = benchmarks.groupings.iter().map(|g| g.key.as_str()).collect();
        assert_eq!(keys, ["industry", "size"]);
        for grouping in &benchmarks.groupings {
            assert!(grouping.group("all").is_some(), "{}", grouping.key);
            for group in &grouping.groups {
                let metrics: Vec<&str> = group.metrics.keys().map(String::as_str).collect();
                let mut expected = METRICS.to_vec();
                expected.sort_unstable();
                assert_eq!(metrics, expected, "{} {}", grouping.key, group.id);
            }
        }
    }

    /// Every group DORA's 2025 files publish (the industry file's "NA" left out, as the
    /// file's header says), so any answer of the Quick Check's survey has its benchmark.
    #[test]
    fn every_published_group_is_here() {
        let benchmarks = Benchmarks::builtin();
        let ids = |key: &str| -> Vec<&str> {
            let mut ids: Vec<&str> = benchmarks.grouping(key).expect(key).ids().collect();
            ids.sort_unstable();
            ids
        };
        assert_eq!(
            ids("industry"),
            [
                "all",
                "consumer",
                "education",
                "energy",
                "financial_services",
                "government",
                "healthcare_pharmaceuticals",
                "industrials_manufacturing",
                "insurance",
                "media_entertainment",
                "non_profit",
                "other",
                "technology",
                "telecommunications"
            ]
        );
        assert_eq!(
            ids("size"),
            [
                "all",
                "fewer_than_10",
                "fewer_than_100",
                "fewer_than_1000",
                "fewer_than_10000",
                "fewer_than_500",
                "fewer_than_5000",
                "more_than_9999",
                "solo"
            ]
        );
        // Published as a mean answer of 3.7 (1..=6) with deviation 1.1: recoded as an answer is.
        let finance = benchmarks
            .grouping("industry")
            .and_then(|g| g.group("financial_services"))
            .expect("group");
        assert!((finance.metrics["leadtime"].mean - 5.4).abs() < 1e-9);
        assert!((finance.metrics["leadtime"].std - 2.2).abs() < 1e-9);
        assert!((finance.metrics["changefailure"].mean - 8.0).abs() < 1e-9);
        // (5.4 + 5.8 + 7.6 + 8.0 + 7.9) / 5
        assert!((finance.performance_average.mean - 6.94).abs() < 1e-9);
    }

    #[test]
    fn published_instability_becomes_a_score() {
        let benchmarks = Benchmarks::builtin();
        let all = benchmarks
            .grouping("size")
            .and_then(|g| g.group("all"))
            .expect("group");
        // Published as 2.6 instability: the 7.4 the Quick Check shows.
        assert!((all.metrics["failurerecovery"].mean - 7.4).abs() < 1e-9);
        assert!((all.metrics["leadtime"].mean - 5.5).abs() < 1e-9);
        // (5.5 + 4.8 + 7.4 + 8.1 + 7.8) / 5
        assert!((all.performance_average.mean - 6.72).abs() < 1e-9);
        assert!((all.performance_average.std - 1.2).abs() < 1e-9);
        let tech = benchmarks
            .grouping("industry")
            .and_then(|g| g.group("technology"))
            .expect("group");
        assert!((tech.performance_average.mean - 6.611).abs() < 0.001);
    }

    #[test]
    fn bad_groups_are_named() {
        let head =
            "edition = 2025\nsource = \"s\"\nurl = \"u\"\nlicence = \"l\"\n[industry]\nname = \"industry\"\n";
        let full = "leadtime = { mean = 5.0, std = 2.0 }\ndeployfreq = { mean = 5.0, std = 2.0 }\nfailurerecovery = { mean = 5.0, std = 2.0 }\nchangefailure = { mean = 5.0, std = 2.0 }\n";
        let cases = [
            (
                format!("{head}[industry.groups.all]\nname = \"All\"\nperformance_std = 1.0\n{full}"),
                "[industry.groups.all]: has no `rework`",
            ),
            (
                format!(
                    "{head}[industry.groups.all]\nname = \"All\"\nperformance_std = 1.0\n{full}rework = {{ mean = 11.0, std = 1.0 }}\n"
                ),
                "`rework` has mean 11",
            ),
            (
                format!(
                    "{head}[industry.groups.all]\nname = \"All\"\nperformance_std = 0.0\n{full}rework = {{ mean = 1.0, std = 1.0 }}\n"
                ),
                "performance_std is 0",
            ),
            (
                format!(
                    "{head}[industry.groups.tech]\nname = \"T\"\nperformance_std = 1.0\n{full}rework = {{ mean = 1.0, std = 1.0 }}\n"
                ),
                "[industry] has no group `all`",
            ),
            (
                format!(
                    "{head}inverted = [\"speed\"]\n[industry.groups.all]\nname = \"All\"\nperformance_std = 1.0\n{full}rework = {{ mean = 1.0, std = 1.0 }}\n"
                ),
                "unknown metric `speed`",
            ),
            (
                format!(
                    "{head}[industry.groups.all]\nname = \"All\"\nperformance_std = 1.0\n{full}rework = {{ mean = 1.0 }}\n"
                ),
                "missing field `std`",
            ),
        ];
        for (text, expected) in cases {
            let error = parse_benchmarks("b.toml", &text).expect_err(expected).to_string();
            assert!(error.contains(expected), "{error}");
            assert!(error.contains("b.toml:"), "{error}");
        }
    }
}
