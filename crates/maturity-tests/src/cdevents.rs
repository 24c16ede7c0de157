//! Test runs reported as CDEvents (`testcaserun.finished`, `testsuiterun.finished`, spec v0.4
//! and later): each event one attempt of a test, so a set of events is one run, counted by the
//! same rules as a JUnit report (docs/tests.md).
//!
//! Only the test part of an event is read here (its `subject`); checking the envelope
//! (`context`) is `maturity-git`'s CDEvents reader, which calls [`test_event`], so a pushed
//! event and a line of a file read alike.

use std::io::BufRead;

use serde_json::{Map, Value};

use crate::count::{Attempt, Outcome, RunBuilder};
use crate::error::{ReadError, Unreadable};
use crate::kinds::KindRules;
use crate::report::TestsReport;

/// A field of a test event that does not read: its path under `subject` and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct TestEventError {
    pub field: String,
    pub message: String,
}

fn bad(field: &str, message: impl Into<String>) -> TestEventError {
    TestEventError {
        field: field.to_string(),
        message: message.into(),
    }
}

/// One test event read: a test case's attempt, or a whole suite's.
#[derive(Debug, Clone, PartialEq)]
pub struct TestEvent {
    /// From `testsuiterun.finished`: counted only where no test case run is reported.
    pub whole_suite: bool,
    pub attempt: Attempt,
}

/// The outcome words of the spec (`pass`, `fail`, `cancel`, `error`) and `skip`, which some
/// producers send: a cancelled test did not run, so it counts as skipped.
fn outcome(text: &str) -> Option<Outcome> {
    match text.trim().to_ascii_lowercase().as_str() {
        "pass" | "passed" | "success" => Some(Outcome::Passed),
        "fail" | "failed" | "failure" => Some(Outcome::Failed),
        "error" | "errored" => Some(Outcome::Errored),
        "cancel" | "cancelled" | "canceled" | "skip" | "skipped" => Some(Outcome::Skipped),
        _ => None,
    }
}

/// Reads the `subject` of a `testcaserun.finished` (`case`) or `testsuiterun.finished` event.
pub fn test_event(case: bool, subject: &Map<String, Value>) -> Result<TestEvent, TestEventError> {
    let content = match subject.get("content") {
        Some(Value::Object(c)) => c,
        _ => return Err(bad("subject.content", "missing; expected an object")),
    };
    let said = match content.get("outcome") {
        Some(Value::String(s)) => s.as_str(),
        Some(_) => return Err(bad("subject.content.outcome", "expected a string")),
        None => {
            return Err(bad(
                "subject.content.outcome",
                "missing; one of pass, fail, cancel, error, skip",
            ));
        }
    };
    let outcome = outcome(said).ok_or_else(|| {
        bad(
            "subject.content.outcome",
            format!("`{said}` is not an outcome: one of pass, fail, cancel, error, skip"),
        )
    })?;
    let (key, of) = if case {
        ("testCase", "subject.content.testCase")
    } else {
        ("testSuite", "subject.content.testSuite")
    };
    let test = match content.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Object(t)) => Some(t),
        Some(_) => return Err(bad(of, "expected an object")),
    };
    let text = |name: &str| -> Result<Option<String>, TestEventError> {
        match test.and_then(|t| t.get(name)) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(bad(&format!("{of}.{name}"), "expected a string")),
        }
    };
    let subject_id = match subject.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        _ => return Err(bad("subject.id", "missing; expected a string")),
    };
    // A test is known by its name across runs; the run's own id changes every run.
    let name = text("name")?.or(text("id")?).unwrap_or(subject_id);
    let kind = if case { text("type")? } else { None };
    let attempt = Attempt {
        suite: if case { String::new() } else { name.clone() },
        class: String::new(),
        name,
        file: None,
        hints: kind.unwrap_or_default(),
        outcome,
        failed_attempts: 0,
        duration_s: 0.0,
    };
    Ok(TestEvent {
        whole_suite: !case,
        attempt,
    })
}

/// The attempts of a run's events: its test cases, or where it reports none, its suites.
pub fn attempts(events: &[TestEvent]) -> impl Iterator<Item = &Attempt> {
    let any_case = events.iter().any(|e| !e.whole_suite);
    events
        .iter()
        .filter(move |e| e.whole_suite != any_case)
        .map(|e| &e.attempt)
}

