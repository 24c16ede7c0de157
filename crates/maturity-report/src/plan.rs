//! The improvement plan on its own, for `maturity plan`: a table for the terminal, the
//! roadmap's JSON, or the report's roadmap section in Markdown.

use std::fmt::Write as _;

use maturity_assess::Roadmap;

use crate::render::{RenderError, TextFormat, render_template};
use crate::view::Report;

/// Renders the roadmap of `report` in `format`.
pub fn render_plan(report: &Report, format: TextFormat) -> Result<String, RenderError> {
    let roadmap = report.roadmap.as_ref().ok_or(RenderError::NoRoadmap)?;
    match format {
        TextFormat::Json => {
            let mut json = serde_json::to_string_pretty(roadmap)?;
            json.push('\n');
            Ok(json)
        }
        TextFormat::Md => render_template(report, "roadmap.md"),
        TextFormat::Table => Ok(table(report, roadmap)),
    }
}

/// A phase's projected range for a model as " (low–high)", or nothing when the two round
/// alike: the same words in the plan and the report's timeline.
pub(crate) fn range_note(phase: &maturity_assess::Phase, model: &str) -> String {
    phase
        .projected_range
        .get(model)
        .filter(|r| r.low < r.high - 0.5)
        .map_or_else(String::new, |r| format!(" ({:.0}–{:.0})", r.low, r.high))
}

fn signal_kind(signal: &maturity_assess::Signal) -> &'static str {
    match signal.kind {
        maturity_assess::SignalKind::Observation => "observation",
        maturity_assess::SignalKind::Contradiction => "contradiction",
        maturity_assess::SignalKind::Evidence => "evidence",
    }
}

fn table(report: &Report, roadmap: &Roadmap) -> String {
    let name = |id: &str| -> String {
        report
            .models
            .iter()
            .flat_map(|m| &m.areas)
            .flat_map(|a| &a.criteria)
            .find(|c| c.id == id)
            .map_or_else(|| id.to_string(), |c| c.name.clone())
    };
    let mut out = String::new();
    match roadmap.people {
        Some(people) => {
            let _ = writeln!(
                out,
                "Capacity {} person-weeks per phase for {people} {}",
                roadmap.capacity,
                if people == 1 { "person" } else { "people" }
            );
        }
        None => {
            let _ = writeln!(
                out,
                "Capacity {} effort points per phase (S={}, M={}, L={})",
                roadmap.capacity, roadmap.effort_points.s, roadmap.effort_points.m, roadmap.effort_points.l
            );
        }
    }
    for phase in &roadmap.phases {
        let when = match (&phase.start, &phase.end) {
            (Some(start), Some(end)) => format!("{start} – {end}, "),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "\nPhase {} ({when}{} weeks, {} {})",
            phase.number, phase.weeks, phase.effort, roadmap.effort_unit
        );
        for p in &phase.proposals {
            let roles: Vec<&str> = p.roles.iter().map(|r| r.as_str()).collect();
            let _ = writeln!(
                out,
                "  {:>3}  {}  {}  ({}–{} weeks{}{})",
                p.number,
                p.difficulty,
                p.title,
                p.weeks.min,
                p.weeks.max,
                if roles.is_empty() { "" } else { "; " },
                roles.join(", ")
            );
            for u in &p.raises {
                let from = u
                    .from
                    .map_or_else(|| "unknown".to_string(), |f| format!("{f:.1}"));
                let _ = writeln!(
                    out,
                    "            raises {} from {from} to {}",
                    name(&u.criterion),
                    u.to
                );
            }
            for signal in &p.signals {
                let _ = writeln!(
                    out,
                    "            answers {}: {}",
                    signal_kind(signal),
                    signal.text
                );
            }
            if let Some(note) = &p.note {
                let _ = writeln!(out, "            note: {note}");
            }
        }
        let scores: Vec<String> = report
            .models
            .iter()
            .map(|m| {
                let range = range_note(phase, &m.id);
                format!(
                    "{} {}{range}",
                    m.id,
                    phase
                        .projected
                        .get(&m.id)
                        .map_or("–".to_string(), |s| format!("{s:.0}"))
                )
            })
            .collect();
        let _ = writeln!(out, "  projected: {}", scores.join(", "));
        for change in &phase.changes {
            let from = change
                .from
                .map_or_else(|| "unknown".to_string(), |f| format!("{f:.1}"));
            let _ = writeln!(
                out,
                "    {} {from} → {:.1}{} by {}",
                name(&change.criterion),
                change.to,
                if change.to + 1e-9 < f64::from(change.aim) {
                    format!(" (on the way to {})", change.aim)
                } else {
                    String::new()
                },
                change.by.join(", ")
            );
        }
    }
    if !roadmap.deferred.is_empty() {
        let _ = writeln!(out, "\nNext in line: {}", roadmap.deferred.join(", "));
    }
    if roadmap.phases.is_empty() {
        let _ = writeln!(
            out,
            "\nNothing to plan: every criterion is at or above its target."
        );
    }
    if !roadmap.unplanned_gaps.is_empty() {
        let gaps: Vec<String> = roadmap.unplanned_gaps.iter().map(|id| name(id)).collect();
        let _ = writeln!(out, "\nNo proposal closes: {}", gaps.join(", "));
    }
    for note in &roadmap.notes {
        let _ = writeln!(out, "\nnote: {note}");
    }
    out
}
