//! The history of a subject and the comparison of two of its assessments, as plain data: from
//! reports in, tables and charts out, with no HTTP, no store and no clock, so the pages
//! (`pages::history`) only load the reports and render what this computes.
//!
//! A score that is missing (an assessment that does not assemble, a model it does not use, a
//! criterion nobody answered) stays `None` all the way to the page, which shows a dash; it is
//! never taken for 0.

use maturity_report::Report;
use maturity_report::svg;
use serde::Serialize;

/// How an assessment is named in the history and the comparison: its date and id, or its id
/// alone; the id tells apart assessments of the same date.
pub fn label(id: i64, date: Option<&str>) -> String {
    match date {
        Some(d) => format!("{d} (#{id})"),
        None => format!("#{id}"),
    }
}

/// One assessment of the subject, as the history sees it.
#[derive(Debug)]
pub struct Point<'a> {
    pub id: i64,
    pub date: Option<&'a str>,
    /// Its report, or `None` when the assessment does not assemble.
    pub report: Option<&'a Report>,
}

/// A line of the history: a model, or one area of a model with several areas.
#[derive(Debug)]
pub struct Series {
    pub id: String,
    /// The model's name, or `model · area` for an area.
    pub name: String,
}

/// One assessment's row of the history table: a value per series, in the order of the series.
#[derive(Debug, Serialize)]
pub struct Row {
    pub id: i64,
    pub label: String,
    pub values: Vec<Option<f64>>,
}

/// One assessment's row of the history table as the page shows it.
#[derive(Debug, Serialize)]
pub struct TableRow<'a> {
    pub id: i64,
    pub label: &'a str,
    pub values: &'a [Option<f64>],
    pub previous: Option<i64>,
}

/// The model and area scores of a subject's assessments over time.
#[derive(Debug)]
pub struct History {
    /// Every model seen, in first-seen order, then every area of those models that have
    /// several areas (a lone area would repeat its model's line), in first-seen order too.
    pub series: Vec<Series>,
    /// How many of `series`, from the start, are models.
    pub models: usize,
    /// One row per assessment, in the order given (the store gives them oldest first).
    pub rows: Vec<Row>,
}

impl History {
    pub fn of(points: &[Point]) -> History {
        let reports = || points.iter().filter_map(|p| p.report);
        let mut series: Vec<Series> = Vec::new();
        for m in reports().flat_map(|r| &r.models) {
            push_new(&mut series, &m.id, || m.name.clone());
        }
        let models = series.len();
        for m in reports().flat_map(|r| &r.models) {
            for a in m.areas.iter().filter(|_| m.areas.len() > 1) {
                push_new(&mut series, &a.id, || format!("{} · {}", m.name, a.name));
            }
        }
        let rows = points
            .iter()
            .map(|p| Row {
                id: p.id,
                label: label(p.id, p.date),
                values: series
                    .iter()
                    .map(|s| p.report.and_then(|r| score(r, &s.id)))
                    .collect(),
            })
            .collect();
        History { series, models, rows }
    }

    /// The models' names, the table's column headings: the areas are in the charts and in
    /// each assessment, so that twenty assessments of three models still fit a phone.
    pub fn model_names(&self) -> Vec<&str> {
        self.series[..self.models]
            .iter()
            .map(|s| s.name.as_str())
            .collect()
    }

    /// The table's rows: each assessment's model scores, and the assessment before it (what
    /// its row compares with).
    pub fn model_rows(&self) -> Vec<TableRow<'_>> {
        self.rows
            .iter()
            .enumerate()
            .map(|(i, row)| TableRow {
                id: row.id,
                label: &row.label,
                values: &row.values[..self.models],
                previous: i.checked_sub(1).map(|p| self.rows[p].id),
            })
            .collect()
    }

    /// The charts, as inline SVG: the model scores over time, then one chart of areas for each
    /// model with several areas.
    pub fn charts(&self) -> String {
        let labels: Vec<&str> = self.rows.iter().map(|r| r.label.as_str()).collect();
        let columns: Vec<Vec<Option<f64>>> = (0..self.series.len())
            .map(|k| self.rows.iter().map(|row| row.values[k]).collect())
            .collect();
        let (models, areas) = self.series.split_at(self.models);
        let (model_columns, area_columns) = columns.split_at(self.models);
        let mut chart = svg::lines(
            "Model scores over time",
            &labels,
            &lines(models.iter().zip(model_columns)),
        );
        for model in models {
            let prefix = format!("{}.", model.id);
            let of_model = lines(
                areas
                    .iter()
                    .zip(area_columns)
                    .filter(|(s, _)| s.id.starts_with(&prefix)),
            );
            if !of_model.is_empty() {
                chart.push_str(&svg::lines(
                    &format!("{}: areas over time", model.name),
                    &labels,
                    &of_model,
                ));
            }
        }
        chart
    }
}

