//! Observed levels, the scan's last step: rules that fold findings into a level 1..4 per
//! criterion with the findings behind it. The rules are data, not code, so docs/checks.md
//! prints them as they are applied and the criteria each check informs are derived from them.
//!
//! A rule lists levels from high to low; the first level whose conditions all hold is the
//! observed level. A criterion none of whose levels holds stays unobserved: the scanner never
//! guesses. Level 1 rules exist only where a practice would necessarily leave a trace in the
//! repository (no CI configuration at all, no tests at all), so absence is evidence.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::finding::{Finding, Outcome};

/// A condition over the findings of one or more checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cond {
    /// The check produced at least one pass.
    Pass(&'static str),
    /// The check produced passes and no fail (e.g. every ecosystem has a lockfile).
    AllPass(&'static str),
    /// The check looked and found nothing: fails and no pass.
    Fail(&'static str),
    /// At least one of the conditions holds.
    Any(&'static [Cond]),
}

/// One level of a criterion's rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LevelRule {
    pub level: u8,
    /// Every condition must hold.
    pub when: &'static [Cond],
    /// Why these findings mean this level, in words.
    pub why: &'static str,
}

/// The rule for one criterion: its levels from high to low.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CriterionRule {
    pub criterion: &'static str,
    pub levels: &'static [LevelRule],
}

impl Cond {
    /// Adds the ids of the checks this condition reads to `out`, in the order written.
    fn collect_checks(&self, out: &mut Vec<&'static str>) {
        match self {
            Pass(id) | AllPass(id) | Fail(id) => {
                if !out.contains(id) {
                    out.push(id);
                }
            }
            Any(conds) => conds.iter().for_each(|c| c.collect_checks(out)),
        }
    }
}

impl LevelRule {
    /// The checks this level reads, in the order written.
    pub fn checks(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        self.when.iter().for_each(|c| c.collect_checks(&mut out));
        out
    }
}

impl CriterionRule {
    /// The checks any of its levels reads, in the order they first appear.
    pub fn checks(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        for level in self.levels {
            level.when.iter().for_each(|c| c.collect_checks(&mut out));
        }
        out
    }

    /// The levels, high to low, whose conditions read `check`.
    pub fn levels_reading(&self, check: &str) -> Vec<u8> {
        self.levels
            .iter()
            .filter(|level| level.checks().contains(&check))
            .map(|level| level.level)
            .collect()
    }
}

/// The criteria whose rules read `check`, in rule order. This is what a check informs:
/// deriving it from the rules, instead of declaring it beside the check, keeps the
/// documentation and `maturity checks` from promising levels a check never moves.
pub fn criteria_informed_by(check: &str) -> Vec<&'static str> {
    RULES
        .iter()
        .filter(|rule| rule.checks().contains(&check))
        .map(|rule| rule.criterion)
        .collect()
}

/// A criterion's level as the repository shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObservedLevel {
    /// Qualified criterion id, e.g. `testing.unit`.
    pub criterion: String,
    /// 1..=4.
    pub level: u8,
    /// The rule that matched, in words, with its conditions.
    pub rule: String,
    /// Indices into the report's `findings` that the rule rests on.
    pub findings: Vec<usize>,
}

use Cond::{AllPass, Any, Fail, Pass};

const NO_CI: LevelRule = LevelRule {
    level: 1,
    when: &[Fail("ci-config-present")],
    why: "No CI configuration is kept in the repository, so builds and integration are not defined as code.",
};

