//! The assessor's pages: log-in, the list of assessments, creating and importing one, live
//! results, invitations, observations, evidence, downloads, history and comparison, and the
//! admin page of users and API tokens.
//!
//! Every handler that changes something takes the logged-in user, checks their role and the
//! form's CSRF token, and answers with a redirect (post/redirect/get) so a reload never posts
//! twice.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use minijinja::context;
use minijinja::value::{Serde, Value};
use serde::{Deserialize, Serialize};

use maturity_model::assessment::{AssessmentConfig, ConfigFile, Sources};
use maturity_model::export::{config_toml, slug};
use maturity_model::{Assessment, ModelSet};
use maturity_report::Format;
use maturity_store::{AssessmentSummary, Id, NewEvidence, Role};

use crate::auth::{self, CurrentUser};
use crate::error::AppError;
use crate::import::{self, Upload};
use crate::results::{Computed, counts};
use crate::{AppState, now};

pub type Fields = Vec<(String, String)>;

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
pub fn ser<T: Serialize>(value: T) -> Value {
    Value::from(Serde(value))
}

pub fn render(state: &AppState, name: &str, ctx: Value) -> Result<String, AppError> {
    Ok(state.templates.get_template(name)?.render(ctx)?)
}

fn page(state: &AppState, name: &str, ctx: Value) -> Result<Html<String>, AppError> {
    render(state, name, ctx).map(Html)
}

/// A Unix time as readers expect it.
pub fn when(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds)
        .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

pub async fn home() -> Redirect {
    Redirect::to("/assessments")
}

pub async fn healthz(State(state): State<AppState>) -> Response {
    crate::health_response(state.store.health().await.is_ok())
}

pub async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/style.css"),
    )
        .into_response()
}

// ---------------------------------------------------------------------------------------------
// Log-in and log-out.

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// Only a local path is a safe place to go after log-in.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/assessments".to_string(),
    }
}

