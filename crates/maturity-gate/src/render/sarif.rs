//! SARIF 2.1.0 (`runs[].tool.driver.rules`, `results`): one rule per policy rule, one result
//! per judged rule, located at the policy line that asks for it. Results that hold are kept
//! as kind `pass` (level `none`), as `maturity scan` does, so a viewer shows what held too.

use serde_json::{Value, json};

use super::policy_uri;
use crate::evaluate::Verdict;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub fn sarif(verdict: &Verdict) -> String {
    let mut rule_ids: Vec<&str> = Vec::new();
    for result in &verdict.results {
        if !rule_ids.contains(&result.rule.as_str()) {
            rule_ids.push(&result.rule);
        }
    }
    let rules: Vec<Value> = rule_ids
        .iter()
        .map(|id| {
            let family = id.split('.').next().unwrap_or(id);
            json!({
                "id": id,
                "name": family,
                "shortDescription": { "text": format!("gate policy rule {id}") },
                "help": { "text": format!("written in {}; docs/gate.md describes [{family}]", verdict.policy) },
            })
        })
        .collect();
    let uri = policy_uri(&verdict.policy);
    let results: Vec<Value> = verdict
        .results
        .iter()
        .map(|result| {
            let (kind, level) = if result.passed {
                ("pass", "none")
            } else {
                ("fail", "error")
            };
            json!({
                "ruleId": result.rule,
                "ruleIndex": rule_ids.iter().position(|id| *id == result.rule),
                "kind": kind,
                "level": level,
                "message": { "text": result.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri },
                        "region": { "startLine": result.line },
                    }
                }],
                "partialFingerprints": { "maturityGateResult/v1": result.name },
            })
        })
        .collect();
    let document = json!({
        "version": "2.1.0",
        "$schema": SCHEMA,
        "runs": [{
            "tool": {
                "driver": {
                    "name": "maturity",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "automationDetails": { "id": "maturity-gate/" },
            "results": results,
            "properties": { "subject": verdict.subject, "passed": verdict.passed },
        }],
    });
    let mut text = serde_json::to_string_pretty(&document).expect("a JSON value serialises");
    text.push('\n');
    text
}
