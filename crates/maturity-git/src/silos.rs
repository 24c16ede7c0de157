//! The silos stage: for every non-merge commit, the directories (cut at a depth) in which its
//! tree differs from its first parent's.
//!
//! Separate from the history read because it costs a tree comparison per commit; it runs on
//! all cores. The comparison is our own rather than gix's tree diff: it needs no blob diff and
//! no paths deeper than the depth, so it compares tree entries (by id and mode) level by level
//! and never opens a tree below the depth — where a full tree diff (and `git log --name-only`)
//! walks every changed path to its file.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::Path;

use gix::ObjectId;
use gix::bstr::{BString, ByteSlice};
use gix::objs::tree::EntryRef;
use maturity_assess::metrics::{DirChanges, History};

use crate::error::Error;

/// The deepest breakdown asked for. The comparison recurses (and keeps a buffer pair) once
/// per level, so an unbounded depth would let a deep tree overflow the stack and a huge
/// depth allocate without limit; a breakdown 64 directories down is already finer than
/// anyone reads.
pub const MAX_DEPTH: usize = 64;

/// `depth` if it is within [`MAX_DEPTH`] (0 counts as 1).
pub fn check_depth(depth: usize) -> Result<usize, Error> {
    if depth > MAX_DEPTH {
        return Err(Error::SiloDepth {
            depth,
            max: MAX_DEPTH,
        });
    }
    Ok(depth.max(1))
}

/// Git's tree-entry order: names compare bytewise, a tree's name as if it ended in `/`.
fn git_order(a: &EntryRef<'_>, b: &EntryRef<'_>) -> Ordering {
    let (x, y): (&[u8], &[u8]) = (a.filename.as_ref(), b.filename.as_ref());
    let n = x.len().min(y.len());
    x[..n].cmp(&y[..n]).then_with(|| {
        let end = |name: &[u8], tree: bool| name.get(n).copied().unwrap_or(if tree { b'/' } else { 0 });
        end(x, a.mode.is_tree()).cmp(&end(y, b.mode.is_tree()))
    })
}

/// Reads tree `id` into `buf` (empty for `None` or the empty tree).
fn load(repo: &gix::Repository, id: Option<ObjectId>, buf: &mut Vec<u8>) -> Result<(), String> {
    use gix::objs::Find;
    buf.clear();
    if let Some(id) = id
        && !id.is_empty_tree()
    {
        let data = repo
            .try_find(&id, buf)
            .map_err(|e| format!("tree {id}: {e}"))?
            .ok_or_else(|| format!("tree {id} is missing"))?;
        if data.kind != gix::object::Kind::Tree {
            return Err(format!("{id} is a {}, not a tree", data.kind));
        }
    }
    Ok(())
}

fn parse(buf: &[u8]) -> Result<Vec<EntryRef<'_>>, String> {
    gix::objs::TreeRefIter::from_bytes(buf, gix::hash::Kind::Sha1)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("malformed tree: {e}"))
}

/// Records `dir` once.
fn record(out: &mut Vec<BString>, dir: &[u8]) {
    if !out.iter().any(|d| d.as_slice() == dir) {
        out.push(dir.into());
    }
}

/// A changed entry of a tree: its name, whether it is a tree, and its old and new tree ids.
struct Changed<'a> {
    name: &'a [u8],
    is_tree: bool,
    old: Option<ObjectId>,
    new: Option<ObjectId>,
}

/// Compares a commit's tree with its parent's, down to `depth`.
struct Comparer<'r> {
    repo: &'r gix::Repository,
    depth: usize,
    /// The directory being compared, `/`-separated; empty at the root.
    path: Vec<u8>,
    /// Directories with a change, each once.
    out: Vec<BString>,
}

