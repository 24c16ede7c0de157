//! CDEvents as JSON lines (`maturity metrics --events`, even first byte), or one DevLake
//! webhook deployment payload (`POST /api/v1/devlake/deployments`, odd first byte).
//! Invariant: an incident read is never resolved before it opened.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maturity_git::{devlake, events};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    if selector % 2 == 1 {
        if let Ok(value) = serde_json::from_str(text) {
            let _ = devlake::read_deployment(&value);
        }
        return;
    }
    let Ok(read) = events::parse_events("e", text) else {
        return;
    };
    for incident in &read.incidents {
        assert!(incident.resolved.is_none_or(|r| r >= incident.opened), "line {}", incident.line);
    }
});
