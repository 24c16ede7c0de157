//! Reading deployment and incident exports (CSV or JSON) into plain records.
//!
//! CSV needs a header row; column names are case-insensitive and a few common aliases are
//! accepted (see `docs/metrics.md`). JSON is an array of objects with the same names. Every
//! problem names the file and line; a file with any problem yields an error and no records,
//! so nothing is ever computed from half a file.

use std::path::Path;

use maturity_model::{Diagnostic, Diagnostics};
use serde::Deserialize;

use crate::dates::{EXPECTED, parse_time};
use crate::error::Error;
use maturity_assess::metrics::{DeployStatus, ReworkKind};

/// One deployment as the export says it, before commits are resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeploymentRecord {
    pub line: usize,
    pub id: Option<String>,
    pub time: i64,
    pub environment: String,
    pub version: Option<String>,
    pub commit: Option<String>,
    pub status: DeployStatus,
    /// What the event says the deployment was for, when not to ship new work.
    pub kind: Option<ReworkKind>,
    /// The service deployed (monorepos, several services in one export).
    pub service: Option<String>,
}

/// One incident as the export says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentRecord {
    pub line: usize,
    pub id: Option<String>,
    pub opened: i64,
    pub resolved: Option<i64>,
    pub deployment: Option<String>,
    pub version: Option<String>,
    pub commit: Option<String>,
    /// The service it hit.
    pub service: Option<String>,
}

/// Stop collecting after this many problems: a wrong file would otherwise print thousands.
const MAX_PROBLEMS: usize = 20;

fn parse_status(text: &str) -> Result<DeployStatus, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" | "success" | "successful" | "succeeded" | "ok" | "done" | "deployed" => Ok(DeployStatus::Success),
        "failure" | "failed" | "fail" | "error" | "errored" => Ok(DeployStatus::Failure),
        "rolled-back" | "rolled_back" | "rollback" | "rolledback" | "reverted" => {
            Ok(DeployStatus::RolledBack)
        }
        other => Err(format!(
            "unknown status `{other}`: expected success, failure or rolled-back"
        )),
    }
}

fn parse_kind(text: &str) -> Result<Option<ReworkKind>, String> {
    match text.trim().to_ascii_lowercase().replace('_', "-").as_str() {
        "" | "normal" | "feature" | "deploy" | "deployment" | "release" => Ok(None),
        "rollback" | "rolled-back" | "roll-back" => Ok(Some(ReworkKind::Rollback)),
        "revert" => Ok(Some(ReworkKind::Revert)),
        "hotfix" | "hot-fix" => Ok(Some(ReworkKind::Hotfix)),
        "fix-forward" | "fix" | "bugfix" | "bug-fix" => Ok(Some(ReworkKind::FixForward)),
        other => Err(format!(
            "unknown kind `{other}`: expected normal, rollback, revert, hotfix or fix-forward"
        )),
    }
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn is_json(path: &Path, text: &str) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("json") => true,
        Some(e) if e.eq_ignore_ascii_case("csv") => false,
        _ => text.trim_start().starts_with(['[', '{']),
    }
}

/// The service a deployment shipped or an incident hit, in either export (and the JSON keys'
/// aliases).
const SERVICE_COLUMN: &[&str] = &["service", "app", "application", "component"];

/// Column aliases: the first name is the canonical one.
pub(crate) const DEPLOYMENT_COLUMNS: &[&[&str]] = &[
    &["time", "timestamp", "deployed_at", "date", "finished_at"],
    &["environment", "env"],
    &["version", "tag", "release"],
    &["commit", "sha", "revision", "commit_sha"],
    &["status", "result", "state"],
    &["id", "deployment_id"],
    &["kind", "type", "change_type"],
    SERVICE_COLUMN,
];

const INCIDENT_COLUMNS: &[&[&str]] = &[
    &["opened", "opened_at", "created_at", "start", "started_at"],
    &["resolved", "resolved_at", "closed_at", "end", "ended_at"],
    &["deployment", "deployment_id"],
    &["version", "tag", "release"],
    &["commit", "sha", "revision", "commit_sha"],
    &["id", "incident_id"],
    SERVICE_COLUMN,
];

