//! Secrets never reach the logs. A test binary of its own: tracing caches which call sites are
//! enabled per process, so a subscriber set for one test is only reliable when no other test
//! logs at the same time.

mod common;

use axum::http::StatusCode;
use common::{Backend, World, id_from, survey_path};

/// Collects log output in memory.
#[derive(Clone, Default)]
struct Logs(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("logs").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn secrets_never_reach_the_logs() {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let world = World::new(Backend::Sqlite).await;
    let admin = world.login("admin").await;
    let bad = world
        .post_form(
            "/login",
            None,
            &[
                ("csrf", "x"),
                ("name", "admin"),
                ("password", "wrong-password-123"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::FORBIDDEN);
    let created = world
        .post_form(
            "/assessments",
            Some(&admin),
            &[("csrf", &admin.csrf), ("subject", "S"), ("model", "devops")],
        )
        .await;
    let id = id_from(&created.location);
    let invite = world
        .post_form(
            &format!("/assessments/{id}/invitations"),
            Some(&admin),
            &[("csrf", &admin.csrf), ("name", "r")],
        )
        .await;
    let link = survey_path(&invite.body);
    let token = world
        .post_form(
            "/admin/tokens",
            Some(&admin),
            &[("csrf", &admin.csrf), ("name", "ci"), ("subject", "S")],
        )
        .await;
    let api_token = common::secret_code(&token.body);
    world.api("GET", "/api/v1/", Some(&api_token), "").await;
    world
        .api("GET", "/api/v1/", Some("mat_wrong_token_value"), "")
        .await;
    // A user name that tries to forge a log line is logged escaped, on its own line.
    let forged = world
        .login_attempt("intruder\nINFO forged: admin logged in", "wrong-password-123")
        .await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED, "{}", forged.body);
    let text = String::from_utf8_lossy(&logs.0.lock().expect("logs")).into_owned();
    assert!(text.contains("logged in"), "the logs were captured: {text}");
    assert!(text.contains("intruder\\nINFO forged"), "logged escaped: {text}");
    assert!(
        !text.lines().any(|line| line.starts_with("INFO forged")),
        "a forged log line: {text}"
    );
    for secret in [
        common::PASSWORD,
        &admin.raw,
        &admin.csrf,
        &link["/survey/".len()..],
        &api_token,
        "wrong-password-123",
    ] {
        assert!(!text.contains(secret), "a secret reached the logs");
    }
}
