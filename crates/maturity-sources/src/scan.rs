//! The working-tree scan: `maturity scan` of a repository, or its saved JSON. It yields the
//! observed levels of the scanner's rules; the report shows them with the findings behind
//! them.

use maturity_evidence::{ScanConfig, ScanReport, scan};
use maturity_model::evidence::ObservedLevel;
use maturity_report::Gathered;

use crate::error::{ParseError, SourceError};
use crate::source::{Evidence, Reading, Repository, Source};

pub struct Scan;

impl Source for Scan {
    fn kind(&self) -> &'static str {
        "scan"
    }

    fn key(&self) -> &'static str {
        "scans"
    }

    fn produced_by(&self) -> &'static str {
        "`maturity scan --format json` results"
    }

    fn saved_label(&self) -> &'static str {
        "saved scan"
    }

    fn read_repository(&self, repository: &Repository) -> Result<Option<Evidence>, SourceError> {
        let report = scan(&ScanConfig::new(repository.path)).map_err(|e| SourceError::Repository {
            context: format!("[evidence] repositories: {}", repository.name),
            source: Box::new(e),
        })?;
        Ok(Some(Evidence {
            label: format!("scan of {}", repository.name),
            reading: Box::new(ScanReading(report)),
        }))
    }

    fn parse(&self, text: &str) -> Result<Box<dyn Reading>, ParseError> {
        let report = ScanReport::from_json(text).map_err(|e| ParseError::json("not a scan result", &e))?;
        Ok(Box::new(ScanReading(report)))
    }
}

#[derive(Debug)]
struct ScanReading(ScanReport);

impl Reading for ScanReading {
    fn observed(&self, label: &str) -> Vec<ObservedLevel> {
        self.0.model_levels(label)
    }

    /// A scan's findings appear with its observed levels; it has no section of its own.
    fn add_sections(&self, _label: &str, _gathered: &mut Gathered) {}
}
