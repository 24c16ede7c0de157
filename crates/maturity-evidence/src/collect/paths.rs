//! Classifying a file by its path alone. Most of a tree is judged here without being opened:
//! only files whose contents some check needs get a [`Reader`], which keeps a scan close to
//! the cost of listing the tree.

use crate::raw::{CiSystem, Ecosystem, PathKind, TestKind};

/// How a file's contents are read, when they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reader {
    Ci(CiSystem),
    Jenkinsfile,
    PackageJson,
    CargoToml,
    Pyproject,
    Requirements,
    Pipfile,
    /// INI-style files with tool sections: setup.cfg, tox.ini, .coveragerc, .flake8.
    Ini,
    PomXml,
    Gradle,
    GoMod,
    /// MSBuild XML: *.csproj, Directory.Build.props, Directory.Packages.props, *.runsettings.
    MsBuild,
    Gemfile,
    Dependabot,
    RenovateJson,
    Codecov,
    /// Any other YAML: Kubernetes objects, CloudFormation, Prometheus rules, compose files.
    Yaml,
    Dockerfile,
    /// Terraform and Bicep: resource names reveal deployment slots and blue-green groups.
    Hcl,
    /// JavaScript test-runner configs (jest, vitest, nyc, c8) for coverage thresholds.
    JsTestConfig,
    /// Rust source read to find `#[cfg(test)]` modules; sampled, see `ScanConfig`.
    RustSource,
    /// JSON that may be an ARM template or CloudFormation.
    TemplateJson,
}

impl Reader {
    /// Readers whose files are capped by `max_config_files` (the others are few by nature).
    pub fn is_bulk(self) -> bool {
        matches!(self, Reader::Yaml | Reader::Hcl | Reader::TemplateJson)
    }
}

/// What a path says about its file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Classified {
    pub kinds: Vec<(PathKind, &'static str)>,
    /// A source or test file of an ecosystem; `Some(kind)` for tests.
    pub code: Option<(Ecosystem, Option<TestKind>)>,
    pub read: Option<Reader>,
}

impl Classified {
    fn kind(&mut self, kind: PathKind, label: &'static str) {
        self.kinds.push((kind, label));
    }

