//! Correctness on repositories built with fixed dates: exact first releases, lead times and
//! bands for linear histories, merges, backports on a maintenance branch and clock skew.

mod common;

use common::*;
use maturity_assess::metrics::{Band, ReworkKind};

#[test]
fn linear_history_exact_lead_times_and_bands() {
    let r = Repo::new();
    let c1 = r.commit("src/a.rs", T0);
    let c2 = r.commit("src/b.rs", T0 + DAY);
    let c3 = r.commit("docs/x.md", T0 + 2 * DAY);
    r.tag("v1.0.0", T0 + 3 * DAY);
    let c4 = r.commit("src/a.rs", T0 + 4 * DAY);
    let c5 = r.commit("src/a.rs", T0 + 5 * DAY);
    // Lightweight: released at its commit's committer time.
    r.lightweight_tag("v1.1.0");
    let c6 = r.commit("src/c.rs", T0 + 6 * DAY);
    r.lightweight_tag("v1.2.0-rc1");

    let mut config = config(&r.path(), T0 + 7 * DAY);
    config.since = Some(T0);
    let m = run(&config).metrics;
    let expect = [
        (&c1, Some("v1.0.0"), Some(72.0)),
        (&c2, Some("v1.0.0"), Some(48.0)),
        (&c3, Some("v1.0.0"), Some(24.0)),
        (&c4, Some("v1.1.0"), Some(24.0)),
        (&c5, Some("v1.1.0"), Some(0.0)),
        (&c6, None, None),
    ];
    for (id, release, hours) in expect {
        assert_eq!(lead(&m, id), (release.map(str::to_string), hours), "{id}");
    }
    let names: Vec<&str> = m.releases.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["v1.0.0", "v1.1.0"], "the rc is not a release");
    assert!(m.releases[0].annotated && !m.releases[1].annotated);
    assert_eq!(m.releases[0].time, "2024-01-04T00:00:00Z");
    assert_eq!(m.releases[0].commit, c3);
    // Lead times 72, 48, 24, 24, 0: type-7 median 24, p75 48, p90 62.4.
    assert_eq!(m.lead_time.count, 5);
    assert_eq!(m.lead_time.unreleased, 1);
    assert_eq!(m.lead_time.median_hours, Some(24.0));
    assert_eq!(m.lead_time.p75_hours, Some(48.0));
    assert!((m.lead_time.p90_hours.expect("p90") - 62.4).abs() < 1e-9);
    assert_eq!(m.bands.lead_time, Some(Band::High), "24 h is not under a day");
    // Two releases in a 7-day window: 2 a week → high.
    assert_eq!(m.deployment_frequency.count, 2);
    assert!((m.deployment_frequency.per_week - 2.0).abs() < 1e-9);
    assert_eq!(m.bands.deployment_frequency, Some(Band::High));
    assert_eq!(m.deployment_frequency.cadence.median_days, Some(2.0));
    // No patch release, no revert: an estimated 0 %.
    assert_eq!(m.change_failure_rate.value, Some(0.0));
    assert!(m.change_failure_rate.estimated);
    assert_eq!(m.bands.change_failure_rate, Some(Band::Elite));
    assert_eq!(m.failed_deployment_recovery_time.median_hours, None);
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);

    let json: serde_json::Value = serde_json::from_str(&m.to_json()).expect("json");
    assert_eq!(json["releases"][0]["name"], "v1.0.0");
    assert_eq!(json["releases"][0]["time"], "2024-01-04T00:00:00Z");
    assert_eq!(json["releases"][0]["commit"], c3.as_str());
    assert_eq!(json["lead_time"]["median_hours"], 24.0);
    assert_eq!(json["lead_time"]["count"], 5);
    assert_eq!(json["deployment_frequency"]["per_week"], 2.0);
    assert_eq!(json["change_failure_rate"]["estimated"], true);
    assert_eq!(json["recovery"]["median_hours"], serde_json::Value::Null);
    assert_eq!(json["bands"]["lead_time"], "high");
    let commits = json["commits"].as_array().expect("commits[]");
    assert_eq!(commits.len(), 6);
    let unreleased = commits.iter().find(|c| c["id"] == c6.as_str()).expect("c6");
    assert_eq!(unreleased["first_release"], serde_json::Value::Null);
    assert_eq!(unreleased["lead_time_hours"], serde_json::Value::Null);
}

