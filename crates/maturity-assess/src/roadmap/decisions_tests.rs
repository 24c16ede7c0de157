//! The plan as the assessor steers it: signals, evidence that a gap is met, `include`,
//! `exclude`, `done`, soft prerequisites, the plan's size, credible projections and dates.

use super::signals::{Signal, SignalKind};
use super::test_support::{
    catalog, catalog_toml, ids, levels, run, run_for, testing_at, testing_model, uncapped,
};
use super::{PlanConfig, Situation, Target};

fn observation(criterion: &str) -> Signal {
    Signal {
        criterion: criterion.into(),
        kind: SignalKind::Observation,
        text: format!("Something about {criterion}."),
    }
}

#[test]
fn a_proposal_that_answers_a_signal_comes_first_and_cites_it() {
    // `cheap` brings more per effort point, but only `answers` addresses what the assessor saw.
    let c = catalog(&[
        ("cheap", "S", &[], &[("testing.unit", 3)]),
        ("answers", "M", &[], &[("testing.security", 2)]),
    ]);
    let at_1 = testing_at(1.0);
    let signals = [observation("testing.security")];
    let situation = Situation {
        levels: &at_1,
        met: &at_1,
        signals: &signals,
    };
    let config = PlanConfig {
        phases: 1,
        ..uncapped()
    };
    let roadmap = run_for(&testing_model(), &situation, &c, &config);
    assert_eq!(ids(&roadmap), [["answers", "cheap"]]);
    let answers = &roadmap.phases[0].proposals[0];
    assert_eq!(answers.signals, signals);
    assert!(
        answers
            .why
            .ends_with("It answers the observation “Something about testing.security.”."),
        "{}",
        answers.why
    );
    assert!(roadmap.phases[0].proposals[1].signals.is_empty());
    // Without the signal, value per effort decides.
    let plain = run(&testing_model(), &at_1, &c, &config);
    assert_eq!(ids(&plain), [["cheap", "answers"]]);
}

#[test]
fn a_gap_the_evidence_shows_closed_gets_no_proposal() {
    let c = catalog(&[
        ("unit", "S", &[], &[("testing.unit", 3)]),
        ("system", "S", &[], &[("testing.system", 3)]),
    ]);
    let stated = testing_at(1.0);
    let mut met = stated.clone();
    met.insert("testing.unit".into(), 3.0);
    let situation = Situation {
        levels: &stated,
        met: &met,
        signals: &[],
    };
    let config = PlanConfig {
        target: Target::level(3),
        ..uncapped()
    };
    let roadmap = run_for(&testing_model(), &situation, &c, &config);
    assert_eq!(ids(&roadmap).concat(), ["system"]);
    assert!(!roadmap.unplanned_gaps.contains(&"testing.unit".to_string()));
}

/// (include, exclude, done, planned, a note that must appear)
type DecisionCase<'a> = (
    &'a [&'a str],
    &'a [&'a str],
    &'a [&'a str],
    &'a [&'a str],
    &'a str,
);

#[test]
fn the_assessor_includes_excludes_and_marks_done() {
    let c = catalog(&[
        ("base", "S", &[], &[("testing.unit", 2)]),
        ("next", "S", &["base"], &[("testing.unit", 3)]),
        ("system", "S", &[], &[("testing.system", 3)]),
        ("extra", "S", &[], &[("testing.performance", 3)]),
    ]);
    let mut current = testing_at(1.0);
    current.insert("testing.performance".into(), 3.0);
    let config = |include: &[&str], exclude: &[&str], done: &[&str]| PlanConfig {
        phases: 1,
        include: include.iter().map(|s| (*s).to_string()).collect(),
        exclude: exclude.iter().map(|s| (*s).to_string()).collect(),
        done: done.iter().map(|s| (*s).to_string()).collect(),
        target: Target::level(3),
        ..uncapped()
    };
    let cases: &[DecisionCase] = &[
        // `system` lifts two levels for one point, the `base` → `next` chain one each.
        (&[], &[], &[], &["system", "base", "next"], ""),
        (
            &[],
            &["base"],
            &[],
            &["system"],
            "`next` is not planned: it requires a proposal the assessor excluded.",
        ),
        (&[], &[], &["base"], &["system", "next"], ""),
        (
            &[],
            &[],
            &["next"],
            &["system"],
            "`base` counts as done: a proposal marked done needs it.",
        ),
        // `extra` closes no gap (performance is at its target) but is asked for.
        (&["extra"], &[], &[], &["system", "base", "next", "extra"], ""),
        (
            &[],
            &[],
            &["nope"],
            &["system", "base", "next"],
            "`nope` in [roadmap] done is ignored",
        ),
    ];
    for (include, exclude, done, planned, note) in cases {
        let roadmap = run(&testing_model(), &current, &c, &config(include, exclude, done));
        assert_eq!(
            ids(&roadmap).concat(),
            *planned,
            "{include:?} {exclude:?} {done:?}"
        );
        if !note.is_empty() {
            assert!(
                roadmap.notes.iter().any(|n| n.contains(note)),
                "{note}: {:?}",
                roadmap.notes
            );
        }
        for p in roadmap.phases.iter().flat_map(|p| &p.proposals) {
            assert_eq!(p.included, include.contains(&p.id.as_str()), "{}", p.id);
        }
    }
    let roadmap = run(&testing_model(), &current, &c, &config(&["extra"], &[], &[]));
    let extra = roadmap.phases[0]
        .proposals
        .iter()
        .find(|p| p.id == "extra")
        .expect("extra");
    assert!(
        extra.why.starts_with("Asked for by the assessor."),
        "{}",
        extra.why
    );
}

