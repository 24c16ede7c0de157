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
mod tests {
    use super::*;

    fn assemble(config: &str, responses: &[&str]) -> Result<Assessment, Diagnostics> {
        Assessment::assemble(Sources {
            config: ConfigFile::parse("maturity.toml", config)?,
            model_files: Vec::new(),
            benchmark_files: Vec::new(),
            responses: responses
                .iter()
                .enumerate()
                .map(|(i, text)| (format!("responses/{i}.toml"), (*text).to_string()))
                .collect(),
        })
    }

    #[test]
    fn defaults_and_dates() {
        let a = assemble("subject = \"S\"\ndate = 2026-10-14\n", &["respondent = \"a\"\n"]).expect("valid");
        assert_eq!(a.config.models, DEFAULT_MODELS);
        assert_eq!(a.config.date.as_deref(), Some("2026-10-14"));
        assert!(a.benchmark.is_none());
        let a = assemble("subject = \"S\"\ndate = \"2026-01-02\"\nbenchmark = \"heavy-industry\"\nmodels = [\"testing\"]\n", &[]).expect("valid");
        assert_eq!(a.config.date.as_deref(), Some("2026-01-02"));
        assert_eq!(a.benchmark.map(|b| b.id), Some("heavy-industry".to_string()));
        let a = assemble(
            "subject = \"S\"\n[evidence]\nrepositories = [\"../api\"]\nscans = [\"s.json\"]\n[roadmap]\nphases = 4\ncapacity = 12\nproposal_files = [\"p.toml\"]\n[roadmap.targets]\ndevops = 60\n[roadmap.levels]\n\"testing.unit\" = 3\n",
            &[],
        )
        .expect("valid");
        assert_eq!(a.config.evidence.repositories, ["../api"]);
        assert_eq!(a.config.evidence.files("scans").collect::<Vec<_>>(), ["s.json"]);
        let r = &a.config.roadmap;
        assert_eq!(
            (r.phases, r.capacity, r.proposal_files.as_slice()),
            (Some(4), Some(12), &["p.toml".to_string()][..])
        );
        assert_eq!(r.targets.get("devops"), Some(&60.0));
        assert_eq!(r.levels.get("testing.unit"), Some(&3));
        let a = assemble(
            "subject = \"S\"\n[roadmap]\ninclude = [\"kanban-flow-metrics\"]\nexclude = [\"pair-programming\"]\ndone = [\"code-review\"]\nmax_step = 2\nproposals = 12\npeople = 3\nstart = 2027-01-04\nweeks = { M = [2, 4] }\n",
            &[],
        )
        .expect("valid");
        let r = &a.config.roadmap;
        assert_eq!(
            (r.include.as_slice(), r.exclude.as_slice(), r.done.as_slice()),
            (
                &["kanban-flow-metrics".to_string()][..],
                &["pair-programming".to_string()][..],
                &["code-review".to_string()][..]
            )
        );
        assert_eq!(
            (r.max_step, r.max_proposals, r.people),
            (Some(2), Some(12), Some(3))
        );
        assert_eq!(r.start.as_deref(), Some("2027-01-04"));
        assert_eq!(r.weeks.get("M"), Some(&[2, 4]));
        assert_eq!(r.proposal_lines.get("code-review"), Some(&5));
    }

    #[test]
    fn flow_stages_are_read_and_written_back_as_their_own_table() {
        let text = "subject = \"S\"\n[evidence]\nflow = [\"jira.csv\"]\n[flow]\nstarted = \"In Progress\"\ndone = \" Released \"\n";
        let a = assemble(text, &[]).expect("valid");
        let flow = &a.config.evidence.flow;
        assert_eq!(
            (flow.started.as_deref(), flow.done.as_deref()),
            (Some("In Progress"), Some("Released"))
        );
        let settings = crate::export::settings_toml(&a.config);
        assert!(
            settings.contains("[flow]\nstarted = \"In Progress\"\ndone = \"Released\""),
            "{settings}"
        );
        assert!(!settings.contains("[evidence]\nflow = {"), "{settings}");
        let again = assemble(&format!("subject = \"S\"\n{settings}"), &[]).expect("valid");
        assert_eq!(again.config.evidence, a.config.evidence);

        let err = assemble("subject = \"S\"\n[flow]\nstarted = \" \"\n", &[]).expect_err("empty stage");
        assert_eq!(err.0[0].line, Some(3));
        assert!(err.0[0].to_string().contains("[flow] started is empty"));
        let err = assemble("subject = \"S\"\n[flow]\nbegun = \"x\"\n", &[]).expect_err("unknown key");
        assert_eq!(err.0[0].line, Some(3));
    }

