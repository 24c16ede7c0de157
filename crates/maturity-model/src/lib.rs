//! Maturity models, assessments, responses, benchmarks and improvement proposals as plain
//! data, with their loading and validation.
//!
//! This crate is the vocabulary every other crate speaks. It must not depend on scoring,
//! rendering, storage or the CLI. Parsing is pure (text in, data or diagnostics out);
//! `assessment_dir` and `export::write_dir` are the only code that reads or writes files.

pub mod assessment;
pub mod assessment_dir;
pub mod benchmark;
pub mod diagnostic;
pub mod dora;
pub mod evidence;
pub mod export;
pub mod model;
pub mod model_set;
pub mod proposal;
pub mod response;
pub mod template;

pub use assessment::{Assessment, AssessmentConfig, Background, Kpi, Observation, ReportConfig};
pub use benchmark::Benchmark;
pub use diagnostic::{Diagnostic, Diagnostics};
pub use model::{Area, Criterion, LEVELS, Model};
pub use model_set::ModelSet;
pub use proposal::{Catalog, Difficulty, Proposal, Raise, Role, parse_catalog};
pub use response::{Answer, Response};
