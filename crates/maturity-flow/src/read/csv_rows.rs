//! The rows of a CSV export, streamed from its [`Source`] through a 64 KiB buffer: a
//! million-row export is never held whole, and a big one is read by two threads, each from its
//! own offset. csv-core splits the records; this module keeps the byte offset and line of each
//! record, and checks each record's text is UTF-8.

use std::io;

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

use super::Problem;

/// Where an export's bytes come from: a text in memory, or (at the edges, which do the I/O)
/// a file each reading thread opens at its own offset.
pub trait Source: Sync {
    /// The length in bytes.
    fn len(&self) -> u64;
    /// `true` for no bytes at all.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The bytes from `offset` to the end.
    fn open_at(&self, offset: u64) -> io::Result<Box<dyn io::Read + Send + '_>>;
}

impl Source for &[u8] {
    fn len(&self) -> u64 {
        <[u8]>::len(self) as u64
    }

    fn open_at(&self, offset: u64) -> io::Result<Box<dyn io::Read + Send + '_>> {
        let from = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(<[u8]>::len(self));
        Ok(Box::new(&self[from..]))
    }
}

/// The message for a record that is not UTF-8 text.
pub(crate) const NOT_UTF8: &str = "not UTF-8 text: save the export as UTF-8";

pub(crate) struct Rows<'s> {
    pub headers: Vec<String>,
    source: &'s dyn Source,
    records: Records<'s>,
}

impl<'s> Rows<'s> {
    pub fn new(source: &'s dyn Source) -> Result<Self, Problem> {
        let cannot = |e: io::Error| Problem::file(format!("cannot read the header: {e}"));
        let mut records = Records::open(source, 0, b',').map_err(cannot)?;
        records.skip_bom().map_err(cannot)?;
        records.sniff_delimiter().map_err(cannot)?;
        if records.next().map_err(cannot)?.is_none() {
            return Err(Problem::file("no header row"));
        }
        let headers = records
            .record()
            .map_err(|_| Problem::file(NOT_UTF8))?
            .iter()
            .map(|h| h.trim().to_string())
            .collect();
        Ok(Self {
            headers,
            source,
            records,
        })
    }

