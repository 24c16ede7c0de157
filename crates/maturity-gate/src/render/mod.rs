//! A verdict written out: human text, the gate's own JSON, and the formats CI systems show
//! natively (SARIF 2.1.0 for code scanning, JUnit XML for test reports, Code Climate JSON for
//! GitLab's code quality). One module per format; none of them judges anything.

mod codequality;
mod junit;
mod sarif;

pub use codequality::codequality;
pub use junit::junit;
pub use sarif::sarif;

use std::fmt::Write;

use crate::evaluate::Verdict;

/// Identifies the layout of [`json`]; bumped when a key changes meaning or disappears.
pub const SCHEMA: &str = "maturity-gate/1";

/// For the terminal and CI logs: the verdict first, then every rule with its policy line.
pub fn text(verdict: &Verdict) -> String {
    let mut out = String::new();
    let total = verdict.results.len();
    let outcome = if verdict.passed {
        format!("PASSED, all {total} rules hold")
    } else {
        format!("FAILED, {} of {total} rules do not hold", verdict.failed)
    };
    let _ = writeln!(out, "Gate {} on “{}”: {outcome}", verdict.policy, verdict.subject);
    for result in &verdict.results {
        let mark = if result.passed { "ok  " } else { "FAIL" };
        let _ = writeln!(out, "{mark}  {}:{}  {}", verdict.policy, result.line, result.name);
        let _ = writeln!(out, "      {}", result.message);
    }
    out
}

/// The verdict as JSON (docs/gate.md): `schema` plus the fields of [`Verdict`].
pub fn json(verdict: &Verdict) -> String {
    let mut value = serde_json::to_value(verdict).expect("a verdict is plain data");
    value["schema"] = SCHEMA.into();
    let mut text = serde_json::to_string_pretty(&value).expect("a JSON value serialises");
    text.push('\n');
    text
}

/// The policy file as a URI reference relative to the repository root (or a `file://` URI
/// when it was named by an absolute path), percent-encoding what would break it.
fn policy_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for c in path.chars() {
        match c {
            '%' => out.push_str("%25"),
            ' ' => out.push_str("%20"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
