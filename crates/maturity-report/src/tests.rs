//! `maturity tests` and `maturity coverage` as text: a table for the terminal, Markdown, and
//! the JSON contract of docs/tests.md (the results' own serde form).

use std::fmt::Write;

use maturity_tests::{Counter, CoverageReport, TestsSummary, Totals};

use crate::render::TextFormat;

/// How many flaky tests a table lists.
const FLAKY_SHOWN: usize = 20;

fn totals_line(t: &Totals) -> String {
    let rate = t
        .pass_rate()
        .map_or_else(|| "–".to_string(), |r| format!("{r:.1} %"));
    format!(
        "{} tests: {} passed ({} flaky), {} failed, {} errored, {} skipped; pass rate {rate}",
        t.tests, t.passed, t.flaky, t.failed, t.errored, t.skipped
    )
}

/// A test's name as a reader finds it: class (or suite) and name.
fn test_name(suite: &str, class: &str, name: &str) -> String {
    let owner = if class.is_empty() { suite } else { class };
    if owner.is_empty() {
        name.to_string()
    } else {
        format!("{owner} › {name}")
    }
}

/// Escapes a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The summary of test results as a table or Markdown (JSON is the full result's serde form).
pub fn render_tests(summary: &TestsSummary, format: TextFormat) -> String {
    let md = format == TextFormat::Md;
    let mut out = String::new();
    if md {
        let _ = writeln!(out, "## Test results\n\n{}\n", totals_line(&summary.totals));
        out.push_str("| Run | Tests | Passed | Failed | Errored | Skipped | Flaky | Pass rate | Duration (s) |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    } else {
        let _ = writeln!(out, "{}\n", totals_line(&summary.totals));
        let _ = writeln!(
            out,
            "{:<40} {:>7} {:>7} {:>7} {:>7} {:>7} {:>6} {:>9}",
            "run", "tests", "passed", "failed", "errored", "skipped", "flaky", "pass rate"
        );
    }
    for run in &summary.runs {
        let t = &run.totals;
        let rate = t
            .pass_rate()
            .map_or_else(|| "–".to_string(), |r| format!("{r:.1} %"));
        let path = if run.broken {
            format!("{} (broken)", run.path)
        } else {
            run.path.clone()
        };
        if md {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {rate} | {:.1} |",
                cell(&path),
                t.tests,
                t.passed,
                t.failed,
                t.errored,
                t.skipped,
                t.flaky,
                run.duration_s
            );
        } else {
            let _ = writeln!(
                out,
                "{path:<40} {:>7} {:>7} {:>7} {:>7} {:>7} {:>6} {rate:>9}",
                t.tests, t.passed, t.failed, t.errored, t.skipped, t.flaky
            );
        }
    }
    out.push('\n');
    if !summary.kinds.is_empty() {
        out.push_str(if md {
            "### By kind of test\n\n"
        } else {
            "By kind:\n"
        });
        for k in &summary.kinds {
            let _ = writeln!(
                out,
                "{}{}: {}",
                if md { "- " } else { "  " },
                k.kind.as_str(),
                totals_line(&k.totals)
            );
        }
        out.push('\n');
    }
    if !summary.flaky.is_empty() {
        out.push_str(if md { "### Flaky tests\n\n| Test | Flip rate | Runs | Runs with retries |\n| --- | ---: | ---: | ---: |\n" } else { "Flaky tests (flip rate, runs, runs passed only on retry):\n" });
        for f in summary.flaky.iter().take(FLAKY_SHOWN) {
            let name = test_name(&f.suite, &f.class, &f.name);
            if md {
                let _ = writeln!(
                    out,
                    "| {} | {:.2} | {} | {} |",
                    cell(&name),
                    f.flip_rate,
                    f.runs,
                    f.flaky_runs
                );
            } else {
                let _ = writeln!(
                    out,
                    "  {:.2}  {:>3}  {:>3}  {name}",
                    f.flip_rate, f.runs, f.flaky_runs
                );
            }
        }
        if summary.flaky.len() > FLAKY_SHOWN {
            let _ = writeln!(
                out,
                "{}… and {} more",
                if md { "\n" } else { "  " },
                summary.flaky.len() - FLAKY_SHOWN
            );
        }
        out.push('\n');
    }
    if !summary.slowest.is_empty() {
        out.push_str(if md {
            "### Slowest tests\n\n| Test | Kind | Seconds |\n| --- | --- | ---: |\n"
        } else {
            "Slowest tests:\n"
        });
        for s in &summary.slowest {
            let name = test_name(&s.suite, &s.class, &s.name);
            if md {
                let _ = writeln!(
                    out,
                    "| {} | {} | {:.3} |",
                    cell(&name),
                    s.kind.as_str(),
                    s.duration_s
                );
            } else {
                let _ = writeln!(out, "  {:>10.3} s  {name} ({})", s.duration_s, s.kind.as_str());
            }
        }
        out.push('\n');
    }
    unreadable(&mut out, md, summary.unreadable.iter().map(ToString::to_string));
    out
}

