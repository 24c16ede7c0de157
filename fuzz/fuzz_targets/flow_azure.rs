//! A work-item export aimed at the Azure Boards CSV reader: the rest of the input after a header of
//! that format (odd first byte) or as the whole file (even).
//! Invariants: every bad row has a line within the file; every item read is done no earlier than
//! it started or was created; measuring never panics and orders its percentiles.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maturity_flow::{Options, Stages, measure, read};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    // Odd first byte: the rest follows a header of this format, so the rows reach its
    // reader; even: the rest is the whole file, header included.
    let text = if selector % 2 == 1 {
        format!("ID,Work Item Type,Title,State,Created Date,Activated Date,Resolved Date,Closed Date\n{text}")
    } else {
        text.to_string()
    };
    let r = read("f", &text, &Stages::default());
    let lines = text.lines().count().max(1);
    for u in &r.unreadable {
        assert!(u.line >= 1 && u.line <= lines + 1, "line {} of {lines}: {}", u.line, u.error);
    }
    for item in &r.items {
        if let Some(done) = item.done {
            assert!(item.started.is_none_or(|s| s <= done), "{}", item.id);
            assert!(item.created.is_none_or(|c| c <= done), "{}", item.id);
        }
    }
    let flow = measure(&r, &Options::default());
    let c = flow.cycle_time;
    assert!(c.p50 <= c.p70 && c.p70 <= c.p85 && c.p85 <= c.p95);
    assert_eq!(flow.items.read, r.items.len());
});
