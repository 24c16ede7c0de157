//! Why a store call failed: one error type for both databases, keeping the driver's error as
//! its source.

/// Why a store call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A unique name is already taken (a user name, a respondent in one assessment).
    #[error("{0} already exists")]
    Conflict(String),
    /// The record to change does not exist.
    #[error("not found")]
    NotFound,
    /// The assessment is closed: its answers can no longer change.
    #[error("the assessment is closed")]
    Closed,
    /// The invitation was revoked: its token no longer writes.
    #[error("the invitation was revoked")]
    Revoked,
    /// A name that is no group of subjects.
    #[error("there is no group `{0}`")]
    UnknownGroup(String),
    /// The group cannot go while accounts are limited to it.
    #[error("accounts are limited to the group `{0}`")]
    GroupInUse(String),
    #[error("the database URL `{0}` is neither sqlite://PATH nor postgres://…")]
    BadUrl(String),
    #[error("database error")]
    Database(#[from] sqlx::Error),
    #[error("migration failed")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
