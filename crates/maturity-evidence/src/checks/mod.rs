//! The registry of checks. Each check lives in its own file with its metadata, its judging
//! function and its tests; what they share is in `support`, apart from the registry, so a
//! check and the registry that lists it never import each other.

mod alerting_rules;
mod api_spec;
mod architecture_decisions;
mod changelog;
mod ci_config_present;
mod ci_publishes_artifacts;
mod ci_runs_tests;
mod ci_static_analysis;
mod ci_triggers_downstream;
mod ci_triggers_on_change;
mod codeowners;
mod config_parses;
mod container_build;
mod coverage_measured;
mod coverage_threshold;
mod coverage_threshold_high;
mod dependency_audit_step;
mod dependency_update_bot;
mod deploy_automated;
mod deploy_manual_approval;
mod dev_environment_as_code;
mod docs_present;
mod e2e_tests_in_ci;
mod e2e_tests_present;
mod feature_toggles;
mod formatter_configured;
mod health_checks;
mod iac_present;
mod integration_tests_present;
mod k8s_manifests;
mod lockfile_present;
mod monitoring_config;
mod per_env_config;
mod performance_tests_in_ci;
mod performance_tests_present;
mod pr_template;
mod progressive_delivery;
mod release_automation;
mod runbooks;
mod security_scanning;
mod security_scanning_in_ci;
mod static_analysis_configured;
mod support;
mod test_doubles;
mod test_to_source_ratio;
mod toolchain_pinned;
mod unit_tests_present;

#[cfg(test)]
pub(crate) mod test_support;

use crate::check::Check;
use crate::finding::Finding;
use crate::raw::RawEvidence;

/// Every check, in the order they are documented and run.
pub fn all() -> &'static [Check] {
    &REGISTRY
}

/// The check with this id.
pub fn get(id: &str) -> Option<&'static Check> {
    REGISTRY.iter().find(|check| check.id == id)
}

static REGISTRY: [Check; 46] = [
    // Builds and CI
    ci_config_present::CHECK,
    ci_triggers_on_change::CHECK,
    ci_runs_tests::CHECK,
    ci_static_analysis::CHECK,
    ci_publishes_artifacts::CHECK,
    ci_triggers_downstream::CHECK,
    // Deployment and release
    deploy_automated::CHECK,
    deploy_manual_approval::CHECK,
    progressive_delivery::CHECK,
    feature_toggles::CHECK,
    release_automation::CHECK,
    changelog::CHECK,
    // Environments and configuration as code
    iac_present::CHECK,
    container_build::CHECK,
    k8s_manifests::CHECK,
    per_env_config::CHECK,
    dev_environment_as_code::CHECK,
    toolchain_pinned::CHECK,
    // Dependencies
    lockfile_present::CHECK,
    dependency_update_bot::CHECK,
    dependency_audit_step::CHECK,
    // Code quality and review
    static_analysis_configured::CHECK,
    formatter_configured::CHECK,
    codeowners::CHECK,
    pr_template::CHECK,
    // Tests
    unit_tests_present::CHECK,
    test_to_source_ratio::CHECK,
    integration_tests_present::CHECK,
    e2e_tests_present::CHECK,
    e2e_tests_in_ci::CHECK,
    performance_tests_present::CHECK,
    performance_tests_in_ci::CHECK,
    security_scanning::CHECK,
    security_scanning_in_ci::CHECK,
    coverage_measured::CHECK,
    coverage_threshold::CHECK,
    coverage_threshold_high::CHECK,
    test_doubles::CHECK,
    // Operations and documentation
    monitoring_config::CHECK,
    alerting_rules::CHECK,
    health_checks::CHECK,
    runbooks::CHECK,
    docs_present::CHECK,
    architecture_decisions::CHECK,
    api_spec::CHECK,
    // Input problems
    config_parses::CHECK,
];

/// Runs every check over the evidence; findings come out in registry order.
pub fn judge(raw: &RawEvidence) -> Vec<Finding> {
    REGISTRY.iter().flat_map(|check| (check.run)(raw)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_documented() {
        let mut ids: Vec<&str> = all().iter().map(|c| c.id).collect();
        for check in all() {
            assert!(
                check
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                check.id
            );
            assert!(
                check.question.ends_with('?'),
                "{}: the question must be a question",
                check.id
            );
            assert!(!check.remediation.is_empty(), "{}", check.id);
        }
        ids.sort_unstable();
        let count = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), count, "duplicate check ids");
    }

    /// The rules are the source of what a check informs; a check no rule reads must say why,
    /// and a check some rule reads must not claim to inform nothing.
    #[test]
    fn every_check_informs_a_level_or_says_why_not() {
        let mut disagreements = Vec::new();
        for check in all() {
            match (check.criteria().is_empty(), check.informs_no_level) {
                (true, None) => disagreements.push(format!(
                    "{}: no level rule reads it; add it to a rule in levels::RULES or give `informs_no_level` a reason",
                    check.id
                )),
                (false, Some(_)) => disagreements.push(format!(
                    "{}: says it informs no level, but the rules for {} read it",
                    check.id,
                    check.criteria().join(", ")
                )),
                (true, Some(reason)) if reason.trim().is_empty() => {
                    disagreements.push(format!("{}: empty reason for informing no level", check.id));
                }
                _ => {}
            }
        }
        assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    }

    #[test]
    fn rules_read_only_registered_checks() {
        let unknown: Vec<String> = crate::levels::RULES
            .iter()
            .flat_map(|rule| {
                rule.checks()
                    .into_iter()
                    .filter(|id| get(id).is_none())
                    .map(move |id| format!("{}: unknown check {id}", rule.criterion))
            })
            .collect();
        assert!(unknown.is_empty(), "{}", unknown.join("\n"));
    }

    #[test]
    fn an_empty_tree_yields_no_pass() {
        let raw = RawEvidence::default();
        assert!(
            judge(&raw)
                .iter()
                .all(|f| f.outcome != crate::finding::Outcome::Pass)
        );
    }
}
