//! The delivery metrics of one history: the order in which the metric modules run and what
//! each is given. Every number is computed in its own module; this one only wires them.
//!
//! Pure: takes an [`Input`] and a [`Config`] (which carries "now") and returns [`Metrics`].

use super::cadence::window_warning;
use super::config::Config;
use super::deliveries;
use super::failure_heuristic;
use super::failure_rate::{self, Method};
use super::first_release::first_delivery;
use super::frequency::deployment_frequency;
use super::incidents;
use super::input::{Incident, Input};
use super::lead_time::{self, clock_skew, commit_leads};
use super::levels::observed_levels;
use super::output::{Bands, BenchmarkRef, Metrics, SCHEMA_VERSION};
use super::people::people;
use super::quality;
use super::recovery::recovery;
use super::rework::{rework, rework_rate};
use super::silos::silos;
use super::time::DAYS_PER_WEEK;
use super::work_items;

/// Computes every metric of `input` under `config`.
pub fn compute(input: &Input, config: &Config) -> Metrics {
    let history = &input.history;
    let clock = config.clock;
    let benchmark = &config.benchmark;

    let deliveries = deliveries::deliveries(input, config);
    let window = deliveries::window(input, config, &deliveries);
    let commits: Vec<Option<u32>> = deliveries.iter().map(|d| d.commit).collect();
    let first = first_delivery(history, &commits);
    let counted = deliveries::counted(&deliveries, &window);
    let new_commits = deliveries::new_commits(&first, deliveries.len());
    let shipped = config
        .explain_commits
        .then(|| deliveries::shipped(history, clock, &first, deliveries.len()));

    // Warnings in a fixed order: the readers', the input's, then each metric's as it runs.
    let mut warnings = input.warnings.clone();
    warnings.extend(quality::warnings(input, config));
    warnings.extend(clock_skew(history, clock, &first, &deliveries));

    let lead_time = lead_time::lead_time(
        history,
        clock,
        &first,
        &deliveries,
        &window,
        config.scope.as_deref(),
    );
    let deployment_frequency = deployment_frequency(&deliveries, &counted, &window);

    let reworked = rework(history, &deliveries, &first, &input.hotfix_commits);
    let deployment_rework_rate = rework_rate(&deliveries, &counted, &reworked);

    // Verdicts in order of certainty: the first given for a delivery is the one shown.
    let mut failed = failure_rate::by_status(&deliveries, &counted);
    failed.extend(failure_rate::undone(&deliveries, &counted, &reworked));
    // A service's incidents are those naming it, and those naming no service.
    let service_incidents: Option<Vec<Incident>> = config.service.as_ref().and_then(|service| {
        input.incidents.as_ref().map(|list| {
            list.iter()
                .filter(|i| i.service.as_ref().is_none_or(|s| s == service))
                .cloned()
                .collect()
        })
    });
    let (method, incidents) = match service_incidents.as_ref().or(input.incidents.as_ref()) {
        Some(list) => {
            let hours = config.incident_window_hours;
            let linked = incidents::link(list, &deliveries, &first, &window, hours);
            failed.extend(linked.failed);
            warnings.extend(linked.warnings);
            (Method::Incidents, Some(linked.incidents))
        }
        None => {
            let patch_days = config.patch_window_days;
            failed.extend(failure_heuristic::failures(
                history,
                &deliveries,
                &counted,
                &first,
                patch_days,
            ));
            (Method::Heuristic, None)
        }
    };
    let change_failure_rate = failure_rate::change_failure_rate(&deliveries, counted.len(), &failed, method);
    let (recovery, open) = recovery(
        &deliveries,
        &failed,
        service_incidents.as_deref().or(input.incidents.as_deref()),
        &window,
        method,
    );
    warnings.extend(open);

    let (people, squashed) = people(history, &window);
    warnings.extend(squashed);
    let silos = input
        .changes
        .as_ref()
        .filter(|_| config.silos)
        .map(|changes| silos(history, changes, &window, config.silo_share));
    let all_times: Vec<i64> = deliveries.iter().map(|d| d.time).collect();
    warnings.extend(window_warning(&all_times, &window));

    // Frequency per week is not a rate over less than a week.
    let bands = Bands {
        deployment_frequency: (window.days >= DAYS_PER_WEEK)
            .then(|| benchmark.deployment_frequency.band(deployment_frequency.per_week)),
        lead_time: lead_time.median_hours.map(|h| benchmark.lead_time.band(h)),
        change_failure_rate: change_failure_rate
            .value
            .map(|v| benchmark.change_failure_rate.band(v)),
        failed_deployment_recovery_time: recovery.median_hours.map(|h| benchmark.recovery.band(h)),
    };

    let mut metrics = Metrics {
        schema: SCHEMA_VERSION,
        source: deliveries::source(input),
        environment: input.deployments.is_some().then(|| config.environment.clone()),
        commits_read: history.len(),
        releases: deliveries::releases(input, &deliveries, &new_commits, shipped.as_deref(), &window),
        deployments: deliveries::deployments(input, &deliveries, &new_commits, shipped.as_deref(), &window),
        window,
        deployment_frequency,
        lead_time,
        change_failure_rate,
        failed_deployment_recovery_time: recovery,
        deployment_rework_rate,
        incidents,
        benchmark: BenchmarkRef {
            id: benchmark.id.clone(),
            name: benchmark.name.clone(),
            version: benchmark.version,
        },
        bands,
        people,
        silos,
        levels: Vec::new(),
        warnings,
        commits: config
            .explain_commits
            .then(|| commit_leads(history, clock, &first, &deliveries)),
        work_items: work_items::delivered(history, clock, &first, &deliveries),
        breakdown: Vec::new(),
    };
    metrics.levels = observed_levels(&metrics, benchmark);
    metrics
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::input::Warning;
    use crate::metrics::input::{DeployStatus, Deployment, DirChanges, Incident};
    use crate::metrics::testkit::{DAY, HOUR, T0, at, deployment, history_with_reverts, id, incident, tag};

    /// A bit of everything: merges, a revert, tags, deployments (one rolled back, one to
    /// staging), incidents linked every way, silos and the commit list.
    fn everything() -> (Input, Config) {
        let commits = vec![
            at(T0),
            at(T0 + DAY).after(&[0]).by("bob@example.com"),
            at(T0 + 2 * DAY).after(&[0]),
            at(T0 + 3 * DAY).after(&[1, 2]),
            at(T0 + 4 * DAY).after(&[3]).squash(),
            at(T0 + 5 * DAY + 7).authored(T0 + 5 * DAY).after(&[4]),
            at(T0 + 9 * DAY).after(&[5]).by("cy@example.com"),
        ];
        let history = history_with_reverts(&commits, &[(5, 4)]);
        let releases = vec![
            tag("v1.0.0", T0 + 2 * DAY + HOUR, 2),
            tag("v1.1.0", T0 + 4 * DAY + 17, 4),
            tag("v1.1.1", T0 + 6 * DAY, 5),
        ];
        let deployments = vec![
            Deployment {
                id: Some("d1".into()),
                version: Some("v1.0.0".into()),
                ..deployment(2, T0 + 3 * DAY, Some(2))
            },
            Deployment {
                id: Some("d2".into()),
                status: DeployStatus::RolledBack,
                ..deployment(3, T0 + 4 * DAY + HOUR, Some(4))
            },
            Deployment {
                environment: "staging".into(),
                ..deployment(4, T0 + 4 * DAY, Some(4))
            },
            deployment(5, T0 + 5 * DAY + 2 * HOUR, Some(5)),
            deployment(6, T0 + 8 * DAY, None),
        ];
        let incidents = vec![
            Incident {
                id: Some("i1".into()),
                deployment: Some("d1".into()),
                ..incident(2, T0 + 3 * DAY + HOUR, Some(T0 + 3 * DAY + 4 * HOUR))
            },
            Incident {
                version: Some("v1.1.1".into()),
                ..incident(3, T0 + 6 * DAY, None)
            },
            Incident {
                commit: Some(5),
                ..incident(4, T0 + 7 * DAY, Some(T0 + 7 * DAY + 1_234))
            },
            incident(5, T0 + 8 * DAY + 1, Some(T0 + 9 * DAY)),
            incident(6, T0 - DAY, None),
        ];
        let changes = DirChanges {
            dirs: vec![".".into(), "core".into(), "docs".into()],
            entries: vec![(0, 0), (1, 1), (2, 1), (4, 1), (4, 2), (5, 1), (6, 2)],
            depth: 1,
        };
        let input = Input {
            history,
            releases,
            deployments: Some(deployments),
            incidents: Some(incidents),
            changes: Some(changes),
            hotfix_commits: Vec::new(),
            warnings: vec![Warning::new("refs-not-commits", "1 tag at a tree")],
        };
        let mut config = Config::new(T0 + 10 * DAY);
        config.explain_commits = true;
        (input, config)
    }

    #[test]
    fn a_result_reads_back_to_the_same_value_and_bytes() {
        let (input, config) = everything();
        let without_exports = Input {
            deployments: None,
            incidents: None,
            ..input.clone()
        };
        for input in [input, without_exports] {
            let m = compute(&input, &config);
            assert!(m.silos.is_some() && m.commits.is_some() && !m.levels.is_empty());
            let json = m.to_json();
            let back = Metrics::from_json(&json).expect("reads back");
            assert_eq!(back.to_json(), json);
            assert_eq!(back, m);
            assert_eq!(
                (back.window.since_seconds, back.window.until_seconds),
                (T0, T0 + 10 * DAY),
                "the window's seconds come back from its times"
            );
        }
    }

    #[test]
    fn everything_together() {
        let (input, config) = everything();
        let m = compute(&input, &config);
        // Deployments 2, 3 and 5 reached production with a commit, 6 without; 4 went to staging.
        assert_eq!(m.deployment_frequency.count, 4);
        assert_eq!(m.environment.as_deref(), Some("production"));
        let counted: Vec<(usize, bool)> = m
            .deployments
            .as_ref()
            .expect("listed")
            .iter()
            .map(|d| (d.line, d.counted))
            .collect();
        assert_eq!(counted, [(2, true), (3, true), (4, false), (5, true), (6, true)]);
        // Incident 2 names d1, 3 names v1.1.1 (never deployed: not blamed on another), 4 names
        // commit 5 (first delivered by line 5), 5 names nothing (the last delivery before it).
        let links: Vec<&str> = m
            .incidents
            .as_ref()
            .expect("listed")
            .iter()
            .map(|i| i.linked_by.as_str())
            .collect();
        assert_eq!(links, ["deployment", "none", "commit", "inferred", "none"]);
        let short = id(5).to_hex()[..12].to_string();
        let failed: Vec<(&str, &str)> = m
            .change_failure_rate
            .failures
            .iter()
            .map(|f| (f.delivery.as_str(), f.reason.as_str()))
            .collect();
        assert_eq!(
            failed,
            [
                ("v1.0.0", "incident i1 (deployment)"),
                ("d2", "rolled back"),
                (short.as_str(), "incident line 4 (commit)"),
                ("line 6", "incident line 5 (inferred)"),
            ]
        );
        assert_eq!(m.change_failure_rate.value, Some(1.0));
        assert!(!m.change_failure_rate.estimated);
        // The rollback lasted until line 5 (a day and an hour); then incidents 2, 4 and 5.
        let hours: Vec<f64> = m
            .failed_deployment_recovery_time
            .items
            .iter()
            .map(|r| r.hours)
            .collect();
        assert_eq!(hours, [25.0, 3.0, 1_234.0 / 3_600.0, 86_399.0 / 3_600.0]);
        let codes: Vec<&str> = m.warnings.iter().map(|w| w.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "refs-not-commits",
                "deployments-unresolved",
                "incidents-inferred",
                "incidents-unlinked",
                "incidents-open"
            ]
        );
    }
}
