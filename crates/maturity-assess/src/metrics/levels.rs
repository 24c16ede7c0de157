//! Observed maturity levels from delivery metrics: documented rules that turn the numbers
//! into a level of `devops.environments-release`, `devops.builds-ci` and
//! `automation.version-control`, each with the rule that fired and the numbers behind it.
//!
//! The rules (also in `docs/metrics.md`):
//! - `devops.environments-release`, from the median interval between deliveries in the
//!   window (at least 3 deliveries): at most a day → 4 (on demand), at most a week → 3
//!   (weekly), at most 31 days → 2 (monthly), longer → 1 (quarterly or rarer). With fewer than
//!   3 deliveries in a window of 90 days or more → 1.
//! - `devops.builds-ci`, from the median lead time for changes (at least 5 commits): under a
//!   day → 4, under a week → 3, under 30 days → 2, longer → 1. Lead time is how fast build and
//!   integration turn a commit into a shipped artefact.
//! - `automation.version-control`, from commit habits: fewer than one commit a week → 1;
//!   regular commits but no delivery traceable to a commit → 2; deliveries traceable to
//!   commits (tags or resolved deployments) → 3; and at least half the main line landing
//!   through merge or squash-merge commits (reviewed integration) → 4.
//!
//! Pure: reads a [`Metrics`] only.

use super::output::{MetricLevel, Metrics};

fn level(criterion: &str, level: u8, rule: String, numbers: &[(&str, f64)]) -> MetricLevel {
    MetricLevel {
        criterion: criterion.to_string(),
        level,
        rule,
        numbers: numbers.iter().map(|(k, v)| ((*k).to_string(), *v)).collect(),
    }
}

/// The levels `metrics` supports; a criterion without enough data is left out.
pub fn observed_levels(metrics: &Metrics) -> Vec<MetricLevel> {
    let mut out = Vec::new();
    #[allow(clippy::cast_precision_loss)]
    let deliveries = metrics.deployment_frequency.count as f64;
    let window_days = metrics.window.days;

    let cadence = &metrics.deployment_frequency.cadence;
    match cadence.median_days {
        Some(median) if metrics.deployment_frequency.count >= 3 => {
            let (lvl, words) = if median <= 1.0 {
                (4, "on demand: a delivery a day or more often")
            } else if median <= 7.0 {
                (3, "weekly: deliveries at most a week apart")
            } else if median <= 31.0 {
                (2, "monthly: deliveries at most a month apart")
            } else {
                (1, "quarterly or rarer: deliveries more than a month apart")
            };
            out.push(level(
                "devops.environments-release",
                lvl,
                format!("median interval between deliveries {median:.1} days → {words}"),
                &[
                    ("median_interval_days", median),
                    ("deliveries", deliveries),
                    ("window_days", window_days),
                ],
            ));
        }
        _ if window_days >= 90.0 => out.push(level(
            "devops.environments-release",
            1,
            format!("{deliveries:.0} deliveries in {window_days:.0} days → fewer than 3 a quarter"),
            &[("deliveries", deliveries), ("window_days", window_days)],
        )),
        _ => {}
    }

    let lead = &metrics.lead_time;
    if let Some(median) = lead.median_hours
        && lead.count >= 5
    {
        let (lvl, words) = if median < 24.0 {
            (4, "under a day")
        } else if median < 168.0 {
            (3, "under a week")
        } else if median < 720.0 {
            (2, "under 30 days")
        } else {
            (1, "30 days or more")
        };
        #[allow(clippy::cast_precision_loss)]
        let count = lead.count as f64;
        out.push(level(
            "devops.builds-ci",
            lvl,
            format!("median lead time for changes {median:.1} hours → {words}"),
            &[("median_lead_time_hours", median), ("commits", count)],
        ));
    }

    let people = &metrics.people;
    if people.commits > 0 {
        let per_week = people.commits_per_week;
        let integrated = people.merge_share.unwrap_or(0.0) + people.squash_share.unwrap_or(0.0);
        let traceable = metrics.deployment_frequency.count > 0 && lead.count > 0;
        let (lvl, rule) = if per_week < 1.0 {
            (
                1,
                format!("{per_week:.1} commits a week → version control used irregularly"),
            )
        } else if !traceable {
            (
                2,
                format!(
                    "{per_week:.1} commits a week, but no delivery traceable to a commit → \
                     regular use without versioned releases"
                ),
            )
        } else if integrated < 0.5 {
            (
                3,
                format!(
                    "{per_week:.1} commits a week, deliveries traceable to commits, {:.0} % of the \
                     main line merged → versioned releases, mostly direct commits",
                    integrated * 100.0
                ),
            )
        } else {
            (
                4,
                format!(
                    "{per_week:.1} commits a week, deliveries traceable to commits, {:.0} % of the \
                     main line merged → versioned releases and merge-based integration",
                    integrated * 100.0
                ),
            )
        };
        #[allow(clippy::cast_precision_loss)]
        let commits = people.commits as f64;
        out.push(level(
            "automation.version-control",
            lvl,
            rule,
            &[
                ("commits_per_week", per_week),
                ("commits", commits),
                ("deliveries", deliveries),
                ("merged_share", integrated),
            ],
        ));
    }
    out
}
