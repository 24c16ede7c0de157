//! `maturity init DIR`: write a new assessment for respondents to fill in.

use std::io::Write;

use anyhow::bail;
use maturity_model::assessment_dir::write_new_assessment;
use maturity_model::{Model, ModelSet};

use crate::cli::InitArgs;

pub fn run(args: InitArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let set = ModelSet::builtin();
    let mut models: Vec<&Model> = Vec::new();
    for id in &args.models {
        match set.get(id) {
            Some(model) => models.push(model),
            None => match set.nearest_model(id) {
                Some(near) => bail!("--models: unknown model `{id}` (did you mean `{near}`?)"),
                None => bail!("--models: unknown model `{id}` (known: devops, automation, testing)"),
            },
        }
    }
    if let Some(date) = args.date.as_deref().filter(|d| !is_date(d)) {
        bail!("--date: `{date}` is not a date; write it as 2026-10-14");
    }
    if let Some(benchmark) = &args.benchmark {
        let known = maturity_model::benchmark::builtin_benchmarks(&set);
        if !known.iter().any(|b| &b.id == benchmark) {
            let ids: Vec<&str> = known.iter().map(|b| b.id.as_str()).collect();
            bail!(
                "--benchmark: unknown benchmark `{benchmark}` (built-in: {})",
                ids.join(", ")
            );
        }
    }
    let written = write_new_assessment(
        &args.dir,
        &args.subject,
        &models,
        args.benchmark.as_deref(),
        args.date.as_deref(),
    )?;
    writeln!(out, "created {}", written.config.display())?;
    writeln!(out, "created {}", written.template.display())?;
    writeln!(
        out,
        "next: copy the template to {}/responses/<name>.toml once per respondent, then run `maturity report {}`",
        args.dir.display(),
        args.dir.display()
    )?;
    Ok(())
}

fn is_date(text: &str) -> bool {
    text.parse::<toml::value::Datetime>()
        .is_ok_and(|d| d.date.is_some() && d.time.is_none() && d.offset.is_none())
}
