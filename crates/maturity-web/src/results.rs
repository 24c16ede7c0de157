//! From stored records to the same `Assessment`, scores and report the CLI makes.
//!
//! A stored assessment is turned into the files `maturity report` would read (through
//! `maturity_model::export`) and assembled by the same code, so the web app scores and renders
//! exactly what the CLI would for the exported directory. Results are cached per assessment
//! and revision: the store bumps the revision on every change, so a cached result is never
//! stale, and several servers over one database stay consistent without talking to each other.
//!
//! Evidence pushed by CI or uploaded is part of the export, as files under `evidence/` named
//! in the `[evidence]` table under their source's key, and is read through the same
//! evidence-source registry (`maturity_sources::SOURCES`) as `maturity report` reads saved
//! results, so the same holds with evidence.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use maturity_assess::PlanConfig;
use maturity_model::Catalog;
use maturity_model::assessment::{AssessmentConfig, ConfigFile, Sources};
use maturity_model::export::{ExportFile, FileRole, config_toml_with, export_files};
use maturity_model::{Answer, Assessment, Diagnostics, Model, ModelSet, Observation, Response};
use maturity_report::{Format, Gathered, Inputs, Report, prepare, render};
use maturity_sources::{Evidence, SOURCES, Source};
use maturity_store::{
    AssessmentRecord, EvidenceRecord, FileKind, IMPORTED_EVIDENCE, Id, RespondentRecord, SourceFile, Store,
};

use crate::error::AppError;
use crate::portfolio::Card;

/// Everything shown about one revision of an assessment.
pub struct Computed {
    pub revision: i64,
    /// The newest of the subject's stored delivery events when computed: a push of events
    /// changes the results without changing the assessment's revision.
    events_mark: Option<Id>,
    pub record: AssessmentRecord,
    pub evidence: Vec<EvidenceRecord>,
    /// The assessment and its results, or why the stored data does not assemble (a custom
    /// model file that no longer parses, say).
    pub results: Result<Results, String>,
    /// Page fragments rendered once per revision (see `pages`).
    pub fragments: OnceLock<String>,
}

pub struct Results {
    pub assessment: Assessment,
    pub report: Report,
    downloads: [OnceLock<String>; 3],
}

impl Results {
    /// The report in `format`, rendered once per revision by the CLI's renderer.
    pub fn download(&self, format: Format) -> Result<&str, AppError> {
        let slot = match format {
            Format::Markdown => &self.downloads[0],
            Format::Html => &self.downloads[1],
            Format::Json => &self.downloads[2],
        };
        if let Some(text) = slot.get() {
            return Ok(text);
        }
        let text = render(&self.report, format)?;
        Ok(slot.get_or_init(|| text))
    }
}

/// Whether a respondent's answers belong in the results: imported ones always, invited ones
/// once they saved something.
pub fn counts(respondent: &RespondentRecord) -> bool {
    respondent.answered_at.is_some()
}

/// The files of the assessment directory this record exports to.
pub fn files(record: &AssessmentRecord, evidence: &[Usable]) -> Vec<ExportFile> {
    let s = &record.summary;
    let config = AssessmentConfig {
        subject: s.subject.clone(),
        date: s.date.clone(),
        assessor: s.assessor.clone(),
        models: s.models.clone(),
        benchmark: s.benchmark.clone(),
        observations: record
            .observations
            .iter()
            .map(|o| Observation {
                area: o.area.clone(),
                text: o.text.clone(),
            })
            .collect(),
        evidence: Default::default(),
        roadmap: Default::default(),
        report: Default::default(),
        dora: Default::default(),
    };
    let extra = extra_files(&record.files);
    let responses: Vec<Response> = record
        .respondents
        .iter()
        .filter(|r| counts(r))
        .map(|r| Response {
            file: String::new(),
            respondent: r.name.clone(),
            role: r.role.clone(),
            site: r.site.clone(),
            dora: r.dora.clone(),
            answers: r
                .answers
                .iter()
                .filter(|a| a.level.is_some() || a.comment.is_some())
                .map(|a| Answer {
                    criterion: a.criterion.clone(),
                    level: a.level,
                    comment: a.comment.clone(),
                })
                .collect(),
        })
        .collect();
    let mut files = export_files(&config, &extra, &responses);
    // The report's keys and the [evidence] and [roadmap] tables come back as they were
    // imported, with the stored evidence added to [evidence].
    if let Some(config_file) = files.first_mut() {
        let names = |role| -> Vec<&str> {
            extra
                .iter()
                .filter(|(r, _)| *r == role)
                .map(|(_, f)| f.path.as_str())
                .collect()
        };
        config_file.text = config_toml_with(
            &config,
            &names(FileRole::Model),
            &names(FileRole::Benchmark),
            &settings_with(&record.settings, evidence),
        );
    }
    files.extend(evidence.iter().map(|e| ExportFile {
        path: e.path.clone(),
        text: e.body.clone(),
    }));
    files
}

