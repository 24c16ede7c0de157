//! The respondent's survey, opened by an invitation's link. The token in the path is the
//! only credential: it opens this one assessment's survey and nothing else, an unknown or
//! revoked token answers 404, and the token itself is never stored (only its hash).
//!
//! The survey is split into short pages; each button saves the page before moving, so
//! answers survive a closed tab, and plain HTML forms mean it works without JavaScript. The
//! last page is the DORA Quick Check (`quick_check`), after the models' pages.

use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;

use maturity_model::{Criterion, LEVELS, Model};
use maturity_store::{AnswerRecord, Invitation};

use crate::auth;
use crate::error::AppError;
use crate::limits::COMMENT;
use crate::pages::{Fields, FormFields, field, render};
use crate::quick_check;
use crate::state::{AppState, now};

/// Pages hold whole areas of one model and at least this many criteria where the model has them.
const PAGE_CRITERIA: usize = 4;
struct SurveyPage<'a> {
    title: String,
    criteria: Vec<&'a Criterion>,
}

fn pages(models: &[Model]) -> Vec<SurveyPage<'_>> {
    let mut pages = Vec::new();
    for model in models {
        let mut current: Option<SurveyPage> = None;
        for area in &model.areas {
            let page = current.get_or_insert_with(|| SurveyPage {
                title: format!("{}: {}", model.name, area.name),
                criteria: Vec::new(),
            });
            if !page.criteria.is_empty() && !page.title.ends_with('…') {
                page.title.push_str(" …");
            }
            page.criteria.extend(area.criteria.iter());
            if page.criteria.len() >= PAGE_CRITERIA {
                pages.extend(current.take());
            }
        }
        pages.extend(current.take());
    }
    pages
}

async fn invitation(state: &AppState, token: &str) -> Result<Invitation, AppError> {
    // A token of the wrong shape is not looked up at all.
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    match state.store.invitation_by_token(&auth::token_hash(token)).await? {
        Some(i) if !i.revoked => Ok(i),
        _ => Err(AppError::NotFound),
    }
}

#[derive(Deserialize)]
pub struct SurveyQuery {
    page: Option<usize>,
    saved: Option<u8>,
    finished: Option<u8>,
}

pub async fn show(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(q): Query<SurveyQuery>,
) -> Result<Html<String>, AppError> {
    let invitation = invitation(&state, &token).await?;
    let models = state
        .cache
        .models(state.store.as_ref(), invitation.assessment)
        .await?;
    let pages = pages(&models);
    // The Quick Check's page comes after the models' pages.
    let quick = pages.len();
    let page = q.page.unwrap_or(0).min(quick);
    let answers = state.store.answers(invitation.respondent).await?;
    let dora = state.store.dora_answers(invitation.respondent).await?;
    let answer = |id: &str| answers.iter().find(|a| a.criterion == id);
    let mut nav: Vec<_> = pages
        .iter()
        .map(|p| {
            let done = p.criteria.iter().filter(|c| answer(&c.id).is_some()).count();
            context! { title => &p.title, done => done, total => p.criteria.len() }
        })
        .collect();
    let questions = quick_check::questions(&dora);
    // "Don't know" is an answer: a criterion counts once it has any stored answer.
    let answered = pages
        .iter()
        .flat_map(|p| &p.criteria)
        .filter(|c| answer(&c.id).is_some())
        .count()
        + dora.len();
    let total = pages.iter().map(|p| p.criteria.len()).sum::<usize>() + questions.len();
    nav.push(context! { title => quick_check::TITLE, done => dora.len(), total => questions.len() });
    let criteria: Vec<_> = pages
        .get(page)
        .map(|p| p.criteria.clone())
        .unwrap_or_default()
        .into_iter()
        .map(|c| {
            let a = answer(&c.id);
            context! {
                id => &c.id, name => &c.name, question => &c.question, levels => &c.levels,
                level => a.and_then(|a| a.level),
                dont_know => a.is_some_and(|a| a.level.is_none()),
                comment => a.and_then(|a| a.comment.clone()),
            }
        })
        .collect();
    // What the first page tells the respondent about who sees their answers.
    let report = state
        .cache
        .get(state.store.as_ref(), invitation.assessment)
        .await?
        .results
        .as_ref()
        .map(|r| r.assessment.config.report.clone())
        .unwrap_or_default();
    let privacy = context! {
        anonymous => report.anonymous,
        min_group => report.min_group.unwrap_or(maturity_model::assessment::DEFAULT_MIN_GROUP),
        role => &invitation.role,
    };
    let html = render(
        &state,
        "survey.html",
        context! {
            subject => &invitation.subject, name => &invitation.name, token => &token,
            csrf => auth::csrf_for("survey", &token), closed => invitation.closed,
            pages => nav, page => page, criteria => criteria, answered => answered, total => total,
            dora => (page == quick).then_some(questions),
            saved => q.saved.is_some(), finished => q.finished.is_some(), privacy => privacy,
        },
    )?;
    Ok(Html(html))
}

