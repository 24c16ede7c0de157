//! Where stored evidence sits in an assessment's export.
//!
//! A path must survive export → import → export unchanged, so it is derived from what the
//! store keeps across that trip, the evidence's name, never from a store id. Evidence that
//! came in an imported directory is named by its path there and keeps it. Any other name (an
//! upload's "scan (2).json", an API push's "scan pushed by CI", an imported path that is not a
//! plain relative `.json` path, a work-item export's `.csv`, or a raw report's `.xml`, `.trx`,
//! `.info`, `.lcov` or `.out`) becomes a file under `evidence/`. Applied to its own output
//! (every piece re-imported under its export path), the naming changes nothing.

use std::collections::HashSet;

use maturity_model::assessment::RESPONSES_DIR;
use maturity_model::export::is_safe_relative_path;

/// The export path of each piece of evidence, given as `(kind, name, imported)` in reading
/// order (`imported`: it came in an imported directory, and its name is its path there). Every
/// path is distinct; one that would repeat an earlier path gets `-2`, `-3`… before `.json`.
pub fn export_paths<'a>(evidence: impl IntoIterator<Item = (&'a str, &'a str, bool)>) -> Vec<String> {
    let mut taken = HashSet::new();
    evidence
        .into_iter()
        .map(|(kind, name, imported)| {
            let wanted = imported
                .then(|| kept(name))
                .flatten()
                .map_or_else(|| format!("evidence/{}.json", slug(kind, name)), str::to_string);
            let extension = if wanted.ends_with(".csv") { ".csv" } else { ".json" };
            let stem = wanted.strip_suffix(extension).unwrap_or(&wanted).to_string();
            let path = std::iter::once(wanted)
                .chain((2..).map(|n| format!("{stem}-{n}{extension}")))
                .find(|p| !taken.contains(p))
                .unwrap_or_default();
            taken.insert(path.clone());
            path
        })
        .collect()
}

/// What a kept evidence file may be called: saved results, work-item exports, and raw test
/// and coverage reports (which a `[evidence] tests` or `coverage` entry may name as CI wrote
/// them).
const KEPT_EXTENSIONS: [&str; 8] = [
    ".json", ".jsonl", ".csv", ".xml", ".trx", ".info", ".lcov", ".out",
];

/// `name` itself when it is already a path an export can hold: relative, inside the
/// directory, without control characters or backslashes, a file of a kept extension, and not
/// where responses go.
fn kept(name: &str) -> Option<&str> {
    let plain = !name.chars().any(|c| c.is_control() || c == '\\');
    let ok = plain
        && KEPT_EXTENSIONS
            .iter()
            .any(|ext| name.ends_with(ext) && name.len() > ext.len())
        && !name.contains("//")
        && is_safe_relative_path(name)
        && !name.starts_with(&format!("{RESPONSES_DIR}/"));
    ok.then_some(name)
}

/// A file stem from the last part of `name`: letters, digits, `_` and `.` kept, runs of
/// anything else made one `-`; `kind` when nothing is left.
fn slug(kind: &str, name: &str) -> String {
    let base = name.rsplit('/').next().unwrap_or(name);
    let base = base.strip_suffix(".json").unwrap_or(base);
    let mut out = String::new();
    for c in base.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '_' | '.') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches(|c| c == '-' || c == '.');
    if out.is_empty() {
        kind.to_string()
    } else {
        out.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imported_paths_are_kept_and_other_names_become_files_under_evidence() {
        let paths = export_paths([
            ("scan", "evidence/api-scan.json", true),
            ("scan", "ci/web scan.json", true),
            ("scan", "ci\\scan.json", true),
            ("scan", "scan.json", false),
            ("scan", "scan (2).json", false),
            ("metrics", "metrics pushed by CI", false),
            ("metrics", "../../etc/passwd", true),
            ("metrics", "responses/x.json", true),
            ("metrics", "  ", false),
            ("scan", "/abs/scan.json", true),
            ("flow", "exports/jira.csv", true),
            ("flow", "exports/jira.csv", true),
            ("flow", "jira.csv", false),
            ("tests", "ci/TEST-acme.xml", true),
            ("coverage", "ci/coverage.toml", true),
        ]);
        assert_eq!(
            paths,
            [
                "evidence/api-scan.json",
                "ci/web scan.json",
                "evidence/ci-scan.json",
                "evidence/scan.json",
                "evidence/scan-2.json",
                "evidence/metrics-pushed-by-CI.json",
                "evidence/passwd.json",
                "evidence/x.json",
                "evidence/metrics.json",
                "evidence/scan-3.json",
                "exports/jira.csv",
                "exports/jira-2.csv",
                "evidence/jira.csv.json",
                "ci/TEST-acme.xml",
                "evidence/coverage.toml.json",
            ]
        );
    }

    #[test]
    fn repeated_names_get_distinct_paths_and_naming_is_idempotent() {
        let names = [
            ("scan", "scan.json", true),
            ("scan", "scan.json", true),
            ("scan", "evidence/scan-2.json", true),
            ("metrics", "scan.json", false),
            ("metrics", "scan.json", false),
        ];
        let first = export_paths(names);
        assert_eq!(
            first,
            [
                "scan.json",
                "scan-2.json",
                "evidence/scan-2.json",
                "evidence/scan.json",
                "evidence/scan-3.json"
            ]
        );
        // Re-imported, every piece of evidence is named by its export path.
        let again = export_paths(
            names
                .iter()
                .zip(&first)
                .map(|((kind, ..), path)| (*kind, path.as_str(), true)),
        );
        assert_eq!(again, first);
    }
}
