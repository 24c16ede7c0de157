//! The .NET test reports: Visual Studio TRX, NUnit 3 and xUnit.net v2 XML.

use std::collections::HashMap;
use std::io::BufRead;

use crate::count::{Attempt, Outcome};
use crate::error::ReadError;
use crate::xml::{Tag, Visit, Xml, seconds, shorten, walk};

/// A file name from a path written on Windows or elsewhere: the suite of a .NET test is its
/// assembly, named the same on every machine.
pub(crate) fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

pub(crate) fn unknown(tag: &Tag, key: &str, line: usize) -> ReadError {
    ReadError::new(
        line,
        format!(
            "<{} {key}=\"{}\">: not an outcome this reader knows",
            tag.name,
            shorten(tag.text(key))
        ),
    )
}

/// TRX: results come before the definitions that name their classes, so each result is kept
/// (name, outcome, duration) until the definitions are read. Data-driven rows
/// (`InnerResults`) are part of their parent's result.
pub(crate) fn trx<R: BufRead>(
    xml: &mut Xml<R>,
    root: &Tag,
    sink: &mut dyn FnMut(Attempt),
) -> Result<(), ReadError> {
    struct Definition {
        class: String,
        storage: String,
        hints: String,
    }
    let mut results: Vec<(String, Attempt)> = Vec::new();
    let mut definitions: HashMap<String, Definition> = HashMap::new();
    let mut current: Option<(String, Definition)> = None;
    walk(xml, root, &mut |xml, visit| {
        let Visit::Open { path, tag } = visit else {
            if let Visit::Close { path, .. } = visit
                && path.last().is_some_and(|p| p == "TestDefinitions")
                && let Some((id, definition)) = current.take()
            {
                definitions.insert(id, definition);
            }
            return Ok(true);
        };
        let parent = path.last().map_or("", String::as_str);
        let line = xml.line();
        match (parent, tag.name.as_str()) {
            ("Results", name) if name.ends_with("TestResult") => {
                let outcome = match tag.text("outcome") {
                    "Passed" | "PassedButRunAborted" | "Warning" | "Completed" => Outcome::Passed,
                    "Failed" | "Timeout" | "Aborted" => Outcome::Failed,
                    "Error" | "Disconnected" => Outcome::Errored,
                    "NotExecuted" | "NotRunnable" | "Inconclusive" | "Pending" | "InProgress" => {
                        Outcome::Skipped
                    }
                    _ => return Err(unknown(tag, "outcome", line)),
                };
                results.push((
                    tag.text("testId").to_string(),
                    Attempt {
                        suite: String::new(),
                        class: String::new(),
                        name: tag.text("testName").to_string(),
                        file: None,
                        hints: String::new(),
                        outcome,
                        failed_attempts: 0,
                        duration_s: timespan(tag, line)?,
                    },
                ));
                Ok(false)
            }
            ("TestDefinitions", _) => {
                current = Some((
                    tag.text("id").to_string(),
                    Definition {
                        class: String::new(),
                        storage: file_name(tag.text("storage")).to_string(),
                        hints: String::new(),
                    },
                ));
                Ok(true)
            }
            ("TestCategory", "TestCategoryItem") => {
                if let Some((_, d)) = &mut current {
                    d.hints.push_str(tag.text("TestCategory"));
                    d.hints.push(' ');
                }
                Ok(false)
            }
            (_, "TestMethod") => {
                if let Some((_, d)) = &mut current {
                    d.class = tag.text("className").to_string();
                    if d.storage.is_empty() {
                        d.storage = file_name(tag.text("codeBase")).to_string();
                    }
                }
                Ok(false)
            }
            ("TestRun", _) => Ok(true),
            (p, _) if p.ends_with("Test") => Ok(true),
            _ => Ok(false),
        }
    })?;
    for (id, mut attempt) in results {
        if let Some(d) = definitions.get(&id) {
            attempt.suite.clone_from(&d.storage);
            // xUnit and NUnit adapters write the class into the test name as well.
            attempt.class.clone_from(&d.class);
            attempt.hints.clone_from(&d.hints);
        }
        sink(attempt);
    }
    Ok(())
}

/// `[d.]hh:mm:ss[.fffffff]`, as .NET writes a TimeSpan.
fn timespan(tag: &Tag, line: usize) -> Result<f64, ReadError> {
    let value = tag.text("duration").trim();
    if value.is_empty() {
        return Ok(0.0);
    }
    let bad = || {
        ReadError::new(
            line,
            format!("<{} duration=\"{}\">: not a time span", tag.name, shorten(value)),
        )
    };
    let parts: Vec<&str> = value.split(':').collect();
    let [h, m, s] = parts.as_slice() else {
        return Err(bad());
    };
    let (days, hours) = match h.split_once('.') {
        Some((d, h)) => (d.parse::<u32>().map_err(|_| bad())?, h),
        None => (0, *h),
    };
    let hours: u32 = hours.parse().map_err(|_| bad())?;
    let minutes: u32 = m.parse().map_err(|_| bad())?;
    let secs: f64 = s.parse().map_err(|_| bad())?;
    if !secs.is_finite() || secs < 0.0 {
        return Err(bad());
    }
    Ok(f64::from(days) * 86_400.0 + f64::from(hours) * 3600.0 + f64::from(minutes) * 60.0 + secs)
}

