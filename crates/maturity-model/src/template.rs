//! Texts `maturity init` writes: a `maturity.toml` and a response template that carries every
//! question and level description as comments, so a respondent needs nothing but an editor.

use std::fmt::Write;

use crate::model::Model;

/// A `maturity.toml` for a new assessment.
pub fn config_template(
    subject: &str,
    models: &[&Model],
    benchmark: Option<&str>,
    date: Option<&str>,
) -> String {
    let mut out = String::new();
    let ids: Vec<String> = models.iter().map(|m| format!("{:?}", m.id)).collect();
    let _ = writeln!(
        out,
        "# An assessment read by `maturity report`. See docs/formats.md."
    );
    let _ = writeln!(out, "subject = {}", toml_string(subject));
    match date {
        Some(date) => {
            let _ = writeln!(out, "date = {date}");
        }
        None => {
            let _ = writeln!(out, "# date = 2026-10-14");
        }
    }
    let _ = writeln!(out, "# assessor = \"Your name\"");
    let _ = writeln!(out, "models = [{}]", ids.join(", "));
    match benchmark {
        Some(b) => {
            let _ = writeln!(out, "benchmark = {}", toml_string(b));
        }
        None => {
            let _ = writeln!(out, "# benchmark = \"heavy-industry\"");
        }
    }
    let _ = writeln!(
        out,
        "# model_files = [\"models/our-model.toml\"]        # models of your own"
    );
    let _ = writeln!(
        out,
        "# benchmark_files = [\"benchmarks/ours.toml\"]    # benchmarks of your own"
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "# Key observations, shown per area in the report. Areas are <model>.<area>:"
    );
    for model in models {
        let areas: Vec<&str> = model.areas.iter().map(|a| a.id.as_str()).collect();
        let _ = writeln!(out, "#   {}", areas.join(", "));
    }
    let _ = writeln!(out, "# [[observations]]");
    let first_area = models
        .first()
        .and_then(|m| m.areas.first())
        .map_or("devops.leadership", |a| a.id.as_str());
    let _ = writeln!(out, "# area = {first_area:?}");
    let _ = writeln!(out, "# text = \"What you saw.\"");
    out
}

/// A response file to copy once per respondent, with every criterion commented out.
pub fn response_template(models: &[&Model]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Copy this file to responses/<your-name>.toml and fill it in."
    );
    let _ = writeln!(
        out,
        "# For each criterion, read the four levels and uncomment its line with the level"
    );
    let _ = writeln!(
        out,
        "# (1 to 4) that best describes your team today. Leave a line commented out if you"
    );
    let _ = writeln!(
        out,
        "# don't know. To add a comment, write:  \"id\" = {{ level = 2, comment = \"why\" }}"
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "respondent = \"your name or a pseudonym\"");
    let _ = writeln!(
        out,
        "role = \"developer\"   # e.g. developer, tester, operations, manager"
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "[answers]");
    for model in models {
        let _ = writeln!(out);
        let _ = writeln!(out, "# ==== {} ({}) ====", model.name, model.id);
        for area in &model.areas {
            for criterion in &area.criteria {
                let _ = writeln!(out);
                let _ = writeln!(out, "# {} / {}", area.name, criterion.name);
                let _ = writeln!(out, "# {}", criterion.question);
                for (i, text) in criterion.levels.iter().enumerate() {
                    let _ = writeln!(out, "#   {}: {}", i + 1, text);
                }
                let _ = writeln!(out, "# {:?} = ", criterion.id);
            }
        }
    }
    out
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::{Assessment, ConfigFile, Sources};
    use crate::model_set::ModelSet;

    #[test]
    fn templates_round_trip_once_filled_in() {
        let set = ModelSet::builtin();
        let models: Vec<&Model> = set.models().iter().collect();
        let config = config_template("Team \"Q\"", &models, Some("heavy-industry"), Some("2026-01-05"));
        let template = response_template(&models);
        for criterion in models.iter().flat_map(|m| m.criteria()) {
            assert!(
                template.contains(&format!("# {:?} = ", criterion.id)),
                "{}",
                criterion.id
            );
            assert!(template.contains(&criterion.question));
            assert!(criterion.levels.iter().all(|l| template.contains(l.as_str())));
        }
        let filled = template
            .replace("your name or a pseudonym", "r1")
            .replace("# \"devops.leadership\" = ", "\"devops.leadership\" = 3");
        let a = Assessment::assemble(Sources {
            config: ConfigFile::parse("maturity.toml", &config).expect("config parses"),
            model_files: Vec::new(),
            benchmark_files: Vec::new(),
            responses: vec![("r1.toml".to_string(), filled)],
        })
        .expect("filled template is valid");
        assert_eq!(a.config.subject, "Team \"Q\"");
        assert_eq!(a.config.date.as_deref(), Some("2026-01-05"));
        assert_eq!(a.responses[0].answers.len(), 1);
    }
}
