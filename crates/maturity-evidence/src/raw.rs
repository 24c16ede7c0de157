//! Raw evidence: what the collectors saw in a tree, before any judgement. Checks read only
//! this, so they are pure functions that tests feed from memory.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Language ecosystems whose conventions the scanner knows (tests, manifests, lockfiles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ecosystem {
    Rust,
    Node,
    Python,
    Java,
    Go,
    Dotnet,
    Ruby,
}

impl Ecosystem {
    pub fn name(self) -> &'static str {
        match self {
            Ecosystem::Rust => "Rust",
            Ecosystem::Node => "Node",
            Ecosystem::Python => "Python",
            Ecosystem::Java => "Java",
            Ecosystem::Go => "Go",
            Ecosystem::Dotnet => ".NET",
            Ecosystem::Ruby => "Ruby",
        }
    }
}

/// What a file is, as far as its path (or, for a few kinds, its contents) tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PathKind {
    CiConfig,
    Manifest(Ecosystem),
    Lockfile(Ecosystem),
    DependencyBot,
    LinterConfig,
    FormatterConfig,
    Codeowners,
    PrTemplate,
    E2eTestConfig,
    PerfTest,
    SecurityConfig,
    CoverageConfig,
    Iac,
    Container,
    Compose,
    Kubernetes,
    Monitoring,
    Runbook,
    Readme,
    Contributing,
    ArchitectureDoc,
    Adr,
    ApiSpec,
    EnvConfig,
    DevEnvironment,
    ToolchainPin,
    Changelog,
    ReleaseConfig,
    FeatureFlagConfig,
    ProgressiveDelivery,
}

/// One file of a kind, with a label saying what exactly it is ("Terraform", "yarn.lock").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PathFact {
    pub path: String,
    pub line: usize,
    pub label: String,
}

/// Kinds of test a test file holds, judged from its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TestKind {
    Unit,
    Integration,
    System,
    Performance,
}

/// Counts of source and test files of one ecosystem, with a few example paths so a finding
/// can point somewhere.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeStats {
    /// Files of the ecosystem's source extensions that are not tests.
    pub sources: usize,
    /// Test files by kind.
    pub tests: BTreeMap<TestKind, usize>,
    /// Source files that also hold tests (Rust `#[cfg(test)]` modules), among those read.
    pub inline_tests: usize,
    /// The alphabetically first few test files of each kind (with line 1, or the line of the
    /// first test for inline tests).
    pub examples: BTreeMap<TestKind, Vec<(String, usize)>>,
}

impl CodeStats {
    pub fn test_files(&self) -> usize {
        self.tests.values().sum::<usize>() + self.inline_tests
    }

    pub fn count(&self, kind: TestKind) -> usize {
        let inline = if kind == TestKind::Unit {
            self.inline_tests
        } else {
            0
        };
        self.tests.get(&kind).copied().unwrap_or(0) + inline
    }
}

/// CI systems whose configuration the scanner reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CiSystem {
    GitHubActions,
    GitLab,
    Jenkins,
    AzurePipelines,
    CircleCi,
    Bitbucket,
    Travis,
    Drone,
    Buildkite,
    Tekton,
}

impl CiSystem {
    pub fn name(self) -> &'static str {
        match self {
            CiSystem::GitHubActions => "GitHub Actions",
            CiSystem::GitLab => "GitLab CI",
            CiSystem::Jenkins => "Jenkins",
            CiSystem::AzurePipelines => "Azure Pipelines",
            CiSystem::CircleCi => "CircleCI",
            CiSystem::Bitbucket => "Bitbucket Pipelines",
            CiSystem::Travis => "Travis CI",
            CiSystem::Drone => "Drone",
            CiSystem::Buildkite => "Buildkite",
            CiSystem::Tekton => "Tekton",
        }
    }
}

/// What starts a pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Trigger {
    Push,
    PullRequest,
    Schedule,
    Tag,
    /// Started by a person (workflow_dispatch, custom pipelines, promotions).
    Manual,
    /// Started by another pipeline finishing.
    Upstream,
}

/// What a CI step does, judged from its command or action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StepKind {
    Test,
    Lint,
    Format,
    Coverage,
    Publish,
    Deploy,
    Audit,
    Security,
    E2e,
    Performance,
    /// Starts another pipeline (the next level of integration).
    Downstream,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
    /// What was seen there, for the finding's message.
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiStep {
    pub line: usize,
    /// The job the step belongs to, when the system has jobs.
    pub job: Option<String>,
    /// The command or action, trimmed to one line.
    pub text: String,
    pub kinds: Vec<StepKind>,
}

/// One CI configuration file and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiConfig {
    pub path: String,
    pub system: CiSystem,
    pub triggers: Vec<Located<Trigger>>,
    pub steps: Vec<CiStep>,
    /// Jobs that deploy, with the environment they name when they name one.
    pub deploys: Vec<Located<String>>,
    /// Manual approval gates (manual jobs, approval steps, `input`).
    pub approvals: Vec<Located<String>>,
}

