//! Delivery events measured on their own, without a git history: what a server has for a
//! subject when CI pushes CDEvents, deployment entries or DevLake deployments but no scan.
//!
//! Pure: the stored events as JSON lines in, metrics out; "now" is the latest event, so the
//! same events always measure the same. The web stores events as they were pushed (a CDEvent,
//! or an entry of the deployments export as `POST /api/v1/deployments` and the DevLake route
//! store it) and an export holds them as one JSON-lines file, which `maturity report` reads
//! through the `events` evidence source; both come here, so they measure alike.
//!
//! Lead time needs commits, which events do not have: `change.merged` events (and deployment
//! entries with a `commit_time`) stand in for them as one line of history in time order, and a
//! deployment ships every change merged before it that an earlier one did not (docs/metrics.md,
//! "Measured from events").

use maturity_assess::metrics::{
    self, CommitId, CommitInfo, Config, Deployment, DoraBenchmark, History, HistoryBuilder, Incident, Input,
    Metrics, ReworkKind, Warning,
};
use maturity_model::{Diagnostic, Diagnostics};
use serde_json::{Map, Value};

use crate::events::{ChangeRecord, Collector, read_event};
use crate::exports::{DEPLOYMENT_COLUMNS, DeploymentRecord, parse_deployments};
use crate::pattern::HotfixPattern;

/// A deployment entry's commit time: lead time from the entry itself (not an export column).
const COMMIT_TIME_KEYS: &[&str] = &["commit_time", "committed_at"];

/// Lines that do not read are named in a warning, up to this many.
const NAMED_LINES: usize = 20;

/// The events of a JSON-lines text, read leniently: what was accepted once is measured even
/// if a later version of the reader would refuse it, and a line that does not read is
/// listed, not fatal.
#[derive(Debug, Clone, Default)]
pub struct Stored {
    pub deployments: Vec<DeploymentRecord>,
    pub incidents: Vec<crate::exports::IncidentRecord>,
    pub changes: Vec<ChangeRecord>,
    pub warnings: Vec<Warning>,
    /// The latest time of any event: the end of the window.
    pub latest: i64,
}

/// Reads stored events, one JSON object a line: a CDEvent (it has `context`) or a
/// deployment entry. An error only when no line reads at all.
pub fn parse_stored(file: &str, text: &str) -> Result<Stored, Diagnostics> {
    let mut collector = Collector::default();
    let mut deployments = Vec::new();
    let mut changes = Vec::new();
    let mut bad: Vec<(usize, String)> = Vec::new();
    let mut read = 0_usize;
    let mut latest = i64::MIN;
    for (i, row) in text.lines().enumerate() {
        let line = i + 1;
        if row.trim().is_empty() {
            continue;
        }
        let value = match serde_json::from_str::<Value>(row) {
            Ok(Value::Object(object)) => object,
            Ok(_) => {
                bad.push((line, "expected an object".to_string()));
                continue;
            }
            Err(e) => {
                bad.push((line, format!("not JSON: {e}")));
                continue;
            }
        };
        if value.contains_key("context") {
            match read_event(&Value::Object(value), line) {
                Ok(event) => {
                    read += 1;
                    collector.push(line, event);
                }
                Err(e) => bad.push((line, e.to_string())),
            }
            continue;
        }
        match deployment_entry(file, &value, line) {
            Ok((deployment, change)) => {
                read += 1;
                latest = latest.max(deployment.time);
                deployments.push(deployment);
                changes.extend(change);
            }
            Err(message) => bad.push((line, message)),
        }
    }
    if read == 0 {
        let (line, message) = bad.first().cloned().unwrap_or((
            1,
            "no events: send one CDEvent or deployment entry a line".to_string(),
        ));
        return Err(Diagnostics::one(Diagnostic {
            file: file.to_string(),
            line: Some(line),
            column: None,
            message,
            help: Some("one CDEvent or deployment entry a line; see docs/cdevents.md".to_string()),
        }));
    }
    // Stored events were each accepted when pushed; an incident resolved before it was
    // detected across two pushes is left out and listed.
    let (events, problems) = collector.finish_all();
    bad.extend(problems);
    let mut warnings = vec![Warning::new(
        "measured-from-events",
        "measured from delivery events, not from a git history: lead time runs from `change.merged` \
         events (or a deployment's `commit_time`) to the first production deployment after them",
    )];
    if !bad.is_empty() {
        bad.sort();
        let named: Vec<String> = bad
            .iter()
            .take(NAMED_LINES)
            .map(|(line, message)| format!("line {line}: {message}"))
            .collect();
        warnings.push(Warning::new(
            "events-unreadable",
            format!(
                "{file}: {} event(s) that do not read are left out: {}{}",
                bad.len(),
                named.join("; "),
                if bad.len() > NAMED_LINES { "; …" } else { "" }
            ),
        ));
    }
    if !events.never_detected.is_empty() {
        warnings.push(Warning::new(
            "events-never-detected",
            format!(
                "{file}: incidents resolved with no incident.detected event are left out: {}",
                events.never_detected.join(", ")
            ),
        ));
    }
    deployments.extend(events.deployments);
    changes.extend(events.changes);
    for time in deployments
        .iter()
        .map(|d| d.time)
        .chain(changes.iter().map(|c| c.time))
        .chain(
            events
                .incidents
                .iter()
                .flat_map(|i| [Some(i.opened), i.resolved])
                .flatten(),
        )
    {
        latest = latest.max(time);
    }
    Ok(Stored {
        deployments,
        incidents: events.incidents,
        changes,
        warnings,
        latest,
    })
}

