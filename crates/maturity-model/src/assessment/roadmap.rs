//! The `[roadmap]` table of `maturity.toml`: its raw shape, the checked `RoadmapConfig` the
//! planner reads, and the checks that name the line of a bad target or count. Proposal ids are
//! checked against the catalog later (`RoadmapConfig::check_proposals`), where it is known.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::{ConfigFile, calendar_date};
use crate::diagnostic::{Diagnostic, Diagnostics, nearest};
use crate::model::Model;

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRoadmap {
    /// The level every criterion aims for unless listed in `levels`.
    level: Option<Spanned<i64>>,
    phases: Option<Spanned<i64>>,
    capacity: Option<Spanned<i64>>,
    /// Model id → target score.
    #[serde(default)]
    targets: BTreeMap<Spanned<String>, Spanned<f64>>,
    /// Criterion id → target level.
    #[serde(default)]
    levels: BTreeMap<Spanned<String>, Spanned<i64>>,
    #[serde(default)]
    pub(super) proposal_files: Vec<String>,
    /// Proposal ids the assessor wants in, out, or already done.
    #[serde(default)]
    include: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    done: Vec<Spanned<String>>,
    /// How many levels a criterion may rise per phase.
    max_step: Option<Spanned<i64>>,
    /// How many proposals the plan holds at most.
    proposals: Option<Spanned<i64>>,
    /// People working on the plan: effort becomes person-weeks.
    people: Option<Spanned<i64>>,
    /// When the first phase starts; the assessment's date when absent.
    start: Option<Spanned<toml::Value>>,
    /// Difficulty → `[min, max]` weeks.
    #[serde(default)]
    weeks: BTreeMap<Spanned<String>, Spanned<Vec<i64>>>,
}

/// How the assessment's roadmap is planned: the `[roadmap]` table of `maturity.toml`. It
/// serialises as that table (exports and stores write it back), so every key is the one the
/// parser reads.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RoadmapConfig {
    /// The level every criterion aims for unless listed in `levels`.
    #[serde(rename = "level", skip_serializing_if = "Option::is_none")]
    pub default_level: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phases: Option<usize>,
    /// Effort points per phase.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
    /// Proposal catalogs of the user's own, relative to the assessment directory.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub proposal_files: Vec<String>,
    /// Model id → target score.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub targets: BTreeMap<String, f64>,
    /// Criterion id → target level.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub levels: BTreeMap<String, u8>,
    /// Proposals planned whatever the gaps, with what they require.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub include: Vec<String>,
    /// Proposals never planned.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// Proposals already carried out: what they raise counts as met, and so do their
    /// prerequisites.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub done: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_step: Option<u8>,
    /// The most proposals the plan holds.
    #[serde(rename = "proposals", skip_serializing_if = "Option::is_none")]
    pub max_proposals: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub people: Option<u32>,
    /// `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Difficulty letter → `[min, max]` weeks.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub weeks: BTreeMap<String, [u32; 2]>,
    /// The 1-based line of each id in `include`, `exclude` and `done`, for messages about ids
    /// the catalog does not know; not written back.
    #[serde(skip)]
    pub proposal_lines: SourceLines,
}

/// Where ids were written. Not part of what a configuration means: two configurations that
/// differ only in layout are equal, so an export reads back equal to what it was made from.
#[derive(Debug, Clone, Default)]
pub struct SourceLines(pub BTreeMap<String, usize>);

