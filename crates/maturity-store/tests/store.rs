//! Every store test runs against both backends: a fresh SQLite file and a fresh PostgreSQL
//! database (see `maturity_store::testing` for where PostgreSQL comes from).

use std::sync::Arc;

use maturity_store::testing::{postgres_url, sqlite_url};
use maturity_store::{
    AnswerRecord, FileKind, IMPORTED_EVIDENCE, ImportedEvidence, LinkNonce, LoginFailures, NewAssessment,
    NewEvidence, NewObservation, NewRespondent, Role, SourceFile, Store, StoreError, connect,
};

/// Declares `mod NAME { sqlite, postgres }` tests that run `NAME(store)` on each backend.
macro_rules! both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                let dir = tempfile::tempdir().expect("temp dir");
                let store = maturity_store::connect(&maturity_store::testing::sqlite_url(dir.path()))
                    .await
                    .expect("sqlite store");
                super::$name(store).await;
            }

            #[tokio::test]
            async fn postgres() {
                let url = maturity_store::testing::postgres_url().await;
                let store = maturity_store::connect(&url).await.expect("postgres store");
                super::$name(store).await;
            }
        }
    )*};
}

both!(
    users_and_sessions,
    login_failures,
    assessments_round_trip,
    invitations_and_answers,
    observations,
    evidence_tokens_deployments,
    metacharacters_are_literal,
    deleting_an_assessment_takes_all_it_holds,
    a_rotated_link_replaces_the_old_one,
    groups_limit_accounts_to_their_subjects,
    link_nonces_follow_the_link_in_use,
    latest_assessments_of_every_subject,
);

mod groups_migration {
    #[tokio::test]
    async fn sqlite() {
        let dir = tempfile::tempdir().expect("temp dir");
        super::migrating_keeps_data(&maturity_store::testing::sqlite_url(dir.path())).await;
    }

    #[tokio::test]
    async fn postgres() {
        super::migrating_keeps_data(&maturity_store::testing::postgres_url().await).await;
    }
}

fn answer(criterion: &str, level: Option<u8>, comment: Option<&str>) -> AnswerRecord {
    AnswerRecord {
        criterion: criterion.to_string(),
        level,
        comment: comment.map(str::to_string),
    }
}

async fn users_and_sessions(store: Arc<dyn Store>) {
    store.health().await.expect("healthy");
    let id = store
        .create_user("ada", Role::Admin, "hash-1", 10)
        .await
        .expect("user");
    let err = store
        .create_user("ada", Role::Viewer, "hash-2", 11)
        .await
        .expect_err("duplicate");
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
    let ada = store.user_by_name("ada").await.expect("query").expect("ada");
    assert_eq!(
        (ada.id, ada.role, ada.password_hash.as_str()),
        (id, Role::Admin, "hash-1")
    );
    assert!(store.user_by_name("bob").await.expect("query").is_none());

    store.create_session("s1", id, 100, 200).await.expect("session");
    assert_eq!(
        store.session_user("s1", 150).await.expect("query").map(|u| u.id),
        Some(id)
    );
    assert!(
        store.session_user("s1", 200).await.expect("query").is_none(),
        "expired"
    );
    assert!(store.session_user("nope", 150).await.expect("query").is_none());
    store.delete_session("s1").await.expect("logout");
    assert!(store.session_user("s1", 150).await.expect("query").is_none());

    store.create_session("s2", id, 100, 200).await.expect("session");
    store.set_password(id, "hash-3").await.expect("password");
    assert!(
        store.session_user("s2", 150).await.expect("query").is_none(),
        "new password ends sessions"
    );
    store
        .create_user("bob", Role::Viewer, "h", 12)
        .await
        .expect("bob");
    let names: Vec<String> = store
        .list_users()
        .await
        .expect("list")
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert_eq!(names, ["ada", "bob"]);
    store.delete_user(id).await.expect("delete");
    assert!(matches!(store.delete_user(id).await, Err(StoreError::NotFound)));
}

async fn login_failures(store: Arc<dyn Store>) {
    for at in [10, 20, 30] {
        store
            .record_login_failure("user:ada", at, 0)
            .await
            .expect("record");
    }
    assert_eq!(
        store.login_failures("user:ada", 15).await.expect("count"),
        LoginFailures {
            count: 2,
            last: Some(30)
        }
    );
    assert_eq!(
        store.login_failures("user:bob", 0).await.expect("count"),
        LoginFailures::default()
    );
    store
        .record_login_failure("user:ada", 40, 25)
        .await
        .expect("record and forget");
    assert_eq!(store.login_failures("user:ada", 0).await.expect("count").count, 2);
    store.clear_login_failures("user:ada").await.expect("clear");
    assert_eq!(store.login_failures("user:ada", 0).await.expect("count").count, 0);
}

