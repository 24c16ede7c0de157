//! GitHub Issues as `gh issue list --json number,title,state,createdAt,closedAt,labels` writes
//! them: a JSON array of objects. The workflow is `Open`, `Closed`; an issue starts when it is
//! opened (GitHub keeps no start), so its cycle time is its lead time.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{LineCounter, Parsed, Problem, date_cell};
use crate::item::{Stages, Workflow};
use crate::pool::Pool;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Issue {
    number: u64,
    #[serde(default)]
    state: String,
    created_at: String,
    #[serde(default)]
    closed_at: Option<String>,
}

pub(crate) fn read(text: &str, mapping: &Stages) -> Result<Parsed, Problem> {
    let values: Vec<&RawValue> = serde_json::from_str(text).map_err(|e| {
        Problem::at(
            e.line().max(1),
            if e.is_data() {
                format!("not a `gh issue list --json` array: {e}")
            } else {
                format!("not JSON: {e}")
            },
        )
    })?;
    let workflow = Workflow::new(vec!["Open".to_string(), "Closed".to_string()], mapping);
    let mut items = Vec::with_capacity(values.len());
    let mut pool = Pool::new(workflow.stages.len(), values.len());
    let mut problems = Vec::new();
    let mut lines = LineCounter::new(text);
    for value in values {
        let line = lines.line_at(offset_in(text, value.get()));
        let issue: Issue = match serde_json::from_str(value.get()) {
            Ok(issue) => issue,
            Err(e) => {
                problems.push(Problem::at(
                    line + e.line().saturating_sub(1),
                    format!("not an issue: {e}"),
                ));
                continue;
            }
        };
        let id = format!("#{}", issue.number);
        let created = date_cell(&issue.created_at, "createdAt");
        // `gh` writes a zero time for an issue that never closed.
        let closed_at = issue
            .closed_at
            .filter(|c| !c.trim().is_empty() && !c.starts_with("0001-01-01"))
            .unwrap_or_default();
        let closed = date_cell(&closed_at, "closedAt");
        let state = issue.state.trim().to_string();
        let problem = match (&created, &closed) {
            (Err(e), _) | (_, Err(e)) => Some(e.clone()),
            (Ok(None), _) => Some("createdAt is empty".to_string()),
            (Ok(_), Ok(None)) if state.eq_ignore_ascii_case("closed") => {
                Some("state CLOSED but no closedAt".to_string())
            }
            _ => None,
        };
        if let Some(problem) = problem {
            problems.push(Problem::at(line, format!("item `{id}`: {problem}")));
            continue;
        }
        let stage = pool.name(&state);
        match pool.add(&id, stage, &[created.ok().flatten(), closed.ok().flatten()], line) {
            Ok(item) => items.push(item),
            Err(error) => problems.push(Problem::at(line, error)),
        }
    }
    Ok((workflow, items, pool, problems))
}

/// Where `part`, a slice of `text`, starts in it.
fn offset_in(text: &str, part: &str) -> usize {
    (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize)
}
