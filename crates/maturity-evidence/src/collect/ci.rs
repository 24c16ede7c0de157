//! Reading CI configurations: triggers, steps, deploy jobs and approval gates, for every CI
//! system the scanner knows. YAML systems share one walk over the parsed tree (commands live
//! under a handful of keys everywhere); what differs per system is how triggers, jobs and
//! gates are spelled, handled in one small function each. Jenkinsfiles are Groovy and are
//! read as text, line by line.

use crate::collect::steps::classify_step;
use crate::raw::{CiConfig, CiStep, CiSystem, Located, StepKind, Trigger};
use crate::yaml::{Yaml, YamlValue};

/// Keys whose string values are commands or actions, in any of the YAML CI systems.
const COMMAND_KEYS: [&str; 16] = [
    "run",
    "script",
    "before_script",
    "after_script",
    "commands",
    "command",
    "bash",
    "pwsh",
    "powershell",
    "inline",
    "install",
    "before_install",
    "before_deploy",
    "uses",
    "task",
    "image",
];

/// Top-level GitLab keys that are not jobs.
const GITLAB_RESERVED: [&str; 13] = [
    "stages",
    "variables",
    "default",
    "include",
    "workflow",
    "image",
    "services",
    "before_script",
    "after_script",
    "cache",
    "types",
    "spec",
    "pages:deploy",
];

fn located<T>(value: T, line: usize, detail: impl Into<String>) -> Located<T> {
    Located {
        value,
        line: line.max(1),
        detail: detail.into(),
    }
}

fn one_line(text: &str) -> String {
    let first = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or("");
    let mut out: String = first.chars().take(120).collect();
    if first.chars().count() > 120 || text.trim().lines().count() > 1 {
        out.push('…');
    }
    out
}

/// Reads the parsed documents of a YAML CI config.
pub fn read_yaml_ci(path: &str, system: CiSystem, docs: &[Yaml]) -> CiConfig {
    let mut ci = CiConfig::new(path, system);
    for doc in docs {
        let mut walker = Walker { system, ci: &mut ci };
        walker.visit(doc, &mut Vec::new(), None);
        triggers(system, doc, &mut ci);
    }
    // Systems whose triggers live outside the file build every push by default.
    let implicit = match system {
        CiSystem::GitLab => {
            Some("GitLab CI runs a pipeline for every push unless workflow rules say otherwise")
        }
        CiSystem::CircleCi => Some("CircleCI builds every push to the repository by default"),
        CiSystem::Travis => Some("Travis CI builds every push and pull request by default"),
        CiSystem::Buildkite => Some("Buildkite pipelines build pushes as set in the pipeline settings"),
        CiSystem::AzurePipelines if docs.iter().all(|d| d.get("trigger").is_none()) => {
            Some("Azure Pipelines builds every push when no `trigger` is given")
        }
        CiSystem::Drone if docs.iter().all(|d| d.get("trigger").is_none()) => {
            Some("Drone runs a pipeline for every push and pull request when no `trigger` is given")
        }
        _ => None,
    };
    if let Some(detail) = implicit
        && !ci.triggers.iter().any(|t| t.value == Trigger::Push)
    {
        let line = docs
            .first()
            .and_then(|d| d.entries().first())
            .map_or(1, |(key, _)| key.line);
        ci.triggers.push(located(Trigger::Push, line, detail));
        if matches!(system, CiSystem::Travis | CiSystem::Drone) {
            ci.triggers.push(located(Trigger::PullRequest, line, detail));
        }
    }
    ci.triggers.sort_by_key(|t| (t.line, t.value));
    ci.triggers.dedup_by_key(|t| t.value);
    ci
}

struct Walker<'c> {
    system: CiSystem,
    ci: &'c mut CiConfig,
}

