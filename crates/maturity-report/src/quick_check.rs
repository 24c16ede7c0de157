//! The report's DORA Quick Check section as data: the scored answers (`maturity_assess::
//! quick_check`) and, for every delivery-metrics source, the answers stated beside what was
//! measured. Its serde form is the `dora_quick_check` key of docs/report-json.md.
//!
//! Joins only; the scoring and the bands are `maturity-assess`'s.

use maturity_assess::metrics::DoraBenchmark;
use maturity_assess::quick_check::{Comparison, QuickCheckResult, compare, score_quick_check};
use maturity_model::Assessment;
use maturity_model::dora::{Benchmarks, QuickCheck};
use serde::Serialize;

use crate::view::Delivery;

#[derive(Debug, Clone, Serialize)]
pub struct QuickCheckView {
    #[serde(flatten)]
    pub result: QuickCheckResult,
    /// One entry per delivery-metrics source that measured an answered metric.
    pub measured: Vec<StatedMeasured>,
    /// Metrics stated and measured in different DORA bands, e.g. `deployfreq`, over all
    /// sources, each once.
    pub contradictions: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatedMeasured {
    /// The delivery source, as in `delivery[].source`.
    pub source: String,
    pub metrics: Vec<Comparison>,
}

/// The section, when anyone answered the Quick Check.
pub fn view(assessment: &Assessment, delivery: &[Delivery]) -> Option<QuickCheckView> {
    let check = QuickCheck::builtin();
    let result = score_quick_check(
        &assessment.responses,
        &assessment.config.dora,
        check,
        Benchmarks::builtin(),
    )?;
    let bands = DoraBenchmark::builtin();
    let measured: Vec<StatedMeasured> = delivery
        .iter()
        .map(|d| StatedMeasured {
            source: d.source.clone(),
            metrics: compare(&result, &d.metrics, check, &bands),
        })
        .filter(|s| !s.metrics.is_empty())
        .collect();
    let mut contradictions: Vec<String> = Vec::new();
    for c in measured
        .iter()
        .flat_map(|s| &s.metrics)
        .filter(|c| c.contradiction)
    {
        if !contradictions.contains(&c.metric) {
            contradictions.push(c.metric.clone());
        }
    }
    Some(QuickCheckView {
        result,
        measured,
        contradictions,
    })
}

#[cfg(test)]
mod tests {
    use maturity_assess::metrics::{Config, Input, compute};
    use maturity_model::assessment::{ConfigFile, Sources};

    use super::*;
    use crate::render::{Format, render};
    use crate::report_for;

    fn assessment(responses: &[&str]) -> Assessment {
        Assessment::assemble(Sources {
            config: ConfigFile::parse(
                "maturity.toml",
                "subject = \"S\"\nmodels = [\"devops\"]\n[dora]\nindustry = \"technology\"\n",
            )
            .expect("config"),
            model_files: Vec::new(),
            benchmark_files: Vec::new(),
            responses: responses
                .iter()
                .enumerate()
                .map(|(i, text)| {
                    (
                        format!("responses/r{i}.toml"),
                        format!("respondent = \"r{i}\"\n{text}"),
                    )
                })
                .collect(),
        })
        .expect("valid")
    }

    fn delivery() -> Vec<Delivery> {
        let mut metrics = compute(&Input::default(), &Config::new(0));
        metrics.deployment_frequency.count = 40;
        metrics.deployment_frequency.per_week = 20.0;
        metrics.lead_time.median_hours = Some(10.0);
        vec![Delivery {
            source: "git history of ../api".into(),
            metrics,
        }]
    }

