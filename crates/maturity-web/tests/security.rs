//! Security tests through `app()`: the fixed routes, an authorization matrix over every route
//! and every kind of caller, CSRF refusal, the log-in rate limit, escaping, and secrets kept
//! out of the database and the logs.

mod common;

use axum::http::StatusCode;
use common::{Backend, Session, World, hidden};
use maturity_store::{NewAssessment, Role};
use maturity_web::auth::{random_token, token_hash};

/// What the matrix's callers are.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Caller {
    Anonymous,
    Viewer,
    Assessor,
    Admin,
    /// Holds a survey link of another assessment (B).
    OtherRespondent,
    /// Holds a revoked survey link of assessment A.
    RevokedRespondent,
}

#[derive(Debug, Clone, Copy)]
enum Need {
    Public,
    Login(Role),
    Survey,
    Api,
}

struct Fixture {
    a: i64,
    b: i64,
    respondent: i64,
    observation: i64,
    spare_user: i64,
    api_token_id: i64,
    token_b: String,
    revoked: String,
}

async fn seed(world: &World) -> Fixture {
    let store = &world.store;
    let new = |subject: &str| NewAssessment {
        subject: subject.to_string(),
        models: vec!["devops".to_string()],
        ..NewAssessment::default()
    };
    let a = store.create_assessment(&new("Subject A"), 1).await.expect("a");
    let b = store.create_assessment(&new("Subject B"), 1).await.expect("b");
    let token_a = random_token().expect("token");
    let respondent = store
        .create_invitation(a, "ra", "dev", &token_hash(&token_a), 1)
        .await
        .expect("invite");
    let token_b = random_token().expect("token");
    store
        .create_invitation(b, "rb", "dev", &token_hash(&token_b), 1)
        .await
        .expect("invite");
    let revoked = random_token().expect("token");
    let r = store
        .create_invitation(a, "gone", "dev", &token_hash(&revoked), 1)
        .await
        .expect("invite");
    store.revoke_invitation(a, r).await.expect("revoke");
    let observation = store
        .add_observation(a, "devops.leadership", "seen")
        .await
        .expect("observation");
    let spare_user = store
        .create_user("spare", Role::Viewer, "x", 1)
        .await
        .expect("spare");
    let api_token_id = store
        .create_api_token("ci", "Subject A", &token_hash("mat_x"), 1)
        .await
        .expect("token");
    Fixture {
        a,
        b,
        respondent,
        observation,
        spare_user,
        api_token_id,
        token_b,
        revoked,
    }
}

fn falcon_files() -> Vec<(&'static str, String, Vec<u8>)> {
    let dir = common::falcon_dir();
    let mut files = vec![(
        "files",
        "maturity.toml".to_string(),
        std::fs::read(dir.join("maturity.toml")).expect("config"),
    )];
    for entry in std::fs::read_dir(dir.join("responses"))
        .expect("responses")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        files.push(("files", name, std::fs::read(entry.path()).expect("response")));
    }
    files
}

