//! Deleting an assessment through `app()` on both stores (issue 15 point 4): a confirmation
//! that names it first, then one delete that takes its answers, links and evidence with it.

mod common;

use axum::http::StatusCode;
use common::{Backend, World, survey_path};

async fn an_assessment_is_deleted_after_a_confirmation_naming_it(backend: Backend) {
    let world = World::new(backend).await;
    let (_, new) = maturity_web::import::from_dir(&common::falcon_dir()).expect("falcon imports");
    let id = world.store.create_assessment(&new, 1).await.expect("store");
    let kept = world.store.create_assessment(&new, 1).await.expect("store");
    let assessor = world.login("assessor").await;
    let invited = world
        .post_form(
            &format!("/assessments/{id}/invitations"),
            Some(&assessor),
            &[("csrf", &assessor.csrf), ("name", "late-lena")],
        )
        .await;
    let link = survey_path(&invited.body);

    let page = world.get(&format!("/assessments/{id}"), Some(&assessor)).await;
    assert!(page.body.contains(&format!("href=\"/assessments/{id}/delete\"")));
    let confirm = world
        .get(&format!("/assessments/{id}/delete"), Some(&assessor))
        .await;
    assert_eq!(confirm.status, StatusCode::OK);
    let respondents = new.respondents.len() + 1;
    assert!(
        confirm.body.contains(&format!("Delete “{}”?", new.subject))
            && confirm.body.contains(&format!("{respondents} respondents")),
        "{}",
        confirm.body
    );
    // The confirmation page itself deleted nothing.
    assert!(world.store.assessment(id).await.expect("query").is_some());

    let deleted = world
        .post_form(
            &format!("/assessments/{id}/delete"),
            Some(&assessor),
            &[("csrf", &assessor.csrf)],
        )
        .await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER, "{}", deleted.body);
    assert_eq!(deleted.location, "/assessments");
    assert!(world.store.assessment(id).await.expect("query").is_none());
    assert_eq!(
        world
            .get(&format!("/assessments/{id}"), Some(&assessor))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        world.get(&link, None).await.status,
        StatusCode::NOT_FOUND,
        "its links"
    );
    let again = world
        .post_form(
            &format!("/assessments/{id}/delete"),
            Some(&assessor),
            &[("csrf", &assessor.csrf)],
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let other = world
        .store
        .assessment(kept)
        .await
        .expect("query")
        .expect("the other one stays");
    assert_eq!(other.respondents.len(), new.respondents.len());
}

#[tokio::test]
async fn an_assessment_is_deleted_after_a_confirmation_naming_it_sqlite() {
    an_assessment_is_deleted_after_a_confirmation_naming_it(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_assessment_is_deleted_after_a_confirmation_naming_it_postgres() {
    an_assessment_is_deleted_after_a_confirmation_naming_it(Backend::Postgres).await;
}
