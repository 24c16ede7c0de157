//! One fixture repository per ecosystem (Rust, Node, Python, Java/Maven, Go, .NET) plus a
//! bare one, scanned from disk, with the findings and observed levels each must produce.

mod common;

use common::{assert_levels, fails, passes, repo, scan_dir};

#[test]
fn rust_crate_with_github_actions() {
    let dir = repo(&[
        (
            "Cargo.toml",
            "[package]\nname = \"demo\"\nversion = \"0.1.0\"\n\n[dependencies]\nserde = \"1\"\n\n[dev-dependencies]\nmockall = \"0.13\"\n\n[lints.clippy]\npedantic = \"warn\"\n",
        ),
        ("Cargo.lock", "version = 4\n"),
        ("rust-toolchain.toml", "[toolchain]\nchannel = \"1.95\"\n"),
        ("rustfmt.toml", "max_width = 100\n"),
        ("deny.toml", "[advisories]\n"),
        ("release.toml", "sign-tag = true\n"),
        ("README.md", "# demo\n"),
        ("CHANGELOG.md", "# Changelog\n"),
        (
            "src/lib.rs",
            "pub mod a;\npub mod b;\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() {}\n}\n",
        ),
        ("src/a.rs", "pub fn a() {}\n\n#[cfg(test)]\nmod tests {}\n"),
        ("src/b.rs", "pub fn b() {}\n"),
        ("src/c.rs", "pub fn c() {}\n"),
        ("src/d.rs", "pub fn d() {}\n"),
        ("tests/api.rs", "#[test]\nfn api() {}\n"),
        (
            ".github/dependabot.yml",
            "version: 2\nupdates:\n  - package-ecosystem: cargo\n    directory: /\n    schedule: {interval: weekly}\n",
        ),
        (
            ".github/workflows/ci.yml",
            "name: CI\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: cargo clippy --all-targets -- -D warnings\n      - run: cargo test --workspace\n      - run: cargo llvm-cov --fail-under-lines 90\n      - uses: EmbarkStudios/cargo-deny-action@v2\n",
        ),
    ]);
    let report = scan_dir(dir.path());
    assert_eq!(
        passes(&report, "ci-config-present"),
        [".github/workflows/ci.yml:1"]
    );
    assert_eq!(
        passes(&report, "ci-triggers-on-change"),
        [".github/workflows/ci.yml:3", ".github/workflows/ci.yml:5"]
    );
    assert_eq!(passes(&report, "ci-runs-tests"), [".github/workflows/ci.yml:12"]);
    assert_eq!(
        passes(&report, "ci-static-analysis"),
        [".github/workflows/ci.yml:11"]
    );
    assert_eq!(passes(&report, "unit-tests-present"), ["src/a.rs:3"]);
    assert_eq!(passes(&report, "integration-tests-present"), ["tests/api.rs:1"]);
    assert_eq!(
        passes(&report, "coverage-threshold-high"),
        [".github/workflows/ci.yml:13"]
    );
    assert_eq!(passes(&report, "lockfile-present"), ["Cargo.lock:1"]);
    assert!(passes(&report, "static-analysis-configured").contains(&"Cargo.toml:11".to_string()));
    assert!(passes(&report, "dependency-audit-step").contains(&"deny.toml:1".to_string()));
    assert_eq!(passes(&report, "release-automation"), ["release.toml:1"]);
    assert_eq!(fails(&report, "e2e-tests-present"), ["-"]);
    let rust = report
        .ecosystems
        .iter()
        .find(|e| e.ecosystem == maturity_evidence::raw::Ecosystem::Rust)
        .expect("rust");
    assert_eq!(
        (
            rust.source_files,
            rust.unit_test_files,
            rust.integration_test_files
        ),
        (5, 2, 1)
    );
    assert_levels(
        &report,
        &[
            ("devops.builds-ci", Some(2)),
            ("devops.quality-assurance", Some(2)),
            ("automation.builds-compilation", Some(2)),
            ("automation.ci-levels", Some(2)),
            ("automation.quality-gates", Some(4)),
            ("automation.test-automation-level", Some(4)),
            ("automation.dependency-monitoring", Some(3)),
            ("automation.development-environments", Some(3)),
            ("automation.code-quality", Some(2)),
            ("automation.testing-tools", Some(3)),
            ("testing.unit", Some(4)),
            ("testing.integration", Some(3)),
            ("testing.system", None),
            ("testing.security", Some(3)),
            ("automation.deployment", None),
            ("devops.environments-release", Some(2)),
        ],
    );
}

