//! A pushed JSON body or saved result, read by every evidence source in `SOURCES` (the first
//! byte picks the source) as the API and `[evidence]` read it, then turned into observed
//! levels and report sections. Invariant: a result that reads writes back (`to_json`) to
//! JSON that reads to the same result (scan and metrics JSON).
#![no_main]

use libfuzzer_sys::fuzz_target;
use maturity_assess::metrics::Metrics;
use maturity_evidence::ScanReport;
use maturity_report::Gathered;
use maturity_sources::{SOURCES, read_saved};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let source = SOURCES[usize::from(selector) % SOURCES.len()];
    if let Ok(evidence) = read_saved(source, "pushed.json", text) {
        let _ = evidence.reading.observed(&evidence.label);
        let mut gathered = Gathered::default();
        evidence.add_to(&mut gathered);
    }
    match source.kind() {
        "metrics" => {
            if let Ok(metrics) = Metrics::from_json(text) {
                let written = metrics.to_json();
                let again = Metrics::from_json(&written)
                    .unwrap_or_else(|e| panic!("written metrics do not read: {e}\n{written}"));
                assert_eq!(metrics, again, "written:\n{written}");
            }
        }
        "scan" => {
            if let Ok(report) = ScanReport::from_json(text) {
                let written = report.to_json();
                let again = ScanReport::from_json(&written)
                    .unwrap_or_else(|e| panic!("written scan does not read: {e}\n{written}"));
                assert_eq!(report, again, "written:\n{written}");
            }
        }
        _ => {}
    }
});
