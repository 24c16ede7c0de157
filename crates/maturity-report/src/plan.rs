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
    let _ = writeln!(
        out,
        "Capacity {} effort points per phase (S={}, M={}, L={})",
        roadmap.capacity, roadmap.effort_points.s, roadmap.effort_points.m, roadmap.effort_points.l
    );
    for phase in &roadmap.phases {
        let _ = writeln!(out, "\nPhase {} ({} effort points)", phase.number, phase.effort);
        for p in &phase.proposals {
            let _ = writeln!(out, "  {:>3}  {}  {}", p.number, p.difficulty, p.title);
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
            if let Some(note) = &p.note {
                let _ = writeln!(out, "            note: {note}");
            }
        }
        let scores: Vec<String> = report
            .models
            .iter()
            .map(|m| {
                format!(
                    "{} {}",
                    m.id,
                    phase
                        .projected
                        .get(&m.id)
                        .map_or("–".to_string(), |s| format!("{s:.0}"))
                )
            })
            .collect();
        let _ = writeln!(out, "  projected: {}", scores.join(", "));
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