fn falcon_like() -> NewAssessment {
    NewAssessment {
        subject: "Falcon".to_string(),
        date: Some("2026-10-14".to_string()),
        assessor: Some("Ilse".to_string()),
        models: vec!["devops".to_string(), "testing".to_string()],
        benchmark: Some("heavy-industry".to_string()),
        settings: "\n[roadmap]\nphases = 2\n".to_string(),
        files: vec![SourceFile {
            kind: FileKind::Model,
            name: "models/ours.toml".to_string(),
            text: "id = \"ours\"\n".to_string(),
        }],
        observations: vec![NewObservation {
            area: "devops.leadership".to_string(),
            text: "Three stakeholders.".to_string(),
        }],
        respondents: vec![
            NewRespondent {
                name: "dev-1".to_string(),
                role: "developer".to_string(),
                site: Some("Gdańsk".to_string()),
                answers: vec![
                    answer("devops.leadership", Some(2), None),
                    answer("testing.unit", Some(3), Some("only new code")),
                    answer("devops.builds-ci", None, Some("not sure")),
                ],
                dora: [
                    ("leadtime".to_string(), Some(4)),
                    ("changefailure".to_string(), Some(15)),
                    ("rework".to_string(), None),
                ]
                .into(),
            },
            NewRespondent {
                name: "ops-1".to_string(),
                role: "operations".to_string(),
                site: None,
                answers: vec![answer("devops.leadership", Some(1), None)],
                dora: Default::default(),
            },
        ],
        evidence: vec![ImportedEvidence {
            kind: "scan".to_string(),
            name: "evidence/api.json".to_string(),
            body: "{\"findings\": []}".to_string(),
        }],
    }
}

async fn assessments_round_trip(store: Arc<dyn Store>) {
    let new = falcon_like();
    let id = store.create_assessment(&new, 50).await.expect("create");
    let record = store.assessment(id).await.expect("query").expect("exists");
    let s = &record.summary;
    assert_eq!(
        (
            s.subject.as_str(),
            s.date.as_deref(),
            s.assessor.as_deref(),
            s.benchmark.as_deref()
        ),
        ("Falcon", Some("2026-10-14"), Some("Ilse"), Some("heavy-industry"))
    );
    assert_eq!(s.models, ["devops", "testing"]);
    assert_eq!((s.closed, s.respondents), (false, 2));
    assert_eq!(record.files, new.files);
    assert_eq!(record.settings, new.settings);
    assert_eq!(record.observations.len(), 1);
    assert_eq!(record.observations[0].text, "Three stakeholders.");
    let dev = &record.respondents[0];
    assert_eq!(
        (
            dev.name.as_str(),
            dev.role.as_str(),
            dev.site.as_deref(),
            dev.invited
        ),
        ("dev-1", "developer", Some("Gdańsk"), false)
    );
    assert_eq!(record.respondents[1].site, None);
    // Answers come back ordered by criterion id.
    assert_eq!(
        dev.answers,
        [
            answer("devops.builds-ci", None, Some("not sure")),
            answer("devops.leadership", Some(2), None),
            answer("testing.unit", Some(3), Some("only new code")),
        ]
    );
    assert_eq!(
        record.respondents[1].answers,
        [answer("devops.leadership", Some(1), None)]
    );
    let dora: Vec<(&str, Option<u8>)> = dev.dora.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(
        dora,
        [
            ("changefailure", Some(15)),
            ("leadtime", Some(4)),
            ("rework", None)
        ]
    );
    assert!(record.respondents[1].dora.is_empty());
    // Imported evidence is stored with the assessment, by its path in the imported directory.
    let evidence = store.evidence_for("Falcon", id).await.expect("evidence");
    assert_eq!(
        evidence
            .iter()
            .map(|e| (
                e.kind.as_str(),
                e.name.as_str(),
                e.source.as_str(),
                e.body.as_str(),
                e.assessment
            ))
            .collect::<Vec<_>>(),
        [(
            "scan",
            "evidence/api.json",
            IMPORTED_EVIDENCE,
            "{\"findings\": []}",
            Some(id)
        )]
    );

    let second = store
        .create_assessment(
            &NewAssessment {
                subject: "Falcon".to_string(),
                date: Some("2027-01-10".to_string()),
                models: vec!["devops".to_string()],
                ..NewAssessment::default()
            },
            60,
        )
        .await
        .expect("second");
    let other = store
        .create_assessment(
            &NewAssessment {
                subject: "Hawk".to_string(),
                models: vec!["devops".to_string()],
                ..NewAssessment::default()
            },
            70,
        )
        .await
        .expect("other");
    let all: Vec<i64> = store
        .list_assessments()
        .await
        .expect("list")
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(all, [other, second, id], "newest first");
    let falcon: Vec<i64> = store
        .assessments_by_subject("Falcon")
        .await
        .expect("by subject")
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(falcon, [id, second], "oldest first");
    assert!(store.assessment(999_999).await.expect("query").is_none());

    let before = store.revision(id).await.expect("query").expect("exists");
    store.set_closed(id, true).await.expect("close");
    let after = store.revision(id).await.expect("query").expect("exists");
    assert!(after > before);
    assert!(
        store
            .assessment(id)
            .await
            .expect("query")
            .expect("exists")
            .summary
            .closed
    );
    assert!(matches!(
        store.set_closed(999_999, true).await,
        Err(StoreError::NotFound)
    ));

    let settings = "[roadmap]\ndone = [\"code-review\"]\n";
    store.set_settings(id, settings).await.expect("settings");
    let record = store.assessment(id).await.expect("query").expect("exists");
    assert_eq!(record.settings, settings);
    assert!(store.revision(id).await.expect("query").expect("exists") > after);
    assert!(matches!(
        store.set_settings(999_999, settings).await,
        Err(StoreError::NotFound)
    ));
}

