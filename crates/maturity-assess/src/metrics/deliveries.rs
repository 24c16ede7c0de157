//! Deliveries, the events every DORA key counts: release tags, or the production deployments
//! of an export when one is given. Here they are put in time order, the window they are
//! counted in is fixed, and they are listed for the output with what each first delivered.

use std::collections::HashMap;

use super::config::Config;
use super::first_release::UNRELEASED;
use super::history::{Clock, History};
use super::input::{DeployStatus, Input, ReworkKind};
use super::output::{DeliverySource, DeploymentOut, ReleaseOut, Window};
use super::time::rfc3339;

/// A release or production deployment, the unit of delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Delivery {
    pub name: String,
    /// The deployment's own id, for incidents that name it.
    pub id: Option<String>,
    /// The deployment's line in its export.
    pub line: Option<usize>,
    pub time: i64,
    /// `None` when it cannot be placed in the history, or must not count for lead time (a
    /// rolled-back or failed deployment).
    pub commit: Option<u32>,
    /// The commit it put in place, whatever became of it: what a rollback is recognised by.
    pub deployed: Option<u32>,
    pub rolled_back: bool,
    /// Its status says it failed.
    pub failed: bool,
    /// What the event or the tag name says it was for, when not to ship new work.
    pub kind: Option<ReworkKind>,
}

pub(super) fn source(input: &Input) -> DeliverySource {
    if input.deployments.is_some() {
        DeliverySource::Deployments
    } else {
        DeliverySource::ReleaseTags
    }
}

/// Releases, or the deployments that reached the configured environment, sorted by time;
/// ties by name, so that the first-release map does not depend on input order.
pub(super) fn deliveries(input: &Input, config: &Config) -> Vec<Delivery> {
    let history = &input.history;
    let mut out: Vec<Delivery> = match &input.deployments {
        None => input
            .releases
            .iter()
            .map(|r| Delivery {
                name: r.name.clone(),
                id: None,
                line: None,
                time: r.time,
                commit: Some(r.commit),
                deployed: Some(r.commit),
                rolled_back: false,
                failed: false,
                kind: r.hotfix.then_some(ReworkKind::Hotfix),
            })
            .collect(),
        // A failed deployment is a deployment that failed (DORA's change failure rate counts
        // it), not one that never happened.
        Some(deployments) => deployments
            .iter()
            .filter(|d| config.delivers(&d.environment, d.service.as_deref()))
            .map(|d| {
                let name = d
                    .version
                    .clone()
                    .or_else(|| d.id.clone())
                    .or_else(|| d.commit.map(|c| history.id(c).to_hex()[..12].to_string()))
                    .unwrap_or_else(|| format!("line {}", d.line));
                let rolled_back = d.status == DeployStatus::RolledBack;
                let failed = d.status == DeployStatus::Failure;
                Delivery {
                    name,
                    id: d.id.clone(),
                    line: Some(d.line),
                    time: d.time,
                    // What was rolled back or failed did not stay delivered: later deliveries
                    // first deliver its commits.
                    commit: if rolled_back || failed { None } else { d.commit },
                    deployed: d.commit,
                    rolled_back,
                    failed,
                    kind: d.kind,
                }
            })
            .collect(),
    };
    out.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.name.cmp(&b.name)));
    out
}

/// The configured window; by default from the oldest commit (by the lead-time clock) or
/// delivery, whichever is older, to now.
pub(super) fn window(input: &Input, config: &Config, deliveries: &[Delivery]) -> Window {
    let until = config.until.unwrap_or(config.now);
    let since = config.since.unwrap_or_else(|| {
        let oldest_commit = input
            .history
            .infos()
            .iter()
            .map(|i| match config.clock {
                Clock::Author => i.author_time,
                Clock::Committer => i.committer_time,
            })
            .min();
        let oldest_delivery = deliveries.iter().map(|d| d.time).min();
        oldest_commit
            .into_iter()
            .chain(oldest_delivery)
            .min()
            .unwrap_or(until)
    });
    Window::new(since, until)
}

