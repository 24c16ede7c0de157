//! `POST /api/v1/cdevents` and `POST /api/v1/devlake/deployments` through the real router, on
//! SQLite and PostgreSQL: every mapped type accepted and counted, unknown types listed, bad
//! events refused naming the field with nothing stored.

mod common;

use std::path::Path;

use axum::http::StatusCode;
use common::{Backend, World};
use serde_json::Value;

/// The spec's examples as v0.4 writes them, shared with maturity-git's tests.
fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../maturity-git/tests/fixtures/cdevents/{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("json")
}

/// An API token for the falcon example's subject, made on the admin page.
async fn token(world: &World) -> String {
    let (_, new) = maturity_web::import::from_dir(&common::falcon_dir()).expect("falcon");
    world.store.create_assessment(&new, 1).await.expect("store");
    let admin = world.login("admin").await;
    world.api_token(&admin, &new.subject).await
}

async fn pushes(backend: Backend) {
    let world = World::new(backend).await;
    let token = token(&world).await;
    let t = Some(token.as_str());
    let all: Vec<Value> = [
        "service_deployed",
        "service_upgraded",
        "service_rolledback",
        "incident_detected",
        "incident_resolved",
        "change_merged",
        "artifact_published",
        "testcaserun_finished",
        "testsuiterun_finished",
        "build_finished",
    ]
    .into_iter()
    .map(fixture)
    .collect();
    let before = maturity_store::testing::snapshot(&world.url).await;
    let bad_body = |f: &dyn Fn(&mut Value)| {
        let mut events = all.clone();
        f(&mut events[1]);
        Value::Array(events).to_string()
    };
    let refused = [
        ("{\"context\": ".to_string(), "not JSON"),
        (
            bad_body(&|e| drop(e["context"].as_object_mut().map(|c| c.remove("type")))),
            "[1].context.type: missing",
        ),
        (
            bad_body(&|e| e["context"]["timestamp"] = "yesterday".into()),
            "[1].context.timestamp: `yesterday`",
        ),
        (
            bad_body(&|e| e["subject"]["content"]["environment"] = 3.into()),
            "[1].subject.content.environment: expected an object, found a number",
        ),
        (
            all[0].to_string().replace("0.4.1", "0.3.0"),
            "context.specversion: spec version 0.3.0 is older",
        ),
        (
            "\"service.deployed\"".to_string(),
            "send a CDEvent object or an array",
        ),
    ];
    for (body, says) in refused {
        let reply = world.api("POST", "/api/v1/cdevents", t, &body).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{body:.80}: {}",
            reply.body
        );
        assert!(reply.body.contains(says), "{says}: {}", reply.body);
    }
    assert_eq!(
        maturity_store::testing::snapshot(&world.url).await,
        before,
        "a refused push stored something"
    );

    let reply = world
        .api(
            "POST",
            "/api/v1/cdevents",
            t,
            &Value::Array(all.clone()).to_string(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let answer: Value = serde_json::from_str(&reply.body).expect("json");
    assert_eq!(answer["accepted"], 10);
    assert_eq!(answer["ids"].as_array().map(Vec::len), Some(10));
    assert_eq!(
        (answer["deployments"].clone(), answer["incidents"].clone()),
        (3.into(), 1.into())
    );
    for name in [
        "service.deployed",
        "service.upgraded",
        "service.rolledback",
        "incident.detected",
        "incident.resolved",
        "change.merged",
        "artifact.published",
        "testcaserun.finished",
        "testsuiterun.finished",
        "dev.cdevents.build.finished.0.2.0",
    ] {
        assert_eq!(answer["types"][name], 1, "{name}: {answer}");
    }
    assert_eq!(
        answer["unknown"],
        serde_json::json!(["dev.cdevents.build.finished.0.2.0"])
    );
    // One event alone is an object; it is kept as sent, for the listing and a later export.
    let one = world
        .api("POST", "/api/v1/cdevents", t, &all[0].to_string())
        .await;
    assert_eq!(one.status, StatusCode::CREATED, "{}", one.body);
    let listed: Value =
        serde_json::from_str(&world.api("GET", "/api/v1/deployments?limit=1", t, "").await.body)
            .expect("json");
    assert_eq!(listed["deployments"][0]["event"], all[0]);

    let devlake = world
        .api(
            "POST",
            "/api/v1/devlake/deployments",
            t,
            r#"{"id": "Test 2", "startedDate": "2026-10-14T09:00:00+00:00", "finishedDate": "2026-10-14T09:30:00+00:00",
                "environment": "PRODUCTION", "result": "SUCCESS",
                "deploymentCommits": [{"repoUrl": "https://github.com/acme/orders", "refName": "v1.4.2",
                  "commitSha": "015e3d3b480e417aede5a1293bd61de9b0fd051d"}]}"#,
        )
        .await;
    assert_eq!(devlake.status, StatusCode::CREATED, "{}", devlake.body);
    let listed: Value =
        serde_json::from_str(&world.api("GET", "/api/v1/deployments?limit=1", t, "").await.body)
            .expect("json");
    assert_eq!(
        listed["deployments"][0]["event"],
        serde_json::json!({"time": "2026-10-14T09:30:00Z", "environment": "production", "status": "success",
                           "id": "Test 2", "version": "v1.4.2", "commit": "015e3d3b480e417aede5a1293bd61de9b0fd051d"})
    );
    let bad = world
        .api(
            "POST",
            "/api/v1/devlake/deployments",
            t,
            r#"{"end_time": "2026-10-14T09:30:00Z"}"#,
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("commit_sha: missing"), "{}", bad.body);
    assert_eq!(
        world
            .api("POST", "/api/v1/cdevents", None, &all[0].to_string())
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn cdevents_and_devlake_pushes_sqlite() {
    pushes(Backend::Sqlite).await;
}

#[tokio::test]
async fn cdevents_and_devlake_pushes_postgres() {
    pushes(Backend::Postgres).await;
}
