//! The roadmap planner: from an assessment's criterion levels and a catalog of proposals to a
//! phased plan with the projected scores after each phase.
//!
//! It is pure and deterministic: the same input gives the same plan, byte for byte. It knows
//! models, levels and the catalog, and must not depend on files, the clock, rendering or the
//! CLI; the binary reads the user's catalog and target, the report draws the result.
//!
//! How a plan is made:
//! 1. A gap is a criterion below its target level. A proposal's uplift is the sum, over the
//!    criteria it raises, of how far it brings each towards (never past) its target. Proposals
//!    with uplift are candidates; their prerequisites come along even without uplift.
//! 2. The chosen proposals are ordered topologically; among those whose prerequisites are
//!    placed, more uplift per effort point comes first, then the smaller id. A prerequisite
//!    inherits the value of the most valuable proposal waiting on it, so it is not put last
//!    merely because it raises little by itself.
//! 3. Walking that order, each proposal's uplift is taken again against the levels the earlier
//!    ones reach; a model with a score target stops counting once it reaches the score. A
//!    proposal that no longer adds anything, and that nothing kept needs, is dropped.
//! 4. Proposals are packed in order, each into the earliest phase that has room and comes after
//!    the phases of its prerequisites. The default capacity is the total effort divided by the
//!    number of phases, rounded up. A proposal larger than the capacity gets a phase of its own.
//!    Phases are added beyond the number asked for only when the plan does not fit.
//!
//! A criterion nobody gave a level is planned as level 1. The baseline and projected scores,
//! though, follow the scoring rule of reports: such a criterion is left out until a proposal
//! raises it, so the baseline equals the assessment's scores. Raising a criterion nobody rated
//! to a level below its area's mean can therefore lower a projected score; the plan says so.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap, HashMap};
use std::fmt::Write as _;

use maturity_model::assessment::RoadmapConfig;
use maturity_model::{Catalog, Difficulty, LEVELS, Model};
use serde::Serialize;

use crate::mean::mean;
use crate::scoring::{Scorecard, level_score};

