//! The one error type of the web layer and the status code each case answers with. Internal
//! failures are logged with their cause and answered with a bare "internal error": a response
//! never carries SQL, paths or stack traces.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};

use maturity_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A page needs a logged-in user: the browser is sent to the log-in page.
    #[error("log in first")]
    LoginRequired { next: String },
    /// The API needs a valid token.
    #[error("a valid API token is required")]
    Unauthorized,
    #[error("you may not do this")]
    Forbidden,
    #[error("the form is out of date; reload the page and try again")]
    Csrf,
    #[error("not found")]
    NotFound,
    /// Bad input, with a message for the user (it names the field or file).
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Conflict(String),
    /// Log-in tries come too fast after failures; `retry_after` seconds until the next.
    #[error("too many failed log-ins from here: try again in {retry_after} s")]
    TooManyRequests { retry_after: i64 },
    #[error("the request is too large")]
    TooLarge,
    /// The request, or storing it, would pass a limit (a storage quota, the fields a form may
    /// carry); the message says which and what to do.
    #[error("{0}")]
    OverLimit(String),
    #[error("internal error")]
    Internal(String),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::LoginRequired { .. } => StatusCode::SEE_OTHER,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::TooLarge | AppError::OverLimit(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the user is told: the message, except for internal errors.
    pub fn public_message(&self) -> String {
        self.to_string()
    }

    fn log(&self) {
        if let AppError::Internal(cause) = self {
            tracing::error!(?cause, "internal error");
        }
    }

    /// The error as JSON, for the API.
    pub fn into_json(self) -> Response {
        self.log();
        let status = self.status();
        let status = if status == StatusCode::SEE_OTHER {
            StatusCode::UNAUTHORIZED
        } else {
            status
        };
        let mut response = (
            status,
            Json(serde_json::json!({ "error": self.public_message() })),
        )
            .into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict(what) => AppError::Conflict(format!("{what} already exists")),
            StoreError::Closed => {
                AppError::Conflict("the assessment is closed; answers can no longer change".to_string())
            }
            StoreError::Revoked => AppError::NotFound,
            StoreError::UnknownGroup(name) => AppError::BadRequest(format!(
                "there is no group `{name}`; an admin adds groups on the admin page or with `maturity group add`"
            )),
            StoreError::GroupInUse(name) => AppError::Conflict(format!(
                "accounts are limited to the group `{name}`: take it off them first, so none of them comes to see every subject"
            )),
            other => AppError::Internal(chain(&other)),
        }
    }
}

/// An error and every cause below it, for the log: libraries keep causes as sources rather
/// than in their messages.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

impl From<minijinja::Error> for AppError {
    fn from(e: minijinja::Error) -> Self {
        AppError::Internal(format!("template: {e:#}"))
    }
}

impl From<maturity_report::RenderError> for AppError {
    fn from(e: maturity_report::RenderError) -> Self {
        AppError::Internal(chain(&e))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        if let AppError::LoginRequired { next } = &self {
            return Redirect::to(&format!("/login?next={}", encode_query(next))).into_response();
        }
        let status = self.status();
        let title = status.canonical_reason().unwrap_or("Error");
        // Hand-written so an error page never depends on the templates working.
        let body = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <link rel=\"stylesheet\" href=\"/static/style.css\"><title>{title}</title></head>\
             <body><main><h1>{title}</h1><p class=\"error\">{}</p><p><a href=\"/assessments\">Back to the \
             assessments</a></p></main></body></html>",
            maturity_report::svg::escape(&self.public_message())
        );
        let mut response = (status, Html(body)).into_response();
        if let AppError::TooManyRequests { retry_after } = self
            && let Ok(value) = HeaderValue::from_str(&retry_after.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

/// Percent-encodes a query value.
pub fn encode_query(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An API error: the same cases, answered as JSON.
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.into_json()
    }
}
