//! Delivery metrics: the five DORA keys, release cadence, people and flow, and knowledge silos,
//! computed from a commit history, release tags and optionally deployment and incident
//! exports — with the evidence behind every number, DORA bands, and observed maturity levels.
//!
//! Pure: no files, no clock (`Config::now` is passed in), no git library. Readers fill an
//! [`Input`] (see the `maturity-git` crate); [`compute`] turns it into [`Metrics`], the JSON
//! contract documented in `docs/metrics.md` (`output`), written by [`Metrics::to_json`] and read
//! back by [`Metrics::from_json`]; `maturity-report` renders it as text.
//!
//! One module per metric, each given only what it needs by `compute`: `deliveries` (and the
//! window), `frequency`, `cadence`, `lead_time`, `failure_rate` with `incidents` and
//! `failure_heuristic`, `recovery`, `rework`, `people`, `silos`, `work_items` (work items named in commits, and when they reached production),
//! `quality` (data-quality warnings), `breakdown` (the keys per environment and service), and
//! `levels`, which reads a finished [`Metrics`] and the benchmark.

pub mod bands;
pub mod breakdown;
mod cadence;
pub mod compute;
pub mod config;
mod deliveries;
mod failure_heuristic;
mod failure_rate;
pub mod first_release;
mod frequency;
pub mod history;
mod incidents;
pub mod input;
mod lead_time;
pub mod levels;
pub mod output;
mod people;
mod quality;
pub mod quantile;
mod recovery;
mod rework;
mod silos;
#[cfg(test)]
mod testkit;
pub mod time;
pub mod work_items;

pub use bands::{Band, DoraBenchmark, Thresholds, parse_dora_benchmark};
pub use breakdown::{Breakdown, ServiceScope, breakdown};
pub use compute::compute;
pub use config::{Config, DEFAULT_ENVIRONMENT};
pub use first_release::{UNRELEASED, first_delivery};
pub use history::{Clock, CommitId, CommitInfo, History, HistoryBuilder};
pub use input::{DeployStatus, Deployment, DirChanges, Incident, Input, Release, ReworkKind, Warning};
pub use levels::observed_levels;
pub use output::{
    AuthorChanges, Bands, BenchmarkRef, Cadence, ChangeFailureRate, CommitLead, DeliverySource,
    DeploymentFrequency, DeploymentOut, Failure, IncidentOut, LeadTime, MetricLevel, Metrics, MonthCount,
    MonthLead, People, Recovery, RecoveryItem, ReleaseOut, ReworkItem, ReworkRate, SCHEMA_VERSION, SiloDir,
    Silos, Window,
};
pub use quantile::{Summary, quantile_sorted, summarize};
