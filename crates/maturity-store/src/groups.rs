//! Groups of subjects (a department, a product line) and the accounts limited to them. Apart
//! from `Store`'s main body so the feature is one module: the trait, its records and the
//! queries, expanded for each backend by `impl_groups!` as `common::impl_store` is.
//!
//! A subject is not a row of its own (assessments, tokens and evidence name it), so a
//! membership names the subject too; a subject may be in a group before its first assessment.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::error::Result;
use crate::records::Id;

/// A group, with the subjects in it and the accounts limited to it, each sorted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    pub id: Id,
    pub name: String,
    pub created_at: i64,
    pub subjects: Vec<String>,
    pub users: Vec<String>,
}

/// Groups and who is limited to them. Every method is one transaction, as in `Store`.
#[async_trait::async_trait]
pub trait Groups: Send + Sync {
    /// `Conflict` when the name is taken.
    async fn create_group(&self, name: &str, now: i64) -> Result<Id>;
    /// Every group, by name.
    async fn list_groups(&self) -> Result<Vec<Group>>;
    /// `NotFound` for an unknown name; `GroupInUse` while accounts are limited to it, since
    /// taking an account's last group away would let it see every subject.
    async fn delete_group(&self, name: &str) -> Result<()>;
    /// Replaces the groups of `subject` (none: the subject is in no group). `UnknownGroup`
    /// for a name that is no group, and nothing changes.
    async fn set_subject_groups(&self, subject: &str, groups: &[String]) -> Result<()>;
    /// Replaces the groups an account is limited to (none: not limited). `NotFound` for an
    /// unknown user, `UnknownGroup` as above.
    async fn set_user_groups(&self, user: Id, groups: &[String]) -> Result<()>;
    /// The groups an account is limited to, by name.
    async fn user_groups(&self, user: Id) -> Result<Vec<String>>;
    /// Every subject in a group, with its groups by name.
    async fn subject_groups(&self) -> Result<BTreeMap<String, Vec<String>>>;
    /// The subjects an account may see: `None` when it is limited to no group (it sees all),
    /// else the subjects of its groups (possibly none).
    async fn visible_subjects(&self, user: Id) -> Result<Option<BTreeSet<String>>>;
    /// The subject of an assessment, a cheap read for access checks.
    async fn subject_of(&self, assessment: Id) -> Result<Option<String>>;
}

