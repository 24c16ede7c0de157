//! CDEvents (spec v0.4 and later) read into the same deployment and incident records the
//! exports yield, so the metrics cannot tell events from a CSV export.
//!
//! Pure: JSON values or text in, records out; no files, no clock, no network. It must not
//! depend on the web or the store: `maturity metrics --events` and `POST /api/v1/cdevents`
//! both call it, so a file of events and the same events pushed read alike. The mapping of
//! each type is docs/cdevents.md.

use std::collections::{BTreeMap, HashMap};

use maturity_assess::metrics::{DeployStatus, ReworkKind};
use maturity_model::{Diagnostic, Diagnostics};
use maturity_tests::cdevents::{TestEvent, test_event};
use serde_json::{Map, Value};

use crate::exports::{DeploymentRecord, IncidentRecord};

/// `context.specversion` must be at least this: earlier specs named fields differently.
const OLDEST_SPEC: (u64, u64) = (0, 4);

/// Stop collecting after this many bad lines: a wrong file would otherwise print thousands.
const MAX_PROBLEMS: usize = 20;

/// What is wrong with one event: the field path (`context.timestamp`) and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct EventError {
    pub field: String,
    pub message: String,
}

impl EventError {
    pub(crate) fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The same error inside a larger document (`[2]` of an array).
    pub fn within(self, prefix: &str) -> Self {
        Self {
            field: format!("{prefix}.{}", self.field),
            message: self.message,
        }
    }
}

/// One side of an incident: what `incident.detected` or `incident.resolved` said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentSide {
    /// `subject.id`, which joins the detected and the resolved event.
    pub id: String,
    pub time: i64,
    pub service: Option<String>,
    pub version: Option<String>,
}

/// A change merged, as `change.merged` says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRecord {
    pub line: usize,
    /// `subject.id`: the change (a pull request, or a commit's hash).
    pub id: String,
    pub time: i64,
}

/// What one event is to the metrics.
#[derive(Debug, Clone, PartialEq)]
pub enum Meaning {
    Deployment(DeploymentRecord),
    IncidentDetected(IncidentSide),
    IncidentResolved(IncidentSide),
    /// A change merged: when, for lead times measured from events alone (`stored`).
    Change(ChangeRecord),
    /// A test case's or a test suite's run finished: an attempt for the test results.
    Test(TestEvent),
    /// A type read and checked that feeds no metric (`artifact.published`): counted and
    /// listed.
    Kept,
    /// A type this reader does not know: counted and listed, never an error.
    Unknown,
}

/// One event read: its type as listed (`service.deployed`; an unknown one by its whole
/// `context.type`) and what it means.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub name: String,
    pub meaning: Meaning,
}

/// The subjects and predicates this reader maps, by `<subject>.<predicate>`.
const KNOWN: &[&str] = &[
    "service.deployed",
    "service.upgraded",
    "service.rolledback",
    "incident.detected",
    "incident.resolved",
    "change.merged",
    "artifact.published",
    "testcaserun.finished",
    "testsuiterun.finished",
];