/// The rules, one per criterion the evidence can speak to.
pub static RULES: &[CriterionRule] = &[
    CriterionRule {
        criterion: "devops.builds-ci",
        levels: &[
            LevelRule {
                level: 3,
                when: &[
                    Pass("ci-triggers-on-change"),
                    Pass("ci-runs-tests"),
                    Pass("e2e-tests-in-ci"),
                    Pass("lockfile-present"),
                ],
                why: "Every change is integrated and tested, including end-to-end (acceptance) tests, and dependency versions are locked.",
            },
            LevelRule {
                level: 2,
                when: &[Pass("ci-triggers-on-change")],
                why: "A pipeline on shared CI starts after every change.",
            },
            NO_CI,
        ],
    },
    CriterionRule {
        criterion: "devops.quality-assurance",
        levels: &[
            LevelRule {
                level: 3,
                when: &[
                    Pass("unit-tests-present"),
                    Pass("ci-runs-tests"),
                    Pass("e2e-tests-in-ci"),
                ],
                why: "Unit and end-to-end tests run automatically in CI, so what users see is checked by automated tests.",
            },
            LevelRule {
                level: 2,
                when: &[Any(&[
                    Pass("unit-tests-present"),
                    Pass("static-analysis-configured"),
                ])],
                why: "Some of the product has unit tests or is checked by static analysis.",
            },
            LevelRule {
                level: 1,
                when: &[
                    Fail("unit-tests-present"),
                    Fail("integration-tests-present"),
                    Fail("e2e-tests-present"),
                    Fail("static-analysis-configured"),
                ],
                why: "There are no automated tests and no static analysis: quality is assured by hand, if at all.",
            },
        ],
    },
    CriterionRule {
        criterion: "devops.environments-release",
        levels: &[
            LevelRule {
                level: 4,
                when: &[
                    Pass("deploy-automated"),
                    Pass("iac-present"),
                    Pass("progressive-delivery"),
                ],
                why: "Deployment is automated, environments are code, and releases roll out progressively (canary or blue-green).",
            },
            LevelRule {
                level: 3,
                when: &[
                    Pass("deploy-automated"),
                    Any(&[Pass("iac-present"), Pass("k8s-manifests")]),
                ],
                why: "Deployment is automated and environments are installed from code.",
            },
            LevelRule {
                level: 2,
                when: &[Any(&[
                    Pass("container-build"),
                    Pass("release-automation"),
                    Pass("deploy-automated"),
                ])],
                why: "The build environment is described (a container definition) or some releasing is automated.",
            },
        ],
    },
    CriterionRule {
        criterion: "automation.builds-compilation",
        levels: &[
            LevelRule {
                level: 4,
                when: &[
                    Pass("ci-triggers-on-change"),
                    Pass("ci-runs-tests"),
                    Pass("deploy-automated"),
                ],
                why: "Changes are built and tested automatically, and what passes is deployed automatically.",
            },
            LevelRule {
                level: 3,
                when: &[Pass("ci-triggers-on-change"), Pass("ci-publishes-artifacts")],
                why: "Every change is built automatically and the pipeline publishes packages or images to a store.",
            },
            LevelRule {
                level: 2,
                when: &[Pass("ci-config-present")],
                why: "Builds and checks start from version control, but nothing is published automatically.",
            },
            NO_CI,
        ],
    },
    CriterionRule {
        criterion: "automation.deployment",
        levels: &[
            LevelRule {
                level: 4,
                when: &[Pass("deploy-automated"), Pass("iac-present")],
                why: "Both the application and its infrastructure are deployed from code.",
            },
            LevelRule {
                level: 3,
                when: &[Pass("deploy-automated")],
                why: "Updating the application is automated.",
            },
        ],
    },
    CriterionRule {
        criterion: "automation.package-management",
        levels: &[
            LevelRule {
                level: 4,
                when: &[Pass("ci-publishes-artifacts"), AllPass("lockfile-present")],
                why: "Outputs are published to a package store and every ecosystem's dependencies are resolved and locked by a package manager that can be queried.",
            },
            LevelRule {
                level: 3,
                when: &[Any(&[Pass("ci-publishes-artifacts"), Pass("lockfile-present")])],
                why: "Packages or dependencies are versioned and kept outside version control by a package manager or store.",
            },
        ],
    },
    CriterionRule {
        criterion: "automation.ci-levels",
        levels: &[
            LevelRule {
                level: 4,
                when: &[Pass("ci-triggers-on-change"), Pass("ci-triggers-downstream")],
                why: "A team pipeline runs on every change and starts (or follows) the next level of integration automatically.",
            },
            LevelRule {
                level: 2,
                when: &[Pass("ci-triggers-on-change")],
                why: "Continuous integration runs for this repository; nothing shows it reaching further.",
            },
            LevelRule {
                level: 1,
                when: &[Fail("ci-config-present")],
                why: "No CI configuration is kept in the repository.",
            },
        ],
    },
    CriterionRule {
        criterion: "automation.test-automation-level",
        levels: &[
            LevelRule {
                level: 4,
                when: &[Pass("ci-runs-tests"), Pass("coverage-threshold-high")],
                why: "CI runs the tests and enforces coverage of at least 85%.",
            },
            LevelRule {
                level: 3,
                when: &[Pass("ci-runs-tests"), AllPass("test-to-source-ratio")],
                why: "CI runs the tests and every ecosystem has at least one test file per five source files.",
            },
            LevelRule {
                level: 2,
                when: &[Any(&[
                    Pass("unit-tests-present"),
                    Pass("integration-tests-present"),
                    Pass("e2e-tests-present"),
                ])],
                why: "Automated tests exist.",
            },
            LevelRule {
                level: 1,
                when: &[
                    Fail("unit-tests-present"),
                    Fail("integration-tests-present"),
                    Fail("e2e-tests-present"),
                ],
                why: "The repository has code and no automated tests of any kind.",
            },
        ],
    },
    CriterionRule {
        criterion: "automation.code-quality",
        levels: &[
            LevelRule {
                level: 3,
                when: &[
                    Pass("static-analysis-configured"),
                    Any(&[Pass("codeowners"), Pass("pr-template")]),
                ],
                why: "Static analysis and code review (owners or a review template) are both in place; pair programming leaves no trace in a repository, so level 4 is never observed.",
            },
            LevelRule {
                level: 2,
                when: &[Any(&[
                    Pass("static-analysis-configured"),
                    Pass("codeowners"),
                    Pass("pr-template"),
                ])],
                why: "One of static analysis or code review is visible.",
            },
        ],
    },
    CriterionRule {
        criterion: "automation.quality-gates",
        levels: &[
            LevelRule {
                level: 4,
                when: &[
                    Pass("ci-triggers-on-change"),
                    Pass("ci-runs-tests"),
                    Pass("ci-static-analysis"),
                ],
                why: "Every change is checked by static analysis and the automated tests in CI.",
            },
            LevelRule {
                level: 3,
                when: &[Pass("ci-triggers-on-change"), Pass("ci-runs-tests")],
                why: "The automated tests run on every change and report automatically.",
            },
            LevelRule {
                level: 2,
                when: &[Any(&[
                    Pass("formatter-configured"),
                    Pass("static-analysis-configured"),
                    Pass("pr-template"),
                    Pass("codeowners"),
                ])],
                why: "Style conventions or review rules are written down, but not enforced by CI.",
            },
            LevelRule {
                level: 1,
                when: &[
                    Fail("ci-config-present"),
                    Fail("formatter-configured"),
                    Fail("static-analysis-configured"),
                ],
                why: "No CI, no linter and no style configuration: there are no automatic quality gates.",
            },
        ],
    },
    CriterionRule {
        criterion: "automation.testing-tools",
        levels: &[LevelRule {
            level: 3,
            when: &[Pass("test-doubles")],
            why: "Tests replace external systems with test doubles or run them locally, so most tests run on a developer's machine.",
        }],
    },
    CriterionRule {
        criterion: "automation.dependency-monitoring",
        levels: &[LevelRule {
            level: 3,
            when: &[Any(&[
                Pass("dependency-update-bot"),
                Pass("dependency-audit-step"),
            ])],
            why: "Dependencies are tracked automatically (an update bot or an audit); whether other teams use the information cannot be seen here.",
        }],
    },
    CriterionRule {
        criterion: "automation.service-configuration",
        levels: &[
            LevelRule {
                level: 4,
                when: &[Pass("iac-present"), Pass("per-env-config")],
                why: "Infrastructure is described as code and each environment's configuration is kept as files.",
            },
            LevelRule {
                level: 3,
                when: &[Any(&[Pass("iac-present"), Pass("k8s-manifests")])],
                why: "Most of the service is configured from code (infrastructure as code or Kubernetes manifests).",
            },
        ],
    },
    CriterionRule {
        criterion: "automation.development-environments",
        levels: &[
            LevelRule {
                level: 4,
                when: &[Pass("dev-environment-as-code")],
                why: "A development environment is built from code (Dev Container, Nix, Vagrant, …).",
            },
            LevelRule {
                level: 3,
                when: &[Pass("toolchain-pinned")],
                why: "The tool set is defined: toolchain versions are pinned in the repository.",
            },
        ],
    },
    CriterionRule {
        criterion: "automation.production-monitoring",
        levels: &[
            LevelRule {
                level: 3,
                when: &[
                    Pass("monitoring-config"),
                    Pass("health-checks"),
                    Pass("alerting-rules"),
                ],
                why: "The service is instrumented, declares health checks and has alerting rules as code.",
            },
            LevelRule {
                level: 2,
                when: &[Any(&[
                    Pass("monitoring-config"),
                    Pass("health-checks"),
                    Pass("alerting-rules"),
                ])],
                why: "Some monitoring is configured.",
            },
        ],
    },
    CriterionRule {
        criterion: "testing.unit",
        levels: &[
            LevelRule {
                level: 4,
                when: &[
                    Pass("unit-tests-present"),
                    Pass("ci-runs-tests"),
                    Pass("coverage-threshold-high"),
                ],
                why: "Unit tests run in CI with at least 85% coverage enforced.",
            },
            LevelRule {
                level: 3,
                when: &[Pass("unit-tests-present"), Pass("ci-runs-tests")],
                why: "CI runs the unit tests on every change.",
            },
            LevelRule {
                level: 2,
                when: &[Pass("unit-tests-present")],
                why: "Unit tests exist but no CI step runs them.",
            },
            LevelRule {
                level: 1,
                when: &[Fail("unit-tests-present")],
                why: "The repository has code and no unit tests.",
            },
        ],
    },
    CriterionRule {
        criterion: "testing.integration",
        levels: &[
            LevelRule {
                level: 3,
                when: &[Pass("integration-tests-present"), Pass("ci-runs-tests")],
                why: "Integration tests exist and CI runs the test suite.",
            },
            LevelRule {
                level: 2,
                when: &[Pass("integration-tests-present")],
                why: "Integration tests exist but no CI step runs tests.",
            },
        ],
    },
    CriterionRule {
        criterion: "testing.system",
        levels: &[
            LevelRule {
                level: 3,
                when: &[Pass("e2e-tests-present"), Pass("e2e-tests-in-ci")],
                why: "End-to-end tests exist and CI runs them.",
            },
            LevelRule {
                level: 2,
                when: &[Pass("e2e-tests-present")],
                why: "End-to-end tests exist but CI does not run them.",
            },
        ],
    },
    CriterionRule {
        criterion: "testing.performance",
        levels: &[
            LevelRule {
                level: 3,
                when: &[Pass("performance-tests-in-ci")],
                why: "CI runs performance or load tests.",
            },
            LevelRule {
                level: 2,
                when: &[Pass("performance-tests-present")],
                why: "Performance tests exist but CI does not run them.",
            },
        ],
    },
    CriterionRule {
        criterion: "testing.security",
        levels: &[
            LevelRule {
                level: 3,
                when: &[Pass("security-scanning-in-ci")],
                why: "CI runs security tests or vulnerability scans.",
            },
            LevelRule {
                level: 2,
                when: &[Any(&[Pass("security-scanning"), Pass("dependency-audit-step")])],
                why: "Security tooling is configured but CI does not run it.",
            },
        ],
    },
];

