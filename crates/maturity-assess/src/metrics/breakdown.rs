//! The five keys per environment and per service (docs/metrics.md, "Services and
//! environments"): each entry is the whole computation again over one slice of the deliveries,
//! so a key means the same in every entry as it does overall.
//!
//! Entries, in order: each environment of the deployments export (all services); each service
//! in the configured environment's role (the overall production figures, split); and, when the
//! export has more than one environment, each service in each environment it deployed to.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::compute::compute;
use super::config::Config;
use super::input::Input;
use super::output::Bands;

/// A service: its name, and in a monorepo the commits that are its own (by dense id), which
/// alone count for its lead time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceScope {
    pub name: String,
    pub commits: Option<Vec<bool>>,
}

/// The keys of one slice of the deliveries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    /// `None`: every service.
    pub service: Option<String>,
    /// An environment's name, or for a service across its role, the role.
    pub environment: String,
    /// What the environment is to the team (`[metrics] environments`): itself when unmapped.
    pub role: String,
    pub deliveries: usize,
    pub deployment_frequency_per_week: f64,
    pub lead_time_median_hours: Option<f64>,
    pub lead_time_count: usize,
    pub change_failure_rate: Option<f64>,
    pub failed_deployment_recovery_time_median_hours: Option<f64>,
    pub deployment_rework_rate: Option<f64>,
    pub bands: Bands,
}

/// Every entry for `input` under `config`; empty without a deployments export, where
/// deliveries are release tags and have neither environment nor service.
pub fn breakdown(input: &Input, config: &Config, services: &[ServiceScope]) -> Vec<Breakdown> {
    let Some(deployments) = &input.deployments else {
        return Vec::new();
    };
    let environments: BTreeSet<&str> = deployments.iter().map(|d| d.environment.as_str()).collect();
    let mut names: BTreeSet<&str> = deployments.iter().filter_map(|d| d.service.as_deref()).collect();
    names.extend(services.iter().map(|s| s.name.as_str()));
    let scope_of = |name: &str| {
        services
            .iter()
            .find(|s| s.name == name)
            .and_then(|s| s.commits.clone())
    };
    let slice = |service: Option<&str>, environment: &str, whole_role: bool| {
        let mut c = config.clone();
        c.environment = environment.to_string();
        if !whole_role {
            c.environment_roles.clear();
        }
        c.service = service.map(str::to_string);
        c.scope = service.and_then(scope_of);
        c.explain_commits = false;
        c.silos = false;
        let m = compute(input, &c);
        Breakdown {
            service: c.service.clone(),
            environment: environment.to_string(),
            role: config.role(environment).to_string(),
            deliveries: m.deployment_frequency.count,
            deployment_frequency_per_week: m.deployment_frequency.per_week,
            lead_time_median_hours: m.lead_time.median_hours,
            lead_time_count: m.lead_time.count,
            change_failure_rate: m.change_failure_rate.value,
            failed_deployment_recovery_time_median_hours: m.failed_deployment_recovery_time.median_hours,
            deployment_rework_rate: m.deployment_rework_rate.value,
            bands: m.bands,
        }
    };
    let mut out: Vec<Breakdown> = environments.iter().map(|e| slice(None, e, false)).collect();
    let role = config.role(&config.environment).to_string();
    out.extend(names.iter().map(|s| {
        let mut entry = slice(Some(s), &config.environment, true);
        entry.environment.clone_from(&role);
        entry
    }));
    if environments.len() > 1 {
        for service in &names {
            for environment in &environments {
                let deployed = deployments
                    .iter()
                    .any(|d| d.environment == *environment && d.service.as_deref() == Some(service));
                // The role's entry already is this one when the role is this environment alone.
                let listed = out
                    .iter()
                    .any(|b| b.service.as_deref() == Some(service) && b.environment == *environment);
                if deployed && !listed {
                    out.push(slice(Some(service), environment, false));
                }
            }
        }
    }
    out
}
