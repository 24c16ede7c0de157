//! An assessment directory in memory: `maturity.toml` (`ConfigFile::parse`) and the files
//! `Assessment::assemble` checks against it. The input is files in `head` format (see the
//! crate doc): `models/…` are model files, `benchmarks/…` benchmark files, the rest
//! responses. Invariant: an assembled assessment, exported (`config_toml`, `response_toml`)
//! and assembled again, is the same assessment.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maturity_model::Assessment;
use maturity_model::assessment::{ConfigFile, Sources};
use maturity_model::export::{config_toml, response_toml};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let mut files = maturity_fuzz::files(input);
    if files.is_empty() {
        return;
    }
    let (config_name, config_text) = files.remove(0);
    let Ok(config) = ConfigFile::parse(&config_name, &config_text) else {
        return;
    };
    let (mut model_files, mut benchmark_files, mut responses) = (Vec::new(), Vec::new(), Vec::new());
    for file in files {
        if file.0.starts_with("models/") {
            model_files.push(file);
        } else if file.0.starts_with("benchmarks/") {
            benchmark_files.push(file);
        } else {
            responses.push(file);
        }
    }
    let Ok(assessment) = Assessment::assemble(Sources {
        config,
        model_files: model_files.clone(),
        benchmark_files: benchmark_files.clone(),
        responses,
    }) else {
        return;
    };
    let model_names: Vec<&str> = model_files.iter().map(|(n, _)| n.as_str()).collect();
    let benchmark_names: Vec<&str> = benchmark_files.iter().map(|(n, _)| n.as_str()).collect();
    let written = config_toml(&assessment.config, &model_names, &benchmark_names);
    let config = ConfigFile::parse("maturity.toml", &written)
        .unwrap_or_else(|e| panic!("written maturity.toml does not parse: {e}\n{written}"));
    let responses: Vec<(String, String)> = assessment
        .responses
        .iter()
        .map(|r| (r.file.clone(), response_toml(r)))
        .collect();
    let again = Assessment::assemble(Sources {
        config,
        model_files,
        benchmark_files,
        responses,
    })
    .unwrap_or_else(|e| panic!("written assessment does not assemble: {e}\n{written}"));
    assert_eq!(assessment, again, "written:\n{written}");
});
