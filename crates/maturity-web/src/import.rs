//! Importing an assessment directory: from uploaded files (the directory's files, or one
//! `.tar` of it) or from a directory on the server's disk (`maturity serve --import`). Both go
//! through `Assessment::assemble`, the CLI's own checks, so what the web accepts is exactly
//! what `maturity report` accepts, and nothing is stored from a directory with problems.

use std::io::Read;
use std::path::Path;

use maturity_model::Assessment;
use maturity_model::assessment::{CONFIG_FILE, ConfigFile, RESPONSES_DIR, Sources};
use maturity_model::export::is_safe_relative_path;
use maturity_store::{AnswerRecord, FileKind, NewAssessment, NewObservation, NewRespondent, SourceFile};

/// One uploaded file: the name the browser gave (often just the base name) and its bytes.
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Why an import was refused, in words for the person who uploaded it.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ImportError(pub String);

/// Checks uploaded files as an assessment directory and returns what to store.
pub fn from_uploads(uploads: Vec<Upload>) -> Result<(Assessment, NewAssessment), ImportError> {
    let mut files: Vec<(String, String)> = Vec::new();
    for upload in uploads {
        if upload.name.ends_with(".tar") {
            files.extend(untar(&upload)?);
        } else {
            files.push((clean(&upload.name), utf8(&upload.name, upload.bytes)?));
        }
    }
    strip_common_folder(&mut files);
    let base = |path: &str| path.rsplit('/').next().unwrap_or(path).to_string();
    let configs: Vec<&(String, String)> = files.iter().filter(|(p, _)| base(p) == CONFIG_FILE).collect();
    let (config_path, config_text) = match configs.as_slice() {
        [one] => (one.0.clone(), one.1.clone()),
        [] => {
            return Err(ImportError(
                "no maturity.toml among the files: choose it with the response files".into(),
            ));
        }
        _ => {
            return Err(ImportError(
                "more than one maturity.toml: import one assessment at a time".into(),
            ));
        }
    };
    let config = ConfigFile::parse(CONFIG_FILE, &config_text).map_err(|e| ImportError(e.to_string()))?;
    let mut used = vec![config_path];
    let mut find = |wanted: &str, kind: &str| -> Result<(String, String), ImportError> {
        if !is_safe_relative_path(wanted) {
            return Err(ImportError(format!(
                "maturity.toml names the {kind} file `{wanted}`, outside the assessment directory"
            )));
        }
        let found = files
            .iter()
            .find(|(p, _)| p == wanted)
            .or_else(|| files.iter().find(|(p, _)| base(p) == base(wanted)))
            .ok_or_else(|| {
                ImportError(format!(
                    "maturity.toml names the {kind} file `{wanted}`: add it to the files"
                ))
            })?;
        used.push(found.0.clone());
        Ok((wanted.to_string(), found.1.clone()))
    };
    let model_files: Vec<(String, String)> = config
        .model_files()
        .map(|f| find(f, "model"))
        .collect::<Result<_, _>>()?;
    let benchmark_files: Vec<(String, String)> = config
        .benchmark_files()
        .map(|f| find(f, "benchmark"))
        .collect::<Result<_, _>>()?;
    let mut responses: Vec<(String, String)> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".toml") && !used.contains(p))
        .filter(|(p, _)| !p.contains('/') || p.starts_with(&format!("{RESPONSES_DIR}/")))
        .map(|(p, t)| {
            let name = if p.contains('/') {
                p.clone()
            } else {
                format!("{RESPONSES_DIR}/{p}")
            };
            (name, t.clone())
        })
        .collect();
    responses.sort();
    let assessment = Assessment::assemble(Sources {
        config,
        model_files: model_files.clone(),
        benchmark_files: benchmark_files.clone(),
        responses,
    })
    .map_err(|e| ImportError(e.to_string()))?;
    // `[evidence]` keys are the evidence sources'; an unknown one would make every later report
    // of the stored assessment fail.
    maturity_sources::check_config(CONFIG_FILE, &assessment.config.evidence)
        .map_err(|e| ImportError(e.to_string()))?;
    let mut new = to_new(&assessment);
    new.files = model_files
        .into_iter()
        .map(|(name, text)| SourceFile {
            kind: FileKind::Model,
            name,
            text,
        })
        .chain(benchmark_files.into_iter().map(|(name, text)| SourceFile {
            kind: FileKind::Benchmark,
            name,
            text,
        }))
        .collect();
    Ok((assessment, new))
}

