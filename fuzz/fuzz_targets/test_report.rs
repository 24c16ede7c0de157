//! A test report (JUnit XML of any producer, TRX, NUnit 2 and 3, xUnit.net v2, CUnit) read by
//! `maturity_tests::read_report` into a run and counted. Invariants: totals add up (passed +
//! failed + errored + skipped = tests, flaky ≤ passed); the result's JSON reads back to the
//! same result.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use maturity_tests::{KindRules, RunBuilder, TestsReport, read_report};

fuzz_target!(|data: &[u8]| {
    let mut builder = RunBuilder::default();
    builder.start_run("run");
    builder.start_file("report.xml");
    if read_report(Cursor::new(data), &mut |a| builder.add(a)).is_err() {
        return;
    }
    builder.file_done();
    let report = builder.finish(&KindRules::default());
    let t = report.totals;
    assert_eq!(t.passed + t.failed + t.errored + t.skipped, t.tests, "{t:?}");
    assert!(t.flaky <= t.passed, "{t:?}");
    let json = serde_json::to_string(&report).expect("serialises");
    let again =
        TestsReport::from_json(&json).unwrap_or_else(|e| panic!("written result does not read: {e}\n{json}"));
    assert_eq!(again, report);
});
