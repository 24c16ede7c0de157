//! The rows of a CSV export, streamed: a million-row export is read one record at a time.

use csv::{ReaderBuilder, StringRecord};

use super::{LineCounter, Problem};

pub(crate) struct Rows<'a> {
    pub headers: Vec<String>,
    text: &'a str,
    reader: csv::Reader<&'a [u8]>,
}

impl<'a> Rows<'a> {
    pub fn new(text: &'a str) -> Result<Self, Problem> {
        let mut reader = ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| Problem::file(format!("cannot read the header: {e}")))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        Ok(Self {
            headers,
            text,
            reader,
        })
    }

    /// The index of the first column named `name` (case and surrounding space aside): Jira
    /// repeats a header for each value of a multi-valued field, and the first holds the first.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h.eq_ignore_ascii_case(name))
    }

    /// About how many rows follow the header (its line count, exact for one row a line): room
    /// for them is made once instead of growing a million-item list by copying it over.
    pub fn rows_hint(&self) -> usize {
        self.text.bytes().filter(|b| *b == b'\n').count()
    }

    /// `column`, or a file-level problem naming the missing column.
    pub fn require(&self, name: &str, format: &str) -> Result<usize, Problem> {
        self.column(name)
            .ok_or_else(|| Problem::file(format!("{format} without a `{name}` column")))
    }

    /// Each record with its 1-based line, or the problem with that row; a row with fewer or
    /// more fields than the header is a problem, not a guess.
    pub fn each(&mut self, mut row: impl FnMut(usize, &StringRecord)) -> Vec<Problem> {
        let width = self.headers.len();
        let mut problems = Vec::new();
        let mut record = StringRecord::new();
        let mut lines = LineCounter::new(self.text);
        let bytes = self.text.as_bytes();
        // The csv crate's own line count is one short after a CRLF; the byte offset is exact,
        // once past the line ends the record may start with.
        let mut line_of = |byte: u64| {
            let mut at = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
            while bytes.get(at).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
                at += 1;
            }
            lines.line_at(at)
        };
        loop {
            match self.reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let line = record.position().map_or(0, |p| line_of(p.byte()));
                    if record.len() == 1 && record.get(0).is_some_and(|c| c.trim().is_empty()) {
                        continue;
                    }
                    if record.len() != width {
                        problems.push(Problem::at(
                            line,
                            format!("{} fields where the header has {width}", record.len()),
                        ));
                        continue;
                    }
                    row(line, &record);
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| line_of(p.byte()));
                    problems.push(Problem::at(line, format!("not CSV: {e}")));
                    if !matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. }) {
                        break;
                    }
                }
            }
        }
        problems
    }
}
