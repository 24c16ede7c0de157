//! The binary, run as a user runs it: on the bundled example and on every kind of bad input.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

fn maturity() -> Command {
    let mut cmd = Command::cargo_bin("maturity").expect("binary is built");
    cmd.env("RUST_BACKTRACE", "0");
    cmd
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/falcon")
}

/// Runs the command expecting success, returning stdout.
fn ok(cmd: &mut Command) -> String {
    let output = cmd.output().expect("runs");
    assert!(
        output.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

/// Runs the command expecting failure, returning stderr.
fn fails(cmd: &mut Command) -> String {
    let output = cmd.output().expect("runs");
    assert!(
        !output.status.success(),
        "unexpected success: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    String::from_utf8(output.stderr).expect("utf-8")
}

/// A copy of the example assessment to break in one way.
fn copy_of_example() -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    fs::copy(example().join("maturity.toml"), dir.path().join("maturity.toml")).expect("copy config");
    fs::create_dir(dir.path().join("responses")).expect("mkdir");
    for entry in fs::read_dir(example().join("responses")).expect("responses") {
        let path = entry.expect("entry").path();
        fs::copy(
            &path,
            dir.path().join("responses").join(path.file_name().expect("name")),
        )
        .expect("copy");
    }
    dir
}

fn write(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).expect("write");
}

#[test]
fn report_on_the_example_in_every_format() {
    let md = ok(maturity().arg("report").arg(example()));
    assert!(md.starts_with("# Nordlicht Freight"), "{md}");
    for section in [
        "## Summary",
        "## Key observations",
        "## Appendix: maturity matrices",
        "## Appendix: methodology",
    ] {
        assert!(md.contains(section), "missing {section}");
    }
    let json: serde_json::Value = serde_json::from_str(&ok(maturity()
        .arg("report")
        .arg(example())
        .args(["--format", "json"])))
    .expect("json");
    assert_eq!(json["models"].as_array().map(Vec::len), Some(3));
    let html = ok(maturity().arg("report").arg(example()).args(["--format", "html"]));
    assert!(html.starts_with("<!doctype html>") && html.contains("<svg"));
}

#[test]
fn json_report_keys_and_nulls() {
    let json: serde_json::Value = serde_json::from_str(&ok(maturity()
        .arg("report")
        .arg(example())
        .args(["--format", "json"])))
    .expect("json");
    assert_eq!(json["subject"], "Nordlicht Freight — Falcon order service");
    let automation = &json["models"][1];
    assert_eq!(automation["id"], "automation");
    let shared = automation["areas"][3]["criteria"][0].clone();
    assert_eq!(shared["id"], "automation.shared-components");
    assert!(shared["level"].is_null() && shared["score"].is_null() && shared["stated"].is_null());
    assert_eq!(shared["source"], "none");
    let deployment = &automation["areas"][1]["criteria"][1];
    assert_eq!(deployment["source"], "stated");
    for key in ["mean", "min", "max", "n", "disputed"] {
        assert!(!deployment["stated"][key].is_null(), "{key}");
    }
    assert_eq!(deployment["stated"]["disputed"], true);
    assert!(
        json["unanswered"]
            .as_array()
            .expect("array")
            .contains(&"automation.shared-components".into())
    );
}

#[test]
fn html_report_is_self_contained() {
    let html = ok(maturity().arg("report").arg(example()).args(["--format", "html"]));
    for needle in ["http://", "https://", "src=", "href=", "@import", "url("] {
        assert!(
            !html.contains(needle),
            "HTML report refers outside itself: {needle}"
        );
    }
    assert!(html.contains("<meta name=\"viewport\""));
    assert!(html.contains("@media print"));
    assert_eq!(html.matches("<svg class=\"chart radar\"").count(), 3);
}

#[test]
fn report_out_writes_the_file_and_says_where() {
    let dir = TempDir::new().expect("temp dir");
    let out = dir.path().join("report.html");
    let output = maturity()
        .arg("report")
        .arg(example())
        .arg("--out")
        .arg(&out)
        .output()
        .expect("runs");
    assert!(output.status.success());
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("wrote the HTML report to") && stderr.contains("report.html"),
        "{stderr}"
    );
    assert!(
        fs::read_to_string(&out)
            .expect("written")
            .starts_with("<!doctype html>")
    );
}