/// The answers a submitted page holds, checked against the page's criteria.
fn parse_answers(form: &Fields, criteria: &[&Criterion]) -> Result<Vec<AnswerRecord>, AppError> {
    let mut answers = Vec::new();
    for c in criteria {
        let level = field(form, &format!("level:{}", c.id)).unwrap_or("");
        let comment = field(form, &format!("comment:{}", c.id)).filter(|t| !t.is_empty());
        if comment.is_some_and(|t| t.chars().count() > COMMENT) {
            return Err(AppError::BadRequest(format!(
                "a comment is longer than {COMMENT} characters"
            )));
        }
        let level = match level {
            "" if comment.is_none() => continue,
            "" | "dk" => None,
            n => match n.parse::<u8>() {
                Ok(l) if (1..=LEVELS).contains(&l) => Some(l),
                _ => return Err(AppError::BadRequest(format!("`{n}` is not a level of {}", c.id))),
            },
        };
        answers.push(AnswerRecord {
            criterion: c.id.clone(),
            level,
            comment: comment.map(str::to_string),
        });
    }
    // A field for a criterion not on this page is someone else's form, or a forgery.
    let known = |id: &str| criteria.iter().any(|c| c.id == id);
    for (key, _) in form {
        let id = key
            .strip_prefix("level:")
            .or_else(|| key.strip_prefix("comment:"));
        if let Some(id) = id.filter(|id| !known(id)) {
            return Err(AppError::BadRequest(format!(
                "`{id}` is not a question of this page"
            )));
        }
    }
    Ok(answers)
}

pub async fn save(
    State(state): State<AppState>,
    Path(token): Path<String>,
    FormFields(form): FormFields,
) -> Result<Response, AppError> {
    let invitation = invitation(&state, &token).await?;
    let expected = auth::csrf_for("survey", &token);
    if !field(&form, "csrf").is_some_and(|t| auth::same(t, &expected)) {
        return Err(AppError::Csrf);
    }
    let models = state
        .cache
        .models(state.store.as_ref(), invitation.assessment)
        .await?;
    let pages = pages(&models);
    // The Quick Check's page, after the models' pages, is the last.
    let last = pages.len();
    let page: usize = field(&form, "page")
        .and_then(|p| p.parse().ok())
        .filter(|p| *p <= last)
        .ok_or_else(|| AppError::BadRequest("the page is missing".into()))?;
    match pages.get(page) {
        Some(criteria_page) => {
            let answers = parse_answers(&form, &criteria_page.criteria)?;
            state
                .store
                .save_answers(invitation.respondent, &answers, now())
                .await?;
        }
        None => {
            let answers = quick_check::parse(&form)?;
            state
                .store
                .save_dora_answers(invitation.respondent, &answers, now())
                .await?;
        }
    }
    // A page of the list at the top (`goto`), or one of the buttons below the questions (`go`).
    let goto = field(&form, "goto").and_then(|p| p.parse::<usize>().ok());
    let target = match (goto, field(&form, "go")) {
        (Some(to), _) => format!("?page={}&saved=1", to.min(last)),
        (None, Some("next")) => format!("?page={}&saved=1", (page + 1).min(last)),
        (None, Some("prev")) => format!("?page={}&saved=1", page.saturating_sub(1)),
        (None, Some("done")) => format!("?page={page}&finished=1"),
        _ => format!("?page={page}&saved=1"),
    };
    Ok(Redirect::to(&format!("/survey/{token}{target}")).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use maturity_model::ModelSet;

    #[test]
    fn pages_hold_whole_areas_of_one_model() {
        let set = ModelSet::builtin();
        let models: Vec<Model> = ["devops", "automation", "testing"]
            .iter()
            .map(|id| set.get(id).expect("builtin").clone())
            .collect();
        let sizes: Vec<usize> = pages(&models).iter().map(|p| p.criteria.len()).collect();
        assert_eq!(sizes, [4, 3, 4, 4, 4, 4, 4, 5]);
        let total: usize = models.iter().map(|m| m.criteria().count()).sum();
        assert_eq!(sizes.iter().sum::<usize>(), total);
    }

    #[test]
    fn answers_are_checked() {
        let set = ModelSet::builtin();
        let testing = set.get("testing").expect("builtin");
        let criteria: Vec<&Criterion> = testing.criteria().collect();
        let form = |pairs: &[(&str, &str)]| -> Fields {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect()
        };
        let ok = parse_answers(
            &form(&[
                ("level:testing.unit", "3"),
                ("comment:testing.unit", " fine "),
                ("level:testing.integration", "dk"),
                ("comment:testing.system", "no idea"),
                ("comment:testing.security", ""),
            ]),
            &criteria,
        )
        .expect("valid");
        let got: Vec<_> = ok
            .iter()
            .map(|a| (a.criterion.as_str(), a.level, a.comment.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("testing.unit", Some(3), Some("fine")),
                ("testing.integration", None, None),
                ("testing.system", None, Some("no idea")),
            ]
        );
        for bad in [
            vec![("level:testing.unit", "5")],
            vec![("level:testing.unit", "x")],
            vec![("level:devops.leadership", "2")],
        ] {
            assert!(parse_answers(&form(&bad), &criteria).is_err(), "{bad:?}");
        }
    }
}