    /// The index of the first column named `name` (case and surrounding space aside): Jira
    /// repeats a header for each value of a multi-valued field, and the first holds the first.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h.eq_ignore_ascii_case(name))
    }

    /// About how many rows follow the header, from the rows already buffered (exact when the
    /// buffer holds them all): room for them is made once instead of growing a million-item
    /// list by copying it over.
    pub fn rows_hint(&self) -> usize {
        let buffered = &self.records.buf[self.records.at..self.records.filled];
        let rows = buffered.iter().filter(|b| **b == b'\n').count() + 1;
        let rest = self.source.len().saturating_sub(self.records.offset);
        if rest <= buffered.len() as u64 {
            return rows;
        }
        let per_row = (buffered.len() / rows).max(1) as u64;
        // A little over, so that rows a little shorter than the first ones still fit.
        usize::try_from(rest / per_row + rest / per_row / 32 + 16).unwrap_or(usize::MAX)
    }

    /// `column`, or a file-level problem naming the missing column.
    pub fn require(&self, name: &str, format: &str) -> Result<usize, Problem> {
        self.column(name)
            .ok_or_else(|| Problem::file(format!("{format} without a `{name}` column")))
    }

    /// Each record with its 1-based line, or the problem with that row; a row with fewer or
    /// more fields than the header is a problem, not a guess.
    pub fn each(&mut self, row: impl FnMut(usize, &Record)) -> Vec<Problem> {
        scan(&mut self.records, self.headers.len(), None, row).0
    }

    /// Like [`Rows::each`], on two threads for a big export: the second opens the source near
    /// the middle of the rows, at a line start, and reads from there into its own `S`, its
    /// lines counted from that start; the first reads up to there and checks that a row really
    /// starts at the cut (not inside a quoted cell). Then `shift` moves the second part's lines
    /// by the line the cut turned out to be on. When no row starts at the cut, the first reads
    /// on to the end and the second's work is dropped, so the answer is always `each`'s.
    /// `make` is told which part (0, 1) it makes the `S` of. Returns each part's `S` in order,
    /// with the problems of the CSV itself.
    pub fn each_split<S: Send>(
        &mut self,
        make: impl Fn(usize) -> S + Sync,
        row: impl Fn(&mut S, usize, &Record) + Sync,
        shift: impl Fn(&mut S, usize),
    ) -> (Vec<S>, Vec<Problem>) {
        let width = self.headers.len();
        let second = self.second_half().ok().flatten();
        let Some((cut, mut later)) = second else {
            let mut state = make(0);
            let (problems, _) = scan(&mut self.records, width, None, |line, record| {
                row(&mut state, line, record)
            });
            return (vec![state], problems);
        };
        let records = &mut self.records;
        let ((first, (first_problems, stopped)), second) = std::thread::scope(|scope| {
            let second = scope.spawn(|| {
                let mut state = make(1);
                let (problems, _) = scan(&mut later, width, None, |line, record| {
                    row(&mut state, line, record)
                });
                (state, problems)
            });
            let mut state = make(0);
            let first = scan(records, width, Some(cut), |line, record| {
                row(&mut state, line, record)
            });
            ((state, first), second.join())
        });
        match (stopped, second) {
            (Some(line), Ok((mut state, problems))) => {
                let by = line - 1;
                shift(&mut state, by);
                let mut all = first_problems;
                all.extend(problems.into_iter().map(|p| Problem::at(p.line + by, p.error)));
                (vec![first, state], all)
            }
            // Not cut at a row: the first reader read it all. A panic in the second is a bug
            // that `each` would have hit too, so it is passed on.
            (Some(_), Err(panic)) => std::panic::resume_unwind(panic),
            (None, _) => (vec![first], first_problems),
        }
    }

    /// For a big export, where the second half starts (the first line start after the middle
    /// of the rows) and a reader placed there, its lines counted from 1; `None` when the rest
    /// is small or one line.
    fn second_half(&self) -> io::Result<Option<(u64, Records<'s>)>> {
        let from = self.records.offset;
        let len = self.source.len();
        if len.saturating_sub(from) <= SPLIT_ABOVE {
            return Ok(None);
        }
        let mut later = Records::open(self.source, from + (len - from) / 2, self.records.delimiter)?;
        if !later.skip_line()? || !later.skip_terminators()? {
            return Ok(None);
        }
        later.line = 1;
        Ok(Some((later.offset, later)))
    }
}

/// Exports above this size are read on two threads.
const SPLIT_ABOVE: u64 = 1 << 20;

/// Reads records as `Rows::each` does; with `stop`, stops before the record starting at that
/// offset and answers its line, or, when no record starts there, reads to the end (`None`).
fn scan(
    records: &mut Records,
    width: usize,
    mut stop: Option<u64>,
    mut row: impl FnMut(usize, &Record),
) -> (Vec<Problem>, Option<usize>) {
    let mut problems = Vec::new();
    loop {
        let start = match records.next() {
            Ok(Some(start)) => start,
            Ok(None) => break,
            Err(e) => {
                problems.push(Problem::at(records.line, format!("cannot read on: {e}")));
                break;
            }
        };
        if let Some(cut) = stop {
            if start.offset == cut {
                return (problems, Some(start.line));
            }
            if start.offset > cut {
                stop = None;
            }
        }
        let Ok(record) = records.record() else {
            problems.push(Problem::at(start.line, NOT_UTF8));
            continue;
        };
        if record.len() == 1 && record.get(0).is_some_and(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() != width {
            problems.push(Problem::at(
                start.line,
                format!("{} fields where the header has {width}", record.len()),
            ));
            continue;
        }
        row(start.line, &record);
    }
    (problems, None)
}

/// One record's fields, borrowed from the reader until the next record.
pub(crate) struct Record<'r> {
    text: &'r str,
    ends: &'r [usize],
}