#[test]
fn a_recommended_prerequisite_orders_but_never_pulls_in() {
    let c = catalog_toml(
        r#"
[[proposals]]
id = "prepare"
title = "Prepare"
description = "Prepare."
difficulty = "M"
raises = [{ criterion = "testing.system", to = 2 }]

[[proposals]]
id = "do"
title = "Do"
description = "Do."
difficulty = "S"
recommends = ["prepare"]
raises = [{ criterion = "testing.unit", to = 3 }]
"#,
    );
    let config = PlanConfig {
        phases: 1,
        ..uncapped()
    };
    // Both planned: the recommendation goes first although `do` is worth more per point.
    let roadmap = run(&testing_model(), &testing_at(1.0), &c, &config);
    assert_eq!(ids(&roadmap), [["prepare", "do"]]);
    // Only `do` has a gap: `prepare` is not brought in, as a requirement would be.
    let mut current = testing_at(1.0);
    current.insert("testing.system".into(), 3.0);
    let roadmap = run(&testing_model(), &current, &c, &config);
    assert_eq!(ids(&roadmap), [["do"]]);
}

#[test]
fn the_plan_holds_its_size_and_lists_the_next_in_line() {
    let c = catalog(&[
        ("a", "S", &[], &[("testing.unit", 2)]),
        ("b", "S", &["a"], &[("testing.unit", 3)]),
        ("c", "M", &[], &[("testing.system", 3)]),
        ("d", "L", &[], &[("testing.security", 3)]),
    ]);
    let config = |max: Option<usize>| PlanConfig {
        max_proposals: max,
        target: Target::level(3),
        ..uncapped()
    };
    let cases: &[(Option<usize>, &[&str], &[&str])] = &[
        (None, &["a", "b", "c", "d"], &[]),
        (Some(4), &["a", "b", "c", "d"], &[]),
        (Some(3), &["a", "b", "c"], &["d"]),
        // `b` needs `a`: a chain that does not fit is passed over for one that does.
        (Some(1), &["a"], &["b", "c", "d"]),
    ];
    for (max, planned, deferred) in cases {
        let roadmap = run(&testing_model(), &testing_at(1.0), &c, &config(*max));
        assert_eq!(ids(&roadmap).concat(), *planned, "{max:?}");
        assert_eq!(roadmap.deferred, *deferred, "{max:?}");
        // Deferred proposals close their gaps later: they are not gaps the catalog cannot close.
        assert!(
            roadmap
                .unplanned_gaps
                .iter()
                .all(|g| g == "testing.integration" || g == "testing.performance"),
            "{:?}",
            roadmap.unplanned_gaps
        );
    }
}