/// Reads one event; `line` is what the deployment record is listed by.
pub fn read_event(value: &Value, line: usize) -> Result<Event, EventError> {
    let root = value
        .as_object()
        .ok_or_else(|| EventError::new("(event)", format!("expected an object, found {}", what(value))))?;
    let context = object(root, "", "context")?;
    let (subject_type, predicate) = event_type(text(context, "context", "type")?)?;
    spec_version(context)?;
    let id = text(context, "context", "id")?;
    text(context, "context", "source")?;
    let timestamp = text(context, "context", "timestamp")?;
    let time = timestamp
        .parse::<jiff::Timestamp>()
        .map_err(|_| {
            EventError::new(
                "context.timestamp",
                format!("`{timestamp}` is not an RFC 3339 timestamp, e.g. 2026-10-14T09:30:00Z"),
            )
        })?
        .as_second();
    let subject = object(root, "", "subject")?;
    let name = format!("{subject_type}.{predicate}");
    if !KNOWN.contains(&name.as_str()) {
        let full = context.get("type").and_then(Value::as_str).unwrap_or_default();
        return Ok(Event {
            name: full.to_string(),
            meaning: Meaning::Unknown,
        });
    }
    let subject_id = text(subject, "subject", "id")?;
    let content = object(subject, "subject", "content")?;
    let meaning = match name.as_str() {
        "service.deployed" | "service.upgraded" | "service.rolledback" => {
            let environment = object(content, "subject.content", "environment")?;
            let environment = text(environment, "subject.content.environment", "id")?;
            let artifact = text(content, "subject.content", "artifactId")?;
            let (_, version) =
                package_url(artifact).map_err(|m| EventError::new("subject.content.artifactId", m))?;
            Meaning::Deployment(DeploymentRecord {
                line,
                id: Some(id.to_string()),
                time,
                environment: environment.to_string(),
                version,
                commit: None,
                status: DeployStatus::Success,
                // A rollback deploys what ran before: rework, and the metrics then count the
                // deployment it rolled back as failed.
                kind: (predicate == "rolledback").then_some(ReworkKind::Rollback),
                service: Some(subject_id.to_string()),
            })
        }
        "incident.detected" | "incident.resolved" => {
            // The environment is checked, not used: incidents are not per environment in the
            // metrics (docs/metrics.md), they are per service and per delivery.
            if optional(content, "environment").is_some() {
                let environment = object(content, "subject.content", "environment")?;
                text(environment, "subject.content.environment", "id")?;
            }
            let service = match optional(content, "service") {
                Some(_) => {
                    let service = object(content, "subject.content", "service")?;
                    Some(text(service, "subject.content.service", "id")?.to_string())
                }
                None => None,
            };
            let version = match optional(content, "artifactId") {
                Some(_) => {
                    let artifact = text(content, "subject.content", "artifactId")?;
                    package_url(artifact)
                        .map_err(|m| EventError::new("subject.content.artifactId", m))?
                        .1
                }
                None => None,
            };
            let side = IncidentSide {
                id: subject_id.to_string(),
                time,
                service,
                version,
            };
            if predicate == "detected" {
                Meaning::IncidentDetected(side)
            } else {
                Meaning::IncidentResolved(side)
            }
        }
        "testcaserun.finished" | "testsuiterun.finished" => Meaning::Test(
            test_event(subject_type == "testcaserun", subject)
                .map_err(|e| EventError::new(e.field, e.message))?,
        ),
        "change.merged" => Meaning::Change(ChangeRecord {
            line,
            id: subject_id.to_string(),
            time,
        }),
        _ => Meaning::Kept,
    };
    Ok(Event { name, meaning })
}

/// Events gathered: records for the metrics and what was read, by type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Events {
    pub deployments: Vec<DeploymentRecord>,
    pub incidents: Vec<IncidentRecord>,
    /// `change.merged` events: with a git history they feed nothing (the history has the
    /// commits); measured from events alone they are what lead time starts from.
    pub changes: Vec<ChangeRecord>,
    /// Test case and suite runs: one run of the test results (`maturity_tests::cdevents`).
    pub tests: Vec<TestEvent>,
    /// How many events of each type were read (`service.deployed`: 3; unknown types by
    /// their whole `context.type`).
    pub by_type: BTreeMap<String, usize>,
    /// Unknown types, in the order first met.
    pub unknown: Vec<String>,
    /// Incidents resolved with no `incident.detected` of their `subject.id`: left out, since
    /// when they opened is not known.
    pub never_detected: Vec<String>,
}

impl Events {
    /// How many events were read.
    pub fn count(&self) -> usize {
        self.by_type.values().sum()
    }

    /// The types that feed no metric (known ones kept, and unknown ones) with their counts,
    /// for a warning: `change.merged ×2, dev.cdevents.build.finished.0.2.0 ×1`.
    pub fn not_measured(&self) -> Vec<String> {
        self.by_type
            .iter()
            .filter(|(name, _)| !MEASURED.contains(&name.as_str()))
            .map(|(name, n)| format!("{name} ×{n}"))
            .collect()
    }
}

/// The types whose events become deployments or incidents.
const MEASURED: &[&str] = &[
    "service.deployed",
    "service.upgraded",
    "service.rolledback",
    "incident.detected",
    "incident.resolved",
];