#[test]
fn node_service_with_gitlab_ci_and_kubernetes() {
    let dir = repo(&[
        (
            "package.json",
            "{\n  \"name\": \"shop\",\n  \"scripts\": {\n    \"test\": \"jest\",\n    \"test:e2e\": \"playwright test\"\n  },\n  \"dependencies\": {\n    \"express\": \"4\",\n    \"@opentelemetry/api\": \"1\",\n    \"unleash-client\": \"5\"\n  },\n  \"devDependencies\": {\n    \"jest\": \"29\",\n    \"@playwright/test\": \"1\",\n    \"eslint\": \"9\",\n    \"prettier\": \"3\"\n  }\n}\n",
        ),
        ("package-lock.json", "{}"),
        ("eslint.config.js", "export default [];\n"),
        (
            "jest.config.js",
            "module.exports = {\n  coverageThreshold: {\n    global: { lines: 80 }\n  }\n};\n",
        ),
        ("playwright.config.ts", "export default {};\n"),
        ("src/app.ts", ""),
        ("src/cart.ts", ""),
        ("src/order.ts", ""),
        ("src/user.ts", ""),
        ("src/app.test.ts", ""),
        ("src/cart.test.ts", ""),
        ("e2e/checkout.spec.ts", ""),
        (
            "Dockerfile",
            "FROM node:20\nHEALTHCHECK CMD curl -f http://localhost:3000/health || exit 1\n",
        ),
        (
            "k8s/deployment.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\nspec:\n  template:\n    spec:\n      containers:\n        - name: shop\n          readinessProbe:\n            httpGet: {path: /ready, port: 3000}\n",
        ),
        (
            "k8s/overlays/production/kustomization.yaml",
            "resources: [../../]\n",
        ),
        (
            ".gitlab-ci.yml",
            "stages: [test, build, deploy]\n\nworkflow:\n  rules:\n    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n    - if: $CI_COMMIT_BRANCH == \"main\"\n\ntest:\n  stage: test\n  script:\n    - npm ci\n    - npm test\n\ne2e:\n  stage: test\n  script:\n    - npx playwright test\n\nimage:\n  stage: build\n  script:\n    - docker build -t registry.example.com/shop:$CI_COMMIT_SHA .\n    - docker push registry.example.com/shop:$CI_COMMIT_SHA\n\ndeploy_production:\n  stage: deploy\n  environment: production\n  when: manual\n  script:\n    - kubectl apply -k k8s/overlays/production\n",
        ),
    ]);
    let report = scan_dir(dir.path());
    assert_eq!(
        passes(&report, "ci-triggers-on-change"),
        [".gitlab-ci.yml:1", ".gitlab-ci.yml:5"]
    );
    assert_eq!(passes(&report, "ci-runs-tests"), [".gitlab-ci.yml:12"]);
    assert_eq!(passes(&report, "e2e-tests-in-ci"), [".gitlab-ci.yml:17"]);
    assert_eq!(passes(&report, "ci-publishes-artifacts"), [".gitlab-ci.yml:23"]);
    assert_eq!(passes(&report, "deploy-manual-approval"), [".gitlab-ci.yml:28"]);
    assert!(passes(&report, "deploy-automated").contains(&".gitlab-ci.yml:27".to_string()));
    assert_eq!(passes(&report, "coverage-threshold"), ["jest.config.js:3"]);
    assert_eq!(fails(&report, "coverage-threshold-high"), ["jest.config.js:3"]);
    assert_eq!(passes(&report, "feature-toggles"), ["package.json:10"]);
    assert_eq!(
        passes(&report, "health-checks"),
        ["Dockerfile:2", "k8s/deployment.yaml:10"]
    );
    assert_eq!(
        passes(&report, "k8s-manifests"),
        [
            "k8s/deployment.yaml:2",
            "k8s/overlays/production/kustomization.yaml:1"
        ]
    );
    assert!(
        passes(&report, "per-env-config")
            .contains(&"k8s/overlays/production/kustomization.yaml:1".to_string())
    );
    assert_levels(
        &report,
        &[
            ("devops.builds-ci", Some(3)),
            ("devops.quality-assurance", Some(3)),
            ("devops.environments-release", Some(3)),
            ("automation.builds-compilation", Some(4)),
            ("automation.deployment", Some(3)),
            ("automation.package-management", Some(4)),
            ("automation.service-configuration", Some(3)),
            ("automation.production-monitoring", Some(2)),
            ("automation.quality-gates", Some(3)),
            ("automation.test-automation-level", Some(3)),
            ("testing.unit", Some(3)),
            ("testing.system", Some(3)),
            ("testing.performance", None),
        ],
    );
}

