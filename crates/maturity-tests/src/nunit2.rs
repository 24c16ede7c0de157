//! NUnit 2 XML (2.4 to 2.6, `TestResult.xml`, root `test-results`): `test-case` elements in
//! the `results` of nested `test-suite` elements (Project, Assembly, Namespace, TestFixture,
//! ParameterizedTest…). A test is named in the same way as by NUnit 3 (the assembly's file
//! name, the class's full name, the rest of the test's name), so a team moving from NUnit 2
//! to 3 keeps its tests' history.

use std::io::BufRead;

use crate::count::{Attempt, Outcome};
use crate::dotnet::{file_name, unknown};
use crate::error::ReadError;
use crate::xml::{Tag, Visit, Xml, seconds, walk};

/// A `test-suite` being read.
struct Suite {
    /// An Assembly's file name.
    assembly: Option<String>,
    /// A TestFixture's name.
    fixture: Option<String>,
    /// Its categories, hints for the kind of its tests.
    hints: String,
}

pub(crate) fn nunit2<R: BufRead>(
    xml: &mut Xml<R>,
    root: &Tag,
    sink: &mut dyn FnMut(Attempt),
) -> Result<(), ReadError> {
    // Without an Assembly suite, the file the results were run from.
    let top = file_name(root.text("name")).to_string();
    let mut suites: Vec<Suite> = Vec::new();
    let mut case: Option<Attempt> = None;
    walk(xml, root, &mut |xml, visit| {
        let line = xml.line();
        match visit {
            Visit::Open { tag, .. } => match tag.name.as_str() {
                "test-suite" if case.is_none() => {
                    let kind = tag.text("type");
                    suites.push(Suite {
                        assembly: (kind == "Assembly").then(|| file_name(tag.text("name")).to_string()),
                        fixture: (kind == "TestFixture").then(|| tag.text("name").to_string()),
                        hints: String::new(),
                    });
                    Ok(true)
                }
                "results" | "categories" => Ok(true),
                "test-case" if case.is_none() => {
                    let full = tag.text("name");
                    if full.is_empty() {
                        return Err(ReadError::new(line, "<test-case> without a name"));
                    }
                    let fixture = suites.iter().rev().find_map(|s| s.fixture.as_deref());
                    let (class, name) = split_name(full, fixture);
                    case = Some(Attempt {
                        suite: suites
                            .iter()
                            .rev()
                            .find_map(|s| s.assembly.clone())
                            .unwrap_or_else(|| top.clone()),
                        class: class.to_string(),
                        name: name.to_string(),
                        file: None,
                        hints: suites
                            .iter()
                            .map(|s| s.hints.as_str())
                            .filter(|h| !h.is_empty())
                            .collect::<Vec<_>>()
                            .join(" "),
                        outcome: outcome(tag, line)?,
                        failed_attempts: 0,
                        duration_s: seconds(tag, "time", line)?,
                    });
                    Ok(true)
                }
                "category" => {
                    let hints = match (&mut case, suites.last_mut()) {
                        (Some(c), _) => &mut c.hints,
                        (None, Some(s)) => &mut s.hints,
                        (None, None) => return Ok(false),
                    };
                    hints.push(' ');
                    hints.push_str(tag.text("name"));
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
                        suites.pop();
                    }
                    _ => {}
                }
                Ok(true)
            }
        }
    })
}

/// NUnit 2.5 and later write `result`; 2.4 wrote only `executed` and `success`. A test
/// that could not run (`NotRunnable`: a bad signature or arguments) is an error in the
/// suite, as NUnit 3 counts it (Failed, label Invalid); one that was not run is skipped.
fn outcome(tag: &Tag, line: usize) -> Result<Outcome, ReadError> {
    Ok(match tag.get("result") {
        Some("Success") => Outcome::Passed,
        Some("Failure") => Outcome::Failed,
        Some("Error" | "NotRunnable" | "Cancelled") => Outcome::Errored,
        Some("Ignored" | "Skipped" | "Inconclusive") => Outcome::Skipped,
        Some(_) => return Err(unknown(tag, "result", line)),
        None if tag.text("executed").eq_ignore_ascii_case("false") => Outcome::Skipped,
        None if tag.text("success").eq_ignore_ascii_case("true") => Outcome::Passed,
        None => Outcome::Failed,
    })
}

/// A test's full name (`Acme.Calc.CalcTests.Adds(1.5,2)`) as its class and the rest. The
/// enclosing fixture's name marks where the class ends, for the fixtures whose name has
/// arguments or dots of its own (`Acme.StackTests(1.5).Pushes`); without one, the class is
/// what comes before the last dot ahead of the arguments.
fn split_name<'a>(full: &'a str, fixture: Option<&str>) -> (&'a str, &'a str) {
    let arguments = full.find('(').unwrap_or(full.len());
    let by_fixture = fixture.filter(|f| !f.is_empty()).and_then(|f| {
        full.match_indices(f)
            .map(|(at, _)| at)
            .filter(|&at| {
                at <= arguments
                    && (at == 0 || full[..at].ends_with('.'))
                    && full[at + f.len()..].starts_with('.')
            })
            .last()
            .map(|at| at + f.len())
    });
    match by_fixture.or_else(|| full[..arguments].rfind('.')) {
        Some(end) => (&full[..end], &full[end + 1..]),
        None => ("", full),
    }
}

#[cfg(test)]
mod tests {
    use super::split_name;

    #[test]
    fn a_full_name_splits_at_its_fixture_or_its_last_dot_before_arguments() {
        let cases = [
            (
                "Acme.Calc.CalcTests.Adds",
                Some("CalcTests"),
                ("Acme.Calc.CalcTests", "Adds"),
            ),
            (
                "Acme.Calc.CalcTests.Adds(1.5,2)",
                None,
                ("Acme.Calc.CalcTests", "Adds(1.5,2)"),
            ),
            (
                "Acme.StackTests(1.5).Pushes",
                Some("StackTests(1.5)"),
                ("Acme.StackTests(1.5)", "Pushes"),
            ),
            (
                "Acme.CalcTests.CalcTests.Adds",
                Some("CalcTests"),
                ("Acme.CalcTests.CalcTests", "Adds"),
            ),
            ("Adds", Some("CalcTests"), ("", "Adds")),
            ("Acme.Other.Adds", Some("CalcTests"), ("Acme.Other", "Adds")),
        ];
        for (full, fixture, expected) in cases {
            assert_eq!(split_name(full, fixture), expected, "{full}");
        }
    }
}
