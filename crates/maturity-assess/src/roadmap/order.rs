//! The order proposals are planned in: prerequisites first (required or recommended, when
//! both are chosen), and among the proposals that are ready, those that answer a signal
//! (an observation, a contradiction, weak evidence) first, then the most valuable.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::grid::Item;

/// A proposal ready to be placed, ordered so that the heap's maximum goes first.
struct Ready<'a> {
    inherited: Priority,
    own: Priority,
    id: &'a str,
    index: usize,
}

/// Whether a proposal answers a signal, then its uplift per effort point.
#[derive(Clone, Copy)]
struct Priority {
    signalled: bool,
    value: f64,
}

impl Priority {
    fn cmp(self, other: Self) -> Ordering {
        self.signalled
            .cmp(&other.signalled)
            .then_with(|| self.value.total_cmp(&other.value))
    }

    fn max(self, other: Self) -> Self {
        if other.cmp(self) == Ordering::Greater {
            other
        } else {
            self
        }
    }
}

impl Ord for Ready<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.inherited
            .cmp(other.inherited)
            .then_with(|| self.own.cmp(other.own))
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
pub(super) fn prioritized_order(
    items: &[Item],
    chosen: &[bool],
    value: &[f64],
    signalled: &[bool],
    ids: &[&str],
) -> Vec<usize> {
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    let mut waiting = vec![0_usize; items.len()];
    for p in (0..items.len()).filter(|&p| chosen[p]) {
        for q in items[p].links().filter(|&q| chosen[q]) {
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
    let own: Vec<Priority> = value
        .iter()
        .zip(signalled)
        .map(|(&value, &signalled)| Priority { signalled, value })
        .collect();
    let mut inherited = own.clone();
    for &p in topological.iter().rev() {
        for q in items[p].links().filter(|&q| chosen[q]) {
            inherited[q] = inherited[q].max(inherited[p]);
        }
    }
    let ready = |p: usize| Ready {
        inherited: inherited[p],
        own: own[p],
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

#[cfg(test)]
mod tests {
    use crate::roadmap::PlanConfig;
    use crate::roadmap::test_support::{Entry, catalog, ids, run, testing_at, testing_model};

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
                    phases: 1,
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
                phases: 1,
                ..PlanConfig::default()
            },
        );
        // `evaluate` raises nothing of this assessment, but `adopt` (3 levels for 1 point)
        // needs it, and it inherits that value ahead of `other`'s (1 level for 1 point); it
        // shares the phase, ordered first.
        assert_eq!(ids(&roadmap), [vec!["evaluate", "adopt", "other"]]);
        let evaluate = &roadmap.phases[0].proposals[0];
        assert!(evaluate.raises.is_empty());
        assert_eq!(evaluate.needed_by, ["adopt"]);
        assert_eq!(evaluate.why, "Needed by adopt.");
        assert_eq!(
            roadmap.phases[0].proposals[1].why,
            "Raises testing.unit from 1 to 4."
        );
    }
}
