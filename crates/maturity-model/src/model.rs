//! A maturity model: areas, each with criteria, each with four levels described in words.
//! Parsed from TOML and validated so the rest of the program can trust its shape.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Diagnostics, from_toml};

/// Every criterion has exactly this many levels, 1 (least mature) to 4 (most).
pub const LEVELS: u8 = 4;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Model {
    pub id: String,
    pub name: String,
    pub description: String,
    pub areas: Vec<Area>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Area {
    /// Qualified id, `<model>.<area>`.
    pub id: String,
    pub name: String,
    pub description: String,
    pub criteria: Vec<Criterion>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Criterion {
    /// Qualified id, `<model>.<criterion>`: stable, unique across all models.
    pub id: String,
    pub name: String,
    pub question: String,
    /// Descriptions of levels 1..=4, in order.
    pub levels: [String; LEVELS as usize],
}

impl Model {
    pub fn criteria(&self) -> impl Iterator<Item = &Criterion> {
        self.areas.iter().flat_map(|area| area.criteria.iter())
    }

    pub fn area(&self, id: &str) -> Option<&Area> {
        self.areas.iter().find(|area| area.id == id)
    }
}

impl Criterion {
    /// The description of `level` (1..=4).
    pub fn level_text(&self, level: u8) -> Option<&str> {
        let index = usize::from(level.checked_sub(1)?);
        self.levels.get(index).map(String::as_str)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModel {
    id: Spanned<String>,
    name: Spanned<String>,
    #[serde(default)]
    description: String,
    areas: Spanned<Vec<RawArea>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArea {
    id: Spanned<String>,
    name: Spanned<String>,
    #[serde(default)]
    description: String,
    criteria: Spanned<Vec<RawCriterion>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCriterion {
    id: Spanned<String>,
    name: Spanned<String>,
    question: Spanned<String>,
    levels: Spanned<Vec<Spanned<String>>>,
}

/// Whether `id` is a usable id: lowercase kebab-case, starting with a letter.
pub fn is_kebab_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.ends_with('-')
        && !id.contains("--")
}

/// Parses and validates one model file: ids are kebab-case and unique, every criterion has
/// four levels, no text is empty. All problems are reported together.
pub fn parse_model(file: &str, text: &str) -> Result<Model, Diagnostics> {
    let raw: RawModel = toml::from_str(text).map_err(|e| Diagnostics::one(from_toml(file, text, &e)))?;
    let mut problems = Vec::new();
    let check_id = |id: &Spanned<String>, what: &str, problems: &mut Vec<Diagnostic>| {
        if !is_kebab_id(id.get_ref()) {
            problems.push(
                Diagnostic::new(file, format!("{what} id `{}` is not kebab-case", id.get_ref()))
                    .at(text, id.span().start)
                    .with_help("use lowercase letters, digits and single dashes, e.g. `code-review`"),
            );
        }
    };
    let non_empty = |value: &Spanned<String>, what: &str, problems: &mut Vec<Diagnostic>| {
        if value.get_ref().trim().is_empty() {
            problems.push(
                Diagnostic::new(file, format!("{what} is empty"))
                    .at(text, value.span().start)
                    .with_help("write the text; every model text is shown to respondents"),
            );
        }
    };

    check_id(&raw.id, "model", &mut problems);
    non_empty(&raw.name, "model name", &mut problems);
    if raw.areas.get_ref().is_empty() {
        problems.push(
            Diagnostic::new(file, "the model has no areas")
                .at(text, raw.areas.span().start)
                .with_help("add at least one [[areas]] table with criteria"),
        );
    }
    let model_id = raw.id.get_ref().clone();
    let mut area_ids: Vec<&str> = Vec::new();
    let mut criterion_ids: Vec<&str> = Vec::new();
    let mut areas = Vec::new();
    for raw_area in raw.areas.get_ref() {
        check_id(&raw_area.id, "area", &mut problems);
        non_empty(&raw_area.name, "area name", &mut problems);
        if area_ids.contains(&raw_area.id.get_ref().as_str()) {
            problems.push(
                Diagnostic::new(file, format!("area id `{}` is used twice", raw_area.id.get_ref()))
                    .at(text, raw_area.id.span().start)
                    .with_help("give every area of a model its own id"),
            );
        }
        area_ids.push(raw_area.id.get_ref());
        if raw_area.criteria.get_ref().is_empty() {
            problems.push(
                Diagnostic::new(file, format!("area `{}` has no criteria", raw_area.id.get_ref()))
                    .at(text, raw_area.criteria.span().start)
                    .with_help("add at least one [[areas.criteria]] table"),
            );
        }
        let mut criteria = Vec::new();
        for raw_criterion in raw_area.criteria.get_ref() {
            check_id(&raw_criterion.id, "criterion", &mut problems);
            non_empty(&raw_criterion.name, "criterion name", &mut problems);
            non_empty(&raw_criterion.question, "criterion question", &mut problems);
            let id = raw_criterion.id.get_ref();
            if criterion_ids.contains(&id.as_str()) {
                problems.push(
                    Diagnostic::new(file, format!("criterion id `{id}` is used twice"))
                        .at(text, raw_criterion.id.span().start)
                        .with_help("criterion ids must be unique within a model"),
                );
            }
            criterion_ids.push(id);
            let levels = raw_criterion.levels.get_ref();
            for level in levels {
                non_empty(level, "level description", &mut problems);
            }
            let Ok(levels) = <[Spanned<String>; LEVELS as usize]>::try_from(levels.clone()) else {
                problems.push(
                    Diagnostic::new(
                        file,
                        format!("criterion `{id}` has {} levels, not {LEVELS}", levels.len()),
                    )
                    .at(text, raw_criterion.levels.span().start)
                    .with_help("describe exactly four levels, from least to most mature"),
                );
                continue;
            };
            criteria.push(Criterion {
                id: format!("{model_id}.{id}"),
                name: raw_criterion.name.get_ref().clone(),
                question: raw_criterion.question.get_ref().clone(),
                levels: levels.map(Spanned::into_inner),
            });
        }
        areas.push(Area {
            id: format!("{model_id}.{}", raw_area.id.get_ref()),
            name: raw_area.name.get_ref().clone(),
            description: raw_area.description.clone(),
            criteria,
        });
    }
    Diagnostics(problems).into_result(Model {
        id: model_id.clone(),
        name: raw.name.into_inner(),
        description: raw.description,
        areas,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
id = "tiny"
name = "Tiny"
[[areas]]
id = "one"
name = "One"
[[areas.criteria]]
id = "first"
name = "First"
question = "How?"
levels = ["a", "b", "c", "d"]
"#;

    #[test]
    fn parses_a_valid_model_with_qualified_ids() {
        let model = parse_model("tiny.toml", GOOD).expect("valid");
        assert_eq!(model.areas[0].id, "tiny.one");
        assert_eq!(model.areas[0].criteria[0].id, "tiny.first");
        assert_eq!(model.areas[0].criteria[0].level_text(4), Some("d"));
        assert_eq!(model.areas[0].criteria[0].level_text(0), None);
    }

    #[test]
    fn invalid_models_name_the_line() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "levels = [\"a\", \"b\", \"c\", \"d\"]",
                "levels = [\"a\", \"b\", \"c\"]",
                "3 levels, not 4",
            ),
            (
                "levels = [\"a\", \"b\", \"c\", \"d\"]",
                "levels = [\"a\", \"\", \"c\", \"d\"]",
                "level description is empty",
            ),
            (
                "question = \"How?\"",
                "question = \" \"",
                "criterion question is empty",
            ),
            ("id = \"first\"", "id = \"First\"", "not kebab-case"),
            (
                "name = \"Tiny\"",
                "name = \"Tiny\"\nextra = 1",
                "unknown field `extra`",
            ),
            ("id = \"one\"", "id = \"one", "invalid"),
        ];
        for (from, to, expected) in cases {
            let text = GOOD.replacen(from, to, 1);
            let err = parse_model("m.toml", &text).expect_err(to);
            let message = err.to_string();
            assert!(message.contains(expected), "{to}: {message}");
            assert!(err.iter().all(|d| d.line.is_some()), "{to}: {message}");
        }
    }

    #[test]
    fn duplicate_ids_are_all_reported() {
        let text = format!(
            "{GOOD}\n[[areas.criteria]]\nid = \"first\"\nname = \"X\"\nquestion = \"Q\"\nlevels = [\"a\", \"b\", \"c\", \"d\"]\n[[areas]]\nid = \"one\"\nname = \"Again\"\ncriteria = []\n"
        );
        let err = parse_model("m.toml", &text).expect_err("duplicates");
        let message = err.to_string();
        assert!(
            message.contains("criterion id `first` is used twice"),
            "{message}"
        );
        assert!(message.contains("area id `one` is used twice"), "{message}");
        assert!(message.contains("area `one` has no criteria"), "{message}");
        assert_eq!(err.len(), 3);
    }

    #[test]
    fn kebab_ids() {
        for (id, ok) in [
            ("a", true),
            ("ci-levels", true),
            ("a1", true),
            ("", false),
            ("1a", false),
            ("a_b", false),
            ("a-", false),
            ("a--b", false),
            ("A", false),
        ] {
            assert_eq!(is_kebab_id(id), ok, "{id}");
        }
    }
}
