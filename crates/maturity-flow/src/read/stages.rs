//! The stage-column format ActionableAgile reads: `ID`, then optionally `Link` and `Title`
//! (or `Name`), then one column per workflow stage in order, each holding the day the item
//! entered that stage.

use super::csv_rows::Rows;
use super::{Parsed, Problem, date_cell};
use crate::day::Day;
use crate::item::{Stages, WorkItem, Workflow};
use crate::pool::Pool;

/// What one thread reads into: its items and their pool, its bad rows, the pool's numbers of
/// the stage names (and of no stage), and a row's dates as they are read.
struct Part {
    items: Vec<WorkItem>,
    pool: Pool,
    problems: Vec<Problem>,
    names: Vec<u32>,
    none: u32,
    entered: Vec<Option<Day>>,
}

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
    let hint = rows.rows_hint();
    let (parts, csv_problems) = rows.each_split(
        // The first part has room for all, so that the second's items join it without the
        // whole list being copied to a bigger one.
        |part| {
            let room = if part == 0 { hint + 1 } else { hint / 2 + 1 };
            let mut pool = Pool::new(stages.len(), room);
            let none = pool.name("");
            let names = stages.iter().map(|s| pool.name(s)).collect();
            Part {
                items: Vec::with_capacity(room),
                pool,
                problems: Vec::new(),
                names,
                none,
                entered: Vec::with_capacity(stages.len()),
            }
        },
        |part: &mut Part, line, record| {
            let id = record.get(0).unwrap_or_default().trim();
            if id.is_empty() {
                part.problems.push(Problem::at(line, "no ID"));
                return;
            }
            part.entered.clear();
            let mut errors = Vec::new();
            for (stage, cell) in stages.iter().zip(record.iter().skip(first_stage)) {
                match date_cell(cell, stage) {
                    Ok(date) => part.entered.push(date),
                    Err(e) => errors.push(e),
                }
            }
            if !errors.is_empty() {
                part.problems
                    .push(Problem::at(line, format!("item `{id}`: {}", errors.join("; "))));
                return;
            }
            let stage = part
                .entered
                .iter()
                .rposition(Option::is_some)
                .map_or(part.none, |i| part.names[i]);
            match part.pool.add(id, stage, &part.entered, line) {
                Ok(item) => part.items.push(item),
                Err(error) => part.problems.push(Problem::at(line, error)),
            }
        },
        |part, by| {
            let lines = u32::try_from(by).unwrap_or(u32::MAX);
            part.items
                .iter_mut()
                .for_each(|item| item.line = item.line.saturating_add(lines));
            part.problems.iter_mut().for_each(|problem| problem.line += by);
        },
    );
    let mut parts = parts.into_iter();
    let Some(Part {
        mut items,
        mut pool,
        mut problems,
        ..
    }) = parts.next()
    else {
        return Ok((workflow, Vec::new(), Pool::default(), csv_problems));
    };
    for mut more in parts {
        match pool.append(more.pool, &mut more.items) {
            Ok(()) => items.extend(more.items),
            Err(error) => problems.extend(more.items.iter().map(|i| Problem::at(i.line as usize, error))),
        }
        problems.extend(more.problems);
    }
    problems.extend(csv_problems);
    Ok((workflow, items, pool, problems))
}
