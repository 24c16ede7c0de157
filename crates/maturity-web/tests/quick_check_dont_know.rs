//! "Don't know" in DORA's Quick Check is an answer (issue 14), through `app()` on both stores:
//! saved from the survey, chosen again when the respondent comes back, counted in the report
//! and left out of its averages, written to the export and read back by an import. A
//! forged answer is refused, naming the question.

mod common;

use std::io::Read;

use axum::http::StatusCode;
use common::{Backend, World, hidden, id_from};

/// The files of an exported tar, named inside its top folder, as an import takes them.
fn untar(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = tar::Archive::new(bytes);
    let mut files = Vec::new();
    for entry in archive.entries().expect("tar") {
        let mut entry = entry.expect("entry");
        let path = entry.path().expect("path").into_owned();
        let inside: std::path::PathBuf = path.components().skip(1).collect();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("read");
        files.push((inside.to_string_lossy().into_owned(), bytes));
    }
    files
}

async fn dont_know_survives_save_reload_report_and_export(backend: Backend) {
    let world = World::new(backend).await;
    let assessor = world.login("assessor").await;
    let (id, link) = world.one_invited(&assessor, "Quick team").await;
    // A page past the last is the Quick Check's.
    let quick = world.get(&format!("{link}?page=99"), None).await;
    assert!(quick.body.contains("dora:leadtime"), "{}", quick.body);
    let csrf = hidden(&quick.body, "csrf");
    let page = hidden(&quick.body, "page");

    for (field, value, expected) in [
        ("dora:leadtime", "maybe", "`maybe` is not an answer to leadtime"),
        ("dora:changefailure", "101", "answer 0..=100"),
        ("dora:mttr", "dk", "`mttr` is not a Quick Check question"),
    ] {
        let bad = world
            .post_form(&link, None, &[("csrf", &csrf), ("page", &page), (field, value)])
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{field}={value}");
        assert!(bad.body.contains(expected), "{field}={value}: {}", bad.body);
    }

    let saved = world
        .post_form(
            &link,
            None,
            &[
                ("csrf", &csrf),
                ("page", &page),
                ("dora:leadtime", "4"),
                ("dora:deployfreq", "dk"),
                ("dora:changefailure", "20"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let record = world.store.assessment(id).await.expect("query").expect("stored");
    let dora: Vec<_> = record.respondents[0]
        .dora
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    assert_eq!(
        dora,
        [
            ("changefailure", Some(20)),
            ("deployfreq", None),
            ("leadtime", Some(4))
        ]
    );

    // Back on the page, "don't know" is chosen for deployfreq only.
    let again = world.get(&format!("{link}?page={page}"), None).await;
    assert!(
        again
            .body
            .contains(r#"name="dora:deployfreq" value="dk" checked"#),
        "{}",
        again.body
    );
    assert!(
        !again
            .body
            .contains(r#"name="dora:failurerecovery" value="dk" checked"#),
        "an unanswered question is not \"don't know\""
    );
    assert!(again.body.contains(r#"name="dora:leadtime" value="4" checked"#));

    // A later page that leaves deployfreq out keeps its "don't know".
    world
        .post_form(
            &link,
            None,
            &[("csrf", &csrf), ("page", &page), ("dora:rework", "10")],
        )
        .await;
    let json: serde_json::Value = serde_json::from_str(
        &world
            .get(&format!("/assessments/{id}/report.json"), Some(&assessor))
            .await
            .body,
    )
    .expect("json");
    let q = &json["dora_quick_check"];
    assert_eq!(q["dont_know"], serde_json::json!({"deployfreq": 1}), "{q}");
    assert_eq!(q["answered"], 3, "don't know is not an answered metric: {q}");
    assert!(q["metrics"].get("deployfreq").is_none());
    let md = world
        .get(&format!("/assessments/{id}/report.md"), Some(&assessor))
        .await
        .body;
    assert!(
        md.contains("Deployment frequency: 1 of 1 said don't know"),
        "{md}"
    );

    let tar = world
        .get(&format!("/assessments/{id}/export.tar"), Some(&assessor))
        .await;
    assert_eq!(tar.status, StatusCode::OK);
    let files = untar(&tar.bytes);
    let response = files
        .iter()
        .find(|(name, _)| name.starts_with("responses/"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .expect("a response file");
    assert!(response.contains("deployfreq = \"dont-know\""), "{response}");
    let parts: Vec<(&str, &str, Vec<u8>)> = files
        .iter()
        .map(|(name, bytes)| ("files", name.as_str(), bytes.clone()))
        .collect();
    let imported = world
        .post_multipart(
            "/assessments/import",
            Some(&assessor),
            &[("csrf", &assessor.csrf)],
            &parts,
        )
        .await;
    assert_eq!(imported.status, StatusCode::SEE_OTHER, "{}", imported.body);
    let copy = world
        .store
        .assessment(id_from(&imported.location))
        .await
        .expect("query")
        .expect("imported");
    assert_eq!(copy.respondents[0].dora, record_after(&world, id).await);
}

/// The Quick Check answers of the assessment's one respondent, as stored now.
async fn record_after(world: &World, id: i64) -> maturity_store::DoraAnswers {
    let record = world.store.assessment(id).await.expect("query").expect("stored");
    record.respondents[0].dora.clone()
}

#[tokio::test]
async fn dont_know_survives_save_reload_report_and_export_sqlite() {
    dont_know_survives_save_reload_report_and_export(Backend::Sqlite).await;
}

#[tokio::test]
async fn dont_know_survives_save_reload_report_and_export_postgres() {
    dont_know_survives_save_reload_report_and_export(Backend::Postgres).await;
}
