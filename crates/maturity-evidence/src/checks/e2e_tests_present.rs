//! `e2e-tests-present`: are there end-to-end or system tests?

use crate::check::Check;
use crate::checks::support::{conclude, from_deps, from_paths, has_code};
use crate::collect::steps::classify_step;
use crate::finding::Finding;
use crate::raw::{PathKind, RawEvidence, StepKind, TestKind};

pub const CHECK: Check = Check {
    id: "e2e-tests-present",
    question: "Are there end-to-end or system tests (Playwright, Cypress, Selenium, Robot Framework, WebdriverIO, Gherkin features)?",
    informs_no_level: None,
    remediation: "Automate the main user journeys end to end (Playwright, Cypress, Selenium or Robot Framework) against a deployed test environment.",
    run,
};

pub(crate) const LIBRARIES: &[&str] = &[
    "playwright",
    "playwright-core",
    "@playwright/test",
    "microsoft.playwright*",
    "cypress",
    "selenium*",
    "@wdio/*",
    "webdriverio",
    "org.seleniumhq.selenium*",
    "selenium-java",
    "robotframework*",
    "testcafe",
    "nightwatch",
    "puppeteer",
    "selenium.webdriver",
    "thirtyfour",
    "fantoccini",
    "cucumber*",
    "@cucumber/*",
    "behave",
    "specflow*",
    "reqnroll*",
    "pytest-playwright",
    "github.com/chromedp/chromedp",
    "github.com/tebeka/selenium",
    "capybara",
];

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let mut passes = from_paths(CHECK.id, raw.of(PathKind::E2eTestConfig), "end-to-end tests");
    for (ecosystem, stats) in &raw.code {
        let count = stats.count(TestKind::System);
        if count > 0
            && let Some((path, line)) = stats.examples.get(&TestKind::System).and_then(|e| e.first())
        {
            passes.push(Finding::pass(
                CHECK.id,
                path,
                *line,
                format!("{}: {count} end-to-end test files", ecosystem.name()),
            ));
        }
    }
    passes.extend(from_deps(CHECK.id, raw, LIBRARIES, "end-to-end test library"));
    for manifest in &raw.manifests {
        for (name, command, line) in &manifest.scripts {
            if classify_step(command).contains(&StepKind::E2e) {
                passes.push(Finding::pass(
                    CHECK.id,
                    &manifest.path,
                    *line,
                    format!("script `{name}` runs end-to-end tests"),
                ));
            }
        }
    }
    conclude(
        CHECK.id,
        passes,
        has_code(raw),
        "no end-to-end or system tests found",
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
            run(&CHECK, &[("playwright.config.ts", ""), ("src/a.ts", "")]),
            [(Pass, "playwright.config.ts:1".to_string())]
        );
        assert_eq!(
            run(&CHECK, &[("acceptance/login.robot", "")]),
            [(Pass, "acceptance/login.robot:1".to_string())]
        );
        assert_eq!(
            run(&CHECK, &[("src/a.ts", ""), ("src/a.test.ts", "")]),
            [(Fail, "-".to_string())]
        );
    }
}