/// A CSV row: its line and the cells of the canonical columns.
type CsvRow = (usize, Vec<Option<String>>);

/// Reads a CSV with a header into rows of the canonical columns (`None` = no such column or an
/// empty cell), each with its line.
fn read_csv(
    file: &str,
    text: &str,
    columns: &[&[&str]],
    required: &[usize],
) -> Result<Vec<CsvRow>, Diagnostics> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Diagnostics::one(csv_error(file, &e)))?
        .clone();
    let mut map: Vec<Option<usize>> = vec![None; columns.len()];
    for (i, header) in headers.iter().enumerate() {
        let header = header.trim().to_ascii_lowercase();
        if let Some(c) = columns.iter().position(|names| names.contains(&header.as_str())) {
            map[c] = Some(i);
        }
    }
    let missing: Vec<&str> = required
        .iter()
        .filter(|&&c| map[c].is_none())
        .map(|&c| columns[c][0])
        .collect();
    if !missing.is_empty() {
        return Err(Diagnostics::one(
            Diagnostic {
                file: file.to_string(),
                line: Some(1),
                column: None,
                message: format!("the header has no `{}` column", missing.join("`, `")),
                help: None,
            }
            .with_help(format!(
                "columns: {}",
                columns.iter().map(|c| c[0]).collect::<Vec<_>>().join(", ")
            )),
        ));
    }
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record
                    .position()
                    .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
                let row = map
                    .iter()
                    .map(|i| {
                        i.and_then(|i| record.get(i))
                            .filter(|v| !v.is_empty())
                            .map(str::to_string)
                    })
                    .collect();
                rows.push((line, row));
            }
            Err(e) => {
                problems.push(csv_error(file, &e));
                if problems.len() >= MAX_PROBLEMS {
                    break;
                }
            }
        }
    }
    Diagnostics(problems).into_result(rows)
}

fn csv_error(file: &str, error: &csv::Error) -> Diagnostic {
    let line = error.position().and_then(|p| usize::try_from(p.line()).ok());
    let message = match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("this row has {len} fields, the header has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "this row is not valid UTF-8".to_string(),
        _ => error.to_string(),
    };
    Diagnostic {
        file: file.to_string(),
        line,
        column: None,
        message,
        help: None,
    }
}

fn json_error(file: &str, error: &serde_json::Error) -> Diagnostics {
    Diagnostics::one(Diagnostic {
        file: file.to_string(),
        line: Some(error.line()),
        column: Some(error.column()),
        message: error
            .to_string()
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_string(),
        help: Some("each entry is an object; see docs/metrics.md".to_string()),
    })
}

/// A JSON time: a string in any accepted format or Unix seconds. Errors surface through
/// serde_json, which adds the line and column.
fn de_time<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Seconds(i64),
        Text(String),
    }
    match Raw::deserialize(d)? {
        Raw::Seconds(s) => Ok(s),
        Raw::Text(t) => parse_time(&t).map_err(serde::de::Error::custom),
    }
}

fn de_opt_time<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Seconds(i64),
        Text(String),
    }
    match Option::<Raw>::deserialize(d)? {
        None => Ok(None),
        Some(Raw::Seconds(s)) => Ok(Some(s)),
        Some(Raw::Text(t)) if t.trim().is_empty() => Ok(None),
        Some(Raw::Text(t)) => parse_time(&t).map(Some).map_err(serde::de::Error::custom),
    }
}

fn de_status<'de, D: serde::Deserializer<'de>>(d: D) -> Result<DeployStatus, D::Error> {
    let text = Option::<String>::deserialize(d)?.unwrap_or_default();
    parse_status(&text).map_err(serde::de::Error::custom)
}

fn default_environment() -> String {
    maturity_assess::metrics::DEFAULT_ENVIRONMENT.to_string()
}

