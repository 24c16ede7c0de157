//! A work-item export aimed at the Azure Boards CSV reader: the rest of the input after a header of
//! that format (odd first byte) or as the whole file (even).
//! Invariants: `maturity_fuzz::work_items`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| maturity_fuzz::work_items(
    data,
    Some("ID,Work Item Type,Title,State,Created Date,Activated Date,Resolved Date,Closed Date")
));