/// Level differences smaller than this are rounding, not uplift: levels are means of answers.
const EPSILON: f64 = 1e-9;

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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanConfig {
    pub target: Target,
    /// How many phases to aim for; 0 is taken as 1.
    pub phases: usize,
    /// Effort points per phase; by default the total effort of the chosen proposals divided
    /// by `phases`, rounded up.
    pub capacity: Option<u32>,
    pub effort: Effort,
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
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Roadmap {
    /// Effort points per phase used for packing.
    pub capacity: u32,
    pub effort_points: Effort,
    pub target: Target,
    /// The number of phases asked for.
    pub phases_requested: usize,
    /// Whether the plan needed more phases than asked for.
    pub overflow: bool,
    /// Model id → score before any proposal, with unrated criteria at level 1.
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

/// The levels of a scorecard's criteria that have one, as the planner takes them.
pub fn levels_from(scorecard: &Scorecard) -> BTreeMap<String, f64> {
    scorecard
        .models
        .iter()
        .flat_map(|m| &m.areas)
        .flat_map(|a| &a.criteria)
        .filter_map(|c| Some((c.id.clone(), c.level?)))
        .collect()
}

/// The criteria of the assessment's models, by index, with their model and area.
struct Grid<'a> {
    ids: Vec<&'a str>,
    index: HashMap<&'a str, usize>,
    model_of: Vec<usize>,
    /// Per model, per area, the indices of its criteria.
    areas: Vec<Vec<Vec<usize>>>,
}

impl<'a> Grid<'a> {
    fn new(models: &'a [Model]) -> Self {
        let mut grid = Grid {
            ids: Vec::new(),
            index: HashMap::new(),
            model_of: Vec::new(),
            areas: Vec::new(),
        };
        for (m, model) in models.iter().enumerate() {
            let mut areas = Vec::new();
            for area in &model.areas {
                let mut criteria = Vec::new();
                for criterion in &area.criteria {
                    if grid.index.contains_key(criterion.id.as_str()) {
                        continue;
                    }
                    grid.index.insert(&criterion.id, grid.ids.len());
                    criteria.push(grid.ids.len());
                    grid.ids.push(&criterion.id);
                    grid.model_of.push(m);
                }
                areas.push(criteria);
            }
            grid.areas.push(areas);
        }
        grid
    }

    /// The scoring rule of `scoring`: areas are means of their criteria, models of their areas.
    fn score(&self, model: usize, levels: &[f64]) -> Option<f64> {
        mean(
            self.areas[model]
                .iter()
                .filter_map(|area| mean(area.iter().map(|&c| level_score(levels[c])))),
        )
    }

    /// Scores as a report shows them: a criterion without a level (never rated, not yet raised)
    /// is left out, as `scoring` leaves it out, so the baseline equals the assessment's scores.
    fn reported_scores(&self, models: &[Model], levels: &[f64], rated: &[bool]) -> BTreeMap<String, f64> {
        models
            .iter()
            .enumerate()
            .filter_map(|(m, model)| {
                let areas = self.areas[m].iter().filter_map(|area| {
                    mean(
                        area.iter()
                            .filter(|&&c| rated[c])
                            .map(|&c| level_score(levels[c])),
                    )
                });
                Some((model.id.clone(), mean(areas)?))
            })
            .collect()
    }
}

/// A proposal as the planner sees it: indices instead of ids, only raises of known criteria.
struct Item {
    raises: Vec<(usize, u8)>,
    requires: Vec<usize>,
    effort: u32,
}

/// How far a proposal brings the criteria it raises towards their targets from `levels`,
/// counting only criteria for which `counts` holds.
fn uplift(item: &Item, levels: &[f64], target: &[f64], counts: impl Fn(usize) -> bool) -> f64 {
    item.raises
        .iter()
        .filter(|&&(c, _)| counts(c))
        .map(|&(c, to)| (f64::from(to).min(target[c]) - levels[c]).max(0.0))
        .sum()
}

/// Plans the roadmap for `models` from the current `levels` (criterion id → level; a missing
/// criterion counts as level 1) with the proposals of `catalog`.
pub fn plan(
    models: &[Model],
    levels: &BTreeMap<String, f64>,
    catalog: &Catalog,
    config: &PlanConfig,
) -> Roadmap {
    let grid = Grid::new(models);
    let phases_requested = config.phases.max(1);
    let mut notes = Vec::new();

    let known: Vec<Option<f64>> = grid
        .ids
        .iter()
        .map(|id| {
            levels
                .get(*id)
                .filter(|l| l.is_finite())
                .map(|l| l.clamp(1.0, f64::from(LEVELS)))
        })
        .collect();
    let current: Vec<f64> = known.iter().map(|l| l.unwrap_or(1.0)).collect();
    let unrated = known.iter().filter(|l| l.is_none()).count();
    if unrated > 0 {
        let (criteria, have, them) = if unrated == 1 {
            ("criterion", "has", "it")
        } else {
            ("criteria", "have", "them")
        };
        notes.push(format!(
            "{unrated} {criteria} {have} no level; the plan counts {them} as level 1 when choosing \
             proposals, but projected scores leave {them} out until a proposal raises {them}, as the \
             assessment's scores do. Raising such a criterion to a level below its area's mean can \
             lower a projected score."
        ));
    }
    let baseline_rated: Vec<bool> = known.iter().map(Option::is_some).collect();
    let baseline = grid.reported_scores(models, &current, &baseline_rated);
    let aims = aims(models, &grid, &current, &config.target, &mut notes);

    let proposals = catalog.proposals();
    let items: Vec<Item> = proposals
        .iter()
        .map(|p| Item {
            raises: p
                .raises
                .iter()
                .filter_map(|r| Some((*grid.index.get(r.criterion.as_str())?, r.to)))
                .collect(),
            requires: p.requires.iter().filter_map(|r| catalog.position(r)).collect(),
            effort: config.effort.points(p.difficulty),
        })
        .collect();
    let open_at_start: Vec<bool> = (0..models.len())
        .map(|m| aims.below_score(&grid, m, &current))
        .collect();
    let value: Vec<f64> = items
        .iter()
        .map(|item| {
            let counts = |c: usize| aims.must[c] || open_at_start[grid.model_of[c]];
            uplift(item, &current, &aims.level, counts) / f64::from(item.effort.max(1))
        })
        .collect();

    // Candidates and, transitively, everything they need first.
    let mut chosen = vec![false; items.len()];
    let mut stack: Vec<usize> = (0..items.len()).filter(|&p| value[p] > 0.0).collect();
    while let Some(p) = stack.pop() {
        if !std::mem::replace(&mut chosen[p], true) {
            stack.extend(items[p].requires.iter().copied().filter(|&q| !chosen[q]));
        }
    }
    let ids: Vec<&str> = proposals.iter().map(|p| p.id.as_str()).collect();
    let order = prioritized_order(&items, &chosen, &value, &ids);
    let kept = select(&grid, &items, &order, &current, &aims);

    let total: u32 = kept.iter().map(|&p| items[p].effort).fold(0, u32::saturating_add);
    let capacity = config.capacity.unwrap_or_else(|| {
        let phases = u32::try_from(phases_requested).unwrap_or(u32::MAX);
        total.div_ceil(phases)
    });
    let bins = pack(&items, &kept, capacity);
    let overflow = bins.len() > phases_requested;
    if overflow {
        notes.push(format!(
            "The plan needs {} phases instead of {phases_requested}: with {capacity} effort points per \
             phase and prerequisites done in earlier phases, it does not fit in fewer.",
            bins.len()
        ));
    }

    let mut needed_by: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    for &p in &kept {
        for &q in &items[p].requires {
            needed_by[q].push(p);
        }
    }
    let mut levels = current.clone();
    let mut rated: Vec<bool> = known.iter().map(Option::is_some).collect();
    let mut number = 0;
    let mut phases = Vec::with_capacity(bins.len());
    for (b, bin) in bins.iter().enumerate() {
        let mut planned = Vec::with_capacity(bin.items.len());
        for &p in &bin.items {
            number += 1;
            let proposal = &proposals[p];
            let mut raises = Vec::new();
            for &(c, to) in &items[p].raises {
                if f64::from(to) > levels[c] + EPSILON {
                    raises.push(Uplift {
                        criterion: grid.ids[c].to_string(),
                        from: rated[c].then_some(levels[c]),
                        to,
                    });
                    levels[c] = f64::from(to);
                    rated[c] = true;
                }
            }
            let needed_by: Vec<String> = needed_by[p].iter().map(|&d| ids[d].to_string()).collect();
            let note = (bin.alone && items[p].effort > capacity).then(|| {
                format!(
                    "Its {} effort points exceed the capacity of {capacity} per phase, so it has a phase of its own.",
                    items[p].effort
                )
            });
            planned.push(PlannedProposal {
                number,
                id: proposal.id.clone(),
                title: proposal.title.clone(),
                description: proposal.description.clone(),
                difficulty: proposal.difficulty,
                effort: items[p].effort,
                requires: proposal.requires.clone(),
                why: why(&raises, &needed_by),
                raises,
                needed_by,
                note,
            });
        }
        phases.push(Phase {
            number: b + 1,
            effort: bin.used,
            proposals: planned,
            projected: grid.reported_scores(models, &levels, &rated),
            projected_levels: grid
                .ids
                .iter()
                .zip(levels.iter().zip(&rated))
                .filter(|(_, (_, rated))| **rated)
                .map(|(id, (level, _))| (id.to_string(), *level))
                .collect(),
        });
    }

    let unreached: Vec<bool> = (0..models.len())
        .map(|m| aims.below_score(&grid, m, &levels))
        .collect();
    for (m, model) in models.iter().enumerate() {
        if let (true, Some(t)) = (unreached[m], aims.score[m]) {
            let reached = grid.score(m, &levels).unwrap_or(0.0);
            notes.push(format!(
                "The catalog cannot bring {} to a score of {t:.0}: the plan reaches {reached:.0}.",
                model.id
            ));
        }
    }
    let unplanned_gaps = (0..grid.ids.len())
        .filter(|&c| levels[c] < aims.level[c] - EPSILON && (aims.must[c] || unreached[grid.model_of[c]]))
        .map(|c| grid.ids[c].to_string())
        .collect();

    Roadmap {
        capacity,
        effort_points: config.effort,
        target: config.target.clone(),
        phases_requested,
        overflow,
        baseline,
        phases,
        unplanned_gaps,
        notes,
    }
}

/// Where each criterion and model is meant to go, by index.
struct Aims {
    /// The level each criterion aims for; its current level when it aims for nothing.
    level: Vec<f64>,
    /// Whether a criterion's aim holds whatever its model's score; if not, it only counts
    /// while the model is below its target score.
    must: Vec<bool>,
    /// The target score of each model, if it has one.
    score: Vec<Option<f64>>,
}

impl Aims {
    fn below_score(&self, grid: &Grid, model: usize, levels: &[f64]) -> bool {
        self.score[model].is_some_and(|t| grid.score(model, levels).is_some_and(|s| s < t - EPSILON))
    }
}

/// Resolves `target` for the assessment's criteria and models, noting targets it cannot use.
fn aims(models: &[Model], grid: &Grid, current: &[f64], target: &Target, notes: &mut Vec<String>) -> Aims {
    let top = f64::from(LEVELS);
    for id in target
        .levels
        .keys()
        .filter(|id| !grid.index.contains_key(id.as_str()))
    {
        notes.push(format!(
            "The target for `{id}` is ignored: the assessment has no such criterion."
        ));
    }
    for id in target
        .scores
        .keys()
        .filter(|id| !models.iter().any(|m| &m.id == *id))
    {
        notes.push(format!(
            "The target for `{id}` is ignored: the assessment does not use that model."
        ));
    }
    let score: Vec<Option<f64>> = models
        .iter()
        .map(|m| target.scores.get(&m.id).map(|s| s.clamp(0.0, 100.0)))
        .collect();
    let mut level = Vec::with_capacity(grid.ids.len());
    let mut must = Vec::with_capacity(grid.ids.len());
    for (c, id) in grid.ids.iter().enumerate() {
        let (aim, holds) = match (
            target.levels.get(*id),
            score[grid.model_of[c]],
            target.default_level,
        ) {
            (Some(&listed), _, _) => (f64::from(listed).clamp(1.0, top), true),
            (None, Some(_), _) => (top, false),
            (None, None, Some(default)) => (f64::from(default).clamp(1.0, top), true),
            (None, None, None) => (current[c], true),
        };
        level.push(aim);
        must.push(holds);
    }
    Aims { level, must, score }
}

/// A proposal ready to be placed, ordered so that the heap's maximum goes first.
struct Ready<'a> {
    inherited: f64,
    own: f64,
    id: &'a str,
    index: usize,
}

