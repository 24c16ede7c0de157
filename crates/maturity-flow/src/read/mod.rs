//! Reading work-item exports. The format is told by the text itself: a JSON array is
//! `gh issue list --json`; a CSV with `Issue key` is Jira's, with `Work Item Type` or
//! `Created Date` Azure Boards', and one whose first column is `ID` the stage-column format.
//!
//! A row that cannot be used is listed with its line and why, every one of them, and the
//! other rows are still read; a file that cannot be read at all (empty, binary, no known
//! header) is one entry at line 1.

mod azure;
mod csv_rows;
mod github;
mod jira;
mod stages;

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::io::Read as _;

use serde::Serialize;

use csv_rows::NOT_UTF8;
pub use csv_rows::Source;

use crate::day::Day;
use crate::item::{Stages, WorkItem, Workflow};
use crate::output::Unreadable;
use crate::pool::Pool;

/// The export formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Jira,
    AzureBoards,
    GithubIssues,
    Stages,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Self::Jira => "Jira CSV",
            Self::AzureBoards => "Azure Boards CSV",
            Self::GithubIssues => "GitHub Issues JSON",
            Self::Stages => "stage columns CSV",
        }
    }
}

/// What was read from one or more exports: the items over one workflow (for several files, the
/// stages of each in first-seen order), and what could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    /// The formats of the files read, in order; `None` for a file that could not be read.
    pub formats: Vec<(String, Option<Format>)>,
    pub workflow: Workflow,
    pub items: Vec<WorkItem>,
    pub unreadable: Vec<Unreadable>,
    /// The items' ids, stage names and dates.
    pub(crate) pool: Pool,
}

impl Read {
    /// A file that could not be read at all, for `error`.
    pub fn unreadable(path: &str, error: &str) -> Self {
        Self {
            formats: vec![(path.to_string(), None)],
            workflow: Workflow::new(Vec::new(), &Stages::default()),
            items: Vec::new(),
            unreadable: vec![Unreadable {
                path: path.to_string(),
                line: 1,
                error: error.to_string(),
            }],
            pool: Pool::default(),
        }
    }

    /// An item's id as the tracker names it: `ABC-123`, `4711`, `#42`.
    pub fn id(&self, item: &WorkItem) -> &str {
        self.pool.id(item)
    }

    /// The stage an item is in now, as the export says (Jira's Status, Azure's State, GitHub's
    /// state, or the last stage column with a date); empty when it says none.
    pub fn stage(&self, item: &WorkItem) -> &str {
        self.pool.stage(item)
    }

    /// The day an item entered each stage of [`Read::workflow`], by stage; `None` where it has
    /// no date for that stage.
    pub fn entered(&self, item: &WorkItem) -> &[Option<Day>] {
        self.pool.entered(item)
    }
}

/// Reads one export named `path` (for messages) mapping stages by `mapping`.
pub fn read(path: &str, text: &str, mapping: &Stages) -> Read {
    read_source(path, &text.as_bytes(), mapping)
}

