//! What a check is: one true/false question about a repository, what to do when the answer
//! is no, and a pure function from raw evidence to findings, so each check can be read and
//! tested on its own. The registry in `checks` lists them all.
//!
//! A check does not declare the criteria it informs: they are the criteria whose level rules
//! read it ([`Check::criteria`]), so the documentation, `maturity checks` and the observed
//! levels cannot disagree. A check no rule reads says why instead.

use crate::finding::Finding;
use crate::levels;
use crate::raw::RawEvidence;

#[derive(Debug, Clone, Copy)]
pub struct Check {
    /// Stable kebab-case id, used in findings, SARIF rule ids and level rules.
    pub id: &'static str,
    /// The question, answerable with yes (pass) or no (fail).
    pub question: &'static str,
    /// Why no level rule reads this check, so its findings are shown but move no level;
    /// `None` for a check that [`levels::RULES`] reads. A test in `checks` fails when this
    /// and the rules disagree.
    pub informs_no_level: Option<&'static str>,
    /// What to do when the answer is no.
    pub remediation: &'static str,
    /// Judges raw evidence. Returns no finding when the question does not apply (no CI to
    /// look into, no code at all).
    pub run: fn(&RawEvidence) -> Vec<Finding>,
}

impl Check {
    /// Qualified criterion ids (`automation.quality-gates`) whose level rules read this
    /// check, in rule order.
    pub fn criteria(&self) -> Vec<&'static str> {
        levels::criteria_informed_by(self.id)
    }
}
