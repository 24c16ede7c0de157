//! Collecting raw evidence from a working tree: a parallel walk that classifies every file
//! by path, then a parallel read of the few files whose contents some check needs.
//!
//! Invariants: nothing is written; nothing found is run; symbolic links are never followed
//! (they are counted and skipped, so a link loop or a link out of the tree costs nothing);
//! `.git` is skipped and `.gitignore` honoured even outside a git repository.

pub mod ci;
pub mod content;
pub mod paths;
pub mod read;
pub mod steps;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use ignore::{DirEntry, ParallelVisitor, ParallelVisitorBuilder, WalkBuilder, WalkState};

use crate::config::ScanConfig;
use crate::error::ScanError;
use crate::raw::{CodeStats, EXAMPLES, ParseProblem, PathFact, RawEvidence, TestKind};
use content::FileFacts;
use paths::{Classified, Reader, classify};
use read::{ReadOutcome, read_file};

/// How far a scan has got, for a progress line on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Files listed so far.
    Walking { files: usize },
    /// Contents being read: `done` of `total` files.
    Reading { done: usize, total: usize },
}

/// At most this many warnings are kept word for word; the rest are counted.
const MAX_WARNINGS: usize = 50;

/// A file to read: the path shown in findings, how to read it, and where it is on disk.
///
/// The two paths differ when a name is not UTF-8: findings show it lossily (U+FFFD for each
/// bad byte), but the file must be opened by its real name, or a lossy name would miss the
/// file or, worse, read another one whose name is the lossy form.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct ToRead {
    path: String,
    reader: Reader,
    real: PathBuf,
}

/// Files walked and classified, not yet read.
#[derive(Debug, Default)]
struct Inventory {
    raw: RawEvidence,
    to_read: Vec<ToRead>,
}

impl Inventory {
    /// Adds a walked file: `path` as shown, `real` relative to the root as on disk.
    fn add_path(&mut self, path: &str, real: &Path, classified: Classified) {
        self.raw.files_seen += 1;
        for (kind, label) in classified.kinds {
            self.raw.paths.entry(kind).or_default().push(PathFact {
                path: path.to_string(),
                line: 1,
                label: label.to_string(),
            });
        }
        if let Some((ecosystem, test)) = classified.code {
            let stats = self.raw.code.entry(ecosystem).or_default();
            match test {
                None => stats.sources += 1,
                Some(kind) => {
                    *stats.tests.entry(kind).or_default() += 1;
                    let examples = stats.examples.entry(kind).or_default();
                    // Keep the alphabetically first few, whatever order threads see them in.
                    examples.push((path.to_string(), 1));
                    if examples.len() > EXAMPLES * 4 {
                        examples.sort();
                        examples.truncate(EXAMPLES);
                    }
                }
            }
        }
        if let Some(reader) = classified.read {
            self.to_read.push(ToRead {
                path: path.to_string(),
                reader,
                real: real.to_path_buf(),
            });
        }
    }

    fn add_facts(&mut self, path: &str, facts: FileFacts) {
        self.raw.files_read += 1;
        if let Some(ci) = facts.ci {
            self.raw.ci.push(ci);
        }
        if let Some(manifest) = facts.manifest {
            self.raw.manifests.push(manifest);
        }
        self.raw.markers.extend(facts.markers);
        self.raw.problems.extend(facts.problems);
        for (kind, label, line) in facts.kinds {
            self.raw.paths.entry(kind).or_default().push(PathFact {
                path: path.to_string(),
                line,
                label,
            });
        }
        if let Some(line) = facts.inline_test
            && let Some(stats) = self.raw.code.get_mut(&crate::raw::Ecosystem::Rust)
        {
            add_inline_test(stats, path, line);
        }
    }

    fn warn(&mut self, warning: String) {
        self.raw.warnings.push(warning);
    }

