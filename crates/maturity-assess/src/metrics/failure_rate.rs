//! Change failure rate: the share of deliveries in the window that failed. A delivery fails by
//! its status (failed or rolled back), by a later delivery rolling it back or reverting its
//! changes (`rework` finds those), by an incident linked to it (`incidents`), or, without
//! incidents, by the git heuristic (`failure_heuristic`); this module turns those verdicts
//! into the rate, each failed delivery counted once.

use std::collections::BTreeMap;

use super::deliveries::Delivery;
use super::output::{ChangeFailureRate, Failure};
use super::rework::Reworked;
use super::time::rfc3339;

/// How failures were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Method {
    /// From an incidents export: known, not estimated.
    Incidents,
    /// From patch releases and reverts: an estimate.
    Heuristic,
}

impl Method {
    pub fn estimated(self) -> bool {
        self == Self::Heuristic
    }

    fn name(self) -> &'static str {
        match self {
            Self::Incidents => "incidents",
            Self::Heuristic => "heuristic",
        }
    }
}

/// A verdict that a delivery failed: which (an index into the deliveries), why, and when it
/// was put right, if that is known from the deliveries themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Failed {
    pub delivery: usize,
    pub reason: String,
    pub recovered_at: Option<i64>,
}

/// Deployments among the `counted` ones whose status says they failed or were rolled back: a
/// change failure whatever else is known, recovered at the next deployment that neither
/// failed nor was rolled back.
pub(super) fn by_status(deliveries: &[Delivery], counted: &[usize]) -> Vec<Failed> {
    counted
        .iter()
        .filter(|&&i| deliveries[i].rolled_back || deliveries[i].failed)
        .map(|&i| Failed {
            delivery: i,
            reason: if deliveries[i].failed {
                "status failure"
            } else {
                "rolled back"
            }
            .to_string(),
            recovered_at: deliveries[i + 1..]
                .iter()
                .find(|d| !d.rolled_back && !d.failed)
                .map(|d| d.time),
        })
        .collect()
}

/// Counted deliveries a later delivery rolled back or reverted changes of, recovered when
/// that one was delivered.
pub(super) fn undone(deliveries: &[Delivery], counted: &[usize], reworked: &[Reworked]) -> Vec<Failed> {
    let mut out: Vec<Failed> = reworked
        .iter()
        .flat_map(|r| {
            r.undoes.iter().map(|(i, why)| Failed {
                delivery: *i,
                reason: why.clone(),
                recovered_at: Some(deliveries[r.delivery].time),
            })
        })
        .filter(|f| counted.binary_search(&f.delivery).is_ok())
        .collect();
    // The earliest undoing is the recovery: keep it first for each delivery.
    out.sort_by_key(|f| (f.delivery, f.recovered_at));
    out
}

