//! `coverage-threshold-high`: is the enforced coverage at least 85%?

use crate::check::Check;
use crate::checks::coverage_threshold::thresholds;
use crate::finding::Finding;
use crate::raw::RawEvidence;

pub const CHECK: Check = Check {
    id: "coverage-threshold-high",
    question: "Is the enforced coverage threshold at least 85%?",
    informs_no_level: None,
    remediation: "Raise the coverage floor step by step towards 85% as tests are added, so it never drops back.",
    run,
};

/// The share of code the highest levels of the models ask automated tests to cover.
const HIGH: f64 = 85.0;

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let all = thresholds(raw);
    let best = all.iter().max_by(|a, b| a.2.total_cmp(&b.2));
    match best {
        Some((path, line, value)) if *value >= HIGH => {
            vec![Finding::pass(
                CHECK.id,
                path,
                *line,
                format!("coverage threshold {value}% (at least {HIGH}%)"),
            )]
        }
        Some((path, line, value)) => vec![Finding::fail_at(
            CHECK.id,
            path,
            *line,
            format!("coverage threshold {value}% is below {HIGH}%"),
        )],
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        assert_eq!(
            run(&CHECK, &[(".coveragerc", "[report]\nfail_under = 90\n")]),
            [(Pass, ".coveragerc:2".to_string())]
        );
        assert_eq!(
            run(&CHECK, &[(".coveragerc", "[report]\nfail_under = 60\n")]),
            [(Fail, ".coveragerc:2".to_string())]
        );
        assert!(run(&CHECK, &[("a.py", "")]).is_empty());
    }
}
