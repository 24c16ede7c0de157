//! Log-in and log-out: where a session starts (after the password, the rate limit and the
//! log-in form's own CSRF guard) and where it ends.

use std::net::{IpAddr, SocketAddr};

use axum::Extension;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;

use super::{FormFields, field, render};
use crate::auth::{self, CurrentUser};
use crate::error::AppError;
use crate::state::{AppState, now};

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

/// The client's address: the peer's, or, when the peer is the trusted proxy, the address that
/// proxy appended last to `X-Forwarded-For` (earlier entries are the client's own claims).
/// "unknown" when the server has no socket (tests drive the app without one).
fn client_address(peer: Option<IpAddr>, forwarded_for: Option<&str>, trusted: Option<IpAddr>) -> String {
    let forwarded = || {
        forwarded_for?
            .rsplit(',')
            .next()
            .and_then(|last| last.trim().parse::<IpAddr>().ok())
    };
    match peer {
        Some(peer) if Some(peer) == trusted => forwarded().unwrap_or(peer).to_string(),
        Some(peer) => peer.to_string(),
        None => "unknown".to_string(),
    }
}

pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    connect: Option<Extension<ConnectInfo<SocketAddr>>>,
    FormFields(form): FormFields,
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
    let address = client_address(
        connect.map(|Extension(ConnectInfo(a))| a.ip()),
        headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()),
        state.config.trusted_proxy,
    );
    // Failures count per account *from one address*, and per address: someone guessing a
    // password from their own address cannot lock the account's owner out elsewhere.
    let name_key = format!("user:{}@{address}", name.to_lowercase());
    let address_key = format!("address:{address}");
    let store = &state.store;
    let wait = |failures: maturity_store::LoginFailures, free| {
        failures
            .last
            .map_or(0, |last| last + auth::backoff_seconds(failures.count, free) - t)
    };
    let retry_after = wait(
        store.login_failures(&name_key, since).await?,
        auth::FREE_FAILURES_PER_NAME,
    )
    .max(wait(
        store.login_failures(&address_key, since).await?,
        auth::FREE_FAILURES_PER_ADDRESS,
    ));
    if retry_after > 0 {
        tracing::warn!(user = ?name, retry_after, "log-in refused: too many failures");
        return Err(AppError::TooManyRequests { retry_after });
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
        tracing::info!(user = ?name, "failed log-in");
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
    tracing::info!(user = ?user.name, "logged in");
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
    FormFields(form): FormFields,
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

#[cfg(test)]
mod tests {
    use std::net::IpAddr;

    use super::client_address;

    #[test]
    fn the_forwarded_address_counts_only_from_the_trusted_proxy() {
        let ip = |s: &str| s.parse::<IpAddr>().ok();
        let proxy = ip("10.0.0.1");
        let cases = [
            (None, None, None, "unknown"),
            (ip("192.0.2.7"), None, None, "192.0.2.7"),
            (ip("192.0.2.7"), Some("203.0.113.5"), None, "192.0.2.7"),
            (ip("192.0.2.7"), Some("203.0.113.5"), proxy, "192.0.2.7"),
            (proxy, Some("203.0.113.5"), proxy, "203.0.113.5"),
            (proxy, Some("1.2.3.4, 203.0.113.5"), proxy, "203.0.113.5"),
            (proxy, Some("203.0.113.5, not-an-ip"), proxy, "10.0.0.1"),
            (proxy, None, proxy, "10.0.0.1"),
            (ip("::1"), Some("203.0.113.5"), ip("::1"), "203.0.113.5"),
        ];
        for (peer, forwarded, trusted, expected) in cases {
            assert_eq!(
                client_address(peer, forwarded, trusted),
                expected,
                "{peer:?} {forwarded:?}"
            );
        }
    }
}
