//! A deployments export (`--deployments`), CSV (even first byte) or JSON (odd first byte).
//! Invariant: a parsed record names an environment.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maturity_git::exports::parse_deployments;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let json = selector % 2 == 1;
    let Ok(records) = parse_deployments("d", text, json) else {
        return;
    };
    if !json {
        for record in &records {
            assert!(!record.environment.is_empty(), "line {}", record.line);
        }
    }
});
