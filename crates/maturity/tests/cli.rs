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
        (
            "responses/zz.toml",
            "respondent = \"zz\"\n[dora]\nleadtime = 9\n",
            "zz.toml:3:",
            "[dora] `leadtime`: 9 is outside 1..=6",
        ),
        (
            "maturity.toml",
            "subject = \"S\"\n[dora]\nindustry = \"banking\"\n",
            "maturity.toml:3:",
            "unknown industry `banking` in [dora] (valid industry: all, consumer,",
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
fn dora_quick_check_answers_reach_the_json_report() {
    let dir = copy_of_example();
    write(
        dir.path(),
        "responses/qc.toml",
        "respondent = \"qc\"\n[dora]\nleadtime = 6\ndeployfreq = 1\nrework = 50\n",
    );
    let json: serde_json::Value = serde_json::from_str(&ok(maturity()
        .args(["report", "--format", "json"])
        .arg(dir.path())))
    .expect("JSON");
    let q = &json["dora_quick_check"];
    assert_eq!(q["metrics"]["leadtime"]["score"], 10.0);
    assert_eq!(q["metrics"]["deployfreq"]["score"], 0.0);
    assert_eq!(q["performance_average"], 5.0);
    assert_eq!(q["answered"], 3);
    assert_eq!(q["benchmark"]["group"], "all");
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
fn bad_formats_are_usage_errors_that_list_the_formats() {
    let repo = TempDir::new().expect("temp dir");
    let falcon = example().display().to_string();
    let path = repo.path().display().to_string();
    let cases: &[(&[&str], &str)] = &[
        (&["report", &falcon], "[possible values: md, html, json]"),
        (&["plan", &falcon], "[possible values: table, json, md]"),
        (&["scan", &path], "[possible values: table, json, sarif]"),
        (
            &["metrics", &path],
            "[possible values: table, json, md, openmetrics]",
        ),
        (&["checks"], "[possible values: table, md]"),
    ];
    for (args, values) in cases {
        let output = maturity()
            .args(*args)
            .args(["--format", "bogus"])
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("invalid value 'bogus' for '--format") && stderr.contains(values),
            "{args:?}: {stderr}"
        );
    }
    // `markdown` is still accepted for the report.
    let md = ok(maturity()
        .arg("report")
        .arg(example())
        .args(["--format", "markdown"]));
    assert!(md.starts_with("# "), "{md}");
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
    // A proposal of the team's own may raise a criterion of the team's own model.
    write(
        dir.path(),
        "extra/proposals.toml",
        "[[proposals]]\nid = \"sign-releases\"\ntitle = \"Sign releases\"\ndescription = \"d\"\ndifficulty = \"S\"\nrequires = []\nraises = [{ criterion = \"security.signing\", to = 4 }]\n",
    );
    let config = fs::read_to_string(dir.path().join("maturity.toml")).expect("config");
    write(
        dir.path(),
        "maturity.toml",
        &format!("{config}[roadmap]\nproposal_files = [\"extra/proposals.toml\"]\n"),
    );
    write(
        dir.path(),
        "responses/a.toml",
        "respondent = \"a\"\n[answers]\n\"security.signing\" = 2\n",
    );
    let plan = plan_json(dir.path(), &["--target", "4"]);
    assert_eq!(plan["phases"][0]["proposals"][0]["id"], "sign-releases", "{plan}");
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
    // Exactly the phases asked for (3 by default); what 6 points a phase cannot hold is named.
    assert!(phases.len() <= 3, "{} phases", phases.len());
    let moved_out = plan["moved_out"].as_array().expect("moved_out");
    assert_eq!(plan["overflow"], !moved_out.is_empty());
    let generous = plan_json(&example(), &["--capacity", "1000"]);
    assert_eq!(
        generous["phases"].as_array().map(Vec::len),
        Some(3),
        "--capacity 1000 still gives 3 phases"
    );
    assert_eq!(generous["moved_out"], serde_json::json!([]));
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
            // A prerequisite may share the phase, ordered first.
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
    assert!(show.contains("recommends configuration-as-code"), "{show}");
    assert!(show.contains("carried out by developer, operations"), "{show}");
    let show = ok(maturity().args(["proposals", "--show", "continuous-deployment"]));
    assert!(
        show.contains("requires continuous-integration, automated-smoke-tests"),
        "{show}"
    );
    let stderr = fails(maturity().args(["proposals", "--show", "continuous-integraton"]));
    assert!(
        stderr.contains("did you mean `continuous-integration`?"),
        "{stderr}"
    );
}

/// The pre-study example is built to the figures of the assessment it restates; its plan must
/// keep the shape of a consultant's roadmap: three phases, ten proposals at most, each why
/// and every projected change traceable to a planned proposal.
#[test]
fn the_prestudy_example_has_its_scores_and_a_three_phase_plan() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/prestudy");
    let json: serde_json::Value =
        serde_json::from_str(&ok(maturity().arg("report").arg(&dir).args(["--format", "json"])))
            .expect("json");
    let score = |id: &str| {
        json["models"]
            .as_array()
            .expect("models")
            .iter()
            .find(|m| m["id"] == id)
            .and_then(|m| m["score"].as_f64())
            .expect("a score")
            .round()
    };
    assert_eq!((score("devops"), score("automation")), (36.0, 52.0));
    let roadmap = &json["roadmap"];
    let phases = roadmap["phases"].as_array().expect("phases");
    assert_eq!(phases.len(), 3);
    let planned: Vec<&str> = phases
        .iter()
        .flat_map(|p| p["proposals"].as_array().expect("proposals"))
        .map(|p| p["id"].as_str().expect("id"))
        .collect();
    assert!(planned.len() <= 10, "{planned:?}");
    for phase in phases {
        assert!(phase["start"].is_string() && phase["end"].is_string());
        for change in phase["changes"].as_array().expect("changes") {
            for by in change["by"].as_array().expect("by") {
                assert!(planned.contains(&by.as_str().expect("id")), "{change}");
            }
            let step = change["to"].as_f64().expect("to") - change["from"].as_f64().unwrap_or(1.0);
            assert!(step <= 1.0 + 1e-9, "one level a phase: {change}");
        }
    }
}