#[test]
fn projections_rise_a_step_a_phase_and_explain_themselves() {
    let c = catalog(&[
        ("big", "L", &[], &[("testing.unit", 4)]),
        ("small", "S", &[], &[("testing.system", 2)]),
    ]);
    let current = levels(&[
        ("testing.unit", 1.0),
        ("testing.system", 1.0),
        ("testing.integration", 1.0),
        ("testing.performance", 1.0),
        ("testing.security", 1.0),
    ]);
    let config = PlanConfig {
        phases: 3,
        capacity: Some(8),
        ..PlanConfig::default()
    };
    let roadmap = run(&testing_model(), &current, &c, &config);
    assert_eq!(ids(&roadmap), [vec!["small"], vec!["big"]]);
    let unit: Vec<f64> = roadmap
        .phases
        .iter()
        .map(|p| p.projected_levels["testing.unit"])
        .collect();
    // One level per phase: `big` aims at 4 but reaches 2 in its own phase.
    assert_eq!(unit, [1.0, 2.0]);
    let change = &roadmap.phases[1].changes[0];
    assert_eq!(
        (
            change.criterion.as_str(),
            change.from,
            change.to,
            change.aim,
            change.by.as_slice()
        ),
        ("testing.unit", Some(1.0), 2.0, 4, &["big".to_string()][..])
    );
    assert_eq!(roadmap.phases[0].changes.len(), 1);
    // With no step limit the L proposal's phase has a range: half its uplift at the low end.
    let free = run(
        &testing_model(),
        &current,
        &c,
        &PlanConfig {
            max_step: 4,
            ..config
        },
    );
    let range = free.phases[1].projected_range["testing"];
    let low = (0.0 + 50.0 + 100.0 / 3.0 + 0.0 + 0.0) / 5.0;
    assert!((range.high - free.phases[1].projected["testing"]).abs() < 1e-9);
    assert!(
        (range.high - (100.0 + 100.0 / 3.0) / 5.0).abs() < 1e-9,
        "{range:?}"
    );
    assert!((range.low - low).abs() < 1e-9, "{range:?}");
}

#[test]
fn phases_have_weeks_roles_and_dates() {
    let c = catalog_toml(
        r#"
[[proposals]]
id = "one"
title = "One"
description = "One."
difficulty = "M"
roles = ["tester", "developer"]
raises = [{ criterion = "testing.unit", to = 2 }]

[[proposals]]
id = "two"
title = "Two"
description = "Two."
difficulty = "S"
raises = [{ criterion = "testing.system", to = 2 }]

[[proposals]]
id = "three"
title = "Three"
description = "Three."
difficulty = "S"
raises = [{ criterion = "testing.security", to = 2 }]
"#,
    );
    let start = Some("2027-01-04".to_string());
    let config = PlanConfig {
        phases: 1,
        start: start.clone(),
        ..uncapped()
    };
    let roadmap = run(&testing_model(), &testing_at(1.0), &c, &config);
    let phase = &roadmap.phases[0];
    let one = phase.proposals.iter().find(|p| p.id == "one").expect("one");
    assert_eq!((one.weeks.min, one.weeks.max), (3, 6));
    assert_eq!(
        one.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        ["tester", "developer"]
    );
    // Without people the proposals run side by side: the longest decides.
    assert_eq!(phase.weeks, 6);
    assert_eq!(
        (phase.start.as_deref(), phase.end.as_deref()),
        (Some("2027-01-04"), Some("2027-02-14"))
    );
    assert_eq!(roadmap.effort_unit, "points");
    // One person works through 6 + 2 + 2 person-weeks; the next phase starts the day after.
    let people = PlanConfig {
        people: Some(1),
        phases: 2,
        start,
        ..uncapped()
    };
    let roadmap = run(&testing_model(), &testing_at(1.0), &c, &people);
    assert_eq!(roadmap.effort_unit, "person-weeks");
    let weeks: Vec<u32> = roadmap.phases.iter().map(|p| p.weeks).collect();
    let total: u32 = roadmap.phases.iter().map(|p| p.effort).sum();
    assert_eq!(total, 10);
    assert_eq!(weeks.iter().sum::<u32>(), 10, "{weeks:?}");
    assert_eq!(
        roadmap.phases[1].start.as_deref(),
        Some(day_after(&roadmap.phases[0].end))
    );
    let no_dates = run(&testing_model(), &testing_at(1.0), &c, &uncapped());
    assert!(
        no_dates
            .phases
            .iter()
            .all(|p| p.start.is_none() && p.end.is_none())
    );
}

fn day_after(day: &Option<String>) -> &'static str {
    let day: jiff::civil::Date = day.as_deref().expect("a date").parse().expect("a date");
    Box::leak(day.tomorrow().expect("a day").to_string().into_boxed_str())
}
