//! Source and test files of each ecosystem, and which kind of test a test file is, by that
//! ecosystem's conventions.

use super::classified::{Classified, Reader, SplitPath};
use crate::raw::{Ecosystem, TestKind};

pub(super) fn code(path: &SplitPath, out: &mut Classified) {
    let SplitPath {
        lower,
        dirs,
        name,
        original_name,
        ext,
        ..
    } = *path;
    use Ecosystem::*;
    let ecosystem = match ext {
        "rs" => Rust,
        "js" | "jsx" | "ts" | "tsx" | "mjs" | "cjs" | "vue" | "svelte" => Node,
        "py" => Python,
        "java" | "kt" | "scala" | "groovy" => Java,
        "go" => Go,
        "cs" | "fs" | "vb" => Dotnet,
        "rb" => Ruby,
        _ => return,
    };
    // Vendored and generated trees say nothing about the team's own tests.
    if path.in_dir("node_modules")
        || path.in_dir("vendor")
        || path.in_dir("third_party")
        || path.in_dir("target")
        || path.in_dir("dist")
    {
        return;
    }
    if ecosystem == Node
        && (name.ends_with(".d.ts") || name.contains(".config.") || name.ends_with(".min.js"))
    {
        return;
    }
    let test_dir = path.in_dir("test")
        || path.in_dir("tests")
        || path.in_dir("__tests__")
        || path.in_dir("spec")
        || path.in_dir("e2e");
    let is_test = match ecosystem {
        Rust => path.in_dir("tests") || path.in_dir("benches"),
        Node => {
            name.contains(".test.")
                || name.contains(".spec.")
                || name.contains(".cy.")
                || name.contains(".e2e.")
                || test_dir
                || path.in_dir("cypress")
        }
        Python => {
            if name == "__init__.py" || name == "conftest.py" {
                return;
            }
            name.starts_with("test_") || name.ends_with("_test.py") || test_dir || name == "locustfile.py"
        }
        Java => {
            lower.contains("src/test/")
                || lower.contains("src/it/")
                || lower.contains("src/integrationtest/")
                || lower.contains("src/gatling/")
                || original_name.ends_with("Test.java")
                || original_name.ends_with("Tests.java")
                || original_name.ends_with("IT.java")
                || original_name.ends_with("Test.kt")
                || original_name.ends_with("Spec.groovy")
        }
        Go => name.ends_with("_test.go"),
        Dotnet => {
            dirs.split('/').any(|segment| {
                segment.ends_with(".tests")
                    || segment.ends_with(".test")
                    || segment.ends_with("tests")
                    || segment.ends_with(".specs")
                    || segment == "test"
            }) || name.ends_with("tests.cs")
                || name.ends_with("test.cs")
        }
        Ruby => name.ends_with("_spec.rb") || name.ends_with("_test.rb") || path.in_dir("spec"),
    };
    if !is_test {
        out.code = Some((ecosystem, None));
        if ecosystem == Rust {
            out.read(Reader::RustSource);
        }
        return;
    }
    let kind = test_kind(lower, original_name, ecosystem);
    out.code = Some((ecosystem, Some(kind)));
}

/// The kind of a test file, from words in its path.
fn test_kind(lower: &str, original_name: &str, ecosystem: Ecosystem) -> TestKind {
    let tokens = || {
        lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|t| !t.is_empty())
    };
    const PERF: [&str; 14] = [
        "perf",
        "performance",
        "load",
        "loadtest",
        "loadtests",
        "benchmark",
        "benchmarks",
        "bench",
        "benches",
        "stress",
        "k6",
        "gatling",
        "jmeter",
        "locustfile",
    ];
    const SYSTEM: [&str; 14] = [
        "e2e",
        "endtoend",
        "acceptance",
        "system",
        "systemtest",
        "systemtests",
        "ui",
        "uitests",
        "playwright",
        "cypress",
        "selenium",
        "functional",
        "cy",
        "features",
    ];
    const INTEGRATION: [&str; 6] = [
        "integration",
        "integrationtest",
        "integrationtests",
        "it",
        "int",
        "component",
    ];
    if tokens().any(|t| PERF.contains(&t)) {
        TestKind::Performance
    } else if tokens().any(|t| SYSTEM.contains(&t))
        || lower.contains("end-to-end")
        || lower.contains("end_to_end")
    {
        TestKind::System
    } else if tokens().any(|t| INTEGRATION.contains(&t)) || original_name.ends_with("IT.java") {
        TestKind::Integration
    } else if ecosystem == Ecosystem::Rust {
        // Files under a crate's `tests/` are integration tests by Cargo's own definition.
        TestKind::Integration
    } else {
        TestKind::Unit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(path: &str) -> Option<(Ecosystem, Option<TestKind>)> {
        let lower = path.to_ascii_lowercase();
        let mut out = Classified::default();
        code(&SplitPath::new(path, &lower), &mut out);
        out.code
    }

    #[test]
    fn tests_by_ecosystem_convention() {
        use Ecosystem::*;
        use TestKind::*;
        let cases = [
            ("src/lib.rs", Some((Rust, None))),
            ("tests/api.rs", Some((Rust, Some(Integration)))),
            ("benches/walk.rs", Some((Rust, Some(Performance)))),
            ("src/app.test.ts", Some((Node, Some(Unit)))),
            ("src/__tests__/app.js", Some((Node, Some(Unit)))),
            ("e2e/login.spec.ts", Some((Node, Some(System)))),
            ("src/app.ts", Some((Node, None))),
            ("src/types.d.ts", None),
            ("pkg/test_models.py", Some((Python, Some(Unit)))),
            ("tests/integration/test_db.py", Some((Python, Some(Integration)))),
            ("tests/conftest.py", None),
            ("src/main/java/App.java", Some((Java, None))),
            ("src/test/java/AppTest.java", Some((Java, Some(Unit)))),
            ("src/test/java/AppIT.java", Some((Java, Some(Integration)))),
            ("src/main/java/Edit.java", Some((Java, None))),
            ("internal/x/x_test.go", Some((Go, Some(Unit)))),
            ("internal/x/x.go", Some((Go, None))),
            ("App.Tests/CalcTests.cs", Some((Dotnet, Some(Unit)))),
            (
                "App.IntegrationTests/DbTests.cs",
                Some((Dotnet, Some(Integration))),
            ),
            ("App/Program.cs", Some((Dotnet, None))),
            ("node_modules/x/index.js", None),
        ];
        for (path, expected) in cases {
            assert_eq!(code_of(path), expected, "{path}");
        }
    }
}
