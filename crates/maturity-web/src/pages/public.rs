//! What answers without a session: the home redirect, the health check a load balancer polls,
//! and the style sheet.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::state::AppState;

pub async fn home() -> Redirect {
    Redirect::to("/assessments")
}

pub async fn healthz(State(state): State<AppState>) -> Response {
    health_response(state.store.health().await.is_ok())
}

pub async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/style.css"),
    )
        .into_response()
}

/// A plain-text 200 for `/healthz`, or 503 when the store does not answer.
fn health_response(ok: bool) -> Response {
    if ok {
        (StatusCode::OK, "ok\n").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable\n").into_response()
    }
}
