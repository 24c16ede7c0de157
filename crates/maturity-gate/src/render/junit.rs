//! JUnit XML, the test-report format every CI system reads: one test case per judged rule,
//! a `<failure>` with the reason for each that does not hold.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::evaluate::Verdict;

pub fn junit(verdict: &Verdict) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    write(&mut writer, verdict).expect("writing to memory does not fail");
    let mut text = String::from_utf8(writer.into_inner()).expect("quick-xml writes UTF-8");
    text.push('\n');
    text
}

fn write(writer: &mut Writer<Vec<u8>>, verdict: &Verdict) -> std::io::Result<()> {
    let tests = verdict.results.len().to_string();
    let failures = verdict.failed.to_string();
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("testsuites")
        .with_attributes([
            ("name", "maturity gate"),
            ("tests", &tests),
            ("failures", &failures),
        ])
        .write_inner_content(|writer| {
            let name = format!("maturity gate {}", verdict.policy);
            writer
                .create_element("testsuite")
                .with_attributes([
                    ("name", name.as_str()),
                    ("tests", &tests),
                    ("failures", &failures),
                    ("errors", "0"),
                    ("skipped", "0"),
                ])
                .write_inner_content(|writer| {
                    for result in &verdict.results {
                        let family = result.rule.split('.').next().unwrap_or_default();
                        let classname = format!("maturity.gate.{family}");
                        let line = result.line.to_string();
                        let case = writer.create_element("testcase").with_attributes([
                            ("name", result.name.as_str()),
                            ("classname", &classname),
                            ("file", &verdict.policy),
                            ("line", &line),
                        ]);
                        if result.passed {
                            case.write_empty()?;
                            continue;
                        }
                        case.write_inner_content(|writer| {
                            let body = format!("{}:{}: {}", verdict.policy, result.line, result.message);
                            writer
                                .create_element("failure")
                                .with_attributes([("message", result.message.as_str()), ("type", family)])
                                .write_text_content(BytesText::new(&body))?;
                            Ok(())
                        })?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    Ok(())
}
