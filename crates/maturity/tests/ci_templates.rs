//! The CI templates, run as their CI would run them: each YAML is parsed, its script steps are
//! run with bash in a checked-out repository, with the variables the CI sets and the freshly
//! built `maturity` first on PATH (so the install steps find it and install nothing; their
//! shape is checked instead). A local HTTP listener stands in for the maturity server.
//!
//! Each template runs twice: with a policy that holds (every step succeeds, the reports are
//! written, the evidence is pushed) and with one that does not (the gate step fails with 1 and
//! the reports still say why).

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tempfile::TempDir;

mod common;
use common::fixture_repository;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn yaml(path: &Path) -> Value {
    let text = fs::read_to_string(path).expect("template");
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// What the stand-in server received: request line and Authorization header, per request.
type Received = Arc<Mutex<Vec<(String, String)>>>;

/// Answers every request with 201, as the API does for a stored push; returns its URL.
fn fake_server() -> (String, Received) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().unwrap());
    let received: Received = Arc::default();
    let log = Arc::clone(&received);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let (mut request, mut auth, mut length) = (String::new(), String::new(), 0usize);
            reader.read_line(&mut request).unwrap();
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if line.trim().is_empty() {
                    break;
                }
                let (name, value) = line.split_once(':').unwrap_or_default();
                match name.to_ascii_lowercase().as_str() {
                    "authorization" => auth = value.trim().to_string(),
                    "content-length" => length = value.trim().parse().unwrap(),
                    _ => {}
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            log.lock().unwrap().push((request.trim().to_string(), auth));
            let reply = "{\"id\":1,\"assessment\":1}";
            let _ = write!(
                stream,
                "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
                reply.len()
            );
        }
    });
    (url, received)
}

/// A checked-out repository named `repo`: CI that runs the tests, six monthly releases (lead
/// time high, deployment frequency medium), and an assessment of itself under `.maturity/`
/// with a policy that holds and one that does not.
fn checkout(dir: &Path) -> PathBuf {
    let repo = dir.join("repo");
    fixture_repository(&repo);
    let put = |name: &str, text: &str| common::put(&repo, name, text);
    put(
        ".maturity/maturity.toml",
        "subject = \"Repo\"\ndate = \"2026-07-01\"\nmodels = [\"devops\"]\n[evidence]\nrepositories = [\"..\"]\n",
    );
    put(
        ".maturity/responses/a.toml",
        "respondent = \"a\"\n[answers]\n\"devops.leadership\" = 2\n",
    );
    put(
        ".maturity/holds.toml",
        "required_checks = [\"ci-runs-tests\"]\n[dora]\nlead_time = \"high\"\n",
    );
    put(
        ".maturity/fails.toml",
        "required_checks = [\"ci-runs-tests\"]\n[dora]\ndeployment_frequency = \"elite\"\n",
    );
    repo
}

/// PATH with the freshly built binary first.
fn path_with_maturity() -> String {
    let bin = Path::new(env!("CARGO_BIN_EXE_maturity"))
        .parent()
        .unwrap()
        .to_path_buf();
    format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default())
}

/// Replaces `${{ expr }}` (GitHub and Azure template expressions) by the values in `vars`;
/// an expression the test does not know fails it, so the templates stay simple.
fn expand(text: &str, vars: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("}}").expect("closed expression") + start;
        let expr = rest[start + 3..end].trim();
        let value = vars
            .get(expr)
            .unwrap_or_else(|| panic!("unknown expression `{expr}` in {text:?}"));
        out.push_str(&expand(value, vars));
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

/// Azure's `$(Name)` macros, for the variables defined; others stay as Azure leaves them.
fn expand_macros(text: &str, vars: &BTreeMap<String, String>) -> String {
    vars.iter().fold(text.to_string(), |text, (name, value)| {
        text.replace(&format!("$({name})"), value)
    })
}

/// Runs one script as the CI's bash runs it; returns its exit status.
fn bash(flags: &[&str], script: &str, cwd: &Path, env: &BTreeMap<String, String>, scratch: &Path) -> i32 {
    let file = scratch.join("step.sh");
    fs::write(&file, script).unwrap();
    let output = Command::new("bash")
        .args(["--noprofile", "--norc"])
        .args(flags)
        .arg(&file)
        .current_dir(cwd)
        .env_clear()
        .envs(env)
        .output()
        .expect("bash runs");
    eprintln!(
        "--- {}\n{}{}",
        script.lines().next().unwrap_or_default(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output.status.code().expect("exited")
}

fn base_env(home: &Path) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("PATH".into(), path_with_maturity()),
        ("HOME".into(), home.display().to_string()),
        ("CI".into(), "true".into()),
        ("RUST_BACKTRACE".into(), "0".into()),
    ])
}

