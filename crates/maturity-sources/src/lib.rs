//! Every evidence source of an assessment, in one registry.
//!
//! A source is one kind of evidence: a working-tree scan, delivery metrics, work-item flow, and
//! the kinds that follow. Its [`Source`] implementation says everything the rest of the product needs to know
//! about it: its kind (the name stored evidence, the upload form and the API use),
//! its `[evidence]` key in `maturity.toml` (and the API collection it is pushed to), how it is
//! read from a repository, a saved file or a pushed body, and what the typed result adds to a
//! report: observed levels and report sections. The CLI and the web app go through
//! [`SOURCES`] and never name a source themselves, so adding one is one module here and one
//! line in [`SOURCES`].
//!
//! This crate is an edge: it reads files and repositories through `maturity-evidence` and
//! `maturity-git`. It must not know HTTP, SQL or clap; judging and rendering stay in
//! `maturity-assess` and `maturity-report`.

mod error;
mod events;
mod export_paths;
mod flow;
mod metrics;
mod registry;
mod scan;
mod source;
mod test_results;

pub use error::{ParseError, SourceError};
pub use events::EVENTS_KIND;
pub use export_paths::export_paths;
pub use registry::{
    SOURCES, check_config, gather, kinds_in_words, read_saved, read_saved_with, source_of_kind,
};
pub use source::{Evidence, Reading, Repository, Source};