/// Indices of the deliveries in the window, in time order.
pub(super) fn counted(deliveries: &[Delivery], window: &Window) -> Vec<usize> {
    (0..deliveries.len())
        .filter(|&i| window.contains(deliveries[i].time))
        .collect()
}

/// For each delivery, how many commits it was the first to contain.
pub(super) fn new_commits(first: &[u32], deliveries: usize) -> Vec<usize> {
    let mut new = vec![0_usize; deliveries];
    for &d in first {
        if d != UNRELEASED {
            new[d as usize] += 1;
        }
    }
    new
}

/// For each delivery, the commits it was the first to contain (full hashes), oldest first by
/// `clock`: what a delivery shipped.
pub(super) fn shipped(history: &History, clock: Clock, first: &[u32], deliveries: usize) -> Vec<Vec<String>> {
    let mut by_delivery: Vec<Vec<u32>> = vec![Vec::new(); deliveries];
    for (c, &d) in (0_u32..).zip(first) {
        if d != UNRELEASED {
            by_delivery[d as usize].push(c);
        }
    }
    by_delivery
        .into_iter()
        .map(|mut commits| {
            commits.sort_by_key(|&c| (history.time(c, clock), history.id(c)));
            commits.into_iter().map(|c| history.id(c).to_hex()).collect()
        })
        .collect()
}

/// The release tags, oldest first; what each first delivered only when tags are the
/// deliveries, and (with `shipped`) which commits those were.
pub(super) fn releases(
    input: &Input,
    deliveries: &[Delivery],
    new_commits: &[usize],
    shipped: Option<&[Vec<String>]>,
    window: &Window,
) -> Vec<ReleaseOut> {
    let history = &input.history;
    let tags_deliver = source(input) == DeliverySource::ReleaseTags;
    let mut releases = input.releases.clone();
    releases.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.name.cmp(&b.name)));
    releases
        .iter()
        .map(|r| {
            let delivery = tags_deliver
                .then(|| {
                    deliveries
                        .iter()
                        .position(|d| d.name == r.name && d.time == r.time)
                })
                .flatten();
            ReleaseOut {
                name: r.name.clone(),
                time: rfc3339(r.time),
                commit: history.id(r.commit).to_hex(),
                annotated: r.annotated,
                in_window: window.contains(r.time),
                new_commits: delivery.map_or(0, |i| new_commits[i]),
                commits: shipped.map(|s| delivery.map(|i| s[i].clone()).unwrap_or_default()),
            }
        })
        .collect()
}