/// Implements `Groups` for `$store`, which has a `pool` and `begin_write()` as `impl_store!`
/// expects.
macro_rules! impl_groups {
    ($store:ty, $db:ty) => {
        const _: () = {
            use std::collections::{BTreeMap, BTreeSet};

            use sqlx::Row as _;

            use crate::error::{Result, StoreError};
            use crate::groups::{Group, Groups};
            use crate::records::Id;

            /// The ids of `names`, inside `tx`; `UnknownGroup` for the first that is no group.
            async fn group_ids(tx: &mut sqlx::Transaction<'static, $db>, names: &[String]) -> Result<Vec<Id>> {
                let mut ids = Vec::with_capacity(names.len());
                for name in names {
                    let row = sqlx::query("SELECT id FROM subject_group WHERE name = $1")
                        .bind(name)
                        .fetch_optional(&mut **tx)
                        .await?
                        .ok_or_else(|| StoreError::UnknownGroup(name.clone()))?;
                    let id: Id = row.try_get("id")?;
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
                Ok(ids)
            }

            #[async_trait::async_trait]
            impl Groups for $store {
                async fn create_group(&self, name: &str, now: i64) -> Result<Id> {
                    let row = sqlx::query("INSERT INTO subject_group (name, created_at) VALUES ($1, $2) RETURNING id")
                        .bind(name)
                        .bind(now)
                        .fetch_one(&self.pool)
                        .await
                        .map_err(|e| match &e {
                            sqlx::Error::Database(db) if db.is_unique_violation() => {
                                StoreError::Conflict("a group with this name".to_string())
                            }
                            _ => StoreError::Database(e),
                        })?;
                    Ok(row.try_get("id")?)
                }

                async fn list_groups(&self) -> Result<Vec<Group>> {
                    let mut tx = self.pool.begin().await?;
                    let rows = sqlx::query("SELECT id, name, created_at FROM subject_group ORDER BY name")
                        .fetch_all(&mut *tx)
                        .await?;
                    let mut groups = Vec::with_capacity(rows.len());
                    for row in &rows {
                        groups.push(Group {
                            id: row.try_get("id")?,
                            name: row.try_get("name")?,
                            created_at: row.try_get("created_at")?,
                            subjects: Vec::new(),
                            users: Vec::new(),
                        });
                    }
                    let members = sqlx::query("SELECT group_id, subject FROM subject_group_members ORDER BY subject")
                        .fetch_all(&mut *tx)
                        .await?;
                    let users = sqlx::query(
                        "SELECT ug.group_id, u.name FROM user_subject_groups ug \
                         JOIN users u ON u.id = ug.user_id ORDER BY u.name",
                    )
                    .fetch_all(&mut *tx)
                    .await?;
                    for (rows, column, users) in [(&members, "subject", false), (&users, "name", true)] {
                        for row in rows {
                            let id: Id = row.try_get("group_id")?;
                            let value: String = row.try_get(column)?;
                            if let Some(group) = groups.iter_mut().find(|g| g.id == id) {
                                if users { group.users.push(value) } else { group.subjects.push(value) }
                            }
                        }
                    }
                    tx.commit().await?;
                    Ok(groups)
                }

                async fn delete_group(&self, name: &str) -> Result<()> {
                    let mut tx = self.begin_write().await?;
                    let id = group_ids(&mut tx, &[name.to_string()]).await.map_err(|e| match e {
                        StoreError::UnknownGroup(_) => StoreError::NotFound,
                        other => other,
                    })?[0];
                    let limited: i64 = sqlx::query("SELECT COUNT(*) AS n FROM user_subject_groups WHERE group_id = $1")
                        .bind(id)
                        .fetch_one(&mut *tx)
                        .await?
                        .try_get("n")?;
                    if limited > 0 {
                        return Err(StoreError::GroupInUse(name.to_string()));
                    }
                    sqlx::query("DELETE FROM subject_group WHERE id = $1").bind(id).execute(&mut *tx).await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn set_subject_groups(&self, subject: &str, groups: &[String]) -> Result<()> {
                    let mut tx = self.begin_write().await?;
                    let ids = group_ids(&mut tx, groups).await?;
                    sqlx::query("DELETE FROM subject_group_members WHERE subject = $1")
                        .bind(subject)
                        .execute(&mut *tx)
                        .await?;
                    for id in ids {
                        sqlx::query("INSERT INTO subject_group_members (subject, group_id) VALUES ($1, $2)")
                            .bind(subject)
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    tx.commit().await?;
                    Ok(())
                }

                async fn set_user_groups(&self, user: Id, groups: &[String]) -> Result<()> {
                    let mut tx = self.begin_write().await?;
                    sqlx::query("SELECT id FROM users WHERE id = $1")
                        .bind(user)
                        .fetch_optional(&mut *tx)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    let ids = group_ids(&mut tx, groups).await?;
                    sqlx::query("DELETE FROM user_subject_groups WHERE user_id = $1")
                        .bind(user)
                        .execute(&mut *tx)
                        .await?;
                    for id in ids {
                        sqlx::query("INSERT INTO user_subject_groups (user_id, group_id) VALUES ($1, $2)")
                            .bind(user)
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    tx.commit().await?;
                    Ok(())
                }

                async fn user_groups(&self, user: Id) -> Result<Vec<String>> {
                    let rows = sqlx::query(
                        "SELECT g.name FROM user_subject_groups ug JOIN subject_group g ON g.id = ug.group_id \
                         WHERE ug.user_id = $1 ORDER BY g.name",
                    )
                    .bind(user)
                    .fetch_all(&self.pool)
                    .await?;
                    rows.iter().map(|row| Ok(row.try_get("name")?)).collect()
                }

                async fn subject_groups(&self) -> Result<BTreeMap<String, Vec<String>>> {
                    let rows = sqlx::query(
                        "SELECT m.subject, g.name FROM subject_group_members m \
                         JOIN subject_group g ON g.id = m.group_id ORDER BY m.subject, g.name",
                    )
                    .fetch_all(&self.pool)
                    .await?;
                    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
                    for row in &rows {
                        map.entry(row.try_get("subject")?).or_default().push(row.try_get("name")?);
                    }
                    Ok(map)
                }

                async fn visible_subjects(&self, user: Id) -> Result<Option<BTreeSet<String>>> {
                    // One query: a row per group of the account, with NULL for a group with no
                    // subject, so "limited to empty groups" and "not limited" differ.
                    let rows = sqlx::query(
                        "SELECT m.subject FROM user_subject_groups ug \
                         LEFT JOIN subject_group_members m ON m.group_id = ug.group_id WHERE ug.user_id = $1",
                    )
                    .bind(user)
                    .fetch_all(&self.pool)
                    .await?;
                    if rows.is_empty() {
                        return Ok(None);
                    }
                    let mut subjects = BTreeSet::new();
                    for row in &rows {
                        if let Some(subject) = row.try_get::<Option<String>, _>("subject")? {
                            subjects.insert(subject);
                        }
                    }
                    Ok(Some(subjects))
                }

                async fn subject_of(&self, assessment: Id) -> Result<Option<String>> {
                    let row = sqlx::query("SELECT subject FROM assessments WHERE id = $1")
                        .bind(assessment)
                        .fetch_optional(&self.pool)
                        .await?;
                    row.map(|row| Ok(row.try_get("subject")?)).transpose()
                }
            }
        };
    };
}

pub(crate) use impl_groups;
