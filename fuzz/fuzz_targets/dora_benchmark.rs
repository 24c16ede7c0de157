//! A DORA benchmark file (the thresholds of `dora-2023.toml`, or a user's).
#![no_main]

use libfuzzer_sys::fuzz_target;
use maturity_assess::metrics::parse_dora_benchmark;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = parse_dora_benchmark("dora.toml", text);
});
