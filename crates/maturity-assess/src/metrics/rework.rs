//! Deployment rework rate: the share of deliveries made to undo or fix what an earlier one
//! shipped rather than to ship new work (DORA's fifth key). A delivery is rework when its
//! event says so (`kind`), when it deploys an earlier version again (a rollback), when it
//! first ships a commit reverting a change an earlier delivery shipped, or when it comes from
//! a hotfix tag or first ships a commit of a hotfix branch.
//!
//! Rollbacks and reverts also say which delivery they undo: `failure_rate` counts that one as
//! failed, recovered when the rework was delivered.

use std::collections::HashMap;

use super::deliveries::Delivery;
use super::first_release::UNRELEASED;
use super::history::History;
use super::input::ReworkKind;
use super::output::{ReworkItem, ReworkRate};
use super::time::rfc3339;

/// A delivery found to be rework, with the deliveries whose changes it undid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Reworked {
    pub delivery: usize,
    pub kind: ReworkKind,
    pub reason: String,
    /// Deliveries it rolled back or reverted changes of, each with why.
    pub undoes: Vec<(usize, String)>,
}

fn short(history: &History, commit: u32) -> String {
    history.id(commit).to_hex()[..12].to_string()
}

/// Every delivery (in time order) that is rework; `first` is the first-release map and
/// `hotfix_commits` the commits of hotfix branches, with their branch.
pub(super) fn rework(
    history: &History,
    deliveries: &[Delivery],
    first: &[u32],
    hotfix_commits: &[(u32, String)],
) -> Vec<Reworked> {
    // Each revert shipped after the change it reverts, by the delivery that shipped it. A
    // revert shipped together with its change undid nothing users saw.
    let mut reverts: HashMap<usize, Vec<(u32, usize)>> = HashMap::new();
    for &(revert, reverted) in history.reverts() {
        let (by, of) = (first[revert as usize], first[reverted as usize]);
        if by != UNRELEASED && of != UNRELEASED && of < by {
            reverts
                .entry(by as usize)
                .or_default()
                .push((revert, of as usize));
        }
    }
    let mut hotfixes: HashMap<usize, &str> = HashMap::new();
    for (commit, branch) in hotfix_commits {
        let by = first.get(*commit as usize).copied().unwrap_or(UNRELEASED);
        if by != UNRELEASED {
            hotfixes.entry(by as usize).or_insert(branch);
        }
    }
    let mut out = Vec::new();
    for (j, delivery) in deliveries.iter().enumerate() {
        let mut found: Vec<(ReworkKind, String)> = Vec::new();
        if let Some(kind) = delivery.kind {
            let said = match delivery.line {
                Some(line) => format!("marked {} (line {line})", kind.as_str()),
                None => format!("{} tag", kind.as_str()),
            };
            found.push((kind, said));
        }
        if let Some(earlier) = rolled_back_to(history, deliveries, first, j) {
            found.push((
                ReworkKind::Rollback,
                format!("deploys {} again", deliveries[earlier].name),
            ));
        }
        let shipped_reverts = reverts.get(&j).map_or(&[][..], Vec::as_slice);
        if let Some(&(revert, _)) = shipped_reverts.first() {
            found.push((
                ReworkKind::Revert,
                format!("ships revert {}", short(history, revert)),
            ));
        }
        if let Some(branch) = hotfixes.get(&j) {
            found.push((ReworkKind::Hotfix, format!("ships hotfix branch {branch}")));
        }
        if found.is_empty() {
            continue;
        }
        let mut undoes = Vec::new();
        if j > 0 && found.iter().any(|(kind, _)| *kind == ReworkKind::Rollback) {
            undoes.push((j - 1, format!("rolled back by {}", delivery.name)));
        }
        for &(revert, of) in shipped_reverts {
            undoes.push((
                of,
                format!(
                    "a change reverted by {} in {}",
                    short(history, revert),
                    delivery.name
                ),
            ));
        }
        let (kind, _) = found[0];
        let reason = found
            .iter()
            .map(|(_, why)| why.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        out.push(Reworked {
            delivery: j,
            kind,
            reason,
            undoes,
        });
    }
    out
}

/// The earlier delivery that delivery `j` deploys again, when it is a rollback: it names a
/// version delivered before the one it replaces, or its commit is one an earlier delivery
/// already contained; and what it deploys is older than what was live (an ancestor of it),
/// where both commits are known. A redeploy of what is live, or a roll forward again after a
/// rollback, is no rollback.
fn rolled_back_to(history: &History, deliveries: &[Delivery], first: &[u32], j: usize) -> Option<usize> {
    let previous = &deliveries[j.checked_sub(1)?];
    let delivery = &deliveries[j];
    if delivery.name == previous.name {
        return None;
    }
    let by_name = deliveries[..j - 1].iter().rposition(|d| d.name == delivery.name);
    let by_commit = || {
        let earlier = *first.get(delivery.deployed? as usize)?;
        (earlier != UNRELEASED && (earlier as usize) < j).then_some(earlier as usize)
    };
    let earlier = by_name.or_else(by_commit)?;
    match (delivery.deployed, previous.deployed) {
        (Some(c), Some(live)) if c == live || !is_ancestor(history, c, live) => None,
        _ => Some(earlier),
    }
}

/// Whether `ancestor` is reachable from `commit`. A walk of the history, but only for the
/// rare delivery that deploys something already delivered.
fn is_ancestor(history: &History, ancestor: u32, commit: u32) -> bool {
    let mut seen = vec![false; history.len()];
    let mut stack = vec![commit];
    while let Some(c) = stack.pop() {
        if c == ancestor {
            return true;
        }
        for &p in history.parents(c) {
            if !std::mem::replace(&mut seen[p as usize], true) {
                stack.push(p);
            }
        }
    }
    false
}

/// The rate over the `counted` deliveries, listing each reworked one.
pub(super) fn rework_rate(deliveries: &[Delivery], counted: &[usize], reworked: &[Reworked]) -> ReworkRate {
    let in_window: Vec<&Reworked> = reworked
        .iter()
        .filter(|r| counted.binary_search(&r.delivery).is_ok())
        .collect();
    let items: Vec<ReworkItem> = in_window
        .iter()
        .map(|r| ReworkItem {
            delivery: deliveries[r.delivery].name.clone(),
            time: rfc3339(deliveries[r.delivery].time),
            kind: r.kind,
            reason: r.reason.clone(),
        })
        .collect();
    #[allow(clippy::cast_precision_loss)]
    let value = (!counted.is_empty()).then(|| items.len() as f64 / counted.len() as f64);
    ReworkRate {
        value,
        reworked: items.len(),
        total: counted.len(),
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::first_release::first_delivery;
    use crate::metrics::testkit::{HOUR, T0, at, history_with_reverts, id};

    /// A delivery `name` at hour `hour` of commit `commit`, from an export when `line` is set.
    fn delivery(name: &str, hour: i64, commit: u32) -> Delivery {
        Delivery {
            name: name.to_string(),
            id: None,
            line: None,
            time: T0 + hour * HOUR,
            commit: Some(commit),
            deployed: Some(commit),
            rolled_back: false,
            failed: false,
            kind: None,
        }
    }

    /// `(delivery, kind, reason, undoes as (delivery, why))` of every reworked delivery.
    type Found = (usize, ReworkKind, String, Vec<(usize, String)>);

    fn judge(history: &History, deliveries: &[Delivery], hotfix: &[(u32, String)]) -> Vec<Found> {
        let commits: Vec<Option<u32>> = deliveries.iter().map(|d| d.commit).collect();
        let first = first_delivery(history, &commits);
        rework(history, deliveries, &first, hotfix)
            .into_iter()
            .map(|r| (r.delivery, r.kind, r.reason, r.undoes))
            .collect()
    }

    #[test]
    fn rework_cases() {
        // 0 ← 1 ← 2 ← 3 ← 4; 3 reverts 1.
        let commits: Vec<_> = (0_u32..5)
            .map(|i| match i {
                0 => at(T0),
                _ => at(T0 + i64::from(i) * HOUR).after(&[i - 1]),
            })
            .collect();
        let h = history_with_reverts(&commits, &[(3, 1)]);
        let short = |c: u32| id(c).to_hex()[..12].to_string();
        let undo = |d: usize, why: &str| vec![(d, why.to_string())];
        let marked = Delivery {
            line: Some(4),
            kind: Some(ReworkKind::FixForward),
            ..delivery("v4", 30, 4)
        };
        let hotfix_tag = Delivery {
            kind: Some(ReworkKind::Hotfix),
            ..delivery("v1.0.1-hotfix1", 30, 2)
        };
        let failed_then_back = Delivery {
            commit: None,
            failed: true,
            ..delivery("v3", 20, 2)
        };
        /// (case, deliveries, hotfix branch commits, found)
        type Case = (&'static str, Vec<Delivery>, Vec<(u32, String)>, Vec<Found>);
        let cases: Vec<Case> = vec![
            (
                "shipping forward is no rework",
                vec![
                    delivery("v1", 10, 1),
                    delivery("v2", 20, 2),
                    delivery("v2", 21, 2),
                ],
                vec![],
                vec![],
            ),
            (
                "an earlier version again: a rollback of the one it replaced",
                vec![
                    delivery("v1", 10, 1),
                    delivery("v2", 20, 2),
                    delivery("v1", 21, 1),
                ],
                vec![],
                vec![(
                    2,
                    ReworkKind::Rollback,
                    "deploys v1 again".into(),
                    undo(1, "rolled back by v1"),
                )],
            ),
            (
                "forward again after a rollback is no rollback",
                vec![
                    delivery("v1", 10, 1),
                    delivery("v2", 20, 2),
                    delivery("v1", 21, 1),
                    delivery("v2", 22, 2),
                ],
                vec![],
                vec![(
                    2,
                    ReworkKind::Rollback,
                    "deploys v1 again".into(),
                    undo(1, "rolled back by v1"),
                )],
            ),
            (
                "an older commit under another name is a rollback too",
                vec![
                    delivery("v1", 10, 1),
                    delivery("v2", 20, 2),
                    delivery("v1-again", 21, 0),
                ],
                vec![],
                vec![(
                    2,
                    ReworkKind::Rollback,
                    "deploys v1 again".into(),
                    undo(1, "rolled back by v1-again"),
                )],
            ),
            (
                "back to what was live before a failed deployment",
                vec![delivery("v1", 10, 1), failed_then_back, delivery("v1", 21, 1)],
                vec![],
                vec![(
                    2,
                    ReworkKind::Rollback,
                    "deploys v1 again".into(),
                    undo(1, "rolled back by v1"),
                )],
            ),
            (
                "a revert shipped after its change",
                vec![delivery("v1", 10, 1), delivery("v2", 30, 3)],
                vec![],
                vec![(
                    1,
                    ReworkKind::Revert,
                    format!("ships revert {}", short(3)),
                    undo(0, &format!("a change reverted by {} in v2", short(3))),
                )],
            ),
            (
                "a revert shipped with its change undid nothing users saw",
                vec![delivery("v2", 30, 3)],
                vec![],
                vec![],
            ),
            (
                "a hotfix branch's commit",
                vec![delivery("v1", 10, 1), delivery("v2", 20, 2)],
                vec![(2, "hotfix/login".to_string())],
                vec![(
                    1,
                    ReworkKind::Hotfix,
                    "ships hotfix branch hotfix/login".into(),
                    vec![],
                )],
            ),
            (
                "a hotfix tag",
                vec![delivery("v1", 10, 1), hotfix_tag],
                vec![],
                vec![(1, ReworkKind::Hotfix, "hotfix tag".into(), vec![])],
            ),
            (
                "marked by the event, first of its reasons",
                vec![delivery("v1", 10, 1), marked],
                vec![],
                vec![(
                    1,
                    ReworkKind::FixForward,
                    format!("marked fix-forward (line 4); ships revert {}", short(3)),
                    undo(0, &format!("a change reverted by {} in v4", short(3))),
                )],
            ),
        ];
        for (case, deliveries, hotfix, expected) in cases {
            assert_eq!(judge(&h, &deliveries, &hotfix), expected, "{case}");
        }
    }

    #[test]
    fn the_rate_counts_the_window_only() {
        let d = vec![delivery("a", 0, 0), delivery("b", 1, 0), delivery("c", 2, 0)];
        let found = |delivery: usize| Reworked {
            delivery,
            kind: ReworkKind::Rollback,
            reason: "r".into(),
            undoes: vec![],
        };
        let rate = rework_rate(&d, &[1, 2], &[found(0), found(2)]);
        assert_eq!((rate.value, rate.reworked, rate.total), (Some(0.5), 1, 2));
        assert_eq!(rate.items[0].delivery, "c");
        assert_eq!(rework_rate(&d, &[], &[found(0)]).value, None);
    }
}