fn login_page(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    next: &str,
    name: &str,
    error: Option<&str>,
) -> Result<Response, AppError> {
    // The log-in form is protected by a nonce cookie it must echo (a log-in CSRF guard).
    let existing = auth::cookie(headers, auth::LOGIN_COOKIE)
        .filter(|n| n.len() == 64)
        .map(str::to_string);
    let nonce = match existing.clone() {
        Some(n) => n,
        None => auth::random_token()?,
    };
    let html = render(
        state,
        "login.html",
        context! { login_csrf => auth::csrf_for("login", &nonce), next => next, name => name, error => error },
    )?;
    let mut response = (status, Html(html)).into_response();
    if existing.is_none() {
        let cookie = auth::set_cookie(
            auth::LOGIN_COOKIE,
            &nonce,
            3600,
            "Strict",
            state.config.secure_cookies,
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    Ok(response)
}

pub async fn login_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<NextQuery>,
) -> Result<Response, AppError> {
    login_page(
        &state,
        &headers,
        StatusCode::OK,
        &safe_next(q.next.as_deref()),
        "",
        None,
    )
}

/// The client address, when the server knows it (tests drive the app without a socket).
fn client(connect: Option<Extension<ConnectInfo<SocketAddr>>>) -> String {
    connect.map_or_else(
        || "unknown".to_string(),
        |Extension(ConnectInfo(a))| a.ip().to_string(),
    )
}

pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    let next = safe_next(field(&form, "next"));
    let nonce = auth::cookie(&headers, auth::LOGIN_COOKIE).unwrap_or("");
    let expected = auth::csrf_for("login", nonce);
    if nonce.is_empty() || !field(&form, "csrf").is_some_and(|t| auth::same(t, &expected)) {
        return Err(AppError::Csrf);
    }
    let name = field(&form, "name").unwrap_or("").to_string();
    let password = form
        .iter()
        .find(|(k, _)| k == "password")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let t = now();
    let since = t - auth::FAILURE_WINDOW;
    let name_key = format!("user:{}", name.to_lowercase());
    let address_key = format!("address:{}", client(connect));
    let store = &state.store;
    if store.login_failures(&name_key, since).await? >= auth::MAX_FAILURES_PER_NAME
        || store.login_failures(&address_key, since).await? >= auth::MAX_FAILURES_PER_ADDRESS
    {
        tracing::warn!(user = %name, "log-in refused: too many failures");
        return Err(AppError::TooManyRequests);
    }
    let user = store.user_by_name(&name).await?;
    let hash = user
        .as_ref()
        .map_or_else(|| auth::DUMMY_HASH.to_string(), |u| u.password_hash.clone());
    let ok = tokio::task::spawn_blocking(move || auth::verify_password(&password, &hash))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let Some(user) = user.filter(|_| ok) else {
        store.record_login_failure(&name_key, t, since).await?;
        store.record_login_failure(&address_key, t, since).await?;
        tracing::info!(user = %name, "failed log-in");
        return login_page(
            &state,
            &headers,
            StatusCode::UNAUTHORIZED,
            &next,
            &name,
            Some("Wrong user name or password."),
        );
    };
    store.clear_login_failures(&name_key).await?;
    let session = auth::random_token()?;
    store
        .create_session(&auth::token_hash(&session), user.id, t, t + auth::SESSION_SECONDS)
        .await?;
    tracing::info!(user = %user.name, "logged in");
    let cookie = auth::set_cookie(
        auth::SESSION_COOKIE,
        &session,
        auth::SESSION_SECONDS,
        "Lax",
        state.config.secure_cookies,
    );
    let mut response = Redirect::to(&next).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

pub async fn logout(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    user.check_csrf(field(&form, "csrf"))?;
    state.store.delete_session(&user.session_hash).await?;
    let cookie = auth::set_cookie(auth::SESSION_COOKIE, "", 0, "Lax", state.config.secure_cookies);
    let mut response = Redirect::to("/login").into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

// ---------------------------------------------------------------------------------------------
// The list, creating and importing.

fn base(user: &CurrentUser) -> Value {
    context! { user => ser(&user.user), csrf => &user.csrf }
}

fn merge(a: Value, b: Value) -> Value {
    context! { ..a, ..b }
}

pub async fn list(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    let assessments = state.store.list_assessments().await?;
    page(
        &state,
        "assessments.html",
        merge(
            base(&user),
            context! { assessments => ser(assessments), may_write => user.user.role >= Role::Assessor },
        ),
    )
}

#[derive(Serialize, Default)]
struct NewForm {
    subject: String,
    date: String,
    assessor: String,
}

fn new_page(
    state: &AppState,
    user: &CurrentUser,
    form: &NewForm,
    error: Option<&str>,
) -> Result<String, AppError> {
    let set = ModelSet::builtin();
    let models: Vec<Value> = set
        .models()
        .iter()
        .map(|m| context! { id => &m.id, name => &m.name })
        .collect();
    let benchmarks: Vec<Value> = maturity_model::benchmark::builtin_benchmarks(&set)
        .iter()
        .map(|b| context! { id => &b.id, name => &b.name })
        .collect();
    render(
        state,
        "new.html",
        merge(
            base(user),
            context! { models => models, benchmarks => benchmarks, form => ser(form), error => error },
        ),
    )
}

pub async fn new_form(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    user.require(Role::Assessor)?;
    new_page(&state, &user, &NewForm::default(), None).map(Html)
}

pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    user.may_post(Role::Assessor, field(&form, "csrf"))?;
    let text = |name| field(&form, name).filter(|v| !v.is_empty()).map(str::to_string);
    let models: Vec<String> = form
        .iter()
        .filter(|(k, _)| k == "model")
        .map(|(_, v)| v.clone())
        .collect();
    let config = AssessmentConfig {
        subject: required(&form, "subject", 200)?.to_string(),
        date: text("date"),
        assessor: text("assessor"),
        models,
        benchmark: text("benchmark"),
        observations: Vec::new(),
        evidence: Default::default(),
        roadmap: Default::default(),
    };
    // The CLI's own checks decide what is valid: unknown models, bad dates, no models.
    let checked = ConfigFile::parse("maturity.toml", &config_toml(&config, &[], &[])).and_then(|c| {
        Assessment::assemble(Sources {
            config: c,
            model_files: Vec::new(),
            benchmark_files: Vec::new(),
            responses: Vec::new(),
        })
    });
    let assessment = match checked {
        Ok(a) => a,
        Err(e) => {
            let form = NewForm {
                subject: config.subject.clone(),
                date: config.date.clone().unwrap_or_default(),
                assessor: config.assessor.clone().unwrap_or_default(),
            };
            let html = new_page(&state, &user, &form, Some(&e.to_string()))?;
            return Ok((StatusCode::BAD_REQUEST, Html(html)).into_response());
        }
    };
    let id = state
        .store
        .create_assessment(&import::to_new(&assessment), now())
        .await?;
    tracing::info!(user = %user.user.name, id, "created an assessment");
    Ok(Redirect::to(&format!("/assessments/{id}")).into_response())
}

pub async fn import_form(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    user.require(Role::Assessor)?;
    page(&state, "import.html", base(&user))
}

/// The text fields and files of a multipart form.
async fn read_multipart(mut multipart: Multipart) -> Result<(Fields, Vec<Upload>), AppError> {
    let mut fields = Vec::new();
    let mut files = Vec::new();
    let bad = |e: axum::extract::multipart::MultipartError| {
        AppError::BadRequest(format!("bad upload: {}", e.body_text()))
    };
    while let Some(part) = multipart.next_field().await.map_err(bad)? {
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

pub async fn import(
    State(state): State<AppState>,
    user: CurrentUser,
    multipart: Multipart,
) -> Result<Response, AppError> {
    user.require(Role::Assessor)?;
    let (fields, files) = read_multipart(multipart).await?;
    user.check_csrf(field(&fields, "csrf"))?;
    match import::from_uploads(files) {
        Ok((_, new)) => {
            let id = state.store.create_assessment(&new, now()).await?;
            tracing::info!(user = %user.user.name, id, "imported an assessment");
            Ok(Redirect::to(&format!("/assessments/{id}")).into_response())
        }
        Err(e) => {
            let html = render(
                &state,
                "import.html",
                merge(base(&user), context! { problems => e.0 }),
            )?;
            Ok((StatusCode::BAD_REQUEST, Html(html)).into_response())
        }
    }
}

// ---------------------------------------------------------------------------------------------
// One assessment.

/// The cached fragment of results, rendered once per revision.
fn results_fragment(state: &AppState, computed: &Computed) -> Result<String, AppError> {
    if let Some(html) = computed.fragments.get() {
        return Ok(html.clone());
    }
    let html = match &computed.results {
        Ok(results) => {
            let report = &results.report;
            let mut names = BTreeMap::new();
            for m in &report.models {
                for a in &m.areas {
                    for c in &a.criteria {
                        names.insert(c.id.clone(), c.name.clone());
                    }
                }
            }
            let bars: Vec<maturity_report::svg::Bar> = report
                .models
                .iter()
                .map(|m| maturity_report::svg::Bar {
                    label: &m.name,
                    value: m.score,
                    reference: m.benchmark.as_ref().map(|b| b.score),
                })
                .collect();
            let chart = maturity_report::svg::bars("Model scores", &bars);
            render(
                state,
                "results.html",
                context! {
                    report => ser(report),
                    names => names,
                    summary_chart => Value::from_safe_string(chart),
                },
            )?
        }
        Err(_) => String::new(),
    };
    Ok(computed.fragments.get_or_init(|| html).clone())
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<Id>,
) -> Result<Html<String>, AppError> {
    let computed = state.cache.get(state.store.as_ref(), id).await?;
    let fragment = results_fragment(&state, &computed)?;
    let record = &computed.record;
    let models = computed
        .results
        .as_ref()
        .map(|r| r.assessment.models.clone())
        .unwrap_or_default();
    let criteria_count: usize = models.iter().map(|m| m.criteria().count()).sum();
    let area_name = |id: &str| {
        models
            .iter()
            .find_map(|m| m.area(id).map(|a| a.name.clone()))
            .unwrap_or_else(|| id.to_string())
    };
    let respondents: Vec<Value> = record
        .respondents
        .iter()
        .map(|r| {
            let answered = r
                .answers
                .iter()
                .filter(|a| a.level.is_some() || a.comment.is_some())
                .count();
            context! {
                id => r.id, name => &r.name, role => &r.role, invited => r.invited, revoked => r.revoked,
                answered => answered, answered_at => r.answered_at.filter(|_| counts(r)).map(when),
            }
        })
        .collect();
    let observations: Vec<Value> = record
        .observations
        .iter()
        .map(|o| context! { id => o.id, area => &o.area, area_name => area_name(&o.area), text => &o.text })
        .collect();
    let areas: Vec<Value> = models
        .iter()
        .flat_map(|m| {
            m.areas
                .iter()
                .map(move |a| context! { id => &a.id, name => &a.name, model => &m.name })
        })
        .collect();
    let evidence: Vec<Value> = computed
        .evidence
        .iter()
        .map(|e| {
            context! { kind => &e.kind, name => &e.name, source => &e.source, size => format!("{} bytes", e.body.len()), added => when(e.created_at) }
        })
        .collect();
    page(
        &state,
        "assessment.html",
        merge(
            base(&user),
            context! {
                a => ser(&record.summary),
                results_html => fragment,
                problems => computed.results.as_ref().err(),
                respondents => respondents,
                criteria_count => criteria_count,
                observations => observations,
                areas => areas,
                evidence => evidence,
                may_write => user.user.role >= Role::Assessor,
            },
        ),
    )
}

async fn download(state: &AppState, id: Id, format: Format) -> Result<Response, AppError> {
    let computed = state.cache.get(state.store.as_ref(), id).await?;
    let results = computed
        .results
        .as_ref()
        .map_err(|e| AppError::Conflict(format!("the assessment does not assemble: {e}")))?;
    let text = results.download(format)?.to_string();
    let (content_type, extension) = match format {
        Format::Html => ("text/html; charset=utf-8", "html"),
        Format::Markdown => ("text/markdown; charset=utf-8", "md"),
        Format::Json => ("application/json", "json"),
    };
    let file = format!("{}-report.{extension}", slug(&computed.record.summary.subject));
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        text,
    )
        .into_response())
}

pub async fn report_html(
    State(s): State<AppState>,
    _u: CurrentUser,
    Path(id): Path<Id>,
) -> Result<Response, AppError> {
    download(&s, id, Format::Html).await
}

pub async fn report_md(
    State(s): State<AppState>,
    _u: CurrentUser,
    Path(id): Path<Id>,
) -> Result<Response, AppError> {
    download(&s, id, Format::Markdown).await
}

pub async fn report_json(
    State(s): State<AppState>,
    _u: CurrentUser,
    Path(id): Path<Id>,
) -> Result<Response, AppError> {
    download(&s, id, Format::Json).await
}

pub async fn export(
    State(state): State<AppState>,
    _user: CurrentUser,
    Path(id): Path<Id>,
) -> Result<Response, AppError> {
    let computed = state.cache.get(state.store.as_ref(), id).await?;
    let folder = slug(&computed.record.summary.subject);
    let tar = import::tar_of(
        &folder,
        &crate::results::files(&computed.record, &crate::results::usable(&computed.evidence)),
    )
    .map_err(|e| AppError::Internal(format!("tar: {e}")))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/x-tar".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{folder}.tar\""),
            ),
        ],
        tar,
    )
        .into_response())
}

