//! One respondent's answers: a level 1..4 per criterion, with optional comments, and the
//! DORA Quick Check's answers of its `[dora]` table (`dora::answers`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::{Spanned, Value};

use crate::diagnostic::{Diagnostic, Diagnostics, from_toml, nearest};
use crate::dora::{DoraAnswers, parse_dora_answers};
use crate::model::{LEVELS, Model};
use crate::model_set::ModelSet;

/// The role of a respondent who did not give one.
pub const UNSPECIFIED_ROLE: &str = "unspecified";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Response {
    /// Where it was read from, for messages.
    pub file: String,
    pub respondent: String,
    pub role: String,
    /// Where the respondent works, when the response says; results can be grouped by site.
    pub site: Option<String>,
    /// In file order; at most one answer per criterion.
    pub answers: Vec<Answer>,
    /// The DORA Quick Check's answers (`[dora]`), by metric key; empty when not answered.
    pub dora: DoraAnswers,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    pub criterion: String,
    /// `None` is "don't know": the respondent left a comment but chose no level.
    pub level: Option<u8>,
    pub comment: Option<String>,
}

impl Response {
    pub fn answer(&self, criterion: &str) -> Option<&Answer> {
        self.answers.iter().find(|a| a.criterion == criterion)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawResponse {
    respondent: Spanned<String>,
    role: Option<Spanned<String>>,
    site: Option<String>,
    #[serde(default)]
    answers: BTreeMap<Spanned<String>, Spanned<Value>>,
    #[serde(default)]
    dora: BTreeMap<Spanned<String>, Spanned<Value>>,
}

/// Parses one response file. Criterion ids must belong to `models` (the assessment's models);
/// `known` (all loaded models) only sharpens the message for an id of an unused model.
pub fn parse_response(
    file: &str,
    text: &str,
    models: &[&Model],
    known: &ModelSet,
) -> Result<Response, Diagnostics> {
    let raw: RawResponse = toml::from_str(text).map_err(|e| Diagnostics::one(from_toml(file, text, &e)))?;
    let mut problems = Vec::new();
    let respondent = raw.respondent.get_ref().trim().to_string();
    if respondent.is_empty() {
        problems.push(
            Diagnostic::new(file, "respondent is empty")
                .at(text, raw.respondent.span().start)
                .with_help("give a name or a pseudonym, e.g. respondent = \"dev-1\""),
        );
    }
    let role = raw
        .role
        .as_ref()
        .map(|r| r.get_ref().trim().to_string())
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| UNSPECIFIED_ROLE.to_string());
    let site = raw
        .site
        .as_ref()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());

    let mut entries: Vec<_> = raw.answers.into_iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    let mut answers = Vec::new();
    for (key, value) in entries {
        let criterion = key.get_ref();
        let in_models = models.iter().any(|m| m.criteria().any(|c| &c.id == criterion));
        if !in_models {
            problems.push(unknown_criterion(file, text, &key, models, known));
            continue;
        }
        match parse_answer(value.get_ref()) {
            Ok((level, comment)) => answers.push(Answer {
                criterion: criterion.clone(),
                level,
                comment,
            }),
            Err(message) => problems.push(
                Diagnostic::new(file, format!("`{criterion}`: {message}"))
                    .at(text, value.span().start)
                    .with_help(format!(
                        "write an integer 1..{LEVELS}, or {{ level = 2, comment = \"…\" }}; leave a criterion out if you don't know"
                    )),
            ),
        }
    }
    let dora = parse_dora_answers(file, text, &raw.dora, &mut problems);
    Diagnostics(problems).into_result(Response {
        file: file.to_string(),
        respondent,
        role,
        site,
        answers,
        dora,
    })
}

