//! The summary a manager reads first, written from the report's own figures by fixed rules
//! (docs/report-json.md, "Summary rules"):
//!
//! - paragraphs: each model's score against the benchmark; the strongest and weakest areas;
//!   the largest disagreement between role groups (and the widest spread of answers); the most
//!   important contradiction between stated and observed levels (the widest gap).
//! - strengths: criteria at level 3 or more, or at 2.5 or more in an area above its benchmark,
//!   that respondents agree on (not disputed) and evidence does not contradict; highest first.
//! - concerns: contradicted criteria (widest gap first), then criteria below level 2 (lowest
//!   first, those in an area the assessor wrote about before others), then disputed ones.
//!
//! At most `MAX_POINTS` of each, every criterion once. Figures are formatted as the templates
//! format them: scores as whole numbers, levels with one decimal.

use crate::view::{AreaView, CriterionView, ModelView, Point, Report, Summary};

/// A level at or above this is a strength.
const STRONG_LEVEL: f64 = 3.0;
/// A level at or above this is a strength in an area that scores above its benchmark.
const STRONG_ABOVE_BENCHMARK: f64 = 2.5;
/// A level below this is a concern.
const WEAK_LEVEL: f64 = 2.0;
/// How many strengths and concerns the summary lists.
const MAX_POINTS: usize = 5;

/// The summary of `report`, from its models, role groups and evidence.
pub fn write(report: &Report) -> Summary {
    let paragraphs = [
        position(report),
        areas(report),
        roles(report),
        contradiction(report),
    ]
    .into_iter()
    .flatten()
    .collect();
    Summary {
        paragraphs,
        strengths: strengths(report),
        concerns: concerns(report),
    }
}

fn score(s: f64) -> String {
    format!("{s:.0}/100")
}

/// "1 point", "12 points", rounded as scores are.
fn points(gap: f64) -> String {
    let rounded = format!("{gap:.0}");
    if rounded == "1" {
        "1 point".to_string()
    } else {
        format!("{rounded} points")
    }
}

fn criteria(report: &Report) -> impl Iterator<Item = (&ModelView, &AreaView, &CriterionView)> {
    report.models.iter().flat_map(|m| {
        m.areas
            .iter()
            .flat_map(move |a| a.criteria.iter().map(move |c| (m, a, c)))
    })
}

fn position(report: &Report) -> Option<String> {
    let sentences: Vec<String> = report
        .models
        .iter()
        .map(|m| match (m.score, &m.benchmark, &report.benchmark) {
            (None, _, _) => format!("{} has no score: nobody gave a level for its criteria.", m.name),
            (Some(s), Some(reference), Some(info)) => {
                let delta = s - reference.score;
                let points = points(delta.abs());
                let side = if delta.round() == 0.0 {
                    "level with".to_string()
                } else if delta > 0.0 {
                    format!("{points} above")
                } else {
                    format!("{points} below")
                };
                format!(
                    "{} scores {}, {side} the {} ({}; {}).",
                    m.name,
                    score(s),
                    info.name,
                    score(reference.score),
                    info.citation
                )
            }
            (Some(s), None, Some(info)) => format!(
                "{} scores {}; the {} has no figure for it.",
                m.name,
                score(s),
                info.name
            ),
            (Some(s), None, None) => format!("{} scores {}.", m.name, score(s)),
            (Some(s), Some(_), None) => format!("{} scores {}.", m.name, score(s)),
        })
        .collect();
    (!sentences.is_empty()).then(|| sentences.join(" "))
}

fn areas(report: &Report) -> Option<String> {
    let scored: Vec<(&ModelView, &AreaView, f64)> = report
        .models
        .iter()
        .flat_map(|m| m.areas.iter().filter_map(move |a| Some((m, a, a.score?))))
        .collect();
    // The first of equals wins, so ties go to the area listed first.
    let strongest = scored
        .iter()
        .copied()
        .reduce(|best, x| if x.2 > best.2 { x } else { best })?;
    let weakest = scored
        .iter()
        .copied()
        .reduce(|worst, x| if x.2 < worst.2 { x } else { worst })?;
    let name = |(m, a, _): (&ModelView, &AreaView, f64)| {
        if m.areas.len() == 1 {
            m.name.clone()
        } else {
            format!("{} ({})", a.name, m.name)
        }
    };
    let mut text = if scored.len() == 1 {
        format!(
            "{} is the only area with a score: {}.",
            name(strongest),
            score(strongest.2)
        )
    } else if strongest.2.round() == weakest.2.round() {
        format!("Every area scores {}.", score(strongest.2))
    } else {
        format!(
            "The strongest area is {} at {}; the weakest is {} at {}.",
            name(strongest),
            score(strongest.2),
            name(weakest),
            score(weakest.2)
        )
    };
    let lowest = weakest
        .1
        .criteria
        .iter()
        .filter_map(|c| Some((c, c.level?)))
        .reduce(|low, x| if x.1 < low.1 { x } else { low });
    let scored_criteria = weakest.1.criteria.iter().filter(|c| c.level.is_some()).count();
    if scored.len() > 1
        && scored_criteria > 1
        && let Some((c, level)) = lowest
    {
        text.push_str(&format!(" Within it, {} is lowest, at level {level:.1}.", c.name));
    }
    Some(text)
}

