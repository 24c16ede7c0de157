//! `maturity flow` as text: a plain-text table for the terminal, the JSON contract
//! (docs/flow.md), and Markdown, which is the report's flow section for this one source (the
//! same template, so the two never drift apart).

use std::fmt::Write as _;

use maturity_flow::{Flow, Percentiles};
use minijinja::Value;
use minijinja::context;
use minijinja::value::Serde;

use crate::render::{RenderError, TextFormat, collapse_blank_lines, environment};
use crate::view::FlowSection;

/// `flow` in `format`, headed `label` in Markdown (e.g. `exports/jira.csv`).
pub fn render_flow(flow: &Flow, label: &str, format: TextFormat) -> Result<String, RenderError> {
    Ok(match format {
        TextFormat::Json => {
            let mut json = flow.to_json();
            json.push('\n');
            json
        }
        TextFormat::Table => table(flow),
        TextFormat::Md => {
            let env = environment()?;
            let sections = [FlowSection {
                source: label.to_string(),
                flow: flow.clone(),
                created: Vec::new(),
                to_production: None,
            }];
            let out = env.get_template("flow.md")?.render(context! {
                report => context! { flow => Value::from(Serde(&sections)) },
            })?;
            let mut out = collapse_blank_lines(out.trim_start());
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out
        }
    })
}

fn items_word(n: usize) -> &'static str {
    if n == 1 { "item" } else { "items" }
}

fn days(p: Option<u32>) -> String {
    p.map_or_else(|| "–".to_string(), |d| d.to_string())
}

fn percentiles(p: &Percentiles) -> String {
    format!(
        "p50 {}  p70 {}  p85 {}  p95 {}  mean {} days ({} items)",
        days(p.p50),
        days(p.p70),
        days(p.p85),
        days(p.p95),
        p.mean.map_or_else(|| "–".to_string(), |m| format!("{m:.1}")),
        p.count
    )
}

fn table(flow: &Flow) -> String {
    let mut out = String::new();
    for file in &flow.files {
        let format = file.format.map_or("not read", maturity_flow::Format::name);
        let _ = writeln!(out, "{}: {format}", file.path);
    }
    let _ = writeln!(
        out,
        "stages: {} (started at {}, done at {})",
        flow.stages.join(" → "),
        flow.started_stage.as_deref().unwrap_or("–"),
        flow.done_stage.as_deref().unwrap_or("–")
    );
    let i = &flow.items;
    let _ = writeln!(
        out,
        "last day {}{}: {} items read, {} finished, {} in progress, {} not started",
        flow.last_day.as_deref().unwrap_or("–"),
        flow.since
            .as_ref()
            .map_or_else(String::new, |s| format!(" (since {s})")),
        i.read,
        i.finished,
        i.in_progress,
        i.not_started
    );
    let _ = writeln!(out, "\ncycle time  {}", percentiles(&flow.cycle_time));
    let _ = writeln!(out, "lead time   {}", percentiles(&flow.lead_time));
    if !flow.throughput.is_empty() {
        let recent: Vec<String> = flow
            .throughput
            .iter()
            .rev()
            .take(8)
            .rev()
            .map(|t| format!("{} {}", t.week, t.items))
            .collect();
        let _ = writeln!(
            out,
            "throughput  {} (last {} weeks)",
            recent.join(", "),
            recent.len()
        );
    }
    if let Some(w) = flow.wip.last() {
        let _ = writeln!(out, "WIP         {} on {}", w.items, w.date);
    }
    if !flow.aging.is_empty() {
        let _ = writeln!(out, "\noldest work in progress:");
        for a in flow.aging.iter().take(10) {
            let _ = writeln!(out, "  {:<14} {:>5} days  {}", a.id, a.age_days, a.stage);
        }
        if flow.aging.len() > 10 {
            let _ = writeln!(out, "  … and {} more", flow.aging.len() - 10);
        }
    }
    let f = &flow.forecast;
    if let Some(when) = &f.when {
        let _ = writeln!(
            out,
            "\nforecast: {} more {} done by {} (50 %), {} (85 %), {} (95 %)",
            when.items,
            items_word(when.items),
            when.p50,
            when.p85,
            when.p95
        );
    }
    if let Some(many) = &f.how_many {
        let _ = writeln!(
            out,
            "forecast: by {}, at least {} {} (50 %), {} (85 %), {} (95 %)",
            many.date,
            many.p50,
            items_word(many.p50),
            many.p85,
            many.p95
        );
    }
    if !flow.unreadable.is_empty() {
        let _ = writeln!(out, "\nunreadable ({}):", flow.unreadable.len());
        for u in &flow.unreadable {
            let _ = writeln!(out, "  {}:{}: {}", u.path, u.line, u.error);
        }
    }
    out
}
