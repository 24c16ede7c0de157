//! The assessor chooses which of DORA's benchmark groups the Quick Check is compared with, on
//! the assessment page (issue 14): kept as `[dora]` of the assessment's settings, chosen again
//! when the page is shown, used by the report, carried by the export; a group DORA does not
//! publish is refused, naming the valid ones, and changes nothing.

mod common;

use axum::http::StatusCode;
use common::{Backend, World, hidden};

async fn the_benchmark_group_is_the_assessors_choice(backend: Backend) {
    let world = World::new(backend).await;
    let assessor = world.login("assessor").await;
    let (id, link) = world.one_invited(&assessor, "Benchmarked team").await;
    let quick = world.get(&format!("{link}?page=99"), None).await;
    let saved = world
        .post_form(
            &link,
            None,
            &[
                ("csrf", &hidden(&quick.body, "csrf")),
                ("page", &hidden(&quick.body, "page")),
                ("dora:leadtime", "4"),
                ("dora:deployfreq", "5"),
                ("dora:failurerecovery", "4"),
                ("dora:changefailure", "10"),
                ("dora:rework", "10"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    let page = format!("/assessments/{id}");
    let form = world.get(&page, Some(&assessor)).await.body;
    assert!(
        form.contains(r#"action="/assessments/"#) && form.contains("/dora-benchmark"),
        "{form}"
    );
    assert!(
        form.contains(r#"<option value="technology">Technology</option>"#),
        "{form}"
    );
    assert_eq!(
        quick_check(&world, &assessor, id).await["benchmark"]["group"],
        "all"
    );

    let path = format!("/assessments/{id}/dora-benchmark");
    let chose = world
        .post_form(
            &path,
            Some(&assessor),
            &[
                ("csrf", &assessor.csrf),
                ("industry", "technology"),
                ("size", "fewer_than_500"),
            ],
        )
        .await;
    assert_eq!(chose.status, StatusCode::SEE_OTHER, "{}", chose.body);
    let form = world.get(&page, Some(&assessor)).await.body;
    assert!(form.contains(r#"<option value="technology" selected>"#), "{form}");
    assert!(
        form.contains(r#"<option value="fewer_than_500" selected>"#),
        "{form}"
    );
    let q = quick_check(&world, &assessor, id).await;
    assert_eq!(q["benchmark"]["group"], "technology", "{q}");
    assert_eq!(q["other_benchmarks"][0]["group"], "fewer_than_500", "{q}");
    let settings = world
        .store
        .assessment(id)
        .await
        .expect("query")
        .expect("kept")
        .settings;
    assert!(
        settings.contains("[dora]") && settings.contains("industry = \"technology\""),
        "{settings}"
    );

    for (field, value, expected) in [
        (
            "industry",
            "space-travel",
            "industry: `space-travel` is not one of DORA",
        ),
        ("size", "huge", "size: `huge` is not one of DORA"),
    ] {
        let bad = world
            .post_form(
                &path,
                Some(&assessor),
                &[("csrf", &assessor.csrf), (field, value)],
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{field}={value}");
        assert!(bad.body.contains(expected), "{}", bad.body);
        assert!(
            bad.body.contains("technology") || bad.body.contains("fewer_than_500"),
            "lists the valid ones"
        );
    }
    assert_eq!(
        world
            .store
            .assessment(id)
            .await
            .expect("query")
            .expect("kept")
            .settings,
        settings,
        "a refused choice changes nothing"
    );

    let export = world
        .get(&format!("/assessments/{id}/export.tar"), Some(&assessor))
        .await;
    assert_eq!(export.status, StatusCode::OK);
    let text = String::from_utf8_lossy(&export.bytes).into_owned();
    assert!(
        text.contains("industry = \"technology\""),
        "the export's maturity.toml keeps the choice"
    );

    // Neither said: back to all of DORA's respondents.
    let cleared = world
        .post_form(
            &path,
            Some(&assessor),
            &[("csrf", &assessor.csrf), ("industry", ""), ("size", "")],
        )
        .await;
    assert_eq!(cleared.status, StatusCode::SEE_OTHER);
    assert_eq!(
        quick_check(&world, &assessor, id).await["benchmark"]["group"],
        "all"
    );
    let settings = world
        .store
        .assessment(id)
        .await
        .expect("query")
        .expect("kept")
        .settings;
    assert!(!settings.contains("[dora]"), "{settings}");
}

/// The report's `dora_quick_check`.
async fn quick_check(world: &World, assessor: &common::Session, id: i64) -> serde_json::Value {
    let body = world
        .get(&format!("/assessments/{id}/report.json"), Some(assessor))
        .await
        .body;
    let json: serde_json::Value = serde_json::from_str(&body).expect("json");
    json["dora_quick_check"].clone()
}

#[tokio::test]
async fn the_benchmark_group_is_the_assessors_choice_sqlite() {
    the_benchmark_group_is_the_assessors_choice(Backend::Sqlite).await;
}

#[tokio::test]
async fn the_benchmark_group_is_the_assessors_choice_postgres() {
    the_benchmark_group_is_the_assessors_choice(Backend::Postgres).await;
}