impl Comparer<'_> {
    /// Compares trees `lhs` and `rhs` at `level` (1 = the root), recording the directories at
    /// most `depth` deep with a change. `bufs` holds one buffer pair per level below.
    fn compare(
        &mut self,
        lhs: Option<ObjectId>,
        rhs: Option<ObjectId>,
        level: usize,
        bufs: &mut [(Vec<u8>, Vec<u8>)],
    ) -> Result<(), String> {
        let Some(((lbuf, rbuf), deeper)) = bufs.split_first_mut() else {
            return Ok(());
        };
        load(self.repo, lhs, lbuf)?;
        load(self.repo, rhs, rbuf)?;
        let (left, right) = (parse(lbuf)?, parse(rbuf)?);
        let tree_id = |e: &EntryRef<'_>| e.mode.is_tree().then(|| e.oid.to_owned());
        let (mut i, mut j) = (0, 0);
        let mut changed = Vec::new();
        // Both trees are in git's entry order: one merge pass pairs entries by name.
        while i < left.len() || j < right.len() {
            let order = match (left.get(i), right.get(j)) {
                (Some(a), Some(b)) => git_order(a, b),
                (Some(_), None) => Ordering::Less,
                _ => Ordering::Greater,
            };
            match order {
                Ordering::Less => {
                    let a = &left[i];
                    changed.push(Changed {
                        name: a.filename.as_ref(),
                        is_tree: a.mode.is_tree(),
                        old: tree_id(a),
                        new: None,
                    });
                    i += 1;
                }
                Ordering::Greater => {
                    let b = &right[j];
                    changed.push(Changed {
                        name: b.filename.as_ref(),
                        is_tree: b.mode.is_tree(),
                        old: None,
                        new: tree_id(b),
                    });
                    j += 1;
                }
                Ordering::Equal => {
                    let (a, b) = (&left[i], &right[j]);
                    if a.oid != b.oid || a.mode != b.mode {
                        changed.push(Changed {
                            name: a.filename.as_ref(),
                            is_tree: a.mode.is_tree(),
                            old: tree_id(a),
                            new: tree_id(b),
                        });
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        let mut subtrees = Vec::new();
        for c in changed {
            if !c.is_tree {
                // A file changed directly in this directory.
                let dir = if self.path.is_empty() {
                    b".".to_vec()
                } else {
                    self.path.clone()
                };
                record(&mut self.out, &dir);
            } else if level == self.depth {
                let mut dir = self.path.clone();
                if !dir.is_empty() {
                    dir.push(b'/');
                }
                dir.extend_from_slice(c.name);
                record(&mut self.out, &dir);
            } else {
                subtrees.push((c.name.to_vec(), c.old, c.new));
            }
        }
        for (name, old, new) in subtrees {
            let len = self.path.len();
            if !self.path.is_empty() {
                self.path.push(b'/');
            }
            self.path.extend_from_slice(&name);
            self.compare(old, new, level + 1, deeper)?;
            self.path.truncate(len);
        }
        Ok(())
    }
}

/// A commit and the directories it touched.
type Touched = (u32, Vec<BString>);

/// The directories each non-merge commit changes, cut at `depth` (1 to [`MAX_DEPTH`]), for
/// the commits whose author time passes `keep` (the window).
pub fn dir_changes(
    path: &Path,
    history: &History,
    trees: &[ObjectId],
    depth: usize,
    keep: &(dyn Fn(i64) -> bool + Sync),
) -> Result<DirChanges, Error> {
    let depth = check_depth(depth)?;
    let repo = crate::repo::open(path)?;
    let commits: Vec<u32> = (0..u32::try_from(history.len()).unwrap_or(u32::MAX))
        .filter(|&c| history.parents(c).len() <= 1 && keep(history.info(c).author_time))
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(8);
    let chunk = commits.len().div_ceil(threads).max(1);
    let sync = repo.into_sync();
    let results: Vec<Result<Vec<Touched>, Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = commits
            .chunks(chunk)
            .map(|part| {
                let sync = &sync;
                scope.spawn(move || {
                    let mut repo = sync.to_thread_local();
                    // A tree diffed as a commit's is diffed again as its child's parent tree.
                    repo.object_cache_size(4 * 1024 * 1024);
                    let mut bufs = vec![(Vec::new(), Vec::new()); depth];
                    let mut comparer = Comparer {
                        repo: &repo,
                        depth,
                        path: Vec::new(),
                        out: Vec::new(),
                    };
                    let mut out = Vec::with_capacity(part.len());
                    for &commit in part {
                        let rhs = trees[commit as usize];
                        let lhs = history.parents(commit).first().map(|&p| trees[p as usize]);
                        if Some(rhs) == lhs {
                            continue;
                        }
                        comparer.out.clear();
                        comparer.path.clear();
                        comparer
                            .compare(lhs, Some(rhs), 1, &mut bufs)
                            .map_err(|e| Error::gix(path, format!("commit {}", history.id(commit)), e))?;
                        if !comparer.out.is_empty() {
                            out.push((commit, std::mem::take(&mut comparer.out)));
                        }
                    }
                    Ok(out)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::git(path, "a diff thread panicked")))
            })
            .collect()
    });
    let mut index: HashMap<BString, u32> = HashMap::new();
    let mut changes = DirChanges {
        depth,
        ..DirChanges::default()
    };
    for result in results {
        for (commit, dirs) in result? {
            for dir in dirs {
                let next = u32::try_from(changes.dirs.len()).unwrap_or(u32::MAX);
                let id = *index.entry(dir.clone()).or_insert_with(|| {
                    changes.dirs.push(dir.to_str_lossy().into_owned());
                    next
                });
                changes.entries.push((commit, id));
            }
        }
    }
    Ok(changes)
}
