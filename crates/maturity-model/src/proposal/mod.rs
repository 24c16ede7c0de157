//! The catalog of improvement proposals: what a team can do, how hard it is, which criteria it
//! raises to which level and which proposals it needs first.
//!
//! The built-in catalog is compiled in; a user's catalog file adds proposals or replaces
//! built-in ones with the same id. Validation runs on the merged catalog, so a `Catalog` value
//! always has known criteria, known prerequisites and no prerequisite cycles, and the planner
//! can rely on that. Like the rest of this crate it is pure data: it must not depend on
//! scoring, planning, rendering or files (the caller reads the user's file and passes its text).
//!
//! `catalog` holds the data, `parse` reads a file and checks each proposal in it, and
//! `prerequisites` checks the links of the merged catalog.

mod catalog;
mod parse;
mod prerequisites;
#[cfg(test)]
mod test_support;

pub use catalog::{Catalog, Difficulty, MIN_RAISE, Proposal, Raise, Role};
pub use parse::parse_catalog;
