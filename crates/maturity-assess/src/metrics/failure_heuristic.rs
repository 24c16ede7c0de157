//! The git heuristic for change failures, used when there is no incidents export: a delivery
//! failed if, within N days, a patch release of it follows (`v1.2.3` → `v1.2.4`), or a commit
//! reverting a change it first delivered is committed. It recovered at that patch release, or
//! at the first delivery containing the revert. An estimate, and reported as one.

use std::collections::HashMap;

use super::deliveries::Delivery;
use super::failure_rate::Failed;
use super::first_release::UNRELEASED;
use super::history::History;
use super::time::DAY;

/// The heuristic's verdicts on the `counted` deliveries (indices in time order); `first` is
/// the first-release map. Rolled-back deliveries have failed already and are not judged again.
pub(super) fn failures(
    history: &History,
    deliveries: &[Delivery],
    counted: &[usize],
    first: &[u32],
    patch_window_days: u32,
) -> Vec<Failed> {
    let limit = i64::from(patch_window_days) * DAY;
    let mut reverted_in: HashMap<usize, Vec<u32>> = HashMap::new();
    for &(revert, reverted) in history.reverts() {
        let d = first[reverted as usize];
        if d != UNRELEASED {
            reverted_in.entry(d as usize).or_default().push(revert);
        }
    }
    let next_patch = next_patches(deliveries);
    let mut out = Vec::new();
    for &i in counted {
        let delivery = &deliveries[i];
        if delivery.rolled_back {
            continue;
        }
        let patch = next_patch[i]
            .map(|j| &deliveries[j])
            .filter(|next| next.time - delivery.time <= limit);
        if let Some(next) = patch {
            out.push(Failed {
                delivery: i,
                reason: format!("patch release {} within {patch_window_days} days", next.name),
                recovered_at: Some(next.time),
            });
            continue;
        }
        // A revert committed before the delivery cannot be undoing what it shipped.
        let revert = reverted_in.get(&i).and_then(|reverts| {
            reverts
                .iter()
                .copied()
                .filter(|&r| {
                    let t = history.info(r).committer_time;
                    t >= delivery.time && t - delivery.time <= limit
                })
                .min_by_key(|&r| history.info(r).committer_time)
        });
        if let Some(revert) = revert {
            let fixed = first[revert as usize];
            out.push(Failed {
                delivery: i,
                reason: format!(
                    "commit {} reverts a change it shipped",
                    &history.id(revert).to_hex()[..12]
                ),
                recovered_at: (fixed != UNRELEASED).then(|| deliveries[fixed as usize].time),
            });
        }
    }
    out
}

/// For each delivery (in time order), the first later one that is a patch release of it
/// (it bumps only the last of at least three components). Deliveries sharing all but the last version component form a group,
/// and in each the first later one with a greater last component is its next greater element:
/// one pass with a stack per group. Comparing each delivery with every later one in the
/// patch window instead was quadratic: a day of one-a-second deployments took hours.
fn next_patches(deliveries: &[Delivery]) -> Vec<Option<usize>> {
    let mut groups: HashMap<Vec<u64>, Vec<(usize, u64)>> = HashMap::new();
    for (i, delivery) in deliveries.iter().enumerate() {
        let mut numbers = version_numbers(&delivery.name);
        if numbers.len() >= 3
            && let Some(last) = numbers.pop()
        {
            groups.entry(numbers).or_default().push((i, last));
        }
    }
    let mut next = vec![None; deliveries.len()];
    let mut stack: Vec<(usize, u64)> = Vec::new();
    for members in groups.values() {
        stack.clear();
        for &(i, last) in members.iter().rev() {
            while stack.last().is_some_and(|&(_, later)| later <= last) {
                stack.pop();
            }
            next[i] = stack.last().map(|&(j, _)| j);
            stack.push((i, last));
        }
    }
    next
}

/// Numeric components of a version-like name: `v1.2.3` → [1, 2, 3].
fn version_numbers(name: &str) -> Vec<u64> {
    let start = name.find(|c: char| c.is_ascii_digit()).unwrap_or(name.len());
    name[start..]
        .split(['.', '-', '_', '+'])
        .map_while(|part| part.parse().ok())
        .collect()
}

