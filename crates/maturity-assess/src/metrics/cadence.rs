//! Release cadence: the intervals between consecutive deliveries, and the warning when the
//! window is too short for them to mean much.

use super::input::Warning;
use super::output::{Cadence, Window};
use super::quantile::{quantile_sorted, summarize};
use super::time::days;

/// The intervals between consecutive `times` (sorted ascending), in days.
pub(super) fn cadence(times: &[i64]) -> Cadence {
    let mut intervals: Vec<f64> = times.windows(2).map(|w| days(w[1] - w[0])).collect();
    intervals.sort_unstable_by(f64::total_cmp);
    Cadence {
        median_days: quantile_sorted(&intervals, 0.5),
        p90_days: quantile_sorted(&intervals, 0.9),
        intervals: intervals.len(),
    }
}

/// Frequency and cadence mean little in a window shorter than the usual interval between
/// deliveries; `all_times` are every delivery's, in or out of the window, sorted.
pub(super) fn window_warning(all_times: &[i64], window: &Window) -> Option<Warning> {
    let mut intervals: Vec<f64> = all_times.windows(2).map(|w| days(w[1] - w[0])).collect();
    let typical = summarize(&mut intervals).median?;
    (window.days < typical).then(|| {
        Warning::new(
            "window-shorter-than-interval",
            format!(
                "the window ({:.0} days) is shorter than the median interval between deliveries \
                 ({typical:.0} days): frequency and cadence are unreliable; widen --since/--until",
                window.days
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testkit::{DAY, HOUR, T0};

    #[test]
    fn intervals_between_consecutive_deliveries() {
        /// (case, delivery times as offsets from T0, median days, p90 days, intervals)
        type Case = (&'static str, &'static [i64], Option<f64>, Option<f64>, usize);
        let cases: [Case; 6] = [
            ("no delivery", &[], None, None, 0),
            ("one delivery: no interval", &[0], None, None, 0),
            ("two", &[0, 3 * DAY], Some(3.0), Some(3.0), 1),
            ("same timestamps", &[DAY, DAY, DAY], Some(0.0), Some(0.0), 2),
            // Intervals 1, 2, 7: median 2; p90 at rank 1.8, 2 + 0.8 × (7 − 2) = 6.
            (
                "three intervals",
                &[0, DAY, 3 * DAY, 10 * DAY],
                Some(2.0),
                Some(6.0),
                3,
            ),
            (
                "hours are fractions of a day",
                &[0, 12 * HOUR, 18 * HOUR],
                Some(0.375),
                Some(0.475),
                2,
            ),
        ];
        for (case, offsets, median, p90, intervals) in cases {
            let times: Vec<i64> = offsets.iter().map(|o| T0 + o).collect();
            let got = cadence(&times);
            assert_eq!(got.intervals, intervals, "{case}");
            for (got, expected) in [(got.median_days, median), (got.p90_days, p90)] {
                match (got, expected) {
                    (Some(g), Some(e)) => assert!((g - e).abs() < 1e-9, "{case}: {g} != {e}"),
                    _ => assert_eq!(got, expected, "{case}"),
                }
            }
        }
    }

    #[test]
    fn a_window_shorter_than_the_usual_interval_is_flagged() {
        // (case, delivery offsets, window length in days, warned)
        let cases: [(&str, &[i64], i64, bool); 5] = [
            ("no delivery", &[], 1, false),
            ("one delivery", &[0], 1, false),
            (
                "monthly releases, a 10-day window",
                &[0, 30 * DAY, 60 * DAY],
                10,
                true,
            ),
            (
                "monthly releases, a 60-day window",
                &[0, 30 * DAY, 60 * DAY],
                60,
                false,
            ),
            ("exactly the interval is long enough", &[0, 30 * DAY], 30, false),
        ];
        for (case, offsets, length, warned) in cases {
            let times: Vec<i64> = offsets.iter().map(|o| T0 + o).collect();
            let got = window_warning(&times, &Window::new(T0, T0 + length * DAY));
            assert_eq!(got.is_some(), warned, "{case}");
        }
        let w = window_warning(&[T0, T0 + 30 * DAY], &Window::new(T0, T0 + 10 * DAY)).expect("warned");
        assert_eq!(w.code, "window-shorter-than-interval");
        assert!(
            w.message.starts_with(
                "the window (10 days) is shorter than the median interval between deliveries (30 days)"
            ),
            "{}",
            w.message
        );
    }
}
