//! Judging a report against a policy: one result per rule (per model for `max_regression`),
//! each saying what was measured, what the policy asks and why it passed or failed. Missing
//! data never passes: a rule with nothing to judge fails and says what is missing.

use serde::Serialize;

use crate::error::GateError;
use crate::facts::{CriterionFacts, ReportFacts};
use crate::policy::{Band, Policy, Rule, RuleKind, Side};

/// One finding of a scan, as far as `required_checks` needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckFinding {
    pub check: String,
    pub passed: bool,
    /// Which scan it came from, e.g. the file it was read from.
    pub source: String,
    /// `file:line` in the scanned tree, when the finding has a place.
    pub location: Option<String>,
    pub message: String,
}

/// What a policy is judged against.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    pub report: &'a ReportFacts,
    pub baseline: Option<&'a ReportFacts>,
    /// The findings of every scan given; `None` when no scan was given at all.
    pub checks: Option<&'a [CheckFinding]>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleResult {
    /// The policy rule: `min_score.devops`, `max_regression`, …
    pub rule: String,
    /// Unique per result: the rule, or `max_regression.<model>` for each model compared.
    pub name: String,
    /// The policy line the rule is written on.
    pub line: usize,
    pub passed: bool,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The policy file as the user named it.
    pub policy: String,
    pub subject: String,
    pub passed: bool,
    pub failed: usize,
    pub results: Vec<RuleResult>,
}

/// Judges `inputs` by every rule of `policy`, in the policy's order.
pub fn evaluate(policy: &Policy, inputs: &Inputs<'_>) -> Result<Verdict, GateError> {
    if let (Some(rule), None) = (policy.max_regression(), inputs.baseline) {
        return Err(GateError::NoBaseline {
            file: policy.file.clone(),
            line: rule.line,
        });
    }
    let mut results = Vec::new();
    for rule in &policy.rules {
        let mut judged = |name: String, outcome: Result<String, String>| {
            let (passed, message) = match outcome {
                Ok(message) => (true, message),
                Err(message) => (false, message),
            };
            results.push(RuleResult {
                rule: rule.id.clone(),
                name,
                line: rule.line,
                passed,
                message,
            });
        };
        match &rule.kind {
            RuleKind::MaxRegression { points } => {
                let baseline = inputs.baseline.expect("checked above");
                for model in &inputs.report.models {
                    let name = format!("{}.{}", rule.id, model.id);
                    judged(name, regression(&model.id, model.score, baseline, *points));
                }
            }
            kind => judged(rule.id.clone(), judge(rule, kind, inputs)),
        }
    }
    let failed = results.iter().filter(|result| !result.passed).count();
    Ok(Verdict {
        policy: policy.file.clone(),
        subject: inputs.report.subject.clone(),
        passed: failed == 0,
        failed,
        results,
    })
}