#[test]
fn merges_backports_and_patch_releases() {
    let r = Repo::new();
    let base = r.commit("a.txt", T0);
    r.tag("v1.0.0", T0 + HOUR);
    // A feature branch merged with a merge commit.
    r.git(&["checkout", "-q", "-b", "feature"]);
    let f1 = r.commit("feature/f.txt", T0 + 2 * HOUR);
    let f2 = r.commit("feature/f.txt", T0 + 3 * HOUR);
    r.git(&["checkout", "-q", "main"]);
    let m1 = r.commit("a.txt", T0 + 4 * HOUR);
    r.git_at(
        &["merge", "-q", "--no-ff", "feature", "-m", "Merge feature"],
        T0 + 5 * HOUR,
    );
    let merge = r.git(&["rev-parse", "HEAD"]);
    // A maintenance branch from v1.0.0 gets a backported fix, released as v1.0.1 first.
    r.git(&["checkout", "-q", "-b", "maint-1.0", "v1.0.0"]);
    let fix = r.commit("fix.txt", T0 + 6 * HOUR);
    r.tag("v1.0.1", T0 + 7 * HOUR);
    r.git(&["checkout", "-q", "main"]);
    r.git_at(
        &["merge", "-q", "--no-ff", "maint-1.0", "-m", "Merge maint"],
        T0 + 8 * HOUR,
    );
    r.tag("v1.1.0", T0 + 10 * HOUR);

    let mut config = config(&r.path(), T0 + 2 * DAY);
    config.since = Some(T0);
    let m = run(&config).metrics;
    let expect = [
        (&base, "v1.0.0", 1.0),
        (&fix, "v1.0.1", 1.0),
        (&f1, "v1.1.0", 8.0),
        (&f2, "v1.1.0", 7.0),
        (&m1, "v1.1.0", 6.0),
        (&merge, "v1.1.0", 5.0),
    ];
    for (id, release, hours) in expect {
        assert_eq!(lead(&m, id), (Some(release.to_string()), Some(hours)), "{id}");
    }
    // Merges are left out of the statistics: 1, 1, 8, 7, 6.
    assert_eq!(m.lead_time.count, 5);
    assert_eq!(m.lead_time.median_hours, Some(6.0));
    assert_eq!(m.bands.lead_time, Some(Band::Elite));
    // v1.0.1 is a patch of v1.0.0 within 7 days: v1.0.0 failed; recovered 6 h later.
    assert_eq!(m.change_failure_rate.failed, 1);
    assert_eq!(m.change_failure_rate.total, 3);
    assert_eq!(m.change_failure_rate.failures[0].delivery, "v1.0.0");
    assert_eq!(m.failed_deployment_recovery_time.median_hours, Some(6.0));
    assert!(m.failed_deployment_recovery_time.estimated);
    assert_eq!(m.bands.failed_deployment_recovery_time, Some(Band::High));
    assert_eq!(m.bands.change_failure_rate, Some(Band::Low));
    // Main line: base, m1, merge feature, merge maint → 2 of 4 are merges.
    assert_eq!(m.people.mainline_commits, 4);
    assert_eq!(m.people.merge_share, Some(0.5));
}

#[test]
fn revert_marks_the_release_failed() {
    let r = Repo::new();
    r.commit("a.txt", T0);
    let bad = r.commit("b.txt", T0 + HOUR);
    r.tag("v2.0", T0 + 2 * HOUR);
    r.git_at(&["revert", "--no-edit", &bad], T0 + 3 * HOUR);
    r.tag("v2.1", T0 + 5 * HOUR);
    let m = run(&config(&r.path(), T0 + DAY)).metrics;
    assert_eq!(m.change_failure_rate.failed, 1);
    let reason = &m.change_failure_rate.failures[0].reason;
    assert!(
        reason.contains("reverted by") && reason.ends_with("in v2.1"),
        "{reason}"
    );
    assert_eq!(m.failed_deployment_recovery_time.median_hours, Some(3.0));
    // The release that shipped the revert was rework.
    let rework = &m.deployment_rework_rate;
    assert_eq!((rework.reworked, rework.total, rework.value), (1, 2, Some(0.5)));
    assert_eq!(rework.items[0].delivery, "v2.1");
    assert_eq!(rework.items[0].kind, ReworkKind::Revert);
}

