//! Which proposals go into the plan: those that close a gap, valued by uplift per effort point,
//! with their prerequisites; then, in plan order, only those that still add something.

use super::grid::{EPSILON, Grid, Item};
use super::targets::Aims;

/// How far a proposal brings the criteria it raises towards their targets from `levels`,
/// counting only criteria for which `counts` holds.
fn uplift(item: &Item, levels: &[f64], target: &[f64], counts: impl Fn(usize) -> bool) -> f64 {
    item.raises
        .iter()
        .filter(|&&(c, _)| counts(c))
        .map(|&(c, to)| (f64::from(to).min(target[c]) - levels[c]).max(0.0))
        .sum()
}

/// Each proposal's uplift per effort point from the `current` levels, each criterion's uplift
/// weighted by `weight`, counting a criterion that serves a score target only while its model
/// is below that target.
pub(super) fn values(grid: &Grid, items: &[Item], current: &[f64], aims: &Aims, weight: &[f64]) -> Vec<f64> {
    let open_at_start: Vec<bool> = (0..grid.models.len())
        .map(|m| aims.below_score(grid, m, current))
        .collect();
    items
        .iter()
        .map(|item| {
            let counts = |c: usize| aims.must[c] || open_at_start[grid.model_of[c]];
            let weighted: f64 = item
                .raises
                .iter()
                .filter(|&&(c, _)| counts(c))
                .map(|&(c, to)| (f64::from(to).min(aims.level[c]) - current[c]).max(0.0) * weight[c])
                .sum();
            weighted / f64::from(item.effort.max(1))
        })
        .collect()
}

/// What the assessor decided about each proposal (`[roadmap] include`, `exclude`, `done`).
pub(super) struct Decisions {
    pub(super) forced: Vec<bool>,
    pub(super) done: Vec<bool>,
    /// Excluded, or requiring (through proposals not done) an excluded one.
    pub(super) blocked: Vec<bool>,
}

impl Decisions {
    /// `done` spreads to the prerequisites of a done proposal: it could not be done without them.
    pub(super) fn new(items: &[Item], include: &[usize], exclude: &[usize], done: &[usize]) -> Self {
        let n = items.len();
        let mut is_done = vec![false; n];
        let mut stack: Vec<usize> = done.to_vec();
        while let Some(p) = stack.pop() {
            if !std::mem::replace(&mut is_done[p], true) {
                stack.extend(items[p].requires.iter().copied());
            }
        }
        let mut blocked = vec![false; n];
        for &p in exclude {
            blocked[p] = true;
        }
        // A fixpoint over the prerequisite DAG: each pass blocks one more link of a chain.
        let mut changed = true;
        while changed {
            changed = false;
            for p in 0..n {
                if !blocked[p] && !is_done[p] && items[p].requires.iter().any(|&q| blocked[q] && !is_done[q])
                {
                    blocked[p] = true;
                    changed = true;
                }
            }
        }
        let mut forced = vec![false; n];
        for &p in include {
            forced[p] = !blocked[p] && !is_done[p];
        }
        Self {
            forced,
            done: is_done,
            blocked,
        }
    }

    fn open(&self, p: usize) -> bool {
        !self.blocked[p] && !self.done[p]
    }
}

/// The proposals with value or asked for and, transitively, everything they require that is
/// not done; never one that is done or blocked.
pub(super) fn candidates(items: &[Item], value: &[f64], decisions: &Decisions) -> Vec<bool> {
    let mut chosen = vec![false; items.len()];
    let mut stack: Vec<usize> = (0..items.len())
        .filter(|&p| (value[p] > 0.0 || decisions.forced[p]) && decisions.open(p))
        .collect();
    while let Some(p) = stack.pop() {
        if !std::mem::replace(&mut chosen[p], true) {
            stack.extend(
                items[p]
                    .requires
                    .iter()
                    .copied()
                    .filter(|&q| !chosen[q] && !decisions.done[q]),
            );
        }
    }
    chosen
}

/// Walks `order` taking each proposal's uplift against the levels the proposals taken so far
/// reach; a model's score target stops counting once it is reached. Proposals that add nothing
/// are left out unless a proposal kept after them needs them.
///
/// Only proposals that add something move the levels here, so leaving the others out cannot
/// change what a later one adds; the final levels, with kept prerequisites, are worked out
/// when the phases are described.
pub(super) fn select(
    grid: &Grid,
    items: &[Item],
    order: &[usize],
    current: &[f64],
    aims: &Aims,
    forced: &[bool],
) -> Vec<usize> {
    let mut levels = current.to_vec();
    let mut open: Vec<bool> = (0..aims.score.len())
        .map(|m| aims.below_score(grid, m, &levels))
        .collect();
    let mut adds = vec![false; items.len()];
    for &p in order {
        let item = &items[p];
        let counts = |c: usize| aims.must[c] || open[grid.model_of[c]];
        adds[p] = uplift(item, &levels, &aims.level, counts) > EPSILON || forced[p];
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
    keep_needed(items, order, |p| adds[p])
}

/// The proposals of `order` for which `wanted` holds, with everything they require, in order.
pub(super) fn keep_needed(items: &[Item], order: &[usize], wanted: impl Fn(usize) -> bool) -> Vec<usize> {
    let mut needed = vec![false; items.len()];
    let mut kept: Vec<usize> = Vec::with_capacity(order.len());
    for &p in order.iter().rev() {
        if wanted(p) || needed[p] {
            kept.push(p);
            for &q in &items[p].requires {
                needed[q] = true;
            }
        }
    }
    kept.reverse();
    kept
}

/// The first `max` proposals of `kept` that add something, besides the forced ones, with what
/// they require: the plan, and in order what is deferred past its size.
pub(super) fn limit(
    items: &[Item],
    kept: &[usize],
    max: Option<usize>,
    forced: &[bool],
) -> (Vec<usize>, Vec<usize>) {
    let Some(max) = max else {
        return (kept.to_vec(), Vec::new());
    };
    if kept.len() <= max {
        return (kept.to_vec(), Vec::new());
    }
    // Walk in plan order taking whole prerequisite chains: a proposal counts with the
    // prerequisites it brings that are not taken yet.
    let mut in_kept = vec![false; items.len()];
    for &p in kept {
        in_kept[p] = true;
    }
    let mut taken = vec![false; items.len()];
    let mut within = vec![false; items.len()];
    let mut count = 0;
    for &p in kept {
        if taken[p] {
            continue;
        }
        let mut chain = Vec::new();
        let mut stack = vec![p];
        while let Some(q) = stack.pop() {
            if in_kept[q] && !taken[q] && !chain.contains(&q) {
                chain.push(q);
                stack.extend(items[q].requires.iter().copied());
            }
        }
        let cost = chain.iter().filter(|&&q| !forced[q]).count();
        if forced[p] || count + cost <= max {
            count += cost;
            for q in chain {
                taken[q] = true;
            }
            within[p] = true;
        }
    }
    let plan = keep_needed(items, kept, |p| within[p]);
    let deferred = kept.iter().copied().filter(|&p| !taken[p]).collect();
    (plan, deferred)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use crate::roadmap::grid::EPSILON;
    use crate::roadmap::test_support::{catalog, ids, run, testing_at, testing_model};
    use crate::roadmap::{PlanConfig, Target};

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
}
