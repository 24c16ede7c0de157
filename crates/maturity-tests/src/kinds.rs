//! Kinds of test (docs/tests.md, "Kinds of test"): unit, integration, system, performance or
//! security, told from the words of a test's report path, source file, suites, class and
//! categories. A `[tests.kinds]` table in `maturity.toml` adds words of the team's own,
//! matched before the built-in ones.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::ReadError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Unit,
    Integration,
    System,
    Performance,
    Security,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Unit,
        Kind::Integration,
        Kind::System,
        Kind::Performance,
        Kind::Security,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Unit => "unit",
            Kind::Integration => "integration",
            Kind::System => "system",
            Kind::Performance => "performance",
            Kind::Security => "security",
        }
    }

    fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The built-in words, in the order they are tried: a kind is given by the first word found.
/// Each word is a whole word of a name (names are split at punctuation and at lower-to-upper
/// case changes), or several words in a row. Performance and security come first, as their
/// tests often also drive the whole system.
pub const BUILT_IN: &[(Kind, &[&str])] = &[
    (
        Kind::Performance,
        &[
            "performance",
            "perf",
            "benchmark",
            "benchmarks",
            "bench",
            "benches",
            "jmh",
            "gatling",
            "jmeter",
            "locust",
            "k6",
            "stress",
            "load test",
            "load tests",
            "loadtest",
            "loadtests",
        ],
    ),
    (
        Kind::Security,
        &[
            "security",
            "owasp",
            "zap",
            "pentest",
            "penetration",
            "dast",
            "sast",
            "fuzz",
            "fuzzing",
        ],
    ),
    (
        Kind::System,
        &[
            "e2e",
            "end to end",
            "endtoend",
            "system",
            "systemtest",
            "systemtests",
            "ui",
            "uitest",
            "uitests",
            "selenium",
            "playwright",
            "cypress",
            "webdriver",
            "acceptance",
            "smoke",
            "robot",
            "marathon",
            "espresso",
            "xcuitest",
        ],
    ),
    (
        Kind::Integration,
        &[
            "integration",
            "integrationtest",
            "integrationtests",
            "failsafe",
            "contract",
            "pact",
            "testcontainers",
            "itest",
            "itests",
        ],
    ),
];

/// The rules in force: the team's words, then the built-in ones; unit when none matches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KindRules {
    /// Lowercased substrings, per kind, tried in the order of `Kind::ALL`.
    own: Vec<(Kind, String)>,
}

#[derive(Deserialize)]
struct Config {
    #[serde(default)]
    tests: TestsTable,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TestsTable {
    #[serde(default)]
    kinds: BTreeMap<String, Vec<String>>,
}

impl KindRules {
    /// The rules of a `maturity.toml` (or any TOML file) with a `[tests.kinds]` table, e.g.
    /// `system = ["checkout-flow"]`: a test whose names contain one of the words (any case)
    /// is of that kind. Other tables are ignored.
    pub fn from_toml(text: &str) -> Result<Self, ReadError> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |span| {
                text[..span.start.min(text.len())].matches('\n').count() + 1
            });
            ReadError::new(line, format!("[tests]: {}", e.message()))
        })?;
        let mut own = Vec::new();
        for (kind, words) in &config.tests.kinds {
            let kind = Kind::parse(kind).ok_or_else(|| {
                ReadError::new(
                    1,
                    format!(
                        "[tests.kinds]: unknown kind `{kind}`; kinds are unit, integration, system, \
                         performance and security"
                    ),
                )
            })?;
            own.extend(
                words
                    .iter()
                    .filter(|w| !w.trim().is_empty())
                    .map(|w| (kind, w.to_lowercase())),
            );
        }
        Ok(Self { own })
    }

    /// Whether a test's name can change its kind: only the team's own words are looked for in
    /// names.
    pub fn reads_names(&self) -> bool {
        !self.own.is_empty()
    }

    /// The kind of a test from `places` (report path, source file, suites, class, hints) and
    /// its `name`. Built-in words are not looked for in test names ("loads the config" is no
    /// load test); the team's words are.
    pub fn classify(&self, places: &[&str], name: &str) -> Kind {
        if !self.own.is_empty() {
            let all: String = places
                .iter()
                .chain(std::iter::once(&name))
                .map(|p| p.to_lowercase())
                .collect::<Vec<_>>()
                .join("\u{1}");
            for kind in BUILT_IN
                .iter()
                .map(|(k, _)| k)
                .chain(std::iter::once(&Kind::Unit))
            {
                if self
                    .own
                    .iter()
                    .any(|(k, w)| k == kind && all.contains(w.as_str()))
                {
                    return *kind;
                }
            }
        }
        let words: Vec<Vec<String>> = places.iter().map(|p| words(p)).collect();
        for (kind, phrases) in BUILT_IN {
            for phrase in *phrases {
                let phrase: Vec<&str> = phrase.split(' ').collect();
                if words.iter().any(|w| {
                    w.windows(phrase.len())
                        .any(|win| win.iter().zip(&phrase).all(|(a, b)| a == b))
                }) {
                    return *kind;
                }
            }
        }
        // Failsafe's naming convention: integration test classes end in IT or ITCase.
        if places.iter().any(|p| ends_with_it(p)) {
            return Kind::Integration;
        }
        Kind::Unit
    }
}

