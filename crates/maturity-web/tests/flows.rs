//! What an assessor and respondents do, through `app()` on both stores: create, invite,
//! answer, watch results, download reports identical to the CLI's, export and import back,
//! and push from CI. Hostile input (HTML, SQL metacharacters) comes back literally and escaped.

mod common;

use std::io::Read;
use std::path::Path;

use axum::http::StatusCode;
use common::{Backend, World, hidden, id_from, survey_path};
use maturity_report::{Format, render, report_for};
use maturity_web::route::{Access, Method};

const XSS: &str = "<script>alert('x')</script><img src=x onerror=alert(1)>";
const SQL: &str = "Robert'); DROP TABLE answers;--";

/// Unpacks a tar into `dir` and returns the folder it holds.
fn untar(bytes: &[u8], dir: &Path) -> std::path::PathBuf {
    let mut archive = tar::Archive::new(bytes);
    let mut top = None;
    for entry in archive.entries().expect("tar") {
        let mut entry = entry.expect("entry");
        let path = entry.path().expect("path").into_owned();
        top.get_or_insert_with(|| path.components().next().expect("top").as_os_str().to_owned());
        let target = dir.join(&path);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        let mut text = Vec::new();
        entry.read_to_end(&mut text).expect("read");
        std::fs::write(target, text).expect("write");
    }
    dir.join(top.expect("files"))
}

/// The CLI's report of an assessment directory.
fn cli_report(dir: &Path, format: Format) -> String {
    let assessment = maturity_model::assessment_dir::read_assessment(dir).expect("the export reads back");
    render(&report_for(&assessment), format).expect("render")
}

