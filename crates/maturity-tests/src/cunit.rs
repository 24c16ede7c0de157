//! CUnit's own "automated" XML (`CU_automated_run_tests()`, `<prefix>-Results.xml`): values
//! are element text padded with spaces, not attributes. A test that failed several
//! assertions has one `CUNIT_RUN_TEST_FAILURE` record per assertion, one after another: they
//! are one attempt, so the record being read waits until the next one shows whether it
//! continues it. A suite whose initialisation or cleanup failed is a
//! `CUNIT_RUN_SUITE_FAILURE` with no tests; inactive suites and tests are not written at all.
//! CUnit versions before 2 wrote `GROUP` where later ones write `SUITE`.

use std::io::BufRead;

use crate::count::{Attempt, Outcome};
use crate::error::ReadError;
use crate::xml::{Node, Tag, Xml, shorten};

/// The root of CUnit's companion `<prefix>-Listing.xml`: the tests it registered, no results.
pub(crate) const LISTING: &str = "CUNIT_TEST_LIST_REPORT";

/// One `CUNIT_RUN_TEST_SUCCESS` or `CUNIT_RUN_TEST_FAILURE` being read.
struct Record {
    name: Option<String>,
    failed: bool,
    line: usize,
}

/// The suite (or group) being read.
struct Suite {
    name: Option<String>,
    /// A suite failure's reason; `None` for a suite that ran.
    reason: Option<String>,
    tag: String,
    line: usize,
}

pub(crate) fn cunit<R: BufRead>(
    xml: &mut Xml<R>,
    root: &Tag,
    sink: &mut dyn FnMut(Attempt),
) -> Result<(), ReadError> {
    if root.empty {
        return Ok(());
    }
    let mut open: Vec<String> = vec![root.name.clone()];
    let mut suite: Option<Suite> = None;
    let mut record: Option<Record> = None;
    // The last test read, held until the next record says whether it is the same test.
    let mut pending: Option<Attempt> = None;
    loop {
        let tag = match xml.next()? {
            Node::Open(tag) => tag,
            Node::Close => {
                let name = open.pop().unwrap_or_default();
                close(&name, &mut suite, &mut record, &mut pending, sink)?;
                if open.is_empty() {
                    if let Some(last) = pending.take() {
                        sink(last);
                    }
                    return Ok(());
                }
                continue;
            }
            Node::Eof => return Err(xml.error("the file ends inside an element (truncated?)")),
        };
        let line = xml.line();
        match tag.name.as_str() {
            "CUNIT_RUN_SUITE_SUCCESS"
            | "CUNIT_RUN_GROUP_SUCCESS"
            | "CUNIT_RUN_SUITE_FAILURE"
            | "CUNIT_RUN_GROUP_FAILURE" => {
                let failure = tag.name.ends_with("_FAILURE");
                suite = Some(Suite {
                    name: None,
                    reason: failure.then(String::new),
                    tag: tag.name.clone(),
                    line,
                });
            }
            "CUNIT_RUN_TEST_SUCCESS" | "CUNIT_RUN_TEST_FAILURE" => {
                record = Some(Record {
                    name: None,
                    failed: tag.name == "CUNIT_RUN_TEST_FAILURE",
                    line,
                });
            }
            "SUITE_NAME" | "GROUP_NAME" => {
                let text = xml.text(&tag)?;
                if let Some(s) = &mut suite {
                    s.name = Some(text.trim().to_string());
                }
                continue;
            }
            "FAILURE_REASON" => {
                let text = xml.text(&tag)?;
                if let Some(s) = &mut suite {
                    s.reason = Some(text.trim().to_string());
                }
                continue;
            }
            "TEST_NAME" => {
                let text = xml.text(&tag)?;
                if let Some(r) = &mut record {
                    r.name = Some(text.trim().to_string());
                }
                continue;
            }
            // Where an assertion failed says nothing of the test's kind, but CUnit writes a
            // number here: anything else is a file that CUnit did not write.
            "LINE_NUMBER" => {
                let text = xml.text(&tag)?;
                let value = text.trim();
                if value.parse::<u32>().is_err() {
                    return Err(ReadError::new(
                        xml.line(),
                        format!("<LINE_NUMBER>{}</LINE_NUMBER>: not a line number", shorten(value)),
                    ));
                }
                continue;
            }
            "CUNIT_RESULT_LISTING" | "CUNIT_RUN_SUITE" | "CUNIT_RUN_GROUP" | "CUNIT_RUN_TEST_RECORD" => {}
            // The summary, header, footer, and a failure's file and condition (whose text can
            // be large) do not count.
            _ => {
                xml.skip(&tag)?;
                continue;
            }
        }
        if tag.empty {
            close(&tag.name, &mut suite, &mut record, &mut pending, sink)?;
        } else {
            open.push(tag.name);
        }
    }
}