/// A role group and its score on one model.
type RoleScore<'a> = (&'a str, f64);

fn roles(report: &Report) -> Option<String> {
    if report.respondents.count == 0 {
        return None;
    }
    let mut text = if report.by_role.len() < 2 {
        "All respondents shown are in one role group, so roles cannot be compared.".to_string()
    } else {
        let mut widest: Option<(&ModelView, RoleScore, RoleScore)> = None;
        for m in &report.models {
            let scored: Vec<(&str, f64)> = report
                .by_role
                .iter()
                .filter_map(|r| Some((r.role.as_str(), (*r.scores.get(&m.id)?)?)))
                .collect();
            let high = scored
                .iter()
                .copied()
                .reduce(|a, b| if b.1 > a.1 { b } else { a });
            let low = scored
                .iter()
                .copied()
                .reduce(|a, b| if b.1 < a.1 { b } else { a });
            if let (Some(high), Some(low)) = (high, low)
                && scored.len() > 1
                && widest.is_none_or(|(_, h, l)| high.1 - low.1 > h.1 - l.1)
            {
                widest = Some((m, high, low));
            }
        }
        match widest {
            None => "No model has scores from two role groups, so roles cannot be compared.".to_string(),
            Some((_, high, low)) if (high.1 - low.1).round() == 0.0 => {
                "The role groups agree: no model's scores differ between them by a point or more.".to_string()
            }
            Some((m, high, low)) => format!(
                "Roles disagree most on {}: the {} group scores it {}, the {} group {}, {} apart.",
                m.name,
                high.0,
                score(high.1),
                low.0,
                score(low.1),
                points(high.1 - low.1)
            ),
        }
    };
    let disputed = criteria(report)
        .filter_map(|(_, _, c)| Some((c, c.stated.as_ref().filter(|s| s.disputed)?)))
        .reduce(|a, b| {
            if b.1.max - b.1.min > a.1.max - a.1.min {
                b
            } else {
                a
            }
        });
    if let Some((c, stated)) = disputed {
        let many = match report.disputed.len() {
            0 | 1 => "one criterion".to_string(),
            n => format!("{n} criteria"),
        };
        text.push_str(&format!(
            " Individual answers differ by two levels or more on {many}; the widest spread is on {}, from level {} to {}.",
            c.name, stated.min, stated.max
        ));
    }
    Some(text)
}

/// The stated and observed levels of a contradicted criterion, and how far apart they are.
fn gap(c: &CriterionView) -> Option<(f64, f64, f64)> {
    c.contradiction.as_ref()?;
    let stated = c.stated.as_ref()?.mean;
    let observed = c.observed.as_ref()?.level;
    Some((stated, observed, (stated - observed).abs()))
}

/// Contradicted criteria, widest gap first; ties keep model order.
fn contradicted(report: &Report) -> Vec<(&CriterionView, (f64, f64, f64))> {
    let mut found: Vec<_> = criteria(report)
        .filter_map(|(_, _, c)| Some((c, gap(c)?)))
        .collect();
    found.sort_by(|a, b| b.1.2.total_cmp(&a.1.2));
    found
}

fn contradiction(report: &Report) -> Option<String> {
    let found = contradicted(report);
    let Some((c, (stated, observed, _))) = found.first() else {
        return Some(if report.evidence_sources.is_empty() {
            "No evidence beyond the answers was read, so no stated level was checked against the team's repositories or delivery data.".to_string()
        } else {
            "The evidence read contradicts none of the stated levels.".to_string()
        });
    };
    let sources: Vec<&str> = c
        .observed
        .iter()
        .flat_map(|o| &o.sources)
        .map(|s| s.source.as_str())
        .collect();
    let mut text = format!(
        "The most important contradiction is on {}: respondents state level {stated:.1}, but the evidence ({}) supports level {observed:.1}: {}.",
        c.name,
        sources.join("; "),
        c.contradiction.as_deref().unwrap_or_default()
    );
    match found.len() {
        1 => {}
        2 => text.push_str(" One other criterion is contradicted too."),
        n => text.push_str(&format!(" {} other criteria are contradicted too.", n - 1)),
    }
    Some(text)
}

