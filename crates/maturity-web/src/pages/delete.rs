//! Deleting an assessment: a confirmation page that names it and says what goes with it, then
//! the delete itself (a form with the session's CSRF token). Nothing is deleted by a GET, so a
//! link followed by mistake, or by a crawler, costs nothing.

use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use minijinja::context;

use maturity_store::{Id, Role};

use super::{FormFields, base, field, merge, page};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::state::AppState;

/// The confirmation: the assessment's subject and date, and how many respondents, answers,
/// observations and evidence files go with it.
pub async fn confirm(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<Id>,
) -> Result<Html<String>, AppError> {
    user.require(Role::Assessor)?;
    let record = state.store.assessment(id).await?.ok_or(AppError::NotFound)?;
    let evidence = state
        .store
        .evidence_for(&record.summary.subject, id)
        .await?
        .iter()
        .filter(|e| e.assessment == Some(id))
        .count();
    let answers: usize = record
        .respondents
        .iter()
        .map(|r| r.answers.len() + r.dora.len())
        .sum();
    page(
        &state,
        "delete.html",
        merge(
            base(&user),
            context! {
                a => super::ser(&record.summary),
                respondents => record.respondents.len(),
                answers => answers,
                observations => record.observations.len(),
                evidence => evidence,
            },
        ),
    )
}

pub async fn delete(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<Id>,
    FormFields(form): FormFields,
) -> Result<Response, AppError> {
    user.may_post(Role::Assessor, field(&form, "csrf"))?;
    state.store.delete_assessment(id).await?;
    tracing::info!(user = ?user.user.name, id, "deleted an assessment");
    Ok(Redirect::to("/assessments").into_response())
}
