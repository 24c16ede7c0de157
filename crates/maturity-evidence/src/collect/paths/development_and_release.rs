//! Development environments, toolchain pins, release tooling and feature flags kept as files.

use super::classified::{Classified, SplitPath};
use crate::raw::PathKind;

pub(super) fn development_and_release(path: &SplitPath, out: &mut Classified) {
    let SplitPath { dirs, name, .. } = *path;
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
