//! `maturity token add|list|revoke`: the API tokens CI sends to the server, written straight to
//! its database so CI can be set up by script. Tokens are made and hashed by the web crate
//! (`auth::new_api_token`), as the admin page makes them; only the hash is stored, and the
//! token is printed once, alone on standard output, so `TOKEN=$(maturity token add …)` works.
//!
//! `--all-subjects` makes a token for Prometheus, stored with the subject `*`
//! (`auth::ALL_SUBJECTS`): it reads `GET /metrics` of every subject and nothing else.
//!
//! Must not depend on a running server: it talks to the database only.

use std::io::Write;

use anyhow::Context;
use maturity_store::{ApiToken, Store};

use crate::cli::{TokenAction, TokenArgs};

/// The longest token name, as the admin page allows.
const MAX_NAME: usize = 100;

pub fn run(args: TokenArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let store = super::open_store(&args.db).await?;
        let store = store.as_ref();
        match args.action {
            TokenAction::Add {
                name,
                subject,
                all_subjects,
            } => {
                let subject = match subject {
                    Some(subject) if !all_subjects => {
                        if subject == maturity_web::auth::ALL_SUBJECTS {
                            anyhow::bail!(
                                "--subject `*` marks a token of every subject; say so with --all-subjects"
                            );
                        }
                        check_subject(store, &subject).await?;
                        subject
                    }
                    _ => maturity_web::auth::ALL_SUBJECTS.to_string(),
                };
                add(store, &name, &subject, out).await
            }
            TokenAction::List => list(store, out).await,
            TokenAction::Revoke { name } => revoke(store, &name, out).await,
        }
    })
}

async fn add(store: &dyn Store, name: &str, subject: &str, out: &mut dyn Write) -> anyhow::Result<()> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        anyhow::bail!("token name: give 1 to {MAX_NAME} characters, e.g. `ci-main`");
    }
    let tokens = store.list_api_tokens().await?;
    if let Some(taken) = tokens.iter().find(|t| t.name == name && !t.revoked) {
        anyhow::bail!(
            "a token named `{name}` already exists (subject `{}`, created {}); revoke it first \
             with `maturity token revoke {name}`, or choose another name",
            taken.subject,
            date(taken.created_at)
        );
    }
    let (token, hash) = maturity_web::auth::new_api_token().map_err(|e| anyhow::anyhow!("{e}"))?;
    store
        .create_api_token(name, subject, &hash, maturity_web::now())
        .await?;
    writeln!(out, "{token}")?;
    let scope = if subject == maturity_web::auth::ALL_SUBJECTS {
        "reading GET /metrics of every subject".to_string()
    } else {
        format!("for subject `{subject}`")
    };
    eprintln!(
        "added token `{name}` {scope}: keep it as a secret and send it as \
         `Authorization: Bearer <token>`; it is not shown again"
    );
    Ok(())
}

/// A subject token's subject must be one the database holds assessments of: a typo would
/// otherwise make a token whose pushes no report ever reads.
async fn check_subject(store: &dyn Store, subject: &str) -> anyhow::Result<()> {
    let mut subjects: Vec<String> = store
        .list_assessments()
        .await?
        .into_iter()
        .map(|a| a.subject)
        .collect();
    if subjects.iter().any(|s| s == subject) {
        return Ok(());
    }
    subjects.sort();
    subjects.dedup();
    if subjects.is_empty() {
        anyhow::bail!(
            "--subject `{subject}`: the database holds no assessment yet; import one first \
             (`maturity serve --import DIR`, or the web app's import page)"
        );
    }
    anyhow::bail!(
        "--subject `{subject}`: no assessment has this subject; the database holds {}",
        subjects
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

async fn list(store: &dyn Store, out: &mut dyn Write) -> anyhow::Result<()> {
    let tokens = store.list_api_tokens().await?;
    writeln!(out, "name\tsubject\tcreated\tstatus")?;
    for token in tokens {
        writeln!(
            out,
            "{}\t{}\t{}\t{}",
            token.name,
            token.subject,
            date(token.created_at),
            if token.revoked { "revoked" } else { "active" }
        )?;
    }
    Ok(())
}

async fn revoke(store: &dyn Store, name: &str, out: &mut dyn Write) -> anyhow::Result<()> {
    let tokens = store.list_api_tokens().await?;
    let named: Vec<&ApiToken> = tokens.iter().filter(|t| t.name == name).collect();
    let active: Vec<&ApiToken> = named.iter().copied().filter(|t| !t.revoked).collect();
    if active.is_empty() {
        if named.is_empty() {
            anyhow::bail!("no token is named `{name}`; `maturity token list` shows the tokens");
        }
        anyhow::bail!("the token `{name}` is already revoked");
    }
    // The admin page allows two tokens of one name; revoking by name revokes them all, so no
    // token of that name still works afterwards.
    for token in &active {
        store.revoke_api_token(token.id).await?;
    }
    writeln!(out, "revoked `{name}` ({} token(s))", active.len())?;
    Ok(())
}

/// A stored time (Unix seconds) as an RFC 3339 UTC time.
fn date(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds).map_or_else(|_| seconds.to_string(), |t| t.to_string())
}