impl Walker<'_> {
    fn visit<'a>(&mut self, node: &'a Yaml, path: &mut Vec<&'a str>, job: Option<&'a str>) {
        match &node.value {
            YamlValue::Map(entries) => {
                let job = self.job_of(node, path, job);
                self.map_facts(node, path, job);
                for (key, value) in entries {
                    // Jobs are keyed under `jobs:` (GitHub, CircleCI) or at the top (GitLab).
                    let keyed_job = path.len() == 1 && path[0] == "jobs";
                    let gitlab_job = path.is_empty()
                        && self.system == CiSystem::GitLab
                        && !GITLAB_RESERVED.contains(&key.name.as_str())
                        && !key.name.starts_with('.')
                        && value.is_map();
                    let child_job = if keyed_job || gitlab_job {
                        Some(key.name.as_str())
                    } else {
                        job
                    };
                    if COMMAND_KEYS.contains(&key.name.as_str()) && !(key.name == "image" && value.is_map()) {
                        self.commands(&key.name, value, child_job);
                    }
                    path.push(&key.name);
                    self.visit(value, path, child_job);
                    path.pop();
                }
            }
            YamlValue::Seq(items) => {
                for item in items {
                    self.visit(item, path, job);
                }
            }
            _ => {}
        }
    }

    /// A map that names its job (`- job: Build`, `- deployment: Web`, a step with a name).
    fn job_of<'a>(&self, node: &'a Yaml, _path: &[&'a str], job: Option<&'a str>) -> Option<&'a str> {
        for key in ["job", "deployment"] {
            if self.system == CiSystem::AzurePipelines
                && let Some(name) = node.get(key).and_then(Yaml::as_str)
            {
                return Some(name);
            }
        }
        if job.is_none() {
            for key in ["name", "label", "displayName", "stage"] {
                if let Some(name) = node.get(key).and_then(Yaml::as_str) {
                    return Some(name);
                }
            }
        }
        job
    }

    fn commands(&mut self, key: &str, value: &Yaml, job: Option<&str>) {
        for (text, line) in value.strings() {
            // An image is only a command when it names a tool (`image: aquasec/trivy`).
            let mut kinds = classify_step(text);
            if key == "image" {
                kinds.retain(|k| {
                    matches!(
                        k,
                        StepKind::Audit
                            | StepKind::Security
                            | StepKind::Lint
                            | StepKind::E2e
                            | StepKind::Performance
                    )
                });
                if kinds.is_empty() {
                    continue;
                }
            }
            let lower = text.to_ascii_lowercase();
            if lower.contains("manualvalidation") || lower.contains("manual-approval") {
                self.ci.approvals.push(located(
                    format!("approval step in {}", job.unwrap_or("the pipeline")),
                    line,
                    one_line(text),
                ));
            }
            self.ci.steps.push(CiStep {
                line,
                job: job.map(str::to_string),
                text: one_line(text),
                kinds,
            });
        }
    }

    /// Environments, deploy jobs, manual gates and downstream triggers spelled as keys.
    fn map_facts(&mut self, node: &Yaml, path: &[&str], job: Option<&str>) {
        let job_name = job.unwrap_or("a job");
        if let Some(env) = node.get("environment") {
            let name = env.as_str().or_else(|| env.get("name").and_then(Yaml::as_str));
            if let Some(name) = name {
                let line = node.key("environment").map_or(env.line, |k| k.line);
                self.ci.deploys.push(located(
                    name.to_string(),
                    line,
                    format!("job `{job_name}` deploys to environment `{name}`"),
                ));
            }
        }
        if self.system == CiSystem::Bitbucket
            && let Some(name) = node.get("deployment").and_then(Yaml::as_str)
        {
            let line = node.key("deployment").map_or(1, |k| k.line);
            self.ci.deploys.push(located(
                name.to_string(),
                line,
                format!("step `{job_name}` deploys to `{name}`"),
            ));
        }
        if self.system == CiSystem::Travis && path.is_empty() && node.get("deploy").is_some() {
            let line = node.key("deploy").map_or(1, |k| k.line);
            self.ci
                .deploys
                .push(located("deploy".to_string(), line, "a `deploy` section"));
        }
        if self.system == CiSystem::GitLab
            && path.len() == 1
            && let Some(stage) = node.get("stage").and_then(Yaml::as_str)
            && stage.to_ascii_lowercase().contains("deploy")
        {
            let line = node.key("stage").map_or(1, |k| k.line);
            self.ci.deploys.push(located(
                stage.to_string(),
                line,
                format!("job `{job_name}` runs in stage `{stage}`"),
            ));
        }
        let manual = |key: &str| {
            node.get(key)
                .and_then(Yaml::as_str)
                .is_some_and(|v| v == "manual")
        };
        for key in ["when", "trigger"] {
            if manual(key) {
                let line = node.key(key).map_or(1, |k| k.line);
                self.ci.approvals.push(located(
                    job_name.to_string(),
                    line,
                    format!("`{key}: manual` on `{job_name}`"),
                ));
            }
        }
        if node.get("type").and_then(Yaml::as_str) == Some("approval") {
            let line = node.key("type").map_or(1, |k| k.line);
            self.ci.approvals.push(located(
                job_name.to_string(),
                line,
                format!("approval job `{job_name}`"),
            ));
        }
        if self.system == CiSystem::Buildkite {
            for key in ["block", "input"] {
                if let Some(k) = node.key(key) {
                    self.ci.approvals.push(located(
                        key.to_string(),
                        k.line,
                        format!("Buildkite `{key}` step"),
                    ));
                }
            }
        }
        // A job that starts another project's pipeline: the next level of integration.
        if matches!(self.system, CiSystem::GitLab | CiSystem::Buildkite)
            && let Some(trigger) = node.get("trigger")
            && trigger.as_str().is_none_or(|v| v != "manual" && v != "automatic")
            && !path.is_empty()
        {
            let line = node.key("trigger").map_or(1, |k| k.line);
            let target = trigger
                .as_str()
                .or_else(|| trigger.get("project").and_then(Yaml::as_str))
                .unwrap_or("a downstream pipeline");
            self.ci.steps.push(CiStep {
                line,
                job: job.map(str::to_string),
                text: format!("trigger {target}"),
                kinds: vec![StepKind::Downstream],
            });
        }
    }
}

