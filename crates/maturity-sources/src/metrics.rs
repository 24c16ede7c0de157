//! Delivery metrics: `maturity metrics` of a repository's git history, or its saved JSON. They
//! yield observed levels (docs/metrics.md) and the report's delivery section.

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
        let value = serde_json::to_value(&measured.metrics).map_err(|e| SourceError::Repository {
            context: label.clone(),
            source: Box::new(e),
        })?;
        Ok(Some(Evidence {
            label,
            reading: Box::new(MetricsReading(value)),
        }))
    }

    fn parse(&self, text: &str) -> Result<Box<dyn Reading>, ParseError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ParseError::json("not JSON", &e))?;
        if !value
            .get("deployment_frequency")
            .is_some_and(serde_json::Value::is_object)
        {
            return Err(ParseError {
                line: 1,
                column: 1,
                message: "not a `maturity metrics --format json` result (no deployment_frequency)".into(),
            });
        }
        Ok(Box::new(MetricsReading(value)))
    }
}

#[derive(Debug)]
struct MetricsReading(serde_json::Value);

impl Reading for MetricsReading {
    /// Levels outside 1..4 and malformed entries are left out rather than guessed.
    fn observed(&self, label: &str) -> Vec<ObservedLevel> {
        let levels = self.0["levels"].as_array().map(Vec::as_slice).unwrap_or_default();
        levels
            .iter()
            .filter_map(|level| {
                Some(ObservedLevel {
                    criterion: level["criterion"].as_str()?.to_string(),
                    level: level["level"]
                        .as_u64()
                        .and_then(|l| u8::try_from(l).ok())
                        .filter(|l| (1..=maturity_model::LEVELS).contains(l))?,
                    rule: level["rule"].as_str()?.to_string(),
                    source: label.to_string(),
                    evidence: level["numbers"]
                        .as_object()
                        .map(|numbers| {
                            numbers
                                .iter()
                                .map(|(name, number)| Shown {
                                    message: format!("{} = {}", name.replace('_', " "), rounded(number)),
                                    location: None,
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                })
            })
            .collect()
    }

    fn add_sections(&self, label: &str, gathered: &mut Gathered) {
        gathered.delivery.push(Delivery {
            source: label.to_string(),
            metrics: self.0.clone(),
        });
    }
}

/// A number as a reader wants it: whole numbers without decimals, others to one decimal.
fn rounded(number: &serde_json::Value) -> String {
    match number.as_f64() {
        Some(n) if n.fract() == 0.0 => format!("{n:.0}"),
        Some(n) => format!("{n:.1}"),
        None => number.to_string(),
    }
}

fn is_git_repository(path: &std::path::Path) -> bool {
    path.join(".git").exists() || (path.join("HEAD").is_file() && path.join("objects").is_dir())
}
