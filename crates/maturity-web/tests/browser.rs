//! The real-browser test: starts the server on a free loopback port and runs
//! `web-tests/survey.spec.mjs` (Playwright driving Debian's Chromium), then checks that the
//! scores the assessor saw, and the report the browser downloaded, are what the CLI makes of
//! the same answers exported as a directory. Screenshots stay in target/web-test-artifacts.
//! A second test opens the falcon example's HTML report on a phone and as A4 print
//! (`web-tests/report.spec.mjs`); its PDF and screenshots stay in target/web-artifacts/report.
//!
//! It needs node, web-tests/node_modules (playwright-core) and Chromium: `.ci/run` installs
//! them. Without them the test fails and says so; it never skips.

use std::path::{Path, PathBuf};
use std::process::Command;

use maturity_report::{Format, render, report_for};
use maturity_store::Role;
use maturity_web::{AppState, Config};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// The `web-tests` folder, once node, playwright-core and Chromium are there; without them the
/// test fails and says how to get them, so a missing browser never passes as a skip.
fn require_browser() -> PathBuf {
    let web_tests = repo().join("web-tests");
    let missing: Vec<String> = [
        (
            Command::new("node").arg("--version").output().is_err(),
            "node (apt-get install nodejs)".to_string(),
        ),
        (
            !web_tests.join("node_modules/playwright-core").is_dir(),
            "web-tests/node_modules (npm ci in web-tests)".to_string(),
        ),
        (
            !chromium().is_file(),
            format!("{} (apt-get install chromium)", chromium().display()),
        ),
    ]
    .into_iter()
    .filter_map(|(missing, what)| missing.then_some(what))
    .collect();
    assert!(
        missing.is_empty(),
        "the browser test needs {}: run .ci/run, which installs them",
        missing.join(", ")
    );
    web_tests
}

/// A server on a free loopback port over a fresh SQLite store with one admin, and `spec` run
/// against it by node; fails with the spec's output (and where its screenshots are) unless it
/// passed. Returns the store, for checks of what the browser stored.
async fn run_spec(spec: &str, artifacts: &Path, dir: &Path) -> std::sync::Arc<dyn maturity_store::Store> {
    let web_tests = require_browser();
    let _ = std::fs::remove_dir_all(artifacts);
    std::fs::create_dir_all(artifacts).expect("artifacts folder");
    let store = maturity_store::connect(&format!("sqlite://{}", dir.join("browser.db").display()))
        .await
        .expect("store");
    let password = "browser test password";
    let hash = maturity_web::auth::hash_password(password).expect("hash");
    store
        .create_user("admin", Role::Admin, &hash, 0)
        .await
        .expect("admin");
    let state = AppState::new(store.clone(), Config::default()).expect("state");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("listen");
    let address = listener.local_addr().expect("address");
    let server = tokio::spawn(maturity_web::serve(listener, state));

    let output = tokio::process::Command::new("node")
        .arg(web_tests.join(spec))
        .env("BASE_URL", format!("http://{address}"))
        .env("ADMIN_NAME", "admin")
        .env("ADMIN_PASSWORD", password)
        .env("ARTIFACTS", artifacts)
        .env("CHROMIUM", chromium())
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(std::time::Duration::from_secs(240), output)
        .await
        .expect("the browser test finishes within 4 minutes")
        .expect("node runs");
    server.abort();
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "{spec} failed (screenshots in {}):\n{log}",
        artifacts.display()
    );
    store
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn assessor_and_three_respondents_in_chromium() {
    let artifacts = repo().join("target/web-test-artifacts");
    let dir = tempfile::tempdir().expect("temp dir");
    let store = run_spec("survey.spec.mjs", &artifacts, dir.path()).await;

    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(artifacts.join("results.json")).expect("results.json"))
            .expect("results JSON");
    let id = results["id"].as_i64().expect("assessment id");

    // What the CLI makes of the same answers, exported as a directory.
    let record = store
        .assessment(id)
        .await
        .expect("query")
        .expect("the assessment");
    let exported = dir.path().join("exported");
    maturity_model::export::write_dir(&exported, &maturity_web::results::files(&record, &[]))
        .expect("export");
    let assessment =
        maturity_model::assessment_dir::read_assessment(&exported).expect("the CLI reads the export");
    let report = report_for(&assessment);
    assert_eq!(report.respondents.count, 3);
    // Every respondent's Quick Check answers reached the report: lead time 4, 3 and 5.
    let quick = report
        .dora_quick_check
        .as_ref()
        .expect("the Quick Check was answered");
    let lead = &quick.result.metrics["leadtime"];
    assert_eq!((lead.n, lead.min, lead.max), (3, 3, 5));
    assert_eq!(quick.result.metrics["changefailure"].mean, 20.0);
    for model in &report.models {
        let seen = results["scores"][&model.id]
            .as_str()
            .expect("a score on the page");
        let cli = model.score.map_or_else(|| "–".to_string(), |s| format!("{s:.0}"));
        assert_eq!(
            seen, cli,
            "{}: the browser showed {seen}, the CLI computes {cli}",
            model.id
        );
    }
    let downloaded =
        std::fs::read_to_string(results["reportJson"].as_str().expect("path")).expect("downloaded report");
    assert_eq!(
        downloaded,
        render(&report, Format::Json).expect("render"),
        "the downloaded report is the CLI's"
    );
}

