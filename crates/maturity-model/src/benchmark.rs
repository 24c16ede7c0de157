//! Benchmarks: reference scores (a sector average, say) per model and optionally per area,
//! that an assessment compares its scores with.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Diagnostics, from_toml, nearest};
use crate::model::is_kebab_id;
use crate::model_set::ModelSet;

const BUILTIN: [(&str, &str); 1] = [(
    "heavy-industry.toml",
    include_str!("../data/benchmarks/heavy-industry.toml"),
)];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Benchmark {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Where the figures come from: a survey, a publication, an organisation.
    pub source: Option<String>,
    /// The year the figures were collected or published.
    pub year: Option<u16>,
    /// How many teams or organisations the figures average over.
    pub sample_size: Option<u32>,
    /// Model id → reference scores.
    pub models: BTreeMap<String, ModelBenchmark>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelBenchmark {
    pub score: Option<f64>,
    /// Qualified area id → reference score.
    pub areas: BTreeMap<String, f64>,
}

impl Benchmark {
    pub fn model_score(&self, model: &str) -> Option<f64> {
        self.models.get(model).and_then(|m| m.score)
    }

    pub fn area_score(&self, model: &str, area: &str) -> Option<f64> {
        self.models.get(model).and_then(|m| m.areas.get(area).copied())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBenchmark {
    id: Spanned<String>,
    name: String,
    #[serde(default)]
    description: String,
    source: Option<String>,
    year: Option<Spanned<i64>>,
    sample_size: Option<Spanned<i64>>,
    #[serde(default)]
    models: BTreeMap<Spanned<String>, RawModelBenchmark>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModelBenchmark {
    score: Option<Spanned<f64>>,
    #[serde(default)]
    areas: BTreeMap<Spanned<String>, Spanned<f64>>,
}

/// Parses a benchmark file; model and area ids must exist in `models`, scores lie in 0..=100.
pub fn parse_benchmark(file: &str, text: &str, models: &ModelSet) -> Result<Benchmark, Diagnostics> {
    let raw: RawBenchmark = toml::from_str(text).map_err(|e| Diagnostics::one(from_toml(file, text, &e)))?;
    let mut problems = Vec::new();
    if !is_kebab_id(raw.id.get_ref()) {
        problems.push(
            Diagnostic::new(
                file,
                format!("benchmark id `{}` is not kebab-case", raw.id.get_ref()),
            )
            .at(text, raw.id.span().start)
            .with_help("use lowercase letters, digits and single dashes"),
        );
    }
    let check_score = |value: &Spanned<f64>, problems: &mut Vec<Diagnostic>| {
        let score = *value.get_ref();
        if !(0.0..=100.0).contains(&score) {
            problems.push(
                Diagnostic::new(file, format!("score {score} is outside 0..100"))
                    .at(text, value.span().start)
                    .with_help("benchmark scores use the same 0–100 scale as assessments"),
            );
        }
    };
    let year = raw.year.as_ref().and_then(|year| {
        let found = u16::try_from(*year.get_ref())
            .ok()
            .filter(|y| (1900..=9999).contains(y));
        if found.is_none() {
            problems.push(
                Diagnostic::new(file, format!("year {} is not a year", year.get_ref()))
                    .at(text, year.span().start)
                    .with_help("the year the figures were collected, e.g. year = 2017"),
            );
        }
        found
    });
    let sample_size = raw.sample_size.as_ref().and_then(|size| {
        let found = u32::try_from(*size.get_ref()).ok().filter(|n| *n >= 1);
        if found.is_none() {
            problems.push(
                Diagnostic::new(file, format!("sample_size {} is not a count", size.get_ref()))
                    .at(text, size.span().start)
                    .with_help("how many teams the figures average over, at least 1"),
            );
        }
        found
    });
    let source = raw.source.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let mut result = BTreeMap::new();
    for (model_id, raw_model) in raw.models {
        let Some(model) = models.get(model_id.get_ref()) else {
            let mut d = Diagnostic::new(file, format!("unknown model `{}`", model_id.get_ref()))
                .at(text, model_id.span().start);
            if let Some(near) = models.nearest_model(model_id.get_ref()) {
                d = d.with_help(format!("did you mean `{near}`?"));
            }
            problems.push(d);
            continue;
        };
        if let Some(score) = &raw_model.score {
            check_score(score, &mut problems);
        }
        let mut areas = BTreeMap::new();
        for (area_id, score) in raw_model.areas {
            check_score(&score, &mut problems);
            let qualified = format!("{}.{}", model.id, area_id.get_ref());
            if model.area(&qualified).is_none() {
                let local_ids = model.areas.iter().map(|a| &a.id[model.id.len() + 1..]);
                let mut d = Diagnostic::new(
                    file,
                    format!("model `{}` has no area `{}`", model.id, area_id.get_ref()),
                )
                .at(text, area_id.span().start);
                if let Some(near) = nearest(area_id.get_ref(), local_ids) {
                    d = d.with_help(format!("did you mean `{near}`?"));
                }
                problems.push(d);
            }
            areas.insert(qualified, score.into_inner());
        }
        result.insert(
            model.id.clone(),
            ModelBenchmark {
                score: raw_model.score.map(Spanned::into_inner),
                areas,
            },
        );
    }
    Diagnostics(problems).into_result(Benchmark {
        id: raw.id.into_inner(),
        name: raw.name,
        description: raw.description,
        source,
        year,
        sample_size,
        models: result,
    })
}

/// The built-in benchmarks, checked against the built-in models.
pub fn builtin_benchmarks(models: &ModelSet) -> Vec<Benchmark> {
    BUILTIN
        .iter()
        .map(|(name, text)| {
            parse_benchmark(&format!("<built-in>/benchmarks/{name}"), text, models)
                .expect("built-in benchmarks are validated by the benchmark tests")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_heavy_industry_is_32_on_devops() {
        let benchmarks = builtin_benchmarks(&ModelSet::builtin());
        assert_eq!(benchmarks.len(), 1);
        assert_eq!(benchmarks[0].id, "heavy-industry");
        assert_eq!(benchmarks[0].model_score("devops"), Some(32.0));
        assert_eq!(benchmarks[0].model_score("automation"), None);
        assert!(
            benchmarks[0].source.is_some(),
            "the built-in benchmark says where it comes from"
        );
    }

    #[test]
    fn areas_are_qualified() {
        let text = "id = \"mine\"\nname = \"Mine\"\n[models.automation]\nscore = 40\n[models.automation.areas]\nbuild-ci = 55.5\n";
        let b = parse_benchmark("b.toml", text, &ModelSet::builtin()).expect("valid");
        assert_eq!(b.area_score("automation", "automation.build-ci"), Some(55.5));
    }

    #[test]
    fn bad_benchmarks_name_the_line() {
        let models = ModelSet::builtin();
        let cases = [
            (
                "id = \"b\"\nname = \"B\"\n[models.devop]\nscore = 3\n",
                3,
                "unknown model `devop` (did you mean `devops`?)",
            ),
            (
                "id = \"b\"\nname = \"B\"\n[models.devops]\nscore = 130\n",
                4,
                "score 130 is outside 0..100",
            ),
            (
                "id = \"b\"\nname = \"B\"\n[models.devops.areas]\nleadershp = 3\n",
                4,
                "model `devops` has no area `leadershp` (did you mean `leadership`?)",
            ),
            (
                "id = \"b\"\nname = \"B\"\n[models.devops]\nscore = \"x\"\n",
                4,
                "invalid type",
            ),
            (
                "id = \"b\"\nname = \"B\"\nyear = 17\n",
                3,
                "year 17 is not a year",
            ),
            (
                "id = \"b\"\nname = \"B\"\nsample_size = 0\n",
                3,
                "sample_size 0 is not a count",
            ),
        ];
        for (text, line, expected) in cases {
            let err = parse_benchmark("b.toml", text, &models).expect_err(text);
            assert_eq!(err.0[0].line, Some(line), "{err}");
            assert!(err.to_string().contains(expected), "{err}");
        }
    }
}