fn back(id: Id) -> Response {
    Redirect::to(&format!("/assessments/{id}")).into_response()
}

pub async fn close(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<Id>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    user.may_post(Role::Assessor, field(&form, "csrf"))?;
    state.store.set_closed(id, true).await?;
    Ok(back(id))
}

pub async fn reopen(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<Id>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    user.may_post(Role::Assessor, field(&form, "csrf"))?;
    state.store.set_closed(id, false).await?;
    Ok(back(id))
}

/// The server's own address as the browser sees it, for links to hand out.
fn origin(state: &AppState, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if state.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

pub async fn invite(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<Id>,
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    user.may_post(Role::Assessor, field(&form, "csrf"))?;
    let name = required(&form, "name", 200)?;
    let role = field(&form, "role")
        .filter(|r| !r.is_empty())
        .unwrap_or(maturity_model::response::UNSPECIFIED_ROLE);
    if role.chars().count() > 100 {
        return Err(AppError::BadRequest(
            "`role` is longer than 100 characters".into(),
        ));
    }
    let token = auth::random_token()?;
    state
        .store
        .create_invitation(id, name, role, &auth::token_hash(&token), now())
        .await?;
    let link = format!("{}/survey/{token}", origin(&state, &headers));
    let html = render(
        &state,
        "secret.html",
        merge(
            base(&user),
            context! {
                title => format!("Survey link for {name}"),
                intro => "Send this link to the respondent. It opens this assessment's survey and nothing else; revoke it from the assessment page.",
                secret => link,
                back => format!("/assessments/{id}"),
            },
        ),
    )?;
    Ok((StatusCode::CREATED, Html(html)).into_response())
}

pub async fn revoke(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, respondent)): Path<(Id, Id)>,
    Form(form): Form<Fields>,
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
    let area = required(form, "area", 200)?;
    let text = required(form, "text", 20_000)?;
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
    Form(form): Form<Fields>,
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
    Form(form): Form<Fields>,
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
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    user.may_post(Role::Assessor, field(&form, "csrf"))?;
    state.store.delete_observation(id, observation).await?;
    Ok(back(id))
}

