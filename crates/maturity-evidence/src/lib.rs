//! Working-tree scanner (work in progress).
pub mod check;
pub mod checks;
pub mod collect;
pub mod config;
pub mod error;
pub mod finding;
pub mod raw;
pub mod text;
pub mod yaml;
