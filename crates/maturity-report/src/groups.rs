//! Breakdowns of the scores by a trait the respondents share (role, site), and the rule that
//! keeps an anonymous report from singling anyone out: groups smaller than `min_group` merge
//! into "other", and an "other" still too small is left out with a note saying so.

use std::collections::BTreeMap;

use maturity_assess::{GroupScore, score_by};
use maturity_model::{Model, Response};

/// The group small groups are merged into.
pub const OTHER: &str = "other";

/// The group of respondents whose response names no site, when others do.
pub const NO_SITE: &str = "unspecified";

#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    /// The groups shown, in name order ("other" where its name sorts).
    pub groups: Vec<GroupScore>,
    /// What merging or hiding did, in words, when it did anything.
    pub note: Option<String>,
}

/// Scores `responses` group by group; `what` names the trait in the note ("role", "site").
pub fn breakdown(
    models: &[Model],
    responses: &[Response],
    key: impl Fn(&Response) -> &str,
    what: &str,
    min_group: usize,
) -> Breakdown {
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for response in responses {
        *sizes.entry(key(response)).or_default() += 1;
    }
    let small = |name: &str| sizes.get(name).is_some_and(|n| *n < min_group);
    let merged = sizes.iter().filter(|(name, _)| small(name)).count();
    let mut groups = score_by(models, responses, |r| {
        let name = key(r);
        if small(name) { OTHER } else { name }.to_string()
    });
    if merged == 0 {
        return Breakdown { groups, note: None };
    }
    let other = groups.iter().position(|g| g.group == OTHER);
    let hidden = other.filter(|&i| groups[i].respondents < min_group);
    let note = match hidden {
        Some(i) => {
            let n = groups.remove(i).respondents;
            let people = if n == 1 { "respondent" } else { "respondents" };
            format!(
                "{n} {people} in {what}s of fewer than {min_group} people are left out of this breakdown, so that no answer can be traced to a person."
            )
        }
        None => format!(
            "{what}s of fewer than {min_group} people are merged into “{OTHER}”, so that no answer can be traced to a person."
        ),
    };
    Breakdown {
        groups,
        note: Some(capitalised(&note)),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The site a response counts under: its own, or `NO_SITE`.
pub fn site(response: &Response) -> &str {
    response.site.as_deref().unwrap_or(NO_SITE)
}

#[cfg(test)]
mod tests {
    use maturity_model::{Answer, ModelSet};

    use super::*;

    fn response(name: &str, role: &str, level: u8) -> Response {
        Response {
            file: format!("{name}.toml"),
            respondent: name.to_string(),
            role: role.to_string(),
            site: None,
            dora: Default::default(),
            answers: vec![Answer {
                criterion: "testing.unit".into(),
                level: Some(level),
                comment: None,
            }],
        }
    }

    #[test]
    fn small_groups_merge_into_other_or_are_left_out() {
        let testing = ModelSet::builtin().get("testing").expect("builtin").clone();
        let people = [
            response("a", "dev", 4),
            response("b", "dev", 4),
            response("c", "dev", 4),
            response("d", "tester", 1),
            response("e", "ops", 1),
            response("f", "po", 1),
            response("g", "lead", 2),
        ];
        // (respondents, min_group, expected groups, note contains)
        type Case<'a> = (&'a [Response], usize, &'a [(&'a str, usize)], Option<&'a str>);
        let cases: [Case; 5] = [
            (
                &people,
                1,
                &[("dev", 3), ("lead", 1), ("ops", 1), ("po", 1), ("tester", 1)],
                None,
            ),
            (
                &people,
                3,
                &[("dev", 3), ("other", 4)],
                Some("Roles of fewer than 3 people are merged into “other”"),
            ),
            (
                &people[..5],
                3,
                &[("dev", 3)],
                Some("2 respondents in roles of fewer than 3 people are left out"),
            ),
            (&people[..4], 3, &[("dev", 3)], Some("1 respondent in roles")),
            (&people, 4, &[("other", 7)], Some("merged into “other”")),
        ];
        for (responses, min_group, expected, note) in cases {
            let got = breakdown(
                std::slice::from_ref(&testing),
                responses,
                |r| &r.role,
                "role",
                min_group,
            );
            let groups: Vec<_> = got
                .groups
                .iter()
                .map(|g| (g.group.as_str(), g.respondents))
                .collect();
            assert_eq!(groups, expected, "min_group {min_group}");
            match note {
                None => assert_eq!(got.note, None),
                Some(text) => assert!(
                    got.note.as_deref().is_some_and(|n| n.contains(text)),
                    "{:?}",
                    got.note
                ),
            }
        }
        let merged = breakdown(&[testing], &people, |r| &r.role, "role", 3);
        let other = &merged.groups[1];
        // tester 1, ops 1, po 1, lead 2: mean level 1.25.
        assert_eq!(other.models[0].score.map(|s| s.round()), Some(8.0));
    }
}