/// NUnit 3: `test-case` elements inside nested `test-suite` elements; the suite of a test is
/// its assembly. Categories of the case and its fixtures are hints for its kind.
pub(crate) fn nunit3<R: BufRead>(
    xml: &mut Xml<R>,
    root: &Tag,
    sink: &mut dyn FnMut(Attempt),
) -> Result<(), ReadError> {
    let mut assembly = String::new();
    let mut hints: Vec<String> = Vec::new();
    let mut case: Option<Attempt> = None;
    walk(xml, root, &mut |xml, visit| {
        let line = xml.line();
        match visit {
            Visit::Open { tag, path } => match tag.name.as_str() {
                "test-suite" if case.is_none() => {
                    if tag.text("type") == "Assembly" {
                        assembly = file_name(tag.text("name")).to_string();
                    }
                    hints.push(String::new());
                    Ok(true)
                }
                "test-case" if case.is_none() => {
                    let outcome = match (tag.text("result"), tag.text("label")) {
                        ("Passed" | "Warning", _) => Outcome::Passed,
                        ("Failed", "Error" | "Invalid") => Outcome::Errored,
                        ("Failed", _) => Outcome::Failed,
                        ("Skipped" | "Inconclusive", _) => Outcome::Skipped,
                        _ => return Err(unknown(tag, "result", line)),
                    };
                    case = Some(Attempt {
                        suite: assembly.clone(),
                        class: tag.text("classname").to_string(),
                        name: tag.text("name").to_string(),
                        file: None,
                        hints: hints.join(" "),
                        outcome,
                        failed_attempts: 0,
                        duration_s: seconds(tag, "duration", line)?,
                    });
                    Ok(true)
                }
                "properties" => Ok(true),
                "property" if tag.text("name") == "Category" => {
                    let in_case = path.iter().rev().nth(1).is_some_and(|p| p == "test-case");
                    match (&mut case, hints.last_mut()) {
                        (Some(c), _) if in_case => {
                            c.hints.push(' ');
                            c.hints.push_str(tag.text("value"));
                        }
                        (_, Some(h)) => {
                            h.push(' ');
                            h.push_str(tag.text("value"));
                        }
                        _ => {}
                    }
                    Ok(false)
                }
                _ => Ok(false),
            },
            Visit::Close { name, .. } => {
                match name {
                    "test-case" => {
                        if let Some(c) = case.take() {
                            sink(c);
                        }
                    }
                    "test-suite" => {
                        hints.pop();
                    }
                    _ => {}
                }
                Ok(true)
            }
        }
    })
}

/// xUnit.net v2: `test` elements inside `collection`s inside `assembly` elements; traits are
/// hints for a test's kind.
pub(crate) fn xunit2<R: BufRead>(
    xml: &mut Xml<R>,
    root: Tag,
    sink: &mut dyn FnMut(Attempt),
) -> Result<(), ReadError> {
    let mut assembly = file_name(root.text("name")).to_string();
    let mut case: Option<Attempt> = None;
    walk(xml, &root, &mut |xml, visit| {
        let line = xml.line();
        match visit {
            Visit::Open { tag, .. } => match tag.name.as_str() {
                "assembly" => {
                    assembly = file_name(tag.text("name")).to_string();
                    Ok(true)
                }
                "collection" | "traits" => Ok(true),
                "test" if case.is_none() => {
                    let outcome = match tag.text("result") {
                        "Pass" => Outcome::Passed,
                        "Fail" => Outcome::Failed,
                        "Skip" | "NotRun" => Outcome::Skipped,
                        _ => return Err(unknown(tag, "result", line)),
                    };
                    case = Some(Attempt {
                        suite: assembly.clone(),
                        class: tag.text("type").to_string(),
                        name: tag.text("name").to_string(),
                        file: None,
                        hints: String::new(),
                        outcome,
                        failed_attempts: 0,
                        duration_s: seconds(tag, "time", line)?,
                    });
                    Ok(true)
                }
                "trait" => {
                    if let Some(c) = &mut case {
                        c.hints
                            .push_str(&format!(" {}={}", tag.text("name"), tag.text("value")));
                    }
                    Ok(false)
                }
                _ => Ok(false),
            },
            Visit::Close { name, .. } => {
                if name == "test"
                    && let Some(c) = case.take()
                {
                    sink(c);
                }
                Ok(true)
            }
        }
    })
}