#[test]
fn a_roadmap_naming_an_unknown_proposal_is_refused_at_its_line() {
    let dir = copy_of_example();
    let config = dir.path().join("maturity.toml");
    let mut text = fs::read_to_string(&config).expect("config");
    text.push_str("\n[roadmap]\nexclude = [\"pair-programming\"]\ndone = [\"kanban-flow-metric\"]\n");
    fs::write(&config, &text).expect("write");
    let line = text.lines().count();
    let stderr = fails(maturity().arg("plan").arg(dir.path()));
    assert!(
        stderr.contains(&format!(
            "maturity.toml:{line}: roadmap done names unknown proposal `kanban-flow-metric` (did you mean `kanban-flow-metrics`?)"
        )),
        "{stderr}"
    );
    // Spelled right, it is planned around: done proposals are not planned again.
    fs::write(
        &config,
        text.replace("kanban-flow-metric\"", "kanban-flow-metrics\""),
    )
    .expect("write");
    let json: serde_json::Value = serde_json::from_str(&ok(maturity()
        .arg("plan")
        .arg(dir.path())
        .args(["--format", "json"])))
    .expect("json");
    let planned: Vec<&str> = json["phases"]
        .as_array()
        .expect("phases")
        .iter()
        .flat_map(|p| p["proposals"].as_array().expect("proposals"))
        .map(|p| p["id"].as_str().expect("id"))
        .collect();
    assert!(
        !planned.contains(&"kanban-flow-metrics") && !planned.contains(&"pair-programming"),
        "{planned:?}"
    );
    for key in ["start", "end", "weeks", "projected_range", "changes"] {
        assert!(!json["phases"][0][key].is_null(), "{key}");
    }
    for key in ["weeks", "roles", "signals", "recommends"] {
        assert!(!json["phases"][0]["proposals"][0][key].is_null(), "{key}");
    }
}