/// Adds a series unless one of that id is there already (the first name seen wins).
fn push_new(series: &mut Vec<Series>, id: &str, name: impl FnOnce() -> String) {
    if !series.iter().any(|s| s.id == id) {
        series.push(Series {
            id: id.to_string(),
            name: name(),
        });
    }
}

/// The chart lines of some series and their columns of values.
fn lines<'a>(series: impl Iterator<Item = (&'a Series, &'a Vec<Option<f64>>)>) -> Vec<svg::Series<'a>> {
    series
        .map(|(s, values)| svg::Series {
            label: &s.name,
            values,
        })
        .collect()
}

/// The score of a model or an area in a report, if it has one.
fn score(report: &Report, id: &str) -> Option<f64> {
    report.models.iter().find_map(|m| {
        if m.id == id {
            m.score
        } else {
            m.areas.iter().find(|a| a.id == id).and_then(|a| a.score)
        }
    })
}

/// Which way a criterion moved between two assessments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Up,
    Down,
    /// Moved by half a score point or less.
    Same,
    /// One side has no score.
    Unknown,
}

/// Changes of at most this many score points count as no change: scores are shown rounded.
const SAME_WITHIN: f64 = 0.5;

/// One criterion of a comparison.
#[derive(Debug, Serialize)]
pub struct Change {
    pub id: String,
    pub name: String,
    /// The criterion's level in the earlier and the later assessment.
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// The later score minus the earlier one, when both have a score.
    pub delta: Option<f64>,
    pub direction: Direction,
}

/// What the comparison needs of a criterion in one report.
struct Seen<'a> {
    id: &'a str,
    name: &'a str,
    level: Option<f64>,
    score: Option<f64>,
}

/// Every criterion of a report, in its order; none when there is no report.
fn criteria(report: Option<&Report>) -> Vec<Seen<'_>> {
    report
        .into_iter()
        .flat_map(|r| &r.models)
        .flat_map(|m| &m.areas)
        .flat_map(|a| &a.criteria)
        .map(|c| Seen {
            id: &c.id,
            name: &c.name,
            level: c.level,
            score: c.score,
        })
        .collect()
}

/// Every criterion of either report (the earlier one's first, in their order, then those only
/// the later one has), largest change first; criteria without a change to show come last, and
/// equal changes keep that order. A report that is `None` (an assessment that does not
/// assemble) contributes no criteria.
pub fn compare(before: Option<&Report>, after: Option<&Report>) -> Vec<Change> {
    let before = criteria(before);
    let after = criteria(after);
    let mut ids: Vec<(&str, &str)> = before.iter().map(|c| (c.id, c.name)).collect();
    for c in &after {
        if !ids.iter().any(|(id, _)| *id == c.id) {
            ids.push((c.id, c.name));
        }
    }
    let mut changes: Vec<Change> = ids
        .into_iter()
        .map(|(id, name)| {
            let b = before.iter().find(|c| c.id == id);
            let a = after.iter().find(|c| c.id == id);
            let delta = match (b.and_then(|c| c.score), a.and_then(|c| c.score)) {
                (Some(b), Some(a)) => Some(a - b),
                _ => None,
            };
            let direction = match delta {
                Some(d) if d > SAME_WITHIN => Direction::Up,
                Some(d) if d < -SAME_WITHIN => Direction::Down,
                Some(_) => Direction::Same,
                None => Direction::Unknown,
            };
            Change {
                id: id.to_string(),
                name: name.to_string(),
                before: b.and_then(|c| c.level),
                after: a.and_then(|c| c.level),
                delta,
                direction,
            }
        })
        .collect();
    // Sorting is stable: equal changes stay in the order above.
    let size = |c: &Change| c.delta.map_or(-1.0, f64::abs);
    changes.sort_by(|x, y| size(y).total_cmp(&size(x)));
    changes
}

#[cfg(test)]
mod tests {
    use maturity_model::Assessment;
    use maturity_model::assessment::{ConfigFile, Sources};

    use super::*;

    /// The report of an assessment of `models` that nobody has answered: every score `None`.
    fn unanswered(models: &[&str], benchmark: Option<&str>) -> Report {
        let mut text = format!("subject = \"S\"\nmodels = {models:?}\n");
        if let Some(b) = benchmark {
            text.push_str(&format!("benchmark = \"{b}\"\n"));
        }
        let config = ConfigFile::parse("maturity.toml", &text).expect("config");
        let assessment = Assessment::assemble(Sources {
            config,
            model_files: Vec::new(),
            benchmark_files: Vec::new(),
            responses: Vec::new(),
        })
        .expect("assembles");
        maturity_report::report_for(&assessment)
    }

