//! The PostgreSQL store, for a shared server: several stateless web servers can use one
//! database, since every write is one transaction and readers check revisions, not memory.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres, Transaction};

use crate::common::impl_store;
use crate::groups::impl_groups;
use crate::links::impl_links;

pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects to `postgres://…` and migrates the database.
    pub async fn connect(url: &str) -> crate::error::Result<Self> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Ok(Self { pool })
    }

    async fn begin_write(&self) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
        self.pool.begin().await
    }

    /// After a write that can grow tables by much at once (an import, a batch of events):
    /// refreshes the planner's statistics of the tables that have doubled since they were last
    /// analysed. Autovacuum does it too, but a minute or more later; until then a database
    /// filled by a bulk import is planned as if empty, and a lookup by key scans a whole table.
    /// With 720,000 imported answers the first portfolio took 18.7 s instead of 1.6 s
    /// (`bench/load.sh`). Doubling each time, a table is analysed a dozen times on its way to a
    /// million rows, each a sample of at most 30,000 of them; plans do not change for less.
    async fn after_bulk_write(&self) {
        // Statistics only steer plans: the write has committed whatever happens here, and a
        // role that may not analyse a table is told so by a warning, not an error.
        let _ = self.refresh_statistics().await;
    }

    async fn refresh_statistics(&self) -> Result<(), sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        // One server at a time: another's refresh would wait on the same tables' locks.
        let ours: bool = sqlx::query_scalar("SELECT pg_try_advisory_xact_lock($1)")
            .bind(STATISTICS_LOCK)
            .fetch_one(&mut *tx)
            .await?;
        if !ours {
            return Ok(());
        }
        // Pages on disk against the pages the planner last counted: known at once, unlike the
        // activity counters, which each connection reports a second or more later.
        let grown: Vec<String> = sqlx::query_scalar(
            "SELECT c.relname::text FROM pg_class c WHERE c.oid = ANY($1::text[]::regclass[]) \
             AND pg_relation_size(c.oid) / current_setting('block_size')::bigint \
                 >= GREATEST(c.relpages, 0)::bigint * 2 + 8",
        )
        .bind(&BULK_TABLES[..])
        .fetch_all(&mut *tx)
        .await?;
        let names: Vec<&str> = BULK_TABLES
            .iter()
            .copied()
            .filter(|t| grown.iter().any(|g| g == t))
            .collect();
        if !names.is_empty() {
            // The names are this crate's own table names, never input.
            let sql = format!("ANALYZE {}", names.join(", "));
            sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut *tx).await?;
        }
        tx.commit().await
    }
}

/// The tables an import or a batch of events fills.
const BULK_TABLES: [&str; 8] = [
    "assessments",
    "respondents",
    "answers",
    "dora_answers",
    "source_files",
    "observations",
    "evidence",
    "deployments",
];

/// The advisory lock the statistics refresh holds ("mtrstats").
const STATISTICS_LOCK: i64 = 0x6d74_7273_7461_7473;

impl_store!(PostgresStore, Postgres);
impl_groups!(PostgresStore, Postgres);
impl_links!(PostgresStore, Postgres);
