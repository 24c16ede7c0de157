//! Routes as data: each one's method, path and the access it needs, with its handler. The
//! page routes are listed in the crate root (`routes()`), the API's in `api::routes()`; the
//! router is built from those lists and nothing else, and the tests read the same lists (the
//! security matrix needs an expected answer for every route, the OpenAPI check compares the
//! API's routes with `docs/openapi.json`), so a route cannot be served without being listed.
//!
//! `access` states what the handler checks; the handlers themselves enforce it (a role check,
//! a CSRF check, an extractor that wants a session or a token), and the matrix proves they do.

use std::borrow::Cow;
use std::fmt;

use axum::Router;
use axum::handler::Handler;
use axum::routing::{MethodRouter, any, get, post};

use maturity_store::Role;

use crate::state::AppState;

/// The HTTP method a route answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET (and HEAD, which axum answers alike).
    Get,
    Post,
    /// Every method: only for a catch-all that answers unknown paths.
    Any,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Any => "ANY",
        }
    }
}

/// Who may call a route, and what the request must carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, with nothing.
    Public,
    /// Anyone, with the log-in form's CSRF token and the nonce cookie it is derived from.
    LogInForm,
    /// A session of a user of at least this role; without one, a redirect to log in.
    Session(Role),
    /// The same, and the session's CSRF token in the form.
    SessionForm(Role),
    /// A survey link's token in the path, not revoked; else 404.
    SurveyLink,
    /// The same, and the CSRF token derived from the link in the form.
    SurveyForm,
    /// An API token (`Authorization: Bearer`), which scopes the route to its subject; else 401.
    ApiToken,
}

/// One route: method, path (axum's syntax, `{id}`), access, and the handler.
pub struct Route {
    pub method: Method,
    /// Built at start for routes that come from a registry (one per evidence source).
    pub path: Cow<'static, str>,
    pub access: Access,
    endpoint: MethodRouter<AppState>,
}

impl Route {
    pub fn get<H, T>(path: impl Into<Cow<'static, str>>, access: Access, handler: H) -> Route
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        Route::new(Method::Get, path.into(), access, get(handler))
    }

    pub fn post<H, T>(path: impl Into<Cow<'static, str>>, access: Access, handler: H) -> Route
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        Route::new(Method::Post, path.into(), access, post(handler))
    }

    pub fn any<H, T>(path: impl Into<Cow<'static, str>>, access: Access, handler: H) -> Route
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        Route::new(Method::Any, path.into(), access, any(handler))
    }

    fn new(
        method: Method,
        path: Cow<'static, str>,
        access: Access,
        endpoint: MethodRouter<AppState>,
    ) -> Route {
        Route {
            method,
            path,
            access,
            endpoint,
        }
    }
}

impl fmt::Debug for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} ({:?})", self.method.as_str(), self.path, self.access)
    }
}

/// The router of these routes. Routes of one path join into one (the methods a path answers
/// are listed, in the list's order, in the `Allow` header of a 405); two routes of the same
/// method and path panic here, at start, rather than one of them never answering.
pub fn router(routes: Vec<Route>) -> Router<AppState> {
    routes.into_iter().fold(Router::new(), |router, route| {
        router.route(&route.path, route.endpoint)
    })
}
