//! `maturity metrics` as text, in one place: a plain-text table for the terminal, the JSON
//! contract, and Markdown, which is the report's delivery section for this one source (the
//! same template, so the two never drift apart).
//!
//! `--explain METRIC` adds what is behind one metric to the table and Markdown; JSON always
//! carries the explanations (and `commits[]` when the metrics were computed with
//! `explain_commits`).

use std::fmt::Write as _;
use std::str::FromStr;

use maturity_assess::metrics::{Band, DEFAULT_ENVIRONMENT, DeliverySource, Metrics};

use crate::render::{RenderError, TextFormat, collapse_blank_lines, render_delivery_markdown};
use crate::view::Delivery;

/// How many commits a delivery shipped, with the first few of them when they are listed.
fn shipped_cell(count: usize, commits: Option<&[String]>) -> String {
    const SHOWN: usize = 3;
    let Some(commits) = commits.filter(|c| !c.is_empty()) else {
        return count.to_string();
    };
    let short: Vec<&str> = commits
        .iter()
        .take(SHOWN)
        .map(|c| &c[..c.len().min(12)])
        .collect();
    let more = commits.len().saturating_sub(SHOWN);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    format!("{count}: {}{more}", short.join(", "))
}

/// A metric whose details `--explain` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Explain {
    DeploymentFrequency,
    LeadTime,
    ChangeFailureRate,
    Recovery,
    Rework,
    People,
    Silos,
}

impl Explain {
    pub const NAMES: [&'static str; 7] = [
        "deployment-frequency",
        "lead-time",
        "change-failure-rate",
        "failed-deployment-recovery-time",
        "deployment-rework-rate",
        "people",
        "silos",
    ];
}

impl FromStr for Explain {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "deployment-frequency" | "deployments" | "releases" => Self::DeploymentFrequency,
            "lead-time" => Self::LeadTime,
            "change-failure-rate" | "cfr" => Self::ChangeFailureRate,
            "failed-deployment-recovery-time" | "recovery" => Self::Recovery,
            "deployment-rework-rate" | "rework" => Self::Rework,
            "people" => Self::People,
            "silos" => Self::Silos,
            other => {
                return Err(format!(
                    "unknown metric `{other}`; expected one of {}",
                    Self::NAMES.join(", ")
                ));
            }
        })
    }
}

/// `metrics` in `format`, headed `label` in Markdown (e.g. `git history of ../api`).
pub fn render_metrics(
    metrics: &Metrics,
    label: &str,
    format: TextFormat,
    explain: Option<Explain>,
) -> Result<String, RenderError> {
    Ok(match format {
        TextFormat::Json => {
            let mut json = metrics.to_json();
            json.push('\n');
            json
        }
        TextFormat::Table => render_table(metrics, explain),
        TextFormat::Md => {
            let mut out = render_delivery_markdown(&[Delivery {
                source: label.to_string(),
                metrics: metrics.clone(),
            }])?;
            if let Some(explain) = explain {
                out.push('\n');
                explain_text(&mut out, metrics, explain, true);
                out = collapse_blank_lines(&out);
            }
            out
        }
    })
}

fn opt(value: Option<f64>, digits: usize) -> String {
    value.map_or_else(|| "–".to_string(), |v| format!("{v:.digits$}"))
}

fn band(b: Option<Band>) -> &'static str {
    b.map_or("–", Band::as_str)
}

/// One row per key metric: name, value, band, note.
fn key_rows(m: &Metrics) -> Vec<[String; 4]> {
    let df = &m.deployment_frequency;
    let lt = &m.lead_time;
    let cfr = &m.change_failure_rate;
    let rec = &m.failed_deployment_recovery_time;
    let rework = &m.deployment_rework_rate;
    let est = |e: bool| if e { " (estimate)" } else { "" };
    vec![
        [
            "Deployment frequency".into(),
            format!("{:.2}/week ({:.2}/month)", df.per_week, df.per_month),
            band(m.bands.deployment_frequency).into(),
            format!(
                "{} deliveries; cadence median {} d, p90 {} d",
                df.count,
                opt(df.cadence.median_days, 1),
                opt(df.cadence.p90_days, 1)
            ),
        ],
        [
            "Lead time for changes".into(),
            format!("median {} h", opt(lt.median_hours, 1)),
            band(m.bands.lead_time).into(),
            format!(
                "p75 {} h, p90 {} h; {} commits, {} unreleased",
                opt(lt.p75_hours, 1),
                opt(lt.p90_hours, 1),
                lt.count,
                lt.unreleased
            ),
        ],
        [
            "Change failure rate".into(),
            cfr.value
                .map_or_else(|| "–".into(), |v| format!("{:.1} %", v * 100.0)),
            band(m.bands.change_failure_rate).into(),
            format!("{} of {} failed{}", cfr.failed, cfr.total, est(cfr.estimated)),
        ],
        [
            "Failed deployment recovery time".into(),
            format!("median {} h", opt(rec.median_hours, 1)),
            band(m.bands.failed_deployment_recovery_time).into(),
            format!("{} recoveries{}", rec.count, est(rec.estimated)),
        ],
        [
            "Deployment rework rate".into(),
            rework
                .value
                .map_or_else(|| "–".into(), |v| format!("{:.1} %", v * 100.0)),
            "–".into(),
            format!("{} of {} were rework", rework.reworked, rework.total),
        ],
    ]
}

