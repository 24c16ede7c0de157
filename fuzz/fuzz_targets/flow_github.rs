//! A work-item export aimed at the `gh issue list --json` array reader (JSON).
//! Invariants: `maturity_fuzz::work_items`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| maturity_fuzz::work_items(data, None));
