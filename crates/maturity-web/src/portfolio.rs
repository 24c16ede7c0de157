//! The portfolio: every subject an account may see, by its latest assessment, side by side —
//! model and area scores, the change of each model since the assessment before, the sites its
//! respondents work at and its DORA bands — filtered and sorted as the page or the API asks.
//!
//! Plain data: each report's [`Card`] in, a table out; no HTTP, no store and no clock
//! (`pages::portfolio` and the API's `/api/v1/portfolio` load the cards). A missing score stays
//! `None`, never 0.

use std::collections::{BTreeMap, BTreeSet};

use maturity_assess::metrics::{Band, Bands};
use maturity_report::Report;
use serde::{Deserialize, Serialize};

/// One subject: its latest assessment's card, and the one before it when there is one.
#[derive(Debug)]
pub struct Entry<'a> {
    pub subject: &'a str,
    pub assessment: i64,
    pub card: &'a Card,
    pub previous: Option<&'a Card>,
}

/// What the portfolio shows of one report. `results::Cache` keeps one per assessment revision:
/// a page of hundreds of subjects then neither recomputes nor holds their whole reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub date: Option<String>,
    pub sites: Vec<String>,
    pub models: Vec<CardModel>,
    pub dora: Option<Dora>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CardModel {
    pub id: String,
    pub name: String,
    pub score: Option<f64>,
    pub areas: Vec<CardArea>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CardArea {
    pub id: String,
    pub name: String,
    pub score: Option<f64>,
}

impl Card {
    pub fn of(report: &Report) -> Card {
        Card {
            date: report.date.clone(),
            sites: report.respondents.sites.keys().cloned().collect(),
            models: report
                .models
                .iter()
                .map(|m| CardModel {
                    id: m.id.clone(),
                    name: m.name.clone(),
                    score: m.score,
                    areas: m
                        .areas
                        .iter()
                        .map(|a| CardArea {
                            id: a.id.clone(),
                            name: a.name.clone(),
                            score: a.score,
                        })
                        .collect(),
                })
                .collect(),
            dora: (!report.delivery.is_empty()).then(|| {
                // Each key from the first source that measured it: a pushed scan (git) comes
                // before the stored events, which fill the keys the scan could not measure.
                let first = |key: fn(&Bands) -> Option<Band>| {
                    report.delivery.iter().find_map(|d| key(&d.metrics.bands))
                };
                let keys = [
                    first(|b| b.deployment_frequency),
                    first(|b| b.lead_time),
                    first(|b| b.change_failure_rate),
                    first(|b| b.failed_deployment_recovery_time),
                ];
                Dora {
                    deployment_frequency: keys[0],
                    lead_time: keys[1],
                    change_failure_rate: keys[2],
                    failed_deployment_recovery_time: keys[3],
                    weakest: keys.into_iter().flatten().max_by_key(|band| rank(*band)),
                }
            }),
        }
    }
}

/// What to show: `model`, `area` (`<model>.<area>`) and `site` keep the subjects that have
/// them, `group` the subjects in that group; `sort` is `subject` (the default), `date`,
/// `group`, a model id or an area id (highest first), or `change:<model>` (largest rise first).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Filter {
    pub model: Option<String>,
    pub area: Option<String>,
    pub site: Option<String>,
    pub sort: Option<String>,
    pub group: Option<String>,
}

/// A model or area column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    pub id: String,
    pub name: String,
}

/// A model's score in one row, and how far it moved since the assessment before.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scored {
    pub score: Option<f64>,
    pub change: Option<f64>,
}

