//! The readers on real reports (written by pytest, cargo-nextest and coverage.py on this
//! machine) and byte-faithful samples of the other producers, and on every bad form.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use maturity_tests::walk;
use maturity_tests::{
    CoverageBuilder, CoverageFormat, Kind, KindRules, Outcome, RunBuilder, TestsReport, Totals, read_report,
};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

fn tests(paths: &[&str]) -> TestsReport {
    let paths: Vec<PathBuf> = paths.iter().map(|p| fixture(p)).collect();
    walk::tests(&paths, &KindRules::default()).0
}

fn totals(tests: u64, passed: u64, failed: u64, errored: u64, skipped: u64, flaky: u64) -> Totals {
    Totals {
        tests,
        passed,
        failed,
        errored,
        skipped,
        flaky,
    }
}

#[test]
fn every_producer_counts_as_its_own_summary_says() {
    let cases = [
        ("junit/pytest-rerunfailures.xml", totals(10, 6, 2, 1, 1, 1)),
        ("junit/pytest-xunit1.xml", totals(10, 5, 3, 1, 1, 0)),
        ("junit/nextest-retries.xml", totals(4, 3, 1, 0, 0, 1)),
        ("junit/surefire-rerun.xml", totals(5, 2, 1, 1, 1, 1)),
        ("junit/failsafe-reports", totals(2, 2, 0, 0, 0, 1)),
        ("junit/gradle-test-retry.xml", totals(3, 2, 0, 0, 1, 1)),
        ("junit/jest-junit.xml", totals(4, 2, 1, 0, 1, 0)),
        ("junit/mocha-junit-reporter.xml", totals(3, 1, 1, 0, 1, 0)),
        ("junit/go-junit-report.xml", totals(4, 2, 1, 0, 1, 0)),
        ("junit/gotestsum.xml", totals(3, 3, 0, 0, 0, 0)),
        ("junit/catch2.xml", totals(3, 2, 1, 0, 0, 0)),
        ("junit/cunit-junit.xml", totals(2, 1, 1, 0, 0, 0)),
        ("junit/robot-xunit.xml", totals(3, 1, 1, 0, 1, 0)),
        ("junit/phpunit.xml", totals(5, 3, 0, 1, 1, 0)),
        ("junit/marathon.xml", totals(3, 1, 1, 0, 1, 0)),
        ("junit/googletest.xml", totals(3, 2, 0, 0, 1, 0)),
        ("junit/nested-suites.xml", totals(3, 3, 0, 0, 0, 0)),
        ("dotnet/mstest.trx", totals(4, 2, 1, 0, 1, 0)),
        ("dotnet/nunit3.xml", totals(4, 1, 1, 1, 1, 0)),
        ("dotnet/xunit2.xml", totals(3, 1, 1, 0, 1, 0)),
        ("cunit/cunit_example-Results.xml", totals(6, 3, 1, 2, 0, 0)),
        ("cunit", totals(6, 3, 1, 2, 0, 0)),
        ("nunit2/TestResult.xml", totals(10, 4, 1, 2, 3, 0)),
    ];
    for (path, expected) in cases {
        let report = tests(&[path]);
        assert!(report.unreadable.is_empty(), "{path}: {:?}", report.unreadable);
        assert_eq!(report.runs.len(), 1, "{path}");
        assert_eq!(report.runs[0].totals, expected, "{path}");
        assert_eq!(
            report.totals, expected,
            "{path}: one run's totals are the overall totals"
        );
    }
}

