//! The first-release map equals a naive reference on random histories: for each commit, the
//! earliest delivery whose commit has it as an ancestor (or is it), found by walking every
//! delivery's ancestors separately.

use maturity_assess::metrics::{CommitId, CommitInfo, HistoryBuilder, UNRELEASED, first_delivery};
use proptest::prelude::*;

/// A random history: commit `i`'s parents are up to two earlier commits (so it is a DAG, with
/// merges and several roots), and deliveries name commits or nothing.
fn history_and_deliveries() -> impl Strategy<Value = (Vec<Vec<u32>>, Vec<Option<u32>>)> {
    (1_u32..60).prop_flat_map(|n| {
        let parents = (0..n)
            .map(|i| {
                if i == 0 {
                    Just(Vec::new()).boxed()
                } else {
                    prop::collection::vec(0..i, 0..=2).boxed()
                }
            })
            .collect::<Vec<_>>();
        let deliveries = prop::collection::vec(prop::option::weighted(0.9, 0..n), 0..12);
        (parents, deliveries)
    })
}

fn naive(parents: &[Vec<u32>], deliveries: &[Option<u32>]) -> Vec<u32> {
    let mut first = vec![UNRELEASED; parents.len()];
    for (d, commit) in deliveries.iter().enumerate() {
        let Some(commit) = commit else { continue };
        let mut seen = vec![false; parents.len()];
        let mut stack = vec![*commit];
        while let Some(c) = stack.pop() {
            if std::mem::replace(&mut seen[c as usize], true) {
                continue;
            }
            let slot = &mut first[c as usize];
            *slot = (*slot).min(u32::try_from(d).expect("few deliveries"));
            stack.extend(&parents[c as usize]);
        }
    }
    first
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn equals_the_naive_reference((parents, deliveries) in history_and_deliveries()) {
        let mut b = HistoryBuilder::with_capacity(parents.len());
        let author = b.author("ann@example.com");
        let ids: Vec<u32> = (0..parents.len())
            .map(|i| {
                let mut bytes = [0_u8; 20];
                bytes[..4].copy_from_slice(&u32::try_from(i).expect("small").to_be_bytes());
                b.intern(CommitId(bytes)).0
            })
            .collect();
        for (i, ps) in parents.iter().enumerate() {
            let ps: Vec<u32> = ps.iter().map(|&p| ids[p as usize]).collect();
            b.set_parents(ids[i], &ps);
            b.set_info(ids[i], CommitInfo { author_time: 0, committer_time: 0, author, flags: 0 });
        }
        let history = b.build().expect("complete");
        let by_id: Vec<Option<u32>> = deliveries.iter().map(|d| d.map(|c| ids[c as usize])).collect();
        let fast = first_delivery(&history, &by_id);
        let reference = naive(&parents, &deliveries);
        for (i, expected) in reference.iter().enumerate() {
            prop_assert_eq!(fast[ids[i] as usize], *expected, "commit {}", i);
        }
    }
}
