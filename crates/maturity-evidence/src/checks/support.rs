//! What the checks share: whether a question applies to the tree at all, and turning raw
//! facts into pass findings, capped, or one fail when there are none.

use crate::finding::Finding;
use crate::raw::{MarkerKind, PathFact, RawEvidence, StepKind};

/// At most this many pass findings per check: enough to prove the point and to show
/// variety, few enough to keep a report of a monorepo readable.
const MAX_PASSES: usize = 8;

/// Whether the tree is a software project at all (code or a manifest), so absence of a
/// practice means something.
pub(crate) fn has_code(raw: &RawEvidence) -> bool {
    raw.code
        .values()
        .any(|stats| stats.sources > 0 || stats.test_files() > 0)
        || !raw.manifests.is_empty()
}

pub(crate) fn has_ci(raw: &RawEvidence) -> bool {
    !raw.ci.is_empty()
}

/// Sorted, de-duplicated and capped pass findings; a fail with `message` when there are
/// none and the check applies.
pub(crate) fn conclude(id: &str, mut passes: Vec<Finding>, applies: bool, message: &str) -> Vec<Finding> {
    passes.sort_by(|a, b| (&a.file, a.line, &a.message).cmp(&(&b.file, b.line, &b.message)));
    // One finding per place: two reasons for the same file and line prove no more than one.
    passes.dedup_by(|a, b| a.file == b.file && a.line == b.line);
    passes.truncate(MAX_PASSES);
    if passes.is_empty() && applies {
        vec![Finding::fail(id, message)]
    } else {
        passes
    }
}

pub(crate) fn from_paths(id: &str, facts: &[PathFact], what: &str) -> Vec<Finding> {
    facts
        .iter()
        .map(|fact| Finding::pass(id, &fact.path, fact.line, format!("{what}: {}", fact.label)))
        .collect()
}

pub(crate) fn from_markers(id: &str, raw: &RawEvidence, kind: MarkerKind) -> Vec<Finding> {
    raw.markers_of(kind)
        .map(|m| Finding::pass(id, &m.path, m.line, m.detail.clone()))
        .collect()
}

pub(crate) fn from_steps(id: &str, raw: &RawEvidence, kind: StepKind, what: &str) -> Vec<Finding> {
    raw.ci_steps(kind)
        .map(|(ci, step)| {
            let job = step
                .job
                .as_deref()
                .map(|job| format!(" in job `{job}`"))
                .unwrap_or_default();
            Finding::pass(id, &ci.path, step.line, format!("{what}{job}: `{}`", step.text))
        })
        .collect()
}

pub(crate) fn from_deps(id: &str, raw: &RawEvidence, patterns: &[&str], what: &str) -> Vec<Finding> {
    raw.dependencies_matching(patterns)
        .map(|(manifest, dep)| {
            Finding::pass(
                id,
                &manifest.path,
                dep.line,
                format!("{what}: depends on `{}`", dep.name),
            )
        })
        .collect()
}