/// A JSON value that may be a string or a number (versions like `1.2` often are numbers).
fn de_opt_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(d)?;
    Ok(match value {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) if s.is_empty() => None,
        Some(serde_json::Value::String(s)) => Some(s),
        Some(other) => Some(other.to_string()),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonDeployment {
    #[serde(
        alias = "timestamp",
        alias = "deployed_at",
        alias = "date",
        alias = "finished_at"
    )]
    #[serde(deserialize_with = "de_time")]
    time: i64,
    #[serde(default = "default_environment", alias = "env")]
    environment: String,
    #[serde(default, alias = "tag", alias = "release", deserialize_with = "de_opt_text")]
    version: Option<String>,
    #[serde(
        default,
        alias = "sha",
        alias = "revision",
        alias = "commit_sha",
        deserialize_with = "de_opt_text"
    )]
    commit: Option<String>,
    #[serde(
        default = "success",
        alias = "result",
        alias = "state",
        deserialize_with = "de_status"
    )]
    status: DeployStatus,
    #[serde(default, alias = "deployment_id", deserialize_with = "de_opt_text")]
    id: Option<String>,
    #[serde(default, alias = "type", alias = "change_type", deserialize_with = "de_kind")]
    kind: Option<ReworkKind>,
    #[serde(
        default,
        alias = "app",
        alias = "application",
        alias = "component",
        deserialize_with = "de_opt_text"
    )]
    service: Option<String>,
}

fn de_kind<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<ReworkKind>, D::Error> {
    let text = Option::<String>::deserialize(d)?;
    parse_kind(text.as_deref().unwrap_or("")).map_err(serde::de::Error::custom)
}

fn success() -> DeployStatus {
    DeployStatus::Success
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonIncident {
    #[serde(
        alias = "opened_at",
        alias = "created_at",
        alias = "start",
        alias = "started_at"
    )]
    #[serde(deserialize_with = "de_time")]
    opened: i64,
    #[serde(
        default,
        alias = "resolved_at",
        alias = "closed_at",
        alias = "end",
        alias = "ended_at"
    )]
    #[serde(deserialize_with = "de_opt_time")]
    resolved: Option<i64>,
    #[serde(default, alias = "deployment_id", deserialize_with = "de_opt_text")]
    deployment: Option<String>,
    #[serde(default, alias = "tag", alias = "release", deserialize_with = "de_opt_text")]
    version: Option<String>,
    #[serde(
        default,
        alias = "sha",
        alias = "revision",
        alias = "commit_sha",
        deserialize_with = "de_opt_text"
    )]
    commit: Option<String>,
    #[serde(default, alias = "incident_id", deserialize_with = "de_opt_text")]
    id: Option<String>,
    #[serde(
        default,
        alias = "app",
        alias = "application",
        alias = "component",
        deserialize_with = "de_opt_text"
    )]
    service: Option<String>,
}

/// Lines where each top-level array element starts, to give JSON records a line.
fn element_lines(text: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut depth = 0_i32;
    let mut in_string = false;
    let mut escaped = false;
    let mut line = 1;
    for c in text.chars() {
        if c == '\n' {
            line += 1;
        }
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' | '[' => {
                if depth == 1 && c == '{' {
                    lines.push(line);
                }
                depth += 1;
            }
            '}' | ']' => depth -= 1,
            _ => {}
        }
    }
    lines
}

/// A problem on one line of an export.
fn line_problem(file: &str, line: usize, message: String) -> Diagnostic {
    Diagnostic {
        file: file.to_string(),
        line: Some(line),
        column: None,
        message,
        help: None,
    }
}

/// A time column every row must have; a missing or unreadable one is reported, not guessed.
fn required_time(
    cell: Option<&str>,
    column: &str,
    at: &dyn Fn(String) -> Diagnostic,
    problems: &mut Vec<Diagnostic>,
) -> Option<i64> {
    match cell.map(parse_time) {
        Some(Ok(t)) => Some(t),
        Some(Err(e)) => {
            problems.push(at(format!("{column}: {e}")));
            None
        }
        None => {
            problems.push(at(format!("{column} is empty; {EXPECTED}")));
            None
        }
    }
}