fn triggers(system: CiSystem, doc: &Yaml, ci: &mut CiConfig) {
    match system {
        CiSystem::GitHubActions => github_triggers(doc, ci),
        CiSystem::GitLab => gitlab_triggers(doc, ci),
        CiSystem::AzurePipelines => azure_triggers(doc, ci),
        CiSystem::CircleCi => {
            if let Some(workflows) = doc.get("workflows") {
                let mut path = Vec::new();
                workflows.walk(&mut path, &mut |path, node| {
                    if path.last() == Some(&"triggers") {
                        for item in node.items() {
                            if item.get("schedule").is_some() {
                                ci.triggers
                                    .push(located(Trigger::Schedule, item.line, "scheduled workflow"));
                            }
                        }
                    }
                });
            }
        }
        CiSystem::Bitbucket => {
            if let Some(pipelines) = doc.get("pipelines") {
                for (key, _) in pipelines.entries() {
                    let trigger = match key.name.as_str() {
                        "default" | "branches" => Some(Trigger::Push),
                        "pull-requests" => Some(Trigger::PullRequest),
                        "tags" => Some(Trigger::Tag),
                        "custom" => Some(Trigger::Manual),
                        _ => None,
                    };
                    if let Some(trigger) = trigger {
                        ci.triggers
                            .push(located(trigger, key.line, format!("pipelines `{}`", key.name)));
                    }
                }
            }
        }
        CiSystem::Drone => {
            if let Some(events) = doc.get("trigger").and_then(|t| t.get("event")) {
                let values: Vec<(&str, usize)> = if let Some(one) = events.as_str() {
                    vec![(one, events.line)]
                } else {
                    events.strings()
                };
                for (event, line) in values {
                    let trigger = match event {
                        "push" => Some(Trigger::Push),
                        "pull_request" => Some(Trigger::PullRequest),
                        "tag" => Some(Trigger::Tag),
                        "cron" => Some(Trigger::Schedule),
                        "promote" | "custom" | "rollback" => Some(Trigger::Manual),
                        _ => None,
                    };
                    if let Some(trigger) = trigger {
                        ci.triggers
                            .push(located(trigger, line, format!("trigger event `{event}`")));
                    }
                    if event == "promote" {
                        ci.approvals.push(located(
                            "promote".to_string(),
                            line,
                            "deploys run on a manual promotion",
                        ));
                    }
                }
            }
        }
        CiSystem::Tekton => {
            let kind = doc.get("kind").and_then(Yaml::as_str).unwrap_or("");
            let mut events = Vec::new();
            doc.walk(&mut Vec::new(), &mut |_, node| {
                if let Some(text) = node.as_str() {
                    let lower = text.to_ascii_lowercase();
                    if lower.contains("pull_request") {
                        events.push((Trigger::PullRequest, node.line));
                    }
                    if lower.contains("push") && !lower.contains("git push") {
                        events.push((Trigger::Push, node.line));
                    }
                }
            });
            if kind == "EventListener" && events.is_empty() {
                events.push((Trigger::Push, doc.line));
            }
            for (trigger, line) in events {
                ci.triggers
                    .push(located(trigger, line, format!("Tekton {kind} event")));
            }
        }
        CiSystem::Travis | CiSystem::Buildkite | CiSystem::Jenkins => {}
    }
}