#[test]
fn python_service_with_azure_pipelines() {
    let dir = repo(&[
        (
            "pyproject.toml",
            "[project]\nname = \"billing\"\ndependencies = [\"fastapi>=0.110\", \"prometheus-client\"]\n\n[project.optional-dependencies]\ntest = [\"pytest\", \"pytest-cov\", \"pytest-mock\", \"locust\"]\n\n[tool.ruff]\nline-length = 100\n\n[tool.coverage.report]\nfail_under = 70\n",
        ),
        ("poetry.lock", ""),
        (".pre-commit-config.yaml", "repos: []\n"),
        ("billing/__init__.py", ""),
        ("billing/api.py", ""),
        ("billing/invoice.py", ""),
        ("billing/tax.py", ""),
        ("billing/store.py", ""),
        ("tests/conftest.py", ""),
        ("tests/test_invoice.py", ""),
        ("tests/test_tax.py", ""),
        ("tests/integration/test_store.py", ""),
        ("locustfile.py", "from locust import HttpUser\n"),
        (
            "azure-pipelines.yml",
            "trigger:\n  branches:\n    include: [main]\npr:\n  branches:\n    include: [main]\n\nsteps:\n  - script: pip install -e .[test]\n  - script: python -m pytest --cov=billing\n    displayName: Test\n  - task: PublishBuildArtifacts@1\n",
        ),
    ]);
    let report = scan_dir(dir.path());
    assert_eq!(
        passes(&report, "ci-triggers-on-change"),
        ["azure-pipelines.yml:1", "azure-pipelines.yml:4"]
    );
    assert_eq!(passes(&report, "ci-runs-tests"), ["azure-pipelines.yml:10"]);
    assert_eq!(
        passes(&report, "ci-publishes-artifacts"),
        ["azure-pipelines.yml:12"]
    );
    assert_eq!(passes(&report, "coverage-threshold"), ["pyproject.toml:12"]);
    assert_eq!(fails(&report, "coverage-threshold-high"), ["pyproject.toml:12"]);
    assert_eq!(
        passes(&report, "integration-tests-present"),
        ["tests/integration/test_store.py:1"]
    );
    assert!(passes(&report, "performance-tests-present").contains(&"locustfile.py:1".to_string()));
    assert!(passes(&report, "static-analysis-configured").contains(&"pyproject.toml:8".to_string()));
    assert_levels(
        &report,
        &[
            ("devops.builds-ci", Some(2)),
            ("automation.builds-compilation", Some(3)),
            ("automation.package-management", Some(4)),
            ("automation.test-automation-level", Some(3)),
            ("automation.production-monitoring", Some(2)),
            ("testing.unit", Some(3)),
            ("testing.integration", Some(3)),
            ("testing.performance", Some(2)),
            ("testing.system", None),
        ],
    );
}