/// Stored model and benchmark files as the export names them.
pub fn extra_files(files: &[SourceFile]) -> Vec<(FileRole, ExportFile)> {
    files
        .iter()
        .map(|f| {
            let role = match f.kind {
                FileKind::Model => FileRole::Model,
                FileKind::Benchmark => FileRole::Benchmark,
            };
            (
                role,
                ExportFile {
                    path: f.name.clone(),
                    text: f.text.clone(),
                },
            )
        })
        .collect()
}

/// Stored evidence a report can use, with the path it has in an export.
pub struct Usable {
    pub path: String,
    pub body: String,
    source: &'static dyn Source,
    evidence: Evidence,
}

/// The stored evidence that parses as its source reads it, in the order the CLI reads an
/// `[evidence]` table: source by source, each oldest first, with the paths the export gives
/// them (`maturity_sources::export_paths`). Anything else stays listed on the page but is not
/// scored.
pub fn usable(evidence: &[EvidenceRecord], settings: &str) -> Vec<Usable> {
    let config = evidence_settings(settings);
    let parsed: Vec<(
        &'static dyn Source,
        &EvidenceRecord,
        Box<dyn maturity_sources::Reading>,
    )> = SOURCES
        .iter()
        .flat_map(|source| {
            evidence
                .iter()
                .filter(|record| record.kind == source.kind())
                .filter_map(|record| Some((*source, record, source.parse_with(&record.body, &config).ok()?)))
        })
        .collect();
    let paths = maturity_sources::export_paths(parsed.iter().map(|(source, record, _)| {
        (
            source.kind(),
            record.name.as_str(),
            record.source == IMPORTED_EVIDENCE,
        )
    }));
    parsed
        .into_iter()
        .zip(paths)
        .map(|((source, record, reading), path)| Usable {
            evidence: Evidence {
                label: format!("{} {path}", source.saved_label()),
                reading,
            },
            path,
            body: record.body.clone(),
            source,
        })
        .collect()
}

/// The settings sources read stored evidence with (`[flow]` stages), from the stored settings
/// text; the defaults where it does not parse (it was checked when it was stored).
fn evidence_settings(settings: &str) -> maturity_model::assessment::EvidenceConfig {
    ConfigFile::parse(
        maturity_model::assessment::CONFIG_FILE,
        &format!("subject = \"-\"\n{settings}"),
    )
    .and_then(|c| c.evidence())
    .unwrap_or_default()
}

/// The imported `[evidence]`/`[roadmap]` text with the stored evidence's files listed in
/// `[evidence]` under their sources' keys. Only stored evidence is listed: an assessment stored
/// before imports kept their evidence files may still name files the store never had.
fn settings_with(settings: &str, evidence: &[Usable]) -> String {
    let mut table: toml::Table = settings.parse().unwrap_or_default();
    if let Some(toml::Value::Table(section)) = table.get_mut("evidence") {
        for source in SOURCES {
            section.remove(source.key());
        }
    }
    for e in evidence {
        let section = table
            .entry("evidence")
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        if let toml::Value::Table(section) = section
            && let toml::Value::Array(paths) = section
                .entry(e.source.key())
                .or_insert_with(|| toml::Value::Array(Vec::new()))
        {
            paths.push(toml::Value::String(e.path.clone()));
        }
    }
    if table
        .get("evidence")
        .is_some_and(|e| e.as_table().is_some_and(toml::Table::is_empty))
    {
        table.remove("evidence");
    }
    if table.is_empty() {
        return String::new();
    }
    format!("\n{table}")
}

