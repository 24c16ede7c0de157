//! Lead time for changes: from a commit's time (by the chosen clock) to its first delivery,
//! for the changes first delivered in the window; per month of delivery; per commit when
//! explained; and the commits dated after the delivery that first contains them.

use std::collections::BTreeMap;

use super::deliveries::Delivery;
use super::first_release::UNRELEASED;
use super::history::{Clock, History};
use super::input::Warning;
use super::output::{CommitLead, LeadTime, MonthLead, Window};
use super::quantile::summarize;
use super::time::{day, hours, rfc3339, year_month};

/// `first` is the first-release map: for each commit, its first delivery or `UNRELEASED`;
/// with a `scope` (a service's commits), only the commits in it count.
pub(super) fn lead_time(
    history: &History,
    clock: Clock,
    first: &[u32],
    deliveries: &[Delivery],
    window: &Window,
    scope: Option<&[bool]>,
) -> LeadTime {
    let mut all = Vec::new();
    let mut by_month: BTreeMap<(i64, u8), Vec<f64>> = BTreeMap::new();
    let mut unreleased = 0;
    for (c, &d) in (0_u32..).zip(first) {
        // Merge commits are integration events, not changes: their author time is the merge
        // time, and counting them would pull every statistic towards zero.
        if history.is_merge(c) || scope.is_some_and(|s| !s.get(c as usize).copied().unwrap_or(false)) {
            continue;
        }
        if d == UNRELEASED {
            unreleased += 1;
            continue;
        }
        let delivered = deliveries[d as usize].time;
        if !window.contains(delivered) {
            continue;
        }
        // A commit dated after its delivery is clock skew (warned about), not negative time.
        let lead = hours((delivered - history.time(c, clock)).max(0));
        all.push(lead);
        by_month.entry(year_month(day(delivered))).or_default().push(lead);
    }
    let summary = summarize(&mut all);
    let monthly = by_month
        .into_iter()
        .map(|((year, month), mut values)| {
            let s = summarize(&mut values);
            MonthLead {
                month: format!("{year:04}-{month:02}"),
                median_hours: s.median,
                p75_hours: s.p75,
                p90_hours: s.p90,
                count: s.count,
            }
        })
        .collect();
    LeadTime {
        median_hours: summary.median,
        p75_hours: summary.p75,
        p90_hours: summary.p90,
        count: summary.count,
        unreleased,
        clock,
        monthly,
    }
}

/// Every commit, oldest first by the clock (ties by id), with its first delivery and lead
/// time: what `--explain lead-time` lists.
pub(super) fn commit_leads(
    history: &History,
    clock: Clock,
    first: &[u32],
    deliveries: &[Delivery],
) -> Vec<CommitLead> {
    let mut order: Vec<u32> = (0..u32::try_from(history.len()).unwrap_or(u32::MAX)).collect();
    order.sort_by_key(|&c| (history.time(c, clock), history.id(c)));
    order
        .into_iter()
        .map(|c| {
            let d = first[c as usize];
            let delivery = (d != UNRELEASED).then(|| &deliveries[d as usize]);
            let t = history.time(c, clock);
            CommitLead {
                id: history.id(c).to_hex(),
                time: rfc3339(t),
                merge: history.is_merge(c),
                first_release: delivery.map(|d| d.name.clone()),
                lead_time_hours: delivery.map(|d| hours((d.time - t).max(0))),
            }
        })
        .collect()
}

