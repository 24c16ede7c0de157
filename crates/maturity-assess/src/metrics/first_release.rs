//! The first-release map: for every commit, the earliest delivery (release or production
//! deployment, by delivery time) whose commit contains it.
//!
//! Computed in one pass: deliveries are taken in time order and each floods the ancestors of
//! its commit that no earlier delivery reached. Every commit is assigned once and entered once,
//! every parent edge is scanned once, so the whole map costs O(commits + edges) however many
//! releases there are — where asking git per tag (`git tag --contains`, or `git rev-list TAG
//! --not EARLIER`) walks the history again for each one. Pure: works on a [`History`].

use super::history::History;

/// Marks a commit no delivery contains.
pub const UNRELEASED: u32 = u32::MAX;

/// For each commit, the delivery (index into `delivery_commits`) that first contains it, or
/// [`UNRELEASED`].
///
/// `delivery_commits[i]` is the commit of delivery `i`, and deliveries must already be sorted
/// by delivery time (ties in a fixed order): the first delivery in that order wins.
pub fn first_delivery(history: &History, delivery_commits: &[Option<u32>]) -> Vec<u32> {
    let mut first = vec![UNRELEASED; history.len()];
    let mut stack: Vec<u32> = Vec::new();
    for (delivery, commit) in delivery_commits.iter().enumerate() {
        let Some(commit) = *commit else { continue };
        let delivery = u32::try_from(delivery).unwrap_or(UNRELEASED);
        // A commit already assigned was reached by an earlier delivery, and so were all its
        // ancestors: the flood stops there.
        if first[commit as usize] != UNRELEASED {
            continue;
        }
        first[commit as usize] = delivery;
        stack.push(commit);
        while let Some(current) = stack.pop() {
            for &parent in history.parents(current) {
                let slot = &mut first[parent as usize];
                if *slot == UNRELEASED {
                    *slot = delivery;
                    stack.push(parent);
                }
            }
        }
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::history::{CommitId, CommitInfo, HistoryBuilder};

    /// A history from `(name, parents)` pairs in any order; ids derive from the names.
    fn history(commits: &[(u8, &[u8])]) -> History {
        let mut b = HistoryBuilder::default();
        for (name, parents) in commits {
            let (c, _) = b.intern(CommitId([*name; 20]));
            let ps: Vec<u32> = parents.iter().map(|p| b.intern(CommitId([*p; 20])).0).collect();
            b.set_parents(c, &ps);
            b.set_info(c, CommitInfo::default());
        }
        b.build().expect("complete history")
    }

    #[test]
    fn earliest_delivery_wins_and_merges_are_followed() {
        // 1 ← 2 ← 3 (release a), 2 ← 4 (branch), 3,4 ← 5 merge (release b), 6 unreleased.
        let h = history(&[(1, &[]), (2, &[1]), (3, &[2]), (4, &[2]), (5, &[3, 4]), (6, &[5])]);
        let idx = |n: u8| h.find(&CommitId([n; 20])).expect("known");
        let first = first_delivery(&h, &[Some(idx(3)), Some(idx(5)), None]);
        let got: Vec<u32> = (1..=6).map(|n| first[idx(n) as usize]).collect();
        assert_eq!(got, vec![0, 0, 0, 1, 1, UNRELEASED]);
    }

    #[test]
    fn a_later_delivery_of_an_older_commit_gets_nothing() {
        // A backport tag at 2, released after the tag at 3: 2 already belongs to the tag at 3.
        let h = history(&[(1, &[]), (2, &[1]), (3, &[2])]);
        let idx = |n: u8| h.find(&CommitId([n; 20])).expect("known");
        let first = first_delivery(&h, &[Some(idx(3)), Some(idx(2))]);
        assert_eq!(first[idx(2) as usize], 0);
        assert_eq!(first[idx(1) as usize], 0);
    }
}
