//! `maturity plan DIR`: the improvement roadmap of an assessment, on its own.

use std::io::Write;

use anyhow::{Context, bail};
use maturity_assess::PlanConfig;
use maturity_model::assessment::RoadmapConfig;
use maturity_model::assessment_dir::read_assessment;
use maturity_model::{Assessment, LEVELS};
use maturity_report::render_plan;

use super::assessment::assessment_report;
use super::output::emit;
use crate::cli::PlanArgs;

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
    let text = render_plan(&report, args.format.into())?;
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
