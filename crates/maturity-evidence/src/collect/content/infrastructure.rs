//! Deployment and operations files: YAML that is not CI (Kubernetes objects, compose files,
//! Prometheus rules, CloudFormation, Tekton), Dockerfiles, and Terraform, Bicep and ARM
//! templates, mined for the kinds, health checks, alerts and rollout strategies they declare.

use super::facts::{FileFacts, json_message};
use crate::collect::ci::read_yaml_ci;
use crate::raw::{CiSystem, MarkerKind, PathKind};
use crate::text::{line_of, numbered_lines};
use crate::yaml;

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
pub(super) fn generic_yaml(path: &str, text: &str, facts: &mut FileFacts) {
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

pub(super) fn dockerfile(path: &str, text: &str, facts: &mut FileFacts) {
    for (line, content) in numbered_lines(text) {
        let upper = content.trim_start().to_ascii_uppercase();
        if upper.starts_with("HEALTHCHECK") && !upper.contains("NONE") {
            facts.marker(MarkerKind::HealthCheck, path, line, "Dockerfile HEALTHCHECK");
        }
    }
}

/// Terraform, Bicep, ARM and CloudFormation JSON: resource types reveal slots, blue-green
/// groups, alarms and load-balancer health checks.
pub(super) fn templates(path: &str, text: &str, facts: &mut FileFacts) {
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

    use crate::collect::content::facts::read_with as read;

    #[test]
    fn kubernetes_and_operations_markers() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          livenessProbe:\n            httpGet: {path: /healthz}\n";
        let facts = read(generic_yaml, "k8s/app.yaml", text);
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
            generic_yaml,
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
            generic_yaml,
            "templates/x.yaml",
            "{{- if .Values.x }}\nkind: Service\napiVersion: v1\n{{- end }}\n",
        );
        assert!(facts.problems.is_empty());
        let facts = read(
            templates,
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
}
