//! The readers on byte-faithful exports (tests/data) and on every bad form, with the metrics
//! worked out by hand.

use maturity_flow::{Format, Options, Stages, measure, read};

fn data(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).expect("test data")
}

/// (id, started, done) of each item read.
fn dates(read: &maturity_flow::Read) -> Vec<(String, Option<String>, Option<String>)> {
    read.items
        .iter()
        .map(|i| {
            (
                read.id(i).to_string(),
                i.started.map(|d| d.to_string()),
                i.done.map(|d| d.to_string()),
            )
        })
        .collect()
}

fn triple(id: &str, started: Option<&str>, done: Option<&str>) -> (String, Option<String>, Option<String>) {
    (
        id.to_string(),
        started.map(str::to_string),
        done.map(str::to_string),
    )
}

#[test]
fn jira_csv_with_bom_crlf_quoting_and_stage_date_fields() {
    let r = read("jira.csv", &data("jira.csv"), &Stages::default());
    assert_eq!(r.formats, [("jira.csv".to_string(), Some(Format::Jira))]);
    assert_eq!(r.unreadable, []);
    assert_eq!(
        r.workflow.stages,
        ["Created", "In Progress", "Review", "Resolved"]
    );
    assert_eq!(
        dates(&r),
        [
            triple("PAY-101", Some("2026-12-01"), Some("2026-12-07")),
            triple("PAY-102", Some("2026-12-02"), Some("2026-12-02")),
            triple("PAY-103", Some("2026-12-03"), None),
            triple("PAY-104", Some("2026-12-09"), None),
            triple("PAY-105", None, None),
            triple("PAY-106", Some("2026-12-07"), Some("2026-12-07")),
        ]
    );
    // The description of PAY-102 spans two lines: PAY-103 starts on line 5.
    assert_eq!(
        r.items.iter().map(|i| i.line).collect::<Vec<_>>(),
        [2, 3, 5, 6, 7, 8]
    );
    let flow = measure(&r, &Options::default());
    assert_eq!(flow.last_day.as_deref(), Some("2026-12-09"));
    // Cycle 7, 1, 1: p50 rank 2 → 1, p85 rank 3 → 7; lead 8, 2, 1.
    let c = flow.cycle_time;
    assert_eq!(
        (c.count, c.p50, c.p70, c.p85, c.p95, c.mean),
        (3, Some(1), Some(7), Some(7), Some(7), Some(3.0))
    );
    assert_eq!((flow.lead_time.p50, flow.lead_time.mean), (Some(2), Some(3.7)));
    let aging: Vec<(&str, u32, &str)> = flow
        .aging
        .iter()
        .map(|a| (a.id.as_str(), a.age_days, a.stage.as_str()))
        .collect();
    assert_eq!(
        aging,
        [("PAY-103", 7, "In Review"), ("PAY-104", 1, "In Progress")]
    );
}

#[test]
fn jira_with_localised_month_names() {
    let r = read("jira-de.csv", &data("jira-de.csv"), &Stages::default());
    assert_eq!(r.unreadable, []);
    assert_eq!(
        dates(&r),
        [
            triple("WEB-7", Some("2026-12-02"), Some("2026-12-07")),
            triple("WEB-8", Some("2026-12-03"), None),
            triple("WEB-9", Some("2026-10-20"), Some("2026-11-03")),
        ]
    );
}

#[test]
fn azure_boards_csv_closed_is_done() {
    let r = read("azure.csv", &data("azure.csv"), &Stages::default());
    assert_eq!(r.formats[0].1, Some(Format::AzureBoards));
    assert_eq!(r.unreadable, []);
    let flow = measure(&r, &Options::default());
    assert_eq!(flow.last_day.as_deref(), Some("2026-12-08"));
    // 4711: 30 Nov → 4 Dec = 5 days, lead 23 Nov → 4 Dec = 12; 4715 one day.
    assert_eq!((flow.cycle_time.p50, flow.cycle_time.p95), (Some(1), Some(5)));
    assert_eq!(flow.lead_time.p95, Some(12));
    let aging: Vec<(&str, u32, &str)> = flow
        .aging
        .iter()
        .map(|a| (a.id.as_str(), a.age_days, a.stage.as_str()))
        .collect();
    assert_eq!(aging, [("4712", 8, "Resolved"), ("4713", 2, "Active")]);
    assert_eq!((flow.items.finished, flow.items.not_started), (2, 1));

    // Teams whose done is Resolved say so in [flow].
    let mapped = read(
        "azure.csv",
        &data("azure.csv"),
        &Stages {
            started: None,
            done: Some("resolved".into()),
        },
    );
    assert_eq!(measure(&mapped, &Options::default()).items.finished, 3);
}

