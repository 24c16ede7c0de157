//! `security-scanning`: is security testing or secret scanning set up?

use crate::check::Check;
use crate::checks::support::{conclude, from_deps, from_markers, from_paths, from_steps, has_code};
use crate::finding::Finding;
use crate::raw::{MarkerKind, PathKind, RawEvidence, StepKind};

pub const CHECK: Check = Check {
    id: "security-scanning",
    question: "Is security testing set up (OWASP ZAP, secret scanning such as gitleaks, SAST such as CodeQL, Semgrep, Bandit, gosec)?",
    informs_no_level: None,
    remediation: "Scan for leaked secrets (gitleaks), run a SAST tool (CodeQL, Semgrep, Bandit, gosec) and a DAST baseline (OWASP ZAP) against a test deployment.",
    run,
};

const LIBRARIES: &[&str] = &[
    "bandit",
    "eslint-plugin-security",
    "findsecbugs-plugin",
    "com.h3xstream.findsecbugs*",
    "security-code-scan*",
    "securitycodescan*",
    "detect-secrets",
    "semgrep",
    "brakeman",
];

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let mut passes = from_paths(
        CHECK.id,
        raw.of(PathKind::SecurityConfig),
        "security testing configured",
    );
    passes.extend(from_markers(CHECK.id, raw, MarkerKind::SecuritySection));
    passes.extend(from_deps(CHECK.id, raw, LIBRARIES, "security testing tool"));
    passes.extend(from_steps(
        CHECK.id,
        raw,
        StepKind::Security,
        "security scan in CI",
    ));
    conclude(
        CHECK.id,
        passes,
        has_code(raw),
        "no security testing or secret scanning found",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::outcomes;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        assert_eq!(outcomes(&CHECK, &[(".gitleaks.toml", "")]), [Pass]);
        assert_eq!(outcomes(&CHECK, &[(".zap/rules.tsv", "")]), [Pass]);
        assert_eq!(outcomes(&CHECK, &[("a.go", "")]), [Fail]);
    }
}
