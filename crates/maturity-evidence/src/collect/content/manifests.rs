//! Package manifests of every ecosystem the scanner knows: the dependencies they name (with
//! the line each is written on, so a finding can point at it), their scripts, and the tool
//! sections some of them hold (linters, formatters, release tools, coverage floors).

use super::facts::{FileFacts, json_message, toml_problem};
use super::tool_configs::{coverage_numbers, js_coverage};
use crate::raw::{Dependency, Ecosystem, Manifest, MarkerKind, PathKind};
use crate::text::{line_at, line_of, number_after, numbered_lines};

/// The line a dependency name is written on: the first line that mentions it quoted or as
/// a key, else the first mention at all.
fn dep_line(text: &str, name: &str) -> usize {
    line_of(text, &format!("\"{name}\""))
        .or_else(|| line_of(text, &format!("{name} =")))
        .or_else(|| line_of(text, &format!("{name}=")))
        .or_else(|| line_of(text, name))
        .unwrap_or(1)
}

fn manifest(
    path: &str,
    ecosystem: Ecosystem,
    text: &str,
    names: impl IntoIterator<Item = String>,
) -> Manifest {
    let mut dependencies: Vec<Dependency> = names
        .into_iter()
        .map(|name| {
            let line = dep_line(text, &name);
            Dependency {
                name: name.to_ascii_lowercase(),
                line,
            }
        })
        .collect();
    dependencies.sort_by(|a, b| a.name.cmp(&b.name));
    dependencies.dedup_by(|a, b| a.name == b.name);
    Manifest {
        path: path.to_string(),
        ecosystem,
        dependencies,
        scripts: Vec::new(),
    }
}

pub(super) fn package_json(path: &str, text: &str, facts: &mut FileFacts) {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            facts.problem(path, "JSON", Some(error.line()), json_message(&error));
            return;
        }
    };
    let mut names = Vec::new();
    for section in [
        "dependencies",
        "devDependencies",
        "peerDependencies",
        "optionalDependencies",
    ] {
        if let Some(map) = value.get(section).and_then(|v| v.as_object()) {
            names.extend(map.keys().cloned());
        }
    }
    let mut m = manifest(path, Ecosystem::Node, text, names);
    if let Some(scripts) = value.get("scripts").and_then(|v| v.as_object()) {
        for (name, command) in scripts {
            if let Some(command) = command.as_str() {
                m.scripts
                    .push((name.clone(), command.to_string(), dep_line(text, name)));
            }
        }
    }
    facts.manifest = Some(m);
    let sections = [
        (
            "eslintConfig",
            MarkerKind::LinterSection,
            "ESLint config in package.json",
        ),
        (
            "prettier",
            MarkerKind::FormatterSection,
            "Prettier config in package.json",
        ),
        (
            "release",
            MarkerKind::ReleaseSection,
            "semantic-release config in package.json",
        ),
    ];
    for (key, kind, detail) in sections {
        if value.get(key).is_some() {
            facts.marker(kind, path, dep_line(text, key), detail);
        }
    }
    if value.get("renovate").is_some() {
        facts.kind(PathKind::DependencyBot, "Renovate", dep_line(text, "renovate"));
    }
    if let Some(jest) = value.get("jest")
        && jest.get("coverageThreshold").is_some()
    {
        js_coverage(path, text, facts);
    }
}

fn toml_keys(table: Option<&toml::Value>) -> Vec<String> {
    table
        .and_then(toml::Value::as_table)
        .map(|t| t.keys().cloned().collect())
        .unwrap_or_default()
}

pub(super) fn cargo_toml(path: &str, text: &str, facts: &mut FileFacts) {
    let table: toml::Table = match toml::from_str(text) {
        Ok(table) => table,
        Err(error) => return toml_problem(path, text, &error, facts),
    };
    let mut names = Vec::new();
    for section in ["dependencies", "dev-dependencies", "build-dependencies"] {
        names.extend(toml_keys(table.get(section)));
    }
    if let Some(workspace) = table.get("workspace") {
        names.extend(toml_keys(workspace.get("dependencies")));
        if workspace.get("lints").is_some() {
            facts.marker(
                MarkerKind::LinterSection,
                path,
                line_of(text, "[workspace.lints").unwrap_or(1),
                "Cargo [workspace.lints]",
            );
        }
        if workspace.get("metadata").and_then(|m| m.get("dist")).is_some() {
            facts.marker(
                MarkerKind::ReleaseSection,
                path,
                line_of(text, "dist").unwrap_or(1),
                "cargo-dist",
            );
        }
    }
    if let Some(targets) = table.get("target").and_then(toml::Value::as_table) {
        for target in targets.values() {
            for section in ["dependencies", "dev-dependencies"] {
                names.extend(toml_keys(target.get(section)));
            }
        }
    }
    if table.get("lints").is_some() {
        facts.marker(
            MarkerKind::LinterSection,
            path,
            line_of(text, "[lints").unwrap_or(1),
            "Cargo [lints]",
        );
    }
    if table
        .get("package")
        .and_then(|p| p.get("metadata"))
        .and_then(|m| m.get("release"))
        .is_some()
    {
        facts.marker(
            MarkerKind::ReleaseSection,
            path,
            line_of(text, "metadata.release").unwrap_or(1),
            "cargo-release",
        );
    }
    facts.manifest = Some(manifest(path, Ecosystem::Rust, text, names));
}

