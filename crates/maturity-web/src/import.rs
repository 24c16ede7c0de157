//! Importing an assessment directory: from uploaded files (the directory's files, or one
//! `.tar` of it) or from a directory on the server's disk (`maturity serve --import`). Both go
//! through `Assessment::assemble`, the CLI's own checks, so what the web accepts is exactly
//! what `maturity report` accepts, and nothing is stored from a directory with problems.

use std::io::Read;
use std::path::Path;

use maturity_model::Assessment;
use maturity_model::assessment::{CONFIG_FILE, ConfigFile, RESPONSES_DIR, Sources};
use maturity_model::export::is_safe_relative_path;
use maturity_sources::SOURCES;
use maturity_store::{
    AnswerRecord, FileKind, ImportedEvidence, NewAssessment, NewObservation, NewRespondent, SourceFile,
};

/// One uploaded file: the name the browser gave (often just the base name) and its bytes.
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The most entries an imported archive may hold: far more than any assessment's folder (one
/// file per respondent, a few more), so reading stops early on a flood.
pub const MAX_ARCHIVE_ENTRIES: usize = 10_000;

/// Why an import was refused, in words for the person who uploaded it.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ImportError(pub String);

/// Checks uploaded files as an assessment directory and returns what to store.
pub fn from_uploads(uploads: Vec<Upload>) -> Result<(Assessment, NewAssessment), ImportError> {
    let mut files: Vec<(String, String)> = Vec::new();
    for upload in uploads {
        if is_archive(&upload.name) {
            files.extend(untar(&upload)?);
        } else {
            files.push((clean(&upload.name), utf8(&upload.name, upload.bytes)?));
        }
    }
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
    let files = relative_to_config(files, &config_path)?;
    let config_path = CONFIG_FILE.to_string();
    let config = ConfigFile::parse(CONFIG_FILE, &config_text).map_err(|e| ImportError(e.to_string()))?;
    let evidence_config = config.evidence().map_err(|e| ImportError(e.to_string()))?;
    // `[evidence]` keys are the evidence sources'; an unknown one would make every later report
    // of the stored assessment fail.
    maturity_sources::check_config(CONFIG_FILE, &evidence_config).map_err(|e| ImportError(e.to_string()))?;
    let mut used = vec![config_path];
    // Each file by its path, and by its base name (the browser often sends only that): one
    // look-up per named file, however many files came.
    let mut by_path: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut by_base: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, (p, _)) in files.iter().enumerate() {
        by_path.entry(p.as_str()).or_insert(i);
        by_base.entry(base(p)).or_insert(i);
    }
    let mut find = |wanted: &str, kind: &str| -> Result<(String, String), ImportError> {
        if !is_safe_relative_path(wanted) {
            return Err(ImportError(format!(
                "maturity.toml names the {kind} file `{wanted}`, outside the assessment directory"
            )));
        }
        let found = by_path
            .get(wanted)
            .or_else(|| by_base.get(&base(wanted)))
            .map(|&i| &files[i])
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
    // Saved evidence is stored with the assessment, read as its source reads it, so what is
    // stored reports as the directory did and exports under the same names.
    let mut evidence = Vec::new();
    for source in SOURCES {
        for wanted in evidence_config.files(source.key()) {
            let (name, body) = find(wanted, "evidence")?;
            maturity_sources::read_saved(*source, &name, &body)
                .map_err(|e| ImportError(format!("{name}: {e}")))?;
            evidence.push(ImportedEvidence {
                kind: source.kind().to_string(),
                name,
                body,
            });
        }
    }
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
    // Sets, not scans: an archive may hold very many entries, and each is checked once.
    let response_paths: std::collections::HashSet<&str> = responses.iter().map(|(r, _)| r.as_str()).collect();
    let named: std::collections::HashSet<&str> = used
        .iter()
        .map(String::as_str)
        .chain(config.proposal_files())
        .collect();
    let placed = |p: &String| {
        named.contains(p.as_str())
            || response_paths.contains(p.as_str())
            || response_paths.contains(format!("{RESPONSES_DIR}/{p}").as_str())
    };
    let unplaced: Vec<&str> = files
        .iter()
        .map(|(p, _)| p)
        .filter(|p| is_assessment_file(p) && !placed(p))
        .map(String::as_str)
        .collect();
    if !unplaced.is_empty() {
        return Err(ImportError(format!(
            "found {} that is neither maturity.toml, a file it names, nor a response under \
             {RESPONSES_DIR}/: {}; an assessment folder holds maturity.toml and \
             {RESPONSES_DIR}/*.toml beside it",
            if unplaced.len() == 1 { "a file" } else { "files" },
            unplaced.join(", ")
        )));
    }
    let assessment = Assessment::assemble(Sources {
        config,
        model_files: model_files.clone(),
        benchmark_files: benchmark_files.clone(),
        responses,
    })
    .map_err(|e| ImportError(e.to_string()))?;
    let mut new = to_new(&assessment);
    crate::limits::check(&new).map_err(ImportError)?;
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
    new.evidence = evidence;
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
    let evidence = config.evidence().map_err(|e| ImportError(e.to_string()))?;
    let saved = evidence
        .saved
        .iter()
        .flat_map(|s| s.files.iter().map(String::as_str));
    for name in config.model_files().chain(config.benchmark_files()).chain(saved) {
        if !is_safe_relative_path(name) {
            return Err(ImportError(format!(
                "{}: names `{name}`, outside the assessment directory",
                dir.join(CONFIG_FILE).display()
            )));
        }
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

/// What to store for an assembled assessment (without its extra files and evidence). The
/// settings leave out `[evidence]`'s saved files: stored evidence takes their place, and the
/// export lists it again.
pub fn to_new(assessment: &Assessment) -> NewAssessment {
    let c = &assessment.config;
    let mut settings = c.clone();
    settings.evidence.saved.clear();
    NewAssessment {
        subject: c.subject.clone(),
        date: c.date.clone(),
        assessor: c.assessor.clone(),
        models: c.models.clone(),
        benchmark: c.benchmark.clone(),
        settings: maturity_model::export::settings_toml(&settings),
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
                site: r.site.clone(),
                answers: r
                    .answers
                    .iter()
                    .map(|a| AnswerRecord {
                        criterion: a.criterion.clone(),
                        level: a.level,
                        comment: a.comment.clone(),
                    })
                    .collect(),
                dora: r.dora.clone(),
            })
            .collect(),
        evidence: Vec::new(),
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

/// Whether a file looks like part of an assessment (TOML settings and responses, JSON
/// evidence): one that nothing places is refused rather than silently dropped.
fn is_assessment_file(path: &str) -> bool {
    path.ends_with(".toml") || path.ends_with(".json")
}

/// Whether an upload is an archive of a directory: `.tar`, or gzipped (`tar czf`).
fn is_archive(name: &str) -> bool {
    [".tar", ".tgz", ".tar.gz"].iter().any(|ext| name.ends_with(ext))
}

/// The `.toml` regular files of a tar archive, gzipped or not, as `(path, text)`.
fn untar(upload: &Upload) -> Result<Vec<(String, String)>, ImportError> {
    let bad = |e: std::io::Error| ImportError(format!("{}: not a readable tar archive: {e}", upload.name));
    let gzipped = upload.bytes.starts_with(&[0x1f, 0x8b]);
    let reader: Box<dyn Read + '_> = if gzipped {
        Box::new(flate2::read::GzDecoder::new(upload.bytes.as_slice()))
    } else {
        Box::new(upload.bytes.as_slice())
    };
    let mut archive = tar::Archive::new(reader);
    let mut files = Vec::new();
    for (n, entry) in archive.entries().map_err(bad)?.enumerate() {
        if n == MAX_ARCHIVE_ENTRIES {
            return Err(ImportError(format!(
                "{}: more than {MAX_ARCHIVE_ENTRIES} entries; an assessment folder holds \
                 maturity.toml, the files it names and one file per respondent",
                upload.name
            )));
        }
        let mut entry = entry.map_err(bad)?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let path = clean(&entry.path().map_err(bad)?.to_string_lossy());
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).map_err(bad)?;
        // What an assessment reads is text; anything else packed beside it (an editor's or
        // file browser's files) cannot be part of it and is left out.
        if is_assessment_file(&path) {
            files.push((path.clone(), utf8(&path, bytes)?));
        } else if let Ok(text) = String::from_utf8(bytes) {
            files.push((path, text));
        }
    }
    Ok(files)
}

