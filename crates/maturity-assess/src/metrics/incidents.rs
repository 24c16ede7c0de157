//! Incident linking: which delivery caused each incident of an export. Links, in order of
//! preference: the deployment id; the version (the last delivery of that name before the
//! incident opened); the commit (its first delivery); else inferred, the last delivery before
//! the incident opened, if it opened within the configured window after it. An incident opened
//! in the window fails the delivery it links to, when that delivery is in the window too.

use super::deliveries::Delivery;
use super::failure_rate::Failed;
use super::first_release::UNRELEASED;
use super::input::{Incident, Warning};
use super::output::{IncidentOut, Window};
use super::time::{HOUR, rfc3339};

/// The incidents as the output lists them, the failures they prove, and the warnings about
/// links that had to be guessed or could not be made.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Linked {
    pub incidents: Vec<IncidentOut>,
    pub failed: Vec<Failed>,
    pub warnings: Vec<Warning>,
}

/// Links `incidents` (in file order) to `deliveries` (in time order); `first` is the
/// first-release map; an incident is inferred to come from a delivery at most `window_hours`
/// before it.
pub(super) fn link(
    incidents: &[Incident],
    deliveries: &[Delivery],
    first: &[u32],
    window: &Window,
    window_hours: u32,
) -> Linked {
    let within = i64::from(window_hours) * HOUR;
    let mut out = Vec::with_capacity(incidents.len());
    let mut failed = Vec::new();
    let (mut inferred, mut unlinked) = (0, 0);
    for incident in incidents {
        let link = linked(incident, deliveries, first, within);
        match link {
            Some((_, LinkedBy::Inferred)) => inferred += 1,
            None => unlinked += 1,
            Some(_) => {}
        }
        let delivery = link.map(|(d, _)| d);
        let linked_by = link.map_or("none", |(_, by)| by.as_str());
        let counts = window.contains(incident.opened);
        if let Some(d) = delivery
            && counts
            && window.contains(deliveries[d].time)
        {
            let name = incident
                .id
                .clone()
                .unwrap_or_else(|| format!("line {}", incident.line));
            failed.push(Failed {
                delivery: d,
                reason: format!("incident {name} ({linked_by})"),
                recovered_at: None,
            });
        }
        out.push(IncidentOut {
            line: incident.line,
            id: incident.id.clone(),
            opened: rfc3339(incident.opened),
            resolved: incident.resolved.map(rfc3339),
            delivery: delivery.map(|d| deliveries[d].name.clone()),
            linked_by: linked_by.to_string(),
            in_window: counts,
        });
    }
    let mut warnings = Vec::new();
    if inferred > 0 {
        warnings.push(Warning::new(
            "incidents-inferred",
            format!(
                "{inferred} incident(s) name no deployment, version or known commit: each \
                 was linked to the last delivery before it opened"
            ),
        ));
    }
    if unlinked > 0 {
        warnings.push(Warning::new(
            "incidents-unlinked",
            format!(
                "{unlinked} incident(s) name no delivery and opened before any or more than \
                 {window_hours} h after the last one: not linked"
            ),
        ));
    }
    Linked {
        incidents: out,
        failed,
        warnings,
    }
}

/// What an incident was linked to its delivery by, most specific first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LinkedBy {
    Deployment,
    Version,
    Commit,
    /// The last delivery before the incident opened, within the window: a guess.
    Inferred,
}

impl LinkedBy {
    fn as_str(self) -> &'static str {
        match self {
            Self::Deployment => "deployment",
            Self::Version => "version",
            Self::Commit => "commit",
            Self::Inferred => "inferred",
        }
    }
}

