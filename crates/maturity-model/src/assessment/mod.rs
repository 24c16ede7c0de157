//! An assessment: its `maturity.toml` (subject, models, benchmark, observations) and the
//! responses, checked against each other. Assembling is pure; `assessment_dir` does the reading.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::benchmark::{Benchmark, builtin_benchmarks, parse_benchmark};
use crate::diagnostic::{Diagnostic, Diagnostics, from_toml, nearest};
use crate::dora::{Benchmarks as DoraBenchmarks, DoraConfig, RawDoraConfig, check_dora_config};
use crate::model::Model;
use crate::model_set::ModelSet;
use crate::response::{Response, parse_response};

mod report;
mod roadmap;

pub use report::{Background, DEFAULT_MIN_GROUP, KPI_METRICS, Kpi, ReportConfig};
use report::{RawBackground, check_report};
use roadmap::{RawRoadmap, check_roadmap};
pub use roadmap::{RoadmapConfig, SourceLines};

/// The name of the file that describes an assessment.
pub const CONFIG_FILE: &str = "maturity.toml";
/// The folder that holds one response file per respondent.
pub const RESPONSES_DIR: &str = "responses";
/// Models used when `maturity.toml` names none.
pub const DEFAULT_MODELS: [&str; 3] = ["devops", "automation", "testing"];

/// A parsed but not yet checked `maturity.toml`: spans are kept so later checks can point
/// at the line.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    subject: Spanned<String>,
    date: Option<Spanned<toml::Value>>,
    assessor: Option<String>,
    models: Option<Vec<Spanned<String>>>,
    benchmark: Option<Spanned<String>>,
    #[serde(default)]
    model_files: Vec<Spanned<String>>,
    #[serde(default)]
    benchmark_files: Vec<Spanned<String>>,
    #[serde(default)]
    observations: Vec<RawObservation>,
    #[serde(default)]
    evidence: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    #[serde(default)]
    roadmap: RawRoadmap,
    #[serde(default)]
    flow: RawFlow,
    /// `[dora]`: the DORA Quick Check's benchmark groups (`crate::dora::config`).
    #[serde(default)]
    dora: RawDoraConfig,
    /// `[tests.kinds]`, the team's words for kinds of test: `maturity-tests` reads it
    /// (`maturity tests --config maturity.toml`); it is accepted here so the file may hold it.
    #[serde(default, rename = "tests")]
    _tests: Option<toml::Table>,
    /// `[metrics]`, environments' roles and a monorepo's services: `maturity-git` reads it
    /// (`maturity metrics --config maturity.toml`).
    #[serde(default, rename = "metrics")]
    _metrics: Option<toml::Table>,
    anonymous: Option<bool>,
    min_group: Option<Spanned<i64>>,
    background: Option<RawBackground>,
    /// Kept as loose tables so an unknown key can be answered with the nearest valid one.
    #[serde(default)]
    kpis: Vec<Spanned<BTreeMap<Spanned<String>, Spanned<toml::Value>>>>,
    #[serde(skip)]
    file: String,
    #[serde(skip)]
    text: String,
}

/// Where an assessment's evidence comes from: the `[evidence]` table. Paths are relative to the
/// assessment directory. Reading them is an edge's job: this crate only carries the names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EvidenceConfig {
    /// Repositories every evidence source reads (scanned, measured) when a report is made.
    pub repositories: Vec<String>,
    /// Saved results, under the `[evidence]` key of the source that reads them (`scans`,
    /// `metrics`, …), in file order. Which keys exist is the evidence-source registry's to say
    /// (crate `maturity-sources`), so a new source needs no change here.
    pub saved: Vec<SavedEvidence>,
    /// The release-tag pattern for the repositories' delivery metrics (see docs/metrics.md).
    pub release_tags: Option<String>,
    /// The `[flow]` table: which stages of work-item exports mean started and done. It is a
    /// table of its own in `maturity.toml` (`settings_toml` writes it there), carried here
    /// because the sources that read saved work items need it.
    pub flow: FlowConfig,
}

/// Which workflow stage of work-item exports counts as started, and which as done, where the
/// defaults do not fit (docs/flow.md): the `[flow]` table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FlowConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub done: Option<String>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFlow {
    started: Option<Spanned<String>>,
    done: Option<Spanned<String>>,
}

impl EvidenceConfig {
    /// The saved files listed under `key`.
    pub fn files(&self, key: &str) -> impl Iterator<Item = &str> {
        self.saved
            .iter()
            .filter(move |s| s.key == key)
            .flat_map(|s| s.files.iter().map(String::as_str))
    }
}