    #[test]
    fn bad_configs_name_the_line() {
        let cases = [
            (
                "subject = \"S\"\nmodels = [\"devops\", \"autmation\"]\n",
                2,
                "unknown model `autmation` (did you mean `automation`?)",
            ),
            (
                "subject = \"S\"\nmodels = [\"devops\", \"devops\"]\n",
                2,
                "listed twice",
            ),
            (
                "subject = \"S\"\nbenchmark = \"heavy\"\n",
                2,
                "unknown benchmark `heavy` (did you mean `heavy-industry`?)",
            ),
            (
                "subject = \"S\"\ndate = \"last week\"\n",
                2,
                "not a calendar date",
            ),
            (
                "subject = \"S\"\ndate = 2026-10-14T10:00:00\n",
                2,
                "not a calendar date",
            ),
            ("subject = \" \"\n", 1, "subject is empty"),
            (
                "subject = \"S\"\n[[observations]]\narea = \"devops.leadershp\"\ntext = \"x\"\n",
                3,
                "did you mean `devops.leadership`?",
            ),
            (
                "subject = \"S\"\nmodel = [\"devops\"]\n",
                2,
                "unknown field `model`",
            ),
            ("subject = \"S\"\nmodels = \"devops\"\n", 2, "invalid type"),
            (
                "subject = \"S\"\n[roadmap]\nlevel = 5\n",
                3,
                "target level 5 is outside 1..4",
            ),
            (
                "subject = \"S\"\n[roadmap]\nphases = 0\n",
                3,
                "roadmap phases must be at least 1, not 0",
            ),
            (
                "subject = \"S\"\n[roadmap.targets]\ndevop = 50\n",
                3,
                "unknown model `devop` (did you mean `devops`?)",
            ),
            (
                "subject = \"S\"\n[roadmap.targets]\ndevops = 150\n",
                3,
                "target score 150 is outside 0..100",
            ),
            (
                "subject = \"S\"\n[roadmap.levels]\n\"testing.unit\" = 5\n",
                3,
                "target level 5 is outside 1..4",
            ),
            (
                "subject = \"S\"\n[roadmap.levels]\n\"testing.units\" = 3\n",
                3,
                "did you mean `testing.unit`?",
            ),
            (
                "subject = \"S\"\n[evidence]\nrepositories = \".\"\n",
                3,
                "[evidence] repositories must be a list of paths",
            ),
            (
                "subject = \"S\"\n[evidence]\nscans = [\"a.json\", 3]\n",
                3,
                "[evidence] scans must be a list of paths",
            ),
            (
                "subject = \"S\"\n[evidence]\nrelease_tags = [\"v*\"]\n",
                3,
                "[evidence] release_tags must be a string",
            ),
            ("subject = \"S\"\nevidence = 3\n", 2, "invalid type"),
            (
                "subject = \"S\"\n[roadmap]\ninclude = [\"a\"]\ndone = [\"a\"]\n",
                4,
                "proposal `a` is listed in roadmap include and done",
            ),
            (
                "subject = \"S\"\n[roadmap]\nmax_step = 0\n",
                3,
                "roadmap max_step must be at least 1, not 0",
            ),
            (
                "subject = \"S\"\n[roadmap]\npeople = -2\n",
                3,
                "roadmap people must be at least 1, not -2",
            ),
            (
                "subject = \"S\"\n[roadmap]\nstart = \"next monday\"\n",
                3,
                "date is not a calendar date",
            ),
            (
                "subject = \"S\"\n[roadmap]\nweeks = { M = [6, 3] }\n",
                3,
                "roadmap weeks for M must be [min, max] with 1 <= min <= max",
            ),
            (
                "subject = \"S\"\n[roadmap]\nweeks = { XL = [6, 9] }\n",
                3,
                "roadmap weeks for unknown size `XL`",
            ),
            ("subject = \"S\"\n[roadmap]\ninclude = \"a\"\n", 3, "invalid type"),
        ];
        for (config, line, expected) in cases {
            let err = assemble(config, &[]).expect_err(config);
            assert_eq!(err.0[0].line, Some(line), "{config}: {err}");
            assert_eq!(err.0[0].file, "maturity.toml");
            assert!(err.to_string().contains(expected), "{config}: {err}");
        }
    }

