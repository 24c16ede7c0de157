//! Reading the contents of the few files checks care about: manifests, tool configs,
//! Kubernetes and cloud templates. Each reader turns text into facts (dependencies, markers,
//! kinds) and a broken file into a [`ParseProblem`] with the line the parser names; nothing
//! here can abort a scan.

use crate::collect::ci::{read_jenkinsfile, read_yaml_ci};
use crate::collect::paths::Reader;
use crate::raw::{
    CiConfig, CiSystem, Dependency, Ecosystem, Manifest, Marker, MarkerKind, ParseProblem, PathKind,
};
use crate::text::{line_at, line_of, number_after, numbered_lines};
use crate::yaml;

/// What one file contributed.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FileFacts {
    pub ci: Option<CiConfig>,
    pub manifest: Option<Manifest>,
    pub markers: Vec<Marker>,
    /// Kinds only the contents reveal (a Kubernetes object, a CloudFormation template).
    pub kinds: Vec<(PathKind, String, usize)>,
    pub problems: Vec<ParseProblem>,
    /// Line of the first test in a source file that holds tests.
    pub inline_test: Option<usize>,
}

impl FileFacts {
    fn marker(&mut self, kind: MarkerKind, path: &str, line: usize, detail: impl Into<String>) {
        self.markers.push(Marker {
            kind,
            path: path.to_string(),
            line: line.max(1),
            detail: detail.into(),
        });
    }

    fn problem(&mut self, path: &str, format: &str, line: Option<usize>, message: impl Into<String>) {
        self.problems.push(ParseProblem {
            path: path.to_string(),
            line,
            format: format.to_string(),
            message: message.into(),
        });
    }

    fn kind(&mut self, kind: PathKind, label: impl Into<String>, line: usize) {
        self.kinds.push((kind, label.into(), line.max(1)));
    }
}

/// Reads one file's text with the reader its path chose.
pub fn read(reader: Reader, path: &str, text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    match reader {
        Reader::Ci(system) => match yaml::parse(text) {
            Ok(docs) => facts.ci = Some(read_yaml_ci(path, system, &docs)),
            Err(error) => {
                facts.problem(path, "YAML", error.line, error.message);
                // The file still shows that CI exists, even if its contents are unknown.
                facts.ci = Some(CiConfig::new(path, system));
            }
        },
        Reader::Jenkinsfile => facts.ci = Some(read_jenkinsfile(path, text)),
        Reader::PackageJson => package_json(path, text, &mut facts),
        Reader::CargoToml => cargo_toml(path, text, &mut facts),
        Reader::Pyproject => pyproject(path, text, &mut facts),
        Reader::Pipfile => pipfile(path, text, &mut facts),
        Reader::Requirements => requirements(path, text, &mut facts),
        Reader::Ini => ini(path, text, &mut facts),
        Reader::PomXml => pom(path, text, &mut facts),
        Reader::Gradle => gradle(path, text, &mut facts),
        Reader::GoMod => go_mod(path, text, &mut facts),
        Reader::MsBuild => msbuild(path, text, &mut facts),
        Reader::Gemfile => gemfile(path, text, &mut facts),
        Reader::Dependabot => {
            if let Err(error) = yaml::parse(text) {
                facts.problem(path, "YAML", error.line, error.message);
            }
        }
        Reader::RenovateJson => {
            if path.ends_with(".json")
                && let Err(error) = serde_json::from_str::<serde_json::Value>(text)
            {
                facts.problem(path, "JSON", Some(error.line()), json_message(&error));
            }
        }
        Reader::Codecov => codecov(path, text, &mut facts),
        Reader::Yaml => generic_yaml(path, text, &mut facts),
        Reader::Dockerfile => {
            for (line, content) in numbered_lines(text) {
                let upper = content.trim_start().to_ascii_uppercase();
                if upper.starts_with("HEALTHCHECK") && !upper.contains("NONE") {
                    facts.marker(MarkerKind::HealthCheck, path, line, "Dockerfile HEALTHCHECK");
                }
            }
        }
        Reader::Hcl | Reader::TemplateJson => templates(path, text, &mut facts),
        Reader::JsTestConfig => js_coverage(path, text, &mut facts),
        Reader::RustSource => {
            facts.inline_test = line_of(text, "#[cfg(test)]").or_else(|| line_of(text, "#[test]"));
        }
    }
    facts
}

