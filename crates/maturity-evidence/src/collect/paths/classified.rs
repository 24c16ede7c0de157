//! What a path says about its file, and the parts of a path the classifiers look at.

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
    pub(super) fn kind(&mut self, kind: PathKind, label: &'static str) {
        self.kinds.push((kind, label));
    }

    pub(super) fn read(&mut self, reader: Reader) {
        if self.read.is_none() {
            self.read = Some(reader);
        }
    }
}

/// The parts of a path the classifiers look at, lower-cased once so every classifier matches
/// names case-insensitively without allocating.
#[derive(Debug, Clone, Copy)]
pub(super) struct SplitPath<'p> {
    /// The whole path, lower case.
    pub lower: &'p str,
    /// The directories, lower case and `/`-separated; empty at the top of the tree.
    pub dirs: &'p str,
    /// The file name, lower case.
    pub name: &'p str,
    /// The file name as written, for conventions that depend on case (`AppIT.java`).
    pub original_name: &'p str,
    /// The extension after the last dot, lower case; empty when there is none.
    pub ext: &'p str,
    /// Whether the file is at the top of the tree.
    pub top: bool,
}

impl<'p> SplitPath<'p> {
    /// Splits `path`; `lower` is `path` in lower case, owned by the caller.
    pub(super) fn new(path: &'p str, lower: &'p str) -> Self {
        let (dirs, name) = match lower.rfind('/') {
            Some(cut) => (&lower[..cut], &lower[cut + 1..]),
            None => ("", lower),
        };
        Self {
            lower,
            dirs,
            name,
            original_name: path.rsplit('/').next().unwrap_or(path),
            ext: name.rsplit_once('.').map_or("", |(_, ext)| ext),
            top: !lower.contains('/'),
        }
    }

    /// Whether one of the directories is called `dir`.
    pub(super) fn in_dir(&self, dir: &str) -> bool {
        self.dirs.split('/').any(|segment| segment == dir)
    }
}
