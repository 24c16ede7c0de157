//! What the fuzz targets share: the built-in models, the multi-file input format, and the
//! checks of a work-item export (`work_items`).
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

/// One work-item export for the flow readers: the input without its first byte, after
/// `header` when the first byte is odd (so the rows reach that format's reader), else as the
/// whole file. Invariants: every bad row has a line within the file; every item read is done
/// no earlier than it started or was created; measuring never panics and orders its
/// percentiles.
pub fn work_items(data: &[u8], header: Option<&str>) {
    use maturity_flow::{Options, Stages, measure, read};
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let text = match header {
        Some(header) if selector % 2 == 1 => format!("{header}\n{text}"),
        _ => text.to_string(),
    };
    let r = read("f", &text, &Stages::default());
    let lines = text.lines().count().max(1);
    for u in &r.unreadable {
        assert!(
            u.line >= 1 && u.line <= lines + 1,
            "line {} of {lines}: {}",
            u.line,
            u.error
        );
    }
    for item in &r.items {
        if let Some(done) = item.done {
            assert!(item.started.is_none_or(|s| s <= done), "{}", r.id(item));
            assert!(item.created.is_none_or(|c| c <= done), "{}", r.id(item));
        }
        // Every item has its pooled id, and one date (or none) per stage.
        assert!(!r.id(item).is_empty());
        assert_eq!(r.entered(item).len(), r.workflow.stages.len(), "{}", r.id(item));
    }
    let flow = measure(&r, &Options::default());
    let c = flow.cycle_time;
    assert!(c.p50 <= c.p70 && c.p70 <= c.p85 && c.p85 <= c.p95);
    assert_eq!(flow.items.read, r.items.len());
}
