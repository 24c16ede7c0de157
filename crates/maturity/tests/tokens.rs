//! `maturity token add|list|revoke` on SQLite and PostgreSQL: a token it prints opens the API
//! of the real server and stops opening it once revoked; every bad input is refused with a
//! message that says what to do, and changes nothing.

mod server;

use assert_cmd::Command;
use predicates::prelude::*;
use server::{FALCON, Server, database_with_falcon};

fn token(db: &str) -> Command {
    let mut cmd = Command::cargo_bin("maturity").expect("binary");
    cmd.env("RUST_BACKTRACE", "0").arg("token").args(["--db", db]);
    cmd
}

fn add(db: &str, name: &str, subject: &str) -> String {
    let out = token(db)
        .args(["add", name, "--subject", subject])
        .assert()
        .success()
        .stderr(predicate::str::contains("not shown again"))
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).expect("utf-8").trim().to_string()
}

fn added_token_opens_the_api_until_revoked(postgres: bool) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = database_with_falcon(postgres, dir.path());
    let secret = add(&db, "ci-main", FALCON);
    assert!(secret.starts_with("mat_") && secret.len() == 68, "{secret}");

    let listed = token(&db)
        .arg("list")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let listed = String::from_utf8(listed).expect("utf-8");
    assert!(listed.starts_with("name\tsubject\tcreated\tstatus\n"), "{listed}");
    assert!(listed.contains(&format!("ci-main\t{FALCON}\t")), "{listed}");
    assert!(listed.contains("\tactive\n"), "{listed}");
    assert!(!listed.contains(&secret[4..]), "list must never show the secret");

    let server = Server::start(&db);
    let (status, body) = server.request("GET", "/api/v1/", Some(&secret), "");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(FALCON), "{body}");
    let event = r#"{"time":"2026-10-14T09:30:00Z","service":"orders"}"#;
    let (status, body) = server.request("POST", "/api/v1/deployments", Some(&secret), event);
    assert_eq!(status, 201, "{body}");

    token(&db)
        .args(["revoke", "ci-main"])
        .assert()
        .success()
        .stdout("revoked `ci-main` (1 token(s))\n");
    let (status, _) = server.request("GET", "/api/v1/", Some(&secret), "");
    assert_eq!(status, 401);
    let (status, _) = server.request("POST", "/api/v1/deployments", Some(&secret), event);
    assert_eq!(status, 401);
    token(&db)
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("\trevoked\n"));
    // A revoked name can be taken again, by a new secret.
    let again = add(&db, "ci-main", FALCON);
    assert_ne!(again, secret);
    assert_eq!(server.request("GET", "/api/v1/", Some(&again), "").0, 200);
}

#[test]
fn added_token_opens_the_api_until_revoked_sqlite() {
    added_token_opens_the_api_until_revoked(false);
}

#[test]
fn added_token_opens_the_api_until_revoked_postgres() {
    added_token_opens_the_api_until_revoked(true);
}

fn bad_input_is_refused_and_changes_nothing(postgres: bool) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = database_with_falcon(postgres, dir.path());
    add(&db, "ci", FALCON);
    let cases: [(&[&str], &str); 7] = [
        (
            &["add", "star", "--subject", "*"],
            "--subject `*` marks a token of every subject; say so with --all-subjects",
        ),
        (
            &["add", "other", "--subject", "Falcon"],
            "--subject `Falcon`: no assessment has this subject; the database holds `Nordlicht Freight — Falcon order service`",
        ),
        (
            &["add", "ci", "--subject", FALCON],
            "a token named `ci` already exists (subject `Nordlicht Freight — Falcon order service`, created 20",
        ),
        (
            &["add", "  ", "--subject", FALCON],
            "token name: give 1 to 100 characters",
        ),
        (
            &["revoke", "nobody"],
            "no token is named `nobody`; `maturity token list` shows the tokens",
        ),
        (&["add", "x"], "--subject <SUBJECT>"),
        (&["revoke"], "<NAME>"),
    ];
    for (args, message) in cases {
        token(&db)
            .args(args)
            .assert()
            .failure()
            .stderr(predicate::str::contains(message));
    }
    token(&db).args(["revoke", "ci"]).assert().success();
    token(&db)
        .args(["revoke", "ci"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("the token `ci` is already revoked"));
    let listed = token(&db)
        .arg("list")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(listed).expect("utf-8").lines().count(),
        2,
        "only the one token added"
    );
}

#[test]
fn bad_input_is_refused_and_changes_nothing_sqlite() {
    bad_input_is_refused_and_changes_nothing(false);
}

#[test]
fn bad_input_is_refused_and_changes_nothing_postgres() {
    bad_input_is_refused_and_changes_nothing(true);
}

#[test]
fn an_empty_database_has_no_subject_and_a_bad_url_is_named() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = format!("sqlite://{}", dir.path().join("empty.db").display());
    token(&db)
        .args(["add", "ci", "--subject", "Team"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "--subject `Team`: the database holds no assessment yet; import one first",
        ));
    token("mysql://x/y")
        .arg("list")
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "cannot open the database mysql://x/y: the database URL `mysql://x/y` is neither sqlite://PATH nor postgres://",
        ));
}
