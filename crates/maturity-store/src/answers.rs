//! The row readers and write checks that the criterion answers and the DORA Quick Check
//! answers share (`answers`, `dora_answers`): reading a row, checking that a respondent may
//! still answer, and marking that they did. Expanded inside `common::impl_store` for each
//! backend, so it knows that macro's `Row` and imports; it holds no query of its own beyond
//! these.

/// Defines, for backend `$db`, the answer helpers `impl_store`'s methods use.
macro_rules! answer_helpers {
    ($db:ty) => {
        fn answer(row: &Row) -> Result<AnswerRecord> {
            Ok(AnswerRecord {
                criterion: row.try_get("criterion")?,
                level: level_from_db(row.try_get("level")?),
                comment: row.try_get("comment")?,
            })
        }

        fn dora_answer(row: &Row) -> Result<(String, Option<u8>)> {
            let value = crate::answers::dora_from_db(row.try_get("value")?)
                .map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))?;
            Ok((row.try_get("metric")?, value))
        }

        /// Checks inside `tx` that `respondent` may still answer: the invitation is not revoked
        /// and the assessment not closed. Returns the assessment.
        async fn open_for_answers(tx: &mut sqlx::Transaction<'static, $db>, respondent: Id) -> Result<Id> {
            let row = sqlx::query(
                "SELECT r.revoked, a.closed, a.id FROM respondents r \
                 JOIN assessments a ON a.id = r.assessment_id WHERE r.id = $1",
            )
            .bind(respondent)
            .fetch_optional(&mut **tx)
            .await?
            .ok_or(StoreError::NotFound)?;
            if row.try_get::<bool, _>("revoked")? {
                return Err(StoreError::Revoked);
            }
            if row.try_get::<bool, _>("closed")? {
                return Err(StoreError::Closed);
            }
            Ok(row.try_get("id")?)
        }

        /// Marks the respondent as having answered and the assessment as changed.
        async fn answered(
            tx: &mut sqlx::Transaction<'static, $db>,
            respondent: Id,
            assessment: Id,
            now: i64,
        ) -> Result<()> {
            sqlx::query("UPDATE respondents SET answered_at = $2 WHERE id = $1")
                .bind(respondent)
                .bind(now)
                .execute(&mut **tx)
                .await?;
            sqlx::query("UPDATE assessments SET revision = revision + 1 WHERE id = $1")
                .bind(assessment)
                .execute(&mut **tx)
                .await?;
            Ok(())
        }
    };
}

pub(crate) use answer_helpers;

/// How `dora_answers.value` keeps "don't know": -1, as DORA's own code encodes it.
const DONT_KNOW: i16 = -1;

/// A Quick Check answer as stored: its value, or -1 for "don't know".
pub(crate) fn dora_to_db(value: Option<u8>) -> i16 {
    value.map_or(DONT_KNOW, i16::from)
}

/// A stored Quick Check answer; the table's CHECK keeps values in -1..=100.
pub(crate) fn dora_from_db(value: i16) -> std::result::Result<Option<u8>, std::num::TryFromIntError> {
    if value == DONT_KNOW {
        Ok(None)
    } else {
        u8::try_from(value).map(Some)
    }
}
