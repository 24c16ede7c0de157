//! Tool configurations that are not manifests: INI-style tool sections (setup.cfg, tox.ini,
//! .coveragerc, .flake8), Codecov targets and the coverage floors of JavaScript test runners.

use super::facts::FileFacts;
use crate::raw::{Marker, MarkerKind, PathKind};
use crate::text::{line_at, line_of, number_after};
use crate::yaml;

/// Coverage thresholds written as `fail_under`, `fail-under` or `--cov-fail-under`.
pub(super) fn coverage_numbers(path: &str, text: &str, facts: &mut FileFacts) {
    for key in ["--cov-fail-under", "fail_under", "fail-under", "--fail-under"] {
        if let Some((value, line)) = number_after(text, key) {
            facts.marker(MarkerKind::CoverageThreshold, path, line, format!("{value}"));
            return;
        }
    }
}

pub(super) fn ini(path: &str, text: &str, facts: &mut FileFacts) {
    let sections = [
        ("[flake8]", MarkerKind::LinterSection),
        ("[pylint", MarkerKind::LinterSection),
        ("[mypy", MarkerKind::LinterSection),
        ("[pycodestyle]", MarkerKind::LinterSection),
        ("[isort]", MarkerKind::FormatterSection),
        ("[yapf]", MarkerKind::FormatterSection),
        ("[bandit]", MarkerKind::SecuritySection),
    ];
    for (section, kind) in sections {
        if let Some(line) = line_of(text, section) {
            facts.marker(kind, path, line, section.trim_matches(['[', ']']).to_string());
        }
    }
    if line_of(text, "[coverage").is_some() || line_of(text, "[report]").is_some() {
        facts.kind(
            PathKind::CoverageConfig,
            "coverage.py",
            line_of(text, "[coverage").unwrap_or(1),
        );
    }
    coverage_numbers(path, text, facts);
}

pub(super) fn codecov(path: &str, text: &str, facts: &mut FileFacts) {
    let docs = match yaml::parse(text) {
        Ok(docs) => docs,
        Err(error) => return facts.problem(path, "YAML", error.line, error.message),
    };
    for doc in &docs {
        doc.walk(&mut Vec::new(), &mut |path_keys, node| {
            if path_keys.last() == Some(&"target")
                && path_keys.contains(&"status")
                && let Some(value) = node
                    .as_str()
                    .and_then(|v| v.trim_end_matches('%').parse::<f64>().ok())
            {
                facts.markers.push(Marker {
                    kind: MarkerKind::CoverageThreshold,
                    path: path.to_string(),
                    line: node.line.max(1),
                    detail: format!("{value}"),
                });
            }
        });
    }
}

pub(super) fn js_coverage(path: &str, text: &str, facts: &mut FileFacts) {
    for anchor in [
        "coverageThreshold",
        "thresholds",
        "check-coverage",
        "checkCoverage",
    ] {
        if let Some(offset) = text.find(anchor) {
            let rest = &text[offset..];
            for key in ["lines", "statements", "branches", "functions"] {
                if let Some((value, line)) = number_after(rest, key) {
                    let line = line_at(text, offset) + line - 1;
                    facts.marker(MarkerKind::CoverageThreshold, path, line, format!("{value}"));
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::collect::content::facts::read_with as read;

    #[test]
    fn js_coverage_thresholds() {
        let facts = read(
            js_coverage,
            "jest.config.js",
            "module.exports = {\n  coverageThreshold: {\n    global: { lines: 85 }\n  }\n};\n",
        );
        assert_eq!(
            facts
                .markers
                .iter()
                .map(|m| (m.detail.as_str(), m.line))
                .collect::<Vec<_>>(),
            [("85", 3)]
        );
    }
}
