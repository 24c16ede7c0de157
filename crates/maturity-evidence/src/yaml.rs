//! YAML of untrusted repositories, parsed into a small tree that remembers the line of every
//! key and value, so a finding can point at the `on: pull_request` line of a workflow.
//!
//! serde-saphyr does the parsing: it is pure Rust, does not panic on malformed input and
//! enforces budgets that reject "billion laughs" alias bombs. Booleans are strict (YAML 1.2:
//! only `true`/`false`), so GitHub's `on:` key stays the string `on`.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// One YAML node and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Yaml {
    pub line: usize,
    pub value: YamlValue,
}

#[derive(Debug, Clone, PartialEq)]
pub enum YamlValue {
    Null,
    Bool(bool),
    /// Numbers are kept as text: checks only compare them, never compute with them.
    Number(String),
    String(String),
    Seq(Vec<Yaml>),
    /// Entries in file order; duplicate keys are kept (the last one wins in [`Yaml::get`]).
    Map(Vec<(YamlKey, Yaml)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct YamlKey {
    pub name: String,
    pub line: usize,
}

/// Why a YAML document could not be read, and where. `message` is the parser's without its
/// location, which `line` holds apart; the parser's own error stays the source.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct YamlError {
    pub line: Option<usize>,
    pub message: String,
    /// Boxed to keep `parse`'s result small: the parser's error is large.
    #[source]
    pub source: Box<serde_saphyr::Error>,
}

/// Parses every document of a YAML stream (Kubernetes and Drone files hold several).
pub fn parse(text: &str) -> Result<Vec<Yaml>, YamlError> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        // Ruby-based CI (GitLab) accepts repeated keys; reject nothing that the CI accepts.
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::PassThrough,
    };
    let lines = LineMap::of(text);
    let parsed = serde_saphyr::from_str_multiple_with_options::<Yaml, Vec<Yaml>>(text, options);
    parsed
        .map(|mut docs| {
            if let Some(lines) = &lines {
                for doc in &mut docs {
                    doc.renumber(lines);
                }
            }
            docs
        })
        .map_err(|error| {
            let line = error
                .location()
                .map(|location| location.line())
                .filter(|line| *line > 0)
                .and_then(|line| usize::try_from(line).ok())
                .map(|line| lines.as_ref().map_or(line, |lines| lines.get(line)));
            let rendered = error.without_snippet().to_string();
            // The rendered message ends with " at line N, column M"; the line is kept apart.
            let message = match rendered.find(" at line ") {
                Some(cut) => rendered[..cut].to_string(),
                None => rendered,
            };
            YamlError {
                line,
                message,
                source: Box::new(error),
            }
        })
}

/// The parser counts a lone carriage return as a line break, as YAML says; editors' line
/// numbers, `grep -n` and the `#L` anchors of forges count only line feeds. Findings must
/// point where people look, so the parser's lines are mapped to line-feed lines. Only built
/// when the text has a lone carriage return: otherwise the two agree.
struct LineMap(Vec<usize>);

impl LineMap {
    fn of(text: &str) -> Option<LineMap> {
        let bytes = text.as_bytes();
        let lone_cr = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
        if !(0..bytes.len()).any(lone_cr) {
            return None;
        }
        // Entry k is the line-feed line of the parser's line k + 1.
        let mut map = vec![1];
        let mut feed_line = 1;
        for (i, &byte) in bytes.iter().enumerate() {
            if byte == b'\n' {
                feed_line += 1;
                map.push(feed_line);
            } else if lone_cr(i) {
                map.push(feed_line);
            }
        }
        Some(LineMap(map))
    }

    fn get(&self, parser_line: usize) -> usize {
        parser_line
            .checked_sub(1)
            .and_then(|k| self.0.get(k))
            .copied()
            .unwrap_or(parser_line)
    }
}

impl Yaml {
    fn renumber(&mut self, lines: &LineMap) {
        self.line = lines.get(self.line);
        match &mut self.value {
            YamlValue::Map(entries) => {
                for (key, value) in entries {
                    key.line = lines.get(key.line);
                    value.renumber(lines);
                }
            }
            YamlValue::Seq(items) => items.iter_mut().for_each(|item| item.renumber(lines)),
            _ => {}
        }
    }

    /// The value of `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Yaml> {
        self.entries()
            .iter()
            .rev()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v)
    }

    /// The key entry itself (for its line).
    pub fn key(&self, key: &str) -> Option<&YamlKey> {
        self.entries()
            .iter()
            .rev()
            .find(|(k, _)| k.name == key)
            .map(|(k, _)| k)
    }

    pub fn entries(&self) -> &[(YamlKey, Yaml)] {
        match &self.value {
            YamlValue::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Yaml] {
        match &self.value {
            YamlValue::Seq(items) => items,
            _ => &[],
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            YamlValue::String(s) | YamlValue::Number(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.value, YamlValue::Map(_))
    }

    /// A string, or each string of a sequence, with their lines (for `run:` and `script:`
    /// keys that take either form).
    pub fn strings(&self) -> Vec<(&str, usize)> {
        match &self.value {
            YamlValue::String(s) => vec![(s.as_str(), self.line)],
            YamlValue::Seq(items) => items.iter().flat_map(Yaml::strings).collect(),
            _ => Vec::new(),
        }
    }

    /// Visits every node with the chain of mapping keys above it.
    pub fn walk<'a>(&'a self, path: &mut Vec<&'a str>, visit: &mut dyn FnMut(&[&'a str], &'a Yaml)) {
        visit(path, self);
        match &self.value {
            YamlValue::Map(entries) => {
                for (key, value) in entries {
                    path.push(&key.name);
                    value.walk(path, visit);
                    path.pop();
                }
            }
            YamlValue::Seq(items) => {
                for item in items {
                    item.walk(path, visit);
                }
            }
            _ => {}
        }
    }
}

