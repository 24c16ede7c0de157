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
