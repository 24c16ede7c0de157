//! `config-parses`: could every configuration file the scanner needed be parsed? A broken
//! file is reported here, with the parser's line and message, instead of stopping the scan.

use crate::check::Check;
use crate::finding::{Finding, Outcome};
use crate::raw::RawEvidence;

pub const CHECK: Check = Check {
    id: "config-parses",
    question: "Do the configuration files the scanner reads (CI configs, manifests, tool configs) parse?",
    informs_no_level: Some(
        "It reports files the scanner could not read, not a practice; its findings explain why other checks may have missed evidence.",
    ),
    remediation: "Fix the syntax at the reported line; a CI or tool configuration that does not parse is ignored by the tool that should read it, too.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    raw.problems
        .iter()
        .map(|problem| {
            let at = problem
                .line
                .map(|line| format!(" line {line}"))
                .unwrap_or_default();
            Finding {
                check: CHECK.id.to_string(),
                outcome: Outcome::CouldNotParse,
                file: Some(problem.path.clone()),
                line: problem.line,
                message: format!(
                    "could not parse {}{at} as {}: {}",
                    problem.path, problem.format, problem.message
                ),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;

    #[test]
    fn broken_yaml_is_a_finding_with_its_line() {
        let text = "stages: [test]\n\ntest:\n  script:\n    - make\n  bad: [unclosed\n  other: x\n";
        let raw = crate::collect::collect_files(&[(".gitlab-ci.yml", text)]);
        let findings = (CHECK.run)(&raw);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].outcome, Outcome::CouldNotParse);
        assert!(
            findings[0]
                .message
                .starts_with("could not parse .gitlab-ci.yml line 7 as YAML: "),
            "{}",
            findings[0].message
        );
        assert!(run(&CHECK, &[(".gitlab-ci.yml", "test:\n  script: make\n")]).is_empty());
    }
}