pub async fn upload_evidence(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<Id>,
    multipart: Multipart,
) -> Result<Response, AppError> {
    user.require(Role::Assessor)?;
    let (fields, files) = read_multipart(multipart).await?;
    user.check_csrf(field(&fields, "csrf"))?;
    let kind = match field(&fields, "kind") {
        Some(k @ ("scan" | "metrics")) => k.to_string(),
        _ => return Err(AppError::BadRequest("kind must be scan or metrics".into())),
    };
    let [file] = files.as_slice() else {
        return Err(AppError::BadRequest("choose one JSON file".into()));
    };
    let body = crate::api::json_text(&file.bytes)
        .map_err(|e| AppError::BadRequest(format!("{}: {e}", file.name)))?;
    let record = state.store.assessment(id).await?.ok_or(AppError::NotFound)?;
    state
        .store
        .add_evidence(
            &NewEvidence {
                subject: record.summary.subject,
                assessment: Some(id),
                kind,
                name: file.name.clone(),
                source: "upload".into(),
                body,
            },
            now(),
        )
        .await?;
    Ok(back(id))
}

// ---------------------------------------------------------------------------------------------
// History and comparison.

fn label(s: &AssessmentSummary) -> String {
    match &s.date {
        Some(d) => format!("{d} (#{})", s.id),
        None => format!("#{}", s.id),
    }
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
    // Series: every model seen, then every area of those models, in first-seen order.
    let mut series: Vec<(String, String)> = Vec::new();
    for (_, c) in &computed {
        if let Ok(r) = &c.results {
            for m in &r.report.models {
                if !series.iter().any(|(id, _)| id == &m.id) {
                    series.push((m.id.clone(), m.name.clone()));
                }
            }
        }
    }
    let model_count = series.len();
    for (_, c) in &computed {
        if let Ok(r) = &c.results {
            for m in &r.report.models {
                for a in m.areas.iter().filter(|_| m.areas.len() > 1) {
                    if !series.iter().any(|(id, _)| id == &a.id) {
                        series.push((a.id.clone(), format!("{} · {}", m.name, a.name)));
                    }
                }
            }
        }
    }
    let value = |c: &Computed, id: &str| -> Option<f64> {
        let r = c.results.as_ref().ok()?;
        r.report.models.iter().find_map(|m| {
            if m.id == id {
                m.score
            } else {
                m.areas.iter().find(|a| a.id == id).and_then(|a| a.score)
            }
        })
    };
    let table: Vec<Vec<Option<f64>>> = computed
        .iter()
        .map(|(_, c)| series.iter().map(|(id, _)| value(c, id)).collect())
        .collect();
    let labels: Vec<String> = computed.iter().map(|(s, _)| label(s)).collect();
    let label_refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    let columns: Vec<Vec<Option<f64>>> = (0..series.len())
        .map(|k| table.iter().map(|row| row[k]).collect())
        .collect();
    let model_series: Vec<maturity_report::svg::Series> = series[..model_count]
        .iter()
        .zip(&columns)
        .map(|((_, name), values)| maturity_report::svg::Series { label: name, values })
        .collect();
    let mut chart = maturity_report::svg::lines("Model scores over time", &label_refs, &model_series);
    // One chart of areas per model with several areas.
    for (model_id, model_name) in &series[..model_count] {
        let prefix = format!("{model_id}.");
        let areas: Vec<maturity_report::svg::Series> = series
            .iter()
            .zip(&columns)
            .skip(model_count)
            .filter(|((id, _), _)| id.starts_with(&prefix))
            .map(|((_, name), values)| maturity_report::svg::Series { label: name, values })
            .collect();
        if !areas.is_empty() {
            chart.push_str(&maturity_report::svg::lines(
                &format!("{model_name}: areas over time"),
                &label_refs,
                &areas,
            ));
        }
    }
    let rows: Vec<Value> = computed
        .iter()
        .zip(&table)
        .map(|((s, _), values)| context! { id => s.id, label => label(s), values => values })
        .collect();
    page(
        &state,
        "history.html",
        merge(
            base(&user),
            context! {
                subject => subject,
                current => id,
                chart => Value::from_safe_string(chart),
                series => series.iter().map(|(_, name)| name.clone()).collect::<Vec<_>>(),
                rows => rows,
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
    let criteria = |c: &Computed| -> Vec<(String, String, Option<f64>, Option<f64>)> {
        c.results
            .as_ref()
            .map(|r| {
                r.report
                    .models
                    .iter()
                    .flat_map(|m| m.areas.iter().flat_map(|a| a.criteria.iter()))
                    .map(|c| (c.id.clone(), c.name.clone(), c.level, c.score))
                    .collect()
            })
            .unwrap_or_default()
    };
    let before = criteria(&from);
    let after = criteria(&to);
    let mut ids: Vec<(String, String)> = before.iter().map(|c| (c.0.clone(), c.1.clone())).collect();
    for c in &after {
        if !ids.iter().any(|(id, _)| id == &c.0) {
            ids.push((c.0.clone(), c.1.clone()));
        }
    }
    let mut rows: Vec<(f64, Value)> = ids
        .iter()
        .map(|(id, name)| {
            let b = before.iter().find(|c| &c.0 == id);
            let a = after.iter().find(|c| &c.0 == id);
            let delta = match (b.and_then(|c| c.3), a.and_then(|c| c.3)) {
                (Some(b), Some(a)) => Some(a - b),
                _ => None,
            };
            let direction = match delta {
                Some(d) if d > 0.5 => "up",
                Some(d) if d < -0.5 => "down",
                Some(_) => "same",
                None => "unknown",
            };
            let order = delta.map_or(-1.0, f64::abs);
            (
                order,
                context! {
                    id => id, name => name, before => b.and_then(|c| c.2), after => a.and_then(|c| c.2),
                    delta => delta, direction => direction,
                },
            )
        })
        .collect();
    rows.sort_by(|x, y| y.0.total_cmp(&x.0));
    page(
        &state,
        "compare.html",
        merge(
            base(&user),
            context! {
                from => context! { id => q.from, label => label(&from.record.summary) },
                to => context! { id => q.to, label => label(&to.record.summary) },
                criteria => rows.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
            },
        ),
    )
}

// ---------------------------------------------------------------------------------------------
// Users and API tokens.

pub async fn admin(State(state): State<AppState>, user: CurrentUser) -> Result<Html<String>, AppError> {
    user.require(Role::Admin)?;
    let users = state.store.list_users().await?;
    let tokens = state.store.list_api_tokens().await?;
    let mut subjects: Vec<String> = state
        .store
        .list_assessments()
        .await?
        .into_iter()
        .map(|a| a.subject)
        .collect();
    subjects.sort();
    subjects.dedup();
    page(
        &state,
        "admin.html",
        merge(
            base(&user),
            context! {
                users => ser(users), tokens => ser(tokens), subjects => subjects,
                roles => Role::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            },
        ),
    )
}

/// The shortest password accepted.
pub const MIN_PASSWORD: usize = 12;

pub async fn add_user(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<Fields>,
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
    if password.chars().count() < MIN_PASSWORD {
        return Err(AppError::BadRequest(format!(
            "the password needs {MIN_PASSWORD} characters or more"
        )));
    }
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))??;
    state.store.create_user(&name, role, &hash, now()).await?;
    tracing::info!(admin = %user.user.name, user = %name, %role, "added a user");
    Ok(Redirect::to("/admin").into_response())
}

pub async fn delete_user(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<Id>,
    Form(form): Form<Fields>,
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
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    user.may_post(Role::Admin, field(&form, "csrf"))?;
    let name = required(&form, "name", 100)?;
    let subject = required(&form, "subject", 200)?;
    let token = format!("mat_{}", auth::random_token()?);
    state
        .store
        .create_api_token(name, subject, &auth::token_hash(&token), now())
        .await?;
    tracing::info!(admin = %user.user.name, token = %name, %subject, "created an API token");
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
    Form(form): Form<Fields>,
) -> Result<Response, AppError> {
    user.may_post(Role::Admin, field(&form, "csrf"))?;
    state.store.revoke_api_token(id).await?;
    Ok(Redirect::to("/admin").into_response())
}