#[test]
fn identity_kinds_and_durations_follow_the_report() {
    let report = tests(&[
        "junit/nested-suites.xml",
        "dotnet/nunit3.xml",
        "dotnet/mstest.trx",
    ]);
    let find = |name: &str| {
        report
            .tests
            .iter()
            .find(|t| &*t.name == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    // The same class and name under other suites is another test.
    let expired: Vec<_> = report
        .tests
        .iter()
        .filter(|t| &*t.name == "rejects expired tokens")
        .collect();
    assert_eq!(expired.len(), 2);
    assert_eq!(&*expired[0].suite, "api / security");
    assert_eq!(expired[0].kind, Kind::Security);
    assert_eq!(find("p95 under 200 ms").kind, Kind::Performance);
    assert_eq!(find("p95 under 200 ms").duration_s, 30.0);
    let charge = find("ChargesCard");
    assert_eq!(
        (charge.outcome, charge.kind),
        (Outcome::Errored, Kind::Integration)
    );
    assert_eq!(&*charge.suite, "Acme.Shop.Tests.dll");
    let divide = find("DividesByZero");
    assert_eq!(
        (divide.class.as_ref(), divide.outcome),
        ("Acme.Calc.Tests.CalcTests", Outcome::Failed)
    );
    assert_eq!(find("AddsNumbers").duration_s, 0.001_234_5);
    assert_eq!(find("TalksToDatabase").kind, Kind::Integration);
    let slowest = &report.slowest[0];
    assert_eq!(
        (slowest.name.as_ref(), slowest.duration_s),
        ("p95 under 200 ms", 30.0)
    );
}

#[test]
fn retries_and_reruns_fold_into_one_outcome() {
    let report = tests(&["junit/surefire-rerun.xml"]);
    let outcome = |name: &str| {
        let t = report.tests.iter().find(|t| &*t.name == name).expect(name);
        (t.outcome, t.flaky)
    };
    assert_eq!(outcome("flaky"), (Outcome::Passed, true));
    assert_eq!(
        outcome("fails"),
        (Outcome::Failed, false),
        "failed every rerun: failing, not flaky"
    );
    assert_eq!(outcome("errors"), (Outcome::Errored, false));
    let pytest = tests(&["junit/pytest-rerunfailures.xml"]);
    let t = pytest
        .tests
        .iter()
        .find(|t| &*t.name == "test_flaky_once")
        .expect("rerun test");
    assert_eq!(
        (t.outcome, t.flaky),
        (Outcome::Passed, true),
        "a silent rerun attempt did not pass"
    );
    let t = pytest
        .tests
        .iter()
        .find(|t| &*t.name == "test_always_fails_with_rerun")
        .expect("rerun test");
    assert_eq!((t.outcome, t.flaky), (Outcome::Failed, false));
    // Failsafe groups thousands in some versions.
    let it = tests(&["junit/failsafe-reports"]);
    assert_eq!(it.tests[0].duration_s, 1204.5);
    assert!(it.tests.iter().all(|t| t.kind == Kind::Integration));
    assert_eq!(
        it.runs[0].files, 1,
        "failsafe-summary.xml is no test report and is passed over"
    );
}

#[test]
fn cunit_folds_a_tests_failed_assertions_and_counts_a_failed_suite_as_errored() {
    let report = tests(&["cunit/cunit_example-Results.xml"]);
    let find = |suite: &str, name: &str| {
        report
            .tests
            .iter()
            .find(|t| &*t.suite == suite && &*t.name == name)
            .unwrap_or_else(|| panic!("{suite} {name}: {:?}", report.tests))
    };
    // Two failure records, one for each failed assertion: one test that failed once.
    let divides = find("arith", "test_divides");
    assert_eq!((divides.outcome, divides.flaky), (Outcome::Failed, false));
    assert_eq!(&*divides.class, "arith");
    assert!(report.flaky.is_empty(), "{:?}", report.flaky);
    assert_eq!(find("arith", "test_adds").outcome, Outcome::Passed);
    assert_eq!(
        find("storage", "Suite Initialization Failed").outcome,
        Outcome::Errored
    );
    assert_eq!(find("strings", "test_joins").outcome, Outcome::Passed);
    assert_eq!(find("strings", "Suite Cleanup Failed").outcome, Outcome::Errored);
    assert!(
        report.tests.iter().all(|t| &*t.name != "test_not_ready"),
        "an inactive test is not in the results"
    );
    // CUnit 1 wrote groups where CUnit 2 writes suites; names are element text, escaped.
    let groups = "<CUNIT_TEST_RUN_REPORT><CUNIT_RESULT_LISTING><CUNIT_RUN_GROUP><CUNIT_RUN_GROUP_SUCCESS>\
        <GROUP_NAME> g </GROUP_NAME><CUNIT_RUN_TEST_RECORD><CUNIT_RUN_TEST_SUCCESS>\
        <TEST_NAME> a &lt; b </TEST_NAME></CUNIT_RUN_TEST_SUCCESS></CUNIT_RUN_TEST_RECORD>\
        </CUNIT_RUN_GROUP_SUCCESS></CUNIT_RUN_GROUP></CUNIT_RESULT_LISTING></CUNIT_TEST_RUN_REPORT>";
    let report = runs(&[groups.to_string()]);
    assert_eq!(
        (report.tests[0].suite.as_ref(), report.tests[0].name.as_ref()),
        ("g", "a < b")
    );
    let folder = tests(&["cunit"]);
    assert!(folder.unreadable.is_empty(), "{:?}", folder.unreadable);
    assert_eq!(folder.runs[0].files, 1, "the -Listing.xml is passed over");
    let (line, error) = unreadable("cunit/cunit_example-Listing.xml");
    assert_eq!(line, 4, "{error}");
    assert!(error.contains("CUnit's list of the tests"), "{error}");
}

#[test]
fn nunit2_names_tests_as_nunit3_does_and_maps_its_results() {
    let report = tests(&["nunit2/TestResult.xml"]);
    let find = |name: &str| {
        report
            .tests
            .iter()
            .find(|t| &*t.name == name)
            .unwrap_or_else(|| panic!("{name}: {:?}", report.tests))
    };
    let adds = find("AddsNumbers");
    assert_eq!(
        (adds.suite.as_ref(), adds.class.as_ref(), adds.outcome),
        ("Acme.Shop.Tests.dll", "Acme.Shop.CalcTests", Outcome::Passed)
    );
    assert_eq!(adds.duration_s, 0.012);
    let row = find("Divides(7.5d,2.5d,3.0d)");
    assert_eq!(
        &*row.class, "Acme.Shop.CalcTests",
        "dots in arguments stay in the name"
    );
    let outcomes = [
        ("Divides(1,0,0)", Outcome::Errored),
        ("Subtracts", Outcome::Failed),
        ("TakesArguments", Outcome::Errored),
        ("MultipliesLargeNumbers", Outcome::Skipped),
        ("RoundsHalfEven", Outcome::Skipped),
        ("LoadsOrderOnLinux", Outcome::Skipped),
    ];
    for (name, outcome) in outcomes {
        assert_eq!(find(name).outcome, outcome, "{name}");
    }
    let saves = find("SavesOrder");
    assert_eq!(
        (saves.kind, saves.duration_s),
        (Kind::Integration, 1.25),
        "the fixture's category is a hint"
    );
    assert_eq!(find("AddsNumbers").kind, Kind::Unit);
    // NUnit 2.4 wrote no `result`.
    let old = "<test-results name=\"a.dll\"><test-suite type=\"TestFixture\" name=\"T\"><results>\
        <test-case name=\"N.T.a\" executed=\"True\" success=\"True\" time=\"0.1\"/>\
        <test-case name=\"N.T.b\" executed=\"True\" success=\"False\" time=\"0.1\"/>\
        <test-case name=\"N.T.c\" executed=\"False\"/>\
        </results></test-suite></test-results>";
    let report = runs(&[old.to_string()]);
    assert_eq!(report.totals, totals(3, 1, 1, 0, 1, 0));
    assert_eq!(
        (report.tests[0].suite.as_ref(), report.tests[0].class.as_ref()),
        ("a.dll", "N.T")
    );
}

#[test]
fn bad_cunit_and_nunit2_files_are_left_out_and_the_rest_counts() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        fixture("cunit/cunit_example-Results.xml"),
        dir.path().join("good-Results.xml"),
    )
    .expect("copy");
    std::fs::copy(
        fixture("nunit2/TestResult.xml"),
        dir.path().join("good-nunit2.xml"),
    )
    .expect("copy");
    let mut bad = 0;
    for entry in std::fs::read_dir(fixture("bad")).expect("bad") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        if name.starts_with("cunit-") || name.starts_with("nunit2-") {
            std::fs::copy(&path, dir.path().join(&name)).expect("copy");
            bad += 1;
        }
    }
    assert_eq!(bad, 9);
    let (report, any) = walk::tests(&[dir.path().to_path_buf()], &KindRules::default());
    assert!(any);
    assert_eq!(report.runs[0].files, 2);
    assert_eq!(report.runs[0].totals, totals(16, 7, 2, 4, 3, 0));
    assert_eq!(report.unreadable.len(), bad, "{:?}", report.unreadable);
    assert!(
        report.unreadable.iter().all(|u| u.line.is_some()),
        "{:?}",
        report.unreadable
    );
}

