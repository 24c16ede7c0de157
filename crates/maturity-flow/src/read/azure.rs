//! Azure Boards' CSV (a query's "Export to CSV"): `ID`, `Work Item Type`, `Title`, `State`,
//! `Created Date`, and `Activated Date`, `Resolved Date`, `Closed Date` where the query shows
//! them. The workflow is `New`, `Active`, `Resolved`, `Closed`.

use super::csv_rows::Rows;
use super::{Parsed, Problem, date_cell};
use crate::item::{Stages, Workflow};
use crate::pool::Pool;

const FORMAT: &str = "Azure Boards CSV";
const STAGES: [(&str, &str); 4] = [
    ("New", "Created Date"),
    ("Active", "Activated Date"),
    ("Resolved", "Resolved Date"),
    ("Closed", "Closed Date"),
];

pub(crate) fn read(rows: &mut Rows, mapping: &Stages) -> Result<Parsed, Problem> {
    let id = rows.require("ID", FORMAT)?;
    let state = rows.require("State", FORMAT)?;
    rows.require("Created Date", FORMAT)?;
    let columns: Vec<Option<usize>> = STAGES.iter().map(|(_, c)| rows.column(c)).collect();
    let workflow = Workflow::new(STAGES.iter().map(|(s, _)| (*s).to_string()).collect(), mapping);
    let mut items = Vec::new();
    let mut pool = Pool::new(workflow.stages.len(), 0);
    let mut problems = Vec::new();
    let csv_problems = rows.each(|line, record| {
        let cell = |i: usize| record.get(i).unwrap_or_default();
        let id = cell(id).trim();
        if id.is_empty() {
            problems.push(Problem::at(line, "no ID"));
            return;
        }
        let mut errors = Vec::new();
        let entered: Vec<_> = columns
            .iter()
            .zip(STAGES)
            .map(|(column, (_, name))| {
                column.and_then(|c| {
                    date_cell(cell(c), name).unwrap_or_else(|e| {
                        errors.push(e);
                        None
                    })
                })
            })
            .collect();
        if entered[0].is_none() && errors.is_empty() {
            errors.push("Created Date is empty".to_string());
        }
        let stage = cell(state).trim();
        if stage.eq_ignore_ascii_case("Closed")
            && columns[3].is_some()
            && entered[3].is_none()
            && errors.is_empty()
        {
            errors.push("state `Closed` but Closed Date is empty".to_string());
        }
        if !errors.is_empty() {
            problems.push(Problem::at(line, format!("item `{id}`: {}", errors.join("; "))));
            return;
        }
        let stage = pool.name(stage);
        match pool.add(id, stage, &entered, line) {
            Ok(item) => items.push(item),
            Err(error) => problems.push(Problem::at(line, error)),
        }
    });
    problems.extend(csv_problems);
    Ok((workflow, items, pool, problems))
}
