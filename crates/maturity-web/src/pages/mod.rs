//! The assessor's pages, one module per family of pages; this module holds what they share:
//! reading forms (fields, required values, multipart uploads), rendering templates with the
//! logged-in user's context, and the redirect back to an assessment.
//!
//! Every handler that changes something takes the logged-in user, checks their role and the
//! form's CSRF token, and answers with a redirect (post/redirect/get) so a reload never posts
//! twice.

pub mod admin;
pub mod assessments;
pub mod bulk;
pub mod delete;
pub mod evidence;
pub mod groups;
pub mod history;
pub mod login;
pub mod portfolio;
pub mod public;
pub mod survey_admin;

use axum::Form;
use axum::extract::{FromRequest, Multipart, Request};
use axum::response::{Html, IntoResponse, Redirect, Response};
use minijinja::context;
use minijinja::value::{Serde, Value};
use serde::Serialize;

use maturity_store::Id;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::import::Upload;
use crate::state::AppState;

/// A submitted form's fields in their order (a field may repeat, like `model`).
pub type Fields = Vec<(String, String)>;

/// The most fields one form may carry. The largest form, a survey page of a big custom model,
/// has a few hundred; more is a flood that every check of the form would have to wade through.
pub const MAX_FIELDS: usize = 2000;

/// A submitted URL-encoded form of at most [`MAX_FIELDS`] fields (413 beyond), in order.
pub struct FormFields(pub Fields);

impl<S: Send + Sync> FromRequest<S> for FormFields {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Response> {
        let Form(fields) = Form::<Fields>::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        within_field_limit(fields.len()).map_err(IntoResponse::into_response)?;
        Ok(FormFields(fields))
    }
}

/// A 413 that says so when a form has more than [`MAX_FIELDS`] fields (or multipart parts).
fn within_field_limit(count: usize) -> Result<(), AppError> {
    if count > MAX_FIELDS {
        return Err(AppError::OverLimit(format!(
            "the form has {count} fields and may have at most {MAX_FIELDS}"
        )));
    }
    Ok(())
}

/// The value of a form field, trimmed.
pub fn field<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim())
}

/// A required, non-empty form field of at most `max` characters.
fn required<'a>(form: &'a [(String, String)], name: &str, max: usize) -> Result<&'a str, AppError> {
    let value = field(form, name).unwrap_or("");
    if value.is_empty() {
        return Err(AppError::BadRequest(format!("`{name}` is required")));
    }
    if value.chars().count() > max {
        return Err(AppError::BadRequest(format!(
            "`{name}` is longer than {max} characters"
        )));
    }
    Ok(value)
}

/// A serde value for a template.
fn ser<T: Serialize>(value: T) -> Value {
    Value::from(Serde(value))
}

/// Renders a template (the survey renders its own, outside the logged-in layout).
pub fn render(state: &AppState, name: &str, ctx: Value) -> Result<String, AppError> {
    Ok(state.templates.get_template(name)?.render(ctx)?)
}

/// Renders a page.
fn page(state: &AppState, name: &str, ctx: Value) -> Result<Html<String>, AppError> {
    render(state, name, ctx).map(Html)
}

/// A Unix time as readers expect it.
fn when(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

/// What the layout of every logged-in page needs: the user, for the menu, and the session's
/// CSRF token, for the log-out form and the page's own forms.
fn base(user: &CurrentUser) -> Value {
    context! { user => ser(&user.user), csrf => &user.csrf }
}

/// One template context of two; `b` wins where both have a key.
fn merge(a: Value, b: Value) -> Value {
    context! { ..a, ..b }
}

/// After a change made on an assessment's page, back to that page.
fn back(id: Id) -> Response {
    Redirect::to(&format!("/assessments/{id}")).into_response()
}

/// The text fields and files of a multipart form.
async fn read_multipart(mut multipart: Multipart) -> Result<(Fields, Vec<Upload>), AppError> {
    let mut fields = Vec::new();
    let mut files = Vec::new();
    let bad = |e: axum::extract::multipart::MultipartError| {
        AppError::BadRequest(format!("bad upload: {}", e.body_text()))
    };
    while let Some(part) = multipart.next_field().await.map_err(bad)? {
        within_field_limit(fields.len() + files.len() + 1)?;
        let name = part.name().unwrap_or("").to_string();
        match part.file_name().map(str::to_string) {
            Some(file_name) => {
                let bytes = part.bytes().await.map_err(bad)?;
                if !file_name.is_empty() {
                    files.push(Upload {
                        name: file_name,
                        bytes: bytes.to_vec(),
                    });
                }
            }
            None => fields.push((name, part.text().await.map_err(bad)?)),
        }
    }
    Ok((fields, files))
}
