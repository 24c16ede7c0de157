//! Quality gates: does a maturity report meet a team's policy?
//!
//! A policy (`gate.toml`, docs/gate.md) names minimum scores, minimum levels, the regression
//! allowed against a baseline report, DORA bands that must hold and scanner checks that must
//! pass. `policy` parses and validates it against the ids that exist; `facts` reads the parts
//! of a report's JSON contract (docs/report-json.md) a policy can name; `evaluate` judges one
//! against the other; `render` writes the verdict for people and for CI systems.
//!
//! Pure: text and plain data in, data out. It must not read files, run scans or build
//! reports (the CLI does, and hands the results in), nor depend on any product crate but
//! `maturity-model`.

pub mod error;
pub mod evaluate;
pub mod facts;
pub mod policy;
pub mod render;

pub use error::GateError;
pub use evaluate::{CheckFinding, Inputs, RuleResult, Verdict, evaluate};
pub use facts::ReportFacts;
pub use policy::{Known, Policy, Rule, RuleKind, parse_policy};
