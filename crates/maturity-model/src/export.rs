//! Writing an assessment back as the files it is read from: `maturity.toml` and one
//! `responses/<name>.toml` per respondent. Reading what this writes gives back the same
//! assessment (every answer, comment and observation), which is what makes an export from the
//! web app and an import into it a round trip. Turning an assessment into text is pure;
//! `write_dir` is the one function that touches the file system.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::fs;
use std::path::{Component, Path};

use crate::assessment::{AssessmentConfig, CONFIG_FILE, RESPONSES_DIR};
use crate::diagnostic::Diagnostic;
use crate::response::{Response, UNSPECIFIED_ROLE};

/// One file of an exported assessment: its path relative to the assessment directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    pub path: String,
    pub text: String,
}

/// A TOML basic string holding `text`, escaped.
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// The `maturity.toml` of `config`, naming the extra model and benchmark files it needs.
pub fn config_toml(config: &AssessmentConfig, model_files: &[&str], benchmark_files: &[&str]) -> String {
    config_toml_with(config, model_files, benchmark_files, &settings_toml(config))
}

/// `config_toml` with `settings` (as `settings_toml` writes them, e.g. kept by a store) in
/// place of the config's own: they go after the plain keys and before the observations, where
/// their plain keys still belong to the top-level table.
pub fn config_toml_with(
    config: &AssessmentConfig,
    model_files: &[&str],
    benchmark_files: &[&str],
    settings: &str,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "subject = {}", quoted(&config.subject));
    if let Some(date) = &config.date {
        let _ = writeln!(out, "date = {}", quoted(date));
    }
    if let Some(assessor) = &config.assessor {
        let _ = writeln!(out, "assessor = {}", quoted(assessor));
    }
    let models: Vec<String> = config.models.iter().map(|m| quoted(m)).collect();
    let _ = writeln!(out, "models = [{}]", models.join(", "));
    if let Some(benchmark) = &config.benchmark {
        let _ = writeln!(out, "benchmark = {}", quoted(benchmark));
    }
    let list = |files: &[&str]| files.iter().map(|f| quoted(f)).collect::<Vec<_>>().join(", ");
    if !model_files.is_empty() {
        let _ = writeln!(out, "model_files = [{}]", list(model_files));
    }
    if !benchmark_files.is_empty() {
        let _ = writeln!(out, "benchmark_files = [{}]", list(benchmark_files));
    }
    out.push_str(settings);
    for observation in &config.observations {
        let _ = writeln!(out, "\n[[observations]]");
        let _ = writeln!(out, "area = {}", quoted(&observation.area));
        let _ = writeln!(out, "text = {}", quoted(&observation.text));
    }
    out
}

/// The report's keys (`anonymous`, `min_group`, `[background]`, `[[kpis]]`) and the
/// `[evidence]`, `[roadmap]`, `[flow]` and `[dora]` tables of `config`, empty when all are at their
/// defaults. Kept apart so a store can keep them as text beside the fields it keeps in
/// columns; it starts with plain keys, so it belongs before any other table
/// (`config_toml_with`).
pub fn settings_toml(config: &AssessmentConfig) -> String {
    #[derive(serde::Serialize)]
    struct Settings<'a> {
        #[serde(flatten)]
        report: &'a crate::assessment::ReportConfig,
        #[serde(skip_serializing_if = "Option::is_none")]
        evidence: Option<&'a crate::assessment::EvidenceConfig>,
        #[serde(skip_serializing_if = "Option::is_none")]
        roadmap: Option<&'a crate::assessment::RoadmapConfig>,
        #[serde(skip_serializing_if = "Option::is_none")]
        flow: Option<&'a crate::assessment::FlowConfig>,
        #[serde(skip_serializing_if = "Option::is_none")]
        dora: Option<&'a crate::dora::DoraConfig>,
    }
    let flow = &config.evidence.flow;
    let evidence_table = crate::assessment::EvidenceConfig {
        flow: Default::default(),
        ..config.evidence.clone()
    };
    let settings = Settings {
        report: &config.report,
        evidence: Some(&config.evidence).filter(|_| evidence_table != Default::default()),
        roadmap: Some(&config.roadmap).filter(|r| **r != Default::default()),
        flow: Some(flow).filter(|f| **f != Default::default()),
        dora: Some(&config.dora).filter(|d| !d.is_empty()),
    };
    if settings.evidence.is_none()
        && settings.roadmap.is_none()
        && settings.flow.is_none()
        && settings.dora.is_none()
        && config.report == Default::default()
    {
        return String::new();
    }
    // Serialising plain strings, numbers and maps cannot fail; an empty string keeps the
    // export readable if it ever did.
    toml::to_string(&settings)
        .map(|t| format!("\n{t}"))
        .unwrap_or_default()
}

