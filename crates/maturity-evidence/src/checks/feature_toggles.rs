//! `feature-toggles`: is a feature-flag library or flag configuration in use?

use crate::check::Check;
use crate::checks::support::{conclude, from_deps, from_paths, has_code};
use crate::finding::Finding;
use crate::raw::{PathKind, RawEvidence};

pub const CHECK: Check = Check {
    id: "feature-toggles",
    question: "Does the code use a feature-toggle library or keep flag configuration (Unleash, LaunchDarkly, Flagsmith, OpenFeature, Togglz, Flipper, …)?",
    informs_no_level: Some(
        "Toggles help to release continuously, but the environments-and-release levels ask how environments are installed and releases automated, which a toggle library does not show.",
    ),
    remediation: "Separate deploying from releasing: put unfinished or risky features behind flags (OpenFeature with a provider such as flagd, Unleash or LaunchDarkly) so they can be turned on gradually and off without a deployment.",
    run,
};

pub(crate) const LIBRARIES: &[&str] = &[
    "unleash-client*",
    "@unleash/*",
    "unleashclient",
    "unleash.client",
    "io.getunleash*",
    "github.com/unleash/*",
    "launchdarkly*",
    "@launchdarkly/*",
    "ldclient*",
    "launchdarkly-server-sdk",
    "github.com/launchdarkly/*",
    "flagsmith*",
    "@openfeature/*",
    "openfeature*",
    "dev.openfeature*",
    "github.com/open-feature/*",
    "togglz*",
    "flipper*",
    "ff4j*",
    "growthbook*",
    "@growthbook/*",
    "configcat*",
    "@splitsoftware/*",
    "splitio*",
    "microsoft.featuremanagement*",
    "github.com/thomaspoignant/go-feature-flag",
    "flagd*",
    "posthog-node",
];

fn run(raw: &RawEvidence) -> Vec<Finding> {
    let mut passes = from_deps(CHECK.id, raw, LIBRARIES, "feature-flag library");
    passes.extend(from_paths(
        CHECK.id,
        raw.of(PathKind::FeatureFlagConfig),
        "flag configuration",
    ));
    conclude(
        CHECK.id,
        passes,
        has_code(raw),
        "no feature-toggle library or flag configuration found",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        let node = "{\n  \"dependencies\": {\n    \"@openfeature/server-sdk\": \"1\"\n  }\n}\n";
        assert_eq!(
            run(&CHECK, &[("package.json", node)]),
            [(Pass, "package.json:3".to_string())]
        );
        let dotnet = "<Project>\n  <ItemGroup>\n    <PackageReference Include=\"Microsoft.FeatureManagement.AspNetCore\" Version=\"3\" />\n  </ItemGroup>\n</Project>\n";
        assert_eq!(
            run(&CHECK, &[("Web/Web.csproj", dotnet)]),
            [(Pass, "Web/Web.csproj:3".to_string())]
        );
        assert_eq!(run(&CHECK, &[("package.json", "{}")]), [(Fail, "-".to_string())]);
    }
}