fn github_triggers(doc: &Yaml, ci: &mut CiConfig) {
    let Some(on) = doc.get("on") else { return };
    let mut add = |event: &str, line: usize, value: Option<&Yaml>| {
        let trigger = match event {
            "push" => {
                let tags_only = value.is_some_and(|v| {
                    (v.get("tags").is_some() || v.get("tags-ignore").is_some()) && v.get("branches").is_none()
                });
                if value.is_some_and(|v| v.get("tags").is_some()) {
                    ci.triggers
                        .push(located(Trigger::Tag, line, "`on: push` with tags"));
                }
                if tags_only { None } else { Some(Trigger::Push) }
            }
            "pull_request" | "pull_request_target" | "merge_group" => Some(Trigger::PullRequest),
            "schedule" => Some(Trigger::Schedule),
            "workflow_dispatch" | "repository_dispatch" => Some(Trigger::Manual),
            "workflow_run" | "workflow_call" => Some(Trigger::Upstream),
            "release" => Some(Trigger::Tag),
            _ => None,
        };
        if let Some(trigger) = trigger {
            ci.triggers.push(located(trigger, line, format!("`on: {event}`")));
        }
    };
    match &on.value {
        YamlValue::String(event) => add(event, on.line, None),
        YamlValue::Seq(items) => {
            for item in items {
                if let Some(event) = item.as_str() {
                    add(event, item.line, None);
                }
            }
        }
        YamlValue::Map(entries) => {
            for (key, value) in entries {
                add(&key.name, key.line, Some(value));
            }
        }
        _ => {}
    }
}

fn gitlab_triggers(doc: &Yaml, ci: &mut CiConfig) {
    doc.walk(&mut Vec::new(), &mut |path, node| {
        let Some(text) = node.as_str() else { return };
        let in_rules = path
            .iter()
            .any(|k| matches!(*k, "rules" | "only" | "except" | "workflow"));
        if !in_rules || path.contains(&"except") {
            return;
        }
        let trigger = if text.contains("merge_request_event")
            || text == "merge_requests"
            || text.contains("CI_MERGE_REQUEST")
        {
            Some(Trigger::PullRequest)
        } else if text.contains("\"schedule\"") || text.contains("'schedule'") || text == "schedules" {
            Some(Trigger::Schedule)
        } else if text.contains("CI_COMMIT_TAG") || text == "tags" {
            Some(Trigger::Tag)
        } else if text.contains("\"web\"") || text == "web" {
            Some(Trigger::Manual)
        } else if text.contains("\"pipeline\"")
            || text.contains("\"trigger\"")
            || text == "triggers"
            || text == "pipelines"
        {
            Some(Trigger::Upstream)
        } else {
            None
        };
        if let Some(trigger) = trigger {
            ci.triggers
                .push(located(trigger, node.line, format!("rule `{}`", one_line(text))));
        }
    });
}

