//! Packing the ordered proposals into phases of limited effort, prerequisites in earlier phases.

use std::collections::HashMap;

use super::grid::Item;

/// One phase being filled.
pub(super) struct Bin {
    pub(super) used: u32,
    /// Holds one proposal larger than the capacity, and nothing else.
    pub(super) alone: bool,
    pub(super) items: Vec<usize>,
}

/// The effort points per phase: as asked, else the plan's total effort spread evenly over the
/// phases asked for, rounded up so that it fits.
pub(super) fn capacity(asked: Option<u32>, items: &[Item], kept: &[usize], phases: usize) -> u32 {
    asked.unwrap_or_else(|| {
        let total: u32 = kept.iter().map(|&p| items[p].effort).fold(0, u32::saturating_add);
        let phases = u32::try_from(phases).unwrap_or(u32::MAX);
        total.div_ceil(phases)
    })
}

/// First-fit packing in plan order; a prerequisite always lands in an earlier phase than the
/// proposals that need it. Trailing empty phases are dropped.
pub(super) fn pack(items: &[Item], order: &[usize], capacity: u32) -> Vec<Bin> {
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

/// Why the plan has more phases than asked for.
pub(super) fn overflow_note(needed: usize, requested: usize, capacity: u32) -> String {
    format!(
        "The plan needs {needed} phases instead of {requested}: with {capacity} effort points per \
         phase and prerequisites done in earlier phases, it does not fit in fewer."
    )
}

#[cfg(test)]
mod tests {
    use crate::roadmap::PlanConfig;
    use crate::roadmap::test_support::{catalog, ids, run, testing_at, testing_model};

    /// (phases, capacity, expected phases, expected capacity, overflow)
    type PackingCase<'a> = (usize, Option<u32>, &'a [&'a [&'a str]], u32, bool);

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
}