    fn merge(&mut self, other: Inventory) {
        let raw = other.raw;
        self.raw.files_seen += raw.files_seen;
        self.raw.files_read += raw.files_read;
        self.raw.skipped.binary += raw.skipped.binary;
        self.raw.skipped.too_large += raw.skipped.too_large;
        self.raw.skipped.unreadable += raw.skipped.unreadable;
        self.raw.skipped.symlink += raw.skipped.symlink;
        for (kind, facts) in raw.paths {
            self.raw.paths.entry(kind).or_default().extend(facts);
        }
        for (ecosystem, stats) in raw.code {
            let mine = self.raw.code.entry(ecosystem).or_default();
            mine.sources += stats.sources;
            mine.inline_tests += stats.inline_tests;
            for (kind, count) in stats.tests {
                *mine.tests.entry(kind).or_default() += count;
            }
            for (kind, examples) in stats.examples {
                mine.examples.entry(kind).or_default().extend(examples);
            }
        }
        self.raw.ci.extend(raw.ci);
        self.raw.manifests.extend(raw.manifests);
        self.raw.markers.extend(raw.markers);
        self.raw.problems.extend(raw.problems);
        self.raw.warnings.extend(raw.warnings);
        self.to_read.extend(other.to_read);
    }

    fn finish(mut self) -> RawEvidence {
        self.raw.normalize();
        // Cut after sorting, so which warnings are kept does not depend on thread timing.
        let total = self.raw.warnings.len();
        if total > MAX_WARNINGS {
            self.raw.warnings.truncate(MAX_WARNINGS);
            self.raw
                .warnings
                .push(format!("{} more warnings not shown", total - MAX_WARNINGS));
        }
        self.raw
    }
}

fn add_inline_test(stats: &mut CodeStats, path: &str, line: usize) {
    stats.inline_tests += 1;
    stats
        .examples
        .entry(TestKind::Unit)
        .or_default()
        .push((path.to_string(), line));
}

/// Collects raw evidence from files given in memory, as (path, contents). Used by tests and
/// by callers that already hold the files (an archive, an API upload).
pub fn collect_files(files: &[(&str, &str)]) -> RawEvidence {
    let mut inventory = Inventory::default();
    for (path, _) in files {
        inventory.add_path(path, Path::new(path), classify(path));
    }
    let mut to_read = std::mem::take(&mut inventory.to_read);
    to_read.sort();
    for ToRead { path, reader, .. } in to_read {
        if let Some((_, text)) = files.iter().find(|(p, _)| *p == path) {
            let facts = content::read(reader, &path, text);
            inventory.add_facts(&path, facts);
        }
    }
    inventory.finish()
}

/// Checks that the root is a directory we can scan.
fn check_root(root: &Path) -> Result<PathBuf, ScanError> {
    let metadata = std::fs::metadata(root).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => ScanError::NotFound {
            path: root.to_path_buf(),
        },
        _ => ScanError::Unreadable {
            path: root.to_path_buf(),
            source,
        },
    })?;
    if !metadata.is_dir() {
        return Err(ScanError::NotADirectory {
            path: root.to_path_buf(),
        });
    }
    // A root that cannot be listed would scan as an empty tree: every check failing, as if
    // the repository had nothing, instead of saying why.
    std::fs::read_dir(root).map_err(|source| ScanError::Unreadable {
        path: root.to_path_buf(),
        source,
    })?;
    // The walk starts from the resolved directory so a root given as a symlink is scanned
    // (the user named it); links inside the tree are still never followed.
    std::fs::canonicalize(root).map_err(|source| ScanError::Unreadable {
        path: root.to_path_buf(),
        source,
    })
}

/// Walks the tree and reads what the checks need.
pub fn collect(config: &ScanConfig, progress: &(dyn Fn(Progress) + Sync)) -> Result<RawEvidence, ScanError> {
    let root = check_root(&config.root)?;
    let mut inventory = walk(&root, config, progress);
    let to_read = plan_reads(&mut inventory, config);
    read_all(&root, config, to_read, &mut inventory, progress);
    Ok(inventory.finish())
}

