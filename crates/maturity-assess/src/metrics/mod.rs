//! Delivery metrics: the DORA four keys, release cadence, people and flow, and knowledge silos,
//! computed from a commit history, release tags and optionally deployment and incident
//! exports — with the evidence behind every number, DORA bands, and observed maturity levels.
//!
//! Pure: no files, no clock (`Config::now` is passed in), no git library. Readers fill an
//! [`Input`] (see the `maturity-git` crate); [`compute`] turns it into [`Metrics`], the JSON
//! contract documented in `docs/metrics.md`; the renderers turn that into text.

pub mod bands;
pub mod compute;
pub mod config;
pub mod first_release;
pub mod history;
pub mod input;
pub mod levels;
pub mod quantile;
pub mod render;
pub mod time;

pub use bands::{Band, DoraBenchmark, Thresholds, parse_dora_benchmark};
pub use compute::{Metrics, SCHEMA_VERSION, compute};
pub use config::{Config, DEFAULT_ENVIRONMENT};
pub use first_release::{UNRELEASED, first_delivery};
pub use history::{Clock, CommitId, CommitInfo, History, HistoryBuilder};
pub use input::{DeployStatus, Deployment, DirChanges, Incident, Input, Release, Warning};
pub use levels::{MetricLevel, observed_levels};
pub use quantile::{Summary, quantile_sorted, summarize};
pub use render::{Explain, render_json, render_markdown, render_table};