async fn invitations_and_answers(store: Arc<dyn Store>) {
    let id = store.create_assessment(&falcon_like(), 1).await.expect("create");
    let r = store
        .create_invitation(id, "tester", "tester", "hash-a", 5)
        .await
        .expect("invite");
    let err = store
        .create_invitation(id, "tester", "x", "hash-b", 5)
        .await
        .expect_err("same name");
    assert!(matches!(err, StoreError::Conflict(_)));
    let err = store
        .create_invitation(id, "dev-1", "x", "hash-c", 5)
        .await
        .expect_err("imported name");
    assert!(matches!(err, StoreError::Conflict(_)));
    assert!(matches!(
        store.create_invitation(999_999, "x", "x", "hash-d", 5).await,
        Err(StoreError::NotFound)
    ));

    let invitation = store
        .invitation_by_token("hash-a")
        .await
        .expect("query")
        .expect("found");
    assert_eq!((invitation.respondent, invitation.assessment), (r, id));
    assert!(!invitation.revoked && !invitation.closed);
    assert!(
        store
            .invitation_by_token("hash-x")
            .await
            .expect("query")
            .is_none()
    );

    let rev = store.revision(id).await.expect("query").expect("exists");
    store
        .save_answers(
            r,
            &[
                answer("testing.unit", Some(2), None),
                answer("devops.leadership", None, None),
            ],
            7,
        )
        .await
        .expect("save");
    store
        .save_answers(r, &[answer("testing.unit", Some(4), Some("changed my mind"))], 8)
        .await
        .expect("revise");
    assert!(store.revision(id).await.expect("query").expect("exists") > rev);
    assert_eq!(
        store.answers(r).await.expect("answers"),
        [
            answer("devops.leadership", None, None),
            answer("testing.unit", Some(4), Some("changed my mind"))
        ]
    );
    // Quick Check answers: set, changed, changed to "don't know" (kept, as `None`).
    let dora = |pairs: &[(&str, Option<u8>)]| -> Vec<(String, Option<u8>)> {
        pairs.iter().map(|(k, v)| ((*k).to_string(), *v)).collect()
    };
    store
        .save_dora_answers(
            r,
            &dora(&[
                ("leadtime", Some(3)),
                ("rework", Some(100)),
                ("deployfreq", Some(2)),
            ]),
            8,
        )
        .await
        .expect("save dora");
    store
        .save_dora_answers(r, &dora(&[("leadtime", Some(5)), ("deployfreq", None)]), 8)
        .await
        .expect("revise dora");
    let saved: Vec<(String, Option<u8>)> = store.dora_answers(r).await.expect("dora").into_iter().collect();
    assert_eq!(
        saved,
        [
            ("deployfreq".to_string(), None),
            ("leadtime".to_string(), Some(5)),
            ("rework".to_string(), Some(100))
        ]
    );
    let record = store.assessment(id).await.expect("query").expect("exists");
    let tester = record.respondents.iter().find(|x| x.id == r).expect("listed");
    assert!(tester.invited);
    assert_eq!(tester.answered_at, Some(8));
    assert_eq!(tester.dora.get("rework"), Some(&Some(100)));
    assert_eq!(tester.dora.get("deployfreq"), Some(&None));

    store.set_closed(id, true).await.expect("close");
    assert!(matches!(
        store
            .save_answers(r, &[answer("testing.unit", Some(1), None)], 9)
            .await,
        Err(StoreError::Closed)
    ));
    assert!(matches!(
        store
            .save_dora_answers(r, &dora(&[("leadtime", Some(1))]), 9)
            .await,
        Err(StoreError::Closed)
    ));
    store.set_closed(id, false).await.expect("reopen");
    store.revoke_invitation(id, r).await.expect("revoke");
    assert!(matches!(
        store
            .save_answers(r, &[answer("testing.unit", Some(1), None)], 9)
            .await,
        Err(StoreError::Revoked)
    ));
    assert!(matches!(
        store
            .save_dora_answers(r, &dora(&[("leadtime", Some(1))]), 9)
            .await,
        Err(StoreError::Revoked)
    ));
    assert!(
        store
            .invitation_by_token("hash-a")
            .await
            .expect("query")
            .expect("kept")
            .revoked
    );
    assert_eq!(
        store.answers(r).await.expect("answers")[1].level,
        Some(4),
        "nothing changed"
    );
    assert!(matches!(
        store.revoke_invitation(id + 1, r).await,
        Err(StoreError::NotFound)
    ));
}

