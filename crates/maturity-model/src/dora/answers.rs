//! A respondent's Quick Check answers: the `[dora]` table of a response file
//! (`leadtime = 3`, `changefailure = 15`, `rework = "dont-know"`), each checked against its
//! scale.

use std::collections::BTreeMap;

use toml::{Spanned, Value};

use crate::diagnostic::{Diagnostic, nearest};

use super::questions::{QuickCheck, Scale};

/// Answers by DORA's metric key: a six-step answer 1..=6 or a percentage 0..=100, `None` for
/// "don't know". A metric left out was not answered; "don't know" is counted, never scored.
pub type DoraAnswers = BTreeMap<String, Option<u8>>;

/// How a response file writes "don't know" in `[dora]`.
pub const DONT_KNOW: &str = "dont-know";

/// Checks a response's `[dora]` entries; every bad one is a diagnostic at its line.
pub fn parse_dora_answers(
    file: &str,
    text: &str,
    entries: &BTreeMap<Spanned<String>, Spanned<Value>>,
    problems: &mut Vec<Diagnostic>,
) -> DoraAnswers {
    let check = QuickCheck::builtin();
    let mut answers = DoraAnswers::new();
    for (key, value) in entries {
        let Some(metric) = check.metric(key.get_ref()) else {
            let keys = check.metrics.iter().map(|m| m.key.as_str());
            let mut d = Diagnostic::new(file, format!("unknown [dora] key `{}`", key.get_ref()))
                .at(text, key.span().start);
            d = match nearest(key.get_ref(), keys.clone()) {
                Some(near) => d.with_help(format!("did you mean `{near}`?")),
                None => d.with_help(format!("the keys are {}", keys.collect::<Vec<_>>().join(", "))),
            };
            problems.push(d);
            continue;
        };
        let range = metric.range();
        let help = match metric.scale {
            Scale::Steps => format!(
                "answer 1..=6, worst first: 1 is \"{}\", 6 is \"{}\"",
                metric.option(1).unwrap_or_default(),
                metric.option(6).unwrap_or_default()
            ),
            Scale::Percent => "answer a whole percentage 0..=100, e.g. 15".to_string(),
        };
        let help = format!("{help}, or \"{DONT_KNOW}\"");
        let problem = match value.get_ref() {
            Value::Integer(n) => match u8::try_from(*n).ok().filter(|v| range.contains(v)) {
                Some(v) => {
                    answers.insert(metric.key.clone(), Some(v));
                    continue;
                }
                None => format!("{n} is outside {}..={}", range.start(), range.end()),
            },
            Value::String(word) if word == DONT_KNOW => {
                answers.insert(metric.key.clone(), None);
                continue;
            }
            Value::String(word) => format!("`{word}` is neither an answer nor \"{DONT_KNOW}\""),
            Value::Float(x) => format!("{x} is not a whole number"),
            other => format!("must be a whole number, found a {}", other.type_str()),
        };
        problems.push(
            Diagnostic::new(file, format!("[dora] `{}`: {problem}", metric.key))
                .at(text, value.span().start)
                .with_help(help),
        );
    }
    answers
}