/// Parses a deployments export already in memory; `file` names it in errors.
pub fn parse_deployments(file: &str, text: &str, json: bool) -> Result<Vec<DeploymentRecord>, Diagnostics> {
    if json {
        let raw: Vec<JsonDeployment> = serde_json::from_str(text).map_err(|e| json_error(file, &e))?;
        let lines = element_lines(text);
        return Ok(raw
            .into_iter()
            .enumerate()
            .map(|(i, d)| DeploymentRecord {
                line: lines.get(i).copied().unwrap_or(0),
                id: d.id,
                time: d.time,
                environment: d.environment,
                version: d.version,
                commit: d.commit,
                status: d.status,
                kind: d.kind,
                service: d.service,
            })
            .collect());
    }
    let rows = read_csv(file, text, DEPLOYMENT_COLUMNS, &[0])?;
    let mut out = Vec::with_capacity(rows.len());
    let mut problems = Vec::new();
    for (line, mut row) in rows {
        let at = |message: String| line_problem(file, line, message);
        let time = required_time(row[0].as_deref(), "time", &at, &mut problems);
        let status = match parse_status(row[4].as_deref().unwrap_or("")) {
            Ok(s) => Some(s),
            Err(e) => {
                problems.push(at(e));
                None
            }
        };
        let kind = match parse_kind(row[6].as_deref().unwrap_or("")) {
            Ok(k) => Some(k),
            Err(e) => {
                problems.push(at(e));
                None
            }
        };
        if let (Some(time), Some(status), Some(kind)) = (time, status, kind) {
            out.push(DeploymentRecord {
                line,
                id: row[5].take(),
                time,
                environment: row[1].take().unwrap_or_else(default_environment),
                version: row[2].take(),
                commit: row[3].take(),
                status,
                kind,
                service: row[7].take(),
            });
        }
        if problems.len() >= MAX_PROBLEMS {
            break;
        }
    }
    Diagnostics(problems).into_result(out)
}

/// Parses an incidents export already in memory; `file` names it in errors.
pub fn parse_incidents(file: &str, text: &str, json: bool) -> Result<Vec<IncidentRecord>, Diagnostics> {
    if json {
        let raw: Vec<JsonIncident> = serde_json::from_str(text).map_err(|e| json_error(file, &e))?;
        let lines = element_lines(text);
        let mut problems = Vec::new();
        let out = raw
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let line = lines.get(i).copied().unwrap_or(0);
                if let Some(resolved) = r.resolved
                    && resolved < r.opened
                {
                    problems.push(Diagnostic {
                        file: file.to_string(),
                        line: Some(line),
                        column: None,
                        message: "resolved before it was opened".to_string(),
                        help: None,
                    });
                }
                IncidentRecord {
                    line,
                    id: r.id,
                    opened: r.opened,
                    resolved: r.resolved,
                    deployment: r.deployment,
                    version: r.version,
                    commit: r.commit,
                    service: r.service,
                }
            })
            .collect();
        return Diagnostics(problems).into_result(out);
    }
    let rows = read_csv(file, text, INCIDENT_COLUMNS, &[0])?;
    let mut out = Vec::with_capacity(rows.len());
    let mut problems = Vec::new();
    for (line, mut row) in rows {
        let at = |message: String| line_problem(file, line, message);
        let opened = required_time(row[0].as_deref(), "opened", &at, &mut problems);
        let resolved = match row[1].as_deref().map(parse_time) {
            Some(Ok(t)) => Ok(Some(t)),
            Some(Err(e)) => {
                problems.push(at(format!("resolved: {e}")));
                Err(())
            }
            None => Ok(None),
        };
        if let (Some(opened), Ok(resolved)) = (opened, resolved) {
            if resolved.is_some_and(|r| r < opened) {
                problems.push(at("resolved before it was opened".to_string()));
            }
            out.push(IncidentRecord {
                line,
                id: row[5].take(),
                opened,
                resolved,
                deployment: row[2].take(),
                version: row[3].take(),
                commit: row[4].take(),
                service: row[6].take(),
            });
        }
        if problems.len() >= MAX_PROBLEMS {
            break;
        }
    }
    Diagnostics(problems).into_result(out)
}

/// Reads a deployments export (CSV, or JSON by extension or content).
pub fn read_deployments(path: &Path) -> Result<Vec<DeploymentRecord>, Error> {
    let text = read(path)?;
    Ok(parse_deployments(
        &path.display().to_string(),
        &text,
        is_json(path, &text),
    )?)
}

