//! The survey's DORA Quick Check page: its five questions as radio choices (the six steps,
//! or a percentage in tens as the Quick Check offers them) and the checking of a submitted
//! page. The questions and scales are `maturity_model::dora`'s; this module only turns them
//! into form fields and back.

use maturity_model::dora::{QuickCheck, Scale};
use minijinja::{Value, context};

use crate::error::AppError;
use crate::pages::{Fields, field};

/// The page's title in the survey's page list.
pub const TITLE: &str = "DORA Quick Check";

/// The percentages offered as choices: 0 %, 10 %, … 100 %.
const PERCENT_STEP: u8 = 10;

/// The questions, each with its choices and the respondent's answer (`answer`, or
/// `dont_know` when that was their answer).
pub fn questions(answers: &maturity_store::DoraAnswers) -> Vec<Value> {
    QuickCheck::builtin()
        .metrics
        .iter()
        .map(|m| {
            let choices: Vec<Value> = match m.scale {
                Scale::Steps => m
                    .options
                    .iter()
                    .zip(1_u8..)
                    .map(|(text, value)| context! { value => value, text => text })
                    .collect(),
                Scale::Percent => (0..=100)
                    .step_by(usize::from(PERCENT_STEP))
                    .map(|value: u8| context! { value => value, text => format!("{value} %") })
                    .collect(),
            };
            context! {
                key => &m.key, name => &m.name, question => &m.question,
                choices => choices, answer => answers.get(&m.key).copied().flatten(),
                dont_know => answers.get(&m.key) == Some(&None),
            }
        })
        .collect()
}

/// The answers a submitted Quick Check page holds: `Some` a value, `None` "don't know", both
/// saved. A question left without a choice is left out, so it keeps its saved answer.
pub fn parse(form: &Fields) -> Result<Vec<(String, Option<u8>)>, AppError> {
    let check = QuickCheck::builtin();
    let mut answers = Vec::new();
    for m in &check.metrics {
        let value = match field(form, &format!("dora:{}", m.key)) {
            None | Some("") => continue,
            Some("dk") => None,
            Some(text) => match text.parse::<u8>() {
                Ok(v) if m.range().contains(&v) => Some(v),
                _ => {
                    return Err(AppError::BadRequest(format!(
                        "`{text}` is not an answer to {}: answer {}..={}",
                        m.key,
                        m.range().start(),
                        m.range().end()
                    )));
                }
            },
        };
        answers.push((m.key.clone(), value));
    }
    // A field for another question is someone else's form, or a forgery.
    for (key, _) in form {
        if let Some(metric) = key.strip_prefix("dora:").filter(|k| check.metric(k).is_none()) {
            return Err(AppError::BadRequest(format!(
                "`{metric}` is not a Quick Check question"
            )));
        }
    }
    Ok(answers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Fields {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    #[test]
    fn answers_are_checked_against_their_scales() {
        let ok = parse(&form(&[
            ("dora:leadtime", "6"),
            ("dora:rework", "0"),
            ("dora:deployfreq", "dk"),
            ("dora:changefailure", ""),
        ]))
        .expect("valid");
        assert_eq!(
            ok,
            [
                ("leadtime".to_string(), Some(6)),
                ("deployfreq".to_string(), None),
                ("rework".to_string(), Some(0))
            ]
        );
        for (bad, expected) in [
            (
                ("dora:leadtime", "7"),
                "`7` is not an answer to leadtime: answer 1..=6",
            ),
            (("dora:leadtime", "0"), "answer 1..=6"),
            (("dora:changefailure", "101"), "answer 0..=100"),
            (("dora:rework", "x"), "`x` is not an answer to rework"),
            (("dora:mttr", "2"), "`mttr` is not a Quick Check question"),
        ] {
            match parse(&form(&[bad])) {
                Err(AppError::BadRequest(message)) => assert!(message.contains(expected), "{message}"),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn questions_offer_the_quick_check_choices() {
        let answers = [
            ("leadtime".to_string(), Some(3)),
            ("deployfreq".to_string(), None),
        ]
        .into();
        let questions = questions(&answers);
        assert_eq!(questions.len(), 5);
        let lead = &questions[0];
        assert_eq!(
            lead.get_attr("answer").ok().and_then(|a| u8::try_from(a).ok()),
            Some(3)
        );
        let chosen = |q: &Value| q.get_attr("dont_know").is_ok_and(|v| v.is_true());
        assert!(!chosen(lead));
        assert!(chosen(&questions[1]));
        assert!(questions[1].get_attr("answer").is_ok_and(|a| a.is_none()));
        assert!(!chosen(&questions[2]), "unanswered is not don't know");
        let count = |q: &Value| {
            q.get_attr("choices")
                .ok()
                .and_then(|c| c.len())
                .unwrap_or_default()
        };
        assert_eq!(count(lead), 6);
        assert_eq!(count(&questions[3]), 11);
    }
}
