//! `release-automation`: are releases cut by a tool or a tag-triggered pipeline?

use crate::check::Check;
use crate::checks::support::{conclude, from_deps, from_markers, from_paths, has_code};
use crate::finding::Finding;
use crate::raw::{MarkerKind, PathKind, RawEvidence, StepKind, Trigger};

pub const CHECK: Check = Check {
    id: "release-automation",
    question: "Are releases automated (semantic-release, release-please, GoReleaser, cargo-release, changesets, or a tag-triggered pipeline that publishes)?",
    informs_no_level: None,
    remediation: "Let a tool cut releases from the history (release-please, semantic-release, changesets, cargo-release, GoReleaser) or publish from a pipeline that runs on version tags.",
    run,
};

const TOOLS: &[&str] = &[
    "semantic-release",
    "@semantic-release/*",
    "release-please",
    "standard-version",
    "release-it",
    "@changesets/cli",
    "python-semantic-release",
    "commitizen",
    "maven-release-plugin",
    "jreleaser*",
    "org.jreleaser*",
    "goreleaser",
    "cargo-release",
    "bumpversion",
    "bump2version",
    "nbgv",
    "gitversion.msbuild",
];

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let mut passes = from_paths(CHECK.id, raw.of(PathKind::ReleaseConfig), "release tool");
    passes.extend(from_markers(CHECK.id, raw, MarkerKind::ReleaseSection));
    passes.extend(from_deps(CHECK.id, raw, TOOLS, "release tool"));
    for ci in &raw.ci {
        let tag = ci.triggers.iter().find(|t| t.value == Trigger::Tag);
        if let (Some(tag), Some(_)) = (tag, ci.steps_of(StepKind::Publish).next()) {
            passes.push(Finding::pass(
                CHECK.id,
                &ci.path,
                tag.line,
                format!("a pipeline publishes on version tags ({})", tag.detail),
            ));
        }
    }
    conclude(
        CHECK.id,
        passes,
        has_code(raw),
        "no release automation found; releases appear to be cut by hand",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        assert_eq!(
            run(&CHECK, &[(".goreleaser.yaml", "builds: []\n")]),
            [(Pass, ".goreleaser.yaml:1".to_string())]
        );
        let tagged =
            "on:\n  push:\n    tags: ['v*']\njobs:\n  release:\n    steps:\n      - run: cargo publish\n";
        assert_eq!(
            run(&CHECK, &[(".github/workflows/release.yml", tagged)]),
            [(Pass, ".github/workflows/release.yml:2".to_string())]
        );
        assert_eq!(run(&CHECK, &[("main.go", "")]), [(Fail, "-".to_string())]);
    }
}