fn str_of<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key].as_str().unwrap_or_else(|| panic!("{key} in {value}"))
}

/// The SARIF and JUnit a run wrote, parsed: (SARIF result levels, JUnit failure count).
fn reports(sarif: &Path, junit: &Path) -> (Vec<String>, usize) {
    let value: Value = serde_json::from_str(&fs::read_to_string(sarif).expect("SARIF written")).unwrap();
    assert_eq!(value["version"], "2.1.0");
    let levels = value["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| str_of(r, "level").to_string())
        .collect();
    let xml = fs::read_to_string(junit).expect("JUnit written");
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut failures = 0;
    loop {
        match reader.read_event().expect("well-formed JUnit") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e)
                if e.name().as_ref() == "failure" =>
            {
                failures += 1;
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    (levels, failures)
}

/// Runs the GitHub Action's steps; returns the status of the last step run (the first that
/// failed, as the runner stops there) and the outputs of the gate step.
fn run_github_action(policy: &str, server: &str) -> (TempDir, PathBuf, i32, BTreeMap<String, String>) {
    let action = yaml(&root().join("action.yml"));
    assert_eq!(action["runs"]["using"], "composite");
    let dir = TempDir::new().unwrap();
    let workspace = checkout(dir.path());
    let scratch = dir.path().join("runner");
    fs::create_dir_all(&scratch).unwrap();
    let mut vars: BTreeMap<String, String> = BTreeMap::new();
    for (name, input) in action["inputs"].as_object().unwrap() {
        vars.insert(
            format!("inputs.{name}"),
            input["default"].as_str().unwrap_or_default().to_string(),
        );
    }
    let given = [
        ("assessment", ".maturity".to_string()),
        ("policy", format!(".maturity/{policy}")),
        ("server-url", server.to_string()),
        ("token", "mat_secret".to_string()),
    ];
    for (name, value) in given {
        assert!(vars.contains_key(&format!("inputs.{name}")), "input {name}");
        vars.insert(format!("inputs.{name}"), value);
    }
    vars.insert("github.action_path".into(), root().display().to_string());
    vars.insert("github.event.repository.name".into(), "repo".into());
    let mut env = base_env(dir.path());
    for (key, value) in [
        ("GITHUB_ACTIONS", "true".to_string()),
        ("GITHUB_WORKSPACE", workspace.display().to_string()),
        ("GITHUB_ACTION_PATH", root().display().to_string()),
        ("GITHUB_PATH", scratch.join("path").display().to_string()),
        ("RUNNER_TEMP", scratch.display().to_string()),
    ] {
        env.insert(key.into(), value);
    }
    let mut gate_outputs = BTreeMap::new();
    let mut status = 0;
    for step in action["runs"]["steps"].as_array().unwrap() {
        if let Some(uses) = step["uses"].as_str() {
            assert!(uses.starts_with("github/codeql-action/upload-sarif@"), "{uses}");
            assert!(
                str_of(step, "if").contains("!cancelled()"),
                "uploads after a failed gate too"
            );
            assert_eq!(
                str_of(&step["with"], "sarif_file"),
                "${{ steps.gate.outputs.sarif }}"
            );
            continue;
        }
        let script = str_of(step, "run");
        assert_eq!(str_of(step, "shell"), "bash");
        assert!(
            !script.contains("${{"),
            "inputs reach scripts through env only: {script}"
        );
        if str_of(step, "name") == "Install maturity" {
            assert!(
                script.contains("cargo install --locked") && script.contains("$ACTION_PATH/crates/maturity")
            );
            assert!(root().join("crates/maturity/Cargo.toml").is_file());
        }
        let mut step_env = env.clone();
        let output_file = scratch.join("output");
        fs::write(&output_file, "").unwrap();
        step_env.insert("GITHUB_OUTPUT".into(), output_file.display().to_string());
        if let Some(map) = step["env"].as_object() {
            for (key, value) in map {
                step_env.insert(key.clone(), expand(value.as_str().unwrap(), &vars));
            }
        }
        status = bash(&["-eo", "pipefail"], script, &workspace, &step_env, &scratch);
        if step["id"] == "gate" {
            for line in fs::read_to_string(&output_file).unwrap().lines() {
                let (key, value) = line.split_once('=').expect("key=value");
                gate_outputs.insert(key.to_string(), value.to_string());
            }
        }
        if status != 0 {
            break;
        }
    }
    (dir, workspace, status, gate_outputs)
}

#[test]
fn the_github_action_scans_pushes_gates_and_writes_sarif() {
    let (server, received) = fake_server();
    let (_dir, workspace, status, outputs) = run_github_action("holds.toml", &server);
    assert_eq!(status, 0);
    assert_eq!(outputs["status"], "0");
    let out = workspace.join("maturity-results");
    for file in ["scan.json", "metrics.json"] {
        assert!(out.join(file).is_file(), "{file}");
    }
    assert_eq!(outputs["sarif"], "maturity-results/gate.sarif");
    let (levels, failures) = reports(
        &workspace.join(&outputs["sarif"]),
        &workspace.join(&outputs["junit"]),
    );
    assert_eq!(
        (levels, failures),
        (vec!["none".to_string(), "none".to_string()], 0)
    );
    let received = received.lock().unwrap().clone();
    assert_eq!(
        received,
        [
            (
                "POST /api/v1/scans?name=repo HTTP/1.1".to_string(),
                "Bearer mat_secret".to_string()
            ),
            (
                "POST /api/v1/metrics?name=repo HTTP/1.1".to_string(),
                "Bearer mat_secret".to_string()
            ),
        ]
    );

    let (_dir, workspace, status, outputs) = run_github_action("fails.toml", &server);
    assert_eq!(status, 1, "the gate step fails the job");
    assert_eq!(outputs["status"], "1");
    let (levels, failures) = reports(
        &workspace.join(&outputs["sarif"]),
        &workspace.join(&outputs["junit"]),
    );
    assert_eq!(
        (levels, failures),
        (vec!["none".to_string(), "error".to_string()], 1)
    );
}

/// Runs the GitLab job's before_script and script as the runner does (one bash session that
/// stops at the first failing command); returns the job's exit status.
fn run_gitlab_job(policy: &str, server: &str) -> (TempDir, PathBuf, i32, Value) {
    let template = yaml(&root().join("ci-templates/gitlab/maturity.gitlab-ci.yml"));
    let job = template["maturity"].clone();
    let dir = TempDir::new().unwrap();
    let project = checkout(dir.path());
    let mut env = base_env(dir.path());
    for (key, value) in job["variables"].as_object().unwrap() {
        env.insert(key.clone(), value.as_str().expect("string variables").to_string());
    }
    for (key, value) in [
        ("GITLAB_CI", "true".to_string()),
        ("CI_PROJECT_DIR", project.display().to_string()),
        ("CI_PROJECT_NAME", "repo".to_string()),
        ("MATURITY_ASSESSMENT", ".maturity".to_string()),
        ("MATURITY_POLICY", format!(".maturity/{policy}")),
        ("MATURITY_SERVER_URL", server.to_string()),
        ("MATURITY_TOKEN", "mat_secret".to_string()),
    ] {
        env.insert(key.into(), value);
    }
    let lines: Vec<&str> = ["before_script", "script"]
        .iter()
        .flat_map(|key| job[*key].as_array().unwrap())
        .map(|line| line.as_str().unwrap())
        .collect();
    assert!(lines[0].contains("command -v maturity") && lines[0].contains("cargo install --locked"));
    let status = bash(
        &["-eo", "pipefail"],
        &lines.join("\n"),
        &project,
        &env,
        dir.path(),
    );
    (dir, project, status, job)
}

#[test]
fn the_gitlab_template_writes_junit_and_codequality_reports() {
    let (server, received) = fake_server();
    for (policy, expected) in [("holds.toml", 0), ("fails.toml", 1)] {
        let (_dir, project, status, job) = run_gitlab_job(policy, &server);
        assert_eq!(status, expected, "{policy}");
        let artifacts = &job["artifacts"];
        assert_eq!(
            artifacts["when"], "always",
            "reports are kept when the gate fails"
        );
        let junit = project.join(str_of(&artifacts["reports"], "junit"));
        let codequality = project.join(str_of(&artifacts["reports"], "codequality"));
        let (_, failures) = reports(&project.join("maturity-results/gate.sarif"), &junit);
        let issues: Value = serde_json::from_str(&fs::read_to_string(&codequality).unwrap()).unwrap();
        assert_eq!(
            (failures, issues.as_array().unwrap().len()),
            (expected as usize, expected as usize)
        );
        if expected == 1 {
            assert_eq!(issues[0]["location"]["path"], ".maturity/fails.toml");
            assert_eq!(issues[0]["location"]["lines"]["begin"], 3);
        }
    }
    let paths: Vec<String> = received.lock().unwrap().iter().map(|r| r.0.clone()).collect();
    assert_eq!(paths.len(), 4);
    assert!(
        paths[0].starts_with("POST /api/v1/scans?name=repo ")
            && paths[1].starts_with("POST /api/v1/metrics?name=repo ")
    );
}

/// Runs the Azure steps template's bash steps as the agent does; returns the status of the
/// last step run and the template.
fn run_azure_steps(policy: &str, server: &str) -> (TempDir, PathBuf, i32, Value, BTreeMap<String, String>) {
    let template = yaml(&root().join("ci-templates/azure/maturity.yml"));
    let dir = TempDir::new().unwrap();
    let sources = checkout(dir.path());
    let staging = dir.path().join("a");
    fs::create_dir_all(&staging).unwrap();
    let mut params: BTreeMap<String, String> = BTreeMap::new();
    for parameter in template["parameters"].as_array().unwrap() {
        let default = parameter["default"].as_str().unwrap_or_default().to_string();
        params.insert(format!("parameters.{}", str_of(parameter, "name")), default);
    }
    params.insert("parameters.assessment".into(), ".maturity".into());
    params.insert("parameters.policy".into(), format!(".maturity/{policy}"));
    params.insert("parameters.serverUrl".into(), server.into());
    let macros = BTreeMap::from([
        ("Build.Repository.Name".to_string(), "repo".to_string()),
        (
            "Build.ArtifactStagingDirectory".to_string(),
            staging.display().to_string(),
        ),
        ("MATURITY_TOKEN".to_string(), "mat_secret".to_string()),
    ]);
    let mut env = base_env(dir.path());
    for (key, value) in [
        ("TF_BUILD", "True".to_string()),
        ("BUILD_SOURCESDIRECTORY", sources.display().to_string()),
        ("SYSTEM_DEFAULTWORKINGDIRECTORY", sources.display().to_string()),
        ("BUILD_ARTIFACTSTAGINGDIRECTORY", staging.display().to_string()),
        ("BUILD_REPOSITORY_NAME", "repo".to_string()),
        ("AGENT_TEMPDIRECTORY", dir.path().display().to_string()),
    ] {
        env.insert(key.into(), value);
    }
    let mut status = 0;
    for step in template["steps"].as_array().unwrap() {
        if step.get("task").is_some() {
            continue;
        }
        let script = str_of(step, "bash");
        assert!(
            script.starts_with("set -euo pipefail\n"),
            "Azure's bash does not stop on errors by itself"
        );
        assert!(!script.contains("${{"), "values reach scripts through env only");
        let mut step_env = env.clone();
        for (key, value) in step["env"].as_object().into_iter().flatten() {
            let value = expand_macros(&expand(value.as_str().unwrap(), &params), &macros);
            step_env.insert(key.clone(), value);
        }
        status = bash(&[], script, &sources, &step_env, dir.path());
        if status != 0 {
            break;
        }
    }
    let mut expanded = params;
    expanded.extend(macros);
    (dir, staging, status, template, expanded)
}

#[test]
fn the_azure_template_gates_and_publishes_junit_and_sarif() {
    let (server, received) = fake_server();
    for (policy, expected) in [("holds.toml", 0), ("fails.toml", 1)] {
        let (_dir, staging, status, template, vars) = run_azure_steps(policy, &server);
        assert_eq!(status, expected, "{policy}");
        let tasks: Vec<&Value> = template["steps"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s.get("task").is_some())
            .collect();
        let junit_task = tasks
            .iter()
            .find(|t| t["task"] == "PublishTestResults@2")
            .expect("test results task");
        let sarif_task = tasks
            .iter()
            .find(|t| t["task"] == "PublishBuildArtifacts@1")
            .expect("artifact task");
        for task in [junit_task, sarif_task] {
            let condition = expand(str_of(task, "condition"), &vars);
            assert!(
                condition.starts_with("and(succeededOrFailed(), ne('.maturity/"),
                "{condition}"
            );
        }
        assert_eq!(junit_task["inputs"]["testResultsFormat"], "JUnit");
        assert_eq!(sarif_task["inputs"]["ArtifactName"], "CodeAnalysisLogs");
        let junit = PathBuf::from(expand_macros(
            str_of(&junit_task["inputs"], "testResultsFiles"),
            &vars,
        ));
        let logs = PathBuf::from(expand_macros(
            str_of(&sarif_task["inputs"], "PathtoPublish"),
            &vars,
        ));
        assert!(junit.starts_with(&staging) && logs.starts_with(&staging));
        let (levels, failures) = reports(&logs.join("maturity-gate.sarif"), &junit);
        assert_eq!(failures, expected as usize);
        assert_eq!(levels.iter().filter(|l| *l == "error").count(), expected as usize);
    }
    let received = received.lock().unwrap().clone();
    assert_eq!(received.len(), 4);
    assert_eq!(
        received[1],
        (
            "POST /api/v1/metrics?name=repo HTTP/1.1".to_string(),
            "Bearer mat_secret".to_string()
        )
    );
}