/// A deployment entry as the deployments export's JSON reads it, keys it does not know left
/// out (`POST /api/v1/deployments` keeps every key), and its change when it has a commit and
/// a `commit_time`.
fn deployment_entry(
    file: &str,
    value: &Map<String, Value>,
    line: usize,
) -> Result<(DeploymentRecord, Option<ChangeRecord>), String> {
    let known: Map<String, Value> = value
        .iter()
        .filter(|(key, _)| {
            let key = key.to_ascii_lowercase();
            DEPLOYMENT_COLUMNS
                .iter()
                .any(|names| names.contains(&key.as_str()))
        })
        .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
        .collect();
    let text = Value::Array(vec![Value::Object(known)]).to_string();
    let mut read = parse_deployments(file, &text, true).map_err(|e| {
        e.0.first()
            .map_or_else(|| "not a deployment entry".to_string(), |d| d.message.clone())
    })?;
    let mut deployment = read.pop().ok_or("not a deployment entry")?;
    deployment.line = line;
    let commit_time = COMMIT_TIME_KEYS.iter().find_map(|k| value.get(*k));
    let change = match (commit_time, &deployment.commit) {
        (None, _) => None,
        (Some(_), None) => return Err("`commit_time` needs `commit`".to_string()),
        (Some(time), Some(commit)) => {
            let time = time
                .as_str()
                .and_then(|t| crate::dates::parse_time(t).ok())
                .or_else(|| time.as_i64())
                .ok_or("`commit_time`: expected an RFC 3339 timestamp or Unix seconds")?;
            Some(ChangeRecord {
                line,
                id: commit.clone(),
                time,
            })
        }
    };
    Ok((deployment, change))
}

/// The delivery metrics of stored events, with every key per environment and per service
/// (`breakdown`) as with a deployments export.
pub fn measure(stored: &Stored, benchmark: DoraBenchmark) -> Metrics {
    let now = stored.latest.saturating_add(1);
    let input = input(stored);
    let config = Config {
        benchmark,
        ..Config::new(now)
    };
    let mut measured = metrics::compute(&input, &config);
    measured.breakdown = metrics::breakdown(&input, &config, &[]);
    measured
}

