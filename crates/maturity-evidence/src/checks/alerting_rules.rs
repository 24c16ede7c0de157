//! `alerting-rules`: are alerts defined as code?

use crate::check::Check;
use crate::checks::support::{conclude, from_markers, has_code};
use crate::finding::Finding;
use crate::raw::{MarkerKind, RawEvidence};

pub const CHECK: Check = Check {
    id: "alerting-rules",
    question: "Are alerting rules kept as code (Prometheus rules, PrometheusRule objects, cloud alarms in IaC)?",
    informs_no_level: None,
    remediation: "Define alerts as code (Prometheus alerting rules, CloudWatch alarms or Azure metric alerts in Terraform/Bicep) with a runbook link for each.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    conclude(
        CHECK.id,
        from_markers(CHECK.id, raw, MarkerKind::AlertRule),
        has_code(raw),
        "no alerting rules kept as code",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        let rules = "groups:\n  - name: api\n    rules:\n      - alert: HighErrorRate\n        expr: x > 1\n";
        assert_eq!(
            run(&CHECK, &[("monitoring/api.rules.yml", rules)]),
            [(Pass, "monitoring/api.rules.yml:4".to_string())]
        );
        assert_eq!(run(&CHECK, &[("a.go", "")]), [(Fail, "-".to_string())]);
    }
}