    /// `report` with these scores, by the id of a model, an area or a criterion. A criterion
    /// also gets the level of its score (level 1 scores 0, level 4 scores 100).
    fn with(mut report: Report, scores: &[(&str, f64)]) -> Report {
        let find = |id: &str| scores.iter().find(|(k, _)| *k == id).map(|(_, v)| *v);
        for m in &mut report.models {
            m.score = find(&m.id).or(m.score);
            for a in &mut m.areas {
                a.score = find(&a.id).or(a.score);
                for c in &mut a.criteria {
                    if let Some(score) = find(&c.id) {
                        c.score = Some(score);
                        c.level = Some(1.0 + 3.0 * score / 100.0);
                    }
                }
            }
        }
        report
    }

    fn testing(score: f64) -> Report {
        with(
            unanswered(&["testing"], None),
            &[("testing", score), ("testing.test-automation", score)],
        )
    }

    fn devops(score: f64) -> Report {
        with(
            unanswered(&["devops"], None),
            &[("devops", score), ("devops.leadership", score)],
        )
    }

    /// (id, date, report) of one point.
    type Given = (i64, Option<&'static str>, Option<Report>);

    /// A history case: the points, the series ids expected, how many are models, and each
    /// row's label and values.
    struct Case {
        name: &'static str,
        points: Vec<Given>,
        series: Vec<&'static str>,
        models: usize,
        rows: Vec<(&'static str, Vec<Option<f64>>)>,
    }

    fn devops_series() -> Vec<&'static str> {
        vec![
            "devops",
            "devops.leadership",
            "devops.organization-culture",
            "devops.environments-release",
            "devops.builds-ci",
            "devops.quality-assurance",
            "devops.visibility-reporting",
            "devops.technologies-architecture",
        ]
    }

    /// Values of the devops series: the model and its leadership area, the other areas `None`.
    fn devops_values(model: Option<f64>, leadership: Option<f64>) -> Vec<Option<f64>> {
        let mut values = vec![model, leadership];
        values.extend([None; 6]);
        values
    }

    #[test]
    fn history_edge_cases() {
        let cases = [
            Case {
                name: "one assessment",
                points: vec![(1, Some("2026-10-14"), Some(testing(40.0)))],
                series: vec!["testing"],
                models: 1,
                rows: vec![("2026-10-14 (#1)", vec![Some(40.0)])],
            },
            Case {
                name: "no scores yet, and one that does not assemble",
                points: vec![
                    (1, Some("2026-01-01"), Some(unanswered(&["testing"], None))),
                    (2, Some("2026-02-01"), None),
                ],
                series: vec!["testing"],
                models: 1,
                rows: vec![("2026-01-01 (#1)", vec![None]), ("2026-02-01 (#2)", vec![None])],
            },
            Case {
                name: "nothing assembles: no series, rows kept",
                points: vec![(1, None, None), (2, None, None)],
                series: vec![],
                models: 0,
                rows: vec![("#1", vec![]), ("#2", vec![])],
            },
            Case {
                name: "a model added: models first, then areas; none before it was added",
                points: vec![
                    (1, Some("2026-01-01"), Some(testing(20.0))),
                    (
                        2,
                        Some("2026-06-01"),
                        Some(with(
                            unanswered(&["testing", "devops"], None),
                            &[("testing", 30.0), ("devops", 50.0), ("devops.leadership", 60.0)],
                        )),
                    ),
                ],
                series: [vec!["testing"], devops_series()].concat(),
                models: 2,
                rows: vec![
                    (
                        "2026-01-01 (#1)",
                        [vec![Some(20.0)], devops_values(None, None)].concat(),
                    ),
                    (
                        "2026-06-01 (#2)",
                        [vec![Some(30.0)], devops_values(Some(50.0), Some(60.0))].concat(),
                    ),
                ],
            },
            Case {
                name: "a model dropped: still a series, none after it was dropped",
                points: vec![
                    (
                        1,
                        Some("2026-01-01"),
                        Some(with(
                            unanswered(&["devops", "testing"], None),
                            &[("devops", 50.0), ("devops.leadership", 60.0), ("testing", 30.0)],
                        )),
                    ),
                    (2, Some("2026-06-01"), Some(testing(35.0))),
                ],
                series: {
                    let mut s = vec!["devops", "testing"];
                    s.extend(&devops_series()[1..]);
                    s
                },
                models: 2,
                rows: vec![
                    ("2026-01-01 (#1)", {
                        let mut v = vec![Some(50.0), Some(30.0), Some(60.0)];
                        v.extend([None; 6]);
                        v
                    }),
                    ("2026-06-01 (#2)", {
                        let mut v = vec![None, Some(35.0)];
                        v.extend([None; 7]);
                        v
                    }),
                ],
            },
            Case {
                name: "ties in dates: the given order kept, the id tells them apart",
                points: vec![
                    (7, None, Some(testing(10.0))),
                    (3, Some("2026-10-14"), Some(testing(20.0))),
                    (5, Some("2026-10-14"), Some(testing(30.0))),
                ],
                series: vec!["testing"],
                models: 1,
                rows: vec![
                    ("#7", vec![Some(10.0)]),
                    ("2026-10-14 (#3)", vec![Some(20.0)]),
                    ("2026-10-14 (#5)", vec![Some(30.0)]),
                ],
            },
            Case {
                name: "a benchmark on one only: it changes nothing here",
                points: vec![
                    (1, Some("2026-01-01"), Some(devops(40.0))),
                    (
                        2,
                        Some("2026-06-01"),
                        Some(with(
                            unanswered(&["devops"], Some("heavy-industry")),
                            &[("devops", 45.0), ("devops.leadership", 50.0)],
                        )),
                    ),
                ],
                series: devops_series(),
                models: 1,
                rows: vec![
                    ("2026-01-01 (#1)", devops_values(Some(40.0), Some(40.0))),
                    ("2026-06-01 (#2)", devops_values(Some(45.0), Some(50.0))),
                ],
            },
        ];
        for case in cases {
            let points: Vec<Point> = case
                .points
                .iter()
                .map(|(id, date, report)| Point {
                    id: *id,
                    date: *date,
                    report: report.as_ref(),
                })
                .collect();
            let history = History::of(&points);
            let ids: Vec<&str> = history.series.iter().map(|s| s.id.as_str()).collect();
            assert_eq!(ids, case.series, "{}: series", case.name);
            assert_eq!(history.models, case.models, "{}: models", case.name);
            let rows: Vec<(&str, Vec<Option<f64>>)> = history
                .rows
                .iter()
                .map(|r| (r.label.as_str(), r.values.clone()))
                .collect();
            assert_eq!(rows, case.rows, "{}: rows", case.name);
            let ids: Vec<i64> = history.rows.iter().map(|r| r.id).collect();
            let given: Vec<i64> = case.points.iter().map(|p| p.0).collect();
            assert_eq!(ids, given, "{}: row ids", case.name);
            // The charts: one of models, one per model with several areas.
            let charts = history.charts().matches("<svg").count();
            let expected = 1 + history.series[..history.models]
                .iter()
                .filter(|m| {
                    history
                        .series
                        .iter()
                        .any(|s| s.id.starts_with(&format!("{}.", m.id)))
                })
                .count();
            assert_eq!(charts, expected, "{}: charts", case.name);
        }
    }

    #[test]
    fn series_are_named_after_their_model() {
        let points = [Point {
            id: 1,
            date: None,
            report: Some(&devops(50.0)),
        }];
        let history = History::of(&points);
        assert_eq!(history.series[0].name, "DevOps maturity");
        assert_eq!(history.series[1].name, "DevOps maturity · Leadership");
        assert!(history.charts().contains("DevOps maturity: areas over time"));
    }

    #[test]
    fn the_table_has_the_models_and_each_row_its_predecessor() {
        let (a, b) = (devops(50.0), devops(70.0));
        let points = [
            Point {
                id: 4,
                date: Some("2026-01-10"),
                report: Some(&a),
            },
            Point {
                id: 9,
                date: Some("2026-04-10"),
                report: Some(&b),
            },
        ];
        let history = History::of(&points);
        assert!(history.series.len() > 1, "areas are series of the charts");
        assert_eq!(history.model_names(), ["DevOps maturity"]);
        let rows = history.model_rows();
        let seen: Vec<(i64, usize, Option<i64>)> =
            rows.iter().map(|r| (r.id, r.values.len(), r.previous)).collect();
        assert_eq!(seen, [(4, 1, None), (9, 1, Some(4))]);
        assert_eq!(rows[1].label, "2026-04-10 (#9)");
    }

    /// (id, direction, delta, before level, after level) of one change.
    type Expected<'a> = (&'a str, Direction, Option<f64>, Option<f64>, Option<f64>);

