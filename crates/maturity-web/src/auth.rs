//! Who is asking: passwords (argon2), sessions (a random id in an HttpOnly, SameSite cookie,
//! only its hash in the database), CSRF tokens, survey and API tokens, the log-in rate limit.
//!
//! Every secret is 256 random bits from the operating system. The database holds SHA-256
//! hashes of session ids and tokens (they are random, so a fast hash is enough) and argon2
//! hashes of passwords; nothing secret is logged.

use argon2::Argon2;
use argon2::{PasswordHash, PasswordHasher, PasswordVerifier};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use sha2::{Digest, Sha256};

use maturity_store::{Role, User};

use crate::error::AppError;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "maturity_session";
pub const LOGIN_COOKIE: &str = "maturity_login";
/// How long a session lasts.
pub const SESSION_SECONDS: i64 = 12 * 60 * 60;
/// The window over which failed log-ins are counted.
pub const FAILURE_WINDOW: i64 = 15 * 60;
/// Failed log-ins within the window before each further try must wait: for one account from
/// one client address, and for one client address over all accounts.
pub const FREE_FAILURES_PER_NAME: i64 = 3;
pub const FREE_FAILURES_PER_ADDRESS: i64 = 20;

/// How long after the last failed log-in the next try must wait, with `failures` in the window
/// of which `free` cost nothing: 0, then 1, 2, 4… seconds, never more than the window. A
/// guesser slows down at once; a person who mistyped waits a second or two, never a lockout.
pub fn backoff_seconds(failures: i64, free: i64) -> i64 {
    if failures < free {
        return 0;
    }
    let doublings = u32::try_from(failures - free).unwrap_or(u32::MAX);
    1i64.checked_shl(doublings)
        .filter(|s| *s > 0)
        .unwrap_or(FAILURE_WINDOW)
        .min(FAILURE_WINDOW)
}

/// The shortest password accepted, in characters, wherever a password is set: the admin page
/// and `maturity user add`.
pub const MIN_PASSWORD: usize = 12;

/// Refuses a password shorter than [`MIN_PASSWORD`], with the message to show.
pub fn check_password_length(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD {
        Err(format!("the password needs {MIN_PASSWORD} characters or more"))
    } else {
        Ok(())
    }
}