/// The DORA bands of a subject, each from the first delivery source that measured it (a
/// pushed scan before stored events), and the weakest of them: the band every key measured
/// reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Dora {
    pub deployment_frequency: Option<Band>,
    pub lead_time: Option<Band>,
    pub change_failure_rate: Option<Band>,
    pub failed_deployment_recovery_time: Option<Band>,
    pub weakest: Option<Band>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub subject: String,
    pub assessment: i64,
    pub date: Option<String>,
    pub sites: Vec<String>,
    /// The groups the subject is in, by name.
    pub groups: Vec<String>,
    /// By model id, for the models the filter shows.
    pub models: BTreeMap<String, Scored>,
    /// By area id: with an area filter, that area; else none (the page links to the report).
    pub areas: BTreeMap<String, Option<f64>>,
    pub dora: Option<Dora>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Portfolio {
    pub filter: Filter,
    /// The model columns shown, in first-seen order.
    pub models: Vec<Column>,
    /// The area column shown (with an area filter).
    pub areas: Vec<Column>,
    /// What the filters may choose from, across every subject.
    pub choices: Choices,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Choices {
    pub models: Vec<Column>,
    pub areas: Vec<Column>,
    pub sites: Vec<String>,
    pub groups: Vec<String>,
}

/// The portfolio of `entries` under `filter`.
pub fn portfolio(entries: &[Entry], filter: &Filter) -> Portfolio {
    let mut choices = Choices::default();
    let mut sites = BTreeSet::new();
    for entry in entries {
        for model in &entry.card.models {
            push_new(&mut choices.models, &model.id, &model.name);
            for area in &model.areas {
                push_new(
                    &mut choices.areas,
                    &area.id,
                    &format!("{} · {}", model.name, area.name),
                );
            }
        }
        sites.extend(entry.card.sites.iter().cloned());
    }
    choices.sites = sites.into_iter().collect();
    let keep = |entry: &&Entry| {
        let card = entry.card;
        filter
            .model
            .as_ref()
            .is_none_or(|m| card.models.iter().any(|x| &x.id == m))
            && filter
                .area
                .as_ref()
                .is_none_or(|a| card.models.iter().flat_map(|m| &m.areas).any(|x| &x.id == a))
            && filter.site.as_ref().is_none_or(|s| card.sites.contains(s))
    };
    let models: Vec<Column> = choices
        .models
        .iter()
        .filter(|m| filter.model.as_ref().is_none_or(|f| f == &m.id))
        .cloned()
        .collect();
    let areas: Vec<Column> = choices
        .areas
        .iter()
        .filter(|a| filter.area.as_ref() == Some(&a.id))
        .cloned()
        .collect();
    let mut rows: Vec<Row> = entries
        .iter()
        .filter(keep)
        .map(|entry| row(entry, &models, &areas))
        .collect();
    sort(&mut rows, filter.sort.as_deref().unwrap_or("subject"));
    Portfolio {
        filter: filter.clone(),
        models,
        areas,
        choices,
        rows,
    }
}

fn push_new(columns: &mut Vec<Column>, id: &str, name: &str) {
    if !columns.iter().any(|c| c.id == id) {
        columns.push(Column {
            id: id.to_string(),
            name: name.to_string(),
        });
    }
}

fn row(entry: &Entry, models: &[Column], areas: &[Column]) -> Row {
    let card = entry.card;
    let model_score = |card: &Card, id: &str| card.models.iter().find(|m| m.id == id).and_then(|m| m.score);
    let area_score = |id: &str| {
        card.models
            .iter()
            .flat_map(|m| &m.areas)
            .find(|a| a.id == id)
            .and_then(|a| a.score)
    };
    Row {
        subject: entry.subject.to_string(),
        assessment: entry.assessment,
        date: card.date.clone(),
        sites: card.sites.clone(),
        groups: Vec::new(),
        models: models
            .iter()
            .map(|m| {
                let score = model_score(card, &m.id);
                let before = entry.previous.and_then(|p| model_score(p, &m.id));
                let change = score.zip(before).map(|(now, then)| now - then);
                (m.id.clone(), Scored { score, change })
            })
            .collect(),
        areas: areas.iter().map(|a| (a.id.clone(), area_score(&a.id))).collect(),
        dora: card.dora,
    }
}

/// Names each row's groups (`groups_of`, by subject) and the groups the filter offers; sorts
/// by group (then subject) when asked. The loader keeps only the group's subjects beforehand.
pub fn label_groups(
    portfolio: &mut Portfolio,
    groups_of: &BTreeMap<String, Vec<String>>,
    choices: Vec<String>,
) {
    for row in &mut portfolio.rows {
        row.groups = groups_of.get(&row.subject).cloned().unwrap_or_default();
    }
    portfolio.choices.groups = choices;
    if portfolio.filter.sort.as_deref() == Some("group") {
        // Subjects in no group last.
        portfolio.rows.sort_by(|a, b| {
            (a.groups.is_empty(), &a.groups, &a.subject).cmp(&(b.groups.is_empty(), &b.groups, &b.subject))
        });
    }
}

/// Worse bands rank higher.
fn rank(band: Band) -> u8 {
    match band {
        Band::Elite => 0,
        Band::High => 1,
        Band::Medium => 2,
        Band::Low => 3,
    }
}

/// Sorts by `key`; rows without a value go last, ties by subject.
fn sort(rows: &mut [Row], key: &str) {
    let value = |row: &Row| -> Option<f64> {
        if let Some(model) = key.strip_prefix("change:") {
            return row.models.get(model).and_then(|s| s.change);
        }
        row.models
            .get(key)
            .and_then(|s| s.score)
            .or_else(|| row.areas.get(key).copied().flatten())
    };
    match key {
        "subject" => rows.sort_by(|a, b| a.subject.cmp(&b.subject)),
        "date" => rows.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.subject.cmp(&b.subject))),
        _ => rows.sort_by(|a, b| {
            let (x, y) = (value(a), value(b));
            match (x, y) {
                (Some(x), Some(y)) => y.total_cmp(&x),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
            .then_with(|| a.subject.cmp(&b.subject))
        }),
    }
}