fn walk(root: &Path, config: &ScanConfig, progress: &(dyn Fn(Progress) + Sync)) -> Inventory {
    let results = Arc::new(Mutex::new(Vec::new()));
    let seen = AtomicUsize::new(0);
    let mut builder = VisitorBuilder {
        root,
        results: Arc::clone(&results),
        seen: &seen,
        progress,
    };
    WalkBuilder::new(root)
        .hidden(false)
        .git_global(false)
        .require_git(false)
        .follow_links(false)
        .threads(config.threads)
        .filter_entry(|entry| {
            let name = entry.file_name();
            !(entry.file_type().is_some_and(|t| t.is_dir())
                && (name == ".git" || name == ".hg" || name == ".svn"))
        })
        .build_parallel()
        .visit(&mut builder);
    drop(builder);
    let mut inventory = Inventory::default();
    let parts = match Arc::try_unwrap(results) {
        Ok(mutex) => mutex
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
        Err(shared) => std::mem::take(&mut *shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner)),
    };
    for part in parts {
        inventory.merge(part);
    }
    inventory
}

struct VisitorBuilder<'a> {
    root: &'a Path,
    results: Arc<Mutex<Vec<Inventory>>>,
    seen: &'a AtomicUsize,
    progress: &'a (dyn Fn(Progress) + Sync),
}

impl<'s> ParallelVisitorBuilder<'s> for VisitorBuilder<'s> {
    fn build(&mut self) -> Box<dyn ParallelVisitor + 's> {
        Box::new(Visitor {
            root: self.root,
            inventory: Inventory::default(),
            results: Arc::clone(&self.results),
            seen: self.seen,
            progress: self.progress,
        })
    }
}

/// One walker thread's visitor; its inventory joins the others when the thread is done.
struct Visitor<'a> {
    root: &'a Path,
    inventory: Inventory,
    results: Arc<Mutex<Vec<Inventory>>>,
    seen: &'a AtomicUsize,
    progress: &'a (dyn Fn(Progress) + Sync),
}

impl Drop for Visitor<'_> {
    fn drop(&mut self) {
        let inventory = std::mem::take(&mut self.inventory);
        self.results
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(inventory);
    }
}

impl ParallelVisitor for Visitor<'_> {
    fn visit(&mut self, entry: Result<DirEntry, ignore::Error>) -> WalkState {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                self.inventory.raw.skipped.unreadable += 1;
                self.inventory
                    .warn(format!("could not read part of the tree: {error}"));
                return WalkState::Continue;
            }
        };
        if entry.depth() == 0 {
            return WalkState::Continue;
        }
        let Some(file_type) = entry.file_type() else {
            return WalkState::Continue;
        };
        if file_type.is_symlink() {
            self.inventory.raw.skipped.symlink += 1;
            return WalkState::Continue;
        }
        if !file_type.is_file() {
            return WalkState::Continue;
        }
        let relative = entry.path().strip_prefix(self.root).unwrap_or(entry.path());
        let path = relative.to_string_lossy();
        let path = if std::path::MAIN_SEPARATOR == '/' {
            path.into_owned()
        } else {
            path.replace(std::path::MAIN_SEPARATOR, "/")
        };
        self.inventory.add_path(&path, relative, classify(&path));
        let seen = self.seen.fetch_add(1, Ordering::Relaxed) + 1;
        if seen.is_multiple_of(10_000) {
            (self.progress)(Progress::Walking { files: seen });
        }
        WalkState::Continue
    }
}

/// Picks the files to read, in path order so the sample and the caps are reproducible.
fn plan_reads(inventory: &mut Inventory, config: &ScanConfig) -> Vec<ToRead> {
    let mut all = std::mem::take(&mut inventory.to_read);
    all.sort();
    let mut sources = 0;
    let mut bulk = 0;
    let mut planned = Vec::with_capacity(all.len());
    let (mut sources_left, mut bulk_left) = (0, 0);
    for file in all {
        let reader = file.reader;
        if reader == Reader::RustSource {
            sources += 1;
            if sources > config.max_sampled_sources {
                sources_left += 1;
                continue;
            }
        } else if reader.is_bulk() {
            bulk += 1;
            if bulk > config.max_config_files {
                bulk_left += 1;
                continue;
            }
        }
        planned.push(file);
    }
    if sources_left > 0 {
        inventory.warn(format!(
            "read {} Rust source files for inline tests and left {sources_left} unread; test counts for Rust are a lower bound",
            config.max_sampled_sources
        ));
    }
    if bulk_left > 0 {
        inventory.warn(format!(
            "left {bulk_left} configuration files unread (limit {})",
            config.max_config_files
        ));
    }
    planned
}