    fn read(&mut self, reader: Reader) {
        if self.read.is_none() {
            self.read = Some(reader);
        }
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

/// Classifies one path, relative to the scanned root and `/`-separated.
pub fn classify(path: &str) -> Classified {
    let mut out = Classified::default();
    let lower = path.to_ascii_lowercase();
    let (dirs, name) = match lower.rfind('/') {
        Some(cut) => (&lower[..cut], &lower[cut + 1..]),
        None => ("", lower.as_str()),
    };
    let original_name = path.rsplit('/').next().unwrap_or(path);
    let ext = name.rsplit_once('.').map_or("", |(_, ext)| ext);
    let in_dir = |dir: &str| dirs.split('/').any(|segment| segment == dir);
    let top = !lower.contains('/');

    ci(&lower, dirs, name, &mut out);
    manifests(name, ext, &mut out);
    quality(&lower, dirs, name, ext, top, &mut out);
    tests_and_tools(&lower, name, ext, &in_dir, &mut out);
    infrastructure(&lower, dirs, name, ext, &in_dir, &mut out);
    operations_and_docs(&lower, dirs, name, ext, top, &in_dir, &mut out);
    environments(dirs, name, ext, &in_dir, &mut out);
    code(&lower, dirs, name, original_name, ext, &in_dir, &mut out);

    if out.read.is_none() && matches!(ext, "yml" | "yaml") {
        out.read(Reader::Yaml);
    }
    out
}

fn ci(lower: &str, dirs: &str, name: &str, out: &mut Classified) {
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

fn manifests(name: &str, ext: &str, out: &mut Classified) {
    use Ecosystem::*;
    let (manifest, reader) = match name {
        "cargo.toml" => (Some(Rust), Some(Reader::CargoToml)),
        "package.json" => (Some(Node), Some(Reader::PackageJson)),
        "pyproject.toml" => (Some(Python), Some(Reader::Pyproject)),
        "setup.py" => (Some(Python), None),
        "setup.cfg" | "tox.ini" => (None, Some(Reader::Ini)),
        "pipfile" => (Some(Python), Some(Reader::Pipfile)),
        "pom.xml" => (Some(Java), Some(Reader::PomXml)),
        "build.gradle" | "build.gradle.kts" | "settings.gradle" | "settings.gradle.kts" => {
            (Some(Java), Some(Reader::Gradle))
        }
        "go.mod" => (Some(Go), Some(Reader::GoMod)),
        "directory.packages.props" | "directory.build.props" | "packages.config" => {
            (None, Some(Reader::MsBuild))
        }
        "gemfile" => (Some(Ruby), Some(Reader::Gemfile)),
        _ if name.starts_with("requirements") && ext == "txt" => (Some(Python), Some(Reader::Requirements)),
        _ if matches!(ext, "csproj" | "fsproj" | "vbproj") => (Some(Dotnet), Some(Reader::MsBuild)),
        _ => (None, None),
    };
    if let Some(ecosystem) = manifest {
        out.kind(PathKind::Manifest(ecosystem), ecosystem.name());
    }
    if let Some(reader) = reader {
        out.read(reader);
    }
    let lockfile = match name {
        "cargo.lock" => Some((Rust, "Cargo.lock")),
        "package-lock.json" => Some((Node, "package-lock.json")),
        "npm-shrinkwrap.json" => Some((Node, "npm-shrinkwrap.json")),
        "yarn.lock" => Some((Node, "yarn.lock")),
        "pnpm-lock.yaml" => Some((Node, "pnpm-lock.yaml")),
        "bun.lockb" | "bun.lock" => Some((Node, "bun.lock")),
        "poetry.lock" => Some((Python, "poetry.lock")),
        "pipfile.lock" => Some((Python, "Pipfile.lock")),
        "uv.lock" => Some((Python, "uv.lock")),
        "pdm.lock" => Some((Python, "pdm.lock")),
        "go.sum" => Some((Go, "go.sum")),
        "packages.lock.json" => Some((Dotnet, "packages.lock.json")),
        "gradle.lockfile" => Some((Java, "gradle.lockfile")),
        "gemfile.lock" => Some((Ruby, "Gemfile.lock")),
        _ => None,
    };
    if let Some((ecosystem, label)) = lockfile {
        out.kind(PathKind::Lockfile(ecosystem), label);
    }
}

fn quality(lower: &str, dirs: &str, name: &str, ext: &str, top: bool, out: &mut Classified) {
    // Dependency update bots.
    let bot = match name {
        "dependabot.yml" | "dependabot.yaml" if dirs == ".github" => Some("Dependabot"),
        "renovate.json" | "renovate.json5" | ".renovaterc" | ".renovaterc.json" | ".renovaterc.json5" => {
            Some("Renovate")
        }
        _ => None,
    };
    if let Some(label) = bot {
        out.kind(PathKind::DependencyBot, label);
        out.read(if label == "Dependabot" {
            Reader::Dependabot
        } else {
            Reader::RenovateJson
        });
    }

    // Linters and static analysis.
    let linter = match name {
        "clippy.toml" | ".clippy.toml" => Some("Clippy"),
        "deny.toml" => Some("cargo-deny"),
        ".pylintrc" | "pylintrc" => Some("Pylint"),
        ".flake8" => Some("Flake8"),
        "ruff.toml" | ".ruff.toml" => Some("Ruff"),
        "mypy.ini" | ".mypy.ini" => Some("mypy"),
        ".golangci.yml" | ".golangci.yaml" | ".golangci.toml" | ".golangci.json" => Some("golangci-lint"),
        "staticcheck.conf" => Some("staticcheck"),
        "sonar-project.properties" | ".sonarcloud.properties" => Some("SonarQube"),
        ".codeclimate.yml" => Some("Code Climate"),
        ".pre-commit-config.yaml" | ".pre-commit-config.yml" => Some("pre-commit"),
        ".rubocop.yml" => Some("RuboCop"),
        "tslint.json" | ".jshintrc" => Some("TSLint/JSHint"),
        ".hadolint.yaml" | ".hadolint.yml" => Some("hadolint"),
        ".shellcheckrc" => Some("ShellCheck"),
        "phpstan.neon" => Some("PHPStan"),
        "biome.json" | "biome.jsonc" => Some("Biome"),
        "detekt.yml" => Some("detekt"),
        ".scalafix.conf" => Some("Scalafix"),
        _ if name.starts_with(".eslintrc") || name.starts_with("eslint.config.") => Some("ESLint"),
        _ if name.starts_with(".stylelintrc") => Some("Stylelint"),
        _ if ext == "xml" && name.contains("checkstyle") => Some("Checkstyle"),
        _ if ext == "xml" && (name.contains("spotbugs") || name.contains("findbugs")) => Some("SpotBugs"),
        _ if ext == "xml" && name.contains("pmd") => Some("PMD"),
        _ if ext == "ruleset" => Some(".NET analyzers ruleset"),
        _ => None,
    };
    if let Some(label) = linter {
        out.kind(PathKind::LinterConfig, label);
    }
    if name == ".editorconfig" {
        out.kind(PathKind::FormatterConfig, "EditorConfig");
    }
    let formatter = match name {
        "rustfmt.toml" | ".rustfmt.toml" => Some("rustfmt"),
        ".clang-format" => Some("clang-format"),
        ".isort.cfg" => Some("isort"),
        ".style.yapf" => Some("YAPF"),
        ".scalafmt.conf" => Some("scalafmt"),
        "dprint.json" | ".dprint.json" => Some("dprint"),
        "biome.json" | "biome.jsonc" => Some("Biome"),
        _ if name.starts_with(".prettierrc") || name.starts_with("prettier.config.") => Some("Prettier"),
        _ => None,
    };
    if let Some(label) = formatter {
        out.kind(PathKind::FormatterConfig, label);
    }

    // Review process.
    if name == "codeowners" && (top || matches!(dirs, ".github" | "docs" | ".gitlab")) {
        out.kind(PathKind::Codeowners, "CODEOWNERS");
    }
    let pr_template = (name.starts_with("pull_request_template")
        && (top || matches!(dirs, ".github" | "docs" | ".azuredevops" | ".vsts")))
        || dirs == ".github/pull_request_template"
        || dirs == ".gitlab/merge_request_templates";
    if pr_template && (ext == "md" || ext == "txt" || ext.is_empty()) {
        out.kind(PathKind::PrTemplate, "pull request template");
    }
    let _ = lower;
}

fn tests_and_tools(lower: &str, name: &str, ext: &str, in_dir: &dyn Fn(&str) -> bool, out: &mut Classified) {
    // End-to-end tooling configs.
    let e2e = if name.starts_with("playwright.config.") {
        Some("Playwright")
    } else if name.starts_with("cypress.config.") || name == "cypress.json" {
        Some("Cypress")
    } else if ext == "robot" {
        Some("Robot Framework")
    } else if name.starts_with("wdio.conf.") {
        Some("WebdriverIO")
    } else if name.starts_with("nightwatch.conf") {
        Some("Nightwatch")
    } else if name == ".testcaferc.json" {
        Some("TestCafe")
    } else if ext == "feature" {
        Some("Gherkin feature")
    } else {
        None
    };
    if let Some(label) = e2e {
        out.kind(PathKind::E2eTestConfig, label);
    }

    // Performance tests.
    let perf = if ext == "jmx" {
        Some("JMeter")
    } else if name == "locustfile.py" || (ext == "py" && in_dir("locust")) {
        Some("Locust")
    } else if name.ends_with(".k6.js")
        || name.ends_with(".k6.ts")
        || (matches!(ext, "js" | "ts") && in_dir("k6"))
    {
        Some("k6")
    } else if (ext == "scala" || ext == "java" || ext == "kt")
        && (in_dir("gatling") || lower.contains("simulations/"))
    {
        Some("Gatling")
    } else if name.starts_with("artillery") && matches!(ext, "yml" | "yaml" | "json") {
        Some("Artillery")
    } else if ext == "rs" && in_dir("benches") {
        Some("Rust benchmarks")
    } else {
        None
    };
    if let Some(label) = perf {
        out.kind(PathKind::PerfTest, label);
    }

    // Security testing and secret scanning.
    let security = match name {
        ".gitleaks.toml" | "gitleaks.toml" | ".gitleaksignore" => Some("gitleaks"),
        ".secrets.baseline" => Some("detect-secrets"),
        ".trufflehog.yml" | "trufflehog.yml" | ".trufflehogignore" => Some("TruffleHog"),
        ".snyk" => Some("Snyk"),
        ".trivyignore" | "trivy.yaml" | ".trivy.yaml" => Some("Trivy"),
        ".semgrep.yml" | ".semgrep.yaml" | "semgrep.yml" => Some("Semgrep"),
        ".bandit" => Some("Bandit"),
        "zap.yaml" | "zap.conf" | ".zap.yaml" => Some("OWASP ZAP"),
        "dependency-check-suppressions.xml" | "dependency-check-suppression.xml" => {
            Some("OWASP Dependency-Check")
        }
        _ if in_dir(".zap") || name.starts_with("zap-") || name.starts_with("zap_") => Some("OWASP ZAP"),
        _ => None,
    };
    if let Some(label) = security {
        out.kind(PathKind::SecurityConfig, label);
    }

    // Coverage configuration; thresholds are read from the contents.
    let coverage = match name {
        "codecov.yml" | ".codecov.yml" | "codecov.yaml" | ".codecov.yaml" => {
            Some(("Codecov", Reader::Codecov))
        }
        ".coveragerc" => Some(("coverage.py", Reader::Ini)),
        "tarpaulin.toml" | ".tarpaulin.toml" => Some(("cargo-tarpaulin", Reader::Ini)),
        ".coveralls.yml" => Some(("Coveralls", Reader::Yaml)),
        _ if name.starts_with(".nycrc") => Some(("nyc", Reader::JsTestConfig)),
        _ if name.starts_with(".c8rc") => Some(("c8", Reader::JsTestConfig)),
        _ if ext == "runsettings" => Some(("coverlet runsettings", Reader::MsBuild)),
        _ => None,
    };
    if let Some((label, reader)) = coverage {
        out.kind(PathKind::CoverageConfig, label);
        out.read(reader);
    }
    if name.starts_with("jest.config.")
        || name.starts_with("vitest.config.")
        || name.starts_with("karma.conf.")
    {
        out.read(Reader::JsTestConfig);
    }
}

fn infrastructure(
    lower: &str,
    dirs: &str,
    name: &str,
    ext: &str,
    in_dir: &dyn Fn(&str) -> bool,
    out: &mut Classified,
) {
    let iac = match ext {
        "tf" | "tfvars" => Some(("Terraform", Some(Reader::Hcl))),
        "bicep" => Some(("Bicep", Some(Reader::Hcl))),
        "pp" if in_dir("manifests") => Some(("Puppet", None)),
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

fn operations_and_docs(
    lower: &str,
    dirs: &str,
    name: &str,
    ext: &str,
    top: bool,
    in_dir: &dyn Fn(&str) -> bool,
    out: &mut Classified,
) {
    let doc_ext = matches!(ext, "md" | "markdown" | "adoc" | "rst" | "txt" | "org") || !name.contains('.');
    let stem = name.split('.').next().unwrap_or(name);

    // Monitoring.
    let monitoring = match name {
        "prometheus.yml" | "prometheus.yaml" => Some("Prometheus"),
        "alertmanager.yml" | "alertmanager.yaml" => Some("Alertmanager"),
        "datadog.yaml" | "datadog.yml" => Some("Datadog"),
        "newrelic.yml" | "newrelic.js" | "newrelic.ini" => Some("New Relic"),
        "sentry.properties" | ".sentryclirc" => Some("Sentry"),
        _ if name.ends_with(".rules.yml")
            || name.ends_with(".rules.yaml")
            || (name.starts_with("alert") && matches!(ext, "yml" | "yaml")) =>
        {
            Some("alerting rules")
        }
        _ if name.starts_with("otel-collector") || name.starts_with("otelcol") => {
            Some("OpenTelemetry Collector")
        }
        _ if ext == "json" && (in_dir("dashboards") || in_dir("grafana") || name.contains("dashboard")) => {
            Some("Grafana dashboard")
        }
        _ => None,
    };
    if let Some(label) = monitoring {
        out.kind(PathKind::Monitoring, label);
        if matches!(ext, "yml" | "yaml") {
            out.read(Reader::Yaml);
        }
    }

    // Runbooks and operations docs.
    if doc_ext
        && (lower.contains("runbook")
            || lower.contains("run-book")
            || in_dir("oncall")
            || in_dir("on-call")
            || lower.contains("playbooks/incident"))
    {
        out.kind(PathKind::Runbook, "runbook");
    }

    // Documentation.
    if doc_ext {
        match stem {
            "readme" => out.kind(PathKind::Readme, "README"),
            "contributing" => out.kind(PathKind::Contributing, "CONTRIBUTING"),
            "architecture" => out.kind(PathKind::ArchitectureDoc, "ARCHITECTURE"),
            "changelog" | "changes" | "history" | "releases" | "release-notes" | "news"
                if top || dirs == "docs" =>
            {
                out.kind(PathKind::Changelog, "changelog");
            }
            _ => {}
        }
        if in_dir("adr")
            || in_dir("adrs")
            || in_dir("decisions")
            || lower.contains("architecture/decisions")
            || stem.starts_with("adr-")
        {
            out.kind(PathKind::Adr, "architecture decision record");
        } else if (in_dir("architecture") || in_dir("design")) && ext == "md" {
            out.kind(PathKind::ArchitectureDoc, "design document");
        }
    }
    let openapi = ((stem.starts_with("openapi") || stem.starts_with("swagger"))
        && matches!(ext, "yml" | "yaml" | "json"))
        || name.ends_with(".openapi.yaml")
        || name.ends_with(".openapi.yml")
        || name.ends_with(".openapi.json");
    let api = if openapi {
        Some("OpenAPI")
    } else if stem.starts_with("asyncapi") && matches!(ext, "yml" | "yaml" | "json") {
        Some("AsyncAPI")
    } else if ext == "proto" {
        Some("Protocol Buffers")
    } else if matches!(ext, "graphql" | "graphqls") && stem.contains("schema") {
        Some("GraphQL schema")
    } else {
        None
    };
    if let Some(label) = api {
        out.kind(PathKind::ApiSpec, label);
    }

    // Development environments and toolchains.
    let dev_env = match name {
        "devcontainer.json" | ".devcontainer.json" => Some("Dev Container"),
        "flake.nix" | "shell.nix" => Some("Nix"),
        "devbox.json" => Some("Devbox"),
        "vagrantfile" => Some("Vagrant"),
        ".gitpod.yml" => Some("Gitpod"),
        "tiltfile" => Some("Tilt"),
        _ => None,
    };
    if let Some(label) = dev_env {
        out.kind(PathKind::DevEnvironment, label);
    }
    let toolchain = match name {
        "rust-toolchain" | "rust-toolchain.toml" => Some("rust-toolchain"),
        ".nvmrc" | ".node-version" => Some("Node version file"),
        ".python-version" => Some(".python-version"),
        ".tool-versions" => Some("asdf .tool-versions"),
        "mise.toml" | ".mise.toml" => Some("mise"),
        "global.json" => Some(".NET global.json"),
        ".sdkmanrc" | ".java-version" => Some("Java version file"),
        ".ruby-version" => Some(".ruby-version"),
        ".go-version" => Some(".go-version"),
        ".terraform-version" => Some(".terraform-version"),
        _ => None,
    };
    if let Some(label) = toolchain {
        out.kind(PathKind::ToolchainPin, label);
    }

    // Release tooling.
    let release = match name {
        ".releaserc" | ".releaserc.json" | ".releaserc.yml" | ".releaserc.yaml" | ".releaserc.js" => {
            Some("semantic-release")
        }
        "release-please-config.json" | ".release-please-manifest.json" => Some("release-please"),
        ".goreleaser.yml" | ".goreleaser.yaml" | "goreleaser.yml" | "goreleaser.yaml" => Some("GoReleaser"),
        "release.toml" => Some("cargo-release"),
        "dist-workspace.toml" => Some("cargo-dist"),
        "cliff.toml" => Some("git-cliff"),
        ".release-it.json" | ".release-it.yml" | ".release-it.yaml" => Some("release-it"),
        "gitversion.yml" | "gitversion.yaml" => Some("GitVersion"),
        ".bumpversion.cfg" => Some("bump2version"),
        ".cz.toml" | "cz.toml" => Some("Commitizen"),
        "release-drafter.yml" | "release-drafter.yaml" => Some("Release Drafter"),
        "jreleaser.yml" | "jreleaser.yaml" | "jreleaser.toml" => Some("JReleaser"),
        _ if name.starts_with("release.config.") => Some("semantic-release"),
        _ if name.starts_with(".versionrc") => Some("standard-version"),
        _ if dirs == ".changeset" && name == "config.json" => Some("Changesets"),
        _ => None,
    };
    if let Some(label) = release {
        out.kind(PathKind::ReleaseConfig, label);
    }

    // Feature flags kept as files.
    let flags = match name {
        "flagd.json" | "flagd.yaml" => Some("flagd"),
        "flagsmith.json" => Some("Flagsmith"),
        "coderefs.yaml" | "coderefs.yml" if dirs.ends_with(".launchdarkly") => Some("LaunchDarkly"),
        _ if name.ends_with(".flagd.json") || name.ends_with(".flagd.yaml") => Some("flagd"),
        _ => None,
    };
    if let Some(label) = flags {
        out.kind(PathKind::FeatureFlagConfig, label);
    }
}

fn environments(dirs: &str, name: &str, ext: &str, in_dir: &dyn Fn(&str) -> bool, out: &mut Classified) {
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
        && !in_dir("test")
        && !in_dir("tests")
        && !in_dir("node_modules")
    {
        out.kind(PathKind::EnvConfig, "per-environment configuration");
    }
}

fn code(
    lower: &str,
    dirs: &str,
    name: &str,
    original_name: &str,
    ext: &str,
    in_dir: &dyn Fn(&str) -> bool,
    out: &mut Classified,
) {
    use Ecosystem::*;
    let ecosystem = match ext {
        "rs" => Rust,
        "js" | "jsx" | "ts" | "tsx" | "mjs" | "cjs" | "vue" | "svelte" => Node,
        "py" => Python,
        "java" | "kt" | "scala" | "groovy" => Java,
        "go" => Go,
        "cs" | "fs" | "vb" => Dotnet,
        "rb" => Ruby,
        _ => return,
    };
    // Vendored and generated trees say nothing about the team's own tests.
    if in_dir("node_modules")
        || in_dir("vendor")
        || in_dir("third_party")
        || in_dir("target")
        || in_dir("dist")
    {
        return;
    }
    if ecosystem == Node
        && (name.ends_with(".d.ts") || name.contains(".config.") || name.ends_with(".min.js"))
    {
        return;
    }
    let test_dir =
        in_dir("test") || in_dir("tests") || in_dir("__tests__") || in_dir("spec") || in_dir("e2e");
    let is_test = match ecosystem {
        Rust => in_dir("tests") || in_dir("benches"),
        Node => {
            name.contains(".test.")
                || name.contains(".spec.")
                || name.contains(".cy.")
                || name.contains(".e2e.")
                || test_dir
                || in_dir("cypress")
        }
        Python => {
            if name == "__init__.py" || name == "conftest.py" {
                return;
            }
            name.starts_with("test_") || name.ends_with("_test.py") || test_dir || name == "locustfile.py"
        }
        Java => {
            lower.contains("src/test/")
                || lower.contains("src/it/")
                || lower.contains("src/integrationtest/")
                || lower.contains("src/gatling/")
                || original_name.ends_with("Test.java")
                || original_name.ends_with("Tests.java")
                || original_name.ends_with("IT.java")
                || original_name.ends_with("Test.kt")
                || original_name.ends_with("Spec.groovy")
        }
        Go => name.ends_with("_test.go"),
        Dotnet => {
            dirs.split('/').any(|segment| {
                segment.ends_with(".tests")
                    || segment.ends_with(".test")
                    || segment.ends_with("tests")
                    || segment.ends_with(".specs")
                    || segment == "test"
            }) || name.ends_with("tests.cs")
                || name.ends_with("test.cs")
        }
        Ruby => name.ends_with("_spec.rb") || name.ends_with("_test.rb") || in_dir("spec"),
    };
    if !is_test {
        out.code = Some((ecosystem, None));
        if ecosystem == Rust {
            out.read(Reader::RustSource);
        }
        return;
    }
    let kind = test_kind(lower, original_name, ecosystem);
    out.code = Some((ecosystem, Some(kind)));
}

/// The kind of a test file, from words in its path.
fn test_kind(lower: &str, original_name: &str, ecosystem: Ecosystem) -> TestKind {
    let tokens = || {
        lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|t| !t.is_empty())
    };
    const PERF: [&str; 14] = [
        "perf",
        "performance",
        "load",
        "loadtest",
        "loadtests",
        "benchmark",
        "benchmarks",
        "bench",
        "benches",
        "stress",
        "k6",
        "gatling",
        "jmeter",
        "locustfile",
    ];
    const SYSTEM: [&str; 14] = [
        "e2e",
        "endtoend",
        "acceptance",
        "system",
        "systemtest",
        "systemtests",
        "ui",
        "uitests",
        "playwright",
        "cypress",
        "selenium",
        "functional",
        "cy",
        "features",
    ];
    const INTEGRATION: [&str; 6] = [
        "integration",
        "integrationtest",
        "integrationtests",
        "it",
        "int",
        "component",
    ];
    if tokens().any(|t| PERF.contains(&t)) {
        TestKind::Performance
    } else if tokens().any(|t| SYSTEM.contains(&t))
        || lower.contains("end-to-end")
        || lower.contains("end_to_end")
    {
        TestKind::System
    } else if tokens().any(|t| INTEGRATION.contains(&t)) || original_name.ends_with("IT.java") {
        TestKind::Integration
    } else if ecosystem == Ecosystem::Rust {
        // Files under a crate's `tests/` are integration tests by Cargo's own definition.
        TestKind::Integration
    } else {
        TestKind::Unit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn tests_by_ecosystem_convention() {
        use Ecosystem::*;
        use TestKind::*;
        let cases = [
            ("src/lib.rs", Some((Rust, None))),
            ("tests/api.rs", Some((Rust, Some(Integration)))),
            ("benches/walk.rs", Some((Rust, Some(Performance)))),
            ("src/app.test.ts", Some((Node, Some(Unit)))),
            ("src/__tests__/app.js", Some((Node, Some(Unit)))),
            ("e2e/login.spec.ts", Some((Node, Some(System)))),
            ("src/app.ts", Some((Node, None))),
            ("src/types.d.ts", None),
            ("pkg/test_models.py", Some((Python, Some(Unit)))),
            ("tests/integration/test_db.py", Some((Python, Some(Integration)))),
            ("tests/conftest.py", None),
            ("src/main/java/App.java", Some((Java, None))),
            ("src/test/java/AppTest.java", Some((Java, Some(Unit)))),
            ("src/test/java/AppIT.java", Some((Java, Some(Integration)))),
            ("src/main/java/Edit.java", Some((Java, None))),
            ("internal/x/x_test.go", Some((Go, Some(Unit)))),
            ("internal/x/x.go", Some((Go, None))),
            ("App.Tests/CalcTests.cs", Some((Dotnet, Some(Unit)))),
            (
                "App.IntegrationTests/DbTests.cs",
                Some((Dotnet, Some(Integration))),
            ),
            ("App/Program.cs", Some((Dotnet, None))),
            ("node_modules/x/index.js", None),
        ];
        for (path, expected) in cases {
            assert_eq!(classify(path).code, expected, "{path}");
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