#[test]
fn markdown_report_snapshot() {
    insta::assert_snapshot!("falcon_report_md", ok(maturity().arg("report").arg(example())));
}

#[test]
fn json_report_snapshot() {
    insta::assert_snapshot!(
        "falcon_report_json",
        ok(maturity().arg("report").arg(example()).args(["--format", "json"]))
    );
}

#[test]
fn bad_inputs_name_file_and_line() {
    // (file to write, its text, expected file suffix and line, expected message)
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "responses/zz.toml",
            "respondent = \"zz\"\n[answers]\n\"devops.leadrship\" = 2\n",
            "zz.toml:3:",
            "unknown criterion `devops.leadrship` (did you mean `devops.leadership`?)",
        ),
        (
            "responses/zz.toml",
            "respondent = \"zz\"\n[answers]\n\"testing.unit\" = 5\n",
            "zz.toml:3:",
            "level 5 is outside 1..4",
        ),
        (
            "responses/zz.toml",
            "respondent = \"zz\"\n[answers]\n\"testing.unit\" = \"high\"\n",
            "zz.toml:3:",
            "level must be an integer",
        ),
        (
            "responses/zz.toml",
            "respondent = \"zz\"\n[answers]\n\"testing.unit\" = 2.5\n",
            "zz.toml:3:",
            "whole number",
        ),
        (
            "responses/zz.toml",
            "\nrespondent = \"dev-jonas\"\n",
            "zz.toml:2:",
            "respondent `dev-jonas` already answered in",
        ),
        (
            "responses/zz.toml",
            "respondent = \"zz\"\n[answers\n",
            "zz.toml:2:",
            "",
        ),
        (
            "maturity.toml",
            "subject = \"S\"\nmodels = [\"devops\", \"testng\"]\n",
            "maturity.toml:2:",
            "unknown model `testng` (did you mean `testing`?)",
        ),
        (
            "maturity.toml",
            "subject = \"S\"\nbenchmark = \"nope\"\n",
            "maturity.toml:2:",
            "unknown benchmark `nope`",
        ),
        (
            "maturity.toml",
            "subject = \"S\"\nmodels = [\"devops\"\n",
            "maturity.toml:2:",
            "",
        ),
    ];
    for (file, text, place, message) in cases {
        let dir = copy_of_example();
        write(dir.path(), file, text);
        let stderr = fails(maturity().arg("report").arg(dir.path()));
        assert!(stderr.contains(place), "{file}: expected {place} in: {stderr}");
        assert!(
            stderr.contains(message),
            "{file}: expected {message} in: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn empty_responses_folder_is_an_error() {
    let dir = TempDir::new().expect("temp dir");
    write(dir.path(), "maturity.toml", "subject = \"S\"\n");
    fs::create_dir(dir.path().join("responses")).expect("mkdir");
    let stderr = fails(maturity().arg("report").arg(dir.path()));
    assert!(
        stderr.contains("responses: no response files (*.toml) found"),
        "{stderr}"
    );
}

#[test]
fn missing_things_are_errors_that_say_what() {
    let dir = TempDir::new().expect("temp dir");
    let stderr = fails(maturity().arg("report").arg(dir.path()));
    assert!(stderr.contains("maturity.toml: cannot read"), "{stderr}");
    let stderr = fails(maturity().arg("report").arg(dir.path().join("nope")));
    assert!(stderr.contains("nope: not a directory"), "{stderr}");
    fs::write(dir.path().join("maturity.toml"), b"subject = \"\xff\"\n").expect("write");
    let stderr = fails(maturity().arg("report").arg(dir.path()));
    assert!(
        stderr.contains("maturity.toml:1:12: the file is not valid UTF-8"),
        "{stderr}"
    );
}

#[test]
fn every_problem_in_every_file_is_listed() {
    let dir = copy_of_example();
    write(
        dir.path(),
        "responses/a-bad.toml",
        "respondent = \"a\"\n[answers]\n\"testing.unit\" = 9\n\"testing.sytem\" = 2\n",
    );
    write(
        dir.path(),
        "responses/b-bad.toml",
        "respondent = \"b\"\n[answers]\n\"devops.leadership\" = 0\n",
    );
    let stderr = fails(maturity().arg("report").arg(dir.path()));
    assert!(stderr.contains("3 problems found"), "{stderr}");
    assert!(
        stderr.contains("a-bad.toml:3:")
            && stderr.contains("a-bad.toml:4:")
            && stderr.contains("b-bad.toml:3:"),
        "{stderr}"
    );
}

#[test]
fn a_failed_report_leaves_an_existing_output_untouched() {
    let dir = copy_of_example();
    let out = dir.path().join("report.md");
    write(dir.path(), "report.md", "the previous report\n");
    write(
        dir.path(),
        "responses/zz.toml",
        "respondent = \"zz\"\n[answers]\n\"testing.unit\" = 7\n",
    );
    fails(maturity().arg("report").arg(dir.path()).arg("--out").arg(&out));
    assert_eq!(fs::read_to_string(&out).expect("kept"), "the previous report\n");
}

#[test]
fn bad_format_is_refused() {
    let stderr = fails(maturity().arg("report").arg(example()).args(["--format", "pdf"]));
    assert!(stderr.contains("unknown report format `pdf`"), "{stderr}");
}

#[test]
fn models_list_and_show() {
    let list = ok(maturity().arg("models"));
    for line in ["devops", "automation", "testing"] {
        assert!(list.lines().any(|l| l.starts_with(line)), "{list}");
    }
    assert!(list.contains("20"), "automation has 20 criteria: {list}");
    let show = ok(maturity().args(["models", "show", "testing"]));
    assert!(show.contains("[testing.security]"));
    assert_eq!(show.lines().filter(|l| l.starts_with("  4. ")).count(), 5);
    let stderr = fails(maturity().args(["models", "show", "devop"]));
    assert!(stderr.contains("did you mean `devops`?"), "{stderr}");
}

#[test]
fn user_model_files_are_listed_and_validated() {
    let dir = TempDir::new().expect("temp dir");
    let good = "id = \"security\"\nname = \"Security\"\n[[areas]]\nid = \"a\"\nname = \"A\"\n[[areas.criteria]]\nid = \"c\"\nname = \"C\"\nquestion = \"Q?\"\nlevels = [\"1\", \"2\", \"3\", \"4\"]\n";
    write(dir.path(), "good.toml", good);
    let list = ok(maturity()
        .arg("models")
        .arg("--model-file")
        .arg(dir.path().join("good.toml")));
    assert!(list.contains("security"), "{list}");
    write(dir.path(), "bad.toml", &good.replace("\"4\"]", "]"));
    let stderr = fails(
        maturity()
            .arg("models")
            .arg("--model-file")
            .arg(dir.path().join("bad.toml")),
    );
    assert!(
        stderr.contains("bad.toml:10:") && stderr.contains("3 levels, not 4"),
        "{stderr}"
    );
}

#[test]
fn init_writes_a_template_that_reports_once_filled_in() {
    let root = TempDir::new().expect("temp dir");
    let dir = root.path().join("team");
    let stdout = ok(maturity().arg("init").arg(&dir).args([
        "--subject",
        "Team Q",
        "--models",
        "devops,testing",
        "--benchmark",
        "heavy-industry",
        "--date",
        "2026-11-01",
    ]));
    assert!(stdout.contains("maturity.toml"));
    let template = fs::read_to_string(dir.join("responses/template.toml.example")).expect("template");
    assert!(template.contains("# \"testing.security\" = "));
    assert!(!template.contains("automation."));
    let filled = template
        .replace("your name or a pseudonym", "ann")
        .replace("# \"devops.leadership\" = ", "\"devops.leadership\" = 4")
        .replace(
            "# \"testing.unit\" = ",
            "\"testing.unit\" = { level = 2, comment = \"only locally\" }",
        );
    write(&dir, "responses/ann.toml", &filled);
    let json: serde_json::Value =
        serde_json::from_str(&ok(maturity().arg("report").arg(&dir).args(["--format", "json"])))
            .expect("json");
    assert_eq!(json["subject"], "Team Q");
    assert_eq!(json["date"], "2026-11-01");
    assert_eq!(json["models"][0]["areas"][0]["score"], 100.0);
    let stderr = fails(maturity().arg("init").arg(&dir));
    assert!(stderr.contains("an assessment already exists here"), "{stderr}");
    assert_eq!(
        fs::read_to_string(dir.join("responses/ann.toml")).expect("kept"),
        filled
    );
}

#[test]
fn init_rejects_bad_arguments() {
    let root = TempDir::new().expect("temp dir");
    let cases: &[(&[&str], &str)] = &[
        (
            &["--models", "devops,autom"],
            "unknown model `autom` (did you mean `automation`?)",
        ),
        (&["--date", "soon"], "--date: `soon` is not a date"),
        (&["--benchmark", "x"], "unknown benchmark `x`"),
    ];
    for (args, expected) in cases {
        let stderr = fails(maturity().arg("init").arg(root.path().join("x")).args(*args));
        assert!(stderr.contains(expected), "{stderr}");
        assert!(!root.path().join("x/maturity.toml").exists());
    }
}

#[test]
fn an_assessment_with_its_own_model_and_benchmark() {
    let dir = TempDir::new().expect("temp dir");
    fs::create_dir_all(dir.path().join("extra")).expect("mkdir");
    fs::create_dir_all(dir.path().join("responses")).expect("mkdir");
    write(
        dir.path(),
        "extra/security.toml",
        "id = \"security\"\nname = \"Security\"\n[[areas]]\nid = \"supply\"\nname = \"Supply chain\"\n[[areas.criteria]]\nid = \"signing\"\nname = \"Signing\"\nquestion = \"Q?\"\nlevels = [\"1\", \"2\", \"3\", \"4\"]\n",
    );
    write(
        dir.path(),
        "extra/ours.toml",
        "id = \"ours\"\nname = \"Our sector\"\n[models.security]\nscore = 50\n[models.security.areas]\nsupply = 40\n",
    );
    write(
        dir.path(),
        "maturity.toml",
        "subject = \"S\"\nmodels = [\"security\"]\nmodel_files = [\"extra/security.toml\"]\nbenchmark_files = [\"extra/ours.toml\"]\nbenchmark = \"ours\"\n",
    );
    write(
        dir.path(),
        "responses/a.toml",
        "respondent = \"a\"\n[answers]\n\"security.signing\" = 4\n",
    );
    let json: serde_json::Value = serde_json::from_str(&ok(maturity()
        .arg("report")
        .arg(dir.path())
        .args(["--format", "json"])))
    .expect("json");
    let model = &json["models"][0];
    assert_eq!(
        (model["id"].as_str(), model["score"].as_f64()),
        (Some("security"), Some(100.0))
    );
    assert_eq!(model["benchmark"]["delta"], 50.0);
    assert_eq!(model["areas"][0]["benchmark"]["score"], 40.0);

    write(
        dir.path(),
        "extra/ours.toml",
        "id = \"ours\"\nname = \"Our sector\"\n[models.security.areas]\nsuply = 40\n",
    );
    let stderr = fails(maturity().arg("report").arg(dir.path()));
    assert!(
        stderr.contains("ours.toml:4:") && stderr.contains("did you mean `supply`?"),
        "{stderr}"
    );
    fs::remove_file(dir.path().join("extra/security.toml")).expect("rm");
    let stderr = fails(maturity().arg("report").arg(dir.path()));
    assert!(stderr.contains("security.toml: cannot read"), "{stderr}");
}

fn plan_json(dir: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(maturity()
        .arg("plan")
        .arg(dir)
        .args(["--format", "json"])
        .args(args)))
    .expect("json")
}

