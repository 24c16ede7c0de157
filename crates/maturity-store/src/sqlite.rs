//! The SQLite store, the default: one file, created on first use, in WAL mode so readers never
//! wait for the writer. Write transactions start with `BEGIN IMMEDIATE` so two writers queue on
//! the busy timeout instead of failing when one upgrades a read lock.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

use crate::common::impl_store;
use crate::groups::impl_groups;
use crate::links::impl_links;

/// How long a writer waits for another before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if missing) the database at `sqlite://PATH` and migrates it.
    pub async fn connect(url: &str) -> crate::error::Result<Self> {
        let in_memory = url.contains(":memory:");
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT)
            // NORMAL in WAL mode loses nothing when the process dies, only on power loss.
            .synchronous(SqliteSynchronous::Normal)
            .journal_mode(if in_memory {
                SqliteJournalMode::Memory
            } else {
                SqliteJournalMode::Wal
            });
        // An in-memory database lives in one connection; a file is shared by several.
        let pool = SqlitePoolOptions::new()
            .max_connections(if in_memory { 1 } else { 8 })
            .min_connections(1)
            .acquire_timeout(BUSY_TIMEOUT)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        Ok(Self { pool })
    }

    async fn begin_write(&self) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
        self.pool.begin_with("BEGIN IMMEDIATE").await
    }

    /// Nothing to refresh: without statistics SQLite's planner takes an index on the column
    /// looked up to be selective, which is right for every lookup this store makes.
    async fn after_bulk_write(&self) {}
}

impl_store!(SqliteStore, Sqlite);
impl_groups!(SqliteStore, Sqlite);
impl_links!(SqliteStore, Sqlite);
