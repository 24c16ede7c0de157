//! The portfolio page (`/portfolio`) and its JSON twin (`/api/v1/portfolio`): every subject's
//! latest assessment side by side. This module loads the cards; `crate::portfolio` lays them
//! out.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use axum::response::Html;
use maturity_store::AssessmentSummary;
use minijinja::context;

use super::{base, merge, page, ser};
use crate::auth::{CurrentUser, MetricsReader};
use crate::error::{ApiError, AppError};
use crate::portfolio::{Card, Entry, Filter, Portfolio, portfolio};
use crate::state::AppState;

pub async fn portfolio_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(filter): Query<Filter>,
) -> Result<Html<String>, AppError> {
    let subjects = state.subjects().await?;
    let portfolio = load(&state, &subjects, &filter).await?;
    page(
        &state,
        "portfolio.html",
        merge(base(&user), context! { portfolio => ser(&portfolio) }),
    )
}

/// The same as JSON, for a token: a subject's token sees its subject, an all-subjects token
/// every subject.
pub async fn portfolio_json(
    State(state): State<AppState>,
    reader: MetricsReader,
    Query(filter): Query<Filter>,
) -> Result<Json<Portfolio>, ApiError> {
    let subjects = match reader.subject {
        Some(subject) => vec![subject],
        None => state.subjects().await?,
    };
    Ok(Json(load(&state, &subjects, &filter).await?))
}

/// A subject, its latest assessment's id, its card, and the card of the one before.
type Loaded<'a> = (&'a str, i64, Arc<Card>, Option<Arc<Card>>);

/// Each subject's latest assessment that assembles, with the one before it: one query for
/// every subject, and the cards of revisions already seen come from the cache.
async fn load(state: &AppState, subjects: &[String], filter: &Filter) -> Result<Portfolio, AppError> {
    let mut latest: HashMap<String, Vec<AssessmentSummary>> = HashMap::new();
    for summary in state.store.latest_assessments(2).await? {
        latest.entry(summary.subject.clone()).or_default().push(summary);
    }
    let store = state.store.as_ref();
    let mut loaded: Vec<Loaded> = Vec::new();
    for subject in subjects {
        let mut newest = latest.get(subject).into_iter().flatten().rev();
        let (Some(last), previous) = (newest.next(), newest.next()) else {
            continue;
        };
        let Some(card) = state.cache.card(store, last.id, last.revision).await? else {
            continue;
        };
        let before = match previous {
            Some(p) => state.cache.card(store, p.id, p.revision).await?,
            None => None,
        };
        loaded.push((subject, last.id, card, before));
    }
    let entries: Vec<Entry> = loaded
        .iter()
        .map(|(subject, id, card, before)| Entry {
            subject,
            assessment: *id,
            card,
            previous: before.as_deref(),
        })
        .collect();
    Ok(portfolio(&entries, filter))
}