/// Pass and fail finding indices per check id.
#[derive(Default)]
struct ByCheck<'a> {
    map: BTreeMap<&'a str, (Vec<usize>, Vec<usize>)>,
}

impl<'a> ByCheck<'a> {
    fn new(findings: &'a [Finding]) -> Self {
        let mut map: BTreeMap<&str, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
        for (index, finding) in findings.iter().enumerate() {
            let entry = map.entry(finding.check.as_str()).or_default();
            match finding.outcome {
                Outcome::Pass => entry.0.push(index),
                Outcome::Fail => entry.1.push(index),
                Outcome::CouldNotParse => {}
            }
        }
        Self { map }
    }

    /// The findings that make the condition hold, or `None` when it does not.
    fn holds(&self, cond: &Cond) -> Option<Vec<usize>> {
        let get = |id: &str| self.map.get(id).cloned().unwrap_or_default();
        match cond {
            Pass(id) => {
                let (passes, _) = get(id);
                (!passes.is_empty()).then_some(passes)
            }
            AllPass(id) => {
                let (passes, fails) = get(id);
                (!passes.is_empty() && fails.is_empty()).then_some(passes)
            }
            Fail(id) => {
                let (passes, fails) = get(id);
                (passes.is_empty() && !fails.is_empty()).then_some(fails)
            }
            Any(conds) => {
                let held: Vec<usize> = conds.iter().filter_map(|c| self.holds(c)).flatten().collect();
                (!held.is_empty()).then_some(held)
            }
        }
    }
}

