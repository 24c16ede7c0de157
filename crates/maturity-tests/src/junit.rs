//! JUnit XML, the format most test tools write, and the root element that says which format a
//! test report is in. Producers differ in where they put things; what they share is
//! `testsuite` elements (nested or not, under an optional `testsuites`) holding `testcase`
//! elements whose child `failure`, `error` or `skipped` says the outcome. Retries appear as
//! repeated `testcase` elements (Gradle's test-retry, pytest rerun plugins) or as Surefire's
//! `flakyFailure`/`flakyError`/`rerunFailure`/`rerunError` children (also written by
//! cargo-nextest).

use std::io::BufRead;

use crate::count::{Attempt, Outcome};
use crate::cunit;
use crate::dotnet;
use crate::error::ReadError;
use crate::nunit2;
use crate::xml::{Node, Tag, Xml, seconds};

/// The test report formats, by root element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    JUnit,
    Trx,
    NUnit3,
    XUnit2,
    /// CUnit's automated `-Results.xml` (CUnit's JUnit output is `JUnit`).
    CUnit,
    /// NUnit 2.4 to 2.6 `TestResult.xml`.
    NUnit2,
}

/// Reads one test report, whatever its format, handing each test attempt to `sink` in file
/// order; returns the format. Memory holds one test case at a time (a TRX file also keeps
/// each result's name and outcome until its test definitions are read).
pub fn read_report<R: BufRead>(input: R, sink: &mut dyn FnMut(Attempt)) -> Result<ReportFormat, ReadError> {
    let mut xml = Xml::new(input);
    let root = xml.root()?;
    let format = match root.name.as_str() {
        "testsuites" | "testsuite" => ReportFormat::JUnit,
        "TestRun" => ReportFormat::Trx,
        "test-run" => ReportFormat::NUnit3,
        "assemblies" | "assembly" => ReportFormat::XUnit2,
        "CUNIT_TEST_RUN_REPORT" => ReportFormat::CUnit,
        "test-results" => ReportFormat::NUnit2,
        cunit::LISTING => {
            return Err(xml
                .error(format!(
                    "<{}> is CUnit's list of the tests it registered, with no results: read the \
                     -Results.xml written beside it",
                    cunit::LISTING
                ))
                .other_document());
        }
        other => {
            return Err(xml
                .error(format!(
                    "<{other}> is not the root of a test report: expected <testsuites> or <testsuite> \
                 (JUnit), <TestRun> (TRX), <test-run> (NUnit 3), <test-results> (NUnit 2), \
                 <assemblies> (xUnit.net v2) or <CUNIT_TEST_RUN_REPORT> (CUnit)"
                ))
                .other_document());
        }
    };
    match format {
        ReportFormat::JUnit => junit(&mut xml, root, sink)?,
        ReportFormat::Trx => dotnet::trx(&mut xml, &root, sink)?,
        ReportFormat::NUnit3 => dotnet::nunit3(&mut xml, &root, sink)?,
        ReportFormat::XUnit2 => dotnet::xunit2(&mut xml, root, sink)?,
        ReportFormat::CUnit => cunit::cunit(&mut xml, &root, sink)?,
        ReportFormat::NUnit2 => nunit2::nunit2(&mut xml, &root, sink)?,
    }
    match xml.next()? {
        Node::Eof => Ok(format),
        Node::Open(tag) => Err(xml.error(format!("<{}> after the root element has ended", tag.name))),
        Node::Close => Err(xml.error("an end tag after the root element has ended")),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Suite,
    Case,
    Other,
}

/// The test case being read.
struct Case {
    attempt: Attempt,
    /// `failure`, `error`, `skipped` seen among its children.
    failure: bool,
    error: bool,
    skipped: bool,
}

fn junit<R: BufRead>(xml: &mut Xml<R>, root: Tag, sink: &mut dyn FnMut(Attempt)) -> Result<(), ReadError> {
    let mut suites: Vec<String> = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    let mut case: Option<Case> = None;
    let mut next = Some(root);
    loop {
        let tag = match next.take() {
            Some(tag) => tag,
            None => match xml.next()? {
                Node::Open(tag) => tag,
                Node::Close => {
                    match open.pop() {
                        Some(Open::Suite) => {
                            suites.pop();
                        }
                        Some(Open::Case) => {
                            if let Some(c) = case.take() {
                                sink(finish(c));
                            }
                        }
                        Some(Open::Other) => {}
                        None => return Ok(()),
                    }
                    if open.is_empty() {
                        return Ok(());
                    }
                    continue;
                }
                Node::Eof => return Err(xml.error("the file ends inside an element (truncated?)")),
            },
        };
        let line = xml.line();
        let kind = match (tag.name.as_str(), case.as_mut()) {
            ("testsuite", None) => {
                suites.push(tag.text("name").to_string());
                Open::Suite
            }
            ("testsuites", None) => Open::Other,
            ("testcase", None) => {
                case = Some(Case {
                    attempt: Attempt {
                        suite: suites
                            .iter()
                            .filter(|s| !s.is_empty())
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(" / "),
                        class: tag
                            .get("classname")
                            .or_else(|| tag.get("class"))
                            .unwrap_or("")
                            .to_string(),
                        name: tag.text("name").to_string(),
                        file: tag.get("file").map(str::to_string),
                        hints: String::new(),
                        outcome: Outcome::Passed,
                        failed_attempts: 0,
                        duration_s: seconds(&tag, "time", line)?,
                    },
                    failure: false,
                    error: false,
                    skipped: is_skipped_status(&tag),
                });
                Open::Case
            }
            (name, Some(c)) => {
                match name {
                    "failure" => c.failure = true,
                    "error" => c.error = true,
                    "skipped" => c.skipped = true,
                    "flakyFailure" | "flakyError" | "rerunFailure" | "rerunError" | "rerun" => {
                        c.attempt.failed_attempts += 1;
                    }
                    _ => {}
                }
                // Nothing inside these children matters; their text can be large.
                xml.skip(&tag)?;
                continue;
            }
            _ => {
                xml.skip(&tag)?;
                continue;
            }
        };
        if tag.empty {
            match kind {
                Open::Suite => {
                    suites.pop();
                }
                Open::Case => {
                    if let Some(c) = case.take() {
                        sink(finish(c));
                    }
                }
                Open::Other => {}
            }
            if open.is_empty() {
                return Ok(());
            }
        } else {
            open.push(kind);
        }
    }
}

/// A failure wins over an error (a test that failed and then broke its teardown failed), an
/// error over a skip.
fn finish(case: Case) -> Attempt {
    let mut attempt = case.attempt;
    attempt.outcome = if case.failure {
        Outcome::Failed
    } else if case.error {
        Outcome::Errored
    } else if case.skipped {
        Outcome::Skipped
    } else {
        Outcome::Passed
    };
    attempt
}

/// Skips recorded as an attribute: `status` (Ant, Robot) or GoogleTest's `result`.
fn is_skipped_status(tag: &Tag) -> bool {
    let status = tag.text("status").to_ascii_lowercase();
    let result = tag.text("result").to_ascii_lowercase();
    matches!(
        status.as_str(),
        "skipped" | "disabled" | "notrun" | "ignored" | "skip"
    ) || matches!(result.as_str(), "skipped" | "suppressed")
}