impl Ord for Ready<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.inherited
            .total_cmp(&other.inherited)
            .then_with(|| self.own.total_cmp(&other.own))
            .then_with(|| other.id.cmp(self.id))
    }
}

impl PartialOrd for Ready<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ready<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ready<'_> {}

/// The chosen proposals, prerequisites first; among ready ones the most valuable first.
/// The catalog has no cycles, so every chosen proposal is placed.
fn prioritized_order(items: &[Item], chosen: &[bool], value: &[f64], ids: &[&str]) -> Vec<usize> {
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    let mut waiting = vec![0_usize; items.len()];
    for p in (0..items.len()).filter(|&p| chosen[p]) {
        for &q in &items[p].requires {
            dependents[q].push(p);
            waiting[p] += 1;
        }
    }
    // Any topological order will do to pass values down to prerequisites.
    let mut topological: Vec<usize> = (0..items.len())
        .filter(|&p| chosen[p] && waiting[p] == 0)
        .collect();
    let mut left = waiting.clone();
    let mut next = 0;
    while let Some(&p) = topological.get(next) {
        next += 1;
        for &d in &dependents[p] {
            left[d] -= 1;
            if left[d] == 0 {
                topological.push(d);
            }
        }
    }
    let mut inherited = value.to_vec();
    for &p in topological.iter().rev() {
        for &q in &items[p].requires {
            inherited[q] = inherited[q].max(inherited[p]);
        }
    }
    let ready = |p: usize| Ready {
        inherited: inherited[p],
        own: value[p],
        id: ids[p],
        index: p,
    };
    let mut heap: BinaryHeap<Ready> = (0..items.len())
        .filter(|&p| chosen[p] && waiting[p] == 0)
        .map(ready)
        .collect();
    let mut order = Vec::with_capacity(topological.len());
    while let Some(Ready { index: p, .. }) = heap.pop() {
        order.push(p);
        for &d in &dependents[p] {
            waiting[d] -= 1;
            if waiting[d] == 0 {
                heap.push(ready(d));
            }
        }
    }
    order
}

/// Walks `order` taking each proposal's uplift against the levels the proposals taken so far
/// reach; a model's score target stops counting once it is reached. Proposals that add nothing
/// are left out unless a proposal kept after them needs them.
///
/// Only proposals that add something move the levels here, so leaving the others out cannot
/// change what a later one adds; the final levels, with kept prerequisites, are worked out
/// when the phases are described.
fn select(grid: &Grid, items: &[Item], order: &[usize], current: &[f64], aims: &Aims) -> Vec<usize> {
    let mut levels = current.to_vec();
    let mut open: Vec<bool> = (0..aims.score.len())
        .map(|m| aims.below_score(grid, m, &levels))
        .collect();
    let mut adds = vec![false; items.len()];
    for &p in order {
        let item = &items[p];
        let counts = |c: usize| aims.must[c] || open[grid.model_of[c]];
        adds[p] = uplift(item, &levels, &aims.level, counts) > EPSILON;
        if !adds[p] {
            continue;
        }
        for &(c, to) in &item.raises {
            levels[c] = levels[c].max(f64::from(to));
        }
        for &(c, _) in &item.raises {
            let m = grid.model_of[c];
            if open[m] {
                open[m] = aims.below_score(grid, m, &levels);
            }
        }
    }
    let mut needed = vec![false; items.len()];
    let mut kept: Vec<usize> = Vec::with_capacity(order.len());
    for &p in order.iter().rev() {
        if adds[p] || needed[p] {
            kept.push(p);
            for &q in &items[p].requires {
                needed[q] = true;
            }
        }
    }
    kept.reverse();
    kept
}