fn junit(cases: &[(&str, &str)]) -> String {
    let mut xml = String::from("<testsuite name=\"s\">\n");
    for (name, outcome) in cases {
        let child = match *outcome {
            "fail" => "<failure/>",
            "error" => "<error/>",
            "skip" => "<skipped/>",
            _ => "",
        };
        xml.push_str(&format!(
            "<testcase classname=\"c\" name=\"{name}\" time=\"1\">{child}</testcase>\n"
        ));
    }
    xml.push_str("</testsuite>\n");
    xml
}

fn runs(runs: &[String]) -> TestsReport {
    let mut builder = RunBuilder::default();
    for (i, text) in runs.iter().enumerate() {
        builder.start_run(&format!("run{i}"));
        builder.start_file(&format!("run{i}.xml"));
        read_report(Cursor::new(text.as_bytes()), &mut |a| builder.add(a)).expect("reads");
        builder.file_done();
    }
    builder.finish(&KindRules::default())
}

#[test]
fn flakiness_across_runs_has_a_flip_rate_and_leaves_out_broken_runs() {
    let healthy =
        |a: &str, b: &str| junit(&[("a", a), ("b", b), ("c", "pass"), ("d", "pass"), ("e", "fail")]);
    let broken = junit(&[
        ("a", "fail"),
        ("b", "fail"),
        ("c", "fail"),
        ("d", "fail"),
        ("e", "fail"),
    ]);
    let report = runs(&[
        healthy("pass", "pass"),
        healthy("fail", "pass"),
        broken,
        healthy("pass", "pass"),
        healthy("fail", "pass"),
    ]);
    assert_eq!(report.runs.len(), 5);
    assert_eq!(
        report.runs.iter().map(|r| r.broken).collect::<Vec<_>>(),
        [false, false, true, false, false]
    );
    // a: pass fail (broken run left out) pass fail → 3 changes over 4 runs.
    assert_eq!(report.flaky.len(), 1, "{:?}", report.flaky);
    let a = &report.flaky[0];
    assert_eq!((a.name.as_ref(), a.runs, a.flip_rate), ("a", 4, 1.0));
    // e fails everywhere: failing, not flaky; b passes outside the broken run: not flaky.
    let e = report.tests.iter().find(|t| &*t.name == "e").expect("e");
    assert_eq!((e.outcome, e.flaky), (Outcome::Failed, false));
    assert_eq!(report.totals.tests, 5);
    assert_eq!(report.totals.failed, 2, "a and e failed in the last run");
    assert_eq!(report.totals.flaky, 1);
    let half = runs(&[
        healthy("pass", "pass"),
        healthy("fail", "pass"),
        healthy("fail", "pass"),
    ]);
    assert_eq!(half.flaky[0].flip_rate, 0.5);
}

