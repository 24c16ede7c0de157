//! Coverage reports: Cobertura XML, JaCoCo XML, LCOV and Go cover profiles, read a line (or a
//! Go block) at a time into per-file units, merged across reports as a union: a line is
//! covered when any report covered it (docs/tests.md, "Coverage").

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, Read};

use serde::{Deserialize, Serialize};

use crate::error::{ReadError, Unreadable};
use crate::kinds::{Kind, KindRules};
use crate::xml::{Tag, Visit, Xml, shorten, walk};

/// Names the JSON shape of `maturity coverage --format json`.
pub const COVERAGE_SCHEMA: &str = "maturity-coverage/1";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CoverageFormat {
    Cobertura,
    Jacoco,
    Lcov,
    Go,
}

/// One line (or one Go block of statements) of one source file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unit {
    /// Lines (or Go statements) it stands for.
    pub lines: u32,
    pub covered: bool,
    pub branches: u32,
    pub branches_covered: u32,
}

impl Unit {
    fn merge(&mut self, other: Unit) {
        self.lines = self.lines.max(other.lines);
        self.covered |= other.covered;
        self.branches = self.branches.max(other.branches);
        self.branches_covered = self
            .branches_covered
            .max(other.branches_covered)
            .min(self.branches);
    }
}

/// Where a unit starts and ends: `(line, column, line, column)`; a line is `(n, 0, n, 0)`.
pub type Span = (u32, u32, u32, u32);

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Counter {
    pub covered: u64,
    pub total: u64,
    /// covered × 100 / total, to two decimals; none when there is nothing to cover.
    pub percent: Option<f64>,
}

impl Counter {
    fn new(covered: u64, total: u64) -> Self {
        #[allow(clippy::cast_precision_loss)]
        let percent = (total > 0).then(|| (covered as f64 * 10_000.0 / total as f64).round() / 100.0);
        Self {
            covered,
            total,
            percent,
        }
    }
}

/// Line and branch coverage of something: a report, a kind of test, a package, all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Covered {
    pub name: String,
    pub lines: Counter,
    /// None when the reports carry no branch data (Go profiles never do).
    pub branches: Option<Counter>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportCoverage {
    pub path: String,
    pub format: CoverageFormat,
    /// The kind of test that produced it, from its path; unit when the path does not say.
    pub kind: Kind,
    pub lines: Counter,
    pub branches: Option<Counter>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KindCoverage {
    pub kind: Kind,
    pub lines: Counter,
    pub branches: Option<Counter>,
}

/// `maturity coverage --format json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoverageReport {
    pub schema: String,
    pub reports: Vec<ReportCoverage>,
    pub totals: Covered,
    pub kinds: Vec<KindCoverage>,
    /// Per package (JaCoCo) or directory, by name.
    pub packages: Vec<Covered>,
    pub unreadable: Vec<Unreadable>,
}

impl CoverageReport {
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        let report: Self = serde_json::from_str(text)?;
        if report.schema != COVERAGE_SCHEMA {
            return Err(serde::de::Error::custom(format!(
                "schema `{}` is not `{COVERAGE_SCHEMA}`",
                report.schema
            )));
        }
        Ok(report)
    }

    /// The kind's line coverage, if a report of that kind was read.
    pub fn percent_of(&self, kind: Kind) -> Option<f64> {
        self.kinds
            .iter()
            .find(|k| k.kind == kind)
            .and_then(|k| k.lines.percent)
    }
}

type Files = HashMap<String, BTreeMap<Span, Unit>>;

/// Reads one coverage report, whatever its format, handing each unit to `sink` with its file.
pub fn read_coverage<R: BufRead>(
    mut input: R,
    sink: &mut dyn FnMut(&str, Span, Unit),
) -> Result<CoverageFormat, ReadError> {
    let start = input
        .fill_buf()
        .map_err(|e| ReadError::new(1, format!("cannot read: {e}")))?;
    let start = start.strip_prefix(b"\xef\xbb\xbf").unwrap_or(start);
    let first = start.iter().find(|b| !b.is_ascii_whitespace()).copied();
    if first == Some(b'<') {
        let mut xml = Xml::new(input);
        let root = xml.root()?;
        match root.name.as_str() {
            "coverage" => {
                cobertura(&mut xml, &root, sink)?;
                Ok(CoverageFormat::Cobertura)
            }
            "report" => {
                jacoco(&mut xml, &root, sink)?;
                Ok(CoverageFormat::Jacoco)
            }
            other => Err(xml
                .error(format!(
                    "<{other}> is not the root of a coverage report: expected <coverage> (Cobertura) \
                 or <report> (JaCoCo)"
                ))
                .other_document()),
        }
    } else if start.starts_with(b"mode:") {
        go(input, sink)?;
        Ok(CoverageFormat::Go)
    } else {
        lcov(input, sink)?;
        Ok(CoverageFormat::Lcov)
    }
}