/// The events as one run named `run`, as `maturity tests --format json` reports it; `None`
/// without events.
pub fn report(events: &[TestEvent], run: &str, rules: &KindRules) -> Option<TestsReport> {
    if events.is_empty() {
        return None;
    }
    let mut builder = RunBuilder::default();
    builder.start_run(run);
    builder.start_file(run);
    for attempt in attempts(events) {
        builder.add(attempt.clone());
    }
    builder.file_done();
    Some(builder.finish(rules))
}

/// The test events of a JSON-lines file of CDEvents (`maturity tests events.jsonl`): lines of
/// other types are passed over; a test event that does not read stops the file at its line.
/// Checking the rest of each event is `maturity metrics --events`'.
pub fn read_events(input: impl BufRead) -> Result<Vec<TestEvent>, ReadError> {
    let mut events = Vec::new();
    for (i, row) in input.lines().enumerate() {
        let line = i + 1;
        let row = row.map_err(|e| ReadError::new(line, e.to_string()))?;
        if row.trim().is_empty() {
            continue;
        }
        let value: Value =
            serde_json::from_str(&row).map_err(|e| ReadError::new(line, format!("not JSON: {e}")))?;
        let kind = value
            .pointer("/context/type")
            .and_then(Value::as_str)
            .and_then(|t| t.strip_prefix("dev.cdevents."))
            .unwrap_or_default();
        let case = kind.starts_with("testcaserun.finished.");
        if !case && !kind.starts_with("testsuiterun.finished.") {
            continue;
        }
        let Some(Value::Object(subject)) = value.get("subject") else {
            return Err(ReadError::new(line, "subject: missing; expected an object"));
        };
        events.push(test_event(case, subject).map_err(|e| ReadError::new(line, e.to_string()))?);
    }
    if events.is_empty() {
        return Err(ReadError::new(
            1,
            "no testcaserun.finished or testsuiterun.finished event in this file",
        )
        .other_document());
    }
    Ok(events)
}

