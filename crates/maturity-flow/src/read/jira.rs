//! Jira's CSV export ("Export Excel CSV"): `Issue key`, `Status`, `Created`, `Resolved`, and
//! stage dates where the site keeps them in date fields named after stages (`Custom field (In
//! Progress Date)`, as automation rules that stamp a field on each transition write them). The
//! workflow is `Created`, those stages in column order, `Resolved`.

use super::csv_rows::Rows;
use super::{Parsed, Problem, date_cell};
use crate::item::{Stages, Workflow};
use crate::pool::Pool;

const FORMAT: &str = "Jira CSV";

/// `Custom field (In Progress Date)` → `In Progress`.
fn stage_of(header: &str) -> Option<&str> {
    let inner = header.strip_prefix("Custom field (")?.strip_suffix(')')?;
    let stage = inner
        .strip_suffix(" Date")
        .or_else(|| inner.strip_suffix(" date"))?
        .trim();
    (!stage.is_empty()).then_some(stage)
}

pub(crate) fn read(rows: &mut Rows, mapping: &Stages) -> Result<Parsed, Problem> {
    let key = rows.require("Issue key", FORMAT)?;
    let status = rows.require("Status", FORMAT)?;
    let created = rows.require("Created", FORMAT)?;
    let resolved = rows.require("Resolved", FORMAT)?;
    let category = rows.column("Status Category");
    let mut stage_columns: Vec<(usize, String)> = Vec::new();
    for (i, header) in rows.headers.iter().enumerate() {
        if let Some(stage) = stage_of(header)
            && !stage_columns.iter().any(|(_, s)| s.eq_ignore_ascii_case(stage))
        {
            stage_columns.push((i, stage.to_string()));
        }
    }
    let mut stages = vec!["Created".to_string()];
    stages.extend(stage_columns.iter().map(|(_, s)| s.clone()));
    stages.push("Resolved".to_string());
    let workflow = Workflow::new(stages, mapping);
    let mut items = Vec::new();
    let mut pool = Pool::new(workflow.stages.len(), 0);
    let mut problems = Vec::new();
    let csv_problems = rows.each(|line, record| {
        let cell = |i: usize| record.get(i).unwrap_or_default();
        let id = cell(key).trim();
        if id.is_empty() {
            problems.push(Problem::at(line, "no Issue key"));
            return;
        }
        let mut errors = Vec::new();
        let mut date = |i: usize, name: &str| {
            date_cell(cell(i), name).unwrap_or_else(|e| {
                errors.push(e);
                None
            })
        };
        let mut entered = vec![date(created, "Created")];
        for (i, stage) in &stage_columns {
            entered.push(date(*i, stage));
        }
        entered.push(date(resolved, "Resolved"));
        if entered[0].is_none() && errors.is_empty() {
            errors.push("Created is empty".to_string());
        }
        let stage = cell(status).trim();
        let finished = category.map_or_else(
            || {
                ["done", "closed", "resolved"]
                    .iter()
                    .any(|d| stage.eq_ignore_ascii_case(d))
            },
            |c| cell(c).trim().eq_ignore_ascii_case("done"),
        );
        if finished && entered.last().is_some_and(Option::is_none) && errors.is_empty() {
            errors.push(format!("status `{stage}` is done but Resolved is empty"));
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
