//! `maturity plan DIR`: the improvement roadmap of an assessment, on its own.

use std::fmt::Write as _;
use std::io::Write;

use anyhow::{Context, bail};
use maturity_assess::{PlanConfig, Roadmap};
use maturity_model::assessment::RoadmapConfig;
use maturity_model::assessment_dir::read_assessment;
use maturity_model::{Assessment, LEVELS};
use maturity_report::{Report, render_roadmap_markdown};

use super::{assessment_report, emit};
use crate::cli::{PlanArgs, TextFormat};

pub fn run(args: PlanArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let assessment = read_assessment(&args.dir)?;
    let mut roadmap_config = assessment.config.roadmap.clone();
    if !args.target.is_empty() {
        apply_targets(&mut roadmap_config, &args.target, &assessment)?;
    }
    if let Some(phases) = args.phases {
        if phases == 0 {
            bail!("--phases: plan at least one phase");
        }
        roadmap_config.phases = Some(phases);
    }
    if let Some(capacity) = args.capacity {
        if capacity == 0 {
            bail!("--capacity: a phase needs at least one effort point");
        }
        roadmap_config.capacity = Some(capacity);
    }
    let report = assessment_report(&args.dir, &assessment, PlanConfig::from_roadmap(&roadmap_config))?;
    let roadmap = report.roadmap.as_ref().context("the report has a roadmap")?;
    let text = match args.format {
        TextFormat::Json => {
            let mut json = serde_json::to_string_pretty(roadmap)?;
            json.push('\n');
            json
        }
        TextFormat::Md => render_roadmap_markdown(&report)?,
        TextFormat::Table => table(&report, roadmap),
    };
    emit(&text, args.out.as_deref(), out)
}

/// Parses `--target` items into the roadmap targets, replacing those of maturity.toml.
fn apply_targets(
    config: &mut RoadmapConfig,
    items: &[String],
    assessment: &Assessment,
) -> anyhow::Result<()> {
    config.targets.clear();
    config.levels.clear();
    config.default_level = None;
    for item in items.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
        let Some((key, value)) = item.split_once('=') else {
            config.default_level = Some(parse_level(item).with_context(|| format!("--target `{item}`"))?);
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        if assessment.models.iter().any(|m| m.id == key) {
            let score: f64 = value
                .parse()
                .ok()
                .filter(|s| (0.0..=100.0).contains(s))
                .with_context(|| format!("--target `{item}`: a model's target is a score 0..100"))?;
            config.targets.insert(key.to_string(), score);
        } else if assessment
            .models
            .iter()
            .flat_map(|m| m.criteria())
            .any(|c| c.id == key)
        {
            let level = parse_level(value).with_context(|| format!("--target `{item}`"))?;
            config.levels.insert(key.to_string(), level);
        } else {
            bail!("--target `{item}`: `{key}` is neither a model nor a criterion of this assessment");
        }
    }
    Ok(())
}

fn parse_level(text: &str) -> anyhow::Result<u8> {
    text.parse::<u8>()
        .ok()
        .filter(|l| (1..=LEVELS).contains(l))
        .with_context(|| format!("`{text}` is not a level 1..{LEVELS}"))
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
