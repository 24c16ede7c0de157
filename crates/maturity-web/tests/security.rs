//! Security tests through `app()`: the fixed routes, an authorization matrix over every route
//! and every kind of caller, CSRF refusal, the log-in rate limit, escaping, and secrets kept
//! out of the database and the logs.
//!
//! The matrix and the CSRF test take the routes and the access each needs from the app's own
//! list (`maturity_web::routes()`); what they add is how to call each route and what it answers
//! when access is granted. A route without such an entry fails `every_route_is_in_the_matrix`.

mod common;

use axum::http::StatusCode;
use common::{Backend, Session, World, hidden};
use maturity_store::{NewAssessment, Role};
use maturity_web::auth::{random_token, token_hash};
use maturity_web::route::{Access, Method, Route};

/// What the matrix's callers are.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Caller {
    Anonymous,
    Viewer,
    Assessor,
    Admin,
    /// An assessor limited to a group none of the fixture's subjects is in: every page of
    /// them answers 404, as for an unknown assessment.
    GroupLimited,
    /// Holds a survey link of another assessment (B).
    OtherRespondent,
    /// Holds a revoked survey link of assessment A.
    RevokedRespondent,
}

#[derive(Default)]
struct Fixture {
    a: i64,
    b: i64,
    /// An assessment for the delete route to delete.
    doomed: i64,
    respondent: i64,
    observation: i64,
    spare_user: i64,
    /// A group for the delete route to delete.
    spare_group: i64,
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
    let doomed = store.create_assessment(&new("Subject C"), 1).await.expect("c");
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
    let spare_group = store.create_group("spare", 1).await.expect("group");
    Fixture {
        a,
        b,
        doomed,
        respondent,
        observation,
        spare_user,
        spare_group,
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

/// How a probe sends its request.
#[derive(Debug, Clone)]
enum Send {
    /// A GET, with the caller's session cookie if it has one.
    Get,
    /// A form post, with the caller's session cookie if it has one.
    Form(Vec<(&'static str, String)>),
    /// A multipart import of the falcon directory, with these fields.
    Import(Vec<(&'static str, String)>),
    /// A multipart evidence upload of a scan, with these fields.
    Evidence(Vec<(&'static str, String)>),
    /// A multipart form of these fields and no file (a pasted list of respondents).
    Multipart(Vec<(&'static str, String)>),
    /// The log-in form as a browser sends it: the nonce cookie and CSRF token of the log-in
    /// page, the viewer's name and password.
    LogIn,
    /// The survey's form, with the CSRF token of its page (none when the page does not open).
    Survey,
    /// A JSON post to the API; a respondent sends its survey token as the bearer token.
    ApiPost,
}

impl Send {
    /// The fields of a form, if this sends one.
    fn fields(&self) -> Option<&[(&'static str, String)]> {
        match self {
            Send::Form(f) | Send::Import(f) | Send::Evidence(f) | Send::Multipart(f) => Some(f),
            _ => None,
        }
    }

    /// The same form with other fields.
    fn with_fields(&self, fields: Vec<(&'static str, String)>) -> Send {
        match self {
            Send::Import(_) => Send::Import(fields),
            Send::Evidence(_) => Send::Evidence(fields),
            Send::Multipart(_) => Send::Multipart(fields),
            _ => Send::Form(fields),
        }
    }
}

/// A request that exercises one route, and its status when access is granted.
#[derive(Clone)]
struct Probe {
    /// The route exercised: its method and path as `routes()` lists them.
    method: Method,
    route: &'static str,
    /// The path sent, the route's with its parameters filled in.
    path: String,
    send: Send,
    success: StatusCode,
}

impl Probe {
    /// A probe of `route` that sends `send` to the route's own path.
    fn new(method: Method, route: &'static str, send: Send, success: StatusCode) -> Probe {
        Probe {
            method,
            route,
            path: route.to_string(),
            send,
            success,
        }
    }

    /// The same, sent to `path`: the route's with its parameters filled in.
    fn at(self, path: String) -> Probe {
        Probe { path, ..self }
    }
}

/// A probe of a GET route.
fn get(route: &'static str, success: StatusCode) -> Probe {
    Probe::new(Method::Get, route, Send::Get, success)
}

/// A probe of a POST route.
fn post(route: &'static str, send: Send, success: StatusCode) -> Probe {
    Probe::new(Method::Post, route, send, success)
}

/// A probe for every route, in the order they are sent: later probes may depend on earlier
/// ones not having deleted what they use, and log-out comes last. `csrf` is the caller's
/// session token (empty without a session), `survey` the survey token it holds.
fn probes(f: &Fixture, csrf: &str, survey: &str) -> Vec<Probe> {
    use StatusCode as S;
    let (a, b) = (f.a, f.b);
    let c = || ("csrf", csrf.to_string());
    let form = |fields: &[(&'static str, &str)]| {
        let mut all = vec![c()];
        all.extend(fields.iter().map(|(k, v)| (*k, (*v).to_string())));
        Send::Form(all)
    };
    vec![
        get("/", S::SEE_OTHER),
        get("/login", S::OK),
        post("/login", Send::LogIn, S::SEE_OTHER),
        get("/healthz", S::OK),
        get("/static/style.css", S::OK),
        get("/assessments", S::OK),
        get("/assessments/new", S::OK),
        get("/assessments/import", S::OK),
        get("/assessments/{id}", S::OK).at(format!("/assessments/{a}")),
        get("/assessments/{id}/history", S::OK).at(format!("/assessments/{a}/history")),
        get("/assessments/compare", S::OK).at(format!("/assessments/compare?from={a}&to={b}")),
        get("/portfolio", S::OK),
        get("/assessments/{id}/report.html", S::OK).at(format!("/assessments/{a}/report.html")),
        get("/assessments/{id}/report.md", S::OK).at(format!("/assessments/{a}/report.md")),
        get("/assessments/{id}/report.json", S::OK).at(format!("/assessments/{a}/report.json")),
        get("/assessments/{id}/export.tar", S::OK).at(format!("/assessments/{a}/export.tar")),
        get("/admin", S::OK),
        post(
            "/assessments",
            form(&[("subject", "New"), ("model", "testing")]),
            S::SEE_OTHER,
        ),
        post("/assessments/import", Send::Import(vec![c()]), S::SEE_OTHER),
        post("/assessments/{id}/close", form(&[]), S::SEE_OTHER).at(format!("/assessments/{a}/close")),
        post(
            "/assessments/{id}/anonymity",
            form(&[("anonymous", "on"), ("min_group", "3")]),
            S::SEE_OTHER,
        )
        .at(format!("/assessments/{a}/anonymity")),
        post(
            "/assessments/{id}/dora-benchmark",
            form(&[("industry", "technology"), ("size", "")]),
            S::SEE_OTHER,
        )
        .at(format!("/assessments/{a}/dora-benchmark")),
        post(
            "/assessments/{id}/plan",
            form(&[("decision.code-review", "done")]),
            S::SEE_OTHER,
        )
        .at(format!("/assessments/{a}/plan")),
        post("/assessments/{id}/reopen", form(&[]), S::SEE_OTHER).at(format!("/assessments/{a}/reopen")),
        get("/assessments/{id}/delete", S::OK).at(format!("/assessments/{}/delete", f.doomed)),
        post("/assessments/{id}/delete", form(&[]), S::SEE_OTHER)
            .at(format!("/assessments/{}/delete", f.doomed)),
        post(
            "/assessments/{id}/invitations",
            form(&[("name", "new one"), ("role", "tester")]),
            S::CREATED,
        )
        .at(format!("/assessments/{a}/invitations")),
        post(
            "/assessments/{id}/invitations/bulk",
            Send::Multipart(vec![c(), ("list", "bulk one, tester\nbulk two".into())]),
            S::CREATED,
        )
        .at(format!("/assessments/{a}/invitations/bulk")),
        post(
            "/assessments/{id}/invitations/{respondent}/rotate",
            form(&[]),
            S::OK,
        )
        .at(format!("/assessments/{a}/invitations/{}/rotate", f.respondent)),
        // The fixture's links were made without a link key: they cannot be shown again (409).
        get("/assessments/{id}/invitations/{respondent}/link", S::CONFLICT)
            .at(format!("/assessments/{a}/invitations/{}/link", f.respondent)),
        post(
            "/assessments/{id}/invitations/{respondent}/revoke",
            form(&[]),
            S::SEE_OTHER,
        )
        .at(format!("/assessments/{a}/invitations/{}/revoke", f.respondent)),
        post(
            "/assessments/{id}/observations",
            form(&[("area", "devops.builds-ci"), ("text", "more")]),
            S::SEE_OTHER,
        )
        .at(format!("/assessments/{a}/observations")),
        post(
            "/assessments/{id}/observations/{observation}",
            form(&[("area", "devops.leadership"), ("text", "edited")]),
            S::SEE_OTHER,
        )
        .at(format!("/assessments/{a}/observations/{}", f.observation)),
        post(
            "/assessments/{id}/observations/{observation}/delete",
            form(&[]),
            S::SEE_OTHER,
        )
        .at(format!("/assessments/{a}/observations/{}/delete", f.observation)),
        post(
            "/assessments/{id}/evidence",
            Send::Evidence(vec![c(), ("kind", "scan".into())]),
            S::SEE_OTHER,
        )
        .at(format!("/assessments/{a}/evidence")),
        post(
            "/admin/users",
            form(&[
                ("name", "newbie"),
                ("password", "long enough password"),
                ("role", "viewer"),
            ]),
            S::SEE_OTHER,
        ),
        post("/admin/users/{user}/delete", form(&[]), S::SEE_OTHER)
            .at(format!("/admin/users/{}/delete", f.spare_user)),
        post("/admin/groups", form(&[("name", "Payments")]), S::SEE_OTHER),
        post(
            "/admin/subjects/groups",
            form(&[("subject", "Subject A"), ("group", "Payments")]),
            S::SEE_OTHER,
        ),
        post(
            "/admin/users/groups",
            form(&[("user", "viewer"), ("group", "Payments")]),
            S::SEE_OTHER,
        ),
        post("/admin/groups/{group}/delete", form(&[]), S::SEE_OTHER)
            .at(format!("/admin/groups/{}/delete", f.spare_group)),
        post(
            "/admin/tokens",
            form(&[("name", "ci2"), ("subject", "Subject A")]),
            S::CREATED,
        ),
        post("/admin/tokens/{token}/revoke", form(&[]), S::SEE_OTHER)
            .at(format!("/admin/tokens/{}/revoke", f.api_token_id)),
        get("/survey/{token}", S::OK).at(format!("/survey/{survey}")),
        post("/survey/{token}", Send::Survey, S::SEE_OTHER).at(format!("/survey/{survey}")),
        get("/metrics", S::OK),
        get("/api/v1", S::OK),
        get("/api/v1/", S::OK),
        get("/api/v1/assessments", S::OK),
        get("/api/v1/assessments/{id}/results", S::OK).at(format!("/api/v1/assessments/{a}/results")),
        get("/api/v1/portfolio", S::OK),
        post("/api/v1/scans", Send::ApiPost, S::CREATED),
        post("/api/v1/metrics", Send::ApiPost, S::CREATED),
        post("/api/v1/events", Send::ApiPost, S::CREATED),
        post("/api/v1/flow", Send::ApiPost, S::CREATED),
        post("/api/v1/tests", Send::ApiPost, S::CREATED),
        post("/api/v1/coverage", Send::ApiPost, S::CREATED),
        post("/api/v1/deployments", Send::ApiPost, S::CREATED),
        get("/api/v1/deployments", S::OK),
        post("/api/v1/cdevents", Send::ApiPost, S::CREATED),
        post("/api/v1/devlake/deployments", Send::ApiPost, S::CREATED),
        // A valid token would get 404 here; the catch-all is probed with a GET.
        Probe::new(Method::Any, "/api/v1/{*rest}", Send::Get, S::NOT_FOUND).at("/api/v1/nothing-here".into()),
        post("/logout", form(&[]), S::SEE_OTHER),
    ]
}

/// Whether `path` (its query aside) is one of `route`'s paths: the same segments, a `{name}`
/// standing for any one segment and a final `{*name}` for the rest.
fn fits(route: &str, path: &str) -> bool {
    let path = path.split('?').next().unwrap_or(path);
    let mut given = path.split('/');
    for segment in route.split('/') {
        if segment.starts_with("{*") {
            return given.next().is_some_and(|s| !s.is_empty());
        }
        match given.next() {
            Some(s) if segment.starts_with('{') => {
                if s.is_empty() {
                    return false;
                }
            }
            Some(s) if s == segment => {}
            _ => return false,
        }
    }
    given.next().is_none()
}

/// The listed route a probe exercises.
fn route_of<'r>(routes: &'r [Route], p: &Probe) -> &'r Route {
    routes
        .iter()
        .find(|r| r.method == p.method && r.path == p.route)
        .unwrap_or_else(|| {
            panic!(
                "the matrix probes {} {}, which maturity_web::routes() does not list",
                p.method.as_str(),
                p.route
            )
        })
}

/// The role of a caller that logs in.
fn role(caller: Caller) -> Option<Role> {
    match caller {
        Caller::Viewer => Some(Role::Viewer),
        Caller::Assessor | Caller::GroupLimited => Some(Role::Assessor),
        Caller::Admin => Some(Role::Admin),
        _ => None,
    }
}

/// What `caller` gets from a route of this access: `success` when it is let in.
fn expected(access: Access, caller: Caller, success: StatusCode) -> StatusCode {
    match (access, role(caller)) {
        (Access::Public | Access::LogInForm, _) => success,
        (Access::Session(_) | Access::SessionForm(_), None) => StatusCode::SEE_OTHER,
        (Access::Session(min) | Access::SessionForm(min), Some(r)) if r >= min => success,
        (Access::Session(_) | Access::SessionForm(_), Some(_)) => StatusCode::FORBIDDEN,
        (Access::SurveyLink | Access::SurveyForm, _) if caller == Caller::OtherRespondent => success,
        (Access::SurveyLink | Access::SurveyForm, _) => StatusCode::NOT_FOUND,
        // No caller of the matrix holds an API token.
        (Access::ApiToken, _) => StatusCode::UNAUTHORIZED,
    }
}

/// Sends a probe as the holder of `session` (if any) and of the survey token `bearer` (if any).
async fn send(world: &World, p: &Probe, session: Option<&Session>, bearer: Option<&str>) -> common::Reply {
    match &p.send {
        Send::Get => world.get(&p.path, session).await,
        Send::Form(f) => {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            world.post_form(&p.path, session, &pairs).await
        }
        Send::Import(f) | Send::Evidence(f) | Send::Multipart(f) => {
            let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let owned = match &p.send {
                Send::Import(_) => falcon_files(),
                Send::Multipart(_) => Vec::new(),
                _ => vec![("file", "scan.json".to_string(), empty_scan().into_bytes())],
            };
            let files: Vec<(&str, &str, Vec<u8>)> = owned
                .iter()
                .map(|(k, n, b)| (*k, n.as_str(), b.clone()))
                .collect();
            world.post_multipart(&p.path, session, &pairs, &files).await
        }
        Send::LogIn => {
            let page = world.get("/login", None).await;
            let nonce = page.set_cookie[0].split(';').next().expect("pair").to_string();
            let body = format!(
                "csrf={}&name=viewer&password={}",
                hidden(&page.body, "csrf"),
                common::encode(common::PASSWORD)
            );
            let request = axum::http::Request::post(&p.path)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", nonce)
                .body(axum::body::Body::from(body))
                .expect("request");
            world.send(request).await
        }
        Send::Survey => {
            // The survey's own CSRF token is on its page; a caller without a page has none.
            let page = world.get(&p.path, None).await;
            let token = if page.status == StatusCode::OK {
                hidden(&page.body, "csrf")
            } else {
                String::new()
            };
            world
                .post_form(
                    &p.path,
                    None,
                    &[("csrf", &token), ("page", "0"), ("level:devops.leadership", "2")],
                )
                .await
        }
        Send::ApiPost => {
            let body = match p.path.as_str() {
                "/api/v1/scans" => empty_scan(),
                "/api/v1/metrics" => metrics_fixture(),
                "/api/v1/flow" => "ID,Title,Backlog,Done\nA-1,x,2026-10-01,2026-10-03\n".to_string(),
                "/api/v1/tests" => {
                    "<testsuite name=\"s\"><testcase classname=\"c\" name=\"t\"/></testsuite>".to_string()
                }
                "/api/v1/coverage" => "SF:a.py\nDA:1,1\nend_of_record\n".to_string(),
                "/api/v1/cdevents" | "/api/v1/events" => CDEVENT.to_string(),
                "/api/v1/devlake/deployments" => {
                    r#"{"pipeline_id": "d1", "commit_sha": "015e3d3b", "end_time": "2026-10-14T09:30:00Z"}"#
                        .to_string()
                }
                _ => "{\"time\":\"2026-10-14T09:30:00Z\"}".to_string(),
            };
            world.api("POST", &p.path, bearer, &body).await
        }
    }
}

/// A CDEvent as a CI job sends one (docs/cdevents.md).
const CDEVENT: &str = r#"{"context": {"specversion": "0.4.1", "id": "e1", "source": "/ci", "type": "dev.cdevents.service.deployed.0.2.0", "timestamp": "2026-10-14T09:30:00Z"}, "subject": {"id": "orders", "type": "service", "content": {"environment": {"id": "production"}, "artifactId": "pkg:generic/orders@1.4.2"}}}"#;

/// Sends every probe as `caller` and checks each answer against the access its route needs.
async fn matrix_for(caller: Caller) {
    let world = World::new(Backend::Sqlite).await;
    let f = seed(&world).await;
    // The test world names its users after their roles.
    let session: Option<Session> = match (caller, role(caller)) {
        (Caller::GroupLimited, _) => Some(limited_assessor(&world).await),
        (_, Some(r)) => Some(world.login(r.as_str()).await),
        (_, None) => None,
    };
    let csrf = session.as_ref().map_or_else(String::new, |s| s.csrf.clone());
    let survey_token = match caller {
        Caller::OtherRespondent => f.token_b.clone(),
        Caller::RevokedRespondent => f.revoked.clone(),
        _ => random_token().expect("token"),
    };
    // A survey token is no API token: respondents try theirs as one.
    let bearer = match caller {
        Caller::OtherRespondent => Some(f.token_b.as_str()),
        Caller::RevokedRespondent => Some(f.revoked.as_str()),
        _ => None,
    };
    let routes = maturity_web::routes();
    for p in probes(&f, &csrf, &survey_token) {
        let route = route_of(&routes, &p);
        let reply = send(&world, &p, session.as_ref(), bearer).await;
        let mut want = expected(route.access, caller, p.success);
        if caller == Caller::GroupLimited && want == p.success && names_a_fixture_assessment(&p.path) {
            want = StatusCode::NOT_FOUND;
        }
        assert_eq!(
            reply.status,
            want,
            "{caller:?} {:?} {}: {}",
            route,
            p.path,
            &reply.body[..reply.body.len().min(300)]
        );
        if matches!(route.access, Access::Session(_) | Access::SessionForm(_)) && session.is_none() {
            assert!(
                reply.location.starts_with("/login"),
                "{caller:?} {} goes to log-in: {}",
                p.path,
                reply.location
            );
        }
        if caller == Caller::GroupLimited && reply.status == StatusCode::OK {
            for subject in ["Subject A", "Subject B", "Subject C"] {
                assert!(!reply.body.contains(subject), "{} shows {subject}", p.path);
            }
        }
        if route.access == Access::SurveyLink && caller == Caller::OtherRespondent {
            assert!(
                reply.body.contains("Subject B") && !reply.body.contains("Subject A"),
                "a link opens its own survey only"
            );
        }
    }
}

/// Logs in a new assessor limited to the group `elsewhere`, whose one subject has no
/// assessment yet.
async fn limited_assessor(world: &World) -> Session {
    let hash = maturity_web::auth::hash_password(common::PASSWORD).expect("hash");
    let id = world
        .store
        .create_user("limited", Role::Assessor, &hash, 1)
        .await
        .expect("user");
    world.store.create_group("elsewhere", 1).await.expect("group");
    world
        .store
        .set_subject_groups("Subject Z", &["elsewhere".to_string()])
        .await
        .expect("subject");
    world
        .store
        .set_user_groups(id, &["elsewhere".to_string()])
        .await
        .expect("limit");
    world.login("limited").await
}

/// Whether a page path names one of the fixture's assessments (all of them outside the
/// limited assessor's group): `/assessments/{id}…` or the comparison of two.
fn names_a_fixture_assessment(path: &str) -> bool {
    maturity_web::groups::assessment_in_path(path).is_some() || path.starts_with("/assessments/compare")
}

#[test]
fn every_route_is_in_the_matrix() {
    let probes = probes(&Fixture::default(), "", "token");
    let routes = maturity_web::routes();
    let missing: Vec<String> = routes
        .iter()
        .filter(|r| !probes.iter().any(|p| p.method == r.method && p.route == r.path))
        .map(|r| format!("{r:?}"))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without an entry in the security matrix (add a probe in `probes`): {missing:?}"
    );
    for p in &probes {
        let route = route_of(&routes, p);
        assert!(fits(&route.path, &p.path), "{} does not call {route:?}", p.path);
        let twice = probes
            .iter()
            .filter(|q| q.method == p.method && q.route == p.route)
            .count();
        assert_eq!(twice, 1, "{route:?} has {twice} probes");
    }
}

#[test]
fn probe_paths_fit_their_routes() {
    for (route, path, fits_it) in [
        ("/assessments/{id}", "/assessments/3", true),
        ("/assessments/{id}", "/assessments/3/history", false),
        ("/assessments/{id}", "/assessments/", false),
        ("/assessments/compare", "/assessments/compare?from=1&to=2", true),
        ("/api/v1/{*rest}", "/api/v1/a/b", true),
        ("/api/v1/{*rest}", "/api/v1/", false),
        ("/api/v1/", "/api/v1", false),
        ("/api/v1", "/api/v1", true),
    ] {
        assert_eq!(fits(route, path), fits_it, "{route} {path}");
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
async fn authorization_matrix_group_limited_assessor() {
    matrix_for(Caller::GroupLimited).await;
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
    let routes = maturity_web::routes();
    // Every post outside the API (which takes no cookies) is a form with a CSRF token.
    for route in routes
        .iter()
        .filter(|r| r.method != Method::Get && !r.path.starts_with("/api/"))
    {
        assert!(
            matches!(
                route.access,
                Access::SessionForm(_) | Access::SurveyForm | Access::LogInForm
            ),
            "{route:?} changes something without a CSRF token"
        );
    }
    let probes = probes(&f, &admin.csrf, &f.token_b);
    for p in &probes {
        let route = route_of(&routes, p);
        match route.access {
            // Each form of a session, sent with its own fields but no or a wrong CSRF token.
            Access::SessionForm(_) => {
                let fields: Vec<(&'static str, String)> = p
                    .send
                    .fields()
                    .unwrap_or_else(|| panic!("{route:?} is a form but is probed as {:?}", p.send))
                    .iter()
                    .filter(|(k, _)| *k != "csrf")
                    .cloned()
                    .collect();
                for csrf in [None, Some("0".repeat(64))] {
                    let mut fields = fields.clone();
                    fields.extend(csrf.clone().map(|c| ("csrf", c)));
                    let forged = Probe {
                        send: p.send.with_fields(fields),
                        ..p.clone()
                    };
                    let reply = send(&world, &forged, Some(&admin), None).await;
                    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{route:?} with {csrf:?}");
                }
            }
            // The survey's form, with a valid link but without the page's token.
            Access::SurveyForm => {
                let reply = world
                    .post_form(&p.path, None, &[("page", "0"), ("level:devops.leadership", "2")])
                    .await;
                assert_eq!(reply.status, StatusCode::FORBIDDEN, "{route:?}");
            }
            // The log-in form without its nonce cookie.
            Access::LogInForm => {
                let reply = world
                    .post_form(
                        &p.path,
                        None,
                        &[("csrf", "x"), ("name", "admin"), ("password", common::PASSWORD)],
                    )
                    .await;
                assert_eq!(reply.status, StatusCode::FORBIDDEN, "{route:?}");
            }
            Access::Public | Access::Session(_) | Access::SurveyLink | Access::ApiToken => {}
        }
    }
    // Nothing changed: the session still works, the observation is still there.
    assert_eq!(
        world.get("/assessments", Some(&admin)).await.status,
        StatusCode::OK
    );
    let record = world.store.assessment(f.a).await.expect("q").expect("a");
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
    for _ in 0..maturity_web::auth::FREE_FAILURES_PER_NAME {
        assert_eq!(attempt("wrong").await.status, StatusCode::UNAUTHORIZED);
    }
    // Past the free failures each try waits for the one before: 1 s, then 2 s.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(attempt("wrong").await.status, StatusCode::UNAUTHORIZED);
    let refused = attempt("wrong").await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        refused
            .body
            .contains("too many failed log-ins from here: try again in"),
        "{}",
        refused.body
    );
    let right = common::encode(common::PASSWORD);
    let right: &'static str = Box::leak(right.into_boxed_str());
    assert_eq!(
        attempt(right).await.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    // The owner, from another address, is not locked out by someone guessing from theirs.
    let mut request = axum::http::Request::post("/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", nonce.clone())
        .header("x-forwarded-for", "192.0.2.99")
        .body(axum::body::Body::from(format!(
            "csrf={csrf}&name=viewer&password={right}"
        )))
        .expect("request");
    let owner: std::net::SocketAddr = "192.0.2.9:50000".parse().expect("address");
    request.extensions_mut().insert(axum::extract::ConnectInfo(owner));
    assert_eq!(
        world.send(request).await.status,
        StatusCode::SEE_OTHER,
        "the owner logs in"
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

/// The scan of an empty tree: the smallest body a scan route takes.
fn empty_scan() -> String {
    maturity_evidence::ScanReport::from_raw("api", &maturity_evidence::collect_files(&[])).to_json()
}

fn metrics_fixture() -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/metrics.json"),
    )
    .expect("fixture")
}

/// The falcon example's scan-free directory, packed as the import form takes it.
fn falcon_tar(edit: impl Fn(&str, String) -> Option<String>) -> Vec<u8> {
    let dir = common::falcon_dir();
    let mut files = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let relative = path
                .strip_prefix(&dir)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&path).expect("text");
            if let Some(text) = edit(&relative, text) {
                files.push(maturity_model::export::ExportFile { path: relative, text });
            }
        }
    }
    maturity_web::import::tar_of("falcon", &files).expect("tar")
}

/// Every write path given bad requests (a survey save, an import, an evidence upload, an API
/// push): each is refused with a 4xx that says why, and the database is byte for byte as it was.
async fn bad_requests_cost_no_data(backend: Backend) {
    let world = World::new(backend).await;
    let admin = world.login("admin").await;
    let (_, new) = maturity_web::import::from_dir(&common::falcon_dir()).expect("falcon");
    let id = world.store.create_assessment(&new, 1).await.expect("store");
    let survey_token = random_token().expect("token");
    world
        .store
        .create_invitation(id, "r1", "developer", &token_hash(&survey_token), 1)
        .await
        .expect("invite");
    let survey = format!("/survey/{survey_token}");
    let api_token = random_token().expect("token");
    world
        .store
        .create_api_token("ci", &new.subject, &token_hash(&api_token), 1)
        .await
        .expect("token");
    let t = Some(api_token.as_str());
    // Something of every kind is stored already: answers, evidence, deployments.
    let page = world.get(&survey, None).await;
    let csrf = hidden(&page.body, "csrf");
    let saved = world
        .post_form(
            &survey,
            None,
            &[
                ("csrf", &csrf),
                ("page", "0"),
                ("level:devops.leadership", "2"),
                ("go", "next"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let scan = empty_scan();
    let pushed = world.api("POST", "/api/v1/scans?name=api", t, &scan).await;
    assert_eq!(pushed.status, StatusCode::CREATED, "{}", pushed.body);
    let deployed = world
        .api(
            "POST",
            "/api/v1/deployments",
            t,
            r#"{"time": "2026-10-01T10:00:00Z"}"#,
        )
        .await;
    assert_eq!(deployed.status, StatusCode::CREATED, "{}", deployed.body);

    let before = maturity_store::testing::snapshot(&world.url).await;
    let long_comment = "x".repeat(maturity_web::limits::COMMENT + 1);
    let flood: Vec<(&str, &str)> = std::iter::repeat_n(("level:devops.leadership", "3"), 5000).collect();
    // What is wrong, the fields, and what the answer says.
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);
    let survey_saves: Vec<Case> = vec![
        (
            "a level out of range",
            vec![("csrf", &csrf), ("page", "0"), ("level:devops.leadership", "7")],
            "not a level",
        ),
        (
            "an unknown criterion",
            vec![("csrf", &csrf), ("page", "0"), ("level:nope.nothing", "2")],
            "nope.nothing",
        ),
        (
            "a comment too long",
            vec![
                ("csrf", &csrf),
                ("page", "0"),
                ("comment:devops.leadership", &long_comment),
            ],
            "longer than",
        ),
        (
            "no page",
            vec![("csrf", &csrf), ("level:devops.leadership", "3")],
            "page",
        ),
        (
            "a stale form",
            vec![
                ("csrf", "forged"),
                ("page", "0"),
                ("level:devops.leadership", "3"),
            ],
            "",
        ),
        ("a flood of fields", flood, "may have at most"),
    ];
    for (what, fields, says) in &survey_saves {
        let reply = world.post_form(&survey, None, fields).await;
        assert!(
            reply.status.is_client_error(),
            "{what}: {} {}",
            reply.status,
            reply.body
        );
        assert!(reply.body.contains(says), "{what}: {}", reply.body);
    }

    let imports: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "not an archive",
            b"\x1f\x8b garbage".to_vec(),
            "not a readable tar archive",
        ),
        (
            "a response with a bad level",
            falcon_tar(|path, text| {
                Some(if path.starts_with("responses/") {
                    text.replacen("= 2", "= 9", 1)
                } else {
                    text
                })
            }),
            "responses/",
        ),
        (
            "no maturity.toml",
            falcon_tar(|path, text| (path != "maturity.toml").then_some(text)),
            "no maturity.toml",
        ),
        (
            "evidence that is not there",
            falcon_tar(|path, text| {
                Some(if path == "maturity.toml" {
                    format!("{text}\n[evidence]\nscans = [\"evidence/scan.json\"]\n")
                } else {
                    text
                })
            }),
            "add it to the files",
        ),
    ];
    for (what, tar, says) in imports {
        let reply = world
            .post_multipart(
                "/assessments/import",
                Some(&admin),
                &[("csrf", &admin.csrf)],
                &[("files", "falcon.tgz", tar)],
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{what}: {}", reply.body);
        assert!(
            common::unescape(&reply.body).contains(says),
            "{what}: {}",
            reply.body
        );
    }

    let uploads: [(&str, &str, &[u8], &str); 4] = [
        ("not JSON", "scan", b"{not json", "not JSON"),
        (
            "metrics sent as a scan",
            "scan",
            br#"{"schema": 1}"#,
            "not a scan result",
        ),
        ("an unknown kind", "junit", scan.as_bytes(), "kind must be"),
        ("not UTF-8", "scan", b"\xff\xfe", "not UTF-8"),
    ];
    for (what, kind, body, says) in uploads {
        let reply = world
            .post_multipart(
                &format!("/assessments/{id}/evidence"),
                Some(&admin),
                &[("csrf", &admin.csrf), ("kind", kind)],
                &[("file", "e.json", body.to_vec())],
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{what}: {}", reply.body);
        assert!(reply.body.contains(says), "{what}: {}", reply.body);
    }

    let too_many = format!(
        "[{}]",
        vec![r#"{"time": "2026-10-01T10:00:00Z"}"#; 1001].join(",")
    );
    let pushes: Vec<(&str, String, &str)> = vec![
        ("/api/v1/scans", "{not json".into(), "not JSON"),
        (
            "/api/v1/scans",
            r#"{"findings": [1]}"#.into(),
            "not a scan result",
        ),
        ("/api/v1/metrics", scan.clone(), "not a `maturity metrics"),
        ("/api/v1/events", String::new(), "1:1: no events"),
        ("/api/v1/events", "[1]\n".into(), "1:1: expected an object"),
        ("/api/v1/events", "\n{\"time\": 5".into(), "2:1: not JSON"),
        (
            "/api/v1/events",
            "{\"status\": \"ok\"}".into(),
            "missing field `time`",
        ),
        (
            "/api/v1/events",
            "{\"context\": {\"type\": \"dev.cdevents.service.deployed.0.2.0\"}}".into(),
            "context.specversion: missing",
        ),
        ("/api/v1/flow", scan.clone(), "not a `gh issue list --json` array"),
        ("/api/v1/flow", "Key,Summary\nA,B\n".into(), "no known header"),
        ("/api/v1/flow", "PK\u{3}\u{4}\0".into(), "a binary file"),
        ("/api/v1/tests", scan.clone(), "not a `maturity tests"),
        (
            "/api/v1/tests",
            "<testsuite>\n<testcase time=\"<<computed>>\"/>\n</testsuite>".into(),
            "2:1: <testcase time=",
        ),
        ("/api/v1/tests", "<html/>".into(), "not the root of a test report"),
        ("/api/v1/coverage", "SF:a.py\nDA:1\n".into(), "2:1: bad hit count"),
        ("/api/v1/scans?assessment=999999", scan.clone(), "not found"),
        (
            "/api/v1/deployments",
            r#"{"version": "1.0"}"#.into(),
            "event 0: needs",
        ),
        (
            "/api/v1/deployments",
            r#"[{"time": "2026-10-01T10:00:00Z"}, {"time": "yesterday"}]"#.into(),
            "event 1",
        ),
        ("/api/v1/deployments", too_many, "1 to 1000 events"),
        ("/api/v1/deployments", "[]".into(), "1 to 1000 events"),
        ("/api/v1/cdevents", "{not json".into(), "not JSON"),
        (
            "/api/v1/cdevents",
            format!(
                "[{CDEVENT}, {}]",
                CDEVENT.replace("2026-10-14T09:30:00Z", "yesterday")
            ),
            "[1].context.timestamp",
        ),
        ("/api/v1/cdevents", "[]".into(), "1 to 1000 events"),
        (
            "/api/v1/devlake/deployments",
            r#"{"commit_sha": "015e3d3b"}"#.into(),
            "end_time: missing",
        ),
    ];
    for (path, body, says) in pushes {
        let reply = world.api("POST", path, t, &body).await;
        assert!(
            reply.status.is_client_error(),
            "{path} {body:.60}: {} {}",
            reply.status,
            reply.body
        );
        assert!(reply.body.contains(says), "{path} {body:.60}: {}", reply.body);
    }

    assert_eq!(
        maturity_store::testing::snapshot(&world.url).await,
        before,
        "a refused request changed what is stored"
    );
    // The snapshot sees every write: one accepted push changes it.
    let accepted = world
        .api(
            "POST",
            "/api/v1/deployments",
            t,
            r#"{"time": "2026-10-02T10:00:00Z"}"#,
        )
        .await;
    assert_eq!(accepted.status, StatusCode::CREATED);
    assert_ne!(maturity_store::testing::snapshot(&world.url).await, before);
}

#[tokio::test]
async fn bad_requests_cost_no_data_sqlite() {
    bad_requests_cost_no_data(Backend::Sqlite).await;
}

#[tokio::test]
async fn bad_requests_cost_no_data_postgres() {
    bad_requests_cost_no_data(Backend::Postgres).await;
}