/// A number as people read it: at most two decimals, no trailing zeros.
pub(crate) fn number(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// `Ok(why it holds)` or `Err(why it does not)`.
fn judge(rule: &Rule, kind: &RuleKind, inputs: &Inputs<'_>) -> Result<String, String> {
    let report = inputs.report;
    match kind {
        RuleKind::MinScore { target, min } => {
            let score = if target.contains('.') {
                report.area(target).map(|area| area.score)
            } else {
                report.model(target).map(|model| model.score)
            };
            match score {
                None => Err(format!("{target} is not assessed in this report")),
                Some(None) => Err(format!(
                    "{target} has no score: none of its criteria was answered or observed; at least {} required",
                    number(*min)
                )),
                Some(Some(score)) if score >= *min => Ok(format!(
                    "{target} scores {} (at least {} required)",
                    number(score),
                    number(*min)
                )),
                Some(Some(score)) => Err(format!(
                    "{target} scores {}, below the {} required",
                    number(score),
                    number(*min)
                )),
            }
        }
        RuleKind::MinLevel { criterion, side, min } => match report.criterion(criterion) {
            None => Err(format!(
                "{criterion} is not in this report: its model is not assessed"
            )),
            Some(facts) => min_level(criterion, facts, *side, *min),
        },
        RuleKind::Dora { metric, band } => dora(report, metric, *band),
        RuleKind::RequiredCheck { check } => required_check(check, inputs.checks),
        RuleKind::MaxRegression { .. } => unreachable!("{} is judged per model", rule.id),
    }
}

fn min_level(criterion: &str, facts: &CriterionFacts, side: Side, min: f64) -> Result<String, String> {
    let (level, what) = match side {
        Side::Settled => (
            facts.level,
            match (&facts.source[..], &facts.stated) {
                ("stated", Some(stated)) => format!("stated, {} answers", stated.n),
                (source, _) => source.to_string(),
            },
        ),
        Side::Stated => (facts.stated.as_ref().map(|s| s.mean), "stated".to_string()),
        Side::Observed => (facts.observed.as_ref().map(|o| o.level), "observed".to_string()),
    };
    let Some(level) = level else {
        let missing = match side {
            Side::Settled => "no level: nobody answered it and no evidence speaks to it",
            Side::Stated => "no stated level: nobody answered it",
            Side::Observed => "no observed level: no evidence speaks to it",
        };
        return Err(format!(
            "{criterion} has {missing}; at least {} required",
            number(min)
        ));
    };
    if level >= min {
        Ok(format!(
            "{criterion} is at level {} ({what}; at least {} required)",
            number(level),
            number(min)
        ))
    } else {
        Err(format!(
            "{criterion} is at level {} ({what}), below the {} required",
            number(level),
            number(min)
        ))
    }
}

fn regression(
    model: &str,
    score: Option<f64>,
    baseline: &ReportFacts,
    points: f64,
) -> Result<String, String> {
    let Some(score) = score else {
        return Err(format!("{model} has no score to compare with the baseline"));
    };
    let Some(before) = baseline.model(model).and_then(|m| m.score) else {
        return Err(format!("the baseline has no score for {model} to compare with"));
    };
    let change = score - before;
    let text = format!(
        "{model} scores {} against {} in the baseline",
        number(score),
        number(before)
    );
    if change >= -points {
        Ok(format!(
            "{text} (at most {} points lower allowed)",
            number(points)
        ))
    } else {
        Err(format!(
            "{text}: {} points lower, more than the {} allowed",
            number(-change),
            number(points)
        ))
    }
}

fn dora(report: &ReportFacts, metric: &str, required: Band) -> Result<String, String> {
    if report.delivery.is_empty() {
        return Err(format!(
            "the report has no delivery metrics to band {metric}: name a repository or saved metrics in maturity.toml's [evidence]"
        ));
    }
    let mut held = true;
    let mut parts = Vec::new();
    for delivery in &report.delivery {
        let band = delivery.metrics.bands.get(metric).cloned().flatten();
        match band.as_deref().and_then(Band::parse) {
            Some(band) => {
                held &= band >= required;
                parts.push(format!("{} in {}", band.as_str(), delivery.source));
            }
            None => {
                held = false;
                parts.push(format!("no band in {} (no value measured)", delivery.source));
            }
        }
    }
    let text = format!("{metric}: {}", parts.join("; "));
    if held {
        Ok(format!("{text} (at least {} required)", required.as_str()))
    } else {
        Err(format!("{text}; at least {} required", required.as_str()))
    }
}

fn required_check(check: &str, findings: Option<&[CheckFinding]>) -> Result<String, String> {
    let Some(findings) = findings else {
        return Err(format!(
            "no scan was given to show {check}: pass --scan FILE with the JSON of `maturity scan --format json`"
        ));
    };
    let place = |finding: &CheckFinding| match &finding.location {
        Some(location) => format!("{} at {location}", finding.source),
        None => finding.source.clone(),
    };
    let mine = findings.iter().filter(|finding| finding.check == check);
    if let Some(pass) = mine.clone().find(|finding| finding.passed) {
        return Ok(format!("{check} passed in {}: {}", place(pass), pass.message));
    }
    let failures: Vec<String> = mine.map(|f| format!("{} ({})", f.message, place(f))).collect();
    if failures.is_empty() {
        Err(format!("no scan reported {check}"))
    } else {
        Err(format!("{check} did not pass: {}", failures.join("; ")))
    }
}

#[cfg(test)]
mod tests;