/// The end of an element: a record becomes a test (or continues the one before), a suite
/// failure becomes an errored test.
fn close(
    name: &str,
    suite: &mut Option<Suite>,
    record: &mut Option<Record>,
    pending: &mut Option<Attempt>,
    sink: &mut dyn FnMut(Attempt),
) -> Result<(), ReadError> {
    match name {
        "CUNIT_RUN_TEST_SUCCESS" | "CUNIT_RUN_TEST_FAILURE" => {
            let Some(r) = record.take() else {
                return Ok(());
            };
            let test = r
                .name
                .filter(|n| !n.is_empty())
                .ok_or_else(|| ReadError::new(r.line, format!("<{name}> without a <TEST_NAME>")))?;
            let suite_name = suite_name(suite.as_ref(), r.line)?;
            if let Some(p) = pending
                && p.suite == suite_name
                && p.name == test
            {
                if r.failed {
                    p.outcome = Outcome::Failed;
                }
                return Ok(());
            }
            if let Some(previous) = pending.take() {
                sink(previous);
            }
            *pending = Some(Attempt {
                class: suite_name.clone(),
                suite: suite_name,
                name: test,
                file: None,
                hints: String::new(),
                outcome: if r.failed {
                    Outcome::Failed
                } else {
                    Outcome::Passed
                },
                failed_attempts: 0,
                duration_s: 0.0,
            });
        }
        "CUNIT_RUN_SUITE_SUCCESS"
        | "CUNIT_RUN_GROUP_SUCCESS"
        | "CUNIT_RUN_SUITE_FAILURE"
        | "CUNIT_RUN_GROUP_FAILURE" => {
            if let Some(last) = pending.take() {
                sink(last);
            }
            let Some(s) = suite.take() else {
                return Ok(());
            };
            let suite_name = suite_name(Some(&s), s.line)?;
            if let Some(reason) = s.reason {
                // The tests a failed initialisation kept from running are not written; the
                // failure itself stands in for them, as a JUnit producer writes a failed
                // fixture set-up as an errored test case.
                let name = if reason.is_empty() {
                    "suite failure".to_string()
                } else {
                    reason
                };
                sink(Attempt {
                    class: suite_name.clone(),
                    suite: suite_name,
                    name,
                    file: None,
                    hints: String::new(),
                    outcome: Outcome::Errored,
                    failed_attempts: 0,
                    duration_s: 0.0,
                });
            }
        }
        _ => {}
    }
    Ok(())
}

fn suite_name(suite: Option<&Suite>, line: usize) -> Result<String, ReadError> {
    match suite {
        Some(Suite { name: Some(name), .. }) if !name.is_empty() => Ok(name.clone()),
        Some(s) => Err(ReadError::new(
            s.line,
            format!("<{}> without a <SUITE_NAME>", s.tag),
        )),
        None => Err(ReadError::new(line, "a test record outside a suite")),
    }
}
