//! `POST /api/v1/cdevents` and `POST /api/v1/devlake/deployments`: delivery events pushed in
//! the CDEvents format (v0.4 and later) or as DevLake's incoming webhook sends deployments.
//!
//! A thin edge: reading and mapping are `maturity_git::events` and `maturity_git::devlake`
//! (pure), so a pushed event and the same event in `maturity metrics --events` read alike.
//! Both routes store into the subject's deployment events, the table `GET /api/v1/deployments`
//! lists: CDEvents as sent (an unknown type is kept too), a DevLake deployment as the
//! deployments-export entry it maps to. Nothing is stored from a body with any bad event.
//! What is stored is measured into the subject's reports by `results` (the `events` source).

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maturity_git::events::{Collector, read_event};
use maturity_git::{devlake, events};
use serde_json::{Value, json};

use maturity_tests::{KindRules, cdevents};

use crate::api::{MAX_EVENTS, add_evidence, latest_assessment};
use crate::auth::ApiClient;
use crate::error::{ApiError, AppError};
use crate::state::{AppState, now};

/// One CDEvent (an object) or an array of them; answers how many of each type were read.
pub async fn push_cdevents(
    State(state): State<AppState>,
    client: ApiClient,
    body: Bytes,
) -> Result<Response, ApiError> {
    let read = read_body(&body).map_err(AppError::BadRequest)?;
    let bodies: Vec<String> = read.sent.iter().map(Value::to_string).collect();
    // The body's test events are one run of the subject's test results, stored as
    // `maturity tests --format json` would write it, where `POST /api/v1/tests` stores runs.
    let run = format!("CDEvents test run {}", first_id(&read.sent));
    let tests = match cdevents::report(&read.events.tests, &run, &KindRules::default()) {
        None => None,
        Some(report) => {
            let text = serde_json::to_string(&report).map_err(|e| AppError::Internal(e.to_string()))?;
            let assessment = latest_assessment(&state, &client).await?;
            crate::limits::within_quota(&state, &client.subject, assessment, text.len()).await?;
            Some((assessment, report.totals.tests, text))
        }
    };
    let tests = match tests {
        None => None,
        Some((assessment, count, text)) => {
            let id = add_evidence(&state, &client, assessment, TESTS_KIND, run, text).await?;
            Some(json!({ "evidence": id, "assessment": assessment, "tests": count }))
        }
    };
    let ids = state
        .store
        .add_deployments(&client.subject, &bodies, now())
        .await?;
    tracing::info!(token = client.token_id, events = ids.len(), "CDEvents pushed");
    let events = read.events;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "ids": ids,
            "accepted": events.count(),
            "types": events.by_type,
            "deployments": events.deployments.len(),
            "incidents": events.incidents.len(),
            "changes": events.changes.len(),
            "test_run": tests,
            "unknown": events.unknown,
            "never_detected": events.never_detected,
        })),
    )
        .into_response())
}

/// A DevLake deployment payload, stored as the deployment it describes.
pub async fn push_devlake(
    State(state): State<AppState>,
    client: ApiClient,
    body: Bytes,
) -> Result<Response, ApiError> {
    let value: Value =
        serde_json::from_slice(&body).map_err(|e| AppError::BadRequest(format!("not JSON: {e}")))?;
    let deployment = devlake::read_deployment(&value).map_err(|e| AppError::BadRequest(e.to_string()))?;
    let entry = devlake::export_entry(&deployment).to_string();
    let ids = state
        .store
        .add_deployments(&client.subject, &[entry], now())
        .await?;
    Ok((StatusCode::CREATED, Json(json!({ "ids": ids }))).into_response())
}

/// The kind of evidence test runs are stored as (the test-results source's).
const TESTS_KIND: &str = "tests";

/// The `context.id` of a body's first event, to name its test run by.
fn first_id(sent: &[Value]) -> &str {
    sent.first()
        .and_then(|e| e.pointer("/context/id"))
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// The events of a body as sent, and what they read as.
struct Read {
    sent: Vec<Value>,
    events: events::Events,
}

/// Reads every event of the body; the first bad one is the answer, with its field path
/// (`[3].context.timestamp` in an array).
fn read_body(body: &[u8]) -> Result<Read, String> {
    let value: Value = serde_json::from_slice(body).map_err(|e| format!("not JSON: {e}"))?;
    let (sent, in_array) = match value {
        Value::Array(items) => (items, true),
        event @ Value::Object(_) => (vec![event], false),
        _ => return Err("send a CDEvent object or an array of them".to_string()),
    };
    if sent.is_empty() || sent.len() > MAX_EVENTS {
        return Err(format!("send 1 to {MAX_EVENTS} events"));
    }
    let mut collector = Collector::default();
    for (i, value) in sent.iter().enumerate() {
        let event = read_event(value, i + 1)
            .map_err(|e| if in_array { e.within(&format!("[{i}]")) } else { e }.to_string())?;
        collector.push(i + 1, event);
    }
    let events = collector.finish().map_err(|bad| {
        bad.into_iter()
            .map(|(n, message)| format!("[{}]: {message}", n - 1))
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    Ok(Read { sent, events })
}
