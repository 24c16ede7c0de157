//! `iac-present`: is infrastructure described as code?

use crate::check::Check;
use crate::checks::support::{conclude, has_code};
use crate::finding::Finding;
use crate::raw::{PathKind, RawEvidence};

pub const CHECK: Check = Check {
    id: "iac-present",
    question: "Is infrastructure described as code (Terraform, Pulumi, CloudFormation, Ansible, Bicep/ARM, …)?",
    informs_no_level: None,
    remediation: "Describe the servers and services the product needs (networks, databases, load balancers) as code kept beside the application, and apply it from a pipeline.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    // One finding per tool, at its first file: fifty .tf files prove no more than one.
    let mut seen = Vec::new();
    let passes = raw
        .of(PathKind::Iac)
        .iter()
        .filter(|fact| {
            let new = !seen.contains(&fact.label);
            if new {
                seen.push(fact.label.clone());
            }
            new
        })
        .map(|fact| {
            Finding::pass(
                CHECK.id,
                &fact.path,
                fact.line,
                format!("infrastructure as code: {}", fact.label),
            )
        })
        .collect();
    conclude(
        CHECK.id,
        passes,
        has_code(raw),
        "no infrastructure-as-code files found",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        let files = [
            ("infra/main.tf", "resource \"x\" \"y\" {}\n"),
            ("infra/vars.tf", ""),
            ("cfn/stack.yaml", "AWSTemplateFormatVersion: '2010-09-09'\n"),
        ];
        assert_eq!(
            run(&CHECK, &files),
            [
                (Pass, "cfn/stack.yaml:1".to_string()),
                (Pass, "infra/main.tf:1".to_string())
            ]
        );
        assert_eq!(
            run(&CHECK, &[("main.bicep", "")]),
            [(Pass, "main.bicep:1".to_string())]
        );
        assert_eq!(run(&CHECK, &[("a.go", "")]), [(Fail, "-".to_string())]);
    }
}
