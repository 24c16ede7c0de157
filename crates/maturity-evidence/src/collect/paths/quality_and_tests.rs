//! Configuration of the tools that guard quality (update bots, linters, formatters, review
//! templates) and of test tooling (end-to-end, performance, security, coverage).

use super::classified::{Classified, Reader, SplitPath};
use crate::raw::PathKind;

pub(super) fn quality(path: &SplitPath, out: &mut Classified) {
    let SplitPath {
        dirs, name, ext, top, ..
    } = *path;
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
}

pub(super) fn tests_and_tools(path: &SplitPath, out: &mut Classified) {
    let SplitPath { lower, name, ext, .. } = *path;
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
    } else if name == "locustfile.py" || (ext == "py" && path.in_dir("locust")) {
        Some("Locust")
    } else if name.ends_with(".k6.js")
        || name.ends_with(".k6.ts")
        || (matches!(ext, "js" | "ts") && path.in_dir("k6"))
    {
        Some("k6")
    } else if (ext == "scala" || ext == "java" || ext == "kt")
        && (path.in_dir("gatling") || lower.contains("simulations/"))
    {
        Some("Gatling")
    } else if name.starts_with("artillery") && matches!(ext, "yml" | "yaml" | "json") {
        Some("Artillery")
    } else if ext == "rs" && path.in_dir("benches") {
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
        _ if path.in_dir(".zap") || name.starts_with("zap-") || name.starts_with("zap_") => Some("OWASP ZAP"),
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
