//! What lets an assessor see a respondent's survey link again: a random nonce per link, from
//! which the web app derives the link's token with a key only the server holds (docs/web.md,
//! "Survey links"). The database keeps the nonce and the token's hash, never the token, so a
//! copy of the database alone opens no survey. Apart from `Store`'s main body, as `groups` is.

use crate::error::Result;
use crate::records::Id;

/// The nonce a link was derived from, with the hash the store looks the link up by, so the
/// caller can check that what it derives is the link in use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkNonce {
    pub nonce: String,
    pub token_hash: String,
}

#[async_trait::async_trait]
pub trait SurveyLinks: Send + Sync {
    /// Records (`Some`) or forgets (`None`) the nonce of a respondent's current link.
    /// `NotFound` for a respondent not of this assessment.
    async fn set_link_nonce(&self, assessment: Id, respondent: Id, nonce: Option<&str>) -> Result<()>;
    /// The nonce of an invited respondent's link, if one was recorded. `None` for an imported
    /// respondent, one invited before nonces were kept, or one of another assessment.
    async fn link_nonce(&self, assessment: Id, respondent: Id) -> Result<Option<LinkNonce>>;
}

/// Implements `SurveyLinks` for `$store`, as `impl_groups!` does `Groups`.
macro_rules! impl_links {
    ($store:ty, $db:ty) => {
        const _: () = {
            use sqlx::Row as _;

            use crate::error::{Result, StoreError};
            use crate::links::{LinkNonce, SurveyLinks};
            use crate::records::Id;

            #[async_trait::async_trait]
            impl SurveyLinks for $store {
                async fn set_link_nonce(
                    &self,
                    assessment: Id,
                    respondent: Id,
                    nonce: Option<&str>,
                ) -> Result<()> {
                    let mut tx = self.begin_write().await?;
                    sqlx::query("SELECT id FROM respondents WHERE id = $1 AND assessment_id = $2")
                        .bind(respondent)
                        .bind(assessment)
                        .fetch_optional(&mut *tx)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    match nonce {
                        Some(nonce) => sqlx::query(
                            "INSERT INTO survey_link_nonces (respondent_id, nonce) VALUES ($1, $2) \
                             ON CONFLICT (respondent_id) DO UPDATE SET nonce = excluded.nonce",
                        )
                        .bind(respondent)
                        .bind(nonce),
                        None => sqlx::query("DELETE FROM survey_link_nonces WHERE respondent_id = $1")
                            .bind(respondent),
                    }
                    .execute(&mut *tx)
                    .await?;
                    tx.commit().await?;
                    Ok(())
                }

                async fn link_nonce(&self, assessment: Id, respondent: Id) -> Result<Option<LinkNonce>> {
                    let row = sqlx::query(
                        "SELECT n.nonce, r.token_hash FROM respondents r \
                         JOIN survey_link_nonces n ON n.respondent_id = r.id \
                         WHERE r.id = $1 AND r.assessment_id = $2 AND r.token_hash IS NOT NULL",
                    )
                    .bind(respondent)
                    .bind(assessment)
                    .fetch_optional(&self.pool)
                    .await?;
                    row.map(|row| {
                        Ok(LinkNonce {
                            nonce: row.try_get("nonce")?,
                            token_hash: row.try_get("token_hash")?,
                        })
                    })
                    .transpose()
                }
            }
        };
    };
}

pub(crate) use impl_links;