fn json_message(error: &serde_json::Error) -> String {
    let rendered = error.to_string();
    match rendered.find(" at line ") {
        Some(cut) => rendered[..cut].to_string(),
        None => rendered,
    }
}

fn toml_problem(path: &str, text: &str, error: &toml::de::Error, facts: &mut FileFacts) {
    let line = error.span().map(|span| line_at(text, span.start));
    facts.problem(path, "TOML", line, error.message().trim().to_string());
}

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

fn package_json(path: &str, text: &str, facts: &mut FileFacts) {
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

fn cargo_toml(path: &str, text: &str, facts: &mut FileFacts) {
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

/// Coverage thresholds written as `fail_under`, `fail-under` or `--cov-fail-under`.
fn coverage_numbers(path: &str, text: &str, facts: &mut FileFacts) {
    for key in ["--cov-fail-under", "fail_under", "fail-under", "--fail-under"] {
        if let Some((value, line)) = number_after(text, key) {
            facts.marker(MarkerKind::CoverageThreshold, path, line, format!("{value}"));
            return;
        }
    }
}

fn pyproject(path: &str, text: &str, facts: &mut FileFacts) {
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

fn pipfile(path: &str, text: &str, facts: &mut FileFacts) {
    let table: toml::Table = match toml::from_str(text) {
        Ok(table) => table,
        Err(error) => return toml_problem(path, text, &error, facts),
    };
    let mut names = toml_keys(table.get("packages"));
    names.extend(toml_keys(table.get("dev-packages")));
    facts.manifest = Some(manifest(path, Ecosystem::Python, text, names));
}

fn requirements(path: &str, text: &str, facts: &mut FileFacts) {
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

fn ini(path: &str, text: &str, facts: &mut FileFacts) {
    let sections = [
        ("[flake8]", MarkerKind::LinterSection),
        ("[pylint", MarkerKind::LinterSection),
        ("[mypy", MarkerKind::LinterSection),
        ("[pycodestyle]", MarkerKind::LinterSection),
        ("[isort]", MarkerKind::FormatterSection),
        ("[yapf]", MarkerKind::FormatterSection),
        ("[bandit]", MarkerKind::SecuritySection),
    ];
    for (section, kind) in sections {
        if let Some(line) = line_of(text, section) {
            facts.marker(kind, path, line, section.trim_matches(['[', ']']).to_string());
        }
    }
    if line_of(text, "[coverage").is_some() || line_of(text, "[report]").is_some() {
        facts.kind(
            PathKind::CoverageConfig,
            "coverage.py",
            line_of(text, "[coverage").unwrap_or(1),
        );
    }
    coverage_numbers(path, text, facts);
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

fn pom(path: &str, text: &str, facts: &mut FileFacts) {
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

fn gradle(path: &str, text: &str, facts: &mut FileFacts) {
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

fn go_mod(path: &str, text: &str, facts: &mut FileFacts) {
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

fn msbuild(path: &str, text: &str, facts: &mut FileFacts) {
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

fn gemfile(path: &str, text: &str, facts: &mut FileFacts) {
    let names = text.lines().filter_map(|line| {
        let rest = line.trim().strip_prefix("gem ")?;
        let name = rest.trim().trim_start_matches(['\'', '"']);
        let name: String = name.chars().take_while(|c| *c != '\'' && *c != '"').collect();
        (!name.is_empty()).then_some(name)
    });
    facts.manifest = Some(manifest(path, Ecosystem::Ruby, text, names));
}

fn codecov(path: &str, text: &str, facts: &mut FileFacts) {
    let docs = match yaml::parse(text) {
        Ok(docs) => docs,
        Err(error) => return facts.problem(path, "YAML", error.line, error.message),
    };
    for doc in &docs {
        doc.walk(&mut Vec::new(), &mut |path_keys, node| {
            if path_keys.last() == Some(&"target")
                && path_keys.contains(&"status")
                && let Some(value) = node
                    .as_str()
                    .and_then(|v| v.trim_end_matches('%').parse::<f64>().ok())
            {
                facts.markers.push(Marker {
                    kind: MarkerKind::CoverageThreshold,
                    path: path.to_string(),
                    line: node.line.max(1),
                    detail: format!("{value}"),
                });
            }
        });
    }
}

fn js_coverage(path: &str, text: &str, facts: &mut FileFacts) {
    for anchor in [
        "coverageThreshold",
        "thresholds",
        "check-coverage",
        "checkCoverage",
    ] {
        if let Some(offset) = text.find(anchor) {
            let rest = &text[offset..];
            for key in ["lines", "statements", "branches", "functions"] {
                if let Some((value, line)) = number_after(rest, key) {
                    let line = line_at(text, offset) + line - 1;
                    facts.marker(MarkerKind::CoverageThreshold, path, line, format!("{value}"));
                    return;
                }
            }
        }
    }
}

const K8S_KINDS: [&str; 18] = [
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "Service",
    "Ingress",
    "CronJob",
    "Job",
    "Pod",
    "ConfigMap",
    "Secret",
    "Namespace",
    "HorizontalPodAutoscaler",
    "NetworkPolicy",
    "ServiceAccount",
    "PersistentVolumeClaim",
    "Role",
    "RoleBinding",
    "PodDisruptionBudget",
];

/// YAML that is not CI: Kubernetes objects, Prometheus rules, compose files, CloudFormation.
/// Read as lines, not parsed: Helm templates are not valid YAML until rendered, and a file
/// that is not ours to judge must not become a parse failure.
fn generic_yaml(path: &str, text: &str, facts: &mut FileFacts) {
    let has_api_version = text.contains("apiVersion:");
    let mut tekton = false;
    for (line, content) in numbered_lines(text) {
        let trimmed = content.trim_start();
        if let Some(kind) = trimmed.strip_prefix("kind:") {
            let kind = kind.trim().trim_matches(['"', '\'']);
            if has_api_version && K8S_KINDS.contains(&kind) {
                facts.kind(PathKind::Kubernetes, "Kubernetes manifest", line);
            }
            match kind {
                "Rollout" if text.contains("argoproj.io") => {
                    facts.marker(MarkerKind::ProgressiveDelivery, path, line, "Argo Rollouts")
                }
                "Canary" if text.contains("flagger.app") => {
                    facts.marker(MarkerKind::ProgressiveDelivery, path, line, "Flagger canary")
                }
                "PrometheusRule" => facts.marker(MarkerKind::AlertRule, path, line, "PrometheusRule"),
                "ServiceMonitor" | "PodMonitor" => facts.kind(PathKind::Monitoring, kind, line),
                "Application" | "ApplicationSet" if text.contains("argoproj.io") => {
                    facts.marker(MarkerKind::GitOps, path, line, "Argo CD Application")
                }
                "Kustomization" | "HelmRelease" if text.contains("fluxcd.io") => {
                    facts.marker(MarkerKind::GitOps, path, line, "Flux")
                }
                "Pipeline" | "Task" | "PipelineRun" | "EventListener" if text.contains("tekton.dev") => {
                    tekton = true
                }
                _ => {}
            }
        }
        let key = trimmed.trim_start_matches("- ");
        if key.starts_with("livenessProbe:")
            || key.starts_with("readinessProbe:")
            || key.starts_with("startupProbe:")
        {
            let probe = key.split(':').next().unwrap_or("probe");
            facts.marker(MarkerKind::HealthCheck, path, line, format!("Kubernetes {probe}"));
        } else if key.starts_with("healthcheck:") {
            facts.marker(MarkerKind::HealthCheck, path, line, "compose healthcheck");
        } else if key.starts_with("alert:") {
            facts.marker(MarkerKind::AlertRule, path, line, "Prometheus alerting rule");
        } else if key.starts_with("blueGreen:") {
            facts.marker(MarkerKind::ProgressiveDelivery, path, line, "blue-green strategy");
        } else if key.starts_with("AWSTemplateFormatVersion") {
            facts.kind(PathKind::Iac, "CloudFormation", line);
        } else if key.starts_with("Transform:") && key.contains("AWS::Serverless") {
            facts.kind(PathKind::Iac, "AWS SAM", line);
        } else if key.starts_with("hosts:") && text.contains("tasks:") {
            facts.kind(PathKind::Iac, "Ansible", line);
        }
    }
    if text.contains("BlueGreen") || text.contains("blue_green") {
        let line = line_of(text, "BlueGreen")
            .or_else(|| line_of(text, "blue_green"))
            .unwrap_or(1);
        facts.marker(
            MarkerKind::ProgressiveDelivery,
            path,
            line,
            "blue-green deployment",
        );
    }
    if tekton {
        facts.kind(PathKind::CiConfig, CiSystem::Tekton.name(), 1);
        match yaml::parse(text) {
            Ok(docs) => facts.ci = Some(read_yaml_ci(path, CiSystem::Tekton, &docs)),
            Err(error) => facts.problem(path, "YAML", error.line, error.message),
        }
    }
}

/// Terraform, Bicep, ARM and CloudFormation JSON: resource types reveal slots, blue-green
/// groups, alarms and load-balancer health checks.
fn templates(path: &str, text: &str, facts: &mut FileFacts) {
    let progressive = [
        ("_slot\"", "deployment slot"),
        ("Microsoft.Web/sites/slots", "deployment slot"),
        ("blue_green_deployment_config", "CodeDeploy blue-green"),
        ("BlueGreen", "blue-green deployment"),
    ];
    for (needle, detail) in progressive {
        if let Some(line) = line_of(text, needle) {
            facts.marker(MarkerKind::ProgressiveDelivery, path, line, detail);
        }
    }
    let alerts = [
        "aws_cloudwatch_metric_alarm",
        "azurerm_monitor_metric_alert",
        "google_monitoring_alert_policy",
        "datadog_monitor",
        "Microsoft.Insights/metricAlerts",
        "AWS::CloudWatch::Alarm",
    ];
    for needle in alerts {
        if let Some(line) = line_of(text, needle) {
            facts.marker(MarkerKind::AlertRule, path, line, needle);
        }
    }
    for needle in [
        "health_check",
        "health_probe",
        "healthCheckPath",
        "HealthCheckPath",
    ] {
        if let Some(line) = line_of(text, needle) {
            facts.marker(
                MarkerKind::HealthCheck,
                path,
                line,
                format!("`{needle}` in infrastructure code"),
            );
            break;
        }
    }
    if let Some(line) = line_of(text, "deploymentTemplate.json#") {
        facts.kind(PathKind::Iac, "ARM template", line);
    }
    if let Some(line) = line_of(text, "AWSTemplateFormatVersion") {
        facts.kind(PathKind::Iac, "CloudFormation", line);
    }
    if path.ends_with(".json")
        && (facts.kinds.iter().any(|(kind, _, _)| *kind == PathKind::Iac))
        && let Err(error) = serde_json::from_str::<serde_json::Value>(text)
    {
        facts.problem(path, "JSON", Some(error.line()), json_message(&error));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            Reader::PackageJson,
            "package.json",
            "{\n  \"scripts\": {\"test\": \"jest\"},\n  \"devDependencies\": {\n    \"@playwright/test\": \"1\",\n    \"jest\": \"29\"\n  }\n}\n",
        );
        assert_eq!(deps(&facts), ["@playwright/test", "jest"]);
        assert_eq!(facts.manifest.as_ref().map(|m| m.dependencies[0].line), Some(4));

        let facts = read(
            Reader::CargoToml,
            "Cargo.toml",
            "[package]\nname = \"x\"\n[dependencies]\nserde = \"1\"\n[dev-dependencies]\nproptest = \"1\"\n[lints]\nworkspace = true\n",
        );
        assert_eq!(deps(&facts), ["proptest", "serde"]);
        assert!(facts.markers.iter().any(|m| m.kind == MarkerKind::LinterSection));

        let facts = read(
            Reader::Pyproject,
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
            Reader::PomXml,
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
            Reader::GoMod,
            "go.mod",
            "module x\n\nrequire (\n\tgo.opentelemetry.io/otel v1.0.0\n\tgithub.com/stretchr/testify v1.8.0 // indirect\n)\n",
        );
        assert_eq!(
            deps(&facts),
            ["github.com/stretchr/testify", "go.opentelemetry.io/otel"]
        );

        let facts = read(
            Reader::MsBuild,
            "App.Tests.csproj",
            "<Project>\n  <ItemGroup>\n    <PackageReference Include=\"xunit\" Version=\"2\" />\n    <PackageReference Include=\"Moq\" Version=\"4\" />\n  </ItemGroup>\n</Project>\n",
        );
        assert_eq!(deps(&facts), ["moq", "xunit"]);

        let facts = read(
            Reader::Requirements,
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

    #[test]
    fn broken_files_become_problems_with_lines() {
        let cases = [
            (
                Reader::PackageJson,
                "package.json",
                "{\n  \"name\": \"x\",\n  oops\n}\n",
                "JSON",
                Some(3),
            ),
            (
                Reader::CargoToml,
                "Cargo.toml",
                "[package]\nname = \n",
                "TOML",
                Some(2),
            ),
            (
                Reader::Ci(CiSystem::GitLab),
                ".gitlab-ci.yml",
                "test:\n  script: [a\n  b: c\n",
                "YAML",
                Some(3),
            ),
        ];
        for (reader, path, text, format, line) in cases {
            let facts = read(reader, path, text);
            let problem = facts
                .problems
                .first()
                .unwrap_or_else(|| panic!("{path} should not parse"));
            assert_eq!(
                (problem.format.as_str(), problem.line),
                (format, line),
                "{path}: {}",
                problem.message
            );
        }
    }

    #[test]
    fn kubernetes_and_operations_markers() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          livenessProbe:\n            httpGet: {path: /healthz}\n";
        let facts = read(Reader::Yaml, "k8s/app.yaml", text);
        assert!(
            facts
                .kinds
                .iter()
                .any(|(k, _, line)| *k == PathKind::Kubernetes && *line == 2)
        );
        assert!(
            facts
                .markers
                .iter()
                .any(|m| m.kind == MarkerKind::HealthCheck && m.line == 8)
        );
        let facts = read(
            Reader::Yaml,
            "rollout.yaml",
            "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nspec:\n  strategy:\n    canary: {}\n",
        );
        assert!(
            facts
                .markers
                .iter()
                .any(|m| m.kind == MarkerKind::ProgressiveDelivery)
        );
        let facts = read(
            Reader::Yaml,
            "templates/x.yaml",
            "{{- if .Values.x }}\nkind: Service\napiVersion: v1\n{{- end }}\n",
        );
        assert!(facts.problems.is_empty());
        let facts = read(
            Reader::Hcl,
            "infra/app.tf",
            "resource \"azurerm_linux_web_app_slot\" \"staging\" {\n}\n",
        );
        assert!(
            facts
                .markers
                .iter()
                .any(|m| m.kind == MarkerKind::ProgressiveDelivery)
        );
    }

    #[test]
    fn js_coverage_thresholds() {
        let facts = read(
            Reader::JsTestConfig,
            "jest.config.js",
            "module.exports = {\n  coverageThreshold: {\n    global: { lines: 85 }\n  }\n};\n",
        );
        assert_eq!(
            facts
                .markers
                .iter()
                .map(|m| (m.detail.as_str(), m.line))
                .collect::<Vec<_>>(),
            [("85", 3)]
        );
    }
}