/// A respondent, without JavaScript, leaves each survey page by every way out (a page of the
/// list at the top, next, back, finish) and finds the answer chosen there still chosen
/// (`web-tests/navigation.spec.mjs` says what else it checks). Screenshots stay in
/// target/web-artifacts/navigation.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_way_out_of_a_survey_page_loses_its_answers() {
    let artifacts = repo().join("target/web-artifacts/navigation");
    let dir = tempfile::tempdir().expect("temp dir");
    let store = run_spec("navigation.spec.mjs", &artifacts, dir.path()).await;
    // What the browser saw is what the store holds.
    let assessments = store.list_assessments().await.expect("list");
    assert_eq!(assessments.len(), 1);
    let record = store
        .assessment(assessments[0].id)
        .await
        .expect("query")
        .expect("the assessment");
    let answers: Vec<_> = record.respondents[0]
        .answers
        .iter()
        .map(|a| (a.criterion.as_str(), a.level))
        .collect();
    assert!(answers.contains(&("devops.leadership", Some(3))), "{answers:?}");
    assert!(
        answers.contains(&("devops.quality-assurance", None)),
        "{answers:?}"
    );
    assert_eq!(record.respondents[0].dora.get("leadtime"), Some(&Some(4)));
}

/// Every survey page and every assessor page on a 390 px phone: nothing wider than the screen,
/// the survey's progress in sight, "don't know" counted, the finish confirmation on the screen
/// (`web-tests/phone.spec.mjs`). Screenshots stay in target/web-artifacts/phone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_fits_a_phone() {
    let artifacts = repo().join("target/web-artifacts/phone");
    let dir = tempfile::tempdir().expect("temp dir");
    run_spec("phone.spec.mjs", &artifacts, dir.path()).await;
}

/// The falcon example's HTML report on a 390 px phone and printed to A4 (`web-tests/report.spec.mjs`
/// says what it checks). The PDF, screenshots and findings stay in target/web-artifacts/report.
#[test]
fn falcon_report_reads_on_a_phone_and_prints_on_a4() {
    let web_tests = require_browser();
    let artifacts = repo().join("target/web-artifacts/report");
    let _ = std::fs::remove_dir_all(&artifacts);
    std::fs::create_dir_all(&artifacts).expect("artifacts folder");
    let assessment = maturity_model::assessment_dir::read_assessment(&repo().join("examples/falcon"))
        .expect("examples/falcon reads");
    let html = render(&report_for(&assessment), Format::Html).expect("render");
    let report = artifacts.join("report.html");
    std::fs::write(&report, html).expect("write the report");

    let output = Command::new("node")
        .arg(web_tests.join("report.spec.mjs"))
        .env("REPORT", &report)
        .env("ARTIFACTS", &artifacts)
        .env("CHROMIUM", chromium())
        .output()
        .expect("node runs");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "the report test failed (PDF and screenshots in {}):\n{log}",
        artifacts.display()
    );
    println!(
        "{log}report.pdf, phone.png and print.png are in {}",
        artifacts.display()
    );
}
