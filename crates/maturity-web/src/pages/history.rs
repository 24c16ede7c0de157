//! The history of a subject (its assessments' scores over time) and the comparison of two
//! assessments criterion by criterion.

use axum::extract::{Path, Query, State};
use axum::response::Html;
use minijinja::context;
use minijinja::value::Value;
use serde::Deserialize;

use maturity_store::{AssessmentSummary, Id};

use super::{base, merge, page};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::results::Computed;
use crate::state::AppState;

fn label(s: &AssessmentSummary) -> String {
    match &s.date {
        Some(d) => format!("{d} (#{})", s.id),
        None => format!("#{}", s.id),
    }
}

pub async fn history(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<Id>,
) -> Result<Html<String>, AppError> {
    let current = state.cache.get(state.store.as_ref(), id).await?;
    let subject = current.record.summary.subject.clone();
    let summaries = state.store.assessments_by_subject(&subject).await?;
    let mut computed = Vec::new();
    for s in &summaries {
        computed.push((s, state.cache.get(state.store.as_ref(), s.id).await?));
    }
    // Series: every model seen, then every area of those models, in first-seen order.
    let mut series: Vec<(String, String)> = Vec::new();
    for (_, c) in &computed {
        if let Ok(r) = &c.results {
            for m in &r.report.models {
                if !series.iter().any(|(id, _)| id == &m.id) {
                    series.push((m.id.clone(), m.name.clone()));
                }
            }
        }
    }
    let model_count = series.len();
    for (_, c) in &computed {
        if let Ok(r) = &c.results {
            for m in &r.report.models {
                for a in m.areas.iter().filter(|_| m.areas.len() > 1) {
                    if !series.iter().any(|(id, _)| id == &a.id) {
                        series.push((a.id.clone(), format!("{} · {}", m.name, a.name)));
                    }
                }
            }
        }
    }
    let value = |c: &Computed, id: &str| -> Option<f64> {
        let r = c.results.as_ref().ok()?;
        r.report.models.iter().find_map(|m| {
            if m.id == id {
                m.score
            } else {
                m.areas.iter().find(|a| a.id == id).and_then(|a| a.score)
            }
        })
    };
    let table: Vec<Vec<Option<f64>>> = computed
        .iter()
        .map(|(_, c)| series.iter().map(|(id, _)| value(c, id)).collect())
        .collect();
    let labels: Vec<String> = computed.iter().map(|(s, _)| label(s)).collect();
    let label_refs: Vec<&str> = labels.iter().map(String::as_str).collect();
    let columns: Vec<Vec<Option<f64>>> = (0..series.len())
        .map(|k| table.iter().map(|row| row[k]).collect())
        .collect();
    let model_series: Vec<maturity_report::svg::Series> = series[..model_count]
        .iter()
        .zip(&columns)
        .map(|((_, name), values)| maturity_report::svg::Series { label: name, values })
        .collect();
    let mut chart = maturity_report::svg::lines("Model scores over time", &label_refs, &model_series);
    // One chart of areas per model with several areas.
    for (model_id, model_name) in &series[..model_count] {
        let prefix = format!("{model_id}.");
        let areas: Vec<maturity_report::svg::Series> = series
            .iter()
            .zip(&columns)
            .skip(model_count)
            .filter(|((id, _), _)| id.starts_with(&prefix))
            .map(|((_, name), values)| maturity_report::svg::Series { label: name, values })
            .collect();
        if !areas.is_empty() {
            chart.push_str(&maturity_report::svg::lines(
                &format!("{model_name}: areas over time"),
                &label_refs,
                &areas,
            ));
        }
    }
    let rows: Vec<Value> = computed
        .iter()
        .zip(&table)
        .map(|((s, _), values)| context! { id => s.id, label => label(s), values => values })
        .collect();
    page(
        &state,
        "history.html",
        merge(
            base(&user),
            context! {
                subject => subject,
                current => id,
                chart => Value::from_safe_string(chart),
                series => series.iter().map(|(_, name)| name.clone()).collect::<Vec<_>>(),
                rows => rows,
            },
        ),
    )
}

#[derive(Deserialize)]
pub struct CompareQuery {
    from: Id,
    to: Id,
}

pub async fn compare(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<CompareQuery>,
) -> Result<Html<String>, AppError> {
    let from = state.cache.get(state.store.as_ref(), q.from).await?;
    let to = state.cache.get(state.store.as_ref(), q.to).await?;
    let criteria = |c: &Computed| -> Vec<(String, String, Option<f64>, Option<f64>)> {
        c.results
            .as_ref()
            .map(|r| {
                r.report
                    .models
                    .iter()
                    .flat_map(|m| m.areas.iter().flat_map(|a| a.criteria.iter()))
                    .map(|c| (c.id.clone(), c.name.clone(), c.level, c.score))
                    .collect()
            })
            .unwrap_or_default()
    };
    let before = criteria(&from);
    let after = criteria(&to);
    let mut ids: Vec<(String, String)> = before.iter().map(|c| (c.0.clone(), c.1.clone())).collect();
    for c in &after {
        if !ids.iter().any(|(id, _)| id == &c.0) {
            ids.push((c.0.clone(), c.1.clone()));
        }
    }
    let mut rows: Vec<(f64, Value)> = ids
        .iter()
        .map(|(id, name)| {
            let b = before.iter().find(|c| &c.0 == id);
            let a = after.iter().find(|c| &c.0 == id);
            let delta = match (b.and_then(|c| c.3), a.and_then(|c| c.3)) {
                (Some(b), Some(a)) => Some(a - b),
                _ => None,
            };
            let direction = match delta {
                Some(d) if d > 0.5 => "up",
                Some(d) if d < -0.5 => "down",
                Some(_) => "same",
                None => "unknown",
            };
            let order = delta.map_or(-1.0, f64::abs);
            (
                order,
                context! {
                    id => id, name => name, before => b.and_then(|c| c.2), after => a.and_then(|c| c.2),
                    delta => delta, direction => direction,
                },
            )
        })
        .collect();
    rows.sort_by(|x, y| y.0.total_cmp(&x.0));
    page(
        &state,
        "compare.html",
        merge(
            base(&user),
            context! {
                from => context! { id => q.from, label => label(&from.record.summary) },
                to => context! { id => q.to, label => label(&to.record.summary) },
                criteria => rows.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
            },
        ),
    )
}
