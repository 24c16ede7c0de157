//! A benchmark file (`benchmark_files`) read against the built-in models. Invariants: every
//! score is on the 0–100 scale and names a known model (and area).
#![no_main]

use libfuzzer_sys::fuzz_target;
use maturity_model::benchmark::parse_benchmark;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let set = maturity_fuzz::builtin();
    let Ok(benchmark) = parse_benchmark("b.toml", text, set) else {
        return;
    };
    for (model, scores) in &benchmark.models {
        assert!(set.get(model).is_some(), "model {model}");
        assert!(scores.score.is_none_or(|s| (0.0..=100.0).contains(&s)));
        for (area, score) in &scores.areas {
            assert!(set.area(area).is_some(), "area {area}");
            assert!((0.0..=100.0).contains(score), "{area} = {score}");
        }
    }
});
