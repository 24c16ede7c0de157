//! The JSON API for CI, under `/api/v1`. Every request carries `Authorization: Bearer <token>`
//! with an API token an admin created for one subject; the token reads and writes that
//! subject's data only. No or a wrong token answers 401; another subject's assessment 404.
//!
//! Pushed results of every evidence source (one route per source of `maturity_sources::SOURCES`,
//! at `/api/v1/<its [evidence] key>`) are kept as the JSON they came as and listed as evidence;
//! deployment events are kept per subject. `docs/api.md` documents each route with curl, and
//! `docs/openapi.json` lists them: a test checks it against `routes()`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use maturity_report::Format;
use maturity_sources::{SOURCES, Source};
use maturity_store::{Id, NewEvidence};

use crate::auth::ApiClient;
use crate::error::{ApiError, AppError};
use crate::route::{Access, Route};
use crate::state::{AppState, now};

/// The most deployment events (or CDEvents) one request may carry.
pub(crate) const MAX_EVENTS: usize = 1000;

/// The API's routes; every one wants an API token. The evidence pushes are listed apart
/// (`evidence_routes`), so the kinds of evidence CI may push are in one place.
pub fn routes() -> Vec<Route> {
    use Access::ApiToken;
    let mut routes = vec![
        Route::get("/api/v1", ApiToken, index),
        Route::get("/api/v1/", ApiToken, index),
        Route::get("/api/v1/assessments", ApiToken, assessments),
        Route::get("/api/v1/assessments/{id}/results", ApiToken, results),
        Route::get(
            "/api/v1/portfolio",
            ApiToken,
            crate::pages::portfolio::portfolio_json,
        ),
    ];
    routes.extend(evidence_routes());
    routes.extend([
        Route::post("/api/v1/deployments", ApiToken, push_deployments),
        Route::get("/api/v1/deployments", ApiToken, deployments),
        Route::post("/api/v1/cdevents", ApiToken, crate::cdevents::push_cdevents),
        Route::post(
            "/api/v1/devlake/deployments",
            ApiToken,
            crate::cdevents::push_devlake,
        ),
        // Not a route of docs/openapi.json: what any other path under /api/v1 answers.
        Route::any("/api/v1/{*rest}", ApiToken, unknown),
    ]);
    routes
}

/// The routes CI pushes evidence by: one per evidence source, at `/api/v1/<its key>`.
fn evidence_routes() -> impl Iterator<Item = Route> {
    SOURCES.iter().map(|&source| {
        Route::post(
            format!("/api/v1/{}", source.key()),
            Access::ApiToken,
            move |State(state): State<AppState>,
                  client: ApiClient,
                  Query(query): Query<PushQuery>,
                  body: Bytes| async move {
                push_evidence(&state, &client, source, query, &body).await
            },
        )
    })
}

/// Checks that `bytes` are a result `source` reads and returns them as text, unchanged. What
/// does not read is refused, never stored: a CI job learns at once that it pushed the wrong
/// file, and stored evidence is always evidence a report can use.
pub fn evidence_text(source: &dyn Source, bytes: &[u8]) -> Result<String, String> {
    let text = String::from_utf8(bytes.to_vec()).map_err(|_| "not UTF-8 text".to_string())?;
    source
        .parse(&text)
        .map_err(|e| format!("{e} (send {} unchanged)", source.produced_by()))?;
    Ok(text)
}

async fn index(client: ApiClient) -> Json<Value> {
    Json(json!({ "api": "maturity/v1", "subject": client.subject }))
}

/// Unknown API paths: 401 without a token, like every API route, else 404.
async fn unknown(_client: ApiClient) -> ApiError {
    ApiError(AppError::NotFound)
}

async fn assessments(State(state): State<AppState>, client: ApiClient) -> Result<Json<Value>, ApiError> {
    let list = state.store.assessments_by_subject(&client.subject).await?;
    Ok(Json(json!({ "subject": client.subject, "assessments": list })))
}

/// An assessment of the client's subject, or 404.
async fn own_assessment(state: &AppState, client: &ApiClient, id: Id) -> Result<(), ApiError> {
    let computed = state.cache.get(state.store.as_ref(), id).await?;
    if computed.record.summary.subject == client.subject {
        Ok(())
    } else {
        Err(ApiError(AppError::NotFound))
    }
}

