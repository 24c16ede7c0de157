//! The checks only the merged catalog can answer, run after every merge: each prerequisite is
//! a known proposal and no prerequisites form a cycle, so the planner can always order them.

use std::collections::HashSet;

use super::catalog::Catalog;
use crate::diagnostic::{Diagnostic, nearest};

impl Catalog {
    /// A diagnostic at the `n`th prerequisite (`Proposal::links`) of proposal `i`, in the file
    /// it came from.
    fn at_link(&self, i: usize, n: usize, message: String) -> Diagnostic {
        let place = &self.places[i];
        let source = &self.sources[place.source];
        Diagnostic::new(&source.file, message).at(&source.text, place.links[n])
    }
}

pub(super) fn check_requires(catalog: &Catalog, problems: &mut Vec<Diagnostic>) {
    for (i, proposal) in catalog.proposals.iter().enumerate() {
        for (n, required) in proposal.links().enumerate() {
            if catalog.index.contains_key(required) {
                continue;
            }
            let key = if n < proposal.requires.len() {
                "requires"
            } else {
                "recommends"
            };
            let d = catalog.at_link(
                i,
                n,
                format!("proposal `{}` {key} unknown proposal `{required}`", proposal.id),
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
pub(super) fn check_cycles(catalog: &Catalog, problems: &mut Vec<Diagnostic>) {
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
            p.links()
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
        .at_link(i, n, format!("prerequisite cycle: {}", names.join(" → ")))
        .with_help(
            "remove one of these `requires` or `recommends` so the proposals can be done in some order",
        )
}

#[cfg(test)]
mod tests {
    use crate::model_set::ModelSet;
    use crate::proposal::test_support::{GOOD, parse};

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
            "c.toml:7:13: prerequisite cycle: x → z → y → x (remove one of these `requires` or `recommends` so the proposals can be done in some order)"
        );
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
            "mine.toml:6:13: prerequisite cycle: a → b → a (remove one of these `requires` or `recommends` so the proposals can be done in some order)"
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
}
