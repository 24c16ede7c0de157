//! Judging: each rule kind passing, failing and without data, on a small report.

use maturity_model::ModelSet;

use super::*;
use crate::policy::{Known, parse_policy};

const REPORT: &str = r#"{
  "schema": "maturity-report/1", "subject": "Falcon",
  "models": [
    {"id": "devops", "score": 40.0, "areas": [
      {"id": "devops.builds-ci", "score": 50.0, "criteria": [
        {"id": "devops.builds-ci", "level": 2.5, "source": "stated",
         "stated": {"mean": 2.5, "min": 2, "max": 3, "n": 4, "disputed": false},
         "observed": {"level": 3.0, "sources": []}}]},
      {"id": "devops.leadership", "score": null, "criteria": [
        {"id": "devops.leadership", "level": null, "source": "none", "stated": null, "observed": null}]}]}
  ],
  "delivery": [
    {"source": "git history of ../api", "metrics": {"bands": {"lead_time": "high", "change_failure_rate": null}}}
  ]
}"#;

fn facts(text: &str) -> ReportFacts {
    ReportFacts::from_json("r.json", text).unwrap()
}

fn verdict(policy: &str, baseline: Option<&ReportFacts>, checks: Option<&[CheckFinding]>) -> Verdict {
    let report = facts(REPORT);
    let known = Known::new(
        &ModelSet::builtin(),
        &report,
        ["ci-runs-tests", "lockfile-present"],
    );
    let policy = parse_policy("gate.toml", policy, &known).unwrap();
    evaluate(
        &policy,
        &Inputs {
            report: &report,
            baseline,
            checks,
        },
    )
    .unwrap()
}

fn outcomes(verdict: &Verdict) -> Vec<(String, bool, String)> {
    verdict
        .results
        .iter()
        .map(|r| (r.name.clone(), r.passed, r.message.clone()))
        .collect()
}

#[test]
fn scores_and_levels_pass_fail_and_miss() {
    let v = verdict(
        "[min_score]\ndevops = 40\n\"devops.builds-ci\" = 60\n\"devops.leadership\" = 1\nautomation = 1\n\
         [min_level]\n\"devops.builds-ci\" = 2.5\n",
        None,
        None,
    );
    let sides = verdict(
        "[min_level]\n\"devops.builds-ci\" = { stated = 3, observed = 3 }\n\"devops.leadership\" = { observed = 1 }\n",
        None,
        None,
    );
    let expected = [
        (
            "min_score.devops",
            true,
            "devops scores 40 (at least 40 required)",
        ),
        (
            "min_score.devops.builds-ci",
            false,
            "devops.builds-ci scores 50, below the 60 required",
        ),
        (
            "min_score.devops.leadership",
            false,
            "devops.leadership has no score: none of its criteria was answered or observed; at least 1 required",
        ),
        (
            "min_score.automation",
            false,
            "automation is not assessed in this report",
        ),
        (
            "min_level.devops.builds-ci",
            true,
            "devops.builds-ci is at level 2.5 (stated, 4 answers; at least 2.5 required)",
        ),
        (
            "min_level.devops.builds-ci.stated",
            false,
            "devops.builds-ci is at level 2.5 (stated), below the 3 required",
        ),
        (
            "min_level.devops.builds-ci.observed",
            true,
            "devops.builds-ci is at level 3 (observed; at least 3 required)",
        ),
        (
            "min_level.devops.leadership.observed",
            false,
            "devops.leadership has no observed level: no evidence speaks to it; at least 1 required",
        ),
    ];
    let got = [outcomes(&v), outcomes(&sides)].concat();
    assert_eq!(got.len(), expected.len(), "{got:#?}");
    for ((name, passed, message), (want_name, want_passed, want_message)) in got.iter().zip(expected) {
        assert_eq!(
            (name.as_str(), *passed, message.as_str()),
            (want_name, want_passed, want_message)
        );
    }
    assert!(!v.passed);
    assert_eq!((v.failed, sides.failed), (3, 2));
}