async fn observations(store: Arc<dyn Store>) {
    let id = store.create_assessment(&falcon_like(), 1).await.expect("create");
    let o = store
        .add_observation(id, "devops.builds-ci", "Nightly builds.")
        .await
        .expect("add");
    store
        .update_observation(id, o, "devops.builds-ci", "Builds on merge.")
        .await
        .expect("edit");
    let texts: Vec<String> = store
        .assessment(id)
        .await
        .expect("query")
        .expect("exists")
        .observations
        .into_iter()
        .map(|o| o.text)
        .collect();
    assert_eq!(texts, ["Three stakeholders.", "Builds on merge."]);
    store.delete_observation(id, o).await.expect("delete");
    assert!(matches!(
        store.delete_observation(id, o).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.update_observation(id + 1, o, "a", "b").await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.add_observation(999_999, "a", "b").await,
        Err(StoreError::NotFound)
    ));
}

async fn evidence_tokens_deployments(store: Arc<dyn Store>) {
    let without_imported = NewAssessment {
        evidence: Vec::new(),
        ..falcon_like()
    };
    let id = store
        .create_assessment(&without_imported, 1)
        .await
        .expect("create");
    let other = store
        .create_assessment(
            &NewAssessment {
                subject: "Hawk".to_string(),
                ..NewAssessment::default()
            },
            1,
        )
        .await
        .expect("other");
    let evidence = |assessment, subject: &str, name: &str| NewEvidence {
        subject: subject.to_string(),
        assessment,
        kind: "scan".to_string(),
        name: name.to_string(),
        source: "api".to_string(),
        body: "{\"findings\":[]}".to_string(),
    };
    let rev = store.revision(id).await.expect("q").expect("e");
    store
        .add_evidence(&evidence(Some(id), "Falcon", "attached"), 2)
        .await
        .expect("add");
    store
        .add_evidence(&evidence(None, "Falcon", "subject-wide"), 3)
        .await
        .expect("add");
    store
        .add_evidence(&evidence(None, "Hawk", "other subject"), 4)
        .await
        .expect("add");
    assert!(store.revision(id).await.expect("q").expect("e") >= rev + 2);
    let names: Vec<String> = store
        .evidence_for("Falcon", id)
        .await
        .expect("list")
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(names, ["attached", "subject-wide"]);
    let names: Vec<String> = store
        .evidence_for("Hawk", other)
        .await
        .expect("list")
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(names, ["other subject"]);
    // Each body is 15 characters: two for Falcon, one of them attached to the assessment.
    assert_eq!(
        store.evidence_size("Falcon", Some(id)).await.expect("size"),
        (30, 15)
    );
    assert_eq!(store.evidence_size("Falcon", None).await.expect("size"), (30, 0));
    assert_eq!(
        store.evidence_size("Nobody", Some(id)).await.expect("size"),
        (0, 0)
    );

    let t = store
        .create_api_token("ci", "Falcon", "th", 5)
        .await
        .expect("token");
    let token = store.api_token_by_hash("th").await.expect("q").expect("found");
    assert_eq!(
        (token.id, token.subject.as_str(), token.revoked),
        (t, "Falcon", false)
    );
    assert!(store.api_token_by_hash("nope").await.expect("q").is_none());
    store.revoke_api_token(t).await.expect("revoke");
    assert!(
        store
            .api_token_by_hash("th")
            .await
            .expect("q")
            .expect("found")
            .revoked
    );
    assert_eq!(store.list_api_tokens().await.expect("list").len(), 1);

    let ids = store
        .add_deployments("Falcon", &["{\"n\":1}".to_string(), "{\"n\":2}".to_string()], 6)
        .await
        .expect("deployments");
    assert_eq!(ids.len(), 2);
    let latest = store.deployments("Falcon", 1).await.expect("list");
    assert_eq!(latest.len(), 1);
    assert_eq!(latest[0].body, "{\"n\":2}");
    assert!(store.deployments("Hawk", 10).await.expect("list").is_empty());
}

