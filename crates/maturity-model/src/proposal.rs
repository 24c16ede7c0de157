//! The catalog of improvement proposals: what a team can do, how hard it is, which criteria it
//! raises to which level and which proposals it needs first.
//!
//! The built-in catalog is compiled in; a user's catalog file adds proposals or replaces
//! built-in ones with the same id. Validation runs on the merged catalog, so a `Catalog` value
//! always has known criteria, known prerequisites and no prerequisite cycles, and the planner
//! can rely on that. Like the rest of this crate it is pure data: it must not depend on
//! scoring, planning, rendering or files (the caller reads the user's file and passes its text).

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Diagnostics, from_toml, nearest};
use crate::model::{LEVELS, is_kebab_id};
use crate::model_set::ModelSet;

const BUILTIN_FILE: &str = "<built-in>/proposals.toml";
const BUILTIN_TEXT: &str = include_str!("../data/proposals.toml");

/// The lowest level a proposal may raise a criterion to: level 1 is where every team starts.
pub const MIN_RAISE: u8 = 2;

/// How big a proposal is: S takes days, M weeks, L months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Difficulty {
    S,
    M,
    L,
}

impl Difficulty {
    pub const ALL: [Difficulty; 3] = [Difficulty::S, Difficulty::M, Difficulty::L];

    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::S => "S",
            Difficulty::M => "M",
            Difficulty::L => "L",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == text)
    }
}

impl fmt::Display for Difficulty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposal {
    /// Kebab-case, unique in the catalog.
    pub id: String,
    pub title: String,
    pub description: String,
    pub difficulty: Difficulty,
    /// Ids of the proposals that must be done before this one, in file order.
    pub requires: Vec<String>,
    /// The criteria this proposal brings up, and to which level, once it is done.
    pub raises: Vec<Raise>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Raise {
    /// Qualified criterion id, `<model>.<criterion>`.
    pub criterion: String,
    /// The level (2..=4) the criterion reaches once the proposal is done.
    pub to: u8,
}

/// A validated set of proposals, in file order (built-in first, then a user's new ones).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Catalog {
    proposals: Vec<Proposal>,
    /// Where each proposal was written, parallel to `proposals`, so checks on a merged
    /// catalog can still point into the file the proposal came from.
    #[serde(skip)]
    places: Vec<Place>,
    #[serde(skip)]
    sources: Vec<Source>,
    #[serde(skip)]
    index: HashMap<String, usize>,
}

#[derive(Debug, Clone, PartialEq)]
struct Place {
    source: usize,
    id: usize,
    /// Byte offsets of the `requires` entries, parallel to `Proposal::requires`.
    requires: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
struct Source {
    file: String,
    text: String,
}

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
    raises: Spanned<Vec<RawRaise>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRaise {
    criterion: Spanned<String>,
    to: Spanned<i64>,
}

impl Catalog {
    /// The catalog compiled into the binary, checked against the built-in models.
    pub fn builtin() -> Self {
        parse_catalog(BUILTIN_FILE, BUILTIN_TEXT, &ModelSet::builtin())
            .expect("the built-in catalog is validated by the proposal tests")
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

    pub fn proposals(&self) -> &[Proposal] {
        &self.proposals
    }

    pub fn get(&self, id: &str) -> Option<&Proposal> {
        self.position(id).map(|i| &self.proposals[i])
    }

    /// The index of a proposal in `proposals()`, for callers that keep per-proposal tables.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.proposals.iter().map(|p| p.id.as_str())
    }

    pub fn len(&self) -> usize {
        self.proposals.len()
    }

    pub fn is_empty(&self) -> bool {
        self.proposals.is_empty()
    }

