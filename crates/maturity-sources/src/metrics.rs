//! Delivery metrics: `maturity metrics` of a repository's git history, or its saved JSON. They
//! yield observed levels (docs/metrics.md) and the report's delivery section.

use maturity_assess::metrics::Metrics as Measured;
use maturity_git::{MetricsConfig, ReleasePattern, metrics};
use maturity_model::evidence::{Evidence as Shown, ObservedLevel};
use maturity_report::{Delivery, Gathered};

use crate::error::{ParseError, SourceError};
use crate::source::{Evidence, Reading, Repository, Source};

pub struct Metrics;

impl Source for Metrics {
    fn kind(&self) -> &'static str {
        "metrics"
    }

    fn key(&self) -> &'static str {
        "metrics"
    }

    fn produced_by(&self) -> &'static str {
        "`maturity metrics --format json` results"
    }

    fn saved_label(&self) -> &'static str {
        "saved metrics"
    }

    fn read_repository(&self, repository: &Repository) -> Result<Option<Evidence>, SourceError> {
        if !is_git_repository(repository.path) {
            return Ok(None);
        }
        let mut config = MetricsConfig::new(repository.path, repository.now);
        if let Some(pattern) = &repository.config.release_tags {
            config.release_tags = pattern
                .parse::<ReleasePattern>()
                .map_err(|e| SourceError::Repository {
                    context: "[evidence] release_tags".to_string(),
                    source: e.into(),
                })?;
        }
        let label = format!("git history of {}", repository.name);
        let measured = metrics(&config).map_err(|e| SourceError::Repository {
            context: label.clone(),
            source: Box::new(e),
        })?;
        Ok(Some(Evidence {
            label,
            reading: Box::new(MetricsReading(Box::new(measured.metrics))),
        }))
    }

    fn parse(&self, text: &str) -> Result<Box<dyn Reading>, ParseError> {
        let metrics = Measured::from_json(text)
            .map_err(|e| ParseError::json("not a `maturity metrics --format json` result", &e))?;
        Ok(Box::new(MetricsReading(Box::new(metrics))))
    }
}

/// Measured delivery metrics; the events source's reading too.
#[derive(Debug)]
pub(crate) struct MetricsReading(pub(crate) Box<Measured>);

impl Reading for MetricsReading {
    /// A level outside 1..4 (a hand-edited file) is left out rather than guessed.
    fn observed(&self, label: &str) -> Vec<ObservedLevel> {
        self.0
            .levels
            .iter()
            .filter(|level| (1..=maturity_model::LEVELS).contains(&level.level))
            .map(|level| ObservedLevel {
                criterion: level.criterion.clone(),
                level: level.level,
                rule: level.rule.clone(),
                source: label.to_string(),
                evidence: level
                    .numbers
                    .iter()
                    .map(|(name, number)| Shown {
                        message: format!("{} = {}", name.replace('_', " "), rounded(*number)),
                        location: None,
                    })
                    .collect(),
            })
            .collect()
    }

    fn add_sections(&self, label: &str, gathered: &mut Gathered) {
        gathered.delivery.push(Delivery {
            source: label.to_string(),
            metrics: (*self.0).clone(),
        });
    }
}

/// A number as a reader wants it: whole numbers without decimals, others to one decimal.
fn rounded(number: f64) -> String {
    if number.fract() == 0.0 {
        format!("{number:.0}")
    } else {
        format!("{number:.1}")
    }
}
fn is_git_repository(path: &std::path::Path) -> bool {
    path.join(".git").exists() || (path.join("HEAD").is_file() && path.join("objects").is_dir())
}