impl CiConfig {
    pub fn new(path: &str, system: CiSystem) -> Self {
        Self {
            path: path.to_string(),
            system,
            triggers: Vec::new(),
            steps: Vec::new(),
            deploys: Vec::new(),
            approvals: Vec::new(),
        }
    }

    pub fn steps_of(&self, kind: StepKind) -> impl Iterator<Item = &CiStep> {
        self.steps.iter().filter(move |step| step.kinds.contains(&kind))
    }
}

/// A dependency named by a manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    /// As written, lower-cased (`@playwright/test`, `org.seleniumhq.selenium:selenium-java`).
    pub name: String,
    pub line: usize,
}

/// A package manifest and the names it depends on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    pub path: String,
    pub ecosystem: Ecosystem,
    pub dependencies: Vec<Dependency>,
    /// Scripts a developer runs by name (package.json `scripts`), as (name, command, line).
    pub scripts: Vec<(String, String, usize)>,
}

/// Facts found inside files other than CI configs and manifests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MarkerKind {
    /// Liveness/readiness probes, Dockerfile HEALTHCHECK, compose healthcheck.
    HealthCheck,
    /// Prometheus alerting rules, ServiceMonitors, alertmanager routes.
    AlertRule,
    /// Argo Rollouts, Flagger canaries, deployment slots, canary/blue-green strategies.
    ProgressiveDelivery,
    /// A coverage threshold; the detail holds the percentage.
    CoverageThreshold,
    /// A static-analysis section inside a shared config file (`[tool.ruff]`, `[lints]`).
    LinterSection,
    /// A formatter section inside a shared config file (`[tool.black]`).
    FormatterSection,
    /// A release tool configured inside a shared file (`[tool.semantic_release]`).
    ReleaseSection,
    /// A GitOps controller object (Argo CD Application, Flux Kustomization).
    GitOps,
    /// A security scanner configured inside a shared file (`[tool.bandit]`).
    SecuritySection,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Marker {
    pub kind: MarkerKind,
    pub path: String,
    pub line: usize,
    pub detail: String,
}

/// A file the scanner needed and could not parse.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ParseProblem {
    pub path: String,
    pub line: Option<usize>,
    /// What kind of file it was read as ("YAML", "TOML", "JSON").
    pub format: String,
    pub message: String,
}

/// Counts of files not read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// Files with a NUL byte in their first 8 KiB.
    pub binary: usize,
    /// Files over the size limit.
    pub too_large: usize,
    /// Files or directories that could not be read (permissions, vanished, …).
    pub unreadable: usize,
    /// Symbolic links, never followed.
    pub symlink: usize,
}

/// Everything collected from one tree.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawEvidence {
    pub files_seen: usize,
    pub files_read: usize,
    pub skipped: Skipped,
    pub paths: BTreeMap<PathKind, Vec<PathFact>>,
    pub code: BTreeMap<Ecosystem, CodeStats>,
    pub ci: Vec<CiConfig>,
    pub manifests: Vec<Manifest>,
    pub markers: Vec<Marker>,
    pub problems: Vec<ParseProblem>,
    pub warnings: Vec<String>,
}

impl RawEvidence {
    pub fn of(&self, kind: PathKind) -> &[PathFact] {
        self.paths.get(&kind).map_or(&[], Vec::as_slice)
    }

    pub fn markers_of(&self, kind: MarkerKind) -> impl Iterator<Item = &Marker> {
        self.markers.iter().filter(move |marker| marker.kind == kind)
    }

    /// Every CI step of a kind, with the config it is in.
    pub fn ci_steps(&self, kind: StepKind) -> impl Iterator<Item = (&CiConfig, &CiStep)> {
        self.ci
            .iter()
            .flat_map(move |ci| ci.steps_of(kind).map(move |step| (ci, step)))
    }

    /// Dependencies whose name matches one of `patterns`: an exact name, or a prefix when
    /// the pattern ends with `*` (`@opentelemetry/*`). Returns (manifest, dependency).
    pub fn dependencies_matching<'a>(
        &'a self,
        patterns: &'a [&'a str],
    ) -> impl Iterator<Item = (&'a Manifest, &'a Dependency)> + 'a {
        self.manifests.iter().flat_map(move |manifest| {
            manifest
                .dependencies
                .iter()
                .filter(|dep| patterns.iter().any(|pattern| name_matches(&dep.name, pattern)))
                .map(move |dep| (manifest, dep))
        })
    }

    /// Sorts every list so output does not depend on the order threads finished in.
    pub fn normalize(&mut self) {
        for facts in self.paths.values_mut() {
            facts.sort();
            facts.dedup();
        }
        for stats in self.code.values_mut() {
            for examples in stats.examples.values_mut() {
                examples.sort();
                examples.truncate(EXAMPLES);
            }
        }
        self.ci.sort_by(|a, b| a.path.cmp(&b.path));
        self.manifests.sort_by(|a, b| a.path.cmp(&b.path));
        self.markers.sort();
        self.problems.sort();
        self.warnings.sort();
    }
}

/// How many example test paths each ecosystem keeps per kind.
pub const EXAMPLES: usize = 3;

/// `pattern` is an exact dependency name, or a prefix ending in `*`.
pub fn name_matches(name: &str, pattern: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => name == pattern,
    }
}
