//! Every evidence source of an assessment, in one registry.
//!
//! A source is one kind of evidence: a working-tree scan, delivery metrics, and the kinds that
//! follow. Its [`Source`] implementation says everything the rest of the product needs to know
//! about it: its kind (the name stored evidence and exports use, `evidence/ID-<kind>.json`),
//! its `[evidence]` key in `maturity.toml` (and the API collection it is pushed to), how it is
//! read from a repository, a saved file or a pushed body, and what the typed result adds to a
//! report: observed levels and report sections. The CLI and the web app go through
//! [`SOURCES`] and never name a source themselves, so adding one is one module here and one
//! line in [`SOURCES`].
//!
//! This crate is an edge: it reads files and repositories through `maturity-evidence` and
//! `maturity-git`. It must not know HTTP, SQL or clap; judging and rendering stay in
//! `maturity-assess` and `maturity-report`.

mod error;
mod metrics;
mod scan;

use std::fmt::Debug;
use std::fs;
use std::path::Path;

use maturity_model::assessment::EvidenceConfig;
use maturity_model::diagnostic::nearest;
use maturity_model::evidence::ObservedLevel;
use maturity_model::{Diagnostic, Diagnostics};
use maturity_report::Gathered;

pub use error::{ParseError, SourceError};

/// Every evidence source, in the order a report reads them: for each repository the sources
/// that read repositories, then the saved results of each source.
pub static SOURCES: &[&dyn Source] = &[&scan::Scan, &metrics::Metrics];

/// The `[evidence]` keys that are not a source's: shared by all sources.
const COMMON_KEYS: [&str; 2] = ["repositories", "release_tags"];

/// One kind of evidence.
pub trait Source: Sync {
    /// The kind's name: `scan`. Stored evidence and exports (`evidence/ID-scan.json`), the
    /// upload form and the API use it.
    fn kind(&self) -> &'static str;

    /// The `[evidence]` key listing saved results of this kind (`scans`), and the API
    /// collection they are pushed to (`POST /api/v1/scans`).
    fn key(&self) -> &'static str;

    /// What a saved result is, for help texts: "`maturity scan --format json` results".
    fn produced_by(&self) -> &'static str;

    /// How a saved result is named in a report, before its path: `saved scan`.
    fn saved_label(&self) -> &'static str;

    /// Reads this source from a repository that `[evidence] repositories` names; `None` when
    /// the source does not read repositories, or not this one.
    fn read_repository(&self, repository: &Repository) -> Result<Option<Evidence>, SourceError>;

    /// Reads a saved result or a pushed body.
    fn parse(&self, text: &str) -> Result<Box<dyn Reading>, ParseError>;
}

/// A source's typed result, read and checked.
pub trait Reading: Debug + Send + Sync {
    /// The observed levels this result supports, each naming `label` as its source.
    fn observed(&self, label: &str) -> Vec<ObservedLevel>;

    /// Adds the report sections of this result, headed `label`.
    fn add_sections(&self, label: &str, gathered: &mut Gathered);
}

/// A repository named in `[evidence] repositories`, as a source reads it.
pub struct Repository<'a> {
    /// As `maturity.toml` names it, for labels and messages.
    pub name: &'a str,
    /// Where it is, resolved against the assessment directory.
    pub path: &'a Path,
    /// The `[evidence]` table, for the settings sources share (`release_tags`).
    pub config: &'a EvidenceConfig,
    /// Measurements end here: seconds since 1970.
    pub now: i64,
}

/// One result of one source, with the words that name it in a report.
#[derive(Debug)]
pub struct Evidence {
    /// E.g. `scan of ../api` or `saved metrics evidence/3-metrics.json`.
    pub label: String,
    pub reading: Box<dyn Reading>,
}

impl Evidence {
    /// Adds this result's observed levels and sections to `gathered`.
    pub fn add_to(&self, gathered: &mut Gathered) {
        gathered.observed.extend(self.reading.observed(&self.label));
        self.reading.add_sections(&self.label, gathered);
    }
}

/// The source of `kind`, if there is one.
pub fn source_of_kind(kind: &str) -> Option<&'static dyn Source> {
    SOURCES.iter().copied().find(|s| s.kind() == kind)
}