fn number(tag: &Tag, key: &str, line: usize) -> Result<u32, ReadError> {
    let value = tag.text(key).trim();
    value
        .parse::<u32>()
        .or_else(|_| {
            // Some Cobertura writers count hits past u32; only "hit or not" matters.
            value.parse::<u64>().map(|_| u32::MAX)
        })
        .map_err(|_| {
            ReadError::new(
                line,
                format!("<{} {key}=\"{}\">: not a whole number", tag.name, shorten(value)),
            )
        })
}

/// Cobertura: `class` elements name the file; their `lines` (not their methods' lines, which
/// repeat them) hold one `line` each, with `condition-coverage="50% (1/2)"` on branches.
fn cobertura<R: BufRead>(
    xml: &mut Xml<R>,
    root: &Tag,
    sink: &mut dyn FnMut(&str, Span, Unit),
) -> Result<(), ReadError> {
    let mut file = String::new();
    walk(xml, root, &mut |xml, visit| {
        let Visit::Open { path, tag } = visit else {
            return Ok(true);
        };
        let line = xml.line();
        match tag.name.as_str() {
            "packages" | "package" | "classes" => Ok(true),
            "class" => {
                file = tag.text("filename").to_string();
                Ok(true)
            }
            "lines" => Ok(path.last().is_some_and(|p| p == "class")),
            "line" => {
                let n = number(tag, "number", line)?;
                let hits = number(tag, "hits", line)?;
                let (branches, branches_covered) = match tag.get("condition-coverage") {
                    Some(c) => conditions(c).ok_or_else(|| {
                        ReadError::new(
                            line,
                            format!(
                                "<line condition-coverage=\"{}\">: expected e.g. \"50% (1/2)\"",
                                shorten(c)
                            ),
                        )
                    })?,
                    None => (0, 0),
                };
                sink(
                    &file,
                    (n, 0, n, 0),
                    Unit {
                        lines: 1,
                        covered: hits > 0,
                        branches,
                        branches_covered,
                    },
                );
                Ok(false)
            }
            _ => Ok(false),
        }
    })
}

/// `50% (1/2)` → (2, 1).
fn conditions(text: &str) -> Option<(u32, u32)> {
    let inner = text.split_once('(')?.1.split_once(')')?.0;
    let (covered, total) = inner.split_once('/')?;
    let (covered, total) = (covered.trim().parse().ok()?, total.trim().parse().ok()?);
    (covered <= total).then_some((total, covered))
}

/// JaCoCo: `package` elements (possibly in `group`s) hold `sourcefile` elements whose `line`
/// elements count missed and covered instructions (`mi`, `ci`) and branches (`mb`, `cb`).
fn jacoco<R: BufRead>(
    xml: &mut Xml<R>,
    root: &Tag,
    sink: &mut dyn FnMut(&str, Span, Unit),
) -> Result<(), ReadError> {
    let mut package = String::new();
    let mut file = String::new();
    walk(xml, root, &mut |xml, visit| {
        let Visit::Open { tag, .. } = visit else {
            return Ok(true);
        };
        let line = xml.line();
        match tag.name.as_str() {
            "group" => Ok(true),
            "package" => {
                package = tag.text("name").to_string();
                Ok(true)
            }
            "sourcefile" => {
                let name = tag.text("name");
                file = if package.is_empty() {
                    name.to_string()
                } else {
                    format!("{package}/{name}")
                };
                Ok(true)
            }
            "line" => {
                let n = number(tag, "nr", line)?;
                let ci = number(tag, "ci", line)?;
                let mb = number(tag, "mb", line)?;
                let cb = number(tag, "cb", line)?;
                sink(
                    &file,
                    (n, 0, n, 0),
                    Unit {
                        lines: 1,
                        covered: ci > 0,
                        branches: mb.saturating_add(cb),
                        branches_covered: cb,
                    },
                );
                Ok(false)
            }
            _ => Ok(false),
        }
    })
}

/// Lines of a text format, numbered from 1, with a length limit: a line longer than this is
/// no coverage record and would otherwise be held whole.
fn text_lines<R: BufRead>(
    mut input: R,
    mut each: impl FnMut(usize, &str) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    const MAX_LINE: u64 = 1 << 20;
    let mut buf = Vec::new();
    let mut n = 0;
    loop {
        buf.clear();
        n += 1;
        let read = input
            .by_ref()
            .take(MAX_LINE)
            .read_until(b'\n', &mut buf)
            .map_err(|e| ReadError::new(n, format!("cannot read: {e}")))?;
        if read == 0 {
            return Ok(());
        }
        if buf.last() != Some(&b'\n') && read as u64 == MAX_LINE {
            return Err(ReadError::new(n, format!("a line longer than {MAX_LINE} bytes")));
        }
        let text = std::str::from_utf8(&buf).map_err(|_| ReadError::new(n, "not UTF-8 text"))?;
        each(n, text.trim_end_matches(['\n', '\r']))?;
    }
}

