//! What points a plan at a criterion besides its gap: the assessor's observations, stated
//! levels that evidence contradicts, and evidence that shows a weak practice (failing scanner
//! checks, weak delivery metrics). A proposal that raises a criterion with a signal ranks above
//! one that does not, and says which signals it answers.

use maturity_model::Model;
use maturity_model::assessment::Observation;
use serde::Serialize;

use crate::scoring::Scorecard;

/// Evidence below this level shows a practice that is not in place yet.
const WEAK_EVIDENCE: u8 = 3;

/// Observation texts are cited up to this many characters, cut at a word.
const CITE_CHARS: usize = 120;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignalKind {
    /// An `[[observations]]` entry on the criterion's area.
    Observation,
    /// What people said and what the evidence shows disagree.
    Contradiction,
    /// An observed level below 3 from a source (a scan, delivery metrics…).
    Evidence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signal {
    pub criterion: String,
    pub kind: SignalKind,
    /// The words a plan cites: the observation's opening, the contradiction, or the rule and
    /// source of the evidence.
    pub text: String,
}

/// Every signal on the criteria of the scorecard, in model order; per criterion the
/// observations, then the contradiction, then the evidence.
///
/// An observation is on an area; in an area of several criteria it points at those whose name
/// it mentions (the sentences that do are cited), or at all of them when it names none.
pub fn signals(models: &[Model], scorecard: &Scorecard, observations: &[Observation]) -> Vec<Signal> {
    let mut found = Vec::new();
    for area in scorecard.models.iter().flat_map(|m| &m.areas) {
        let names: Vec<(&str, Vec<String>)> = models
            .iter()
            .flat_map(|m| &m.areas)
            .filter(|a| a.id == area.id)
            .flat_map(|a| &a.criteria)
            .map(|c| (c.id.as_str(), keywords(&c.name)))
            .collect();
        let on_area: Vec<(&Observation, Vec<Vec<&str>>)> = observations
            .iter()
            .filter(|o| o.area == area.id)
            .map(|o| {
                let mentions = names
                    .iter()
                    .map(|(_, words)| sentences(&o.text).filter(|s| mentions(s, words)).collect())
                    .collect();
                (o, mentions)
            })
            .collect();
        for (k, score) in area.criteria.iter().enumerate() {
            let id = &score.id;
            for (observation, mentions) in &on_area {
                let named_any = names.len() > 1 && mentions.iter().any(|m| !m.is_empty());
                let text = match mentions.get(k) {
                    Some(here) if named_any && !here.is_empty() => cite(&here.join(" ")),
                    _ if named_any => continue,
                    _ => cite(&observation.text),
                };
                found.push(Signal {
                    criterion: id.clone(),
                    kind: SignalKind::Observation,
                    text,
                });
            }
            if let Some(contradiction) = &score.contradiction {
                found.push(Signal {
                    criterion: id.clone(),
                    kind: SignalKind::Contradiction,
                    text: contradiction.clone(),
                });
            }
            for observed in score
                .observed
                .iter()
                .flat_map(|o| &o.sources)
                .filter(|o| o.level < WEAK_EVIDENCE)
            {
                found.push(Signal {
                    criterion: id.clone(),
                    kind: SignalKind::Evidence,
                    text: format!(
                        "{} shows level {}: {}",
                        observed.source, observed.level, observed.rule
                    ),
                });
            }
        }
    }
    found
}

/// Words of a criterion's name that say what it is about, without the generic ones every
/// area uses, cut to a stem so "deployment" finds "deploys".
fn keywords(name: &str) -> Vec<String> {
    const GENERIC: [&str; 12] = [
        "and",
        "of",
        "the",
        "between",
        "automatic",
        "management",
        "level",
        "levels",
        "development",
        "testing",
        "information",
        "sharing",
    ];
    name.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.len() >= 3 && !GENERIC.contains(&w.as_str()))
        .map(|w| {
            let stem = ["ation", "ment", "ing", "ies", "s"]
                .iter()
                .find_map(|suffix| w.strip_suffix(suffix).filter(|s| s.len() >= 4))
                .map_or(w.as_str(), |s| s);
            stem.to_string()
        })
        .collect()
}

fn mentions(sentence: &str, keywords: &[String]) -> bool {
    sentence.split(|c: char| !c.is_alphanumeric()).any(|word| {
        let word = word.to_lowercase();
        keywords.iter().any(|k| word.starts_with(k.as_str()))
    })
}

/// The sentences of a text, each with its closing mark.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text.trim();
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest
            .char_indices()
            .find(|&(i, c)| {
                matches!(c, '.' | '!' | '?') && rest[i + c.len_utf8()..].starts_with(char::is_whitespace)
            })
            .map_or(rest.len(), |(i, c)| i + c.len_utf8());
        let (sentence, tail) = rest.split_at(end);
        rest = tail.trim_start();
        Some(sentence)
    })
}

/// The first sentence of `text`, cut at a word boundary when longer than `CITE_CHARS`.
fn cite(text: &str) -> String {
    let sentence = sentences(text).next().unwrap_or_default();
    if sentence.chars().count() <= CITE_CHARS {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(CITE_CHARS).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_observation_points_at_the_criteria_it_names() {
        let set = maturity_model::ModelSet::builtin();
        let models = vec![set.get("testing").expect("built-in").clone()];
        let scorecard = crate::scoring::score(&models, &[], None);
        let observation = |text: &str| Observation {
            area: "testing.test-automation".into(),
            text: text.into(),
        };
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "Unit tests run in CI. Performance was tested once by hand. Security is a yearly pen test.",
                &[
                    ("testing.unit", "Unit tests run in CI."),
                    ("testing.performance", "Performance was tested once by hand."),
                    ("testing.security", "Security is a yearly pen test."),
                ],
            ),
            (
                "Nobody owns the tests.",
                &[
                    ("testing.unit", "Nobody owns the tests."),
                    ("testing.integration", "Nobody owns the tests."),
                    ("testing.system", "Nobody owns the tests."),
                    ("testing.performance", "Nobody owns the tests."),
                    ("testing.security", "Nobody owns the tests."),
                ],
            ),
        ];
        for (text, expected) in cases {
            let found = signals(&models, &scorecard, &[observation(text)]);
            let got: Vec<(&str, &str)> = found
                .iter()
                .map(|s| (s.criterion.as_str(), s.text.as_str()))
                .collect();
            assert_eq!(got, *expected, "{text}");
        }
    }

    #[test]
    fn citations_take_the_first_sentence_and_cut_at_a_word() {
        let long = "word ".repeat(40);
        let cases = [
            ("Releases are rare. Each needs a window.", "Releases are rare."),
            ("No full stop", "No full stop"),
            ("Version 2.5 is used. Next.", "Version 2.5 is used."),
        ];
        for (text, expected) in cases {
            assert_eq!(cite(text), expected);
        }
        let cut = cite(&long);
        assert!(
            cut.ends_with('…') && cut.chars().count() <= CITE_CHARS + 1,
            "{cut}"
        );
        assert!(!cut.contains("wor…"), "{cut}");
    }
}
