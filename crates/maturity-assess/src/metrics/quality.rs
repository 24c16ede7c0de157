//! Data-quality warnings about the input as a whole: an empty or shallow history, nothing to
//! count as a delivery, deployments that name no commit, and commit dates that cannot be right.
//! The numbers are still computed; these say how far to trust them.

use super::config::Config;
use super::history::Clock;
use super::input::{Input, Warning};

/// The warnings, in the order the JSON has always listed them.
pub(super) fn warnings(input: &Input, config: &Config) -> Vec<Warning> {
    let history = &input.history;
    let mut warnings = Vec::new();
    if history.is_empty() {
        warnings.push(Warning::new(
            "empty-repository",
            "the repository has no commits on any branch or tag",
        ));
    }
    if history.is_shallow() {
        warnings.push(Warning::new(
            "shallow-clone",
            "the repository is a shallow clone: history before the shallow boundary is missing, \
             so lead times of the oldest commits and counts before it are incomplete; \
             run `git fetch --unshallow` for full metrics",
        ));
    }
    if input.deployments.is_none() && input.releases.is_empty() && !history.is_empty() {
        warnings.push(Warning::new(
            "no-release-tags",
            "no tag matches the release pattern: there are no releases, so no lead time, \
             frequency or failure rate; pass --release-tags or --deployments",
        ));
    }
    if let Some(deployments) = &input.deployments {
        let unresolved = deployments
            .iter()
            .filter(|d| d.environment == config.environment && d.commit.is_none())
            .count();
        if unresolved > 0 {
            warnings.push(Warning::new(
                "deployments-unresolved",
                format!(
                    "{unresolved} {} deployment(s) name no commit or tag of this repository: \
                     they count for frequency but not for lead time",
                    config.environment
                ),
            ));
        }
        if !deployments.iter().any(|d| d.environment == config.environment) {
            let mut envs: Vec<&str> = deployments.iter().map(|d| d.environment.as_str()).collect();
            envs.sort_unstable();
            envs.dedup();
            warnings.push(Warning::new(
                "no-deployments-in-environment",
                format!(
                    "no deployment to `{}` in the export (environments: {}); pass --environment",
                    config.environment,
                    envs.join(", ")
                ),
            ));
        }
    }
    let times = history.infos().iter().map(|info| match config.clock {
        Clock::Author => info.author_time,
        Clock::Committer => info.committer_time,
    });
    let (future, before_1970) = times.fold((0_usize, 0_usize), |(future, before), t| {
        (future + usize::from(t > config.now), before + usize::from(t < 0))
    });
    if future > 0 {
        warnings.push(Warning::new(
            "future-commits",
            format!("{future} commit(s) are dated in the future: a committer's clock was wrong"),
        ));
    }
    if before_1970 > 0 {
        warnings.push(Warning::new(
            "commits-before-1970",
            format!("{before_1970} commit(s) are dated before 1970: a committer's clock was wrong"),
        ));
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::history::{CommitInfo, History, HistoryBuilder};
    use crate::metrics::input::Deployment;
    use crate::metrics::testkit::{DAY, T0, at, deployment, history, id, linear, tag};

    fn codes(input: &Input, config: &Config) -> Vec<String> {
        warnings(input, config).into_iter().map(|w| w.code).collect()
    }

    #[test]
    fn warning_cases() {
        let now = T0 + 10 * DAY;
        let staging = Deployment {
            environment: "staging".into(),
            ..deployment(2, T0, Some(0))
        };
        let shallow = {
            let mut b = HistoryBuilder::default();
            let (c, _) = b.intern(id(0));
            b.set_info(
                c,
                CommitInfo {
                    author_time: T0,
                    committer_time: T0,
                    ..CommitInfo::default()
                },
            );
            b.set_shallow(true);
            b.build().expect("complete")
        };
        /// (case, history, tagged, deployments, clock, codes)
        type Case = (
            &'static str,
            History,
            bool,
            Option<Vec<Deployment>>,
            Clock,
            &'static [&'static str],
        );
        let cases: Vec<Case> = vec![
            (
                "empty history",
                linear(&[]),
                false,
                None,
                Clock::Author,
                &["empty-repository"],
            ),
            (
                "one commit, no tag",
                linear(&[T0]),
                false,
                None,
                Clock::Author,
                &["no-release-tags"],
            ),
            (
                "one commit, one tag",
                linear(&[T0]),
                true,
                None,
                Clock::Author,
                &[],
            ),
            ("shallow", shallow, true, None, Clock::Author, &["shallow-clone"]),
            (
                "deployments instead of tags, one unresolved",
                linear(&[T0]),
                false,
                Some(vec![deployment(2, T0, Some(0)), deployment(3, T0, None)]),
                Clock::Author,
                &["deployments-unresolved"],
            ),
            (
                "none to production",
                linear(&[T0]),
                false,
                Some(vec![
                    staging.clone(),
                    Deployment {
                        environment: "qa".into(),
                        ..staging
                    },
                ]),
                Clock::Author,
                &["no-deployments-in-environment"],
            ),
            (
                "dated in the future and before 1970",
                linear(&[now + 1, -1, now]),
                true,
                None,
                Clock::Author,
                &["future-commits", "commits-before-1970"],
            ),
            // Committed now, authored in the future: only the clock in use decides.
            (
                "future by author, by author",
                history(&[at(now).authored(now + DAY)]),
                true,
                None,
                Clock::Author,
                &["future-commits"],
            ),
            (
                "future by author, by committer",
                history(&[at(now).authored(now + DAY)]),
                true,
                None,
                Clock::Committer,
                &[],
            ),
        ];
        for (case, history, tagged, deployments, clock, expected) in cases {
            let releases = if tagged {
                vec![tag("v1.0.0", T0, 0)]
            } else {
                vec![]
            };
            let input = Input {
                history,
                releases,
                deployments,
                ..Input::default()
            };
            let mut config = Config::new(now);
            config.clock = clock;
            assert_eq!(codes(&input, &config), expected, "{case}");
        }
    }

    #[test]
    fn messages_count_and_name() {
        let input = Input {
            history: linear(&[-2 * DAY, T0]),
            deployments: Some(vec![
                Deployment {
                    environment: "staging".into(),
                    ..deployment(2, T0, None)
                },
                Deployment {
                    environment: "qa".into(),
                    ..deployment(3, T0, None)
                },
                Deployment {
                    environment: "staging".into(),
                    ..deployment(4, T0, None)
                },
            ]),
            ..Input::default()
        };
        let got = warnings(&input, &Config::new(T0));
        let messages: Vec<&str> = got.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "no deployment to `production` in the export (environments: qa, staging); pass \
                 --environment",
                "1 commit(s) are dated before 1970: a committer's clock was wrong",
            ]
        );
        let mut config = Config::new(T0);
        config.environment = "staging".into();
        assert!(
            warnings(&input, &config)[0]
                .message
                .starts_with("2 staging deployment(s) name no commit or tag of this repository")
        );
    }
}