    /// The file a proposal was read from (`<built-in>/proposals.toml` for built-in ones).
    pub fn file_of(&self, id: &str) -> Option<&str> {
        let place = &self.places[self.position(id)?];
        Some(self.sources[place.source].file.as_str())
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
    let mut requires: Vec<String> = Vec::new();
    let mut offsets = Vec::new();
    for required in raw.requires {
        if requires.contains(required.get_ref()) {
            problems.push(
                Diagnostic::new(
                    file,
                    format!("proposal `{id}` requires `{}` twice", required.get_ref()),
                )
                .at(text, required.span().start)
                .with_help("list each prerequisite once"),
            );
            continue;
        }
        offsets.push(required.span().start);
        requires.push(required.into_inner());
    }
    let place = Place {
        source,
        id: raw.id.span().start,
        requires: offsets,
    };
    let proposal = Proposal {
        id: raw.id.into_inner(),
        title: raw.title.into_inner(),
        description: raw.description.into_inner(),
        difficulty,
        requires,
        raises,
    };
    (proposal, place)
}

impl Catalog {
    /// A diagnostic at the `n`th `requires` entry of proposal `i`, in the file it came from.
    fn at_requires(&self, i: usize, n: usize, message: String) -> Diagnostic {
        let place = &self.places[i];
        let source = &self.sources[place.source];
        Diagnostic::new(&source.file, message).at(&source.text, place.requires[n])
    }
}

fn check_requires(catalog: &Catalog, problems: &mut Vec<Diagnostic>) {
    for (i, proposal) in catalog.proposals.iter().enumerate() {
        for (n, required) in proposal.requires.iter().enumerate() {
            if catalog.index.contains_key(required) {
                continue;
            }
            let d = catalog.at_requires(
                i,
                n,
                format!(
                    "proposal `{}` requires unknown proposal `{required}`",
                    proposal.id
                ),
            );
            problems.push(match nearest(required, catalog.ids()) {
                Some(near) => d.with_help(format!("did you mean `{near}`?")),
                None => d.with_help("`maturity proposals` lists the known proposal ids"),
            });
        }
    }
}

/// Reports every distinct prerequisite cycle once, at a `requires` entry inside it. The entry
/// is taken from the most recently added file, because that is where the user can fix it.
fn check_cycles(catalog: &Catalog, problems: &mut Vec<Diagnostic>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let edges: Vec<Vec<(usize, usize)>> = catalog
        .proposals
        .iter()
        .map(|p| {
            p.requires
                .iter()
                .enumerate()
                .filter_map(|(n, r)| catalog.index.get(r).map(|&to| (n, to)))
                .collect()
        })
        .collect();
    let mut marks = vec![Mark::New; edges.len()];
    let mut reported: HashSet<Vec<usize>> = HashSet::new();
    // An explicit stack instead of recursion: a user catalog may chain thousands of proposals.
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for start in 0..edges.len() {
        if marks[start] != Mark::New {
            continue;
        }
        marks[start] = Mark::Open;
        stack.push((start, 0));
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            let Some(&(_, to)) = edges[node].get(*next) else {
                marks[node] = Mark::Done;
                stack.pop();
                continue;
            };
            *next += 1;
            match marks[to] {
                Mark::New => {
                    marks[to] = Mark::Open;
                    stack.push((to, 0));
                }
                Mark::Open => {
                    let from = stack.iter().position(|&(n, _)| n == to).unwrap_or(0);
                    // Each stack entry's `next` has already moved past the edge it followed.
                    let cycle: Vec<(usize, usize)> = stack[from..]
                        .iter()
                        .map(|&(n, next)| (n, edges[n][next - 1].0))
                        .collect();
                    let mut members: Vec<usize> = cycle.iter().map(|&(n, _)| n).collect();
                    members.sort_unstable();
                    if reported.insert(members) {
                        problems.push(cycle_diagnostic(catalog, &cycle));
                    }
                }
                Mark::Done => {}
            }
        }
    }
}

/// `cycle` lists (proposal, index of its `requires` entry naming the next one).
fn cycle_diagnostic(catalog: &Catalog, cycle: &[(usize, usize)]) -> Diagnostic {
    let key = |&(i, _): &(usize, usize)| {
        let place = &catalog.places[i];
        (std::cmp::Reverse(place.source), place.id)
    };
    let first = (0..cycle.len()).min_by_key(|&k| key(&cycle[k])).unwrap_or(0);
    let names: Vec<&str> = cycle[first..]
        .iter()
        .chain(&cycle[..first])
        .chain(std::iter::once(&cycle[first]))
        .map(|&(i, _)| catalog.proposals[i].id.as_str())
        .collect();
    let (i, n) = cycle[first];
    catalog
        .at_requires(i, n, format!("prerequisite cycle: {}", names.join(" → ")))
        .with_help("remove one of these `requires` so the proposals can be done in some order")
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[[proposals]]
id = "a"
title = "A"
description = "Do a."
difficulty = "S"
raises = [{ criterion = "devops.leadership", to = 2 }]

[[proposals]]
id = "b"
title = "B"
description = "Do b."
difficulty = "M"
requires = ["a"]
raises = [{ criterion = "devops.leadership", to = 3 }, { criterion = "testing.unit", to = 4 }]
"#;

    fn parse(text: &str) -> Result<Catalog, Diagnostics> {
        parse_catalog("c.toml", text, &ModelSet::builtin())
    }

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
    fn a_longer_cycle_is_named_once() {
        let text = r#"
[[proposals]]
id = "x"
title = "X"
description = "X."
difficulty = "S"
requires = ["z"]
raises = [{ criterion = "testing.unit", to = 2 }]
[[proposals]]
id = "y"
title = "Y"
description = "Y."
difficulty = "S"
requires = ["x"]
raises = [{ criterion = "testing.unit", to = 3 }]
[[proposals]]
id = "z"
title = "Z"
description = "Z."
difficulty = "S"
requires = ["y"]
raises = [{ criterion = "testing.unit", to = 4 }]
"#;
        let err = parse(text).expect_err("cycle");
        assert_eq!(err.len(), 1, "{err}");
        assert_eq!(
            err.to_string(),
            "c.toml:7:13: prerequisite cycle: x → z → y → x (remove one of these `requires` so the proposals can be done in some order)"
        );
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
    fn a_cycle_through_a_user_catalog_is_rejected_and_nothing_changes() {
        let models = ModelSet::builtin();
        let mut catalog = parse(GOOD).expect("valid");
        let before = catalog.clone();
        // Replacing `a` so it needs `b`, which needs `a`, closes a cycle across two files.
        let user = "[[proposals]]\nid = \"a\"\ntitle = \"A\"\ndescription = \"A.\"\ndifficulty = \"S\"\nrequires = [\"b\"]\nraises = [{ criterion = \"devops.leadership\", to = 2 }]\n";
        let err = catalog
            .extend_or_replace("mine.toml", user, &models)
            .expect_err("cycle");
        assert_eq!(
            err.to_string(),
            "mine.toml:6:13: prerequisite cycle: a → b → a (remove one of these `requires` so the proposals can be done in some order)"
        );
        assert_eq!(catalog, before);
        // A user proposal may require a built-in one, but not one that does not exist.
        let unknown = user.replacen("[\"b\"]", "[\"bb\"]", 1);
        let err = catalog
            .extend_or_replace("mine.toml", &unknown, &models)
            .expect_err("unknown");
        assert_eq!(err.0[0].file, "mine.toml");
        assert!(err.to_string().contains("did you mean `b`?"), "{err}");
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

    #[test]
    fn difficulty_serializes_as_its_letter() {
        let catalog = parse(GOOD).expect("valid");
        let text = toml::to_string(&catalog).expect("serializable");
        assert!(text.contains("difficulty = \"M\""), "{text}");
        for d in Difficulty::ALL {
            assert_eq!(Difficulty::parse(&d.to_string()), Some(d));
        }
        assert_eq!(Difficulty::parse("m"), None);
    }
}
