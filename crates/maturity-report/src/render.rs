//! The one place that turns a [`Report`] into text: the report in Markdown, HTML or JSON, and
//! the templates' shared number filters, so every page and report shows numbers alike.

use std::collections::BTreeMap;

use minijinja::value::Serde;
use minijinja::{Environment, Value, context};

use crate::charts::charts;
use crate::view::{Delivery, Report};

/// The output formats of `maturity report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Json,
}

/// The output formats of `maturity plan` and `maturity metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFormat {
    Table,
    Json,
    Md,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("the report has no roadmap to render")]
    NoRoadmap,
    #[error("report template failed")]
    Template(#[from] minijinja::Error),
    #[error("report JSON failed")]
    Json(#[from] serde_json::Error),
}

/// Renders the report in `format`.
pub fn render(report: &Report, format: Format) -> Result<String, RenderError> {
    match format {
        Format::Json => {
            let mut json = serde_json::to_string_pretty(report)?;
            json.push('\n');
            Ok(json)
        }
        Format::Markdown => render_template(report, "report.md"),
        Format::Html => render_template(report, "report.html"),
    }
}

pub(crate) fn environment() -> Result<Environment<'static>, minijinja::Error> {
    let mut env = Environment::new();
    env.add_template("report.md", include_str!("../templates/report.md"))?;
    env.add_template("report.html", include_str!("../templates/report.html"))?;
    env.add_template("roadmap.md", include_str!("../templates/roadmap.md"))?;
    env.add_template("delivery.md", include_str!("../templates/delivery.md"))?;
    env.add_template("flow.md", include_str!("../templates/flow.md"))?;
    env.add_template("quick_check.md", include_str!("../templates/quick_check.md"))?;
    env.add_template("tests.md", include_str!("../templates/tests.md"))?;
    add_number_filters(&mut env);
    env.add_filter("cell", |s: &str| s.replace('|', "\\|").replace(['\n', '\r'], " "));
    // A metric everybody said "don't know" to has no entry in `metrics` to take its name from.
    env.add_filter("dora_name", |key: &str| {
        maturity_model::dora::QuickCheck::builtin()
            .metric(key)
            .map_or_else(|| key.to_string(), |m| m.name.clone())
    });
    // HTML templates escape by their extension; in Markdown, text from respondents and
    // assessors must not pass raw HTML to whatever renders the Markdown, so `<` and `>` in
    // every value become entities (which Markdown shows as the characters).
    env.set_formatter(|out, state, value| match value.as_str() {
        Some(text) if state.name().ends_with(".md") => {
            out.write_str(&text.replace('<', "&lt;").replace('>', "&gt;"))?;
            Ok(())
        }
        _ => minijinja::escape_formatter(out, state, value),
    });
    Ok(env)
}

/// The filters that format scores, levels, durations and shares: one place, so every page and
/// report shows numbers alike. Missing values show as "–".
pub fn add_number_filters(env: &mut Environment<'_>) {
    fn one_decimal(v: Option<f64>) -> String {
        v.map_or_else(|| "–".to_string(), |v| format!("{v:.1}"))
    }
    env.add_filter("score", |v: Option<f64>| {
        v.map_or_else(|| "–".to_string(), |v| format!("{v:.0}"))
    });
    env.add_filter("level", one_decimal);
    env.add_filter("num", one_decimal);
    env.add_filter("signed", |v: Option<f64>| match v {
        None => "–".to_string(),
        Some(v) if v.round() >= 0.0 => format!("+{v:.0}"),
        Some(v) => format!("−{:.0}", -v),
    });
    env.add_filter("percent", |v: Option<f64>| {
        v.map_or_else(|| "–".to_string(), |v| format!("{:.0} %", v * 100.0))
    });
    env.add_filter("hours", |v: Option<f64>| match v {
        None => "–".to_string(),
        Some(h) if h < 1.0 => format!("{:.0} min", h * 60.0),
        Some(h) if h < 48.0 => format!("{h:.1} h"),
        Some(h) => format!("{:.1} days", h / 24.0),
    });
}

