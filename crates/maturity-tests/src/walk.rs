//! The file-system edge: the report files under the paths a user names, read into runs.
//! Each path is one run; a directory's run is every report file under it, in name order.
//! Links are not followed, as the scanner does not follow them. A JSON-lines file of
//! CDEvents (`.jsonl`, `.ndjson`) adds its test events to its path's run (`cdevents`).

use std::fs::{self, File};
use std::io::BufReader;
use std::path::{Path, PathBuf};

use crate::count::RunBuilder;
use crate::coverage::{CoverageBuilder, CoverageReport};
use crate::error::Unreadable;
use crate::junit::read_report;
use crate::kinds::KindRules;
use crate::report::TestsReport;

const BUFFER: usize = 256 * 1024;

/// `maturity tests PATH...`: each path one run.
pub fn tests(paths: &[PathBuf], rules: &KindRules) -> (TestsReport, bool) {
    let mut builder = RunBuilder::default();
    for path in paths {
        let shown = path.display().to_string();
        builder.start_run(&shown);
        let files = match report_files(path, &["xml", "trx", "jsonl", "ndjson"]) {
            Ok(files) => files,
            Err(unreadable) => {
                builder.unreadable(unreadable);
                continue;
            }
        };
        let in_directory = path.is_dir();
        let mut read_any = false;
        for file in files {
            let name = file.display().to_string();
            builder.start_file(&name);
            let input = match File::open(&file) {
                Ok(f) => BufReader::with_capacity(BUFFER, f),
                Err(e) => {
                    builder.file_failed(Unreadable {
                        path: name,
                        line: None,
                        error: e.to_string(),
                    });
                    continue;
                }
            };
            if is_events(&file) {
                read_any |= crate::cdevents::add_file(&mut builder, &name, input, in_directory);
                continue;
            }
            match read_report(input, &mut |a| builder.add(a)) {
                Ok(_) => {
                    builder.file_done();
                    read_any = true;
                }
                Err(e) if in_directory && e.other_document => builder.file_skipped(),
                Err(e) => builder.file_failed(Unreadable::at(&name, &e)),
            }
        }
        if !read_any && in_directory {
            builder.unreadable(Unreadable {
                path: shown,
                line: None,
                error: "no readable JUnit, TRX, NUnit, xUnit.net or CUnit report in this directory"
                    .to_string(),
            });
        }
    }
    let any = builder.any_read();
    (builder.finish(rules), any)
}

/// A JSON-lines file, read as CDEvents.
fn is_events(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
}

/// `maturity coverage PATH...`.
pub fn coverage(paths: &[PathBuf], rules: &KindRules) -> (CoverageReport, bool) {
    let mut builder = CoverageBuilder::default();
    for path in paths {
        let files = match report_files(path, &["xml", "info", "lcov", "out", "coverprofile"]) {
            Ok(files) => files,
            Err(unreadable) => {
                builder.unreadable(unreadable);
                continue;
            }
        };
        let in_directory = path.is_dir();
        let mut read_any = false;
        for file in files {
            let name = file.display().to_string();
            match File::open(&file) {
                Ok(f) => read_any |= builder.read(&name, BufReader::with_capacity(BUFFER, f), in_directory),
                Err(e) => builder.unreadable(Unreadable {
                    path: name,
                    line: None,
                    error: e.to_string(),
                }),
            }
        }
        if !read_any && in_directory {
            builder.unreadable(Unreadable {
                path: path.display().to_string(),
                line: None,
                error: "no readable Cobertura, JaCoCo, LCOV or Go coverage report in this directory"
                    .to_string(),
            });
        }
    }
    let any = builder.any_read();
    (builder.finish(rules), any)
}

/// `path` itself when it is a file; else every file under it with one of `extensions`,
/// sorted. Links are left alone.
fn report_files(path: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>, Unreadable> {
    let unreadable = |e: std::io::Error| Unreadable {
        path: path.display().to_string(),
        line: None,
        error: e.to_string(),
    };
    let meta = fs::metadata(path).map_err(unreadable)?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut found = Vec::new();
    let mut pending = vec![path.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).map_err(unreadable)? {
            let entry = entry.map_err(unreadable)?;
            let kind = entry.file_type().map_err(unreadable)?;
            let p = entry.path();
            if kind.is_dir() {
                pending.push(p);
            } else if kind.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
            {
                found.push(p);
            }
        }
    }
    found.sort();
    Ok(found)
}