fn line_of(location: serde_saphyr::Location) -> usize {
    usize::try_from(location.line()).unwrap_or(0)
}

impl<'de> Deserialize<'de> for Yaml {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<YamlValue>::deserialize(deserializer)?;
        Ok(Yaml {
            line: line_of(spanned.referenced),
            value: spanned.value,
        })
    }
}

struct KeyName(String);

impl<'de> Deserialize<'de> for KeyName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = KeyName;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a scalar mapping key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyName, E> {
                Ok(KeyName(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<KeyName, E> {
                Ok(KeyName(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<KeyName, E> {
                Ok(KeyName(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<KeyName, E> {
                Ok(KeyName(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<KeyName, E> {
                Ok(KeyName(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<KeyName, E> {
                Ok(KeyName(String::new()))
            }
            fn visit_none<E: de::Error>(self) -> Result<KeyName, E> {
                Ok(KeyName(String::new()))
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

impl<'de> Deserialize<'de> for YamlValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = YamlValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<YamlValue, E> {
                Ok(YamlValue::String(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<YamlValue, E> {
                Ok(YamlValue::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<YamlValue, E> {
                Ok(YamlValue::Number(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<YamlValue, E> {
                Ok(YamlValue::Number(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<YamlValue, E> {
                Ok(YamlValue::Number(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<YamlValue, E> {
                Ok(YamlValue::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<YamlValue, E> {
                Ok(YamlValue::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<YamlValue, D::Error> {
                YamlValue::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<YamlValue, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Yaml>()? {
                    items.push(item);
                }
                Ok(YamlValue::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<YamlValue, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<KeyName>>()? {
                    let value = map.next_value::<Yaml>()?;
                    let line = line_of(key.referenced);
                    entries.push((
                        YamlKey {
                            name: key.value.0,
                            line,
                        },
                        value,
                    ));
                }
                Ok(YamlValue::Map(entries))
            }
        }
        deserializer.deserialize_any(ValueVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_values_keep_their_lines() {
        let docs = parse(
            "name: CI\non:\n  push:\n  pull_request:\njobs:\n  t:\n    steps:\n      - run: cargo test\n",
        )
        .expect("valid");
        let doc = &docs[0];
        assert_eq!(doc.key("on").map(|k| k.line), Some(2));
        let on = doc.get("on").expect("on");
        assert_eq!(on.key("pull_request").map(|k| k.line), Some(4));
        let step = &doc
            .get("jobs")
            .and_then(|j| j.get("t"))
            .and_then(|t| t.get("steps"))
            .expect("steps")
            .items()[0];
        assert_eq!(
            step.get("run").map(|r| (r.as_str(), r.line)),
            Some((Some("cargo test"), 8))
        );
    }

    #[test]
    fn multiple_documents() {
        assert_eq!(parse("a: 1\n---\nb: 2\n").expect("valid").len(), 2);
    }

    #[test]
    fn lines_count_line_feeds_when_a_carriage_return_stands_alone() {
        // Found by fuzzing: lone carriage returns made lines point past the end of the file.
        let text = "name: ci\r# old mac line end\r\non:\n  pull_request:\r\njobs: {}\r";
        let doc = &parse(text).unwrap()[0];
        assert_eq!(doc.key("name").map(|k| k.line), Some(1));
        assert_eq!(doc.key("on").map(|k| k.line), Some(2));
        let on = doc.get("on").unwrap();
        assert_eq!(on.key("pull_request").map(|k| k.line), Some(3));
        assert_eq!(doc.key("jobs").map(|k| k.line), Some(4));
        let error = parse("a: 1\rb: [\n").unwrap_err();
        assert_eq!(error.line, Some(1), "{error}");
    }

    #[test]
    fn errors_carry_a_line() {
        let error = parse("a: [1, 2\nb: c\n").expect_err("broken");
        assert_eq!(error.line, Some(2));
        assert!(!error.message.contains("at line"), "{}", error.message);
        assert_eq!(error.to_string(), error.message);
        assert!(
            std::error::Error::source(&error).is_some(),
            "the parser's error is kept"
        );
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text =
            String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        for pair in names.windows(2) {
            let refs = vec![format!("*{}", pair[0]); 9].join(",");
            text.push_str(&format!("{}: &{} [{}]\n", pair[1], pair[1], refs));
        }
        assert!(parse(&text).is_err());
    }

    #[test]
    fn gitlab_reference_tags_parse() {
        let docs =
            parse("job:\n  script:\n    - !reference [.setup, script]\n    - make test\n").expect("valid");
        let script = docs[0].get("job").and_then(|j| j.get("script")).expect("script");
        assert!(script.strings().iter().any(|(s, _)| *s == "make test"));
    }
}
