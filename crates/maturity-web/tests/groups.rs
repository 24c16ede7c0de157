//! Groups of subjects through the app: the admin's forms and their errors, an account limited
//! to groups on every kind of page (list, portfolio, assessment, history, compare, downloads,
//! forms), the portfolio's group filter on the page and in `/api/v1/portfolio`, and a new
//! subject joining its limited author's groups. On SQLite and PostgreSQL.

mod common;

use axum::http::StatusCode;
use common::{Backend, Session, World};
use maturity_store::NewAssessment;

fn subject(name: &str) -> NewAssessment {
    NewAssessment {
        subject: name.to_string(),
        models: vec!["devops".to_string()],
        ..NewAssessment::default()
    }
}

async fn admin_post(world: &World, admin: &Session, path: &str, fields: &[(&str, &str)]) -> common::Reply {
    let mut all = vec![("csrf", admin.csrf.as_str())];
    all.extend_from_slice(fields);
    world.post_form(path, Some(admin), &all).await
}

#[tokio::test]
async fn bad_group_inputs_say_what_is_wrong() {
    let world = World::new(Backend::Sqlite).await;
    let admin = world.login("admin").await;
    let long = "x".repeat(101);
    for (fields, status, message) in [
        (
            vec![("name", "  ")],
            StatusCode::BAD_REQUEST,
            "a group needs a name",
        ),
        (
            vec![("name", long.as_str())],
            StatusCode::BAD_REQUEST,
            "a group&#39;s name is longer than 100 characters",
        ),
        (vec![("name", "Payments")], StatusCode::SEE_OTHER, ""),
        (
            vec![("name", "Payments")],
            StatusCode::CONFLICT,
            "a group with this name already exists",
        ),
    ] {
        let reply = admin_post(&world, &admin, "/admin/groups", &fields).await;
        assert_eq!(reply.status, status, "{fields:?}: {}", reply.body);
        assert!(reply.body.contains(message), "{fields:?}: {}", reply.body);
    }
    let unknown = admin_post(
        &world,
        &admin,
        "/admin/subjects/groups",
        &[("subject", "Checkout"), ("group", "Payments"), ("group", "Nope")],
    )
    .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(
        unknown.body.contains("there is no group `Nope`"),
        "{}",
        unknown.body
    );
    assert!(
        world.store.subject_groups().await.expect("q").is_empty(),
        "nothing was set"
    );
    let no_subject = admin_post(&world, &admin, "/admin/subjects/groups", &[("group", "Payments")]).await;
    assert_eq!(no_subject.status, StatusCode::BAD_REQUEST);
    assert!(
        no_subject.body.contains("`subject` is required"),
        "{}",
        no_subject.body
    );
    let no_user = admin_post(
        &world,
        &admin,
        "/admin/users/groups",
        &[("user", "nobody"), ("group", "Payments")],
    )
    .await;
    assert_eq!(no_user.status, StatusCode::BAD_REQUEST);
    assert!(
        no_user.body.contains("there is no user `nobody`"),
        "{}",
        no_user.body
    );
    let bad_new_user = admin_post(
        &world,
        &admin,
        "/admin/users",
        &[
            ("name", "eve"),
            ("password", common::PASSWORD),
            ("role", "assessor"),
            ("group", "Nope"),
        ],
    )
    .await;
    assert_eq!(bad_new_user.status, StatusCode::BAD_REQUEST);
    assert!(
        world.store.user_by_name("eve").await.expect("q").is_none(),
        "no account is made, so none is left unlimited"
    );

    // A group accounts are limited to cannot go; once they are not, it can.
    let ok = admin_post(
        &world,
        &admin,
        "/admin/users/groups",
        &[("user", "viewer"), ("group", "Payments")],
    )
    .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let id = world.store.list_groups().await.expect("q")[0].id;
    let in_use = admin_post(&world, &admin, &format!("/admin/groups/{id}/delete"), &[]).await;
    assert_eq!(in_use.status, StatusCode::CONFLICT);
    assert!(
        in_use
            .body
            .contains("accounts are limited to the group `Payments`"),
        "{}",
        in_use.body
    );
    admin_post(&world, &admin, "/admin/users/groups", &[("user", "viewer")]).await;
    let gone = admin_post(&world, &admin, &format!("/admin/groups/{id}/delete"), &[]).await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER);
    let again = admin_post(&world, &admin, &format!("/admin/groups/{id}/delete"), &[]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);

    // The portfolio's filter names the group it does not know.
    let viewer = world.login("viewer").await;
    let reply = world.get("/portfolio?group=Nope", Some(&viewer)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.body.contains("there is no group `Nope`"), "{}", reply.body);
}

