//! Observed maturity levels from delivery metrics: documented rules that turn the numbers
//! into a level of `devops.environments-release`, `devops.builds-ci` and
//! `automation.version-control`, each with the rule that fired and the numbers behind it.
//!
//! The DORA thresholds are the benchmark's, never this module's: a value's band in the
//! benchmark is its level (elite → 4, high → 3, medium → 2, low → 1), and the rule names the
//! band's words and the threshold that placed it, so another benchmark file moves the levels
//! and their words together. The rules (also in `docs/metrics.md`):
//! - `devops.environments-release`, from the median interval between deliveries in the window
//!   (at least [`MIN_DELIVERIES`] deliveries), read as deliveries per week and banded like
//!   deployment frequency. With fewer deliveries in a window of at least
//!   [`MIN_WINDOW_DAYS`], the band of the deliveries per week over the window.
//! - `devops.builds-ci`, from the band of the median lead time for changes (at least
//!   [`MIN_COMMITS`] commits): lead time is how fast build and integration turn a commit into a
//!   shipped artefact.
//! - `automation.version-control`, from commit habits: fewer than one commit a week → 1;
//!   regular commits but no delivery traceable to a commit → 2; deliveries traceable to
//!   commits (tags or resolved deployments) → 3; and at least half the main line landing
//!   through merge or squash-merge commits (reviewed integration) → 4.
//!
//! Pure: reads a [`Metrics`] and the benchmark it was banded with.

use super::bands::{Band, Better, DoraBenchmark, Thresholds};
use super::output::{MetricLevel, Metrics};
use super::time::DAYS_PER_WEEK;

/// A median of one or two intervals is an anecdote, not a cadence.
pub const MIN_DELIVERIES: usize = 3;
/// Too few deliveries say something only over a long window: a quarter.
pub const MIN_WINDOW_DAYS: f64 = 90.0;
/// A median lead time of fewer changes says more about those changes than about the pipeline.
pub const MIN_COMMITS: usize = 5;

