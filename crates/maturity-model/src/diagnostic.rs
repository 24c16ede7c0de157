//! Errors that point at a place in a file: every reader of user input reports through these,
//! so a message always names the file, the line and what to do.

use std::fmt;
use std::ops::Range;

/// One problem found in one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it (a path, or `<built-in>/…` for compiled-in data).
    pub file: String,
    /// 1-based line, when the problem has a place in the file.
    pub line: Option<usize>,
    /// 1-based column (in characters), when known.
    pub column: Option<usize>,
    pub message: String,
    /// What to do about it, e.g. the nearest valid id.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            help: None,
        }
    }

    /// Places the diagnostic at a byte offset of `text`.
    #[must_use]
    pub fn at(mut self, text: &str, offset: usize) -> Self {
        let (line, column) = line_column(text, offset);
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Places the diagnostic at the start of a byte span of `text`, if there is one.
    #[must_use]
    pub fn at_span(self, text: &str, span: Option<Range<usize>>) -> Self {
        match span {
            Some(span) => self.at(text, span.start),
            None => self,
        }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// All the problems found in one read; a read that fails reports every one of them, not just
/// the first, so a user fixes a file in one pass.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn one(diagnostic: Diagnostic) -> Self {
        Self(vec![diagnostic])
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing was reported, else every diagnostic.
    pub fn into_result<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.0.is_empty() { Ok(value) } else { Err(self) }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        if count != 1 {
            writeln!(f, "{count} problems found:")?;
        }
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

/// 1-based line and character column of a byte offset; offsets past the end point at the end.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Turns a TOML syntax or shape error into a diagnostic at the place the parser names.
pub fn from_toml(file: &str, text: &str, error: &toml::de::Error) -> Diagnostic {
    Diagnostic::new(file, error.message().trim().to_string())
        .at_span(text, error.span())
        .with_help("fix the TOML syntax at this place")
}

/// The valid id nearest to a mistyped one, if any is close enough to be a likely typo.
pub fn nearest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(wrong, candidate), candidate))
        .filter(|(similarity, _)| *similarity >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_cases() {
        let cases = [
            ("abc", 0, (1, 1)),
            ("abc", 2, (1, 3)),
            ("a\nbc", 2, (2, 1)),
            ("a\nbc", 3, (2, 2)),
            ("a\nbc", 99, (2, 3)),
            ("é\nx", 1, (1, 1)),
            ("éx", 2, (1, 2)),
        ];
        for (text, offset, expected) in cases {
            assert_eq!(line_column(text, offset), expected, "{text:?} @ {offset}");
        }
    }

    #[test]
    fn nearest_cases() {
        let ids = ["devops.leadership", "automation.access-rights", "testing.unit"];
        let cases = [
            ("devops.leadershp", Some("devops.leadership")),
            ("automation.acess-rights", Some("automation.access-rights")),
            ("testing.units", Some("testing.unit")),
            ("zzzz", None),
        ];
        for (wrong, expected) in cases {
            assert_eq!(nearest(wrong, ids), expected, "{wrong}");
        }
    }

    #[test]
    fn display_names_file_line_and_help() {
        let d = Diagnostic::new("responses/a.toml", "bad level")
            .at("x = 1\ny = 9\n", 10)
            .with_help("use 1..4");
        assert_eq!(d.to_string(), "responses/a.toml:2:5: bad level (use 1..4)");
    }
}