/// The delivery an incident links to and how, by the most specific link that resolves.
fn linked(
    incident: &Incident,
    deliveries: &[Delivery],
    first: &[u32],
    within: i64,
) -> Option<(usize, LinkedBy)> {
    let by_deployment = || {
        let id = incident.deployment.as_ref()?;
        deliveries.iter().position(|d| d.id.as_ref() == Some(id))
    };
    // A version deployed more than once caused the incident in the deployment live when it
    // opened; one deployed only later still names the delivery meant.
    let by_version = || {
        let v = incident.version.as_ref()?;
        deliveries
            .iter()
            .rposition(|d| &d.name == v && d.time <= incident.opened)
            .or_else(|| deliveries.iter().position(|d| &d.name == v))
    };
    let by_commit = || {
        let d = first[incident.commit? as usize];
        (d != UNRELEASED).then_some(d as usize)
    };
    let by_time = || {
        deliveries
            .iter()
            .rposition(|d| d.time <= incident.opened)
            .filter(|&d| incident.opened - deliveries[d].time <= within)
    };
    // An incident that names its deployment, version or commit is that one's: when the name
    // is not among these deliveries (another environment's or service's), it is not guessed at.
    let names_one =
        incident.deployment.is_some() || incident.version.is_some() || incident.commit_ref.is_some();
    by_deployment()
        .map(|d| (d, LinkedBy::Deployment))
        .or_else(|| by_version().map(|d| (d, LinkedBy::Version)))
        .or_else(|| by_commit().map(|d| (d, LinkedBy::Commit)))
        .or_else(|| {
            (!names_one)
                .then(by_time)
                .flatten()
                .map(|d| (d, LinkedBy::Inferred))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::first_release::first_delivery;
    use crate::metrics::testkit::{DAY, HOUR, T0, incident, linear};

    /// A window no test incident is outside of, for the cases about the other links.
    const WIDE: u32 = 24 * 365;

    /// `(name, id, day, commit)`, in time order.
    fn deliveries(list: &[(&str, Option<&str>, i64, Option<u32>)]) -> Vec<Delivery> {
        list.iter()
            .map(|&(name, id, day, commit)| Delivery {
                name: name.to_string(),
                id: id.map(str::to_string),
                line: None,
                time: T0 + day * DAY,
                commit,
                deployed: None,
                rolled_back: false,
                failed: false,
                kind: None,
            })
            .collect()
    }

    #[test]
    fn links_by_preference() {
        // 0 ← 1 ← 2 ← 3; v1 (id d1) at 1 on day 1, v2 (id d2) at 2 on day 3, v1 again (id d3,
        // a redeploy) on day 5; commit 3 unreleased.
        let h = linear(&[T0, T0 + HOUR, T0 + 2 * HOUR, T0 + 3 * HOUR]);
        let d = deliveries(&[
            ("v1", Some("d1"), 1, Some(1)),
            ("v2", Some("d2"), 3, Some(2)),
            ("v1", Some("d3"), 5, Some(2)),
        ]);
        let commits: Vec<Option<u32>> = d.iter().map(|d| d.commit).collect();
        let first = first_delivery(&h, &commits);
        let w = Window::new(T0, T0 + 30 * DAY);
        /// (case, deployment, version, commit, opened on day, delivery `name@day`, linked by)
        type Case = (
            &'static str,
            Option<&'static str>,
            Option<&'static str>,
            Option<u32>,
            i64,
            Option<&'static str>,
            &'static str,
        );
        let cases: [Case; 11] = [
            (
                "deployment first",
                Some("d2"),
                Some("v1"),
                Some(0),
                6,
                Some("v2"),
                "deployment",
            ),
            (
                "unknown deployment: version",
                Some("d9"),
                Some("v2"),
                None,
                6,
                Some("v2"),
                "version",
            ),
            (
                "the version live when it opened",
                None,
                Some("v1"),
                None,
                4,
                Some("v1@1"),
                "version",
            ),
            (
                "the later deployment of the version",
                None,
                Some("v1"),
                None,
                6,
                Some("v1@5"),
                "version",
            ),
            (
                "a version deployed only later",
                None,
                Some("v2"),
                None,
                2,
                Some("v2"),
                "version",
            ),
            (
                "unknown version: commit",
                None,
                Some("v9"),
                Some(0),
                6,
                Some("v1@1"),
                "commit",
            ),
            (
                "the commit's first delivery",
                None,
                None,
                Some(2),
                9,
                Some("v2"),
                "commit",
            ),
            (
                "an unreleased commit: inferred",
                None,
                None,
                Some(3),
                4,
                Some("v2"),
                "inferred",
            ),
            (
                "nothing named: inferred",
                None,
                None,
                None,
                2,
                Some("v1@1"),
                "inferred",
            ),
            // Ties: opened at the very second of a delivery, it is that delivery's.
            (
                "opened at a delivery",
                None,
                None,
                None,
                3,
                Some("v2"),
                "inferred",
            ),
            ("before any delivery: none", None, None, None, 0, None, "none"),
        ];
        for (case, deployment, version, commit, opened, delivery, by) in cases {
            let i = Incident {
                deployment: deployment.map(str::to_string),
                version: version.map(str::to_string),
                commit,
                ..incident(2, T0 + opened * DAY, None)
            };
            let got = link(&[i], &d, &first, &w, WIDE);
            let linked = &got.incidents[0];
            let expected = delivery.map(|name| name.split('@').next().unwrap_or(name).to_string());
            assert_eq!(
                (&linked.delivery, linked.linked_by.as_str()),
                (&expected, by),
                "{case}"
            );
            let failed_day = got.failed.first().map(|f| (d[f.delivery].time - T0) / DAY);
            let expected_day = delivery.map(|name| match name {
                "v1@1" => 1,
                "v1@5" => 5,
                _ => 3,
            });
            assert_eq!(failed_day, expected_day, "{case}");
        }
    }

    #[test]
    fn only_incidents_and_deliveries_in_the_window_fail_something() {
        let h = linear(&[T0]);
        let d = deliveries(&[("v1", None, 1, Some(0)), ("v2", None, 20, Some(0))]);
        let first = first_delivery(&h, &[Some(0), Some(0)]);
        let w = Window::new(T0 + 10 * DAY, T0 + 30 * DAY);
        let incidents = [
            // Opened before the window: listed, not counted.
            Incident {
                id: Some("i1".into()),
                ..incident(2, T0 + 5 * DAY, Some(T0 + 6 * DAY))
            },
            // In the window, but caused by a delivery before it.
            Incident {
                version: Some("v1".into()),
                ..incident(3, T0 + 12 * DAY, None)
            },
            // In the window, caused in the window.
            incident(4, T0 + 21 * DAY, None),
            // Same delivery, another incident: a second verdict on it.
            incident(5, T0 + 22 * DAY, None),
        ];
        let got = link(&incidents, &d, &first, &w, WIDE);
        let listed: Vec<(usize, Option<&str>, bool)> = got
            .incidents
            .iter()
            .map(|i| (i.line, i.delivery.as_deref(), i.in_window))
            .collect();
        assert_eq!(
            listed,
            [
                (2, Some("v1"), false),
                (3, Some("v1"), true),
                (4, Some("v2"), true),
                (5, Some("v2"), true)
            ]
        );
        let reasons: Vec<(usize, &str)> = got
            .failed
            .iter()
            .map(|f| (f.delivery, f.reason.as_str()))
            .collect();
        assert_eq!(
            reasons,
            [
                (1, "incident line 4 (inferred)"),
                (1, "incident line 5 (inferred)")
            ]
        );
        assert_eq!(got.incidents[0].resolved.as_deref(), Some("2024-01-07T00:00:00Z"));
        assert_eq!(got.incidents[0].id.as_deref(), Some("i1"));
        let codes: Vec<&str> = got.warnings.iter().map(|w| w.code.as_str()).collect();
        assert_eq!(codes, ["incidents-inferred"]);
        assert!(
            got.warnings[0]
                .message
                .starts_with("3 incident(s) name no deployment")
        );
    }

    #[test]
    fn an_incident_naming_nothing_is_inferred_only_within_the_window() {
        let h = linear(&[T0]);
        let d = deliveries(&[("v1", Some("d1"), 1, Some(0))]);
        let first = first_delivery(&h, &[Some(0)]);
        let w = Window::new(T0, T0 + 30 * DAY);
        let opened_after = |hours: i64| incident(2, T0 + DAY + hours * HOUR, None);
        // (case, hours after the delivery, window hours, linked to)
        let cases = [
            ("inside", 3, 24, Some("v1")),
            ("at the edge", 24, 24, Some("v1")),
            ("past it", 25, 24, None),
            ("a longer window", 25, 48, Some("v1")),
        ];
        for (case, hours, window_hours, expected) in cases {
            let got = link(&[opened_after(hours)], &d, &first, &w, window_hours);
            assert_eq!(got.incidents[0].delivery.as_deref(), expected, "{case}");
            assert_eq!(got.failed.len(), usize::from(expected.is_some()), "{case}");
        }
        // Named links do not depend on the window.
        let named = Incident {
            deployment: Some("d1".into()),
            ..opened_after(500)
        };
        let got = link(&[named], &d, &first, &w, 24);
        assert_eq!(got.incidents[0].linked_by, "deployment");
    }

    #[test]
    fn no_delivery_links_nothing() {
        let got = link(
            &[incident(2, T0, None), incident(3, T0, None)],
            &[],
            &[],
            &Window::new(T0, T0 + DAY),
            24,
        );
        assert!(got.failed.is_empty());
        assert!(
            got.incidents
                .iter()
                .all(|i| i.delivery.is_none() && i.linked_by == "none")
        );
        assert_eq!(got.warnings.len(), 1);
        assert_eq!(
            got.warnings[0].message,
            "2 incident(s) name no delivery and opened before any or more than 24 h after the \
             last one: not linked"
        );
    }
}
