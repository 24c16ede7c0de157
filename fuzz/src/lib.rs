//! What the fuzz targets share: the built-in models, and the multi-file input format.
//!
//! Several readers take more than one file (an assessment is `maturity.toml`, model and
//! benchmark files and responses). Their targets read one input as files in the format
//! `head` prints: a line `==> path <==` starts each file, so a seed is written by hand or
//! with `head -n 10000 maturity.toml responses/*.toml`.

use std::sync::OnceLock;

use maturity_model::{Model, ModelSet};

/// The built-in models, parsed once per process.
pub fn builtin() -> &'static ModelSet {
    static SET: OnceLock<ModelSet> = OnceLock::new();
    SET.get_or_init(ModelSet::builtin)
}

/// The built-in models as an assessment's list of models.
pub fn builtin_models() -> Vec<&'static Model> {
    builtin().models().iter().collect()
}

/// The files of a multi-file input: `(path, text)` in input order. Text before the first
/// marker is a file named `maturity.toml`.
pub fn files(input: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut name = "maturity.toml".to_string();
    let mut text = String::new();
    let mut started = false;
    for line in input.split_inclusive('\n') {
        let header = line
            .trim_end_matches('\n')
            .strip_prefix("==> ")
            .and_then(|rest| rest.strip_suffix(" <=="));
        if let Some(path) = header {
            if started || !text.is_empty() {
                out.push((std::mem::take(&mut name), std::mem::take(&mut text)));
            }
            name = path.to_string();
            started = true;
        } else {
            text.push_str(line);
        }
    }
    if started || !text.is_empty() {
        out.push((name, text));
    }
    out
}

use maturity_model::Assessment;
use maturity_model::export::{ExportFile, export_files};
use maturity_model::response::Response;
use maturity_store::NewAssessment;
use maturity_web::import::{Upload, from_uploads, tar_of};

/// A response without the file it was read from, for comparing an assessment with its re-read
/// export (the export names response files after their respondents).
fn unfiled(responses: &[Response]) -> Vec<Response> {
    let mut out: Vec<Response> = responses
        .iter()
        .map(|r| Response {
            file: String::new(),
            ..r.clone()
        })
        .collect();
    out.sort_by(|a, b| a.respondent.cmp(&b.respondent));
    out
}

/// The files `maturity export` and the web's export write for an imported assessment.
pub fn exported(assessment: &Assessment, new: &NewAssessment) -> Vec<ExportFile> {
    let extra = maturity_web::results::extra_files(&new.files);
    export_files(&assessment.config, &extra, &assessment.responses)
}

/// Invariant of an accepted import: its export, imported again as a tar archive, is the same
/// assessment (config, models, benchmark and every answer).
pub fn check_reimport(assessment: &Assessment, new: &NewAssessment) {
    let files = exported(assessment, new);
    let tar = tar_of("exported", &files).expect("writing a tar into memory");
    let again = from_uploads(vec![Upload {
        name: "exported.tar".to_string(),
        bytes: tar,
    }]);
    let (again, _) = match again {
        Ok(a) => a,
        Err(e) => panic!("the export of an accepted import is refused: {e}\nfiles: {files:#?}"),
    };
    assert_eq!(
        assessment.config, again.config,
        "config changed by export and re-import"
    );
    assert_eq!(
        assessment.models, again.models,
        "models changed by export and re-import"
    );
    assert_eq!(
        assessment.benchmark, again.benchmark,
        "benchmark changed by export and re-import"
    );
    assert_eq!(
        unfiled(&assessment.responses),
        unfiled(&again.responses),
        "responses changed by export and re-import"
    );
}