#[test]
fn plan_json_contract_and_capacity() {
    let plan = plan_json(&example(), &["--capacity", "6"]);
    assert_eq!(plan["capacity"], 6);
    let phases = plan["phases"].as_array().expect("phases");
    assert!(!phases.is_empty());
    let mut seen = std::collections::HashSet::new();
    for phase in phases {
        let proposals = phase["proposals"].as_array().expect("proposals");
        let effort: u64 = proposals
            .iter()
            .map(|p| p["effort"].as_u64().expect("effort"))
            .sum();
        assert!(
            effort <= 6 || proposals.len() == 1,
            "phase over capacity: {phase}"
        );
        for p in proposals {
            for key in ["id", "difficulty", "effort", "requires", "raises"] {
                assert!(!p[key].is_null(), "{key} missing in {p}");
            }
            for r in p["requires"].as_array().expect("requires") {
                assert!(
                    seen.contains(r.as_str().expect("id")),
                    "{} before its prerequisite {r}",
                    p["id"]
                );
            }
            for raise in p["raises"].as_array().expect("raises") {
                assert!(raise["criterion"].is_string() && raise["to"].is_u64());
                assert!(raise.get("from").is_some());
            }
        }
        for p in proposals {
            seen.insert(p["id"].as_str().expect("id").to_string());
        }
        for model in ["devops", "automation", "testing"] {
            assert!(phase["projected"][model].is_number(), "{model}");
        }
    }
}

