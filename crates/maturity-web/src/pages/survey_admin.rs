//! Running the survey of an assessment: inviting respondents, showing a link again (when the
//! server has a link key, `crate::links`), rotating and revoking links, and the assessor's
//! observations per area.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use minijinja::context;

use maturity_store::{Id, Role};

use super::{FormFields, back, base, field, merge, render, required};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::limits;
use crate::links;
use crate::state::{AppState, now};

/// The server's own address as the browser sees it, for links to hand out.
/// Where respondents reach this server: `--public-url`, or for a server used directly (no proxy
/// in front) the address the assessor's browser used. Behind a proxy the Host header says
/// nothing trustworthy, so no link is built from it.
pub(super) fn origin(state: &AppState, headers: &HeaderMap) -> Result<String, AppError> {
    if let Some(url) = &state.config.public_url {
        return Ok(url.clone());
    }
    let proxied = [
        "forwarded",
        "x-forwarded-host",
        "x-forwarded-for",
        "x-forwarded-proto",
    ]
    .iter()
    .any(|name| headers.contains_key(*name));
    if proxied {
        return Err(AppError::Conflict(
            "this server is behind a proxy: start it with --public-url https://… (the address \
             respondents use) so survey links point there"
                .into(),
        ));
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if state.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    Ok(format!("{scheme}://{host}"))
}

pub async fn invite(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<Id>,
    FormFields(form): FormFields,
) -> Result<Response, AppError> {
    user.may_post(Role::Assessor, field(&form, "csrf"))?;
    let name = required(&form, "name", limits::RESPONDENT)?;
    let role = field(&form, "role")
        .filter(|r| !r.is_empty())
        .unwrap_or(maturity_model::response::UNSPECIFIED_ROLE);
    limits::at_most("`role`", role, limits::ROLE).map_err(AppError::BadRequest)?;
    let origin = origin(&state, &headers)?;
    let new = links::new_link(&state)?;
    let respondent = state
        .store
        .create_invitation(id, name, role, &new.hash, now())
        .await?;
    links::remember(&state, id, respondent, &new).await?;
    let link = format!("{origin}/survey/{}", new.token);
    let html = render(
        &state,
        "secret.html",
        merge(
            base(&user),
            context! {
                title => format!("Survey link for {name}"),
                intro => format!("Send this link to the respondent. It opens this assessment's survey and nothing else; revoke it from the assessment page. {}", shown_again(&new)),
                secret => link,
                back => format!("/assessments/{id}"),
            },
        ),
    )?;
    Ok((StatusCode::CREATED, Html(html)).into_response())
}

/// Whether a new link can be shown again, for the page that shows it first.
fn shown_again(link: &links::NewLink) -> &'static str {
    if link.nonce.is_some() {
        "“Show link” on the assessment page shows it again."
    } else {
        "It is shown only now: this server has no link key to show it again (docs/web.md)."
    }
}

/// A respondent's current link again, derived with the server's link key; a link that cannot
/// be derived (made without the key, or before links were kept this way) asks for a rotation.
pub async fn show_link(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path((id, respondent)): Path<(Id, Id)>,
) -> Result<Response, AppError> {
    user.require(Role::Assessor)?;
    let record = state.store.assessment(id).await?.ok_or(AppError::NotFound)?;
    let who = record
        .respondents
        .iter()
        .find(|r| r.id == respondent && r.invited)
        .ok_or(AppError::NotFound)?;
    if who.revoked {
        return Err(AppError::Conflict(format!(
            "{}'s link was revoked: “New link” makes a working one",
            who.name
        )));
    }
    let origin = origin(&state, &headers)?;
    let Some(token) = links::recover(&state, id, respondent).await? else {
        return Err(AppError::Conflict(format!(
            "{}'s link cannot be shown again: it was made before this server kept links it can \
             show again, or with another link key. Rotate it to get a new link (“New link” on the \
             assessment page): the old one stops working and the answers stay.",
            who.name
        )));
    };
    tracing::info!(user = ?user.user.name, id, respondent, "showed a survey link again");
    let html = render(
        &state,
        "secret.html",
        merge(
            base(&user),
            context! {
                title => format!("Survey link for {}", who.name),
                intro => "The respondent's current link. It opens this assessment's survey and nothing else.",
                secret => format!("{origin}/survey/{token}"),
                back => format!("/assessments/{id}"),
            },
        ),
    )?;
    Ok(Html(html).into_response())
}

/// A new link for an invited respondent; the old link stops working and the answers stay.
pub async fn rotate(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path((id, respondent)): Path<(Id, Id)>,
    FormFields(form): FormFields,
) -> Result<Response, AppError> {
    user.may_post(Role::Assessor, field(&form, "csrf"))?;
    let origin = origin(&state, &headers)?;
    let new = links::new_link(&state)?;
    state.store.rotate_invitation(id, respondent, &new.hash).await?;
    links::remember(&state, id, respondent, &new).await?;
    let html = render(
        &state,
        "secret.html",
        merge(
            base(&user),
            context! {
                title => "New survey link",
                intro => format!("Send this link to the respondent: their old link no longer opens the survey, and their answers are kept. {}", shown_again(&new)),
                secret => format!("{origin}/survey/{}", new.token),
                back => format!("/assessments/{id}"),
            },
        ),
    )?;
    Ok(Html(html).into_response())
}

pub async fn revoke(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, respondent)): Path<(Id, Id)>,
    FormFields(form): FormFields,
) -> Result<Response, AppError> {
    user.may_post(Role::Assessor, field(&form, "csrf"))?;
    state.store.revoke_invitation(id, respondent).await?;
    Ok(back(id))
}

/// Checks an observation's area against the assessment's models and its text.
async fn observation_fields<'a>(
    state: &AppState,
    id: Id,
    form: &'a [(String, String)],
) -> Result<(&'a str, &'a str), AppError> {
    let area = required(form, "area", limits::AREA)?;
    let text = required(form, "text", limits::OBSERVATION)?;
    let computed = state.cache.get(state.store.as_ref(), id).await?;
    let known = computed
        .results
        .as_ref()
        .is_ok_and(|r| r.assessment.models.iter().any(|m| m.area(area).is_some()));
    if !known {
        return Err(AppError::BadRequest(format!(
            "`{area}` is not an area of this assessment's models"
        )));
    }
    Ok((area, text))
}

pub async fn add_observation(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<Id>,
    FormFields(form): FormFields,
) -> Result<Response, AppError> {
    user.may_post(Role::Assessor, field(&form, "csrf"))?;
    let (area, text) = observation_fields(&state, id, &form).await?;
    state.store.add_observation(id, area, text).await?;
    Ok(back(id))
}

pub async fn edit_observation(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, observation)): Path<(Id, Id)>,
    FormFields(form): FormFields,
) -> Result<Response, AppError> {
    user.may_post(Role::Assessor, field(&form, "csrf"))?;
    let (area, text) = observation_fields(&state, id, &form).await?;
    state
        .store
        .update_observation(id, observation, area, text)
        .await?;
    Ok(back(id))
}

pub async fn delete_observation(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, observation)): Path<(Id, Id)>,
    FormFields(form): FormFields,
) -> Result<Response, AppError> {
    user.may_post(Role::Assessor, field(&form, "csrf"))?;
    state.store.delete_observation(id, observation).await?;
    Ok(back(id))
}
