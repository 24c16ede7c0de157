//! `ci-config-present`: is there a CI pipeline defined in the repository?

use crate::check::Check;
use crate::checks::support::{conclude, has_code};
use crate::finding::Finding;
use crate::raw::RawEvidence;

pub const CHECK: Check = Check {
    id: "ci-config-present",
    question: "Does the repository define a CI pipeline?",
    informs_no_level: None,
    remediation: "Add a pipeline definition next to the code (for example .github/workflows/ci.yml, .gitlab-ci.yml, azure-pipelines.yml or a Jenkinsfile) that builds and tests every change.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let passes = raw
        .ci
        .iter()
        .map(|ci| {
            Finding::pass(
                CHECK.id,
                &ci.path,
                1,
                format!("{} configuration", ci.system.name()),
            )
        })
        .collect();
    conclude(
        CHECK.id,
        passes,
        has_code(raw),
        "no CI configuration found (looked for GitHub Actions, GitLab CI, Jenkins, Azure Pipelines, CircleCI, Bitbucket, Travis, Drone, Buildkite and Tekton)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        type Case<'a> = (&'a [(&'a str, &'a str)], &'a [(crate::finding::Outcome, &'a str)]);
        let cases: &[Case] = &[
            (
                &[(".gitlab-ci.yml", "test:\n  script: make\n"), ("main.go", "")],
                &[(Pass, ".gitlab-ci.yml:1")],
            ),
            (
                &[("Jenkinsfile", "pipeline {}"), ("main.go", "")],
                &[(Pass, "Jenkinsfile:1")],
            ),
            (&[("main.go", "")], &[(Fail, "-")]),
            (&[("README.md", "")], &[]),
        ];
        for (files, expected) in cases {
            let got = run(&CHECK, files);
            let expected: Vec<_> = expected.iter().map(|(o, l)| (*o, l.to_string())).collect();
            assert_eq!(got, expected, "{files:?}");
        }
    }
}