fn azure_triggers(doc: &Yaml, ci: &mut CiConfig) {
    let none = |v: &Yaml| v.as_str() == Some("none");
    if let (Some(value), Some(key)) = (doc.get("trigger"), doc.key("trigger"))
        && !none(value)
    {
        ci.triggers.push(located(Trigger::Push, key.line, "`trigger:`"));
    }
    if let (Some(value), Some(key)) = (doc.get("pr"), doc.key("pr"))
        && !none(value)
    {
        ci.triggers.push(located(Trigger::PullRequest, key.line, "`pr:`"));
    }
    if let Some(key) = doc.key("schedules") {
        ci.triggers
            .push(located(Trigger::Schedule, key.line, "`schedules:`"));
    }
    if let Some(pipelines) = doc.get("resources").and_then(|r| r.get("pipelines")) {
        for item in pipelines.items() {
            if item.get("trigger").is_some() {
                ci.triggers.push(located(
                    Trigger::Upstream,
                    item.line,
                    "triggered by another pipeline's completion",
                ));
            }
        }
    }
    // Deployment jobs name an environment; rollout strategies are progressive delivery.
    doc.walk(&mut Vec::new(), &mut |path, node| {
        if path.last() == Some(&"strategy") {
            for (key, _) in node.entries() {
                if key.name == "canary" || key.name == "rolling" {
                    ci.steps.push(CiStep {
                        line: key.line,
                        job: None,
                        text: format!("deployment strategy `{}`", key.name),
                        kinds: vec![StepKind::Deploy],
                    });
                }
            }
        }
    });
}

