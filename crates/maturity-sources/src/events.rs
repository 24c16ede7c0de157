//! Delivery events measured without git: CDEvents and deployment entries, one a line, as the
//! server stores what CI pushes (`POST /api/v1/cdevents`, `/deployments`,
//! `/devlake/deployments`) and an export writes them. They yield the same delivery section and
//! observed levels as saved metrics, labelled as measured from events (docs/metrics.md).

use maturity_assess::metrics::DoraBenchmark;
use maturity_git::stored::{measure, parse_stored};

use crate::error::{ParseError, SourceError};
use crate::metrics::MetricsReading;
use crate::source::{Evidence, Reading, Repository, Source};

/// The kind of the source the server's stored delivery events are read by.
pub const EVENTS_KIND: &str = "events";

pub struct Events;

impl Source for Events {
    fn kind(&self) -> &'static str {
        EVENTS_KIND
    }

    fn key(&self) -> &'static str {
        "events"
    }

    fn produced_by(&self) -> &'static str {
        "delivery events, one a line: CDEvents or deployment entries (docs/cdevents.md)"
    }

    fn saved_label(&self) -> &'static str {
        "delivery events"
    }

    fn read_repository(&self, _repository: &Repository) -> Result<Option<Evidence>, SourceError> {
        Ok(None)
    }

    fn parse(&self, text: &str) -> Result<Box<dyn Reading>, ParseError> {
        let stored = parse_stored("events", text).map_err(|e| {
            let first = e.0.first();
            ParseError {
                line: first.and_then(|d| d.line).unwrap_or(1),
                column: first.and_then(|d| d.column).unwrap_or(1),
                message: first.map_or_else(|| e.to_string(), |d| d.message.clone()),
            }
        })?;
        Ok(Box::new(MetricsReading(Box::new(measure(
            &stored,
            DoraBenchmark::builtin(),
        )))))
    }
}
