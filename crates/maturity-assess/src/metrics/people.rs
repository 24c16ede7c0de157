//! People and flow: who commits and how often (by author time), and how work lands on the
//! main line (HEAD's first-parent line, by committer time): through merges, squash merges or
//! directly.

use std::collections::{BTreeMap, HashSet};

use super::history::{FLAG_SQUASH_SUBJECT, History};
use super::input::Warning;
use super::output::{MonthCount, People, Window};
use super::time::{DAYS_PER_WEEK, day, year_month};

/// The people-and-flow numbers of `window`, and a warning when the main line looks
/// squash-merged (lead times then start at the squash).
pub(super) fn people(history: &History, window: &Window) -> (People, Option<Warning>) {
    let mut months: BTreeMap<(i64, u8), HashSet<u32>> = BTreeMap::new();
    let mut everyone: HashSet<u32> = HashSet::new();
    let mut commits = 0_usize;
    for (c, info) in (0_u32..).zip(history.infos()) {
        if !window.contains(info.author_time) {
            continue;
        }
        months
            .entry(year_month(day(info.author_time)))
            .or_default()
            .insert(info.author);
        everyone.insert(info.author);
        if !history.is_merge(c) {
            commits += 1;
        }
    }
    let (mut mainline, mut merges, mut squashes) = (0_usize, 0_usize, 0_usize);
    let mut current = history.head();
    let mut steps = 0_usize;
    while let Some(c) = current {
        // A cycle cannot come from git, but a history built by hand could have one.
        steps += 1;
        if steps > history.len() {
            break;
        }
        let info = history.info(c);
        if window.contains(info.committer_time) {
            mainline += 1;
            if history.is_merge(c) {
                merges += 1;
            } else if info.flags & FLAG_SQUASH_SUBJECT != 0 {
                squashes += 1;
            }
        }
        current = history.parents(c).first().copied();
    }
    let warning = (mainline >= 10 && merges * 10 < mainline && squashes * 2 >= mainline).then(|| {
        Warning::new(
            "squash-merged",
            format!(
                "{squashes} of {mainline} commits on the main line look squash-merged (subject \
                 ends in `(#N)`): lead time starts at the squash, not at the first commit of the \
                 change, so it reads shorter than it was"
            ),
        )
    });
    let weeks = window.days / DAYS_PER_WEEK;
    #[allow(clippy::cast_precision_loss)]
    let per_week = if weeks > 0.0 { commits as f64 / weeks } else { 0.0 };
    #[allow(clippy::cast_precision_loss)]
    let share = |n: usize| (mainline > 0).then(|| n as f64 / mainline as f64);
    let people = People {
        contributors_per_month: months
            .into_iter()
            .map(|((year, month), authors)| MonthCount {
                month: format!("{year:04}-{month:02}"),
                count: authors.len(),
            })
            .collect(),
        contributors: everyone.len(),
        commits,
        commits_per_week: per_week,
        merge_share: share(merges),
        squash_share: share(squashes),
        mainline_commits: mainline,
    };
    (people, warning)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testkit::{Commit, DAY, HOUR, T0, at, history};

    struct Case {
        name: &'static str,
        commits: Vec<Commit>,
        /// The window is `[T0, T0 + window_days)`.
        window_days: i64,
        /// `(month, contributors)`.
        months: &'static [(&'static str, usize)],
        contributors: usize,
        commits_counted: usize,
        per_week: f64,
        merge_share: Option<f64>,
        squash_share: Option<f64>,
        mainline: usize,
    }

    #[test]
    fn people_cases() {
        let cases = [
            Case {
                name: "empty history",
                commits: vec![],
                window_days: 14,
                months: &[],
                contributors: 0,
                commits_counted: 0,
                per_week: 0.0,
                merge_share: None,
                squash_share: None,
                mainline: 0,
            },
            Case {
                name: "one commit",
                commits: vec![at(T0)],
                window_days: 14,
                months: &[("2024-01", 1)],
                contributors: 1,
                commits_counted: 1,
                per_week: 0.5,
                merge_share: Some(0.0),
                squash_share: Some(0.0),
                mainline: 1,
            },
            // Merges count their author as a contributor, but are not commits of their own.
            Case {
                name: "merges only in the window",
                commits: vec![
                    at(T0 - DAY),
                    at(T0 - DAY).by("bob@example.com"),
                    at(T0 + HOUR).by("cy@example.com").after(&[0, 1]),
                    at(T0 + 2 * HOUR).by("cy@example.com").after(&[2, 1]),
                ],
                window_days: 14,
                months: &[("2024-01", 1)],
                contributors: 1,
                commits_counted: 0,
                per_week: 0.0,
                merge_share: Some(1.0),
                squash_share: Some(0.0),
                mainline: 2,
            },
            // The same identity twice is one contributor; ties in time change nothing.
            Case {
                name: "same names, same times",
                commits: vec![
                    at(T0),
                    at(T0).after(&[0]).squash(),
                    at(T0).by("bob@example.com").after(&[1]),
                ],
                window_days: 14,
                months: &[("2024-01", 2)],
                contributors: 2,
                commits_counted: 3,
                per_week: 1.5,
                merge_share: Some(0.0),
                squash_share: Some(1.0 / 3.0),
                mainline: 3,
            },
            // Authored before the window, committed in it: on the main line of the window, but
            // not one of its authors' commits.
            Case {
                name: "committer time after author time",
                commits: vec![at(T0 + HOUR).authored(T0 - DAY)],
                window_days: 14,
                months: &[],
                contributors: 0,
                commits_counted: 0,
                per_week: 0.0,
                merge_share: Some(0.0),
                squash_share: Some(0.0),
                mainline: 1,
            },
            // 23:30 UTC on 31 January, whatever the author's offset said: January.
            Case {
                name: "months in UTC",
                commits: vec![
                    at(T0 + 31 * DAY - HOUR / 2),
                    at(T0 + 31 * DAY + HOUR / 2).by("bob@example.com").after(&[0]),
                ],
                window_days: 35,
                months: &[("2024-01", 1), ("2024-02", 1)],
                contributors: 2,
                commits_counted: 2,
                per_week: 0.4,
                merge_share: Some(0.0),
                squash_share: Some(0.0),
                mainline: 2,
            },
        ];
        for case in cases {
            let h = history(&case.commits);
            let (got, warning) = people(&h, &Window::new(T0, T0 + case.window_days * DAY));
            let name = case.name;
            let months: Vec<(&str, usize)> = got
                .contributors_per_month
                .iter()
                .map(|m| (m.month.as_str(), m.count))
                .collect();
            assert_eq!(months, case.months, "{name}");
            assert_eq!(
                (got.contributors, got.commits, got.mainline_commits),
                (case.contributors, case.commits_counted, case.mainline),
                "{name}"
            );
            assert!(
                (got.commits_per_week - case.per_week).abs() < 1e-9,
                "{name}: {}",
                got.commits_per_week
            );
            for (what, got, expected) in [
                ("merge share", got.merge_share, case.merge_share),
                ("squash share", got.squash_share, case.squash_share),
            ] {
                match (got, expected) {
                    (Some(g), Some(e)) => assert!((g - e).abs() < 1e-9, "{name}, {what}: {g} != {e}"),
                    _ => assert_eq!(got, expected, "{name}, {what}"),
                }
            }
            assert_eq!(warning, None, "{name}");
        }
    }

    #[test]
    fn a_squash_merged_main_line_is_flagged() {
        // (squashed of 10 on the main line, merges among them, warned)
        let cases = [(5, 0, true), (4, 0, false), (10, 0, true), (5, 1, false)];
        for (squashed, merges, warned) in cases {
            let mut commits = vec![at(T0)];
            for i in 1..10_u32 {
                let c = at(T0 + i64::from(i) * HOUR);
                commits.push(if (2..2 + merges).contains(&i) {
                    c.after(&[i - 1, i - 2])
                } else {
                    c.after(&[i - 1])
                });
            }
            for c in commits.iter_mut().rev().take(squashed) {
                *c = c.clone().squash();
            }
            let (got, warning) = people(&history(&commits), &Window::new(T0, T0 + DAY));
            assert_eq!(got.mainline_commits, 10);
            assert_eq!(warning.is_some(), warned, "{squashed} squashed, {merges} merges");
            if let Some(w) = warning {
                assert!(
                    w.message.starts_with(&format!("{squashed} of 10 commits")),
                    "{}",
                    w.message
                );
            }
        }
    }

    #[test]
    fn a_zero_length_window_has_no_rate() {
        let (got, _) = people(&history(&[at(T0)]), &Window::new(T0, T0));
        assert_eq!((got.commits, got.commits_per_week), (0, 0.0));
    }
}
