//! How much people may send: the length of what they type (one set of limits for the forms
//! and for imports, so a value refused on a page cannot come in through an archive instead),
//! and how much evidence is kept per assessment and per subject.

use maturity_store::{Id, NewAssessment};

use crate::error::AppError;
use crate::state::AppState;

/// A subject (team or product), an assessor's name.
pub const SUBJECT: usize = 200;
/// A respondent's name or pseudonym.
pub const RESPONDENT: usize = 200;
/// A respondent's role.
pub const ROLE: usize = 100;
/// An answer's comment.
pub const COMMENT: usize = 4000;
/// An assessor's observation, and the area id it is about.
pub const OBSERVATION: usize = 20_000;
pub const AREA: usize = 200;
/// A group of subjects' name.
pub const GROUP: usize = 100;

/// `value` named `what`, if it is at most `max` characters; else what to tell the user.
pub fn at_most(what: &str, value: &str, max: usize) -> Result<(), String> {
    if value.chars().count() > max {
        Err(format!("{what} is longer than {max} characters"))
    } else {
        Ok(())
    }
}

/// Every typed value of an assessment to store, against the forms' limits.
pub fn check(new: &NewAssessment) -> Result<(), String> {
    at_most("`subject`", &new.subject, SUBJECT)?;
    if let Some(assessor) = &new.assessor {
        at_most("`assessor`", assessor, SUBJECT)?;
    }
    for o in &new.observations {
        at_most("an observation's area", &o.area, AREA)?;
        at_most("an observation", &o.text, OBSERVATION)?;
    }
    for r in &new.respondents {
        at_most("a respondent's name", &r.name, RESPONDENT)?;
        at_most(&format!("the role of {}", r.name), &r.role, ROLE)?;
        for comment in r.answers.iter().filter_map(|a| a.comment.as_deref()) {
            at_most(&format!("a comment of {}", r.name), comment, COMMENT)?;
        }
    }
    Ok(())
}

/// Whether `size` more characters of evidence for `subject` (attached to `assessment`) stay
/// within the server's quotas; a 413 that says which quota, and what to do, if not.
pub async fn within_quota(
    state: &AppState,
    subject: &str,
    assessment: Option<Id>,
    size: usize,
) -> Result<(), AppError> {
    let (for_subject, for_assessment) = state.store.evidence_size(subject, assessment).await?;
    let size = i64::try_from(size).unwrap_or(i64::MAX);
    let quota = state.config.quota;
    let over = |kept: i64, limit: i64| kept.saturating_add(size) > limit;
    // Without an assessment (a new one, or subject-wide evidence) the upload alone must fit.
    if over(for_assessment, quota.per_assessment) {
        return Err(AppError::OverLimit(format!(
            "this assessment keeps {for_assessment} characters of evidence and may keep {}: \
             delete old evidence or attach this to a new assessment",
            quota.per_assessment
        )));
    }
    if over(for_subject, quota.per_subject) {
        return Err(AppError::OverLimit(format!(
            "`{subject}` keeps {for_subject} characters of evidence and may keep {}: delete old \
             evidence first",
            quota.per_subject
        )));
    }
    Ok(())
}
