//! The store: everything the web app keeps, behind one trait with a SQLite and a PostgreSQL
//! implementation, each with its own migrations (`migrations/sqlite`, `migrations/postgres`).
//!
//! This is the only crate that knows SQL. It knows nothing of HTTP, of scoring or of the model
//! files: it keeps plain records (strings, numbers, opaque JSON text) and the web layer turns
//! them into an `Assessment`. Secrets never reach it in clear: callers pass hashes of passwords,
//! session ids and tokens, and look records up by those hashes.
//!
//! Times are Unix seconds passed in by the caller, so the store has no clock of its own and
//! tests can move time.

mod answers;
mod common;
mod connect;
mod error;
mod groups;
mod latest;
mod links;
mod postgres;
mod records;
mod sqlite;
mod store;
#[cfg(feature = "testing")]
pub mod testing;

pub use connect::{connect, redact};
pub use error::{Result, StoreError};
pub use groups::{Group, Groups};
pub use links::{LinkNonce, SurveyLinks};
pub use postgres::PostgresStore;
pub use records::*;
pub use sqlite::SqliteStore;
pub use store::Store;
