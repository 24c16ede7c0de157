//! What every handler shares (the store, the templates, the results cache, the server's
//! configuration) and the web layer's one clock. Kept apart from the crate root so handler
//! modules depend on this and the root depends on them, never both ways.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use maturity_store::Store;

use crate::error::AppError;
use crate::{results, templates};

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub(crate) templates: Arc<minijinja::Environment<'static>>,
    pub(crate) cache: Arc<results::Cache>,
    pub(crate) config: Arc<Config>,
}

/// How the server behaves, beyond where its database is.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Mark cookies `Secure` (set when the server sits behind HTTPS).
    pub secure_cookies: bool,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, config: Config) -> Result<Self, AppError> {
        Ok(AppState {
            store,
            templates: Arc::new(templates::environment()?),
            cache: Arc::new(results::Cache::default()),
            config: Arc::new(config),
        })
    }
}

/// Seconds since the Unix epoch: the one clock of the web layer.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
