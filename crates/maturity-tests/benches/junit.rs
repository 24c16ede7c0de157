//! The JUnit reader and counting on generated Surefire-like reports: throughput of the
//! streaming parse, and parse plus counting.

use std::io::Cursor;

use maturity_tests::{KindRules, RunBuilder, read_report};

fn main() {
    divan::main();
}

/// A report of `tests` test cases, every tenth failing with a stack trace and every one with
/// some output, as CI reports look.
fn report(tests: usize) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    for suite in 0..tests / 100 {
        xml.push_str(&format!(
            "<testsuite name=\"com.acme.Suite{suite}Test\" tests=\"100\" time=\"1.0\">\n"
        ));
        for case in 0..100 {
            xml.push_str(&format!(
                "  <testcase name=\"test{case}\" classname=\"com.acme.Suite{suite}Test\" time=\"0.012\">"
            ));
            if case % 10 == 0 {
                xml.push_str("<failure message=\"expected &lt;1&gt; but was &lt;2&gt;\" type=\"java.lang.AssertionError\">java.lang.AssertionError\n\tat com.acme.Suite.test(Suite.java:10)\n</failure>");
            }
            xml.push_str("<system-out><![CDATA[INFO starting\nINFO done\n]]></system-out></testcase>\n");
        }
        xml.push_str("</testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    xml
}

#[divan::bench(args = [1_000, 100_000])]
fn parse(bencher: divan::Bencher, tests: usize) {
    let text = report(tests);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| {
            let mut n = 0usize;
            read_report(Cursor::new(text.as_bytes()), &mut |_| n += 1).expect("reads");
            n
        });
}

#[divan::bench(args = [1_000, 100_000])]
fn parse_and_count(bencher: divan::Bencher, tests: usize) {
    let text = report(tests);
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| {
            let mut builder = RunBuilder::default();
            builder.start_run("run");
            builder.start_file("report.xml");
            read_report(Cursor::new(text.as_bytes()), &mut |a| builder.add(a)).expect("reads");
            builder.file_done();
            builder.finish(&KindRules::default()).totals
        });
}
