//! The DORA Quick Check as data: its five questions and answer scales (`questions`), DORA's
//! benchmarks by industry and organisation size (`benchmarks`), a respondent's `[dora]`
//! answers (`answers`) and the `[dora]` table of `maturity.toml` (`config`).
//!
//! Pure like the rest of this crate: the built-in data is compiled in, and scoring lives in
//! `maturity-assess` (docs/dora-quick-check.md). Must not depend on scoring or rendering.

mod answers;
mod benchmarks;
mod config;
mod questions;

pub use answers::{DONT_KNOW, DoraAnswers, parse_dora_answers};
pub use benchmarks::{BenchmarkGroup, Benchmarks, Grouping, MeanStd, parse_benchmarks};
pub use config::{DoraConfig, RawDoraConfig, check_dora_config};
pub use questions::{Better, Group, Measured, Metric, QuickCheck, Scale, parse_quick_check};

/// The five metrics' keys, in the Quick Check's order: DORA's own names.
pub const METRICS: [&str; 5] = [
    "leadtime",
    "deployfreq",
    "failurerecovery",
    "changefailure",
    "rework",
];
