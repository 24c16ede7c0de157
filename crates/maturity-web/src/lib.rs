//! The web app: server-rendered pages for assessors and respondents (no JavaScript needed),
//! and a JSON API for CI under `/api/v1`.
//!
//! This is the only crate that knows HTTP. It keeps nothing in memory that matters: every
//! write goes to the store before it is acknowledged, and the only memory is a cache of
//! results checked against the store's revision on every request, so several servers can
//! share one PostgreSQL database. Scores and reports come from the same library functions the
//! CLI calls (`results`), so the web and the CLI give the same numbers and the same bytes.
//!
//! `app(state)` builds the router; tests drive it without a socket.

pub mod api;
pub mod auth;
pub mod error;
pub mod import;
mod pages;
pub mod results;
mod state;
mod survey;
mod templates;
mod trend;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
pub use error::AppError;
pub use state::{AppState, Config, now};

/// The largest request body accepted (imports and evidence uploads are the large ones).
pub const BODY_LIMIT: usize = 16 * 1024 * 1024;

/// The whole app. Every route is listed here; `docs/openapi.yaml` lists the API's, and a test
/// checks the two agree.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::public::home))
        .route("/healthz", get(pages::public::healthz))
        .route("/static/style.css", get(pages::public::style))
        .route("/login", get(pages::login::login_form).post(pages::login::login))
        .route("/logout", post(pages::login::logout))
        .route(
            "/assessments",
            get(pages::assessments::list).post(pages::assessments::create),
        )
        .route("/assessments/new", get(pages::assessments::new_form))
        .route(
            "/assessments/import",
            get(pages::assessments::import_form).post(pages::assessments::import),
        )
        .route("/assessments/compare", get(pages::history::compare))
        .route("/assessments/{id}", get(pages::assessments::show))
        .route("/assessments/{id}/history", get(pages::history::history))
        .route(
            "/assessments/{id}/report.html",
            get(pages::assessments::report_html),
        )
        .route("/assessments/{id}/report.md", get(pages::assessments::report_md))
        .route(
            "/assessments/{id}/report.json",
            get(pages::assessments::report_json),
        )
        .route("/assessments/{id}/export.tar", get(pages::assessments::export))
        .route("/assessments/{id}/close", post(pages::assessments::close))
        .route("/assessments/{id}/reopen", post(pages::assessments::reopen))
        .route("/assessments/{id}/invitations", post(pages::survey_admin::invite))
        .route(
            "/assessments/{id}/invitations/{respondent}/revoke",
            post(pages::survey_admin::revoke),
        )
        .route(
            "/assessments/{id}/observations",
            post(pages::survey_admin::add_observation),
        )
        .route(
            "/assessments/{id}/observations/{observation}",
            post(pages::survey_admin::edit_observation),
        )
        .route(
            "/assessments/{id}/observations/{observation}/delete",
            post(pages::survey_admin::delete_observation),
        )
        .route(
            "/assessments/{id}/evidence",
            post(pages::evidence::upload_evidence),
        )
        .route("/admin", get(pages::admin::admin))
        .route("/admin/users", post(pages::admin::add_user))
        .route("/admin/users/{user}/delete", post(pages::admin::delete_user))
        .route("/admin/tokens", post(pages::admin::add_token))
        .route("/admin/tokens/{token}/revoke", post(pages::admin::revoke_token))
        .route("/survey/{token}", get(survey::show).post(survey::save))
        .merge(api::router())
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
