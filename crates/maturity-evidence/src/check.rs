//! What a check is: one true/false question about a repository, the criteria its answer
//! informs, what to do when the answer is no, and a pure function from raw evidence to
//! findings (STYLE habit 7). The registry in `checks` lists them all.

use serde::Serialize;

use crate::finding::Finding;
use crate::raw::RawEvidence;

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Check {
    /// Stable kebab-case id, used in findings, SARIF rule ids and level rules.
    pub id: &'static str,
    /// The question, answerable with yes (pass) or no (fail).
    pub question: &'static str,
    /// Qualified criterion ids (`automation.quality-gates`) the answer informs.
    pub criteria: &'static [&'static str],
    /// What to do when the answer is no.
    pub remediation: &'static str,
    /// Judges raw evidence. Returns no finding when the question does not apply (no CI to
    /// look into, no code at all).
    #[serde(skip)]
    pub run: fn(&RawEvidence) -> Vec<Finding>,
}
