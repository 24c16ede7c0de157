//! The survey's ways out and what it shows, through `app()` on both stores (issue 15): every
//! button of a page, the page list at the top included, saves the page before leaving it; the
//! first page says who sees the answers, and anonymous results name nobody on any page.

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

/// The part of a page between `<section id="{id}"` and its `</section>`.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<section id=\"{id}\""))
        .unwrap_or_else(|| panic!("no section {id}"));
    let end = html[start..].find("</section>").map_or(html.len(), |e| start + e);
    &html[start..end]
}

async fn anonymity_is_told_and_applied(backend: Backend) {
    let world = World::new(backend).await;
    let (_, new) = maturity_web::import::from_dir(&common::falcon_dir()).expect("falcon imports");
    let names: Vec<String> = new.respondents.iter().map(|r| r.name.clone()).collect();
    let id = world.store.create_assessment(&new, 1).await.expect("store");
    let assessor = world.login("assessor").await;
    let invited = world
        .post_form(
            &format!("/assessments/{id}/invitations"),
            Some(&assessor),
            &[
                ("csrf", &assessor.csrf),
                ("name", "late-lena"),
                ("role", "developer"),
            ],
        )
        .await;
    let link = survey_path(&invited.body);

    // Named results: the survey says so before the first question, and only there.
    let first = world.get(&link, None).await;
    let told = section(&first.body, "privacy");
    assert!(
        told.contains("with your name (late-lena) and role (developer)"),
        "{told}"
    );
    assert!(
        first.body.find("id=\"privacy\"") < first.body.find("<fieldset"),
        "before the first question"
    );
    assert!(
        !world
            .get(&format!("{link}?page=1"), None)
            .await
            .body
            .contains("id=\"privacy\"")
    );

    let reply = world
        .post_form(
            &format!("/assessments/{id}/anonymity"),
            Some(&assessor),
            &[("csrf", &assessor.csrf), ("anonymous", "on"), ("min_group", "4")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let told = world.get(&link, None).await;
    let told = section(&told.body, "privacy");
    assert!(told.contains("<strong>anonymous</strong>"), "{told}");
    assert!(told.contains("groups of at least 4 people"), "{told}");

    // A viewer's page names nobody; no role group smaller than 4 shows in the results.
    let viewer = world.login("viewer").await;
    let page = world.get(&format!("/assessments/{id}"), Some(&viewer)).await;
    assert_eq!(page.status, StatusCode::OK);
    for name in names.iter().map(String::as_str).chain(["late-lena"]) {
        assert!(!page.body.contains(name), "the viewer's page names {name}");
    }
    let results = section(&page.body, "results");
    assert!(results.contains("Scores"), "{results}");
    for small_group in ["team-lead", "product-owner"] {
        assert!(
            !results.contains(small_group),
            "a group of one shows: {small_group}"
        );
    }
    // The assessor still sees whom they invited (to send and revoke links), but not how much
    // or when anyone answered.
    let page = world.get(&format!("/assessments/{id}"), Some(&assessor)).await;
    let list = section(&page.body, "respondents");
    assert!(list.contains("late-lena") && list.contains("not yet"), "{list}");
    assert!(!list.contains("Last saved") && !list.contains(" / "), "{list}");
    assert!(!section(&page.body, "results").contains("late-lena"));
}

#[tokio::test]
async fn anonymity_is_told_and_applied_sqlite() {
    anonymity_is_told_and_applied(Backend::Sqlite).await;
}

#[tokio::test]
async fn anonymity_is_told_and_applied_postgres() {
    anonymity_is_told_and_applied(Backend::Postgres).await;
}
