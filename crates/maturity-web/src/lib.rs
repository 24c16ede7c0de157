//! The web app: server-rendered pages for assessors and respondents (no JavaScript needed),
//! and a JSON API for CI under `/api/v1`.
//!
//! This is the only crate that knows HTTP. It keeps nothing in memory that matters: every
//! write goes to the store before it is acknowledged, and the only memory is a cache of
//! results checked against the store's revision on every request, so several servers can
//! share one PostgreSQL database. Scores and reports come from the same library functions the
//! CLI calls (`results`), so the web and the CLI give the same numbers and the same bytes.
//!
//! `routes()` lists every route with the access it needs; `app(state)` builds the router from
//! it, and tests drive that without a socket.

pub mod api;
pub mod auth;
mod cdevents;
pub mod error;
pub mod groups;
pub mod import;
pub mod limits;
pub mod links;
mod openmetrics;
mod pages;
mod portfolio;
mod quick_check;
pub mod results;
pub mod route;
mod state;
mod survey;
mod templates;
mod trend;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use maturity_store::Role;
use route::{Access, Route};

pub use error::AppError;
pub use state::{AppState, Config, Quota, now, public_url};

/// The largest request body accepted (imports and evidence uploads are the large ones).
pub const BODY_LIMIT: usize = 16 * 1024 * 1024;

/// Every route of the app: the pages here, then the API's (`api::routes`). The router is built
/// from this list alone, and the security matrix and the OpenAPI check (`tests/`) read it, so
/// a route added here needs an entry in the matrix, and an API route one in docs/openapi.json.
pub fn routes() -> Vec<Route> {
    use Access::{LogInForm, Public, Session, SessionForm, SurveyForm, SurveyLink};
    use Role::{Admin, Assessor, Viewer};
    use pages::{
        admin, assessments, bulk, delete, evidence, groups, history, login, portfolio, public, survey_admin,
    };
    let mut routes = vec![
        Route::get("/", Public, public::home),
        Route::get("/healthz", Public, public::healthz),
        Route::get("/static/style.css", Public, public::style),
        Route::get("/login", Public, login::login_form),
        Route::post("/login", LogInForm, login::login),
        Route::post("/logout", SessionForm(Viewer), login::logout),
        Route::get("/assessments", Session(Viewer), assessments::list),
        Route::post("/assessments", SessionForm(Assessor), assessments::create),
        Route::get("/assessments/new", Session(Assessor), assessments::new_form),
        Route::get("/assessments/import", Session(Assessor), assessments::import_form),
        Route::post("/assessments/import", SessionForm(Assessor), assessments::import),
        Route::get("/assessments/compare", Session(Viewer), history::compare),
        Route::get("/portfolio", Session(Viewer), portfolio::portfolio_page),
        Route::get("/assessments/{id}", Session(Viewer), assessments::show),
        Route::get("/assessments/{id}/history", Session(Viewer), history::history),
        Route::get(
            "/assessments/{id}/report.html",
            Session(Viewer),
            assessments::report_html,
        ),
        Route::get(
            "/assessments/{id}/report.md",
            Session(Viewer),
            assessments::report_md,
        ),
        Route::get(
            "/assessments/{id}/report.json",
            Session(Viewer),
            assessments::report_json,
        ),
        Route::get(
            "/assessments/{id}/export.tar",
            Session(Viewer),
            assessments::export,
        ),
        Route::post(
            "/assessments/{id}/close",
            SessionForm(Assessor),
            assessments::close,
        ),
        Route::post(
            "/assessments/{id}/reopen",
            SessionForm(Assessor),
            assessments::reopen,
        ),
        Route::get("/assessments/{id}/delete", Session(Assessor), delete::confirm),
        Route::post("/assessments/{id}/delete", SessionForm(Assessor), delete::delete),
        Route::post(
            "/assessments/{id}/plan",
            SessionForm(Assessor),
            assessments::plan_decisions,
        ),
        Route::post(
            "/assessments/{id}/anonymity",
            SessionForm(Assessor),
            assessments::anonymity,
        ),
        Route::post(
            "/assessments/{id}/dora-benchmark",
            SessionForm(Assessor),
            assessments::dora_benchmark,
        ),
        Route::post(
            "/assessments/{id}/invitations",
            SessionForm(Assessor),
            survey_admin::invite,
        ),
        Route::post(
            "/assessments/{id}/invitations/bulk",
            SessionForm(Assessor),
            bulk::invite_many,
        ),
        Route::post(
            "/assessments/{id}/invitations/{respondent}/rotate",
            SessionForm(Assessor),
            survey_admin::rotate,
        ),
        Route::get(
            "/assessments/{id}/invitations/{respondent}/link",
            Session(Assessor),
            survey_admin::show_link,
        ),
        Route::post(
            "/assessments/{id}/invitations/{respondent}/revoke",
            SessionForm(Assessor),
            survey_admin::revoke,
        ),
        Route::post(
            "/assessments/{id}/observations",
            SessionForm(Assessor),
            survey_admin::add_observation,
        ),
        Route::post(
            "/assessments/{id}/observations/{observation}",
            SessionForm(Assessor),
            survey_admin::edit_observation,
        ),
        Route::post(
            "/assessments/{id}/observations/{observation}/delete",
            SessionForm(Assessor),
            survey_admin::delete_observation,
        ),
        Route::post(
            "/assessments/{id}/evidence",
            SessionForm(Assessor),
            evidence::upload_evidence,
        ),
        Route::get("/admin", Session(Admin), admin::admin),
        Route::post("/admin/users", SessionForm(Admin), admin::add_user),
        Route::post(
            "/admin/users/{user}/delete",
            SessionForm(Admin),
            admin::delete_user,
        ),
        Route::post("/admin/groups", SessionForm(Admin), groups::add_group),
        Route::post(
            "/admin/groups/{group}/delete",
            SessionForm(Admin),
            groups::delete_group,
        ),
        Route::post(
            "/admin/subjects/groups",
            SessionForm(Admin),
            groups::set_subject_groups,
        ),
        Route::post("/admin/users/groups", SessionForm(Admin), groups::set_user_groups),
        Route::post("/admin/tokens", SessionForm(Admin), admin::add_token),
        Route::post(
            "/admin/tokens/{token}/revoke",
            SessionForm(Admin),
            admin::revoke_token,
        ),
        // Where Prometheus scrapes by default: outside /api/v1, with an API token all the same.
        Route::get("/metrics", Access::ApiToken, openmetrics::metrics),
        Route::get("/survey/{token}", SurveyLink, survey::show),
        Route::post("/survey/{token}", SurveyForm, survey::save),
    ];
    routes.extend(api::routes());
    routes
}

/// The whole app: the router of `routes()`, a 404 page for any other path, and the headers
/// and body limit every answer gets.
pub fn app(state: AppState) -> Router {
    route::router(routes())
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn(security_headers))
        .with_state(state)
}

async fn not_found() -> AppError {
    AppError::NotFound
}

/// Headers every answer carries: no framing, no sniffing, no referrer (survey links hold
/// their token in the path), and a policy that allows no script at all.
async fn security_headers(request: Request, next: Next) -> Response {
    let is_download = request.uri().path().contains("/report.");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let csp = if is_download {
        // The HTML report is self-contained: inline styles and SVG, never a script.
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    } else {
        "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    };
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// Serves `app` on `listener` until ctrl-c or SIGTERM.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let app = app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
