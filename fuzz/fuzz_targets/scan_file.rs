//! A file of a scanned working tree, read by the reader its path chooses
//! (`collect::paths::classify`, `collect::content::read`): CI YAML of every system
//! (`yaml::parse`, `read_yaml_ci`), Jenkinsfiles, manifests, tool configs, infrastructure
//! templates. The first byte picks the path. YAML that parses is also read as the CI file of
//! every system. Invariant: every line a fact points at is a line of the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use maturity_evidence::collect::ci::read_yaml_ci;
use maturity_evidence::collect::content::read;
use maturity_evidence::collect::paths::classify;
use maturity_evidence::raw::{CiConfig, CiSystem};
use maturity_evidence::yaml;

const PATHS: [&str; 30] = [
    ".github/workflows/ci.yml",
    ".gitlab-ci.yml",
    "Jenkinsfile",
    "azure-pipelines.yml",
    ".circleci/config.yml",
    "bitbucket-pipelines.yml",
    ".travis.yml",
    ".drone.yml",
    ".buildkite/pipeline.yml",
    ".tekton/build.yaml",
    "package.json",
    "Cargo.toml",
    "pyproject.toml",
    "requirements.txt",
    "Pipfile",
    "setup.cfg",
    "pom.xml",
    "build.gradle",
    "go.mod",
    "app/App.csproj",
    "Gemfile",
    ".github/dependabot.yml",
    "renovate.json",
    "codecov.yml",
    "deploy/k8s/deployment.yaml",
    "Dockerfile",
    "infra/main.tf",
    "jest.config.js",
    "src/lib.rs",
    "azuredeploy.json",
];

const SYSTEMS: [CiSystem; 9] = [
    CiSystem::GitHubActions,
    CiSystem::GitLab,
    CiSystem::AzurePipelines,
    CiSystem::CircleCi,
    CiSystem::Bitbucket,
    CiSystem::Travis,
    CiSystem::Drone,
    CiSystem::Buildkite,
    CiSystem::Tekton,
];

fn check_lines(ci: &CiConfig, last: usize) {
    let lines = ci
        .triggers
        .iter()
        .map(|t| t.line)
        .chain(ci.deploys.iter().map(|d| d.line))
        .chain(ci.approvals.iter().map(|a| a.line));
    for line in lines {
        assert!((1..=last).contains(&line), "line {line} of {last}");
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let path = PATHS[usize::from(selector) % PATHS.len()];
    let Some(reader) = classify(path).read else {
        panic!("{path} has no reader");
    };
    // A line number may point one past the last newline (an empty last line).
    let last = text.lines().count().max(1) + 1;
    let facts = read(reader, path, text);
    if let Some(ci) = &facts.ci {
        check_lines(ci, last);
    }
    for marker in &facts.markers {
        assert!(
            (1..=last).contains(&marker.line),
            "marker line {} of {last}",
            marker.line
        );
    }
    if path.ends_with(".yml") || path.ends_with(".yaml") {
        if let Ok(docs) = yaml::parse(text) {
            for system in SYSTEMS {
                check_lines(&read_yaml_ci(path, system, &docs), last);
            }
        }
    }
});