fn unreadable(out: &mut String, md: bool, lines: impl Iterator<Item = String>) {
    let lines: Vec<String> = lines.collect();
    if lines.is_empty() {
        return;
    }
    out.push_str(if md {
        "### Unreadable files\n\n"
    } else {
        "Unreadable files:\n"
    });
    for line in lines {
        let _ = writeln!(
            out,
            "{}{}",
            if md { "- " } else { "  " },
            if md { cell(&line) } else { line }
        );
    }
    out.push('\n');
}

fn counter(c: &Counter) -> String {
    match c.percent {
        Some(p) => format!("{p:.1} % ({} of {})", c.covered, c.total),
        None => "–".to_string(),
    }
}

fn branches(c: Option<&Counter>) -> String {
    c.map_or_else(|| "–".to_string(), counter)
}

/// Coverage as a table or Markdown.
pub fn render_coverage(report: &CoverageReport, format: TextFormat) -> String {
    let md = format == TextFormat::Md;
    let mut out = String::new();
    let t = &report.totals;
    if md {
        let _ = writeln!(
            out,
            "## Coverage\n\nLines {}, branches {}.\n",
            counter(&t.lines),
            branches(t.branches.as_ref())
        );
        out.push_str("| Report | Format | Kind | Lines | Branches |\n| --- | --- | --- | --- | --- |\n");
    } else {
        let _ = writeln!(
            out,
            "Lines {}, branches {}\n",
            counter(&t.lines),
            branches(t.branches.as_ref())
        );
    }
    for r in &report.reports {
        let format = serde_json::to_value(r.format)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        if md {
            let _ = writeln!(
                out,
                "| {} | {format} | {} | {} | {} |",
                cell(&r.path),
                r.kind.as_str(),
                counter(&r.lines),
                branches(r.branches.as_ref())
            );
        } else {
            let _ = writeln!(
                out,
                "{}  ({format}, {}): lines {}, branches {}",
                r.path,
                r.kind.as_str(),
                counter(&r.lines),
                branches(r.branches.as_ref())
            );
        }
    }
    out.push('\n');
    if report.kinds.len() > 1 {
        out.push_str(if md {
            "### By kind of test\n\n"
        } else {
            "By kind:\n"
        });
        for k in &report.kinds {
            let _ = writeln!(
                out,
                "{}{}: lines {}, branches {}",
                if md { "- " } else { "  " },
                k.kind.as_str(),
                counter(&k.lines),
                branches(k.branches.as_ref())
            );
        }
        out.push('\n');
    }
    if !report.packages.is_empty() {
        out.push_str(if md {
            "### By package or directory\n\n| Package | Lines | Branches |\n| --- | --- | --- |\n"
        } else {
            "By package or directory:\n"
        });
        for p in &report.packages {
            if md {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    cell(&p.name),
                    counter(&p.lines),
                    branches(p.branches.as_ref())
                );
            } else {
                let _ = writeln!(
                    out,
                    "  {:<40} lines {}, branches {}",
                    p.name,
                    counter(&p.lines),
                    branches(p.branches.as_ref())
                );
            }
        }
        out.push('\n');
    }
    unreadable(&mut out, md, report.unreadable.iter().map(ToString::to_string));
    out
}