/// One respondent's response file. Answers with neither level nor comment ("don't know"
/// without a word) are left out, as the file format asks.
pub fn response_toml(response: &Response) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "respondent = {}", quoted(&response.respondent));
    if response.role != UNSPECIFIED_ROLE {
        let _ = writeln!(out, "role = {}", quoted(&response.role));
    }
    if let Some(site) = &response.site {
        let _ = writeln!(out, "site = {}", quoted(site));
    }
    let _ = writeln!(out, "\n[answers]");
    for answer in &response.answers {
        let key = quoted(&answer.criterion);
        match (answer.level, &answer.comment) {
            (Some(level), None) => {
                let _ = writeln!(out, "{key} = {level}");
            }
            (Some(level), Some(comment)) => {
                let _ = writeln!(
                    out,
                    "{key} = {{ level = {level}, comment = {} }}",
                    quoted(comment)
                );
            }
            (None, Some(comment)) => {
                let _ = writeln!(out, "{key} = {{ comment = {} }}", quoted(comment));
            }
            (None, None) => {}
        }
    }
    if !response.dora.is_empty() {
        let _ = writeln!(out, "\n[dora]");
        for (metric, value) in &response.dora {
            let _ = match value {
                Some(value) => writeln!(out, "{metric} = {value}"),
                None => writeln!(out, "{metric} = \"{}\"", crate::dora::DONT_KNOW),
            };
        }
    }
    out
}

/// A file name made of the respondent's name: lowercase letters, digits and dashes.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut out: String = out.trim_end_matches('-').chars().take(60).collect();
    if out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "respondent".to_string()
    } else {
        out
    }
}

/// The response file paths of `respondents`, in their order: `responses/<slug>.toml`, with a
/// number added where two names give the same slug.
pub fn response_paths<'a>(respondents: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken = BTreeSet::new();
    respondents
        .into_iter()
        .map(|name| {
            let base = slug(name);
            let mut candidate = base.clone();
            let mut n = 2;
            while !taken.insert(candidate.clone()) {
                candidate = format!("{base}-{n}");
                n += 1;
            }
            format!("{RESPONSES_DIR}/{candidate}.toml")
        })
        .collect()
}

/// Whether `path` may be written inside an assessment directory: relative, no `..`.
pub fn is_safe_relative_path(path: &str) -> bool {
    let path = Path::new(path);
    !path.as_os_str().is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Every file of an assessment: `maturity.toml`, the extra files as given, and one response
/// file per respondent, named by `response_paths`.
pub fn export_files(
    config: &AssessmentConfig,
    extra: &[(FileRole, ExportFile)],
    responses: &[Response],
) -> Vec<ExportFile> {
    let names = |role| -> Vec<&str> {
        extra
            .iter()
            .filter(|(r, _)| *r == role)
            .map(|(_, f)| f.path.as_str())
            .collect()
    };
    let mut files = vec![ExportFile {
        path: CONFIG_FILE.to_string(),
        text: config_toml(config, &names(FileRole::Model), &names(FileRole::Benchmark)),
    }];
    files.extend(extra.iter().map(|(_, f)| f.clone()));
    let paths = response_paths(responses.iter().map(|r| r.respondent.as_str()));
    files.extend(responses.iter().zip(paths).map(|(response, path)| ExportFile {
        path,
        text: response_toml(response),
    }));
    files
}

/// What an extra file of an assessment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRole {
    Model,
    Benchmark,
}