async fn metacharacters_are_literal(store: Arc<dyn Store>) {
    let nasty = "Robert'); DROP TABLE users;-- \" \\ % _ $1 ?";
    let mut new = falcon_like();
    new.subject = nasty.to_string();
    new.respondents[0].name = nasty.to_string();
    new.respondents[0].answers[1].comment = Some(nasty.to_string());
    let id = store.create_assessment(&new, 1).await.expect("create");
    store
        .create_user(nasty, Role::Viewer, "h", 1)
        .await
        .expect("user");
    let record = store.assessment(id).await.expect("q").expect("e");
    assert_eq!(record.summary.subject, nasty);
    assert_eq!(record.respondents[0].name, nasty);
    assert!(
        record.respondents[0]
            .answers
            .iter()
            .any(|a| a.comment.as_deref() == Some(nasty))
    );
    assert_eq!(store.assessments_by_subject(nasty).await.expect("q").len(), 1);
    assert!(store.user_by_name(nasty).await.expect("q").is_some());
    assert_eq!(store.list_users().await.expect("users still there").len(), 1);
}

#[tokio::test]
async fn bad_urls_are_refused() {
    let err = connect("mysql://u:pw@h/db").await.err().expect("refused");
    assert!(matches!(err, StoreError::BadUrl(_)));
    assert!(!err.to_string().contains("pw"), "{err}");
}

#[tokio::test]
async fn sqlite_file_is_created_and_reopened() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = sqlite_url(dir.path());
    let store = connect(&url).await.expect("create");
    store.create_user("ada", Role::Admin, "h", 1).await.expect("user");
    drop(store);
    let store = connect(&url).await.expect("reopen and migrate again");
    assert!(store.user_by_name("ada").await.expect("q").is_some());
}

#[tokio::test]
async fn postgres_migrations_run_twice() {
    let url = postgres_url().await;
    connect(&url).await.expect("first");
    let store = connect(&url).await.expect("second");
    store.health().await.expect("healthy");
}

async fn deleting_an_assessment_takes_all_it_holds(store: Arc<dyn Store>) {
    let id = store.create_assessment(&falcon_like(), 1).await.expect("create");
    let kept = store
        .create_assessment(
            &NewAssessment {
                subject: "Hawk".to_string(),
                ..NewAssessment::default()
            },
            1,
        )
        .await
        .expect("other");
    let respondent = store
        .create_invitation(id, "ann", "dev", "hash-ann", 2)
        .await
        .expect("invite");
    store
        .save_answers(
            respondent,
            &[answer("devops.leadership", Some(2), Some("why"))],
            3,
        )
        .await
        .expect("answer");
    store
        .save_dora_answers(respondent, &[("leadtime".to_string(), Some(3))], 3)
        .await
        .expect("dora");
    store
        .add_observation(id, "devops.leadership", "seen")
        .await
        .expect("observation");
    let evidence = |assessment| NewEvidence {
        subject: "Falcon".to_string(),
        assessment,
        kind: "scan".to_string(),
        name: "scan".to_string(),
        source: "api".to_string(),
        body: "{}".to_string(),
    };
    store
        .add_evidence(&evidence(Some(id)), 4)
        .await
        .expect("attached");
    store
        .add_evidence(&evidence(None), 4)
        .await
        .expect("subject-wide");

    store.delete_assessment(id).await.expect("delete");
    assert!(store.assessment(id).await.expect("query").is_none());
    assert!(store.revision(id).await.expect("query").is_none());
    assert!(
        store
            .invitation_by_token("hash-ann")
            .await
            .expect("query")
            .is_none(),
        "the link"
    );
    assert!(
        store.answers(respondent).await.expect("query").is_empty(),
        "the answers"
    );
    assert!(
        store.dora_answers(respondent).await.expect("query").is_empty(),
        "the Quick Check"
    );
    // Only the evidence pushed for the subject without an assessment stays.
    assert_eq!(store.evidence_size("Falcon", None).await.expect("size").0, 2);
    assert!(
        store.assessment(kept).await.expect("query").is_some(),
        "the other assessment"
    );
    assert!(matches!(
        store.delete_assessment(id).await,
        Err(StoreError::NotFound)
    ));
}