/// The deployments export in file order, each with whether it counted.
pub(super) fn deployments(
    input: &Input,
    deliveries: &[Delivery],
    new_commits: &[usize],
    shipped: Option<&[Vec<String>]>,
    window: &Window,
) -> Option<Vec<DeploymentOut>> {
    let list = input.deployments.as_ref()?;
    // Deliveries were built from the deployments that reached the environment, then sorted:
    // find each one's delivery by its line.
    let by_line: HashMap<usize, usize> = deliveries
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.line.map(|line| (line, i)))
        .collect();
    Some(
        list.iter()
            .map(|d| {
                let delivery = by_line.get(&d.line).copied();
                DeploymentOut {
                    line: d.line,
                    id: d.id.clone(),
                    time: rfc3339(d.time),
                    environment: d.environment.clone(),
                    version: d.version.clone(),
                    commit: d.commit.map(|c| input.history.id(c).to_hex()),
                    status: d.status,
                    counted: delivery.is_some_and(|i| window.contains(deliveries[i].time)),
                    new_commits: delivery.map_or(0, |i| new_commits[i]),
                    commits: shipped.map(|s| delivery.map(|i| s[i].clone()).unwrap_or_default()),
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::first_release::first_delivery;
    use crate::metrics::history::History;
    use crate::metrics::input::{Deployment, Release};
    use crate::metrics::testkit::{DAY, HOUR, T0, at, deployment, history, id, linear, tag};
    use crate::metrics::time::days;

    fn releases_input(history: History, releases: Vec<Release>) -> Input {
        Input {
            history,
            releases,
            ..Input::default()
        }
    }

    fn deployments_input(history: History, deployments: Vec<Deployment>) -> Input {
        Input {
            history,
            deployments: Some(deployments),
            ..Input::default()
        }
    }

    fn names(deliveries: &[Delivery]) -> Vec<&str> {
        deliveries.iter().map(|d| d.name.as_str()).collect()
    }

    #[test]
    fn deliveries_are_in_time_order_and_ties_in_name_order() {
        let h = linear(&[T0, T0 + DAY]);
        let cases: [(&str, Vec<Release>, &[&str]); 4] = [
            ("no tags", vec![], &[]),
            ("one tag", vec![tag("v1.0.0", T0, 0)], &["v1.0.0"]),
            (
                "out of order",
                vec![tag("v1.1.0", T0 + 2 * DAY, 1), tag("v1.0.0", T0 + DAY, 0)],
                &["v1.0.0", "v1.1.0"],
            ),
            (
                "same time: by name",
                vec![
                    tag("v2", T0 + DAY, 1),
                    tag("b", T0 + DAY, 0),
                    tag("a", T0 + DAY, 1),
                ],
                &["a", "b", "v2"],
            ),
        ];
        for (case, releases, expected) in cases {
            let input = releases_input(h.clone(), releases);
            let got = deliveries(&input, &Config::new(T0 + 9 * DAY));
            assert_eq!(names(&got), expected, "{case}");
            assert!(got.iter().all(|d| d.commit.is_some() && !d.rolled_back), "{case}");
        }
    }

    #[test]
    fn deployments_to_the_environment_count_whatever_their_status() {
        let h = linear(&[T0]);
        let staging = Deployment {
            environment: "staging".into(),
            ..deployment(2, T0, Some(0))
        };
        let failed = Deployment {
            status: DeployStatus::Failure,
            ..deployment(3, T0, Some(0))
        };
        let rolled_back = Deployment {
            status: DeployStatus::RolledBack,
            version: Some("v1".into()),
            ..deployment(4, T0 + HOUR, Some(0))
        };
        let by_id = Deployment {
            id: Some("d5".into()),
            ..deployment(5, T0 + 2 * HOUR, None)
        };
        let by_commit = deployment(6, T0 + 3 * HOUR, Some(0));
        let unnamed = deployment(7, T0 + 4 * HOUR, None);
        let input = deployments_input(h, vec![staging, failed, rolled_back, by_id, by_commit, unnamed]);
        let got = deliveries(&input, &Config::new(T0 + DAY));
        let short = id(0).to_hex()[..12].to_string();
        assert_eq!(
            names(&got),
            [short.as_str(), "v1", "d5", short.as_str(), "line 7"]
        );
        let failed = &got[0];
        assert!(failed.failed && !failed.rolled_back);
        assert_eq!(failed.commit, None, "a failed deployment delivers nothing");
        assert_eq!(failed.deployed, Some(0), "but it is known what it deployed");
        let rolled = &got[1];
        assert!(rolled.rolled_back && !rolled.failed);
        assert_eq!(rolled.commit, None, "a rolled-back deployment delivers nothing");
        assert_eq!(
            got.iter().map(|d| d.line).collect::<Vec<_>>(),
            [Some(3), Some(4), Some(5), Some(6), Some(7)]
        );
        assert_eq!(got[2].id.as_deref(), Some("d5"));
        assert_eq!(got[3].commit, Some(0));

        let mut config = Config::new(T0 + DAY);
        config.environment = "staging".into();
        assert_eq!(names(&deliveries(&input, &config)), [short.as_str()]);
    }

    #[test]
    fn the_default_window_starts_at_the_oldest_commit_or_delivery() {
        let now = T0 + 10 * DAY;
        /// (case, commits as (author, committer), release time, clock, since)
        type Case = (&'static str, &'static [(i64, i64)], Option<i64>, Clock, i64);
        let cases: [Case; 6] = [
            (
                "empty history, no delivery: an empty window at now",
                &[],
                None,
                Clock::Author,
                now,
            ),
            ("one commit", &[(T0, T0)], None, Clock::Author, T0),
            (
                "a release older than every commit",
                &[(T0, T0)],
                Some(T0 - DAY),
                Clock::Author,
                T0 - DAY,
            ),
            // Committer time before author time (a clock set wrong): the clock decides.
            (
                "skewed, by author",
                &[(T0 + DAY, T0)],
                None,
                Clock::Author,
                T0 + DAY,
            ),
            (
                "skewed, by committer",
                &[(T0 + DAY, T0)],
                None,
                Clock::Committer,
                T0,
            ),
            (
                "the oldest is not the first",
                &[(T0 + DAY, T0 + DAY), (T0, T0)],
                None,
                Clock::Author,
                T0,
            ),
        ];
        for (case, commits, release, clock, since) in cases {
            let commits: Vec<_> = commits.iter().map(|&(a, c)| at(c).authored(a)).collect();
            let releases = release.map(|t| tag("v1.0.0", t, 0)).into_iter().collect();
            let input = releases_input(history(&commits), releases);
            let mut config = Config::new(now);
            config.clock = clock;
            let w = window(&input, &config, &deliveries(&input, &config));
            assert_eq!((w.since_seconds, w.until_seconds), (since, now), "{case}");
            assert_eq!(w.since, rfc3339(since), "{case}");
            assert!((w.days - days(now - since)).abs() < 1e-12, "{case}");
        }
    }

    #[test]
    fn an_explicit_window_is_kept_and_never_negative() {
        let input = releases_input(linear(&[T0]), vec![]);
        let cases = [
            (
                Some(T0 + DAY),
                Some(T0 + 8 * DAY),
                "2024-01-02T00:00:00Z",
                "2024-01-09T00:00:00Z",
                7.0,
            ),
            (
                None,
                Some(T0 + 12 * HOUR),
                "2024-01-01T00:00:00Z",
                "2024-01-01T12:00:00Z",
                0.5,
            ),
            // Until before since: nothing is in it, and it lasts no days.
            (
                Some(T0 + DAY),
                Some(T0),
                "2024-01-02T00:00:00Z",
                "2024-01-01T00:00:00Z",
                0.0,
            ),
        ];
        for (since, until, since_text, until_text, length) in cases {
            let mut config = Config::new(T0 + 30 * DAY);
            config.since = since;
            config.until = until;
            let w = window(&input, &config, &[]);
            assert_eq!(
                (w.since.as_str(), w.until.as_str(), w.days),
                (since_text, until_text, length)
            );
        }
    }

    #[test]
    fn the_window_includes_since_and_excludes_until() {
        let h = linear(&[T0]);
        let releases = vec![
            tag("before", T0 - 1, 0),
            tag("at-since", T0, 0),
            tag("last-second", T0 + DAY - 1, 0),
            tag("at-until", T0 + DAY, 0),
        ];
        let input = releases_input(h, releases);
        let mut config = Config::new(T0 + DAY);
        config.since = Some(T0);
        let d = deliveries(&input, &config);
        let w = window(&input, &config, &d);
        let got: Vec<&str> = counted(&d, &w).iter().map(|&i| d[i].name.as_str()).collect();
        assert_eq!(got, ["at-since", "last-second"]);
    }

    #[test]
    fn releases_list_what_each_first_delivered() {
        // 0 ← 1 ← 2; v1.0.0 at 1, v1.0.1 on the same commit (it delivers nothing new), v1.1.0
        // at 2 released at the same time as v1.0.1.
        let h = linear(&[T0, T0 + HOUR, T0 + 2 * HOUR]);
        let tags = vec![
            tag("v1.1.0", T0 + DAY, 2),
            tag("v1.0.1", T0 + DAY, 1),
            tag("v1.0.0", T0 + 3 * HOUR, 1),
        ];
        let input = releases_input(h, tags);
        let config = Config::new(T0 + 2 * DAY);
        let d = deliveries(&input, &config);
        let commits: Vec<Option<u32>> = d.iter().map(|d| d.commit).collect();
        let first = first_delivery(&input.history, &commits);
        let new = new_commits(&first, d.len());
        assert_eq!(new, [2, 0, 1], "v1.0.0, v1.0.1, v1.1.0");
        let w = window(&input, &config, &d);
        let out = releases(&input, &d, &new, None, &w);
        let got: Vec<(&str, &str, usize)> = out
            .iter()
            .map(|r| (r.name.as_str(), r.time.as_str(), r.new_commits))
            .collect();
        assert_eq!(
            got,
            [
                ("v1.0.0", "2024-01-01T03:00:00Z", 2),
                ("v1.0.1", "2024-01-02T00:00:00Z", 0),
                ("v1.1.0", "2024-01-02T00:00:00Z", 1),
            ]
        );
        assert_eq!(out[2].commit, id(2).to_hex());
        assert!(
            out.iter()
                .all(|r| r.in_window && r.annotated && r.commits.is_none())
        );
        assert_eq!(
            deployments(&input, &d, &new, None, &w),
            None,
            "no export, no list"
        );
        // Explained, each release lists what it shipped, oldest first.
        let shipped = shipped(&input.history, Clock::Author, &first, d.len());
        let out = releases(&input, &d, &new, Some(&shipped), &w);
        let listed: Vec<Vec<String>> = out
            .iter()
            .map(|r| r.commits.clone().unwrap_or_default())
            .collect();
        assert_eq!(
            listed,
            [vec![id(0).to_hex(), id(1).to_hex()], vec![], vec![id(2).to_hex()]]
        );
    }

    #[test]
    fn deployments_list_in_file_order_with_what_counted() {
        let h = linear(&[T0, T0 + HOUR]);
        let later = deployment(2, T0 + 2 * DAY, Some(1));
        let earlier = deployment(3, T0 + DAY, Some(0));
        let staging = Deployment {
            environment: "staging".into(),
            ..deployment(4, T0 + DAY, Some(1))
        };
        let outside = deployment(5, T0 + 9 * DAY, Some(1));
        let mut input = deployments_input(h, vec![later, earlier, staging, outside]);
        input.releases = vec![tag("v1", T0 + DAY, 1)];
        let mut config = Config::new(T0 + 9 * DAY);
        config.since = Some(T0);
        let d = deliveries(&input, &config);
        let commits: Vec<Option<u32>> = d.iter().map(|d| d.commit).collect();
        let first = first_delivery(&input.history, &commits);
        let new = new_commits(&first, d.len());
        let w = window(&input, &config, &d);
        let shipped = shipped(&input.history, Clock::Author, &first, d.len());
        let out = deployments(&input, &d, &new, Some(&shipped), &w).expect("an export");
        let got: Vec<(usize, bool, usize)> = out.iter().map(|d| (d.line, d.counted, d.new_commits)).collect();
        assert_eq!(got, [(2, true, 1), (3, true, 1), (4, false, 0), (5, false, 0)]);
        assert_eq!(out[0].commit, Some(id(1).to_hex()));
        // Line 3 (the earlier one) shipped commit 0, line 2 commit 1; staging ships nothing.
        let listed: Vec<Vec<String>> = out
            .iter()
            .map(|d| d.commits.clone().unwrap_or_default())
            .collect();
        assert_eq!(
            listed,
            [vec![id(1).to_hex()], vec![id(0).to_hex()], vec![], vec![]]
        );
        let tags = releases(&input, &d, &new, None, &w);
        assert_eq!(tags[0].new_commits, 0, "tags deliver nothing when deployments do");
    }
}