/// The condition in words, for the `rule` text and the docs.
pub fn describe(cond: &Cond) -> String {
    match cond {
        Pass(id) => format!("`{id}` passes"),
        AllPass(id) => format!("`{id}` passes with no fail"),
        Fail(id) => format!("`{id}` fails"),
        Any(conds) => format!(
            "one of ({})",
            conds.iter().map(describe).collect::<Vec<_>>().join(" or ")
        ),
    }
}

/// A level rule in words: its reason and its conditions.
pub fn describe_level(rule: &LevelRule) -> String {
    let conditions: Vec<String> = rule.when.iter().map(describe).collect();
    format!(
        "level {}: {} [{}]",
        rule.level,
        rule.why,
        conditions.join(" and ")
    )
}

/// Folds findings into observed levels, one per criterion whose rule matches, in rule order.
pub fn observe(findings: &[Finding]) -> Vec<ObservedLevel> {
    let by_check = ByCheck::new(findings);
    RULES
        .iter()
        .filter_map(|rule| {
            rule.levels.iter().find_map(|level| {
                let mut behind = Vec::new();
                for cond in level.when {
                    behind.extend(by_check.holds(cond)?);
                }
                behind.sort_unstable();
                behind.dedup();
                Some(ObservedLevel {
                    criterion: rule.criterion.to_string(),
                    level: level.level,
                    rule: describe_level(level),
                    findings: behind,
                })
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_name_known_criteria_and_descend() {
        let models = maturity_model::ModelSet::builtin();
        for rule in RULES {
            assert!(
                models.criterion(rule.criterion).is_some(),
                "unknown criterion {}",
                rule.criterion
            );
            let mut previous = 5;
            for level in rule.levels {
                assert!(
                    (1..=4).contains(&level.level) && level.level < previous,
                    "{}: levels must descend",
                    rule.criterion
                );
                previous = level.level;
            }
        }
    }

    #[test]
    fn covers_at_least_twelve_criteria_across_the_models() {
        let count = |prefix: &str| RULES.iter().filter(|r| r.criterion.starts_with(prefix)).count();
        assert!(RULES.len() >= 12);
        assert!(count("automation.") >= 6 && count("testing.") >= 4);
        for id in [
            "devops.builds-ci",
            "devops.quality-assurance",
            "devops.environments-release",
        ] {
            assert!(RULES.iter().any(|r| r.criterion == id), "{id}");
        }
    }

    fn finding(check: &str, outcome: Outcome) -> Finding {
        Finding {
            check: check.to_string(),
            outcome,
            file: None,
            line: None,
            message: String::new(),
        }
    }

    #[test]
    fn first_matching_level_wins_and_unmatched_stay_unobserved() {
        let findings = vec![
            finding("unit-tests-present", Outcome::Pass),
            finding("ci-runs-tests", Outcome::Pass),
            finding("ci-config-present", Outcome::Pass),
        ];
        let observed = observe(&findings);
        let unit = observed
            .iter()
            .find(|o| o.criterion == "testing.unit")
            .expect("observed");
        assert_eq!((unit.level, unit.findings.clone()), (3, vec![0, 1]));
        assert!(observed.iter().all(|o| o.criterion != "testing.performance"));
        assert!(observe(&[]).is_empty(), "no findings, no levels");
    }

    #[test]
    fn absence_gives_level_one_only_where_a_trace_is_certain() {
        let findings = vec![
            finding("ci-config-present", Outcome::Fail),
            finding("deploy-automated", Outcome::Fail),
        ];
        let observed = observe(&findings);
        let levels: Vec<(&str, u8)> = observed.iter().map(|o| (o.criterion.as_str(), o.level)).collect();
        assert!(levels.contains(&("devops.builds-ci", 1)));
        assert!(levels.contains(&("automation.ci-levels", 1)));
        assert!(
            !levels.iter().any(|(c, _)| *c == "automation.deployment"),
            "{levels:?}"
        );
    }

    #[test]
    fn a_check_informs_the_criteria_whose_rules_read_it() {
        // Read through `Fail` and inside `Any` as well as through `Pass`.
        assert_eq!(
            criteria_informed_by("ci-config-present"),
            [
                "devops.builds-ci",
                "automation.builds-compilation",
                "automation.ci-levels",
                "automation.quality-gates",
            ]
        );
        assert_eq!(
            criteria_informed_by("k8s-manifests"),
            ["devops.environments-release", "automation.service-configuration"]
        );
        assert!(criteria_informed_by("no-such-check").is_empty());
        let unit = RULES
            .iter()
            .find(|r| r.criterion == "testing.unit")
            .expect("rule");
        assert_eq!(unit.levels_reading("unit-tests-present"), [4, 3, 2, 1]);
        assert_eq!(unit.levels_reading("coverage-threshold-high"), [4]);
        assert_eq!(
            unit.checks(),
            ["unit-tests-present", "ci-runs-tests", "coverage-threshold-high"]
        );
    }
}