/// Reads a Jenkinsfile (declarative or scripted Groovy) line by line.
pub fn read_jenkinsfile(path: &str, text: &str) -> CiConfig {
    let mut ci = CiConfig::new(path, CiSystem::Jenkins);
    ci.triggers.push(located(
        Trigger::Push,
        1,
        "Jenkins multibranch pipelines build every push",
    ));
    let mut stage: Option<String> = None;
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty()
            || trimmed.starts_with("//")
            || trimmed.starts_with('*')
            || trimmed.starts_with("/*")
        {
            continue;
        }
        let lower = trimmed.to_ascii_lowercase();
        if let Some(rest) = trimmed
            .strip_prefix("stage(")
            .or_else(|| trimmed.strip_prefix("stage ("))
        {
            let name: String = rest
                .trim_start_matches(['\'', '"'])
                .chars()
                .take_while(|c| *c != '\'' && *c != '"')
                .collect();
            if name.to_ascii_lowercase().contains("deploy") {
                ci.deploys
                    .push(located(name.clone(), line, format!("stage `{name}`")));
            }
            stage = Some(name);
            continue;
        }
        let trigger = if lower.contains("cron(") {
            Some((Trigger::Schedule, "`cron` trigger"))
        } else if lower.contains("pollscm(") || lower.contains("githubpush(") {
            Some((Trigger::Push, "SCM trigger"))
        } else if lower.contains("changerequest") {
            Some((Trigger::PullRequest, "`changeRequest` condition"))
        } else if lower.contains("upstream(") {
            Some((Trigger::Upstream, "`upstream` trigger"))
        } else if lower.contains("buildingtag") || lower.starts_with("tag ") {
            Some((Trigger::Tag, "tag condition"))
        } else {
            None
        };
        if let Some((trigger, detail)) = trigger {
            ci.triggers.push(located(trigger, line, detail));
            continue;
        }
        if lower.starts_with("input ") || lower.starts_with("input(") || lower.starts_with("input {") {
            ci.approvals.push(located(
                stage.clone().unwrap_or_default(),
                line,
                format!("`input` in stage `{}`", stage.as_deref().unwrap_or("?")),
            ));
            continue;
        }
        let mut kinds = classify_step(trimmed);
        if lower.starts_with("archiveartifacts") || lower.contains(".push(") {
            kinds.push(StepKind::Publish);
        }
        if lower.contains("kubernetesdeploy") {
            kinds.push(StepKind::Deploy);
        }
        if !kinds.is_empty() {
            kinds.sort();
            kinds.dedup();
            ci.steps.push(CiStep {
                line,
                job: stage.clone(),
                text: one_line(trimmed),
                kinds,
            });
        }
    }
    ci.triggers.sort_by_key(|t| (t.line, t.value));
    ci.triggers.dedup_by_key(|t| t.value);
    ci
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse;

    fn read(system: CiSystem, text: &str) -> CiConfig {
        read_yaml_ci("ci.yml", system, &parse(text).expect("valid YAML"))
    }

    fn triggers(ci: &CiConfig) -> Vec<(Trigger, usize)> {
        ci.triggers.iter().map(|t| (t.value, t.line)).collect()
    }

    #[test]
    fn github_actions() {
        let ci = read(
            CiSystem::GitHubActions,
            "name: CI\non:\n  push:\n    branches: [main]\n  pull_request:\n  schedule:\n    - cron: '0 3 * * *'\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: cargo test\n  deploy:\n    needs: test\n    environment: production\n    steps:\n      - run: helm upgrade --install app chart\n",
        );
        assert_eq!(
            triggers(&ci),
            [
                (Trigger::Push, 3),
                (Trigger::PullRequest, 5),
                (Trigger::Schedule, 6)
            ]
        );
        let test = ci.steps_of(StepKind::Test).next().expect("test step");
        assert_eq!((test.line, test.job.as_deref()), (13, Some("test")));
        assert_eq!(
            ci.deploys
                .iter()
                .map(|d| (d.value.as_str(), d.line))
                .collect::<Vec<_>>(),
            [("production", 16)]
        );
        assert!(ci.steps_of(StepKind::Deploy).any(|s| s.line == 18));
    }

    #[test]
    fn github_on_as_list_and_tags() {
        let ci = read(CiSystem::GitHubActions, "on: [push, pull_request]\njobs: {}\n");
        assert_eq!(triggers(&ci), [(Trigger::Push, 1), (Trigger::PullRequest, 1)]);
        let ci = read(
            CiSystem::GitHubActions,
            "on:\n  push:\n    tags: ['v*']\njobs: {}\n",
        );
        assert_eq!(triggers(&ci), [(Trigger::Tag, 2)]);
    }

    #[test]
    fn gitlab_manual_deploy_and_rules() {
        let ci = read(
            CiSystem::GitLab,
            "stages: [test, deploy]\nworkflow:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n    - if: $CI_COMMIT_BRANCH\ntest:\n  stage: test\n  script:\n    - mvn -B verify\ndeploy_prod:\n  stage: deploy\n  environment: production\n  when: manual\n  script: ./deploy.sh\n",
        );
        assert_eq!(triggers(&ci), [(Trigger::Push, 1), (Trigger::PullRequest, 4)]);
        assert!(
            ci.steps_of(StepKind::Test)
                .any(|s| s.line == 9 && s.job.as_deref() == Some("test"))
        );
        assert!(ci.deploys.iter().any(|d| d.value == "production" && d.line == 12));
        assert_eq!(ci.approvals.iter().map(|a| a.line).collect::<Vec<_>>(), [13]);
    }

    #[test]
    fn azure_pipelines() {
        let ci = read(
            CiSystem::AzurePipelines,
            "trigger:\n  - main\npr:\n  - main\nstages:\n  - stage: Build\n    jobs:\n      - job: Test\n        steps:\n          - script: dotnet test\n          - task: PublishBuildArtifacts@1\n  - stage: Release\n    jobs:\n      - deployment: Web\n        environment: prod\n        strategy:\n          canary:\n            increments: [10]\n",
        );
        assert_eq!(triggers(&ci), [(Trigger::Push, 1), (Trigger::PullRequest, 3)]);
        assert!(
            ci.steps_of(StepKind::Test)
                .any(|s| s.job.as_deref() == Some("Test"))
        );
        assert!(ci.steps_of(StepKind::Publish).any(|s| s.line == 11));
        assert!(ci.deploys.iter().any(|d| d.value == "prod"));
    }

    #[test]
    fn circleci_bitbucket_buildkite_drone_travis() {
        let ci = read(
            CiSystem::CircleCi,
            "version: 2.1\njobs:\n  build:\n    steps:\n      - run:\n          command: npm test\nworkflows:\n  main:\n    jobs:\n      - build\n      - hold:\n          type: approval\n",
        );
        assert!(ci.steps_of(StepKind::Test).next().is_some());
        assert_eq!(ci.approvals.len(), 1);
        assert_eq!(triggers(&ci), [(Trigger::Push, 1)]);

        let ci = read(
            CiSystem::Bitbucket,
            "pipelines:\n  pull-requests:\n    '**':\n      - step:\n          script: [pytest]\n  branches:\n    main:\n      - step:\n          name: Deploy\n          deployment: production\n          trigger: manual\n          script: [./deploy.sh]\n",
        );
        assert_eq!(triggers(&ci), [(Trigger::PullRequest, 2), (Trigger::Push, 6)]);
        assert_eq!(ci.deploys.len(), 1);
        assert_eq!(ci.approvals.len(), 1);

        let ci = read(
            CiSystem::Buildkite,
            "steps:\n  - command: go test ./...\n  - block: Release\n  - trigger: deploy-pipeline\n",
        );
        assert_eq!(ci.approvals.len(), 1);
        assert!(ci.steps_of(StepKind::Downstream).next().is_some());

        let ci = read(
            CiSystem::Drone,
            "kind: pipeline\nsteps:\n  - name: test\n    image: golang\n    commands: [go test ./...]\ntrigger:\n  event: [push, pull_request, promote]\n",
        );
        assert_eq!(
            triggers(&ci).iter().map(|t| t.0).collect::<Vec<_>>(),
            [Trigger::Push, Trigger::PullRequest, Trigger::Manual]
        );
        assert_eq!(ci.approvals.len(), 1);

        let ci = read(
            CiSystem::Travis,
            "language: python\nscript: pytest\ndeploy:\n  provider: pypi\n",
        );
        assert_eq!(ci.deploys.len(), 1);
        assert!(ci.steps_of(StepKind::Test).next().is_some());
    }

    #[test]
    fn jenkinsfile() {
        let text = "pipeline {\n  agent any\n  triggers { cron('H 2 * * *') }\n  stages {\n    stage('Test') {\n      steps { sh 'mvn -B verify' }\n    }\n    stage('Deploy to prod') {\n      steps {\n        input message: 'Ship it?'\n        sh 'kubectl apply -f k8s/'\n      }\n    }\n  }\n}\n";
        let ci = read_jenkinsfile("Jenkinsfile", text);
        assert_eq!(triggers(&ci), [(Trigger::Push, 1), (Trigger::Schedule, 3)]);
        assert!(
            ci.steps_of(StepKind::Test)
                .any(|s| s.line == 6 && s.job.as_deref() == Some("Test"))
        );
        assert_eq!(ci.deploys.iter().map(|d| d.line).collect::<Vec<_>>(), [8]);
        assert_eq!(ci.approvals.iter().map(|a| a.line).collect::<Vec<_>>(), [10]);
        assert!(ci.steps_of(StepKind::Deploy).any(|s| s.line == 11));
    }
}
