//! The report's sections around the scores: the introduction (background and method), the
//! KPIs with their measured values, the scale key, and what the evidence says per area. Each
//! is generated from data the report already has, so every format says the same.

use maturity_assess::CriterionScore;
use maturity_assess::metrics::Metrics;
use maturity_model::{Kpi, Model, ReportConfig};
use serde::Serialize;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Introduction {
    /// `[background] text` of `maturity.toml`.
    pub background: Option<String>,
    /// `[background] goals`.
    pub goals: Vec<String>,
    /// How the assessment was made, generated: who answered, on which models, what evidence
    /// was read; one paragraph each.
    pub method: Vec<String>,
    /// Every evidence source read, by its label (`scan of ../api`, `git history of ../api`).
    pub evidence: Vec<String>,
}

/// A group and its size, for the method's counts.
pub struct Count<'a> {
    pub name: &'a str,
    pub respondents: usize,
}

/// Who answered, on what, with what evidence: `roles` and `sites` are the breakdowns as shown
/// (small groups already merged), so the counts never say more than the tables do.
pub fn introduction(
    config: &ReportConfig,
    respondents: usize,
    roles: &[Count],
    sites: &[Count],
    models: &[Model],
    evidence: Vec<String>,
) -> Introduction {
    let mut method = Vec::new();
    if respondents == 0 {
        method.push("Nobody answered the survey: every level comes from the evidence.".to_string());
    } else {
        let people = if respondents == 1 { "person" } else { "people" };
        let mut who = format!("{respondents} {people} answered the survey.");
        for (what, groups) in [("role", roles), ("site", sites)] {
            if groups.is_empty() {
                continue;
            }
            let listed: Vec<String> = groups
                .iter()
                .map(|g| format!("{} {}", g.name, g.respondents))
                .collect();
            let shown: usize = groups.iter().map(|g| g.respondents).sum();
            who.push_str(&format!(" By {what}: {}", listed.join(", ")));
            if shown < respondents {
                who.push_str(&format!(
                    " and {} in groups too small to show",
                    respondents - shown
                ));
            }
            who.push('.');
        }
        if config.anonymous {
            who.push_str(&format!(
                " Answers are reported without names, and groups of fewer than {} people are not shown on their own.",
                config.min_group()
            ));
        }
        method.push(who);
    }
    let named: Vec<String> = models
        .iter()
        .map(|m| format!("{} ({} criteria)", m.name, m.criteria().count()))
        .collect();
    if !named.is_empty() {
        method.push(format!(
            "Each respondent chose, for every criterion they could judge, the level 1 to 4 that best fits the team today, on {}: {}.",
            if named.len() == 1 { "one model" } else { "these models" },
            list(&named)
        ));
    }
    method.push(if evidence.is_empty() {
        "No evidence beyond the answers was read, so the levels are what the respondents stated.".to_string()
    } else {
        format!(
            "Besides the answers, the assessment read {}; where it speaks to a criterion, its level is shown beside the stated one.",
            evidence.join("; ")
        )
    });
    Introduction {
        background: config.background.text.clone(),
        goals: config.background.goals.clone(),
        method,
        evidence,
    }
}

