//! Survey links shown again (docs/web.md, "Survey links shown again"): with a link key the
//! assessor sees a respondent's current link again, after inviting one or many and after a
//! rotation; a link made without the key, or with another key, or revoked, asks for a
//! rotation; the database never holds a link.

mod common;

use axum::http::StatusCode;
use common::{Backend, Session, World, survey_path};
use maturity_store::NewAssessment;
use maturity_web::links::LinkKey;
use maturity_web::{AppState, Config, app};

fn keyed() -> Config {
    Config {
        link_key: Some(LinkKey::generate().expect("key")),
        ..Config::default()
    }
}

async fn assessment(world: &World) -> i64 {
    let new = NewAssessment {
        subject: "Team".to_string(),
        models: vec!["devops".to_string()],
        ..NewAssessment::default()
    };
    world.store.create_assessment(&new, 1).await.expect("assessment")
}

async fn respondent(world: &World, id: i64, name: &str) -> i64 {
    let record = world.store.assessment(id).await.expect("q").expect("a");
    record
        .respondents
        .iter()
        .find(|r| r.name == name)
        .expect("respondent")
        .id
}

async fn shown(world: &World, session: &Session, id: i64, r: i64) -> common::Reply {
    world
        .get(&format!("/assessments/{id}/invitations/{r}/link"), Some(session))
        .await
}

#[tokio::test]
async fn an_assessor_sees_a_link_again() {
    let mut world = World::with_config(Backend::Sqlite, keyed()).await;
    let id = assessment(&world).await;
    let assessor = world.login("assessor").await;
    let invited = world.invite(&assessor, id, "Ada").await;
    assert_eq!(invited.status, StatusCode::CREATED, "{}", invited.body);
    assert!(invited.body.contains("shows it again"), "{}", invited.body);
    let link = survey_path(&invited.body);
    let ada = respondent(&world, id, "Ada").await;

    let again = shown(&world, &assessor, id, ada).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(survey_path(&again.body), link, "the same link again");
    assert_eq!(
        world.get(&link, None).await.status,
        StatusCode::OK,
        "and it opens the survey"
    );
    let page = world.get(&format!("/assessments/{id}"), Some(&assessor)).await;
    assert!(
        page.body
            .contains(&format!("/assessments/{id}/invitations/{ada}/link")),
        "the assessment page offers it"
    );

    // After a rotation, the new link is the one shown; the old one opens nothing.
    let rotated = world
        .post_form(
            &format!("/assessments/{id}/invitations/{ada}/rotate"),
            Some(&assessor),
            &[("csrf", &assessor.csrf)],
        )
        .await;
    assert_eq!(rotated.status, StatusCode::OK);
    let new_link = survey_path(&rotated.body);
    assert_ne!(new_link, link);
    assert_eq!(
        survey_path(&shown(&world, &assessor, id, ada).await.body),
        new_link
    );
    assert_eq!(world.get(&link, None).await.status, StatusCode::NOT_FOUND);

    // Invited in bulk: each link of the list is shown again.
    let bulk = world
        .post_multipart(
            &format!("/assessments/{id}/invitations/bulk"),
            Some(&assessor),
            &[
                ("csrf", &assessor.csrf),
                ("list", "Bo, tester\nCy"),
                ("format", "csv"),
            ],
            &[],
        )
        .await;
    assert_eq!(bulk.status, StatusCode::CREATED, "{}", bulk.body);
    let bo = respondent(&world, id, "Bo").await;
    // Bo is listed first, so the first link after his name is his.
    let bo_link = survey_path(&bulk.body[bulk.body.find("Bo").expect("Bo listed")..]);
    assert_eq!(survey_path(&shown(&world, &assessor, id, bo).await.body), bo_link);

    // Viewers may not; the database holds no link.
    let viewer = world.login("viewer").await;
    assert_eq!(
        shown(&world, &viewer, id, ada).await.status,
        StatusCode::FORBIDDEN
    );
    let db = world.db_file.clone().expect("sqlite file");
    for file in [db.clone(), db.with_extension("db-wal")] {
        let bytes = std::fs::read(&file).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        for l in [&link, &new_link, &bo_link] {
            assert!(
                !text.contains(&l["/survey/".len()..]),
                "a link in {}",
                file.display()
            );
        }
    }

    // Revoked: not shown.
    world
        .post_form(
            &format!("/assessments/{id}/invitations/{bo}/revoke"),
            Some(&assessor),
            &[("csrf", &assessor.csrf)],
        )
        .await;
    let revoked = shown(&world, &assessor, id, bo).await;
    assert_eq!(revoked.status, StatusCode::CONFLICT);
    assert!(revoked.body.contains("was revoked"), "{}", revoked.body);

    // Another key (a lost key file replaced): the link keeps opening the survey, but is not
    // shown; a rotation makes one that is.
    let other = AppState::new(world.store.clone(), keyed()).expect("state");
    world.app = app(other);
    let lost = shown(&world, &assessor, id, ada).await;
    assert_eq!(lost.status, StatusCode::CONFLICT);
    assert!(lost.body.contains("Rotate it to get a new link"), "{}", lost.body);
    assert_eq!(world.get(&new_link, None).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_link_made_without_a_key_asks_for_a_rotation() {
    let mut world = World::new(Backend::Sqlite).await;
    let id = assessment(&world).await;
    let assessor = world.login("assessor").await;
    let invited = world.invite(&assessor, id, "Old").await;
    assert!(invited.body.contains("shown only now"), "{}", invited.body);
    let old = respondent(&world, id, "Old").await;
    let reply = shown(&world, &assessor, id, old).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert!(reply.body.contains("cannot be shown again"), "{}", reply.body);
    assert!(
        reply.body.contains("Rotate it to get a new link"),
        "{}",
        reply.body
    );

    // The server gets a key (an upgrade): the old link still cannot be shown, a rotated one can.
    world.app = app(AppState::new(world.store.clone(), keyed()).expect("state"));
    assert_eq!(
        shown(&world, &assessor, id, old).await.status,
        StatusCode::CONFLICT
    );
    let rotated = world
        .post_form(
            &format!("/assessments/{id}/invitations/{old}/rotate"),
            Some(&assessor),
            &[("csrf", &assessor.csrf)],
        )
        .await;
    let link = survey_path(&rotated.body);
    let again = shown(&world, &assessor, id, old).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(survey_path(&again.body), link);
    // Not a respondent of that assessment: not found.
    assert_eq!(
        shown(&world, &assessor, id + 1, old).await.status,
        StatusCode::NOT_FOUND
    );
}
