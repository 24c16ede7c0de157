//! Deployment frequency: deliveries in the window per week and per month, days with a
//! delivery, the cadence between them, and the count per calendar month (UTC).

use std::collections::BTreeMap;

use super::cadence::cadence;
use super::deliveries::Delivery;
use super::output::{DeploymentFrequency, MonthCount, Window};
use super::time::{DAYS_PER_MONTH, DAYS_PER_WEEK, day, month_key};

/// The frequency of the `counted` deliveries (indices in time order) over `window`.
pub(super) fn deployment_frequency(
    deliveries: &[Delivery],
    counted: &[usize],
    window: &Window,
) -> DeploymentFrequency {
    let weeks = window.days / DAYS_PER_WEEK;
    let months = window.days / DAYS_PER_MONTH;
    let count = counted.len();
    // An empty window has no rate; 0 rather than infinity keeps the band and JSON defined.
    let rate = |n: usize, per: f64| {
        #[allow(clippy::cast_precision_loss)]
        let n = n as f64;
        if per > 0.0 { n / per } else { 0.0 }
    };
    let times: Vec<i64> = counted.iter().map(|&i| deliveries[i].time).collect();
    let mut days_with: Vec<i64> = times.iter().map(|&t| day(t)).collect();
    days_with.dedup();
    let mut monthly: BTreeMap<String, usize> = BTreeMap::new();
    for &t in &times {
        *monthly.entry(month_key(t)).or_default() += 1;
    }
    DeploymentFrequency {
        per_week: rate(count, weeks),
        per_month: rate(count, months),
        days_per_week: rate(days_with.len(), weeks),
        count,
        cadence: cadence(&times),
        monthly: monthly
            .into_iter()
            .map(|(month, count)| MonthCount { month, count })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testkit::{DAY, HOUR, T0};

    fn delivery(time: i64) -> Delivery {
        Delivery {
            name: format!("at {time}"),
            id: None,
            line: None,
            time,
            commit: None,
            deployed: None,
            rolled_back: false,
            failed: false,
            kind: None,
        }
    }

    struct Case {
        name: &'static str,
        /// Delivery times, sorted; all counted unless `counted` says otherwise.
        times: Vec<i64>,
        counted: Option<Vec<usize>>,
        window_days: i64,
        per_week: f64,
        per_month: f64,
        days_per_week: f64,
        monthly: &'static [(&'static str, usize)],
    }

    #[test]
    fn frequency_cases() {
        let cases = [
            Case {
                name: "no delivery",
                times: vec![],
                counted: None,
                window_days: 14,
                per_week: 0.0,
                per_month: 0.0,
                days_per_week: 0.0,
                monthly: &[],
            },
            Case {
                name: "an empty window: no rate, not infinity",
                times: vec![T0],
                counted: None,
                window_days: 0,
                per_week: 0.0,
                per_month: 0.0,
                days_per_week: 0.0,
                monthly: &[("2024-01", 1)],
            },
            Case {
                name: "one delivery in two weeks",
                times: vec![T0 + DAY],
                counted: None,
                window_days: 14,
                per_week: 0.5,
                per_month: 30.436_875 / 14.0,
                days_per_week: 0.5,
                monthly: &[("2024-01", 1)],
            },
            Case {
                name: "same timestamps: two deliveries, one day",
                times: vec![T0 + DAY, T0 + DAY],
                counted: None,
                window_days: 7,
                per_week: 2.0,
                per_month: 2.0 * 30.436_875 / 7.0,
                days_per_week: 1.0,
                monthly: &[("2024-01", 2)],
            },
            // 23:30 UTC on 31 January (01:30 on 1 February at +02:00) and half an hour later:
            // two UTC days, two UTC months.
            Case {
                name: "UTC days and months",
                times: vec![T0 + 31 * DAY - HOUR / 2, T0 + 31 * DAY + HOUR / 2],
                counted: None,
                window_days: 35,
                per_week: 0.4,
                per_month: 2.0 * 30.436_875 / 35.0,
                days_per_week: 0.4,
                monthly: &[("2024-01", 1), ("2024-02", 1)],
            },
            Case {
                name: "only what counted",
                times: vec![T0 - DAY, T0 + DAY, T0 + 2 * DAY],
                counted: Some(vec![1, 2]),
                window_days: 7,
                per_week: 2.0,
                per_month: 2.0 * 30.436_875 / 7.0,
                days_per_week: 2.0,
                monthly: &[("2024-01", 2)],
            },
        ];
        for case in cases {
            let deliveries: Vec<Delivery> = case.times.iter().map(|&t| delivery(t)).collect();
            let counted = case.counted.unwrap_or_else(|| (0..deliveries.len()).collect());
            let w = Window::new(T0, T0 + case.window_days * DAY);
            let got = deployment_frequency(&deliveries, &counted, &w);
            let name = case.name;
            assert_eq!(got.count, counted.len(), "{name}");
            for (what, got, expected) in [
                ("per week", got.per_week, case.per_week),
                ("per month", got.per_month, case.per_month),
                ("days per week", got.days_per_week, case.days_per_week),
            ] {
                assert!(
                    (got - expected).abs() < 1e-9,
                    "{name}, {what}: {got} != {expected}"
                );
            }
            let monthly: Vec<(&str, usize)> =
                got.monthly.iter().map(|m| (m.month.as_str(), m.count)).collect();
            assert_eq!(monthly, case.monthly, "{name}");
            assert_eq!(got.cadence.intervals, counted.len().saturating_sub(1), "{name}");
        }
    }
}
