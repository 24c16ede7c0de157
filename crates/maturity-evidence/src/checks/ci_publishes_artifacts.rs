//! `ci-publishes-artifacts`: does CI publish a package, artifact or image?

use crate::check::Check;
use crate::checks::support::{conclude, from_steps, has_ci};
use crate::finding::Finding;
use crate::raw::{RawEvidence, StepKind};

pub const CHECK: Check = Check {
    id: "ci-publishes-artifacts",
    question: "Does CI publish build outputs (packages, artifacts or container images) to a store?",
    informs_no_level: None,
    remediation: "Have the pipeline publish versioned outputs to an artifact store (container registry, package registry, release assets) instead of building them by hand.",
    run,
};

fn run(raw: &RawEvidence) -> Vec<Finding> {
    conclude(
        CHECK.id,
        from_steps(CHECK.id, raw, StepKind::Publish, "publishes"),
        has_ci(raw),
        "no CI step publishes a package, artifact or image",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run;
    use crate::finding::Outcome::*;

    #[test]
    fn cases() {
        let azure = "steps:\n  - script: dotnet build\n  - task: PublishBuildArtifacts@1\n";
        assert_eq!(
            run(&CHECK, &[("azure-pipelines.yml", azure)]),
            [(Pass, "azure-pipelines.yml:3".to_string())]
        );
        let jenkins = "pipeline {\n  stages {\n    stage('Image') {\n      steps { sh 'docker push acme/app:1' }\n    }\n  }\n}\n";
        assert_eq!(
            run(&CHECK, &[("Jenkinsfile", jenkins)]),
            [(Pass, "Jenkinsfile:4".to_string())]
        );
        assert_eq!(
            run(&CHECK, &[("Jenkinsfile", "sh 'make'")]),
            [(Fail, "-".to_string())]
        );
    }
}