/// One `key = ["file", …]` line of `[evidence]` naming saved results.
#[derive(Debug, Clone, Eq)]
pub struct SavedEvidence {
    pub key: String,
    pub files: Vec<String>,
    /// The 1-based line of the key in `maturity.toml`, for messages about it.
    pub line: Option<usize>,
}

/// Where a key was written is not part of what it says: an exported and re-read assessment
/// equals the original.
impl PartialEq for SavedEvidence {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key && self.files == other.files
    }
}

/// Written back as the table it was read from: repositories, saved results, release tags.
impl Serialize for EvidenceConfig {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        if !self.repositories.is_empty() {
            map.serialize_entry("repositories", &self.repositories)?;
        }
        for saved in &self.saved {
            map.serialize_entry(&saved.key, &saved.files)?;
        }
        if let Some(pattern) = &self.release_tags {
            map.serialize_entry("release_tags", pattern)?;
        }
        // `flow` is the `[flow]` table, written beside this one.
        map.end()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawObservation {
    area: Spanned<String>,
    text: Spanned<String>,
}

impl ConfigFile {
    pub fn parse(file: &str, text: &str) -> Result<Self, Diagnostics> {
        let mut config: ConfigFile =
            toml::from_str(text).map_err(|e| Diagnostics::one(from_toml(file, text, &e)))?;
        config.file = file.to_string();
        config.text = text.to_string();
        Ok(config)
    }

    /// Extra model files, relative to the assessment directory.
    pub fn model_files(&self) -> impl Iterator<Item = &str> {
        self.model_files.iter().map(|f| f.get_ref().as_str())
    }

    /// Extra proposal catalogs, relative to the assessment directory.
    pub fn proposal_files(&self) -> impl Iterator<Item = &str> {
        self.roadmap.proposal_files.iter().map(String::as_str)
    }

    /// Extra benchmark files, relative to the assessment directory.
    pub fn benchmark_files(&self) -> impl Iterator<Item = &str> {
        self.benchmark_files.iter().map(|f| f.get_ref().as_str())
    }

    /// The `[evidence]` table, checked for shape as `Assessment::assemble` checks it; for an
    /// edge that needs the saved files' names before assembling (an import).
    pub fn evidence(&self) -> Result<EvidenceConfig, Diagnostics> {
        let mut problems = Vec::new();
        let evidence = check_evidence(self, &mut problems);
        Diagnostics(problems).into_result(evidence)
    }

    /// The 1-based line of a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        self.text
            .get(..offset)
            .map_or(1, |before| before.matches('\n').count() + 1)
    }

    fn at(&self, message: impl Into<String>, offset: usize) -> Diagnostic {
        Diagnostic::new(&self.file, message).at(&self.text, offset)
    }
}

