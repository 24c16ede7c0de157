//! `formatter-configured`: is a code style written down as a formatter configuration?

use crate::check::Check;
use crate::checks::support::{conclude, from_deps, from_markers, from_paths, from_steps, has_code};
use crate::finding::Finding;
use crate::raw::{MarkerKind, PathKind, RawEvidence, StepKind};

pub const CHECK: Check = Check {
    id: "formatter-configured",
    question: "Is a code formatter or style configuration committed (rustfmt, Prettier, Black, EditorConfig, gofmt in CI, spotless)?",
    informs_no_level: None,
    remediation: "Commit a formatter configuration (rustfmt.toml, .prettierrc, [tool.black] or ruff format, .editorconfig) and check formatting in CI so style is never a review topic.",
    run,
};

const FORMATTERS: &[&str] = &[
    "prettier",
    "black",
    "isort",
    "yapf",
    "autopep8",
    "spotless-maven-plugin",
    "com.diffplug.spotless",
    "@biomejs/biome",
    "dprint",
    "csharpier",
];

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let mut passes = from_paths(
        CHECK.id,
        raw.of(PathKind::FormatterConfig),
        "formatting configured",
    );
    passes.extend(from_markers(CHECK.id, raw, MarkerKind::FormatterSection));
    passes.extend(from_deps(CHECK.id, raw, FORMATTERS, "formatter"));
    passes.extend(from_steps(
        CHECK.id,
        raw,
        StepKind::Format,
        "formatting checked in CI",
    ));
    conclude(
        CHECK.id,
        passes,
        has_code(raw),
        "no formatter or style configuration found",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::outcomes;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        assert_eq!(outcomes(&CHECK, &[("rustfmt.toml", "")]), [Pass]);
        assert_eq!(outcomes(&CHECK, &[(".editorconfig", "")]), [Pass]);
        assert_eq!(outcomes(&CHECK, &[("a.py", "")]), [Fail]);
    }
}