    #[test]
    fn the_json_carries_the_contract_keys() {
        let a = assessment(&[
            "[dora]\nleadtime = 4\ndeployfreq = 2\nchangefailure = 10\n",
            "[dora]\nleadtime = 5\n",
        ]);
        let section = view(&a, &delivery()).expect("answered");
        let json = serde_json::to_value(&section).expect("serialises");
        assert_eq!(json["metrics"]["leadtime"]["score"], 7.0);
        assert_eq!(json["metrics"]["leadtime"]["n"], 2);
        assert_eq!(json["answered"], 3);
        assert_eq!(json["benchmark"]["group"], "technology");
        for key in ["performance_average", "throughput_average", "stability_average"] {
            assert!(json[key].is_f64(), "{key}: {json}");
        }
        for key in ["mean", "std", "z"] {
            assert!(json["benchmark"][key].is_f64(), "{key}");
        }
        // Deploying 20 a week is elite; "once a month to once in six months" is low.
        let measured = &json["measured"][0];
        assert_eq!(measured["source"], "git history of ../api");
        let rows: Vec<(&str, bool)> = measured["metrics"]
            .as_array()
            .expect("rows")
            .iter()
            .map(|r| {
                (
                    r["metric"].as_str().unwrap_or_default(),
                    r["contradiction"].as_bool().unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(rows, [("leadtime", false), ("deployfreq", true)]);
        assert_eq!(json["contradictions"], serde_json::json!(["deployfreq"]));
        assert!(view(&assessment(&["[answers]\n"]), &delivery()).is_none());
    }

    #[test]
    fn dont_know_is_counted_in_the_json_and_shown() {
        let a = assessment(&[
            "[dora]\nleadtime = 4\ndeployfreq = \"dont-know\"\n",
            "[dora]\nleadtime = \"dont-know\"\ndeployfreq = \"dont-know\"\n",
            "[dora]\nleadtime = 2\n",
        ]);
        let mut report = report_for(&a);
        report.dora_quick_check = view(&a, &[]);
        let json =
            serde_json::to_value(report.dora_quick_check.as_ref().expect("answered")).expect("serialises");
        assert_eq!(json["metrics"]["leadtime"]["n"], 2);
        assert_eq!(json["metrics"]["leadtime"]["dont_know"], 1);
        assert_eq!(json["metrics"]["leadtime"]["mean"], 3.0);
        assert_eq!(
            json["dont_know"],
            serde_json::json!({"deployfreq": 2, "leadtime": 1})
        );
        assert_eq!(json["answered"], 1);
        assert_eq!(json["respondents"], 3);
        let md = render(&report, Format::Markdown).expect("renders");
        let html = render(&report, Format::Html).expect("renders");
        for text in [&md, &html] {
            assert!(text.contains("Deployment frequency: 2 of 3 said don"), "{text}");
            assert!(text.contains("Lead time for changes: 1 of 3 said don"), "{text}");
        }
    }

    #[test]
    fn every_format_shows_it_with_the_credit() {
        let a = assessment(&["[dora]\nleadtime = 4\ndeployfreq = 2\nrework = 35\n"]);
        let mut report = report_for(&a);
        report.delivery = delivery();
        report.dora_quick_check = view(&a, &report.delivery);
        let md = render(&report, Format::Markdown).expect("renders");
        let html = render(&report, Format::Html).expect("renders");
        for text in [&md, &html] {
            assert!(text.contains("DORA Quick Check"), "{text}");
            assert!(text.contains("CC BY 4.0"), "credit");
            assert!(text.contains("Stated and measured: git history of"), "{text}");
            assert!(text.contains("contradiction"));
        }
        assert!(
            md.contains("| Deployment rework rate | 35.0 % (35–35, 1) | 6.5 |"),
            "{md}"
        );
        assert!(md.contains("Compared with Technology (industry)"), "{md}");
        assert!(!html.contains("https://"), "the HTML report stays free of URLs");
        let json = render(&report, Format::Json).expect("renders");
        assert!(json.contains("\"dora_quick_check\""));
        // Without answers the key is left out, and reports read as before.
        let plain = render(&report_for(&assessment(&[])), Format::Json).expect("renders");
        assert!(!plain.contains("dora_quick_check"));
    }
}