/// Assembles the assessment from its exported files, as `maturity report DIR` would read them.
pub fn assemble(record: &AssessmentRecord, evidence: &[Usable]) -> Result<Assessment, Diagnostics> {
    let files = files(record, evidence);
    let mut config = None;
    let mut responses = Vec::new();
    for file in &files {
        if file.path == maturity_model::assessment::CONFIG_FILE {
            config = Some(ConfigFile::parse(&file.path, &file.text)?);
        } else if file.path.starts_with("responses/") {
            responses.push((file.path.clone(), file.text.clone()));
        }
    }
    // The CLI reads response files sorted by path.
    responses.sort();
    let of_kind = |kind| {
        record
            .files
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| (f.name.clone(), f.text.clone()))
            .collect()
    };
    let config = config
        .ok_or_else(|| Diagnostics::one(maturity_model::Diagnostic::new("maturity.toml", "missing")))?;
    Assessment::assemble(Sources {
        config,
        model_files: of_kind(FileKind::Model),
        benchmark_files: of_kind(FileKind::Benchmark),
        responses,
    })
}

/// Scores, plans and builds the report through the pipeline `maturity report` uses, with the
/// stored evidence read as `maturity report` reads saved scans and metrics.
pub fn compute(assessment: Assessment, evidence: &[Usable]) -> Results {
    let mut gathered = Gathered::default();
    for e in evidence {
        e.evidence.add_to(&mut gathered);
    }
    let catalog = Catalog::builtin();
    let report = prepare(
        &assessment,
        &Inputs {
            evidence: &gathered,
            catalog: &catalog,
            plan: PlanConfig::from_roadmap(&assessment.config.roadmap),
        },
    );
    Results {
        assessment,
        report,
        downloads: Default::default(),
    }
}

/// The models an assessment uses: built-in ones and those of its own model files.
pub fn models_of(record: &AssessmentRecord) -> Result<Vec<Model>, String> {
    let mut set = ModelSet::builtin();
    for file in record.files.iter().filter(|f| f.kind == FileKind::Model) {
        set.add_file(&file.name, &file.text).map_err(|e| e.to_string())?;
    }
    record
        .summary
        .models
        .iter()
        .map(|id| {
            set.get(id)
                .cloned()
                .ok_or_else(|| format!("unknown model `{id}`"))
        })
        .collect()
}

/// The most stored delivery events a report measures: the newest ones.
const MAX_STORED_EVENTS: i64 = 100_000;

/// The name the subject's stored delivery events are listed and exported under.
pub const STORED_EVENTS: &str = "events pushed to the server";

/// The subject's stored delivery events (pushed CDEvents, deployment entries and DevLake
/// deployments) as one piece of evidence of the `events` source, oldest first, one a line:
/// every assessment of the subject reads them, and its export holds them as a file, so the
/// CLI's report of the export measures them as the web does.
fn stored_events(
    record: &AssessmentRecord,
    id: Id,
    mut events: Vec<maturity_store::Deployment>,
) -> Option<EvidenceRecord> {
    let created_at = events.first()?.created_at;
    events.reverse();
    let body: String = events.iter().map(|d| format!("{}\n", d.body)).collect();
    Some(EvidenceRecord {
        id: 0,
        subject: record.summary.subject.clone(),
        assessment: Some(id),
        kind: maturity_sources::EVENTS_KIND.to_string(),
        name: STORED_EVENTS.to_string(),
        source: "api".to_string(),
        body,
        created_at,
    })
}