#[test]
fn the_report_has_a_roadmap_with_a_timeline() {
    let html = ok(maturity().arg("report").arg(example()).args(["--format", "html"]));
    assert!(html.contains("<h2>Improvement roadmap</h2>"));
    assert!(html.contains("<ol class=\"timeline\""));
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

/// Runs git in `dir` with fixed identity and dates, so histories are the same on every run.
fn git(dir: &Path, args: &[&str], date: &str) {
    let status = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=Ann",
            "-c",
            "user.email=ann@example.com",
            "-c",
            "tag.gpgSign=false",
            "-c",
            "commit.gpgSign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

/// A small Rust repository with CI on every change, integration tests only, and six monthly
/// releases in 2026 whose commits were written two days before each release.
fn fixture_repository(dir: &Path) {
    fs::create_dir_all(dir.join(".github/workflows")).expect("mkdir");
    fs::create_dir_all(dir.join("src")).expect("mkdir");
    fs::create_dir_all(dir.join("tests")).expect("mkdir");
    write(
        dir,
        ".github/workflows/ci.yml",
        "on:\n  push:\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: cargo test\n",
    );
    write(
        dir,
        "Cargo.toml",
        "[package]\nname = \"x\"\nversion = \"0.1.0\"\n",
    );
    write(dir, "Cargo.lock", "version = 3\n");
    write(dir, "tests/it.rs", "#[test]\nfn works() {}\n");
    git(dir, &["init", "-q", "-b", "main"], "2026-01-01T00:00:00Z");
    for month in 1..=6 {
        write(
            dir,
            "src/main.rs",
            &format!("fn main() {{ println!(\"{month}\"); }}\n"),
        );
        git(dir, &["add", "-A"], "2026-01-01T00:00:00Z");
        git(
            dir,
            &["commit", "-q", "-m", &format!("change {month}")],
            &format!("2026-0{month}-01T10:00:00Z"),
        );
        git(
            dir,
            &["tag", "-a", &format!("v1.{month}.0"), "-m", "release"],
            &format!("2026-0{month}-03T10:00:00Z"),
        );
    }
}

#[test]
fn scan_in_every_format() {
    let dir = TempDir::new().expect("temp dir");
    fixture_repository(dir.path());
    let table = ok(maturity().arg("scan").arg(dir.path()));
    assert!(
        table.contains("ci-runs-tests") && table.contains("testing.integration"),
        "{table}"
    );
    let json: serde_json::Value = serde_json::from_str(&ok(maturity()
        .arg("scan")
        .arg(dir.path())
        .args(["--format", "json"])))
    .expect("json");
    let level = |id: &str| {
        json["observed"]
            .as_array()
            .expect("observed")
            .iter()
            .find(|o| o["criterion"] == id)
            .map(|o| o["level"].clone())
    };
    assert_eq!(level("testing.integration"), Some(3.into()));
    assert_eq!(level("testing.unit"), Some(1.into()));
    assert_eq!(
        level("devops.leadership"),
        None,
        "a repository cannot speak to leadership"
    );
    let sarif: serde_json::Value = serde_json::from_str(&ok(maturity()
        .arg("scan")
        .arg(dir.path())
        .args(["--format", "sarif"])))
    .expect("sarif");
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert!(!results.is_empty());
    assert!(results.iter().all(|r| r["ruleId"].is_string()
        && r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].is_string()));
    let out = dir.path().join("scan.json");
    ok(maturity()
        .arg("scan")
        .arg(dir.path())
        .args(["--format", "json", "--out"])
        .arg(&out));
    assert!(
        fs::read_to_string(&out)
            .expect("written")
            .contains("\"observed\"")
    );
}

#[test]
fn scan_bad_paths_and_formats() {
    let dir = TempDir::new().expect("temp dir");
    let stderr = fails(maturity().arg("scan").arg(dir.path().join("missing")));
    assert!(stderr.contains("missing"), "{stderr}");
    write(dir.path(), "file.txt", "x");
    let stderr = fails(maturity().arg("scan").arg(dir.path().join("file.txt")));
    assert!(
        stderr.contains("file.txt") && stderr.contains("not a directory"),
        "{stderr}"
    );
    let stderr = fails(maturity().arg("scan").arg(dir.path()).args(["--format", "xml"]));
    assert!(stderr.contains("--format"), "{stderr}");
}

#[test]
fn checks_are_listed_from_the_registry_that_documents_them() {
    let table = ok(maturity().arg("checks"));
    assert!(table.contains("ci-runs-tests"), "{table}");
    let md = ok(maturity().args(["checks", "--format", "md"]));
    let docs =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/checks.md")).expect("docs");
    assert_eq!(md, docs, "docs/checks.md is stale");
}

#[test]
fn metrics_from_a_fixed_history() {
    let dir = TempDir::new().expect("temp dir");
    fixture_repository(dir.path());
    let args = [
        "--since",
        "2026-01-01",
        "--until",
        "2026-06-30",
        "--format",
        "json",
        "--explain",
        "lead-time",
    ];
    let json: serde_json::Value =
        serde_json::from_str(&ok(maturity().arg("metrics").arg(dir.path()).args(args))).expect("json");
    assert_eq!(json["releases"].as_array().map(Vec::len), Some(6));
    assert_eq!(json["releases"][0]["name"], "v1.1.0");
    // Each change was written two days before the tag that released it.
    assert_eq!(json["lead_time"]["median_hours"], 48.0);
    assert_eq!(json["lead_time"]["count"], 6);
    assert_eq!(json["bands"]["lead_time"], "high");
    let commits = json["commits"].as_array().expect("commits");
    assert_eq!(commits.len(), 6);
    assert!(
        commits
            .iter()
            .all(|c| c["id"].as_str().is_some_and(|id| id.len() == 40) && c["lead_time_hours"] == 48.0)
    );
    // Each release carries the commit it shipped, the one `commits[]` says it first released.
    for release in json["releases"].as_array().expect("releases") {
        let shipped = release["commits"]
            .as_array()
            .expect("explained releases list commits");
        assert_eq!(shipped.len(), 1, "{release}");
        let first = commits
            .iter()
            .find(|c| c["id"] == shipped[0])
            .expect("a listed commit");
        assert_eq!(first["first_release"], release["name"]);
    }
    let table = ok(maturity().arg("metrics").arg(dir.path()).args([
        "--since",
        "2026-01-01",
        "--until",
        "2026-06-30",
    ]));
    assert!(table.contains("Lead time"), "{table}");
    let plain: serde_json::Value = serde_json::from_str(&ok(maturity()
        .arg("metrics")
        .arg(dir.path())
        .args(["--format", "json"])))
    .expect("json");
    assert!(
        plain["releases"][0].get("commits").is_none(),
        "listed only when explained"
    );
    let explained = ok(maturity().arg("metrics").arg(dir.path()).args([
        "--since",
        "2026-01-01",
        "--explain",
        "deployments",
    ]));
    assert!(explained.contains("new commits"), "{explained}");
    let first_short = &commits[0]["id"].as_str().expect("id")[..12];
    assert!(explained.contains(&format!("1: {first_short}")), "{explained}");
    let cases: &[(&[&str], &str)] = &[
        (&["--since", "yesterday-ish"], "--since"),
        (&["--format", "xml"], "--format"),
        (&["--explain", "speed"], "unknown metric `speed`"),
        (&["--release-tags", "regex:("], "--release-tags"),
    ];
    for (args, expected) in cases {
        let stderr = fails(maturity().arg("metrics").arg(dir.path()).args(*args));
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    let stderr = fails(maturity().arg("metrics").arg(dir.path().join("src")));
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// The example assessment, dated at the end of the fixture's history, with `evidence` added.
fn assessment_with_evidence(root: &Path, evidence: &str) -> PathBuf {
    let dir = root.join("assessment");
    fs::create_dir_all(dir.join("responses")).expect("mkdir");
    let config = fs::read_to_string(example().join("maturity.toml"))
        .expect("config")
        .replace("2026-10-14", "2026-06-30");
    write(
        &dir,
        "maturity.toml",
        &format!("{config}\n[evidence]\n{evidence}"),
    );
    for entry in fs::read_dir(example().join("responses")).expect("responses") {
        let path = entry.expect("entry").path();
        fs::copy(&path, dir.join("responses").join(path.file_name().expect("name"))).expect("copy");
    }
    dir
}

#[test]
fn work_items_join_the_commits_that_name_them_for_lead_time_to_production() {
    let root = TempDir::new().expect("temp dir");
    let repo = root.path().join("repo");
    fs::create_dir_all(&repo).expect("mkdir");
    git(&repo, &["init", "-q", "-b", "main"], "2026-03-01T09:00:00Z");
    let commit = |message: &str, date: &str| {
        git(&repo, &["commit", "-q", "--allow-empty", "-m", message], date);
    };
    let tag = |name: &str, date: &str| git(&repo, &["tag", "-a", name, "-m", name], date);
    commit("ABC-1: start the export", "2026-03-02T10:00:00Z");
    commit("abc-2 first half", "2026-03-03T10:00:00Z");
    tag("v1.0.0", "2026-03-05T10:00:00Z");
    git(
        &repo,
        &["checkout", "-q", "-b", "feature/ABC-2-rest"],
        "2026-03-09T10:00:00Z",
    );
    commit("second half", "2026-03-09T10:00:00Z");
    git(&repo, &["checkout", "-q", "main"], "2026-03-09T11:00:00Z");
    git(
        &repo,
        &["merge", "-q", "--no-ff", "--no-edit", "feature/ABC-2-rest"],
        "2026-03-09T11:00:00Z",
    );
    tag("v1.1.0", "2026-03-10T10:00:00Z");
    commit("ABC-3 begun", "2026-03-11T10:00:00Z");
    let dir = assessment_with_evidence(
        root.path(),
        "repositories = [\"../repo\"]\nflow = [\"items.csv\"]\n",
    );
    write(
        &dir,
        "items.csv",
        "ID,Title,Backlog,In Progress,Done\n\
         ABC-1,Export,2026-03-01,2026-03-02,2026-03-06\n\
         ABC-2,Import,2026-03-02,2026-03-03,2026-03-10\n\
         ABC-3,Search,2026-03-10,2026-03-11,\n\
         ABC-4,Never named,2026-03-01,,\n",
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(maturity().arg("report").arg(&dir).args(["--format", "json"])))
            .expect("json");
    let joined = &json["flow"][0]["to_production"];
    // ABC-1: created 1 March, shipped in v1.0.0 on 5 March: 5 days. ABC-2: its last commit
    // (the merge of its branch) shipped in v1.1.0 on 10 March: 9 days. ABC-3 is not shipped.
    assert_eq!(joined["items"], 4, "{joined}");
    assert_eq!(joined["linked"], 3, "{joined}");
    assert_eq!(joined["delivered"], 2, "{joined}");
    assert_eq!(joined["days"]["p50"], 5, "{joined}");
    assert_eq!(joined["days"]["p95"], 9, "{joined}");
    assert_eq!(joined["sources"][0], "git history of ../repo", "{joined}");
    let md = ok(maturity().arg("report").arg(&dir));
    assert!(
        md.contains("| Lead time to production (days) | 5 | 9 | 9 | 9 | 7.0 | 2 |"),
        "{md}"
    );
    assert!(md.contains("3 of 4 items are named in commits, 2 of them are in production"));
    // The HTML report (the web app's too) opens on what is behind each number.
    let html_path = root.path().join("report.html");
    ok(maturity().arg("report").arg(&dir).arg("--out").arg(&html_path));
    let html = fs::read_to_string(&html_path).expect("html");
    let why = |id: &str| -> &str {
        let start = html
            .find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("no {id}"));
        &html[start..start + html[start..].find("</details>").expect("closed")]
    };
    let deliveries = why("why-deliveries-0");
    assert!(deliveries.contains("2 deliveries in the window"), "{deliveries}");
    let newest = deliveries.find("v1.1.0").expect("v1.1.0 listed");
    assert!(
        newest < deliveries.find("v1.0.0").expect("v1.0.0 listed"),
        "newest first"
    );
    let failures = why("why-failures-0");
    assert!(
        failures.contains("0 of 2 deliveries failed (git heuristics)"),
        "{failures}"
    );
    assert!(
        failures.contains("No delivery in the window failed"),
        "{failures}"
    );
}

#[test]
fn metrics_per_service_and_environment_from_flags_or_config() {
    let root = TempDir::new().expect("temp dir");
    let repo = root.path().join("repo");
    fs::create_dir_all(repo.join("api")).expect("mkdir");
    fs::create_dir_all(repo.join("web")).expect("mkdir");
    git(&repo, &["init", "-q", "-b", "main"], "2026-03-01T09:00:00Z");
    write(&repo, "api/a.txt", "1");
    git(&repo, &["add", "-A"], "2026-03-01T09:00:00Z");
    git(&repo, &["commit", "-q", "-m", "api"], "2026-03-01T10:00:00Z");
    write(&repo, "web/w.txt", "1");
    git(&repo, &["add", "-A"], "2026-03-01T09:00:00Z");
    git(&repo, &["commit", "-q", "-m", "web"], "2026-03-02T10:00:00Z");
    git(&repo, &["tag", "build-2"], "2026-03-02T10:00:00Z");
    let deployments = root.path().join("deployments.csv");
    fs::write(
        &deployments,
        "time,environment,service,version\n\
         2026-03-03T10:00:00Z,prod-eu,api,build-2\n\
         2026-03-04T10:00:00Z,prod-eu,web,build-2\n\
         2026-03-04T12:00:00Z,staging,web,build-2\n",
    )
    .expect("write");
    write(
        root.path(),
        "maturity.toml",
        "subject = \"S\"\n[metrics]\nenvironments = { \"prod-eu\" = \"production\" }\n\
         [metrics.services]\napi = [\"api\"]\nweb = [\"web\"]\n",
    );
    let run = |extra: &[&str]| -> serde_json::Value {
        let mut cmd = maturity();
        cmd.arg("metrics")
            .arg(&repo)
            .arg("--deployments")
            .arg(&deployments)
            .args([
                "--since",
                "2026-03-01",
                "--until",
                "2026-03-10",
                "--format",
                "json",
            ])
            .args(extra);
        serde_json::from_str(&ok(&mut cmd)).expect("json")
    };
    let config = root.path().join("maturity.toml");
    let from_config = run(&["--config", config.to_str().expect("utf-8")]);
    let from_flags = run(&[
        "--service",
        "api=api",
        "--service",
        "web=web",
        "--environment-role",
        "prod-eu=production",
    ]);
    assert_eq!(from_config["breakdown"], from_flags["breakdown"]);
    let rows: Vec<(String, String, u64, f64)> = from_config["breakdown"]
        .as_array()
        .expect("breakdown")
        .iter()
        .map(|b| {
            (
                b["service"].as_str().unwrap_or("all").to_string(),
                b["environment"].as_str().expect("environment").to_string(),
                b["deliveries"].as_u64().expect("deliveries"),
                b["lead_time_median_hours"].as_f64().unwrap_or(-1.0),
            )
        })
        .collect();
    // All services together: the first prod-eu deployment (3 March) shipped both commits, 48 h
    // and 24 h after they were written. Per service only its own commit counts: api's (1 March)
    // reached prod-eu on 3 March, web's (2 March) with web's deployment on 4 March: 48 h each.
    let row = |s: &str, e: &str, n: u64, h: f64| (s.to_string(), e.to_string(), n, h);
    assert_eq!(
        rows,
        [
            row("all", "prod-eu", 2, 36.0),
            row("all", "staging", 1, 62.0),
            row("api", "production", 1, 48.0),
            row("web", "production", 1, 48.0),
            row("api", "prod-eu", 1, 48.0),
            row("web", "prod-eu", 1, 48.0),
            row("web", "staging", 1, 50.0),
        ]
    );
    // prod-eu plays production: the overall figures are its deployments.
    assert_eq!(from_config["deployment_frequency"]["count"], 2);
    let table = ok(maturity()
        .arg("metrics")
        .arg(&repo)
        .arg("--deployments")
        .arg(&deployments)
        .args(["--config", config.to_str().expect("utf-8")]));
    assert!(table.contains("prod-eu (production)"), "{table}");
    // OpenMetrics carries each service under its own name.
    let exposition = ok(maturity()
        .arg("metrics")
        .arg(&repo)
        .arg("--deployments")
        .arg(&deployments)
        .args(["--since", "2026-03-01", "--until", "2026-03-10"])
        .args(["--config", config.to_str().expect("utf-8")])
        .args(["--format", "openmetrics", "--subject", "S"]));
    for service in ["api", "web"] {
        let line =
            format!("maturity_dora_lead_time_median_seconds{{subject=\"S\",service=\"{service}\"}} 172800");
        assert!(exposition.contains(&line), "{exposition}");
    }

    let bad_config = root.path().join("bad.toml");
    fs::write(&bad_config, "[metrics.services]\napi = [\"../x\"]\n").expect("write");
    let bad = bad_config.to_str().expect("utf-8");
    for (args, words) in [
        (&["--service", "api"][..], "--service api: expected NAME=DIR"),
        (&["--service", "=api"][..], "expected NAME=DIR"),
        (
            &["--service", "api=/abs"][..],
            "the directory `/abs` must be relative",
        ),
        (
            &["--environment-role", "prod-eu"][..],
            "--environment-role prod-eu: expected ENV=ROLE",
        ),
        (
            &["--config", "nowhere.toml"][..],
            "--config: cannot read nowhere.toml",
        ),
        (&["--config", bad][..], "bad.toml:2"),
    ] {
        let err = fails(maturity().arg("metrics").arg(&repo).args(args));
        assert!(err.contains(words), "{args:?}: {err}");
    }
}

#[test]
fn a_report_puts_observed_beside_stated() {
    let root = TempDir::new().expect("temp dir");
    fixture_repository(&root.path().join("repo"));
    let dir = assessment_with_evidence(root.path(), "repositories = [\"../repo\"]\n");
    let json: serde_json::Value =
        serde_json::from_str(&ok(maturity().arg("report").arg(&dir).args(["--format", "json"])))
            .expect("json");
    let criterion = |id: &str| -> serde_json::Value {
        json["models"]
            .as_array()
            .expect("models")
            .iter()
            .flat_map(|m| m["areas"].as_array().expect("areas").iter())
            .flat_map(|a| a["criteria"].as_array().expect("criteria").iter())
            .find(|c| c["id"] == id)
            .cloned()
            .expect("criterion")
    };
    let unit = criterion("testing.unit");
    assert_eq!(unit["source"], "stated");
    assert_eq!(unit["observed"]["level"], 1.0);
    assert!(
        unit["contradiction"].is_string(),
        "stated 2.8 against no unit tests: {unit}"
    );
    let sources: Vec<&str> = json["evidence_sources"]
        .as_array()
        .expect("sources")
        .iter()
        .filter_map(|s| s.as_str())
        .collect();
    assert_eq!(sources.len(), 2, "{sources:?}");
    assert_eq!(json["delivery"][0]["metrics"]["lead_time"]["median_hours"], 48.0);
    let md = ok(maturity().arg("report").arg(&dir));
    for section in [
        "## Evidence: stated and observed",
        "## Delivery metrics",
        "Contradiction: Unit testing",
    ] {
        assert!(md.contains(section), "missing {section}");
    }
    // `metrics --format md` is the report's delivery section for that one repository, measured
    // up to the same day.
    let metrics_md = ok(maturity().current_dir(&dir).args([
        "metrics",
        "../repo",
        "--format",
        "md",
        "--until",
        "2026-06-30",
    ]));
    assert!(
        metrics_md.starts_with("## Delivery metrics\n\n### git history of ../repo\n"),
        "{metrics_md}"
    );
    assert!(
        md.contains(&metrics_md),
        "the report's section differs:\n{metrics_md}\n---\n{md}"
    );
    let html = ok(maturity().arg("report").arg(&dir).args(["--format", "html"]));
    assert_eq!(html.matches("<svg class=\"chart columns\"").count(), 2);
}

#[test]
fn an_unanswered_criterion_is_scored_from_evidence() {
    let root = TempDir::new().expect("temp dir");
    let repo = root.path().join("repo");
    fixture_repository(&repo);
    let scan = ok(maturity().arg("scan").arg(&repo).args(["--format", "json"]));
    let dir = root.path().join("a");
    fs::create_dir_all(dir.join("responses")).expect("mkdir");
    write(&dir, "scan.json", &scan);
    write(
        &dir,
        "maturity.toml",
        "subject = \"S\"\nmodels = [\"testing\"]\n[evidence]\nscans = [\"scan.json\"]\n",
    );
    write(
        &dir,
        "responses/a.toml",
        "respondent = \"a\"\n[answers]\n\"testing.system\" = 2\n",
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(maturity().arg("report").arg(&dir).args(["--format", "json"])))
            .expect("json");
    let criteria = json["models"][0]["areas"][0]["criteria"]
        .as_array()
        .expect("criteria");
    let integration = criteria
        .iter()
        .find(|c| c["id"] == "testing.integration")
        .expect("integration");
    assert_eq!(
        (integration["source"].as_str(), integration["level"].as_f64()),
        (Some("observed"), Some(3.0))
    );
    let performance = criteria
        .iter()
        .find(|c| c["id"] == "testing.performance")
        .expect("performance");
    assert_eq!(
        performance["source"], "none",
        "nothing seen, nothing guessed: {performance}"
    );

    write(&dir, "scan.json", "{\n  \"schema\": ");
    let stderr = fails(maturity().arg("report").arg(&dir));
    assert!(
        stderr.contains("scan.json:2:") && stderr.contains("not JSON"),
        "{stderr}"
    );
    write(
        &dir,
        "maturity.toml",
        "subject = \"S\"\nmodels = [\"testing\"]\n[evidence]\nmetrics = [\"scan.json\"]\n",
    );
    write(&dir, "scan.json", "{\"releases\": []}");
    let stderr = fails(maturity().arg("report").arg(&dir));
    assert!(
        stderr.contains("not a `maturity metrics --format json` result"),
        "{stderr}"
    );
    write(
        &dir,
        "maturity.toml",
        "subject = \"S\"\nmodels = [\"testing\"]\n[evidence]\nrepositories = [\"nowhere\"]\n",
    );
    let stderr = fails(maturity().arg("report").arg(&dir));
    assert!(stderr.contains("nowhere"), "{stderr}");
    write(
        &dir,
        "maturity.toml",
        "subject = \"S\"\nmodels = [\"testing\"]\n[evidence]\nscan = [\"scan.json\"]\n",
    );
    for command in ["report", "plan"] {
        let stderr = fails(maturity().arg(command).arg(&dir));
        assert!(
            stderr.contains("maturity.toml:4: unknown [evidence] key `scan` (did you mean `scans`?)"),
            "{command}: {stderr}"
        );
    }
}

#[test]
fn the_demo_writes_the_report_and_serves_the_example() {
    let tmp = TempDir::new().expect("temp dir");
    let (lines, _) = demo_start(&[], tmp.path());
    let report = tmp.path().join("maturity-demo-report.html");
    assert!(
        lines.iter().any(|l| l.contains(&report.display().to_string())),
        "{lines:?}"
    );
    assert!(
        fs::read_to_string(&report)
            .expect("report written")
            .contains("Nordlicht Freight")
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("/login as `admin` with password `")),
        "{lines:?}"
    );
}

/// One `serve --demo` start with `args`, until it prints its log-in line: what it printed on
/// standard output and on standard error.
fn demo_start(args: &[&str], tmp: &Path) -> (Vec<String>, String) {
    use std::io::{BufRead, BufReader};
    let stderr_file = tmp.join("demo-stderr.txt");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("maturity"))
        .args(["serve", "--demo", "--bind", "127.0.0.1:0"])
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .env("TMPDIR", tmp)
        .env("MATURITY_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .stderr(fs::File::create(&stderr_file).expect("stderr file"))
        .spawn()
        .expect("starts");
    let stdout = child.stdout.take().expect("stdout");
    let lines: Vec<String> = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .take_while(|line| !line.starts_with("(a demo"))
        .collect();
    let _ = child.kill();
    let _ = child.wait();
    (lines, fs::read_to_string(&stderr_file).unwrap_or_default())
}

#[test]
fn the_demo_starts_again_over_the_same_database() {
    let tmp = TempDir::new().expect("temp dir");
    let db = format!("sqlite://{}", tmp.path().join("demo.db").display());
    let password = |lines: &[String]| -> Option<String> {
        lines
            .iter()
            .find_map(|l| l.split("with password `").nth(1))
            .map(|rest| rest.trim_end_matches('`').to_string())
    };
    let (first, first_err) = demo_start(&["--db", &db], tmp.path());
    let (second, second_err) = demo_start(&["--db", &db], tmp.path());
    let (a, b) = (password(&first), password(&second));
    assert!(a.is_some() && b.is_some(), "{first:?} {second:?} {second_err}");
    assert_ne!(a, b, "every start prints a new password");
    assert!(first_err.contains("as assessment 1"), "{first_err}");
    assert!(
        second_err.contains("already there") && !second_err.contains("as assessment"),
        "{second_err}"
    );
    let users = ok(maturity().args(["user", "list", "--db", &db]));
    assert_eq!(
        users.matches("admin").count(),
        2,
        "one admin, role admin: {users}"
    );
    // The survey links' key, made beside the database at the first start and kept after.
    let key = std::fs::read_to_string(tmp.path().join("demo.db.link-key")).expect("link key");
    assert_eq!(key.trim().len(), 64, "{key}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(tmp.path().join("demo.db.link-key"))
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "for its owner only");
    }
}