async fn a_rotated_link_replaces_the_old_one(store: Arc<dyn Store>) {
    let id = store.create_assessment(&falcon_like(), 1).await.expect("create");
    let respondent = store
        .create_invitation(id, "ann", "dev", "old", 2)
        .await
        .expect("invite");
    store
        .save_answers(respondent, &[answer("devops.leadership", Some(2), None)], 3)
        .await
        .expect("answer");
    store.revoke_invitation(id, respondent).await.expect("revoke");
    store
        .rotate_invitation(id, respondent, "new")
        .await
        .expect("rotate");
    assert!(store.invitation_by_token("old").await.expect("query").is_none());
    let new = store
        .invitation_by_token("new")
        .await
        .expect("query")
        .expect("the new link");
    assert_eq!((new.respondent, new.revoked), (respondent, false));
    assert_eq!(
        store.answers(respondent).await.expect("query").len(),
        1,
        "the answers stay"
    );
    assert!(matches!(
        store.rotate_invitation(id + 1, respondent, "other").await,
        Err(StoreError::NotFound)
    ));
    // Imported respondents have no link to rotate.
    let imported = store
        .assessment(id)
        .await
        .expect("query")
        .expect("stored")
        .respondents[0]
        .id;
    assert_ne!(imported, respondent);
    assert!(matches!(
        store.rotate_invitation(id, imported, "other").await,
        Err(StoreError::NotFound)
    ));
}

async fn groups_limit_accounts_to_their_subjects(store: Arc<dyn Store>) {
    let ada = store
        .create_user("ada", Role::Assessor, "h", 1)
        .await
        .expect("user");
    let bob = store
        .create_user("bob", Role::Viewer, "h", 1)
        .await
        .expect("user");
    assert_eq!(
        store.visible_subjects(ada).await.expect("query"),
        None,
        "not limited"
    );

    let payments = store.create_group("payments", 5).await.expect("group");
    store.create_group("platform", 6).await.expect("group");
    let err = store.create_group("payments", 7).await.expect_err("duplicate");
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");

    let err = store
        .set_subject_groups("checkout", &["payments".into(), "nope".into()])
        .await
        .expect_err("unknown group");
    assert!(
        matches!(&err, StoreError::UnknownGroup(g) if g == "nope"),
        "{err}"
    );
    assert!(
        store.subject_groups().await.expect("query").is_empty(),
        "nothing changed"
    );

    // A subject may join a group before its first assessment; a name repeated counts once.
    store
        .set_subject_groups("checkout", &["payments".into(), "payments".into()])
        .await
        .expect("set");
    store
        .set_subject_groups("ledger", &["payments".into(), "platform".into()])
        .await
        .expect("set");
    store
        .set_subject_groups("ci", &["platform".into()])
        .await
        .expect("set");
    store.set_subject_groups("ci", &[]).await.expect("cleared");
    let map = store.subject_groups().await.expect("query");
    assert_eq!(
        map.into_iter().collect::<Vec<_>>(),
        [
            ("checkout".to_string(), vec!["payments".to_string()]),
            (
                "ledger".to_string(),
                vec!["payments".to_string(), "platform".to_string()]
            ),
        ]
    );

    store
        .set_user_groups(ada, &["payments".into()])
        .await
        .expect("limit");
    assert_eq!(store.user_groups(ada).await.expect("query"), ["payments"]);
    let seen = store
        .visible_subjects(ada)
        .await
        .expect("query")
        .expect("limited");
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), ["checkout", "ledger"]);
    assert!(matches!(
        store.set_user_groups(9999, &[]).await,
        Err(StoreError::NotFound)
    ));

    // Limited to a group without subjects: sees nothing, which is not "sees everything".
    store.create_group("empty", 8).await.expect("group");
    store
        .set_user_groups(bob, &["empty".into()])
        .await
        .expect("limit");
    assert_eq!(
        store.visible_subjects(bob).await.expect("query"),
        Some(Default::default())
    );

    let err = store.delete_group("empty").await.expect_err("in use");
    assert!(matches!(&err, StoreError::GroupInUse(g) if g == "empty"), "{err}");
    store.set_user_groups(bob, &[]).await.expect("unlimit");
    assert_eq!(store.visible_subjects(bob).await.expect("query"), None);
    store.delete_group("empty").await.expect("deleted");
    assert!(matches!(
        store.delete_group("empty").await,
        Err(StoreError::NotFound)
    ));

    let groups = store.list_groups().await.expect("list");
    let summary: Vec<_> = groups
        .iter()
        .map(|g| (g.name.as_str(), g.subjects.clone(), g.users.clone()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "payments",
                vec!["checkout".to_string(), "ledger".to_string()],
                vec!["ada".to_string()]
            ),
            ("platform", vec!["ledger".to_string()], vec![]),
        ]
    );
    assert_eq!(groups[0].id, payments);

    // Deleting the account takes its limits with it.
    store.delete_user(ada).await.expect("deleted");
    assert!(store.list_groups().await.expect("list")[0].users.is_empty());

    let id = store
        .create_assessment(
            &NewAssessment {
                subject: "checkout".into(),
                models: vec!["devops".into()],
                ..Default::default()
            },
            9,
        )
        .await
        .expect("assessment");
    assert_eq!(
        store.subject_of(id).await.expect("query").as_deref(),
        Some("checkout")
    );
    assert_eq!(store.subject_of(id + 100).await.expect("query"), None);
}

