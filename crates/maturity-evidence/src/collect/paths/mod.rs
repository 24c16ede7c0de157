//! Classifying a file by its path alone. Most of a tree is judged here without being opened:
//! only files whose contents some check needs get a [`Reader`], which keeps a scan close to
//! the cost of listing the tree.

mod ci_configs;
mod classified;
mod code;
mod development_and_release;
mod infrastructure;
mod manifests;
mod operations_and_docs;
mod quality_and_tests;

pub use classified::{Classified, Reader};

use classified::SplitPath;

/// Classifies one path, relative to the scanned root and `/`-separated.
pub fn classify(path: &str) -> Classified {
    let mut out = Classified::default();
    let lower = path.to_ascii_lowercase();
    let split = SplitPath::new(path, &lower);
    ci_configs::ci(&split, &mut out);
    manifests::manifests(&split, &mut out);
    quality_and_tests::quality(&split, &mut out);
    quality_and_tests::tests_and_tools(&split, &mut out);
    infrastructure::infrastructure(&split, &mut out);
    operations_and_docs::operations_and_docs(&split, &mut out);
    development_and_release::development_and_release(&split, &mut out);
    infrastructure::environments(&split, &mut out);
    code::code(&split, &mut out);

    if out.read.is_none() && matches!(split.ext, "yml" | "yaml") {
        out.read(Reader::Yaml);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::{CiSystem, Ecosystem, PathKind};

    fn kinds(path: &str) -> Vec<(PathKind, &'static str)> {
        classify(path).kinds
    }

    #[test]
    fn ci_files() {
        let cases = [
            (
                ".github/workflows/ci.yml",
                Some(Reader::Ci(CiSystem::GitHubActions)),
            ),
            (".gitlab-ci.yml", Some(Reader::Ci(CiSystem::GitLab))),
            ("Jenkinsfile", Some(Reader::Jenkinsfile)),
            ("azure-pipelines.yml", Some(Reader::Ci(CiSystem::AzurePipelines))),
            (".circleci/config.yml", Some(Reader::Ci(CiSystem::CircleCi))),
            ("bitbucket-pipelines.yml", Some(Reader::Ci(CiSystem::Bitbucket))),
            (".travis.yml", Some(Reader::Ci(CiSystem::Travis))),
            (".drone.yml", Some(Reader::Ci(CiSystem::Drone))),
            (".buildkite/pipeline.yml", Some(Reader::Ci(CiSystem::Buildkite))),
            (".tekton/build.yaml", Some(Reader::Ci(CiSystem::Tekton))),
            ("docs/ci.yml", Some(Reader::Yaml)),
            ("src/main.go", None),
        ];
        for (path, reader) in cases {
            assert_eq!(classify(path).read, reader, "{path}");
        }
    }

    #[test]
    fn kinds_by_path() {
        let cases: [(&str, PathKind); 16] = [
            ("Cargo.lock", PathKind::Lockfile(Ecosystem::Rust)),
            ("web/yarn.lock", PathKind::Lockfile(Ecosystem::Node)),
            (".github/dependabot.yml", PathKind::DependencyBot),
            ("renovate.json", PathKind::DependencyBot),
            (".eslintrc.json", PathKind::LinterConfig),
            (".github/CODEOWNERS", PathKind::Codeowners),
            (".github/pull_request_template.md", PathKind::PrTemplate),
            ("infra/main.tf", PathKind::Iac),
            ("Dockerfile", PathKind::Container),
            ("deploy/chart/Chart.yaml", PathKind::Kubernetes),
            ("docs/runbooks/restart.md", PathKind::Runbook),
            ("docs/adr/0001-use-rust.md", PathKind::Adr),
            ("api/openapi.yaml", PathKind::ApiSpec),
            ("config/appsettings.Production.json", PathKind::EnvConfig),
            ("deploy/overlays/staging/kustomization.yaml", PathKind::EnvConfig),
            (".devcontainer/devcontainer.json", PathKind::DevEnvironment),
        ];
        for (path, kind) in cases {
            assert!(
                kinds(path).iter().any(|(k, _)| *k == kind),
                "{path}: {:?}",
                kinds(path)
            );
        }
        assert!(kinds("src/devcontainer.rs").is_empty());
        assert!(kinds(".env.example").is_empty());
        assert!(kinds("examples/responses/dev-jonas.toml").is_empty());
        assert!(!kinds("values-prod.yaml").is_empty());
        assert!(!kinds("prod.tfvars").is_empty());
    }
}