    /// A comparison case: its name, the earlier and later reports, the changes expected.
    type CompareCase = (
        &'static str,
        Option<Report>,
        Option<Report>,
        Vec<Expected<'static>>,
    );

    #[test]
    fn compare_edge_cases() {
        let t = |scores: &[(&str, f64)]| with(unanswered(&["testing"], None), scores);
        let level = |score: f64| Some(1.0 + 3.0 * score / 100.0);
        let cases: Vec<CompareCase> = vec![
            (
                "up, down, same within half a point, unknown without a score; largest first",
                Some(t(&[
                    ("testing.unit", 50.0),
                    ("testing.integration", 50.0),
                    ("testing.system", 50.0),
                    ("testing.performance", 50.0),
                ])),
                Some(t(&[
                    ("testing.unit", 50.5),
                    ("testing.integration", 25.0),
                    ("testing.system", 75.5),
                    ("testing.security", 60.0),
                ])),
                vec![
                    (
                        "testing.system",
                        Direction::Up,
                        Some(25.5),
                        level(50.0),
                        level(75.5),
                    ),
                    (
                        "testing.integration",
                        Direction::Down,
                        Some(-25.0),
                        level(50.0),
                        level(25.0),
                    ),
                    (
                        "testing.unit",
                        Direction::Same,
                        Some(0.5),
                        level(50.0),
                        level(50.5),
                    ),
                    ("testing.performance", Direction::Unknown, None, level(50.0), None),
                    ("testing.security", Direction::Unknown, None, None, level(60.0)),
                ],
            ),
            (
                "equal changes keep the report's order",
                Some(t(&[("testing.unit", 50.0), ("testing.security", 50.0)])),
                Some(t(&[("testing.unit", 25.0), ("testing.security", 75.0)])),
                vec![
                    (
                        "testing.unit",
                        Direction::Down,
                        Some(-25.0),
                        level(50.0),
                        level(25.0),
                    ),
                    (
                        "testing.security",
                        Direction::Up,
                        Some(25.0),
                        level(50.0),
                        level(75.0),
                    ),
                ],
            ),
            (
                "the earlier one does not assemble: the later one's criteria, unknown",
                None,
                Some(t(&[("testing.unit", 40.0)])),
                vec![("testing.unit", Direction::Unknown, None, None, level(40.0))],
            ),
            ("neither assembles: nothing to compare", None, None, vec![]),
        ];
        for (name, before, after, expected) in cases {
            let changes = compare(before.as_ref(), after.as_ref());
            // Only the criteria a case scores are checked in detail; the rest are unknown.
            let got: Vec<Expected> = changes
                .iter()
                .filter(|c| expected.iter().any(|e| e.0 == c.id))
                .map(|c| (c.id.as_str(), c.direction, c.delta, c.before, c.after))
                .collect();
            assert_eq!(got, expected, "{name}");
            let all = [&before, &after]
                .iter()
                .filter_map(|r| r.as_ref())
                .map(|r| {
                    r.models
                        .iter()
                        .flat_map(|m| &m.areas)
                        .flat_map(|a| &a.criteria)
                        .count()
                })
                .max()
                .unwrap_or(0);
            assert_eq!(changes.len(), all, "{name}: every criterion once");
            assert!(
                changes
                    .iter()
                    .filter(|c| !expected.iter().any(|e| e.0 == c.id))
                    .all(|c| c.direction == Direction::Unknown && c.delta.is_none()),
                "{name}: the rest are unknown"
            );
        }
    }

    #[test]
    fn compare_joins_models_added_and_dropped() {
        let before = with(unanswered(&["testing"], None), &[("testing.unit", 50.0)]);
        let after = with(unanswered(&["devops"], None), &[("devops.leadership", 60.0)]);
        let changes = compare(Some(&before), Some(&after));
        let testing = before.models[0].areas[0].criteria.len();
        let devops: usize = after.models[0].areas.iter().map(|a| a.criteria.len()).sum();
        assert_eq!(changes.len(), testing + devops, "every criterion of either");
        assert!(changes.iter().all(|c| c.direction == Direction::Unknown));
        let ids: Vec<&str> = changes.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids[0], "testing.unit", "the earlier report's criteria first");
        assert_eq!(ids[testing], "devops.leadership");
    }

    #[test]
    fn labels_tell_assessments_of_one_date_apart() {
        for (id, date, label) in [
            (3, Some("2026-10-14"), "2026-10-14 (#3)"),
            (5, Some("2026-10-14"), "2026-10-14 (#5)"),
            (7, None, "#7"),
        ] {
            assert_eq!(super::label(id, date), label);
        }
    }
}