/// The levels `metrics` supports under `benchmark` (the one it was computed with); a criterion
/// without enough data is left out.
pub fn observed_levels(metrics: &Metrics, benchmark: &DoraBenchmark) -> Vec<MetricLevel> {
    [
        environments_release(metrics, benchmark),
        builds_ci(metrics, benchmark),
        version_control(metrics),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The maturity level a DORA band stands for.
fn level_of(band: Band) -> u8 {
    match band {
        Band::Elite => 4,
        Band::High => 3,
        Band::Medium => 2,
        Band::Low => 1,
    }
}

fn level(criterion: &str, level: u8, rule: String, numbers: &[(&str, f64)]) -> MetricLevel {
    MetricLevel {
        criterion: criterion.to_string(),
        level,
        rule,
        numbers: numbers.iter().map(|(k, v)| ((*k).to_string(), *v)).collect(),
    }
}

fn environments_release(metrics: &Metrics, benchmark: &DoraBenchmark) -> Option<MetricLevel> {
    let frequency = &metrics.deployment_frequency;
    let thresholds = &benchmark.deployment_frequency;
    #[allow(clippy::cast_precision_loss)]
    let deliveries = frequency.count as f64;
    let window_days = metrics.window.days;
    match frequency.cadence.median_days {
        Some(median) if frequency.count >= MIN_DELIVERIES => {
            // Deliveries a median interval apart come this many a week; 0 days apart is as
            // often as can be, and infinity bands as such.
            let band = thresholds.band(DAYS_PER_WEEK / median);
            let (bound, threshold) = band_bound(thresholds, band);
            let apart = interval_days(DAYS_PER_WEEK / threshold);
            Some(level(
                "devops.environments-release",
                level_of(band),
                format!(
                    "median interval between deliveries {median:.1} days → {} ({} {}: deliveries {} \
                     {apart} apart)",
                    thresholds.words(band),
                    benchmark.name,
                    band.as_str(),
                    bound.reciprocal().words(),
                ),
                &[
                    ("median_interval_days", median),
                    ("deliveries", deliveries),
                    ("window_days", window_days),
                ],
            ))
        }
        _ if window_days >= MIN_WINDOW_DAYS => {
            let band = thresholds.band(frequency.per_week);
            let (bound, threshold) = band_bound(thresholds, band);
            Some(level(
                "devops.environments-release",
                level_of(band),
                format!(
                    "{deliveries:.0} deliveries in {window_days:.0} days, {:.2} a week → {} ({} {}: {} \
                     {} a week)",
                    frequency.per_week,
                    thresholds.words(band),
                    benchmark.name,
                    band.as_str(),
                    bound.words(),
                    trimmed(threshold, 4),
                ),
                &[("deliveries", deliveries), ("window_days", window_days)],
            ))
        }
        _ => None,
    }
}

fn builds_ci(metrics: &Metrics, benchmark: &DoraBenchmark) -> Option<MetricLevel> {
    let lead = &metrics.lead_time;
    let median = lead.median_hours.filter(|_| lead.count >= MIN_COMMITS)?;
    let thresholds = &benchmark.lead_time;
    let band = thresholds.band(median);
    let (bound, threshold) = band_bound(thresholds, band);
    #[allow(clippy::cast_precision_loss)]
    let count = lead.count as f64;
    Some(level(
        "devops.builds-ci",
        level_of(band),
        format!(
            "median lead time for changes {median:.1} hours → {} ({} {}: {} {threshold} {})",
            thresholds.words(band),
            benchmark.name,
            band.as_str(),
            bound.words(),
            if threshold == 1.0 { "hour" } else { "hours" },
        ),
        &[("median_lead_time_hours", median), ("commits", count)],
    ))
}

fn version_control(metrics: &Metrics) -> Option<MetricLevel> {
    let people = &metrics.people;
    if people.commits == 0 {
        return None;
    }
    let per_week = people.commits_per_week;
    let integrated = people.merge_share.unwrap_or(0.0) + people.squash_share.unwrap_or(0.0);
    let traceable = metrics.deployment_frequency.count > 0 && metrics.lead_time.count > 0;
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
    #[allow(clippy::cast_precision_loss)]
    let deliveries = metrics.deployment_frequency.count as f64;
    Some(level(
        "automation.version-control",
        lvl,
        rule,
        &[
            ("commits_per_week", per_week),
            ("commits", commits),
            ("deliveries", deliveries),
            ("merged_share", integrated),
        ],
    ))
}

/// How a value compares with a threshold, in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    AtLeast,
    MoreThan,
    AtMost,
    Under,
}

impl Bound {
    /// What reaching a threshold of `t` takes.
    fn reaching(t: &Thresholds) -> Self {
        match (t.better, t.inclusive) {
            (Better::Higher, true) => Self::AtLeast,
            (Better::Higher, false) => Self::MoreThan,
            (Better::Lower, true) => Self::AtMost,
            (Better::Lower, false) => Self::Under,
        }
    }

    fn missing(self) -> Self {
        match self {
            Self::AtLeast => Self::Under,
            Self::MoreThan => Self::AtMost,
            Self::AtMost => Self::MoreThan,
            Self::Under => Self::AtLeast,
        }
    }

    /// The same bound on the reciprocal of the value: more deliveries a week are fewer days
    /// between them.
    fn reciprocal(self) -> Self {
        match self {
            Self::AtLeast => Self::AtMost,
            Self::MoreThan => Self::Under,
            Self::AtMost => Self::AtLeast,
            Self::Under => Self::MoreThan,
        }
    }

    fn words(self) -> &'static str {
        match self {
            Self::AtLeast => "at least",
            Self::MoreThan => "more than",
            Self::AtMost => "at most",
            Self::Under => "under",
        }
    }
}

