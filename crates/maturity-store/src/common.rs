//! The queries both backends share. SQLite (3.35 and later) and PostgreSQL agree on the SQL this
//! store needs (`$n` parameters, `RETURNING`, `ON CONFLICT … DO UPDATE`), so the trait is
//! implemented once, as a macro expanded for each backend's pool type; what differs (column
//! types, how a write transaction starts, connection set-up) lives in the backend's own module
//! and migrations.
//!
//! Every method runs in one transaction, so a method that returned `Ok` has committed.

/// Implements `Store` for `$store`, a struct with a `pool: sqlx::Pool<$db>` field and a
/// `begin_write()` method that starts a transaction which is going to write.
macro_rules! impl_store {
    ($store:ty, $db:ty) => {
        use sqlx::Row as _;

        use crate::records::{file_kind, level_from_db, role_from_db, split_models};
        use crate::{
            AnswerRecord, ApiToken, AssessmentRecord, AssessmentSummary, Deployment, DoraAnswers, EvidenceRecord,
            IMPORTED_EVIDENCE, Id,
            Invitation, LoginFailures, NewAssessment, NewInvitation, NewEvidence, ObservationRecord, RespondentRecord, Result, Role,
            SourceFile, Store, StoreError, User,
        };

        type Row = <$db as sqlx::Database>::Row;

        const SUMMARY: &str = "SELECT a.id, a.subject, a.date, a.assessor, a.models, a.benchmark, a.closed, \
             a.revision, a.created_at, \
             (SELECT COUNT(*) FROM respondents r WHERE r.assessment_id = a.id) AS respondents \
             FROM assessments a";

        fn summary(row: &Row) -> Result<AssessmentSummary> {
            Ok(AssessmentSummary {
                id: row.try_get("id")?,
                subject: row.try_get("subject")?,
                date: row.try_get("date")?,
                assessor: row.try_get("assessor")?,
                models: split_models(&row.try_get::<String, _>("models")?),
                benchmark: row.try_get("benchmark")?,
                closed: row.try_get("closed")?,
                revision: row.try_get("revision")?,
                created_at: row.try_get("created_at")?,
                respondents: row.try_get("respondents")?,
            })
        }

        fn user(row: &Row) -> Result<User> {
            Ok(User {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                role: role_from_db(&row.try_get::<String, _>("role")?),
                password_hash: row.try_get("password_hash")?,
                created_at: row.try_get("created_at")?,
            })
        }

        crate::answers::answer_helpers!($db);
        crate::latest::latest_queries!($db);

        fn api_token(row: &Row) -> Result<ApiToken> {
            Ok(ApiToken {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                subject: row.try_get("subject")?,
                revoked: row.try_get("revoked")?,
                created_at: row.try_get("created_at")?,
            })
        }

        /// Turns a unique-constraint violation into `Conflict(what)`.
        fn conflict(what: &str) -> impl FnOnce(sqlx::Error) -> StoreError + '_ {
            move |e| match &e {
                sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(what.to_string()),
                _ => StoreError::Database(e),
            }
        }

        fn found(rows_affected: u64) -> Result<()> {
            if rows_affected == 0 { Err(StoreError::NotFound) } else { Ok(()) }
        }

        fn level_to_db(level: Option<u8>) -> Option<i16> {
            level.map(i16::from)
        }

        #[async_trait::async_trait]
        impl Store for $store {
            async fn health(&self) -> Result<()> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }

            async fn create_user(&self, name: &str, role: Role, password_hash: &str, now: i64) -> Result<Id> {
                let row = sqlx::query(
                    "INSERT INTO users (name, role, password_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(name)
                .bind(role.as_str())
                .bind(password_hash)
                .bind(now)
                .fetch_one(&self.pool)
                .await
                .map_err(conflict("a user with this name"))?;
                Ok(row.try_get("id")?)
            }

            async fn user_by_name(&self, name: &str) -> Result<Option<User>> {
                let row = sqlx::query("SELECT id, name, role, password_hash, created_at FROM users WHERE name = $1")
                    .bind(name)
                    .fetch_optional(&self.pool)
                    .await?;
                row.as_ref().map(user).transpose()
            }

            async fn list_users(&self) -> Result<Vec<User>> {
                let rows = sqlx::query("SELECT id, name, role, password_hash, created_at FROM users ORDER BY name")
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(user).collect()
            }

            async fn set_password(&self, user: Id, password_hash: &str) -> Result<()> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
                    .bind(user)
                    .bind(password_hash)
                    .execute(&mut *tx)
                    .await?;
                found(done.rows_affected())?;
                // A new password ends every session opened with the old one.
                sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                    .bind(user)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn delete_user(&self, user: Id) -> Result<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                    .bind(user)
                    .execute(&mut *tx)
                    .await?;
                let done = sqlx::query("DELETE FROM users WHERE id = $1").bind(user).execute(&mut *tx).await?;
                found(done.rows_affected())?;
                tx.commit().await?;
                Ok(())
            }

            async fn create_session(&self, id_hash: &str, user: Id, now: i64, expires_at: i64) -> Result<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
                    .bind(id_hash)
                    .bind(user)
                    .bind(now)
                    .bind(expires_at)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn session_user(&self, id_hash: &str, now: i64) -> Result<Option<User>> {
                let row = sqlx::query(
                    "SELECT u.id, u.name, u.role, u.password_hash, u.created_at FROM sessions s \
                     JOIN users u ON u.id = s.user_id WHERE s.id_hash = $1 AND s.expires_at > $2",
                )
                .bind(id_hash)
                .bind(now)
                .fetch_optional(&self.pool)
                .await?;
                row.as_ref().map(user).transpose()
            }

            async fn delete_session(&self, id_hash: &str) -> Result<()> {
                sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
                    .bind(id_hash)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn record_login_failure(&self, key: &str, now: i64, forget_before: i64) -> Result<()> {
                let mut tx = self.begin_write().await?;
                sqlx::query("DELETE FROM login_failures WHERE at < $1")
                    .bind(forget_before)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query("INSERT INTO login_failures (key, at) VALUES ($1, $2)")
                    .bind(key)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn login_failures(&self, key: &str, since: i64) -> Result<LoginFailures> {
                let row = sqlx::query(
                    "SELECT COUNT(*) AS n, MAX(at) AS last FROM login_failures WHERE key = $1 AND at >= $2",
                )
                .bind(key)
                .bind(since)
                .fetch_one(&self.pool)
                .await?;
                Ok(LoginFailures {
                    count: row.try_get("n")?,
                    last: row.try_get("last")?,
                })
            }

            async fn clear_login_failures(&self, key: &str) -> Result<()> {
                sqlx::query("DELETE FROM login_failures WHERE key = $1")
                    .bind(key)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn create_assessment(&self, new: &NewAssessment, now: i64) -> Result<Id> {
                let mut tx = self.begin_write().await?;
                let row = sqlx::query(
                    "INSERT INTO assessments (subject, date, assessor, models, benchmark, created_at, settings) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(&new.subject)
                .bind(&new.date)
                .bind(&new.assessor)
                .bind(new.models.join(","))
                .bind(&new.benchmark)
                .bind(now)
                .bind(&new.settings)
                .fetch_one(&mut *tx)
                .await?;
                let id: Id = row.try_get("id")?;
                for file in &new.files {
                    sqlx::query("INSERT INTO source_files (assessment_id, kind, name, text) VALUES ($1, $2, $3, $4)")
                        .bind(id)
                        .bind(file.kind.as_str())
                        .bind(&file.name)
                        .bind(&file.text)
                        .execute(&mut *tx)
                        .await?;
                }
                for observation in &new.observations {
                    sqlx::query("INSERT INTO observations (assessment_id, area, text) VALUES ($1, $2, $3)")
                        .bind(id)
                        .bind(&observation.area)
                        .bind(&observation.text)
                        .execute(&mut *tx)
                        .await?;
                }
                for respondent in &new.respondents {
                    let row = sqlx::query(
                        "INSERT INTO respondents (assessment_id, name, role, site, created_at, answered_at) \
                         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
                    )
                    .bind(id)
                    .bind(&respondent.name)
                    .bind(&respondent.role)
                    .bind(&respondent.site)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(conflict("a respondent with this name"))?;
                    let respondent_id: Id = row.try_get("id")?;
                    for answer in &respondent.answers {
                        sqlx::query(
                            "INSERT INTO answers (respondent_id, criterion, level, comment, updated_at) \
                             VALUES ($1, $2, $3, $4, $5)",
                        )
                        .bind(respondent_id)
                        .bind(&answer.criterion)
                        .bind(level_to_db(answer.level))
                        .bind(&answer.comment)
                        .bind(now)
                        .execute(&mut *tx)
                        .await
                        .map_err(conflict("an answer to this criterion"))?;
                    }
                    for (metric, value) in &respondent.dora {
                        sqlx::query(
                            "INSERT INTO dora_answers (respondent_id, metric, value, updated_at) VALUES ($1, $2, $3, $4)",
                        )
                        .bind(respondent_id)
                        .bind(metric)
                        .bind(crate::answers::dora_to_db(*value))
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                    }
                }
                for evidence in &new.evidence {
                    sqlx::query(
                        "INSERT INTO evidence (subject, assessment_id, kind, name, source, body, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    )
                    .bind(&new.subject)
                    .bind(id)
                    .bind(&evidence.kind)
                    .bind(&evidence.name)
                    .bind(IMPORTED_EVIDENCE)
                    .bind(&evidence.body)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                self.after_bulk_write().await;
                Ok(id)
            }

            async fn list_assessments(&self) -> Result<Vec<AssessmentSummary>> {
                let sql = sqlx::AssertSqlSafe(format!("{SUMMARY} ORDER BY a.id DESC"));
                let rows = sqlx::query(sql).fetch_all(&self.pool).await?;
                rows.iter().map(summary).collect()
            }

            async fn assessments_by_subject(&self, subject: &str) -> Result<Vec<AssessmentSummary>> {
                let sql =
                    sqlx::AssertSqlSafe(format!("{SUMMARY} WHERE a.subject = $1 ORDER BY COALESCE(a.date, ''), a.id"));
                let rows = sqlx::query(sql).bind(subject).fetch_all(&self.pool).await?;
                rows.iter().map(summary).collect()
            }

            async fn subjects(&self) -> Result<Vec<String>> { subject_names(&self.pool).await }
            async fn latest_assessments(&self, n: i64) -> Result<Vec<AssessmentSummary>> { latest_summaries(&self.pool, n).await }
            async fn newest_events(&self) -> Result<std::collections::HashMap<String, Id>> { newest_event_ids(&self.pool).await }
            async fn assessment(&self, id: Id) -> Result<Option<AssessmentRecord>> {
                // One read transaction, so the parts agree with each other.
                let mut tx = self.pool.begin().await?;
                let sql = sqlx::AssertSqlSafe(format!("{SUMMARY} WHERE a.id = $1"));
                let Some(row) = sqlx::query(sql).bind(id).fetch_optional(&mut *tx).await? else {
                    return Ok(None);
                };
                let summary = summary(&row)?;
                let settings: String = sqlx::query("SELECT settings FROM assessments WHERE id = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get("settings")?;
                let files = sqlx::query("SELECT kind, name, text FROM source_files WHERE assessment_id = $1 ORDER BY id")
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await?
                    .iter()
                    .map(|row| {
                        Ok(SourceFile {
                            kind: file_kind(&row.try_get::<String, _>("kind")?),
                            name: row.try_get("name")?,
                            text: row.try_get("text")?,
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                let observations =
                    sqlx::query("SELECT id, area, text FROM observations WHERE assessment_id = $1 ORDER BY id")
                        .bind(id)
                        .fetch_all(&mut *tx)
                        .await?
                        .iter()
                        .map(|row| {
                            Ok(ObservationRecord {
                                id: row.try_get("id")?,
                                area: row.try_get("area")?,
                                text: row.try_get("text")?,
                            })
                        })
                        .collect::<Result<Vec<_>>>()?;
                let mut respondents = sqlx::query(
                    "SELECT id, name, role, site, token_hash IS NOT NULL AS invited, revoked, created_at, answered_at \
                     FROM respondents WHERE assessment_id = $1 ORDER BY id",
                )
                .bind(id)
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|row| {
                    Ok(RespondentRecord {
                        id: row.try_get("id")?,
                        name: row.try_get("name")?,
                        role: row.try_get("role")?,
                        site: row.try_get("site")?,
                        invited: row.try_get("invited")?,
                        revoked: row.try_get("revoked")?,
                        created_at: row.try_get("created_at")?,
                        answered_at: row.try_get("answered_at")?,
                        answers: Vec::new(),
                        dora: DoraAnswers::new(),
                    })
                })
                .collect::<Result<Vec<_>>>()?;
                let answers = sqlx::query(
                    "SELECT x.respondent_id, x.criterion, x.level, x.comment FROM answers x \
                     JOIN respondents r ON r.id = x.respondent_id WHERE r.assessment_id = $1 \
                     ORDER BY x.respondent_id, x.criterion",
                )
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
                for row in &answers {
                    let respondent: Id = row.try_get("respondent_id")?;
                    if let Some(r) = respondents.iter_mut().find(|r| r.id == respondent) {
                        r.answers.push(answer(row)?);
                    }
                }
                let dora = sqlx::query(
                    "SELECT x.respondent_id, x.metric, x.value FROM dora_answers x \
                     JOIN respondents r ON r.id = x.respondent_id WHERE r.assessment_id = $1",
                )
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
                for row in &dora {
                    let respondent: Id = row.try_get("respondent_id")?;
                    if let Some(r) = respondents.iter_mut().find(|r| r.id == respondent) {
                        let (metric, value) = dora_answer(row)?;
                        r.dora.insert(metric, value);
                    }
                }
                tx.commit().await?;
                Ok(Some(AssessmentRecord {
                    summary,
                    settings,
                    files,
                    observations,
                    respondents,
                }))
            }

            async fn revision(&self, id: Id) -> Result<Option<i64>> {
                let row = sqlx::query("SELECT revision FROM assessments WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(row.map(|row| row.try_get("revision")).transpose()?)
            }

            async fn set_closed(&self, id: Id, closed: bool) -> Result<()> {
                let sql = "UPDATE assessments SET closed = $2, revision = revision + 1 WHERE id = $1";
                let done = sqlx::query(sql).bind(id).bind(closed).execute(&self.pool).await?;
                found(done.rows_affected())
            }

            async fn delete_assessment(&self, id: Id) -> Result<()> {
                // One statement, so one transaction: the schema's ON DELETE CASCADE takes the rest.
                let done = sqlx::query("DELETE FROM assessments WHERE id = $1").bind(id).execute(&self.pool).await?;
                found(done.rows_affected())
            }

            async fn set_settings(&self, id: Id, settings: &str) -> Result<()> {
                let sql = "UPDATE assessments SET settings = $2, revision = revision + 1 WHERE id = $1";
                let done = sqlx::query(sql).bind(id).bind(settings).execute(&self.pool).await?;
                found(done.rows_affected())
            }

            async fn add_observation(&self, assessment: Id, area: &str, text: &str) -> Result<Id> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query("UPDATE assessments SET revision = revision + 1 WHERE id = $1")
                    .bind(assessment)
                    .execute(&mut *tx)
                    .await?;
                found(done.rows_affected())?;
                let row =
                    sqlx::query("INSERT INTO observations (assessment_id, area, text) VALUES ($1, $2, $3) RETURNING id")
                        .bind(assessment)
                        .bind(area)
                        .bind(text)
                        .fetch_one(&mut *tx)
                        .await?;
                tx.commit().await?;
                Ok(row.try_get("id")?)
            }

            async fn update_observation(&self, assessment: Id, observation: Id, area: &str, text: &str) -> Result<()> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query("UPDATE observations SET area = $3, text = $4 WHERE id = $2 AND assessment_id = $1")
                    .bind(assessment)
                    .bind(observation)
                    .bind(area)
                    .bind(text)
                    .execute(&mut *tx)
                    .await?;
                found(done.rows_affected())?;
                sqlx::query("UPDATE assessments SET revision = revision + 1 WHERE id = $1")
                    .bind(assessment)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn delete_observation(&self, assessment: Id, observation: Id) -> Result<()> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query("DELETE FROM observations WHERE id = $2 AND assessment_id = $1")
                    .bind(assessment)
                    .bind(observation)
                    .execute(&mut *tx)
                    .await?;
                found(done.rows_affected())?;
                sqlx::query("UPDATE assessments SET revision = revision + 1 WHERE id = $1")
                    .bind(assessment)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn create_invitation(&self, assessment: Id, name: &str, role: &str, token_hash: &str, now: i64) -> Result<Id> {
                let invitation = NewInvitation { name: name.into(), role: role.into(), site: None, token_hash: token_hash.into() };
                Ok(self.create_invitations(assessment, &[invitation], now).await?[0])
            }

            async fn create_invitations(&self, assessment: Id, new: &[NewInvitation], now: i64) -> Result<Vec<Id>> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query("UPDATE assessments SET revision = revision + 1 WHERE id = $1")
                    .bind(assessment)
                    .execute(&mut *tx)
                    .await?;
                found(done.rows_affected())?;
                let mut ids = Vec::with_capacity(new.len());
                for n in new {
                    let row = sqlx::query(
                        "INSERT INTO respondents (assessment_id, name, role, site, token_hash, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                    )
                    .bind(assessment)
                    .bind(&n.name)
                    .bind(&n.role)
                    .bind(&n.site)
                    .bind(&n.token_hash)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(conflict("a respondent with this name"))?;
                    ids.push(row.try_get("id")?);
                }
                tx.commit().await?;
                self.after_bulk_write().await;
                Ok(ids)
            }

            async fn rotate_invitation(&self, assessment: Id, respondent: Id, token_hash: &str) -> Result<()> {
                let sql = "UPDATE respondents SET token_hash = $3, revoked = FALSE \
                           WHERE id = $2 AND assessment_id = $1 AND token_hash IS NOT NULL";
                let done = sqlx::query(sql).bind(assessment).bind(respondent).bind(token_hash).execute(&self.pool).await?;
                found(done.rows_affected())
            }

            async fn revoke_invitation(&self, assessment: Id, respondent: Id) -> Result<()> {
                let mut tx = self.begin_write().await?;
                let done = sqlx::query("UPDATE respondents SET revoked = $3 WHERE id = $2 AND assessment_id = $1")
                    .bind(assessment)
                    .bind(respondent)
                    .bind(true)
                    .execute(&mut *tx)
                    .await?;
                found(done.rows_affected())?;
                sqlx::query("UPDATE assessments SET revision = revision + 1 WHERE id = $1")
                    .bind(assessment)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn invitation_by_token(&self, token_hash: &str) -> Result<Option<Invitation>> {
                let row = sqlx::query(
                    "SELECT r.id, r.assessment_id, r.name, r.role, r.revoked, a.closed, a.subject FROM respondents r \
                     JOIN assessments a ON a.id = r.assessment_id WHERE r.token_hash = $1",
                )
                .bind(token_hash)
                .fetch_optional(&self.pool)
                .await?;
                row.map(|row| {
                    Ok(Invitation {
                        respondent: row.try_get("id")?,
                        assessment: row.try_get("assessment_id")?,
                        name: row.try_get("name")?,
                        role: row.try_get("role")?,
                        revoked: row.try_get("revoked")?,
                        closed: row.try_get("closed")?,
                        subject: row.try_get("subject")?,
                    })
                })
                .transpose()
            }

            async fn answers(&self, respondent: Id) -> Result<Vec<AnswerRecord>> {
                let rows = sqlx::query(
                    "SELECT criterion, level, comment FROM answers WHERE respondent_id = $1 ORDER BY criterion",
                )
                .bind(respondent)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(answer).collect()
            }

            async fn save_answers(&self, respondent: Id, answers: &[AnswerRecord], now: i64) -> Result<()> {
                let mut tx = self.begin_write().await?;
                let assessment = open_for_answers(&mut tx, respondent).await?;
                for answer in answers {
                    sqlx::query(
                        "INSERT INTO answers (respondent_id, criterion, level, comment, updated_at) \
                         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (respondent_id, criterion) DO UPDATE \
                         SET level = excluded.level, comment = excluded.comment, updated_at = excluded.updated_at",
                    )
                    .bind(respondent)
                    .bind(&answer.criterion)
                    .bind(level_to_db(answer.level))
                    .bind(&answer.comment)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
                answered(&mut tx, respondent, assessment, now).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn dora_answers(&self, respondent: Id) -> Result<DoraAnswers> {
                let rows = sqlx::query("SELECT metric, value FROM dora_answers WHERE respondent_id = $1")
                    .bind(respondent)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(dora_answer).collect()
            }

            async fn save_dora_answers(&self, respondent: Id, answers: &[(String, Option<u8>)], now: i64) -> Result<()> {
                let mut tx = self.begin_write().await?;
                let assessment = open_for_answers(&mut tx, respondent).await?;
                for (metric, value) in answers {
                    sqlx::query(
                        "INSERT INTO dora_answers (respondent_id, metric, value, updated_at) VALUES ($1, $2, $3, $4) \
                         ON CONFLICT (respondent_id, metric) DO UPDATE \
                         SET value = excluded.value, updated_at = excluded.updated_at",
                    )
                    .bind(respondent)
                    .bind(metric)
                    .bind(crate::answers::dora_to_db(*value))
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
                answered(&mut tx, respondent, assessment, now).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn add_evidence(&self, new: &NewEvidence, now: i64) -> Result<Id> {
                let mut tx = self.begin_write().await?;
                let row = sqlx::query(
                    "INSERT INTO evidence (subject, assessment_id, kind, name, source, body, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(&new.subject)
                .bind(new.assessment)
                .bind(&new.kind)
                .bind(&new.name)
                .bind(&new.source)
                .bind(&new.body)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                // Evidence shows on the assessment's page (or on every page of its subject).
                sqlx::query(
                    "UPDATE assessments SET revision = revision + 1 WHERE id = $1 OR ($1 IS NULL AND subject = $2)",
                )
                .bind(new.assessment)
                .bind(&new.subject)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(row.try_get("id")?)
            }

            async fn evidence_for(&self, subject: &str, assessment: Id) -> Result<Vec<EvidenceRecord>> {
                let rows = sqlx::query(
                    "SELECT id, subject, assessment_id, kind, name, source, body, created_at FROM evidence \
                     WHERE assessment_id = $2 OR (assessment_id IS NULL AND subject = $1) ORDER BY id",
                )
                .bind(subject)
                .bind(assessment)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|row| {
                        Ok(EvidenceRecord {
                            id: row.try_get("id")?,
                            subject: row.try_get("subject")?,
                            assessment: row.try_get("assessment_id")?,
                            kind: row.try_get("kind")?,
                            name: row.try_get("name")?,
                            source: row.try_get("source")?,
                            body: row.try_get("body")?,
                            created_at: row.try_get("created_at")?,
                        })
                    })
                    .collect()
            }

            async fn evidence_size(&self, subject: &str, assessment: Option<Id>) -> Result<(i64, i64)> {
                let row = sqlx::query(
                    "SELECT COALESCE(SUM(LENGTH(body)), 0) AS subject_size, \
                     COALESCE(SUM(CASE WHEN assessment_id = $2 THEN LENGTH(body) ELSE 0 END), 0) AS assessment_size \
                     FROM evidence WHERE subject = $1",
                )
                .bind(subject)
                .bind(assessment)
                .fetch_one(&self.pool)
                .await?;
                Ok((row.try_get("subject_size")?, row.try_get("assessment_size")?))
            }

            async fn create_api_token(&self, name: &str, subject: &str, token_hash: &str, now: i64) -> Result<Id> {
                let row = sqlx::query(
                    "INSERT INTO api_tokens (name, subject, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(name)
                .bind(subject)
                .bind(token_hash)
                .bind(now)
                .fetch_one(&self.pool)
                .await
                .map_err(conflict("this token"))?;
                Ok(row.try_get("id")?)
            }

            async fn list_api_tokens(&self) -> Result<Vec<ApiToken>> {
                let rows = sqlx::query("SELECT id, name, subject, revoked, created_at FROM api_tokens ORDER BY id")
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(api_token).collect()
            }

            async fn api_token_by_hash(&self, token_hash: &str) -> Result<Option<ApiToken>> {
                let row =
                    sqlx::query("SELECT id, name, subject, revoked, created_at FROM api_tokens WHERE token_hash = $1")
                        .bind(token_hash)
                        .fetch_optional(&self.pool)
                        .await?;
                row.as_ref().map(api_token).transpose()
            }

            async fn revoke_api_token(&self, id: Id) -> Result<()> {
                let done = sqlx::query("UPDATE api_tokens SET revoked = $2 WHERE id = $1")
                    .bind(id)
                    .bind(true)
                    .execute(&self.pool)
                    .await?;
                found(done.rows_affected())
            }

            async fn add_deployments(&self, subject: &str, bodies: &[String], now: i64) -> Result<Vec<Id>> {
                let mut tx = self.begin_write().await?;
                let mut ids = Vec::with_capacity(bodies.len());
                for body in bodies {
                    let row = sqlx::query(
                        "INSERT INTO deployments (subject, body, created_at) VALUES ($1, $2, $3) RETURNING id",
                    )
                    .bind(subject)
                    .bind(body)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
                    ids.push(row.try_get("id")?);
                }
                tx.commit().await?;
                self.after_bulk_write().await;
                Ok(ids)
            }

            async fn deployments(&self, subject: &str, limit: i64) -> Result<Vec<Deployment>> {
                let rows = sqlx::query(
                    "SELECT id, subject, body, created_at FROM deployments WHERE subject = $1 ORDER BY id DESC LIMIT $2",
                )
                .bind(subject)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|row| {
                        Ok(Deployment {
                            id: row.try_get("id")?,
                            subject: row.try_get("subject")?,
                            body: row.try_get("body")?,
                            created_at: row.try_get("created_at")?,
                        })
                    })
                    .collect()
            }
        }
    };
}

pub(crate) use impl_store;
