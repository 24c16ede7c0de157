//! The plan as reports receive it: phases of proposals with why each is there and the scores
//! projected after each phase. Its serde form is part of the report's JSON.

use std::collections::BTreeMap;

use maturity_model::Difficulty;
use serde::Serialize;

use super::config::{Effort, Target};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Roadmap {
    /// Effort points per phase used for packing.
    pub capacity: u32,
    pub effort_points: Effort,
    pub target: Target,
    /// The number of phases asked for.
    pub phases_requested: usize,
    /// Whether proposals moved out because the phases asked for, at the capacity asked for,
    /// cannot hold them (`moved_out`, and a note, say which). The plan never has more phases
    /// than asked for.
    pub overflow: bool,
    /// The proposals the plan needs but its phases cannot hold, in plan order.
    pub moved_out: Vec<String>,
    /// Model id → score before any proposal: the assessment's score, unrated criteria left out.
    pub baseline: BTreeMap<String, f64>,
    pub phases: Vec<Phase>,
    /// Criteria left below their target because no proposal in the catalog raises them far
    /// enough, in model order.
    pub unplanned_gaps: Vec<String>,
    /// Sentences about the plan as a whole: overflow, unreachable targets, unrated criteria.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Phase {
    /// 1-based.
    pub number: usize,
    pub effort: u32,
    pub proposals: Vec<PlannedProposal>,
    /// Model id → projected score once this and every earlier phase is done.
    pub projected: BTreeMap<String, f64>,
    /// Criterion id → projected level once this and every earlier phase is done.
    pub projected_levels: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedProposal {
    /// 1-based position in the whole roadmap, for tables and timelines.
    pub number: usize,
    pub id: String,
    pub title: String,
    pub description: String,
    pub difficulty: Difficulty,
    pub effort: u32,
    pub requires: Vec<String>,
    /// What it raises once the earlier proposals of the roadmap are done.
    pub raises: Vec<Uplift>,
    /// Planned proposals that require this one.
    pub needed_by: Vec<String>,
    /// One sentence saying why the proposal is in the plan.
    pub why: String,
    /// Anything unusual about its placement, e.g. that it is larger than a phase.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Uplift {
    pub criterion: String,
    /// The level before, `None` when nobody gave one.
    pub from: Option<f64>,
    pub to: u8,
}