#[test]
fn github_issues_json() {
    let r = read("issues.json", &data("github.json"), &Stages::default());
    assert_eq!(r.formats[0].1, Some(Format::GithubIssues));
    assert_eq!(r.unreadable, []);
    assert_eq!(
        dates(&r),
        [
            triple("#42", Some("2026-11-30"), Some("2026-12-04")),
            triple("#43", Some("2026-12-02"), None),
            triple("#44", Some("2026-12-07"), Some("2026-12-07")),
        ]
    );
    assert_eq!(r.items.iter().map(|i| i.line).collect::<Vec<_>>(), [2, 17, 25]);
    let flow = measure(&r, &Options::default());
    assert_eq!((flow.cycle_time.p50, flow.cycle_time.p95), (Some(1), Some(5)));
    assert_eq!(flow.aging[0].age_days, 6);
}

#[test]
fn stage_columns_with_skipped_stages() {
    let r = read("stages.csv", &data("stages.csv"), &Stages::default());
    assert_eq!(r.formats[0].1, Some(Format::Stages));
    assert_eq!(
        r.workflow.stages,
        ["Backlog", "Analysis", "Development", "Test", "Done"]
    );
    assert_eq!(
        dates(&r),
        [
            triple("S-1", Some("2026-11-03"), Some("2026-11-12")),
            // No Analysis date: started when it entered Development.
            triple("S-2", Some("2026-11-09"), Some("2026-11-09")),
            triple("S-3", Some("2026-11-06"), None),
            triple("S-4", None, None),
            triple("S-5", Some("2026-11-11"), Some("2026-11-23")),
        ]
    );
    let flow = measure(&r, &Options::default());
    // Cycle 10, 1, 13; lead 11, 8, 14.
    assert_eq!((flow.cycle_time.p50, flow.cycle_time.mean), (Some(10), Some(8.0)));
    assert_eq!(flow.lead_time.p50, Some(11));
    assert_eq!(flow.aging[0].age_days, 18);
    assert_eq!(flow.aging[0].stage, "Test");
    let done = flow
        .cfd
        .iter()
        .find(|c| c.stage == "Done")
        .expect("a Done series");
    assert_eq!(done.series.last().map(|c| c.items), Some(3));

    // Starting at Development instead.
    let mapped = read(
        "stages.csv",
        &data("stages.csv"),
        &Stages {
            started: Some("Development".into()),
            done: None,
        },
    );
    assert_eq!(
        mapped.items[0].started.map(|d| d.to_string()).as_deref(),
        Some("2026-11-05")
    );
}

/// (line, error) of each unreadable entry.
fn problems(path: &str, text: &str) -> Vec<(usize, String)> {
    read(path, text, &Stages::default())
        .unreadable
        .into_iter()
        .map(|u| {
            assert_eq!(u.path, path);
            (u.line, u.error)
        })
        .collect()
}

#[test]
fn whole_files_that_cannot_be_read_say_why_at_line_one() {
    let cases: [(&str, &str); 9] = [
        ("", "an empty file"),
        ("\u{feff}\r\n  \n", "an empty file"),
        ("PK\u{3}\u{4}\0\0binary", "a binary file"),
        ("Key,Summary\nA,B\n", "no known header"),
        (
            "Issue key,Status,Created\nA-1,Done,2026-12-01\n",
            "Jira CSV without a `Resolved` column",
        ),
        (
            "ID,Work Item Type,Title\n1,Bug,x\n",
            "Azure Boards CSV without a `State` column",
        ),
        ("ID,Title,Done\n1,x,2026-12-01\n", "needs at least two"),
        (
            "{\"items\": {\"read\": 3}, \"cycle_time\": {}}",
            "not a `gh issue list --json` array",
        ),
        ("[{\"number\": 1,", "not JSON"),
    ];
    for (text, expected) in cases {
        let got = problems("x", text);
        assert_eq!(got.len(), 1, "{text:?}: {got:?}");
        assert_eq!(got[0].0, 1, "{text:?}");
        assert!(got[0].1.contains(expected), "{text:?}: {}", got[0].1);
    }
}