/// The kinds, for messages: "scan or metrics".
pub fn kinds_in_words() -> String {
    let kinds: Vec<&str> = SOURCES.iter().map(|s| s.kind()).collect();
    match kinds.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// Reads a saved result of `source` from `text`, labelled by its `path`.
pub fn read_saved(source: &dyn Source, path: &str, text: &str) -> Result<Evidence, ParseError> {
    Ok(Evidence {
        label: format!("{} {path}", source.saved_label()),
        reading: source.parse(text)?,
    })
}

/// Checks that every key of `[evidence]` is a source's or a shared one; `config_file` names
/// the file in the messages.
pub fn check_config(config_file: &str, config: &EvidenceConfig) -> Result<(), Diagnostics> {
    let known: Vec<&str> = COMMON_KEYS
        .iter()
        .copied()
        .chain(SOURCES.iter().map(|s| s.key()))
        .collect();
    let problems: Vec<Diagnostic> = config
        .saved
        .iter()
        .filter(|saved| !known.contains(&saved.key.as_str()))
        .map(|saved| {
            let mut d = Diagnostic::new(config_file, format!("unknown [evidence] key `{}`", saved.key));
            d.line = saved.line;
            match nearest(&saved.key, known.iter().copied()) {
                Some(near) => d.with_help(format!("did you mean `{near}`?")),
                None => d.with_help(format!("known keys: {}", known.join(", "))),
            }
        })
        .collect();
    Diagnostics(problems).into_result(())
}

/// Reads every source `config` names, relative to the assessment directory `dir`; delivery
/// metrics are measured up to `now` (seconds since 1970). `config_file` names maturity.toml
/// in messages.
pub fn gather(
    dir: &Path,
    config_file: &str,
    config: &EvidenceConfig,
    now: i64,
) -> Result<Gathered, SourceError> {
    check_config(config_file, config)?;
    let mut gathered = Gathered::default();
    for name in &config.repositories {
        let path = dir.join(name);
        let repository = Repository {
            name,
            path: &path,
            config,
            now,
        };
        for source in SOURCES {
            if let Some(evidence) = source.read_repository(&repository)? {
                evidence.add_to(&mut gathered);
            }
        }
    }
    for source in SOURCES {
        for file in config.files(source.key()) {
            let path = dir.join(file);
            let text = fs::read_to_string(&path).map_err(|e| SourceError::Read {
                path: path.clone(),
                source: e,
            })?;
            let evidence = read_saved(*source, file, &text).map_err(|e| SourceError::Parse {
                path: path.clone(),
                error: e,
            })?;
            evidence.add_to(&mut gathered);
        }
    }
    Ok(gathered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_keys_are_unique_and_shaped_for_paths() {
        let mut names: Vec<&str> = SOURCES.iter().flat_map(|s| [s.kind(), s.key()]).collect();
        let before = names.len();
        names.sort_unstable();
        names.dedup();
        // A kind may equal its own key (`metrics`), but never another source's.
        for source in SOURCES {
            for other in SOURCES {
                if !std::ptr::eq(*source, *other) {
                    assert_ne!(source.kind(), other.kind());
                    assert_ne!(source.key(), other.key());
                    assert_ne!(source.kind(), other.key());
                }
            }
            assert!(
                source.kind().chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                source.kind()
            );
            assert!(!COMMON_KEYS.contains(&source.key()));
        }
        assert!(names.len() <= before);
    }

    #[test]
    fn unknown_keys_name_the_line_and_the_nearest_key() {
        let config = EvidenceConfig {
            saved: vec![
                maturity_model::assessment::SavedEvidence {
                    key: "scan".into(),
                    files: vec!["a.json".into()],
                    line: Some(4),
                },
                maturity_model::assessment::SavedEvidence {
                    key: "zzzzzzzz".into(),
                    files: vec![],
                    line: Some(5),
                },
            ],
            ..EvidenceConfig::default()
        };
        let err = check_config("team/maturity.toml", &config).expect_err("unknown keys");
        assert_eq!(err.0.len(), 2);
        assert_eq!(
            err.0[0].to_string(),
            "team/maturity.toml:4: unknown [evidence] key `scan` (did you mean `scans`?)"
        );
        assert_eq!(err.0[1].line, Some(5));
        assert!(
            err.0[1]
                .to_string()
                .contains("known keys: repositories, release_tags, scans, metrics")
        );
    }

    #[test]
    fn kinds_in_words_lists_every_source() {
        assert_eq!(kinds_in_words(), "scan or metrics");
        assert_eq!(source_of_kind("metrics").map(|s| s.key()), Some("metrics"));
        assert!(source_of_kind("scans").is_none());
    }
}
