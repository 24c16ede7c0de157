//! GitLab's code quality report (the Code Climate JSON array): one issue per rule that does
//! not hold, at its policy line; rules that hold are not issues and are left out.

use serde_json::{Value, json};

use super::policy_uri;
use crate::evaluate::Verdict;

pub fn codequality(verdict: &Verdict) -> String {
    let path = policy_uri(&verdict.policy);
    let issues: Vec<Value> = verdict
        .results
        .iter()
        .filter(|result| !result.passed)
        .map(|result| {
            json!({
                "type": "issue",
                "check_name": format!("maturity-gate/{}", result.rule),
                "description": result.message,
                "categories": ["Style"],
                "severity": "major",
                // GitLab matches issues across pipelines by fingerprint: the policy file and
                // the result's name stay the same while the rule stands.
                "fingerprint": fingerprint(&format!("{}\n{}", verdict.policy, result.name)),
                "location": { "path": path, "lines": { "begin": result.line } },
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&issues).expect("a JSON value serialises");
    text.push('\n');
    text
}

/// FNV-1a, 64 bits, as 16 hex digits: stable across runs and platforms, unlike std's hasher.
fn fingerprint(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{hash:016x}")
}
