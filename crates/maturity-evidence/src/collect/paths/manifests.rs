//! Package manifests (read for their dependencies) and lockfiles (known by name only).

use super::classified::{Classified, Reader, SplitPath};
use crate::raw::{Ecosystem, PathKind};

pub(super) fn manifests(path: &SplitPath, out: &mut Classified) {
    let SplitPath { name, ext, .. } = *path;
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
