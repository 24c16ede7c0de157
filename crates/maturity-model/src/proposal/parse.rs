//! Reading catalog files: the TOML shape, the checks one proposal answers on its own, and
//! merging a user's file over the catalog it extends. The checks that need the merged catalog
//! as a whole are in `prerequisites`.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use toml::Spanned;

use super::catalog::{Catalog, Difficulty, MIN_RAISE, Place, Proposal, Raise, Role, Source};
use super::prerequisites::{check_cycles, check_requires};
use crate::diagnostic::{Diagnostic, Diagnostics, from_toml, nearest};
use crate::model::{LEVELS, is_kebab_id};
use crate::model_set::ModelSet;

const BUILTIN_FILE: &str = "<built-in>/proposals.toml";
const BUILTIN_TEXT: &str = include_str!("../../data/proposals.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    #[serde(default)]
    proposals: Vec<RawProposal>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProposal {
    id: Spanned<String>,
    title: Spanned<String>,
    description: Spanned<String>,
    difficulty: Spanned<String>,
    #[serde(default)]
    requires: Vec<Spanned<String>>,
    #[serde(default)]
    recommends: Vec<Spanned<String>>,
    #[serde(default)]
    roles: Vec<Spanned<String>>,
    raises: Spanned<Vec<RawRaise>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRaise {
    criterion: Spanned<String>,
    to: Spanned<i64>,
}

impl Catalog {
    /// The catalog compiled into the binary, checked against the built-in models. Parsed
    /// once per process, like the models.
    pub fn builtin() -> Self {
        static BUILT: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
        BUILT
            .get_or_init(|| {
                parse_catalog(BUILTIN_FILE, BUILTIN_TEXT, &ModelSet::builtin())
                    .expect("the built-in catalog is validated by the proposal tests")
            })
            .clone()
    }

    /// Merges a user's catalog file into this one: a proposal whose id is already known
    /// replaces the known one in place, a new id is added at the end. Prerequisites and
    /// cycles are checked on the merged result; on any problem `self` is left unchanged.
    pub fn extend_or_replace(
        &mut self,
        file: &str,
        text: &str,
        models: &ModelSet,
    ) -> Result<(), Diagnostics> {
        *self = build(Some(self), file, text, models)?;
        Ok(())
    }
}

/// Parses and validates one catalog file on its own: ids are kebab-case and unique, texts are
/// not empty, difficulty is S, M or L, every raised criterion exists in `models` and is raised
/// to 2..4, every prerequisite exists and no prerequisites form a cycle. All problems are
/// reported together.
pub fn parse_catalog(file: &str, text: &str, models: &ModelSet) -> Result<Catalog, Diagnostics> {
    build(None, file, text, models)
}

/// Parses `text` and merges it over `base`, then checks the links of the merged catalog.
fn build(base: Option<&Catalog>, file: &str, text: &str, models: &ModelSet) -> Result<Catalog, Diagnostics> {
    let raw: RawCatalog = toml::from_str(text).map_err(|e| Diagnostics::one(from_toml(file, text, &e)))?;
    let mut catalog = base.cloned().unwrap_or(Catalog {
        proposals: Vec::new(),
        places: Vec::new(),
        sources: Vec::new(),
        index: HashMap::new(),
    });
    let source = catalog.sources.len();
    let mut problems = Vec::new();
    let mut seen_here: HashSet<String> = HashSet::new();
    for raw_proposal in raw.proposals {
        let id = raw_proposal.id.get_ref().clone();
        if !seen_here.insert(id.clone()) {
            problems.push(
                Diagnostic::new(file, format!("proposal id `{id}` is used twice"))
                    .at(text, raw_proposal.id.span().start)
                    .with_help("give every proposal of a catalog its own id"),
            );
            continue;
        }
        let (proposal, place) = check_proposal(file, text, source, raw_proposal, models, &mut problems);
        match catalog.index.get(&id) {
            Some(&i) => {
                catalog.proposals[i] = proposal;
                catalog.places[i] = place;
            }
            None => {
                catalog.index.insert(id, catalog.proposals.len());
                catalog.proposals.push(proposal);
                catalog.places.push(place);
            }
        }
    }
    catalog.sources.push(Source {
        file: file.to_string(),
        text: text.to_string(),
    });
    check_requires(&catalog, &mut problems);
    check_cycles(&catalog, &mut problems);
    Diagnostics(problems).into_result(catalog)
}

/// The checks one proposal can answer on its own. It always yields a proposal, so the links
/// of the whole catalog can still be checked and every problem reported in one pass.
fn check_proposal(
    file: &str,
    text: &str,
    source: usize,
    raw: RawProposal,
    models: &ModelSet,
    problems: &mut Vec<Diagnostic>,
) -> (Proposal, Place) {
    let id = raw.id.get_ref();
    if !is_kebab_id(id) {
        problems.push(
            Diagnostic::new(file, format!("proposal id `{id}` is not kebab-case"))
                .at(text, raw.id.span().start)
                .with_help("use lowercase letters, digits and single dashes, e.g. `code-review`"),
        );
    }
    for (value, what) in [(&raw.title, "title"), (&raw.description, "description")] {
        if value.get_ref().trim().is_empty() {
            problems.push(
                Diagnostic::new(file, format!("proposal `{id}`: {what} is empty"))
                    .at(text, value.span().start)
                    .with_help("write the text; it is shown in the roadmap of every report"),
            );
        }
    }
    let difficulty = Difficulty::parse(raw.difficulty.get_ref()).unwrap_or_else(|| {
        problems.push(
            Diagnostic::new(
                file,
                format!(
                    "proposal `{id}`: difficulty `{}` is not S, M or L",
                    raw.difficulty.get_ref()
                ),
            )
            .at(text, raw.difficulty.span().start)
            .with_help("use S (days), M (weeks) or L (months)"),
        );
        Difficulty::M
    });
    if raw.raises.get_ref().is_empty() {
        problems.push(
            Diagnostic::new(file, format!("proposal `{id}` raises no criterion"))
                .at(text, raw.raises.span().start)
                .with_help("add e.g. { criterion = \"devops.builds-ci\", to = 3 }; the planner chooses proposals by what they raise"),
        );
    }
    let mut raises: Vec<Raise> = Vec::new();
    for raw_raise in raw.raises.into_inner() {
        let criterion = raw_raise.criterion.get_ref();
        if models.criterion(criterion).is_none() {
            let known = models
                .models()
                .iter()
                .flat_map(|m| m.criteria().map(|c| c.id.as_str()));
            let d = Diagnostic::new(
                file,
                format!("proposal `{id}` raises unknown criterion `{criterion}`"),
            )
            .at(text, raw_raise.criterion.span().start);
            problems.push(match nearest(criterion, known) {
                Some(near) => d.with_help(format!("did you mean `{near}`?")),
                None => d.with_help("`maturity models show <model>` lists the valid criterion ids"),
            });
        } else if raises.iter().any(|r| &r.criterion == criterion) {
            problems.push(
                Diagnostic::new(file, format!("proposal `{id}` raises `{criterion}` twice"))
                    .at(text, raw_raise.criterion.span().start)
                    .with_help("keep one entry with the level the proposal reaches"),
            );
        }
        let to = *raw_raise.to.get_ref();
        let level = u8::try_from(to).ok().filter(|l| (MIN_RAISE..=LEVELS).contains(l));
        if level.is_none() {
            problems.push(
                Diagnostic::new(
                    file,
                    format!("proposal `{id}`: `to = {to}` is outside {MIN_RAISE}..{LEVELS}"),
                )
                .at(text, raw_raise.to.span().start)
                .with_help("a proposal raises a criterion to level 2, 3 or 4; every team starts at 1"),
            );
        }
        raises.push(Raise {
            criterion: criterion.clone(),
            to: level.unwrap_or(LEVELS),
        });
    }
    let hard = distinct(raw.requires, &[]);
    let soft = distinct(raw.recommends, &hard.ids);
    for (key, list) in [("requires", &hard), ("recommends", &soft)] {
        for (name, offset) in &list.repeated {
            problems.push(
                Diagnostic::new(file, format!("proposal `{id}` {key} `{name}` twice"))
                    .at(text, *offset)
                    .with_help("list each prerequisite once, in `requires` or in `recommends`"),
            );
        }
    }
    let offsets: Vec<usize> = hard.offsets.iter().chain(&soft.offsets).copied().collect();
    let (requires, recommends) = (hard.ids, soft.ids);
    let mut roles = Vec::new();
    for role in raw.roles {
        match Role::parse(role.get_ref()) {
            Some(r) if !roles.contains(&r) => roles.push(r),
            Some(_) => problems.push(
                Diagnostic::new(
                    file,
                    format!("proposal `{id}` names role `{}` twice", role.get_ref()),
                )
                .at(text, role.span().start)
                .with_help("list each role once"),
            ),
            None => {
                let d = Diagnostic::new(
                    file,
                    format!("proposal `{id}`: unknown role `{}`", role.get_ref()),
                )
                .at(text, role.span().start);
                let valid = Role::ALL.map(Role::as_str);
                problems.push(match nearest(role.get_ref(), valid.iter().copied()) {
                    Some(near) => d.with_help(format!("did you mean `{near}`?")),
                    None => d.with_help(format!("roles are {}", valid.join(", "))),
                });
            }
        }
    }
    let place = Place {
        source,
        id: raw.id.span().start,
        links: offsets,
    };
    let proposal = Proposal {
        id: raw.id.into_inner(),
        title: raw.title.into_inner(),
        description: raw.description.into_inner(),
        difficulty,
        requires,
        recommends,
        roles,
        raises,
    };
    (proposal, place)
}

/// A `requires` or `recommends` list with each id once, where each sits, and the repeats.
struct Distinct {
    ids: Vec<String>,
    offsets: Vec<usize>,
    repeated: Vec<(String, usize)>,
}

/// The ids of `raw` not already in `earlier` nor earlier in `raw`.
fn distinct(raw: Vec<Spanned<String>>, earlier: &[String]) -> Distinct {
    let mut list = Distinct {
        ids: Vec::new(),
        offsets: Vec::new(),
        repeated: Vec::new(),
    };
    for entry in raw {
        let offset = entry.span().start;
        let name = entry.into_inner();
        if list.ids.contains(&name) || earlier.contains(&name) {
            list.repeated.push((name, offset));
        } else {
            list.offsets.push(offset);
            list.ids.push(name);
        }
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proposal::Role;
    use crate::proposal::test_support::{GOOD, parse};

    #[test]
    fn parses_a_valid_catalog() {
        let catalog = parse(GOOD).expect("valid");
        assert_eq!(catalog.ids().collect::<Vec<_>>(), ["a", "b"]);
        let b = catalog.get("b").expect("b");
        assert_eq!(
            (b.difficulty, b.requires.as_slice()),
            (Difficulty::M, ["a".to_string()].as_slice())
        );
        assert_eq!(
            b.raises,
            [
                Raise {
                    criterion: "devops.leadership".into(),
                    to: 3
                },
                Raise {
                    criterion: "testing.unit".into(),
                    to: 4
                }
            ]
        );
        assert_eq!(catalog.position("b"), Some(1));
        assert_eq!(catalog.file_of("a"), Some("c.toml"));
    }

    #[test]
    fn invalid_catalogs_name_the_line() {
        // (replace this, with that, expected message, expected line)
        let cases: &[(&str, &str, &str, usize)] = &[
            (
                "id = \"b\"",
                "id = \"B\"",
                "proposal id `B` is not kebab-case",
                10,
            ),
            ("id = \"b\"", "id = \"a\"", "proposal id `a` is used twice", 10),
            (
                "title = \"B\"",
                "title = \" \"",
                "proposal `b`: title is empty",
                11,
            ),
            (
                "description = \"Do a.\"",
                "description = \"\"",
                "proposal `a`: description is empty",
                5,
            ),
            (
                "difficulty = \"M\"",
                "difficulty = \"XL\"",
                "difficulty `XL` is not S, M or L",
                13,
            ),
            (
                "\"testing.unit\"",
                "\"testing.units\"",
                "unknown criterion `testing.units` (did you mean `testing.unit`?)",
                15,
            ),
            (
                "\"testing.unit\", to = 4",
                "\"testing.unit\", to = 5",
                "`to = 5` is outside 2..4",
                15,
            ),
            (
                "\"testing.unit\", to = 4",
                "\"testing.unit\", to = 1",
                "`to = 1` is outside 2..4",
                15,
            ),
            (
                "\"testing.unit\", to = 4",
                "\"testing.unit\", to = -300",
                "`to = -300` is outside 2..4",
                15,
            ),
            (
                "\"testing.unit\", to = 4",
                "\"devops.leadership\", to = 4",
                "raises `devops.leadership` twice",
                15,
            ),
            (
                "requires = [\"a\"]",
                "requires = [\"aa\"]",
                "requires unknown proposal `aa` (did you mean `a`?)",
                14,
            ),
            (
                "requires = [\"a\"]",
                "requires = [\"a\", \"a\"]",
                "requires `a` twice",
                14,
            ),
            (
                "requires = [\"a\"]",
                "requires = [\"b\"]",
                "prerequisite cycle: b → b",
                14,
            ),
            (
                "difficulty = \"S\"\n",
                "difficulty = \"S\"\nrequires = [\"b\"]\n",
                "prerequisite cycle: a → b → a",
                7,
            ),
            (
                "raises = [{ criterion = \"devops.leadership\", to = 2 }]",
                "raises = []",
                "proposal `a` raises no criterion",
                7,
            ),
            ("title = \"A\"\n", "", "missing field `title`", 2),
            (
                "title = \"A\"\n",
                "title = \"A\"\ncost = 3\n",
                "unknown field `cost`",
                5,
            ),
            ("to = 2 }", "to = \"2\" }", "invalid type", 7),
        ];
        for (from, to, expected, line) in cases {
            assert!(GOOD.contains(from), "{from}");
            let text = GOOD.replacen(from, to, 1);
            let err = parse(&text).expect_err(to);
            let message = err.to_string();
            assert_eq!(err.len(), 1, "{to}: {message}");
            assert!(message.contains(expected), "{to}: {message}");
            assert_eq!(err.0[0].line, Some(*line), "{to}: {message}");
            assert_eq!(err.0[0].file, "c.toml");
        }
    }

    #[test]
    fn all_problems_are_reported_at_once() {
        let text = GOOD
            .replacen("difficulty = \"S\"", "difficulty = \"s\"", 1)
            .replacen("requires = [\"a\"]", "requires = [\"zz\"]", 1)
            .replacen("\"testing.unit\"", "\"testing.nope\"", 1);
        let err = parse(&text).expect_err("three problems");
        assert_eq!(err.len(), 3, "{err}");
        assert!(err.iter().all(|d| d.line.is_some()), "{err}");
    }

    #[test]
    fn user_catalog_replaces_and_extends() {
        let models = ModelSet::builtin();
        let mut catalog = parse(GOOD).expect("valid");
        let user = r#"
[[proposals]]
id = "a"
title = "A, our way"
description = "Do a differently."
difficulty = "L"
raises = [{ criterion = "devops.leadership", to = 2 }]

[[proposals]]
id = "c"
title = "C"
description = "Do c."
difficulty = "S"
requires = ["b"]
raises = [{ criterion = "testing.system", to = 2 }]
"#;
        catalog
            .extend_or_replace("mine.toml", user, &models)
            .expect("valid merge");
        assert_eq!(catalog.ids().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(
            catalog.get("a").map(|p| (p.title.as_str(), p.difficulty)),
            Some(("A, our way", Difficulty::L))
        );
        assert_eq!(catalog.file_of("a"), Some("mine.toml"));
        assert_eq!(catalog.file_of("b"), Some("c.toml"));
    }

    #[test]
    fn builtin_catalog_is_valid_and_covers_every_area() {
        let models = ModelSet::builtin();
        let catalog = parse_catalog(BUILTIN_FILE, BUILTIN_TEXT, &models).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(catalog, Catalog::builtin());
        assert!(catalog.len() >= 30, "{}", catalog.len());
        let raised: HashSet<&str> = catalog
            .proposals()
            .iter()
            .flat_map(|p| p.raises.iter().map(|r| r.criterion.as_str()))
            .collect();
        for model in models.models() {
            for area in &model.areas {
                assert!(
                    area.criteria.iter().any(|c| raised.contains(c.id.as_str())),
                    "no proposal for {}",
                    area.id
                );
            }
        }
        // The seed report's ten proposals, and the practices issue 5 names.
        for id in [
            "configuration-as-code",
            "release-concept",
            "test-tool-evaluation",
            "team-collaboration-tool",
            "automated-smoke-tests",
            "continuous-integration",
            "continuous-deployment",
            "kanban-flow-metrics",
            "public-cloud-evaluation",
            "services-with-deprecation",
            "trunk-based-development",
            "dependency-update-automation",
            "static-analysis-gate",
            "infrastructure-as-code",
            "monitoring-alerting",
            "test-data-management",
            "security-scanning-in-ci",
            "performance-tests-in-ci",
            "code-review",
            "observability",
            "release-notes-automation",
            "on-call-incident-reviews",
        ] {
            assert!(catalog.get(id).is_some(), "missing {id}");
        }
        for proposal in catalog.proposals() {
            assert!(!proposal.roles.is_empty(), "{} names no role", proposal.id);
        }
    }

    #[test]
    fn roles_and_recommendations_are_read_and_checked() {
        let good = GOOD.replace(
            "requires = [\"a\"]",
            "requires = []\nrecommends = [\"a\"]\nroles = [\"tester\", \"product-owner\"]",
        );
        let catalog = parse(&good).expect("valid");
        let b = catalog.get("b").expect("b");
        assert_eq!(b.recommends, ["a"]);
        assert!(b.requires.is_empty());
        assert_eq!(b.roles, [Role::Tester, Role::ProductOwner]);
        assert_eq!(b.links().collect::<Vec<_>>(), ["a"]);
        // (replacement for the roles line, expected message)
        let cases: &[(&str, &str)] = &[
            (
                "recommends = [\"aa\"]",
                "c.toml:15:15: proposal `b` recommends unknown proposal `aa` (did you mean `a`?)",
            ),
            (
                "recommends = [\"a\", \"a\"]",
                "c.toml:15:20: proposal `b` recommends `a` twice (list each prerequisite once, in `requires` or in `recommends`)",
            ),
            (
                "roles = [\"testr\"]",
                "c.toml:15:10: proposal `b`: unknown role `testr` (did you mean `tester`?)",
            ),
            (
                "roles = [\"tester\", \"tester\"]",
                "c.toml:15:20: proposal `b` names role `tester` twice (list each role once)",
            ),
        ];
        for (line, expected) in cases {
            let text = GOOD.replace("requires = [\"a\"]", &format!("requires = []\n{line}"));
            let err = parse(&text).expect_err(line);
            assert_eq!(err.to_string(), *expected, "{line}");
        }
        // One prerequisite cannot be both required and recommended.
        let both = GOOD.replace("requires = [\"a\"]", "requires = [\"a\"]\nrecommends = [\"a\"]");
        let err = parse(&both).expect_err("both");
        assert_eq!(
            err.to_string(),
            "c.toml:15:15: proposal `b` recommends `a` twice (list each prerequisite once, in `requires` or in `recommends`)"
        );
        // A recommendation closes a cycle as surely as a requirement.
        let cycle = GOOD.replace("difficulty = \"S\"", "difficulty = \"S\"\nrecommends = [\"b\"]");
        let err = parse(&cycle).expect_err("cycle");
        assert!(err.to_string().contains("prerequisite cycle: a → b → a"), "{err}");
    }

    #[test]
    fn builtin_raises_are_never_reached_by_a_prerequisite_already() {
        // Such a raise could never show in a plan: the prerequisite is always done first.
        let catalog = Catalog::builtin();
        for proposal in catalog.proposals() {
            let mut stack: Vec<&str> = proposal.requires.iter().map(String::as_str).collect();
            let mut before: HashSet<&str> = HashSet::new();
            while let Some(id) = stack.pop() {
                if before.insert(id) {
                    stack.extend(
                        catalog
                            .get(id)
                            .expect("known")
                            .requires
                            .iter()
                            .map(String::as_str),
                    );
                }
            }
            for raise in &proposal.raises {
                for id in &before {
                    let earlier = catalog.get(id).expect("known");
                    assert!(
                        !earlier
                            .raises
                            .iter()
                            .any(|r| r.criterion == raise.criterion && r.to >= raise.to),
                        "{} raises {} to {}, which its prerequisite {id} already does",
                        proposal.id,
                        raise.criterion,
                        raise.to
                    );
                }
            }
        }
    }
}
