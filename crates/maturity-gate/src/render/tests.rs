//! Each format parsed back: the SARIF shape code scanning needs, JUnit test cases with their
//! failures, Code Climate issues, and the text a person reads.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::*;
use crate::evaluate::RuleResult;

fn verdict() -> Verdict {
    let result = |rule: &str, name: &str, line: usize, passed: bool, message: &str| RuleResult {
        rule: rule.into(),
        name: name.into(),
        line,
        passed,
        message: message.into(),
    };
    Verdict {
        policy: "ci/gate policy.toml".into(),
        subject: "Falcon".into(),
        passed: false,
        failed: 2,
        results: vec![
            result(
                "min_score.devops",
                "min_score.devops",
                2,
                true,
                "devops scores 40",
            ),
            result(
                "max_regression",
                "max_regression.devops",
                1,
                false,
                "devops <fell> & \"more\"",
            ),
            result(
                "max_regression",
                "max_regression.testing",
                1,
                false,
                "testing fell",
            ),
        ],
    }
}

#[test]
fn sarif_has_the_shape_code_scanning_reads() {
    let value: serde_json::Value = serde_json::from_str(&sarif(&verdict())).unwrap();
    assert_eq!(value["version"], "2.1.0");
    assert_eq!(value["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
    let run = &value["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "maturity");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["min_score.devops", "max_regression"]);
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    assert_eq!(results[0]["kind"], "pass");
    assert_eq!(results[0]["level"], "none");
    assert_eq!(results[1]["ruleId"], "max_regression");
    assert_eq!(results[1]["ruleIndex"], 1);
    assert_eq!(results[1]["level"], "error");
    assert_eq!(results[1]["message"]["text"], "devops <fell> & \"more\"");
    let location = &results[1]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "ci/gate%20policy.toml");
    assert_eq!(location["region"]["startLine"], 1);
}

#[test]
fn junit_has_a_test_case_per_result_and_failures_with_messages() {
    let text = junit(&verdict());
    let mut reader = Reader::from_str(&text);
    let mut cases = Vec::new();
    let mut failures = Vec::new();
    let mut suite_attrs = Vec::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => {
                let attr = |name: &str| {
                    e.try_get_attribute(name).unwrap().map(|a| {
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .unwrap()
                            .into_owned()
                    })
                };
                match e.name().as_ref() {
                    "testsuite" => suite_attrs = vec![attr("tests"), attr("failures")],
                    "testcase" => cases.push((attr("name").unwrap(), attr("line").unwrap())),
                    "failure" => failures.push(attr("message").unwrap()),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(suite_attrs, [Some("3".to_string()), Some("2".to_string())]);
    assert_eq!(
        cases,
        [
            ("min_score.devops".to_string(), "2".to_string()),
            ("max_regression.devops".to_string(), "1".to_string()),
            ("max_regression.testing".to_string(), "1".to_string()),
        ]
    );
    assert_eq!(failures, ["devops <fell> & \"more\"", "testing fell"]);
}

#[test]
fn codequality_lists_failures_with_distinct_fingerprints() {
    let value: serde_json::Value = serde_json::from_str(&codequality(&verdict())).unwrap();
    let issues = value.as_array().unwrap();
    assert_eq!(issues.len(), 2);
    assert_eq!(issues[0]["check_name"], "maturity-gate/max_regression");
    assert_eq!(issues[0]["location"]["path"], "ci/gate%20policy.toml");
    assert_eq!(issues[0]["location"]["lines"]["begin"], 1);
    assert_eq!(issues[0]["severity"], "major");
    assert_eq!(issues[0]["fingerprint"].as_str().unwrap().len(), 16);
    assert_ne!(issues[0]["fingerprint"], issues[1]["fingerprint"]);
}

#[test]
fn text_and_json_say_what_failed_and_where() {
    let text = text(&verdict());
    assert!(
        text.starts_with("Gate ci/gate policy.toml on “Falcon”: FAILED, 2 of 3 rules do not hold\n"),
        "{text}"
    );
    assert!(
        text.contains("FAIL  ci/gate policy.toml:1  max_regression.testing\n      testing fell\n"),
        "{text}"
    );
    let value: serde_json::Value = serde_json::from_str(&json(&verdict())).unwrap();
    assert_eq!(value["schema"], "maturity-gate/1");
    assert_eq!(value["passed"], false);
    assert_eq!(value["results"][2]["name"], "max_regression.testing");
}

#[test]
fn policy_uris() {
    let cases = [
        ("gate.toml", "gate.toml"),
        ("./ci/gate.toml", "ci/gate.toml"),
        ("/abs/g#1.toml", "file:///abs/g%231.toml"),
        ("ci\\gate.toml", "ci/gate.toml"),
    ];
    for (path, uri) in cases {
        assert_eq!(policy_uri(path), uri, "{path}");
    }
}
