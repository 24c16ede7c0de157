//! The one trait both databases implement: everything the web app reads and writes.

use crate::error::Result;
use crate::groups::Groups;
use crate::links::SurveyLinks;
use crate::records::*;

/// Everything the web app reads and writes (groups of subjects in `Groups`, survey link nonces in `SurveyLinks`). Every method is one transaction: a call that
/// returns `Ok` has committed, so an acknowledged write survives a crash of the server.
#[async_trait::async_trait]
pub trait Store: Groups + SurveyLinks + Send + Sync + 'static {
    /// A cheap query that proves the database answers.
    async fn health(&self) -> Result<()>;

    // Users and sessions.
    async fn create_user(&self, name: &str, role: Role, password_hash: &str, now: i64) -> Result<Id>;
    async fn user_by_name(&self, name: &str) -> Result<Option<User>>;
    async fn list_users(&self) -> Result<Vec<User>>;
    async fn set_password(&self, user: Id, password_hash: &str) -> Result<()>;
    /// Deletes a user and their sessions.
    async fn delete_user(&self, user: Id) -> Result<()>;
    async fn create_session(&self, id_hash: &str, user: Id, now: i64, expires_at: i64) -> Result<()>;
    /// The user of a session that has not expired at `now`.
    async fn session_user(&self, id_hash: &str, now: i64) -> Result<Option<User>>;
    async fn delete_session(&self, id_hash: &str) -> Result<()>;
    /// Records a failed log-in under `key` and forgets failures older than `forget_before`.
    async fn record_login_failure(&self, key: &str, now: i64, forget_before: i64) -> Result<()>;
    /// The failed log-ins under `key` since `since`: how many, and when the last was.
    async fn login_failures(&self, key: &str, since: i64) -> Result<LoginFailures>;
    async fn clear_login_failures(&self, key: &str) -> Result<()>;

    // Assessments.
    async fn create_assessment(&self, new: &NewAssessment, now: i64) -> Result<Id>;
    /// All assessments, newest first.
    async fn list_assessments(&self) -> Result<Vec<AssessmentSummary>>;
    /// The assessments of one subject, oldest first (by date, then creation).
    async fn assessments_by_subject(&self, subject: &str) -> Result<Vec<AssessmentSummary>>;
    /// Every subject with an assessment, each once, in no particular order (collations differ
    /// between databases; callers sort).
    async fn subjects(&self) -> Result<Vec<String>>;
    /// Each subject's `per_subject` latest assessments, in the order of
    /// `assessments_by_subject` (oldest first) within a subject: what the portfolio shows of
    /// every subject, in one query.
    async fn latest_assessments(&self, per_subject: i64) -> Result<Vec<AssessmentSummary>>;
    /// The id of each subject's newest stored delivery event, for the subjects that have any:
    /// whether a cached report of the subject still counts every event, for all subjects in
    /// one query.
    async fn newest_events(&self) -> Result<std::collections::HashMap<String, Id>>;
    async fn assessment(&self, id: Id) -> Result<Option<AssessmentRecord>>;
    /// The assessment's revision, bumped by every change to it, so readers can cache.
    async fn revision(&self, id: Id) -> Result<Option<i64>>;
    async fn set_closed(&self, id: Id, closed: bool) -> Result<()>;
    /// Deletes an assessment with everything it holds: respondents, their answers and links,
    /// observations, source files and the evidence attached to it (evidence pushed for its
    /// subject without an assessment stays). `NotFound` for an unknown id.
    async fn delete_assessment(&self, id: Id) -> Result<()>;
    /// Replaces the assessment's `[evidence]`/`[roadmap]` text (the assessor's plan decisions).
    async fn set_settings(&self, id: Id, settings: &str) -> Result<()>;
    async fn add_observation(&self, assessment: Id, area: &str, text: &str) -> Result<Id>;
    async fn update_observation(&self, assessment: Id, observation: Id, area: &str, text: &str)
    -> Result<()>;
    async fn delete_observation(&self, assessment: Id, observation: Id) -> Result<()>;

    // Survey invitations and answers.
    async fn create_invitation(
        &self,
        assessment: Id,
        name: &str,
        role: &str,
        token_hash: &str,
        now: i64,
    ) -> Result<Id>;
    /// Invites several respondents at once: all of them, or (on any error, a name already
    /// taken say) none. Returns their ids in order.
    async fn create_invitations(&self, assessment: Id, new: &[NewInvitation], now: i64) -> Result<Vec<Id>>;
    /// Gives an invited respondent a new link: the old one stops working, a revoked one is
    /// active again, and the answers stay. `NotFound` for an imported respondent (no link).
    async fn rotate_invitation(&self, assessment: Id, respondent: Id, token_hash: &str) -> Result<()>;
    async fn revoke_invitation(&self, assessment: Id, respondent: Id) -> Result<()>;
    /// The invitation a survey token opens, revoked or not.
    async fn invitation_by_token(&self, token_hash: &str) -> Result<Option<Invitation>>;
    async fn answers(&self, respondent: Id) -> Result<Vec<AnswerRecord>>;
    /// Upserts answers of one respondent; refuses when the assessment is closed or the
    /// invitation revoked. An answer with neither level nor comment is kept as "don't know".
    async fn save_answers(&self, respondent: Id, answers: &[AnswerRecord], now: i64) -> Result<()>;
    /// A respondent's DORA Quick Check answers, by metric key.
    async fn dora_answers(&self, respondent: Id) -> Result<DoraAnswers>;
    /// Sets Quick Check answers of one respondent, a value (`Some`) or "don't know" (`None`),
    /// refused as `save_answers` is. Values are checked against their scales by the caller.
    async fn save_dora_answers(
        &self,
        respondent: Id,
        answers: &[(String, Option<u8>)],
        now: i64,
    ) -> Result<()>;

    // Evidence, API tokens and deployment events.
    async fn add_evidence(&self, new: &NewEvidence, now: i64) -> Result<Id>;
    /// Evidence attached to the assessment, or pushed for its subject without one.
    async fn evidence_for(&self, subject: &str, assessment: Id) -> Result<Vec<EvidenceRecord>>;
    /// The size (characters of body) of the evidence kept for `subject`, and of that attached
    /// to `assessment`: what storage quotas are checked against.
    async fn evidence_size(&self, subject: &str, assessment: Option<Id>) -> Result<(i64, i64)>;
    async fn create_api_token(&self, name: &str, subject: &str, token_hash: &str, now: i64) -> Result<Id>;
    async fn list_api_tokens(&self) -> Result<Vec<ApiToken>>;
    async fn api_token_by_hash(&self, token_hash: &str) -> Result<Option<ApiToken>>;
    async fn revoke_api_token(&self, id: Id) -> Result<()>;
    async fn add_deployments(&self, subject: &str, bodies: &[String], now: i64) -> Result<Vec<Id>>;
    /// The latest deployment events of a subject, newest first.
    async fn deployments(&self, subject: &str, limit: i64) -> Result<Vec<Deployment>>;
}
