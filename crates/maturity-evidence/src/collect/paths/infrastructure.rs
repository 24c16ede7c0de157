//! Infrastructure as code, containers, Kubernetes, and configuration kept per environment.

use super::classified::{Classified, Reader, SplitPath};
use crate::raw::PathKind;

pub(super) fn infrastructure(path: &SplitPath, out: &mut Classified) {
    let SplitPath {
        lower,
        dirs,
        name,
        ext,
        ..
    } = *path;
    let iac = match ext {
        "tf" | "tfvars" => Some(("Terraform", Some(Reader::Hcl))),
        "bicep" => Some(("Bicep", Some(Reader::Hcl))),
        "pp" if path.in_dir("manifests") => Some(("Puppet", None)),
        "sls" => Some(("Salt", None)),
        _ => None,
    };
    let iac = iac.or(match name {
        "terragrunt.hcl" => Some(("Terragrunt", Some(Reader::Hcl))),
        "pulumi.yaml" | "pulumi.yml" => Some(("Pulumi", None)),
        "cdk.json" => Some(("AWS CDK", None)),
        "serverless.yml" | "serverless.yaml" => Some(("Serverless Framework", None)),
        "ansible.cfg" => Some(("Ansible", None)),
        "azuredeploy.json" | "maintemplate.json" => Some(("ARM template", Some(Reader::TemplateJson))),
        "berksfile" => Some(("Chef", None)),
        "appspec.yml" | "appspec.yaml" => Some(("AWS CodeDeploy", Some(Reader::Yaml))),
        _ if name.starts_with("pulumi.") && (name.ends_with(".yaml") || name.ends_with(".yml")) => {
            Some(("Pulumi", None))
        }
        _ if matches!(ext, "yml" | "yaml")
            && (dirs.ends_with("/tasks") || dirs.ends_with("/handlers"))
            && lower.contains("roles/") =>
        {
            Some(("Ansible", None))
        }
        _ if (name.starts_with("playbook") || name == "site.yml") && matches!(ext, "yml" | "yaml") => {
            Some(("Ansible", None))
        }
        _ => None,
    });
    if let Some((label, reader)) = iac {
        out.kind(PathKind::Iac, label);
        if let Some(reader) = reader {
            out.read(reader);
        }
    }
    if ext == "json" && (name.contains("template") || name.contains("cloudformation") || name.contains("cfn"))
    {
        out.read(Reader::TemplateJson);
    }

    if name == "dockerfile"
        || name.starts_with("dockerfile.")
        || name.ends_with(".dockerfile")
        || name == "containerfile"
    {
        out.kind(PathKind::Container, "Dockerfile");
        out.read(Reader::Dockerfile);
    }
    if (name.starts_with("docker-compose")
        || name.starts_with("compose.")
        || name == "compose.yml"
        || name == "compose.yaml")
        && matches!(ext, "yml" | "yaml")
    {
        out.kind(PathKind::Compose, "Compose file");
        out.read(Reader::Yaml);
    }
    match name {
        "chart.yaml" | "chart.yml" => out.kind(PathKind::Kubernetes, "Helm chart"),
        "kustomization.yaml" | "kustomization.yml" | "kustomization" => {
            out.kind(PathKind::Kubernetes, "Kustomize")
        }
        "skaffold.yaml" | "skaffold.yml" => out.kind(PathKind::Kubernetes, "Skaffold"),
        _ => {}
    }
}

const ENV_TOKENS: [&str; 14] = [
    "production",
    "prod",
    "staging",
    "stage",
    "stg",
    "development",
    "dev",
    "qa",
    "uat",
    "preprod",
    "preproduction",
    "sandbox",
    "live",
    "test",
];

const CONFIG_EXTENSIONS: [&str; 13] = [
    "yml",
    "yaml",
    "json",
    "toml",
    "env",
    "properties",
    "ini",
    "conf",
    "tfvars",
    "config",
    "cfg",
    "hcl",
    "rb",
];

pub(super) fn environments(path: &SplitPath, out: &mut Classified) {
    let SplitPath { dirs, name, ext, .. } = *path;
    let is_env = |token: &str| ENV_TOKENS.contains(&token);
    // `.env.production`, `appsettings.Production.json`, `values-prod.yaml`, `prod.tfvars`.
    let dotenv = name.starts_with(".env.")
        && !name.ends_with(".example")
        && !name.ends_with(".sample")
        && !name.ends_with(".template");
    // The environment must be the name's last word (`application-prod.yml`,
    // `appsettings.Production.json`) or stand beside a configuration word
    // (`prod-values.yaml`); `dev-jonas.toml` is someone's file, not an environment's.
    const CONFIG_WORDS: [&str; 11] = [
        "config",
        "settings",
        "appsettings",
        "values",
        "application",
        "env",
        "environment",
        "vars",
        "secrets",
        "parameters",
        "params",
    ];
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let words: Vec<&str> = stem.split(['.', '-', '_']).filter(|w| !w.is_empty()).collect();
    let named = CONFIG_EXTENSIONS.contains(&ext)
        && words.iter().any(|w| is_env(w))
        && (words.last().is_some_and(|w| is_env(w)) || words.iter().any(|w| CONFIG_WORDS.contains(w)))
        && !name.starts_with("docker-compose")
        && !dirs.starts_with(".github");
    // `environments/prod/…`, `overlays/staging/…`, `config/production/…`.
    const ENV_PARENTS: [&str; 9] = [
        "environments",
        "envs",
        "env",
        "overlays",
        "config",
        "deploy",
        "deployments",
        "inventories",
        "inventory",
    ];
    let mut parent = "";
    let mut in_env_dir = false;
    for segment in dirs.split('/') {
        if is_env(segment) && ENV_PARENTS.contains(&parent) {
            in_env_dir = true;
            break;
        }
        parent = segment;
    }
    let code_like = matches!(
        ext,
        "rs" | "go" | "java" | "py" | "js" | "ts" | "cs" | "kt" | "md"
    );
    if (dotenv || named || in_env_dir)
        && !code_like
        && !path.in_dir("test")
        && !path.in_dir("tests")
        && !path.in_dir("node_modules")
    {
        out.kind(PathKind::EnvConfig, "per-environment configuration");
    }
}