/// "7 answers, from level 1 to 4", or what the evidence says where nobody answered; the level
/// itself stands beside it.
fn basis(c: &CriterionView, level: f64) -> String {
    match (&c.stated, &c.observed) {
        (Some(s), observed) => {
            let mut text = match s.n {
                1 => format!("One answer, at level {}", s.min),
                n if s.min == s.max => format!("{n} answers, all at level {}", s.min),
                n => format!("{n} answers, from level {} to {}", s.min, s.max),
            };
            if let Some(o) = observed
                && c.contradiction.is_none()
            {
                text.push_str(&format!(", with evidence at level {:.1}", o.level));
            }
            text
        }
        (None, Some(o)) => format!("The evidence supports level {:.1}; nobody answered", o.level),
        (None, None) => format!("No answer and no evidence at level {level:.1}"),
    }
}

fn strengths(report: &Report) -> Vec<Point> {
    let mut found: Vec<(f64, Point)> = criteria(report)
        .filter_map(|(_, area, c)| {
            let level = c.level?;
            let disputed = c.stated.as_ref().is_some_and(|s| s.disputed);
            let above = area
                .benchmark
                .as_ref()
                .filter(|b| b.delta.is_some_and(|d| d > 0.0));
            let strong = level >= STRONG_LEVEL || (above.is_some() && level >= STRONG_ABOVE_BENCHMARK);
            if !strong || disputed || c.contradiction.is_some() {
                return None;
            }
            let mut why = basis(c, level);
            if let (Some(b), Some(s)) = (above, area.score) {
                why.push_str(&format!(
                    "; {} scores {} against the benchmark's {}",
                    area.name,
                    score(s),
                    score(b.score)
                ));
            }
            why.push('.');
            Some((
                level,
                Point {
                    criterion: c.id.clone(),
                    level: Some(level),
                    why,
                },
            ))
        })
        .collect();
    found.sort_by(|a, b| b.0.total_cmp(&a.0));
    found.into_iter().take(MAX_POINTS).map(|(_, p)| p).collect()
}

/// The first sentence of an assessor's observation.
fn first_sentence(text: &str) -> &str {
    text.find(". ")
        .map_or(text, |end| &text[..=end])
        .trim_end_matches('.')
}

fn concerns(report: &Report) -> Vec<Point> {
    let mut points: Vec<Point> = contradicted(report)
        .into_iter()
        .map(|(c, (stated, observed, _))| Point {
            criterion: c.id.clone(),
            level: c.level,
            why: format!(
                "Respondents state level {stated:.1} but the evidence supports level {observed:.1}: {}.",
                c.contradiction.as_deref().unwrap_or_default()
            ),
        })
        .collect();
    // An area's observation is quoted once, beside its lowest criterion.
    let mut quoted = std::collections::HashSet::new();
    let mut low: Vec<(&AreaView, &CriterionView, f64)> = criteria(report)
        .filter_map(|(_, area, c)| Some((area, c, c.level.filter(|l| *l < WEAK_LEVEL)?)))
        .collect();
    low.sort_by(|a, b| a.2.total_cmp(&b.2));
    let mut weak: Vec<(f64, bool, Point)> = low
        .into_iter()
        .map(|(area, c, level)| {
            let mut why = basis(c, level);
            if let (Some(b), Some(s)) = (&area.benchmark, area.score)
                && b.delta.is_some_and(|d| d < 0.0)
            {
                why.push_str(&format!(
                    "; {} scores {} against the benchmark's {}",
                    area.name,
                    score(s),
                    score(b.score)
                ));
            }
            let noted = area.observations.first().filter(|_| quoted.insert(&area.id));
            if let Some(text) = noted {
                why.push_str(&format!("; the assessor notes: “{}”", first_sentence(text)));
            }
            why.push('.');
            (
                level,
                noted.is_some(),
                Point {
                    criterion: c.id.clone(),
                    level: Some(level),
                    why,
                },
            )
        })
        .collect();
    weak.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    points.extend(weak.into_iter().map(|(_, _, p)| p));
    let mut disputed: Vec<(f64, Point)> = criteria(report)
        .filter_map(|(_, _, c)| {
            let stated = c.stated.as_ref().filter(|s| s.disputed)?;
            Some((
                stated.mean,
                Point {
                    criterion: c.id.clone(),
                    level: c.level,
                    why: format!(
                        "Answers range from level {} to {} (mean {:.1}): respondents see this differently.",
                        stated.min, stated.max, stated.mean
                    ),
                },
            ))
        })
        .collect();
    disputed.sort_by(|a, b| a.0.total_cmp(&b.0));
    points.extend(disputed.into_iter().map(|(_, p)| p));
    let mut seen = std::collections::HashSet::new();
    points.retain(|p| seen.insert(p.criterion.clone()));
    points.truncate(MAX_POINTS);
    points
}