/// The report JSON of an assessment: the same bytes `maturity report --format json` writes.
async fn results(
    State(state): State<AppState>,
    client: ApiClient,
    Path(id): Path<Id>,
) -> Result<Response, ApiError> {
    own_assessment(&state, &client, id).await?;
    let computed = state.cache.get(state.store.as_ref(), id).await?;
    let results = computed
        .results
        .as_ref()
        .map_err(|e| AppError::Conflict(format!("the assessment does not assemble: {e}")))?;
    let text = results.download(Format::Json)?.to_string();
    Ok(([(header::CONTENT_TYPE, "application/json")], text).into_response())
}

#[derive(Deserialize)]
struct PushQuery {
    /// The assessment to attach to; by default the subject's latest.
    assessment: Option<Id>,
    /// A name to list the evidence under.
    name: Option<String>,
}

async fn push_evidence(
    state: &AppState,
    client: &ApiClient,
    source: &dyn Source,
    query: PushQuery,
    body: &[u8],
) -> Result<Response, ApiError> {
    let kind = source.kind();
    let assessment = match query.assessment {
        Some(id) => {
            own_assessment(state, client, id).await?;
            Some(id)
        }
        None => latest_assessment(state, client).await?,
    };
    // Checked once the caller is known to own the assessment, so a stranger learns nothing.
    let body = evidence_text(source, body).map_err(AppError::BadRequest)?;
    let name = query
        .name
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| format!("{kind} pushed by CI"));
    crate::limits::within_quota(state, &client.subject, assessment, body.len()).await?;
    let id = add_evidence(state, client, assessment, kind, name, body).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": id, "assessment": assessment })),
    )
        .into_response())
}

/// The subject's latest assessment, which pushed evidence attaches to by default.
pub(crate) async fn latest_assessment(state: &AppState, client: &ApiClient) -> Result<Option<Id>, ApiError> {
    Ok(state
        .store
        .assessments_by_subject(&client.subject)
        .await?
        .last()
        .map(|a| a.id))
}

/// Stores checked evidence of the client's subject, pushed by the API.
pub(crate) async fn add_evidence(
    state: &AppState,
    client: &ApiClient,
    assessment: Option<Id>,
    kind: &str,
    name: String,
    body: String,
) -> Result<Id, ApiError> {
    let id = state
        .store
        .add_evidence(
            &NewEvidence {
                subject: client.subject.clone(),
                assessment,
                kind: kind.to_string(),
                name,
                source: "api".to_string(),
                body,
            },
            now(),
        )
        .await?;
    tracing::info!(token = client.token_id, kind, id, "evidence pushed");
    Ok(id)
}

/// One event (an object) or several (an array of objects); each needs a `time`.
async fn push_deployments(
    State(state): State<AppState>,
    client: ApiClient,
    body: Bytes,
) -> Result<Response, ApiError> {
    let value: Value =
        serde_json::from_slice(&body).map_err(|e| AppError::BadRequest(format!("not JSON: {e}")))?;
    let events = match value {
        Value::Array(events) => events,
        event @ Value::Object(_) => vec![event],
        _ => return Err(AppError::BadRequest("send an event object or an array of them".into()).into()),
    };
    if events.is_empty() || events.len() > MAX_EVENTS {
        return Err(AppError::BadRequest(format!("send 1 to {MAX_EVENTS} events")).into());
    }
    let mut bodies = Vec::with_capacity(events.len());
    for (i, event) in events.iter().enumerate() {
        let time = event.get("time").and_then(Value::as_str);
        if !event.is_object() || time.is_none_or(|t| t.parse::<jiff::Timestamp>().is_err()) {
            return Err(AppError::BadRequest(format!(
                "event {i}: needs \"time\" as an RFC 3339 timestamp, e.g. \"2026-10-14T09:30:00Z\""
            ))
            .into());
        }
        bodies.push(event.to_string());
    }
    let ids = state
        .store
        .add_deployments(&client.subject, &bodies, now())
        .await?;
    Ok((StatusCode::CREATED, Json(json!({ "ids": ids }))).into_response())
}

#[derive(Deserialize)]
struct ListQuery {
    limit: Option<i64>,
}

async fn deployments(
    State(state): State<AppState>,
    client: ApiClient,
    Query(query): Query<ListQuery>,
) -> Result<Json<Value>, ApiError> {
    let limit = query.limit.unwrap_or(100).clamp(1, 1000);
    let events: Vec<Value> = state
        .store
        .deployments(&client.subject, limit)
        .await?
        .into_iter()
        .map(|d| {
            let event: Value = serde_json::from_str(&d.body).unwrap_or(Value::Null);
            json!({ "id": d.id, "received_at": d.created_at, "event": event })
        })
        .collect();
    Ok(Json(json!({ "subject": client.subject, "deployments": events })))
}
