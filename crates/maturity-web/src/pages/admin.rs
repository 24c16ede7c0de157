//! The admin's page: users (added with a password, deleted with their sessions), groups of
//! subjects and the accounts limited to them (their forms in `groups.rs`), and the API tokens
//! CI uses, each scoped to one subject and shown once.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use minijinja::context;

use maturity_store::{Id, Role};

use super::{FormFields, base, field, merge, page, render, required, ser};
use crate::auth::{self, CurrentUser};
use crate::error::AppError;
use crate::state::{AppState, now};

pub async fn admin(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    user.require(Role::Admin)?;
    let users = state.store.list_users().await?;
    let tokens = state.store.list_api_tokens().await?;
    let mut subjects = state.subjects().await?;
    let groups = state.store.list_groups().await?;
    let subject_groups = state.store.subject_groups().await?;
    // A subject may be grouped before its first assessment.
    subjects.extend(subject_groups.keys().cloned());
    subjects.sort();
    subjects.dedup();
    let user_groups: std::collections::BTreeMap<String, Vec<String>> = users
        .iter()
        .map(|u| {
            let of = groups
                .iter()
                .filter(|g| g.users.contains(&u.name))
                .map(|g| g.name.clone())
                .collect();
            (u.name.clone(), of)
        })
        .collect();
    page(
        &state,
        "admin.html",
        merge(
            base(&user),
            context! {
                users => ser(&users), tokens => ser(tokens), subjects => subjects,
                groups => ser(&groups), subject_groups => subject_groups, user_groups => user_groups,
                roles => Role::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
                min_password => auth::MIN_PASSWORD,
            },
        ),
    )
}

pub async fn add_user(
    State(state): State<AppState>,
    user: CurrentUser,
    FormFields(form): FormFields,
) -> Result<Response, AppError> {
    user.may_post(Role::Admin, field(&form, "csrf"))?;
    let name = required(&form, "name", 100)?.to_string();
    let role: Role = required(&form, "role", 20)?
        .parse()
        .map_err(AppError::BadRequest)?;
    let password = form
        .iter()
        .find(|(k, _)| k == "password")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    auth::check_password_length(&password).map_err(AppError::BadRequest)?;
    let groups = super::groups::chosen(&form)?;
    // Checked before the account exists, so a bad group never leaves an unlimited account.
    let known: Vec<String> = state
        .store
        .list_groups()
        .await?
        .into_iter()
        .map(|g| g.name)
        .collect();
    if let Some(unknown) = groups.iter().find(|g| !known.contains(g)) {
        return Err(maturity_store::StoreError::UnknownGroup(unknown.clone()).into());
    }
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))??;
    let id = state.store.create_user(&name, role, &hash, now()).await?;
    state.store.set_user_groups(id, &groups).await?;
    tracing::info!(admin = ?user.user.name, user = ?name, %role, ?groups, "added a user");
    Ok(Redirect::to("/admin").into_response())
}

pub async fn delete_user(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<Id>,
    FormFields(form): FormFields,
) -> Result<Response, AppError> {
    user.may_post(Role::Admin, field(&form, "csrf"))?;
    if id == user.user.id {
        return Err(AppError::BadRequest("you cannot delete yourself".into()));
    }
    state.store.delete_user(id).await?;
    Ok(Redirect::to("/admin").into_response())
}

pub async fn add_token(
    State(state): State<AppState>,
    user: CurrentUser,
    FormFields(form): FormFields,
) -> Result<Response, AppError> {
    user.may_post(Role::Admin, field(&form, "csrf"))?;
    let name = required(&form, "name", 100)?;
    let subject = required(&form, "subject", 200)?;
    let (token, hash) = auth::new_api_token()?;
    state.store.create_api_token(name, subject, &hash, now()).await?;
    tracing::info!(admin = ?user.user.name, token = ?name, ?subject, "created an API token");
    let html = render(
        &state,
        "secret.html",
        merge(
            base(&user),
            context! {
                title => format!("API token {name}"),
                intro => format!("This token pushes and reads results for the subject “{subject}”. Give it to CI as a secret: send it as `Authorization: Bearer <token>`."),
                secret => token,
                back => "/admin",
            },
        ),
    )?;
    Ok((StatusCode::CREATED, Html(html)).into_response())
}

pub async fn revoke_token(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<Id>,
    FormFields(form): FormFields,
) -> Result<Response, AppError> {
    user.may_post(Role::Admin, field(&form, "csrf"))?;
    state.store.revoke_api_token(id).await?;
    Ok(Redirect::to("/admin").into_response())
}
