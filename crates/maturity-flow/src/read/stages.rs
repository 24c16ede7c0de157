//! The stage-column format ActionableAgile reads: `ID`, then optionally `Link` and `Title`
//! (or `Name`), then one column per workflow stage in order, each holding the day the item
//! entered that stage.

use std::sync::Arc;

use super::csv_rows::Rows;
use super::{Parsed, Problem, date_cell, item_line};
use crate::item::{Stages, WorkItem, Workflow};

/// What one thread reads: its items, its bad rows, and its own stage names (and the empty one).
type Part = (Vec<WorkItem>, Vec<Problem>, (Vec<Arc<str>>, Arc<str>));

const NOT_STAGES: [&str; 4] = ["id", "link", "title", "name"];

pub(crate) fn read(rows: &mut Rows, mapping: &Stages) -> Result<Parsed, Problem> {
    let first_stage = rows
        .headers
        .iter()
        .take(NOT_STAGES.len())
        .take_while(|h| NOT_STAGES.iter().any(|n| h.eq_ignore_ascii_case(n)))
        .count();
    let stages: Vec<String> = rows.headers[first_stage..].to_vec();
    if stages.len() < 2 {
        return Err(Problem::file(format!(
            "stage columns CSV with {} stage column(s): `ID, Title, <stage 1>, <stage 2>, …` needs at least two",
            stages.len()
        )));
    }
    if let Some(blank) = stages.iter().position(|s| s.is_empty()) {
        return Err(Problem::file(format!(
            "stage column {} has no name",
            first_stage + blank + 1
        )));
    }
    let workflow = Workflow::new(stages.clone(), mapping);
    // Each item's stage is one of these names, shared rather than copied; each thread has its
    // own, so that counting the shares does not bounce one cache line between the cores.
    let names = || -> (Vec<Arc<str>>, Arc<str>) {
        (
            stages.iter().map(|s| Arc::from(s.as_str())).collect(),
            Arc::from(""),
        )
    };
    let hint = rows.rows_hint();
    let (parts, csv_problems) = rows.each_split(
        // The first part has room for all, so that the second's items join it without the
        // whole list being copied to a bigger one.
        |part| {
            let room = if part == 0 { hint + 1 } else { hint / 2 + 1 };
            (Vec::with_capacity(room), Vec::new(), names())
        },
        |(items, problems, (names, none)): &mut Part, line, record| {
            let id = record.get(0).unwrap_or_default().trim();
            if id.is_empty() {
                problems.push(Problem::at(line, "no ID"));
                return;
            }
            let mut entered = Vec::with_capacity(stages.len());
            let mut errors = Vec::new();
            for (stage, cell) in stages.iter().zip(record.iter().skip(first_stage)) {
                match date_cell(cell, stage) {
                    Ok(date) => entered.push(date),
                    Err(e) => errors.push(e),
                }
            }
            if !errors.is_empty() {
                problems.push(Problem::at(line, format!("item `{id}`: {}", errors.join("; "))));
                return;
            }
            let stage = entered
                .iter()
                .rposition(Option::is_some)
                .map_or_else(|| none.clone(), |i| names[i].clone());
            items.push(WorkItem {
                id: id.into(),
                stage,
                created: None,
                entered: entered.into(),
                started: None,
                done: None,
                line: item_line(line),
            });
        },
        |(items, problems, _), by| {
            items
                .iter_mut()
                .for_each(|item| item.line = item_line(item.line as usize + by));
            problems.iter_mut().for_each(|problem| problem.line += by);
        },
    );
    let mut parts = parts.into_iter();
    let (mut items, mut problems, _) = parts.next().unwrap_or_default();
    for (more, bad, _) in parts {
        items.extend(more);
        problems.extend(bad);
    }
    problems.extend(csv_problems);
    Ok((workflow, items, problems))
}