/// Keeps each delivery event counted once when an export of this server is imported into it
/// again: the export holds the subject's stored events as a file, and the subject still has
/// them. An imported events file whose every line is a stored event is left out (the stored
/// events carry it, and the events pushed since); the stored events that another imported
/// file holds are left out of the stored ones. Returns the stored events still to count.
fn count_events_once(
    evidence: &mut Vec<EvidenceRecord>,
    mut events: Vec<maturity_store::Deployment>,
) -> Vec<maturity_store::Deployment> {
    let imported = |e: &EvidenceRecord| {
        e.kind == maturity_sources::EVENTS_KIND && e.source == maturity_store::IMPORTED_EVIDENCE
    };
    if events.is_empty() || !evidence.iter().any(imported) {
        return events;
    }
    let lines = |body: &str| -> Vec<String> {
        body.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut stored: HashMap<String, usize> = HashMap::new();
    for event in &events {
        *stored.entry(event.body.trim().to_string()).or_default() += 1;
    }
    let mut taken: HashMap<String, usize> = HashMap::new();
    evidence.retain(|e| {
        if !imported(e) {
            return true;
        }
        let lines = lines(&e.body);
        let mut left = stored.clone();
        let all_stored = lines
            .iter()
            .all(|l| left.get_mut(l).filter(|n| **n > 0).map(|n| *n -= 1).is_some());
        if !all_stored {
            for line in lines {
                *taken.entry(line).or_default() += 1;
            }
        }
        !all_stored
    });
    events.retain(
        |event| match taken.get_mut(event.body.trim()).filter(|n| **n > 0) {
            Some(n) => {
                *n -= 1;
                false
            }
            None => true,
        },
    );
    events
}

/// Results per assessment, valid while the assessment's revision and the subject's newest
/// stored event are unchanged, the portfolio's cards of them, and the models of each
/// assessment, which never change once it is created.
#[derive(Default)]
pub struct Cache {
    entries: Mutex<HashMap<Id, Arc<Computed>>>,
    cards: Mutex<HashMap<Id, CachedCard>>,
    models: Mutex<HashMap<Id, Arc<Vec<Model>>>>,
}

/// A card and the revision and newest stored event it is of; no card when that revision does
/// not assemble.
type CachedCard = ((i64, Option<Id>), Option<Arc<Card>>);

/// Cached assessments beyond this many are dropped (all at once: simple, and rare).
const CACHE_LIMIT: usize = 256;

/// Cards are small (scores and names), so the cache keeps every subject's latest two of a
/// large portfolio; beyond this many they are dropped all at once.
const CARD_LIMIT: usize = 20_000;

impl Cache {
    /// The results of the assessment's current revision; `NotFound` when it does not exist.
    pub async fn get(&self, store: &dyn Store, id: Id) -> Result<Arc<Computed>, AppError> {
        let revision = store.revision(id).await?.ok_or(AppError::NotFound)?;
        if let Some(hit) = self.lookup(id).filter(|c| c.revision == revision) {
            let newest = store.deployments(&hit.record.summary.subject, 1).await?;
            if newest.first().map(|d| d.id) == hit.events_mark {
                return Ok(hit);
            }
        }
        let computed = Arc::new(load(store, id).await?);
        let revision = computed.revision;
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= CACHE_LIMIT {
                entries.clear();
            }
            let newer = entries.get(&id).is_some_and(|c| c.revision > revision);
            if !newer {
                entries.insert(id, computed.clone());
            }
        }
        Ok(computed)
    }

    /// The portfolio's card of the assessment at `revision` with the subject's stored events
    /// up to `events` (the caller read both for all subjects at once, so no query asks again);
    /// `None` when the assessment does not assemble or is gone. A miss scores the assessment without keeping its results: a
    /// portfolio's hundreds of assessments would push the pages people look at out of the
    /// results cache.
    pub async fn card(
        &self,
        store: &dyn Store,
        id: Id,
        revision: i64,
        events: Option<Id>,
    ) -> Result<Option<Arc<Card>>, AppError> {
        let cached = self.cards.lock().ok().and_then(|c| c.get(&id).cloned());
        if let Some((_, card)) = cached.filter(|(of, _)| *of == (revision, events)) {
            return Ok(card);
        }
        let current = |c: &Arc<Computed>| c.revision == revision && c.events_mark == events;
        let computed = match self.lookup(id).filter(current) {
            Some(hit) => hit,
            None => match load(store, id).await {
                Ok(computed) => Arc::new(computed),
                Err(AppError::NotFound) => return Ok(None),
                Err(e) => return Err(e),
            },
        };
        let card = computed
            .results
            .as_ref()
            .ok()
            .map(|r| Arc::new(Card::of(&r.report)));
        if let Ok(mut cards) = self.cards.lock() {
            if cards.len() >= CARD_LIMIT {
                cards.clear();
            }
            let newer = cards.get(&id).is_some_and(|((r, _), _)| *r > computed.revision);
            if !newer {
                cards.insert(id, ((computed.revision, computed.events_mark), card.clone()));
            }
        }
        Ok(card)
    }

    /// The models of an assessment, for the survey: cheap to ask for on every answer.
    pub async fn models(&self, store: &dyn Store, id: Id) -> Result<Arc<Vec<Model>>, AppError> {
        if let Some(hit) = self.models.lock().ok().and_then(|m| m.get(&id).cloned()) {
            return Ok(hit);
        }
        let record = store.assessment(id).await?.ok_or(AppError::NotFound)?;
        let models = Arc::new(models_of(&record).map_err(AppError::Internal)?);
        if let Ok(mut cached) = self.models.lock() {
            if cached.len() >= CACHE_LIMIT {
                cached.clear();
            }
            cached.insert(id, models.clone());
        }
        Ok(models)
    }

    fn lookup(&self, id: Id) -> Option<Arc<Computed>> {
        self.entries.lock().ok()?.get(&id).cloned()
    }
}

