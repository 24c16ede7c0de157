//! Pushed delivery events reach the numbers: `POST /api/v1/cdevents`, `/deployments` and
//! `/devlake/deployments` stored for a subject are measured into its report (the results JSON,
//! the report page, `GET /metrics` and the portfolio), beside a pushed scan's metrics, and an
//! export holds them so the CLI's report of it is the web's. Through the real router, on
//! SQLite and PostgreSQL.

mod common;

use axum::http::StatusCode;
use common::{Backend, World};
use serde_json::{Value, json};

/// 2026-03-02T10:00:00Z.
const T0: i64 = 1_772_445_600;
const HOUR: i64 = 3600;

fn at(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds).expect("time").to_string()
}

fn cdevent(kind: &str, id: &str, time: i64, content: Value) -> Value {
    json!({
        "context": {"specversion": "0.4.1", "id": format!("{kind}-{id}-{time}"), "source": "/ci",
                    "type": format!("dev.cdevents.{kind}.0.2.0"), "timestamp": at(time)},
        "subject": {"id": id, "content": content}
    })
}

fn deployed(version: &str, time: i64) -> Value {
    cdevent(
        "service.deployed",
        "orders",
        time,
        json!({"environment": {"id": "production"}, "artifactId": format!("pkg:generic/orders@{version}")}),
    )
}

/// An API token for the falcon example's subject, made on the admin page, and the id of the
/// falcon assessment.
async fn token(world: &World) -> (String, i64) {
    let (_, new) = maturity_web::import::from_dir(&common::falcon_dir()).expect("falcon");
    let id = world.store.create_assessment(&new, 1).await.expect("store");
    let admin = world.login("admin").await;
    (world.api_token(&admin, &new.subject).await, id)
}