/// Gathers events in order and joins each incident's detected and resolved events by
/// `subject.id`, whatever order they came in.
#[derive(Debug, Default)]
pub struct Collector {
    events: Events,
    /// Incident id → (line, detected) and → (line, resolved), first detection and last
    /// resolution kept.
    detected: Vec<(usize, IncidentSide)>,
    detected_at: HashMap<String, usize>,
    resolved: HashMap<String, (usize, IncidentSide)>,
}

impl Collector {
    pub fn push(&mut self, line: usize, event: Event) {
        *self.events.by_type.entry(event.name.clone()).or_default() += 1;
        match event.meaning {
            Meaning::Deployment(d) => self.events.deployments.push(d),
            Meaning::IncidentDetected(side) => match self.detected_at.get(&side.id) {
                Some(&i) if self.detected[i].1.time <= side.time => {}
                Some(&i) => self.detected[i] = (line, side),
                None => {
                    self.detected_at.insert(side.id.clone(), self.detected.len());
                    self.detected.push((line, side));
                }
            },
            Meaning::IncidentResolved(side) => {
                let later = self
                    .resolved
                    .get(&side.id)
                    .is_none_or(|(_, r)| r.time <= side.time);
                if later {
                    self.resolved.insert(side.id.clone(), (line, side));
                }
            }
            Meaning::Change(change) => self.events.changes.push(change),
            Meaning::Test(test) => self.events.tests.push(test),
            Meaning::Kept => {}
            Meaning::Unknown => {
                if !self.events.unknown.contains(&event.name) {
                    self.events.unknown.push(event.name);
                }
            }
        }
    }

    /// The events gathered, or every incident resolved before it was detected, with the
    /// line of its resolution.
    pub fn finish(self) -> Result<Events, Vec<(usize, String)>> {
        let (events, problems) = self.finish_all();
        if problems.is_empty() {
            Ok(events)
        } else {
            Err(problems)
        }
    }

    /// The events gathered, leaving out each incident resolved before it was detected, and
    /// those incidents with the line of their resolution.
    pub fn finish_all(mut self) -> (Events, Vec<(usize, String)>) {
        let mut problems = Vec::new();
        for (line, detected) in self.detected {
            let resolved = self.resolved.remove(&detected.id);
            if let Some((at, r)) = &resolved
                && r.time < detected.time
            {
                problems.push((
                    *at,
                    format!(
                        "incident `{}` is resolved before it was detected (line {line})",
                        detected.id
                    ),
                ));
                continue;
            }
            let resolved_time = resolved.as_ref().map(|(_, r)| r.time);
            let (service, version) = match resolved {
                Some((_, r)) => (detected.service.or(r.service), detected.version.or(r.version)),
                None => (detected.service, detected.version),
            };
            self.events.incidents.push(IncidentRecord {
                line,
                id: Some(detected.id),
                opened: detected.time,
                resolved: resolved_time,
                deployment: None,
                version,
                commit: None,
                service,
            });
        }
        let mut never: Vec<(usize, String)> = self.resolved.into_values().map(|(l, r)| (l, r.id)).collect();
        never.sort();
        self.events.never_detected = never.into_iter().map(|(_, id)| id).collect();
        (self.events, problems)
    }
}