    #[test]
    fn report_keys_background_and_kpis() {
        let a = assemble(
            "subject = \"S\"\nanonymous = true\n[background]\ntext = \" Why we asked. \"\ngoals = [\"faster releases\", \" \"]\n[[kpis]]\nname = \"Lead time\"\nbaseline = 20\ntarget = 5.5\nunit = \"days\"\nmetric = \"lead_time\"\n[[kpis]]\nname = \"Quality\"\n",
            &[],
        )
        .expect("valid");
        let r = &a.config.report;
        assert!(r.anonymous);
        assert_eq!(r.min_group(), DEFAULT_MIN_GROUP);
        assert_eq!(r.background.text.as_deref(), Some("Why we asked."));
        assert_eq!(r.background.goals, ["faster releases"]);
        assert_eq!(
            r.kpis,
            [
                Kpi {
                    name: "Lead time".into(),
                    baseline: Some(20.0),
                    target: Some(5.5),
                    unit: Some("days".into()),
                    metric: Some("lead_time".into()),
                },
                Kpi {
                    name: "Quality".into(),
                    baseline: None,
                    target: None,
                    unit: None,
                    metric: None,
                }
            ]
        );
        let named = assemble("subject = \"S\"\nmin_group = 5\n", &[]).expect("valid");
        assert_eq!(
            named.config.report.min_group(),
            1,
            "min_group only applies to anonymous reports"
        );
    }

    #[test]
    fn bad_kpis_and_report_keys_name_the_line() {
        let cases = [
            (
                "subject = \"S\"\n[[kpis]]\nname = \"L\"\ntagret = 3\n",
                4,
                "unknown kpi key `tagret` (did you mean `target`?)",
            ),
            (
                "subject = \"S\"\n[[kpis]]\nname = \"L\"\nmetric = \"lead-time\"\n",
                4,
                "unknown kpi metric `lead-time` (did you mean `lead_time`?)",
            ),
            (
                "subject = \"S\"\n[[kpis]]\nname = \"L\"\nmetric = \"happiness\"\n",
                4,
                "measured metrics: lead_time, change_failure_rate",
            ),
            (
                "subject = \"S\"\n[[kpis]]\nname = \"L\"\nbaseline = \"20 days\"\n",
                4,
                "kpi baseline must be a number",
            ),
            (
                "subject = \"S\"\n[[kpis]]\nname = \" \"\n",
                3,
                "kpi name must be a non-empty string",
            ),
            (
                "subject = \"S\"\n[[kpis]]\nunit = \"days\"\n",
                2,
                "kpi has no name",
            ),
            (
                "subject = \"S\"\nmin_group = 0\n",
                2,
                "min_group must be at least 1, not 0",
            ),
            ("subject = \"S\"\nanonymous = \"yes\"\n", 2, "invalid type"),
            (
                "subject = \"S\"\n[background]\ntxt = \"x\"\n",
                3,
                "unknown field `txt`",
            ),
        ];
        for (config, line, expected) in cases {
            let err = assemble(config, &[]).expect_err(config);
            assert_eq!(err.0[0].line, Some(line), "{config}: {err}");
            assert_eq!(err.0[0].file, "maturity.toml");
            assert!(err.to_string().contains(expected), "{config}: {err}");
        }
    }

    #[test]
    fn a_model_listed_many_times_is_one_problem() {
        for (id, expected) in [("devops", "listed twice"), ("nope", "unknown model `nope`")] {
            let list = vec![format!("\"{id}\""); 20_000].join(", ");
            let err =
                assemble(&format!("subject = \"S\"\nmodels = [\"devops\", {list}]\n"), &[]).expect_err(id);
            assert_eq!(err.0.len(), 1, "{id}: {err}");
            assert!(err.0[0].message.contains(expected), "{err}");
        }
    }

    #[test]
    fn duplicate_respondents_name_both_files() {
        let err = assemble(
            "subject = \"S\"\n",
            &["respondent = \"a\"\n", "role = \"x\"\nrespondent = \"a\"\n"],
        )
        .expect_err("duplicate");
        let d = &err.0[0];
        assert_eq!((d.file.as_str(), d.line), ("responses/1.toml", Some(2)));
        assert!(
            d.message.contains("already answered in responses/0.toml"),
            "{err}"
        );
    }

    #[test]
    fn problems_in_config_and_responses_are_reported_together() {
        let err = assemble(
            "subject = \"S\"\nmodels = [\"devops\", \"nope\"]\n",
            &[
                "respondent = \"a\"\n[answers]\n\"devops.leadership\" = 9\n",
                "respondent = \"b\"\n[answers]\n\"devops.x\" = 1\n",
            ],
        )
        .expect_err("three problems");
        let places: Vec<_> = err.iter().map(|d| (d.file.as_str(), d.line)).collect();
        assert_eq!(
            places,
            [
                ("maturity.toml", Some(2)),
                ("responses/0.toml", Some(3)),
                ("responses/1.toml", Some(3))
            ]
        );
    }
}
