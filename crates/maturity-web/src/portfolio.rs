//! The portfolio: every subject an account may see, by its latest assessment, side by side —
//! model and area scores, the change of each model since the assessment before, the sites its
//! respondents work at and its DORA bands — filtered and sorted as the page or the API asks.
//!
//! Plain data: reports in, a table out; no HTTP, no store and no clock (`pages::portfolio` and
//! the API's `/api/v1/portfolio` load the reports). A missing score stays `None`, never 0.

use std::collections::{BTreeMap, BTreeSet};

use maturity_assess::metrics::{Band, Bands};
use maturity_report::Report;
use serde::{Deserialize, Serialize};

/// One subject: its latest assessment's report, and the one before it when there is one.
#[derive(Debug)]
pub struct Entry<'a> {
    pub subject: &'a str,
    pub assessment: i64,
    pub report: &'a Report,
    pub previous: Option<&'a Report>,
}

/// What to show: `model`, `area` (`<model>.<area>`) and `site` keep the subjects that have
/// them; `sort` is `subject` (the default), `date`, a model id or an area id (highest first),
/// or `change:<model>` (largest rise first).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Filter {
    pub model: Option<String>,
    pub area: Option<String>,
    pub site: Option<String>,
    pub sort: Option<String>,
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
}

/// The portfolio of `entries` under `filter`.
pub fn portfolio(entries: &[Entry], filter: &Filter) -> Portfolio {
    let mut choices = Choices::default();
    let mut sites = BTreeSet::new();
    for entry in entries {
        for model in &entry.report.models {
            push_new(&mut choices.models, &model.id, &model.name);
            for area in &model.areas {
                push_new(
                    &mut choices.areas,
                    &area.id,
                    &format!("{} · {}", model.name, area.name),
                );
            }
        }
        sites.extend(entry.report.respondents.sites.keys().cloned());
    }
    choices.sites = sites.into_iter().collect();
    let keep = |entry: &&Entry| {
        let report = entry.report;
        filter
            .model
            .as_ref()
            .is_none_or(|m| report.models.iter().any(|x| &x.id == m))
            && filter
                .area
                .as_ref()
                .is_none_or(|a| report.models.iter().flat_map(|m| &m.areas).any(|x| &x.id == a))
            && filter
                .site
                .as_ref()
                .is_none_or(|s| report.respondents.sites.contains_key(s))
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
    let report = entry.report;
    let model_score =
        |report: &Report, id: &str| report.models.iter().find(|m| m.id == id).and_then(|m| m.score);
    let area_score = |id: &str| {
        report
            .models
            .iter()
            .flat_map(|m| &m.areas)
            .find(|a| a.id == id)
            .and_then(|a| a.score)
    };
    Row {
        subject: entry.subject.to_string(),
        assessment: entry.assessment,
        date: report.date.clone(),
        sites: report.respondents.sites.keys().cloned().collect(),
        models: models
            .iter()
            .map(|m| {
                let score = model_score(report, &m.id);
                let before = entry.previous.and_then(|p| model_score(p, &m.id));
                let change = score.zip(before).map(|(now, then)| now - then);
                (m.id.clone(), Scored { score, change })
            })
            .collect(),
        areas: areas.iter().map(|a| (a.id.clone(), area_score(&a.id))).collect(),
        dora: (!report.delivery.is_empty()).then(|| {
            // Each key from the first source that measured it: a pushed scan (git) comes
            // before the stored events, which fill the keys the scan could not measure.
            let first =
                |key: fn(&Bands) -> Option<Band>| report.delivery.iter().find_map(|d| key(&d.metrics.bands));
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