/// Like [`read`], streaming the export from `source`: a big CSV export is never held whole,
/// and two threads each read half of it from their own offset.
pub fn read_source(path: &str, source: &dyn Source, mapping: &Stages) -> Read {
    let empty = |error: &str| Read::unreadable(path, error);
    let head = match head_of(source) {
        Ok(head) => head,
        Err(e) => return empty(&format!("cannot read it: {e}")),
    };
    let whole = head.len() as u64 == source.len();
    let head = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&head);
    // A head cut inside a character is still text; one with a byte no UTF-8 has is not.
    if std::str::from_utf8(head).is_err_and(|e| e.error_len().is_some()) {
        return empty(NOT_UTF8);
    }
    if head.contains(&0) {
        return empty("a binary file, not a work-item export");
    }
    let start = head.iter().find(|b| !b.is_ascii_whitespace());
    if whole && String::from_utf8_lossy(head).trim().is_empty() {
        return empty("an empty file, not a work-item export");
    }
    let parsed = if start.is_some_and(|b| matches!(b, b'[' | b'{')) {
        match whole_text(source) {
            Ok(text) => github::read(text.strip_prefix('\u{feff}').unwrap_or(&text), mapping)
                .map(|r| (Format::GithubIssues, r)),
            Err(error) => Err(Problem::file(error)),
        }
    } else {
        csv_rows::Rows::new(source).and_then(|mut rows| {
            if rows.column("Issue key").is_some() {
                jira::read(&mut rows, mapping).map(|r| (Format::Jira, r))
            } else if rows.column("Work Item Type").is_some() || rows.column("Created Date").is_some() {
                azure::read(&mut rows, mapping).map(|r| (Format::AzureBoards, r))
            } else if rows
                .headers
                .first()
                .is_some_and(|h| h.trim().eq_ignore_ascii_case("id"))
            {
                stages::read(&mut rows, mapping).map(|r| (Format::Stages, r))
            } else {
                Err(Problem::file(
                    "no known header: expected Jira's `Issue key`, Azure Boards' `Work Item Type` or \
                     `Created Date`, or `ID, Title, <stage>, …`",
                ))
            }
        })
    };
    match parsed {
        Ok((format, (workflow, items, pool, problems))) => {
            let mut read = Read {
                formats: vec![(path.to_string(), Some(format))],
                workflow,
                items: Vec::new(),
                unreadable: Vec::new(),
                pool,
            };
            let mut items = items;
            let mut problems = problems;
            // Settled first (on two threads for a big export), then checked for duplicates by
            // borrowed id: a million ids are not copied into the map. A duplicate of an earlier
            // usable item is listed as one (its own dates unchecked); an item whose dates do not
            // fit is listed for them.
            let unsettled = settle_all(&read.workflow, &read.pool, &mut items);
            let mut usable = vec![true; items.len()];
            for (at, _) in &unsettled {
                usable[*at] = false;
            }
            let mut keep = vec![true; items.len()];
            for (at, first) in first_of_each(&items, &read.pool, &usable) {
                keep[at] = false;
                problems.push(Problem::at(
                    items[at].line as usize,
                    format!(
                        "duplicate id `{}` (first on line {})",
                        read.pool.id(&items[at]),
                        items[first].line
                    ),
                ));
            }
            for (at, error) in unsettled {
                if keep[at] {
                    keep[at] = false;
                    let item = &items[at];
                    problems.push(Problem::at(
                        item.line as usize,
                        format!("item `{}`: {error}", read.pool.id(item)),
                    ));
                }
            }
            let mut keep = keep.into_iter();
            items.retain(|_| keep.next().unwrap_or(false));
            read.items = items;
            problems.sort_by_key(|p| p.line);
            read.unreadable = problems
                .into_iter()
                .map(|p| Unreadable {
                    path: path.to_string(),
                    line: p.line,
                    error: p.error,
                })
                .collect();
            read
        }
        Err(problem) => {
            let mut read = empty(&problem.error);
            read.unreadable[0].line = problem.line;
            read
        }
    }
}

/// The first bytes of `source`, enough to tell its format and whether it is text.
fn head_of(source: &dyn Source) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(HEAD);
    source.open_at(0)?.take(HEAD as u64).read_to_end(&mut head)?;
    Ok(head)
}

const HEAD: usize = 8 * 1024;

