//! DevLake's incoming-webhook deployment payload read into a deployment record, for teams
//! moving from DevLake: their CI jobs keep posting what they post, to our server.
//!
//! Pure: a JSON value in, a record out. Both generations of DevLake's payload are read: the
//! snake_case one (`pipeline_id`, `commit_sha`, `repo_url`, `start_time`, `end_time`) and the
//! camelCase one (`id`, `startedDate`, `finishedDate`, `deploymentCommits[]`). It must not
//! depend on the web or the store. The mapping is docs/cdevents.md.

use maturity_assess::metrics::DeployStatus;
use serde_json::{Map, Value, json};

use crate::dates::parse_time;
use crate::events::EventError;
use crate::exports::DeploymentRecord;

/// The deployment a DevLake payload describes.
pub fn read_deployment(value: &Value) -> Result<DeploymentRecord, EventError> {
    let payload = value
        .as_object()
        .ok_or_else(|| EventError::new("(payload)", "expected a JSON object"))?;
    let commits = match field(payload, &["deploymentCommits", "deployment_commits"]) {
        None => Vec::new(),
        Some((_, Value::Array(items))) => items.iter().collect(),
        Some((key, _)) => return Err(EventError::new(key, "expected an array of objects")),
    };
    let first = match commits.first() {
        None => None,
        Some(Value::Object(o)) => Some(o),
        Some(_) => {
            return Err(EventError::new("deploymentCommits[0]", "expected an object"));
        }
    };
    // The deployment's own fields first, then its first commit's: DevLake's newer payload
    // puts commit, ref and times on each commit.
    let get = |names: &[&'static str]| -> Result<Option<String>, EventError> {
        if let Some(value) = string(payload, names, "")? {
            return Ok(Some(value));
        }
        match first {
            Some(commit) => string(commit, names, "deploymentCommits[0]."),
            None => Ok(None),
        }
    };
    let time = match get(&["end_time", "finishedDate", "finished_date"])? {
        Some(t) => Some(("end_time", t)),
        None => get(&["start_time", "startedDate", "started_date"])?.map(|t| ("start_time", t)),
    };
    let time = match time {
        Some((key, t)) => parse_time(&t).map_err(|e| EventError::new(key, e))?,
        None => {
            return Err(EventError::new(
                "end_time",
                "missing: send end_time (finishedDate) or start_time (startedDate), RFC 3339",
            ));
        }
    };
    let commit = get(&["commit_sha", "commitSha"])?;
    if commit.is_none() {
        return Err(EventError::new(
            "commit_sha",
            "missing: the deployed commit, in commit_sha or deploymentCommits[].commitSha",
        ));
    }
    let status = match get(&["result"])?.map(|r| r.to_ascii_uppercase()).as_deref() {
        None | Some("SUCCESS") => DeployStatus::Success,
        // An aborted deployment did not deliver what it set out to: DevLake's DORA counts only
        // successes, and so does our lead time; the failure rate counts it failed.
        Some("FAILURE" | "FAILED" | "ABORTED") => DeployStatus::Failure,
        Some(other) => {
            return Err(EventError::new(
                "result",
                format!("unknown result `{other}`: expected SUCCESS, FAILURE or ABORTED"),
            ));
        }
    };
    let environment =
        get(&["environment"])?.map_or_else(|| "production".to_string(), |e| e.to_ascii_lowercase());
    Ok(DeploymentRecord {
        line: 0,
        id: get(&["id", "pipeline_id", "pipelineId"])?,
        time,
        environment,
        version: get(&["ref_name", "refName"])?,
        commit,
        status,
        kind: None,
        service: None,
    })
}

/// A deployment as an entry of the deployments export (docs/metrics.md): what
/// `POST /api/v1/deployments` takes and stores, so every stored deployment has one form.
pub fn export_entry(d: &DeploymentRecord) -> Value {
    let time = jiff::Timestamp::from_second(d.time).map_or_else(|_| d.time.to_string(), |t| t.to_string());
    let mut entry = json!({
        "time": time,
        "environment": d.environment,
        "status": match d.status {
            DeployStatus::Success => "success",
            DeployStatus::Failure => "failure",
            DeployStatus::RolledBack => "rolled-back",
        },
    });
    let optional = [
        ("id", d.id.clone()),
        ("version", d.version.clone()),
        ("commit", d.commit.clone()),
        ("kind", d.kind.map(|k| k.as_str().to_string())),
        ("service", d.service.clone()),
    ];
    for (key, value) in optional {
        if let Some(value) = value {
            entry[key] = Value::String(value);
        }
    }
    entry
}

