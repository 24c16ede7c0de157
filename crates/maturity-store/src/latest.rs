//! The reads that span every subject at once (`subjects`, `latest_assessments`,
//! `newest_events`), for pages that
//! show all subjects side by side: one query each, instead of one query per subject. Expanded
//! inside `common::impl_store` for each backend, so it knows that macro's `SUMMARY`, `summary`
//! and imports.

/// Defines, for backend `$db`, the functions `impl_store`'s `subjects`, `latest_assessments`
/// and `newest_events` run.
macro_rules! latest_queries {
    ($db:ty) => {
        async fn subject_names(pool: &sqlx::Pool<$db>) -> Result<Vec<String>> {
            let rows = sqlx::query("SELECT DISTINCT subject FROM assessments").fetch_all(pool).await?;
            rows.iter().map(|row| Ok(row.try_get("subject")?)).collect()
        }

        async fn latest_summaries(pool: &sqlx::Pool<$db>, per_subject: i64) -> Result<Vec<AssessmentSummary>> {
            // Ranked newest first as `assessments_by_subject` orders them, returned in its order.
            let sql = sqlx::AssertSqlSafe(format!(
                "{SUMMARY} WHERE a.id IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER \
                 (PARTITION BY subject ORDER BY COALESCE(date, '') DESC, id DESC) AS n FROM assessments) ranked \
                 WHERE n <= $1) ORDER BY COALESCE(a.date, ''), a.id"
            ));
            let rows = sqlx::query(sql).bind(per_subject).fetch_all(pool).await?;
            rows.iter().map(summary).collect()
        }

        async fn newest_event_ids(pool: &sqlx::Pool<$db>) -> Result<std::collections::HashMap<String, Id>> {
            let rows = sqlx::query("SELECT subject, MAX(id) AS id FROM deployments GROUP BY subject")
                .fetch_all(pool)
                .await?;
            rows.iter().map(|row| Ok((row.try_get("subject")?, row.try_get("id")?))).collect()
        }
    };
}

pub(crate) use latest_queries;
