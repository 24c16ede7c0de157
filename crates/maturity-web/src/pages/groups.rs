//! The admin's forms for groups of subjects: adding and deleting a group, setting a subject's
//! groups and the groups an account is limited to. They show on the admin page (`admin.rs`).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use maturity_store::{Id, Role};

use super::{FormFields, field, required};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::groups::{group_name, group_names};
use crate::limits;
use crate::state::{AppState, now};

/// The `group` fields of a form (checkboxes), checked.
pub fn chosen(form: &[(String, String)]) -> Result<Vec<String>, AppError> {
    group_names(form.iter().filter(|(k, _)| k == "group").map(|(_, v)| v.as_str()))
}

pub async fn add_group(
    State(state): State<AppState>,
    user: CurrentUser,
    FormFields(form): FormFields,
) -> Result<Response, AppError> {
    user.may_post(Role::Admin, field(&form, "csrf"))?;
    let name = group_name(field(&form, "name").unwrap_or("")).map_err(AppError::BadRequest)?;
    state.store.create_group(&name, now()).await?;
    tracing::info!(admin = ?user.user.name, group = ?name, "added a group");
    Ok(Redirect::to("/admin#groups").into_response())
}

pub async fn delete_group(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<Id>,
    FormFields(form): FormFields,
) -> Result<Response, AppError> {
    user.may_post(Role::Admin, field(&form, "csrf"))?;
    let group = state
        .store
        .list_groups()
        .await?
        .into_iter()
        .find(|g| g.id == id)
        .ok_or(AppError::NotFound)?;
    state.store.delete_group(&group.name).await?;
    tracing::info!(admin = ?user.user.name, group = ?group.name, "deleted a group");
    Ok(Redirect::to("/admin#groups").into_response())
}

pub async fn set_subject_groups(
    State(state): State<AppState>,
    user: CurrentUser,
    FormFields(form): FormFields,
) -> Result<Response, AppError> {
    user.may_post(Role::Admin, field(&form, "csrf"))?;
    let subject = required(&form, "subject", limits::SUBJECT)?;
    let groups = chosen(&form)?;
    state.store.set_subject_groups(subject, &groups).await?;
    tracing::info!(admin = ?user.user.name, ?subject, ?groups, "set a subject's groups");
    Ok(Redirect::to("/admin#groups").into_response())
}

pub async fn set_user_groups(
    State(state): State<AppState>,
    user: CurrentUser,
    FormFields(form): FormFields,
) -> Result<Response, AppError> {
    user.may_post(Role::Admin, field(&form, "csrf"))?;
    let name = required(&form, "user", 100)?;
    let account = state
        .store
        .user_by_name(name)
        .await?
        .ok_or_else(|| AppError::BadRequest(format!("there is no user `{name}`")))?;
    let groups = chosen(&form)?;
    state.store.set_user_groups(account.id, &groups).await?;
    tracing::info!(admin = ?user.user.name, user = ?name, ?groups, "set the groups an account is limited to");
    Ok(Redirect::to("/admin#groups").into_response())
}