/// 256 random bits, hex-encoded.
pub fn random_token() -> Result<String, AppError> {
    let mut bytes = [0_u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    Ok(hex(&bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// The prefix of every API token, so a leaked one is recognisable (secret scanners, logs).
pub const API_TOKEN_PREFIX: &str = "mat_";

/// A new API token and the hash the store keeps of it. The admin page and `maturity token add`
/// both make tokens here, so a token is the same kind of secret whichever made it.
pub fn new_api_token() -> Result<(String, String), AppError> {
    let token = format!("{API_TOKEN_PREFIX}{}", random_token()?);
    let hash = token_hash(&token);
    Ok((token, hash))
}

/// The hash a token is stored and looked up by.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// The CSRF token of a session (or of a survey link, or of a log-in form): derived from the
/// secret, so it is never stored and a page without the secret cannot forge it.
pub fn csrf_for(purpose: &str, secret: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"maturity-csrf\0");
    hasher.update(purpose.as_bytes());
    hasher.update([0]);
    hasher.update(secret.as_bytes());
    hex(&hasher.finalize())
}

/// Compares in time independent of where the strings differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0_u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// An argon2id hash of `password` with a random salt.
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let mut salt = [0_u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    Argon2::default()
        .hash_password_with_salt(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| AppError::Internal(format!("argon2: {e}")))
}

/// Whether `password` matches the stored hash. A malformed hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A well-formed hash of no one's password, verified when the user name is unknown so a
/// failed log-in takes as long whether or not the user exists.
pub const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2e6rjK1uWVeU4ZKVNsYpVoRTfoUt4SBxXu6vU6tmWbM";

/// Reads one cookie from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// A `Set-Cookie` value: HttpOnly, SameSite, path `/`, `Secure` when the server says so.
pub fn set_cookie(name: &str, value: &str, max_age: i64, same_site: &str, secure: bool) -> String {
    format!(
        "{name}={value}; Path=/; HttpOnly; SameSite={same_site}; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The logged-in user of a page request. Without a valid session, pages answer with a
/// redirect to the log-in page; an `/assessments/{id}…` page of a subject outside the user's
/// groups answers 404 here, before its handler runs.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: User,
    /// The hash of the session id, to end the session at log-out.
    pub session_hash: String,
    /// The CSRF token every form of this session carries.
    pub csrf: String,
    /// The subjects the user sees (all, unless limited to groups).
    pub scope: crate::groups::Scope,
}

impl CurrentUser {
    /// Refuses users below `role`.
    pub fn require(&self, role: Role) -> Result<(), AppError> {
        if self.user.role >= role {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// Refuses a form whose CSRF token is not this session's.
    pub fn check_csrf(&self, token: Option<&str>) -> Result<(), AppError> {
        match token {
            Some(token) if same(token, &self.csrf) => Ok(()),
            _ => Err(AppError::Csrf),
        }
    }

    /// Both checks a form post needs, in the order that gives the most useful answer.
    pub fn may_post(&self, role: Role, token: Option<&str>) -> Result<(), AppError> {
        self.require(role)?;
        self.check_csrf(token)
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let next = parts
            .uri
            .path_and_query()
            .map_or_else(|| "/assessments".to_string(), |p| p.as_str().to_string());
        let login = || AppError::LoginRequired { next: next.clone() };
        let raw = cookie(&parts.headers, SESSION_COOKIE).ok_or_else(login)?;
        let session_hash = token_hash(raw);
        let user = state
            .store
            .session_user(&session_hash, crate::state::now())
            .await?
            .ok_or_else(login)?;
        let scope = crate::groups::scope_of(state, &user).await?;
        crate::groups::check_path(state, &scope, parts.uri.path()).await?;
        Ok(CurrentUser {
            user,
            csrf: csrf_for("session", raw),
            session_hash,
            scope,
        })
    }
}

/// The subject stored for an all-subjects token (`maturity token add NAME --all-subjects`): it
/// reads `/metrics` of every subject and nothing else. A marker in the subject column rather
/// than a column of its own, so the store's schema does not change for it.
pub const ALL_SUBJECTS: &str = "*";

/// The subject an API token is scoped to. An all-subjects token is refused here (403): it is
/// no subject's token, so no `/api/v1` route reads or writes with it.
#[derive(Debug, Clone)]
pub struct ApiClient {
    pub token_id: i64,
    pub subject: String,
}

impl FromRequestParts<AppState> for ApiClient {
    type Rejection = crate::error::ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = bearer_token(parts, state).await?;
        if token.subject == ALL_SUBJECTS {
            return Err(AppError::Forbidden.into());
        }
        Ok(ApiClient {
            token_id: token.id,
            subject: token.subject,
        })
    }
}

/// Who reads `/metrics`: one subject's token, or an all-subjects token (`subject: None`).
#[derive(Debug, Clone)]
pub struct MetricsReader {
    pub subject: Option<String>,
}

impl FromRequestParts<AppState> for MetricsReader {
    type Rejection = crate::error::ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = bearer_token(parts, state).await?;
        Ok(MetricsReader {
            subject: (token.subject != ALL_SUBJECTS).then_some(token.subject),
        })
    }
}

/// The unrevoked API token of the request's `Authorization: Bearer`; else 401.
async fn bearer_token(
    parts: &Parts,
    state: &AppState,
) -> Result<maturity_store::ApiToken, crate::error::ApiError> {
    let token = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or(AppError::Unauthorized)?;
    match state.store.api_token_by_hash(&token_hash(token)).await? {
        Some(t) if !t.revoked => Ok(t),
        _ => Err(AppError::Unauthorized.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_after_the_free_failures_and_stops_at_the_window() {
        let waits: Vec<i64> = (0..8).map(|n| backoff_seconds(n, 3)).collect();
        assert_eq!(waits, [0, 0, 0, 1, 2, 4, 8, 16]);
        assert_eq!(backoff_seconds(13, 3), FAILURE_WINDOW);
        assert_eq!(backoff_seconds(i64::MAX, 3), FAILURE_WINDOW);
        assert_eq!(backoff_seconds(70, 3), FAILURE_WINDOW);
    }

    #[test]
    fn passwords_verify_only_themselves() {
        let hash = hash_password("correct horse").expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(!hash.contains("correct horse"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("wrong", &hash));
        assert!(!verify_password("x", "not a hash"));
        assert!(PasswordHash::new(DUMMY_HASH).is_ok(), "the dummy hash parses");
    }

    #[test]
    fn hashes_stored_by_other_argon2_implementations_still_verify() {
        // Made by argon2-cffi (the reference C implementation) with our parameters: accounts
        // created before a library upgrade must keep logging in.
        let stored = "$argon2id$v=19$m=19456,t=2,p=1$AMr8X0fIbxyR8iODiivjWQ$T6iqVbKcrCR6LB6e+6mjw1EdsK8vu+dEQdhM+3S2zn8";
        assert!(verify_password("correct horse battery", stored));
        assert!(!verify_password("correct horse batter", stored));
    }

    #[test]
    fn passwords_need_twelve_characters() {
        for (password, ok) in [
            ("", false),
            ("elevenchars", false),
            ("twelve chars", true),
            ("ääääääääääää", true),
            ("äääääääääää", false),
        ] {
            assert_eq!(check_password_length(password).is_ok(), ok, "{password:?}");
        }
        assert_eq!(
            check_password_length("short"),
            Err("the password needs 12 characters or more".to_string())
        );
    }

    #[test]
    fn tokens_are_random_and_hashes_differ_from_them() {
        let a = random_token().expect("random");
        let b = random_token().expect("random");
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_ne!(token_hash(&a), a);
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_ne!(csrf_for("session", &a), csrf_for("survey", &a));
    }

    #[test]
    fn same_compares_whole_strings() {
        for (a, b, equal) in [
            ("abc", "abc", true),
            ("abc", "abd", false),
            ("abc", "ab", false),
            ("", "", true),
        ] {
            assert_eq!(same(a, b), equal, "{a} {b}");
        }
    }
}