/// The files with paths relative to the folder that holds `config_path`. An assessment file
/// outside that folder means the upload is not one assessment: it is refused, naming it; any
/// other file there is left out.
fn relative_to_config(
    files: Vec<(String, String)>,
    config_path: &str,
) -> Result<Vec<(String, String)>, ImportError> {
    let Some((folder, _)) = config_path.rsplit_once('/') else {
        return Ok(files);
    };
    let prefix = format!("{folder}/");
    let outside: Vec<&str> = files
        .iter()
        .map(|(p, _)| p.as_str())
        .filter(|p| !p.starts_with(&prefix) && is_assessment_file(p))
        .collect();
    if !outside.is_empty() {
        return Err(ImportError(format!(
            "maturity.toml is in `{folder}/`, but {} outside it: {}; import one assessment folder",
            if outside.len() == 1 {
                "this file is"
            } else {
                "these files are"
            },
            outside.join(", ")
        )));
    }
    Ok(files
        .into_iter()
        .filter_map(|(p, t)| Some((p.strip_prefix(&prefix)?.to_string(), t)))
        .collect())
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

    /// The example's files under `folder`, as `tar cf` (or, gzipped, `tar czf`) packs a
    /// directory, with any `extra` files beside them.
    fn falcon_archive(folder: &str, extra: &[(&str, &str)], gzip: bool) -> Upload {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/falcon");
        let mut files = vec![maturity_model::export::ExportFile {
            path: CONFIG_FILE.to_string(),
            text: std::fs::read_to_string(dir.join(CONFIG_FILE)).expect("config"),
        }];
        for entry in std::fs::read_dir(dir.join(RESPONSES_DIR)).expect("responses") {
            let path = entry.expect("entry").path();
            files.push(maturity_model::export::ExportFile {
                path: format!(
                    "{RESPONSES_DIR}/{}",
                    path.file_name().expect("name").to_string_lossy()
                ),
                text: std::fs::read_to_string(&path).expect("response"),
            });
        }
        let mut tar = tar_of(folder, &files).expect("tar");
        if !extra.is_empty() {
            let mut builder = tar::Builder::new(Vec::new());
            let mut archive = tar::Archive::new(tar.as_slice());
            for entry in archive.entries().expect("entries") {
                let mut entry = entry.expect("entry");
                let mut header = entry.header().clone();
                let path = entry.path().expect("path").into_owned();
                builder.append_data(&mut header, path, &mut entry).expect("copy");
            }
            for (path, text) in extra {
                let mut header = tar::Header::new_gnu();
                header.set_size(text.len() as u64);
                header.set_mode(0o644);
                header.set_cksum();
                builder
                    .append_data(&mut header, path, text.as_bytes())
                    .expect("extra");
            }
            tar = builder.into_inner().expect("tar");
        }
        if gzip {
            use std::io::Write;
            let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            encoder.write_all(&tar).expect("gzip");
            tar = encoder.finish().expect("gzip");
        }
        Upload {
            name: if gzip { "my-team.tgz" } else { "my-team.tar" }.to_string(),
            bytes: tar,
        }
    }

    #[test]
    fn an_archive_of_one_folder_imports_every_response() {
        for (folder, gzip) in [("my-team", false), ("my-team", true), ("export/my-team", true)] {
            let (assessment, new) = from_uploads(vec![falcon_archive(folder, &[], gzip)]).expect(folder);
            assert_eq!(assessment.responses.len(), 7, "{folder} gzip={gzip}");
            assert_eq!(new.respondents.len(), 7, "{folder} gzip={gzip}");
        }
    }

    #[test]
    fn an_archive_of_many_duplicate_entries_is_refused_whole() {
        let mut files = vec![maturity_model::export::ExportFile {
            path: CONFIG_FILE.into(),
            text: "subject = \"S\"\nmodels = [\"devops\"]\n".into(),
        }];
        files.extend(
            (1..MAX_ARCHIVE_ENTRIES).map(|i| maturity_model::export::ExportFile {
                path: format!("{RESPONSES_DIR}/a-{i}.toml"),
                text: "respondent = \"a\"\n".into(),
            }),
        );
        let upload = |files: &[maturity_model::export::ExportFile]| Upload {
            name: "many.tar".into(),
            bytes: tar_of("many", files).expect("tar"),
        };
        let err = from_uploads(vec![upload(&files)]).expect_err("duplicates");
        assert_eq!(
            err.0.matches("already answered in").count(),
            MAX_ARCHIVE_ENTRIES - 2,
            "one problem per duplicate"
        );
        files.push(maturity_model::export::ExportFile {
            path: format!("{RESPONSES_DIR}/one-too-many.toml"),
            text: "respondent = \"b\"\n".into(),
        });
        let err = from_uploads(vec![upload(&files)]).expect_err("too many");
        assert_eq!(
            err.0,
            "many.tar: more than 10000 entries; an assessment folder holds maturity.toml, the \
             files it names and one file per respondent"
        );
    }

    #[test]
    fn layouts_that_hide_responses_are_refused_with_what_was_found() {
        let cases: [(&[(&str, &str)], &str); 3] = [
            (&[("notes.toml", "x = 1\n")], "outside it: notes.toml"),
            (
                &[("my-team/old/anna.toml", "respondent = \"a\"\n")],
                "neither maturity.toml, a file it names, nor a response under responses/: old/anna.toml",
            ),
            (
                &[("other/responses/b.toml", "respondent = \"b\"\n")],
                "outside it: other/responses/b.toml",
            ),
        ];
        for (extra, expected) in cases {
            let err = from_uploads(vec![falcon_archive("my-team", extra, false)]).expect_err(expected);
            assert!(err.0.contains(expected), "{expected}: {err}");
        }
        let broken = Upload {
            name: "x.tgz".into(),
            bytes: vec![0x1f, 0x8b, 8, 0, 1, 2, 3],
        };
        let err = from_uploads(vec![broken]).expect_err("truncated gzip");
        assert!(err.0.contains("x.tgz: not a readable tar archive"), "{err}");
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
        let long_subject = format!("subject = \"{}\"\n", "s".repeat(201));
        let long_comment = format!(
            "respondent = \"a\"\n[answers]\n\"devops.leadership\" = {{ level = 2, comment = \"{}\" }}\n",
            "c".repeat(4001)
        );
        let long_role = format!("respondent = \"a\"\nrole = \"{}\"\n", "r".repeat(101));
        let limits = [
            (
                vec![upload("maturity.toml", &long_subject)],
                "`subject` is longer than 200 characters",
            ),
            (
                vec![
                    upload("maturity.toml", "subject = \"S\"\n"),
                    upload("a.toml", &long_comment),
                ],
                "a comment of a is longer than 4000 characters",
            ),
            (
                vec![
                    upload("maturity.toml", "subject = \"S\"\n"),
                    upload("a.toml", &long_role),
                ],
                "the role of a is longer than 100 characters",
            ),
        ];
        let cases = cases.into_iter().chain(limits);
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
                    site: r.site.clone(),
                    invited: false,
                    revoked: false,
                    created_at: 0,
                    answered_at: Some(0),
                    answers: r.answers.clone(),
                    dora: r.dora.clone(),
                })
                .collect(),
        }
    }
}