/// Reads an incidents export (CSV, or JSON by extension or content).
pub fn read_incidents(path: &Path) -> Result<Vec<IncidentRecord>, Error> {
    let text = read(path)?;
    Ok(parse_incidents(
        &path.display().to_string(),
        &text,
        is_json(path, &text),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_deployments() {
        let text = "Time,Env,Tag,SHA,Status\n\
                    2024-01-01T00:00:00Z,production,v1.0.0,,success\n\
                    2024-01-02,staging,,abc123,failed\n\
                    2024-01-03 10:00,production,v1.0.1,,rolled back\n";
        let err = parse_deployments("d.csv", text, false).expect_err("bad status");
        assert_eq!(err.0[0].line, Some(4));
        assert!(err.0[0].message.contains("rolled back"), "{}", err.0[0]);
        let text = text.replace("rolled back", "rollback");
        let rows = parse_deployments("d.csv", &text, false).expect("valid");
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].time, 1_704_067_200);
        assert_eq!(rows[0].version.as_deref(), Some("v1.0.0"));
        assert_eq!(rows[1].status, DeployStatus::Failure);
        assert_eq!(rows[1].commit.as_deref(), Some("abc123"));
        assert_eq!(rows[2].status, DeployStatus::RolledBack);
        assert_eq!(rows[2].line, 4);
    }

    #[test]
    fn csv_errors_name_file_and_line_and_keep_nothing() {
        let cases = [
            (
                "time,environment\n2024-01-01,production\nnot a date,production\n",
                3,
                "unparsable date",
            ),
            (
                "time,environment\n2024-01-01,production\n2024-01-02\n",
                3,
                "1 fields",
            ),
            ("environment\nproduction\n", 1, "no `time` column"),
        ];
        for (text, line, message) in cases {
            let err = parse_deployments("deploys.csv", text, false).expect_err(text);
            let d = &err.0[0];
            assert_eq!(d.file, "deploys.csv");
            assert_eq!(d.line, Some(line), "{d}");
            assert!(d.message.contains(message), "{d}");
        }
    }

    #[test]
    fn json_deployments_and_errors() {
        let text = r#"[
  {"time": "2024-01-01T00:00:00Z", "environment": "production", "version": "v1.0.0"},
  {"time": 1704153600, "env": "production", "sha": "abc", "status": "failed"}
]"#;
        let rows = parse_deployments("d.json", text, true).expect("valid");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].line, 3);
        assert_eq!(rows[1].time, 1_704_153_600);
        let bad = text.replace("1704153600", "\"soon\"");
        let err = parse_deployments("d.json", &bad, true).expect_err("bad date");
        assert_eq!(err.0[0].line, Some(3), "{err}");
        assert!(err.0[0].message.contains("unparsable date"), "{err}");
        let truncated = &text[..text.len() - 10];
        let err = parse_deployments("d.json", truncated, true).expect_err("truncated");
        assert!(err.0[0].line.is_some());
        let unknown = text.replace("\"environment\"", "\"enviroment\"");
        let err = parse_deployments("d.json", &unknown, true).expect_err("unknown field");
        assert_eq!(err.0[0].line, Some(2), "{err}");
    }

    #[test]
    fn incidents_csv_and_json() {
        let csv = "opened,resolved,version\n2024-01-02T00:00:00Z,2024-01-02T05:00:00Z,v1.0.0\n2024-01-05,,\n";
        let rows = parse_incidents("i.csv", csv, false).expect("valid");
        assert_eq!(rows[0].resolved, Some(1_704_171_600));
        assert_eq!(rows[1].resolved, None);
        let backwards = "opened,resolved\n2024-01-05,2024-01-01\n";
        let err = parse_incidents("i.csv", backwards, false).expect_err("backwards");
        assert_eq!(err.0[0].line, Some(2));
        let json = r#"[{"opened": "2024-01-02", "resolved": "2024-01-03", "commit": "abc"}]"#;
        let rows = parse_incidents("i.json", json, true).expect("valid");
        assert_eq!(rows[0].commit.as_deref(), Some("abc"));
    }
}