/// Reads the assessment's current revision and its subject's stored events from the store,
/// and scores them.
async fn load(store: &dyn Store, id: Id) -> Result<Computed, AppError> {
    let record = store.assessment(id).await?.ok_or(AppError::NotFound)?;
    let mut evidence = store.evidence_for(&record.summary.subject, id).await?;
    let events = store
        .deployments(&record.summary.subject, MAX_STORED_EVENTS)
        .await?;
    let events_mark = events.first().map(|d| d.id);
    let events = count_events_once(&mut evidence, events);
    evidence.extend(stored_events(&record, id, events));
    let usable = usable(&evidence, &record.settings);
    let results = assemble(&record, &usable)
        .map(|assessment| compute(assessment, &usable))
        .map_err(|e| e.to_string());
    Ok(Computed {
        revision: record.summary.revision,
        events_mark,
        record,
        evidence,
        results,
        fragments: OnceLock::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(bodies: &[&str]) -> Vec<maturity_store::Deployment> {
        bodies
            .iter()
            .enumerate()
            .map(|(i, body)| maturity_store::Deployment {
                id: i64::try_from(i).unwrap_or(0),
                subject: "S".to_string(),
                body: (*body).to_string(),
                created_at: 1,
            })
            .collect()
    }

    fn file(kind: &str, source: &str, body: &str) -> EvidenceRecord {
        EvidenceRecord {
            id: 1,
            subject: "S".to_string(),
            assessment: Some(1),
            kind: kind.to_string(),
            name: "evidence/events.json".to_string(),
            source: source.to_string(),
            body: body.to_string(),
            created_at: 1,
        }
    }

    fn bodies(events: &[maturity_store::Deployment]) -> Vec<&str> {
        events.iter().map(|e| e.body.as_str()).collect()
    }

    #[test]
    fn each_event_counts_once_between_imported_files_and_stored_events() {
        let imported = maturity_store::IMPORTED_EVIDENCE;
        // This server's own export: left out, the stored events (and a later one) count.
        let mut evidence = vec![file("events", imported, "{\"a\":1}\n{\"b\":2}\n")];
        let left = count_events_once(&mut evidence, stored(&["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"]));
        assert!(evidence.is_empty());
        assert_eq!(bodies(&left), ["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"]);
        // Another server's export sharing one event with this subject's: the file counts, the
        // shared event is not counted again; a repeated event is taken once per repeat.
        let mut evidence = vec![file("events", imported, "{\"a\":1}\n{\"z\":9}\n")];
        let left = count_events_once(&mut evidence, stored(&["{\"a\":1}", "{\"a\":1}", "{\"c\":3}"]));
        assert_eq!(evidence.len(), 1);
        assert_eq!(bodies(&left), ["{\"a\":1}", "{\"c\":3}"]);
        // Events pushed through the API, or evidence of another kind, are never compared.
        let mut evidence = vec![
            file("events", "api", "{\"a\":1}\n"),
            file("metrics", imported, "{\"a\":1}\n"),
        ];
        let left = count_events_once(&mut evidence, stored(&["{\"a\":1}"]));
        assert_eq!((evidence.len(), bodies(&left)), (2, vec!["{\"a\":1}"]));
    }
}
