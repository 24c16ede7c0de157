//! The `[metrics]` table of `maturity.toml` (docs/metrics.md, "Services and environments"):
//! which environments play which role, and which directories of a monorepo are which service.
//! Read by `maturity metrics --config FILE`; the rest of the file is left to its own readers.

use std::collections::BTreeMap;

use maturity_model::diagnostic::from_toml;
use maturity_model::{Diagnostic, Diagnostics};
use serde::Deserialize;
use toml::Spanned;

/// What `[metrics]` says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// Environment → role.
    pub environment_roles: BTreeMap<String, String>,
    /// Service → the directories that are its code, `/`-separated, relative to the root.
    pub services: Vec<(String, Vec<String>)>,
}

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    metrics: Option<Raw>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    environments: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    services: BTreeMap<String, Spanned<Vec<String>>>,
}

/// Deeper service directories than this are refused: the changed-directory diff goes no deeper.
const MAX_COMPONENTS: usize = 64;

/// What is wrong with a service directory as written, if anything.
pub fn bad_directory(path: &str) -> Option<&'static str> {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        Some("is empty")
    } else if path.starts_with('/') || path.contains('\\') {
        Some("must be relative to the repository root, with `/` between directories")
    } else if parts.iter().any(|p| *p == ".." || *p == ".") {
        Some("must not contain `.` or `..`")
    } else if parts.len() > MAX_COMPONENTS {
        Some("is deeper than 64 directories")
    } else {
        None
    }
}

/// Reads `[metrics]` from `text` (named `file` in errors); every problem is listed with its line.
pub fn parse_settings(file: &str, text: &str) -> Result<Settings, Diagnostics> {
    let parsed: File = toml::from_str(text).map_err(|e| Diagnostics::one(from_toml(file, text, &e)))?;
    let Some(raw) = parsed.metrics else {
        return Ok(Settings::default());
    };
    let mut problems = Vec::new();
    let at = |message: String, span: std::ops::Range<usize>| {
        Diagnostic::new(file, message).at_span(text, Some(span))
    };
    let mut settings = Settings::default();
    for (environment, role) in raw.environments {
        let name = role.get_ref().trim();
        if name.is_empty() || environment.trim().is_empty() {
            problems.push(
                at(
                    format!("[metrics] environments: `{environment}` needs a role"),
                    role.span(),
                )
                .with_help("map an environment to a role, e.g. \"prod-eu\" = \"production\""),
            );
        } else {
            settings.environment_roles.insert(environment, name.to_string());
        }
    }
    for (service, paths) in raw.services {
        let span = paths.span();
        let paths = paths.into_inner();
        if paths.is_empty() {
            problems.push(
                at(
                    format!("[metrics] services: `{service}` names no directory"),
                    span.clone(),
                )
                .with_help("list its directories, e.g. api = [\"services/api\"]"),
            );
        }
        for path in &paths {
            if let Some(bad) = bad_directory(path) {
                problems.push(at(
                    format!("[metrics] services: `{service}`: the directory `{path}` {bad}"),
                    span.clone(),
                ));
            }
        }
        settings.services.push((service, paths));
    }
    Diagnostics(problems).into_result(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_services_are_read_and_the_rest_of_the_file_left_alone() {
        let text = "subject = \"S\"\n[metrics]\nenvironments = { \"prod-eu\" = \"production\" }\n\
                    [metrics.services]\napi = [\"services/api/\"]\nweb = [\"web\", \"libs/ui\"]\n";
        let s = parse_settings("maturity.toml", text).expect("reads");
        assert_eq!(s.environment_roles["prod-eu"], "production");
        assert_eq!(
            s.services,
            [
                ("api".to_string(), vec!["services/api/".to_string()]),
                ("web".to_string(), vec!["web".to_string(), "libs/ui".to_string()]),
            ]
        );
        assert_eq!(
            parse_settings("m.toml", "subject = \"S\"\n"),
            Ok(Settings::default())
        );
    }

    #[test]
    fn bad_tables_name_the_line() {
        for (text, line, words) in [
            ("[metrics]\nservice = {}\n", 2, "unknown field `service`"),
            ("[metrics.services]\napi = []\n", 2, "names no directory"),
            ("[metrics.services]\napi = [\"/abs\"]\n", 2, "must be relative"),
            ("\n[metrics.services]\napi = [\"a/../b\"]\n", 3, "`..`"),
            ("[metrics.environments]\nprod = \" \"\n", 2, "needs a role"),
            ("[metrics]\nenvironments = 3\n", 2, "invalid type"),
        ] {
            let err = parse_settings("maturity.toml", text).expect_err(text);
            let d = &err.0[0];
            assert_eq!(d.line, Some(line), "{text}: {d}");
            assert!(d.to_string().contains(words), "{text}: {d}");
            assert!(d.to_string().contains("maturity.toml"), "{d}");
        }
    }
}