fn unknown_criterion(
    file: &str,
    text: &str,
    key: &Spanned<String>,
    models: &[&Model],
    known: &ModelSet,
) -> Diagnostic {
    let id = key.get_ref();
    let at = Diagnostic::new(file, format!("unknown criterion `{id}`")).at(text, key.span().start);
    if let Some((model, _, _)) = known.criterion(id) {
        return Diagnostic {
            message: format!(
                "criterion `{id}` belongs to model `{}`, which this assessment does not use",
                model.id
            ),
            ..at
        }
        .with_help(format!(
            "add \"{}\" to `models` in maturity.toml, or remove the answer",
            model.id
        ));
    }
    let valid = models.iter().flat_map(|m| m.criteria().map(|c| c.id.as_str()));
    match nearest(id, valid) {
        Some(near) => at.with_help(format!("did you mean `{near}`?")),
        None => at.with_help("`maturity models show <model>` lists the valid criterion ids"),
    }
}

fn parse_answer(value: &Value) -> Result<(Option<u8>, Option<String>), String> {
    match value {
        Value::Table(table) => {
            if let Some(key) = table.keys().find(|k| *k != "level" && *k != "comment") {
                return Err(format!(
                    "unknown key `{key}` in answer; only `level` and `comment` are allowed"
                ));
            }
            let level = table.get("level").map(parse_level).transpose()?;
            let comment = match table.get("comment") {
                None => None,
                Some(Value::String(s)) if s.trim().is_empty() => None,
                Some(Value::String(s)) => Some(s.trim().to_string()),
                Some(other) => return Err(format!("comment must be a string, found {}", other.type_str())),
            };
            if level.is_none() && comment.is_none() {
                return Err("answer has neither a level nor a comment".to_string());
            }
            Ok((level, comment))
        }
        other => parse_level(other).map(|level| (Some(level), None)),
    }
}