/// The package name at the start of a PEP 508 requirement (`requests[socks]>=2; …`).
fn requirement_name(spec: &str) -> Option<String> {
    let name: String = spec
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    (!name.is_empty()).then_some(name)
}

fn python_tool_sections(path: &str, text: &str, tool: Option<&toml::Value>, facts: &mut FileFacts) {
    let Some(tool) = tool.and_then(toml::Value::as_table) else {
        return;
    };
    let line = |key: &str| line_of(text, &format!("[tool.{key}")).unwrap_or(1);
    for key in ["ruff", "pylint", "flake8", "mypy", "pyright", "pylama"] {
        if tool.contains_key(key) {
            facts.marker(
                MarkerKind::LinterSection,
                path,
                line(key),
                format!("[tool.{key}]"),
            );
        }
    }
    for key in ["black", "isort", "yapf", "autopep8"] {
        if tool.contains_key(key) {
            facts.marker(
                MarkerKind::FormatterSection,
                path,
                line(key),
                format!("[tool.{key}]"),
            );
        }
    }
    if tool.get("ruff").and_then(|r| r.get("format")).is_some() {
        facts.marker(
            MarkerKind::FormatterSection,
            path,
            line("ruff.format"),
            "[tool.ruff.format]",
        );
    }
    for key in ["semantic_release", "commitizen", "bumpversion"] {
        if tool.contains_key(key) {
            facts.marker(
                MarkerKind::ReleaseSection,
                path,
                line(key),
                format!("[tool.{key}]"),
            );
        }
    }
    if tool.contains_key("bandit") {
        facts.marker(MarkerKind::SecuritySection, path, line("bandit"), "[tool.bandit]");
    }
    if tool.contains_key("coverage") {
        facts.kind(PathKind::CoverageConfig, "coverage.py", line("coverage"));
    }
    coverage_numbers(path, text, facts);
}

pub(super) fn pyproject(path: &str, text: &str, facts: &mut FileFacts) {
    let table: toml::Table = match toml::from_str(text) {
        Ok(table) => table,
        Err(error) => return toml_problem(path, text, &error, facts),
    };
    let mut names = Vec::new();
    let strings = |value: Option<&toml::Value>| -> Vec<String> {
        value
            .and_then(toml::Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|i| i.as_str())
                    .filter_map(requirement_name)
                    .collect()
            })
            .unwrap_or_default()
    };
    if let Some(project) = table.get("project") {
        names.extend(strings(project.get("dependencies")));
        if let Some(optional) = project
            .get("optional-dependencies")
            .and_then(toml::Value::as_table)
        {
            for group in optional.values() {
                names.extend(strings(Some(group)));
            }
        }
    }
    if let Some(groups) = table.get("dependency-groups").and_then(toml::Value::as_table) {
        for group in groups.values() {
            names.extend(strings(Some(group)));
        }
    }
    let tool = table.get("tool");
    if let Some(poetry) = tool.and_then(|t| t.get("poetry")) {
        names.extend(toml_keys(poetry.get("dependencies")));
        names.extend(toml_keys(poetry.get("dev-dependencies")));
        if let Some(groups) = poetry.get("group").and_then(toml::Value::as_table) {
            for group in groups.values() {
                names.extend(toml_keys(group.get("dependencies")));
            }
        }
    }
    names.retain(|n| n != "python");
    facts.manifest = Some(manifest(path, Ecosystem::Python, text, names));
    python_tool_sections(path, text, tool, facts);
}

pub(super) fn pipfile(path: &str, text: &str, facts: &mut FileFacts) {
    let table: toml::Table = match toml::from_str(text) {
        Ok(table) => table,
        Err(error) => return toml_problem(path, text, &error, facts),
    };
    let mut names = toml_keys(table.get("packages"));
    names.extend(toml_keys(table.get("dev-packages")));
    facts.manifest = Some(manifest(path, Ecosystem::Python, text, names));
}

pub(super) fn requirements(path: &str, text: &str, facts: &mut FileFacts) {
    let mut names = Vec::new();
    let mut pinned = 0;
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('-') {
            continue;
        }
        if let Some(name) = requirement_name(line) {
            if line.contains("==") {
                pinned += 1;
            }
            names.push(name);
        }
    }
    if !names.is_empty() && pinned == names.len() {
        facts.kind(PathKind::Lockfile(Ecosystem::Python), "pinned requirements", 1);
    }
    facts.manifest = Some(manifest(path, Ecosystem::Python, text, names));
}

