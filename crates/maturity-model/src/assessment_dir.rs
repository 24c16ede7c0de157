//! Reading and writing an assessment directory: the only part of this crate that touches
//! the file system. Everything is read first and checked as a whole, so a bad file fails the
//! read with every problem listed and nothing half-read.

use std::fs;
use std::path::{Path, PathBuf};

use crate::assessment::{Assessment, CONFIG_FILE, ConfigFile, RESPONSES_DIR, Sources};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Model;
use crate::template::{config_template, response_template};

/// Reads `dir/maturity.toml`, the files it names and every `dir/responses/*.toml`.
pub fn read_assessment(dir: &Path) -> Result<Assessment, Diagnostics> {
    if !dir.is_dir() {
        return Err(Diagnostics::one(
            Diagnostic::new(dir.display().to_string(), "not a directory")
                .with_help("give the directory that holds maturity.toml; `maturity init DIR` creates one"),
        ));
    }
    let config_path = dir.join(CONFIG_FILE);
    let config_text = read_text(&config_path).map_err(Diagnostics::one)?;
    let config = ConfigFile::parse(&config_path.display().to_string(), &config_text)?;

    let mut problems = Vec::new();
    let mut read_all = |names: Vec<&str>| -> Vec<(String, String)> {
        names
            .into_iter()
            .filter_map(|name| {
                let path = dir.join(name);
                match read_text(&path) {
                    Ok(text) => Some((path.display().to_string(), text)),
                    Err(d) => {
                        problems.push(d);
                        None
                    }
                }
            })
            .collect()
    };
    let model_files = read_all(config.model_files().collect());
    let benchmark_files = read_all(config.benchmark_files().collect());

    let responses_dir = dir.join(RESPONSES_DIR);
    let responses = match response_paths(&responses_dir) {
        Ok(paths) => paths
            .into_iter()
            .filter_map(|path| match read_text(&path) {
                Ok(text) => Some((path.display().to_string(), text)),
                Err(d) => {
                    problems.push(d);
                    None
                }
            })
            .collect(),
        Err(d) => {
            problems.push(d);
            Vec::new()
        }
    };

    let assembled = Assessment::assemble(Sources {
        config,
        model_files,
        benchmark_files,
        responses,
    });
    match assembled {
        Ok(assessment) if problems.is_empty() => Ok(assessment),
        Ok(_) => Err(Diagnostics(problems)),
        Err(e) => {
            problems.extend(e.0);
            Err(Diagnostics(problems))
        }
    }
}

/// The response files of an assessment, sorted by name so results never depend on the
/// order the file system lists them in.
fn response_paths(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let where_ = dir.display().to_string();
    let entries = fs::read_dir(dir).map_err(|e| {
        Diagnostic::new(&where_, format!("cannot read the responses folder: {e}"))
            .with_help("create it and put one .toml file per respondent in it")
    })?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Diagnostic::new(&where_, format!("cannot list: {e}")))?;
        let path = entry.path();
        if path.extension().is_some_and(|ext| ext == "toml") && path.is_file() {
            paths.push(path);
        }
    }
    if paths.is_empty() {
        return Err(Diagnostic::new(where_, "no response files (*.toml) found")
            .with_help("add one file per respondent; `maturity init` writes a template to copy"));
    }
    paths.sort();
    Ok(paths)
}

fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let name = path.display().to_string();
    let bytes = fs::read(path).map_err(|e| Diagnostic::new(&name, format!("cannot read: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
        Diagnostic::new(&name, "the file is not valid UTF-8")
            .at(&valid, offset)
            .with_help("save the file as UTF-8")
    })
}

/// What `write_new_assessment` created.
pub struct Written {
    pub config: PathBuf,
    pub template: PathBuf,
}

/// Creates `dir` with a `maturity.toml` and a response template. Refuses to overwrite an
/// existing assessment.
pub fn write_new_assessment(
    dir: &Path,
    subject: &str,
    models: &[&Model],
    benchmark: Option<&str>,
    date: Option<&str>,
) -> Result<Written, Diagnostic> {
    let config = dir.join(CONFIG_FILE);
    if config.exists() {
        return Err(
            Diagnostic::new(config.display().to_string(), "an assessment already exists here")
                .with_help("choose a new directory; nothing was changed"),
        );
    }
    let responses = dir.join(RESPONSES_DIR);
    let template = responses.join("template.toml.example");
    let io = |path: &Path, e: std::io::Error| {
        Diagnostic::new(path.display().to_string(), format!("cannot write: {e}"))
    };
    fs::create_dir_all(&responses).map_err(|e| io(&responses, e))?;
    fs::write(&template, response_template(models)).map_err(|e| io(&template, e))?;
    fs::write(&config, config_template(subject, models, benchmark, date)).map_err(|e| io(&config, e))?;
    Ok(Written { config, template })
}
