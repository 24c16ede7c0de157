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
use crate::portfolio::{Card, Entry, Filter, Portfolio, label_groups, portfolio};
use crate::state::AppState;

pub async fn portfolio_page(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(filter): Query<Filter>,
) -> Result<Html<String>, AppError> {
    let mut subjects = state.subjects().await?;
    subjects.retain(|s| user.scope.sees(s));
    let portfolio = grouped(&state, subjects, filter, user.scope.is_limited()).await?;
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
    let (subjects, limited) = match reader.subject {
        Some(subject) => (vec![subject], true),
        None => (state.subjects().await?, false),
    };
    Ok(Json(grouped(&state, subjects, filter, limited).await?))
}

/// The portfolio of `subjects` (those the caller sees) with their groups, kept to the filter's
/// group. A caller who sees only some subjects is offered only their groups, and a group it is
/// not offered is as unknown as one that does not exist.
async fn grouped(
    state: &AppState,
    mut subjects: Vec<String>,
    mut filter: Filter,
    limited: bool,
) -> Result<Portfolio, AppError> {
    let groups_of = state.store.subject_groups().await?;
    let choices: Vec<String> = if limited {
        let mut seen: Vec<String> = subjects
            .iter()
            .filter_map(|s| groups_of.get(s))
            .flatten()
            .cloned()
            .collect();
        seen.sort();
        seen.dedup();
        seen
    } else {
        state
            .store
            .list_groups()
            .await?
            .into_iter()
            .map(|g| g.name)
            .collect()
    };
    filter.group = filter.group.filter(|g| !g.trim().is_empty());
    if let Some(group) = &filter.group {
        if !choices.contains(group) {
            return Err(AppError::BadRequest(format!(
                "there is no group `{group}`; choose one of: {}",
                if choices.is_empty() {
                    "(none yet)".to_string()
                } else {
                    choices.join(", ")
                }
            )));
        }
        subjects.retain(|s| groups_of.get(s).is_some_and(|g| g.contains(group)));
    }
    let mut portfolio = load(state, &subjects, &filter).await?;
    label_groups(&mut portfolio, &groups_of, choices);
    Ok(portfolio)
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
    let newest_events = state.store.newest_events().await?;
    let store = state.store.as_ref();
    let mut loaded: Vec<Loaded> = Vec::new();
    for subject in subjects {
        let mut newest = latest.get(subject).into_iter().flatten().rev();
        let (Some(last), previous) = (newest.next(), newest.next()) else {
            continue;
        };
        let events = newest_events.get(subject.as_str()).copied();
        let Some(card) = state.cache.card(store, last.id, last.revision, events).await? else {
            continue;
        };
        let before = match previous {
            Some(p) => state.cache.card(store, p.id, p.revision, events).await?,
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