/// Adds a file of test events to the run being built; `false` when it did not read.
pub(crate) fn add_file(
    builder: &mut RunBuilder,
    name: &str,
    input: impl BufRead,
    in_directory: bool,
) -> bool {
    match read_events(input) {
        Ok(events) => {
            for attempt in attempts(&events) {
                builder.add(attempt.clone());
            }
            builder.file_done();
            true
        }
        Err(e) if in_directory && e.other_document => {
            builder.file_skipped();
            false
        }
        Err(e) => {
            builder.file_failed(Unreadable::at(name, &e));
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject(content: Value) -> Map<String, Value> {
        match serde_json::json!({"id": "run-1", "content": content}) {
            Value::Object(o) => o,
            _ => unreachable!("an object"),
        }
    }

    #[test]
    fn outcomes_map_as_the_spec_says() {
        for (said, expected) in [
            ("pass", Outcome::Passed),
            ("fail", Outcome::Failed),
            ("error", Outcome::Errored),
            ("cancel", Outcome::Skipped),
            ("skip", Outcome::Skipped),
            ("PASS", Outcome::Passed),
        ] {
            let e = test_event(
                true,
                &subject(serde_json::json!({"outcome": said, "testCase": {"id": "t1", "name": "Login", "type": "integration"}})),
            )
            .expect(said);
            assert_eq!(e.attempt.outcome, expected, "{said}");
            assert_eq!(
                (e.attempt.name.as_str(), e.attempt.hints.as_str()),
                ("Login", "integration")
            );
        }
        let suite = test_event(
            false,
            &subject(serde_json::json!({"outcome": "fail", "testSuite": {"id": "s1"}})),
        )
        .expect("suite");
        assert!(suite.whole_suite);
        assert_eq!(
            (suite.attempt.suite.as_str(), suite.attempt.name.as_str()),
            ("s1", "s1")
        );
        let unnamed = test_event(true, &subject(serde_json::json!({"outcome": "pass"}))).expect("by run id");
        assert_eq!(unnamed.attempt.name, "run-1");
    }

    #[test]
    fn bad_test_events_name_the_field() {
        for (case, content, says) in [
            (true, serde_json::json!({}), "subject.content.outcome: missing"),
            (
                true,
                serde_json::json!({"outcome": 1}),
                "subject.content.outcome: expected a string",
            ),
            (
                true,
                serde_json::json!({"outcome": "green"}),
                "`green` is not an outcome",
            ),
            (
                true,
                serde_json::json!({"outcome": "pass", "testCase": "t"}),
                "subject.content.testCase: expected an object",
            ),
            (
                true,
                serde_json::json!({"outcome": "pass", "testCase": {"name": 3}}),
                "subject.content.testCase.name: expected a string",
            ),
            (
                false,
                serde_json::json!({"outcome": "pass", "testSuite": []}),
                "subject.content.testSuite: expected an object",
            ),
            (true, Value::Null, "subject.content: missing"),
        ] {
            let err = test_event(case, &subject(content)).expect_err(says);
            assert!(err.to_string().contains(says), "{says}: {err}");
        }
        let no_id: Map<String, Value> = [("content".to_string(), serde_json::json!({"outcome": "pass"}))]
            .into_iter()
            .collect();
        assert!(
            test_event(true, &no_id)
                .expect_err("id")
                .to_string()
                .starts_with("subject.id")
        );
    }

    #[test]
    fn a_run_counts_cases_and_suites_only_without_them() {
        let case = |name: &str, outcome: &str| {
            test_event(
                true,
                &subject(serde_json::json!({"outcome": outcome, "testCase": {"name": name}})),
            )
            .expect("case")
        };
        let suite = test_event(
            false,
            &subject(serde_json::json!({"outcome": "fail", "testSuite": {"name": "S"}})),
        )
        .expect("suite");
        // A retry that passed: one test, passed and flaky.
        let events = vec![
            case("a", "fail"),
            case("a", "pass"),
            case("b", "error"),
            case("c", "cancel"),
            suite.clone(),
        ];
        let report = report(&events, "events", &KindRules::default()).expect("a run");
        let t = &report.totals;
        assert_eq!(
            (t.tests, t.passed, t.errored, t.skipped, t.flaky),
            (3, 1, 1, 1, 1),
            "{t:?}"
        );
        let suites = report_of(&[suite]);
        assert_eq!((suites.totals.tests, suites.totals.failed), (1, 1));
        assert!(super::report(&[], "none", &KindRules::default()).is_none());
    }

    fn report_of(events: &[TestEvent]) -> TestsReport {
        report(events, "events", &KindRules::default()).expect("a run")
    }

    #[test]
    fn files_of_events() {
        let text = [
            r#"{"context": {"type": "dev.cdevents.service.deployed.0.2.0"}, "subject": {}}"#,
            "",
            r#"{"context": {"type": "dev.cdevents.testcaserun.finished.0.2.0"}, "subject": {"id": "r", "content": {"outcome": "fail", "testCase": {"name": "x"}}}}"#,
        ]
        .join("\n");
        let events = read_events(text.as_bytes()).expect("reads");
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].attempt.outcome, Outcome::Failed);
        let bad = r#"{"context": {"type": "dev.cdevents.testsuiterun.finished.0.2.0"}, "subject": {"id": "r", "content": {"outcome": "maybe"}}}"#;
        let err = read_events(format!("\n{bad}\n").as_bytes()).expect_err("bad outcome");
        assert_eq!(err.line, 2);
        assert!(err.message.contains("`maybe` is not an outcome"), "{err}");
        let none = read_events("{\"context\": {}}\n".as_bytes()).expect_err("no test events");
        assert!(none.other_document);
        assert_eq!(read_events("{x".as_bytes()).expect_err("not json").line, 1);
    }

    #[test]
    fn maturity_tests_reads_a_file_of_events_as_a_run() {
        let dir = tempfile::tempdir().expect("dir");
        let events = dir.path().join("events.jsonl");
        let line = |outcome: &str| {
            format!(
                r#"{{"context": {{"type": "dev.cdevents.testcaserun.finished.0.2.0"}}, "subject": {{"id": "r", "content": {{"outcome": "{outcome}", "testCase": {{"name": "x"}}}}}}}}"#
            )
        };
        std::fs::write(&events, format!("{}\n{}\n", line("fail"), line("pass"))).expect("write");
        let bad = dir.path().join("bad.ndjson");
        std::fs::write(&bad, line("green")).expect("write");
        let (report, any) = crate::walk::tests(&[events, bad], &KindRules::default());
        assert!(any);
        // A path nothing could be read from is no run, only an unreadable entry.
        assert_eq!(report.runs.len(), 1);
        assert_eq!((report.runs[0].totals.tests, report.runs[0].totals.flaky), (1, 1));
        assert_eq!(report.unreadable.len(), 1, "{:?}", report.unreadable);
        assert!(
            report.unreadable[0].error.contains("`green`"),
            "{:?}",
            report.unreadable
        );
    }
}
