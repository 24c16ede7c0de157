//! Test results and coverage (docs/tests.md): a saved `maturity tests --format json` or
//! `maturity coverage --format json` result, or a raw report as CI writes it (JUnit XML,
//! TRX, NUnit 2 and 3, xUnit.net v2, CUnit; Cobertura, JaCoCo, LCOV, Go cover profile),
//! pushed or named in `[evidence]`. A raw report is kept as it came, so an export carries it unchanged and reads
//! back to the same report; it is one run, its kinds told by the built-in rules.

use std::io::Cursor;

use maturity_model::evidence::ObservedLevel;
use maturity_report::{CoverageResults, Gathered, TestResults};
use maturity_tests::{
    CoverageBuilder, CoverageReport, KindRules, MAX_PUSHED_REPORT, RunBuilder, TestsReport, TestsSummary,
    coverage_levels, read_report, test_levels,
};

use crate::error::{ParseError, SourceError};
use crate::source::{Evidence, Reading, Repository, Source};

pub struct Tests;

/// The path a raw report's run and coverage entries are named by: it came without one.
const RAW: &str = "report";

fn too_large(text: &str) -> Result<(), ParseError> {
    if text.len() > MAX_PUSHED_REPORT {
        return Err(ParseError {
            line: 1,
            column: 1,
            message: format!(
                "larger than {} MiB: send one run's report at a time",
                MAX_PUSHED_REPORT >> 20
            ),
        });
    }
    Ok(())
}

fn is_json(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').trim_start().starts_with('{')
}

impl Source for Tests {
    fn kind(&self) -> &'static str {
        "tests"
    }

    fn key(&self) -> &'static str {
        "tests"
    }

    fn produced_by(&self) -> &'static str {
        "a JUnit XML, TRX, NUnit 2 or 3, xUnit.net v2 or CUnit report, or `maturity tests --format json` results"
    }

    fn saved_label(&self) -> &'static str {
        "saved tests"
    }

    fn read_repository(&self, _repository: &Repository) -> Result<Option<Evidence>, SourceError> {
        Ok(None)
    }

    fn parse(&self, text: &str) -> Result<Box<dyn Reading>, ParseError> {
        too_large(text)?;
        let summary = if is_json(text) {
            TestsReport::from_json(text)
                .map_err(|e| ParseError::json("not a `maturity tests --format json` result", &e))?
                .summary()
        } else {
            let mut builder = RunBuilder::default();
            builder.start_run(RAW);
            builder.start_file(RAW);
            read_report(Cursor::new(text.as_bytes()), &mut |a| builder.add(a)).map_err(|e| ParseError {
                line: e.line,
                column: 1,
                message: e.message,
            })?;
            builder.file_done();
            builder.finish(&KindRules::default()).summary()
        };
        Ok(Box::new(TestsReading(summary)))
    }
}

#[derive(Debug)]
struct TestsReading(TestsSummary);

impl Reading for TestsReading {
    fn observed(&self, label: &str) -> Vec<ObservedLevel> {
        test_levels(&self.0, label)
    }

    fn add_sections(&self, label: &str, gathered: &mut Gathered) {
        gathered.tests.push(TestResults {
            source: label.to_string(),
            results: self.0.clone(),
        });
    }
}

pub struct Coverage;

impl Source for Coverage {
    fn kind(&self) -> &'static str {
        "coverage"
    }

    fn key(&self) -> &'static str {
        "coverage"
    }

    fn produced_by(&self) -> &'static str {
        "a Cobertura, JaCoCo, LCOV or Go coverage report, or `maturity coverage --format json` results"
    }

    fn saved_label(&self) -> &'static str {
        "saved coverage"
    }

    fn read_repository(&self, _repository: &Repository) -> Result<Option<Evidence>, SourceError> {
        Ok(None)
    }

    fn parse(&self, text: &str) -> Result<Box<dyn Reading>, ParseError> {
        too_large(text)?;
        let report = if is_json(text) {
            CoverageReport::from_json(text)
                .map_err(|e| ParseError::json("not a `maturity coverage --format json` result", &e))?
        } else {
            let mut builder = CoverageBuilder::default();
            builder.read(RAW, Cursor::new(text.as_bytes()), false);
            let report = builder.finish(&KindRules::default());
            if let Some(u) = report.unreadable.first() {
                return Err(ParseError {
                    line: u.line.unwrap_or(1),
                    column: 1,
                    message: u.error.clone(),
                });
            }
            report
        };
        Ok(Box::new(CoverageReading(report)))
    }
}

#[derive(Debug)]
struct CoverageReading(CoverageReport);

impl Reading for CoverageReading {
    fn observed(&self, label: &str) -> Vec<ObservedLevel> {
        coverage_levels(&self.0, label)
    }

    fn add_sections(&self, label: &str, gathered: &mut Gathered) {
        gathered.coverage.push(CoverageResults {
            source: label.to_string(),
            coverage: self.0.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JUNIT: &str = "<testsuite name=\"s\"><testcase classname=\"c\" name=\"a\"/>\
        <testcase classname=\"it.OrderIT\" name=\"b\"><failure/></testcase></testsuite>";

    #[test]
    fn raw_reports_and_saved_results_read_alike() {
        let raw = Tests.parse(JUNIT).expect("raw JUnit");
        let mut gathered = Gathered::default();
        raw.add_sections("pushed", &mut gathered);
        let summary = &gathered.tests[0].results;
        assert_eq!((summary.totals.tests, summary.totals.failed), (2, 1));
        let levels = raw.observed("pushed");
        let level = |c: &str| levels.iter().find(|l| l.criterion == c).map(|l| l.level);
        assert_eq!(level("testing.unit"), Some(3));
        assert_eq!(level("testing.integration"), Some(2));
        assert_eq!(level("testing.system"), None);

        let mut builder = RunBuilder::default();
        builder.start_run(RAW);
        builder.start_file(RAW);
        read_report(Cursor::new(JUNIT.as_bytes()), &mut |a| builder.add(a)).expect("reads");
        builder.file_done();
        let json = serde_json::to_string(&builder.finish(&KindRules::default())).expect("json");
        assert_eq!(Tests.parse(&json).expect("saved").observed("pushed"), levels);
    }

    #[test]
    fn bad_bodies_say_where() {
        let err = Tests
            .parse("<testsuite>\n<testcase time=\"<<computed>>\"/>")
            .expect_err("template");
        assert_eq!(err.line, 2, "{err}");
        let err = Tests.parse("{\"schema\": \"x\"}").expect_err("other json");
        assert!(err.message.contains("not a `maturity tests"), "{err}");
        let err = Coverage.parse("SF:a\nDA:x\n").expect_err("bad lcov");
        assert_eq!(err.line, 2, "{err}");
        let big = format!("<testsuite>{}</testsuite>", " ".repeat(MAX_PUSHED_REPORT));
        assert!(Tests.parse(&big).expect_err("too large").message.contains("MiB"));
    }

    #[test]
    fn coverage_above_85_percent_supports_level_4() {
        let lcov = |hit: u32| {
            let mut text = String::from("SF:a.py\n");
            for l in 1..=100 {
                text.push_str(&format!("DA:{l},{}\n", u32::from(l <= hit)));
            }
            text + "end_of_record\n"
        };
        let level = |text: &str| Coverage.parse(text).expect("lcov").observed("c")[0].level;
        assert_eq!(level(&lcov(86)), 4);
        assert_eq!(level(&lcov(85)), 3);
    }
}
