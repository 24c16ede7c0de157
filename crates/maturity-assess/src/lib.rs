//! Judging an assessment: scoring stated and observed levels, comparing with benchmarks,
//! delivery metrics and planning the roadmap.
//!
//! Everything here is pure: no files, no clock, no network. It depends only on the data
//! types of `maturity-model`; readers, rendering and storage live elsewhere.

mod mean;
pub mod metrics;
pub mod quick_check;
pub mod roadmap;
pub mod scoring;

pub use roadmap::{
    DEFAULT_TARGET_LEVEL, Effort, Phase, PlanConfig, PlannedProposal, Roadmap, Signal, SignalKind, Situation,
    Target, Uplift, levels_from, met_levels_from, plan, plan_for, signals,
};
pub use scoring::{
    AreaScore, CriterionScore, GroupScore, ModelScore, Observed, Reference, Scorecard, Source, Stated, score,
    score_by, score_with_evidence,
};
