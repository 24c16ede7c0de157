//! `GET /metrics`: the OpenMetrics exposition of the subjects an API token may read, for
//! Prometheus to scrape. A subject's token sees its own subject; an all-subjects token
//! (`maturity token add NAME --all-subjects`) sees every subject. Each subject is measured by
//! its latest assessment's report (the one the web shows and the API's results return), so
//! the numbers are the report's; `maturity_report::openmetrics` writes them.
//!
//! Must not depend on anything the report does not hold: no numbers of its own.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use maturity_report::openmetrics::Exposition;

use crate::auth::MetricsReader;
use crate::error::ApiError;
use crate::state::AppState;

/// The media type of OpenMetrics text 1.0, which Prometheus asks for and parses strictly.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

pub async fn metrics(State(state): State<AppState>, reader: MetricsReader) -> Result<Response, ApiError> {
    let subjects = match reader.subject {
        Some(subject) => vec![subject],
        None => state.subjects().await?,
    };
    let mut exposition = Exposition::new();
    for subject in &subjects {
        let Some(latest) = state.store.assessments_by_subject(subject).await?.pop() else {
            continue;
        };
        let computed = state.cache.get(state.store.as_ref(), latest.id).await?;
        // An assessment that does not assemble has no scores to export; its page says why.
        if let Ok(results) = &computed.results {
            exposition.add_report(&results.report);
        }
    }
    Ok(([(header::CONTENT_TYPE, CONTENT_TYPE)], exposition.render()).into_response())
}