#[test]
fn clock_skew_counts_zero_and_warns() {
    let r = Repo::new();
    let early = r.commit("a.txt", T0);
    // Authored "after" the tag that contains it: a wrong clock.
    let skewed = r.commit_as("b.txt", T0 + 3 * DAY, T0 + HOUR, "bob@example.com");
    r.tag("v1.0", T0 + 2 * HOUR);
    let m = run(&config(&r.path(), T0 + 4 * DAY)).metrics;
    assert_eq!(lead(&m, &early).1, Some(2.0));
    assert_eq!(lead(&m, &skewed).1, Some(0.0));
    assert!(has_warning(&m, "clock-skew"), "{:?}", m.warnings);
}

#[test]
fn committer_clock_and_release_patterns() {
    let r = Repo::new();
    let c = r.commit_as("a.txt", T0, T0 + 10 * HOUR, "ann@example.com");
    r.tag("deploy-7", T0 + 12 * HOUR);
    let mut config = config(&r.path(), T0 + DAY);
    let m = run(&config).metrics;
    assert!(m.releases.is_empty());
    assert!(has_warning(&m, "no-release-tags"));
    config.release_tags = "glob:deploy-*".parse().expect("glob");
    let m = run(&config).metrics;
    assert_eq!(lead(&m, &c).1, Some(12.0));
    config.clock = maturity_assess::metrics::Clock::Committer;
    let m = run(&config).metrics;
    assert_eq!(lead(&m, &c).1, Some(2.0));
    config.release_tags = r"regex:^deploy-\d+$".parse().expect("regex");
    assert_eq!(run(&config).metrics.releases.len(), 1);
}

#[test]
fn silos_and_contributors() {
    let r = Repo::new();
    for i in 0..5 {
        r.commit_as("core/x.rs", T0 + i * HOUR, T0 + i * HOUR, "ann@example.com");
    }
    r.commit_as("web/a.js", T0 + 10 * HOUR, T0 + 10 * HOUR, "bob@example.com");
    r.commit_as("web/b.js", T0 + 11 * HOUR, T0 + 11 * HOUR, "cy@example.com");
    r.commit_as("web/deep/c.js", T0 + 12 * HOUR, T0 + 12 * HOUR, "dee@example.com");
    r.commit_as("README", T0 + 13 * HOUR, T0 + 13 * HOUR, "bob@example.com");
    let mut config = config(&r.path(), T0 + DAY);
    let m = run(&config).metrics;
    let silos = m.silos.as_ref().expect("silos ran");
    let dirs: Vec<(&str, usize, usize, bool)> = silos
        .directories
        .iter()
        .map(|d| (d.path.as_str(), d.changes, d.bus_factor, d.flagged))
        .collect();
    assert_eq!(
        dirs,
        [(".", 1, 1, true), ("core", 5, 1, true), ("web", 3, 3, false)]
    );
    assert_eq!(silos.directories[1].top_authors[0].author, "ann@example.com");
    config.silo_depth = Some(2);
    let m = run(&config).metrics;
    let paths: Vec<&str> = m
        .silos
        .as_ref()
        .expect("silos")
        .directories
        .iter()
        .map(|d| d.path.as_str())
        .collect();
    assert_eq!(paths, [".", "core", "web", "web/deep"]);
    assert_eq!(m.people.contributors, 4);
    assert_eq!(m.people.contributors_per_month[0].count, 4);
    config.silo_depth = None;
    assert!(run(&config).metrics.silos.is_none());
}

