//! The history of a subject (its assessments' scores over time) and the comparison of two
//! assessments criterion by criterion.

use axum::extract::{Path, Query, State};
use axum::response::Html;
use minijinja::context;
use minijinja::value::Value;
use serde::Deserialize;

use maturity_store::Id;

use super::{base, merge, page, ser};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::results::Computed;
use crate::state::AppState;
use crate::trend::{self, History, Point};

/// The report of a computed assessment, if it assembles.
fn report(computed: &Computed) -> Option<&maturity_report::Report> {
    computed.results.as_ref().ok().map(|r| &r.report)
}

pub async fn history(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<Id>,
) -> Result<Html<String>, AppError> {
    let current = state.cache.get(state.store.as_ref(), id).await?;
    let subject = current.record.summary.subject.clone();
    let summaries = state.store.assessments_by_subject(&subject).await?;
    let mut computed = Vec::new();
    for s in &summaries {
        computed.push((s, state.cache.get(state.store.as_ref(), s.id).await?));
    }
    let points: Vec<Point> = computed
        .iter()
        .map(|(s, c)| Point {
            id: s.id,
            date: s.date.as_deref(),
            report: report(c),
        })
        .collect();
    let history = History::of(&points);
    page(
        &state,
        "history.html",
        merge(
            base(&user),
            context! {
                subject => subject,
                current => id,
                chart => Value::from_safe_string(history.charts()),
                series => ser(history.model_names()),
                rows => ser(history.model_rows()),
            },
        ),
    )
}

#[derive(Deserialize)]
pub struct CompareQuery {
    from: Id,
    to: Id,
}

pub async fn compare(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<CompareQuery>,
) -> Result<Html<String>, AppError> {
    let from = state.cache.get(state.store.as_ref(), q.from).await?;
    let to = state.cache.get(state.store.as_ref(), q.to).await?;
    user.scope.check(&from.record.summary.subject)?;
    user.scope.check(&to.record.summary.subject)?;
    let name = |c: &Computed| trend::label(c.record.summary.id, c.record.summary.date.as_deref());
    page(
        &state,
        "compare.html",
        merge(
            base(&user),
            context! {
                from => context! { id => q.from, label => name(&from) },
                to => context! { id => q.to, label => name(&to) },
                criteria => ser(trend::compare(report(&from), report(&to))),
            },
        ),
    )
}