const BREAKDOWN_HEADER: [&str; 8] = [
    "service",
    "environment",
    "deliveries",
    "per week",
    "lead time",
    "failure rate",
    "recovery",
    "rework",
];

/// One row per entry of the breakdown by service and environment.
fn breakdown_rows(m: &Metrics) -> Vec<Vec<String>> {
    let percent = |v: Option<f64>| v.map_or_else(|| "–".into(), |v| format!("{:.0} %", v * 100.0));
    m.breakdown
        .iter()
        .map(|b| {
            let environment = if b.role == b.environment {
                b.environment.clone()
            } else {
                format!("{} ({})", b.environment, b.role)
            };
            vec![
                b.service.clone().unwrap_or_else(|| "all".into()),
                environment,
                b.deliveries.to_string(),
                format!("{:.2}", b.deployment_frequency_per_week),
                format!("{} h", opt(b.lead_time_median_hours, 1)),
                percent(b.change_failure_rate),
                format!("{} h", opt(b.failed_deployment_recovery_time_median_hours, 1)),
                percent(b.deployment_rework_rate),
            ]
        })
        .collect()
}

fn table(out: &mut String, header: &[&str], rows: &[Vec<String>]) {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |out: &mut String, cells: &[String]| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = widths[i] - cell.chars().count();
            text.push_str(cell);
            if i + 1 < cells.len() {
                text.push_str(&" ".repeat(pad + 2));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line(out, &header.iter().map(|h| (*h).to_string()).collect::<Vec<_>>());
    line(out, &widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>());
    for row in rows {
        line(out, row);
    }
}

/// The terminal table.
fn render_table(metrics: &Metrics, explain: Option<Explain>) -> String {
    let m = metrics;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Delivery metrics {} → {} ({:.0} days), from {}; bands: {}",
        m.window.since,
        m.window.until,
        m.window.days,
        match m.source {
            DeliverySource::ReleaseTags => "release tags".to_string(),
            DeliverySource::Deployments => format!(
                "deployments to {}",
                m.environment.as_deref().unwrap_or(DEFAULT_ENVIRONMENT)
            ),
        },
        m.benchmark.name
    );
    out.push('\n');
    let rows: Vec<Vec<String>> = key_rows(m).into_iter().map(Vec::from).collect();
    table(&mut out, &["metric", "value", "band", "behind it"], &rows);
    out.push('\n');
    if !m.breakdown.is_empty() {
        table(&mut out, &BREAKDOWN_HEADER, &breakdown_rows(m));
        out.push('\n');
    }
    let p = &m.people;
    let _ = writeln!(
        out,
        "People and flow: {} contributors, {} commits ({:.1}/week), merges {} of the main line",
        p.contributors,
        p.commits,
        p.commits_per_week,
        p.merge_share
            .map_or_else(|| "–".to_string(), |s| format!("{:.0} %", s * 100.0))
    );
    if let Some(silos) = &m.silos {
        let _ = writeln!(
            out,
            "Knowledge silos (depth {}): {} of {} directories have a bus factor of 1",
            silos.depth,
            silos.flagged,
            silos.directories.len()
        );
    }
    if !m.levels.is_empty() {
        out.push('\n');
        let rows: Vec<Vec<String>> = m
            .levels
            .iter()
            .map(|l| vec![l.criterion.clone(), l.level.to_string(), l.rule.clone()])
            .collect();
        table(&mut out, &["criterion", "observed", "rule"], &rows);
    }
    if !m.warnings.is_empty() {
        out.push('\n');
        for w in &m.warnings {
            let _ = writeln!(out, "warning[{}]: {}", w.code, w.message);
        }
    }
    if let Some(explain) = explain {
        out.push('\n');
        explain_text(&mut out, m, explain, false);
    }
    out
}