/// The metrics' input: the changes as one line of history, deployments linked to the last
/// change merged before them (a rollback ships nothing new, so it is linked to none), and
/// incidents as they are.
pub fn input(stored: &Stored) -> Input {
    let mut changes: Vec<&ChangeRecord> = stored.changes.iter().collect();
    // A change merged twice (pushed twice) counts once, at its first merge.
    changes.sort_by(|a, b| (&a.id, a.time).cmp(&(&b.id, b.time)));
    changes.dedup_by(|later, earlier| later.id == earlier.id);
    changes.sort_by(|a, b| (a.time, &a.id).cmp(&(b.time, &b.id)));
    let history = line_of(&changes);
    let hotfix = HotfixPattern::default();
    // A deployment pushed twice (a retried CI step) counts once.
    let mut seen = std::collections::HashSet::new();
    let deployments = stored
        .deployments
        .iter()
        .filter(|d| d.id.as_ref().is_none_or(|id| seen.insert(id.clone())))
        .map(|d| {
            let named = d
                .commit
                .as_deref()
                .and_then(|c| changes.iter().position(|change| change.id == c));
            let by_time = (d.kind != Some(ReworkKind::Rollback))
                .then(|| changes.partition_point(|c| c.time <= d.time).checked_sub(1))
                .flatten();
            let kind = d.kind.or_else(|| {
                d.version
                    .as_deref()
                    .is_some_and(|v| hotfix.is_hotfix(v))
                    .then_some(ReworkKind::Hotfix)
            });
            Deployment {
                id: d.id.clone(),
                time: d.time,
                environment: d.environment.clone(),
                version: d.version.clone(),
                commit_ref: d.commit.clone(),
                commit: named.or(by_time).and_then(|i| u32::try_from(i).ok()),
                status: d.status,
                kind,
                service: d.service.clone(),
                line: d.line,
            }
        })
        .collect();
    let incidents = stored
        .incidents
        .iter()
        .map(|i| Incident {
            id: i.id.clone(),
            opened: i.opened,
            resolved: i.resolved,
            deployment: i.deployment.clone(),
            version: i.version.clone(),
            commit_ref: i.commit.clone(),
            commit: None,
            service: i.service.clone(),
            line: i.line,
        })
        .collect();
    Input {
        history,
        deployments: Some(deployments),
        incidents: Some(incidents),
        warnings: stored.warnings.clone(),
        ..Input::default()
    }
}

/// Changes in time order as a history where each one's parent is the one before.
fn line_of(changes: &[&ChangeRecord]) -> History {
    let mut builder = HistoryBuilder::with_capacity(changes.len());
    let author = builder.author("change.merged");
    let mut previous = None;
    for change in changes {
        let (commit, _) = builder.intern(id_of(&change.id));
        let parents: Vec<u32> = previous.into_iter().collect();
        builder.set_parents(commit, &parents);
        builder.set_info(
            commit,
            CommitInfo {
                author_time: change.time,
                committer_time: change.time,
                author,
                flags: 0,
            },
        );
        previous = Some(commit);
    }
    builder.set_head(previous);
    // Ids are distinct (deduplicated by the caller) and every commit has its info.
    builder.build().unwrap_or_default()
}