#[test]
fn a_bad_public_url_stops_the_server_before_it_starts() {
    let tmp = TempDir::new().expect("temp dir");
    let db = format!("sqlite://{}", tmp.path().join("x.db").display());
    for bad in ["maturity.example.com", "ftp://x", "https://a b"] {
        let stderr =
            fails(maturity().args(["serve", "--bind", "127.0.0.1:0", "--db", &db, "--public-url", bad]));
        assert!(
            stderr.contains("--public-url") && stderr.contains(bad),
            "{bad}: {stderr}"
        );
    }
    let stderr = fails(maturity().args(["serve", "--db", &db, "--trusted-proxy", "proxy.local"]));
    assert!(
        stderr.contains("invalid value 'proxy.local' for '--trusted-proxy"),
        "{stderr}"
    );
}

fn flow_data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../maturity-flow/tests/data")
        .join(name)
}

#[test]
fn flow_reads_every_tracker_export_and_lists_bad_rows() {
    // Every export, with both forecasts.
    let all_four = || {
        let mut command = maturity();
        command
            .arg("flow")
            .args(["jira.csv", "azure.csv", "github.json", "stages.csv"].map(flow_data))
            .args([
                "--format",
                "json",
                "--forecast-items",
                "10",
                "--forecast-date",
                "2027-01-31",
            ]);
        command
    };
    let json = ok(&mut all_four());
    let flow: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let formats: Vec<&str> = flow["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| f["format"].as_str().expect("read"))
        .collect();
    assert_eq!(formats, ["jira", "azure-boards", "github-issues", "stages"]);
    // 6 + 5 + 3 + 5 items; finished 3 + 2 + 2 + 3.
    assert_eq!(flow["items"]["read"], 19);
    assert_eq!(flow["items"]["finished"], 10);
    assert_eq!(flow["forecast"]["when"]["items"], 10);
    assert_eq!(flow["forecast"]["how_many"]["date"], "2027-01-31");
    assert_eq!(flow["forecast"]["trials"], 10_000);
    for key in [
        "cycle_time",
        "lead_time",
        "throughput",
        "wip",
        "aging",
        "cfd",
        "unreadable",
    ] {
        assert!(!flow[key].is_null(), "{key}");
    }
    let again = ok(&mut all_four());
    assert_eq!(json, again, "forecasts repeat");
    assert!(
        json.starts_with("{\n  \"files\": [") && json.ends_with("}\n"),
        "pretty, one line end"
    );

    let dir = TempDir::new().expect("dir");
    let out = dir.path().join("flow.json");
    ok(all_four().arg("--out").arg(&out));
    assert_eq!(
        fs::read_to_string(&out).expect("written"),
        json,
        "--out writes what stdout gets"
    );
    fs::create_dir(dir.path().join("taken")).expect("dir");
    let err = fails(
        maturity()
            .arg("flow")
            .arg(flow_data("stages.csv"))
            .args(["--format", "json", "--out"])
            .arg(dir.path().join("taken")),
    );
    assert!(err.contains("taken"), "{err}");
    assert!(dir.path().join("taken").is_dir(), "nothing written over");
    assert!(
        !dir.path().join(".taken.tmp").exists(),
        "no half-written copy left"
    );
    let bad = dir.path().join("bad.csv");
    fs::write(
        &bad,
        "ID,Title,Backlog,Doing,Done\nA,x,2026-12-01,2026-12-02,2026-12-03\nB,y,2026-12-01,soon,\n",
    )
    .expect("write");
    let table = ok(maturity().arg("flow").arg(&bad).args(["--since", "2026-11-01"]));
    assert!(table.contains("cycle time  p50 2"), "{table}");
    assert!(
        table.contains("bad.csv:3: item `B`: Doing: `soon` is not a date"),
        "{table}"
    );
    let one_open = dir.path().join("one-open.csv");
    fs::write(
        &one_open,
        "ID,Title,Backlog,Doing,Done\nA,x,2026-12-01,2026-12-02,2026-12-03\nC,z,2026-12-01,2026-12-02,\n",
    )
    .expect("write");
    let table = ok(maturity().arg("flow").arg(&one_open));
    assert!(table.contains("forecast: 1 more item done by "), "{table}");
    let md = ok(maturity().arg("flow").arg(&bad).args(["--format", "md"]));
    assert!(md.starts_with("### Work-item flow: "), "{md}");
    assert!(md.contains("| Cycle time (days) | 2 |"), "{md}");

    let empty = dir.path().join("empty.csv");
    fs::write(&empty, "").expect("write");
    let binary = dir.path().join("x.bin");
    fs::write(&binary, [0xff, 0xfe, 0, 1]).expect("write");
    let err = fails(maturity().arg("flow").arg(&empty).arg(&binary));
    assert!(err.contains("no work items could be read"), "{err}");
    assert!(err.contains("empty.csv:1: an empty file"), "{err}");
    assert!(err.contains("x.bin:1: not UTF-8 text"), "{err}");
    let err = fails(maturity().arg("flow").arg(&bad).args(["--since", "last week"]));
    assert!(err.contains("--since"), "{err}");
    let err = fails(maturity().arg("flow").arg(&bad).args(["--format", "xml"]));
    assert!(err.contains("possible values"), "{err}");
}

fn test_fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../maturity-tests/tests/fixtures")
        .join(path)
}

