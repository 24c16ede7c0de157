//! Groups of subjects and the accounts limited to them (docs/web.md, "Groups"): what a
//! group's name may be, and which subjects a logged-in account sees.
//!
//! An account limited to groups sees only the subjects in them; another subject's pages
//! answer 404, as an unknown one does, so a name is never confirmed to someone who may not see
//! it. Admins and accounts limited to no group see every subject. The check for every
//! `/assessments/{id}…` page is made once, where the session is read (`auth::CurrentUser`), so
//! a new page under that path cannot forget it.

use std::collections::BTreeSet;

use maturity_store::{Id, Role, User};

use crate::error::AppError;
use crate::limits;
use crate::state::AppState;

/// A group's name, trimmed; else what is wrong with it.
pub fn group_name(text: &str) -> Result<String, String> {
    let name = text.trim();
    if name.is_empty() {
        return Err("a group needs a name".to_string());
    }
    limits::at_most("a group's name", name, limits::GROUP)?;
    if name.chars().any(char::is_control) {
        return Err("a group's name is one line of text".to_string());
    }
    Ok(name.to_string())
}

/// Group names as given (form fields, CLI flags), checked, without repeats or blanks: an empty
/// list is "no group".
pub fn group_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Vec<String>, AppError> {
    let mut out: Vec<String> = Vec::new();
    for name in names.into_iter().filter(|n| !n.trim().is_empty()) {
        let name = group_name(name).map_err(AppError::BadRequest)?;
        if !out.contains(&name) {
            out.push(name);
        }
    }
    Ok(out)
}

/// The subjects an account sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every subject: an admin, or an account limited to no group.
    All,
    /// The subjects of the account's groups.
    Only(BTreeSet<String>),
}

impl Scope {
    pub fn sees(&self, subject: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Only(subjects) => subjects.contains(subject),
        }
    }

    /// 404 for a subject outside the scope, as for one that does not exist.
    pub fn check(&self, subject: &str) -> Result<(), AppError> {
        if self.sees(subject) {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    pub fn is_limited(&self) -> bool {
        matches!(self, Scope::Only(_))
    }
}

/// What `user` sees. Admins see everything even if limited, since they set the limits.
pub async fn scope_of(state: &AppState, user: &User) -> Result<Scope, AppError> {
    if user.role >= Role::Admin {
        return Ok(Scope::All);
    }
    Ok(match state.store.visible_subjects(user.id).await? {
        None => Scope::All,
        Some(subjects) => Scope::Only(subjects),
    })
}

/// The assessment id of an `/assessments/{id}…` path, for the check every such page gets.
pub fn assessment_in_path(path: &str) -> Option<Id> {
    path.strip_prefix("/assessments/")?
        .split('/')
        .next()?
        .parse()
        .ok()
}

/// 404 when the assessment of `path` (if it names one) is of a subject outside `scope`. An
/// unknown assessment passes, and its page answers 404 as before.
pub async fn check_path(state: &AppState, scope: &Scope, path: &str) -> Result<(), AppError> {
    if !scope.is_limited() {
        return Ok(());
    }
    let Some(id) = assessment_in_path(path) else {
        return Ok(());
    };
    match state.store.subject_of(id).await? {
        Some(subject) => scope.check(&subject),
        None => Ok(()),
    }
}

/// Before a limited account creates or imports an assessment of `subject`: a subject it sees
/// is fine; a subject nobody has used yet joins the account's groups, so its author keeps
/// seeing it; any other subject is someone else's and answers 404.
pub async fn claim_subject(
    state: &AppState,
    user: &User,
    scope: &Scope,
    subject: &str,
) -> Result<(), AppError> {
    if scope.sees(subject) {
        return Ok(());
    }
    let used = !state.store.assessments_by_subject(subject).await?.is_empty()
        || state.store.subject_groups().await?.contains_key(subject);
    if used {
        return Err(AppError::NotFound);
    }
    let groups = state.store.user_groups(user.id).await?;
    state.store.set_subject_groups(subject, &groups).await?;
    tracing::info!(user = ?user.name, ?subject, ?groups, "a new subject joined its author's groups");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_names_good_and_bad() {
        assert_eq!(group_name("  Payments ").as_deref(), Ok("Payments"));
        assert_eq!(group_name(" "), Err("a group needs a name".to_string()));
        assert_eq!(
            group_name(&"x".repeat(101)),
            Err("a group's name is longer than 100 characters".to_string())
        );
        assert!(group_name(&"ä".repeat(100)).is_ok());
        assert!(group_name("a\nb").is_err());
        let names = group_names(["b", "", "a", "b "]).expect("names");
        assert_eq!(names, ["b", "a"]);
    }

    #[test]
    fn paths_that_name_an_assessment() {
        for (path, id) in [
            ("/assessments/7", Some(7)),
            ("/assessments/7/report.json", Some(7)),
            ("/assessments/compare", None),
            ("/assessments/new", None),
            ("/assessments", None),
            ("/portfolio", None),
        ] {
            assert_eq!(assessment_in_path(path), id, "{path}");
        }
    }
}
