//! The gate policy file (docs/gate.md): parsing and validation. Every rule keeps the line it
//! was written on, so a failure in CI points at the policy line that made it.
//!
//! Ids are checked against what exists (`Known`: the models, areas and criteria of the report
//! and of the built-in models, and the scanner's check ids); a policy with any problem is
//! refused whole, with every problem listed, so nothing is half-checked.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use maturity_model::diagnostic::{line_column, nearest};
use maturity_model::{Diagnostic, Diagnostics, ModelSet};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::facts::ReportFacts;

/// The metric keys that have DORA bands in the report's delivery metrics (`bands`).
pub const DORA_KEYS: [&str; 4] = [
    "deployment_frequency",
    "lead_time",
    "change_failure_rate",
    "failed_deployment_recovery_time",
];

const TOP_KEYS: [&str; 5] = [
    "min_score",
    "min_level",
    "max_regression",
    "dora",
    "required_checks",
];

/// A DORA performance band; `Low < Medium < High < Elite`, so "at least" is `>=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Band {
    Low,
    Medium,
    High,
    Elite,
}

impl Band {
    pub const NAMES: [&str; 4] = ["elite", "high", "medium", "low"];

    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "elite" => Some(Self::Elite),
            "high" => Some(Self::High),
            "medium" => Some(Self::Medium),
            "low" => Some(Self::Low),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Elite => "elite",
            Self::High => "high",
            Self::Medium => "medium",
            Self::Low => "low",
        }
    }
}

/// Which level of a criterion a `[min_level]` rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The level the report settles on (`level`): stated where anyone answered, else observed.
    Settled,
    /// The mean of the answers.
    Stated,
    /// The level the evidence supports.
    Observed,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RuleKind {
    /// A model (`devops`) or area (`automation.build-ci`) scores at least `min`.
    MinScore {
        target: String,
        min: f64,
    },
    MinLevel {
        criterion: String,
        side: Side,
        min: f64,
    },
    /// No model scores more than `points` below the baseline report.
    MaxRegression {
        points: f64,
    },
    /// Every delivery source of the report is in `band` or better for `metric`.
    Dora {
        metric: String,
        band: Band,
    },
    /// Some scan has a passing finding of this check.
    RequiredCheck {
        check: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Stable name, the policy's path to it: `min_score.devops`, `dora.lead_time`, …
    pub id: String,
    /// 1-based line of the policy where the rule is written.
    pub line: usize,
    pub kind: RuleKind,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// The policy file as the user named it.
    pub file: String,
    /// In the order they are written.
    pub rules: Vec<Rule>,
}

impl Policy {
    pub fn max_regression(&self) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|rule| matches!(rule.kind, RuleKind::MaxRegression { .. }))
    }
}

/// The ids a policy may name.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// Model id → its qualified area ids and criterion ids.
    models: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>,
    checks: BTreeSet<String>,
}

impl Known {
    /// The built-in models (and any `models` holds), the models of the report judged, and the
    /// scanner's check ids.
    pub fn new<'a>(
        models: &ModelSet,
        report: &ReportFacts,
        checks: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        let mut known = Self::default();
        for model in models.models() {
            let entry = known.models.entry(model.id.clone()).or_default();
            for area in &model.areas {
                entry.0.insert(area.id.clone());
                entry.1.extend(area.criteria.iter().map(|c| c.id.clone()));
            }
        }
        for model in &report.models {
            let entry = known.models.entry(model.id.clone()).or_default();
            for area in &model.areas {
                entry.0.insert(area.id.clone());
                entry.1.extend(area.criteria.iter().map(|c| c.id.clone()));
            }
        }
        known.checks = checks.into_iter().map(str::to_string).collect();
        known
    }
}

