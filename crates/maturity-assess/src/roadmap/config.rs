//! What a plan is asked for: the targets, the number of phases, the capacity of a phase and
//! the effort points of each difficulty, from the defaults or an assessment's `[roadmap]`.

use std::collections::BTreeMap;

use maturity_model::assessment::RoadmapConfig;
use maturity_model::{Difficulty, LEVELS};
use serde::Serialize;

/// Effort points per difficulty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Effort {
    pub s: u32,
    pub m: u32,
    pub l: u32,
}

impl Default for Effort {
    fn default() -> Self {
        Self { s: 1, m: 3, l: 8 }
    }
}

impl Effort {
    pub fn points(&self, difficulty: Difficulty) -> u32 {
        match difficulty {
            Difficulty::S => self.s,
            Difficulty::M => self.m,
            Difficulty::L => self.l,
        }
    }
}

/// What the plan aims for. Each criterion of the assessment's models gets its aim from the
/// first of these that applies:
/// 1. listed in `levels`: reach that level, whatever the model's score;
/// 2. its model is listed in `scores`: rise as far as needed (up to level 4) for the model to
///    reach that score; proposals are taken in value order and stop once it does;
/// 3. otherwise `default_level`, or no aim at all when it is `None`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    pub default_level: Option<u8>,
    /// Qualified criterion id → level (1..=4).
    pub levels: BTreeMap<String, u8>,
    /// Model id → score (0..=100).
    pub scores: BTreeMap<String, f64>,
}

impl Default for Target {
    /// Level 4 for every criterion.
    fn default() -> Self {
        Self::level(LEVELS)
    }
}

impl Target {
    /// The same level for every criterion.
    pub fn level(level: u8) -> Self {
        Self {
            default_level: Some(level),
            levels: BTreeMap::new(),
            scores: BTreeMap::new(),
        }
    }

    /// Scores for the listed models only; other models get no proposals of their own.
    pub fn scores(scores: BTreeMap<String, f64>) -> Self {
        Self {
            default_level: None,
            levels: BTreeMap::new(),
            scores,
        }
    }

    /// The targets of a `[roadmap]` table: with no model score, every criterion aims for 4
    /// unless listed in `levels`; with model scores, only those models and the listed
    /// criteria are planned for, because naming a target means wanting that one.
    pub fn new(scores: BTreeMap<String, f64>, levels: BTreeMap<String, u8>) -> Self {
        Self {
            default_level: scores.is_empty().then_some(LEVELS),
            levels,
            scores,
        }
    }
}

/// How long a proposal of each size takes, in weeks: `[min, max]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Weeks {
    pub s: [u32; 2],
    pub m: [u32; 2],
    pub l: [u32; 2],
}

impl Default for Weeks {
    /// Days to a couple of weeks, a month or two, a quarter: the sizes of the catalog.
    fn default() -> Self {
        Self {
            s: [1, 2],
            m: [3, 6],
            l: [8, 12],
        }
    }
}

impl Weeks {
    pub fn of(&self, difficulty: Difficulty) -> [u32; 2] {
        match difficulty {
            Difficulty::S => self.s,
            Difficulty::M => self.m,
            Difficulty::L => self.l,
        }
    }
}

/// How many proposals a plan holds unless `[roadmap] proposals` says otherwise: about what a
/// team can carry through in three phases beside its daily work, and the size of roadmap a
/// management team reads whole. The next candidates are listed, not lost.
pub const DEFAULT_MAX_PROPOSALS: usize = 10;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanConfig {
    pub target: Target,
    /// How many phases to aim for; 0 is taken as 1.
    pub phases: usize,
    /// Effort per phase (points, or person-weeks when `people` is set); by default the total
    /// effort of the chosen proposals divided by `phases`, rounded up.
    pub capacity: Option<u32>,
    pub effort: Effort,
    /// Proposal ids planned whatever the gaps, with what they require.
    pub include: Vec<String>,
    /// Proposal ids never planned.
    pub exclude: Vec<String>,
    /// Proposal ids already carried out: what they and their prerequisites raise counts as met.
    pub done: Vec<String>,
    /// How many levels a criterion's projection may rise per phase (at least 1).
    pub max_step: u8,
    /// The most proposals the plan holds besides those in `include`; `None` for no limit.
    pub max_proposals: Option<usize>,
    /// People carrying out the plan: effort becomes person-weeks and phases get durations.
    pub people: Option<u32>,
    /// The first day of phase 1, `YYYY-MM-DD`; without it phases have no dates.
    pub start: Option<String>,
    pub weeks: Weeks,
}

/// The level every criterion aims for when an assessment names no target: a practice that is
/// defined and automated (level 3 in every built-in model), the usual next step of a team.
pub const DEFAULT_TARGET_LEVEL: u8 = 3;

impl PlanConfig {
    /// The plan an assessment's `[roadmap]` table asks for. With no target at all, every
    /// criterion aims for `DEFAULT_TARGET_LEVEL`; with criterion levels only, the others aim
    /// for it too; with model scores, only those models and the listed criteria are planned.
    pub fn from_roadmap(roadmap: &RoadmapConfig) -> Self {
        let defaults = Self::default();
        Self {
            target: Target {
                default_level: roadmap
                    .default_level
                    .or_else(|| roadmap.targets.is_empty().then_some(DEFAULT_TARGET_LEVEL)),
                levels: roadmap.levels.clone(),
                scores: roadmap.targets.clone(),
            },
            phases: roadmap.phases.unwrap_or(defaults.phases),
            capacity: roadmap.capacity.or(defaults.capacity),
            effort: defaults.effort,
            include: roadmap.include.clone(),
            exclude: roadmap.exclude.clone(),
            done: roadmap.done.clone(),
            max_step: roadmap.max_step.unwrap_or(defaults.max_step),
            max_proposals: roadmap.max_proposals.or(defaults.max_proposals),
            people: roadmap.people,
            start: roadmap.start.clone(),
            weeks: Weeks {
                s: roadmap.weeks.get("S").copied().unwrap_or(defaults.weeks.s),
                m: roadmap.weeks.get("M").copied().unwrap_or(defaults.weeks.m),
                l: roadmap.weeks.get("L").copied().unwrap_or(defaults.weeks.l),
            },
        }
    }

    /// Effort of one proposal in the plan's unit: person-weeks (the longer estimate) when
    /// people are given, else points.
    pub fn effort_of(&self, difficulty: Difficulty) -> u32 {
        match self.people {
            Some(_) => self.weeks.of(difficulty)[1],
            None => self.effort.points(difficulty),
        }
    }
}

impl Default for PlanConfig {
    fn default() -> Self {
        Self {
            target: Target::default(),
            phases: 3,
            capacity: None,
            effort: Effort::default(),
            include: Vec::new(),
            exclude: Vec::new(),
            done: Vec::new(),
            max_step: 1,
            max_proposals: Some(DEFAULT_MAX_PROPOSALS),
            people: None,
            start: None,
            weeks: Weeks::default(),
        }
    }
}