impl PartialEq for SourceLines {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl SourceLines {
    pub fn get(&self, id: &str) -> Option<&usize> {
        self.0.get(id)
    }
}

impl RoadmapConfig {
    /// Checks that `include`, `exclude` and `done` name proposals of `catalog`: a mistyped id
    /// is an error at its line in `file` (the assessment's `maturity.toml`), with the nearest id.
    pub fn check_proposals(&self, file: &str, catalog: &crate::Catalog) -> Result<(), Diagnostics> {
        let mut problems = Vec::new();
        for (key, ids) in [
            ("include", &self.include),
            ("exclude", &self.exclude),
            ("done", &self.done),
        ] {
            for id in ids.iter().filter(|id| catalog.get(id).is_none()) {
                let mut d = Diagnostic::new(file, format!("roadmap {key} names unknown proposal `{id}`"));
                d.line = self.proposal_lines.get(id).copied();
                problems.push(match nearest(id, catalog.ids()) {
                    Some(near) => d.with_help(format!("did you mean `{near}`?")),
                    None => d.with_help("`maturity proposals` lists the known proposal ids"),
                });
            }
        }
        Diagnostics(problems).into_result(())
    }
}

/// Checks `[roadmap]`: targets name the assessment's models and criteria, on their scales.
pub(super) fn check_roadmap(
    config: &ConfigFile,
    models: &[Model],
    problems: &mut Vec<Diagnostic>,
) -> RoadmapConfig {
    let raw = &config.roadmap;
    let phases = positive(config, &raw.phases, "phases", problems).map(|n| n as usize);
    let capacity = positive(config, &raw.capacity, "capacity", problems);
    let mut targets = BTreeMap::new();
    for (model, score) in &raw.targets {
        if !models.iter().any(|m| &m.id == model.get_ref()) {
            let mut d = config.at(
                format!("roadmap target for unknown model `{}`", model.get_ref()),
                model.span().start,
            );
            if let Some(near) = nearest(model.get_ref(), models.iter().map(|m| m.id.as_str())) {
                d = d.with_help(format!("did you mean `{near}`?"));
            }
            problems.push(d);
        }
        if !(0.0..=100.0).contains(score.get_ref()) {
            problems.push(
                config
                    .at(
                        format!("target score {} is outside 0..100", score.get_ref()),
                        score.span().start,
                    )
                    .with_help("a model's target is a score on the 0–100 scale"),
            );
        }
        targets.insert(model.get_ref().clone(), *score.get_ref());
    }
    let default_level = raw.level.as_ref().and_then(|l| target_level(config, l, problems));
    let mut levels = BTreeMap::new();
    for (criterion, level) in &raw.levels {
        let known = models
            .iter()
            .flat_map(Model::criteria)
            .any(|c| &c.id == criterion.get_ref());
        if !known {
            let valid = models.iter().flat_map(|m| m.criteria().map(|c| c.id.as_str()));
            let mut d = config.at(
                format!("roadmap target for unknown criterion `{}`", criterion.get_ref()),
                criterion.span().start,
            );
            if let Some(near) = nearest(criterion.get_ref(), valid) {
                d = d.with_help(format!("did you mean `{near}`?"));
            }
            problems.push(d);
        }
        if let Some(l) = target_level(config, level, problems) {
            levels.insert(criterion.get_ref().clone(), l);
        }
    }
    let max_step = positive(config, &raw.max_step, "max_step", problems)
        .map(|n| u8::try_from(n.min(u32::from(crate::LEVELS))).unwrap_or(crate::LEVELS));
    let max_proposals = positive(config, &raw.proposals, "proposals", problems).map(|n| n as usize);
    let people = positive(config, &raw.people, "people", problems);
    let start = raw
        .start
        .as_ref()
        .and_then(|start| calendar_date(config, start, problems));
    let mut weeks = BTreeMap::new();
    for (size, range) in &raw.weeks {
        let known = ["S", "M", "L"].contains(&size.get_ref().as_str());
        let values = range.get_ref();
        let bounds = match values.as_slice() {
            [min, max] if known && 1 <= *min && min <= max => {
                u32::try_from(*min).ok().zip(u32::try_from(*max).ok())
            }
            _ => None,
        };
        match bounds {
            Some((min, max)) => {
                weeks.insert(size.get_ref().clone(), [min, max]);
            }
            None if !known => problems.push(
                config
                    .at(
                        format!("roadmap weeks for unknown size `{}`", size.get_ref()),
                        size.span().start,
                    )
                    .with_help("sizes are S, M and L"),
            ),
            None => problems.push(
                config
                    .at(
                        format!(
                            "roadmap weeks for {} must be [min, max] with 1 <= min <= max",
                            size.get_ref()
                        ),
                        range.span().start,
                    )
                    .with_help("e.g. M = [3, 6]"),
            ),
        }
    }
    let mut proposal_lines = BTreeMap::new();
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    let mut ids_of = |key: &'static str, entries: &[Spanned<String>]| {
        let mut ids = Vec::new();
        for entry in entries {
            let id = entry.get_ref();
            if let Some(other) = seen.insert(id.clone(), key) {
                problems.push(
                    config
                        .at(
                            format!("proposal `{id}` is listed in roadmap {other} and {key}"),
                            entry.span().start,
                        )
                        .with_help("list a proposal in one of include, exclude and done"),
                );
                continue;
            }
            proposal_lines.insert(id.clone(), config.line_of(entry.span().start));
            ids.push(id.clone());
        }
        ids
    };
    let include = ids_of("include", &raw.include);
    let exclude = ids_of("exclude", &raw.exclude);
    let done = ids_of("done", &raw.done);
    RoadmapConfig {
        default_level,
        phases,
        capacity,
        targets,
        levels,
        proposal_files: raw.proposal_files.clone(),
        include,
        exclude,
        done,
        max_step,
        max_proposals,
        people,
        start,
        weeks,
        proposal_lines: SourceLines(proposal_lines),
    }
}

/// A `[roadmap]` count that must be at least 1.
fn positive(
    config: &ConfigFile,
    value: &Option<Spanned<i64>>,
    what: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<u32> {
    let value = value.as_ref()?;
    let n = *value.get_ref();
    if n < 1 {
        problems.push(
            config
                .at(
                    format!("roadmap {what} must be at least 1, not {n}"),
                    value.span().start,
                )
                .with_help(format!("give a positive number of {what}")),
        );
    }
    u32::try_from(n).ok().filter(|n| *n >= 1)
}

fn target_level(config: &ConfigFile, level: &Spanned<i64>, problems: &mut Vec<Diagnostic>) -> Option<u8> {
    let found = u8::try_from(*level.get_ref())
        .ok()
        .filter(|l| (1..=crate::LEVELS).contains(l));
    if found.is_none() {
        problems.push(
            config
                .at(
                    format!("target level {} is outside 1..4", level.get_ref()),
                    level.span().start,
                )
                .with_help("a criterion's target is a level 1..4"),
        );
    }
    found
}
