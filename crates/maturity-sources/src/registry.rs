//! The registry: every source in reading order, and what is done over all of them (reading an
//! assessment's `[evidence]`, checking its keys, finding a source by kind).

use std::fs;
use std::path::Path;

use maturity_model::assessment::EvidenceConfig;
use maturity_model::diagnostic::nearest;
use maturity_model::{Diagnostic, Diagnostics};
use maturity_report::Gathered;

use crate::error::{ParseError, SourceError};
use crate::source::{Evidence, Repository, Source};
use crate::{events, flow, metrics, scan, test_results};

/// Every evidence source, in the order a report reads them: for each repository the sources
/// that read repositories, then the saved results of each source.
pub static SOURCES: &[&dyn Source] = &[
    &scan::Scan,
    &metrics::Metrics,
    &events::Events,
    &flow::WorkItems,
    &test_results::Tests,
    &test_results::Coverage,
];

/// The `[evidence]` keys that are not a source's: shared by all sources.
const COMMON_KEYS: [&str; 2] = ["repositories", "release_tags"];

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
    read_saved_with(source, path, text, &EvidenceConfig::default())
}

/// `read_saved` under an assessment's `[evidence]` settings (and `[flow]` stages).
pub fn read_saved_with(
    source: &dyn Source,
    path: &str,
    text: &str,
    config: &EvidenceConfig,
) -> Result<Evidence, ParseError> {
    Ok(Evidence {
        label: format!("{} {path}", source.saved_label()),
        reading: source.parse_with(text, config)?,
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
            let evidence = read_saved_with(*source, file, &text, config).map_err(|e| SourceError::Parse {
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
        assert!(err.0[1].to_string().contains(
            "known keys: repositories, release_tags, scans, metrics, events, flow, tests, coverage"
        ));
    }

    #[test]
    fn kinds_in_words_lists_every_source() {
        assert_eq!(kinds_in_words(), "scan, metrics, events, flow, tests or coverage");
        assert_eq!(source_of_kind("metrics").map(|s| s.key()), Some("metrics"));
        assert!(source_of_kind("scans").is_none());
    }
}