#[test]
fn tests_reads_every_producer_and_lists_what_it_cannot_read() {
    let every_fixture = || {
        let mut command = maturity();
        command
            .arg("tests")
            .arg(test_fixture("junit"))
            .arg(test_fixture("dotnet"))
            .arg(test_fixture("bad"))
            .arg(test_fixture("bad/wrong-root.xml"))
            .args(["--format", "json"]);
        command
    };
    let out = ok(&mut every_fixture());
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    let runs = json["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 2, "bad files count no run");
    let dir = TempDir::new().expect("dir");
    let written = dir.path().join("tests.json");
    ok(every_fixture().arg("--out").arg(&written));
    assert_eq!(
        fs::read_to_string(&written).expect("written"),
        out,
        "--out writes what stdout gets"
    );
    assert_eq!(
        runs[0]["files"], 17,
        "every JUnit fixture; failsafe-summary.xml passed over"
    );
    assert_eq!(runs[1]["totals"]["tests"], 11);
    let unreadable = json["unreadable"].as_array().expect("unreadable");
    let named = |file: &str| {
        unreadable
            .iter()
            .find(|u| u["path"].as_str().is_some_and(|p| p.ends_with(file)))
            .unwrap_or_else(|| panic!("{file} not listed: {unreadable:?}"))
    };
    assert_eq!(named("computed-time.xml")["line"], 3);
    assert_eq!(named("truncated.xml")["line"], 5);
    assert!(
        named("wrong-root.xml")["error"]
            .as_str()
            .expect("error")
            .contains("<html>")
    );
    for key in ["suite", "class", "name", "outcome", "flaky", "duration_s", "kind"] {
        assert!(json["tests"][0].get(key).is_some(), "tests[] lacks {key}");
    }
    assert!(json["flaky"].as_array().is_some_and(|f| !f.is_empty()));

    let table = ok(maturity()
        .arg("tests")
        .arg(test_fixture("junit/surefire-rerun.xml")));
    assert!(
        table.contains("5 tests: 2 passed (1 flaky), 1 failed, 1 errored, 1 skipped"),
        "{table}"
    );
    let md = ok(maturity()
        .arg("tests")
        .arg(test_fixture("junit/surefire-rerun.xml"))
        .args(["--format", "md"]));
    assert!(md.starts_with("## Test results"), "{md}");
}

#[test]
fn tests_fails_only_when_nothing_could_be_read() {
    let err = fails(
        maturity()
            .arg("tests")
            .arg(test_fixture("bad/empty.xml"))
            .arg(test_fixture("bad/computed-time.xml")),
    );
    assert!(err.contains("no test report could be read"), "{err}");
    assert!(
        err.contains("computed-time.xml:3: <testcase time=\"<<computed>>\">: not a number of seconds"),
        "{err}"
    );
    let err = fails(maturity().args(["tests", "--format", "xml", "x.xml"]));
    assert!(
        err.contains("table") && err.contains("json") && err.contains("md"),
        "{err}"
    );
}

#[test]
fn tests_kinds_come_from_the_config_when_given() {
    let dir = TempDir::new().expect("dir");
    write(
        dir.path(),
        "maturity.toml",
        "subject = \"x\"\n[tests.kinds]\nsystem = [\"Suite_Math\"]\n",
    );
    let out = ok(maturity()
        .arg("tests")
        .arg(test_fixture("junit/cunit-junit.xml"))
        .arg("--config")
        .arg(dir.path().join("maturity.toml"))
        .args(["--format", "json"]));
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["kinds"][0]["kind"], "system");
    write(dir.path(), "bad.toml", "[tests.kinds]\nmanual = [\"x\"]\n");
    let err = fails(
        maturity()
            .arg("tests")
            .arg(test_fixture("junit/cunit-junit.xml"))
            .arg("--config")
            .arg(dir.path().join("bad.toml")),
    );
    assert!(
        err.contains("bad.toml:1: [tests.kinds]: unknown kind `manual`"),
        "{err}"
    );
}

#[test]
fn coverage_reads_every_format() {
    let out = ok(maturity()
        .arg("coverage")
        .arg(test_fixture("coverage"))
        .args(["--format", "json"]));
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    let formats: Vec<&str> = json["reports"]
        .as_array()
        .expect("reports")
        .iter()
        .filter_map(|r| r["format"].as_str())
        .collect();
    assert_eq!(formats, ["cobertura", "lcov", "go", "lcov", "jacoco"]);
    assert_eq!(json["totals"]["lines"]["total"], 21);
    let err = fails(
        maturity()
            .arg("coverage")
            .arg(test_fixture("bad/lcov-bad-hits.info")),
    );
    assert!(err.contains("lcov-bad-hits.info:3: bad hit count"), "{err}");
}