/// Commits dated after the delivery that first contains them (a wrong clock or a back-dated
/// tag): their lead time counts as 0, which a reader should know.
pub(super) fn clock_skew(
    history: &History,
    clock: Clock,
    first: &[u32],
    deliveries: &[Delivery],
) -> Option<Warning> {
    let skewed = (0_u32..)
        .zip(first)
        .filter(|&(c, &d)| d != UNRELEASED && history.time(c, clock) > deliveries[d as usize].time)
        .count();
    (skewed > 0).then(|| {
        Warning::new(
            "clock-skew",
            format!(
                "{skewed} commit(s) are dated after the release that first contains them (clock \
                 skew or a back-dated tag): their lead time counts as 0"
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::first_release::first_delivery;
    use crate::metrics::testkit::{Commit, DAY, HOUR, T0, at, history, id, linear};

    /// Tags `(time, commit)`, already in time order, as deliveries named `r0`, `r1`, …
    fn tags(tags: &[(i64, u32)]) -> Vec<Delivery> {
        tags.iter()
            .enumerate()
            .map(|(i, &(time, commit))| Delivery {
                name: format!("r{i}"),
                id: None,
                line: None,
                time,
                commit: Some(commit),
                deployed: None,
                rolled_back: false,
                failed: false,
                kind: None,
            })
            .collect()
    }

    fn first(history: &History, deliveries: &[Delivery]) -> Vec<u32> {
        let commits: Vec<Option<u32>> = deliveries.iter().map(|d| d.commit).collect();
        first_delivery(history, &commits)
    }

    struct Case {
        name: &'static str,
        commits: Vec<Commit>,
        tags: Vec<(i64, u32)>,
        clock: Clock,
        /// Lead times counted, in hours, sorted.
        leads: Vec<f64>,
        median: Option<f64>,
        unreleased: usize,
        /// `(month, count)` by month of delivery.
        monthly: &'static [(&'static str, usize)],
        skewed: usize,
    }

    fn case(name: &'static str, commits: Vec<Commit>, tags: Vec<(i64, u32)>) -> Case {
        Case {
            name,
            commits,
            tags,
            clock: Clock::Author,
            leads: vec![],
            median: None,
            unreleased: 0,
            monthly: &[],
            skewed: 0,
        }
    }

    #[test]
    fn lead_time_cases() {
        let w = (T0 - 100 * DAY, T0 + 100 * DAY);
        let cases = [
            case("empty history", vec![], vec![]),
            Case {
                unreleased: 1,
                ..case("one commit, no release", vec![at(T0)], vec![])
            },
            Case {
                leads: vec![48.0],
                median: Some(48.0),
                monthly: &[("2024-01", 1)],
                ..case("one commit", vec![at(T0)], vec![(T0 + 2 * DAY, 0)])
            },
            // The second tag is on the commit the first released: it delivers nothing.
            Case {
                leads: vec![24.0],
                median: Some(24.0),
                monthly: &[("2024-01", 1)],
                ..case(
                    "a release with no commits",
                    vec![at(T0)],
                    vec![(T0 + DAY, 0), (T0 + 2 * DAY, 0)],
                )
            },
            // r0 releases two changes; r1 delivers only the merges after them: nothing to count
            // for r1, and merges are never unreleased changes either.
            Case {
                leads: vec![48.0, 72.0],
                median: Some(60.0),
                monthly: &[("2024-01", 2)],
                ..case(
                    "merges only",
                    vec![
                        at(T0),
                        at(T0 + DAY).after(&[0]),
                        at(T0 + 4 * DAY).after(&[1, 0]),
                        at(T0 + 5 * DAY).after(&[2, 0]),
                        at(T0 + 6 * DAY).after(&[3, 1]),
                    ],
                    vec![(T0 + 3 * DAY, 1), (T0 + 7 * DAY, 4)],
                )
            },
            // Authored after its release: 0 hours, not negative, and counted as skew.
            Case {
                leads: vec![0.0, 24.0],
                median: Some(12.0),
                monthly: &[("2024-01", 2)],
                skewed: 1,
                ..case(
                    "commit dated after the release",
                    vec![at(T0), at(T0 + HOUR).authored(T0 + 3 * DAY).after(&[0])],
                    vec![(T0 + DAY, 1)],
                )
            },
            // Committed a day before it was authored (a wrong clock): the clock decides.
            Case {
                leads: vec![72.0],
                median: Some(72.0),
                monthly: &[("2024-01", 1)],
                ..case(
                    "committer before author, by author",
                    vec![at(T0).authored(T0 + DAY)],
                    vec![(T0 + 4 * DAY, 0)],
                )
            },
            Case {
                clock: Clock::Committer,
                leads: vec![96.0],
                median: Some(96.0),
                monthly: &[("2024-01", 1)],
                ..case(
                    "committer before author, by committer",
                    vec![at(T0).authored(T0 + DAY)],
                    vec![(T0 + 4 * DAY, 0)],
                )
            },
            // Offsets are already UTC: a delivery at 23:59:59 UTC on 31 January is January's even
            // where local time is already February.
            Case {
                leads: vec![744.0 - 1.0 / 3_600.0, 744.0],
                median: Some(744.0 - 0.5 / 3_600.0),
                monthly: &[("2024-01", 1), ("2024-02", 1)],
                ..case(
                    "month of delivery in UTC",
                    vec![at(T0), at(T0 + 1).after(&[0])],
                    vec![(T0 + 31 * DAY - 1, 0), (T0 + 31 * DAY + 1, 1)],
                )
            },
            // Same author time, same release: equal lead times, both counted.
            Case {
                leads: vec![5.0, 5.0],
                median: Some(5.0),
                monthly: &[("2024-01", 2)],
                ..case("ties", vec![at(T0), at(T0).after(&[0])], vec![(T0 + 5 * HOUR, 1)])
            },
            // The unreleased commit is counted as such, not as a lead time.
            Case {
                leads: vec![24.0],
                median: Some(24.0),
                unreleased: 1,
                monthly: &[("2024-01", 1)],
                ..case(
                    "one released, one not",
                    linear_commits(&[T0, T0 + DAY]),
                    vec![(T0 + DAY, 0)],
                )
            },
        ];
        for c in cases {
            let h = history(&c.commits);
            let deliveries = tags(&c.tags);
            let first = first(&h, &deliveries);
            let got = lead_time(&h, c.clock, &first, &deliveries, &Window::new(w.0, w.1), None);
            let name = c.name;
            assert_eq!(got.count, c.leads.len(), "{name}");
            assert_eq!(got.unreleased, c.unreleased, "{name}");
            assert_eq!(got.clock, c.clock, "{name}");
            match (got.median_hours, c.median) {
                (Some(g), Some(e)) => assert!((g - e).abs() < 1e-9, "{name}: {g} != {e}"),
                (g, e) => assert_eq!(g, e, "{name}"),
            }
            let monthly: Vec<(&str, usize)> =
                got.monthly.iter().map(|m| (m.month.as_str(), m.count)).collect();
            assert_eq!(monthly, c.monthly, "{name}");
            let mut leads: Vec<f64> = commit_leads(&h, c.clock, &first, &deliveries)
                .into_iter()
                .filter(|l| !l.merge && l.first_release.is_some())
                .filter_map(|l| l.lead_time_hours)
                .collect();
            leads.sort_by(f64::total_cmp);
            assert_eq!(leads.len(), c.leads.len(), "{name}");
            for (g, e) in leads.iter().zip(&c.leads) {
                assert!((g - e).abs() < 1e-9, "{name}: {leads:?} != {:?}", c.leads);
            }
            let skew = clock_skew(&h, c.clock, &first, &deliveries);
            assert_eq!(skew.is_some(), c.skewed > 0, "{name}");
            if let Some(w) = skew {
                assert_eq!(w.code, "clock-skew");
                assert!(
                    w.message.starts_with(&format!("{} commit(s)", c.skewed)),
                    "{name}: {}",
                    w.message
                );
            }
        }
    }

    fn linear_commits(times: &[i64]) -> Vec<Commit> {
        times
            .iter()
            .zip(0_u32..)
            .map(|(&t, i)| if i == 0 { at(t) } else { at(t).after(&[i - 1]) })
            .collect()
    }

    #[test]
    fn quantiles_and_the_window_of_delivery() {
        // Five changes released 72, 48, 24, 24 and 0 hours after they were written: type-7
        // median 24, p75 48, p90 at rank 3.6 = 48 + 0.6 × 24 = 62.4.
        let h = linear(&[T0, T0 + DAY, T0 + 2 * DAY, T0 + 3 * DAY, T0 + 4 * DAY]);
        let deliveries = tags(&[(T0 + 3 * DAY, 2), (T0 + 4 * DAY, 4)]);
        let first = first(&h, &deliveries);
        let all = lead_time(
            &h,
            Clock::Author,
            &first,
            &deliveries,
            &Window::new(T0, T0 + 9 * DAY),
            None,
        );
        assert_eq!(
            (all.median_hours, all.p75_hours, all.count),
            (Some(24.0), Some(48.0), 5)
        );
        assert!((all.p90_hours.expect("p90") - 62.4).abs() < 1e-9);
        // A window starting after r0: r0's commits are released, but not in the window.
        let late = lead_time(
            &h,
            Clock::Author,
            &first,
            &deliveries,
            &Window::new(T0 + 3 * DAY + 1, T0 + 9 * DAY),
            None,
        );
        // Scoped to commits 1 and 3 (a service's): 48 h and 24 h.
        let scoped = lead_time(
            &h,
            Clock::Author,
            &first,
            &deliveries,
            &Window::new(T0, T0 + 9 * DAY),
            Some(&[false, true, false, true, false]),
        );
        assert_eq!((scoped.count, scoped.median_hours), (2, Some(36.0)));
        assert_eq!(
            (late.median_hours, late.count, late.unreleased),
            (Some(12.0), 2, 0)
        );
    }

    #[test]
    fn explained_commits_are_oldest_first_with_ties_by_id() {
        // Commit 1 and 2 have the same time; 0 is younger than both. 2 is unreleased.
        let h = history(&[at(T0 + HOUR), at(T0).after(&[0]), at(T0)]);
        let deliveries = tags(&[(T0 + 2 * HOUR, 1)]);
        let first = first(&h, &deliveries);
        let got = commit_leads(&h, Clock::Author, &first, &deliveries);
        let rows: Vec<(String, &str, Option<&str>, Option<f64>)> = got
            .iter()
            .map(|l| {
                (
                    l.id.clone(),
                    l.time.as_str(),
                    l.first_release.as_deref(),
                    l.lead_time_hours,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                (id(1).to_hex(), "2024-01-01T00:00:00Z", Some("r0"), Some(2.0)),
                (id(2).to_hex(), "2024-01-01T00:00:00Z", None, None),
                (id(0).to_hex(), "2024-01-01T01:00:00Z", Some("r0"), Some(1.0)),
            ]
        );
    }
}
