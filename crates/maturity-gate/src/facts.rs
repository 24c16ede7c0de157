//! The facts of a report a policy can name, read from the report's JSON contract
//! (docs/report-json.md, schema `maturity-report/1`): model, area and criterion scores and
//! levels, and the DORA bands of each delivery source.
//!
//! The gate reads the contract, not the report type, so a report built from a directory and a
//! report saved as JSON are judged the same way, and so are reports of other versions that keep
//! the contract. Keys it does not read are ignored.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::error::GateError;

/// The report schema this version reads.
pub const REPORT_SCHEMA: &str = "maturity-report/1";

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ReportFacts {
    pub schema: String,
    pub subject: String,
    pub models: Vec<ModelFacts>,
    #[serde(default)]
    pub delivery: Vec<DeliveryFacts>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ModelFacts {
    pub id: String,
    pub score: Option<f64>,
    pub areas: Vec<AreaFacts>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct AreaFacts {
    /// Qualified: `<model>.<area>`.
    pub id: String,
    pub score: Option<f64>,
    pub criteria: Vec<CriterionFacts>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CriterionFacts {
    pub id: String,
    /// The level the score is computed from: stated where anyone answered, else observed.
    pub level: Option<f64>,
    /// `stated`, `observed` or `none`.
    pub source: String,
    pub stated: Option<StatedFacts>,
    pub observed: Option<ObservedFacts>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct StatedFacts {
    pub mean: f64,
    pub n: usize,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ObservedFacts {
    pub level: f64,
}

/// One delivery-metrics source of the report and the DORA band of each metric it measured.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct DeliveryFacts {
    pub source: String,
    pub metrics: DeliveryMetrics,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct DeliveryMetrics {
    /// Metric key → `elite`, `high`, `medium`, `low` or null (docs/metrics.md, fixed keys).
    #[serde(default)]
    pub bands: BTreeMap<String, Option<String>>,
}

impl ReportFacts {
    /// Reads a report's JSON text; `file` names it in errors.
    pub fn from_json(file: &str, text: &str) -> Result<Self, GateError> {
        let facts: Self = serde_json::from_str(text).map_err(|e| GateError::Report {
            place: format!("{file}:{}:{}", e.line(), e.column()),
            message: e
                .to_string()
                .split(" at line ")
                .next()
                .unwrap_or_default()
                .to_string(),
        })?;
        facts.checked(file)
    }

    /// Reads a report already serialised to a JSON value (a report built in memory).
    pub fn from_value(file: &str, value: serde_json::Value) -> Result<Self, GateError> {
        let facts: Self = serde_json::from_value(value).map_err(|e| GateError::Report {
            place: file.to_string(),
            message: e.to_string(),
        })?;
        facts.checked(file)
    }

    fn checked(self, file: &str) -> Result<Self, GateError> {
        if self.schema == REPORT_SCHEMA {
            Ok(self)
        } else {
            Err(GateError::NotAReport {
                file: file.to_string(),
                found: format!("`{}`", self.schema),
                expected: REPORT_SCHEMA,
            })
        }
    }

    pub fn model(&self, id: &str) -> Option<&ModelFacts> {
        self.models.iter().find(|model| model.id == id)
    }

    pub fn area(&self, id: &str) -> Option<&AreaFacts> {
        self.models
            .iter()
            .flat_map(|model| &model.areas)
            .find(|area| area.id == id)
    }

    pub fn criterion(&self, id: &str) -> Option<&CriterionFacts> {
        self.models
            .iter()
            .flat_map(|model| &model.areas)
            .flat_map(|area| &area.criteria)
            .find(|criterion| criterion.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_syntax_error_names_file_line_and_column() {
        let error = ReportFacts::from_json("r.json", "{\n  \"schema\": ,\n}").unwrap_err();
        let text = error.to_string();
        assert!(text.starts_with("r.json:2:13: expected value"), "{text}");
    }

    #[test]
    fn another_schema_is_refused_with_the_one_expected() {
        let text = r#"{"schema": "maturity-scan/1", "subject": "x", "models": []}"#;
        let error = ReportFacts::from_json("s.json", text).unwrap_err().to_string();
        assert!(error.contains("schema is `maturity-scan/1`"), "{error}");
        assert!(error.contains("maturity-report/1"), "{error}");
    }

    #[test]
    fn a_missing_key_is_named() {
        let error = ReportFacts::from_json("r.json", r#"{"schema": "maturity-report/1"}"#)
            .unwrap_err()
            .to_string();
        assert!(error.contains("missing field `subject`"), "{error}");
    }
}