/// The rate over `total` counted deliveries; a delivery failed more than once counts once,
/// for the first reason given.
pub(super) fn change_failure_rate(
    deliveries: &[Delivery],
    total: usize,
    failed: &[Failed],
    method: Method,
) -> ChangeFailureRate {
    let mut first_reason: BTreeMap<usize, &str> = BTreeMap::new();
    for f in failed {
        first_reason.entry(f.delivery).or_insert(&f.reason);
    }
    let failures: Vec<Failure> = first_reason
        .into_iter()
        .map(|(i, reason)| Failure {
            delivery: deliveries[i].name.clone(),
            time: rfc3339(deliveries[i].time),
            reason: reason.to_string(),
        })
        .collect();
    #[allow(clippy::cast_precision_loss)]
    let value = (total > 0).then(|| failures.len() as f64 / total as f64);
    ChangeFailureRate {
        value,
        estimated: method.estimated(),
        method: method.name().to_string(),
        failed: failures.len(),
        total,
        failures,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::input::ReworkKind;
    use crate::metrics::testkit::{DAY, T0};

    /// Deliveries at `T0 + i` days named `d0`, `d1`, …; rolled back where `rolled` says.
    fn deliveries(rolled: &[bool]) -> Vec<Delivery> {
        (0_i64..)
            .zip(rolled)
            .map(|(i, &rolled_back)| Delivery {
                name: format!("d{i}"),
                id: None,
                line: None,
                time: T0 + i * DAY,
                commit: None,
                deployed: None,
                rolled_back,
                failed: false,
                kind: None,
            })
            .collect()
    }

    #[test]
    fn rolled_back_cases() {
        /// (case, rolled back, counted, (failed delivery, recovered on day))
        type Case = (
            &'static str,
            &'static [bool],
            &'static [usize],
            &'static [(usize, Option<i64>)],
        );
        let cases: [Case; 5] = [
            ("no delivery", &[], &[], &[]),
            ("none rolled back", &[false, false], &[0, 1], &[]),
            ("recovered by the next", &[true, false], &[0, 1], &[(0, Some(1))]),
            (
                "the next was rolled back too",
                &[true, true, false],
                &[0, 1, 2],
                &[(0, Some(2)), (1, Some(2))],
            ),
            // The deployment after the window is not judged, but still recovers those before it.
            (
                "recovered after the window",
                &[false, true, true, false],
                &[0, 1, 2],
                &[(1, Some(3)), (2, Some(3))],
            ),
        ];
        for (case, rolled, counted, expected) in cases {
            let d = deliveries(rolled);
            let got: Vec<(usize, Option<i64>)> = by_status(&d, counted)
                .into_iter()
                .map(|f| (f.delivery, f.recovered_at.map(|t| (t - T0) / DAY)))
                .collect();
            assert_eq!(got, expected, "{case}");
        }
        let d = deliveries(&[false, true]);
        let last = by_status(&d, &[0, 1]);
        assert_eq!(last[0].recovered_at, None, "nothing after it");
        assert_eq!(last[0].reason, "rolled back");
    }

    #[test]
    fn a_failed_status_fails_and_recovers_at_the_next_that_held() {
        let mut d = deliveries(&[false, false, false, false]);
        d[1].failed = true;
        d[2].rolled_back = true;
        let got: Vec<(usize, String, Option<i64>)> = by_status(&d, &[0, 1, 2, 3])
            .into_iter()
            .map(|f| (f.delivery, f.reason, f.recovered_at.map(|t| (t - T0) / DAY)))
            .collect();
        assert_eq!(
            got,
            [
                (1, "status failure".to_string(), Some(3)),
                (2, "rolled back".to_string(), Some(3))
            ]
        );
    }

    #[test]
    fn undone_deliveries_fail_once_at_the_earliest_undoing() {
        let d = deliveries(&[false, false, false, false]);
        let reworked = |delivery: usize, undoes: &[usize]| Reworked {
            delivery,
            kind: ReworkKind::Revert,
            reason: String::new(),
            undoes: undoes.iter().map(|&u| (u, format!("by d{delivery}"))).collect(),
        };
        // d3 reverts a change of d0 and rolls back d2; d1 reverted d0 earlier. d2 is outside
        // the counted deliveries.
        let found = [reworked(3, &[0, 2]), reworked(1, &[0])];
        let verdicts = undone(&d, &[0, 1, 3], &found);
        let got: Vec<(usize, &str)> = verdicts.iter().map(|f| (f.delivery, f.reason.as_str())).collect();
        assert_eq!(got, [(0, "by d1"), (0, "by d3")]);
        let rate = change_failure_rate(&d, 3, &verdicts, Method::Heuristic);
        assert_eq!((rate.failed, rate.failures[0].reason.as_str()), (1, "by d1"));
    }

    fn verdict(delivery: usize, reason: &str) -> Failed {
        Failed {
            delivery,
            reason: reason.to_string(),
            recovered_at: None,
        }
    }

    #[test]
    fn rate_cases() {
        let d = deliveries(&[false; 4]);
        /// (case, total, verdicts, value, failures as (delivery, reason))
        type Case = (
            &'static str,
            usize,
            Vec<Failed>,
            Option<f64>,
            &'static [(&'static str, &'static str)],
        );
        let cases: [Case; 5] = [
            ("no delivery: no rate", 0, vec![], None, &[]),
            ("none failed", 4, vec![], Some(0.0), &[]),
            (
                "one of four",
                4,
                vec![verdict(2, "x")],
                Some(0.25),
                &[("d2", "x")],
            ),
            (
                "failed twice: once, first reason",
                4,
                vec![verdict(1, "first"), verdict(1, "second")],
                Some(0.25),
                &[("d1", "first")],
            ),
            (
                "listed in delivery order",
                2,
                vec![verdict(3, "late"), verdict(0, "early")],
                Some(1.0),
                &[("d0", "early"), ("d3", "late")],
            ),
        ];
        for (case, total, verdicts, value, failures) in cases {
            let got = change_failure_rate(&d, total, &verdicts, Method::Heuristic);
            assert_eq!(got.value, value, "{case}");
            assert_eq!((got.failed, got.total), (failures.len(), total), "{case}");
            let listed: Vec<(&str, &str)> = got
                .failures
                .iter()
                .map(|f| (f.delivery.as_str(), f.reason.as_str()))
                .collect();
            assert_eq!(listed, failures, "{case}");
        }
        let by_incidents =
            change_failure_rate(&d, 4, &[verdict(0, "incident i1 (version)")], Method::Incidents);
        assert_eq!(
            (by_incidents.estimated, by_incidents.method.as_str()),
            (false, "incidents")
        );
        assert_eq!(by_incidents.failures[0].time, "2024-01-01T00:00:00Z");
        let estimated = change_failure_rate(&d, 4, &[], Method::Heuristic);
        assert_eq!(
            (estimated.estimated, estimated.method.as_str()),
            (true, "heuristic")
        );
    }
}