struct Bin {
    used: u32,
    /// Holds one proposal larger than the capacity, and nothing else.
    alone: bool,
    items: Vec<usize>,
}

/// First-fit packing in plan order; a prerequisite always lands in an earlier phase than the
/// proposals that need it. Trailing empty phases are dropped.
fn pack(items: &[Item], order: &[usize], capacity: u32) -> Vec<Bin> {
    let mut phase_of: HashMap<usize, usize> = HashMap::with_capacity(order.len());
    let mut bins: Vec<Bin> = Vec::new();
    // Bins before `first_empty` hold something and bins from it on are empty, because a
    // proposal only skips a bin that is full or that holds one of its prerequisites.
    let mut first_empty = 0;
    // No bin before `first_open` can take even the smallest proposal of the plan.
    let mut first_open = 0;
    let smallest = order.iter().map(|&p| items[p].effort).min().unwrap_or(0);
    for &p in order {
        let effort = items[p].effort;
        let after = items[p]
            .requires
            .iter()
            .filter_map(|q| phase_of.get(q))
            .map(|&b| b + 1)
            .max()
            .unwrap_or(0);
        let b = if effort > capacity {
            after.max(first_empty)
        } else {
            (after.max(first_open)..)
                .find(|&b| {
                    bins.get(b)
                        .is_none_or(|bin| !bin.alone && bin.used + effort <= capacity)
                })
                .unwrap_or(bins.len())
        };
        while bins.len() <= b {
            bins.push(Bin {
                used: 0,
                alone: false,
                items: Vec::new(),
            });
        }
        let bin = &mut bins[b];
        bin.used = bin.used.saturating_add(effort);
        bin.alone = effort > capacity;
        bin.items.push(p);
        phase_of.insert(p, b);
        while bins.get(first_empty).is_some_and(|bin| !bin.items.is_empty()) {
            first_empty += 1;
        }
        while bins
            .get(first_open)
            .is_some_and(|bin| bin.alone || bin.used.saturating_add(smallest) > capacity)
        {
            first_open += 1;
        }
    }
    bins
}

/// One sentence: what the proposal raises and which planned proposals need it.
fn why(raises: &[Uplift], needed_by: &[String]) -> String {
    let mut text = String::new();
    if !raises.is_empty() {
        text.push_str("Raises ");
        for (i, raise) in raises.iter().enumerate() {
            if i > 0 {
                text.push_str(if i + 1 == raises.len() { " and " } else { ", " });
            }
            let from = raise.from.map_or_else(|| "unknown".to_string(), format_level);
            let _ = write!(text, "{} from {from} to {}", raise.criterion, raise.to);
        }
    }
    if !needed_by.is_empty() {
        text.push_str(if text.is_empty() {
            "Needed by "
        } else {
            "; needed by "
        });
        text.push_str(&needed_by.join(", "));
    }
    if text.is_empty() {
        // Only when a later phase repeats what an earlier, smaller proposal already reached.
        text.push_str("Its criteria are already raised by earlier phases of this roadmap");
    }
    text.push('.');
    text
}

/// A level as people write it: whole levels without decimals, means with one.
fn format_level(level: f64) -> String {
    if (level - level.round()).abs() < EPSILON {
        format!("{level:.0}")
    } else {
        format!("{level:.1}")
    }
}

#[cfg(test)]
mod tests {
    use maturity_model::{ModelSet, parse_catalog};

    use super::*;