/// Parses and validates a policy; `file` names it in diagnostics and in the results.
pub fn parse_policy(file: &str, text: &str, known: &Known) -> Result<Policy, Diagnostics> {
    let root = DeTable::parse(text).map_err(|e| {
        Diagnostics::one(
            Diagnostic::new(file, e.message().trim().to_string())
                .at_span(text, e.span())
                .with_help("fix the TOML syntax at this place"),
        )
    })?;
    let mut parser = Parser {
        file,
        text,
        known,
        problems: Vec::new(),
        rules: Vec::new(),
    };
    for (key, value) in root.get_ref() {
        match key.get_ref().as_ref() {
            "min_score" => parser.min_score(value),
            "min_level" => parser.min_level(value),
            "max_regression" => parser.max_regression(value),
            "dora" => parser.dora(value),
            "required_checks" => parser.required_checks(value),
            other => parser.problem(
                key.span(),
                format!("unknown policy key `{other}`"),
                help_with(
                    nearest(other, TOP_KEYS),
                    &format!("a policy has {}", TOP_KEYS.join(", ")),
                ),
            ),
        }
    }
    if parser.rules.is_empty() && parser.problems.is_empty() {
        parser.problem(
            0..0,
            "the policy has no rules, so it would pass anything".to_string(),
            format!("add at least one of {}", TOP_KEYS.join(", ")),
        );
    }
    let Parser {
        mut rules, problems, ..
    } = parser;
    rules.sort_by_key(|(offset, _)| *offset);
    Diagnostics(problems).into_result(Policy {
        file: file.to_string(),
        rules: rules.into_iter().map(|(_, rule)| rule).collect(),
    })
}

fn help_with(near: Option<&str>, rest: &str) -> String {
    match near {
        Some(near) => format!("did you mean `{near}`? {rest}"),
        None => rest.to_string(),
    }
}

type Value<'i> = Spanned<DeValue<'i>>;

/// The TOML type of a value with its article, for messages: "an integer", "a string".
fn kind(value: &DeValue<'_>) -> String {
    let name = value.type_str();
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

struct Parser<'a> {
    file: &'a str,
    text: &'a str,
    known: &'a Known,
    problems: Vec<Diagnostic>,
    /// With the byte offset they start at, to put them in the order they are written.
    rules: Vec<(usize, Rule)>,
}

