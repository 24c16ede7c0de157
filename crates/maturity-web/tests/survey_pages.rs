//! The survey's ways out and what it shows, through `app()` on both stores (issue 15): every
//! button of a page, the page list at the top included, saves the page before leaving it.

mod common;

use axum::http::StatusCode;
use common::{Backend, World, hidden, id_from, survey_path};

/// A new assessment of the built-in models and one respondent's survey link.
async fn one_respondent(world: &World) -> (i64, String) {
    let assessor = world.login("assessor").await;
    let created = world
        .post_form(
            "/assessments",
            Some(&assessor),
            &[
                ("csrf", &assessor.csrf),
                ("subject", "Survey team"),
                ("model", "devops"),
                ("model", "testing"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let id = id_from(&created.location);
    let reply = world
        .post_form(
            &format!("/assessments/{id}/invitations"),
            Some(&assessor),
            &[("csrf", &assessor.csrf), ("name", "ann"), ("role", "developer")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    (id, survey_path(&reply.body))
}

async fn the_page_list_saves_before_leaving(backend: Backend) {
    let world = World::new(backend).await;
    let (id, link) = one_respondent(&world).await;
    let page = world.get(&link, None).await;
    assert!(
        page.body
            .contains(r#"<button type="submit" name="goto" value="2""#),
        "the page list is buttons of the form: {}",
        page.body
    );
    let csrf = hidden(&page.body, "csrf");
    let saved = world
        .post_form(
            &link,
            None,
            &[
                ("csrf", &csrf),
                ("page", "0"),
                ("goto", "2"),
                ("level:devops.leadership", "3"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(saved.location.ends_with("?page=2&saved=1"), "{}", saved.location);
    // A page past the last is the last.
    let past = world
        .post_form(&link, None, &[("csrf", &csrf), ("page", "0"), ("goto", "99")])
        .await;
    assert!(past.location.ends_with("?page=3&saved=1"), "{}", past.location);
    let record = world.store.assessment(id).await.expect("query").expect("stored");
    let answers: Vec<_> = record.respondents[0]
        .answers
        .iter()
        .map(|a| (a.criterion.as_str(), a.level))
        .collect();
    assert_eq!(answers, [("devops.leadership", Some(3))]);
    // Closed, nothing can be saved: the page list is plain links again.
    let assessor = world.login("assessor").await;
    world
        .post_form(
            &format!("/assessments/{id}/close"),
            Some(&assessor),
            &[("csrf", &assessor.csrf)],
        )
        .await;
    let closed = world.get(&link, None).await;
    assert!(!closed.body.contains(r#"name="goto""#), "{}", closed.body);
    assert!(closed.body.contains(r#"<a href="?page=2""#), "{}", closed.body);
}

#[tokio::test]
async fn the_page_list_saves_before_leaving_sqlite() {
    the_page_list_saves_before_leaving(Backend::Sqlite).await;
}

#[tokio::test]
async fn the_page_list_saves_before_leaving_postgres() {
    the_page_list_saves_before_leaving(Backend::Postgres).await;
}