#[test]
fn deployments_and_incidents_exact() {
    let r = Repo::new();
    let c1 = r.commit("a", T0);
    r.tag("v1.0.0", T0 + HOUR);
    let c2 = r.commit("a", T0 + 2 * HOUR);
    r.tag("v1.1.0", T0 + 3 * HOUR);
    let c3 = r.commit("a", T0 + 4 * HOUR);
    let at = |h: i64| T0 + h * HOUR;
    let deployments = format!(
        "time,environment,version,commit,status,id\n\
         {},production,v1.0.0,,success,d1\n\
         {},staging,v1.1.0,,success,d2\n\
         {},production,v1.1.0,,failed,d3\n\
         {},production,v1.1.0,,success,d4\n\
         {},production,,{c3},rolled-back,d5\n\
         {},production,,{},success,d6\n",
        at(2),
        at(2) + 1_800,
        at(5),
        at(6),
        at(8),
        at(9),
        &c3[..10]
    );
    let incidents = format!(
        "opened,resolved,deployment,id\n{},{},d4,i1\n{},{},,i2\n",
        at(6) + 1_800,
        at(7) + 1_800,
        at(9) + 1_800,
        at(11) + 1_800
    );
    let mut config = config(&r.path(), T0 + DAY);
    config.since = Some(T0);
    config.deployments = Some(r.write("deploys.csv", &deployments));
    config.incidents = Some(r.write("incidents.csv", &incidents));
    let m = run(&config).metrics;
    assert_eq!(lead(&m, &c1), (Some("v1.0.0".into()), Some(2.0)));
    assert_eq!(lead(&m, &c2), (Some("v1.1.0".into()), Some(4.0)));
    assert_eq!(lead(&m, &c3), (Some("d6".into()), Some(5.0)));
    assert_eq!(m.lead_time.median_hours, Some(4.0));
    assert_eq!(
        m.deployment_frequency.count, 5,
        "d1, d3 (failed), d4, d5 (rolled back), d6"
    );
    // d3 by its status, d4 by incident i1, d5 rolled back, d6 by incident i2 (inferred).
    assert_eq!(m.change_failure_rate.value, Some(0.8));
    assert!(!m.change_failure_rate.estimated);
    let incidents = m.incidents.as_ref().expect("incidents");
    assert_eq!(incidents[0].linked_by, "deployment");
    assert_eq!(incidents[0].delivery.as_deref(), Some("v1.1.0"));
    assert_eq!(incidents[1].linked_by, "inferred");
    assert_eq!(incidents[1].delivery.as_deref(), Some("d6"));
    assert!(has_warning(&m, "incidents-inferred"));
    assert_eq!(m.failed_deployment_recovery_time.median_hours, Some(1.0));
    assert_eq!(m.failed_deployment_recovery_time.count, 4);
    assert!(!m.failed_deployment_recovery_time.estimated);
    assert_eq!(m.bands.failed_deployment_recovery_time, Some(Band::High));
    assert_eq!(m.bands.change_failure_rate, Some(Band::Low));
    assert_eq!(m.bands.lead_time, Some(Band::Elite));
    let deployments = m.deployments.as_ref().expect("deployments");
    let counted: Vec<bool> = deployments.iter().map(|d| d.counted).collect();
    assert_eq!(counted, [true, false, true, true, true, true]);
    assert_eq!(deployments[5].commit.as_deref(), Some(c3.as_str()));
    config.environment = "staging".into();
    let m = run(&config).metrics;
    assert_eq!(m.deployment_frequency.count, 1);
}

#[test]
fn commit_graph_partial_or_full_gives_the_same_answer() {
    let r = Repo::new();
    r.commit("a", T0);
    r.git(&["checkout", "-q", "-b", "side"]);
    r.commit("b", T0 + HOUR);
    r.git(&["checkout", "-q", "main"]);
    r.commit("c", T0 + 2 * HOUR);
    r.git_at(
        &["merge", "-q", "--no-ff", "side", "-m", "Merge side"],
        T0 + 3 * HOUR,
    );
    r.tag("v1.0.0", T0 + 4 * HOUR);
    let config = config(&r.path(), T0 + DAY);
    let plain = run(&config);
    assert!(!plain.timings.used_commit_graph);
    let json = |m: &maturity_assess::metrics::Metrics| m.to_json();
    r.git(&["commit-graph", "write", "--reachable"]);
    let full = run(&config);
    assert!(full.timings.used_commit_graph);
    assert_eq!(json(&full.metrics), json(&plain.metrics));
    // Commits made after the graph was written are read from their objects.
    r.commit_as("d", T0 + 5 * HOUR, T0 + 5 * HOUR, "bob@example.com");
    r.tag("v1.1.0", T0 + 6 * HOUR);
    let partial = run(&config);
    std::fs::remove_file(r.path().join(".git/objects/info/commit-graph")).expect("remove graph");
    let none = run(&config);
    assert!(partial.timings.used_commit_graph && !none.timings.used_commit_graph);
    assert_eq!(json(&partial.metrics), json(&none.metrics));
    assert_eq!(partial.metrics.people.contributors, 2);
}

