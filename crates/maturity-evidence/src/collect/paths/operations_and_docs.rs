//! Monitoring, runbooks, documentation, architecture decisions and interface specifications.

use super::classified::{Classified, Reader, SplitPath};
use crate::raw::PathKind;

pub(super) fn operations_and_docs(path: &SplitPath, out: &mut Classified) {
    let SplitPath {
        lower,
        dirs,
        name,
        ext,
        top,
        ..
    } = *path;
    let doc_ext = matches!(ext, "md" | "markdown" | "adoc" | "rst" | "txt" | "org") || !name.contains('.');
    let stem = name.split('.').next().unwrap_or(name);

    // Monitoring.
    let monitoring = match name {
        "prometheus.yml" | "prometheus.yaml" => Some("Prometheus"),
        "alertmanager.yml" | "alertmanager.yaml" => Some("Alertmanager"),
        "datadog.yaml" | "datadog.yml" => Some("Datadog"),
        "newrelic.yml" | "newrelic.js" | "newrelic.ini" => Some("New Relic"),
        "sentry.properties" | ".sentryclirc" => Some("Sentry"),
        _ if name.ends_with(".rules.yml")
            || name.ends_with(".rules.yaml")
            || (name.starts_with("alert") && matches!(ext, "yml" | "yaml")) =>
        {
            Some("alerting rules")
        }
        _ if name.starts_with("otel-collector") || name.starts_with("otelcol") => {
            Some("OpenTelemetry Collector")
        }
        _ if ext == "json"
            && (path.in_dir("dashboards") || path.in_dir("grafana") || name.contains("dashboard")) =>
        {
            Some("Grafana dashboard")
        }
        _ => None,
    };
    if let Some(label) = monitoring {
        out.kind(PathKind::Monitoring, label);
        if matches!(ext, "yml" | "yaml") {
            out.read(Reader::Yaml);
        }
    }

    // Runbooks and operations docs.
    if doc_ext
        && (lower.contains("runbook")
            || lower.contains("run-book")
            || path.in_dir("oncall")
            || path.in_dir("on-call")
            || lower.contains("playbooks/incident"))
    {
        out.kind(PathKind::Runbook, "runbook");
    }

    // Documentation.
    if doc_ext {
        match stem {
            "readme" => out.kind(PathKind::Readme, "README"),
            "contributing" => out.kind(PathKind::Contributing, "CONTRIBUTING"),
            "architecture" => out.kind(PathKind::ArchitectureDoc, "ARCHITECTURE"),
            "changelog" | "changes" | "history" | "releases" | "release-notes" | "news"
                if top || dirs == "docs" =>
            {
                out.kind(PathKind::Changelog, "changelog");
            }
            _ => {}
        }
        if path.in_dir("adr")
            || path.in_dir("adrs")
            || path.in_dir("decisions")
            || lower.contains("architecture/decisions")
            || stem.starts_with("adr-")
        {
            out.kind(PathKind::Adr, "architecture decision record");
        } else if (path.in_dir("architecture") || path.in_dir("design")) && ext == "md" {
            out.kind(PathKind::ArchitectureDoc, "design document");
        }
    }
    let openapi = ((stem.starts_with("openapi") || stem.starts_with("swagger"))
        && matches!(ext, "yml" | "yaml" | "json"))
        || name.ends_with(".openapi.yaml")
        || name.ends_with(".openapi.yml")
        || name.ends_with(".openapi.json");
    let api = if openapi {
        Some("OpenAPI")
    } else if stem.starts_with("asyncapi") && matches!(ext, "yml" | "yaml" | "json") {
        Some("AsyncAPI")
    } else if ext == "proto" {
        Some("Protocol Buffers")
    } else if matches!(ext, "graphql" | "graphqls") && stem.contains("schema") {
        Some("GraphQL schema")
    } else {
        None
    };
    if let Some(label) = api {
        out.kind(PathKind::ApiSpec, label);
    }
}
