//! Failed deployment recovery time: how long failures lasted. With incidents, from opened to
//! resolved; for a failed delivery, to what put it right (the next deployment after a failed
//! or rolled-back one, the rollback, the delivery of the revert, the patch release).

use std::collections::BTreeMap;

use super::deliveries::Delivery;
use super::failure_rate::{Failed, Method};
use super::input::{Incident, Warning};
use super::output::{Recovery, RecoveryItem, Window};
use super::quantile::summarize;
use super::time::{hours, rfc3339};

/// Recoveries from the verdicts that know when their delivery was put right, then from the
/// resolved incidents opened in the window; with a warning when some incidents are still open.
pub(super) fn recovery(
    deliveries: &[Delivery],
    failed: &[Failed],
    incidents: Option<&[Incident]>,
    window: &Window,
    method: Method,
) -> (Recovery, Option<Warning>) {
    // A delivery judged failed by several rules recovered at the earliest fix any of them knows.
    let mut earliest: BTreeMap<usize, i64> = BTreeMap::new();
    for f in failed {
        if let Some(end) = f.recovered_at {
            earliest
                .entry(f.delivery)
                .and_modify(|e| *e = (*e).min(end))
                .or_insert(end);
        }
    }
    let mut items: Vec<RecoveryItem> = earliest
        .into_iter()
        .map(|(d, end)| {
            let delivery = &deliveries[d];
            RecoveryItem {
                from: delivery.name.clone(),
                start: rfc3339(delivery.time),
                end: rfc3339(end),
                // The delivery of a revert can predate the failure it undoes (a back-dated tag).
                hours: hours((end - delivery.time).max(0)),
            }
        })
        .collect();
    let mut open = 0;
    for incident in incidents.unwrap_or_default() {
        match incident.resolved {
            Some(resolved) if window.contains(incident.opened) && resolved >= incident.opened => {
                items.push(RecoveryItem {
                    from: incident
                        .id
                        .clone()
                        .unwrap_or_else(|| format!("incident line {}", incident.line)),
                    start: rfc3339(incident.opened),
                    end: rfc3339(resolved),
                    hours: hours(resolved - incident.opened),
                });
            }
            None => open += 1,
            Some(_) => {}
        }
    }
    let mut spans: Vec<f64> = items.iter().map(|r| r.hours).collect();
    let summary = summarize(&mut spans);
    let warning = (open > 0).then(|| {
        Warning::new(
            "incidents-open",
            format!("{open} incident(s) are not resolved: left out of recovery time"),
        )
    });
    let recovery = Recovery {
        median_hours: summary.median,
        estimated: method.estimated(),
        count: summary.count,
        items,
    };
    (recovery, warning)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::input::Incident;
    use crate::metrics::testkit::{DAY, HOUR, T0, incident};

    fn delivery(name: &str, time: i64) -> Delivery {
        Delivery {
            name: name.to_string(),
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

    fn failed(delivery: usize, recovered_at: Option<i64>) -> Failed {
        Failed {
            delivery,
            reason: String::new(),
            recovered_at,
        }
    }

    #[test]
    fn from_verdicts() {
        let d = [delivery("a", T0), delivery("b", T0 + 6 * HOUR)];
        /// (case, verdicts, items as (from, hours), median)
        type Case = (
            &'static str,
            Vec<Failed>,
            &'static [(&'static str, f64)],
            Option<f64>,
        );
        let cases: [Case; 6] = [
            ("nothing failed", vec![], &[], None),
            ("not recovered", vec![failed(0, None)], &[], None),
            (
                "recovered",
                vec![failed(0, Some(T0 + 6 * HOUR))],
                &[("a", 6.0)],
                Some(6.0),
            ),
            // Put right before it failed (a back-dated tag): 0, not negative.
            (
                "recovered before",
                vec![failed(1, Some(T0))],
                &[("b", 0.0)],
                Some(0.0),
            ),
            (
                "two, in delivery order",
                vec![failed(1, Some(T0 + 9 * HOUR)), failed(0, Some(T0 + HOUR))],
                &[("a", 1.0), ("b", 3.0)],
                Some(2.0),
            ),
            (
                "judged failed twice: once, at the earliest fix",
                vec![
                    failed(0, None),
                    failed(0, Some(T0 + 5 * HOUR)),
                    failed(0, Some(T0 + 2 * HOUR)),
                ],
                &[("a", 2.0)],
                Some(2.0),
            ),
        ];
        for (case, verdicts, items, median) in cases {
            let (got, warning) = recovery(&d, &verdicts, None, &Window::new(T0, T0 + DAY), Method::Heuristic);
            let listed: Vec<(&str, f64)> = got.items.iter().map(|r| (r.from.as_str(), r.hours)).collect();
            assert_eq!(listed, items, "{case}");
            assert_eq!((got.median_hours, got.count), (median, items.len()), "{case}");
            assert!(got.estimated, "{case}");
            assert_eq!(warning, None, "{case}");
        }
        let (got, _) = recovery(
            &d,
            &[failed(0, Some(T0 + 6 * HOUR))],
            None,
            &Window::new(T0, T0 + DAY),
            Method::Heuristic,
        );
        assert_eq!(
            (got.items[0].start.as_str(), got.items[0].end.as_str()),
            ("2024-01-01T00:00:00Z", "2024-01-01T06:00:00Z")
        );
    }

    #[test]
    fn from_incidents() {
        let w = Window::new(T0, T0 + 10 * DAY);
        let named = Incident {
            id: Some("i1".into()),
            ..incident(2, T0 + DAY, Some(T0 + DAY + 3 * HOUR))
        };
        let incidents = [
            named,
            incident(3, T0 + 2 * DAY, Some(T0 + 2 * DAY + HOUR)),
            // Resolved the moment it opened: a recovery of 0 hours.
            incident(4, T0 + 3 * DAY, Some(T0 + 3 * DAY)),
            // Opened before the window: not this window's recovery.
            incident(5, T0 - DAY, Some(T0 + HOUR)),
            // Resolved after the window: still a recovery of an incident in it.
            incident(6, T0 + 9 * DAY, Some(T0 + 12 * DAY)),
            // Open, in and out of the window: both left out, both counted as open.
            incident(7, T0 + 4 * DAY, None),
            incident(8, T0 - 4 * DAY, None),
        ];
        let d = [delivery("v1", T0)];
        let rolled_back = [failed(0, Some(T0 + 2 * HOUR))];
        let (got, warning) = recovery(&d, &rolled_back, Some(&incidents), &w, Method::Incidents);
        let listed: Vec<(&str, f64)> = got.items.iter().map(|r| (r.from.as_str(), r.hours)).collect();
        assert_eq!(
            listed,
            [
                ("v1", 2.0),
                ("i1", 3.0),
                ("incident line 3", 1.0),
                ("incident line 4", 0.0),
                ("incident line 6", 72.0),
            ]
        );
        assert_eq!(
            (got.median_hours, got.count, got.estimated),
            (Some(2.0), 5, false)
        );
        let warning = warning.expect("open incidents");
        assert_eq!(warning.code, "incidents-open");
        assert_eq!(
            warning.message,
            "2 incident(s) are not resolved: left out of recovery time"
        );
    }
}
