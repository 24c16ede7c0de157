//! The silos stage: for every non-merge commit, the directories (cut at a depth) its tree diff
//! touches, read with gix's tree diff (no blob diff: only which entries changed matters).
//!
//! Separate from the history read because it costs a tree diff per commit; it runs on all
//! cores. The diff is breadth-first, so once it goes deeper than the depth every remaining
//! change is deeper too and the diff stops there.

use std::collections::HashMap;
use std::path::Path;

use gix::ObjectId;
use gix::bstr::{BStr, BString, ByteSlice, ByteVec};
use gix::diff::tree::visit::{Action, Change};
use maturity_assess::metrics::{DirChanges, History};

use crate::error::Error;

/// Collects the directories at most `depth` deep that a tree diff touches.
struct DirCollector {
    depth: usize,
    path: BString,
    queue: std::collections::VecDeque<BString>,
    dirs: Vec<BString>,
}

impl DirCollector {
    fn push_element(&mut self, name: &BStr) {
        if name.is_empty() {
            return;
        }
        if !self.path.is_empty() {
            self.path.push(b'/');
        }
        self.path.push_str(name);
    }

    fn record(&mut self, dir: &[u8]) {
        if !self.dirs.iter().any(|d| d.as_slice() == dir) {
            self.dirs.push(dir.into());
        }
    }
}

impl gix::diff::tree::Visit for DirCollector {
    fn pop_front_tracked_path_and_set_current(&mut self) {
        self.path = self.queue.pop_front().unwrap_or_default();
    }

    fn push_back_tracked_path_component(&mut self, component: &BStr) {
        self.push_element(component);
        self.queue.push_back(self.path.clone());
    }

    fn push_path_component(&mut self, component: &BStr) {
        self.push_element(component);
    }

    fn pop_path_component(&mut self) {
        match self.path.rfind_byte(b'/') {
            Some(at) => self.path.truncate(at),
            None => self.path.clear(),
        }
    }

    fn visit(&mut self, change: Change) -> Action {
        let components = self.path.split_str("/").count();
        if components > self.depth {
            // Breadth-first: everything from here on is deeper than we need.
            return Action::Break(());
        }
        if change.entry_mode().is_tree() {
            if components == self.depth {
                let path = self.path.clone();
                self.record(&path);
            }
        } else {
            let dir = match self.path.rfind_byte(b'/') {
                Some(at) => self.path[..at].to_vec(),
                None => b".".to_vec(),
            };
            self.record(&dir);
        }
        Action::Continue(())
    }
}

/// A commit and the directories it touched.
type Touched = (u32, Vec<BString>);

/// The directories each non-merge commit changes, cut at `depth` (≥ 1), for the commits whose
/// author time passes `keep` (the window).
pub fn dir_changes(
    path: &Path,
    history: &History,
    trees: &[ObjectId],
    depth: usize,
    keep: &(dyn Fn(i64) -> bool + Sync),
) -> Result<DirChanges, Error> {
    let depth = depth.max(1);
    let repo = crate::repo::open(path)?;
    let commits: Vec<u32> = (0..u32::try_from(history.len()).unwrap_or(u32::MAX))
        .filter(|&c| history.parents(c).len() <= 1 && keep(history.info(c).author_time))
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(8);
    let chunk = commits.len().div_ceil(threads).max(1);
    let sync = repo.into_sync();
    let empty_tree = ObjectId::empty_tree(gix::hash::Kind::Sha1);
    let results: Vec<Result<Vec<Touched>, Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = commits
            .chunks(chunk)
            .map(|part| {
                let sync = &sync;
                scope.spawn(move || {
                    let mut repo = sync.to_thread_local();
                    // A tree diffed as a commit's is diffed again as its child's parent tree.
                    repo.object_cache_size(4 * 1024 * 1024);
                    let mut state = gix::diff::tree::State::default();
                    let mut lhs_buf = Vec::new();
                    let mut rhs_buf = Vec::new();
                    let mut collector = DirCollector {
                        depth,
                        path: BString::default(),
                        queue: std::collections::VecDeque::new(),
                        dirs: Vec::new(),
                    };
                    let mut out = Vec::with_capacity(part.len());
                    for &commit in part {
                        let rhs_id = trees[commit as usize];
                        let lhs_id = history
                            .parents(commit)
                            .first()
                            .map_or(empty_tree, |&p| trees[p as usize]);
                        if lhs_id == rhs_id {
                            continue;
                        }
                        let tree_iter = |id: &ObjectId, buf: &mut Vec<u8>| -> Result<(), Error> {
                            use gix::objs::Find;
                            buf.clear();
                            if *id != empty_tree {
                                repo.try_find(id, buf)
                                    .map_err(|e| Error::git(path, format!("tree {id}: {e}")))?
                                    .ok_or_else(|| Error::git(path, format!("tree {id} is missing")))?;
                            }
                            Ok(())
                        };
                        tree_iter(&lhs_id, &mut lhs_buf)?;
                        tree_iter(&rhs_id, &mut rhs_buf)?;
                        collector.path.clear();
                        collector.queue.clear();
                        collector.dirs.clear();
                        let result = gix::diff::tree(
                            gix::objs::TreeRefIter::from_bytes(&lhs_buf, gix::hash::Kind::Sha1),
                            gix::objs::TreeRefIter::from_bytes(&rhs_buf, gix::hash::Kind::Sha1),
                            &mut state,
                            &repo,
                            &mut collector,
                        );
                        match result {
                            Ok(()) | Err(gix::diff::tree::Error::Cancelled) => {}
                            Err(e) => {
                                return Err(Error::git(
                                    path,
                                    format!("diffing commit {}: {e}", history.id(commit)),
                                ));
                            }
                        }
                        if !collector.dirs.is_empty() {
                            out.push((commit, std::mem::take(&mut collector.dirs)));
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
