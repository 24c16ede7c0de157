//! Observed maturity levels from work-item flow. Conservative on purpose: a tracker export
//! shows that work is tracked stage by stage and measured, not how leadership uses the numbers,
//! so the rules (also in docs/flow.md) claim no more than the data shows:
//! - `automation.transparency` level 2 ("some teams produce information about their work
//!   automatically"): at least [`MIN_FINISHED`] finished items with start and done dates, so
//!   cycle time and throughput come from the tool, not from hand-made reports.
//! - `devops.visibility-reporting` level 3 ("the status of each requirement can be followed
//!   in real time"): as above, and the workflow has a started stage apart from creation and
//!   done, with at least half the finished items dated in a stage from start up to before
//!   done, so each item's state is recorded as it moves, not only its opening and closing.
//!
//! Neither rule gives a level from how fast the team is: cycle time depends on how work is cut,
//! and a slow team that measures itself is more mature than a fast one that does not.

use std::collections::BTreeMap;

use crate::output::{Flow, FlowLevel};
use crate::read::Read;

/// Fewer finished items than this say nothing about how the team works.
pub const MIN_FINISHED: usize = 20;

/// The levels `flow` (measured from `read`) supports; none without enough finished items.
pub fn observed_levels(read: &Read, flow: &Flow) -> Vec<FlowLevel> {
    let finished = flow.items.finished;
    if finished < MIN_FINISHED {
        return Vec::new();
    }
    #[allow(clippy::cast_precision_loss)]
    let mut numbers = BTreeMap::from([
        ("finished items".to_string(), finished as f64),
        ("workflow stages".to_string(), flow.stages.len() as f64),
    ]);
    if let Some(p85) = flow.cycle_time.p85 {
        numbers.insert("cycle time p85 days".to_string(), f64::from(p85));
    }
    let mut levels = vec![FlowLevel {
        criterion: "automation.transparency".to_string(),
        level: 2,
        rule: format!(
            "{finished} finished work items with start and done dates in the tracker's export: flow \
             is measured from the tool (at least {MIN_FINISHED})"
        ),
        numbers: numbers.clone(),
    }];
    let workflow = &read.workflow;
    let between = read
        .items
        .iter()
        .filter(|i| i.done.is_some())
        .filter(|i| {
            read.entered(i)
                .iter()
                .enumerate()
                .any(|(stage, d)| d.is_some() && stage >= workflow.started && stage < workflow.done)
        })
        .count();
    let done_total = read.items.iter().filter(|i| i.done.is_some()).count();
    if workflow.started >= 1 && workflow.done > workflow.started && between * 2 >= done_total {
        #[allow(clippy::cast_precision_loss)]
        numbers.insert("items dated in progress".to_string(), between as f64);
        levels.push(FlowLevel {
            criterion: "devops.visibility-reporting".to_string(),
            level: 3,
            rule: format!(
                "{between} of {done_total} finished work items carry a date for a stage from start \
                 up to before done in a {}-stage workflow: each item's state is recorded as it moves",
                workflow.stages.len()
            ),
            numbers,
        });
    }
    levels
}
