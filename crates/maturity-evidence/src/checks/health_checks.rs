//! `health-checks`: do deployments declare how to tell the service is healthy?

use crate::check::Check;
use crate::checks::support::{conclude, from_deps, from_markers, has_code};
use crate::finding::Finding;
use crate::raw::{MarkerKind, RawEvidence};

pub const CHECK: Check = Check {
    id: "health-checks",
    question: "Are health checks declared (Kubernetes probes, Dockerfile HEALTHCHECK, compose healthcheck, load-balancer health checks, health-check libraries)?",
    informs_no_level: None,
    remediation: "Expose a health endpoint and declare it where the service runs (liveness/readiness probes, HEALTHCHECK, load-balancer health checks) so failures are detected and replaced automatically.",
    run,
};

const LIBRARIES: &[&str] = &[
    "spring-boot-starter-actuator",
    "microsoft.extensions.diagnostics.healthchecks*",
    "aspnetcore.healthchecks*",
    "@godaddy/terminus",
    "@nestjs/terminus",
    "django-health-check",
    "github.com/heptiolabs/healthcheck",
    "github.com/alexliesenfeld/health",
    "fastapi-health",
    "health-check",
];

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let mut passes = from_markers(CHECK.id, raw, MarkerKind::HealthCheck);
    passes.extend(from_deps(CHECK.id, raw, LIBRARIES, "health-check library"));
    conclude(CHECK.id, passes, has_code(raw), "no health checks declared")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        assert_eq!(
            run(
                &CHECK,
                &[(
                    "Dockerfile",
                    "FROM x\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n"
                )]
            ),
            [(Pass, "Dockerfile:2".to_string())]
        );
        assert_eq!(
            run(
                &CHECK,
                &[("Dockerfile", "FROM x\nHEALTHCHECK NONE\n"), ("a.go", "")]
            ),
            [(Fail, "-".to_string())]
        );
    }
}
