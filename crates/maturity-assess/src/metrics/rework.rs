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
        if let Some(earlier) = rolled_back_to(deliveries, first, j) {
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
/// already contained, other than the one live before it. A redeploy of what is live is no
/// rollback.
fn rolled_back_to(deliveries: &[Delivery], first: &[u32], j: usize) -> Option<usize> {
    let previous = &deliveries[j.checked_sub(1)?];
    let delivery = &deliveries[j];
    if delivery.name == previous.name {
        return None;
    }
    let by_name = deliveries[..j - 1].iter().rposition(|d| d.name == delivery.name);
    let by_commit = || {
        let commit = delivery.deployed?;
        if previous.deployed == Some(commit) {
            return None;
        }
        let earlier = *first.get(commit as usize)?;
        (earlier != UNRELEASED && (earlier as usize) < j).then_some(earlier as usize)
    };
    by_name.or_else(by_commit)
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
