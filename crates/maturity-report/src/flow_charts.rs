//! The work-item flow charts of the HTML report, in the forms flow tools made familiar: a
//! cycle-time scatter with percentile lines, throughput per week, WIP over time, WIP aging by
//! stage against the cycle-time percentiles, and cumulative flow. Hand-drawn inline SVG like
//! `svg.rs`, so the report stays one self-contained file; big data sets are thinned to a few
//! thousand marks, and the chart's title says so.

use std::fmt::Write;

use maturity_flow::Flow;
use minijinja::{Value, context};

use crate::svg::{self, escape};
use crate::view::FlowSection;

const WIDTH: f64 = 560.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 14.0;
const PLOT: f64 = 200.0;
/// Marks beyond this are thinned: a browser draws a few thousand circles comfortably.
const MAX_MARKS: usize = 2000;
/// Daily series show the last year; the JSON has them whole.
const MAX_DAYS: usize = 365;
const MAX_WEEKS: usize = 52;

pub(crate) fn charts(section: &FlowSection) -> Value {
    let f = &section.flow;
    #[allow(clippy::cast_precision_loss)]
    let (weeks, counts): (Vec<String>, Vec<Option<f64>>) = f
        .throughput
        .iter()
        .skip(f.throughput.len().saturating_sub(MAX_WEEKS))
        .map(|t| (t.week.clone(), Some(t.items as f64)))
        .unzip();
    context! {
        scatter => Value::from_safe_string(scatter(f)),
        throughput => Value::from_safe_string(svg::columns("Items finished per week", &weeks, &counts, "items")),
        wip => Value::from_safe_string(wip(f)),
        aging => Value::from_safe_string(aging(f)),
        cfd => Value::from_safe_string(cfd(f)),
    }
}

/// A round upper bound for an axis: 1, 2, 5 × 10ⁿ at or above `max`.
fn nice(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|v| *v >= max)
        .unwrap_or(10.0 * power)
}

/// The opening tag, title, y grid with ticks up to `top`, and x labels at the ends.
fn frame(
    title: &str,
    class: &str,
    top: f64,
    unit: &str,
    x_labels: (&str, &str),
    extra_height: f64,
) -> String {
    let height = TOP + PLOT + 34.0 + extra_height;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart {class}" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{t}"><title>{t}</title>"#,
        t = escape(title)
    );
    for i in 0..=4 {
        let value = top * f64::from(i) / 4.0;
        let y = TOP + PLOT - PLOT * f64::from(i) / 4.0;
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}"/><text class="tick" text-anchor="end" x="{:.1}" y="{:.1}">{}</text>"#,
            WIDTH - RIGHT,
            LEFT - 5.0,
            y + 4.0,
            if value.fract() == 0.0 {
                format!("{value:.0}")
            } else {
                format!("{value:.1}")
            }
        );
    }
    let base = TOP + PLOT + 16.0;
    let _ = write!(
        svg,
        r#"<text class="tick" x="{LEFT}" y="{base:.1}">{}</text><text class="tick" text-anchor="end" x="{:.1}" y="{base:.1}">{}</text><text class="tick" x="4" y="10">{}</text>"#,
        escape(x_labels.0),
        WIDTH - RIGHT,
        escape(x_labels.1),
        escape(unit)
    );
    svg
}

fn x_of(day: i32, first: i32, last: i32) -> f64 {
    let span = f64::from((last - first).max(1));
    LEFT + (WIDTH - LEFT - RIGHT) * f64::from(day - first) / span
}

fn y_of(value: f64, top: f64) -> f64 {
    TOP + PLOT - PLOT * (value / top).clamp(0.0, 1.0)
}

/// Dashed horizontal lines at the cycle-time percentiles, labelled at the right.
fn percentile_lines(svg: &mut String, flow: &Flow, top: f64) {
    let c = &flow.cycle_time;
    for (name, value) in [("p50", c.p50), ("p85", c.p85), ("p95", c.p95)] {
        if let Some(days) = value {
            let y = y_of(f64::from(days), top);
            let _ = write!(
                svg,
                r#"<line class="reference" x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}"/><text class="tick" text-anchor="end" x="{:.1}" y="{:.1}">{name} {days} d</text>"#,
                WIDTH - RIGHT,
                WIDTH - RIGHT,
                y - 3.0
            );
        }
    }
}

