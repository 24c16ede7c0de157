//! `static-analysis-configured`: is a linter or static analyser configured?

use crate::check::Check;
use crate::checks::support::{conclude, from_deps, from_markers, from_paths, from_steps, has_code};
use crate::finding::Finding;
use crate::raw::{MarkerKind, PathKind, RawEvidence, StepKind};

pub const CHECK: Check = Check {
    id: "static-analysis-configured",
    question: "Is static analysis configured (Clippy, ESLint, Ruff/Flake8/Pylint, golangci-lint, Checkstyle, SpotBugs, SonarQube, CodeQL, pre-commit, .NET analyzers)?",
    informs_no_level: None,
    remediation: "Configure a linter for each language in the repository and commit its settings (clippy.toml or [lints], eslint.config.js, [tool.ruff], .golangci.yml, checkstyle.xml, .NET analyzers), then run it in CI.",
    run,
};

pub(crate) const LINTERS: &[&str] = &[
    "eslint",
    "@typescript-eslint/*",
    "eslint-config-*",
    "@biomejs/biome",
    "oxlint",
    "ruff",
    "flake8",
    "pylint",
    "mypy",
    "pyright",
    "maven-checkstyle-plugin",
    "spotbugs-maven-plugin",
    "maven-pmd-plugin",
    "sonar-maven-plugin",
    "checkstyle",
    "pmd",
    "com.github.spotbugs",
    "org.sonarqube",
    "io.gitlab.arturbosch.detekt",
    "detekt",
    "stylecop.analyzers",
    "microsoft.codeanalysis.netanalyzers",
    "sonaranalyzer.csharp",
    "roslynator.analyzers",
    "rubocop",
    "errorprone",
    "error_prone_core",
    "github.com/golangci/golangci-lint",
    "honnef.co/go/tools",
];

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let mut passes = from_paths(
        CHECK.id,
        raw.of(PathKind::LinterConfig),
        "static analysis configured",
    );
    passes.extend(from_markers(CHECK.id, raw, MarkerKind::LinterSection));
    passes.extend(from_deps(CHECK.id, raw, LINTERS, "static analysis"));
    passes.extend(from_steps(CHECK.id, raw, StepKind::Lint, "static analysis in CI"));
    conclude(
        CHECK.id,
        passes,
        has_code(raw),
        "no linter or static-analysis configuration found",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        assert_eq!(
            run(&CHECK, &[(".golangci.yml", ""), ("a.go", "")]),
            [(Pass, ".golangci.yml:1".to_string())]
        );
        let pyproject = "[project]\nname = \"x\"\n\n[tool.ruff]\nline-length = 100\n";
        assert_eq!(
            run(&CHECK, &[("pyproject.toml", pyproject)]),
            [(Pass, "pyproject.toml:4".to_string())]
        );
        assert_eq!(run(&CHECK, &[("a.go", "")]), [(Fail, "-".to_string())]);
    }
}