/// One read file: its place in the plan, and its facts or why it was not read.
type ReadResult = (usize, Result<FileFacts, ReadOutcome>);

fn read_all(
    root: &Path,
    config: &ScanConfig,
    to_read: Vec<ToRead>,
    inventory: &mut Inventory,
    progress: &(dyn Fn(Progress) + Sync),
) {
    let total = to_read.len();
    let next = AtomicUsize::new(0);
    let threads = if config.threads == 0 {
        std::thread::available_parallelism().map_or(2, usize::from)
    } else {
        config.threads
    };
    let threads = threads.clamp(1, 16).min(total.max(1));
    let parts: Vec<Vec<ReadResult>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(file) = to_read.get(index) else {
                            break;
                        };
                        if index > 0 && index.is_multiple_of(1000) {
                            progress(Progress::Reading { done: index, total });
                        }
                        out.push((index, read_one(root, file, config.max_file_size)));
                    }
                    out
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().unwrap_or_default())
            .collect()
    });
    let mut results: Vec<_> = parts.into_iter().flatten().collect();
    results.sort_by_key(|(index, _)| *index);
    for (index, result) in results {
        let ToRead { path, reader, .. } = &to_read[index];
        // A CI file that could not be read still shows that CI exists: its path says so, and
        // "no CI configuration found" beside "ci.yml: skipped" would contradict itself.
        if let (Reader::Ci(system), Err(_)) = (*reader, &result) {
            inventory.raw.ci.push(crate::raw::CiConfig::new(path, system));
        }
        match result {
            Ok(facts) => inventory.add_facts(path, facts),
            Err(ReadOutcome::Binary) => inventory.raw.skipped.binary += 1,
            Err(ReadOutcome::TooLarge(size)) => {
                inventory.raw.skipped.too_large += 1;
                inventory.warn(format!(
                    "{path}: skipped, {size} bytes is over the {} byte limit",
                    config.max_file_size
                ));
            }
            Err(ReadOutcome::Unreadable(message)) => {
                inventory.raw.skipped.unreadable += 1;
                inventory.warn(format!("{path}: could not be read: {message}"));
            }
            Err(ReadOutcome::Text(_)) => {}
        }
    }
}

/// Whether a reader parses its file strictly, so invalid UTF-8 is a parse problem rather
/// than something to read around.
fn strict(reader: Reader) -> bool {
    matches!(
        reader,
        Reader::Ci(_)
            | Reader::PackageJson
            | Reader::CargoToml
            | Reader::Pyproject
            | Reader::Pipfile
            | Reader::Dependabot
            | Reader::RenovateJson
            | Reader::Codecov
    )
}

fn read_one(root: &Path, file: &ToRead, limit: u64) -> Result<FileFacts, ReadOutcome> {
    let (path, reader) = (file.path.as_str(), file.reader);
    let bytes = match read_file(&root.join(&file.real), limit) {
        ReadOutcome::Text(bytes) => bytes,
        other => return Err(other),
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(content::read(reader, path, &text)),
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let bytes = error.into_bytes();
            if strict(reader) {
                let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
                let mut facts = FileFacts::default();
                facts.problems.push(ParseProblem {
                    path: path.to_string(),
                    line: Some(line),
                    format: "UTF-8".to_string(),
                    message: format!("invalid UTF-8 (byte {valid})"),
                });
                // A CI file that cannot be decoded still shows that CI exists.
                if let Reader::Ci(system) = reader {
                    facts.ci = Some(crate::raw::CiConfig::new(path, system));
                }
                Ok(facts)
            } else {
                Ok(content::read(reader, path, &String::from_utf8_lossy(&bytes)))
            }
        }
    }
}
