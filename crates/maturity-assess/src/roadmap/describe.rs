//! Turning packed phases into what a report shows: what each proposal raises once the earlier
//! ones are done, who needs it, why it is there, how long it takes and who can do it; and per
//! phase its dates and the projection, line by line.
//!
//! Projections are credible rather than optimistic: a criterion's projected level rises by at
//! most `max_step` levels per phase, only through proposals planned in that phase or earlier,
//! and the low end of each phase's range counts the L proposals finishing in it at half their
//! uplift.

use std::fmt::Write as _;

use jiff::ToSpan;
use jiff::civil::Date;
use maturity_model::{Difficulty, Proposal};

use super::config::PlanConfig;
use super::grid::{EPSILON, Grid, Item};
use super::output::{LevelChange, Phase, PlannedProposal, Range, Uplift, WeekRange};
use super::pack::Bin;
use super::signals::Signal;
use super::targets::Start;

/// What `phases` needs besides the packing: the proposals, the plan's settings, the signals
/// per criterion index and which proposals the assessor asked for.
pub(super) struct Context<'a> {
    pub(super) grid: &'a Grid<'a>,
    pub(super) proposals: &'a [Proposal],
    pub(super) items: &'a [Item],
    pub(super) config: &'a PlanConfig,
    pub(super) signals: &'a [Vec<&'a Signal>],
    pub(super) forced: &'a [bool],
}

/// The phases of `bins`, numbered from 1, and the levels the proposals aim at once every phase
/// is done. `kept` is the planned proposals in plan order, so each lists the proposals that need
/// it in that order.
pub(super) fn phases(
    context: &Context,
    kept: &[usize],
    bins: &[Bin],
    capacity: u32,
    start: &Start,
) -> (Vec<Phase>, Vec<f64>) {
    let Context {
        grid,
        proposals,
        items,
        config,
        ..
    } = *context;
    let mut needed_by: Vec<Vec<usize>> = vec![Vec::new(); items.len()];
    for &p in kept {
        for &q in &items[p].requires {
            needed_by[q].push(p);
        }
    }
    let step = f64::from(config.max_step.max(1));
    // What the proposals aim at, proposal after proposal; the projections follow at `step`.
    let mut aim = start.scored.clone();
    let mut rated = start.rated();
    let mut high = start.scored.clone();
    let mut low = start.scored.clone();
    let mut raisers: Vec<Vec<usize>> = vec![Vec::new(); grid.ids.len()];
    let mut day = config.start.as_deref().and_then(|d| d.parse::<Date>().ok());
    let mut number = 0;
    let mut phases = Vec::with_capacity(bins.len());
    for (b, bin) in bins.iter().enumerate() {
        let rated_before = rated.clone();
        let mut low_aim = aim.clone();
        let mut planned = Vec::with_capacity(bin.items.len());
        for &p in &bin.items {
            number += 1;
            let proposal = &proposals[p];
            let mut raises = Vec::new();
            for &(c, to) in &items[p].raises {
                let to_level = f64::from(to);
                raisers[c].push(p);
                // The low projection takes an L proposal finishing now at half its uplift.
                let low_to = if proposal.difficulty == Difficulty::L {
                    low[c] + (to_level - low[c]).max(0.0) / 2.0
                } else {
                    to_level
                };
                low_aim[c] = low_aim[c].max(low_to);
                if to_level > aim[c] + EPSILON {
                    raises.push(Uplift {
                        criterion: grid.ids[c].to_string(),
                        from: rated[c].then_some(aim[c]),
                        to,
                    });
                    aim[c] = to_level;
                    rated[c] = true;
                }
            }
            let mut described = describe(context, p, raises, &needed_by[p], bin, capacity);
            described.number = number;
            planned.push(described);
        }
        let mut changes = Vec::new();
        for c in 0..grid.ids.len() {
            let before = high[c];
            high[c] = aim[c].min(before + step).max(before);
            low[c] = low_aim[c].min(low[c] + step).max(low[c]).min(high[c]);
            if high[c] > before + EPSILON {
                let by = raisers[c]
                    .iter()
                    .filter(|&&p| {
                        f64::from(items[p].raises.iter().find(|r| r.0 == c).map_or(0, |r| r.1))
                            > before + EPSILON
                    })
                    .map(|&p| proposals[p].id.clone())
                    .collect();
                changes.push(LevelChange {
                    criterion: grid.ids[c].to_string(),
                    from: rated_before[c].then_some(before),
                    to: high[c],
                    aim: level_u8(aim[c]),
                    by,
                });
            }
        }
        let projected = grid.reported_scores(&high, &rated);
        let projected_low = grid.reported_scores(&low, &rated);
        let projected_range = projected
            .iter()
            .map(|(model, &high)| {
                let low = projected_low.get(model).copied().unwrap_or(high).min(high);
                (model.clone(), Range { low, high })
            })
            .collect();
        let weeks = duration(bin, items, proposals, config);
        let (start_day, end_day) = match day {
            Some(first) => {
                let last = first
                    .checked_add(i64::from(weeks * 7).days())
                    .and_then(|d| d.yesterday())
                    .ok();
                day = last.and_then(|d| d.tomorrow().ok());
                (Some(first.to_string()), last.map(|d| d.to_string()))
            }
            None => (None, None),
        };
        phases.push(Phase {
            number: b + 1,
            effort: bin.used,
            proposals: planned,
            projected,
            projected_levels: grid.reported_levels(&high, &rated),
            projected_range,
            changes,
            weeks,
            start: start_day,
            end: end_day,
        });
    }
    (phases, aim)
}

