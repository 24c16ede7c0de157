//! Rendering an assessment's results: Markdown, one self-contained HTML file with inline SVG
//! charts, and JSON.
//!
//! Scores come from `maturity-assess`, texts from `maturity-model`; this crate joins them,
//! writes the words around the numbers (the summary, by the documented rules of `summary`;
//! the method; what the evidence says per area) and formats. It does no I/O: renderers return
//! strings and the caller writes them.

mod charts;
mod delivery;
mod flow;
mod flow_charts;
mod groups;
pub mod openmetrics;
pub mod pipeline;
pub mod plan;
pub mod quick_check;
mod render;
mod sections;
mod summary;
pub mod svg;
mod tests;
pub mod to_production;
pub mod view;

pub use delivery::{Explain, render_metrics};
pub use flow::render_flow;
pub use pipeline::{Gathered, Inputs, prepare, report_for};
pub use plan::render_plan;
pub use render::{Format, RenderError, TextFormat, add_number_filters, render};
pub use tests::{render_coverage, render_tests};
pub use view::{CoverageResults, Delivery, FlowSection, Report, TestResults, build};