/// Writes `files` under `dir`, creating folders. Refuses a path that would leave `dir`.
pub fn write_dir(dir: &Path, files: &[ExportFile]) -> Result<(), Diagnostic> {
    for file in files {
        if !is_safe_relative_path(&file.path) {
            return Err(
                Diagnostic::new(&file.path, "refusing to write outside the assessment directory")
                    .with_help("file paths must be relative and must not contain `..`"),
            );
        }
        let path = dir.join(&file.path);
        let io =
            |e: std::io::Error| Diagnostic::new(path.display().to_string(), format!("cannot write: {e}"));
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io)?;
        }
        fs::write(&path, &file.text).map_err(io)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::{Assessment, ConfigFile, Sources};

    fn assemble(config: &str, responses: Vec<(String, String)>) -> Assessment {
        Assessment::assemble(Sources {
            config: ConfigFile::parse("maturity.toml", config).expect("config"),
            model_files: Vec::new(),
            benchmark_files: Vec::new(),
            responses,
        })
        .expect("valid")
    }

    #[test]
    fn round_trip_keeps_every_answer_comment_and_observation() {
        let config = "subject = \"Team \\\"Q\\\" <b>\"\ndate = 2026-10-14\nassessor = \"Ilse\"\nmodels = [\"devops\", \"testing\"]\nbenchmark = \"heavy-industry\"\n[[observations]]\narea = \"devops.leadership\"\ntext = \"Line one\\nline two 'quoted'\"\n";
        let responses = vec![
            (
                "responses/a.toml".to_string(),
                "respondent = \"Anna O'Neil\"\nrole = \"developer\"\nsite = \"Curitiba\"\n[answers]\n\"devops.leadership\" = 2\n\"testing.unit\" = { level = 3, comment = \"tabs\\there \\\\ and \\\"quotes\\\"\" }\n\"devops.builds-ci\" = { comment = \"don't know\" }\n[dora]\nleadtime = 4\nrework = 35\ndeployfreq = \"dont-know\"\n".to_string(),
            ),
            ("responses/b.toml".to_string(), "respondent = \"b\"\n".to_string()),
        ];
        let original = assemble(config, responses);
        assert_eq!(original.responses[0].dora.len(), 3);
        assert_eq!(original.responses[0].dora.get("deployfreq"), Some(&None));
        let files = export_files(&original.config, &[], &original.responses);
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            ["maturity.toml", "responses/anna-o-neil.toml", "responses/b.toml"]
        );
        let again = assemble(
            &files[0].text,
            files[1..]
                .iter()
                .map(|f| (f.path.clone(), f.text.clone()))
                .collect(),
        );
        assert_eq!(again.config, original.config);
        assert_eq!(again.models, original.models);
        assert_eq!(again.benchmark, original.benchmark);
        let strip = |a: &Assessment| -> Vec<Response> {
            a.responses
                .iter()
                .map(|r| Response {
                    file: String::new(),
                    ..r.clone()
                })
                .collect()
        };
        assert_eq!(strip(&again), strip(&original));
    }

    #[test]
    fn evidence_and_roadmap_tables_survive() {
        let config = "subject = \"S\"\nmodels = [\"devops\"]\nanonymous = true\nmin_group = 2\n[background]\ntext = \"Why\"\ngoals = [\"g\"]\n[[kpis]]\nname = \"Lead time\"\nbaseline = 3\ntarget = 1.5\nunit = \"days\"\nmetric = \"lead_time\"\n[evidence]\nscans = [\"scan.json\"]\nrelease_tags = \"v*\"\n[roadmap]\nlevel = 2\nphases = 2\ncapacity = 10\nproposal_files = [\"p.toml\"]\ntargets = { devops = 60.0 }\nlevels = { \"devops.leadership\" = 3 }\n[dora]\nindustry = \"technology\"\nsize = \"fewer_than_500\"\n[[observations]]\narea = \"devops.leadership\"\ntext = \"x\"\n";
        let original = assemble(config, Vec::new());
        assert_ne!(original.config.roadmap, Default::default());
        assert_eq!(original.config.dora.groups.len(), 2);
        let text = config_toml(&original.config, &[], &[]);
        let again = assemble(&text, Vec::new());
        assert_eq!(again.config, original.config, "{text}");
        let plain = assemble("subject = \"S\"\n", Vec::new());
        assert_eq!(settings_toml(&plain.config), "");
    }

    #[test]
    fn slugs_and_unique_paths() {
        let cases = [
            ("Anna", "anna"),
            ("  dev 1 / ops ", "dev-1-ops"),
            ("<script>alert(1)</script>", "script-alert-1-script"),
            ("../../etc/passwd", "etc-passwd"),
            ("Ærøskøbing", "r-sk-bing"),
            ("", "respondent"),
            ("!!!", "respondent"),
        ];
        for (name, expected) in cases {
            assert_eq!(slug(name), expected, "{name}");
        }
        assert_eq!(
            response_paths(["a", "A", "a!", "b"]),
            [
                "responses/a.toml",
                "responses/a-2.toml",
                "responses/a-3.toml",
                "responses/b.toml"
            ]
        );
    }

    #[test]
    fn unsafe_paths_are_refused() {
        for (path, safe) in [
            ("models/x.toml", true),
            ("x.toml", true),
            ("../x.toml", false),
            ("/etc/passwd", false),
            ("a/../../b", false),
            ("", false),
        ] {
            assert_eq!(is_safe_relative_path(path), safe, "{path}");
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let file = ExportFile {
            path: "../escape.toml".to_string(),
            text: String::new(),
        };
        assert!(write_dir(dir.path(), &[file]).is_err());
    }
}