pub(crate) fn render_template(report: &Report, name: &str) -> Result<String, RenderError> {
    let env = environment()?;
    let mut names = BTreeMap::new();
    let mut levels = BTreeMap::new();
    for model in &report.models {
        for area in &model.areas {
            for criterion in &area.criteria {
                names.insert(criterion.id.as_str(), criterion.name.as_str());
                levels.insert(criterion.id.as_str(), criterion.level);
            }
        }
    }
    let charts = if name.ends_with(".html") {
        charts(report)
    } else {
        Value::UNDEFINED
    };
    // "needed by" names proposals by their number in the plan, which readers can look up.
    let numbers: BTreeMap<&str, usize> = report
        .roadmap
        .iter()
        .flat_map(|r| &r.phases)
        .flat_map(|p| &p.proposals)
        .map(|p| (p.id.as_str(), p.number))
        .collect();
    let mut out = env.get_template(name)?.render(context! {
        report => Value::from(Serde(report)),
        names => Value::from(Serde(&names)),
        levels => Value::from(Serde(&levels)),
        numbers => Value::from(Serde(&numbers)),
        charts => charts,
    })?;
    if name.ends_with(".md") {
        out = collapse_blank_lines(out.trim_start());
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

/// The report's delivery section for `deliveries` alone, as `maturity metrics --format md`
/// writes it.
pub(crate) fn render_delivery_markdown(deliveries: &[Delivery]) -> Result<String, RenderError> {
    let env = environment()?;
    let out = env.get_template("delivery.md")?.render(context! {
        report => context! { delivery => Value::from(Serde(deliveries)) },
    })?;
    let mut out = collapse_blank_lines(out.trim_start());
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

/// Template control blocks leave runs of blank lines; Markdown needs at most one.
pub(crate) fn collapse_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        if line.trim().is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
            out.push('\n');
        } else {
            blank_run = 0;
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use maturity_model::Assessment;
    use maturity_model::assessment::{ConfigFile, Sources};

    use super::*;
    use crate::report_for;

    #[test]
    fn markdown_passes_no_raw_html_and_html_escapes_it_too() {
        let config = "subject = \"<b>Team</b>\"\nmodels = [\"devops\"]\n[[observations]]\narea = \"devops.leadership\"\ntext = \"<script>alert(1)</script> & <img src=x onerror=alert(2)>\"\n";
        let response = "respondent = \"<i>r1</i>\"\n[answers]\n\"devops.leadership\" = { level = 2, comment = \"<iframe src=//evil>\" }\n";
        let assessment = Assessment::assemble(Sources {
            config: ConfigFile::parse("maturity.toml", config).expect("config"),
            model_files: Vec::new(),
            benchmark_files: Vec::new(),
            responses: vec![("responses/r1.toml".into(), response.into())],
        })
        .expect("valid");
        let report = report_for(&assessment);
        for format in [Format::Markdown, Format::Html] {
            let text = render(&report, format).expect("renders");
            for raw in ["<script>", "<img", "<iframe", "<b>Team", "<i>r1"] {
                assert!(!text.contains(raw), "{format:?} passes {raw} through");
            }
        }
        let md = render(&report, Format::Markdown).expect("renders");
        assert!(
            md.contains("&lt;script&gt;alert(1)&lt;/script&gt; & &lt;img"),
            "{md}"
        );
        assert!(md.starts_with("# &lt;b&gt;Team&lt;/b&gt;"), "{md}");
    }

    #[test]
    fn test_results_show_with_their_charts_escaped_and_self_contained() {
        use maturity_tests::{KindRules, RunBuilder, read_report};
        let assessment = Assessment::assemble(Sources {
            config: ConfigFile::parse("maturity.toml", "subject = \"T\"\nmodels = [\"testing\"]\n")
                .expect("config"),
            model_files: Vec::new(),
            benchmark_files: Vec::new(),
            responses: Vec::new(),
        })
        .expect("valid");
        let mut builder = RunBuilder::default();
        for (run, outcome) in [("r1", ""), ("r2", "<failure/>"), ("r3", "")] {
            builder.start_run(run);
            builder.start_file(run);
            let xml = format!(
                "<testsuite name=\"s\"><testcase classname=\"&lt;script&gt;x\" name=\"flips\">{outcome}</testcase>\
                 <testcase classname=\"c\" name=\"steady\"/></testsuite>"
            );
            read_report(std::io::Cursor::new(xml), &mut |a| builder.add(a)).expect("reads");
            builder.file_done();
        }
        let mut report = report_for(&assessment);
        report.tests.push(crate::TestResults {
            source: "saved tests ci.json".into(),
            results: builder.finish(&KindRules::default()).summary(),
        });
        let html = render(&report, Format::Html).expect("renders");
        let md = render(&report, Format::Markdown).expect("renders");
        for text in [&html, &md] {
            assert!(text.contains("saved tests ci.json"));
            assert!(!text.contains("<script>"), "raw test names pass through");
        }
        assert!(
            html.contains("Pass rate per run") && html.contains("Flaky tests by flip rate"),
            "charts"
        );
        assert!(md.contains("| r2 | 2 | 1 | 1 | 0 | 0 | 0 |"), "{md}");
        assert!(md.contains("flips: 1.0 over 3 runs"), "{md}");
    }

    #[test]
    fn an_anonymous_report_names_nobody_in_any_format() {
        let config = "subject = \"S\"\nmodels = [\"testing\"]\nanonymous = true\n";
        // Five developers in one site, and three people alone in their role and site.
        let people = [
            ("Anna Qvarnstrom", "developer", "Gdańsk", 4),
            ("Bo Zetterlund", "developer", "Gdańsk", 3),
            ("Cleo Wyrzykowska", "developer", "Gdańsk", 3),
            ("Dag Xulindqvist", "developer", "Gdańsk", 2),
            ("Eva Kjaerstad", "developer", "Gdańsk", 3),
            ("Finn Oyelaran", "tester", "Hamburg", 1),
            ("Gro Pzarek", "operations", "Oslo", 2),
            ("Hal Vantongeren", "product-owner", "Bergen", 4),
        ];
        let responses = people
            .iter()
            .map(|(name, role, site, level)| {
                (
                    format!("responses/{name}.toml"),
                    format!(
                        "respondent = \"{name}\"\nrole = \"{role}\"\nsite = \"{site}\"\n[answers]\n\"testing.unit\" = {{ level = {level}, comment = \"we test at level {level}\" }}\n\"testing.system\" = {level}\n"
                    ),
                )
            })
            .collect();
        let assessment = Assessment::assemble(Sources {
            config: ConfigFile::parse("maturity.toml", config).expect("config"),
            model_files: Vec::new(),
            benchmark_files: Vec::new(),
            responses,
        })
        .expect("valid");
        // Evidence of no unit tests at all: the claimants of levels 3 and 4 are contradicted,
        // and scoring names claimants in the contradiction's text.
        let evidence = crate::Gathered {
            observed: vec![maturity_model::evidence::ObservedLevel {
                criterion: "testing.unit".into(),
                level: 1,
                rule: "no test files".into(),
                source: "scan of ../api".into(),
                evidence: Vec::new(),
            }],
            ..crate::Gathered::default()
        };
        let catalog = maturity_model::Catalog::builtin();
        let report = crate::prepare(
            &assessment,
            &crate::Inputs {
                evidence: &evidence,
                catalog: &catalog,
                plan: maturity_assess::PlanConfig::from_roadmap(&assessment.config.roadmap),
            },
        );
        assert!(!report.contradictions.is_empty(), "the claim is contradicted");
        let mut outputs = Vec::new();
        for format in [Format::Markdown, Format::Html, Format::Json] {
            outputs.push((format!("{format:?}"), render(&report, format).expect("renders")));
        }
        for format in [TextFormat::Table, TextFormat::Json, TextFormat::Md] {
            let plan = crate::render_plan(&report, format).expect("plan renders");
            outputs.push((format!("plan {format:?}"), plan));
        }
        for (format, text) in &outputs {
            for (name, ..) in people {
                let surname = name.split(' ').next_back().unwrap_or(name);
                for part in [name, surname] {
                    assert!(!text.contains(part), "{format} names {part}");
                }
            }
            assert!(
                text.contains("unattributed") || format.contains("plan") || format == "Json",
                "{format}"
            );
        }
        let roles: Vec<_> = report
            .by_role
            .iter()
            .map(|r| (r.role.as_str(), r.respondents))
            .collect();
        assert_eq!(roles, [("developer", 5), ("other", 3)]);
        let sites: Vec<_> = report
            .by_site
            .iter()
            .map(|s| (s.site.as_str(), s.respondents))
            .collect();
        assert_eq!(sites, [("Gdańsk", 5), ("other", 3)]);
        assert_eq!(report.respondents.roles.get("tester"), None);
        let levels: Vec<_> = report.models[0].areas[0].criteria[0]
            .answers
            .iter()
            .map(|a| (a.respondent.is_none() && a.role.is_none(), a.level))
            .collect();
        assert_eq!(
            levels,
            [
                (true, Some(1)),
                (true, Some(2)),
                (true, Some(2)),
                (true, Some(3)),
                (true, Some(3)),
                (true, Some(3)),
                (true, Some(4)),
                (true, Some(4))
            ],
            "unattributed and in level order, not in respondent order"
        );
    }
}