/// Reads a JSON-lines file of events (one event a line, blank lines allowed). Every bad line
/// is reported with its line and field; a file with any yields no events.
pub fn parse_events(file: &str, text: &str) -> Result<Events, Diagnostics> {
    let mut collector = Collector::default();
    let mut problems = Vec::new();
    let at = |line: usize, message: String| Diagnostic {
        file: file.to_string(),
        line: Some(line),
        column: None,
        message,
        help: None,
    };
    for (i, row) in text.lines().enumerate() {
        let line = i + 1;
        if row.trim().is_empty() {
            continue;
        }
        let read = serde_json::from_str::<Value>(row)
            .map_err(|e| format!("not JSON: {e}"))
            .and_then(|value| read_event(&value, line).map_err(|e| e.to_string()));
        match read {
            Ok(event) => collector.push(line, event),
            Err(message) => {
                problems.push(
                    at(line, message)
                        .with_help("one CDEvent (spec v0.4 or later) a line; see docs/cdevents.md"),
                );
                if problems.len() >= MAX_PROBLEMS {
                    break;
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    collector
        .finish()
        .map_err(|bad| Diagnostics(bad.into_iter().map(|(line, m)| at(line, m)).collect()))
}

/// The `<subject>` and `<predicate>` of `dev.cdevents.<subject>.<predicate>.<version>`.
fn event_type(text: &str) -> Result<(String, String), EventError> {
    let bad = || {
        EventError::new(
            "context.type",
            format!("`{text}` is not a CDEvents type: expected dev.cdevents.<subject>.<predicate>.<version>"),
        )
    };
    let rest = text.strip_prefix("dev.cdevents.").ok_or_else(bad)?;
    let mut parts = rest.splitn(3, '.');
    let (Some(subject), Some(predicate), Some(version)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    if subject.is_empty() || predicate.is_empty() || !version.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(bad());
    }
    Ok((subject.to_ascii_lowercase(), predicate.to_ascii_lowercase()))
}

/// Checks `context.specversion` (spec v0.4's name; `context.version` is taken when it is
/// missing, for producers that kept the older name) is at least v0.4.
fn spec_version(context: &Map<String, Value>) -> Result<(), EventError> {
    let key = if context.contains_key("specversion") {
        "specversion"
    } else {
        "version"
    };
    let field = format!("context.{key}");
    let Some(value) = context.get(key) else {
        return Err(EventError::new(
            "context.specversion",
            "missing; the spec version, e.g. \"0.4.1\"",
        ));
    };
    let text = value
        .as_str()
        .ok_or_else(|| EventError::new(&field, format!("expected a string, found {}", what(value))))?;
    let number = |part: Option<&str>| -> Option<u64> {
        let digits: String = part?.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    };
    let mut parts = text.split('.');
    match (number(parts.next()), number(parts.next())) {
        (Some(major), Some(minor)) if (major, minor) >= OLDEST_SPEC => Ok(()),
        (Some(_), Some(_)) => Err(EventError::new(
            field,
            format!("spec version {text} is older than 0.4; send CDEvents v0.4 or later"),
        )),
        _ => Err(EventError::new(
            field,
            format!("`{text}` is not a version, e.g. \"0.4.1\""),
        )),
    }
}

/// The name and version of a package URL (`pkg:oci/myapp@sha256%3A0b31…` → `myapp`,
/// `sha256:0b31…`), percent-decoded.
pub fn package_url(text: &str) -> Result<(String, Option<String>), String> {
    let bad = || format!("`{text}` is not a package URL, e.g. pkg:generic/orders@1.4.2");
    let rest = text.strip_prefix("pkg:").ok_or_else(bad)?;
    let rest = rest.split('#').next().unwrap_or_default();
    let rest = rest.split('?').next().unwrap_or_default();
    let (path, version) = match rest.rsplit_once('@') {
        Some((path, version)) => (path, Some(version)),
        None => (rest, None),
    };
    let mut segments = path.trim_matches('/').split('/');
    let (Some(kind), Some(name)) = (segments.next(), segments.next_back()) else {
        return Err(bad());
    };
    if kind.is_empty() || name.is_empty() {
        return Err(bad());
    }
    Ok((decode(name), version.filter(|v| !v.is_empty()).map(decode)))
}

/// Percent-decoding as package URLs use it; a malformed escape is kept as written.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn path(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// A JSON value's kind, for "expected …, found …".
fn what(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A key that may be absent or null.
fn optional<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.get(key).filter(|v| !v.is_null())
}

fn object<'a>(
    map: &'a Map<String, Value>,
    parent: &str,
    key: &str,
) -> Result<&'a Map<String, Value>, EventError> {
    match map.get(key) {
        Some(Value::Object(o)) => Ok(o),
        None | Some(Value::Null) => Err(EventError::new(path(parent, key), "missing; expected an object")),
        Some(other) => Err(EventError::new(
            path(parent, key),
            format!("expected an object, found {}", what(other)),
        )),
    }
}

fn text<'a>(map: &'a Map<String, Value>, parent: &str, key: &str) -> Result<&'a str, EventError> {
    match map.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s),
        Some(Value::String(_)) => Err(EventError::new(path(parent, key), "is empty")),
        None | Some(Value::Null) => Err(EventError::new(path(parent, key), "missing; expected a string")),
        Some(other) => Err(EventError::new(
            path(parent, key),
            format!("expected a string, found {}", what(other)),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The spec's examples as v0.4 writes them, one file per type (tests/fixtures/cdevents).
    fn fixture(name: &str) -> Value {
        let path = format!(
            "{}/tests/fixtures/cdevents/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        serde_json::from_str(&std::fs::read_to_string(&path).expect("fixture")).expect("json")
    }

    /// One line of JSON lines.
    fn line(name: &str) -> String {
        fixture(name).to_string()
    }

    #[test]
    fn every_type_is_mapped() {
        let d = read_event(&fixture("service_deployed"), 3).expect("deployed");
        assert_eq!(d.name, "service.deployed");
        let Meaning::Deployment(d) = d.meaning else {
            panic!("a deployment")
        };
        assert_eq!(d.line, 3);
        assert_eq!(d.time, 1_772_532_000);
        assert_eq!(d.environment, "production");
        assert_eq!(d.version.as_deref(), Some("v1.0.0"));
        assert_eq!(d.service.as_deref(), Some("orders"));
        assert_eq!(d.id.as_deref(), Some("271069a8-fc18-44f1-b38f-9d70a1695819"));
        assert_eq!((d.status, d.kind), (DeployStatus::Success, None));
        let Meaning::Deployment(u) = read_event(&fixture("service_upgraded"), 1)
            .expect("upgraded")
            .meaning
        else {
            panic!("a deployment")
        };
        assert_eq!((u.version.as_deref(), u.kind), (Some("v1.1.0"), None));
        let Meaning::Deployment(r) = read_event(&fixture("service_rolledback"), 1).expect("rb").meaning
        else {
            panic!("a deployment")
        };
        assert_eq!(
            (r.version.as_deref(), r.kind),
            (Some("v1.0.0"), Some(ReworkKind::Rollback))
        );
        let Meaning::IncidentDetected(i) = read_event(&fixture("incident_detected"), 1).expect("i").meaning
        else {
            panic!("an incident")
        };
        assert_eq!(i.id, "incident-123");
        assert_eq!(
            (i.service.as_deref(), i.version.as_deref()),
            (Some("orders"), Some("v1.1.0"))
        );
        assert!(matches!(
            read_event(&fixture("incident_resolved"), 1).expect("r").meaning,
            Meaning::IncidentResolved(_)
        ));
        let Meaning::Change(c) = read_event(&fixture("change_merged"), 4).expect("merged").meaning else {
            panic!("a change")
        };
        assert_eq!(
            (c.line, c.id.as_str(), c.time),
            (4, "mySubject123", 1_772_445_600)
        );
        let e = read_event(&fixture("artifact_published"), 1).expect("published");
        assert_eq!(
            (e.name.as_str(), e.meaning),
            ("artifact.published", Meaning::Kept)
        );
        let Meaning::Test(case) = read_event(&fixture("testcaserun_finished"), 1)
            .expect("case")
            .meaning
        else {
            panic!("a test")
        };
        assert_eq!(
            (
                case.whole_suite,
                case.attempt.name.as_str(),
                case.attempt.hints.as_str()
            ),
            (false, "Login Test", "integration")
        );
        assert_eq!(case.attempt.outcome, maturity_tests::Outcome::Passed);
        let Meaning::Test(suite) = read_event(&fixture("testsuiterun_finished"), 1)
            .expect("suite")
            .meaning
        else {
            panic!("a test")
        };
        assert_eq!(
            (suite.whole_suite, suite.attempt.suite.as_str()),
            (true, "Auth TestSuite")
        );
        let mut bad = fixture("testcaserun_finished");
        bad["subject"]["content"]["outcome"] = "green".into();
        assert_eq!(
            read_event(&bad, 1).expect_err("bad outcome").field,
            "subject.content.outcome"
        );
        let unknown = read_event(&fixture("build_finished"), 1).expect("unknown is no error");
        assert_eq!(unknown.name, "dev.cdevents.build.finished.0.2.0");
        assert_eq!(unknown.meaning, Meaning::Unknown);
    }

    #[test]
    fn a_file_joins_incidents_and_lists_what_it_does_not_measure() {
        // Resolved before detected in the file: joined by subject.id all the same.
        let text = [
            line("service_deployed"),
            String::new(),
            line("incident_resolved"),
            line("incident_detected"),
            line("change_merged"),
            line("build_finished"),
            line("build_finished"),
        ]
        .join("\n");
        let events = parse_events("events.jsonl", &text).expect("reads");
        assert_eq!(events.count(), 6);
        assert_eq!(events.deployments.len(), 1);
        assert_eq!(events.incidents.len(), 1);
        let i = &events.incidents[0];
        assert_eq!(
            (i.line, i.opened, i.resolved),
            (4, 1_772_708_400, Some(1_772_712_000))
        );
        assert_eq!(events.unknown, ["dev.cdevents.build.finished.0.2.0"]);
        assert_eq!(
            events.not_measured(),
            ["change.merged ×1", "dev.cdevents.build.finished.0.2.0 ×2"]
        );
        let alone = parse_events("e.jsonl", &line("incident_resolved")).expect("reads");
        assert_eq!(
            (alone.incidents.len(), alone.never_detected.as_slice()),
            (0, &["incident-123".to_string()][..])
        );
    }

    #[test]
    fn malformed_events_name_the_line_and_field() {
        let good = fixture("service_deployed");
        let with = |f: &dyn Fn(&mut Value)| {
            let mut v = good.clone();
            f(&mut v);
            v.to_string()
        };
        let cases = [
            ("{not json".to_string(), "not JSON"),
            ("[1]".to_string(), "(event): expected an object, found an array"),
            (
                with(&|v| drop(v["context"].as_object_mut().map(|c| c.remove("type")))),
                "context.type: missing",
            ),
            (
                with(&|v| v["context"]["type"] = "com.example.deployed".into()),
                "context.type: `com.example.deployed`",
            ),
            (
                with(&|v| v["context"]["timestamp"] = "yesterday".into()),
                "context.timestamp: `yesterday` is not an RFC 3339",
            ),
            (
                with(&|v| v["context"]["timestamp"] = 5.into()),
                "context.timestamp: expected a string, found a number",
            ),
            (
                with(&|v| v["context"]["specversion"] = "0.3.0".into()),
                "context.specversion: spec version 0.3.0 is older",
            ),
            (
                with(&|v| v["subject"]["content"]["environment"] = "prod".into()),
                "subject.content.environment: expected an object, found a string",
            ),
            (
                with(&|v| v["subject"]["content"]["artifactId"] = "orders-1.0".into()),
                "subject.content.artifactId: `orders-1.0` is not a package URL",
            ),
            (
                with(&|v| drop(v.as_object_mut().map(|o| o.remove("subject")))),
                "subject: missing",
            ),
        ];
        for (bad, words) in cases {
            let text = format!("{}\n\n{bad}\n", line("service_upgraded"));
            let err = parse_events("events.jsonl", &text).expect_err(&bad);
            assert_eq!(err.0.len(), 1, "{err}");
            assert_eq!(
                (err.0[0].file.as_str(), err.0[0].line),
                ("events.jsonl", Some(3)),
                "{err}"
            );
            assert!(err.0[0].message.contains(words), "{words}: {err}");
        }
        let backwards = format!(
            "{}\n{}",
            line("incident_detected"),
            with(&|v| {
                v["context"]["type"] = "dev.cdevents.incident.resolved.0.2.0".into();
                v["context"]["timestamp"] = "2026-03-05T10:00:00Z".into();
                v["subject"]["id"] = "incident-123".into();
                v["subject"]["content"] = serde_json::json!({});
            })
        );
        let err = parse_events("e.jsonl", &backwards).expect_err("resolved before detected");
        assert_eq!(err.0[0].line, Some(2), "{err}");
    }

    #[test]
    fn package_urls() {
        assert_eq!(
            package_url("pkg:oci/myapp@sha256%3A0b31?repository_url=x#sub"),
            Ok(("myapp".to_string(), Some("sha256:0b31".to_string())))
        );
        assert_eq!(
            package_url("pkg:golang/mygit.com/myorg/myapp@234fd47e"),
            Ok(("myapp".to_string(), Some("234fd47e".to_string())))
        );
        assert_eq!(
            package_url("pkg:generic/orders"),
            Ok(("orders".to_string(), None))
        );
        assert!(package_url("orders@1").is_err());
        assert!(package_url("pkg:generic").is_err());
    }
}