#[test]
fn rework_from_a_hotfix_branch_a_hotfix_tag_a_rollback_and_marked_events() {
    let r = Repo::new();
    let at = |h: i64| T0 + h * HOUR;
    r.commit("a", at(0));
    r.tag("v1.0.0", at(1));
    // A hotfix branch, still there, released from.
    r.git(&["checkout", "-q", "-b", "hotfix/login"]);
    let fix = r.commit("login", at(2));
    r.tag("v1.0.1", at(3));
    r.git(&["checkout", "-q", "main"]);
    r.git_at(&["merge", "-q", "--no-ff", "--no-edit", "hotfix/login"], at(4));
    r.commit("b", at(5));
    r.tag("v1.1.0", at(6));
    r.commit("c", at(7));
    r.tag("v1.1.1-hotfix1", at(8));
    r.commit("d", at(9));
    r.tag("v1.2.0", at(10));
    // Releases: v1.0.1 ships the hotfix branch, v1.1.1-hotfix1 is named so.
    let m = run(&config(&r.path(), at(48))).metrics;
    let rework = &m.deployment_rework_rate;
    let found: Vec<(&str, ReworkKind)> = rework
        .items
        .iter()
        .map(|i| (i.delivery.as_str(), i.kind))
        .collect();
    assert_eq!(
        found,
        [
            ("v1.0.1", ReworkKind::Hotfix),
            ("v1.1.1-hotfix1", ReworkKind::Hotfix)
        ]
    );
    assert_eq!(rework.items[0].reason, "ships hotfix branch hotfix/login");
    assert_eq!((rework.reworked, rework.total), (2, 5));
    assert_eq!(lead(&m, &fix), (Some("v1.0.1".into()), Some(1.0)));

    // Deployments: v1.2.0, then v1.1.0 again (a rollback, failing v1.2.0), then a fix marked
    // as such; patterns of one's own: nothing is a hotfix by name any more.
    let deployments = format!(
        "time,version,status,id,kind\n\
         {},v1.1.0,success,d1,\n\
         {},v1.2.0,success,d2,\n\
         {},v1.1.0,success,d3,\n\
         {},v1.2.0,success,d4,fix-forward\n",
        at(11),
        at(12),
        at(13),
        at(15)
    );
    let mut config = config(&r.path(), at(48));
    config.deployments = Some(r.write("deploys.csv", &deployments));
    config.hotfix = maturity_git::HotfixPattern::new(&["urgent/*"]).expect("valid");
    let m = run(&config).metrics;
    let found: Vec<(&str, ReworkKind)> = m
        .deployment_rework_rate
        .items
        .iter()
        .map(|i| (i.delivery.as_str(), i.kind))
        .collect();
    // d4 deploys v1.2.0 again after d3, forward: no rollback, rework only by the event's word.
    assert_eq!(
        found,
        [
            ("v1.1.0", ReworkKind::Rollback),
            ("v1.2.0", ReworkKind::FixForward)
        ]
    );
    let failures: Vec<(&str, &str)> = m
        .change_failure_rate
        .failures
        .iter()
        .map(|f| (f.delivery.as_str(), f.reason.as_str()))
        .collect();
    assert_eq!(failures, [("v1.2.0", "rolled back by v1.1.0")]);
    // From the failed deployment to the rollback that put things back.
    let hours: Vec<f64> = m
        .failed_deployment_recovery_time
        .items
        .iter()
        .map(|i| i.hours)
        .collect();
    assert_eq!(hours, [1.0]);

    // An unknown kind is an error naming the file and line.
    let bad = "time,version,kind\n2024-01-01,v1.0.0,sideways\n";
    config.deployments = Some(r.write("bad.csv", bad));
    let err = maturity_git::metrics(&config)
        .expect_err("unknown kind")
        .to_string();
    assert!(
        err.contains("bad.csv") && err.contains('2') && err.contains("unknown kind `sideways`"),
        "{err}"
    );
}

