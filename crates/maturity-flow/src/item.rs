//! A work item as flow metrics see it, and the workflow its dates belong to.

use crate::day::Day;

/// One work item, read and checked: `started` and `done` follow from its entered dates by the
/// workflow's stage mapping, and `done` is never before `started` or `created`. Its id, the
/// stage it is in and its entered dates are kept by the [`Read`](crate::Read) it comes from
/// (`read.id(item)`, `read.stage(item)`, `read.entered(item)`): a million items hold no text
/// of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkItem {
    pub created: Option<Day>,
    pub started: Option<Day>,
    pub done: Option<Day>,
    /// The 1-based line its row or object starts on.
    pub line: u32,
    id_at: u32,
    id_len: u32,
    stage: u32,
    row: u32,
}

impl WorkItem {
    pub(crate) fn new(id_at: u32, id_len: u32, stage: u32, row: u32, line: usize) -> Self {
        Self {
            created: None,
            started: None,
            done: None,
            line: u32::try_from(line).unwrap_or(u32::MAX),
            id_at,
            id_len,
            stage,
            row,
        }
    }

    pub(crate) fn id_span(&self) -> (usize, usize) {
        (self.id_at as usize, self.id_len as usize)
    }

    pub(crate) fn stage_number(&self) -> usize {
        self.stage as usize
    }

    pub(crate) fn row(&self) -> usize {
        self.row as usize
    }

    /// Refers to the same id, dates and stage after its pool was appended to another.
    pub(crate) fn move_by(&mut self, ids: u32, rows: u32, stage: u32) {
        self.id_at += ids;
        self.row += rows;
        self.stage = stage;
    }
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
    pub(crate) fn settle(&self, item: &mut WorkItem, entered: &[Option<Day>]) -> Result<(), String> {
        let earliest_from = |from: usize| entered.iter().skip(from).flatten().min().copied();
        // The first stage is creation; an item without that date was created when first seen.
        item.created = entered.first().copied().flatten().or_else(|| earliest_from(0));
        item.started = earliest_from(self.started);
        item.done = earliest_from(self.done);
        if let Some(done) = item.done {
            if let Some(created) = item.created
                && created > done
            {
                return Err(format!("done on {done} before it was created on {created}"));
            }
            if let Some(Some(entered)) = entered.get(self.started)
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