impl Parser<'_> {
    fn problem(&mut self, span: Range<usize>, message: String, help: String) {
        self.problems.push(
            Diagnostic::new(self.file, message)
                .at(self.text, span.start)
                .with_help(help),
        );
    }

    fn push(&mut self, id: String, span: Range<usize>, kind: RuleKind) {
        let line = line_column(self.text, span.start).0;
        self.rules.push((span.start, Rule { id, line, kind }));
    }

    fn table<'v, 'i>(&mut self, name: &str, value: &'v Value<'i>, shape: &str) -> Option<&'v DeTable<'i>> {
        let table = value.get_ref().as_table();
        if table.is_none() {
            self.problem(
                value.span(),
                format!("`{name}` is {}, not a table", kind(value.get_ref())),
                format!("write it as [{name}] with {shape}"),
            );
        }
        table
    }

    /// A number within `range`, or a problem saying what `what` takes.
    fn number(&mut self, value: &Value<'_>, range: (f64, f64), what: &str) -> Option<f64> {
        let number = match value.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok().map(|n| n as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            _ => None,
        };
        match number {
            Some(n) if n.is_finite() && (range.0..=range.1).contains(&n) => Some(n),
            Some(n) => {
                self.problem(
                    value.span(),
                    format!("{n} is outside {}–{}", range.0, range.1),
                    what.to_string(),
                );
                None
            }
            None => {
                self.problem(
                    value.span(),
                    format!("expected a number, found {}", kind(value.get_ref())),
                    what.to_string(),
                );
                None
            }
        }
    }

    fn model_ids(&self) -> String {
        self.known
            .models
            .keys()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether `model` is known; a problem with the valid ids when not.
    fn check_model(&mut self, model: &str, span: Range<usize>) -> bool {
        if self.known.models.contains_key(model) {
            return true;
        }
        let near = nearest(model, self.known.models.keys().map(String::as_str)).map(str::to_string);
        let help = help_with(near.as_deref(), &format!("models: {}", self.model_ids()));
        self.problem(span, format!("unknown model `{model}`"), help);
        false
    }

    fn min_score(&mut self, value: &Value<'_>) {
        const WHAT: &str = "a minimum score is 0–100, e.g. devops = 50 or \"automation.build-ci\" = 40";
        let Some(table) = self.table("min_score", value, WHAT) else {
            return;
        };
        for (key, value) in table {
            let key_text = key.get_ref().as_ref();
            if let Some(areas) = value.get_ref().as_table().filter(|_| !key_text.contains('.')) {
                // `automation.build-ci = 40` unquoted is TOML for a table `automation` holding
                // `build-ci`: read it as the area it was meant to name.
                if self.check_model(key_text, key.span()) {
                    for (area, value) in areas {
                        let id = format!("{key_text}.{}", area.get_ref());
                        self.min_score_rule(&id, area.span(), value, WHAT);
                    }
                }
            } else {
                self.min_score_rule(key_text, key.span(), value, WHAT);
            }
        }
    }

    fn min_score_rule(&mut self, target: &str, span: Range<usize>, value: &Value<'_>, what: &str) {
        let model = target.split('.').next().unwrap_or_default();
        if !self.check_model(model, span.clone()) {
            return;
        }
        if target.contains('.') {
            let areas = &self.known.models[model].0;
            if !areas.contains(target) {
                let near = nearest(target, areas.iter().map(String::as_str)).map(str::to_string);
                let list = areas.iter().map(String::as_str).collect::<Vec<_>>().join(", ");
                let help = help_with(near.as_deref(), &format!("areas of {model}: {list}"));
                self.problem(span, format!("model `{model}` has no area `{target}`"), help);
                return;
            }
        }
        if let Some(min) = self.number(value, (0.0, 100.0), what) {
            let kind = RuleKind::MinScore {
                target: target.to_string(),
                min,
            };
            self.push(format!("min_score.{target}"), span, kind);
        }
    }

    fn min_level(&mut self, value: &Value<'_>) {
        let Some(table) = self.table("min_level", value, "criterion = level") else {
            return;
        };
        for (key, value) in table {
            let key_text = key.get_ref().as_ref();
            match value.get_ref().as_table() {
                // `devops.builds-ci = 3` unquoted is a table `devops` holding `builds-ci`.
                Some(criteria) if !key_text.contains('.') => {
                    if self.check_model(key_text, key.span()) {
                        for (criterion, value) in criteria {
                            let id = format!("{key_text}.{}", criterion.get_ref());
                            self.min_level_rule(&id, criterion.span(), value);
                        }
                    }
                }
                _ => self.min_level_rule(key_text, key.span(), value),
            }
        }
    }

    fn min_level_rule(&mut self, criterion: &str, span: Range<usize>, value: &Value<'_>) {
        const WHAT: &str = "a level is 1–4: \"devops.builds-ci\" = 3 for the level the report settles on, \
                            or { stated = 3 }, { observed = 3 } or both for one side";
        let model = criterion.split('.').next().unwrap_or_default();
        if !self.check_model(model, span.clone()) {
            return;
        }
        let criteria = &self.known.models[model].1;
        if !criteria.contains(criterion) {
            let near = nearest(criterion, criteria.iter().map(String::as_str)).map(str::to_string);
            let list = criteria.iter().map(String::as_str).collect::<Vec<_>>().join(", ");
            let help = help_with(near.as_deref(), &format!("criteria of {model}: {list}"));
            self.problem(span, format!("unknown criterion `{criterion}`"), help);
            return;
        }
        let Some(sides) = value.get_ref().as_table() else {
            if let Some(min) = self.number(value, (1.0, 4.0), WHAT) {
                let kind = RuleKind::MinLevel {
                    criterion: criterion.to_string(),
                    side: Side::Settled,
                    min,
                };
                self.push(format!("min_level.{criterion}"), span, kind);
            }
            return;
        };
        if sides.is_empty() {
            self.problem(value.span(), "an empty level table".to_string(), WHAT.to_string());
        }
        for (side_key, value) in sides {
            let side = match side_key.get_ref().as_ref() {
                "stated" => Side::Stated,
                "observed" => Side::Observed,
                other => {
                    let help = help_with(nearest(other, ["stated", "observed"]), WHAT);
                    self.problem(side_key.span(), format!("unknown side `{other}`"), help);
                    continue;
                }
            };
            if let Some(min) = self.number(value, (1.0, 4.0), WHAT) {
                let id = format!("min_level.{criterion}.{}", side_key.get_ref());
                let kind = RuleKind::MinLevel {
                    criterion: criterion.to_string(),
                    side,
                    min,
                };
                self.push(id, side_key.span(), kind);
            }
        }
    }

    fn max_regression(&mut self, value: &Value<'_>) {
        let what = "the points a model's score may fall below the baseline's, 0–100, e.g. max_regression = 5";
        if let Some(points) = self.number(value, (0.0, 100.0), what) {
            self.push(
                "max_regression".to_string(),
                value.span(),
                RuleKind::MaxRegression { points },
            );
        }
    }

    fn dora(&mut self, value: &Value<'_>) {
        let shape = "a metric and the band that must hold, e.g. lead_time = \"high\"";
        let Some(table) = self.table("dora", value, shape) else {
            return;
        };
        for (key, value) in table {
            let metric = key.get_ref().as_ref();
            if !DORA_KEYS.contains(&metric) {
                let keys = DORA_KEYS.join(", ");
                let (message, help) = match metric {
                    "deployment_rework_rate" => (
                        "deployment_rework_rate has no DORA band (the DORA 2023 benchmark bands none)"
                            .to_string(),
                        format!("banded metrics: {keys}"),
                    ),
                    "recovery" => (
                        "`recovery` is the deprecated name of failed_deployment_recovery_time".to_string(),
                        "write failed_deployment_recovery_time".to_string(),
                    ),
                    _ => (
                        format!("unknown DORA metric `{metric}`"),
                        help_with(nearest(metric, DORA_KEYS), &format!("banded metrics: {keys}")),
                    ),
                };
                self.problem(key.span(), message, help);
                continue;
            }
            let band = value.get_ref().as_str().and_then(Band::parse);
            match band {
                Some(band) => {
                    let kind = RuleKind::Dora {
                        metric: metric.to_string(),
                        band,
                    };
                    self.push(format!("dora.{metric}"), key.span(), kind);
                }
                None => {
                    let found = match value.get_ref().as_str() {
                        Some(name) => format!("unknown band `{name}`"),
                        None => format!("expected a band name, found {}", kind(value.get_ref())),
                    };
                    let help = format!("bands, best first: {}", Band::NAMES.join(", "));
                    self.problem(value.span(), found, help);
                }
            }
        }
    }

    fn required_checks(&mut self, value: &Value<'_>) {
        let help = "a list of scanner check ids (`maturity checks` lists them), e.g. [\"ci-runs-tests\"]";
        let Some(items) = value.get_ref().as_array() else {
            let found = format!("`required_checks` is {}, not a list", kind(value.get_ref()));
            self.problem(value.span(), found, help.to_string());
            return;
        };
        let mut seen = BTreeSet::new();
        for item in items {
            let Some(check) = item.get_ref().as_str() else {
                let found = format!("expected a check id, found {}", kind(item.get_ref()));
                self.problem(item.span(), found, help.to_string());
                continue;
            };
            if !self.known.checks.contains(check) {
                let near = nearest(check, self.known.checks.iter().map(String::as_str)).map(str::to_string);
                let help = help_with(near.as_deref(), "`maturity checks` lists the check ids");
                self.problem(item.span(), format!("unknown check `{check}`"), help);
            } else if !seen.insert(check) {
                self.problem(
                    item.span(),
                    format!("check `{check}` is listed twice"),
                    "list each check once".to_string(),
                );
            } else {
                let kind = RuleKind::RequiredCheck {
                    check: check.to_string(),
                };
                self.push(format!("required_checks.{check}"), item.span(), kind);
            }
        }
    }
}

#[cfg(test)]
mod tests;