#[test]
fn bad_rows_are_all_listed_and_good_rows_kept() {
    let text = "ID,Title,Backlog,Doing,Done\n\
                A,ok,2026-12-01,2026-12-02,2026-12-03\n\
                B,bad date,2026-12-01,31/12/2026,\n\
                C,done before start,2026-12-01,2026-12-05,2026-12-03\n\
                A,duplicate,2026-12-01,,\n\
                D,short row,2026-12-01\n\
                ,no id,2026-12-01,,\n\
                E,\"quoted, fine\",2026-12-02,2026-12-02,\n";
    let r = read("s.csv", text, &Stages::default());
    assert_eq!(r.items.iter().map(|i| r.id(i)).collect::<Vec<_>>(), ["A", "E"]);
    let got: Vec<(usize, &str)> = r.unreadable.iter().map(|u| (u.line, u.error.as_str())).collect();
    assert_eq!(got.len(), 5, "{got:?}");
    assert_eq!(got[0].0, 3);
    assert!(
        got[0].1.contains("item `B`: Doing: `31/12/2026` is not a date"),
        "{}",
        got[0].1
    );
    assert_eq!(
        got[1],
        (
            4,
            "item `C`: done on 2026-12-03 before it started (Doing on 2026-12-05)"
        )
    );
    assert_eq!(got[2], (5, "duplicate id `A` (first on line 2)"));
    assert_eq!(got[3], (6, "3 fields where the header has 5"));
    assert_eq!(got[4], (7, "no ID"));
}

#[test]
fn bad_rows_of_each_tracker() {
    let jira = "Issue key,Status,Status Category,Created,Resolved\n\
                A-1,Done,Done,01/Dec/26 9:00 AM,\n\
                A-2,Done,Done,05/Dec/26 9:00 AM,01/Dec/26 9:00 AM\n\
                A-3,Open,To Do,,\n\
                A-4,Open,To Do,32/Dec/26 9:00 AM,\n";
    let got = problems("j.csv", jira);
    assert_eq!(got.len(), 4, "{got:?}");
    assert!(got[0].1.contains("status `Done` is done but Resolved is empty"));
    assert!(
        got[1]
            .1
            .contains("done on 2026-12-01 before it was created on 2026-12-05")
    );
    assert!(got[2].1.contains("Created is empty"));
    assert!(got[3].1.contains("Created: `32/Dec/26 9:00 AM` is not a date"));

    let azure = "ID,State,Created Date,Closed Date\n1,Closed,12/1/2026 9:00:00 AM,\n2,New,13/1/2026,\n";
    let got = problems("a.csv", azure);
    assert_eq!(got.iter().map(|g| g.0).collect::<Vec<_>>(), [2, 3]);
    assert!(got[0].1.contains("state `Closed` but Closed Date is empty"));

    let github = "[\n{\"number\": 1, \"state\": \"CLOSED\", \"createdAt\": \"2026-12-01T00:00:00Z\", \"closedAt\": null},\n\
                  {\"number\": 2, \"state\": \"OPEN\"},\n\
                  {\"number\": 3, \"state\": \"OPEN\", \"createdAt\": \"yesterday\"},\n\
                  {\"number\": 4, \"state\": \"OPEN\", \"createdAt\": \"2026-12-01T00:00:00Z\", \"closedAt\": \"0001-01-01T00:00:00Z\"},\n\
                  {\"number\": 4, \"state\": \"OPEN\", \"createdAt\": \"2026-12-01T00:00:00Z\"}\n]";
    let got = problems("g.json", github);
    assert_eq!(
        got.iter().map(|g| g.0).collect::<Vec<_>>(),
        [2, 3, 4, 6],
        "{got:?}"
    );
    assert!(got[0].1.contains("state CLOSED but no closedAt"));
    assert!(got[1].1.contains("missing field `createdAt`"));
    assert!(got[3].1.contains("duplicate id `#4`"));
}

#[test]
fn several_files_join_by_stage_name_and_ids_repeat_across_them() {
    let a = read(
        "a.csv",
        "ID,Title,Backlog,Doing,Done\nA,x,2026-12-01,2026-12-02,2026-12-03\n",
        &Stages::default(),
    );
    let b = read(
        "b.csv",
        "ID,Title,Backlog,Review,Done\nB,y,2026-12-01,2026-12-04,2026-12-05\nA,z,2026-12-01,,\n",
        &Stages::default(),
    );
    let all = maturity_flow::read::combine(vec![a, b], &Stages::default());
    assert_eq!(all.workflow.stages, ["Backlog", "Doing", "Done", "Review"]);
    assert_eq!(all.items.len(), 2);
    assert_eq!(all.entered(&all.items[1]).len(), 4);
    assert_eq!(all.unreadable.len(), 1);
    assert_eq!(all.unreadable[0].path, "b.csv");
    assert_eq!(all.unreadable[0].error, "duplicate id `A` (also in a.csv)");
}

