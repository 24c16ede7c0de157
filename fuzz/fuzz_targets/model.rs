//! A model file (`model_files`). Invariants: ids are qualified by the model's id, every
//! criterion has four level texts, and `ModelSet::add_file` accepts what `parse_model` does
//! unless the id is taken.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maturity_model::ModelSet;
use maturity_model::model::parse_model;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse_model("m.toml", text);
    let mut set = maturity_fuzz::builtin().clone();
    let added = set.add_file("m.toml", text);
    let Ok(model) = parsed else {
        assert!(added.is_err(), "add_file accepts what parse_model refuses");
        return;
    };
    let taken = ModelSet::builtin().get(&model.id).is_some();
    assert_eq!(added.is_ok(), !taken);
    let prefix = format!("{}.", model.id);
    for area in &model.areas {
        assert!(area.id.starts_with(&prefix), "area {}", area.id);
        for criterion in &area.criteria {
            assert!(criterion.id.starts_with(&prefix), "criterion {}", criterion.id);
            assert!((1..=4).all(|l| criterion.level_text(l).is_some()));
        }
    }
});
