//! SARIF 2.1.0 for code-scanning tools: one rule per check, one result per finding. Passes
//! are results of kind `pass` (level `none`), so a viewer can show what was proven as well
//! as what is missing; findings about the whole tree point at the root directory (`.`).

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::checks;
use crate::finding::Outcome;
use crate::report::ScanReport;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Percent-encodes the characters that would break a relative URI reference.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '%' => out.push_str("%25"),
            ' ' => out.push_str("%20"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            '[' => out.push_str("%5B"),
            ']' => out.push_str("%5D"),
            c => out.push(c),
        }
    }
    out
}

pub fn sarif(report: &ScanReport) -> Value {
    let all = checks::all();
    let rules: Vec<Value> = all
        .iter()
        .map(|check| {
            json!({
                "id": check.id,
                "shortDescription": { "text": check.question },
                "help": { "text": check.remediation },
                "properties": { "criteria": check.criteria() },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|finding| {
            let (kind, level) = match finding.outcome {
                Outcome::Pass => ("pass", "none"),
                Outcome::Fail => ("fail", "warning"),
                Outcome::CouldNotParse => ("fail", "error"),
            };
            let mut physical = json!({
                "artifactLocation": { "uri": uri(finding.file.as_deref().unwrap_or(".")), "uriBaseId": "SRCROOT" },
            });
            if let Some(line) = finding.line {
                physical["region"] = json!({ "startLine": line });
            }
            let mut result = json!({
                "ruleId": finding.check,
                "kind": kind,
                "level": level,
                "message": { "text": finding.message },
                "locations": [ { "physicalLocation": physical } ],
            });
            if let Some(index) = all.iter().position(|c| c.id == finding.check) {
                result["ruleIndex"] = json!(index);
            }
            result
        })
        .collect();
    json!({
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
            "results": results,
            "properties": {
                "observedLevels": report.observed,
            },
        }],
    })
}

pub fn write_sarif(report: &ScanReport, out: &mut dyn Write) -> io::Result<()> {
    let text = serde_json::to_string_pretty(&sarif(report)).map_err(io::Error::other)?;
    writeln!(out, "{text}")
}
