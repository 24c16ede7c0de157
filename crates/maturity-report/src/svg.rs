//! Small SVG charts drawn by hand: a radar of areas, horizontal score bars, and lines over
//! time. They are inline SVG so an HTML report stays one self-contained file, and they carry
//! text labels so they read without colour and print well.

use std::f64::consts::PI;
use std::fmt::Write;

/// One spoke of a radar chart: a label and a 0–100 value (none when unscored).
pub struct Spoke<'a> {
    pub label: &'a str,
    pub value: Option<f64>,
    pub reference: Option<f64>,
}

/// One row of a bar chart.
pub struct Bar<'a> {
    pub label: &'a str,
    pub value: Option<f64>,
    pub reference: Option<f64>,
}

/// Escapes text for SVG, XML and HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Splits a label into lines of about `width` characters at word boundaries.
fn wrap(label: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in label.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// The width every chart of the report is drawn at. It is about the width a chart is shown at
/// on a 390 px phone and in a column of an A4 page, so text drawn at [`TEXT`] units shows at
/// 9 CSS px or more wherever the report is read; a page may show a chart wider, never much
/// narrower.
pub const WIDTH: f64 = 360.0;
/// The size of labels, in viewBox units (see [`WIDTH`]).
const TEXT: f64 = 12.0;
/// The size of axis ticks and small print, in viewBox units.
const SMALL: f64 = 11.0;

/// The opening tag of a chart with its accessible title. Text sizes are attributes here, not
/// left to a style sheet, because they only make sense relative to the viewBox.
fn open(class: &str, width: f64, height: f64, title: &str) -> String {
    format!(
        r#"<svg class="chart {class}" viewBox="0 0 {width:.0} {height:.0}" font-size="{TEXT}" role="img" aria-label="{}"><title>{}</title>"#,
        escape(title),
        escape(title)
    )
}

/// A radar chart with rings at 25, 50, 75 and 100. Unscored spokes sit at the centre and say
/// "n/a" so a gap is never mistaken for a low score. A reference polygon (the benchmark) is
/// drawn when every spoke has one, with a legend naming it `reference_label`.
pub fn radar(title: &str, spokes: &[Spoke], reference_label: &str) -> String {
    const RADIUS: f64 = 88.0;
    const LINE: f64 = 13.0;
    let lines: Vec<Vec<String>> = spokes.iter().map(|s| wrap(s.label, 13)).collect();
    let n = spokes.len().max(1);
    let angle = |i: usize| -PI / 2.0 + 2.0 * PI * i as f64 / n as f64;
    // Room above and below the rings for the labels of the spokes that point up and down.
    let block = |i: usize| (lines[i].len() as f64 + 1.0) * LINE;
    let above = (0..spokes.len())
        .filter(|&i| angle(i).sin() < -0.5)
        .map(block)
        .fold(0.0, f64::max);
    let below = (0..spokes.len())
        .filter(|&i| angle(i).sin() > 0.5)
        .map(block)
        .fold(0.0, f64::max);
    let with_reference = !spokes.is_empty() && spokes.iter().all(|s| s.reference.is_some());
    let cx = WIDTH / 2.0;
    let cy = 8.0 + above.max(LINE) + RADIUS + 10.0;
    let legend_y = cy + RADIUS + 14.0 + below + 10.0;
    let height = legend_y + if with_reference { 12.0 } else { 0.0 };
    let point = |i: usize, value: f64| {
        let r = RADIUS * value.clamp(0.0, 100.0) / 100.0;
        (cx + r * angle(i).cos(), cy + r * angle(i).sin())
    };
    let polygon = |values: &dyn Fn(usize) -> f64| {
        (0..spokes.len())
            .map(|i| {
                let (x, y) = point(i, values(i));
                format!("{x:.1},{y:.1}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    };

    let mut svg = open("radar", WIDTH, height, title);
    for ring in [25.0, 50.0, 75.0, 100.0] {
        let _ = write!(svg, r#"<polygon class="grid" points="{}"/>"#, polygon(&|_| ring));
    }
    for i in 0..spokes.len() {
        let (x, y) = point(i, 100.0);
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{cx:.1}" y1="{cy:.1}" x2="{x:.1}" y2="{y:.1}"/>"#
        );
    }
    // Only the middle ring is numbered: the outer one would collide with the top label.
    let _ = write!(
        svg,
        r#"<text class="tick" font-size="{SMALL}" x="{:.1}" y="{:.1}">50</text>"#,
        cx + 4.0,
        cy - RADIUS / 2.0 - 4.0
    );
    if with_reference {
        let _ = write!(
            svg,
            r#"<polygon class="reference" points="{}"/>"#,
            polygon(&|i| spokes[i].reference.unwrap_or_default())
        );
    }
    let _ = write!(
        svg,
        r#"<polygon class="value" points="{}"/>"#,
        polygon(&|i| spokes[i].value.unwrap_or_default())
    );
    for (i, spoke) in spokes.iter().enumerate() {
        let (x, y) = point(i, spoke.value.unwrap_or_default());
        let _ = write!(svg, r#"<circle class="dot" cx="{x:.1}" cy="{y:.1}" r="3"/>"#);
        let (lx, ly) = point(i, 112.0);
        let (cos, sin) = (angle(i).cos(), angle(i).sin());
        let anchor = if cos > 0.3 {
            "start"
        } else if cos < -0.3 {
            "end"
        } else {
            "middle"
        };
        let value = spoke
            .value
            .map_or_else(|| "n/a".to_string(), |v| format!("{v:.0}"));
        // Labels above the rings grow upwards, those below downwards, the others around
        // the spoke's end.
        let rows = lines[i].len() as f64 + 1.0;
        let top = if sin < -0.5 {
            ly - (rows - 1.0) * LINE
        } else if sin > 0.5 {
            ly + LINE - 2.0
        } else {
            ly - (rows - 1.0) * LINE / 2.0 + 4.0
        };
        let _ = write!(
            svg,
            r#"<text class="label" text-anchor="{anchor}" x="{lx:.1}" y="{top:.1}">"#
        );
        for (k, line) in lines[i].iter().enumerate() {
            let dy = if k == 0 { 0.0 } else { LINE };
            let _ = write!(svg, r#"<tspan x="{lx:.1}" dy="{dy}">{}</tspan>"#, escape(line));
        }
        let _ = write!(
            svg,
            r#"<tspan class="value" x="{lx:.1}" dy="{LINE}">{value}</tspan></text>"#
        );
    }
    if with_reference {
        let _ = write!(
            svg,
            r#"<line class="reference" x1="12" y1="{y:.1}" x2="36" y2="{y:.1}"/><text class="legend" font-size="{SMALL}" x="42" y="{:.1}">{}</text>"#,
            legend_y + 4.0,
            escape(&format!("benchmark: {reference_label}")),
            y = legend_y
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Horizontal bars on a 0–100 scale, with a dashed tick where a reference score is, labelled
/// with the benchmark's value under the bar.
pub fn bars(title: &str, rows: &[Bar]) -> String {
    const LABEL: f64 = 104.0;
    const ROW: f64 = 44.0;
    const BAR: f64 = 20.0;
    let scale = (WIDTH - LABEL - 36.0) / 100.0;
    let height = ROW * rows.len() as f64 + 30.0;
    let mut svg = open("bars", WIDTH, height, title);
    for tick in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let x = LABEL + tick * scale;
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{x:.1}" y1="4" x2="{x:.1}" y2="{:.1}"/><text class="tick" font-size="{SMALL}" text-anchor="middle" x="{x:.1}" y="{:.1}">{tick}</text>"#,
            height - 22.0,
            height - 8.0
        );
    }
    for (i, row) in rows.iter().enumerate() {
        let y = 8.0 + ROW * i as f64;
        let label = wrap(row.label, 14);
        let first = y + BAR / 2.0 + 4.0 - (label.len() as f64 - 1.0) * 6.5;
        let _ = write!(
            svg,
            r#"<text class="label" text-anchor="end" x="{:.1}" y="{first:.1}">"#,
            LABEL - 6.0
        );
        for (k, line) in label.iter().enumerate() {
            let dy = if k == 0 { 0.0 } else { 13.0 };
            let _ = write!(
                svg,
                r#"<tspan x="{:.1}" dy="{dy}">{}</tspan>"#,
                LABEL - 6.0,
                escape(line)
            );
        }
        svg.push_str("</text>");
        match row.value {
            Some(value) => {
                let w = value.clamp(0.0, 100.0) * scale;
                let _ = write!(
                    svg,
                    r#"<rect class="bar" x="{LABEL}" y="{y:.1}" width="{w:.1}" height="{BAR}"/><text class="value" x="{:.1}" y="{:.1}">{value:.0}</text>"#,
                    LABEL + w + 5.0,
                    y + BAR / 2.0 + 4.0
                );
            }
            None => {
                let _ = write!(
                    svg,
                    r#"<text class="value" x="{:.1}" y="{:.1}">n/a</text>"#,
                    LABEL + 5.0,
                    y + BAR / 2.0 + 4.0
                );
            }
        }
        if let Some(reference) = row.reference {
            let x = LABEL + reference.clamp(0.0, 100.0) * scale;
            // The label stays inside the plot even for a benchmark near either end.
            let anchor = if reference < 25.0 {
                "start"
            } else if reference > 75.0 {
                "end"
            } else {
                "middle"
            };
            let _ = write!(
                svg,
                r#"<line class="reference" x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}"/><text class="reference-label" font-size="{SMALL}" text-anchor="{anchor}" x="{x:.1}" y="{:.1}">benchmark {reference:.0}</text>"#,
                y - 3.0,
                y + BAR + 3.0,
                y + BAR + 14.0
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

/// One line of a line chart: a label and a 0–100 value per point (none where unscored).
pub struct Series<'a> {
    pub label: &'a str,
    pub values: &'a [Option<f64>],
}

/// Lines over points in time (`x_labels`, oldest first) on a 0–100 scale, with a legend. A
/// gap in a series breaks its line rather than dropping to 0. Series take the classes `s0`,
/// `s1`, … so a style sheet can colour them.
/// Which x labels a line chart writes, `step` apart: all when they fit, else evenly thinned so
/// none overprints another, always with the first and the last (the span's ends).
fn shown_labels(labels: &[&str], step: f64) -> Vec<usize> {
    // Tick labels are 12 px text: about 7 px a character, with room between them.
    const CHAR: f64 = 7.0;
    const GAP: f64 = 12.0;
    let Some(last) = labels.len().checked_sub(1) else {
        return Vec::new();
    };
    let widest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64 * CHAR + GAP;
    if step <= 0.0 || step >= widest {
        return (0..labels.len()).collect();
    }
    let every = (widest / step).ceil() as usize;
    let mut shown: Vec<usize> = (0..last).step_by(every).collect();
    // The last label takes the place of a thinned one that would crowd it.
    if shown.last().is_some_and(|&l| last - l < every) && shown.len() > 1 {
        shown.pop();
    }
    shown.push(last);
    shown
}

pub fn lines(title: &str, x_labels: &[&str], series: &[Series]) -> String {
    const WIDTH: f64 = 560.0;
    const LEFT: f64 = 40.0;
    const RIGHT: f64 = 20.0;
    const TOP: f64 = 12.0;
    const PLOT: f64 = 200.0;
    const LEGEND_ROW: f64 = 18.0;
    let height = TOP + PLOT + 40.0 + LEGEND_ROW * series.len() as f64;
    let step = if x_labels.len() > 1 {
        (WIDTH - LEFT - RIGHT) / (x_labels.len() - 1) as f64
    } else {
        0.0
    };
    let x = |i: usize| {
        if x_labels.len() > 1 {
            LEFT + step * i as f64
        } else {
            (LEFT + WIDTH - RIGHT) / 2.0
        }
    };
    let y = |value: f64| TOP + PLOT - value.clamp(0.0, 100.0) / 100.0 * PLOT;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart lines" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{}"><title>{}</title>"#,
        escape(title),
        escape(title)
    );
    for tick in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}"/><text class="tick" text-anchor="end" x="{:.1}" y="{:.1}">{tick}</text>"#,
            WIDTH - RIGHT,
            LEFT - 6.0,
            y(tick) + 4.0,
            y = y(tick)
        );
    }
    for i in shown_labels(x_labels, step) {
        let _ = write!(
            svg,
            r#"<text class="tick" text-anchor="middle" x="{:.1}" y="{:.1}">{}</text>"#,
            x(i),
            TOP + PLOT + 18.0,
            escape(x_labels[i])
        );
    }
    // Many points on one line make the dots a band: smaller ones let the line show.
    let radius = if x_labels.len() > 12 { 2.0 } else { 3.5 };
    for (k, s) in series.iter().enumerate() {
        let mut segment: Vec<String> = Vec::new();
        let flush = |segment: &mut Vec<String>, svg: &mut String| {
            if segment.len() > 1 {
                let _ = write!(
                    svg,
                    r#"<polyline class="line s{k}" points="{}"/>"#,
                    segment.join(" ")
                );
            }
            segment.clear();
        };
        for (i, value) in s.values.iter().enumerate().take(x_labels.len()) {
            match value {
                Some(v) => {
                    segment.push(format!("{:.1},{:.1}", x(i), y(*v)));
                    let _ = write!(
                        svg,
                        r#"<circle class="dot s{k}" cx="{:.1}" cy="{:.1}" r="{radius}"><title>{} {}: {v:.0}</title></circle>"#,
                        x(i),
                        y(*v),
                        escape(s.label),
                        escape(x_labels[i])
                    );
                }
                None => flush(&mut segment, &mut svg),
            }
        }
        flush(&mut segment, &mut svg);
        let ly = TOP + PLOT + 40.0 + LEGEND_ROW * k as f64;
        let _ = write!(
            svg,
            r#"<rect class="s{k}" x="{LEFT}" y="{:.1}" width="12" height="12"/><text class="label" x="{:.1}" y="{:.1}">{}</text>"#,
            ly - 10.0,
            LEFT + 18.0,
            ly,
            escape(s.label)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Vertical columns over labelled periods (months, say) on a scale that fits the data, each
/// with its value on top where it fits; a period without a value shows a gap, not a zero. The
/// chart keeps its width however many periods there are: columns get narrower and only every
/// k-th period is named, so text never shrinks with the data.
pub fn columns(title: &str, labels: &[impl AsRef<str>], values: &[Option<f64>], unit: &str) -> String {
    const HEIGHT: f64 = 220.0;
    const PLOT: f64 = 150.0;
    const LEFT: f64 = 12.0;
    let step = (WIDTH - LEFT - 8.0) / labels.len().max(1) as f64;
    let max = values.iter().flatten().copied().fold(0.0_f64, f64::max);
    let top = if max > 0.0 { max * 1.15 } else { 1.0 };
    let base = 30.0 + PLOT;
    let mut svg = open("columns", WIDTH, HEIGHT, title);
    let _ = write!(
        svg,
        r#"<line class="grid" x1="{LEFT}" y1="{base}" x2="{:.1}" y2="{base}"/><text class="tick" font-size="{SMALL}" x="4" y="16">{}</text>"#,
        WIDTH - 4.0,
        escape(unit)
    );
    // A period label such as 2024-01 takes about 46 units; a value about 22.
    let widest = labels
        .iter()
        .map(|l| l.as_ref().chars().count())
        .max()
        .unwrap_or(0) as f64
        * SMALL
        * 0.6;
    let every = ((widest + 6.0) / step).ceil().max(1.0) as usize;
    for (i, (label, value)) in labels.iter().zip(values).enumerate() {
        let x = LEFT + step * i as f64;
        if let Some(value) = value {
            let h = PLOT * value / top;
            let _ = write!(
                svg,
                r#"<rect class="bar" x="{:.1}" y="{:.1}" width="{:.1}" height="{h:.1}"><title>{}: {}</title></rect>"#,
                x + 1.0,
                base - h,
                (step - 2.0).max(1.0),
                escape(label.as_ref()),
                format_value(*value)
            );
            if step >= 22.0 {
                let _ = write!(
                    svg,
                    r#"<text class="tick" font-size="{SMALL}" text-anchor="middle" x="{:.1}" y="{:.1}">{}</text>"#,
                    x + step / 2.0,
                    base - h - 4.0,
                    format_value(*value)
                );
            }
        }
        if i % every == 0 {
            let _ = write!(
                svg,
                r#"<text class="tick" font-size="{SMALL}" text-anchor="middle" x="{:.1}" y="{:.1}">{}</text>"#,
                (x + step / 2.0).max(widest / 2.0 + 2.0),
                base + 16.0,
                escape(label.as_ref())
            );
        }
    }
    svg.push_str("</svg>");
    svg
}

fn format_value(value: f64) -> String {
    if value >= 10.0 || value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_long_history_thins_its_axis_labels_so_none_overprints() {
        let labels: Vec<String> = (1..=20)
            .map(|i| format!("2026-{:02}-01 (#{i})", (i % 12) + 1))
            .collect();
        let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
        let series = [Series {
            label: "DevOps",
            values: &(0..20).map(|i| Some(f64::from(i) * 5.0)).collect::<Vec<_>>(),
        }];
        let chart = lines("Model scores over time", &labels, &series);
        let written: Vec<f64> = chart
            .split(r#"<text class="tick" text-anchor="middle" x=""#)
            .skip(1)
            .map(|rest| rest[..rest.find('"').expect("x")].parse().expect("a number"))
            .collect();
        assert!(written.len() >= 3 && written.len() < 20, "{written:?}");
        assert!(chart.contains(">2026-02-01 (#1)<") && chart.contains(">2026-09-01 (#20)<"));
        // 16 characters of 12 px text need about 124 px each.
        assert!(written.windows(2).all(|w| w[1] - w[0] >= 124.0), "{written:?}");
        // Every point keeps its label in its tooltip, shown or not.
        assert_eq!(chart.matches("<circle").count(), 20);
        assert!(chart.contains("<title>DevOps 2026-04-01 (#3): 10</title>"));
        let few = lines("t", &labels[..3], &series);
        assert_eq!(
            few.matches(r#"<text class="tick" text-anchor="middle""#).count(),
            3
        );
    }

    use super::*;

    #[test]
    fn radar_has_a_labelled_spoke_per_axis_and_escapes_text() {
        let spokes = [
            Spoke {
                label: "Leadership",
                value: Some(50.0),
                reference: None,
            },
            Spoke {
                label: "Builds <&> CI",
                value: None,
                reference: None,
            },
            Spoke {
                label: "Quality assurance",
                value: Some(100.0),
                reference: None,
            },
        ];
        let svg = radar("DevOps \"maturity\"", &spokes, "Peers");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches(r#"<text class="label""#).count(), 3);
        assert!(svg.contains("Builds &lt;&amp;&gt; CI"));
        assert!(svg.contains("n/a"));
        assert!(svg.contains("DevOps &quot;maturity&quot;"));
        assert!(!svg.contains("class=\"reference\"") && !svg.contains("benchmark"));
        assert!(
            svg.contains(r#"<circle class="dot" cx="180.0" cy="132.0""#),
            "unscored spoke sits at the centre: {svg}"
        );
        let with_reference: Vec<Spoke> = spokes
            .iter()
            .map(|s| Spoke {
                reference: Some(40.0),
                ..*s
            })
            .collect();
        let svg = radar("DevOps", &with_reference, "Peers");
        assert_eq!(
            svg.matches(r#"class="reference""#).count(),
            2,
            "polygon and legend"
        );
        assert!(svg.contains(">benchmark: Peers</text>"));
    }

    #[test]
    fn bars_mark_references() {
        let rows = [
            Bar {
                label: "DevOps",
                value: Some(33.3),
                reference: Some(32.0),
            },
            Bar {
                label: "Testing",
                value: None,
                reference: None,
            },
        ];
        let svg = bars("Scores", &rows);
        assert_eq!(svg.matches("<rect class=\"bar\"").count(), 1);
        assert_eq!(svg.matches("class=\"reference\"").count(), 1);
        assert!(svg.contains(">33</text>") && svg.contains(">n/a</text>"));
        assert!(svg.contains(">benchmark 32</text>"), "the marker says what it is");
    }

    #[test]
    fn columns_scale_to_the_data_and_leave_gaps() {
        let svg = columns(
            "Releases",
            &["2024-01", "2024-02", "2024-03"],
            &[Some(2.0), None, Some(4.0)],
            "per month",
        );
        assert_eq!(svg.matches("<rect class=\"bar\"").count(), 2);
        // The tallest column is 150 / 1.15 high.
        assert!(svg.contains(r#"height="130.4""#), "{svg}");
        assert!(svg.contains(">2024-02</text>"));
        assert!(columns("Empty", &[] as &[&str], &[], "").ends_with("</svg>"));
    }

    #[test]
    fn columns_keep_their_width_and_name_only_periods_that_fit() {
        let months: Vec<String> = (1..=24)
            .map(|m| format!("20{}-{:02}", 24 + (m - 1) / 12, (m - 1) % 12 + 1))
            .collect();
        let values = vec![Some(3.0); 24];
        let svg = columns("Releases", &months, &values, "per month");
        assert!(svg.contains(r#"viewBox="0 0 360 220""#), "{svg}");
        let named: Vec<f64> = svg
            .split(r#"text-anchor="middle" x=""#)
            .skip(1)
            .filter(|t| t.contains(">20"))
            .map(|t| t[..t.find('"').expect("x")].parse().expect("x"))
            .collect();
        assert!(named.len() < 24 && named.len() >= 4, "{named:?}");
        // Seven characters of 11-unit text take about 46 units: names never overlap.
        assert!(named.windows(2).all(|w| w[1] - w[0] >= 46.0), "{named:?}");
        // Values on top only where a column is wide enough to hold one.
        assert!(!svg.contains(">3</text>"));
    }

    #[test]
    fn wrap_cases() {
        assert_eq!(
            wrap("Builds and continuous integration", 16),
            ["Builds and", "continuous", "integration"]
        );
        assert_eq!(wrap("Leadership", 16), ["Leadership"]);
        assert!(wrap("", 16).is_empty());
    }

    #[test]
    fn lines_break_at_gaps_and_escape_labels() {
        let a = [Some(10.0), Some(40.0), None, Some(60.0)];
        let b = [None, Some(50.0), Some(55.0), Some(70.0)];
        let series = [
            Series {
                label: "DevOps <&>",
                values: &a,
            },
            Series {
                label: "Testing",
                values: &b,
            },
        ];
        let svg = lines("Trend", &["2025-01", "2025-04", "2025-07", "2025-10"], &series);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        // DevOps: one line over the first two points (the lone last point has no line);
        // Testing: one line over the last three.
        assert_eq!(svg.matches(r#"<polyline class="line s0""#).count(), 1);
        assert_eq!(svg.matches(r#"<polyline class="line s1""#).count(), 1);
        assert_eq!(svg.matches("<circle").count(), 6);
        assert!(svg.contains("DevOps &lt;&amp;&gt;"));
        // 100 sits at the top of the plot, 0 at its bottom.
        assert!(svg.contains(r#"y1="12.0""#) && svg.contains(r#"y1="212.0""#));
        let single = lines(
            "One",
            &["only"],
            &[Series {
                label: "x",
                values: &[Some(50.0)],
            }],
        );
        assert_eq!(single.matches("<polyline").count(), 0);
        assert_eq!(single.matches("<circle").count(), 1);
    }
}
