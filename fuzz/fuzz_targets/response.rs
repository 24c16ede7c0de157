//! A response file (`responses/*.toml`, or a survey answer set written back) read against the
//! built-in models. Invariants: levels are 1..=4, criteria exist, and the file
//! `export::response_toml` writes reads back to the same response.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maturity_fuzz::{builtin, builtin_models};
use maturity_model::export::response_toml;
use maturity_model::response::parse_response;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let models = builtin_models();
    let Ok(response) = parse_response("r.toml", text, &models, builtin()) else {
        return;
    };
    assert!(!response.respondent.is_empty());
    for answer in &response.answers {
        assert!(
            builtin().criterion(&answer.criterion).is_some(),
            "{}",
            answer.criterion
        );
        assert!(answer.level.is_none_or(|l| (1..=4).contains(&l)));
        assert!(answer.level.is_some() || answer.comment.is_some());
    }
    let written = response_toml(&response);
    let again = parse_response("r.toml", &written, &models, builtin())
        .unwrap_or_else(|e| panic!("written response does not parse: {e}\n{written}"));
    assert_eq!(response, again, "written:\n{written}");
});