fn parse_level(value: &Value) -> Result<u8, String> {
    match value {
        Value::Integer(n) => u8::try_from(*n)
            .ok()
            .filter(|level| (1..=LEVELS).contains(level))
            .ok_or_else(|| format!("level {n} is outside 1..{LEVELS}")),
        Value::Float(x) => Err(format!("level must be a whole number 1..{LEVELS}, found {x}")),
        other => Err(format!(
            "level must be an integer 1..{LEVELS}, found a {}",
            other.type_str()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Response, Diagnostics> {
        let set = ModelSet::builtin();
        let models: Vec<&Model> = ["devops", "testing"]
            .iter()
            .map(|id| set.get(id).expect("builtin"))
            .collect();
        parse_response("r.toml", text, &models, &set)
    }

    #[test]
    fn both_answer_forms() {
        let text = "respondent = \"r1\"\nrole = \"developer\"\nsite = \" Gdańsk \"\n[answers]\n\"testing.unit\" = 3\n\"devops.leadership\" = { level = 2, comment = \" thin \" }\n\"devops.builds-ci\" = { comment = \"not sure\" }\n";
        let r = parse(text).expect("valid");
        assert_eq!(r.respondent, "r1");
        assert_eq!(r.role, "developer");
        assert_eq!(r.site.as_deref(), Some("Gdańsk"));
        let got: Vec<_> = r
            .answers
            .iter()
            .map(|a| (a.criterion.as_str(), a.level, a.comment.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("testing.unit", Some(3), None),
                ("devops.leadership", Some(2), Some("thin")),
                ("devops.builds-ci", None, Some("not sure"))
            ]
        );
    }

    #[test]
    fn role_defaults_to_unspecified() {
        let r = parse("respondent = \"x\"\n").expect("valid");
        assert_eq!(r.role, UNSPECIFIED_ROLE);
        assert_eq!(r.site, None);
        assert!(r.answers.is_empty());
    }

    #[test]
    fn bad_answers_name_line_and_reason() {
        let cases = [
            ("\"testing.unit\" = 5", "level 5 is outside 1..4"),
            ("\"testing.unit\" = 0", "level 0 is outside 1..4"),
            ("\"testing.unit\" = -1", "level -1 is outside 1..4"),
            ("\"testing.unit\" = 2.5", "whole number"),
            ("\"testing.unit\" = \"3\"", "found a string"),
            (
                "\"testing.unit\" = { level = 3, note = \"x\" }",
                "unknown key `note`",
            ),
            ("\"testing.unit\" = { }", "neither a level nor a comment"),
            ("\"testing.unit\" = { level = 9 }", "level 9 is outside"),
            (
                "\"testing.unti\" = 2",
                "unknown criterion `testing.unti` (did you mean `testing.unit`?)",
            ),
            (
                "\"automation.deployment\" = 2",
                "belongs to model `automation`, which this assessment does not use",
            ),
            ("\"nothing.like.it\" = 2", "maturity models show"),
        ];
        for (line, expected) in cases {
            let text = format!("respondent = \"r\"\n[answers]\n\"devops.leadership\" = 1\n{line}\n");
            let err = parse(&text).expect_err(line);
            assert_eq!(err.len(), 1, "{err}");
            assert_eq!(err.0[0].line, Some(4), "{line}: {err}");
            assert!(err.to_string().contains(expected), "{line}: {err}");
        }
    }

    #[test]
    fn every_bad_answer_is_reported() {
        let text = "respondent = \"\"\n[answers]\n\"testing.unit\" = 7\n\"devops.leadershp\" = 2\n";
        let err = parse(text).expect_err("three problems");
        let lines: Vec<_> = err.iter().map(|d| d.line).collect();
        assert_eq!(lines, [Some(1), Some(3), Some(4)]);
    }

    #[test]
    fn malformed_toml_names_the_line() {
        let cases = [
            ("respondent = \"r\"\n[answers]\n\"testing.unit\" = \n", 3),
            (
                "respondent = \"r\"\n[answers]\n\"testing.unit\" = 1\n\"testing.unit\" = 2\n",
                4,
            ),
            ("role = \"dev\"\n", 1),
            ("respondent = \"r\"\nanswer = 3\n", 2),
        ];
        for (text, line) in cases {
            let err = parse(text).expect_err(text);
            assert_eq!(err.0[0].line, Some(line), "{text}: {err}");
        }
    }

    #[test]
    fn dora_answers_are_read() {
        let r = parse(
            "respondent = \"r\"\n[dora]\nleadtime = 3\nchangefailure = 0\nrework = 100\ndeployfreq = \"dont-know\"\n",
        )
        .expect("valid");
        let got: Vec<_> = r.dora.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(
            got,
            [
                ("changefailure", Some(0)),
                ("deployfreq", None),
                ("leadtime", Some(3)),
                ("rework", Some(100))
            ]
        );
        assert!(r.answers.is_empty());
    }

    #[test]
    fn bad_dora_answers_name_line_and_reason() {
        let cases = [
            ("leadtime = 7", "[dora] `leadtime`: 7 is outside 1..=6"),
            ("leadtime = 0", "0 is outside 1..=6"),
            ("deployfreq = 2.0", "2 is not a whole number"),
            (
                "failurerecovery = \"3\"",
                "`3` is neither an answer nor \"dont-know\"",
            ),
            (
                "leadtime = \"unsure\"",
                "[dora] `leadtime`: `unsure` is neither an answer nor \"dont-know\"",
            ),
            ("changefailure = true", "must be a whole number, found a boolean"),
            ("changefailure = 101", "101 is outside 0..=100"),
            ("changefailure = -5", "-5 is outside 0..=100"),
            (
                "leadtim = 3",
                "unknown [dora] key `leadtim` (did you mean `leadtime`?)",
            ),
            ("mttr = 3", "the keys are leadtime, deployfreq"),
        ];
        for (line, expected) in cases {
            let text = format!("respondent = \"r\"\n[dora]\nrework = 4\n{line}\n");
            let err = parse(&text).expect_err(line);
            assert_eq!(err.len(), 1, "{err}");
            assert_eq!(err.0[0].line, Some(4), "{line}: {err}");
            assert!(err.to_string().contains(expected), "{line}: {err}");
        }
    }
}