fn explain_text(out: &mut String, m: &Metrics, explain: Explain, markdown: bool) {
    let heading = |out: &mut String, text: &str| {
        if markdown {
            let _ = writeln!(out, "### {text}\n");
        } else {
            let _ = writeln!(out, "{text}\n");
        }
    };
    let emit = |out: &mut String, header: &[&str], rows: Vec<Vec<String>>| {
        if markdown {
            let _ = writeln!(out, "| {} |", header.join(" | "));
            let _ = writeln!(out, "|{}", " --- |".repeat(header.len()));
            for row in rows {
                let _ = writeln!(out, "| {} |", row.join(" | "));
            }
        } else {
            table(out, header, &rows);
        }
    };
    match explain {
        Explain::DeploymentFrequency => {
            if let Some(deployments) = &m.deployments {
                heading(out, "Deployments behind the frequency");
                let rows = deployments
                    .iter()
                    .map(|d| {
                        vec![
                            d.line.to_string(),
                            d.time.clone(),
                            d.environment.clone(),
                            d.version.clone().unwrap_or_default(),
                            d.commit
                                .as_deref()
                                .map(|c| c[..12].to_string())
                                .unwrap_or_default(),
                            format!("{:?}", d.status).to_lowercase(),
                            if d.counted { "yes" } else { "no" }.to_string(),
                            shipped_cell(d.new_commits, d.commits.as_deref()),
                        ]
                    })
                    .collect();
                emit(
                    out,
                    &[
                        "line",
                        "time",
                        "environment",
                        "version",
                        "commit",
                        "status",
                        "counted",
                        "shipped commits",
                    ],
                    rows,
                );
            } else {
                heading(out, "Releases behind the frequency");
                let rows = m
                    .releases
                    .iter()
                    .map(|r| {
                        vec![
                            r.name.clone(),
                            r.time.clone(),
                            r.commit[..12].to_string(),
                            shipped_cell(r.new_commits, r.commits.as_deref()),
                            if r.in_window { "yes" } else { "no" }.to_string(),
                        ]
                    })
                    .collect();
                emit(
                    out,
                    &["release", "time", "commit", "new commits", "counted"],
                    rows,
                );
            }
        }
        Explain::LeadTime => {
            heading(out, "Lead time by month of delivery");
            let rows = m
                .lead_time
                .monthly
                .iter()
                .map(|l| {
                    vec![
                        l.month.clone(),
                        opt(l.median_hours, 1),
                        opt(l.p75_hours, 1),
                        opt(l.p90_hours, 1),
                        l.count.to_string(),
                    ]
                })
                .collect();
            emit(out, &["month", "median h", "p75 h", "p90 h", "commits"], rows);
            if let Some(commits) = &m.commits {
                out.push('\n');
                heading(out, "Commits");
                let rows = commits
                    .iter()
                    .map(|c| {
                        vec![
                            c.id[..12].to_string(),
                            c.time.clone(),
                            c.first_release.clone().unwrap_or_else(|| "unreleased".into()),
                            opt(c.lead_time_hours, 1),
                        ]
                    })
                    .collect();
                emit(out, &["commit", "time", "first release", "lead time h"], rows);
            }
        }
        Explain::ChangeFailureRate | Explain::Recovery => {
            let cfr = &m.change_failure_rate;
            heading(
                out,
                &format!(
                    "Failed deliveries ({}{})",
                    cfr.method,
                    if cfr.estimated { ", estimate" } else { "" }
                ),
            );
            let rows = cfr
                .failures
                .iter()
                .map(|f| vec![f.delivery.clone(), f.time.clone(), f.reason.clone()])
                .collect();
            emit(out, &["delivery", "time", "why failed"], rows);
            if let Some(incidents) = &m.incidents {
                out.push('\n');
                heading(out, "Incidents and how each was linked");
                let rows = incidents
                    .iter()
                    .map(|i| {
                        vec![
                            i.line.to_string(),
                            i.id.clone().unwrap_or_default(),
                            i.opened.clone(),
                            i.resolved.clone().unwrap_or_else(|| "open".into()),
                            i.delivery.clone().unwrap_or_default(),
                            i.linked_by.clone(),
                        ]
                    })
                    .collect();
                emit(
                    out,
                    &["line", "id", "opened", "resolved", "delivery", "linked by"],
                    rows,
                );
            }
            out.push('\n');
            heading(out, "Recoveries");
            let rows = m
                .failed_deployment_recovery_time
                .items
                .iter()
                .map(|r| {
                    vec![
                        r.from.clone(),
                        r.start.clone(),
                        r.end.clone(),
                        format!("{:.1}", r.hours),
                    ]
                })
                .collect();
            emit(out, &["from", "start", "end", "hours"], rows);
        }
        Explain::Rework => {
            heading(out, "Deliveries that were rework");
            let rows = m
                .deployment_rework_rate
                .items
                .iter()
                .map(|r| {
                    vec![
                        r.delivery.clone(),
                        r.time.clone(),
                        r.kind.as_str().to_string(),
                        r.reason.clone(),
                    ]
                })
                .collect();
            emit(out, &["delivery", "time", "kind", "why rework"], rows);
        }
        Explain::People => {
            heading(out, "Active contributors per month");
            let rows = m
                .people
                .contributors_per_month
                .iter()
                .map(|c| vec![c.month.clone(), c.count.to_string()])
                .collect();
            emit(out, &["month", "authors"], rows);
        }
        Explain::Silos => {
            heading(out, "Directories by bus factor");
            let rows = m
                .silos
                .iter()
                .flat_map(|s| s.directories.iter())
                .map(|d| {
                    vec![
                        d.path.clone(),
                        d.changes.to_string(),
                        d.authors.to_string(),
                        d.bus_factor.to_string(),
                        d.top_authors
                            .iter()
                            .map(|a| format!("{} ({})", a.author, a.changes))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ]
                })
                .collect();
            emit(
                out,
                &["directory", "changes", "authors", "bus factor", "authors of 80 %"],
                rows,
            );
        }
    }
}