/// A database at the schema before groups, with data, migrated by `connect`: the data stays,
/// no subject is in a group and no account is limited.
async fn migrating_keeps_data(url: &str) {
    let backend = if url.starts_with("sqlite") {
        "sqlite"
    } else {
        "postgres"
    };
    let old = tempfile::tempdir().expect("temp dir");
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(backend);
    for file in [
        "0001_init.sql",
        "0002_settings.sql",
        "0003_site.sql",
        "0004_dora_answers.sql",
    ] {
        std::fs::copy(source.join(file), old.path().join(file)).expect("copy migration");
    }
    let migrator = sqlx::migrate::Migrator::new(old.path())
        .await
        .expect("old migrations");
    let insert =
        "INSERT INTO users (name, role, password_hash, created_at) VALUES ('ada', 'assessor', 'h', 1)";
    let assessment = "INSERT INTO assessments (subject, models, created_at) VALUES ('checkout', 'devops', 2)";
    if backend == "sqlite" {
        let options: sqlx::sqlite::SqliteConnectOptions = url.parse().expect("url");
        let pool = sqlx::SqlitePool::connect_with(options.create_if_missing(true))
            .await
            .expect("pool");
        migrator.run(&pool).await.expect("old schema");
        sqlx::query(insert).execute(&pool).await.expect("user");
        sqlx::query(assessment).execute(&pool).await.expect("assessment");
        pool.close().await;
    } else {
        let pool = sqlx::PgPool::connect(url).await.expect("pool");
        migrator.run(&pool).await.expect("old schema");
        sqlx::query(insert).execute(&pool).await.expect("user");
        sqlx::query(assessment).execute(&pool).await.expect("assessment");
        pool.close().await;
    }
    let store = connect(url).await.expect("migrated");
    let ada = store.user_by_name("ada").await.expect("query").expect("ada kept");
    assert_eq!(store.visible_subjects(ada.id).await.expect("query"), None);
    let list = store.list_assessments().await.expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].subject, "checkout");
    assert!(store.subject_groups().await.expect("query").is_empty());
    assert!(store.list_groups().await.expect("query").is_empty());
}

async fn link_nonces_follow_the_link_in_use(store: Arc<dyn Store>) {
    let new = |subject: &str| NewAssessment {
        subject: subject.to_string(),
        models: vec!["devops".to_string()],
        ..Default::default()
    };
    let a = store.create_assessment(&new("A"), 1).await.expect("a");
    let b = store.create_assessment(&new("B"), 1).await.expect("b");
    let r = store
        .create_invitation(a, "ra", "dev", "hash-1", 1)
        .await
        .expect("invite");
    assert_eq!(
        store.link_nonce(a, r).await.expect("q"),
        None,
        "invited without one"
    );
    store.set_link_nonce(a, r, Some("n1")).await.expect("set");
    let kept = |nonce: &str, hash: &str| {
        Some(LinkNonce {
            nonce: nonce.to_string(),
            token_hash: hash.to_string(),
        })
    };
    assert_eq!(store.link_nonce(a, r).await.expect("q"), kept("n1", "hash-1"));
    assert_eq!(
        store.link_nonce(b, r).await.expect("q"),
        None,
        "not another assessment's"
    );
    assert!(matches!(
        store.set_link_nonce(b, r, Some("n")).await,
        Err(StoreError::NotFound)
    ));
    store.rotate_invitation(a, r, "hash-2").await.expect("rotate");
    store.set_link_nonce(a, r, Some("n2")).await.expect("set");
    assert_eq!(store.link_nonce(a, r).await.expect("q"), kept("n2", "hash-2"));
    store.set_link_nonce(a, r, None).await.expect("forget");
    assert_eq!(store.link_nonce(a, r).await.expect("q"), None);
    store.set_link_nonce(a, r, Some("n3")).await.expect("set");
    store.delete_assessment(a).await.expect("delete");
    assert_eq!(
        store.link_nonce(a, r).await.expect("q"),
        None,
        "gone with the assessment"
    );
}