async fn a_limited_assessor_sees_only_their_groups(backend: Backend) {
    let world = World::new(backend).await;
    let store = &world.store;
    let checkout = store.create_assessment(&subject("Checkout"), 1).await.expect("a");
    let checkout2 = store.create_assessment(&subject("Checkout"), 2).await.expect("a");
    let ledger = store.create_assessment(&subject("Ledger"), 3).await.expect("b");
    let loose = store.create_assessment(&subject("Loose"), 4).await.expect("c");

    // The admin sets it all up through the forms.
    let admin = world.login("admin").await;
    for name in ["Payments", "Platform"] {
        let r = admin_post(&world, &admin, "/admin/groups", &[("name", name)]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    for (s, g) in [("Checkout", "Payments"), ("Ledger", "Platform")] {
        let r = admin_post(
            &world,
            &admin,
            "/admin/subjects/groups",
            &[("subject", s), ("group", g)],
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let r = admin_post(
        &world,
        &admin,
        "/admin/users",
        &[
            ("name", "pat"),
            ("password", common::PASSWORD),
            ("role", "assessor"),
            ("group", "Payments"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = world.get("/admin", Some(&admin)).await;
    assert!(
        page.body
            .contains("<td>pat</td><td>assessor</td><td>Payments</td>"),
        "{}",
        page.body
    );

    let pat = world.login("pat").await;
    // Lists show the group's subjects only.
    let list = world.get("/assessments", Some(&pat)).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("Checkout") && !list.body.contains("Ledger") && !list.body.contains("Loose"));
    let portfolio = world.get("/portfolio", Some(&pat)).await;
    assert!(
        portfolio.body.contains("Checkout") && !portfolio.body.contains("Ledger"),
        "{}",
        portfolio.body
    );
    assert!(
        !portfolio.body.contains("Platform"),
        "only their groups are offered"
    );
    let other_group = world.get("/portfolio?group=Platform", Some(&pat)).await;
    assert_eq!(
        other_group.status,
        StatusCode::BAD_REQUEST,
        "as unknown as a group that is not"
    );

    // Every kind of page of another group's subject, and of an ungrouped one: 404.
    for id in [ledger, loose] {
        for path in [
            format!("/assessments/{id}"),
            format!("/assessments/{id}/history"),
            format!("/assessments/{id}/report.html"),
            format!("/assessments/{id}/report.md"),
            format!("/assessments/{id}/report.json"),
            format!("/assessments/{id}/export.tar"),
            format!("/assessments/{id}/delete"),
            format!("/assessments/compare?from={checkout}&to={id}"),
            format!("/assessments/compare?from={id}&to={checkout}"),
        ] {
            let r = world.get(&path, Some(&pat)).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
            assert!(!r.body.contains("Ledger") && !r.body.contains("Loose"), "{path}");
        }
        for (path, fields) in [
            (format!("/assessments/{id}/close"), vec![]),
            (format!("/assessments/{id}/delete"), vec![]),
            (
                format!("/assessments/{id}/invitations"),
                vec![("name", "x"), ("role", "dev")],
            ),
            (
                format!("/assessments/{id}/observations"),
                vec![("area", "devops.leadership"), ("text", "x")],
            ),
        ] {
            let mut all = vec![("csrf", pat.csrf.as_str())];
            all.extend(fields);
            let r = world.post_form(&path, Some(&pat), &all).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        }
    }
    // A 404 for someone else's assessment reads as one for none at all.
    let unknown = world.get("/assessments/999999", Some(&pat)).await;
    let hidden = world.get(&format!("/assessments/{ledger}"), Some(&pat)).await;
    assert_eq!((unknown.status, unknown.body), (hidden.status, hidden.body));
    assert!(
        !store
            .assessment(ledger)
            .await
            .expect("q")
            .expect("kept")
            .summary
            .closed
    );

    // Their own group's pages work.
    for path in [
        format!("/assessments/{checkout}"),
        format!("/assessments/{checkout}/history"),
        format!("/assessments/{checkout}/report.json"),
        format!("/assessments/compare?from={checkout}&to={checkout2}"),
    ] {
        assert_eq!(
            world.get(&path, Some(&pat)).await.status,
            StatusCode::OK,
            "{path}"
        );
    }

    // A new subject joins the author's groups; another group's subject is refused as unknown.
    let create = |s: &'static str| {
        let csrf = pat.csrf.clone();
        let world = &world;
        let pat = &pat;
        async move {
            world
                .post_form(
                    "/assessments",
                    Some(pat),
                    &[("csrf", &csrf), ("subject", s), ("model", "devops")],
                )
                .await
        }
    };
    let made = create("Refunds").await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    assert_eq!(store.subject_groups().await.expect("q")["Refunds"], ["Payments"]);
    assert_eq!(world.get(&made.location, Some(&pat)).await.status, StatusCode::OK);
    assert_eq!(create("Ledger").await.status, StatusCode::NOT_FOUND);
    assert_eq!(create("Loose").await.status, StatusCode::NOT_FOUND);
    assert_eq!(store.assessments_by_subject("Ledger").await.expect("q").len(), 1);

    // Admins and unlimited accounts still see everything, with the group as a column.
    let viewer = world.login("viewer").await;
    let all = world.get("/portfolio?sort=group", Some(&viewer)).await;
    assert!(
        all.body.contains("Ledger") && all.body.contains("Loose"),
        "{}",
        all.body
    );
    let (c, l, x) = (
        all.body.find(">Checkout<").expect("Checkout"),
        all.body.find(">Ledger<").expect("Ledger"),
        all.body.find(">Loose<").expect("Loose"),
    );
    assert!(c < l && l < x, "by group, ungrouped last");
    let payments = world.get("/portfolio?group=Payments", Some(&viewer)).await;
    assert_eq!(payments.status, StatusCode::OK);
    assert!(payments.body.contains(">Checkout<") && !payments.body.contains(">Ledger<"));
    assert_eq!(
        world
            .get(&format!("/assessments/{ledger}"), Some(&admin))
            .await
            .status,
        StatusCode::OK
    );

    // The API: an all-subjects token filters by group and reads each row's groups.
    let (token, hash) = maturity_web::auth::new_api_token().expect("token");
    store
        .create_api_token("prometheus", maturity_web::auth::ALL_SUBJECTS, &hash, 5)
        .await
        .expect("token");
    let json = world
        .api("GET", "/api/v1/portfolio?group=Platform", Some(&token), "")
        .await;
    assert_eq!(json.status, StatusCode::OK, "{}", json.body);
    let json: serde_json::Value = serde_json::from_str(&json.body).expect("json");
    assert_eq!(json["filter"]["group"], "Platform");
    assert_eq!(
        json["choices"]["groups"],
        serde_json::json!(["Payments", "Platform"])
    );
    let rows = json["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (&rows[0]["subject"], &rows[0]["groups"]),
        (&"Ledger".into(), &serde_json::json!(["Platform"]))
    );
    let bad = world
        .api("GET", "/api/v1/portfolio?group=Nope", Some(&token), "")
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("there is no group `Nope`"), "{}", bad.body);
    // A subject's token is offered its subject's groups only.
    let (token, hash) = maturity_web::auth::new_api_token().expect("token");
    store
        .create_api_token("ci", "Checkout", &hash, 5)
        .await
        .expect("token");
    let json = world.api("GET", "/api/v1/portfolio", Some(&token), "").await;
    let json: serde_json::Value = serde_json::from_str(&json.body).expect("json");
    assert_eq!(json["choices"]["groups"], serde_json::json!(["Payments"]));
    assert_eq!(
        world
            .api("GET", "/api/v1/portfolio?group=Platform", Some(&token), "")
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn a_limited_assessor_sees_only_their_groups_sqlite() {
    a_limited_assessor_sees_only_their_groups(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_limited_assessor_sees_only_their_groups_postgres() {
    a_limited_assessor_sees_only_their_groups(Backend::Postgres).await;
}
