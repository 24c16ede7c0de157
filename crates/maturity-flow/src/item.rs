//! A work item as flow metrics see it, and the workflow its dates belong to.

use std::sync::Arc;

use crate::day::Day;

/// One work item, read and checked: `started` and `done` follow from `entered` by the
/// workflow's stage mapping, and `done` is never before `started` or `created`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkItem {
    /// As the tracker names it: `ABC-123`, `4711`, `#42`.
    pub id: Box<str>,
    /// The stage it is in now, as the export says (Jira's Status, Azure's State, GitHub's state,
    /// or the last stage column with a date). Shared: a million items in a handful of stages
    /// hold a handful of names.
    pub stage: Arc<str>,
    pub created: Option<Day>,
    /// The day it entered each stage of its file's workflow, by stage; `None` where it has no
    /// date for that stage.
    pub entered: Box<[Option<Day>]>,
    pub started: Option<Day>,
    pub done: Option<Day>,
    /// The 1-based line its row or object starts on (four bytes: a million items hold it).
    pub line: u32,
}

/// The ordered stages of an export, and which of them mean started and done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workflow {
    pub stages: Vec<String>,
    /// The first stage that counts as started; later stages count too.
    pub started: usize,
    /// The first stage that counts as done; later stages count too.
    pub done: usize,
}

impl Workflow {
    /// The defaults (docs/flow.md): done is the last stage; started is the second stage when
    /// there are three or more (the first is a backlog), else the first, so an item of a
    /// two-stage workflow (open, closed) starts when it is created. `stages` maps them by name
    /// where it names a stage of this workflow.
    pub fn new(stages: Vec<String>, mapping: &Stages) -> Self {
        let find = |name: &Option<String>| {
            name.as_ref()
                .and_then(|n| stages.iter().position(|s| s.eq_ignore_ascii_case(n.trim())))
        };
        let last = stages.len().saturating_sub(1);
        let done = find(&mapping.done).unwrap_or(last);
        let default_start = if stages.len() >= 3 { 1 } else { 0 };
        let started = find(&mapping.started).unwrap_or(default_start).min(done);
        Self {
            stages,
            started,
            done,
        }
    }

    /// Fills `item`'s created, started and done from its `entered` dates, or says why they do
    /// not fit together. Started and done are the earliest dates of their stage or any later
    /// one, so an item that skipped a stage still counts.
    pub(crate) fn settle(&self, item: &mut WorkItem) -> Result<(), String> {
        let earliest_from = |from: usize| item.entered.iter().skip(from).flatten().min().copied();
        // The first stage is creation; an item without that date was created when first seen.
        item.created = item
            .entered
            .first()
            .copied()
            .flatten()
            .or_else(|| earliest_from(0));
        item.started = earliest_from(self.started);
        item.done = earliest_from(self.done);
        if let Some(done) = item.done {
            if let Some(created) = item.created
                && created > done
            {
                return Err(format!("done on {done} before it was created on {created}"));
            }
            if let Some(Some(entered)) = item.entered.get(self.started)
                && *entered > done
                && self.started < self.done
            {
                return Err(format!(
                    "done on {done} before it started ({} on {entered})",
                    self.stages[self.started]
                ));
            }
        }
        Ok(())
    }
}

/// Which stages mean started and done when the defaults do not fit: the `[flow]` table of
/// `maturity.toml` (`started = "In Progress"`, `done = "Done"`), matched to stage names without
/// regard to case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stages {
    pub started: Option<String>,
    pub done: Option<String>,
}
