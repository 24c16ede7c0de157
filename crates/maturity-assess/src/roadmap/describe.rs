//! Turning packed phases into what a report shows: what each proposal raises once the earlier
//! ones are done, who needs it, why it is there, and the projections after each phase.

use std::fmt::Write as _;

use maturity_model::Proposal;

use super::grid::{EPSILON, Grid, Item};
use super::output::{Phase, PlannedProposal, Uplift};
use super::pack::Bin;
use super::targets::Start;

/// The phases of `bins`, numbered from 1, and the levels once every phase is done. `kept` is
/// the planned proposals in plan order, so each lists the proposals that need it in that order.
pub(super) fn phases(
    grid: &Grid,
    proposals: &[Proposal],
    items: &[Item],
    kept: &[usize],
    bins: &[Bin],
    capacity: u32,
    start: &Start,
) -> (Vec<Phase>, Vec<f64>) {
    let mut needed_by: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    for &p in kept {
        for &q in &items[p].requires {
            needed_by[q].push(p);
        }
    }
    let mut levels = start.current.clone();
    let mut rated = start.rated();
    let mut number = 0;
    let mut phases = Vec::with_capacity(bins.len());
    for (b, bin) in bins.iter().enumerate() {
        let mut planned = Vec::with_capacity(bin.items.len());
        for &p in &bin.items {
            number += 1;
            let proposal = &proposals[p];
            let mut raises = Vec::new();
            for &(c, to) in &items[p].raises {
                if f64::from(to) > levels[c] + EPSILON {
                    raises.push(Uplift {
                        criterion: grid.ids[c].to_string(),
                        from: rated[c].then_some(levels[c]),
                        to,
                    });
                    levels[c] = f64::from(to);
                    rated[c] = true;
                }
            }
            let needed_by: Vec<String> = needed_by[p].iter().map(|&d| proposals[d].id.clone()).collect();
            let note = (bin.items.len() == 1 && items[p].effort > capacity).then(|| {
                format!(
                    "Its {} effort points exceed the capacity of {capacity} per phase, so it has a phase of its own.",
                    items[p].effort
                )
            });
            planned.push(PlannedProposal {
                number,
                id: proposal.id.clone(),
                title: proposal.title.clone(),
                description: proposal.description.clone(),
                difficulty: proposal.difficulty,
                effort: items[p].effort,
                requires: proposal.requires.clone(),
                why: why(&raises, &needed_by),
                raises,
                needed_by,
                note,
            });
        }
        phases.push(Phase {
            number: b + 1,
            effort: bin.used,
            proposals: planned,
            projected: grid.reported_scores(&levels, &rated),
            projected_levels: grid.reported_levels(&levels, &rated),
        });
    }
    (phases, levels)
}

/// One sentence: what the proposal raises and which planned proposals need it.
fn why(raises: &[Uplift], needed_by: &[String]) -> String {
    let mut text = String::new();
    if !raises.is_empty() {
        text.push_str("Raises ");
        for (i, raise) in raises.iter().enumerate() {
            if i > 0 {
                text.push_str(if i + 1 == raises.len() { " and " } else { ", " });
            }
            let from = raise.from.map_or_else(|| "unknown".to_string(), format_level);
            let _ = write!(text, "{} from {from} to {}", raise.criterion, raise.to);
        }
    }
    if !needed_by.is_empty() {
        text.push_str(if text.is_empty() {
            "Needed by "
        } else {
            "; needed by "
        });
        text.push_str(&needed_by.join(", "));
    }
    if text.is_empty() {
        // Only when a later phase repeats what an earlier, smaller proposal already reached.
        text.push_str("Its criteria are already raised by earlier phases of this roadmap");
    }
    text.push('.');
    text
}

/// A level as people write it: whole levels without decimals, means with one.
fn format_level(level: f64) -> String {
    if (level - level.round()).abs() < EPSILON {
        format!("{level:.0}")
    } else {
        format!("{level:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_format() {
        for (level, text) in [(1.0, "1"), (2.0, "2"), (2.5, "2.5"), (7.0 / 3.0, "2.3")] {
            assert_eq!(format_level(level), text);
        }
    }
}
