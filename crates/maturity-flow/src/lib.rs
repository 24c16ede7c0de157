//! Work-item flow: how work moves through a team's workflow, read from the exports of the
//! trackers teams use, and measured (docs/flow.md is the contract).
//!
//! `read` turns an export's text (Jira CSV, Azure Boards CSV, `gh issue list --json`, or one
//! column per workflow stage) into [`WorkItem`]s, with every bad row listed by line; `metrics`
//! computes cycle and lead time, throughput, WIP, aging and cumulative flow, `forecast` the
//! Monte Carlo forecasts, `levels` the observed maturity levels the numbers support.
//!
//! Pure: text and plain data in, data out. This crate must not read files, look at the clock
//! (the last day of a measurement is passed in or taken from the data), use the network or
//! know the report, the store or the CLI; the edges (`maturity-sources`, the binary) do that.

mod date;
mod day;
mod forecast;
mod item;
mod levels;
mod metrics;
mod output;
mod percentile;
mod pool;
pub mod read;

pub use date::parse_date;
pub use day::Day;
pub use forecast::{Forecast, ForecastRequest, HowMany, TRIALS, When};
pub use item::{Stages, WorkItem, Workflow};
pub use levels::observed_levels;
pub use metrics::{Options, measure};
pub use output::{
    Aging, Cfd, Count, FileRead, Flow, FlowLevel, Items, Percentiles, Throughput, Unreadable, Wip,
};
pub use percentile::summarize;
pub use read::{Format, Read, Source, read, read_source};