/// Words of a name, lowercased: split at anything but letters and digits, and where a
/// lowercase letter or digit meets an uppercase one (`UserServiceIT` → user service it,
/// `HTTPServer` → http server).
fn words(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1);
        let boundary = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_uppercase() && next.is_some_and(|n| n.is_lowercase()))
            });
        if boundary && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// A class (the last dotted or slashed part) named `…IT` or `…ITCase`, as Failsafe runs them.
fn ends_with_it(place: &str) -> bool {
    let last = place.rsplit(['.', '/', '\\', ' ', '$']).next().unwrap_or(place);
    let last = last.strip_suffix(".xml").unwrap_or(last);
    let stem = last.strip_suffix("ITCase").or_else(|| last.strip_suffix("IT"));
    stem.is_some_and(|s| {
        s.chars()
            .last()
            .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_at_case_changes_and_punctuation() {
        assert_eq!(words("UserServiceIT"), ["user", "service", "it"]);
        assert_eq!(words("HTTPServer_e2e-spec"), ["http", "server", "e2e", "spec"]);
        assert_eq!(
            words("tests/integration/test_db.py"),
            ["tests", "integration", "test", "db", "py"]
        );
    }

    #[test]
    fn built_in_rules_tell_kinds_from_places_not_test_names() {
        let rules = KindRules::default();
        let cases: &[(&[&str], &str, Kind)] = &[
            (
                &[
                    "target/surefire-reports/TEST-a.xml",
                    "",
                    "",
                    "com.acme.UserServiceTest",
                ],
                "saves",
                Kind::Unit,
            ),
            (&["target/failsafe-reports/TEST-a.xml"], "x", Kind::Integration),
            (&["", "", "", "com.acme.UserRepositoryIT"], "x", Kind::Integration),
            (&["", "", "", "com.acme.OrderITCase"], "x", Kind::Integration),
            (&["", "", "", "com.acme.AUDIT"], "x", Kind::Unit),
            (&["", "", "tests.integration.test_db"], "x", Kind::Integration),
            (&["e2e/junit.xml"], "x", Kind::System),
            (&["", "", "", "CheckoutUiTest"], "x", Kind::System),
            (&["", "", "", "bench.LoadTest"], "x", Kind::Performance),
            (
                &["", "", "", "ConfigLoadingTest"],
                "loads under stress",
                Kind::Unit,
            ),
            (&["", "", "", "AuthSecurityTest"], "x", Kind::Security),
            (&["", "", "", "", "Category=Integration"], "x", Kind::Integration),
        ];
        for (places, name, kind) in cases {
            assert_eq!(rules.classify(places, name), *kind, "{places:?} {name}");
        }
    }

    #[test]
    fn own_words_come_first_and_may_say_unit() {
        let rules = KindRules::from_toml(
            "subject = \"x\"\n[tests.kinds]\nsystem = [\"Checkout-Flow\"]\nunit = [\"UiHelpers\"]\n",
        )
        .expect("rules");
        assert_eq!(
            rules.classify(&["", "", "", "checkout-flow.spec"], "x"),
            Kind::System
        );
        assert_eq!(
            rules.classify(&["", "", "", "x"], "the checkout-flow works"),
            Kind::System
        );
        assert_eq!(rules.classify(&["", "", "", "UiHelpersTest"], "x"), Kind::Unit);
        assert_eq!(rules.classify(&["", "", "", "UiTest"], "x"), Kind::System);
        let err = KindRules::from_toml("[tests.kinds]\nmanual = [\"x\"]\n").expect_err("unknown kind");
        assert!(err.message.contains("unknown kind `manual`"), "{err}");
        let err = KindRules::from_toml("[tests]\nkinds = 3\n").expect_err("bad shape");
        assert_eq!(err.line, 2, "{err}");
    }
}