/// The first of `names` present, with the name it had.
fn field<'a>(map: &'a Map<String, Value>, names: &[&'static str]) -> Option<(&'static str, &'a Value)> {
    names
        .iter()
        .find_map(|&n| map.get(n).filter(|v| !v.is_null()).map(|v| (n, v)))
}

/// A text field under any of `names`; an empty string is absent, a number is its digits.
fn string(
    map: &Map<String, Value>,
    names: &[&'static str],
    prefix: &str,
) -> Result<Option<String>, EventError> {
    match field(map, names) {
        None => Ok(None),
        Some((_, Value::String(s))) if s.trim().is_empty() => Ok(None),
        Some((_, Value::String(s))) => Ok(Some(s.trim().to_string())),
        Some((_, Value::Number(n))) => Ok(Some(n.to_string())),
        Some((key, _)) => Err(EventError::new(format!("{prefix}{key}"), "expected a string")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_payload_generations() {
        let old: Value = serde_json::from_str(
            r#"{"pipeline_id": "deploy-42", "repo_url": "https://github.com/acme/orders",
                "commit_sha": "015e3d3b480e417aede5a1293bd61de9b0fd051d",
                "start_time": "2026-10-14T09:00:00+00:00", "end_time": "2026-10-14T09:30:00+00:00",
                "environment": "PRODUCTION", "result": "SUCCESS"}"#,
        )
        .expect("json");
        let d = read_deployment(&old).expect("reads");
        assert_eq!(d.id.as_deref(), Some("deploy-42"));
        assert_eq!(d.time, 1_791_970_200);
        assert_eq!(d.environment, "production");
        assert_eq!(d.status, DeployStatus::Success);
        assert_eq!(
            d.commit.as_deref(),
            Some("015e3d3b480e417aede5a1293bd61de9b0fd051d")
        );
        let new: Value = serde_json::from_str(
            r#"{"id": "Test 2", "createdDate": "2026-10-14T08:00:00+00:00",
                "startedDate": "2026-10-14T09:00:00+00:00", "finishedDate": "2026-10-14T09:30:00+00:00",
                "environment": "STAGING", "result": "FAILURE", "name": "orders",
                "deploymentCommits": [{"repoUrl": "https://github.com/acme/orders", "refName": "v1.4.2",
                  "commitSha": "015e3d3b480e417aede5a1293bd61de9b0fd051d", "commitMsg": "ship"}]}"#,
        )
        .expect("json");
        let d = read_deployment(&new).expect("reads");
        assert_eq!(
            (d.environment.as_str(), d.status),
            ("staging", DeployStatus::Failure)
        );
        assert_eq!(d.version.as_deref(), Some("v1.4.2"));
        assert_eq!(d.time, 1_791_970_200);
        let entry = export_entry(&d);
        assert_eq!(entry["time"], "2026-10-14T09:30:00Z");
        assert_eq!(entry["status"], "failure");
        let back = crate::exports::parse_deployments("x.json", &format!("[{entry}]"), true)
            .expect("an export entry");
        assert_eq!(back[0].commit, d.commit);
    }

    #[test]
    fn errors_name_the_field() {
        for (body, field) in [
            (r#"{"commit_sha": "abc1234"}"#, "end_time"),
            (r#"{"end_time": "soon", "commit_sha": "abc1234"}"#, "end_time"),
            (r#"{"end_time": "2026-10-14T09:30:00Z"}"#, "commit_sha"),
            (
                r#"{"end_time": "2026-10-14T09:30:00Z", "commit_sha": 7, "result": "MAYBE"}"#,
                "result",
            ),
            (
                r#"{"end_time": "2026-10-14T09:30:00Z", "commit_sha": ["x"]}"#,
                "commit_sha",
            ),
            (r#"{"deploymentCommits": {}}"#, "deploymentCommits"),
            ("[]", "(payload)"),
        ] {
            let value: Value = serde_json::from_str(body).expect("json");
            let err = read_deployment(&value).expect_err(body);
            assert_eq!(err.field, field, "{body}: {err}");
        }
    }
}
