//! A coverage report (Cobertura, JaCoCo, LCOV, Go cover profile) read by
//! `maturity_tests::CoverageBuilder`. Invariants: covered ≤ total everywhere; the result's
//! JSON reads back to the same result.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use maturity_tests::{CoverageBuilder, CoverageReport, KindRules};

fuzz_target!(|data: &[u8]| {
    let mut builder = CoverageBuilder::default();
    if !builder.read("report", Cursor::new(data), false) {
        return;
    }
    let report = builder.finish(&KindRules::default());
    for c in std::iter::once(&report.totals).chain(&report.packages) {
        assert!(c.lines.covered <= c.lines.total, "{c:?}");
        if let Some(b) = c.branches {
            assert!(b.covered <= b.total, "{c:?}");
        }
    }
    let json = serde_json::to_string(&report).expect("serialises");
    let again = CoverageReport::from_json(&json)
        .unwrap_or_else(|e| panic!("written result does not read: {e}\n{json}"));
    assert_eq!(again, report);
});