async fn results(world: &World, token: &str, id: i64) -> Value {
    let reply = world
        .api(
            "GET",
            &format!("/api/v1/assessments/{id}/results"),
            Some(token),
            "",
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    serde_json::from_str(&reply.body).expect("json")
}

/// The report's delivery sections by label.
fn delivery(report: &Value) -> Vec<(String, Value)> {
    report["delivery"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|d| {
                    (
                        d["source"].as_str().unwrap_or_default().to_string(),
                        d["metrics"].clone(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

async fn events_count(backend: Backend) {
    let world = World::new(backend).await;
    let (token, id) = token(&world).await;
    let t = Some(token.as_str());
    assert!(delivery(&results(&world, &token, id).await).is_empty());

    // Two changes, deployments from all three routes, a failure, a rollback and an incident.
    let events = json!([
        cdevent("change.merged", "pr-1", T0, json!({})),
        deployed("v1", T0 + 2 * HOUR),
        cdevent("change.merged", "pr-2", T0 + 24 * HOUR, json!({})),
        cdevent(
            "incident.detected",
            "inc-1",
            T0 + 28 * HOUR,
            json!({"service": {"id": "orders"}})
        ),
        cdevent(
            "service.rolledback",
            "orders",
            T0 + 29 * HOUR,
            json!({"environment": {"id": "production"}, "artifactId": "pkg:generic/orders@v1"})
        ),
        cdevent("incident.resolved", "inc-1", T0 + 30 * HOUR, json!({})),
    ]);
    let reply = world
        .api("POST", "/api/v1/cdevents", t, &events.to_string())
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let answer: Value = serde_json::from_str(&reply.body).expect("json");
    assert_eq!(answer["changes"], 2, "{answer}");
    let entry = json!({"time": at(T0 + 27 * HOUR), "environment": "production", "service": "orders",
                       "version": "v2", "status": "failure", "id": "d-2", "pipeline": "build 7"});
    let reply = world
        .api("POST", "/api/v1/deployments", t, &entry.to_string())
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let devlake = json!({"id": "dl-3", "finishedDate": at(T0 + 48 * HOUR), "result": "SUCCESS",
                         "commitSha": "015e3d3b480e417aede5a1293bd61de9b0fd051d", "refName": "v3"});
    let reply = world
        .api("POST", "/api/v1/devlake/deployments", t, &devlake.to_string())
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);

    let report = results(&world, &token, id).await;
    let sections = delivery(&report);
    assert_eq!(sections.len(), 1, "{sections:?}");
    let (label, m) = &sections[0];
    assert!(label.starts_with("delivery events "), "{label}");
    assert_eq!(m["source"], "deployments");
    assert_eq!(m["deployment_frequency"]["count"], 4, "{m}");
    assert_eq!(m["change_failure_rate"]["total"], 4);
    assert_eq!(
        m["change_failure_rate"]["failed"], 1,
        "{}",
        m["change_failure_rate"]
    );
    assert_eq!(m["deployment_rework_rate"]["reworked"], 1);
    // pr-1 after 2 h; pr-2 not by d-2, which failed, but by the DevLake deployment after 24 h.
    assert_eq!(m["lead_time"]["count"], 2, "{}", m["lead_time"]);
    assert_eq!(m["lead_time"]["median_hours"], 13.0, "{}", m["lead_time"]);
    assert_eq!(m["failed_deployment_recovery_time"]["count"], 2);
    let codes: Vec<&str> = m["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter_map(|w| w["code"].as_str())
        .collect();
    assert!(codes.contains(&"measured-from-events"), "{codes:?}");

    // The same numbers wherever the web shows DORA keys.
    let viewer = world.login("viewer").await;
    let page = world.get(&format!("/assessments/{id}"), Some(&viewer)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        common::unescape(&page.body).contains("events pushed to the server"),
        "the stored events are listed as evidence"
    );
    let html = world
        .get(&format!("/assessments/{id}/report.html"), Some(&viewer))
        .await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(
        common::unescape(&html.body).contains("delivery events"),
        "no events section in the report"
    );
    let scrape = world.api("GET", "/metrics", t, "").await;
    assert_eq!(scrape.status, StatusCode::OK, "{}", scrape.body);
    assert!(
        scrape
            .body
            .lines()
            .any(|l| l.starts_with("maturity_dora_deployment_frequency_per_week{")
                && l.contains("delivery events")),
        "{}",
        scrape.body
    );
    let portfolio: Value =
        serde_json::from_str(&world.api("GET", "/api/v1/portfolio", t, "").await.body).expect("json");
    let row = &portfolio["rows"][0];
    assert!(row["dora"]["lead_time"].is_string(), "{row}");

    // A pushed scan's metrics come first; the events still count, as their own source.
    let mut scan = m.clone();
    scan["warnings"] = json!([]);
    scan["bands"]["lead_time"] = json!("low");
    scan["bands"]["failed_deployment_recovery_time"] = Value::Null;
    let reply = world
        .api("POST", "/api/v1/metrics?name=git", t, &scan.to_string())
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let sections = delivery(&results(&world, &token, id).await);
    let labels: Vec<&str> = sections.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(labels.len(), 2, "{labels:?}");
    assert!(
        labels[0].starts_with("saved metrics") && labels[1].starts_with("delivery events"),
        "{labels:?}"
    );
    let portfolio: Value =
        serde_json::from_str(&world.api("GET", "/api/v1/portfolio", t, "").await.body).expect("json");
    let dora = &portfolio["rows"][0]["dora"];
    assert_eq!(dora["lead_time"], "low", "the scan's band comes first: {dora}");
    assert_eq!(
        dora["failed_deployment_recovery_time"], m["bands"]["failed_deployment_recovery_time"],
        "the events fill what the scan did not measure: {dora}"
    );

    // The export holds the events, listed in [evidence] events.
    let assessor = world.login("assessor").await;
    let tar = world
        .get(&format!("/assessments/{id}/export.tar"), Some(&assessor))
        .await;
    assert_eq!(tar.status, StatusCode::OK);
    let mut archive = tar::Archive::new(tar.bytes.as_slice());
    let mut config = String::new();
    let mut events_file = None;
    for entry in archive.entries().expect("tar") {
        let mut entry = entry.expect("entry");
        let path = entry.path().expect("path").display().to_string();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut entry, &mut text).expect("text");
        if path.ends_with("maturity.toml") {
            config = text;
        } else if text.contains("\"pipeline\":\"build 7\"") {
            events_file = Some((path, text));
        }
    }
    let (path, text) = events_file.expect("the events are exported");
    assert_eq!(text.lines().count(), 8, "{text}");
    let relative = path.split_once('/').map_or(path.as_str(), |(_, p)| p);
    assert!(config.contains(&format!("events = [\"{relative}\"]")), "{config}");

    // Imported into the same server again, the export's events file and the subject's stored
    // events are the same events: counted once, and events pushed later join them.
    let (_, again) = maturity_web::import::from_uploads(vec![maturity_web::import::Upload {
        name: "export.tar".to_string(),
        bytes: tar.bytes.clone(),
    }])
    .expect("the export imports");
    let copy = world.store.create_assessment(&again, 2).await.expect("store");
    // The pushed scan above is a copy of the events' numbers: only events sections count.
    let counted = |report: &Value| -> Vec<Value> {
        delivery(report)
            .into_iter()
            .filter(|(label, _)| label.starts_with("delivery events"))
            .map(|(_, m)| m["deployment_frequency"]["count"].clone())
            .collect()
    };
    let report = results(&world, &token, copy).await;
    assert_eq!(counted(&report), [json!(4)], "{:?}", delivery(&report));
    let reply = world
        .api(
            "POST",
            "/api/v1/cdevents",
            t,
            &json!([deployed("v4", T0 + 50 * HOUR)]).to_string(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(counted(&results(&world, &token, copy).await), [json!(5)]);
    assert_eq!(counted(&results(&world, &token, id).await), [json!(5)]);
}

#[tokio::test]
async fn stored_events_are_measured_sqlite() {
    events_count(Backend::Sqlite).await;
}

#[tokio::test]
async fn stored_events_are_measured_postgres() {
    events_count(Backend::Postgres).await;
}

fn test_run(kind: &str, id: &str, name: &str, outcome: &str) -> Value {
    let content = if kind == "testcaserun.finished" {
        json!({"environment": {"id": "ci"}, "outcome": outcome, "testCase": {"id": name, "name": name, "type": "integration"}})
    } else {
        json!({"environment": {"id": "ci"}, "outcome": outcome, "testSuite": {"id": name, "name": name}})
    };
    cdevent(kind, id, T0, content)
}

/// `testcaserun.finished` and `testsuiterun.finished` pushed as CDEvents are one run of the
/// subject's test results, counted as `POST /api/v1/tests` runs are; a bad outcome is refused
/// naming the field, with nothing stored.
async fn test_events_feed_test_results(backend: Backend) {
    let world = World::new(backend).await;
    let (token, id) = token(&world).await;
    let t = Some(token.as_str());
    let before = maturity_store::testing::snapshot(&world.url).await;
    let good = test_run("testcaserun.finished", "r1", "login", "pass");
    for (bad, says) in [
        (
            test_run("testcaserun.finished", "r2", "login", "green"),
            "[1].subject.content.outcome: `green` is not an outcome",
        ),
        (
            {
                let mut e = good.clone();
                e["subject"]["content"]
                    .as_object_mut()
                    .map(|c| c.remove("outcome"));
                e
            },
            "[1].subject.content.outcome: missing",
        ),
        (
            {
                let mut e = good.clone();
                e["subject"]["content"]["testCase"] = json!("login");
                e
            },
            "[1].subject.content.testCase: expected an object",
        ),
        (
            {
                let mut e = test_run("testsuiterun.finished", "s", "auth", "pass");
                e["subject"]["content"]["testSuite"]["name"] = json!(7);
                e
            },
            "[1].subject.content.testSuite.name: expected a string",
        ),
    ] {
        let body = json!([good, bad]).to_string();
        let reply = world.api("POST", "/api/v1/cdevents", t, &body).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{says}: {}", reply.body);
        assert!(reply.body.contains(says), "{says}: {}", reply.body);
    }
    assert_eq!(
        maturity_store::testing::snapshot(&world.url).await,
        before,
        "a refused push stored something"
    );

    // A retried test (fail, then pass), an error, a cancelled one, a skipped one; the suite run
    // is not counted beside its cases.
    let events = json!([
        test_run("testcaserun.finished", "r1", "login", "fail"),
        test_run("testcaserun.finished", "r2", "login", "pass"),
        test_run("testcaserun.finished", "r3", "checkout", "error"),
        test_run("testcaserun.finished", "r4", "search", "cancel"),
        test_run("testcaserun.finished", "r5", "export", "skip"),
        test_run("testsuiterun.finished", "s1", "web", "fail"),
        deployed("v1", T0 + HOUR),
    ]);
    let reply = world
        .api("POST", "/api/v1/cdevents", t, &events.to_string())
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let answer: Value = serde_json::from_str(&reply.body).expect("json");
    assert_eq!(answer["test_run"]["tests"], 4, "{answer}");
    assert_eq!(answer["test_run"]["assessment"], id);
    let report = results(&world, &token, id).await;
    let runs = report["tests"].as_array().expect("test results");
    assert_eq!(runs.len(), 1, "{runs:?}");
    let totals = &runs[0]["results"]["totals"];
    assert_eq!(
        (
            &totals["tests"],
            &totals["passed"],
            &totals["errored"],
            &totals["skipped"],
            &totals["flaky"]
        ),
        (&json!(4), &json!(1), &json!(1), &json!(2), &json!(1)),
        "{totals}"
    );
    // Only suites: each suite is a test.
    let suites = json!([test_run("testsuiterun.finished", "s2", "web", "fail")]);
    let reply = world
        .api("POST", "/api/v1/cdevents", t, &suites.to_string())
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let answer: Value = serde_json::from_str(&reply.body).expect("json");
    assert_eq!(answer["test_run"]["tests"], 1, "{answer}");
    let report = results(&world, &token, id).await;
    assert_eq!(report["tests"].as_array().map(Vec::len), Some(2));
    // A body without test events stores no run.
    let reply = world
        .api(
            "POST",
            "/api/v1/cdevents",
            t,
            &json!([deployed("v2", T0 + 2 * HOUR)]).to_string(),
        )
        .await;
    let answer: Value = serde_json::from_str(&reply.body).expect("json");
    assert!(answer["test_run"].is_null(), "{answer}");
}

#[tokio::test]
async fn test_events_feed_test_results_sqlite() {
    test_events_feed_test_results(Backend::Sqlite).await;
}

#[tokio::test]
async fn test_events_feed_test_results_postgres() {
    test_events_feed_test_results(Backend::Postgres).await;
}
