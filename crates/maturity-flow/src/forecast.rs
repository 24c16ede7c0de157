//! Monte Carlo forecasts over the observed weekly throughput: each trial draws weeks at random
//! from the sampled weeks (with replacement) until it has done the items, or for the weeks
//! until the date. A fixed seed and our own generator make the same data give the same answer
//! on every run and every machine.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

use crate::day::{date_of, day_number, monday};
use crate::output::Throughput;
use crate::percentile::nearest_rank;

pub const TRIALS: u32 = 10_000;
/// The default seed: "maturity" in ASCII.
pub const SEED: u64 = 0x6d61_7475_7269_7479;
/// Recent weeks say more about the team of today than a year-old quarter does.
pub const SAMPLED_WEEKS: usize = 26;
/// A trial that has not finished in ten years never will: it stops there.
const MAX_WEEKS: u32 = 520;
/// Without a date asked for, "how many by" looks four weeks past the last day.
const DEFAULT_WEEKS_AHEAD: i32 = 4;

/// What to forecast: `items` (default: the open items) and `by` (default: four weeks after the
/// last day).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ForecastRequest {
    pub items: Option<usize>,
    pub by: Option<Date>,
    pub seed: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Forecast {
    pub trials: u32,
    pub seed: u64,
    /// The weekly throughputs drawn from, oldest first.
    pub weeks_sampled: Vec<usize>,
    /// When `items` more items will be done: the day by which 50, 85 and 95 % of trials had.
    pub when: Option<When>,
    /// How many items will be done by `date`: at least p50, p85, p95 in 50, 85 and 95 % of
    /// trials.
    pub how_many: Option<HowMany>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct When {
    pub items: usize,
    pub p50: String,
    pub p85: String,
    pub p95: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HowMany {
    pub date: String,
    /// Whole weeks from the last day to `date`.
    pub weeks: u32,
    pub p50: usize,
    pub p85: usize,
    pub p95: usize,
}

/// The weeks forecasts draw from: the last [`SAMPLED_WEEKS`] complete weeks of `throughput`;
/// the week of the last day counts only when it ends on it (a Sunday) or is the only week.
pub(crate) fn sampled_weeks(throughput: &[Throughput], last: i32) -> Vec<usize> {
    let complete = last - monday(last) == 6;
    let weeks = if complete || throughput.len() <= 1 {
        throughput
    } else {
        &throughput[..throughput.len() - 1]
    };
    weeks
        .iter()
        .skip(weeks.len().saturating_sub(SAMPLED_WEEKS))
        .map(|t| t.items)
        .collect()
}

/// SplitMix64: tiny, fast, statistically fine for resampling, and the same everywhere.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A uniform index below `n` (n > 0), by multiply-shift.
    fn below(&mut self, n: usize) -> usize {
        let n = n as u128;
        usize::try_from((u128::from(self.next()) * n) >> 64).unwrap_or(0)
    }
}

/// Forecasts from `weekly` throughputs after `last`; `open` is the default number of items.
pub(crate) fn forecast(weekly: &[usize], last: Date, open: usize, request: &ForecastRequest) -> Forecast {
    let seed = request.seed.unwrap_or(SEED);
    let mut out = Forecast {
        trials: TRIALS,
        seed,
        weeks_sampled: weekly.to_vec(),
        when: None,
        how_many: None,
    };
    if weekly.is_empty() {
        return out;
    }
    let last_day = day_number(last);
    let items = request.items.unwrap_or(open);
    if items > 0 && weekly.iter().any(|w| *w > 0) {
        let mut rng = SplitMix(seed);
        let mut weeks: Vec<u32> = (0..TRIALS)
            .map(|_| {
                let mut done = 0;
                let mut week = 0;
                while done < items && week < MAX_WEEKS {
                    done += weekly[rng.below(weekly.len())];
                    week += 1;
                }
                week
            })
            .collect();
        weeks.sort_unstable();
        let day = |p| {
            let w = i32::try_from(nearest_rank(&weeks, p).unwrap_or(0)).unwrap_or(0);
            date_of(last_day + w * 7).to_string()
        };
        out.when = Some(When {
            items,
            p50: day(50),
            p85: day(85),
            p95: day(95),
        });
    }
    let by = request
        .by
        .unwrap_or_else(|| last.checked_add((DEFAULT_WEEKS_AHEAD * 7).days()).unwrap_or(last));
    let weeks_ahead = u32::try_from((day_number(by) - last_day).max(0) / 7)
        .unwrap_or(0)
        .min(MAX_WEEKS);
    let mut rng = SplitMix(seed ^ 1);
    let mut counts: Vec<u32> = (0..TRIALS)
        .map(|_| {
            (0..weeks_ahead)
                .map(|_| u32::try_from(weekly[rng.below(weekly.len())]).unwrap_or(u32::MAX))
                .fold(0u32, u32::saturating_add)
        })
        .collect();
    counts.sort_unstable();
    // "At least n in p % of trials" is the (100 − p)th percentile from below.
    let at_least = |p: u32| nearest_rank(&counts, 100 - p).map_or(0, |c| c as usize);
    out.how_many = Some(HowMany {
        date: by.to_string(),
        weeks: weeks_ahead,
        p50: at_least(50),
        p85: at_least(85),
        p95: at_least(95),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Date {
        text.parse().expect("date")
    }

    #[test]
    fn repeats_and_orders_its_percentiles() {
        let weekly = [3, 0, 5, 2, 4, 1, 6, 2];
        let request = ForecastRequest {
            items: Some(30),
            by: Some(day("2027-02-07")),
            seed: None,
        };
        let a = forecast(&weekly, day("2026-12-06"), 0, &request);
        let b = forecast(&weekly, day("2026-12-06"), 0, &request);
        assert_eq!(a, b);
        let when = a.when.expect("a when forecast");
        assert!(when.p50 <= when.p85 && when.p85 <= when.p95, "{when:?}");
        let many = a.how_many.expect("a how-many forecast");
        assert_eq!(many.weeks, 9);
        assert!(many.p50 >= many.p85 && many.p85 >= many.p95, "{many:?}");
        // The mean is 23/8 a week: 30 items take about ten and a half weeks, 9 weeks bring about 26.
        assert!(
            ("2027-02-07".."2027-03-07").contains(&when.p50.as_str()),
            "{when:?}"
        );
        assert!((20..=32).contains(&many.p50), "{many:?}");
        let other = forecast(
            &weekly,
            day("2026-12-06"),
            0,
            &ForecastRequest {
                seed: Some(7),
                ..request
            },
        );
        assert_eq!(other.seed, 7);
    }

    #[test]
    fn constant_throughput_forecasts_exactly() {
        let f = forecast(&[2, 2, 2], day("2026-12-06"), 5, &ForecastRequest::default());
        // Five items at two a week: three weeks, every trial.
        let when = f.when.expect("when");
        assert_eq!(
            (when.items, when.p50.as_str(), when.p95.as_str()),
            (5, "2026-12-27", "2026-12-27")
        );
        let many = f.how_many.expect("how many");
        assert_eq!(
            (many.date.as_str(), many.weeks, many.p50, many.p95),
            ("2027-01-03", 4, 8, 8)
        );
    }

    #[test]
    fn no_throughput_forecasts_no_date() {
        let f = forecast(&[0, 0], day("2026-12-06"), 5, &ForecastRequest::default());
        assert_eq!(f.when, None);
        assert_eq!(f.how_many.map(|h| h.p50), Some(0));
        assert_eq!(
            forecast(&[], day("2026-12-06"), 5, &ForecastRequest::default()).how_many,
            None
        );
    }

    #[test]
    fn the_partial_last_week_is_not_sampled() {
        let week = |items| Throughput {
            week: String::new(),
            start: String::new(),
            items,
        };
        let weeks = [week(1), week(2), week(3)];
        // 2026-12-09 is a Wednesday: its week is partial.
        assert_eq!(sampled_weeks(&weeks, day_number(day("2026-12-09"))), [1, 2]);
        assert_eq!(sampled_weeks(&weeks, day_number(day("2026-12-13"))), [1, 2, 3]);
        assert_eq!(sampled_weeks(&weeks[..1], day_number(day("2026-12-09"))), [1]);
    }
}