#[test]
fn work_items_named_in_messages_and_branch_names_with_their_delivery() {
    let r = Repo::new();
    let say = |message: &str, time: i64| {
        r.git_at(&["commit", "-q", "--allow-empty", "-m", message], time);
    };
    say("PAY-1: start refunds", T0);
    r.git(&["checkout", "-q", "-b", "feature/pay-2-export"]);
    say("export as CSV", T0 + HOUR);
    r.git(&["checkout", "-q", "main"]);
    r.git_at(
        &["merge", "-q", "--no-ff", "--no-edit", "feature/pay-2-export"],
        T0 + 2 * HOUR,
    );
    r.tag("v1.0", T0 + 3 * HOUR);
    say("Finish refunds (#7)\n\nPAY-1, pay-1 again", T0 + 4 * HOUR);
    r.tag("v1.1", T0 + 5 * HOUR);
    say("pay-3 started", T0 + 6 * HOUR);
    let m = run(&config(&r.path(), T0 + DAY)).metrics;
    let seen: Vec<(&str, usize, &str, Option<&str>)> = m
        .work_items
        .iter()
        .map(|w| {
            (
                w.id.as_str(),
                w.commits,
                w.first_commit.as_str(),
                w.delivery.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("#7", 1, "2024-01-01T04:00:00Z", Some("v1.1")),
            ("PAY-1", 2, "2024-01-01T00:00:00Z", Some("v1.1")),
            // Named only by the merge of its branch.
            ("PAY-2", 1, "2024-01-01T02:00:00Z", Some("v1.0")),
            ("PAY-3", 1, "2024-01-01T06:00:00Z", None),
        ]
    );
    assert_eq!(m.work_items[1].delivered.as_deref(), Some("2024-01-01T05:00:00Z"));
    assert_eq!(m.work_items[3].delivered, None);
    // They survive the JSON a saved metrics file is.
    let back = maturity_assess::metrics::Metrics::from_json(&m.to_json()).expect("reads back");
    assert_eq!(back.work_items, m.work_items);
}

/// service, environment, deliveries, lead time median, change failure rate.
type Row<'a> = (Option<&'a str>, &'a str, usize, Option<f64>, Option<f64>);

#[test]
fn every_key_per_service_of_a_monorepo_and_per_environment() {
    let r = Repo::new();
    r.commit("services/api/a.txt", T0);
    r.commit("services/web/w.txt", T0 + HOUR);
    r.commit("services/worker/k.txt", T0 + 2 * HOUR);
    let head = r.commit("services/api/a.txt", T0 + 3 * HOUR);
    let at = |minutes: i64| T0 + minutes * 60;
    // Every service deploys the whole repository at HEAD; each counts its own commits only.
    let deployments = format!(
        "time,environment,service,commit,status,id\n\
         {},staging,api,{head},success,a0\n\
         {},production,api,{head},success,a1\n\
         {},production,web,{head},success,w1\n\
         {},staging,worker,{head},success,k0\n\
         {},production,worker,{head},failed,k1\n\
         {},production,worker,{head},success,k2\n",
        at(210),
        at(240),
        at(300),
        at(300),
        at(360),
        at(420),
    );
    let incidents = format!(
        "opened,resolved,deployment,service,id\n{},{},a1,api,INC-1\n",
        at(270),
        at(300)
    );
    let mut config = config(&r.path(), T0 + DAY);
    config.deployments = Some(r.write("deployments.csv", &deployments));
    config.incidents = Some(r.write("incidents.csv", &incidents));
    config.services = vec![
        ("api".to_string(), vec!["services/api".to_string()]),
        ("web".to_string(), vec!["services/web/".to_string()]),
        ("worker".to_string(), vec!["services/worker".to_string()]),
    ];
    let m = run(&config).metrics;
    let rows: Vec<Row> = m
        .breakdown
        .iter()
        .map(|b| {
            (
                b.service.as_deref(),
                b.environment.as_str(),
                b.deliveries,
                b.lead_time_median_hours,
                b.change_failure_rate,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            // Production, all services: a1 ships all four commits (4, 3, 2, 1 h); a1 failed by
            // its incident, k1 by its status.
            (None, "production", 4, Some(2.5), Some(0.5)),
            (None, "staging", 2, Some(2.0), Some(0.0)),
            // api's commits at 0:00 and 3:00, shipped by a1 at 4:00.
            (Some("api"), "production", 1, Some(2.5), Some(1.0)),
            // web's commit at 1:00, shipped by w1 at 5:00.
            (Some("web"), "production", 1, Some(4.0), Some(0.0)),
            // worker's commit at 2:00: k1 failed, so k2 at 7:00 shipped it.
            (Some("worker"), "production", 2, Some(5.0), Some(0.5)),
            // Each service in each other environment it deployed to.
            (Some("api"), "staging", 1, Some(2.0), Some(0.0)),
            (Some("worker"), "staging", 1, Some(3.0), Some(0.0)),
        ]
    );
    let api = &m.breakdown[2];
    assert_eq!(api.failed_deployment_recovery_time_median_hours, Some(0.5));
    assert_eq!(api.role, "production");
    // The overall figures are production's, every service together.
    assert_eq!(m.deployment_frequency.count, 4);
    assert_eq!(m.lead_time.median_hours, Some(2.5));

    // Staging as a second production role: the overall figures take its deployments too.
    config.environment_roles = [("staging".to_string(), "production".to_string())].into();
    let m = run(&config).metrics;
    assert_eq!(m.deployment_frequency.count, 6);
    assert_eq!(m.breakdown[1].role, "production");
    assert_eq!(
        m.breakdown[1].deliveries, 2,
        "an environment's own entry stays its own"
    );
}
