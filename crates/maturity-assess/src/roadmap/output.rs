//! The plan as reports receive it: phases of proposals with why each is there and the scores
//! projected after each phase. Its serde form is part of the report's JSON.

use std::collections::BTreeMap;

use maturity_model::{Difficulty, Role};
use serde::Serialize;

use super::config::{Effort, Target};
use super::signals::Signal;

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
    /// Proposals that would close gaps too but are beyond the plan's size
    /// (`[roadmap] proposals`), in the order they would come: the next candidates.
    pub deferred: Vec<String>,
    /// The unit of `capacity` and of each phase's and proposal's `effort`: `points`, or
    /// `person-weeks` when the plan has people.
    pub effort_unit: &'static str,
    /// People carrying out the plan, when given.
    pub people: Option<u32>,
    /// How many levels a criterion's projection may rise per phase.
    pub max_step: u8,
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
    /// Model id → the projected score if the L proposals of this phase bring only half of
    /// their uplift by its end (`low`), and as planned (`high`, equal to `projected`).
    pub projected_range: BTreeMap<String, Range>,
    /// Every projected level that moves in this phase, and the proposals that move it: the
    /// projection, line by line.
    pub changes: Vec<LevelChange>,
    /// How long the phase takes in weeks: its longest proposal (upper estimate), or its effort
    /// shared by the people when that is longer.
    pub weeks: u32,
    /// First and last day, `YYYY-MM-DD`, when the plan has a start.
    pub start: Option<String>,
    pub end: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Range {
    pub low: f64,
    pub high: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelChange {
    pub criterion: String,
    /// The projected level before the phase, `None` when nobody gave one.
    pub from: Option<f64>,
    pub to: f64,
    /// The level the proposals planned so far aim at; above `to` when the per-phase step
    /// holds the projection back (the rest comes in later phases).
    pub aim: u8,
    /// The proposals of this phase or earlier that raise it towards `aim`.
    pub by: Vec<String>,
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
    /// How long it takes, in weeks, by its size.
    pub weeks: WeekRange,
    /// Who can carry it out.
    pub roles: Vec<Role>,
    pub requires: Vec<String>,
    /// Prerequisites that are advised, not required.
    pub recommends: Vec<String>,
    /// What points the plan at the criteria it raises: observations, contradictions, weak
    /// evidence.
    pub signals: Vec<Signal>,
    /// Whether the assessor asked for it (`[roadmap] include`).
    pub included: bool,
    /// What it raises once the earlier proposals of the roadmap are done.
    pub raises: Vec<Uplift>,
    /// Planned proposals that require this one.
    pub needed_by: Vec<String>,
    /// One sentence saying why the proposal is in the plan.
    pub why: String,
    /// Anything unusual about its placement, e.g. that it is larger than a phase.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WeekRange {
    pub min: u32,
    pub max: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Uplift {
    pub criterion: String,
    /// The level before, `None` when nobody gave one.
    pub from: Option<f64>,
    pub to: u8,
}
