//! Packing the ordered proposals into exactly the phases asked for: each phase takes an even
//! share of the plan's effort, a prerequisite sits in the same phase as its dependant or an
//! earlier one, and what a set capacity cannot hold moves out of the plan, named in a note.

use std::collections::HashMap;

use super::grid::Item;

/// One phase being filled, its proposals in plan order (so prerequisites first).
pub(super) struct Bin {
    pub(super) used: u32,
    pub(super) items: Vec<usize>,
}

/// The phases, and the proposals no phase could hold, in plan order.
pub(super) struct Packing {
    pub(super) bins: Vec<Bin>,
    pub(super) moved_out: Vec<usize>,
}

/// The even share of the plan's effort per phase: the total over the phases, rounded up.
pub(super) fn share(items: &[Item], kept: &[usize], phases: usize) -> u32 {
    let total: u32 = kept.iter().map(|&p| items[p].effort).fold(0, u32::saturating_add);
    total.div_ceil(u32::try_from(phases.max(1)).unwrap_or(u32::MAX))
}

/// Packs `order` into `phases` phases. Each proposal goes into the earliest phase, from its
/// latest prerequisite's on, that stays within `share` (the even share, or the capacity when
/// that is smaller); one larger than that share into the earliest such phase still empty;
/// otherwise into the least filled such phase that stays within `capacity` (no limit when
/// none is set). A proposal that fits nowhere, or whose prerequisite moved out, moves out.
/// Trailing phases left empty are dropped.
pub(super) fn pack(
    items: &[Item],
    order: &[usize],
    phases: usize,
    share: u32,
    capacity: Option<u32>,
) -> Packing {
    let phases = phases.max(1);
    let limit = capacity.unwrap_or(u32::MAX);
    let share = share.min(limit);
    let mut bins: Vec<Bin> = (0..phases)
        .map(|_| Bin {
            used: 0,
            items: Vec::new(),
        })
        .collect();
    // Proposal → its phase, or `None` once it moved out.
    let mut phase_of: HashMap<usize, Option<usize>> = HashMap::with_capacity(order.len());
    let mut moved_out = Vec::new();
    for &p in order {
        let effort = items[p].effort;
        let mut after = 0;
        let mut prerequisite_out = false;
        for q in &items[p].requires {
            match phase_of.get(q) {
                Some(Some(b)) => after = after.max(*b),
                Some(None) => prerequisite_out = true,
                None => {}
            }
        }
        // A recommended prerequisite that is planned comes first; one moved out does not hold
        // this one back.
        for q in &items[p].recommends {
            if let Some(Some(b)) = phase_of.get(q) {
                after = after.max(*b);
            }
        }
        let fits = |bin: &Bin, room: u32| bin.used.saturating_add(effort) <= room;
        let chosen = if prerequisite_out {
            None
        } else {
            (after..phases)
                .find(|&b| fits(&bins[b], share))
                .or_else(|| {
                    (effort > share)
                        .then(|| (after..phases).find(|&b| bins[b].items.is_empty()))
                        .flatten()
                })
                .or_else(|| {
                    (after..phases)
                        .filter(|&b| fits(&bins[b], limit))
                        .min_by_key(|&b| (bins[b].used, b))
                })
        };
        match chosen {
            Some(b) => {
                bins[b].used = bins[b].used.saturating_add(effort);
                bins[b].items.push(p);
                phase_of.insert(p, Some(b));
            }
            None => {
                phase_of.insert(p, None);
                moved_out.push(p);
            }
        }
    }
    while bins.last().is_some_and(|bin| bin.items.is_empty()) {
        bins.pop();
    }
    Packing { bins, moved_out }
}

/// What moved out of the plan and why: the phases asked for, at this capacity, cannot hold it.
pub(super) fn moved_out_note(names: &[String], phases: usize, capacity: u32) -> String {
    format!(
        "{phases} {} of at most {capacity} effort points cannot hold the whole plan: moved out \
         {}. Ask for more phases or a larger capacity to plan {}.",
        if phases == 1 { "phase" } else { "phases" },
        names.join(", "),
        if names.len() == 1 { "it" } else { "them" }
    )
}

#[cfg(test)]
mod tests {
    use crate::roadmap::PlanConfig;
    use crate::roadmap::test_support::{catalog, ids, run, testing_at, testing_model};

    /// (phases, capacity, expected phases, expected capacity, moved out)
    type PackingCase<'a> = (usize, Option<u32>, &'a [&'a [&'a str]], u32, &'a [&'a str]);

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
                &[],
            ),
            // One phase holds a chain of three, prerequisites first.
            (
                1,
                None,
                &[&["security", "system", "unit-1", "integration", "unit-2", "unit-3"]],
                17,
                &[],
            ),
            // Three phases of 3 points cannot hold unit-3: it moves out, never a fourth phase.
            (
                3,
                Some(3),
                &[&["security", "system", "unit-1"], &["integration"], &["unit-2"]],
                3,
                &["unit-3"],
            ),
            // A generous capacity still spreads the plan over the phases asked for.
            (
                3,
                Some(100),
                &[
                    &["security", "system", "unit-1", "integration"],
                    &["unit-2"],
                    &["unit-3"],
                ],
                100,
                &[],
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
                &[],
            ),
            // Capacity 0: every proposal is oversized; two fit alone, the rest move out, and
            // unit-2 and unit-3 with their prerequisite unit-1.
            (
                2,
                Some(0),
                &[&["security"], &["system"]],
                0,
                &["unit-1", "integration", "unit-2", "unit-3"],
            ),
        ];
        for (phases, capacity, expected, expected_capacity, moved_out) in cases {
            let config = PlanConfig {
                phases: *phases,
                capacity: *capacity,
                ..PlanConfig::default()
            };
            let roadmap = run(&testing_model(), &at_1, &c, &config);
            assert_eq!(ids(&roadmap), *expected, "{phases} phases, capacity {capacity:?}");
            assert!(roadmap.phases.len() <= *phases);
            assert_eq!(roadmap.capacity, *expected_capacity);
            assert_eq!(roadmap.moved_out, *moved_out, "{:?}", roadmap.notes);
            assert_eq!(roadmap.overflow, !moved_out.is_empty());
            let note = roadmap
                .notes
                .iter()
                .find(|n| n.contains("cannot hold the whole plan"));
            assert_eq!(note.is_some(), !moved_out.is_empty(), "{:?}", roadmap.notes);
            if let Some(note) = note {
                assert!(
                    note.contains(&format!("moved out {}.", moved_out.join(", "))),
                    "{note}"
                );
            }
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