/// LCOV tracefiles: `SF:` opens a file's record, `DA:line,hits` and
/// `BRDA:line,block,branch,taken` fill it, `end_of_record` closes it. Summary lines (`LF`,
/// `LH`, `BRF`, `BRH`) are recomputed, functions (`FN…`) are not counted.
fn lcov<R: BufRead>(input: R, sink: &mut dyn FnMut(&str, Span, Unit)) -> Result<(), ReadError> {
    let mut file: Option<String> = None;
    let mut units: BTreeMap<u32, Unit> = BTreeMap::new();
    let mut seen_record = false;
    text_lines(input, |n, line| {
        let line = line.trim();
        if line.is_empty() {
            return Ok(());
        }
        let bad = |what: &str| ReadError::new(n, format!("{what}: `{}`", shorten(line)));
        if line == "end_of_record" {
            let name = file.take().ok_or_else(|| bad("end_of_record without SF"))?;
            for (l, unit) in std::mem::take(&mut units) {
                sink(&name, (l, 0, l, 0), unit);
            }
            return Ok(());
        }
        let other = |e: ReadError| if seen_record { e } else { e.other_document() };
        let (key, value) = line
            .split_once(':')
            .ok_or_else(|| other(bad("not an LCOV line")))?;
        match key {
            "SF" => {
                if file.is_some() {
                    return Err(bad("SF before the previous record's end_of_record"));
                }
                seen_record = true;
                file = Some(value.to_string());
            }
            "DA" | "BRDA" => {
                if file.is_none() {
                    return Err(bad(&format!("{key} outside a record (no SF before it)")));
                }
                let fields: Vec<&str> = value.split(',').collect();
                let l: u32 = fields
                    .first()
                    .and_then(|f| f.trim().parse().ok())
                    .ok_or_else(|| bad("bad line number"))?;
                let unit = units.entry(l).or_default();
                if key == "DA" {
                    let hits: f64 = fields
                        .get(1)
                        .and_then(|f| f.trim().parse().ok())
                        .filter(|h: &f64| h.is_finite() && *h >= 0.0)
                        .ok_or_else(|| bad("bad hit count"))?;
                    unit.lines = 1;
                    unit.covered |= hits > 0.0;
                } else {
                    let taken = fields
                        .get(3)
                        .map(|f| f.trim())
                        .ok_or_else(|| bad("BRDA needs four fields"))?;
                    let taken = if taken == "-" {
                        0
                    } else {
                        taken.parse::<u64>().map_err(|_| bad("bad branch count"))?
                    };
                    unit.branches += 1;
                    if taken > 0 {
                        unit.branches_covered += 1;
                    }
                }
            }
            "TN" | "FN" | "FNDA" | "FNF" | "FNH" | "FNL" | "FNA" | "LF" | "LH" | "BRF" | "BRH" | "VER" => {}
            _ => return Err(other(bad("not an LCOV line"))),
        }
        Ok(())
    })?;
    if file.is_some() {
        return Err(ReadError::new(
            0,
            "the last record has no end_of_record (truncated?)",
        ));
    }
    if !seen_record {
        return Err(ReadError::new(
            1,
            "not a coverage report: no LCOV record (SF:), no Go `mode:` line, no XML",
        )
        .other_document());
    }
    Ok(())
}

