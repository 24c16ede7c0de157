//! What an evidence source is: the [`Source`] trait every kind of evidence implements, the
//! typed [`Reading`] it produces, and the [`Evidence`] a report is given.

use std::fmt::Debug;
use std::path::Path;

use maturity_model::assessment::EvidenceConfig;
use maturity_model::evidence::ObservedLevel;
use maturity_report::Gathered;

use crate::error::{ParseError, SourceError};

/// One kind of evidence.
pub trait Source: Sync {
    /// The kind's name: `scan`. Stored evidence, the upload form and the API use it.
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

    /// Reads a saved result with the assessment's settings (`[flow]` stages, say), for
    /// sources whose reading depends on them; by default as `parse` does.
    fn parse_with(&self, text: &str, _config: &EvidenceConfig) -> Result<Box<dyn Reading>, ParseError> {
        self.parse(text)
    }
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
    /// E.g. `scan of ../api` or `saved metrics evidence/metrics.json`.
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
