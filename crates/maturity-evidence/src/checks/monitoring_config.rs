//! `monitoring-config`: is monitoring or instrumentation part of the code base?

use crate::check::Check;
use crate::checks::support::{conclude, from_deps, from_paths, has_code};
use crate::finding::Finding;
use crate::raw::{PathKind, RawEvidence};

pub const CHECK: Check = Check {
    id: "monitoring-config",
    question: "Is monitoring configured or the code instrumented (Prometheus, Grafana dashboards, OpenTelemetry, APM agents)?",
    informs_no_level: None,
    remediation: "Instrument the service (OpenTelemetry or a Prometheus client) and keep its dashboards and scrape configuration as code next to it.",
    run,
};

const LIBRARIES: &[&str] = &[
    "opentelemetry*",
    "@opentelemetry/*",
    "io.opentelemetry*",
    "go.opentelemetry.io/*",
    "prom-client",
    "prometheus_client",
    "prometheus",
    "prometheus-client",
    "github.com/prometheus/client_golang",
    "micrometer-*",
    "prometheus-net*",
    "metrics-exporter-prometheus",
    "sentry*",
    "@sentry/*",
    "io.sentry*",
    "dd-trace",
    "ddtrace",
    "datadog*",
    "newrelic",
    "elastic-apm*",
    "applicationinsights",
    "microsoft.applicationinsights*",
    "@microsoft/applicationinsights-*",
    "spring-boot-starter-actuator",
];

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let mut passes = from_paths(CHECK.id, raw.of(PathKind::Monitoring), "monitoring configuration");
    passes.extend(from_deps(CHECK.id, raw, LIBRARIES, "instrumentation"));
    conclude(
        CHECK.id,
        passes,
        has_code(raw),
        "no monitoring configuration or instrumentation library found",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::outcomes;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        assert_eq!(
            outcomes(&CHECK, &[("monitoring/grafana/dashboards/api.json", "{}")]),
            [Pass]
        );
        assert_eq!(
            outcomes(
                &CHECK,
                &[("go.mod", "module x\nrequire go.opentelemetry.io/otel v1.0.0\n")]
            ),
            [Pass]
        );
        assert_eq!(outcomes(&CHECK, &[("a.go", "")]), [Fail]);
    }
}