#[test]
fn plan_snapshot_of_the_example() {
    insta::assert_snapshot!("falcon_plan_table", ok(maturity().arg("plan").arg(example())));
}

#[test]
fn plan_targets_from_the_command_line() {
    // Only the testing model has a target: every proposal raises a testing criterion or is
    // the prerequisite of one that does.
    let plan = plan_json(&example(), &["--target", "testing=40"]);
    for phase in plan["phases"].as_array().expect("phases") {
        for p in phase["proposals"].as_array().expect("proposals") {
            let raises_testing = p["raises"]
                .as_array()
                .expect("raises")
                .iter()
                .any(|r| r["criterion"].as_str().is_some_and(|c| c.starts_with("testing.")));
            let needed = !p["needed_by"].as_array().expect("needed_by").is_empty();
            assert!(raises_testing || needed, "{p}");
        }
    }
    let cases: &[(&[&str], &str)] = &[
        (&["--target", "5"], "`5` is not a level 1..4"),
        (&["--target", "devops=120"], "a model's target is a score 0..100"),
        (
            &["--target", "nope=3"],
            "`nope` is neither a model nor a criterion",
        ),
        (&["--target", "testing.unit=x"], "`x` is not a level"),
        (&["--phases", "0"], "--phases: plan at least one phase"),
        (&["--capacity", "0"], "--capacity"),
        (&["--format", "pdf"], "unknown format `pdf`"),
    ];
    for (args, expected) in cases {
        let stderr = fails(maturity().arg("plan").arg(example()).args(*args));
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}

#[test]
fn nothing_is_planned_for_a_fully_mature_team() {
    let dir = TempDir::new().expect("temp dir");
    write(
        dir.path(),
        "maturity.toml",
        "subject = \"S\"\nmodels = [\"testing\"]\n[roadmap]\nlevel = 4\n",
    );
    fs::create_dir(dir.path().join("responses")).expect("mkdir");
    let answers: String = ["unit", "integration", "system", "performance", "security"]
        .iter()
        .map(|c| format!("\"testing.{c}\" = 4\n"))
        .collect();
    write(
        dir.path(),
        "responses/a.toml",
        &format!("respondent = \"a\"\n[answers]\n{answers}"),
    );
    let plan = plan_json(dir.path(), &[]);
    assert_eq!(plan["phases"].as_array().map(Vec::len), Some(0));
    let md = ok(maturity().arg("report").arg(dir.path()));
    assert!(
        md.contains("Nothing to plan: every criterion is at or above its target."),
        "{md}"
    );
}

#[test]
fn a_user_catalog_with_a_cycle_is_rejected_with_its_line() {
    let dir = copy_of_example();
    let config = fs::read_to_string(dir.path().join("maturity.toml")).expect("config");
    write(
        dir.path(),
        "maturity.toml",
        &format!("{config}\n[roadmap]\nproposal_files = [\"ours.toml\"]\n"),
    );
    let ours = "[[proposals]]\nid = \"a\"\ntitle = \"A\"\ndescription = \"d\"\ndifficulty = \"S\"\nrequires = [\"b\"]\nraises = [{ criterion = \"testing.unit\", to = 3 }]\n\n[[proposals]]\nid = \"b\"\ntitle = \"B\"\ndescription = \"d\"\ndifficulty = \"S\"\nrequires = [\"a\"]\nraises = [{ criterion = \"testing.unit\", to = 4 }]\n";
    write(dir.path(), "ours.toml", ours);
    let stderr = fails(maturity().arg("plan").arg(dir.path()));
    assert!(
        stderr.contains("ours.toml:") && stderr.contains("cycle"),
        "{stderr}"
    );
    let fixed = ours.replace("requires = [\"a\"]", "requires = []");
    write(dir.path(), "ours.toml", &fixed);
    let plan = plan_json(dir.path(), &["--target", "testing.unit=4"]);
    let ids: Vec<&str> = plan["phases"]
        .as_array()
        .expect("phases")
        .iter()
        .flat_map(|p| p["proposals"].as_array().expect("proposals"))
        .map(|p| p["id"].as_str().expect("id"))
        .collect();
    assert!(ids.contains(&"b"), "{ids:?}");
}

#[test]
fn proposals_list_and_show() {
    let list = ok(maturity().arg("proposals"));
    assert!(
        list.lines().any(|l| l.starts_with("configuration-as-code")),
        "{list}"
    );
    let count: usize = list
        .lines()
        .last()
        .and_then(|l| l.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("count");
    assert!(count >= 30, "{count}");
    let show = ok(maturity().args(["proposals", "--show", "continuous-integration"]));
    assert!(show.contains("requires configuration-as-code"), "{show}");
    let stderr = fails(maturity().args(["proposals", "--show", "continuous-integraton"]));
    assert!(
        stderr.contains("did you mean `continuous-integration`?"),
        "{stderr}"
    );
}

#[test]
fn the_report_has_a_roadmap_with_a_timeline() {
    let html = ok(maturity().arg("report").arg(example()).args(["--format", "html"]));
    assert!(html.contains("<h2>Improvement roadmap</h2>"));
    assert!(html.contains("<svg class=\"chart timeline\""));
    let json: serde_json::Value = serde_json::from_str(&ok(maturity()
        .arg("report")
        .arg(example())
        .args(["--format", "json"])))
    .expect("json");
    let roadmap = &json["roadmap"];
    // The roadmap starts where the report's scores are.
    for (i, model) in ["devops", "automation", "testing"].iter().enumerate() {
        let now = roadmap["baseline"][model].as_f64().expect("baseline");
        let score = json["models"][i]["score"].as_f64().expect("score");
        assert!((now - score).abs() < 1e-9, "{model}: {now} vs {score}");
    }
}