impl<'r> Record<'r> {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn get(&self, field: usize) -> Option<&'r str> {
        let end = *self.ends.get(field)?;
        let start = field.checked_sub(1).map_or(0, |before| self.ends[before]);
        self.text.get(start..end)
    }

    pub fn iter(&self) -> impl Iterator<Item = &'r str> + '_ {
        (0..self.len()).filter_map(|field| self.get(field))
    }
}

/// Where a record starts: the byte offset of its first byte after any line ends, and the line.
struct Start {
    offset: u64,
    line: usize,
}

/// The records of a source from an offset on, with the byte offset and line of each.
struct Records<'s> {
    input: Box<dyn io::Read + Send + 's>,
    buf: Box<[u8]>,
    at: usize,
    filled: usize,
    eof: bool,
    /// The source offset and the line of `buf[at]`.
    offset: u64,
    line: usize,
    csv: Reader,
    delimiter: u8,
    out: Vec<u8>,
    ends: Vec<usize>,
    /// How much of `out` and `ends` the last record filled.
    out_len: usize,
    fields: usize,
}

const BUFFER: usize = 64 * 1024;

impl<'s> Records<'s> {
    fn open(source: &'s dyn Source, offset: u64, delimiter: u8) -> io::Result<Self> {
        Ok(Self {
            input: source.open_at(offset)?,
            buf: vec![0; BUFFER].into_boxed_slice(),
            at: 0,
            filled: 0,
            eof: false,
            offset,
            line: 1,
            csv: ReaderBuilder::new().delimiter(delimiter).build(),
            delimiter,
            out: vec![0; 1024],
            ends: vec![0; 64],
            out_len: 0,
            fields: 0,
        })
    }