#[test]
fn java_maven_service_with_jenkins_and_terraform() {
    let dir = repo(&[
        (
            "pom.xml",
            "<project>\n  <artifactId>orders</artifactId>\n  <dependencies>\n    <dependency>\n      <groupId>org.mockito</groupId>\n      <artifactId>mockito-core</artifactId>\n    </dependency>\n    <dependency>\n      <groupId>org.seleniumhq.selenium</groupId>\n      <artifactId>selenium-java</artifactId>\n    </dependency>\n  </dependencies>\n  <build><plugins>\n    <plugin>\n      <artifactId>maven-checkstyle-plugin</artifactId>\n    </plugin>\n    <plugin>\n      <artifactId>jacoco-maven-plugin</artifactId>\n      <configuration><rules><rule><limits><limit>\n        <minimum>0.85</minimum>\n      </limit></limits></rule></rules></configuration>\n    </plugin>\n  </plugins></build>\n</project>\n",
        ),
        ("src/main/java/shop/Order.java", ""),
        ("src/main/java/shop/OrderService.java", ""),
        ("src/main/java/shop/Payment.java", ""),
        ("src/main/resources/application-prod.yml", "server: {port: 80}\n"),
        ("src/test/java/shop/OrderTest.java", ""),
        ("src/test/java/shop/OrderServiceIT.java", ""),
        (
            "infra/main.tf",
            "resource \"azurerm_linux_web_app\" \"app\" {}\n\nresource \"azurerm_linux_web_app_slot\" \"staging\" {}\n",
        ),
        (".github/CODEOWNERS", "* @shop-team\n"),
        (
            "Jenkinsfile",
            "pipeline {\n  agent any\n  stages {\n    stage('Build') {\n      steps {\n        sh 'mvn -B verify'\n      }\n    }\n    stage('Deploy') {\n      steps {\n        input message: 'Deploy to production?'\n        sh 'terraform -chdir=infra apply -auto-approve'\n      }\n    }\n  }\n}\n",
        ),
    ]);
    let report = scan_dir(dir.path());
    assert_eq!(passes(&report, "ci-runs-tests"), ["Jenkinsfile:6"]);
    assert_eq!(passes(&report, "deploy-manual-approval"), ["Jenkinsfile:11"]);
    assert_eq!(passes(&report, "coverage-threshold-high"), ["pom.xml:20"]);
    assert_eq!(passes(&report, "progressive-delivery"), ["infra/main.tf:3"]);
    assert_eq!(
        passes(&report, "integration-tests-present"),
        ["src/test/java/shop/OrderServiceIT.java:1"]
    );
    assert_eq!(passes(&report, "e2e-tests-present"), ["pom.xml:10"]);
    assert!(
        fails(&report, "lockfile-present").is_empty(),
        "Maven does not lock by convention"
    );
    assert_levels(
        &report,
        &[
            ("devops.environments-release", Some(4)),
            ("automation.deployment", Some(4)),
            ("automation.builds-compilation", Some(4)),
            ("automation.code-quality", Some(3)),
            ("automation.service-configuration", Some(4)),
            ("testing.unit", Some(4)),
            ("testing.system", Some(2)),
            ("automation.testing-tools", Some(3)),
        ],
    );
}

#[test]
fn go_module_with_circleci_and_goreleaser() {
    let dir = repo(&[
        (
            "go.mod",
            "module example.com/tool\n\ngo 1.22\n\nrequire (\n\tgithub.com/spf13/cobra v1.8.0\n\tgo.opentelemetry.io/otel v1.24.0\n)\n",
        ),
        ("go.sum", ""),
        (".golangci.yml", "linters: {enable: [govet]}\n"),
        (".goreleaser.yaml", "builds: [{}]\n"),
        ("main.go", ""),
        ("internal/run/run.go", ""),
        ("internal/run/run_test.go", ""),
        ("internal/store/store.go", ""),
        ("internal/store/store_integration_test.go", ""),
        (
            ".circleci/config.yml",
            "version: 2.1\njobs:\n  test:\n    docker: [{image: cimg/go:1.22}]\n    steps:\n      - checkout\n      - run: golangci-lint run\n      - run: go test -race ./...\n  release:\n    steps:\n      - run: goreleaser release --clean\nworkflows:\n  main:\n    jobs:\n      - test\n      - hold:\n          type: approval\n      - release:\n          requires: [hold]\n",
        ),
    ]);
    let report = scan_dir(dir.path());
    assert_eq!(passes(&report, "ci-runs-tests"), [".circleci/config.yml:8"]);
    assert_eq!(passes(&report, "ci-static-analysis"), [".circleci/config.yml:7"]);
    assert_eq!(passes(&report, "lockfile-present"), ["go.sum:1"]);
    assert!(passes(&report, "release-automation").contains(&".goreleaser.yaml:1".to_string()));
    assert_eq!(
        passes(&report, "integration-tests-present"),
        ["internal/store/store_integration_test.go:1"]
    );
    assert_levels(
        &report,
        &[
            ("automation.quality-gates", Some(4)),
            ("automation.builds-compilation", Some(3)),
            ("testing.unit", Some(3)),
            ("testing.integration", Some(3)),
            ("automation.production-monitoring", Some(2)),
            ("devops.environments-release", Some(2)),
        ],
    );
}