#[test]
fn skipped_by_attribute_and_failure_over_error() {
    let text = "<testsuites><testsuite name=\"s\">\
        <testcase classname=\"c\" name=\"a\" status=\"disabled\"/>\
        <testcase classname=\"c\" name=\"b\"><error/><failure/></testcase>\
        <testcase classname=\"c\" name=\"c\" result=\"suppressed\"/>\
        </testsuite></testsuites>";
    let report = runs(&[text.to_string()]);
    assert_eq!(report.totals, totals(3, 0, 1, 0, 2, 0));
}

fn unreadable(path: &str) -> (usize, String) {
    let report = tests(&[path]);
    assert!(report.runs.is_empty(), "{path}: nothing counted");
    assert_eq!(report.unreadable.len(), 1, "{path}: {:?}", report.unreadable);
    let u = &report.unreadable[0];
    (u.line.unwrap_or(0), u.error.clone())
}

#[test]
fn bad_files_are_unreadable_with_their_line() {
    let cases = [
        ("bad/computed-time.xml", 3, "not a number of seconds"),
        ("bad/nan-time.xml", 3, "not a number of seconds"),
        ("bad/truncated.xml", 5, "truncated"),
        ("bad/mismatched.xml", 3, "not well-formed"),
        ("bad/wrong-root.xml", 2, "<html> is not the root of a test report"),
        ("bad/empty.xml", 1, "no root element"),
        ("bad/not-utf8.xml", 3, "not well-formed"),
        ("bad/two-roots.xml", 5, "after the root element"),
        ("bad/trx-bad-outcome.trx", 2, "outcome=\"Bogus\""),
        ("bad/trx-bad-duration.trx", 2, "not a time span"),
        ("bad/deep.xml", 1, "nested deeper"),
        ("bad/cunit-ends-early.xml", 31, "truncated"),
        ("bad/cunit-malformed.xml", 24, "not well-formed"),
        (
            "bad/cunit-no-name.xml",
            16,
            "<CUNIT_RUN_TEST_SUCCESS> without a <TEST_NAME>",
        ),
        (
            "bad/cunit-bad-line.xml",
            32,
            "<LINE_NUMBER>twenty-four</LINE_NUMBER>: not a line number",
        ),
        ("bad/nunit2-ends-early.xml", 24, "truncated"),
        ("bad/nunit2-malformed.xml", 20, "not well-formed"),
        ("bad/nunit2-no-name.xml", 17, "<test-case> without a name"),
        (
            "bad/nunit2-bad-time.xml",
            71,
            "<test-case time=\"1.25s\">: not a number of seconds",
        ),
        ("bad/nunit2-bad-result.xml", 17, "result=\"Passed\""),
    ];
    for (path, line, message) in cases {
        let (got_line, error) = unreadable(path);
        assert!(error.contains(message), "{path}: {error}");
        assert_eq!(got_line, line, "{path}: {error}");
    }
}

