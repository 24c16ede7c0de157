//! Every form of a policy, good and bad: each bad one is refused with its line and help.

use super::*;
use crate::facts::ReportFacts;

fn known() -> Known {
    let report = ReportFacts::from_json(
        "r.json",
        r#"{"schema": "maturity-report/1", "subject": "s", "models": [
            {"id": "team", "score": null, "areas": [
                {"id": "team.flow", "score": null, "criteria": [
                    {"id": "team.wip", "level": null, "source": "none", "stated": null, "observed": null}]}]}]}"#,
    )
    .unwrap();
    Known::new(
        &ModelSet::builtin(),
        &report,
        ["ci-runs-tests", "lockfile-present"],
    )
}

fn parse(text: &str) -> Result<Policy, Diagnostics> {
    parse_policy("gate.toml", text, &known())
}

fn error(text: &str) -> String {
    parse(text).unwrap_err().to_string()
}

#[test]
fn every_rule_kind_reads_with_its_line() {
    let policy = parse(
        "max_regression = 5\n\
         required_checks = [\"ci-runs-tests\"]\n\
         [min_score]\n\
         devops = 40\n\
         \"automation.build-ci\" = 50.5\n\
         testing.test-automation = 30\n\
         team = 10\n\
         [min_level]\n\
         \"devops.builds-ci\" = 3\n\
         \"testing.unit\" = { stated = 2, observed = 3 }\n\
         team.wip = 2\n\
         [dora]\n\
         lead_time = \"high\"\n",
    )
    .unwrap();
    let got: Vec<(&str, usize)> = policy.rules.iter().map(|r| (r.id.as_str(), r.line)).collect();
    assert_eq!(
        got,
        [
            ("max_regression", 1),
            ("required_checks.ci-runs-tests", 2),
            ("min_score.devops", 4),
            ("min_score.automation.build-ci", 5),
            ("min_score.testing.test-automation", 6),
            ("min_score.team", 7),
            ("min_level.devops.builds-ci", 9),
            ("min_level.testing.unit.stated", 10),
            ("min_level.testing.unit.observed", 10),
            ("min_level.team.wip", 11),
            ("dora.lead_time", 13),
        ]
    );
    assert_eq!(
        policy.rules[3].kind,
        RuleKind::MinScore {
            target: "automation.build-ci".into(),
            min: 50.5
        }
    );
    assert_eq!(
        policy.rules[8].kind,
        RuleKind::MinLevel {
            criterion: "testing.unit".into(),
            side: Side::Observed,
            min: 3.0
        }
    );
    assert_eq!(
        policy.rules[10].kind,
        RuleKind::Dora {
            metric: "lead_time".into(),
            band: Band::High
        }
    );
}

#[test]
fn bad_policies_name_line_and_what_to_do() {
    let cases = [
        ("[min_score\n", "gate.toml:1:"),
        (
            "min_scores = 3\n",
            "gate.toml:1:1: unknown policy key `min_scores` (did you mean `min_score`?",
        ),
        (
            "[min_score]\ndevop = 40\n",
            "gate.toml:2:1: unknown model `devop` (did you mean `devops`? models: automation, devops, team, testing)",
        ),
        (
            "[min_score]\n\"automation.build\" = 40\n",
            "gate.toml:2:1: model `automation` has no area `automation.build` (did you mean `automation.build-ci`? areas of automation:",
        ),
        (
            "[min_score]\ndevops = 140\n",
            "gate.toml:2:10: 140 is outside 0–100",
        ),
        (
            "[min_score]\ndevops = \"high\"\n",
            "gate.toml:2:10: expected a number, found a string",
        ),
        (
            "[min_score]\ndevops = nan\n",
            "gate.toml:2:10: NaN is outside 0–100",
        ),
        (
            "min_score = 3\n",
            "gate.toml:1:13: `min_score` is an integer, not a table",
        ),
        (
            "[min_level]\n\"devops.build-ci\" = 3\n",
            "gate.toml:2:1: unknown criterion `devops.build-ci` (did you mean `devops.builds-ci`? criteria of devops:",
        ),
        (
            "[min_level]\n\"devops.builds-ci\" = 5\n",
            "gate.toml:2:22: 5 is outside 1–4",
        ),
        (
            "[min_level]\n\"devops.builds-ci\" = 0.5\n",
            "gate.toml:2:22: 0.5 is outside 1–4",
        ),
        (
            "[min_level]\n\"devops.builds-ci\" = { stat = 3 }\n",
            "gate.toml:2:24: unknown side `stat` (did you mean `stated`?",
        ),
        (
            "[min_level]\n\"devops.builds-ci\" = {}\n",
            "gate.toml:2:22: an empty level table",
        ),
        (
            "[min_level]\nops.builds-ci = 3\n",
            "gate.toml:2:1: unknown model `ops`",
        ),
        ("max_regression = -1\n", "gate.toml:1:18: -1 is outside 0–100"),
        (
            "[dora]\nlead = \"high\"\n",
            "gate.toml:2:1: unknown DORA metric `lead` (did you mean `lead_time`? banded metrics: deployment_frequency, lead_time, change_failure_rate, failed_deployment_recovery_time)",
        ),
        (
            "[dora]\ndeployment_rework_rate = \"high\"\n",
            "gate.toml:2:1: deployment_rework_rate has no DORA band",
        ),
        (
            "[dora]\nrecovery = \"high\"\n",
            "gate.toml:2:1: `recovery` is the deprecated name of failed_deployment_recovery_time",
        ),
        (
            "[dora]\nlead_time = \"great\"\n",
            "gate.toml:2:13: unknown band `great` (bands, best first: elite, high, medium, low)",
        ),
        (
            "[dora]\nlead_time = 3\n",
            "gate.toml:2:13: expected a band name, found an integer",
        ),
        (
            "required_checks = \"ci-runs-tests\"\n",
            "gate.toml:1:19: `required_checks` is a string, not a list",
        ),
        (
            "required_checks = [\"ci-run-tests\"]\n",
            "gate.toml:1:20: unknown check `ci-run-tests` (did you mean `ci-runs-tests`?",
        ),
        (
            "required_checks = [1]\n",
            "gate.toml:1:20: expected a check id, found an integer",
        ),
        (
            "required_checks = [\"ci-runs-tests\", \"ci-runs-tests\"]\n",
            "gate.toml:1:37: check `ci-runs-tests` is listed twice",
        ),
        (
            "",
            "gate.toml:1:1: the policy has no rules, so it would pass anything",
        ),
        ("# nothing yet\n", "gate.toml:1:1: the policy has no rules"),
    ];
    for (text, expected) in cases {
        let got = error(text);
        assert!(
            got.starts_with(expected),
            "{text:?}\n got: {got}\nwant: {expected}"
        );
    }
}

#[test]
fn every_problem_is_reported_at_once() {
    let got = error("[min_score]\ndevop = 40\n[dora]\nlead = \"high\"\n");
    assert!(got.starts_with("2 problems found:"), "{got}");
}