#[cfg(test)]
mod tests {
    use maturity_model::Assessment;
    use maturity_model::assessment::{ConfigFile, Sources};
    use maturity_model::evidence::ObservedLevel;

    use super::*;
    use crate::{Gathered, Inputs, prepare};

    /// The report of `config` with responses `(role, answers TOML)` and evidence at `observed`.
    fn report(config: &str, responses: &[(&str, &str)], observed: &[(&str, u8)]) -> Report {
        let assessment = Assessment::assemble(Sources {
            config: ConfigFile::parse("maturity.toml", config).expect("config"),
            model_files: Vec::new(),
            benchmark_files: vec![(
                "b.toml".into(),
                "id = \"ours\"\nname = \"Our sector\"\nsource = \"our survey\"\nyear = 2025\nsample_size = 40\n[models.testing]\nscore = 30\n[models.testing.areas]\ntest-automation = 30\n".into(),
            )],
            responses: responses
                .iter()
                .enumerate()
                .map(|(i, (role, answers))| {
                    (
                        format!("responses/{i}.toml"),
                        format!("respondent = \"r{i}\"\nrole = \"{role}\"\n[answers]\n{answers}"),
                    )
                })
                .collect(),
        })
        .expect("valid");
        let evidence = Gathered {
            observed: observed
                .iter()
                .map(|(criterion, level)| ObservedLevel {
                    criterion: (*criterion).into(),
                    level: *level,
                    rule: "rule".into(),
                    source: "scan of ../api".into(),
                    evidence: Vec::new(),
                })
                .collect(),
            ..Gathered::default()
        };
        let catalog = maturity_model::Catalog::builtin();
        prepare(
            &assessment,
            &Inputs {
                evidence: &evidence,
                catalog: &catalog,
                plan: maturity_assess::PlanConfig::from_roadmap(&assessment.config.roadmap),
            },
        )
    }

    const TESTING: &str =
        "subject = \"S\"\nmodels = [\"testing\"]\nbenchmark = \"ours\"\nbenchmark_files = [\"b.toml\"]\n";

