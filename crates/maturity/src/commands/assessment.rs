//! From an assessment directory to its report: the one path `report` and `plan` share, with
//! the assessment's evidence and proposal files.

use std::fs;
use std::path::Path;

use anyhow::Context;

use super::metrics;

/// The built-in proposals with an assessment's own proposal files merged in: same ids replace,
/// new ids are added.
fn load_catalog(
    dir: &Path,
    assessment: &maturity_model::Assessment,
) -> anyhow::Result<maturity_model::Catalog> {
    let mut catalog = maturity_model::Catalog::builtin();
    // The assessment's own models count too: a team's catalog may raise their criteria.
    let models = maturity_model::ModelSet::builtin_with(&assessment.models);
    for file in &assessment.config.roadmap.proposal_files {
        let path = dir.join(file);
        let text = fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
        catalog.extend_or_replace(&path.display().to_string(), &text, &models)?;
    }
    let config_file = dir.join(maturity_model::assessment::CONFIG_FILE);
    assessment
        .config
        .roadmap
        .check_proposals(&config_file.display().to_string(), &catalog)?;
    Ok(catalog)
}

/// Scores an assessment with its evidence and plans its roadmap: what `report` and `plan`
/// show. Delivery metrics are measured up to the end of the assessment's date, so a report
/// made again later says the same, or up to now when the assessment has no date.
pub fn assessment_report(
    dir: &Path,
    assessment: &maturity_model::Assessment,
    plan: maturity_assess::PlanConfig,
) -> anyhow::Result<maturity_report::Report> {
    let now = match &assessment.config.date {
        Some(date) => maturity_git::parse_until(date)
            .map_err(anyhow::Error::msg)
            .context("date")?,
        None => metrics::now()?,
    };
    let config_file = dir.join(maturity_model::assessment::CONFIG_FILE);
    let evidence = maturity_sources::gather(
        dir,
        &config_file.display().to_string(),
        &assessment.config.evidence,
        now,
    )?;
    let catalog = load_catalog(dir, assessment)?;
    Ok(maturity_report::prepare(
        assessment,
        &maturity_report::Inputs {
            evidence: &evidence,
            catalog: &catalog,
            plan,
        },
    ))
}