#[test]
fn dora_bands_hold_at_least() {
    let v = verdict(
        "[dora]\nlead_time = \"medium\"\nchange_failure_rate = \"low\"\ndeployment_frequency = \"low\"\n",
        None,
        None,
    );
    assert_eq!(
        outcomes(&v),
        [
            ("dora.lead_time".into(), true, "lead_time: high in git history of ../api (at least medium required)".into()),
            ("dora.change_failure_rate".into(), false, "change_failure_rate: no band in git history of ../api (no value measured); at least low required".into()),
            ("dora.deployment_frequency".into(), false, "deployment_frequency: no band in git history of ../api (no value measured); at least low required".into()),
        ]
    );
    let elite = verdict("[dora]\nlead_time = \"elite\"\n", None, None);
    assert!(!elite.passed);
}

#[test]
fn no_delivery_metrics_fail_the_dora_rules() {
    let report = facts(&REPORT.replace("\"delivery\": [", "\"delivery\": [], \"x\": ["));
    let known = Known::new(&ModelSet::builtin(), &report, []);
    let policy = parse_policy("gate.toml", "[dora]\nlead_time = \"low\"\n", &known).unwrap();
    let inputs = Inputs {
        report: &report,
        baseline: None,
        checks: None,
    };
    let v = evaluate(&policy, &inputs).unwrap();
    assert!(
        v.results[0]
            .message
            .starts_with("the report has no delivery metrics"),
        "{v:?}"
    );
}

#[test]
fn regression_is_judged_per_model_against_the_baseline() {
    let baseline = facts(&REPORT.replace("\"score\": 40.0", "\"score\": 46.5"));
    let v = verdict("max_regression = 5\n", Some(&baseline), None);
    assert_eq!(
        outcomes(&v),
        [(
            "max_regression.devops".into(),
            false,
            "devops scores 40 against 46.5 in the baseline: 6.5 points lower, more than the 5 allowed".into()
        )]
    );
    let v = verdict("max_regression = 6.5\n", Some(&baseline), None);
    assert!(v.passed, "{v:?}");
    let empty = facts(&REPORT.replace("\"id\": \"devops\"", "\"id\": \"other\""));
    let v = verdict("max_regression = 5\n", Some(&empty), None);
    assert_eq!(
        v.results[0].message,
        "the baseline has no score for devops to compare with"
    );
}

#[test]
fn regression_without_a_baseline_is_an_input_error() {
    let report = facts(REPORT);
    let known = Known::new(&ModelSet::builtin(), &report, []);
    let policy = parse_policy(
        "gate.toml",
        "[min_score]\ndevops = 1\n\nmax_regression = 5\n",
        &known,
    );
    // A key after a table belongs to the table: the policy author gets told where.
    assert!(
        policy
            .unwrap_err()
            .to_string()
            .contains("unknown model `max_regression`")
    );
    let policy = parse_policy("gate.toml", "\nmax_regression = 5\n", &known).unwrap();
    let error = evaluate(
        &policy,
        &Inputs {
            report: &report,
            baseline: None,
            checks: None,
        },
    )
    .unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("gate.toml:2: max_regression compares with a baseline report"),
        "{error}"
    );
}

#[test]
fn required_checks_need_a_passing_finding() {
    let finding = |check: &str, passed: bool| CheckFinding {
        check: check.into(),
        passed,
        source: "scan.json".into(),
        location: Some(".github/workflows/ci.yml:3".into()),
        message: "runs cargo test".into(),
    };
    let policy = "required_checks = [\"ci-runs-tests\", \"lockfile-present\"]\n";
    let findings = [finding("ci-runs-tests", false), finding("ci-runs-tests", true)];
    let v = verdict(policy, None, Some(&findings));
    assert_eq!(
        outcomes(&v),
        [
            (
                "required_checks.ci-runs-tests".into(),
                true,
                "ci-runs-tests passed in scan.json at .github/workflows/ci.yml:3: runs cargo test".into()
            ),
            (
                "required_checks.lockfile-present".into(),
                false,
                "no scan reported lockfile-present".into()
            ),
        ]
    );
    let failing = [finding("lockfile-present", false)];
    let v = verdict(policy, None, Some(&failing));
    assert_eq!(
        v.results[1].message,
        "lockfile-present did not pass: runs cargo test (scan.json at .github/workflows/ci.yml:3)"
    );
    let v = verdict(policy, None, None);
    assert!(
        v.results[0]
            .message
            .starts_with("no scan was given to show ci-runs-tests: pass --scan FILE")
    );
}