    #[test]
    fn paragraphs_say_position_areas_roles_and_contradiction() {
        // (responses, evidence, expected paragraphs)
        type Case<'a> = (&'a [(&'a str, &'a str)], &'a [(&'a str, u8)], &'a [&'a str]);
        let cases: [Case; 3] = [
            (
                &[
                    ("dev", "\"testing.unit\" = 4\n\"testing.system\" = 1\n"),
                    ("dev", "\"testing.unit\" = 4\n\"testing.system\" = 1\n"),
                    ("tester", "\"testing.unit\" = 2\n\"testing.system\" = 1\n"),
                ],
                &[],
                &[
                    "Test automation maturity scores 39/100, 9 points above the Our sector (30/100; our survey, 2025, 40 teams).",
                    "Test automation maturity is the only area with a score: 39/100.",
                    "Roles disagree most on Test automation maturity: the dev group scores it 50/100, the tester group 17/100, 33 points apart. Individual answers differ by two levels or more on one criterion; the widest spread is on Unit testing, from level 2 to 4.",
                    "No evidence beyond the answers was read, so no stated level was checked against the team's repositories or delivery data.",
                ],
            ),
            (
                &[("dev", "\"testing.unit\" = 4\n\"testing.system\" = 2\n")],
                &[("testing.unit", 1), ("testing.system", 2)],
                &[
                    "Test automation maturity scores 67/100, 37 points above the Our sector (30/100; our survey, 2025, 40 teams).",
                    "Test automation maturity is the only area with a score: 67/100.",
                    "All respondents shown are in one role group, so roles cannot be compared.",
                    "The most important contradiction is on Unit testing: respondents state level 4.0, but the evidence (scan of ../api) supports level 1.0: respondents say level 4.0 on average, the evidence supports level 1.0.",
                ],
            ),
            (
                &[("dev", "\"testing.unit\" = 2\n")],
                &[("testing.unit", 2)],
                &[
                    "Test automation maturity scores 33/100, 3 points above the Our sector (30/100; our survey, 2025, 40 teams).",
                    "Test automation maturity is the only area with a score: 33/100.",
                    "All respondents shown are in one role group, so roles cannot be compared.",
                    "The evidence read contradicts none of the stated levels.",
                ],
            ),
        ];
        for (responses, observed, expected) in cases {
            let got = report(TESTING, responses, observed).summary.paragraphs;
            assert_eq!(got, expected);
        }
    }

    #[test]
    fn areas_name_the_strongest_the_weakest_and_its_lowest_criterion() {
        let r = report(
            "subject = \"S\"\nmodels = [\"devops\", \"automation\"]\n",
            &[(
                "dev",
                "\"devops.leadership\" = 4\n\"devops.builds-ci\" = 1\n\"automation.access-rights\" = 2\n\"automation.server-management\" = 1\n",
            )],
            &[],
        );
        assert_eq!(
            r.summary.paragraphs[0],
            "DevOps maturity scores 50/100. Automation maturity scores 17/100."
        );
        assert_eq!(
            r.summary.paragraphs[1],
            "The strongest area is Leadership (DevOps maturity) at 100/100; the weakest is Builds and continuous integration (DevOps maturity) at 0/100."
        );
    }

    #[test]
    fn strengths_and_concerns_follow_the_rules() {
        // (responses, evidence, strengths, concerns)
        type Case<'a> = (
            &'a [(&'a str, &'a str)],
            &'a [(&'a str, u8)],
            &'a [(&'a str, &'a str)],
            &'a [(&'a str, &'a str)],
        );
        let cases: [Case; 3] = [
            // Agreed level 3+ is a strength; below 2 a concern, with the assessor's note.
            (
                &[
                    ("dev", "\"testing.unit\" = 3\n\"testing.security\" = 1\n"),
                    ("qa", "\"testing.unit\" = 4\n\"testing.security\" = 1\n"),
                ],
                &[],
                &[(
                    "testing.unit",
                    "2 answers, from level 3 to 4; Test automation scores 42/100 against the benchmark's 30/100.",
                )],
                &[(
                    "testing.security",
                    "2 answers, all at level 1; the assessor notes: “Security is tested once a year”.",
                )],
            ),
            // Contradicted and disputed criteria are concerns, never strengths; evidence
            // that agrees is named.
            (
                &[
                    (
                        "dev",
                        "\"testing.unit\" = 4\n\"testing.system\" = 1\n\"testing.integration\" = 3\n",
                    ),
                    (
                        "qa",
                        "\"testing.unit\" = 4\n\"testing.system\" = 3\n\"testing.integration\" = 3\n",
                    ),
                ],
                &[("testing.unit", 1), ("testing.integration", 3)],
                &[(
                    "testing.integration",
                    "2 answers, all at level 3, with evidence at level 3.0; Test automation scores 67/100 against the benchmark's 30/100.",
                )],
                &[
                    (
                        "testing.unit",
                        "Respondents state level 4.0 but the evidence supports level 1.0: respondents say level 4.0 on average, the evidence supports level 1.0.",
                    ),
                    (
                        "testing.system",
                        "Answers range from level 1 to 3 (mean 2.0): respondents see this differently.",
                    ),
                ],
            ),
            // Level 2.5 counts as a strength only in an area above its benchmark.
            (
                &[
                    ("dev", "\"testing.unit\" = 2\n"),
                    ("qa", "\"testing.unit\" = 3\n"),
                ],
                &[],
                &[(
                    "testing.unit",
                    "2 answers, from level 2 to 3; Test automation scores 50/100 against the benchmark's 30/100.",
                )],
                &[],
            ),
        ];
        let config = format!(
            "{TESTING}[[observations]]\narea = \"testing.test-automation\"\ntext = \"Security is tested once a year. Nothing else.\"\n"
        );
        for (responses, observed, strengths, concerns) in cases {
            let summary = report(&config, responses, observed).summary;
            let got = |points: &[Point]| -> Vec<(String, String)> {
                points
                    .iter()
                    .map(|p| (p.criterion.clone(), p.why.clone()))
                    .collect()
            };
            let want = |points: &[(&str, &str)]| -> Vec<(String, String)> {
                points
                    .iter()
                    .map(|(c, w)| ((*c).to_string(), (*w).to_string()))
                    .collect()
            };
            assert_eq!(got(&summary.strengths), want(strengths));
            assert_eq!(got(&summary.concerns), want(concerns));
        }
    }
}
