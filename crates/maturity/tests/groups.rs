//! `maturity group …` and `maturity user add --group`: groups of subjects and the accounts
//! limited to them, written to the database the server reads, with bad inputs refused by a
//! message that says what to do and changing nothing.

use assert_cmd::Command;
use predicates::prelude::*;

fn maturity(db: &str, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("maturity")
        .expect("binary")
        .env("RUST_BACKTRACE", "0")
        .args(args)
        .args(["--db", db])
        .write_stdin("correct horse battery staple\n")
        .assert()
}

#[test]
fn groups_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = format!("sqlite://{}", dir.path().join("m.db").display());
    maturity(&db, &["group", "add", " Payments "])
        .success()
        .stdout("added the group Payments\n");
    maturity(&db, &["group", "add", "Platform"]).success();
    maturity(&db, &["group", "add", "Payments"])
        .failure()
        .stderr(predicate::str::contains("a group with this name already exists"));
    maturity(&db, &["group", "add", "  "])
        .failure()
        .stderr(predicate::str::contains("a group needs a name"));
    maturity(&db, &["group", "add", &"x".repeat(101)])
        .failure()
        .stderr(predicate::str::contains("longer than 100 characters"));

    maturity(
        &db,
        &[
            "group", "subject", "Checkout", "--group", "Payments", "--group", "Platform",
        ],
    )
    .success()
    .stdout("Checkout: Payments, Platform\n");
    maturity(&db, &["group", "subject", "Ledger", "--group", "Nope"])
        .failure()
        .stderr(predicate::str::contains(
            "there is no group `Nope`; add it with `maturity group add`",
        ));
    maturity(
        &db,
        &["user", "add", "pat", "--role", "assessor", "--group", "Nope"],
    )
    .failure()
    .stderr(predicate::str::contains("there is no group `Nope`"));
    maturity(
        &db,
        &["user", "add", "pat", "--role", "assessor", "--group", "Payments"],
    )
    .success()
    .stdout("added pat (assessor, limited to Payments)\n");
    maturity(&db, &["user", "list"])
        .success()
        .stdout("pat\tassessor\tPayments\n");
    maturity(&db, &["group", "list"])
        .success()
        .stdout("Payments\tCheckout\tpat\nPlatform\tCheckout\t\n");
    maturity(&db, &["group", "remove", "Payments"])
        .failure()
        .stderr(predicate::str::contains(
            "accounts are limited to the group `Payments`",
        ));
    maturity(&db, &["group", "user", "nobody", "--group", "Payments"])
        .failure()
        .stderr(predicate::str::contains("there is no user `nobody`"));
    maturity(&db, &["group", "user", "pat"])
        .success()
        .stdout("pat: sees every subject\n");
    maturity(&db, &["group", "remove", "Payments"]).success();
    maturity(&db, &["group", "remove", "Payments"])
        .failure()
        .stderr(predicate::str::contains("there is no group `Payments`"));
    maturity(&db, &["group", "list"])
        .success()
        .stdout("Platform\tCheckout\t\n");
}