/// The bound that put a value in `band`: the band's threshold reached, or for the lowest band,
/// the medium threshold missed.
fn band_bound(t: &Thresholds, band: Band) -> (Bound, f64) {
    let reach = Bound::reaching(t);
    match band {
        Band::Elite => (reach, t.elite),
        Band::High => (reach, t.high),
        Band::Medium => (reach, t.medium),
        Band::Low => (reach.missing(), t.medium),
    }
}

/// Days between deliveries, derived from a per-week threshold: to two decimals, enough to place
/// a median printed to one.
/// `value` to at most `digits` decimals, without trailing zeros: a threshold as a person
/// writes it.
fn trimmed(value: f64, digits: usize) -> String {
    let text = format!("{value:.digits$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

fn interval_days(days: f64) -> String {
    let text = trimmed(days, 2);
    if text == "1" {
        "1 day".to_string()
    } else {
        format!("{text} days")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::bands::parse_dora_benchmark;
    use crate::metrics::output::Cadence;

    const ENV: &str = "devops.environments-release";
    const CI: &str = "devops.builds-ci";
    const VC: &str = "automation.version-control";

    /// Deliveries, their median interval in days, and the window length.
    fn cadence(count: usize, median_days: Option<f64>, window_days: f64) -> Metrics {
        let mut m = Metrics::empty();
        m.window.days = window_days;
        m.deployment_frequency.count = count;
        #[allow(clippy::cast_precision_loss)]
        let per_week = count as f64 / (window_days / 7.0);
        m.deployment_frequency.per_week = per_week;
        m.deployment_frequency.cadence = Cadence {
            median_days,
            p90_days: median_days,
            intervals: count.saturating_sub(1),
        };
        m
    }

    fn lead(count: usize, median_hours: Option<f64>) -> Metrics {
        let mut m = Metrics::empty();
        m.lead_time.count = count;
        m.lead_time.median_hours = median_hours;
        m
    }

    /// A criterion's level and rule, if it has one.
    type Expected = Option<(u8, &'static str)>;
    /// (case, metrics, expected)
    type Case = (&'static str, Metrics, Expected);

    fn of<'a>(levels: &'a [MetricLevel], criterion: &str) -> Option<(u8, &'a str)> {
        levels
            .iter()
            .find(|l| l.criterion == criterion)
            .map(|l| (l.level, l.rule.as_str()))
    }

    #[test]
    fn environments_release_from_the_frequency_bands() {
        let b = DoraBenchmark::builtin();
        let cases: [Case; 12] = [
            ("no delivery, short window", cadence(0, None, 30.0), None),
            ("two deliveries, short window", cadence(2, Some(3.0), 30.0), None),
            (
                "same timestamps: 0 days apart",
                cadence(3, Some(0.0), 30.0),
                Some((
                    4,
                    "median interval between deliveries 0.0 days → on demand (DORA 2023 elite: deliveries at most 1 day apart)",
                )),
            ),
            (
                "a day apart: on demand",
                cadence(30, Some(1.0), 30.0),
                Some((
                    4,
                    "median interval between deliveries 1.0 days → on demand (DORA 2023 elite: deliveries at most 1 day apart)",
                )),
            ),
            (
                "a week apart: weekly",
                cadence(5, Some(7.0), 30.0),
                Some((
                    3,
                    "median interval between deliveries 7.0 days → daily to weekly (DORA 2023 high: deliveries at most 7 days apart)",
                )),
            ),
            (
                "just over a week",
                cadence(4, Some(7.01), 30.0),
                Some((
                    2,
                    "median interval between deliveries 7.0 days → weekly to monthly (DORA 2023 medium: deliveries at most 31 days apart)",
                )),
            ),
            (
                "30.4 days: monthly",
                cadence(3, Some(30.4), 90.0),
                Some((
                    2,
                    "median interval between deliveries 30.4 days → weekly to monthly (DORA 2023 medium: deliveries at most 31 days apart)",
                )),
            ),
            // The same day of every month: monthly, even across a 31-day month.
            (
                "31 days: monthly",
                cadence(3, Some(31.0), 90.0),
                Some((
                    2,
                    "median interval between deliveries 31.0 days → weekly to monthly (DORA 2023 medium: deliveries at most 31 days apart)",
                )),
            ),
            (
                "32 days: less than monthly",
                cadence(3, Some(32.0), 90.0),
                Some((
                    1,
                    "median interval between deliveries 32.0 days → less than monthly (DORA 2023 low: deliveries more than 31 days apart)",
                )),
            ),
            (
                "few deliveries in a long window",
                cadence(2, Some(50.0), 120.0),
                Some((
                    1,
                    "2 deliveries in 120 days, 0.12 a week → less than monthly (DORA 2023 low: under 0.2258 a week)",
                )),
            ),
            (
                "no delivery in a quarter",
                cadence(0, None, 90.0),
                Some((
                    1,
                    "0 deliveries in 90 days, 0.00 a week → less than monthly (DORA 2023 low: under 0.2258 a week)",
                )),
            ),
            (
                "two deliveries in a window of 89 days",
                cadence(2, Some(40.0), 89.0),
                None,
            ),
        ];
        for (case, m, expected) in cases {
            let levels = observed_levels(&m, &b);
            assert_eq!(of(&levels, ENV), expected, "{case}");
        }
        let levels = observed_levels(&cadence(5, Some(7.0), 30.0), &b);
        let numbers: Vec<(&str, f64)> = levels[0].numbers.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(
            numbers,
            [
                ("deliveries", 5.0),
                ("median_interval_days", 7.0),
                ("window_days", 30.0)
            ]
        );
    }

    #[test]
    fn builds_ci_from_the_lead_time_bands() {
        let b = DoraBenchmark::builtin();
        let cases: [Case; 7] = [
            ("no lead time", lead(0, None), None),
            ("too few commits", lead(4, Some(1.0)), None),
            (
                "under a day",
                lead(5, Some(23.9)),
                Some((
                    4,
                    "median lead time for changes 23.9 hours → less than a day (DORA 2023 elite: under 24 hours)",
                )),
            ),
            (
                "a day exactly is not under a day",
                lead(5, Some(24.0)),
                Some((
                    3,
                    "median lead time for changes 24.0 hours → a day to a week (DORA 2023 high: under 168 hours)",
                )),
            ),
            (
                "under a month",
                lead(9, Some(168.0)),
                Some((
                    2,
                    "median lead time for changes 168.0 hours → a week to a month (DORA 2023 medium: under 720 hours)",
                )),
            ),
            (
                "a month",
                lead(9, Some(720.0)),
                Some((
                    1,
                    "median lead time for changes 720.0 hours → more than a month (DORA 2023 low: at least 720 hours)",
                )),
            ),
            (
                "zero",
                lead(5, Some(0.0)),
                Some((
                    4,
                    "median lead time for changes 0.0 hours → less than a day (DORA 2023 elite: under 24 hours)",
                )),
            ),
        ];
        for (case, m, expected) in cases {
            let levels = observed_levels(&m, &b);
            assert_eq!(of(&levels, CI), expected, "{case}");
        }
    }

    #[test]
    fn another_benchmark_moves_the_levels_and_their_words() {
        // Inclusive lead-time thresholds of 1, 2 and 3 hours; "monthly" as every four weeks.
        let text = include_str!("dora-2023.toml")
            .replace("name = \"DORA 2023\"", "name = \"Ours\"")
            .replace("medium = 0.225806", "medium = 0.25")
            .replace(
                "inclusive = false\nelite = 24.0\nhigh = 168.0\nmedium = 720.0",
                "inclusive = true\nelite = 1.0\nhigh = 2.0\nmedium = 3.0",
            );
        let ours = parse_dora_benchmark("ours.toml", &text).expect("valid");
        let cases: [(&str, Metrics, &str, Expected); 4] = [
            (
                "an hour is elite when inclusive",
                lead(5, Some(1.0)),
                CI,
                Some((
                    4,
                    "median lead time for changes 1.0 hours → less than a day (Ours elite: at most 1 hour)",
                )),
            ),
            (
                "a day is low",
                lead(5, Some(24.0)),
                CI,
                Some((
                    1,
                    "median lead time for changes 24.0 hours → more than a month (Ours low: more than 3 hours)",
                )),
            ),
            (
                "29 days is low",
                cadence(3, Some(29.0), 90.0),
                ENV,
                Some((
                    1,
                    "median interval between deliveries 29.0 days → less than monthly (Ours low: deliveries more than 28 days apart)",
                )),
            ),
            (
                "28 days is medium",
                cadence(3, Some(28.0), 90.0),
                ENV,
                Some((
                    2,
                    "median interval between deliveries 28.0 days → weekly to monthly (Ours medium: deliveries at most 28 days apart)",
                )),
            ),
        ];
        for (case, m, criterion, expected) in cases {
            let levels = observed_levels(&m, &ours);
            assert_eq!(of(&levels, criterion), expected, "{case}");
        }
    }

    #[test]
    fn version_control_from_commit_habits() {
        let b = DoraBenchmark::builtin();
        // (case, commits, per week, deliveries, lead-time commits, merge share, squash share, level)
        let cases = [
            ("no commit: no level", 0, 0.0, 0, 0, None, None, None),
            ("irregular", 3, 0.5, 1, 1, None, None, Some(1)),
            ("regular, nothing traceable", 20, 2.0, 0, 0, None, None, Some(2)),
            (
                "regular, traceable, direct",
                20,
                2.0,
                3,
                10,
                Some(0.2),
                Some(0.1),
                Some(3),
            ),
            (
                "regular, traceable, half merged",
                20,
                2.0,
                3,
                10,
                Some(0.25),
                Some(0.25),
                Some(4),
            ),
        ];
        for (case, commits, per_week, deliveries, leads, merge, squash, expected) in cases {
            let mut m = Metrics::empty();
            m.people.commits = commits;
            m.people.commits_per_week = per_week;
            m.people.merge_share = merge;
            m.people.squash_share = squash;
            m.deployment_frequency.count = deliveries;
            m.lead_time.count = leads;
            let levels = observed_levels(&m, &b);
            assert_eq!(of(&levels, VC).map(|l| l.0), expected, "{case}");
        }
        let mut m = Metrics::empty();
        (m.people.commits, m.people.commits_per_week, m.people.merge_share) = (20, 2.0, Some(0.6));
        (m.deployment_frequency.count, m.lead_time.count) = (3, 10);
        assert_eq!(
            of(&observed_levels(&m, &b), VC),
            Some((
                4,
                "2.0 commits a week, deliveries traceable to commits, 60 % of the main line merged → \
                 versioned releases and merge-based integration"
            ))
        );
    }

    #[test]
    fn bounds_in_words() {
        let b = DoraBenchmark::builtin();
        let cases = [
            (&b.deployment_frequency, Band::High, Bound::AtLeast, 1.0),
            (&b.deployment_frequency, Band::Low, Bound::Under, 0.225806),
            (&b.lead_time, Band::Elite, Bound::Under, 24.0),
            (&b.lead_time, Band::Low, Bound::AtLeast, 720.0),
            (&b.change_failure_rate, Band::Medium, Bound::AtMost, 0.15),
            (&b.change_failure_rate, Band::Low, Bound::MoreThan, 0.15),
        ];
        for (t, band, bound, value) in cases {
            assert_eq!(band_bound(t, band), (bound, value), "{} {band:?}", t.unit);
        }
        assert_eq!(Bound::MoreThan.reciprocal(), Bound::Under);
        assert_eq!(interval_days(7.0 / 0.2301), "30.42 days");
        assert_eq!(interval_days(7.0 / 0.225806), "31 days");
        assert_eq!(interval_days(1.0), "1 day");
        assert_eq!(interval_days(0.5), "0.5 days");
    }
}