async fn survey_to_report(backend: Backend) {
    let world = World::new(backend).await;
    let assessor = world.login("assessor").await;
    let subject = format!("{SQL} {XSS}");
    let created = world
        .post_form(
            "/assessments",
            Some(&assessor),
            &[
                ("csrf", &assessor.csrf),
                ("subject", &subject),
                ("date", "2026-10-14"),
                ("model", "devops"),
                ("model", "testing"),
                ("benchmark", "heavy-industry"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let id = id_from(&created.location);

    // Three invitations; one name is hostile.
    let mut links = Vec::new();
    for (name, role) in [("dev-1", "developer"), (XSS, "tester"), (SQL, "operations")] {
        let reply = world
            .post_form(
                &format!("/assessments/{id}/invitations"),
                Some(&assessor),
                &[("csrf", &assessor.csrf), ("name", name), ("role", role)],
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        links.push(survey_path(&reply.body));
    }

    // Each respondent answers the first page (devops, first four criteria) and the testing page.
    let levels = [["2", "3", "1", "dk"], ["4", "3", "2", "2"], ["1", "2", "dk", "3"]];
    for (link, levels) in links.iter().zip(levels) {
        let page = world.get(link, None).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("<script>alert"), "survey escapes the subject");
        let csrf = hidden(&page.body, "csrf");
        let ids = [
            "devops.leadership",
            "devops.organization-culture",
            "devops.environments-release",
            "devops.builds-ci",
        ];
        let mut fields: Vec<(String, String)> = vec![
            ("csrf".into(), csrf.clone()),
            ("page".into(), "0".into()),
            ("go".into(), "next".into()),
        ];
        for (criterion, level) in ids.iter().zip(levels) {
            fields.push((format!("level:{criterion}"), level.to_string()));
        }
        fields.push(("comment:devops.leadership".into(), format!("{XSS} and {SQL}")));
        let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let saved = world.post_form(link, None, &borrowed).await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        assert!(saved.location.contains("?page=1&saved=1"), "{}", saved.location);
        // A revision: the same page again, a new level.
        let revised = world
            .post_form(
                link,
                None,
                &[
                    ("csrf", &csrf),
                    ("page", "2"),
                    ("level:testing.unit", levels[0]),
                    ("go", "done"),
                ],
            )
            .await;
        assert_eq!(revised.status, StatusCode::SEE_OTHER);
        let back = world.get(&format!("{link}?page=0"), None).await;
        assert!(
            back.body.contains(&format!(
                "name=\"level:devops.leadership\" value=\"{}\" checked",
                levels[0]
            )) || levels[0] == "dk"
        );
    }

    // An observation with hostile text.
    let reply = world
        .post_form(
            &format!("/assessments/{id}/observations"),
            Some(&assessor),
            &[
                ("csrf", &assessor.csrf),
                ("area", "devops.leadership"),
                ("text", XSS),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);

    // The results page: escaped, with the scores.
    let page = world.get(&format!("/assessments/{id}"), Some(&assessor)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        !page.body.contains("<script>alert") && !page.body.contains("<img src=x"),
        "pages escape input"
    );
    assert!(page.body.contains("&lt;script&gt;"));
    assert!(
        page.body.contains("Robert&#x27;); DROP TABLE answers;--")
            || page.body.contains("Robert&#39;); DROP TABLE")
    );

    // Export, read with the CLI's reader, render: the web's downloads are the same bytes.
    let tar = world
        .get(&format!("/assessments/{id}/export.tar"), Some(&assessor))
        .await;
    assert_eq!(tar.status, StatusCode::OK);
    let out = tempfile::tempdir().expect("dir");
    let dir = untar(&tar.bytes, out.path());
    for (format, ext) in [
        (Format::Json, "json"),
        (Format::Html, "html"),
        (Format::Markdown, "md"),
    ] {
        let web = world
            .get(&format!("/assessments/{id}/report.{ext}"), Some(&assessor))
            .await;
        assert_eq!(web.status, StatusCode::OK);
        assert_eq!(
            web.body,
            cli_report(&dir, format),
            "{ext} report differs from the CLI's"
        );
    }
    let json: serde_json::Value = serde_json::from_str(
        &world
            .get(&format!("/assessments/{id}/report.json"), Some(&assessor))
            .await
            .body,
    )
    .expect("json");
    assert_eq!(json["respondents"]["count"], 3);
    assert_eq!(json["subject"], subject.as_str(), "stored literally");
    let html = world
        .get(&format!("/assessments/{id}/report.html"), Some(&assessor))
        .await
        .body;
    assert!(
        !html.contains("<script>alert") && !html.contains("<img src=x"),
        "the HTML report escapes input"
    );

    // Import the export back: every answer and comment survives the round trip.
    let mut files = Vec::new();
    for entry in walk(&dir) {
        let name = entry
            .strip_prefix(&dir)
            .expect("inside")
            .to_string_lossy()
            .into_owned();
        files.push(("files", name, std::fs::read(&entry).expect("read")));
    }
    let borrowed: Vec<(&str, &str, Vec<u8>)> = files
        .iter()
        .map(|(k, n, b)| (*k, n.as_str(), b.clone()))
        .collect();
    let imported = world
        .post_multipart(
            "/assessments/import",
            Some(&assessor),
            &[("csrf", &assessor.csrf)],
            &borrowed,
        )
        .await;
    assert_eq!(imported.status, StatusCode::SEE_OTHER, "{}", imported.body);
    let again = id_from(&imported.location);
    let second = world
        .get(&format!("/assessments/{again}/report.json"), Some(&assessor))
        .await;
    let a: serde_json::Value = serde_json::from_str(&second.body).expect("json");
    assert_eq!(
        a["models"], json["models"],
        "same scores, comments and observations after the round trip"
    );

    // Close: answers no longer change.
    world
        .post_form(
            &format!("/assessments/{id}/close"),
            Some(&assessor),
            &[("csrf", &assessor.csrf)],
        )
        .await;
    let page = world.get(&links[0], None).await;
    assert!(page.body.contains("This survey is closed"));
    let csrf = hidden(&page.body, "csrf");
    let refused = world
        .post_form(
            &links[0],
            None,
            &[("csrf", &csrf), ("page", "0"), ("level:devops.leadership", "4")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);

    // History and comparison of the two assessments of this subject.
    let history = world
        .get(&format!("/assessments/{id}/history"), Some(&assessor))
        .await;
    assert_eq!(history.status, StatusCode::OK);
    assert!(history.body.contains("<svg class=\"chart lines\""));
    let compare = world
        .get(
            &format!("/assessments/compare?from={id}&to={again}"),
            Some(&assessor),
        )
        .await;
    assert_eq!(compare.status, StatusCode::OK);
    assert!(compare.body.contains("data-criterion=\"devops.leadership\""));

    // Secrets: no password, session id or survey token in clear in the database.
    if let Some(db) = &world.db_file {
        let mut bytes = std::fs::read(db).expect("db");
        if let Ok(wal) = std::fs::read(db.with_extension("db-wal")) {
            bytes.extend(wal);
        }
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(common::PASSWORD), "password in clear");
        assert!(!text.contains(&assessor.raw), "session id in clear");
        for link in &links {
            assert!(!text.contains(&link["/survey/".len()..]), "survey token in clear");
        }
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[tokio::test]
async fn survey_to_report_sqlite() {
    survey_to_report(Backend::Sqlite).await;
}

#[tokio::test]
async fn survey_to_report_postgres() {
    survey_to_report(Backend::Postgres).await;
}

#[tokio::test]
async fn falcon_imports_and_exports_unchanged() {
    let world = World::new(Backend::Sqlite).await;
    let (_, new) = maturity_web::import::from_dir(&common::falcon_dir()).expect("falcon reads");
    let id = world.store.create_assessment(&new, 1).await.expect("store");
    let viewer = world.login("viewer").await;
    let tar = world
        .get(&format!("/assessments/{id}/export.tar"), Some(&viewer))
        .await;
    let out = tempfile::tempdir().expect("dir");
    let dir = untar(&tar.bytes, out.path());
    let original = maturity_model::assessment_dir::read_assessment(&common::falcon_dir()).expect("falcon");
    let exported = maturity_model::assessment_dir::read_assessment(&dir).expect("export");
    assert_eq!(exported.config, original.config);
    let answers = |a: &maturity_model::Assessment| {
        // Answer order within a file carries no meaning; the store keeps them by criterion.
        let mut r: Vec<_> = a
            .responses
            .iter()
            .map(|r| {
                let mut answers = r.answers.clone();
                answers.sort_by(|x, y| x.criterion.cmp(&y.criterion));
                (r.respondent.clone(), r.role.clone(), answers)
            })
            .collect();
        r.sort_by(|x, y| x.0.cmp(&y.0));
        r
    };
    assert_eq!(answers(&exported), answers(&original));
    for (format, ext) in [
        (Format::Json, "json"),
        (Format::Html, "html"),
        (Format::Markdown, "md"),
    ] {
        let web = world
            .get(&format!("/assessments/{id}/report.{ext}"), Some(&viewer))
            .await;
        assert_eq!(
            web.body,
            cli_report(&common::falcon_dir(), format),
            "{ext}: web and CLI differ on falcon"
        );
    }
}

#[tokio::test]
async fn api_for_ci() {
    let world = World::new(Backend::Sqlite).await;
    let (_, new) = maturity_web::import::from_dir(&common::falcon_dir()).expect("falcon");
    let id = world.store.create_assessment(&new, 1).await.expect("store");
    let other = world
        .store
        .create_assessment(
            &maturity_store::NewAssessment {
                subject: "Other".into(),
                models: vec!["devops".into()],
                ..Default::default()
            },
            1,
        )
        .await
        .expect("other");
    let admin = world.login("admin").await;
    let token = ci_token(&world, &admin, &new.subject).await;
    let t = Some(token.as_str());

    let index = world.api("GET", "/api/v1/", t, "").await;
    assert_eq!(index.status, StatusCode::OK);
    let list: serde_json::Value =
        serde_json::from_str(&world.api("GET", "/api/v1/assessments", t, "").await.body).expect("json");
    assert_eq!(list["assessments"].as_array().map(Vec::len), Some(1));
    let results = world
        .api("GET", &format!("/api/v1/assessments/{id}/results"), t, "")
        .await;
    assert_eq!(results.status, StatusCode::OK);
    assert_eq!(results.body, cli_report(&common::falcon_dir(), Format::Json));
    assert_eq!(
        world
            .api("GET", &format!("/api/v1/assessments/{other}/results"), t, "")
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let scan = world
        .api("POST", "/api/v1/scans?name=falcon-repo", t, &scan_json())
        .await;
    assert_eq!(scan.status, StatusCode::CREATED, "{}", scan.body);
    assert_eq!(
        world.api("POST", "/api/v1/metrics", t, "{not json").await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        world
            .api("POST", &format!("/api/v1/scans?assessment={other}"), t, "{}")
            .await
            .status,
        StatusCode::NOT_FOUND,
        "another subject's assessment"
    );
    let page = world.get(&format!("/assessments/{id}"), Some(&admin)).await;
    assert!(page.body.contains("falcon-repo"), "pushed evidence is listed");

    let pushed = world
        .api(
            "POST",
            "/api/v1/deployments",
            t,
            "[{\"time\":\"2026-10-14T09:30:00Z\",\"version\":\"1.2\"},{\"time\":\"2026-10-15T10:00:00Z\"}]",
        )
        .await;
    assert_eq!(pushed.status, StatusCode::CREATED, "{}", pushed.body);
    assert_eq!(
        world
            .api("POST", "/api/v1/deployments", t, "{\"version\":\"x\"}")
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    let listed: serde_json::Value =
        serde_json::from_str(&world.api("GET", "/api/v1/deployments", t, "").await.body).expect("json");
    assert_eq!(listed["deployments"][0]["event"]["time"], "2026-10-15T10:00:00Z");

    // A revoked token no longer works.
    let token_id = world.store.list_api_tokens().await.expect("tokens")[0].id;
    world
        .post_form(
            &format!("/admin/tokens/{token_id}/revoke"),
            Some(&admin),
            &[("csrf", &admin.csrf)],
        )
        .await;
    assert_eq!(
        world.api("GET", "/api/v1/", t, "").await.status,
        StatusCode::UNAUTHORIZED
    );
}

/// An API token for `subject`, created by `admin` on the tokens page.
async fn ci_token(world: &World, admin: &common::Session, subject: &str) -> String {
    let token = world.api_token(admin, subject).await;
    assert!(token.starts_with("mat_"));
    token
}

#[tokio::test]
async fn passwords_shorter_than_the_minimum_are_refused() {
    let world = World::new(Backend::Sqlite).await;
    let admin = world.login("admin").await;
    let min = maturity_web::auth::MIN_PASSWORD;
    let page = world.get("/admin", Some(&admin)).await;
    assert!(
        page.body
            .contains(&format!("Password ({min} characters or more)"))
    );
    assert!(page.body.contains(&format!("minlength=\"{min}\"")));
    let add = |name: &'static str, password: String| {
        let (world, admin) = (&world, &admin);
        async move {
            let fields = [
                ("csrf", admin.csrf.as_str()),
                ("name", name),
                ("password", password.as_str()),
                ("role", "viewer"),
            ];
            world.post_form("/admin/users", Some(admin), &fields).await
        }
    };
    let short = add("short", "x".repeat(min - 1)).await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    assert!(
        short
            .body
            .contains(&format!("the password needs {min} characters or more"))
    );
    assert_eq!(add("long", "x".repeat(min)).await.status, StatusCode::SEE_OTHER);
    let names: Vec<String> = world
        .store
        .list_users()
        .await
        .expect("users")
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert!(names.contains(&"long".to_string()) && !names.contains(&"short".to_string()));
}

#[test]
fn openapi_lists_exactly_the_api_routes() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json"))
        .expect("docs/openapi.json");
    let spec: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("methods") {
            if ["get", "post", "put", "delete", "patch"].contains(&method.as_str()) {
                assert!(
                    operation.get("security").is_none(),
                    "{method} {path} has its own security"
                );
                documented.push((method.clone(), format!("/api/v1{path}")));
            }
        }
    }
    documented.sort();
    // `/api/v1` is an alias of `/api/v1/` (OpenAPI paths cannot be empty), and the catch-all
    // answers unknown paths rather than being one.
    let mut routed: Vec<(String, String)> = maturity_web::api::routes()
        .iter()
        .filter(|r| r.path != "/api/v1" && r.method != Method::Any)
        .map(|r| (r.method.as_str().to_lowercase(), r.path.to_string()))
        .collect();
    routed.sort();
    assert_eq!(documented, routed, "docs/openapi.json and the router disagree");
    // The spec asks every operation for a token (one `security` for all, no operation's own).
    assert_eq!(spec["security"], serde_json::json!([{ "token": [] }]));
    for route in maturity_web::api::routes() {
        assert_eq!(route.access, Access::ApiToken, "{route:?}");
    }
}

#[tokio::test]
async fn roadmap_settings_survive_import_and_export() {
    let world = World::new(Backend::Sqlite).await;
    let dir = tempfile::tempdir().expect("dir");
    let falcon = common::falcon_dir();
    std::fs::create_dir_all(dir.path().join("responses")).expect("mkdir");
    let mut config = std::fs::read_to_string(falcon.join("maturity.toml")).expect("config");
    config.push_str("\n[roadmap]\nphases = 2\ncapacity = 12\ntargets = { devops = 70.0 }\n");
    std::fs::write(dir.path().join("maturity.toml"), config).expect("write");
    for entry in std::fs::read_dir(falcon.join("responses"))
        .expect("responses")
        .flatten()
    {
        std::fs::copy(entry.path(), dir.path().join("responses").join(entry.file_name())).expect("copy");
    }
    let (_, new) = maturity_web::import::from_dir(dir.path()).expect("reads");
    let id = world.store.create_assessment(&new, 1).await.expect("store");
    let viewer = world.login("viewer").await;
    let web = world
        .get(&format!("/assessments/{id}/report.json"), Some(&viewer))
        .await;
    assert_eq!(
        web.body,
        cli_report(dir.path(), Format::Json),
        "the roadmap the directory asks for"
    );
    let tar = world
        .get(&format!("/assessments/{id}/export.tar"), Some(&viewer))
        .await;
    let out = tempfile::tempdir().expect("dir");
    let exported = untar(&tar.bytes, out.path());
    let a = maturity_model::assessment_dir::read_assessment(dir.path()).expect("original");
    let b = maturity_model::assessment_dir::read_assessment(&exported).expect("export");
    assert_eq!(a.config, b.config);
}

/// What `maturity report` makes of an exported directory with saved scans and metrics: the
/// binary's own reading of `[evidence]`, through the evidence-source registry.
fn cli_report_with_evidence(dir: &Path) -> String {
    let assessment = maturity_model::assessment_dir::read_assessment(dir).expect("the export reads back");
    // Saved results only: the clock the binary passes matters only to repositories.
    let evidence = maturity_sources::gather(dir, "maturity.toml", &assessment.config.evidence, 0)
        .expect("the export's evidence reads");
    let catalog = maturity_model::Catalog::builtin();
    let report = maturity_report::prepare(
        &assessment,
        &maturity_report::Inputs {
            evidence: &evidence,
            catalog: &catalog,
            plan: maturity_assess::PlanConfig::from_roadmap(&assessment.config.roadmap),
        },
    );
    render(&report, Format::Json).expect("render")
}

#[tokio::test]
async fn uploads_offer_and_accept_exactly_the_evidence_sources() {
    let world = World::new(Backend::Sqlite).await;
    let (_, new) = maturity_web::import::from_dir(&common::falcon_dir()).expect("falcon");
    let id = world.store.create_assessment(&new, 1).await.expect("store");
    let admin = world.login("admin").await;
    let page = world.get(&format!("/assessments/{id}"), Some(&admin)).await;
    for source in maturity_sources::SOURCES {
        let option = format!("<option value=\"{0}\">{0}</option>", source.kind());
        assert!(page.body.contains(&option), "{option} missing");
    }
    let file = vec![("file", "x.json", scan_json().into_bytes())];
    for (kind, status) in [
        ("scans", StatusCode::BAD_REQUEST),
        ("", StatusCode::BAD_REQUEST),
        ("metrics", StatusCode::BAD_REQUEST),
        ("scan", StatusCode::SEE_OTHER),
    ] {
        let reply = world
            .post_multipart(
                &format!("/assessments/{id}/evidence"),
                Some(&admin),
                &[("csrf", &admin.csrf), ("kind", kind)],
                &file,
            )
            .await;
        assert_eq!(reply.status, status, "kind `{kind}`: {}", reply.body);
        let why = if kind == "metrics" {
            "x.json: 2:29: not a `maturity metrics --format json` result".to_string()
        } else {
            format!("kind must be {}", maturity_sources::kinds_in_words())
        };
        if status == StatusCode::BAD_REQUEST {
            assert!(reply.body.contains(&why), "{}", reply.body);
        }
    }
    let stored = world
        .store
        .evidence_for(&new.subject, id)
        .await
        .expect("evidence");
    assert_eq!(
        stored.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(),
        ["scan"]
    );
}

#[tokio::test]
async fn pushed_evidence_is_scored_like_saved_evidence() {
    let world = World::new(Backend::Sqlite).await;
    let (_, new) = maturity_web::import::from_dir(&common::falcon_dir()).expect("falcon");
    let id = world.store.create_assessment(&new, 1).await.expect("store");
    let admin = world.login("admin").await;
    let token = ci_token(&world, &admin, &new.subject).await;
    let t = Some(token.as_str());
    let scan = maturity_evidence::ScanReport::from_raw(
        "falcon-api",
        &maturity_evidence::collect_files(&[
            (
                ".github/workflows/ci.yml",
                "on:\n  push:\njobs:\n  test:\n    steps:\n      - run: mvn test\n",
            ),
            ("pom.xml", "<project></project>\n"),
            ("src/main/java/App.java", "class App {}\n"),
            ("src/test/java/AppTest.java", "class AppTest {}\n"),
        ]),
    )
    .to_json();
    let metrics =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/metrics.json"))
            .expect("fixture");
    for (path, body) in [
        ("/api/v1/scans?name=falcon-api", &scan),
        ("/api/v1/metrics?name=falcon-api", &metrics),
    ] {
        let pushed = world
            .api("POST", &format!("{path}&assessment={id}"), t, body)
            .await;
        assert_eq!(pushed.status, StatusCode::CREATED, "{}", pushed.body);
    }
    // Not a scan: refused, naming where it stops reading.
    let junk = world
        .api("POST", "/api/v1/scans?name=junk", t, "{\"findings\":[1,2]}")
        .await;
    assert_eq!(junk.status, StatusCode::BAD_REQUEST, "{}", junk.body);
    assert!(junk.body.contains("1:14: not a scan result"), "{}", junk.body);

    let web = world
        .get(&format!("/assessments/{id}/report.json"), Some(&admin))
        .await;
    let json: serde_json::Value = serde_json::from_str(&web.body).expect("json");
    assert_eq!(
        json["evidence_sources"].as_array().map(Vec::len),
        Some(2),
        "{}",
        json["evidence_sources"]
    );
    assert_eq!(json["delivery"].as_array().map(Vec::len), Some(1));
    let release = &json["models"][0]["areas"][2]["criteria"][0];
    assert_eq!(release["id"], "devops.environments-release");
    assert_eq!(release["observed"]["level"], 2.0);

    let tar = world
        .get(&format!("/assessments/{id}/export.tar"), Some(&admin))
        .await;
    assert_eq!(tar.status, StatusCode::OK);
    let out = tempfile::tempdir().expect("dir");
    let dir = untar(&tar.bytes, out.path());
    assert_eq!(
        web.body,
        cli_report_with_evidence(&dir),
        "the web's report differs from the export's"
    );
}

/// An imported `[roadmap]` is stored as the CLI reads it: the stored assessment reports, plans
/// with the imported targets, and exports a `maturity.toml` that reads back the same.
#[tokio::test]
async fn an_imported_roadmap_is_stored_as_the_cli_reads_it() {
    let world = World::new(Backend::Sqlite).await;
    let dir = falcon_with("\n[roadmap]\nlevel = 2\nphases = 2\n");
    let (_, new) = maturity_web::import::from_dir(dir.path()).expect("imports");
    let id = world.store.create_assessment(&new, 1).await.expect("store");
    let admin = world.login("admin").await;
    let report = world
        .get(&format!("/assessments/{id}/report.json"), Some(&admin))
        .await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    let json: serde_json::Value = serde_json::from_str(&report.body).expect("json");
    assert_eq!(
        json["roadmap"]["phases"].as_array().map(Vec::len).map(|n| n <= 2),
        Some(true)
    );
    let cli = maturity_model::assessment_dir::read_assessment(dir.path()).expect("reads");
    assert_eq!(cli.config.roadmap.default_level, Some(2));
    let tar = world
        .get(&format!("/assessments/{id}/export.tar"), Some(&admin))
        .await;
    assert_eq!(tar.status, StatusCode::OK);
    let out = tempfile::tempdir().expect("dir");
    let exported = untar(&tar.bytes, out.path());
    let again = maturity_model::assessment_dir::read_assessment(&exported).expect("the export reads back");
    assert_eq!(again.config.roadmap, cli.config.roadmap);
}

#[tokio::test]
async fn the_assessor_steers_the_plan_from_the_assessment_page() {
    let world = World::new(Backend::Sqlite).await;
    let dir = falcon_with("\n[roadmap]\nphases = 2\n");
    let (_, new) = maturity_web::import::from_dir(dir.path()).expect("imports");
    let id = world.store.create_assessment(&new, 1).await.expect("store");
    let admin = world.login("admin").await;
    let planned = |body: &str| -> Vec<String> {
        let json: serde_json::Value = serde_json::from_str(body).expect("json");
        json["roadmap"]["phases"]
            .as_array()
            .expect("phases")
            .iter()
            .flat_map(|p| p["proposals"].as_array().expect("proposals"))
            .map(|p| p["id"].as_str().expect("id").to_string())
            .collect()
    };
    let report = world
        .get(&format!("/assessments/{id}/report.json"), Some(&admin))
        .await;
    let before = planned(&report.body);
    let first = before[0].clone();
    let page = world.get(&format!("/assessments/{id}"), Some(&admin)).await;
    assert!(
        page.body.contains(&format!("name=\"decision.{first}\"")),
        "the plan is offered"
    );

    // Bad forms are refused and change nothing.
    let revision = world.store.revision(id).await.expect("query");
    for (name, value, says) in [
        (
            "decision.no-such-proposal",
            "done",
            "`no-such-proposal` is not a proposal",
        ),
        (
            &*format!("decision.{first}"),
            "later",
            "must be auto, include, exclude or done",
        ),
    ] {
        let reply = world
            .post_form(
                &format!("/assessments/{id}/plan"),
                Some(&admin),
                &[("csrf", &admin.csrf), (name, value)],
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
        assert!(reply.body.contains(says), "{}", reply.body);
    }
    assert_eq!(world.store.revision(id).await.expect("query"), revision);

    // Exclude the first proposal and mark a later one done: neither is planned any more, and
    // the export carries the decisions to the CLI, which plans the same.
    let last = before.last().expect("a plan").clone();
    let reply = world
        .post_form(
            &format!("/assessments/{id}/plan"),
            Some(&admin),
            &[
                ("csrf", &admin.csrf),
                (&format!("decision.{first}"), "exclude"),
                (&format!("decision.{last}"), "done"),
                ("decision.kanban-flow-metrics", "auto"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let report = world
        .get(&format!("/assessments/{id}/report.json"), Some(&admin))
        .await;
    let after = planned(&report.body);
    assert!(!after.contains(&first) && !after.contains(&last), "{after:?}");
    let page = world.get(&format!("/assessments/{id}"), Some(&admin)).await;
    assert!(
        page.body.contains("<option value=\"exclude\" selected>"),
        "the decision shows"
    );
    let tar = world
        .get(&format!("/assessments/{id}/export.tar"), Some(&admin))
        .await;
    let out = tempfile::tempdir().expect("dir");
    let exported = untar(&tar.bytes, out.path());
    let cli = maturity_model::assessment_dir::read_assessment(&exported).expect("the export reads back");
    assert_eq!(cli.config.roadmap.exclude, [first]);
    assert_eq!(cli.config.roadmap.done, [last]);
    assert_eq!(cli.config.roadmap.phases, Some(2));
    assert_eq!(report.body, cli_report(&exported, Format::Json));
}

#[tokio::test]
async fn the_assessor_makes_results_anonymous() {
    let world = World::new(Backend::Sqlite).await;
    let dir = falcon_with("");
    let (_, new) = maturity_web::import::from_dir(dir.path()).expect("imports");
    let names: Vec<String> = new.respondents.iter().map(|r| r.name.clone()).collect();
    let id = world.store.create_assessment(&new, 1).await.expect("store");
    let admin = world.login("admin").await;
    let path = format!("/assessments/{id}/anonymity");
    for bad in ["0", "many", "1001"] {
        let reply = world
            .post_form(
                &path,
                Some(&admin),
                &[("csrf", &admin.csrf), ("anonymous", "on"), ("min_group", bad)],
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}: {}", reply.body);
        assert!(
            reply.body.contains("min_group must be a whole number"),
            "{}",
            reply.body
        );
    }
    let named = world
        .get(&format!("/assessments/{id}/report.md"), Some(&admin))
        .await;
    assert!(
        names.iter().any(|n| named.body.contains(n.as_str())),
        "names before"
    );
    let reply = world
        .post_form(
            &path,
            Some(&admin),
            &[("csrf", &admin.csrf), ("anonymous", "on"), ("min_group", "4")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    for format in ["md", "html", "json"] {
        let report = world
            .get(&format!("/assessments/{id}/report.{format}"), Some(&admin))
            .await;
        assert_eq!(report.status, StatusCode::OK);
        for name in &names {
            assert!(!report.body.contains(name.as_str()), "{format} names {name}");
        }
    }
    let page = world.get(&format!("/assessments/{id}"), Some(&admin)).await;
    assert!(
        page.body.contains("name=\"anonymous\" checked"),
        "the setting shows"
    );
    let tar = world
        .get(&format!("/assessments/{id}/export.tar"), Some(&admin))
        .await;
    let out = tempfile::tempdir().expect("dir");
    let exported = untar(&tar.bytes, out.path());
    let cli = maturity_model::assessment_dir::read_assessment(&exported).expect("the export reads back");
    assert!(cli.config.report.anonymous);
    assert_eq!(cli.config.report.min_group, Some(4));
    // Unticked, the names come back.
    let reply = world
        .post_form(&path, Some(&admin), &[("csrf", &admin.csrf)])
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let named = world
        .get(&format!("/assessments/{id}/report.md"), Some(&admin))
        .await;
    assert!(
        names.iter().any(|n| named.body.contains(n.as_str())),
        "names after"
    );
}

/// A copy of the falcon example with `extra` appended to its `maturity.toml`.
fn falcon_with(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in walk(&common::falcon_dir()) {
        let to = dir
            .path()
            .join(entry.strip_prefix(common::falcon_dir()).expect("inside"));
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(&entry, &to).expect("copy");
    }
    let config = dir.path().join("maturity.toml");
    let mut text = std::fs::read_to_string(&config).expect("config");
    text.push_str(extra);
    std::fs::write(&config, text).expect("write");
    dir
}

/// A real scan result: the scanner's reading of a small Maven project with CI.
fn scan_json() -> String {
    maturity_evidence::ScanReport::from_raw(
        "falcon-api",
        &maturity_evidence::collect_files(&[
            (
                ".github/workflows/ci.yml",
                "on:\n  push:\njobs:\n  test:\n    steps:\n      - run: mvn test\n",
            ),
            ("pom.xml", "<project></project>\n"),
            ("src/main/java/App.java", "class App {}\n"),
            ("src/test/java/AppTest.java", "class AppTest {}\n"),
        ]),
    )
    .to_json()
}

fn metrics_json() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/metrics.json"))
        .expect("fixture")
}

/// The falcon example with saved evidence of every kind, as `maturity report` reads it.
fn falcon_with_evidence() -> tempfile::TempDir {
    let dir = falcon_with(
        "\n[evidence]\nscans = [\"evidence/api-scan.json\", \"ci/web scan.json\"]\nmetrics = [\"evidence/metrics.json\"]\nflow = [\"exports/jira.csv\"]\n\
         tests = [\"evidence/tests.json\", \"ci/TEST-acme.OrderIT.xml\"]\ncoverage = [\"ci/lcov.info\"]\nevents = [\"ci/events.jsonl\"]\n\n[flow]\nstarted = \"Review\"\n",
    );
    let fixture = |name: &str| {
        std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name),
        )
        .expect("fixture")
    };
    for (path, text) in [
        ("evidence/api-scan.json", scan_json()),
        (
            "ci/web scan.json",
            scan_json().replace("falcon-api", "falcon-web"),
        ),
        ("evidence/metrics.json", metrics_json()),
        (
            "exports/jira.csv",
            include_str!("../../maturity-flow/tests/data/jira.csv").to_string(),
        ),
        ("evidence/tests.json", fixture("tests.json")),
        (
            "ci/TEST-acme.OrderIT.xml",
            "<testsuite name=\"acme.OrderIT\"><testcase classname=\"acme.OrderIT\" name=\"saves\" time=\"2.5\"/></testsuite>\n"
                .to_string(),
        ),
        ("ci/lcov.info", "SF:src/a.rs\nDA:1,1\nDA:2,0\nend_of_record\n".to_string()),
        (
            "ci/events.jsonl",
            "{\"time\": \"2026-10-01T10:00:00Z\", \"environment\": \"production\"}\n".to_string(),
        ),
    ] {
        let to = dir.path().join(path);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::write(to, text).expect("write");
    }
    // Every source of the registry has saved evidence here.
    let assessment = maturity_model::assessment_dir::read_assessment(dir.path()).expect("reads");
    for source in maturity_sources::SOURCES {
        assert!(
            assessment.config.evidence.files(source.key()).next().is_some(),
            "{}",
            source.key()
        );
    }
    dir
}

/// The `(path, bytes)` of every file in a tar.
fn tar_files(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = tar::Archive::new(bytes);
    archive
        .entries()
        .expect("tar")
        .map(|entry| {
            let mut entry = entry.expect("entry");
            let path = entry.path().expect("path").to_string_lossy().into_owned();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).expect("read");
            (path, data)
        })
        .collect()
}

/// Imports `tar` through the import form and returns the new assessment's id.
async fn import_tar(world: &World, session: &common::Session, tar: Vec<u8>) -> i64 {
    let reply = world
        .post_multipart(
            "/assessments/import",
            Some(session),
            &[("csrf", &session.csrf)],
            &[("files", "falcon.tar", tar)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    id_from(&reply.location)
}

/// Export → import → export is lossless for every kind of evidence: the second export has the
/// same files with the same bytes as the first, the evidence keeps the names (and bytes) of the
/// directory first imported, and every report is the CLI's report of that directory.
async fn evidence_survives_export_and_import(backend: Backend) {
    let world = World::new(backend).await;
    let admin = world.login("admin").await;
    let original = falcon_with_evidence();
    let folder = |dir: &Path| {
        let files: Vec<maturity_model::export::ExportFile> = walk(dir)
            .into_iter()
            .map(|path| maturity_model::export::ExportFile {
                path: path
                    .strip_prefix(dir)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned(),
                text: std::fs::read_to_string(&path).expect("text"),
            })
            .collect();
        maturity_web::import::tar_of("falcon", &files).expect("tar")
    };
    let first = import_tar(&world, &admin, folder(original.path())).await;
    let cli = cli_report_with_evidence(original.path());
    let export = |id: i64| {
        let world = &world;
        let admin = &admin;
        async move {
            let reply = world
                .get(&format!("/assessments/{id}/export.tar"), Some(admin))
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
            reply.bytes
        }
    };
    let report = |id: i64| {
        let world = &world;
        let admin = &admin;
        async move {
            let reply = world
                .get(&format!("/assessments/{id}/report.json"), Some(admin))
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
            reply.body
        }
    };
    assert_eq!(
        report(first).await,
        cli,
        "the imported assessment reports as the CLI"
    );
    let exported = export(first).await;
    let files = tar_files(&exported);
    for path in [
        "evidence/api-scan.json",
        "ci/web scan.json",
        "evidence/metrics.json",
        "exports/jira.csv",
        "evidence/tests.json",
        "ci/TEST-acme.OrderIT.xml",
        "ci/lcov.info",
    ] {
        let kept = files
            .iter()
            .find(|(p, _)| p.split_once('/').map(|(_, inside)| inside) == Some(path))
            .unwrap_or_else(|| panic!("{path} missing from the export"));
        assert_eq!(
            kept.1,
            std::fs::read(original.path().join(path)).expect("original"),
            "{path}"
        );
    }

    let second = import_tar(&world, &admin, exported.clone()).await;
    assert_ne!(first, second);
    let again = export(second).await;
    assert_eq!(
        tar_files(&again),
        files,
        "export → import → export changed the files"
    );
    assert_eq!(again, exported, "the archives differ");
    assert_eq!(report(second).await, cli);
    let out = tempfile::tempdir().expect("dir");
    assert_eq!(cli_report_with_evidence(&untar(&again, out.path())), cli);
}

#[tokio::test]
async fn evidence_survives_export_and_import_sqlite() {
    evidence_survives_export_and_import(Backend::Sqlite).await;
}

#[tokio::test]
async fn evidence_survives_export_and_import_postgres() {
    evidence_survives_export_and_import(Backend::Postgres).await;
}

/// Evidence an import names must be there and be what its key says; otherwise nothing is
/// stored and the message names the file.
#[tokio::test]
async fn imported_evidence_is_checked_before_anything_is_stored() {
    let world = World::new(Backend::Sqlite).await;
    let admin = world.login("admin").await;
    let dir = falcon_with_evidence();
    std::fs::write(dir.path().join("evidence/metrics.json"), scan_json()).expect("write");
    let refused = maturity_web::import::from_dir(dir.path())
        .map(|_| ())
        .expect_err("a scan is not metrics");
    assert!(refused.0.starts_with("evidence/metrics.json: "), "{refused}");
    assert!(refused.0.contains("not a"), "{refused}");
    std::fs::remove_file(dir.path().join("evidence/metrics.json")).expect("remove");
    let missing = maturity_web::import::from_dir(dir.path())
        .map(|_| ())
        .expect_err("missing");
    assert!(missing.0.contains("evidence/metrics.json"), "{missing}");
    let outside = falcon_with("\n[evidence]\nscans = [\"../scan.json\"]\n");
    let err = maturity_web::import::from_dir(outside.path())
        .map(|_| ())
        .expect_err("outside");
    assert!(err.0.contains("outside the assessment directory"), "{err}");
    // Through the form too: a 400 naming the file, and no assessment.
    let mut files: Vec<(&str, String, Vec<u8>)> = walk(dir.path())
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(dir.path())
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            ("files", name, std::fs::read(&path).expect("read"))
        })
        .collect();
    files.push((
        "files",
        "evidence/metrics.json".into(),
        b"{\"schema\": 1}".to_vec(),
    ));
    let files: Vec<(&str, &str, Vec<u8>)> = files
        .iter()
        .map(|(k, n, b)| (*k, n.as_str(), b.clone()))
        .collect();
    let reply = world
        .post_multipart(
            "/assessments/import",
            Some(&admin),
            &[("csrf", &admin.csrf)],
            &files,
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    let body = common::unescape(&reply.body);
    assert!(
        body.contains("evidence/metrics.json: 1:13: not a `maturity metrics"),
        "{body}"
    );
    assert!(world.store.list_assessments().await.expect("list").is_empty());
}

/// A create form with a flood of `model` fields is refused at once, and nothing is stored.
#[tokio::test]
async fn a_flood_of_model_fields_is_refused() {
    let world = World::new(Backend::Sqlite).await;
    let admin = world.login("admin").await;
    let mut fields = vec![("csrf", admin.csrf.as_str()), ("subject", "S")];
    fields.extend(std::iter::repeat_n(("model", "devops"), 60));
    let reply = world.post_form("/assessments", Some(&admin), &fields).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert!(reply.body.contains("choose at most 50 models"), "{}", reply.body);
    // A flood of any field is refused before any handler reads it.
    fields.extend(std::iter::repeat_n(("model", "devops"), 200_000));
    let reply = world.post_form("/assessments", Some(&admin), &fields).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", reply.body);
    assert!(
        reply
            .body
            .contains("the form has 200062 fields and may have at most 2000"),
        "{}",
        reply.body
    );
    assert!(world.store.list_assessments().await.expect("list").is_empty());
}

/// Invites `r1` to assessment `id` with one extra request header.
async fn invite_with(
    world: &World,
    session: &common::Session,
    id: i64,
    header: (&str, &str),
) -> common::Reply {
    let body = format!("csrf={}&name=r1", common::encode(&session.csrf));
    let request = axum::http::Request::post(format!("/assessments/{id}/invitations"))
        .header(
            axum::http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(axum::http::header::COOKIE, session.cookie())
        .header(header.0, header.1)
        .body(axum::body::Body::from(body))
        .expect("request");
    world.send(request).await
}

/// Survey links come from `--public-url`, never from a Host header; behind a proxy without it,
/// no link is made.
#[tokio::test]
async fn survey_links_come_from_the_public_url() {
    let (_, new) = maturity_web::import::from_dir(&common::falcon_dir()).expect("falcon");

    let direct = World::new(Backend::Sqlite).await;
    let id = direct.store.create_assessment(&new, 1).await.expect("store");
    let admin = direct.login("admin").await;
    let refused = invite_with(&direct, &admin, id, ("x-forwarded-host", "evil.example")).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert!(refused.body.contains("--public-url"), "{}", refused.body);
    let record = direct.store.assessment(id).await.expect("read").expect("there");
    assert_eq!(
        record.respondents.len(),
        new.respondents.len(),
        "no invitation was made"
    );
    let local = invite_with(&direct, &admin, id, ("host", "localhost:8080")).await;
    assert!(
        common::unescape(&local.body).contains("http://localhost:8080/survey/"),
        "{}",
        local.body
    );

    let config = maturity_web::Config {
        public_url: Some(maturity_web::public_url("https://maturity.example.com/").expect("url")),
        ..maturity_web::Config::default()
    };
    let proxied = World::with_config(Backend::Sqlite, config).await;
    let id = proxied.store.create_assessment(&new, 1).await.expect("store");
    let admin = proxied.login("admin").await;
    let reply = invite_with(&proxied, &admin, id, ("host", "evil.example")).await;
    let body = common::unescape(&reply.body);
    assert!(body.contains("https://maturity.example.com/survey/"), "{body}");
    assert!(!body.contains("evil.example"), "{body}");
}

/// Evidence beyond the quotas is refused with 413 and a message saying which, pushed or
/// uploaded, and what is stored stays as it was.
#[tokio::test]
async fn evidence_quotas_refuse_what_would_pass_them() {
    let body = scan_json();
    let size = i64::try_from(body.len()).expect("size");
    // Room for one body per assessment and two per subject.
    let config = maturity_web::Config {
        quota: maturity_web::Quota {
            per_assessment: size * 3 / 2,
            per_subject: size * 5 / 2,
        },
        ..maturity_web::Config::default()
    };
    let world = World::with_config(Backend::Sqlite, config).await;
    let (_, new) = maturity_web::import::from_dir(&common::falcon_dir()).expect("falcon");
    let id = world.store.create_assessment(&new, 1).await.expect("store");
    let other = world.store.create_assessment(&new, 2).await.expect("store");
    let third = world.store.create_assessment(&new, 3).await.expect("store");
    let admin = world.login("admin").await;
    let token = ci_token(&world, &admin, &new.subject).await;
    let push = |assessment: i64| format!("/api/v1/scans?assessment={assessment}");
    assert_eq!(
        world.api("POST", &push(id), Some(&token), &body).await.status,
        StatusCode::CREATED
    );
    let refused = world.api("POST", &push(id), Some(&token), &body).await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", refused.body);
    assert!(
        refused
            .body
            .contains(&format!("this assessment keeps {size} characters")),
        "{}",
        refused.body
    );
    let uploaded = world
        .post_multipart(
            &format!("/assessments/{id}/evidence"),
            Some(&admin),
            &[("csrf", &admin.csrf), ("kind", "scan")],
            &[("file", "s.json", body.clone().into_bytes())],
        )
        .await;
    assert_eq!(
        uploaded.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        uploaded.body
    );
    // Another assessment has room, but the subject has not for a third body.
    assert_eq!(
        world.api("POST", &push(other), Some(&token), &body).await.status,
        StatusCode::CREATED
    );
    let refused = world.api("POST", &push(third), Some(&token), &body).await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", refused.body);
    assert!(
        refused.body.contains(&format!(
            "keeps {} characters of evidence and may keep {}",
            2 * size,
            size * 5 / 2
        )),
        "{}",
        refused.body
    );
    let kept = world
        .store
        .evidence_for(&new.subject, id)
        .await
        .expect("evidence");
    assert_eq!(kept.iter().filter(|e| e.assessment == Some(id)).count(), 1);
}

/// Twenty assessments of one subject: the history's table has a column per model (not per
/// area), newest first with a link to compare with the one before, and the chart's axis labels
/// are thinned so none overprints another.
#[tokio::test]
async fn a_long_history_stays_readable() {
    let world = World::new(Backend::Sqlite).await;
    let assessor = world.login("assessor").await;
    let mut ids = Vec::new();
    for month in 1..=20 {
        let date = format!("{}-{:02}-15", 2025 + (month - 1) / 12, (month - 1) % 12 + 1);
        let created = world
            .post_form(
                "/assessments",
                Some(&assessor),
                &[
                    ("csrf", &assessor.csrf),
                    ("subject", "Falcon"),
                    ("date", &date),
                    ("model", "devops"),
                    ("model", "testing"),
                ],
            )
            .await;
        assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
        ids.push(id_from(&created.location));
    }
    let last = ids[19];
    let page = world
        .get(&format!("/assessments/{last}/history"), Some(&assessor))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let table = &page.body[page.body.find("<table").expect("a table")..];
    let table = &table[..table.find("</table>").expect("closed")];
    assert_eq!(
        table.matches("</th>").count(),
        4,
        "assessment, two models, details: {table}"
    );
    assert_eq!(table.matches("<tr>").count(), 21);
    let newest = table.find(&format!("/assessments/{last}\"")).expect("newest");
    assert!(newest < table.find(&format!("/assessments/{}\"", ids[0])).expect("oldest"));
    assert!(
        table.contains(&format!("from={}&amp;to={last}", ids[18])),
        "{table}"
    );
    let axis = page
        .body
        .matches(r#"<text class="tick" text-anchor="middle""#)
        .count();
    assert!(
        axis > 2 && axis < 20,
        "{axis} labels under the first chart and the others"
    );
}

/// The portfolio: every subject by its latest assessment, with the change since the one before,
/// filtered and sorted; the JSON under `/api/v1/portfolio` shows a subject's token its subject.
#[tokio::test]
async fn the_portfolio_lists_every_subject_by_its_latest_assessment() {
    let world = World::new(Backend::Sqlite).await;
    let (_, falcon) = maturity_web::import::from_dir(&common::falcon_dir()).expect("falcon");
    let first = world.store.create_assessment(&falcon, 1).await.expect("store");
    let latest = world.store.create_assessment(&falcon, 2).await.expect("store");
    let owl = maturity_store::NewAssessment {
        subject: "Owl".into(),
        models: vec!["devops".into()],
        ..Default::default()
    };
    let owl_id = world.store.create_assessment(&owl, 3).await.expect("owl");
    let viewer = world.login("viewer").await;
    let page = world.get("/portfolio", Some(&viewer)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = common::unescape(&page.body);
    let falcon_row = body
        .find(&format!("/assessments/{latest}\""))
        .expect("the latest Falcon");
    assert!(
        !body.contains(&format!("/assessments/{first}\"")),
        "only the latest is listed"
    );
    assert!(falcon_row < body.find(&format!("/assessments/{owl_id}\"")).expect("Owl"));
    // The same answers twice: every model of Falcon moved by 0.
    assert!(body.contains("(0)"), "{body}");
    assert!(
        body.contains("<option value=\"Hamburg\""),
        "the sites can be chosen: {body}"
    );

    // Sorted by the DevOps score, Falcon (scored) before Owl (no answers, no score).
    let sorted = world.get("/portfolio?sort=devops", Some(&viewer)).await;
    let sorted = common::unescape(&sorted.body);
    assert!(
        sorted.find(&format!("/assessments/{latest}\"")) < sorted.find(&format!("/assessments/{owl_id}\""))
    );
    // Only the subjects assessed on testing, and only its column.
    let testing = common::unescape(&world.get("/portfolio?model=testing", Some(&viewer)).await.body);
    assert!(
        !testing.contains(&format!("/assessments/{owl_id}\"")),
        "Owl has no testing model"
    );
    assert!(!testing.contains(">DevOps maturity</a>"), "{testing}");

    let admin = world.login("admin").await;
    let token = ci_token(&world, &admin, &falcon.subject).await;
    let json = world
        .api("GET", "/api/v1/portfolio?sort=subject", Some(&token), "")
        .await;
    assert_eq!(json.status, StatusCode::OK, "{}", json.body);
    let json: serde_json::Value = serde_json::from_str(&json.body).expect("json");
    let rows = json["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 1, "a subject's token sees its subject: {json}");
    assert_eq!(rows[0]["assessment"], latest);
    assert_eq!(rows[0]["models"]["devops"]["change"], 0.0);
    let score = rows[0]["models"]["devops"]["score"].as_f64();
    assert!(score.is_some());
    assert_eq!(
        world.api("GET", "/api/v1/portfolio", None, "").await.status,
        StatusCode::UNAUTHORIZED
    );

    // Cards are kept per revision: an answer saved shows on the next request, and a newer
    // assessment takes its subject's row.
    let record = world
        .store
        .assessment(latest)
        .await
        .expect("query")
        .expect("latest");
    for respondent in &record.respondents {
        let raised: Vec<maturity_store::AnswerRecord> = respondent
            .answers
            .iter()
            .filter(|a| a.criterion.starts_with("devops."))
            .map(|a| maturity_store::AnswerRecord {
                level: Some(4),
                ..a.clone()
            })
            .collect();
        world
            .store
            .save_answers(respondent.id, &raised, 4)
            .await
            .expect("save");
    }
    let json = world.api("GET", "/api/v1/portfolio", Some(&token), "").await;
    let json: serde_json::Value = serde_json::from_str(&json.body).expect("json");
    let devops = &json["rows"][0]["models"]["devops"];
    assert!(devops["score"].as_f64() > score, "{json}");
    assert!(devops["change"].as_f64() > Some(0.0), "{json}");
    let newer_owl = world.store.create_assessment(&owl, 5).await.expect("owl");
    let body = common::unescape(&world.get("/portfolio", Some(&viewer)).await.body);
    assert!(body.contains(&format!("/assessments/{newer_owl}\"")), "{body}");
    assert!(!body.contains(&format!("/assessments/{owl_id}\"")), "{body}");
}
