//! Inviting many respondents at once through `app()` on both stores (issue 15 point 4): a list
//! with a bad line stores nothing and names every bad line; a good one gives each respondent
//! a working link, as a page or as a CSV file. A lost link is replaced by a new one, and the
//! assessment page lists who has not answered.

mod common;

use axum::http::StatusCode;
use common::{Backend, World, id_from};

async fn a_list_is_invited_whole_or_not_at_all(backend: Backend) {
    let world = World::new(backend).await;
    let assessor = world.login("assessor").await;
    let created = world
        .post_form(
            "/assessments",
            Some(&assessor),
            &[
                ("csrf", &assessor.csrf),
                ("subject", "Bulk team"),
                ("model", "testing"),
            ],
        )
        .await;
    let id = id_from(&created.location);
    let path = format!("/assessments/{id}/invitations/bulk");
    let send = |list: &'static str, format: &'static str| {
        let csrf = assessor.csrf.clone();
        let path = path.clone();
        let world = &world;
        let assessor = &assessor;
        async move {
            world
                .post_multipart(
                    &path,
                    Some(assessor),
                    &[("csrf", &csrf), ("list", list), ("format", format)],
                    &[],
                )
                .await
        }
    };
    let respondents = |world: &World| {
        let store = world.store.clone();
        async move {
            store
                .assessment(id)
                .await
                .expect("query")
                .expect("stored")
                .respondents
        }
    };

    let bad = send("ann, developer\n, tester\nbob, ops, Oslo, nomail\nann\n", "page").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
    for problem in [
        "line 2: the name is missing",
        "line 3: `nomail` is not an e-mail address",
        "line 4: `ann` is already on line 1",
    ] {
        assert!(
            bad.body.contains(&problem.replace('`', "&#x60;")) || bad.body.contains(problem),
            "{problem}: {}",
            bad.body
        );
    }
    assert!(respondents(&world).await.is_empty(), "nothing stored");

    let page = send("ann, developer, Oslo, ann@example.org\nbob\tops\n", "page").await;
    assert_eq!(page.status, StatusCode::CREATED, "{}", page.body);
    assert_eq!(page.body.matches("<tr class=\"invited\">").count(), 2);
    let stored = respondents(&world).await;
    let got: Vec<_> = stored
        .iter()
        .map(|r| (r.name.as_str(), r.role.as_str(), r.site.as_deref()))
        .collect();
    assert_eq!(got, [("ann", "developer", Some("Oslo")), ("bob", "ops", None)]);

    let csv = send("name,role,site,email\ncy, tester\n", "csv").await;
    assert_eq!(csv.status, StatusCode::CREATED, "{}", csv.body);
    assert!(csv.content_type.starts_with("text/csv"), "{}", csv.content_type);
    let mut lines = csv.body.lines();
    assert_eq!(lines.next(), Some("name,role,site,email,link"));
    let row = lines.next().expect("a row");
    assert!(row.starts_with("\"cy\",\"tester\",\"\",\"\",\""), "{row}");
    let link = row.rsplit(',').next().expect("link").trim_matches('"');
    let survey = &link[link.find("/survey/").expect("a survey link")..];
    assert_eq!(
        world.get(survey, None).await.status,
        StatusCode::OK,
        "the link opens the survey"
    );
    // A name already invited refuses the whole list.
    let again = send("dee\nann\n", "page").await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert_eq!(respondents(&world).await.len(), 3, "dee was not stored either");
}

#[tokio::test]
async fn a_list_is_invited_whole_or_not_at_all_sqlite() {
    a_list_is_invited_whole_or_not_at_all(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_list_is_invited_whole_or_not_at_all_postgres() {
    a_list_is_invited_whole_or_not_at_all(Backend::Postgres).await;
}

async fn a_lost_link_is_replaced_and_the_silent_are_listed(backend: Backend) {
    let world = World::new(backend).await;
    let assessor = world.login("assessor").await;
    let created = world
        .post_form(
            "/assessments",
            Some(&assessor),
            &[
                ("csrf", &assessor.csrf),
                ("subject", "Rotate team"),
                ("model", "testing"),
            ],
        )
        .await;
    let id = id_from(&created.location);
    let mut links = Vec::new();
    for name in ["ann", "bob"] {
        let reply = world
            .post_form(
                &format!("/assessments/{id}/invitations"),
                Some(&assessor),
                &[("csrf", &assessor.csrf), ("name", name)],
            )
            .await;
        links.push(common::survey_path(&reply.body));
    }
    // Ann answers; Bob does not, and is listed for a reminder.
    let page = world.get(&links[0], None).await;
    let csrf = common::hidden(&page.body, "csrf");
    let saved = world
        .post_form(
            &links[0],
            None,
            &[("csrf", &csrf), ("page", "0"), ("level:testing.unit", "2")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let page = world.get(&format!("/assessments/{id}"), Some(&assessor)).await;
    assert!(
        page.body.contains("1 invited respondent has not answered: bob."),
        "{}",
        page.body
    );

    // A new link for Ann: the old one stops working, her answers stay.
    let ann = world
        .store
        .assessment(id)
        .await
        .expect("query")
        .expect("stored")
        .respondents[0]
        .id;
    let rotated = world
        .post_form(
            &format!("/assessments/{id}/invitations/{ann}/rotate"),
            Some(&assessor),
            &[("csrf", &assessor.csrf)],
        )
        .await;
    assert_eq!(rotated.status, StatusCode::OK, "{}", rotated.body);
    let new_link = common::survey_path(&rotated.body);
    assert_ne!(new_link, links[0]);
    assert_eq!(world.get(&links[0], None).await.status, StatusCode::NOT_FOUND);
    let page = world.get(&new_link, None).await;
    assert!(page.body.contains("value=\"2\" checked"), "the answers stay");
    // Another assessment's respondent has no link here.
    let other = world
        .post_form(
            &format!("/assessments/{}/invitations/{ann}/rotate", id + 1000),
            Some(&assessor),
            &[("csrf", &assessor.csrf)],
        )
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_lost_link_is_replaced_and_the_silent_are_listed_sqlite() {
    a_lost_link_is_replaced_and_the_silent_are_listed(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_lost_link_is_replaced_and_the_silent_are_listed_postgres() {
    a_lost_link_is_replaced_and_the_silent_are_listed(Backend::Postgres).await;
}
