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

    /// Like [`Rows::each`], on two threads for a big export: the text is cut at a line start
    /// near its middle and each half read into its own `S`. The first half's reader checks
    /// that a row really starts at the cut (not inside a quoted cell); when none does, it reads
    /// on to the end and the second half's work is dropped, so the answer is always `each`'s.
    /// `make` is told which part (0, 1) it makes the `S` of. Returns each part's `S` in order,
    /// with the problems of the CSV itself.
    pub fn each_split<S: Send>(
        &mut self,
        make: impl Fn(usize) -> S + Sync,
        row: impl Fn(&mut S, usize, &StringRecord) + Sync,
    ) -> (Vec<S>, Vec<Problem>) {
        let bytes = self.text.as_bytes();
        let from = usize::try_from(self.reader.position().byte()).unwrap_or(bytes.len());
        let cut = (bytes.len() > SPLIT_ABOVE && from < bytes.len())
            .then(|| {
                let middle = from + (bytes.len() - from) / 2;
                let mut at = middle + bytes[middle..].iter().position(|b| *b == b'\n')? + 1;
                while bytes.get(at).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
                    at += 1;
                }
                (at < bytes.len()).then_some(at)
            })
            .flatten();
        let width = self.headers.len();
        let text = self.text;
        let Some(cut) = cut else {
            let mut state = make(0);
            let (problems, _) = scan(text, from, None, width, |line, record| {
                row(&mut state, line, record)
            });
            return (vec![state], problems);
        };
        let ((first, (first_problems, stopped)), second) = std::thread::scope(|scope| {
            let second = scope.spawn(|| {
                let mut state = make(1);
                let (problems, _) = scan(text, cut, None, width, |line, record| {
                    row(&mut state, line, record)
                });
                (state, problems)
            });
            let mut state = make(0);
            let first = scan(text, from, Some(cut), width, |line, record| {
                row(&mut state, line, record)
            });
            ((state, first), second.join())
        });
        match (stopped, second) {
            (true, Ok((state, problems))) => {
                let mut all = first_problems;
                all.extend(problems);
                (vec![first, state], all)
            }
            // Not cut at a row: the first reader read it all. A panic in the second is a bug
            // that `each` would have hit too, so it is passed on.
            (true, Err(panic)) => std::panic::resume_unwind(panic),
            (false, _) => (vec![first], first_problems),
        }
    }
}

/// Exports above this size are read on two threads.
const SPLIT_ABOVE: usize = 1 << 20;

/// Reads the records of `text` from byte `from` (a row start) as `Rows::each` does; with
/// `stop`, stops before the record starting at that byte and says so (`true`), or, when no
/// record starts there, reads to the end (`false`).
fn scan(
    text: &str,
    from: usize,
    mut stop: Option<usize>,
    width: usize,
    mut row: impl FnMut(usize, &StringRecord),
) -> (Vec<Problem>, bool) {
    let bytes = text.as_bytes();
    let mut reader = ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(&bytes[from..]);
    let mut problems = Vec::new();
    let mut record = StringRecord::new();
    let mut lines = LineCounter::new(text);
    let start_of = |byte: u64| {
        let mut at = usize::try_from(byte)
            .unwrap_or(usize::MAX)
            .saturating_add(from)
            .min(bytes.len());
        while bytes.get(at).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            at += 1;
        }
        at
    };
    loop {
        let result = reader.read_record(&mut record);
        let at = match &result {
            Ok(true) => record.position().map_or(0, |p| start_of(p.byte())),
            Ok(false) => bytes.len(),
            Err(e) => e.position().map_or(0, |p| start_of(p.byte())),
        };
        if let Some(cut) = stop {
            if at == cut {
                return (problems, true);
            }
            if at > cut {
                stop = None;
            }
        }
        match result {
            Ok(false) => break,
            Ok(true) => {
                let line = lines.line_at(at);
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
                problems.push(Problem::at(lines.line_at(at), format!("not CSV: {e}")));
                if !matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. }) {
                    break;
                }
            }
        }
    }
    (problems, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    type Seen = Vec<(usize, Vec<String>)>;
    /// The rows seen and the problems listed, by line.
    type Outcome = (Seen, Vec<(usize, String)>);

    fn both(text: &str) -> (Outcome, Outcome) {
        let flat = |p: Vec<Problem>| p.into_iter().map(|p| (p.line, p.error)).collect::<Vec<_>>();
        let mut one = Vec::new();
        let problems = Rows::new(text)
            .expect("header")
            .each(|line, r| one.push((line, r.iter().map(String::from).collect())));
        let (parts, split_problems) = Rows::new(text).expect("header").each_split(
            |_| Vec::new(),
            |seen: &mut Seen, line, r| {
                seen.push((line, r.iter().map(String::from).collect()));
            },
        );
        let mut problems = flat(problems);
        let mut split_problems = flat(split_problems);
        problems.sort();
        split_problems.sort();
        ((one, problems), (parts.concat(), split_problems))
    }

    fn big(middle: &str) -> String {
        let mut text = String::from("ID,Title,A,B\r\n");
        let mut i = 0;
        while text.len() < SPLIT_ABOVE + 4096 {
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

    #[test]
    fn two_threads_read_what_one_does() {
        for middle in [
            "",
            // A quoted cell across lines around the cut: the first reader reads on.
            "Q,\"one\nI-x,\"\"no\"\",2026-01-01,2026-01-02\nstill the title\",2026-01-01,2026-01-02\n",
            "\n\n",
            "Z,\"open\",1\n",
        ] {
            let text = big(middle);
            let (one, split) = both(&text);
            assert!(one.0.len() > 20_000);
            assert_eq!(one, split, "{middle:?}");
        }
        let small = "ID,Title,A,B\nI-1,t,1,2\n";
        assert_eq!(both(small).0, both(small).1);
    }
}
