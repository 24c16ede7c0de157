//! Loading, scoring, planning and rendering an assessment of 200 respondents over the three
//! built-in models, in all three formats: what `maturity report` does for a large survey.

use std::fmt::Write;
use std::fs;
use std::path::Path;

use maturity_model::ModelSet;
use maturity_model::assessment_dir::read_assessment;
use maturity_report::{Format, render, report_for};

const RESPONDENTS: usize = 200;
const ROLES: [&str; 5] = ["developer", "tester", "operations", "manager", "architect"];

fn main() {
    divan::main();
}

/// Writes a large assessment with deterministic answers, comments on some of them.
fn write_assessment(dir: &Path) {
    fs::write(
        dir.join("maturity.toml"),
        "subject = \"Bench\"\ndate = 2026-11-01\nbenchmark = \"heavy-industry\"\n[[observations]]\narea = \"devops.builds-ci\"\ntext = \"Builds are triggered by hand.\"\n",
    )
    .expect("write config");
    fs::create_dir_all(dir.join("responses")).expect("mkdir");
    let models = ModelSet::builtin();
    let mut seed: u64 = 42;
    for r in 0..RESPONDENTS {
        let mut text = format!(
            "respondent = \"r{r}\"\nrole = \"{}\"\n[answers]\n",
            ROLES[r % ROLES.len()]
        );
        for criterion in models.models().iter().flat_map(|m| m.criteria()) {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let level = (seed >> 33) % 5;
            match level {
                0 => {}
                _ if seed.is_multiple_of(7) => {
                    let _ = writeln!(
                        text,
                        "{:?} = {{ level = {level}, comment = \"because {r}\" }}",
                        criterion.id
                    );
                }
                _ => {
                    let _ = writeln!(text, "{:?} = {level}", criterion.id);
                }
            }
        }
        fs::write(dir.join("responses").join(format!("r{r:03}.toml")), text).expect("write response");
    }
}

#[divan::bench(sample_count = 30)]
fn load_score_render_all_formats(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().expect("temp dir");
    write_assessment(dir.path());
    bencher.bench(|| {
        let assessment = read_assessment(dir.path()).expect("valid");
        let report = report_for(&assessment);
        [Format::Markdown, Format::Html, Format::Json].map(|format| render(&report, format).expect("renders"))
    });
}
