//! Reading the contents of the few files checks care about: manifests, tool configs,
//! Kubernetes and cloud templates. Each reader turns text into facts (dependencies, markers,
//! kinds) and a broken file into a [`ParseProblem`](crate::raw::ParseProblem) with the line the parser names; nothing
//! here can abort a scan.

mod facts;
mod infrastructure;
mod manifests;
mod tool_configs;

pub use facts::FileFacts;

use crate::collect::ci::{read_jenkinsfile, read_yaml_ci};
use crate::collect::paths::Reader;
use crate::raw::CiConfig;
use crate::text::line_of;
use crate::yaml;
use facts::json_message;

/// Reads one file's text with the reader its path chose.
pub fn read(reader: Reader, path: &str, text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    match reader {
        Reader::Ci(system) => match yaml::parse(text) {
            Ok(docs) => facts.ci = Some(read_yaml_ci(path, system, &docs)),
            Err(error) => {
                facts.problem(path, "YAML", error.line, error.message);
                // The file still shows that CI exists, even if its contents are unknown.
                facts.ci = Some(CiConfig::new(path, system));
            }
        },
        Reader::Jenkinsfile => facts.ci = Some(read_jenkinsfile(path, text)),
        Reader::PackageJson => manifests::package_json(path, text, &mut facts),
        Reader::CargoToml => manifests::cargo_toml(path, text, &mut facts),
        Reader::Pyproject => manifests::pyproject(path, text, &mut facts),
        Reader::Pipfile => manifests::pipfile(path, text, &mut facts),
        Reader::Requirements => manifests::requirements(path, text, &mut facts),
        Reader::Ini => tool_configs::ini(path, text, &mut facts),
        Reader::PomXml => manifests::pom(path, text, &mut facts),
        Reader::Gradle => manifests::gradle(path, text, &mut facts),
        Reader::GoMod => manifests::go_mod(path, text, &mut facts),
        Reader::MsBuild => manifests::msbuild(path, text, &mut facts),
        Reader::Gemfile => manifests::gemfile(path, text, &mut facts),
        Reader::Dependabot => {
            if let Err(error) = yaml::parse(text) {
                facts.problem(path, "YAML", error.line, error.message);
            }
        }
        Reader::RenovateJson => {
            if path.ends_with(".json")
                && let Err(error) = serde_json::from_str::<serde_json::Value>(text)
            {
                facts.problem(path, "JSON", Some(error.line()), json_message(&error));
            }
        }
        Reader::Codecov => tool_configs::codecov(path, text, &mut facts),
        Reader::Yaml => infrastructure::generic_yaml(path, text, &mut facts),
        Reader::Dockerfile => infrastructure::dockerfile(path, text, &mut facts),
        Reader::Hcl | Reader::TemplateJson => infrastructure::templates(path, text, &mut facts),
        Reader::JsTestConfig => tool_configs::js_coverage(path, text, &mut facts),
        Reader::RustSource => {
            facts.inline_test = line_of(text, "#[cfg(test)]").or_else(|| line_of(text, "#[test]"));
        }
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::CiSystem;

    #[test]
    fn broken_files_become_problems_with_lines() {
        let cases = [
            (
                Reader::PackageJson,
                "package.json",
                "{\n  \"name\": \"x\",\n  oops\n}\n",
                "JSON",
                Some(3),
            ),
            (
                Reader::CargoToml,
                "Cargo.toml",
                "[package]\nname = \n",
                "TOML",
                Some(2),
            ),
            (
                Reader::Ci(CiSystem::GitLab),
                ".gitlab-ci.yml",
                "test:\n  script: [a\n  b: c\n",
                "YAML",
                Some(3),
            ),
        ];
        for (reader, path, text, format, line) in cases {
            let facts = read(reader, path, text);
            let problem = facts
                .problems
                .first()
                .unwrap_or_else(|| panic!("{path} should not parse"));
            assert_eq!(
                (problem.format.as_str(), problem.line),
                (format, line),
                "{path}: {}",
                problem.message
            );
        }
    }
}