/// All of `source` as text, for the JSON export, which is read whole.
fn whole_text(source: &dyn Source) -> Result<String, String> {
    let mut bytes = Vec::new();
    source
        .open_at(0)
        .and_then(|mut input| input.read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read it: {e}"))?;
    String::from_utf8(bytes).map_err(|_| NOT_UTF8.to_string())
}

/// Settles every item by `workflow`, on two threads when there are many: returns the (index,
/// why) of each item whose dates do not fit, in order.
fn settle_all(workflow: &Workflow, pool: &Pool, items: &mut [WorkItem]) -> Vec<(usize, String)> {
    let part = |offset: usize, items: &mut [WorkItem]| {
        let mut unsettled = Vec::new();
        for (at, item) in items.iter_mut().enumerate() {
            let entered = pool.entered(item);
            if let Err(error) = workflow.settle(item, entered) {
                unsettled.push((offset + at, error));
            }
        }
        unsettled
    };
    if items.len() < SETTLE_SPLIT_ABOVE {
        return part(0, items);
    }
    let middle = items.len() / 2;
    let (first, second) = items.split_at_mut(middle);
    let (mut unsettled, more) = std::thread::scope(|scope| {
        let later = scope.spawn(|| part(middle, second));
        let earlier = part(0, first);
        // A panic in the second half is a bug the first would share: passed on.
        (
            earlier,
            later.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
        )
    });
    unsettled.extend(more);
    unsettled
}

/// Below this many items a second thread costs more than it saves.
const SETTLE_SPLIT_ABOVE: usize = 50_000;

/// Joins the reads of several files into one: stages by name in first-seen order (the
/// started and done stages are the first file's that has them), an id seen in an earlier file
/// listed as a duplicate.
pub fn combine(mut reads: Vec<Read>, mapping: &Stages) -> Read {
    let mut stages: Vec<String> = Vec::new();
    for read in &reads {
        for stage in &read.workflow.stages {
            if !stages.iter().any(|s| s.eq_ignore_ascii_case(stage)) {
                stages.push(stage.clone());
            }
        }
    }
    let workflow = Workflow::new(stages, mapping);
    // One file is already free of duplicates: it is its own combination.
    if let [only] = reads.as_slice()
        && only.workflow == workflow
    {
        return reads
            .into_iter()
            .next()
            .unwrap_or_else(|| Read::unreadable("", ""));
    }
    let paths: Vec<String> = reads
        .iter()
        .map(|read| read.formats.first().map(|(p, _)| p.clone()).unwrap_or_default())
        .collect();
    let total = reads.iter().map(|r| r.items.len()).sum();
    let mut out = Read {
        formats: Vec::new(),
        pool: Pool::new(workflow.stages.len(), total),
        workflow,
        items: Vec::with_capacity(total),
        unreadable: Vec::new(),
    };
    let listed: Vec<_> = reads
        .iter_mut()
        .map(|r| (std::mem::take(&mut r.formats), std::mem::take(&mut r.unreadable)))
        .collect();
    // An id seen in an earlier file is listed, not kept.
    let mut seen: IdMap<usize> = IdMap::default();
    let mut entered = Vec::with_capacity(out.workflow.stages.len());
    for (at, (read, (formats, unreadable))) in reads.iter().zip(listed).enumerate() {
        let index: Vec<usize> = read
            .workflow
            .stages
            .iter()
            .map(|s| {
                out.workflow
                    .stages
                    .iter()
                    .position(|o| o.eq_ignore_ascii_case(s))
                    .unwrap_or(0)
            })
            .collect();
        out.formats.extend(formats);
        out.unreadable.extend(unreadable);
        for item in &read.items {
            let id = read.id(item);
            if let Some(first) = seen.get(id) {
                out.unreadable.push(Unreadable {
                    path: paths[at].clone(),
                    line: item.line as usize,
                    error: format!("duplicate id `{id}` (also in {})", paths[*first]),
                });
                continue;
            }
            seen.insert(id, at);
            entered.clear();
            entered.resize(out.workflow.stages.len(), None);
            for (from, date) in read.entered(item).iter().enumerate() {
                if let Some(to) = index.get(from) {
                    entered[*to] = *date;
                }
            }
            let stage = out.pool.name(read.stage(item));
            match out.pool.add(id, stage, &entered, item.line as usize) {
                Ok(mut moved) => {
                    moved.created = item.created;
                    moved.started = item.started;
                    moved.done = item.done;
                    out.items.push(moved);
                }
                Err(error) => out.unreadable.push(Unreadable {
                    path: paths[at].clone(),
                    line: item.line as usize,
                    error: error.to_string(),
                }),
            }
        }
    }
    out
}

/// The first usable item of each id, as an open-addressing table of (hash, item index) pairs:
/// eight bytes a slot keep a million ids' table small enough to stay mostly in cache, and ids
/// are compared only when their hashes agree.
struct FirstOf {
    slots: Vec<(u32, u32)>,
    mask: usize,
}

impl FirstOf {
    const EMPTY: u32 = u32::MAX;

    fn with_capacity(items: usize) -> Self {
        let size = (items.max(4) * 2).next_power_of_two();
        Self {
            slots: vec![(0, Self::EMPTY); size],
            mask: size - 1,
        }
    }

    fn hash(id: &str) -> u64 {
        let mut hasher = IdHash.build_hasher();
        hasher.write(id.as_bytes());
        hasher.finish()
    }

    /// The index in `items` of the first usable item with `id` (whose [`FirstOf::hash`] is
    /// `hash`); when there is none and `usable`, item `index` becomes it.
    fn find_or_insert(
        &mut self,
        (items, pool): (&[WorkItem], &Pool),
        index: usize,
        hash: u64,
        usable: bool,
    ) -> Option<usize> {
        let check = (hash >> 32) as u32;
        let id = pool.id(&items[index]);
        let mut at = usize::try_from(hash).unwrap_or(0) & self.mask;
        loop {
            let (h, first) = self.slots[at];
            if first == Self::EMPTY {
                if usable {
                    self.slots[at] = (check, u32::try_from(index).unwrap_or(Self::EMPTY - 1));
                }
                return None;
            }
            let first = first as usize;
            if h == check && pool.id(&items[first]) == id {
                return Some(first);
            }
            at = (at + 1) & self.mask;
        }
    }
}

/// Each item that repeats the id of an earlier usable item, with that item: (index, first).
/// Ids are shared between two threads by their last byte for many items; an id's items all
/// fall to one thread, which meets them in order.
fn first_of_each(items: &[WorkItem], pool: &Pool, usable: &[bool]) -> Vec<(usize, usize)> {
    let part = |share: Option<u8>| {
        let mine =
            |item: &WorkItem| share.is_none_or(|s| pool.id(item).as_bytes().last().map_or(0, |b| b & 1) == s);
        let mut seen = FirstOf::with_capacity(items.iter().filter(|i| mine(i)).count());
        let mut repeats = Vec::new();
        for (at, item) in items.iter().enumerate() {
            if mine(item)
                && let Some(first) =
                    seen.find_or_insert((items, pool), at, FirstOf::hash(pool.id(item)), usable[at])
            {
                repeats.push((at, first));
            }
        }
        repeats
    };
    if items.len() < SETTLE_SPLIT_ABOVE {
        return part(None);
    }
    let (mut repeats, more) = std::thread::scope(|scope| {
        let later = scope.spawn(|| part(Some(1)));
        (
            part(Some(0)),
            later.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
        )
    });
    repeats.extend(more);
    repeats
}

/// Items by id, borrowed from the items themselves.
type IdMap<'a, V> = HashMap<&'a str, V, IdHash>;

/// A fast hash for ids (FxHash's multiply-and-rotate over eight bytes at a time): ids come from
/// the user's own exports, so the defence of the default hasher against chosen collisions buys
/// nothing here, and it is most of the time a million-item dedup takes.
#[derive(Clone, Copy, Default)]
struct IdHash;

impl BuildHasher for IdHash {
    type Hasher = IdHasher;

    fn build_hasher(&self) -> IdHasher {
        IdHasher(0)
    }
}

struct IdHasher(u64);

impl IdHasher {
    const K: u64 = 0xf135_7aea_2e62_a9c5;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(26) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

/// A problem in a file, before it is given the file's path.
#[derive(Debug)]
pub(crate) struct Problem {
    pub line: usize,
    pub error: String,
}

impl Problem {
    pub fn at(line: usize, error: impl Into<String>) -> Self {
        Self {
            line,
            error: error.into(),
        }
    }

    pub fn file(error: impl Into<String>) -> Self {
        Self::at(1, error)
    }
}

/// What a reader returns: the file's workflow, its items (not yet settled) and their pool, its
/// bad rows.
pub(crate) type Parsed = (Workflow, Vec<WorkItem>, Pool, Vec<Problem>);

/// A date cell: `None` when empty.
pub(crate) fn date_cell(text: &str, column: &str) -> Result<Option<crate::Day>, String> {
    // Most cells are a bare `YYYY-MM-DD`: read at once, with no trimming first.
    if let Some(Some(date)) = crate::date::fast_iso(text.as_bytes()) {
        return Ok(Some(crate::Day::of(date)));
    }
    if text.trim().is_empty() {
        return Ok(None);
    }
    crate::date::parse_date(text)
        .map(|date| Some(crate::Day::of(date)))
        .map_err(|e| format!("{column}: {e}"))
}

/// Line numbers of byte offsets in one text, asked in increasing order: counting on from the
/// last answer keeps a million rows linear.
pub(crate) struct LineCounter<'a> {
    text: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    pub fn new(text: &'a str) -> Self {
        Self {
            text: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    /// The 1-based line of byte `at`.
    pub fn line_at(&mut self, at: usize) -> usize {
        let at = at.min(self.text.len());
        if at >= self.offset {
            self.line += self.text[self.offset..at].iter().filter(|b| **b == b'\n').count();
            self.offset = at;
        }
        self.line
    }
}