/// Go cover profiles: `mode: set|count|atomic`, then `file.go:l.c,l.c statements count`.
/// A block repeated (profiles of several packages concatenated) is covered if any copy is.
fn go<R: BufRead>(input: R, sink: &mut dyn FnMut(&str, Span, Unit)) -> Result<(), ReadError> {
    text_lines(input, |n, line| {
        let bad = |what: &str| ReadError::new(n, format!("{what}: `{}`", shorten(line)));
        if line.trim().is_empty() {
            return Ok(());
        }
        if let Some(mode) = line.strip_prefix("mode:") {
            return match mode.trim() {
                "set" | "count" | "atomic" => Ok(()),
                _ => Err(bad("unknown cover mode")),
            };
        }
        let mut fields = line.rsplitn(3, ' ');
        let (Some(count), Some(statements), Some(place)) = (fields.next(), fields.next(), fields.next())
        else {
            return Err(bad("expected `file:start,end statements count`"));
        };
        let count: u64 = count.parse().map_err(|_| bad("bad count"))?;
        let statements: u32 = statements.parse().map_err(|_| bad("bad statement count"))?;
        let (file, span) = place
            .rsplit_once(':')
            .ok_or_else(|| bad("no `:` before the block"))?;
        let (from, to) = span.split_once(',').ok_or_else(|| bad("bad block"))?;
        let pos = |p: &str| -> Option<(u32, u32)> {
            let (l, c) = p.split_once('.')?;
            Some((l.parse().ok()?, c.parse().ok()?))
        };
        let ((l1, c1), (l2, c2)) = pos(from).zip(pos(to)).ok_or_else(|| bad("bad block"))?;
        sink(
            file,
            (l1, c1, l2, c2),
            Unit {
                lines: statements,
                covered: count > 0,
                branches: 0,
                branches_covered: 0,
            },
        );
        Ok(())
    })
}

/// Collects coverage reports; [`CoverageBuilder::finish`] sums them.
#[derive(Default)]
pub struct CoverageBuilder {
    reports: Vec<(String, CoverageFormat, Files)>,
    unreadable: Vec<Unreadable>,
}

impl CoverageBuilder {
    /// Reads one report at `path`; a report that fails is listed as unreadable, whole, unless
    /// it is another kind of document and `pass_over_others` (a directory is being walked).
    pub fn read<R: BufRead>(&mut self, path: &str, input: R, pass_over_others: bool) -> bool {
        let mut files = Files::new();
        let read = read_coverage(input, &mut |file, span, unit| {
            files
                .entry(file.to_string())
                .or_default()
                .entry(span)
                .or_default()
                .merge(unit);
        });
        match read {
            Ok(format) => {
                self.reports.push((path.to_string(), format, files));
                true
            }
            Err(e) => {
                if !(pass_over_others && e.other_document) {
                    self.unreadable.push(Unreadable::at(path, &e));
                }
                false
            }
        }
    }

    pub fn unreadable(&mut self, unreadable: Unreadable) {
        self.unreadable.push(unreadable);
    }

    pub fn any_read(&self) -> bool {
        !self.reports.is_empty()
    }

    pub fn finish(self, rules: &KindRules) -> CoverageReport {
        let mut all = Files::new();
        let mut by_kind: BTreeMap<Kind, Files> = BTreeMap::new();
        let mut reports = Vec::new();
        for (path, format, files) in self.reports {
            let kind = rules.classify(&[&path], "");
            let (lines, branches) = count(files.values());
            reports.push(ReportCoverage {
                path,
                format,
                kind,
                lines,
                branches,
            });
            let kind_files = by_kind.entry(kind).or_default();
            for (file, units) in files {
                for target in [&mut all, &mut *kind_files] {
                    let merged = target.entry(file.clone()).or_default();
                    for (span, unit) in &units {
                        merged.entry(*span).or_default().merge(*unit);
                    }
                }
            }
        }
        let mut packages: BTreeMap<String, Vec<&BTreeMap<Span, Unit>>> = BTreeMap::new();
        for (file, units) in &all {
            let dir = file.rsplit_once(['/', '\\']).map_or(".", |(d, _)| d);
            packages.entry(dir.to_string()).or_default().push(units);
        }
        let (lines, branches) = count(all.values());
        CoverageReport {
            schema: COVERAGE_SCHEMA.to_string(),
            reports,
            totals: Covered {
                name: "all".to_string(),
                lines,
                branches,
            },
            kinds: by_kind
                .iter()
                .map(|(kind, files)| {
                    let (lines, branches) = count(files.values());
                    KindCoverage {
                        kind: *kind,
                        lines,
                        branches,
                    }
                })
                .collect(),
            packages: packages
                .into_iter()
                .map(|(name, files)| {
                    let (lines, branches) = count(files.into_iter());
                    Covered {
                        name,
                        lines,
                        branches,
                    }
                })
                .collect(),
            unreadable: self.unreadable,
        }
    }
}

fn count<'a>(files: impl Iterator<Item = &'a BTreeMap<Span, Unit>>) -> (Counter, Option<Counter>) {
    let (mut lines, mut covered, mut branches, mut branches_covered) = (0u64, 0u64, 0u64, 0u64);
    for unit in files.flat_map(BTreeMap::values) {
        lines += u64::from(unit.lines);
        if unit.covered {
            covered += u64::from(unit.lines);
        }
        branches += u64::from(unit.branches);
        branches_covered += u64::from(unit.branches_covered);
    }
    (
        Counter::new(covered, lines),
        (branches > 0).then(|| Counter::new(branches_covered, branches)),
    )
}
