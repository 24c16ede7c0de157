//! `maturity group add|list|remove|subject|user`: groups of subjects and the accounts limited
//! to them, written straight to the web app's database as the admin page writes them. Names
//! are checked by the web crate (`groups::group_name`), so both refuse the same names.

use std::io::Write;

use anyhow::Context;
use maturity_store::Store;

use crate::cli::{GroupAction, GroupArgs};

pub fn run(args: GroupArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let store = super::open_store(&args.db).await?;
        let store = store.as_ref();
        match args.action {
            GroupAction::Add { name } => {
                let name = maturity_web::groups::group_name(&name).map_err(anyhow::Error::msg)?;
                store
                    .create_group(&name, maturity_web::now())
                    .await
                    .map_err(|e| anyhow::anyhow!("group `{name}`: {e}"))?;
                writeln!(out, "added the group {name}")?;
            }
            GroupAction::List => {
                for g in store.list_groups().await? {
                    writeln!(out, "{}\t{}\t{}", g.name, g.subjects.join(","), g.users.join(","))?;
                }
            }
            GroupAction::Remove { name } => {
                store.delete_group(name.trim()).await.map_err(|e| match e {
                    maturity_store::StoreError::NotFound => anyhow::anyhow!("there is no group `{name}`"),
                    other => anyhow::anyhow!("{other}: take it off them first (`maturity group user NAME`)"),
                })?;
                writeln!(out, "removed the group {name}")?;
            }
            GroupAction::Subject { subject, groups } => {
                let subject = subject.trim();
                maturity_web::limits::at_most("the subject", subject, maturity_web::limits::SUBJECT)
                    .map_err(anyhow::Error::msg)?;
                if subject.is_empty() {
                    anyhow::bail!("give the subject, as its assessments name it");
                }
                let groups = known_groups(store, &groups).await?;
                store.set_subject_groups(subject, &groups).await?;
                writeln!(out, "{subject}: {}", shown(&groups, "in no group"))?;
            }
            GroupAction::User { name, groups } => {
                let user = store
                    .user_by_name(&name)
                    .await?
                    .with_context(|| format!("there is no user `{name}`"))?;
                let groups = known_groups(store, &groups).await?;
                store.set_user_groups(user.id, &groups).await?;
                writeln!(out, "{name}: {}", shown(&groups, "sees every subject"))?;
            }
        }
        Ok(())
    })
}

/// `groups` checked as names and against the groups that exist, with a message naming the
/// first that does not.
pub async fn known_groups(store: &dyn Store, groups: &[String]) -> anyhow::Result<Vec<String>> {
    let names = maturity_web::groups::group_names(groups.iter().map(String::as_str))
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let known: Vec<String> = store.list_groups().await?.into_iter().map(|g| g.name).collect();
    if let Some(unknown) = names.iter().find(|n| !known.contains(n)) {
        anyhow::bail!("there is no group `{unknown}`; add it with `maturity group add`");
    }
    Ok(names)
}

fn shown(groups: &[String], none: &str) -> String {
    if groups.is_empty() {
        none.to_string()
    } else {
        groups.join(", ")
    }
}