#[test]
fn a_bad_file_is_left_out_whole_and_the_rest_still_counts() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(fixture("junit/gotestsum.xml"), dir.path().join("a.xml")).expect("copy");
    // Starts well (a test that the good file also has), then breaks.
    std::fs::write(
        dir.path().join("b.xml"),
        "<testsuite name=\"example.com/shop/cart\">\n<testcase classname=\"example.com/shop/cart\" name=\"TestAdd\"><failure/></testcase>\n<testcase name=\"new\"/>\n<oops",
    )
    .expect("write");
    let (report, any) = walk::tests(&[dir.path().to_path_buf()], &KindRules::default());
    assert!(any);
    assert_eq!(
        report.runs[0].totals,
        totals(3, 3, 0, 0, 0, 0),
        "nothing of b.xml counts"
    );
    assert_eq!(report.unreadable.len(), 1);
    assert!(report.unreadable[0].path.ends_with("b.xml"));
    assert_eq!(report.unreadable[0].line, Some(4));
}

#[test]
fn a_huge_attribute_costs_one_test_case_and_reads() {
    let big = "x".repeat(8 * 1024 * 1024);
    let text = format!(
        "<testsuite name=\"a\">\n<testcase name=\"x\" classname=\"c\" time=\"0.5\">\n<failure message=\"{big}\"/>\n</testcase>\n<testcase name=\"{}\" classname=\"c\"/>\n</testsuite>\n",
        "y".repeat(100_000)
    );
    let report = runs(&[text]);
    assert_eq!(report.totals, totals(2, 1, 1, 0, 0, 0));
}

#[test]
fn nothing_readable_is_reported_as_such() {
    let (report, any) = walk::tests(
        &[
            fixture("bad/empty.xml"),
            fixture("no/such/file.xml"),
            fixture("coverage"),
        ],
        &KindRules::default(),
    );
    assert!(!any);
    assert_eq!(report.unreadable.len(), 3, "{:?}", report.unreadable);
    assert!(report.unreadable[1].line.is_none());
    assert!(
        report.unreadable[2].error.contains("no readable JUnit"),
        "{:?}",
        report.unreadable[2]
    );
}

