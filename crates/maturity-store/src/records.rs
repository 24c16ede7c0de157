//! The plain records the store reads and writes. They carry no behaviour beyond naming their
//! values; validation (criterion ids, levels, areas) is the caller's, done with the model crate.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// A row id.
pub type Id = i64;

/// What a user may do. Ordered: each role may do everything the roles before it may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads assessments and their results.
    Viewer,
    /// Also creates and runs assessments.
    Assessor,
    /// Also manages users and API tokens.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Assessor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Assessor => "assessor",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "viewer" => Ok(Role::Viewer),
            "assessor" => Ok(Role::Assessor),
            "admin" => Ok(Role::Admin),
            other => Err(format!("unknown role `{other}`; use admin, assessor or viewer")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: Id,
    pub name: String,
    pub role: Role,
    #[serde(skip)]
    pub password_hash: String,
    pub created_at: i64,
}

/// A model or benchmark file an imported assessment brought with it, kept as text so an
/// export writes it back unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceFile {
    pub kind: FileKind,
    /// The path `maturity.toml` names it by, relative to the assessment directory.
    pub name: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Model,
    Benchmark,
}

impl FileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Model => "model",
            FileKind::Benchmark => "benchmark",
        }
    }

    fn parse(s: &str) -> FileKind {
        if s == "benchmark" {
            FileKind::Benchmark
        } else {
            FileKind::Model
        }
    }
}

/// DORA Quick Check answers by metric key: a step 1..=6 or a percentage 0..=100, `None` for an
/// answered "don't know" (a metric left out was not answered at all).
pub type DoraAnswers = std::collections::BTreeMap<String, Option<u8>>;

/// One answer of one respondent. Neither level nor comment means "don't know".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerRecord {
    pub criterion: String,
    pub level: Option<u8>,
    pub comment: Option<String>,
}

/// A respondent brought in by an import: no invitation, answers already given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRespondent {
    pub name: String,
    pub role: String,
    pub site: Option<String>,
    pub answers: Vec<AnswerRecord>,
    /// DORA Quick Check answers, by metric key.
    pub dora: DoraAnswers,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewObservation {
    pub area: String,
    pub text: String,
}

/// An assessment to create, empty or imported whole.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewAssessment {
    pub subject: String,
    pub date: Option<String>,
    pub assessor: Option<String>,
    pub models: Vec<String>,
    pub benchmark: Option<String>,
    /// The `[evidence]` and `[roadmap]` tables of `maturity.toml`, as TOML text.
    pub settings: String,
    pub files: Vec<SourceFile>,
    pub observations: Vec<NewObservation>,
    pub respondents: Vec<NewRespondent>,
    /// Saved evidence the imported directory named in `[evidence]`, stored with the assessment
    /// in one transaction (source [`IMPORTED_EVIDENCE`]).
    pub evidence: Vec<ImportedEvidence>,
}

/// Failed log-ins under one key within a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoginFailures {
    pub count: i64,
    /// When the last one was, in seconds since 1970.
    pub last: Option<i64>,
}

/// The `source` of evidence stored with an imported assessment; its name is its path in the
/// imported directory.
pub const IMPORTED_EVIDENCE: &str = "import";

/// One saved evidence file of an imported assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedEvidence {
    /// The evidence source's kind: `scan`, `metrics`.
    pub kind: String,
    /// The file's path in the imported directory, which its export keeps.
    pub name: String,
    /// JSON text, kept as it came.
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssessmentSummary {
    pub id: Id,
    pub subject: String,
    pub date: Option<String>,
    pub assessor: Option<String>,
    pub models: Vec<String>,
    pub benchmark: Option<String>,
    pub closed: bool,
    pub revision: i64,
    pub created_at: i64,
    pub respondents: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObservationRecord {
    pub id: Id,
    pub area: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RespondentRecord {
    pub id: Id,
    pub name: String,
    pub role: String,
    /// Where they work, when their imported response said.
    pub site: Option<String>,
    /// Whether the respondent came through a survey link (rather than an import).
    pub invited: bool,
    pub revoked: bool,
    pub created_at: i64,
    /// When they last saved an answer.
    pub answered_at: Option<i64>,
    pub answers: Vec<AnswerRecord>,
    /// DORA Quick Check answers, by metric key.
    pub dora: DoraAnswers,
}

/// An assessment with everything in it, in a stable order: files and observations as added,
/// respondents by id, answers by criterion id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssessmentRecord {
    pub summary: AssessmentSummary,
    /// The `[evidence]` and `[roadmap]` tables of `maturity.toml`, as TOML text.
    pub settings: String,
    pub files: Vec<SourceFile>,
    pub observations: Vec<ObservationRecord>,
    pub respondents: Vec<RespondentRecord>,
}

/// A respondent to invite: a survey link's hash, never the link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInvitation {
    pub name: String,
    pub role: String,
    pub site: Option<String>,
    pub token_hash: String,
}

/// What a survey token opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Invitation {
    pub respondent: Id,
    pub assessment: Id,
    pub name: String,
    pub role: String,
    pub revoked: bool,
    pub closed: bool,
    /// The subject of the assessment, for the survey's title.
    pub subject: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvidence {
    pub subject: String,
    pub assessment: Option<Id>,
    /// `scan`, `metrics`, or another kind the caller names.
    pub kind: String,
    pub name: String,
    /// `upload` or `api`.
    pub source: String,
    /// JSON text, kept as it came.
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceRecord {
    pub id: Id,
    pub subject: String,
    pub assessment: Option<Id>,
    pub kind: String,
    pub name: String,
    pub source: String,
    pub body: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    pub id: Id,
    pub name: String,
    pub subject: String,
    pub revoked: bool,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deployment {
    pub id: Id,
    pub subject: String,
    pub body: String,
    pub created_at: i64,
}

/// Splits the stored comma-separated model list.
pub(crate) fn split_models(models: &str) -> Vec<String> {
    models
        .split(',')
        .filter(|m| !m.is_empty())
        .map(str::to_string)
        .collect()
}

pub(crate) fn file_kind(kind: &str) -> FileKind {
    FileKind::parse(kind)
}

/// A level read back from the database, which the schema limits to 1..=4.
pub(crate) fn level_from_db(level: Option<i16>) -> Option<u8> {
    level.and_then(|l| u8::try_from(l).ok())
}

pub(crate) fn role_from_db(role: &str) -> Role {
    // The schema's CHECK constraint admits only the three names; anything else reads as the
    // least privileged role rather than failing the whole request.
    role.parse().unwrap_or(Role::Viewer)
}