#[test]
fn one_file_combines_to_itself_and_a_bad_row_does_not_make_a_duplicate() {
    let mapping = Stages {
        started: Some("doing".into()),
        done: None,
    };
    // Line 2's A does not fit (done before created), so line 3's A is the first usable A; line
    // 4's is then the duplicate.
    let one = read(
        "a.csv",
        "ID,Title,Backlog,Doing,Done\n\
         A,x,2026-12-05,2026-12-02,2026-12-03\n\
         A,y,2026-12-01,2026-12-02,2026-12-03\n\
         A,z,2026-12-01,,\n\
         B,w,2026-12-01,2026-12-02,\n",
        &mapping,
    );
    let lines: Vec<(usize, &str)> = one
        .unreadable
        .iter()
        .map(|u| (u.line, u.error.as_str()))
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0].0, 2);
    assert_eq!(lines[1], (4, "duplicate id `A` (first on line 3)"));
    assert_eq!(one.items.iter().map(|i| i.line).collect::<Vec<_>>(), [3, 5]);
    assert_eq!(one.stage(&one.items[1]), "Doing");
    let combined = maturity_flow::read::combine(vec![one.clone()], &mapping);
    assert_eq!(combined, one);
}

/// An export in memory given out a few bytes a read, as a slow file or pipe would.
struct Trickle(String);

impl maturity_flow::Source for Trickle {
    fn len(&self) -> u64 {
        self.0.len() as u64
    }

    fn open_at(&self, offset: u64) -> std::io::Result<Box<dyn std::io::Read + Send + '_>> {
        struct Slow<'a>(&'a [u8]);
        impl std::io::Read for Slow<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(buf.len()).min(1000);
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        Ok(Box::new(Slow(
            &self.0.as_bytes()[usize::try_from(offset).expect("offset")..],
        )))
    }
}

#[test]
fn a_big_export_read_in_two_halves_finds_duplicates_across_them() {
    let mapping = Stages::default();
    let mut text = String::from("ID,Title,Backlog,Doing,Done\r\n");
    // Line 2's A is done before it was created, so line 3's is the first usable A.
    text.push_str("A,x,2026-12-05,2026-12-02,2026-12-03\r\nA,y,2026-12-01,2026-12-02,2026-12-03\r\n");
    let mut line = 3;
    for i in 0..60_000 {
        line += 1;
        let title = if i % 1000 == 7 { "\"two\nlines\"" } else { "t" };
        text.push_str(&format!("I-{i},{title},2026-01-01,2026-01-0{},\r\n", 1 + i % 9));
        if i % 1000 == 7 {
            line += 1;
        }
    }
    // In the second half: a repeat of A, of I-5 and I-6 (first half) and of I-59999 (second
    // half): ids ending in an odd and an even byte, which two threads share between them.
    let tail = [
        "A,z,2026-12-01,,",
        "I-5,again,2026-01-01,,",
        "I-6,again,2026-01-01,,",
        "I-59999,again,2026-01-01,,",
    ];
    for row in tail {
        text.push_str(row);
        text.push_str("\r\n");
    }
    assert!(text.len() > 1 << 20);
    let r = read("big.csv", &text, &mapping);
    let got: Vec<(usize, &str)> = r.unreadable.iter().map(|u| (u.line, u.error.as_str())).collect();
    assert_eq!(got.len(), 5, "{got:?}");
    assert_eq!(got[0].0, 2);
    assert!(
        got[0].1.starts_with("item `A`: done on 2026-12-03 before"),
        "{}",
        got[0].1
    );
    let first_of = |id: &str| r.items.iter().find(|i| r.id(i) == id).expect("read").line as usize;
    assert_eq!(
        got[1..],
        [
            (line + 1, "duplicate id `A` (first on line 3)"),
            (
                line + 2,
                &*format!("duplicate id `I-5` (first on line {})", first_of("I-5"))
            ),
            (
                line + 3,
                &*format!("duplicate id `I-6` (first on line {})", first_of("I-6"))
            ),
            (
                line + 4,
                &*format!("duplicate id `I-59999` (first on line {})", first_of("I-59999"))
            ),
        ]
    );
    assert_eq!(first_of("I-59999"), line);
    assert_eq!(r.items.len(), 60_001);
    let streamed = maturity_flow::read_source("big.csv", &Trickle(text), &mapping);
    assert_eq!(streamed, r);
}

/// An export whose reading fails partway, as a file on a network share that goes away.
struct Failing {
    text: String,
    after: usize,
}

impl maturity_flow::Source for Failing {
    fn len(&self) -> u64 {
        self.text.len() as u64
    }

