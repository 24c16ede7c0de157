//! Evidence an assessor uploads from the assessment page: a saved result of any evidence
//! source, stored like evidence CI pushes through the API and scored with the assessment.

use axum::extract::{Multipart, Path, State};
use axum::response::Response;

use maturity_sources::{kinds_in_words, source_of_kind};
use maturity_store::{Id, NewEvidence, Role};

use super::{back, field, read_multipart};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::state::{AppState, now};

pub async fn upload_evidence(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<Id>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    user.require(Role::Assessor)?;
    let (fields, files) = read_multipart(multipart).await?;
    user.check_csrf(field(&fields, "csrf"))?;
    let Some(source) = field(&fields, "kind").and_then(source_of_kind) else {
        return Err(AppError::BadRequest(format!("kind must be {}", kinds_in_words())));
    };
    let [file] = files.as_slice() else {
        return Err(AppError::BadRequest("choose one JSON file".into()));
    };
    let body = crate::api::evidence_text(source, &file.bytes)
        .map_err(|e| AppError::BadRequest(format!("{}: {e}", file.name)))?;
    let record = state.store.assessment(id).await?.ok_or(AppError::NotFound)?;
    crate::limits::within_quota(&state, &record.summary.subject, Some(id), body.len()).await?;
    state
        .store
        .add_evidence(
            &NewEvidence {
                subject: record.summary.subject,
                assessment: Some(id),
                kind: source.kind().to_string(),
                name: file.name.clone(),
                source: "upload".into(),
                body,
            },
            now(),
        )
        .await?;
    Ok(back(id))
}