#[test]
fn dotnet_solution_with_bitbucket_pipelines() {
    let dir = repo(&[
        ("global.json", "{\"sdk\": {\"version\": \"8.0.100\"}}\n"),
        (
            "Directory.Build.props",
            "<Project>\n  <PropertyGroup>\n    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>\n  </PropertyGroup>\n</Project>\n",
        ),
        (
            "Billing/Billing.csproj",
            "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <ItemGroup>\n    <PackageReference Include=\"AspNetCore.HealthChecks.SqlServer\" Version=\"8.0.0\" />\n  </ItemGroup>\n</Project>\n",
        ),
        ("Billing/Program.cs", ""),
        ("Billing/Invoice.cs", ""),
        ("Billing/appsettings.json", "{}"),
        ("Billing/appsettings.Production.json", "{}"),
        (
            "Billing.Tests/Billing.Tests.csproj",
            "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <ItemGroup>\n    <PackageReference Include=\"xunit\" Version=\"2.7.0\" />\n    <PackageReference Include=\"Moq\" Version=\"4.20.0\" />\n    <PackageReference Include=\"coverlet.collector\" Version=\"6.0.0\" />\n  </ItemGroup>\n</Project>\n",
        ),
        ("Billing.Tests/InvoiceTests.cs", ""),
        (
            "bitbucket-pipelines.yml",
            "image: mcr.microsoft.com/dotnet/sdk:8.0\npipelines:\n  pull-requests:\n    '**':\n      - step:\n          name: Test\n          script:\n            - dotnet test --collect:\"XPlat Code Coverage\"\n  branches:\n    main:\n      - step:\n          name: Deploy\n          deployment: production\n          trigger: manual\n          script:\n            - pipe: atlassian/azure-web-apps-deploy:1.0.1\n",
        ),
    ]);
    let report = scan_dir(dir.path());
    assert_eq!(
        passes(&report, "ci-triggers-on-change"),
        ["bitbucket-pipelines.yml:3", "bitbucket-pipelines.yml:9"]
    );
    assert_eq!(passes(&report, "ci-runs-tests"), ["bitbucket-pipelines.yml:8"]);
    assert_eq!(
        passes(&report, "deploy-manual-approval"),
        ["bitbucket-pipelines.yml:14"]
    );
    assert_eq!(
        passes(&report, "unit-tests-present"),
        ["Billing.Tests/InvoiceTests.cs:1"]
    );
    assert_eq!(
        passes(&report, "test-doubles"),
        ["Billing.Tests/Billing.Tests.csproj:4"]
    );
    assert_eq!(passes(&report, "health-checks"), ["Billing/Billing.csproj:3"]);
    assert_eq!(
        passes(&report, "per-env-config"),
        ["Billing/appsettings.Production.json:1"]
    );
    assert_eq!(passes(&report, "toolchain-pinned"), ["global.json:1"]);
    assert!(passes(&report, "static-analysis-configured").contains(&"Directory.Build.props:3".to_string()));
    assert_levels(
        &report,
        &[
            ("testing.unit", Some(3)),
            ("automation.testing-tools", Some(3)),
            ("automation.deployment", Some(3)),
            ("automation.development-environments", Some(3)),
            ("automation.service-configuration", None),
        ],
    );
}

#[test]
fn a_bare_repository_is_level_one_only_where_absence_is_certain() {
    let dir = repo(&[
        ("README.md", "# tool\n"),
        ("tool/main.py", "print('hi')\n"),
        ("tool/util.py", ""),
    ]);
    let report = scan_dir(dir.path());
    assert_eq!(fails(&report, "ci-config-present"), ["-"]);
    assert_levels(
        &report,
        &[
            ("devops.builds-ci", Some(1)),
            ("devops.quality-assurance", Some(1)),
            ("automation.builds-compilation", Some(1)),
            ("automation.ci-levels", Some(1)),
            ("automation.quality-gates", Some(1)),
            ("automation.test-automation-level", Some(1)),
            ("testing.unit", Some(1)),
            ("testing.integration", None),
            ("testing.security", None),
            ("devops.environments-release", None),
            ("automation.deployment", None),
            ("automation.production-monitoring", None),
        ],
    );
    // Every level names findings that exist.
    for observed in &report.observed {
        assert!(!observed.findings.is_empty());
        assert!(observed.findings.iter().all(|&i| i < report.findings.len()));
    }
}