/// Reads an assessment directory on disk: its `maturity.toml`, the files it names and
/// `responses/*.toml`.
pub fn from_dir(dir: &Path) -> Result<(Assessment, NewAssessment), ImportError> {
    let read = |relative: &str| -> Result<Upload, ImportError> {
        let path = dir.join(relative);
        std::fs::read(&path)
            .map(|bytes| Upload {
                name: relative.to_string(),
                bytes,
            })
            .map_err(|e| ImportError(format!("{}: cannot read: {e}", path.display())))
    };
    let mut uploads = vec![read(CONFIG_FILE)?];
    let config_text = String::from_utf8_lossy(&uploads[0].bytes).into_owned();
    let config = ConfigFile::parse(CONFIG_FILE, &config_text).map_err(|e| ImportError(e.to_string()))?;
    for name in config.model_files().chain(config.benchmark_files()) {
        uploads.push(read(name)?);
    }
    let responses = dir.join(RESPONSES_DIR);
    let entries = std::fs::read_dir(&responses)
        .map_err(|e| ImportError(format!("{}: cannot read: {e}", responses.display())))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".toml") && entry.path().is_file() {
            uploads.push(read(&format!("{RESPONSES_DIR}/{name}"))?);
        }
    }
    from_uploads(uploads)
}

