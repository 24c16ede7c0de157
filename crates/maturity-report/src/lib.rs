//! Rendering an assessment's results: Markdown, one self-contained HTML file with inline SVG
//! charts, and JSON.
//!
//! Scores come from `maturity-assess`, texts from `maturity-model`; this crate joins them,
//! writes the words around the numbers (the summary, by the documented rules of `summary`;
//! the method; what the evidence says per area) and formats. It does no I/O: renderers return
//! strings and the caller writes them.

mod charts;
mod delivery;
mod groups;
pub mod pipeline;
pub mod plan;
mod render;
mod sections;
mod summary;
pub mod svg;
pub mod view;

pub use delivery::{Explain, render_metrics};
pub use pipeline::{Gathered, Inputs, prepare, report_for};
pub use plan::render_plan;
pub use render::{Format, RenderError, TextFormat, add_number_filters, render};
pub use view::{Delivery, Report, build};
