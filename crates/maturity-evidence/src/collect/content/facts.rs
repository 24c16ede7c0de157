//! What reading one file contributes, and how a parser's complaint becomes a
//! [`ParseProblem`] that points at a line instead of stopping the scan.

use crate::raw::{CiConfig, Manifest, Marker, MarkerKind, ParseProblem, PathKind};
use crate::text::line_at;

/// What one file contributed.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FileFacts {
    pub ci: Option<CiConfig>,
    pub manifest: Option<Manifest>,
    pub markers: Vec<Marker>,
    /// Kinds only the contents reveal (a Kubernetes object, a CloudFormation template).
    pub kinds: Vec<(PathKind, String, usize)>,
    pub problems: Vec<ParseProblem>,
    /// Line of the first test in a source file that holds tests.
    pub inline_test: Option<usize>,
}

impl FileFacts {
    pub(super) fn marker(&mut self, kind: MarkerKind, path: &str, line: usize, detail: impl Into<String>) {
        self.markers.push(Marker {
            kind,
            path: path.to_string(),
            line: line.max(1),
            detail: detail.into(),
        });
    }

    pub(super) fn problem(
        &mut self,
        path: &str,
        format: &str,
        line: Option<usize>,
        message: impl Into<String>,
    ) {
        self.problems.push(ParseProblem {
            path: path.to_string(),
            line,
            format: format.to_string(),
            message: message.into(),
        });
    }

    pub(super) fn kind(&mut self, kind: PathKind, label: impl Into<String>, line: usize) {
        self.kinds.push((kind, label.into(), line.max(1)));
    }
}

/// The parser's message without its " at line N column M" tail: the line is reported apart.
pub(super) fn json_message(error: &serde_json::Error) -> String {
    let rendered = error.to_string();
    match rendered.find(" at line ") {
        Some(cut) => rendered[..cut].to_string(),
        None => rendered,
    }
}

pub(super) fn toml_problem(path: &str, text: &str, error: &toml::de::Error, facts: &mut FileFacts) {
    let line = error.span().map(|span| line_at(text, span.start));
    facts.problem(path, "TOML", line, error.message().trim().to_string());
}

/// What one reader makes of one file, for the readers' tests.
#[cfg(test)]
pub(super) fn read_with(reader: fn(&str, &str, &mut FileFacts), path: &str, text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    reader(path, text, &mut facts);
    facts
}