/// What to store for an assembled assessment (without its extra files).
pub fn to_new(assessment: &Assessment) -> NewAssessment {
    let c = &assessment.config;
    NewAssessment {
        subject: c.subject.clone(),
        date: c.date.clone(),
        assessor: c.assessor.clone(),
        models: c.models.clone(),
        benchmark: c.benchmark.clone(),
        settings: maturity_model::export::settings_toml(c),
        files: Vec::new(),
        observations: c
            .observations
            .iter()
            .map(|o| NewObservation {
                area: o.area.clone(),
                text: o.text.clone(),
            })
            .collect(),
        respondents: assessment
            .responses
            .iter()
            .map(|r| NewRespondent {
                name: r.respondent.clone(),
                role: r.role.clone(),
                answers: r
                    .answers
                    .iter()
                    .map(|a| AnswerRecord {
                        criterion: a.criterion.clone(),
                        level: a.level,
                        comment: a.comment.clone(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn utf8(name: &str, bytes: Vec<u8>) -> Result<String, ImportError> {
    String::from_utf8(bytes).map_err(|_| ImportError(format!("{name}: not UTF-8 text; save it as UTF-8")))
}

/// A path with `./` and backslashes normalised.
fn clean(name: &str) -> String {
    let name = name.replace('\\', "/");
    name.trim_start_matches("./").to_string()
}

/// The regular files of a tar archive, as `(path, text)`.
fn untar(upload: &Upload) -> Result<Vec<(String, String)>, ImportError> {
    let bad = |e: std::io::Error| ImportError(format!("{}: not a readable tar archive: {e}", upload.name));
    let mut archive = tar::Archive::new(upload.bytes.as_slice());
    let mut files = Vec::new();
    for entry in archive.entries().map_err(bad)? {
        let mut entry = entry.map_err(bad)?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let path = clean(&entry.path().map_err(bad)?.to_string_lossy());
        if !path.ends_with(".toml") {
            continue;
        }
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).map_err(bad)?;
        files.push((path.clone(), utf8(&path, bytes)?));
    }
    Ok(files)
}

/// Removes a leading folder every path shares (`falcon/maturity.toml` → `maturity.toml`).
fn strip_common_folder(files: &mut [(String, String)]) {
    loop {
        let Some(first) = files
            .first()
            .and_then(|(p, _)| p.split_once('/'))
            .map(|(d, _)| d.to_string())
        else {
            return;
        };
        let prefix = format!("{first}/");
        if first == RESPONSES_DIR || !files.iter().all(|(p, _)| p.starts_with(&prefix)) {
            return;
        }
        for (p, _) in files.iter_mut() {
            *p = p[prefix.len()..].to_string();
        }
    }
}

/// A tar archive of `files`, as `maturity report` reads them once unpacked.
pub fn tar_of(folder: &str, files: &[maturity_model::export::ExportFile]) -> std::io::Result<Vec<u8>> {
    let mut builder = tar::Builder::new(Vec::new());
    for file in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(file.text.len() as u64);
        header.set_mode(0o644);
        header.set_mtime(0);
        header.set_cksum();
        builder.append_data(
            &mut header,
            format!("{folder}/{}", file.path),
            file.text.as_bytes(),
        )?;
    }
    builder.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upload(name: &str, text: &str) -> Upload {
        Upload {
            name: name.to_string(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn flat_uploads_and_tar_give_the_same_assessment() {
        let config = "subject = \"S\"\nmodels = [\"testing\"]\n";
        let a = "respondent = \"a\"\n[answers]\n\"testing.unit\" = { level = 2, comment = \"x\" }\n";
        let (flat, new) =
            from_uploads(vec![upload("maturity.toml", config), upload("a.toml", a)]).expect("flat upload");
        assert_eq!(new.respondents.len(), 1);
        assert_eq!(new.respondents[0].answers[0].comment.as_deref(), Some("x"));
        let files = crate::results::files(&record_of(&new), &[]);
        let tar = tar_of("s", &files).expect("tar");
        let (from_tar, _) = from_uploads(vec![Upload {
            name: "s.tar".to_string(),
            bytes: tar,
        }])
        .expect("tar upload");
        assert_eq!(flat.config, from_tar.config);
        assert_eq!(flat.responses[0].answers, from_tar.responses[0].answers);
    }

    #[test]
    fn problems_are_reported_and_nothing_returned() {
        let cases = [
            (vec![upload("a.toml", "respondent = \"a\"\n")], "no maturity.toml"),
            (
                vec![
                    upload("maturity.toml", "subject = \"S\"\n"),
                    upload(
                        "a.toml",
                        "respondent = \"a\"\n[answers]\n\"devops.leadershp\" = 2\n",
                    ),
                ],
                "did you mean `devops.leadership`",
            ),
            (
                vec![upload(
                    "maturity.toml",
                    "subject = \"S\"\nmodel_files = [\"../x.toml\"]\n",
                )],
                "outside the assessment directory",
            ),
            (
                vec![upload(
                    "maturity.toml",
                    "subject = \"S\"\nmodel_files = [\"m.toml\"]\n",
                )],
                "add it to the files",
            ),
            (
                vec![Upload {
                    name: "maturity.toml".into(),
                    bytes: vec![0xff, 0xfe],
                }],
                "not UTF-8",
            ),
            (
                vec![upload(
                    "maturity.toml",
                    "subject = \"S\"\n[evidence]\nscan = [\"s.json\"]\n",
                )],
                "maturity.toml:3: unknown [evidence] key `scan` (did you mean `scans`?)",
            ),
        ];
        for (uploads, expected) in cases {
            let err = from_uploads(uploads).expect_err(expected);
            assert!(err.0.contains(expected), "{expected}: {err}");
        }
    }

    fn record_of(new: &NewAssessment) -> maturity_store::AssessmentRecord {
        maturity_store::AssessmentRecord {
            settings: new.settings.clone(),
            summary: maturity_store::AssessmentSummary {
                id: 1,
                subject: new.subject.clone(),
                date: new.date.clone(),
                assessor: new.assessor.clone(),
                models: new.models.clone(),
                benchmark: new.benchmark.clone(),
                closed: false,
                revision: 1,
                created_at: 0,
                respondents: 1,
            },
            files: new.files.clone(),
            observations: Vec::new(),
            respondents: new
                .respondents
                .iter()
                .enumerate()
                .map(|(i, r)| maturity_store::RespondentRecord {
                    id: i64::try_from(i).unwrap_or_default(),
                    name: r.name.clone(),
                    role: r.role.clone(),
                    invited: false,
                    revoked: false,
                    created_at: 0,
                    answered_at: Some(0),
                    answers: r.answers.clone(),
                })
                .collect(),
        }
    }
}
