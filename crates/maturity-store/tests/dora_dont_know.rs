//! "Don't know" as a stored Quick Check answer (migration 0007), on both backends: a database
//! from before it keeps its answers and then takes a "don't know"; the table still refuses a
//! value outside its scales.

use maturity_store::connect;

/// The migrations up to `0006`, the schema before "don't know" was stored, in a folder of
/// their own.
fn old_migrations(backend: &str) -> tempfile::TempDir {
    let old = tempfile::tempdir().expect("temp dir");
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(backend);
    for entry in std::fs::read_dir(&source).expect("migrations").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.as_str() < "0007" {
            std::fs::copy(entry.path(), old.path().join(&name)).expect("copy migration");
        }
    }
    old
}

const SEED: [&str; 4] = [
    "INSERT INTO assessments (subject, models, created_at) VALUES ('checkout', 'devops', 2)",
    "INSERT INTO respondents (assessment_id, name, role, created_at) VALUES (1, 'ann', 'dev', 3)",
    "INSERT INTO dora_answers (respondent_id, metric, value, updated_at) VALUES (1, 'leadtime', 4, 4)",
    "INSERT INTO dora_answers (respondent_id, metric, value, updated_at) VALUES (1, 'changefailure', 0, 4)",
];

async fn old_answers_are_kept(url: &str) {
    let backend = if url.starts_with("sqlite") {
        "sqlite"
    } else {
        "postgres"
    };
    let old = old_migrations(backend);
    let migrator = sqlx::migrate::Migrator::new(old.path())
        .await
        .expect("old migrations");
    if backend == "sqlite" {
        let options: sqlx::sqlite::SqliteConnectOptions = url.parse().expect("url");
        let pool = sqlx::SqlitePool::connect_with(options.create_if_missing(true))
            .await
            .expect("pool");
        migrator.run(&pool).await.expect("old schema");
        for insert in SEED {
            sqlx::query(insert).execute(&pool).await.expect(insert);
        }
        let refused =
            "INSERT INTO dora_answers (respondent_id, metric, value, updated_at) VALUES (1, 'rework', -1, 4)";
        assert!(
            sqlx::query(refused).execute(&pool).await.is_err(),
            "the old CHECK"
        );
        pool.close().await;
    } else {
        let pool = sqlx::PgPool::connect(url).await.expect("pool");
        migrator.run(&pool).await.expect("old schema");
        for insert in SEED {
            sqlx::query(insert).execute(&pool).await.expect(insert);
        }
        pool.close().await;
    }

    let store = connect(url).await.expect("migrated");
    let respondent = store
        .assessment(1)
        .await
        .expect("query")
        .expect("kept")
        .respondents[0]
        .id;
    let kept: Vec<_> = store
        .dora_answers(respondent)
        .await
        .expect("query")
        .into_iter()
        .collect();
    assert_eq!(
        kept,
        [
            ("changefailure".to_string(), Some(0)),
            ("leadtime".to_string(), Some(4))
        ]
    );
    store
        .save_dora_answers(respondent, &[("rework".to_string(), None)], 5)
        .await
        .expect("don't know is stored now");
    let now: Vec<_> = store
        .dora_answers(respondent)
        .await
        .expect("query")
        .into_iter()
        .collect();
    assert_eq!(now.len(), 3);
    assert!(now.contains(&("rework".to_string(), None)));
    assert!(
        now.contains(&("changefailure".to_string(), Some(0))),
        "0 is not don't know"
    );
    // The value column still takes nothing outside -1..=100.
    assert!(
        store
            .save_dora_answers(respondent, &[("rework".to_string(), Some(101))], 6)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn old_answers_are_kept_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    old_answers_are_kept(&maturity_store::testing::sqlite_url(dir.path())).await;
}

#[tokio::test]
async fn old_answers_are_kept_postgres() {
    old_answers_are_kept(&maturity_store::testing::postgres_url().await).await;
}