/// A change's commit id: its hash when it is one, else a stable digest of its id.
fn id_of(id: &str) -> CommitId {
    if let Some(commit) = CommitId::from_hex(&id.to_ascii_lowercase()) {
        return commit;
    }
    let mut out = [0_u8; 20];
    for (round, chunk) in out.chunks_mut(8).enumerate() {
        let mut hash = 0xcbf2_9ce4_8422_2325_u64 ^ (round as u64);
        for byte in id.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        chunk.copy_from_slice(&hash.to_le_bytes()[..chunk.len()]);
    }
    CommitId(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3600;
    /// 2026-03-02T10:00:00Z.
    const T0: i64 = 1_772_445_600;

    fn at(seconds: i64) -> String {
        jiff::Timestamp::from_second(seconds).expect("time").to_string()
    }

    fn cdevent(kind: &str, id: &str, time: i64, content: serde_json::Value) -> String {
        serde_json::json!({
            "context": {"specversion": "0.4.1", "id": format!("ctx-{kind}-{id}-{time}"), "source": "/ci",
                        "type": format!("dev.cdevents.{kind}.0.2.0"), "timestamp": at(time)},
            "subject": {"id": id, "content": content}
        })
        .to_string()
    }

    fn deployed(service: &str, env: &str, version: &str, time: i64) -> String {
        cdevent(
            "service.deployed",
            service,
            time,
            serde_json::json!({"environment": {"id": env}, "artifactId": format!("pkg:generic/{service}@{version}")}),
        )
    }

    /// Two changes, three production deployments (one failed by its entry's status, one
    /// rolled back), a staging one, an incident with its resolution, a duplicate push, a
    /// deployment entry with keys of its own, and a line that does not read.
    fn text() -> String {
        [
            cdevent("change.merged", "pr-1", T0, serde_json::json!({})),
            deployed("orders", "staging", "v1", T0 + HOUR),
            deployed("orders", "production", "v1", T0 + 2 * HOUR),
            cdevent("change.merged", "pr-2", T0 + 24 * HOUR, serde_json::json!({})),
            serde_json::json!({"time": at(T0 + 27 * HOUR), "environment": "production", "service": "orders",
                               "version": "v2", "status": "failure", "id": "d-2", "pipeline": "x"})
            .to_string(),
            serde_json::json!({"time": at(T0 + 27 * HOUR), "environment": "production", "service": "orders",
                               "version": "v2", "status": "failure", "id": "d-2"})
            .to_string(),
            cdevent(
                "incident.detected",
                "inc-1",
                T0 + 28 * HOUR,
                serde_json::json!({"service": {"id": "orders"}}),
            ),
            cdevent(
                "service.rolledback",
                "orders",
                T0 + 29 * HOUR,
                serde_json::json!({"environment": {"id": "production"}, "artifactId": "pkg:generic/orders@v1"}),
            ),
            cdevent("incident.resolved", "inc-1", T0 + 30 * HOUR, serde_json::json!({})),
            serde_json::json!({"time": "not a time"}).to_string(),
            String::new(),
        ]
        .join("\n")
    }

    #[test]
    fn events_alone_give_the_keys() {
        let stored = parse_stored("events", &text()).expect("reads");
        assert_eq!(stored.latest, T0 + 30 * HOUR);
        let m = measure(&stored, DoraBenchmark::builtin());
        // The duplicate d-2 counts once; staging is not production.
        assert_eq!(m.deployment_frequency.count, 3);
        assert_eq!(m.change_failure_rate.total, 3);
        assert_eq!(m.change_failure_rate.failed, 1, "{:?}", m.change_failure_rate);
        assert_eq!(m.deployment_rework_rate.reworked, 1);
        // pr-1 shipped after 2 h; pr-2 only by d-2, which failed, so it is not delivered.
        assert_eq!((m.lead_time.count, m.lead_time.unreleased), (1, 1));
        assert_eq!(m.lead_time.median_hours, Some(2.0));
        // d-2 until the rollback restored service, and the incident until it was resolved.
        assert_eq!(m.failed_deployment_recovery_time.count, 2);
        assert!(m.failed_deployment_recovery_time.median_hours.is_some());
        let codes: Vec<&str> = m.warnings.iter().map(|w| w.code.as_str()).collect();
        assert!(codes.contains(&"measured-from-events"), "{codes:?}");
        let unreadable = m
            .warnings
            .iter()
            .find(|w| w.code == "events-unreadable")
            .expect("the bad line is listed");
        assert!(unreadable.message.contains("line 10: "), "{}", unreadable.message);
        let environments: Vec<&str> = m.breakdown.iter().map(|b| b.environment.as_str()).collect();
        assert!(environments.contains(&"staging"), "{environments:?}");
    }

    #[test]
    fn commit_times_of_entries_and_nothing_readable() {
        let text = serde_json::json!({"time": at(T0 + 5 * HOUR), "commit": "abc1234",
                                      "commit_time": at(T0 + HOUR)})
        .to_string();
        let m = measure(
            &parse_stored("e", &text).expect("reads"),
            DoraBenchmark::builtin(),
        );
        assert_eq!(m.lead_time.median_hours, Some(4.0));
        for (bad, says) in [
            ("", "no events"),
            ("[1]", "expected an object"),
            ("{\"time\": 5", "not JSON"),
            ("{\"status\": \"ok\"}", "missing field `time`"),
            (
                "{\"time\": \"2026-03-02T10:00:00Z\", \"commit_time\": \"2026-03-02T09:00:00Z\"}",
                "`commit_time` needs `commit`",
            ),
            (
                "{\"time\": \"2026-03-02T10:00:00Z\", \"commit\": \"abc1234\", \"commit_time\": true}",
                "`commit_time`: expected",
            ),
            ("{\"context\": {}}", "context.type: missing"),
        ] {
            let err = parse_stored("e", bad).expect_err(bad);
            assert!(err.to_string().contains(says), "{bad}: {err}");
        }
    }
}
