//! An incidents export (`--incidents`), CSV (even first byte) or JSON (odd first byte).
//! Invariant: no accepted incident is resolved before it was opened.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maturity_git::exports::parse_incidents;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let Ok(records) = parse_incidents("i", text, selector % 2 == 1) else {
        return;
    };
    for record in &records {
        assert!(
            record.resolved.is_none_or(|r| r >= record.opened),
            "line {}",
            record.line
        );
    }
});