    fn open_at(&self, offset: u64) -> std::io::Result<Box<dyn std::io::Read + Send + '_>> {
        if self.after == 0 {
            return Err(std::io::Error::other("share gone"));
        }
        let from = usize::try_from(offset).expect("offset");
        let good = &self.text.as_bytes()[from..self.after.max(from)];
        Ok(Box::new(std::io::Read::chain(good, FailingRead)))
    }
}

struct FailingRead;

impl std::io::Read for FailingRead {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        Err(std::io::Error::other("share gone"))
    }
}

#[test]
fn a_read_that_fails_keeps_the_rows_before_and_says_where() {
    let mut text = String::from("ID,Title,Backlog,Doing,Done\n");
    for i in 0..1000 {
        text.push_str(&format!("I-{i},item {i},2026-12-01,2026-12-02,2026-12-03\n"));
    }
    // Past the first 8 KiB, where the format is told: rows up to I-499 are read whole.
    let cut = text.find("I-500,").expect("row");
    let source = Failing {
        text: text.clone(),
        after: cut,
    };
    let r = maturity_flow::read_source("gone.csv", &source, &Stages::default());
    assert_eq!(r.items.len(), 500);
    assert_eq!(r.items.last().map(|i| r.id(i)), Some("I-499"));
    assert_eq!(r.unreadable.len(), 1, "{:?}", r.unreadable);
    assert_eq!(r.unreadable[0].line, 502);
    assert!(
        r.unreadable[0].error.contains("cannot read on: share gone"),
        "{:?}",
        r.unreadable
    );

    // Failing within the first 8 KiB, or at once: the file cannot be read.
    for after in [0, 100] {
        let source = Failing {
            text: text.clone(),
            after,
        };
        let r = maturity_flow::read_source("gone.csv", &source, &Stages::default());
        assert!(r.items.is_empty());
        assert_eq!(r.unreadable[0].error, "cannot read it: share gone");
    }
}

/// An export saved again by a spreadsheet in a locale whose decimal mark is a comma has
/// semicolons between its fields (and often day.month.year dates); a TSV has tabs. The
/// delimiter is told from the header line, outside quotes, and holds for the whole file,
/// both halves of a big one included.
#[test]
fn semicolon_and_tab_separated_exports_read_as_comma_separated_ones() {
    let mapping = Stages::default();
    let comma = "ID,Title,Backlog,Doing,Done\nA,\"x; y\",2026-12-01,2026-12-02,2026-12-03\nB,z,2026-12-01,2026-12-04,\n";
    let expected = dates(&read("comma.csv", comma, &mapping));
    assert_eq!(expected.len(), 2);
    let semicolon = "\u{feff}ID;Title;Backlog;Doing;Done\r\nA;x, y;01.12.2026;02.12.2026;03.12.2026\r\nB;z;01.12.2026;04.12.2026;\r\n";
    let tab = "ID\tTitle\tBacklog\tDoing\tDone\nA\t\"x, y\"\t2026-12-01\t2026-12-02\t2026-12-03\nB\tz\t2026-12-01\t2026-12-04\t\n";
    for (name, text) in [("semicolon.csv", semicolon), ("tab.tsv", tab)] {
        let r = read(name, text, &mapping);
        assert!(r.unreadable.is_empty(), "{name}: {:?}", r.unreadable);
        assert_eq!(dates(&r), expected, "{name}");
        assert_eq!(r.workflow.stages, ["Backlog", "Doing", "Done"], "{name}");
    }
    // Semicolons inside a quoted header cell do not make a comma file a semicolon one.
    let quoted = "ID,Title,Backlog,\"Doing; dev; review\",Done\nA,x,2026-12-01,2026-12-02,2026-12-03\n";
    let r = read("quoted.csv", quoted, &mapping);
    assert_eq!(r.workflow.stages, ["Backlog", "Doing; dev; review", "Done"]);
    assert_eq!(r.items.len(), 1, "{:?}", r.unreadable);

    // Over 1 MiB: read by two threads, the second starting in the middle.
    let mut big = String::from("ID;Title;Backlog;Doing;Done\n");
    for i in 0..40_000 {
        big.push_str(&format!(
            "I-{i};item {i}, generated;01.12.2026;02.12.2026;03.12.2026\n"
        ));
    }
    assert!(big.len() > 1 << 20);
    let r = read("big.csv", &big, &mapping);
    assert!(r.unreadable.is_empty(), "{:?}", &r.unreadable[..1]);
    assert_eq!(r.items.len(), 40_000);
    assert_eq!(r.id(&r.items[39_999]), "I-39999");
    assert_eq!(
        maturity_flow::read_source("big.csv", &Trickle(big.clone()), &mapping),
        r
    );
}