    /// Whether there are bytes at `buf[at..filled]`, reading more when none are left.
    fn fill(&mut self) -> io::Result<bool> {
        while self.at == self.filled && !self.eof {
            match self.input.read(&mut self.buf) {
                Ok(0) => self.eof = true,
                Ok(n) => {
                    self.at = 0;
                    self.filled = n;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(self.at < self.filled)
    }

    /// Moves past `n` buffered bytes, counting the lines they end.
    fn advance(&mut self, n: usize) {
        let passed = &self.buf[self.at..self.at + n];
        self.line += passed.iter().filter(|b| **b == b'\n').count();
        self.at += n;
        self.offset += n as u64;
    }

    fn skip_bom(&mut self) -> io::Result<()> {
        const BOM: &[u8] = "\u{feff}".as_bytes();
        while self.fill()? && self.filled - self.at < BOM.len() && !self.eof {
            // A read that stopped inside the first three bytes: keep what came and read on.
            let kept = self.filled - self.at;
            self.buf.copy_within(self.at..self.filled, 0);
            let n = self.input.read(&mut self.buf[kept..])?;
            self.at = 0;
            self.filled = kept + n;
            self.eof = n == 0;
        }
        if self.buf[self.at..self.filled].starts_with(BOM) {
            self.at += BOM.len();
            self.offset += BOM.len() as u64;
        }
        Ok(())
    }

    /// Tells the field delimiter from the header line: a comma, unless the line has more
    /// semicolons or tabs outside quotes (an export saved again by a spreadsheet in a locale
    /// whose decimal mark is a comma, or a tab-separated one).
    fn sniff_delimiter(&mut self) -> io::Result<()> {
        // The first line, or as much of it as the buffer holds, whatever size the reads are.
        loop {
            let held = &self.buf[self.at..self.filled];
            if held.contains(&b'\n') || self.eof || held.len() == self.buf.len() {
                break;
            }
            self.buf.copy_within(self.at..self.filled, 0);
            self.filled -= self.at;
            self.at = 0;
            match self.input.read(&mut self.buf[self.filled..]) {
                Ok(n) => {
                    self.filled += n;
                    self.eof = n == 0;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        let line = self.buf[self.at..self.filled]
            .split(|b| *b == b'\n')
            .next()
            .unwrap_or_default();
        let mut quoted = false;
        let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
        for byte in line {
            if *byte == b'"' {
                quoted = !quoted;
            } else if !quoted && let Some((_, n)) = counts.iter_mut().find(|(d, _)| d == byte) {
                *n += 1;
            }
        }
        // A tie, or no delimiter at all, is a comma.
        let delimiter = counts
            .into_iter()
            .max_by_key(|(d, n)| (*n, *d == b','))
            .map_or(b',', |(d, _)| d);
        self.delimiter = delimiter;
        self.csv = ReaderBuilder::new().delimiter(delimiter).build();
        Ok(())
    }

    /// Moves past the next `\n`; `false` when there is none.
    fn skip_line(&mut self) -> io::Result<bool> {
        while self.fill()? {
            let rest = &self.buf[self.at..self.filled];
            if let Some(end) = rest.iter().position(|b| *b == b'\n') {
                self.advance(end + 1);
                return Ok(true);
            }
            self.advance(rest.len());
        }
        Ok(false)
    }

    /// Moves past line ends; `false` at the end of the source.
    fn skip_terminators(&mut self) -> io::Result<bool> {
        while self.fill()? {
            let rest = &self.buf[self.at..self.filled];
            match rest.iter().position(|b| !matches!(b, b'\r' | b'\n')) {
                Some(n) => {
                    self.advance(n);
                    return Ok(true);
                }
                None => self.advance(rest.len()),
            }
        }
        Ok(false)
    }

    /// Reads the next record (then [`Records::record`]), or `None` at the end.
    fn next(&mut self) -> io::Result<Option<Start>> {
        if !self.skip_terminators()? {
            return Ok(None);
        }
        let start = Start {
            offset: self.offset,
            line: self.line,
        };
        let (mut out_len, mut fields) = (0, 0);
        loop {
            let (result, read, wrote, ended) = self.csv.read_record(
                &self.buf[self.at..self.filled],
                &mut self.out[out_len..],
                &mut self.ends[fields..],
            );
            self.advance(read);
            out_len += wrote;
            fields += ended;
            match result {
                // At the end of the source, csv-core is given no input, which ends the record.
                ReadRecordResult::InputEmpty => {
                    self.fill()?;
                }
                ReadRecordResult::OutputFull => self.out.resize(self.out.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::Record | ReadRecordResult::End => break,
            }
        }
        // csv-core gives field ends from where this record's output began.
        self.out_len = out_len;
        self.fields = fields;
        Ok(Some(start))
    }

    /// The record [`Records::next`] read, or an error when it is not UTF-8.
    fn record(&self) -> Result<Record<'_>, std::str::Utf8Error> {
        Ok(Record {
            text: std::str::from_utf8(&self.out[..self.out_len])?,
            ends: &self.ends[..self.fields],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Seen = Vec<(usize, Vec<String>)>;
    /// The rows seen and the problems listed, by line.
    type Outcome = (Seen, Vec<(usize, String)>);

    /// A source that gives at most `step` bytes a read, to cross every buffer boundary.
    struct Trickle<'a> {
        text: &'a [u8],
        step: usize,
    }

    impl Source for Trickle<'_> {
        fn len(&self) -> u64 {
            self.text.len() as u64
        }

        fn open_at(&self, offset: u64) -> io::Result<Box<dyn io::Read + Send + '_>> {
            struct Slow<'a>(&'a [u8], usize);
            impl io::Read for Slow<'_> {
                fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                    let n = self.0.len().min(buf.len()).min(self.1);
                    buf[..n].copy_from_slice(&self.0[..n]);
                    self.0 = &self.0[n..];
                    Ok(n)
                }
            }
            let from = usize::try_from(offset).unwrap_or(usize::MAX).min(self.text.len());
            Ok(Box::new(Slow(&self.text[from..], self.step)))
        }
    }

    fn flat(problems: Vec<Problem>) -> Vec<(usize, String)> {
        let mut flat: Vec<_> = problems.into_iter().map(|p| (p.line, p.error)).collect();
        flat.sort();
        flat
    }

    fn one(source: &dyn Source) -> Outcome {
        let mut seen = Vec::new();
        let problems = Rows::new(source)
            .expect("header")
            .each(|line, r| seen.push((line, r.iter().map(String::from).collect())));
        (seen, flat(problems))
    }

    fn split(source: &dyn Source) -> Outcome {
        let (parts, problems) = Rows::new(source).expect("header").each_split(
            |_| Vec::new(),
            |seen: &mut Seen, line, r| seen.push((line, r.iter().map(String::from).collect())),
            |seen, by| seen.iter_mut().for_each(|(line, _)| *line += by),
        );
        (parts.concat(), flat(problems))
    }

    fn big(middle: &str) -> String {
        let mut text = String::from("\u{feff}ID,Title,A,B\r\n");
        let mut i = 0;
        while text.len() < SPLIT_ABOVE as usize + 4096 {
            if i == 2_000 {
                text.push_str("X,too,few\n\n");
            }
            if i == 10_000 {
                text.push_str("Y,\"a, b\",1,2,3\n");
            }
            text.push_str(&format!("I-{i},\"title {i}\",2026-01-01,2026-01-02\r\n"));
            i += 1;
        }
        let at = text.len() / 2;
        let at = at + text[at..].find('\n').expect("a line") + 1;
        text.insert_str(at, middle);
        text
    }

    /// The line each row starts on, counted in the text itself.
    fn line_of(text: &str, id: &str) -> usize {
        let at = text.find(&format!("\n{id},")).expect("the row") + 1;
        text[..at].matches('\n').count() + 1
    }

    #[test]
    fn two_threads_read_what_one_does_at_every_buffer_boundary() {
        for middle in [
            "",
            // A quoted cell across lines around the cut: the first reader reads on.
            "Q,\"one\nI-x,\"\"no\"\",2026-01-01,2026-01-02\nstill the title\",2026-01-01,2026-01-02\n",
            "\n\n",
            "Z,\"open\",1\n",
        ] {
            let text = big(middle);
            let whole = one(&text.as_bytes());
            assert!(whole.0.len() > 20_000);
            assert_eq!(whole.0[0].1, ["I-0", "title 0", "2026-01-01", "2026-01-02"]);
            for id in ["I-0", "I-7000", "I-20000"] {
                let seen = whole.0.iter().find(|(_, r)| r[0] == id).expect("read");
                assert_eq!(seen.0, line_of(&text, id), "{id}");
            }
            assert_eq!(whole.1[0], (2002, "3 fields where the header has 4".to_string()));
            assert_eq!(whole, split(&text.as_bytes()), "{middle:?}");
            for step in [1, 3, 7, 4096] {
                let source = Trickle {
                    text: text.as_bytes(),
                    step,
                };
                if step > 1 {
                    assert_eq!(whole, split(&source), "{middle:?}, {step} bytes a read");
                }
                if step < 10 {
                    let head = &text.as_bytes()[..20_000];
                    let source = Trickle { text: head, step };
                    assert_eq!(one(&head), one(&source), "{step} bytes a read");
                }
            }
        }
        let small = "ID,Title,A,B\nI-1,t,1,2\n";
        assert_eq!(one(&small.as_bytes()), split(&small.as_bytes()));
    }

    #[test]
    fn quoted_cells_line_ends_and_bad_text() {
        let text = b"ID,Title\r\n\r\n\"A,1\",\"say \"\"hi\"\"\nthere\"\r\nB,\xff\xfe\nC,\"open to the end";
        let (seen, problems) = one(&&text[..]);
        assert_eq!(
            seen,
            [
                (3, vec!["A,1".to_string(), "say \"hi\"\nthere".to_string()]),
                (6, vec!["C".to_string(), "open to the end".to_string()]),
            ]
        );
        assert_eq!(problems, [(5, NOT_UTF8.to_string())]);
        assert!(Rows::new(&&b""[..]).is_err());
        assert!(Rows::new(&&b"\xff,ID\n"[..]).is_err());
    }
}