/// Everything an assessment is read from, already in memory: `(file name, text)` pairs.
pub struct Sources {
    pub config: ConfigFile,
    pub model_files: Vec<(String, String)>,
    pub benchmark_files: Vec<(String, String)>,
    pub responses: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssessmentConfig {
    pub subject: String,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    pub assessor: Option<String>,
    pub models: Vec<String>,
    pub benchmark: Option<String>,
    pub observations: Vec<Observation>,
    pub evidence: EvidenceConfig,
    pub roadmap: RoadmapConfig,
    pub report: ReportConfig,
    /// The DORA Quick Check's benchmark groups (`[dora]`).
    pub dora: DoraConfig,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Observation {
    /// Qualified area id, `<model>.<area>`.
    pub area: String,
    pub text: String,
}

/// A checked assessment: every answer refers to a criterion of one of `models`.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub config: AssessmentConfig,
    /// The assessment's models, in the order `maturity.toml` lists them.
    pub models: Vec<Model>,
    pub benchmark: Option<Benchmark>,
    pub responses: Vec<Response>,
}

impl Assessment {
    /// Checks the sources against each other and returns the assessment, or every problem
    /// found in any of the files.
    pub fn assemble(sources: Sources) -> Result<Self, Diagnostics> {
        let Sources {
            config,
            model_files,
            benchmark_files,
            responses,
        } = sources;
        let mut problems = Vec::new();

        let mut known = ModelSet::builtin();
        for (file, text) in &model_files {
            if let Err(e) = known.add_file(file, text) {
                problems.extend(e.0);
            }
        }
        let mut benchmarks = builtin_benchmarks(&known);
        for (file, text) in &benchmark_files {
            match parse_benchmark(file, text, &known) {
                Ok(b) => benchmarks.push(b),
                Err(e) => problems.extend(e.0),
            }
        }

        if config.subject.get_ref().trim().is_empty() {
            problems.push(
                config
                    .at("subject is empty", config.subject.span().start)
                    .with_help("name the team or product assessed"),
            );
        }
        let date = config
            .date
            .as_ref()
            .and_then(|date| calendar_date(&config, date, &mut problems));

        let model_ids: Vec<Spanned<String>> = config.models.clone().unwrap_or_else(|| {
            DEFAULT_MODELS
                .iter()
                .map(|id| Spanned::new(0..0, (*id).to_string()))
                .collect()
        });
        if model_ids.is_empty() {
            problems.push(
                config
                    .at("models is empty", 0)
                    .with_help("list at least one model, e.g. models = [\"devops\"]"),
            );
        }
        let mut models: Vec<Model> = Vec::new();
        // Each wrong id is reported once, however often it is listed: a diagnostic costs a
        // scan of the text for its line, so one per repeat would make a long list quadratic.
        let mut reported: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for id in &model_ids {
            let listed = models.iter().any(|m| &m.id == id.get_ref());
            match known.get(id.get_ref()) {
                Some(model) if !listed => models.push(model.clone()),
                _ if !reported.insert(id.get_ref()) => {}
                Some(_) => problems.push(
                    config
                        .at(
                            format!("model `{}` is listed twice", id.get_ref()),
                            id.span().start,
                        )
                        .with_help("list each model once"),
                ),
                None => {
                    let mut d = config.at(format!("unknown model `{}`", id.get_ref()), id.span().start);
                    d = match known.nearest_model(id.get_ref()) {
                        Some(near) => d.with_help(format!("did you mean `{near}`?")),
                        None => d.with_help(format!(
                            "known models: {}; add your own with model_files",
                            known.ids().collect::<Vec<_>>().join(", ")
                        )),
                    };
                    problems.push(d);
                }
            }
        }

        let benchmark = config.benchmark.as_ref().and_then(|wanted| {
            let found = benchmarks.iter().find(|b| &b.id == wanted.get_ref()).cloned();
            if found.is_none() {
                let mut d = config.at(
                    format!("unknown benchmark `{}`", wanted.get_ref()),
                    wanted.span().start,
                );
                d = match nearest(wanted.get_ref(), benchmarks.iter().map(|b| b.id.as_str())) {
                    Some(near) => d.with_help(format!("did you mean `{near}`?")),
                    None => d.with_help(format!(
                        "known benchmarks: {}; add your own with benchmark_files",
                        benchmarks
                            .iter()
                            .map(|b| b.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                };
                problems.push(d);
            }
            found
        });

        let mut observations = Vec::new();
        for raw in &config.observations {
            let area = raw.area.get_ref();
            if !models.iter().any(|m| m.area(area).is_some()) {
                let valid = models.iter().flat_map(|m| m.areas.iter().map(|a| a.id.as_str()));
                let mut d = config.at(
                    format!("observation about unknown area `{area}`"),
                    raw.area.span().start,
                );
                if let Some(near) = nearest(area, valid) {
                    d = d.with_help(format!("did you mean `{near}`? areas are written <model>.<area>"));
                } else {
                    d = d.with_help("areas are written <model>.<area>, e.g. devops.builds-ci");
                }
                problems.push(d);
            }
            if raw.text.get_ref().trim().is_empty() {
                problems.push(config.at("observation text is empty", raw.text.span().start));
            }
            observations.push(Observation {
                area: area.clone(),
                text: raw.text.get_ref().trim().to_string(),
            });
        }

        let roadmap = check_roadmap(&config, &models, &mut problems);
        let report = check_report(&config, &mut problems);
        let evidence = check_evidence(&config, &mut problems);
        let dora = check_dora_config(
            &config.file,
            &config.text,
            &config.dora,
            DoraBenchmarks::builtin(),
            &mut problems,
        );
        let parsed = parse_responses(&responses, &models, &known);
        let responses = match parsed {
            Ok(responses) => responses,
            Err(e) => {
                problems.extend(e.0);
                Vec::new()
            }
        };

        Diagnostics(problems).into_result(Assessment {
            config: AssessmentConfig {
                subject: config.subject.get_ref().trim().to_string(),
                date,
                assessor: config.assessor.clone(),
                models: models.iter().map(|m| m.id.clone()).collect(),
                benchmark: benchmark.as_ref().map(|b| b.id.clone()),
                observations,
                evidence,
                roadmap,
                report,
                dora,
            },
            models,
            benchmark,
            responses,
        })
    }
}

/// Checks `[evidence]`'s shape: `repositories` and every other key are lists of paths,
/// `release_tags` a pattern. Whether a key names a known source is checked where the sources
/// are known (`maturity-sources`).
fn check_evidence(config: &ConfigFile, problems: &mut Vec<Diagnostic>) -> EvidenceConfig {
    let mut entries: Vec<_> = config.evidence.iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    let mut evidence = EvidenceConfig {
        flow: check_flow(config, problems),
        ..EvidenceConfig::default()
    };
    for (key, value) in entries {
        let offset = key.span().start;
        if key.get_ref() == "release_tags" {
            match value.get_ref() {
                toml::Value::String(pattern) => evidence.release_tags = Some(pattern.clone()),
                _ => problems.push(
                    config
                        .at("[evidence] release_tags must be a string", value.span().start)
                        .with_help("e.g. release_tags = \"glob:v*\""),
                ),
            }
            continue;
        }
        let files = value.get_ref().as_array().and_then(|items| {
            items
                .iter()
                .map(|item| item.as_str().map(str::to_string))
                .collect::<Option<Vec<String>>>()
        });
        let Some(files) = files else {
            problems.push(
                config
                    .at(
                        format!("[evidence] {} must be a list of paths", key.get_ref()),
                        value.span().start,
                    )
                    .with_help(format!("e.g. {} = [\"evidence/api.json\"]", key.get_ref())),
            );
            continue;
        };
        if key.get_ref() == "repositories" {
            evidence.repositories = files;
        } else {
            evidence.saved.push(SavedEvidence {
                key: key.get_ref().clone(),
                files,
                line: Some(crate::diagnostic::line_column(&config.text, offset).0),
            });
        }
    }
    evidence
}

/// Checks `[flow]`: each stage named is a non-empty name.
fn check_flow(config: &ConfigFile, problems: &mut Vec<Diagnostic>) -> FlowConfig {
    let mut name = |value: &Option<Spanned<String>>, key: &str| {
        let value = value.as_ref()?;
        let text = value.get_ref().trim();
        if text.is_empty() {
            problems.push(
                config
                    .at(format!("[flow] {key} is empty"), value.span().start)
                    .with_help(format!("name the workflow stage, e.g. {key} = \"In Progress\"")),
            );
            return None;
        }
        Some(text.to_string())
    };
    FlowConfig {
        started: name(&config.flow.started, "started"),
        done: name(&config.flow.done, "done"),
    }
}
fn calendar_date(
    config: &ConfigFile,
    date: &Spanned<toml::Value>,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    let parsed = match date.get_ref() {
        toml::Value::Datetime(d) => Some(*d),
        toml::Value::String(s) => s.parse::<toml::value::Datetime>().ok(),
        _ => None,
    };
    let found = parsed
        .filter(|d| d.date.is_some() && d.time.is_none())
        .map(|d| d.to_string());
    if found.is_none() {
        problems.push(
            config
                .at("date is not a calendar date", date.span().start)
                .with_help("write it as 2026-10-14"),
        );
    }
    found
}

/// Parses every response, then checks that no respondent appears twice.
fn parse_responses(
    sources: &[(String, String)],
    models: &[Model],
    known: &ModelSet,
) -> Result<Vec<Response>, Diagnostics> {
    let models: Vec<&Model> = models.iter().collect();
    let mut problems = Vec::new();
    let mut responses: Vec<Response> = Vec::new();
    // Respondent → index of their first response: one look-up per file, however many files.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (file, text) in sources {
        match parse_response(file, text, &models, known) {
            Ok(response) => {
                if let Some(first) = seen.get(&response.respondent).map(|&i| &responses[i]) {
                    let offset = text.find("respondent").unwrap_or(0);
                    problems.push(
                        Diagnostic::new(
                            file,
                            format!(
                                "respondent `{}` already answered in {}",
                                response.respondent, first.file
                            ),
                        )
                        .at(text, offset)
                        .with_help("give each respondent one file and a distinct name"),
                    );
                } else {
                    seen.insert(response.respondent.clone(), responses.len());
                    responses.push(response);
                }
            }
            Err(e) => problems.extend(e.0),
        }
    }
    Diagnostics(problems).into_result(responses)
}

#[cfg(test)]
mod tests;