/// Every `<tag>value</tag>` in an XML-ish text, with lines. Not an XML parser: manifests
/// are only mined for names, and a malformed one simply yields fewer names.
fn xml_values<'t>(text: &'t str, tag: &str) -> Vec<(&'t str, usize)> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut start = 0;
    while let Some(found) = text[start..].find(&open) {
        let value_start = start + found + open.len();
        let Some(end) = text[value_start..].find(&close) else {
            break;
        };
        out.push((
            text[value_start..value_start + end].trim(),
            line_at(text, value_start),
        ));
        start = value_start + end;
    }
    out
}

/// Values of an attribute (`Include="…"`), with lines.
fn xml_attributes<'t>(text: &'t str, attribute: &str) -> Vec<(&'t str, usize)> {
    let needle = format!("{attribute}=\"");
    let mut out = Vec::new();
    let mut start = 0;
    while let Some(found) = text[start..].find(&needle) {
        let value_start = start + found + needle.len();
        let Some(end) = text[value_start..].find('"') else {
            break;
        };
        out.push((&text[value_start..value_start + end], line_at(text, value_start)));
        start = value_start + end;
    }
    out
}

pub(super) fn pom(path: &str, text: &str, facts: &mut FileFacts) {
    let names = xml_values(text, "artifactId")
        .into_iter()
        .map(|(name, _)| name.to_string());
    facts.manifest = Some(manifest(path, Ecosystem::Java, text, names));
    if line_of(text, "jacoco").is_some() {
        facts.kind(
            PathKind::CoverageConfig,
            "JaCoCo",
            line_of(text, "jacoco").unwrap_or(1),
        );
        if let Some((value, line)) = number_after(text, "<minimum") {
            let percent = if value <= 1.0 { value * 100.0 } else { value };
            facts.marker(MarkerKind::CoverageThreshold, path, line, format!("{percent}"));
        }
    }
}

pub(super) fn gradle(path: &str, text: &str, facts: &mut FileFacts) {
    let mut names = Vec::new();
    for (index, quoted) in text.split(['"', '\'']).enumerate() {
        // Odd pieces are inside quotes: `group:artifact:version` coordinates and plugin ids.
        if index % 2 == 1 {
            let parts: Vec<&str> = quoted.split(':').collect();
            if parts.len() >= 2 && !quoted.contains(' ') && !quoted.contains('/') {
                names.push(parts[1].to_string());
            } else if quoted.contains('.')
                && !quoted.contains(' ')
                && !quoted.contains('/')
                && !quoted.contains('$')
            {
                names.push(quoted.to_string());
            }
        }
    }
    for (_, line) in numbered_lines(text) {
        let trimmed = line.trim();
        for prefix in ["id ", "id(", "apply plugin:"] {
            if let Some(rest) = trimmed.strip_prefix(prefix) {
                let id = rest.trim_matches(|c: char| {
                    c == '(' || c == ')' || c == '\'' || c == '"' || c.is_whitespace()
                });
                if !id.is_empty() {
                    names.push(id.to_string());
                }
            }
        }
    }
    facts.manifest = Some(manifest(path, Ecosystem::Java, text, names));
    if let Some(line) = line_of(text, "jacoco") {
        facts.kind(PathKind::CoverageConfig, "JaCoCo", line);
        if let Some((value, line)) = number_after(text, "minimum") {
            let percent = if value <= 1.0 { value * 100.0 } else { value };
            facts.marker(MarkerKind::CoverageThreshold, path, line, format!("{percent}"));
        }
    }
}

pub(super) fn go_mod(path: &str, text: &str, facts: &mut FileFacts) {
    let mut names = Vec::new();
    let mut in_block = false;
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or("").trim();
        if line.starts_with("require (") {
            in_block = true;
        } else if in_block && line.starts_with(')') {
            in_block = false;
        } else if in_block || line.starts_with("require ") {
            let spec = line.trim_start_matches("require ").trim();
            if let Some(name) = spec.split_whitespace().next() {
                names.push(name.to_string());
            }
        }
    }
    facts.manifest = Some(manifest(path, Ecosystem::Go, text, names));
}

