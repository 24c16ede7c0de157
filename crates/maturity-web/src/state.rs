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

impl AppState {
    /// Every subject with an assessment, sorted, each once.
    pub async fn subjects(&self) -> maturity_store::Result<Vec<String>> {
        let mut subjects = self.store.subjects().await?;
        subjects.sort();
        Ok(subjects)
    }
}

/// How the server behaves, beyond where its database is.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Mark cookies `Secure` (set when the server sits behind HTTPS).
    pub secure_cookies: bool,
    /// Where respondents reach the server (`https://maturity.example.com`), checked by
    /// [`public_url`]. Survey links are built from it, never from what a request claims.
    pub public_url: Option<String>,
    /// The address of a reverse proxy whose `X-Forwarded-For` is believed: requests from it
    /// are counted by the client address it forwards. Off by default: a header anyone can
    /// send must not choose whose failed log-ins a request counts against.
    pub trusted_proxy: Option<std::net::IpAddr>,
    /// How much evidence is kept, per assessment and per subject.
    pub quota: Quota,
    /// The key survey links are derived with, so an assessor can see one again
    /// (`links`); without one, a link is shown once.
    pub link_key: Option<crate::links::LinkKey>,
}

/// Storage quotas for evidence, in characters of body. One upload is capped by the body limit;
/// these cap what many uploads add up to, so nobody fills the database by pushing in a loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    pub per_assessment: i64,
    pub per_subject: i64,
}

impl Default for Quota {
    fn default() -> Self {
        Quota {
            per_assessment: 64 * 1024 * 1024,
            per_subject: 256 * 1024 * 1024,
        }
    }
}

/// A public URL as links are built from it: `http(s)://host[:port][/path]`, without a
/// trailing slash; otherwise what is wrong with it.
pub fn public_url(text: &str) -> Result<String, String> {
    let trimmed = text.trim().trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
        .ok_or_else(|| format!("`{text}` is not an http:// or https:// URL"))?;
    let host = rest.split('/').next().unwrap_or("");
    let well_formed = !host.is_empty()
        && !trimmed.contains(['?', '#', '@'])
        && !trimmed.chars().any(|c| c.is_whitespace() || c.is_control());
    if well_formed {
        Ok(trimmed.to_string())
    } else {
        Err(format!(
            "`{text}` is not a URL a browser can open, e.g. https://maturity.example.com"
        ))
    }
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

#[cfg(test)]
mod tests {
    use super::public_url;

    #[test]
    fn public_urls_good_and_bad() {
        let good = [
            ("https://maturity.example.com", "https://maturity.example.com"),
            ("http://10.0.0.5:8080/", "http://10.0.0.5:8080"),
            (" https://example.com/maturity/ ", "https://example.com/maturity"),
        ];
        for (text, expected) in good {
            assert_eq!(public_url(text).as_deref(), Ok(expected), "{text}");
        }
        for bad in [
            "maturity.example.com",
            "ftp://x",
            "https://",
            "https:///x",
            "https://a b",
            "https://u@evil",
            "https://x/?q",
            "javascript:alert(1)",
        ] {
            assert!(public_url(bad).is_err(), "{bad}");
        }
    }
}
