//! `maturity user add|list`: accounts of the web app, written straight to its database, and
//! with `--group` limited to groups of subjects (`maturity group`).
//! The password comes from a prompt on a terminal, else from the first line of standard input.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::Context;
use maturity_store::Role;

use crate::cli::{UserAction, UserArgs};

pub fn run(args: UserArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        let store = super::open_store(&args.db).await?;
        match args.action {
            UserAction::Add { name, role, groups } => {
                let role: Role = role.parse().map_err(anyhow::Error::msg)?;
                let groups = super::group::known_groups(store.as_ref(), &groups).await?;
                let password = read_password(&name)?;
                maturity_web::auth::check_password_length(&password).map_err(anyhow::Error::msg)?;
                let hash =
                    maturity_web::auth::hash_password(&password).map_err(|e| anyhow::anyhow!("{e}"))?;
                let id = store.create_user(&name, role, &hash, maturity_web::now()).await?;
                store.set_user_groups(id, &groups).await?;
                if groups.is_empty() {
                    writeln!(out, "added {name} ({role})")?;
                } else {
                    writeln!(out, "added {name} ({role}, limited to {})", groups.join(", "))?;
                }
            }
            UserAction::List => {
                for user in store.list_users().await? {
                    let groups = store.user_groups(user.id).await?;
                    if groups.is_empty() {
                        writeln!(out, "{}\t{}", user.name, user.role)?;
                    } else {
                        writeln!(out, "{}\t{}\t{}", user.name, user.role, groups.join(","))?;
                    }
                }
            }
        }
        Ok(())
    })
}

fn read_password(name: &str) -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        let first = rpassword::prompt_password(format!("password for {name}: "))?;
        let again = rpassword::prompt_password("again: ")?;
        if first != again {
            anyhow::bail!("the two passwords differ");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        stdin
            .lock()
            .read_line(&mut line)
            .context("cannot read the password from standard input")?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}