/// `next` bumps only the last of at least three components of `release`: a patch release.
/// Two components (`2024.01`) are calendar versions more often than semantic ones.
/// [`next_patches`] applies it to all deliveries at once; this is its reference.
#[cfg(test)]
fn is_patch_of(next: &str, release: &str) -> bool {
    let a = version_numbers(release);
    let b = version_numbers(next);
    a.len() >= 3
        && a.len() == b.len()
        && a[..a.len() - 1] == b[..b.len() - 1]
        && b[b.len() - 1] > a[a.len() - 1]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::first_release::first_delivery;
    use crate::metrics::testkit::{HOUR, T0, at, history_with_reverts, id, linear};

    #[test]
    fn version_cases() {
        let numbers: [(&str, &[u64]); 6] = [
            ("v1.2.3", &[1, 2, 3]),
            ("release-2024.01", &[2024, 1]),
            ("app/v2.0.1-rc1", &[2, 0, 1]),
            ("1.2.3+build.7", &[1, 2, 3]),
            ("latest", &[]),
            ("", &[]),
        ];
        for (name, expected) in numbers {
            assert_eq!(version_numbers(name), expected, "{name}");
        }
        let patches = [
            ("v1.2.4", "v1.2.3", true),
            ("v1.2.10", "v1.2.9", true),
            ("1.2.4", "v1.2.3", true),
            ("v1.3.0", "v1.2.3", false),
            ("v1.3", "v1.2", false),
            ("v1.2.3", "v1.2.3", false),
            ("v1.2.2", "v1.2.3", false),
            ("v1.2.3.1", "v1.2.3", false),
            ("latest", "v1.2.3", false),
        ];
        for (next, release, expected) in patches {
            assert_eq!(is_patch_of(next, release), expected, "{next} after {release}");
        }
    }

    #[test]
    fn next_patches_agrees_with_comparing_every_pair() {
        // Deterministic pseudo-random names from a few prefixes and patch numbers, repeats
        // and non-versions included.
        let mut seed = 0x9e37_79b9_u64;
        let mut deliveries = Vec::new();
        for i in 0..400 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let name = match (seed >> 33) % 5 {
                0 => "latest".to_string(),
                1 => format!("v2.{}", (seed >> 40) % 3),
                _ => format!("v1.{}.{}", (seed >> 40) % 3, (seed >> 45) % 6),
            };
            deliveries.push(tag(&name, i64::from(i) * HOUR, 0));
        }
        let naive: Vec<Option<usize>> = (0..deliveries.len())
            .map(|i| {
                (i + 1..deliveries.len()).find(|&j| is_patch_of(&deliveries[j].name, &deliveries[i].name))
            })
            .collect();
        assert_eq!(next_patches(&deliveries), naive);
    }

    fn tag(name: &str, time: i64, commit: u32) -> Delivery {
        Delivery {
            name: name.to_string(),
            id: None,
            line: None,
            time,
            commit: Some(commit),
            deployed: None,
            rolled_back: false,
            failed: false,
            kind: None,
        }
    }

    /// A delivery: `(name, hours after T0, commit)`.
    type Tag = (&'static str, i64, u32);
    /// A verdict: `(delivery name, reason, recovered at hours after T0)`.
    type Verdict = (String, String, Option<i64>);

    fn judge(history: &History, deliveries: &[Delivery], days: u32) -> Vec<Verdict> {
        let commits: Vec<Option<u32>> = deliveries.iter().map(|d| d.commit).collect();
        let first = first_delivery(history, &commits);
        let counted: Vec<usize> = (0..deliveries.len()).collect();
        failures(history, deliveries, &counted, &first, days)
            .into_iter()
            .map(|f| {
                let name = deliveries[f.delivery].name.clone();
                (name, f.reason, f.recovered_at.map(|t| (t - T0) / HOUR))
            })
            .collect()
    }

    fn verdict(name: &str, reason: &str, recovered: Option<i64>) -> Verdict {
        (name.to_string(), reason.to_string(), recovered)
    }

    #[test]
    fn patch_release_cases() {
        let h = linear(&[T0, T0 + HOUR, T0 + 2 * HOUR]);
        let week = 7 * 24;
        /// (case, deliveries, patch window days, verdicts)
        type Case = (&'static str, Vec<Tag>, u32, Vec<Verdict>);
        let cases: Vec<Case> = vec![
            ("no delivery", vec![], 7, vec![]),
            ("one delivery", vec![("v1.0.0", 0, 0)], 7, vec![]),
            (
                "a patch within the window",
                vec![("v1.0.0", 0, 0), ("v1.0.1", 30, 1)],
                7,
                vec![verdict("v1.0.0", "patch release v1.0.1 within 7 days", Some(30))],
            ),
            (
                "exactly N days later still counts",
                vec![("v1.0.0", 0, 0), ("v1.0.1", week, 1)],
                7,
                vec![verdict(
                    "v1.0.0",
                    "patch release v1.0.1 within 7 days",
                    Some(week),
                )],
            ),
            (
                "an hour later does not",
                vec![("v1.0.0", 0, 0), ("v1.0.1", week + 1, 1)],
                7,
                vec![],
            ),
            (
                "a shorter window",
                vec![("v1.0.0", 0, 0), ("v1.0.1", 72, 1)],
                2,
                vec![],
            ),
            (
                "a minor release is no patch",
                vec![("v1.0.0", 0, 0), ("v1.1.0", 1, 1)],
                7,
                vec![],
            ),
            // A patch release with no commits of its own (a re-tag) is still a patch release.
            (
                "a release with no commits",
                vec![("v1.0.0", 0, 0), ("v1.0.1", 5, 0)],
                7,
                vec![verdict("v1.0.0", "patch release v1.0.1 within 7 days", Some(5))],
            ),
            // Same timestamp: the patch still follows in delivery order.
            (
                "ties",
                vec![("v1.0.0", 10, 0), ("v1.0.1", 10, 1), ("v1.0.2", 10, 2)],
                7,
                vec![
                    verdict("v1.0.0", "patch release v1.0.1 within 7 days", Some(10)),
                    verdict("v1.0.1", "patch release v1.0.2 within 7 days", Some(10)),
                ],
            ),
        ];
        for (case, tags, days, expected) in cases {
            let deliveries: Vec<Delivery> = tags.iter().map(|&(n, h, c)| tag(n, T0 + h * HOUR, c)).collect();
            assert_eq!(judge(&h, &deliveries, days), expected, "{case}");
        }
    }

    #[test]
    fn revert_cases() {
        // 0 ← 1 ← 2 ← 3, committed at the hours of each case: 2 reverts 1, 3 reverts 0.
        let short = |c: u32| id(c).to_hex()[..12].to_string();
        let reverts_1 = format!("commit {} reverts a change it shipped", short(2));
        let reverts_0 = format!("commit {} reverts a change it shipped", short(3));
        /// (case, commit times in hours after T0, deliveries, verdicts)
        type Case = (&'static str, [i64; 4], Vec<Tag>, Vec<Verdict>);
        let cases: Vec<Case> = vec![
            (
                "reverted and released",
                [0, 1, 5, 6],
                vec![("a", 2, 1), ("b", 10, 3)],
                vec![verdict("a", &reverts_1, Some(10))],
            ),
            (
                "reverted, not released yet: failed, not recovered",
                [0, 1, 5, 6],
                vec![("a", 2, 1)],
                vec![verdict("a", &reverts_1, None)],
            ),
            // The revert's committer time is before the delivery (clock skew): it cannot undo
            // what the delivery shipped.
            (
                "a revert dated before the delivery",
                [0, 1, 1, 1],
                vec![("a", 2, 1), ("b", 10, 3)],
                vec![],
            ),
            (
                "a revert after the window",
                [0, 1, 200, 201],
                vec![("a", 2, 1), ("b", 300, 3)],
                vec![],
            ),
            // Both reverts hit `a`; the earliest committed names it.
            (
                "the earliest revert",
                [0, 1, 6, 5],
                vec![("a", 2, 1), ("b", 10, 3)],
                vec![verdict("a", &reverts_0, Some(10))],
            ),
        ];
        for (case, times, tags, expected) in cases {
            let commits: Vec<_> = (0_u32..)
                .zip(times)
                .map(|(i, t)| match i {
                    0 => at(T0 + t * HOUR),
                    _ => at(T0 + t * HOUR).after(&[i - 1]),
                })
                .collect();
            let h = history_with_reverts(&commits, &[(2, 1), (3, 0)]);
            let deliveries: Vec<Delivery> = tags.iter().map(|&(n, h, c)| tag(n, T0 + h * HOUR, c)).collect();
            assert_eq!(judge(&h, &deliveries, 7), expected, "{case}");
        }
    }

    #[test]
    fn rolled_back_deliveries_are_not_judged_again() {
        let h = linear(&[T0, T0 + HOUR]);
        let mut deliveries = vec![tag("v1.0.0", T0 + HOUR, 0), tag("v1.0.1", T0 + 2 * HOUR, 1)];
        deliveries[0].rolled_back = true;
        deliveries[0].commit = None;
        assert!(judge(&h, &deliveries, 7).is_empty());
    }
}