    /// (id, difficulty, requires, raises)
    type Entry<'a> = (&'a str, &'a str, &'a [&'a str], &'a [(&'a str, u8)]);
    /// (phases, capacity, expected phases, expected capacity, overflow)
    type PackingCase<'a> = (usize, Option<u32>, &'a [&'a [&'a str]], u32, bool);
    /// (model scores, expected proposals)
    type ScoresCase<'a> = (&'a [(&'a str, f64)], &'a [&'a str]);
    /// (target, levels, expected proposals, expected unplanned gaps)
    type TargetCase<'a> = (Target, &'a [(&'a str, f64)], &'a [&'a str], &'a [&'a str]);

    fn catalog(entries: &[Entry]) -> Catalog {
        parse_catalog("test.toml", &catalog_text(entries), &ModelSet::builtin())
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn catalog_text(entries: &[Entry]) -> String {
        let mut text = String::new();
        for (id, difficulty, requires, raises) in entries {
            let requires: Vec<String> = requires.iter().map(|r| format!("{r:?}")).collect();
            let raises: Vec<String> = raises
                .iter()
                .map(|(c, to)| format!("{{ criterion = {c:?}, to = {to} }}"))
                .collect();
            let _ = write!(
                text,
                "[[proposals]]\nid = {id:?}\ntitle = \"Do {id}\"\ndescription = \"Doing {id}.\"\n\
                 difficulty = {difficulty:?}\nrequires = [{}]\nraises = [{}]\n\n",
                requires.join(", "),
                raises.join(", ")
            );
        }
        text
    }

    fn testing_model() -> Vec<Model> {
        vec![ModelSet::builtin().get("testing").expect("built-in").clone()]
    }

    fn levels(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
        pairs.iter().map(|(c, l)| ((*c).to_string(), *l)).collect()
    }

    /// All testing criteria at `level`.
    fn testing_at(level: f64) -> BTreeMap<String, f64> {
        ["unit", "integration", "system", "performance", "security"]
            .iter()
            .map(|c| (format!("testing.{c}"), level))
            .collect()
    }

    fn ids(roadmap: &Roadmap) -> Vec<Vec<&str>> {
        roadmap
            .phases
            .iter()
            .map(|phase| phase.proposals.iter().map(|p| p.id.as_str()).collect())
            .collect()
    }

    /// What every roadmap must satisfy, whatever its input.
    fn check_invariants(roadmap: &Roadmap, catalog: &Catalog) {
        let mut phase_of = HashMap::new();
        let mut number = 0;
        for phase in &roadmap.phases {
            assert!(!phase.proposals.is_empty(), "empty phase {}", phase.number);
            for p in &phase.proposals {
                number += 1;
                assert_eq!(p.number, number);
                for required in &catalog.get(&p.id).expect("from the catalog").requires {
                    let at = phase_of.get(required.as_str()).copied();
                    assert!(
                        at.is_some_and(|at| at < phase.number),
                        "{} needs {required} earlier",
                        p.id
                    );
                }
                phase_of.insert(p.id.as_str(), phase.number);
                assert!(!p.why.is_empty());
            }
            let effort: u32 = phase.proposals.iter().map(|p| p.effort).sum();
            assert_eq!(effort, phase.effort);
            if effort > roadmap.capacity {
                assert_eq!(phase.proposals.len(), 1, "phase {} over capacity", phase.number);
                assert!(
                    phase.proposals[0]
                        .note
                        .as_deref()
                        .is_some_and(|n| n.contains("phase of its own"))
                );
            }
        }
        assert_eq!(roadmap.overflow, roadmap.phases.len() > roadmap.phases_requested);
        // Projected scores can only fall when a criterion nobody rated enters a mean.
        let all_rated = !roadmap.notes.iter().any(|n| n.contains("no level"));
        let mut before = roadmap.baseline.clone();
        for phase in &roadmap.phases {
            for (model, score) in &phase.projected {
                let previous = before.get(model).copied().unwrap_or(f64::NEG_INFINITY);
                assert!(
                    !all_rated || *score >= previous - EPSILON,
                    "{model} falls in phase {}",
                    phase.number
                );
            }
            before.clone_from(&phase.projected);
        }
    }

    fn run(
        models: &[Model],
        levels: &BTreeMap<String, f64>,
        catalog: &Catalog,
        config: &PlanConfig,
    ) -> Roadmap {
        let roadmap = plan(models, levels, catalog, config);
        check_invariants(&roadmap, catalog);
        assert_eq!(
            plan(models, levels, catalog, config),
            roadmap,
            "not deterministic"
        );
        roadmap
    }

    #[test]
    fn packing_table() {
        let c = catalog(&[
            ("unit-1", "S", &[], &[("testing.unit", 2)]),
            ("unit-2", "M", &["unit-1"], &[("testing.unit", 3)]),
            ("unit-3", "L", &["unit-2"], &[("testing.unit", 4)]),
            ("integration", "M", &[], &[("testing.integration", 3)]),
            ("system", "S", &[], &[("testing.system", 2)]),
            ("security", "S", &[], &[("testing.security", 2)]),
        ]);
        let at_1 = testing_at(1.0);
        let cases: &[PackingCase] = &[
            // Plan order: security, system, unit-1 (1 level per point, then by id), integration,
            // unit-2 (2 levels for 3 points, then by id), unit-3.
            // Total 17 points over 3 phases: 6 each; unit-3 (8) is larger and gets its own phase.
            (
                3,
                None,
                &[
                    &["security", "system", "unit-1", "integration"],
                    &["unit-2"],
                    &["unit-3"],
                ],
                6,
                false,
            ),
            // One phase cannot hold a chain of three: the plan grows and says so.
            (
                1,
                None,
                &[
                    &["security", "system", "unit-1", "integration"],
                    &["unit-2"],
                    &["unit-3"],
                ],
                17,
                true,
            ),
            // unit-2 fits beside integration by size, but not in the phase of its prerequisite.
            (
                3,
                Some(3),
                &[
                    &["security", "system", "unit-1"],
                    &["integration"],
                    &["unit-2"],
                    &["unit-3"],
                ],
                3,
                true,
            ),
            (
                3,
                Some(100),
                &[
                    &["security", "system", "unit-1", "integration"],
                    &["unit-2"],
                    &["unit-3"],
                ],
                100,
                false,
            ),
            (
                5,
                Some(4),
                &[
                    &["security", "system", "unit-1"],
                    &["integration"],
                    &["unit-2"],
                    &["unit-3"],
                ],
                4,
                false,
            ),
            // Capacity 0: every proposal is oversized and alone.
            (
                2,
                Some(0),
                &[
                    &["security"],
                    &["system"],
                    &["unit-1"],
                    &["integration"],
                    &["unit-2"],
                    &["unit-3"],
                ],
                0,
                true,
            ),
        ];
        for (phases, capacity, expected, expected_capacity, overflow) in cases {
            let config = PlanConfig {
                phases: *phases,
                capacity: *capacity,
                ..PlanConfig::default()
            };
            let roadmap = run(&testing_model(), &at_1, &c, &config);
            assert_eq!(ids(&roadmap), *expected, "{phases} phases, capacity {capacity:?}");
            assert_eq!(roadmap.capacity, *expected_capacity);
            assert_eq!(roadmap.overflow, *overflow, "{:?}", roadmap.notes);
            assert_eq!(roadmap.notes.iter().any(|n| n.contains("instead of")), *overflow);
        }
    }

    #[test]
    fn an_oversized_proposal_has_a_phase_of_its_own_and_says_so() {
        let c = catalog(&[
            (
                "big",
                "L",
                &[],
                &[("testing.unit", 4), ("testing.integration", 4)],
            ),
            ("small", "S", &[], &[("testing.system", 2)]),
        ]);
        let roadmap = run(
            &testing_model(),
            &testing_at(1.0),
            &c,
            &PlanConfig {
                capacity: Some(5),
                ..PlanConfig::default()
            },
        );
        // `small` is worth more per point and comes first; `big` cannot share a phase.
        assert_eq!(ids(&roadmap), [["small"], ["big"]]);
        assert_eq!(roadmap.phases[1].effort, 8);
        assert_eq!(
            roadmap.phases[1].proposals[0].note.as_deref(),
            Some("Its 8 effort points exceed the capacity of 5 per phase, so it has a phase of its own.")
        );
        assert_eq!(roadmap.phases[0].proposals[0].note, None);
        assert!(!roadmap.overflow);
    }

    #[test]
    fn order_by_value_then_id() {
        // (catalog, expected order within one roomy phase)
        let cases: &[(&[Entry], &[&str])] = &[
            // Equal value: id decides, whatever the file order.
            (
                &[
                    ("b-second", "S", &[], &[("testing.unit", 2)]),
                    ("a-first", "S", &[], &[("testing.system", 2)]),
                ],
                &["a-first", "b-second"],
            ),
            // More uplift per point first: 2 levels for 1 point beats 3 levels for 3 points.
            (
                &[
                    ("a-slow", "M", &[], &[("testing.unit", 4)]),
                    ("b-quick", "S", &[], &[("testing.system", 3)]),
                ],
                &["b-quick", "a-slow"],
            ),
            // Effort matters, not only uplift: 3 levels for 8 points loses to 1 level for 1 point.
            (
                &[
                    ("a-big", "L", &[], &[("testing.unit", 4)]),
                    ("b-small", "S", &[], &[("testing.system", 2)]),
                ],
                &["b-small", "a-big"],
            ),
        ];
        for (entries, expected) in cases {
            let c = catalog(entries);
            let roadmap = run(
                &testing_model(),
                &testing_at(1.0),
                &c,
                &PlanConfig {
                    capacity: Some(100),
                    ..PlanConfig::default()
                },
            );
            assert_eq!(ids(&roadmap), [expected.to_vec()]);
        }
    }

    #[test]
    fn a_prerequisite_comes_first_and_says_who_needs_it() {
        let c = catalog(&[
            ("evaluate", "S", &[], &[("devops.leadership", 2)]),
            ("adopt", "S", &["evaluate"], &[("testing.unit", 4)]),
            ("other", "S", &[], &[("testing.system", 2)]),
        ]);
        let roadmap = run(
            &testing_model(),
            &testing_at(1.0),
            &c,
            &PlanConfig {
                capacity: Some(100),
                ..PlanConfig::default()
            },
        );
        // `evaluate` raises nothing of this assessment, but `adopt` (3 levels for 1 point)
        // needs it, and it inherits that value ahead of `other`'s (1 level for 1 point).
        assert_eq!(ids(&roadmap), [vec!["evaluate", "other"], vec!["adopt"]]);
        let evaluate = &roadmap.phases[0].proposals[0];
        assert!(evaluate.raises.is_empty());
        assert_eq!(evaluate.needed_by, ["adopt"]);
        assert_eq!(evaluate.why, "Needed by adopt.");
        assert_eq!(
            roadmap.phases[1].proposals[0].why,
            "Raises testing.unit from 1 to 4."
        );
    }

    #[test]
    fn nothing_for_a_fully_mature_team() {
        let set = ModelSet::builtin();
        let all_4: BTreeMap<String, f64> = set
            .models()
            .iter()
            .flat_map(|m| m.criteria())
            .map(|c| (c.id.clone(), 4.0))
            .collect();
        let roadmap = run(set.models(), &all_4, &Catalog::builtin(), &PlanConfig::default());
        assert!(roadmap.phases.is_empty());
        assert!(roadmap.unplanned_gaps.is_empty());
        assert!(roadmap.notes.is_empty(), "{:?}", roadmap.notes);
        assert_eq!((roadmap.capacity, roadmap.overflow), (0, false));
        assert!(roadmap.baseline.values().all(|&s| (s - 100.0).abs() < EPSILON));
    }

    #[test]
    fn criteria_at_or_above_target_get_nothing() {
        let c = catalog(&[
            ("unit-3", "S", &[], &[("testing.unit", 3)]),
            ("unit-4", "S", &[], &[("testing.unit", 4)]),
            ("system-3", "S", &[], &[("testing.system", 3)]),
            ("system-4", "M", &["system-3"], &[("testing.system", 4)]),
        ]);
        let cases: &[TargetCase] = &[
            // unit already at the target 3; system at 2 needs system-3 only.
            (
                Target::level(3),
                &[("testing.unit", 3.0), ("testing.system", 2.0)],
                &["system-3"],
                &[],
            ),
            // Above the target counts as reached too.
            (
                Target::level(3),
                &[("testing.unit", 3.5), ("testing.system", 3.0)],
                &[],
                &[],
            ),
            // Target 4: each chain is walked to the top; 2.5 → 4 by unit-4 alone.
            (
                Target::level(4),
                &[("testing.unit", 2.5), ("testing.system", 4.0)],
                &["unit-4"],
                &[],
            ),
            // A per-criterion target overrides the default.
            (
                Target {
                    default_level: Some(1),
                    levels: BTreeMap::from([("testing.system".to_string(), 4)]),
                    scores: BTreeMap::new(),
                },
                &[("testing.unit", 1.0), ("testing.system", 1.0)],
                &["system-3", "system-4"],
                &[],
            ),
            // Nothing in the catalog raises integration: it is a gap the plan cannot close.
            (
                Target::level(2),
                &[
                    ("testing.unit", 2.0),
                    ("testing.system", 2.0),
                    ("testing.integration", 1.0),
                ],
                &[],
                &["testing.integration"],
            ),
        ];
        for (target, current, expected, gaps) in cases {
            let mut all = testing_at(4.0);
            all.extend(levels(current));
            let config = PlanConfig {
                target: target.clone(),
                capacity: Some(100),
                ..PlanConfig::default()
            };
            let roadmap = run(&testing_model(), &all, &c, &config);
            let chosen: Vec<&str> = ids(&roadmap).concat();
            assert_eq!(chosen, *expected, "{target:?} {current:?}");
            assert_eq!(roadmap.unplanned_gaps, *gaps, "{target:?} {current:?}");
        }
    }

    #[test]
    fn a_proposal_made_redundant_by_a_better_one_is_dropped() {
        let c = catalog(&[
            ("both", "S", &[], &[("testing.unit", 3), ("testing.system", 3)]),
            ("unit-only", "S", &[], &[("testing.unit", 3)]),
        ]);
        let roadmap = run(&testing_model(), &testing_at(1.0), &c, &PlanConfig::default());
        assert_eq!(ids(&roadmap), [["both"]]);
    }

    #[test]
    fn a_score_target_stops_once_reached() {
        // Each proposal lifts one of five criteria by one level: +6.7 points of the model score.
        let c = catalog(&[
            ("a", "S", &[], &[("testing.unit", 2)]),
            ("b", "S", &[], &[("testing.integration", 2)]),
            ("c", "S", &[], &[("testing.system", 2)]),
            ("d", "M", &[], &[("testing.performance", 2)]),
            ("e", "S", &[], &[("testing.security", 2)]),
        ]);
        let cases: &[(f64, &[&str], bool)] = &[
            (0.0, &[], false),
            (6.0, &["a"], false),
            (20.0, &["a", "b", "c"], false),
            // `d` costs more for the same uplift, so it comes last.
            (26.0, &["a", "b", "c", "e"], false),
            (100.0, &["a", "b", "c", "e", "d"], true),
        ];
        for (score, expected, short) in cases {
            let config = PlanConfig {
                target: Target::scores(BTreeMap::from([("testing".to_string(), *score)])),
                capacity: Some(100),
                ..PlanConfig::default()
            };
            let roadmap = run(&testing_model(), &testing_at(1.0), &c, &config);
            assert_eq!(ids(&roadmap).concat(), *expected, "target {score}");
            let last = roadmap
                .phases
                .last()
                .map_or(roadmap.baseline["testing"], |p| p.projected["testing"]);
            assert_eq!(last < *score - EPSILON, *short, "target {score}: {last}");
            assert_eq!(
                roadmap.notes.iter().any(|n| n.contains("cannot bring testing")),
                *short
            );
            assert_eq!(roadmap.unplanned_gaps.len(), if *short { 5 } else { 0 });
        }
    }

    #[test]
    fn listed_levels_and_model_scores_combine() {
        let set = ModelSet::builtin();
        let models = vec![
            set.get("devops").expect("devops").clone(),
            testing_model().remove(0),
        ];
        let c = catalog(&[
            ("lead", "S", &[], &[("devops.leadership", 4)]),
            ("culture", "S", &[], &[("devops.organization-culture", 2)]),
            ("sys", "S", &[], &[("testing.system", 3)]),
            ("unit", "S", &[], &[("testing.unit", 2)]),
        ]);
        let levels = BTreeMap::from([
            ("devops.leadership".to_string(), 3),
            ("testing.system".to_string(), 3),
        ]);
        let cases: &[ScoresCase] = &[
            // Listed criteria are reached whatever the scores; `sys` alone lifts testing to 13.3,
            // so `unit` is not needed for 5; devops has no score and `culture` no listed level.
            (&[("testing", 5.0)], &["lead", "sys"]),
            (&[("testing", 20.0)], &["lead", "sys", "unit"]),
            // No score at all: every other criterion aims for 4.
            (&[], &["lead", "sys", "culture", "unit"]),
        ];
        for (scores, expected) in cases {
            let config = PlanConfig {
                target: Target::new(
                    scores.iter().map(|(m, s)| ((*m).to_string(), *s)).collect(),
                    levels.clone(),
                ),
                capacity: Some(100),
                ..PlanConfig::default()
            };
            let roadmap = run(&models, &BTreeMap::new(), &c, &config);
            assert_eq!(ids(&roadmap).concat(), *expected, "{scores:?}");
        }
    }

    #[test]
    fn a_score_target_ignores_models_without_one() {
        let set = ModelSet::builtin();
        let models = vec![
            set.get("devops").expect("devops").clone(),
            testing_model().remove(0),
        ];
        let c = catalog(&[
            ("lead", "S", &[], &[("devops.leadership", 4)]),
            ("unit", "S", &[], &[("testing.unit", 2)]),
        ]);
        let config = PlanConfig {
            target: Target::scores(BTreeMap::from([
                ("testing".to_string(), 5.0),
                ("nope".to_string(), 5.0),
            ])),
            ..PlanConfig::default()
        };
        let roadmap = run(&models, &BTreeMap::new(), &c, &config);
        assert_eq!(ids(&roadmap), [["unit"]]);
        assert!(
            roadmap.notes.iter().any(|n| n.contains("`nope` is ignored")),
            "{:?}",
            roadmap.notes
        );
    }

    #[test]
    fn unrated_criteria_are_planned_from_level_1_and_say_so() {
        let c = catalog(&[
            ("unit", "S", &[], &[("testing.unit", 3)]),
            (
                "unit-more",
                "M",
                &["unit"],
                &[("testing.unit", 4), ("testing.system", 3)],
            ),
        ]);
        let current = levels(&[
            ("testing.integration", 4.0),
            ("testing.performance", 4.0),
            ("testing.security", 7.0 / 3.0),
            ("testing.system", 2.0),
        ]);
        let roadmap = run(
            &testing_model(),
            &current,
            &c,
            &PlanConfig {
                capacity: Some(100),
                ..PlanConfig::default()
            },
        );
        let raises: Vec<Vec<(&str, Option<f64>, u8)>> = roadmap
            .phases
            .iter()
            .flat_map(|p| &p.proposals)
            .map(|p| {
                p.raises
                    .iter()
                    .map(|r| (r.criterion.as_str(), r.from, r.to))
                    .collect()
            })
            .collect();
        assert_eq!(
            raises,
            [
                vec![("testing.unit", None, 3)],
                vec![("testing.unit", Some(3.0), 4), ("testing.system", Some(2.0), 3)]
            ]
        );
        assert_eq!(
            roadmap.phases[0].proposals[0].why,
            "Raises testing.unit from unknown to 3; needed by unit-more."
        );
        assert_eq!(
            roadmap.phases[1].proposals[0].why,
            "Raises testing.unit from 3 to 4 and testing.system from 2 to 3."
        );
        assert!(
            roadmap.notes[0].starts_with("1 criterion has no level"),
            "{:?}",
            roadmap.notes
        );
        assert_eq!(roadmap.unplanned_gaps, ["testing.system", "testing.security"]);
        // The baseline leaves the unrated criterion out, as the assessment's score does; once
        // raised, it counts at its new level.
        let baseline = (100.0 + 100.0 + level_score(7.0 / 3.0) + level_score(2.0)) / 4.0;
        assert!((roadmap.baseline["testing"] - baseline).abs() < EPSILON);
        let after_1 = (level_score(3.0) + 100.0 + 100.0 + level_score(7.0 / 3.0) + level_score(2.0)) / 5.0;
        assert!((roadmap.phases[0].projected["testing"] - after_1).abs() < EPSILON);
        assert!(roadmap.phases[0].projected["testing"] < roadmap.baseline["testing"]);
    }

    #[test]
    fn projected_scores_use_the_scoring_rule() {
        let set = ModelSet::builtin();
        let automation = vec![set.get("automation").expect("automation").clone()];
        let c = catalog(&[("access", "S", &[], &[("automation.access-rights", 4)])]);
        let at_1: BTreeMap<String, f64> = automation[0].criteria().map(|c| (c.id.clone(), 1.0)).collect();
        let roadmap = run(&automation, &at_1, &c, &PlanConfig::default());
        // One criterion of four in one area of five: 100 / 4 / 5.
        assert!((roadmap.phases[0].projected["automation"] - 5.0).abs() < EPSILON);
        assert!((roadmap.baseline["automation"]).abs() < EPSILON);
        assert_eq!(
            roadmap.phases[0].projected_levels["automation.access-rights"],
            4.0
        );
        assert_eq!(roadmap.phases[0].projected_levels.len(), 20);
    }

    #[test]
    fn a_cycle_in_a_user_catalog_never_reaches_the_planner() {
        let mut builtin = Catalog::builtin();
        let user = catalog_text(&[(
            "continuous-integration",
            "S",
            &["continuous-deployment"],
            &[("devops.builds-ci", 3)],
        )]);
        let err = builtin
            .extend_or_replace("mine.toml", &user, &ModelSet::builtin())
            .expect_err("cycle");
        let message = err.to_string();
        assert!(message.contains("mine.toml:6:"), "{message}");
        assert!(
            message.contains(
                "prerequisite cycle: continuous-integration → continuous-deployment → continuous-integration"
            ),
            "{message}"
        );
        assert_eq!(builtin, Catalog::builtin());
    }

    #[test]
    fn builtin_catalog_for_a_mixed_team() {
        let set = ModelSet::builtin();
        let ids: Vec<String> = set
            .models()
            .iter()
            .flat_map(|m| m.criteria())
            .map(|c| c.id.clone())
            .collect();
        // Deterministic mixed levels, a few fractional, two unrated.
        let current: BTreeMap<String, f64> = ids
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 11 != 5)
            .map(|(i, id)| (id.clone(), [1.0, 2.0, 1.5, 3.0, 2.0, 1.0, 4.0][i % 7]))
            .collect();
        let catalog = Catalog::builtin();
        for config in [
            PlanConfig::default(),
            PlanConfig {
                phases: 5,
                ..PlanConfig::default()
            },
            PlanConfig {
                capacity: Some(10),
                ..PlanConfig::default()
            },
            PlanConfig {
                target: Target::level(3),
                ..PlanConfig::default()
            },
            PlanConfig {
                target: Target::scores(BTreeMap::from([
                    ("devops".to_string(), 70.0),
                    ("testing".to_string(), 50.0),
                ])),
                ..PlanConfig::default()
            },
        ] {
            let roadmap = run(set.models(), &current, &catalog, &config);
            assert!(!roadmap.phases.is_empty());
            // Every gap the plan leaves open is listed.
            let last = &roadmap.phases.last().expect("phases").projected_levels;
            if let (Some(default), true) = (config.target.default_level, config.target.scores.is_empty()) {
                let open: Vec<&String> = ids.iter().filter(|id| last[*id] < f64::from(default)).collect();
                assert_eq!(roadmap.unplanned_gaps.iter().collect::<Vec<_>>(), open);
            }
        }
        let roadmap = plan(set.models(), &current, &catalog, &PlanConfig::default());
        let json = serde_json::to_value(&roadmap).expect("serializable");
        let proposals = json["phases"][0]["proposals"].as_array().expect("proposals");
        for key in ["id", "difficulty", "effort", "requires", "raises"] {
            assert!(proposals.iter().all(|p| !p[key].is_null()), "{key}");
        }
        let raise = proposals
            .iter()
            .find_map(|p| p["raises"].as_array()?.first())
            .expect("something is raised in phase 1");
        assert!(raise["criterion"].is_string() && raise["to"].is_u64() && raise.get("from").is_some());
        assert!(json["phases"][0]["projected"]["devops"].is_f64());
        assert!(json["capacity"].is_u64());
    }

    #[test]
    fn levels_format() {
        for (level, text) in [(1.0, "1"), (2.0, "2"), (2.5, "2.5"), (7.0 / 3.0, "2.3")] {
            assert_eq!(format_level(level), text);
        }
    }
}