pub(super) fn msbuild(path: &str, text: &str, facts: &mut FileFacts) {
    let mut names: Vec<String> = xml_attributes(text, "Include")
        .into_iter()
        .chain(xml_attributes(text, "Update"))
        .filter(|(value, _)| {
            !value.contains('\\') && !value.contains('/') && !value.contains('*') && !value.ends_with(".cs")
        })
        .map(|(value, _)| value.to_string())
        .collect();
    names.extend(
        xml_attributes(text, "id")
            .into_iter()
            .map(|(value, _)| value.to_string()),
    );
    if !names.is_empty() {
        facts.manifest = Some(manifest(path, Ecosystem::Dotnet, text, names));
    }
    for tag in [
        "AnalysisLevel",
        "EnableNETAnalyzers",
        "EnforceCodeStyleInBuild",
        "TreatWarningsAsErrors",
        "CodeAnalysisRuleSet",
    ] {
        if let Some((value, line)) = xml_values(text, tag).first()
            && !value.eq_ignore_ascii_case("false")
        {
            facts.marker(MarkerKind::LinterSection, path, *line, format!("MSBuild <{tag}>"));
        }
    }
    if let Some((value, line)) = number_after(text, "<Threshold") {
        facts.marker(MarkerKind::CoverageThreshold, path, line, format!("{value}"));
    }
}

pub(super) fn gemfile(path: &str, text: &str, facts: &mut FileFacts) {
    let names = text.lines().filter_map(|line| {
        let rest = line.trim().strip_prefix("gem ")?;
        let name = rest.trim().trim_start_matches(['\'', '"']);
        let name: String = name.chars().take_while(|c| *c != '\'' && *c != '"').collect();
        (!name.is_empty()).then_some(name)
    });
    facts.manifest = Some(manifest(path, Ecosystem::Ruby, text, names));
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::collect::content::facts::read_with as read;

    fn deps(facts: &FileFacts) -> Vec<&str> {
        facts
            .manifest
            .as_ref()
            .expect("manifest")
            .dependencies
            .iter()
            .map(|d| d.name.as_str())
            .collect()
    }

    #[test]
    fn manifests_by_ecosystem() {
        let facts = read(
            package_json,
            "package.json",
            "{\n  \"scripts\": {\"test\": \"jest\"},\n  \"devDependencies\": {\n    \"@playwright/test\": \"1\",\n    \"jest\": \"29\"\n  }\n}\n",
        );
        assert_eq!(deps(&facts), ["@playwright/test", "jest"]);
        assert_eq!(facts.manifest.as_ref().map(|m| m.dependencies[0].line), Some(4));

        let facts = read(
            cargo_toml,
            "Cargo.toml",
            "[package]\nname = \"x\"\n[dependencies]\nserde = \"1\"\n[dev-dependencies]\nproptest = \"1\"\n[lints]\nworkspace = true\n",
        );
        assert_eq!(deps(&facts), ["proptest", "serde"]);
        assert!(facts.markers.iter().any(|m| m.kind == MarkerKind::LinterSection));

        let facts = read(
            pyproject,
            "pyproject.toml",
            "[project]\ndependencies = [\"requests>=2\", \"opentelemetry-api\"]\n[tool.ruff]\nline-length = 100\n[tool.coverage.report]\nfail_under = 90\n",
        );
        assert_eq!(deps(&facts), ["opentelemetry-api", "requests"]);
        assert!(
            facts
                .markers
                .iter()
                .any(|m| m.kind == MarkerKind::CoverageThreshold && m.detail == "90" && m.line == 6)
        );

        let facts = read(
            pom,
            "pom.xml",
            "<project>\n<dependencies><dependency><groupId>org.seleniumhq.selenium</groupId>\n<artifactId>selenium-java</artifactId></dependency></dependencies>\n<plugin><artifactId>jacoco-maven-plugin</artifactId><minimum>0.85</minimum></plugin></project>\n",
        );
        assert!(deps(&facts).contains(&"selenium-java"));
        assert!(
            facts
                .markers
                .iter()
                .any(|m| m.kind == MarkerKind::CoverageThreshold && m.detail == "85")
        );

        let facts = read(
            go_mod,
            "go.mod",
            "module x\n\nrequire (\n\tgo.opentelemetry.io/otel v1.0.0\n\tgithub.com/stretchr/testify v1.8.0 // indirect\n)\n",
        );
        assert_eq!(
            deps(&facts),
            ["github.com/stretchr/testify", "go.opentelemetry.io/otel"]
        );

        let facts = read(
            msbuild,
            "App.Tests.csproj",
            "<Project>\n  <ItemGroup>\n    <PackageReference Include=\"xunit\" Version=\"2\" />\n    <PackageReference Include=\"Moq\" Version=\"4\" />\n  </ItemGroup>\n</Project>\n",
        );
        assert_eq!(deps(&facts), ["moq", "xunit"]);

        let facts = read(
            requirements,
            "requirements.txt",
            "flask==3.0.0\nlocust==2.0 # load\n",
        );
        assert_eq!(deps(&facts), ["flask", "locust"]);
        assert!(
            facts
                .kinds
                .iter()
                .any(|(k, _, _)| *k == PathKind::Lockfile(Ecosystem::Python))
        );
    }
}