/// The portfolio's one read: each subject's latest assessments, ordered as
/// `assessments_by_subject` orders them, whatever order they were created in.
async fn latest_assessments_of_every_subject(store: Arc<dyn Store>) {
    let mut ids = std::collections::HashMap::new();
    // Created out of date order; an undated assessment sorts before every dated one, and two
    // of one date by creation.
    for (key, subject, date) in [
        ("a-mar", "Alpha", Some("2026-03-01")),
        ("a-jan", "Alpha", Some("2026-01-01")),
        ("a-none", "Alpha", None),
        ("a-mar-2", "Alpha", Some("2026-03-01")),
        ("b-only", "Beta", Some("2025-06-30")),
        ("c-old", "Gamma", Some("2024-01-01")),
        ("c-new", "Gamma", Some("2025-01-01")),
    ] {
        let new = NewAssessment {
            subject: subject.to_string(),
            date: date.map(str::to_string),
            models: vec!["devops".to_string()],
            respondents: vec![NewRespondent {
                name: "dev".to_string(),
                role: "developer".to_string(),
                site: None,
                answers: vec![answer("devops.leadership", Some(2), None)],
                dora: Default::default(),
            }],
            ..NewAssessment::default()
        };
        ids.insert(key, store.create_assessment(&new, 1).await.expect("create"));
    }
    let latest = |per_subject| {
        let store = store.clone();
        async move {
            let mut by_subject: std::collections::BTreeMap<String, Vec<i64>> = Default::default();
            for a in store.latest_assessments(per_subject).await.expect("latest") {
                assert_eq!(a.respondents, 1, "{a:?}");
                by_subject.entry(a.subject).or_default().push(a.id);
            }
            by_subject
        }
    };
    let two = latest(2).await;
    assert_eq!(two["Alpha"], [ids["a-mar"], ids["a-mar-2"]]);
    assert_eq!(two["Beta"], [ids["b-only"]]);
    assert_eq!(two["Gamma"], [ids["c-old"], ids["c-new"]]);
    for (subject, latest) in &two {
        let all: Vec<i64> = store
            .assessments_by_subject(subject)
            .await
            .expect("by subject")
            .iter()
            .map(|a| a.id)
            .collect();
        assert_eq!(
            &all[all.len().saturating_sub(2)..],
            latest.as_slice(),
            "{subject}"
        );
    }
    let mut subjects = store.subjects().await.expect("subjects");
    subjects.sort();
    assert_eq!(subjects, ["Alpha", "Beta", "Gamma"]);

    assert!(store.newest_events().await.expect("newest").is_empty());
    let alpha = store
        .add_deployments("Alpha", &["{}".to_string(), "{}".to_string()], 5)
        .await
        .expect("stored");
    let beta = store
        .add_deployments("Beta", &["{}".to_string()], 6)
        .await
        .expect("stored");
    let newest = store.newest_events().await.expect("newest");
    assert_eq!(newest.len(), 2, "{newest:?}");
    assert_eq!(newest["Alpha"], alpha[1]);
    assert_eq!(newest["Beta"], beta[0]);
    let one = latest(1).await;
    assert_eq!(
        one.values().cloned().collect::<Vec<_>>(),
        [vec![ids["a-mar-2"]], vec![ids["b-only"]], vec![ids["c-new"]]]
    );
    assert_eq!(latest(10).await["Alpha"].len(), 4);
}

/// The planner's row count of `table`: -1 until the table is first analysed.
async fn planned_rows(url: &str, table: &str) -> f32 {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(url).await.expect("connect");
    sqlx::query_scalar("SELECT reltuples FROM pg_class WHERE relname = $1")
        .bind(table)
        .fetch_one(&mut conn)
        .await
        .expect("pg_class")
}

#[tokio::test]
async fn a_bulk_import_refreshes_the_planner_statistics_on_postgres() {
    let url = postgres_url().await;
    let store = connect(&url).await.expect("store");
    let respondents = |n: usize| {
        (0..n)
            .map(|i| NewRespondent {
                name: format!("r-{i}"),
                role: "developer".to_string(),
                site: None,
                answers: (0..12)
                    .map(|c| {
                        answer(
                            &format!("devops.c{c}"),
                            Some(2),
                            Some("a comment of some length, as people write"),
                        )
                    })
                    .collect(),
                dora: Default::default(),
            })
            .collect()
    };
    let import = |n: usize| NewAssessment {
        respondents: respondents(n),
        ..falcon_like()
    };
    assert_eq!(planned_rows(&url, "answers").await, -1.0, "never analysed yet");
    store.create_assessment(&import(100), 1).await.expect("import");
    assert_eq!(
        planned_rows(&url, "answers").await,
        1200.0,
        "analysed right after the import, not a minute later"
    );
    store
        .create_assessment(&import(2), 2)
        .await
        .expect("small import");
    assert_eq!(
        planned_rows(&url, "answers").await,
        1200.0,
        "a table that has not doubled is left to autovacuum"
    );
    let bodies: Vec<String> = (0..3000).map(|i| format!("{{\"n\": {i}}}")).collect();
    store.add_deployments("Falcon", &bodies, 3).await.expect("events");
    assert_eq!(planned_rows(&url, "deployments").await, 3000.0);
}