fn level_u8(level: f64) -> u8 {
    // Levels are 1..=4, so the cast cannot truncate.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let whole = level.round().clamp(1.0, 4.0) as u8;
    whole
}

/// How long a phase takes: its longest proposal, or its effort shared by the people when that
/// is longer.
fn duration(bin: &Bin, items: &[Item], proposals: &[Proposal], config: &PlanConfig) -> u32 {
    let longest = bin
        .items
        .iter()
        .map(|&p| config.weeks.of(proposals[p].difficulty)[1])
        .max()
        .unwrap_or(0);
    let shared = config.people.map_or(0, |people| {
        let effort: u32 = bin.items.iter().map(|&p| items[p].effort).sum();
        effort.div_ceil(people.max(1))
    });
    longest.max(shared)
}

fn describe(
    context: &Context,
    p: usize,
    raises: Vec<Uplift>,
    needed_by: &[usize],
    bin: &Bin,
    capacity: u32,
) -> PlannedProposal {
    let proposal = &context.proposals[p];
    let item = &context.items[p];
    let needed_by: Vec<String> = needed_by
        .iter()
        .map(|&d| context.proposals[d].id.clone())
        .collect();
    let note = (bin.items.len() == 1 && item.effort > capacity).then(|| {
        format!(
            "Its {} effort points exceed the capacity of {capacity} per phase, so it has a phase of its own.",
            item.effort
        )
    });
    let mut signals: Vec<Signal> = Vec::new();
    for raise in &raises {
        let Some(&c) = context.grid.index.get(raise.criterion.as_str()) else {
            continue;
        };
        for &signal in &context.signals[c] {
            if !signals
                .iter()
                .any(|s| s.kind == signal.kind && s.text == signal.text)
            {
                signals.push(signal.clone());
            }
        }
    }
    let [min, max] = context.config.weeks.of(proposal.difficulty);
    let forced = context.forced[p];
    PlannedProposal {
        number: 0,
        id: proposal.id.clone(),
        title: proposal.title.clone(),
        description: proposal.description.clone(),
        difficulty: proposal.difficulty,
        effort: item.effort,
        weeks: WeekRange { min, max },
        roles: proposal.roles.clone(),
        requires: proposal.requires.clone(),
        recommends: proposal.recommends.clone(),
        why: why(&raises, &needed_by, &signals, forced),
        signals,
        included: forced,
        raises,
        needed_by,
        note,
    }
}

/// How many signals a `why` cites by name before counting the rest.
const CITED_SIGNALS: usize = 2;

/// What the proposal raises and which planned proposals need it, then what it answers.
fn why(raises: &[Uplift], needed_by: &[String], signals: &[Signal], included: bool) -> String {
    let mut text = String::new();
    if included {
        text.push_str("Asked for by the assessor. ");
    }
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
    if text.is_empty() || text.ends_with(". ") {
        // Only when a later phase repeats what an earlier, smaller proposal already reached.
        text.push_str("Its criteria are already raised by earlier phases of this roadmap");
    }
    text.push('.');
    if !signals.is_empty() {
        let cited: Vec<String> = signals
            .iter()
            .take(CITED_SIGNALS)
            .map(|s| match s.kind {
                super::signals::SignalKind::Observation => format!("the observation “{}”", s.text),
                super::signals::SignalKind::Contradiction => {
                    format!("the contradiction on {}: {}", s.criterion, s.text)
                }
                super::signals::SignalKind::Evidence => format!("evidence on {}: {}", s.criterion, s.text),
            })
            .collect();
        let _ = write!(text, " It answers {}", cited.join("; "));
        let more = signals.len().saturating_sub(CITED_SIGNALS);
        if more > 0 {
            let _ = write!(
                text,
                "; and {more} more signal{}",
                if more == 1 { "" } else { "s" }
            );
        }
        if !text.ends_with('.') {
            text.push('.');
        }
    }
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