fn thinned<T>(items: &[T]) -> (usize, impl Iterator<Item = &T>) {
    let every = items.len().div_ceil(MAX_MARKS).max(1);
    (every, items.iter().step_by(every))
}

fn thinned_note(title: &str, every: usize, total: usize) -> String {
    if every > 1 {
        format!("{title} (every {every}th of {total} shown)")
    } else {
        title.to_string()
    }
}

fn scatter(flow: &Flow) -> String {
    let points: Vec<(i32, u32)> = flow
        .finished
        .iter()
        .map(|(day, days)| (day.number(), *days))
        .collect();
    let (first, last) = match (points.first(), points.last()) {
        (Some(a), Some(b)) => (a.0, b.0),
        _ => (0, 0),
    };
    let max = points.iter().map(|p| p.1).max().unwrap_or(0);
    let top = nice(f64::from(max.max(flow.cycle_time.p95.unwrap_or(0))));
    let (every, shown) = thinned(&points);
    let title = thinned_note(
        "Cycle time of each finished item, by the day it finished",
        every,
        points.len(),
    );
    let from = flow.finished.first().map(|f| f.0.to_string()).unwrap_or_default();
    let to = flow.finished.last().map(|f| f.0.to_string()).unwrap_or_default();
    let dates = (from.as_str(), to.as_str());
    let mut svg = frame(&title, "scatter", top, "days", dates, 0.0);
    for (day, days) in shown {
        let _ = write!(
            svg,
            r#"<circle class="dot s0" cx="{:.1}" cy="{:.1}" r="3"/>"#,
            x_of(*day, first, last),
            y_of(f64::from(*days), top)
        );
    }
    percentile_lines(&mut svg, flow, top);
    svg.push_str("</svg>");
    svg
}

