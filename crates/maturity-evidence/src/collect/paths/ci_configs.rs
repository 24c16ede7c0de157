//! CI configurations, recognised by where each CI system looks for them.

use super::classified::{Classified, Reader, SplitPath};
use crate::raw::{CiSystem, PathKind};

pub(super) fn ci(path: &SplitPath, out: &mut Classified) {
    let SplitPath {
        lower, dirs, name, ..
    } = *path;
    let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
    let system = if dirs == ".github/workflows" && yaml {
        Some(CiSystem::GitHubActions)
    } else if name == ".gitlab-ci.yml"
        || name == ".gitlab-ci.yaml"
        || (yaml && name.ends_with(".gitlab-ci.yml"))
    {
        Some(CiSystem::GitLab)
    } else if name == "azure-pipelines.yml"
        || name == "azure-pipelines.yaml"
        || (yaml
            && (dirs == ".azure-pipelines"
                || dirs == ".azuredevops/pipelines"
                || name.starts_with("azure-pipelines")))
    {
        Some(CiSystem::AzurePipelines)
    } else if lower == ".circleci/config.yml" || lower == ".circleci/config.yaml" {
        Some(CiSystem::CircleCi)
    } else if name == "bitbucket-pipelines.yml" {
        Some(CiSystem::Bitbucket)
    } else if name == ".travis.yml" {
        Some(CiSystem::Travis)
    } else if name == ".drone.yml" || name == ".drone.yaml" {
        Some(CiSystem::Drone)
    } else if (dirs == ".buildkite" && yaml) || name == "buildkite.yml" || name == "buildkite.yaml" {
        Some(CiSystem::Buildkite)
    } else if dirs.starts_with(".tekton") && yaml {
        Some(CiSystem::Tekton)
    } else {
        None
    };
    if let Some(system) = system {
        out.kind(PathKind::CiConfig, system.name());
        out.read(Reader::Ci(system));
    } else if name == "jenkinsfile" || name.starts_with("jenkinsfile.") || name.ends_with(".jenkinsfile") {
        out.kind(PathKind::CiConfig, CiSystem::Jenkins.name());
        out.read(Reader::Jenkinsfile);
    }
}