/// Method, path, form fields, what it needs, and the status on success.
type Route<'a> = (&'a str, String, Vec<(&'a str, String)>, Need, StatusCode);

/// Sends every route as `caller` and checks the statuses.
#[allow(clippy::too_many_lines)]
async fn matrix_for(caller: Caller) {
    let world = World::new(Backend::Sqlite).await;
    let f = seed(&world).await;
    let session: Option<Session> = match caller {
        Caller::Viewer => Some(world.login("viewer").await),
        Caller::Assessor => Some(world.login("assessor").await),
        Caller::Admin => Some(world.login("admin").await),
        _ => None,
    };
    let role = match caller {
        Caller::Viewer => Some(Role::Viewer),
        Caller::Assessor => Some(Role::Assessor),
        Caller::Admin => Some(Role::Admin),
        _ => None,
    };
    let csrf = session.as_ref().map_or_else(String::new, |s| s.csrf.clone());
    let survey_token = match caller {
        Caller::OtherRespondent => f.token_b.clone(),
        Caller::RevokedRespondent => f.revoked.clone(),
        _ => random_token().expect("token"),
    };
    let (a, b) = (f.a, f.b);
    let c = csrf.as_str();
    // (method, path, form fields, need, success status). Order matters: later routes may
    // depend on earlier ones not having deleted what they use; log-out comes last.
    let routes: Vec<Route> = vec![
        ("GET", "/login".into(), vec![], Need::Public, StatusCode::OK),
        ("GET", "/healthz".into(), vec![], Need::Public, StatusCode::OK),
        (
            "GET",
            "/static/style.css".into(),
            vec![],
            Need::Public,
            StatusCode::OK,
        ),
        (
            "GET",
            "/assessments".into(),
            vec![],
            Need::Login(Role::Viewer),
            StatusCode::OK,
        ),
        (
            "GET",
            "/assessments/new".into(),
            vec![],
            Need::Login(Role::Assessor),
            StatusCode::OK,
        ),
        (
            "GET",
            "/assessments/import".into(),
            vec![],
            Need::Login(Role::Assessor),
            StatusCode::OK,
        ),
        (
            "GET",
            format!("/assessments/{a}"),
            vec![],
            Need::Login(Role::Viewer),
            StatusCode::OK,
        ),
        (
            "GET",
            format!("/assessments/{a}/history"),
            vec![],
            Need::Login(Role::Viewer),
            StatusCode::OK,
        ),
        (
            "GET",
            format!("/assessments/compare?from={a}&to={b}"),
            vec![],
            Need::Login(Role::Viewer),
            StatusCode::OK,
        ),
        (
            "GET",
            format!("/assessments/{a}/report.html"),
            vec![],
            Need::Login(Role::Viewer),
            StatusCode::OK,
        ),
        (
            "GET",
            format!("/assessments/{a}/report.md"),
            vec![],
            Need::Login(Role::Viewer),
            StatusCode::OK,
        ),
        (
            "GET",
            format!("/assessments/{a}/report.json"),
            vec![],
            Need::Login(Role::Viewer),
            StatusCode::OK,
        ),
        (
            "GET",
            format!("/assessments/{a}/export.tar"),
            vec![],
            Need::Login(Role::Viewer),
            StatusCode::OK,
        ),
        (
            "GET",
            "/admin".into(),
            vec![],
            Need::Login(Role::Admin),
            StatusCode::OK,
        ),
        (
            "POST",
            "/assessments".into(),
            vec![
                ("csrf", c.into()),
                ("subject", "New".into()),
                ("model", "testing".into()),
            ],
            Need::Login(Role::Assessor),
            StatusCode::SEE_OTHER,
        ),
        (
            "MULTIPART",
            "/assessments/import".into(),
            vec![("csrf", c.into())],
            Need::Login(Role::Assessor),
            StatusCode::SEE_OTHER,
        ),
        (
            "POST",
            format!("/assessments/{a}/close"),
            vec![("csrf", c.into())],
            Need::Login(Role::Assessor),
            StatusCode::SEE_OTHER,
        ),
        (
            "POST",
            format!("/assessments/{a}/reopen"),
            vec![("csrf", c.into())],
            Need::Login(Role::Assessor),
            StatusCode::SEE_OTHER,
        ),
        (
            "POST",
            format!("/assessments/{a}/invitations"),
            vec![
                ("csrf", c.into()),
                ("name", "new one".into()),
                ("role", "tester".into()),
            ],
            Need::Login(Role::Assessor),
            StatusCode::CREATED,
        ),
        (
            "POST",
            format!("/assessments/{a}/invitations/{}/revoke", f.respondent),
            vec![("csrf", c.into())],
            Need::Login(Role::Assessor),
            StatusCode::SEE_OTHER,
        ),
        (
            "POST",
            format!("/assessments/{a}/observations"),
            vec![
                ("csrf", c.into()),
                ("area", "devops.builds-ci".into()),
                ("text", "more".into()),
            ],
            Need::Login(Role::Assessor),
            StatusCode::SEE_OTHER,
        ),
        (
            "POST",
            format!("/assessments/{a}/observations/{}", f.observation),
            vec![
                ("csrf", c.into()),
                ("area", "devops.leadership".into()),
                ("text", "edited".into()),
            ],
            Need::Login(Role::Assessor),
            StatusCode::SEE_OTHER,
        ),
        (
            "POST",
            format!("/assessments/{a}/observations/{}/delete", f.observation),
            vec![("csrf", c.into())],
            Need::Login(Role::Assessor),
            StatusCode::SEE_OTHER,
        ),
        (
            "EVIDENCE",
            format!("/assessments/{a}/evidence"),
            vec![("csrf", c.into()), ("kind", "scan".into())],
            Need::Login(Role::Assessor),
            StatusCode::SEE_OTHER,
        ),
        (
            "POST",
            "/admin/users".into(),
            vec![
                ("csrf", c.into()),
                ("name", "newbie".into()),
                ("password", "long enough password".into()),
                ("role", "viewer".into()),
            ],
            Need::Login(Role::Admin),
            StatusCode::SEE_OTHER,
        ),
        (
            "POST",
            format!("/admin/users/{}/delete", f.spare_user),
            vec![("csrf", c.into())],
            Need::Login(Role::Admin),
            StatusCode::SEE_OTHER,
        ),
        (
            "POST",
            "/admin/tokens".into(),
            vec![
                ("csrf", c.into()),
                ("name", "ci2".into()),
                ("subject", "Subject A".into()),
            ],
            Need::Login(Role::Admin),
            StatusCode::CREATED,
        ),
        (
            "POST",
            format!("/admin/tokens/{}/revoke", f.api_token_id),
            vec![("csrf", c.into())],
            Need::Login(Role::Admin),
            StatusCode::SEE_OTHER,
        ),
        (
            "GET",
            format!("/survey/{survey_token}"),
            vec![],
            Need::Survey,
            StatusCode::OK,
        ),
        (
            "SURVEY",
            format!("/survey/{survey_token}"),
            vec![],
            Need::Survey,
            StatusCode::SEE_OTHER,
        ),
        ("GET", "/api/v1/".into(), vec![], Need::Api, StatusCode::OK),
        (
            "GET",
            "/api/v1/assessments".into(),
            vec![],
            Need::Api,
            StatusCode::OK,
        ),
        (
            "GET",
            format!("/api/v1/assessments/{a}/results"),
            vec![],
            Need::Api,
            StatusCode::OK,
        ),
        (
            "POST",
            "/api/v1/scans".into(),
            vec![],
            Need::Api,
            StatusCode::CREATED,
        ),
        (
            "POST",
            "/api/v1/metrics".into(),
            vec![],
            Need::Api,
            StatusCode::CREATED,
        ),
        (
            "POST",
            "/api/v1/deployments".into(),
            vec![],
            Need::Api,
            StatusCode::CREATED,
        ),
        (
            "GET",
            "/api/v1/deployments".into(),
            vec![],
            Need::Api,
            StatusCode::OK,
        ),
        (
            "POST",
            "/logout".into(),
            vec![("csrf", c.into())],
            Need::Login(Role::Viewer),
            StatusCode::SEE_OTHER,
        ),
    ];
    let s = session.as_ref();
    for (method, path, fields, need, success) in routes {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let reply = match method {
            "GET" => world.get(&path, s).await,
            "MULTIPART" => {
                let owned = falcon_files();
                let files: Vec<(&str, &str, Vec<u8>)> = owned
                    .iter()
                    .map(|(k, n, b)| (*k, n.as_str(), b.clone()))
                    .collect();
                world.post_multipart(&path, s, &fields, &files).await
            }
            "EVIDENCE" => {
                world
                    .post_multipart(
                        &path,
                        s,
                        &fields,
                        &[("file", "scan.json", b"{\"findings\":[]}".to_vec())],
                    )
                    .await
            }
            "SURVEY" => {
                // The survey's own CSRF token is on its page; a caller without a page has none.
                let page = world.get(&path, None).await;
                let token = if page.status == StatusCode::OK {
                    hidden(&page.body, "csrf")
                } else {
                    String::new()
                };
                world
                    .post_form(
                        &path,
                        None,
                        &[("csrf", &token), ("page", "0"), ("level:devops.leadership", "2")],
                    )
                    .await
            }
            "POST" if path.starts_with("/api/") => {
                let bearer = match caller {
                    // A survey token is no API token.
                    Caller::OtherRespondent => Some(f.token_b.as_str()),
                    Caller::RevokedRespondent => Some(f.revoked.as_str()),
                    _ => None,
                };
                world
                    .api("POST", &path, bearer, "{\"time\":\"2026-10-14T09:30:00Z\"}")
                    .await
            }
            _ => world.post_form(&path, s, &fields).await,
        };
        let expected = match (need, role) {
            (Need::Public, _) => success,
            (Need::Login(_), None) => StatusCode::SEE_OTHER,
            (Need::Login(min), Some(r)) if r >= min => success,
            (Need::Login(_), Some(_)) => StatusCode::FORBIDDEN,
            (Need::Survey, _) if caller == Caller::OtherRespondent => success,
            (Need::Survey, _) => StatusCode::NOT_FOUND,
            (Need::Api, _) => StatusCode::UNAUTHORIZED,
        };
        assert_eq!(
            reply.status,
            expected,
            "{caller:?} {method} {path}: {}",
            &reply.body[..reply.body.len().min(300)]
        );
        if let (Need::Login(_), None) = (need, role) {
            assert!(
                reply.location.starts_with("/login"),
                "{caller:?} {path} goes to log-in: {}",
                reply.location
            );
        }
        if matches!(need, Need::Survey) && caller == Caller::OtherRespondent && method == "GET" {
            assert!(
                reply.body.contains("Subject B") && !reply.body.contains("Subject A"),
                "a link opens its own survey only"
            );
        }
    }
}

#[tokio::test]
async fn authorization_matrix_anonymous() {
    matrix_for(Caller::Anonymous).await;
}
#[tokio::test]
async fn authorization_matrix_viewer() {
    matrix_for(Caller::Viewer).await;
}
#[tokio::test]
async fn authorization_matrix_assessor() {
    matrix_for(Caller::Assessor).await;
}
#[tokio::test]
async fn authorization_matrix_admin() {
    matrix_for(Caller::Admin).await;
}
#[tokio::test]
async fn authorization_matrix_respondent_of_another_assessment() {
    matrix_for(Caller::OtherRespondent).await;
}
#[tokio::test]
async fn authorization_matrix_revoked_respondent() {
    matrix_for(Caller::RevokedRespondent).await;
}

#[tokio::test]
async fn fixed_routes() {
    let world = World::new(Backend::Sqlite).await;
    assert_eq!(world.get("/login", None).await.status, StatusCode::OK);
    assert_eq!(world.get("/healthz", None).await.status, StatusCode::OK);
    let r = world.get("/assessments", None).await;
    assert_eq!(
        (r.status, r.location.as_str()),
        (StatusCode::SEE_OTHER, "/login?next=/assessments")
    );
    assert_eq!(
        world
            .get(&format!("/survey/{}", random_token().expect("t")), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        world.get("/survey/not-a-token", None).await.status,
        StatusCode::NOT_FOUND
    );
    for path in [
        "/api/v1/",
        "/api/v1",
        "/api/v1/assessments",
        "/api/v1/nothing-here",
    ] {
        assert_eq!(
            world.api("GET", path, None, "").await.status,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
        assert_eq!(
            world.api("GET", path, Some("mat_wrong"), "").await.status,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
}

#[tokio::test]
async fn every_form_needs_its_csrf_token() {
    let world = World::new(Backend::Sqlite).await;
    let f = seed(&world).await;
    let admin = world.login("admin").await;
    let a = f.a;
    let posts = [
        "/assessments".to_string(),
        format!("/assessments/{a}/close"),
        format!("/assessments/{a}/reopen"),
        format!("/assessments/{a}/invitations"),
        format!("/assessments/{a}/invitations/{}/revoke", f.respondent),
        format!("/assessments/{a}/observations"),
        format!("/assessments/{a}/observations/{}", f.observation),
        format!("/assessments/{a}/observations/{}/delete", f.observation),
        "/admin/users".to_string(),
        format!("/admin/users/{}/delete", f.spare_user),
        "/admin/tokens".to_string(),
        format!("/admin/tokens/{}/revoke", f.api_token_id),
        "/logout".to_string(),
    ];
    for path in &posts {
        for csrf in [None, Some("0".repeat(64))] {
            let mut fields = vec![
                ("name", "x"),
                ("subject", "x"),
                ("area", "devops.leadership"),
                ("text", "x"),
            ];
            if let Some(c) = &csrf {
                fields.push(("csrf", c));
            }
            let reply = world.post_form(path, Some(&admin), &fields).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path} with {csrf:?}");
        }
    }
    for path in [
        "/assessments/import".to_string(),
        format!("/assessments/{a}/evidence"),
    ] {
        let reply = world
            .post_multipart(
                &path,
                Some(&admin),
                &[("kind", "scan")],
                &[("file", "x.json", b"{}".to_vec())],
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
    }
    // The survey's form too.
    let page = world.get(&format!("/survey/{}", f.token_b), None).await;
    assert_eq!(page.status, StatusCode::OK);
    let reply = world
        .post_form(
            &format!("/survey/{}", f.token_b),
            None,
            &[("page", "0"), ("level:devops.leadership", "2")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // The log-in form without its nonce cookie.
    let reply = world
        .post_form(
            "/login",
            None,
            &[("csrf", "x"), ("name", "admin"), ("password", common::PASSWORD)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    // Nothing changed: the session still works, the observation is still there.
    assert_eq!(
        world.get("/assessments", Some(&admin)).await.status,
        StatusCode::OK
    );
    let record = world.store.assessment(a).await.expect("q").expect("a");
    assert_eq!(record.observations.len(), 1);
    assert!(!record.summary.closed);
}

#[tokio::test]
async fn log_in_is_rate_limited_and_cookies_are_http_only() {
    let world = World::new(Backend::Sqlite).await;
    let page = world.get("/login", None).await;
    let nonce = page.set_cookie[0].split(';').next().expect("pair").to_string();
    assert!(page.set_cookie[0].contains("HttpOnly") && page.set_cookie[0].contains("SameSite=Strict"));
    let csrf = hidden(&page.body, "csrf");
    let attempt = |password: &'static str| {
        let world = &world;
        let nonce = nonce.clone();
        let csrf = csrf.clone();
        async move {
            let request = axum::http::Request::post("/login")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", nonce)
                .body(axum::body::Body::from(format!(
                    "csrf={csrf}&name=viewer&password={password}"
                )))
                .expect("request");
            world.send(request).await
        }
    };
    for _ in 0..5 {
        assert_eq!(attempt("wrong").await.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(attempt("wrong").await.status, StatusCode::TOO_MANY_REQUESTS);
    let right = common::encode(common::PASSWORD);
    let right: &'static str = Box::leak(right.into_boxed_str());
    assert_eq!(
        attempt(right).await.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    // Another user is not locked out by someone guessing viewer's password.
    let session = world.login("assessor").await;
    let reply = world.get("/assessments", Some(&session)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let reply = world
        .post_form("/logout", Some(&session), &[("csrf", &session.csrf)])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(
        world.get("/assessments", Some(&session)).await.status,
        StatusCode::SEE_OTHER,
        "logged out"
    );
}
