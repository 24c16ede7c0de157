//! The `[dora]` table of `maturity.toml`: which of DORA's benchmark groups the Quick Check
//! is compared with (`industry = "technology"`, `size = "fewer_than_500"`). Each key is a
//! grouping of the benchmark file; a wrong group is an error at its line that lists the
//! valid ones.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diagnostic::{Diagnostic, nearest};

use super::benchmarks::Benchmarks;

/// The `[dora]` table as written: grouping key → group id, with places for messages.
pub type RawDoraConfig = BTreeMap<Spanned<String>, Spanned<toml::Value>>;

/// The checked `[dora]` table: grouping key (`industry`, `size`) → group id. Empty means the
/// `all` group of the industry benchmarks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DoraConfig {
    pub groups: BTreeMap<String, String>,
}

impl DoraConfig {
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

/// Checks `[dora]` against the benchmark file's groupings and groups.
pub fn check_dora_config(
    file: &str,
    text: &str,
    raw: &RawDoraConfig,
    benchmarks: &Benchmarks,
    problems: &mut Vec<Diagnostic>,
) -> DoraConfig {
    let mut config = DoraConfig::default();
    for (key, value) in raw {
        let Some(grouping) = benchmarks.grouping(key.get_ref()) else {
            let keys: Vec<&str> = benchmarks.groupings.iter().map(|g| g.key.as_str()).collect();
            problems.push(
                Diagnostic::new(file, format!("unknown [dora] key `{}`", key.get_ref()))
                    .at(text, key.span().start)
                    .with_help(format!("the keys are {}", keys.join(", "))),
            );
            continue;
        };
        let valid = || grouping.ids().collect::<Vec<_>>().join(", ");
        let Some(id) = value.get_ref().as_str() else {
            problems.push(
                Diagnostic::new(file, format!("[dora] {} must be a string", grouping.key))
                    .at(text, value.span().start)
                    .with_help(format!("one of {}", valid())),
            );
            continue;
        };
        if grouping.group(id).is_none() {
            let help = match nearest(id, grouping.ids()) {
                Some(near) => format!("did you mean `{near}`? valid {}: {}", grouping.name, valid()),
                None => format!("valid {}: {}", grouping.name, valid()),
            };
            problems.push(
                Diagnostic::new(file, format!("unknown {} `{id}` in [dora]", grouping.name))
                    .at(text, value.span().start)
                    .with_help(help),
            );
            continue;
        }
        config.groups.insert(grouping.key.clone(), id.to_string());
    }
    config
}

#[cfg(test)]
mod tests {
    use crate::assessment::{Assessment, ConfigFile, Sources};

    fn assemble(dora: &str) -> Result<Assessment, crate::Diagnostics> {
        let text = format!("subject = \"S\"\nmodels = [\"devops\"]\n[dora]\n{dora}\n");
        Assessment::assemble(Sources {
            config: ConfigFile::parse("maturity.toml", &text)?,
            model_files: Vec::new(),
            benchmark_files: Vec::new(),
            responses: Vec::new(),
        })
    }

    #[test]
    fn groups_are_read() {
        let a = assemble("industry = \"technology\"\nsize = \"solo\"").expect("valid");
        let got: Vec<(&str, &str)> = a
            .config
            .dora
            .groups
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(got, [("industry", "technology"), ("size", "solo")]);
        assert!(assemble("").expect("valid").config.dora.is_empty());
    }

    #[test]
    fn bad_groups_name_line_and_the_valid_ones() {
        let cases = [
            ("industry = \"tech\"", "unknown industry `tech` in [dora]"),
            ("industry = \"tecnology\"", "did you mean `technology`?"),
            (
                "industry = \"banking\"",
                "valid industry: all, consumer, education, energy, financial_services, government",
            ),
            (
                "size = \"huge\"",
                "valid organisation size: all, fewer_than_10, fewer_than_100",
            ),
            ("industry = 3", "[dora] industry must be a string"),
            (
                "sector = \"x\"",
                "unknown [dora] key `sector` (the keys are industry, size)",
            ),
        ];
        for (line, expected) in cases {
            let err = assemble(line).expect_err(line);
            assert_eq!(err.len(), 1, "{err}");
            assert_eq!(err.0[0].line, Some(4), "{line}: {err}");
            let text = err.to_string();
            assert!(text.starts_with("maturity.toml:4:"), "{text}");
            assert!(text.contains(expected), "{line}: {text}");
        }
    }
}
