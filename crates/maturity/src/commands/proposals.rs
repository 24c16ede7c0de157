//! `maturity proposals`: the catalog of improvement proposals the roadmap chooses from.

use std::fs;
use std::io::Write;

use anyhow::{Context, bail};
use maturity_model::{Catalog, ModelSet};

use crate::cli::ProposalsArgs;

pub fn run(args: ProposalsArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let models = ModelSet::builtin();
    let mut catalog = Catalog::builtin();
    for file in &args.proposal_files {
        let text = fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
        catalog.extend_or_replace(&file.display().to_string(), &text, &models)?;
    }
    if let Some(id) = &args.show {
        let Some(p) = catalog.get(id) else {
            let near = maturity_model::diagnostic::nearest(id, catalog.ids());
            match near {
                Some(near) => bail!("unknown proposal `{id}` (did you mean `{near}`?)"),
                None => bail!("unknown proposal `{id}`; `maturity proposals` lists them"),
            }
        };
        writeln!(out, "{} [{}]  difficulty {}", p.title, p.id, p.difficulty)?;
        writeln!(out, "{}", p.description)?;
        for raise in &p.raises {
            writeln!(out, "  raises {} to level {}", raise.criterion, raise.to)?;
        }
        if !p.requires.is_empty() {
            writeln!(out, "  requires {}", p.requires.join(", "))?;
        }
        if !p.recommends.is_empty() {
            writeln!(out, "  recommends {}", p.recommends.join(", "))?;
        }
        if !p.roles.is_empty() {
            let roles: Vec<&str> = p.roles.iter().map(|r| r.as_str()).collect();
            writeln!(out, "  carried out by {}", roles.join(", "))?;
        }
        return Ok(());
    }
    writeln!(out, "{:<34} {:<4} {:<8} TITLE", "ID", "DIFF", "RAISES")?;
    for p in catalog.proposals() {
        writeln!(
            out,
            "{:<34} {:<4} {:<8} {}",
            p.id,
            p.difficulty,
            p.raises.len(),
            p.title
        )?;
    }
    writeln!(out, "{} proposals", catalog.len())?;
    Ok(())
}