fn wip(flow: &Flow) -> String {
    let days = &flow.wip[flow.wip.len().saturating_sub(MAX_DAYS)..];
    #[allow(clippy::cast_precision_loss)]
    let top = nice(days.iter().map(|w| w.items).max().unwrap_or(0) as f64);
    let ends = (
        days.first().map_or("", |w| w.date.as_str()),
        days.last().map_or("", |w| w.date.as_str()),
    );
    let mut svg = frame(
        "Work in progress at the end of each day",
        "wip",
        top,
        "items",
        ends,
        0.0,
    );
    let n = days.len().max(2) - 1;
    #[allow(clippy::cast_precision_loss)]
    let points: Vec<String> = days
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let x = LEFT + (WIDTH - LEFT - RIGHT) * i as f64 / n as f64;
            format!("{x:.1},{:.1}", y_of(w.items as f64, top))
        })
        .collect();
    if !points.is_empty() {
        let _ = write!(
            svg,
            r#"<polyline class="line s0" points="{}"/>"#,
            points.join(" ")
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Open items as dots in their stage's column at their age, against the cycle-time
/// percentiles: a dot above the p85 line is older than 85 % of finished work ever got.
fn aging(flow: &Flow) -> String {
    let mut stages: Vec<&str> = flow
        .stages
        .iter()
        .map(String::as_str)
        .filter(|s| flow.aging.iter().any(|a| a.stage.eq_ignore_ascii_case(s)))
        .collect();
    for a in &flow.aging {
        if !stages.iter().any(|s| s.eq_ignore_ascii_case(&a.stage)) {
            stages.push(&a.stage);
        }
    }
    let max = flow.aging.iter().map(|a| a.age_days).max().unwrap_or(0);
    let top = nice(f64::from(max.max(flow.cycle_time.p95.unwrap_or(0))));
    let (every, shown) = thinned(&flow.aging);
    let title = thinned_note("Age of each item in progress, by stage", every, flow.aging.len());
    let mut svg = frame(&title, "aging", top, "days", ("", ""), 0.0);
    #[allow(clippy::cast_precision_loss)]
    let column = (WIDTH - LEFT - RIGHT) / stages.len().max(1) as f64;
    for (k, stage) in stages.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let x = LEFT + column * (k as f64 + 0.5);
        let _ = write!(
            svg,
            r#"<text class="tick" text-anchor="middle" x="{x:.1}" y="{:.1}">{}</text>"#,
            TOP + PLOT + 16.0,
            escape(stage)
        );
    }
    for (i, a) in shown.enumerate() {
        let k = stages
            .iter()
            .position(|s| s.eq_ignore_ascii_case(&a.stage))
            .unwrap_or(0);
        // Spread the dots of a column a little so equal ages stay visible.
        #[allow(clippy::cast_precision_loss)]
        let x = LEFT + column * (k as f64 + 0.5) + ((i % 7) as f64 - 3.0) * (column / 10.0).min(5.0);
        let _ = write!(
            svg,
            r#"<circle class="dot s1" cx="{x:.1}" cy="{:.1}" r="3.5"><title>{} {} days</title></circle>"#,
            y_of(f64::from(a.age_days), top),
            escape(&a.id),
            a.age_days
        );
    }
    percentile_lines(&mut svg, flow, top);
    svg.push_str("</svg>");
    svg
}

/// Cumulative flow: one band per stage, the items that entered it or a later stage by each day;
/// the band's height is what sits in that stage.
fn cfd(flow: &Flow) -> String {
    let series: Vec<(&str, &[maturity_flow::Count])> = flow
        .cfd
        .iter()
        .map(|c| {
            (
                c.stage.as_str(),
                &c.series[c.series.len().saturating_sub(MAX_DAYS)..],
            )
        })
        .collect();
    let first = series.first().map_or(&[][..], |s| s.1);
    #[allow(clippy::cast_precision_loss)]
    let top = nice(first.iter().map(|c| c.items).max().unwrap_or(0) as f64);
    let ends = (
        first.first().map_or("", |c| c.date.as_str()),
        first.last().map_or("", |c| c.date.as_str()),
    );
    #[allow(clippy::cast_precision_loss)]
    let legend = 18.0 * series.len() as f64;
    let mut svg = frame(
        "Cumulative flow: items that reached each stage",
        "cfd",
        top,
        "items",
        ends,
        legend,
    );
    let n = first.len().max(2) - 1;
    #[allow(clippy::cast_precision_loss)]
    let x = |i: usize| LEFT + (WIDTH - LEFT - RIGHT) * i as f64 / n as f64;
    for (k, (stage, counts)) in series.iter().enumerate() {
        let below = series.get(k + 1).map(|s| s.1);
        #[allow(clippy::cast_precision_loss)]
        let mut points: Vec<String> = counts
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{:.1},{:.1}", x(i), y_of(c.items as f64, top)))
            .collect();
        #[allow(clippy::cast_precision_loss)]
        let lower: Vec<String> = (0..counts.len())
            .rev()
            .map(|i| {
                let v = below.and_then(|b| b.get(i)).map_or(0, |c| c.items);
                format!("{:.1},{:.1}", x(i), y_of(v as f64, top))
            })
            .collect();
        points.extend(lower);
        if !counts.is_empty() {
            let _ = write!(
                svg,
                r#"<polygon class="area s{}" points="{}"><title>{}</title></polygon>"#,
                k % 6,
                points.join(" "),
                escape(stage)
            );
        }
        #[allow(clippy::cast_precision_loss)]
        let ly = TOP + PLOT + 40.0 + 18.0 * k as f64;
        let _ = write!(
            svg,
            r#"<rect class="s{}" x="{LEFT}" y="{:.1}" width="12" height="12"/><text class="label" x="{:.1}" y="{ly:.1}">{}</text>"#,
            k % 6,
            ly - 10.0,
            LEFT + 18.0,
            escape(stage)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_round_up() {
        for (max, expected) in [
            (0.0, 1.0),
            (1.0, 1.0),
            (3.0, 5.0),
            (12.0, 20.0),
            (55.0, 100.0),
            (100.0, 100.0),
        ] {
            assert!((nice(max) - expected).abs() < 1e-9, "{max}");
        }
    }
}