/// `a`, `a and b`, `a, b and c`.
pub fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct KpiView {
    pub name: String,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub unit: Option<String>,
    pub metric: Option<String>,
    /// The named metric's value in the delivery metrics, when one was measured.
    pub measured: Option<Measured>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Measured {
    /// In the KPI's unit where it is one the metric converts to, else in `unit`.
    pub value: f64,
    pub unit: String,
    /// The delivery source that measured it.
    pub source: String,
}

/// The KPIs of `maturity.toml`, each with the first delivery source's value of its metric;
/// `delivery` is (source label, its metrics).
pub fn kpis(kpis: &[Kpi], delivery: &[(&str, &Metrics)]) -> Vec<KpiView> {
    kpis.iter()
        .map(|kpi| KpiView {
            name: kpi.name.clone(),
            baseline: kpi.baseline,
            target: kpi.target,
            unit: kpi.unit.clone(),
            metric: kpi.metric.clone(),
            measured: kpi.metric.as_deref().and_then(|metric| {
                delivery.iter().find_map(|(source, metrics)| {
                    let (value, unit) = measure(metrics, metric, kpi.unit.as_deref())?;
                    Some(Measured {
                        value,
                        unit,
                        source: (*source).to_string(),
                    })
                })
            }),
        })
        .collect()
}

/// A metric's value in `wanted` where the metric converts to that unit, else in its own.
fn measure(m: &Metrics, metric: &str, wanted: Option<&str>) -> Option<(f64, String)> {
    let wanted = wanted.map(|u| u.trim().to_lowercase());
    let unit = |u: &str| u.to_string();
    match metric {
        "lead_time" | "failed_deployment_recovery_time" | "time_to_restore" => {
            let hours = if metric == "lead_time" {
                m.lead_time.median_hours
            } else {
                m.failed_deployment_recovery_time.median_hours
            }?;
            Some(match wanted.as_deref() {
                Some("days" | "day" | "d") => (hours / 24.0, unit("days")),
                Some("minutes" | "minute" | "min") => (hours * 60.0, unit("minutes")),
                _ => (hours, unit("hours")),
            })
        }
        "change_failure_rate" | "deployment_rework_rate" => {
            let rate = if metric == "change_failure_rate" {
                m.change_failure_rate.value
            } else {
                m.deployment_rework_rate.value
            }?;
            Some(match wanted.as_deref() {
                Some("ratio" | "fraction") => (rate, unit("ratio")),
                _ => (rate * 100.0, unit("%")),
            })
        }
        "deployment_frequency" => {
            let f = &m.deployment_frequency;
            Some(match wanted.as_deref() {
                Some("per day" | "per_day" | "/day") => (f.per_week / 7.0, unit("per day")),
                Some("per month" | "per_month" | "/month") => (f.per_month, unit("per month")),
                _ => (f.per_week, unit("per week")),
            })
        }
        _ => None,
    }
}

/// How levels 1–4 map to scores 0–100 (docs/scoring.md): one key, shown in every format.
#[derive(Debug, Clone, Serialize)]
pub struct Scale {
    pub rule: &'static str,
    pub levels: Vec<ScalePoint>,
    /// The rule in words, for readers who skip formulas.
    pub text: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScalePoint {
    pub level: u8,
    pub score: f64,
}

pub fn scale() -> Scale {
    Scale {
        rule: "score = (level − 1) / 3 × 100",
        levels: (1..=maturity_model::LEVELS)
            .map(|level| ScalePoint {
                level,
                score: maturity_assess::scoring::level_score(f64::from(level)),
            })
            .collect(),
        text: "Levels run from 1 to 4 and scores from 0 to 100: level 1 scores 0, level 4 scores 100, and a level between two whole levels (a mean of answers) scores in between, so level 2.5 scores 50. An area's score is the mean of its criteria's, a model's the mean of its areas'.",
    }
}

/// What the evidence says of one criterion, for the key observations.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceNote {
    pub criterion: String,
    /// `observed`, `contradiction` or `finding` (a piece of evidence behind a level below 3).
    pub kind: &'static str,
    pub text: String,
}

/// A level below this is a gap, and the evidence behind it is listed as findings.
const GAP_LEVEL: u8 = 3;

/// How many findings of one criterion the key observations list.
const FINDINGS: usize = 3;

/// The evidence-derived observations of one criterion: its observed level (or the
/// contradiction with the stated one) and the findings behind a low observed level.
pub fn evidence_notes(name: &str, score: &CriterionScore) -> Vec<EvidenceNote> {
    let Some(observed) = &score.observed else {
        return Vec::new();
    };
    let sources: Vec<String> = observed.sources.iter().map(|s| s.source.clone()).collect();
    let mut notes = vec![match (&score.contradiction, &score.stated) {
        (Some(why), Some(stated)) => EvidenceNote {
            criterion: score.id.clone(),
            kind: "contradiction",
            text: format!(
                "{name}: respondents state level {:.1}, the evidence supports level {:.1}: {why}.",
                stated.mean, observed.level
            ),
        },
        (_, stated) => EvidenceNote {
            criterion: score.id.clone(),
            kind: "observed",
            text: format!(
                "{name}: the evidence supports level {:.1} ({}){}.",
                observed.level,
                sources.join("; "),
                stated.as_ref().map_or_else(
                    || ", and nobody answered".to_string(),
                    |s| format!(", respondents state {:.1}", s.mean)
                )
            ),
        },
    }];
    notes.extend(
        observed
            .sources
            .iter()
            .filter(|s| s.level < GAP_LEVEL)
            .flat_map(|s| s.evidence.iter().map(move |e| (s, e)))
            .take(FINDINGS)
            .map(|(s, e)| EvidenceNote {
                criterion: score.id.clone(),
                kind: "finding",
                text: format!(
                    "{}{}: {}",
                    s.source,
                    e.location.as_ref().map(|l| format!(" {l}")).unwrap_or_default(),
                    e.message
                ),
            }),
    );
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_english() {
        let items = |n: usize| (1..=n).map(|i| i.to_string()).collect::<Vec<_>>();
        for (n, expected) in [(0, ""), (1, "1"), (2, "1 and 2"), (3, "1, 2 and 3")] {
            assert_eq!(list(&items(n)), expected);
        }
    }

    #[test]
    fn the_scale_key_follows_the_scoring_rule() {
        let scores: Vec<f64> = scale()
            .levels
            .iter()
            .map(|p| (p.score * 10.0).round() / 10.0)
            .collect();
        assert_eq!(scores, [0.0, 33.3, 66.7, 100.0]);
    }
}