#[test]
fn saved_results_read_back_and_other_json_does_not() {
    let report = tests(&["junit/surefire-rerun.xml", "junit/gradle-test-retry.xml"]);
    let json = serde_json::to_string(&report).expect("json");
    assert_eq!(TestsReport::from_json(&json).expect("reads back"), report);
    assert!(TestsReport::from_json("{\"schema\":\"maturity-tests/9\"}").is_err());
    let value: serde_json::Value = serde_json::from_str(&json).expect("json");
    let keys: Vec<&str> = value
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    for key in ["runs", "totals", "tests", "flaky", "slowest", "unreadable"] {
        assert!(keys.contains(&key), "{key}");
    }
    assert_eq!(value["tests"][0]["outcome"], "passed");
    assert_eq!(value["runs"][0]["totals"]["flaky"], 1);
}

fn coverage(paths: &[&str]) -> maturity_tests::CoverageReport {
    let paths: Vec<PathBuf> = paths.iter().map(|p| fixture(p)).collect();
    walk::coverage(&paths, &KindRules::default()).0
}

#[test]
fn coverage_formats_count_lines_and_branches() {
    // coverage.py said 8 of 11 lines and 4 of 6 branches, in both of its formats.
    for (path, format) in [
        ("coverage/cobertura-coveragepy.xml", CoverageFormat::Cobertura),
        ("coverage/coveragepy.lcov", CoverageFormat::Lcov),
    ] {
        let report = coverage(&[path]);
        assert!(report.unreadable.is_empty(), "{path}: {:?}", report.unreadable);
        assert_eq!(report.reports[0].format, format);
        assert_eq!(
            (report.totals.lines.covered, report.totals.lines.total),
            (8, 11),
            "{path}"
        );
        assert_eq!(report.totals.lines.percent, Some(72.73));
        let branches = report.totals.branches.expect("branches");
        assert_eq!((branches.covered, branches.total), (4, 6), "{path}");
        assert_eq!(report.packages[0].name, "shop");
    }
    let jacoco = coverage(&["coverage/jacoco.xml"]);
    assert_eq!((jacoco.totals.lines.covered, jacoco.totals.lines.total), (3, 4));
    assert_eq!(jacoco.totals.branches.map(|b| (b.covered, b.total)), Some((1, 2)));
    assert_eq!(jacoco.packages[0].name, "acme/calc");
    // A repeated Go block is covered if any copy is; Go profiles count statements.
    let go = coverage(&["coverage/go-cover.out"]);
    assert_eq!(go.reports[0].format, CoverageFormat::Go);
    assert_eq!((go.totals.lines.covered, go.totals.lines.total), (3, 6));
    assert_eq!(go.totals.branches, None);
    let names: Vec<&str> = go.packages.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["example.com/shop/cart", "example.com/shop/tax"]);
}

#[test]
fn coverage_of_several_reports_is_their_union_and_kinds_come_from_paths() {
    let report = coverage(&["coverage/coveragepy.lcov", "coverage/integration"]);
    assert_eq!(report.reports.len(), 2);
    assert_eq!(report.reports[1].kind, Kind::Integration);
    assert_eq!((report.totals.lines.covered, report.totals.lines.total), (10, 11));
    assert_eq!(report.percent_of(Kind::Unit), Some(72.73));
    assert_eq!(report.percent_of(Kind::Integration), Some(90.91));
    let json = serde_json::to_string(&report).expect("json");
    assert_eq!(
        maturity_tests::CoverageReport::from_json(&json).expect("reads back"),
        report
    );
}

#[test]
fn bad_coverage_is_unreadable_with_its_line() {
    for (path, line, message) in [
        ("bad/lcov-bad-hits.info", 3, "bad hit count"),
        ("bad/lcov-truncated.info", 0, "no end_of_record"),
        (
            "bad/go-missing-count.out",
            2,
            "expected `file:start,end statements count`",
        ),
        ("bad/cobertura-bad-hits.xml", 4, "not a whole number"),
        ("bad/wrong-root.xml", 2, "not the root of a coverage report"),
    ] {
        let mut builder = CoverageBuilder::default();
        let text = std::fs::read(fixture(path)).expect("fixture");
        assert!(!builder.read(path, Cursor::new(text), false), "{path}");
        let report = builder.finish(&KindRules::default());
        let u = &report.unreadable[0];
        assert!(u.error.contains(message), "{path}: {u}");
        assert_eq!(u.line, Some(line), "{path}: {u}");
    }
}
