//! `maturity models`: list the models, or show one in full.

use std::fs;
use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, bail};
use maturity_model::ModelSet;

use crate::cli::{ModelsAction, ModelsArgs};

pub fn run(args: ModelsArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let set = load(&args.model_files)?;
    match args.action.unwrap_or(ModelsAction::List) {
        ModelsAction::List => list(&set, out),
        ModelsAction::Show { id } => show(&set, &id, out),
    }
}

/// The built-in models plus the user's model files.
pub fn load(files: &[PathBuf]) -> anyhow::Result<ModelSet> {
    let mut set = ModelSet::builtin();
    for file in files {
        let text = fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
        set.add_file(&file.display().to_string(), &text)?;
    }
    Ok(set)
}

fn list(set: &ModelSet, out: &mut dyn Write) -> anyhow::Result<()> {
    writeln!(
        out,
        "{:<12} {:<28} {:>5} {:>9}",
        "ID", "NAME", "AREAS", "CRITERIA"
    )?;
    for model in set.models() {
        writeln!(
            out,
            "{:<12} {:<28} {:>5} {:>9}",
            model.id,
            model.name,
            model.areas.len(),
            model.criteria().count()
        )?;
    }
    Ok(())
}

fn show(set: &ModelSet, id: &str, out: &mut dyn Write) -> anyhow::Result<()> {
    let Some(model) = set.get(id) else {
        match set.nearest_model(id) {
            Some(near) => bail!("unknown model `{id}` (did you mean `{near}`?)"),
            None => bail!(
                "unknown model `{id}` (known: {})",
                set.ids().collect::<Vec<_>>().join(", ")
            ),
        }
    };
    writeln!(out, "{} ({})", model.name, model.id)?;
    if !model.description.is_empty() {
        writeln!(out, "{}", model.description)?;
    }
    for area in &model.areas {
        writeln!(out)?;
        writeln!(out, "## {} ({})", area.name, area.id)?;
        for criterion in &area.criteria {
            writeln!(out)?;
            writeln!(out, "{}  [{}]", criterion.name, criterion.id)?;
            writeln!(out, "  Q: {}", criterion.question)?;
            for (i, level) in criterion.levels.iter().enumerate() {
                writeln!(out, "  {}. {}", i + 1, level)?;
            }
        }
    }
    Ok(())
}
