//! The commit graph in compact form: commits as dense integer ids, parents as a flat list of
//! ids, per-commit times and authors as parallel vectors.
//!
//! It is what the git reader produces and what every history metric walks. Dense ids keep the
//! first-release flood and the people metrics cache-friendly on histories of hundreds of
//! thousands of commits. This module must not know where the history came from (no gix, no
//! files).

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use serde::{Deserialize, Serialize, Serializer};

/// A commit's SHA-1 object id. SHA-256 repositories are not supported yet: the reader is built
/// with SHA-1 only.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct CommitId(pub [u8; 20]);

impl CommitId {
    /// The id as 40 lowercase hex digits, as git prints it.
    pub fn to_hex(&self) -> String {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut out = String::with_capacity(40);
        for byte in self.0 {
            out.push(char::from(DIGITS[usize::from(byte >> 4)]));
            out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
        }
        out
    }

    /// Parses 40 hex digits; `None` for anything else.
    pub fn from_hex(hex: &str) -> Option<Self> {
        let bytes = hex.as_bytes();
        if bytes.len() != 40 {
            return None;
        }
        let mut id = [0_u8; 20];
        for (i, pair) in bytes.chunks_exact(2).enumerate() {
            let hi = char::from(pair[0]).to_digit(16)?;
            let lo = char::from(pair[1]).to_digit(16)?;
            id[i] = u8::try_from(hi * 16 + lo).ok()?;
        }
        Some(Self(id))
    }
}

impl fmt::Display for CommitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for CommitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CommitId({})", self.to_hex())
    }
}

impl Serialize for CommitId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

/// Object ids are already uniformly distributed: hashing their first eight bytes is as good as
/// SipHash over all twenty, and several times faster on a map of a few hundred thousand ids.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0_u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = self.0.rotate_left(5) ^ u64::from_le_bytes(word);
        }
    }
}

pub type IdMap<V> = HashMap<CommitId, V, BuildHasherDefault<IdHasher>>;

/// Per-commit facts taken from the commit object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CommitInfo {
    /// Author time, seconds since 1970 (negative before).
    pub author_time: i64,
    pub committer_time: i64,
    /// Index into `History::authors`.
    pub author: u32,
    /// `FLAG_*` bits.
    pub flags: u8,
}

/// The subject ends in `(#123)`, the way hosting services write squash merges.
pub const FLAG_SQUASH_SUBJECT: u8 = 1;
/// The commit's parents are unknown because the clone is shallow here.
pub const FLAG_SHALLOW_BOUNDARY: u8 = 2;

/// A commit history: commits `0..len()` with their parents, times and authors.
///
/// Built with [`HistoryBuilder`], which guarantees that every parent id is a valid commit id
/// and that every commit has its info set.
#[derive(Debug, Clone, Default)]
pub struct History {
    ids: Vec<CommitId>,
    info: Vec<CommitInfo>,
    /// `(start, len)` of each commit's parents in `parents`.
    parent_range: Vec<(u32, u32)>,
    parents: Vec<u32>,
    authors: Vec<String>,
    /// Commit `revert` reverts commit `reverted`.
    reverts: Vec<(u32, u32)>,
    /// `(commit, work item)`: the commit's message names the work item `work_items[item]`.
    work_item_refs: Vec<(u32, u32)>,
    /// Work items by their join keys (`ABC-123`, `#42`).
    work_items: Vec<String>,
    head: Option<u32>,
    shallow: bool,
}

impl History {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn id(&self, commit: u32) -> CommitId {
        self.ids[commit as usize]
    }

    pub fn ids(&self) -> &[CommitId] {
        &self.ids
    }

    pub fn info(&self, commit: u32) -> &CommitInfo {
        &self.info[commit as usize]
    }

    pub fn infos(&self) -> &[CommitInfo] {
        &self.info
    }

    pub fn parents(&self, commit: u32) -> &[u32] {
        let (start, len) = self.parent_range[commit as usize];
        &self.parents[start as usize..(start + len) as usize]
    }

    pub fn is_merge(&self, commit: u32) -> bool {
        self.parent_range[commit as usize].1 > 1
    }

    pub fn author_name(&self, author: u32) -> &str {
        &self.authors[author as usize]
    }

    pub fn authors(&self) -> &[String] {
        &self.authors
    }

    /// `(revert, reverted)` pairs: commits whose message says "This reverts commit X" for a
    /// commit X of this history.
    pub fn reverts(&self) -> &[(u32, u32)] {
        &self.reverts
    }

    /// `(commit, work item)` pairs: the commit's message (or the branch name a merge commit's
    /// message carries) names the work item, whose key is [`History::work_item_name`].
    pub fn work_item_refs(&self) -> &[(u32, u32)] {
        &self.work_item_refs
    }

    pub fn work_item_name(&self, item: u32) -> &str {
        &self.work_items[item as usize]
    }

    /// The commit HEAD points at, if it points at one.
    pub fn head(&self) -> Option<u32> {
        self.head
    }

    /// Some commits' parents are missing because the repository is a shallow clone.
    pub fn is_shallow(&self) -> bool {
        self.shallow
    }

    /// The time of a commit by the chosen clock.
    pub fn time(&self, commit: u32, clock: Clock) -> i64 {
        let info = &self.info[commit as usize];
        match clock {
            Clock::Author => info.author_time,
            Clock::Committer => info.committer_time,
        }
    }

    /// The dense id of a commit, by a linear scan; for tests and small look-ups only.
    pub fn find(&self, id: &CommitId) -> Option<u32> {
        self.ids
            .iter()
            .position(|i| i == id)
            .and_then(|i| u32::try_from(i).ok())
    }
}

/// Which commit time lead times start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Clock {
    /// When the change was written (git's author date): the default, as DORA measures from
    /// the first commit of a change.
    #[default]
    Author,
    /// When the commit was last rewritten (rebased, amended, cherry-picked).
    Committer,
}

/// Errors a reader can make when building a history; they are bugs of the reader, not of the
/// user's input, and are reported as such.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildError {
    /// A commit was interned (seen as a tip or a parent) but its info never set.
    MissingInfo(CommitId),
    /// More than `u32::MAX` commits or parent edges.
    TooLarge,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingInfo(id) => write!(f, "commit {id} was referenced but never read"),
            Self::TooLarge => f.write_str("history too large (more than 4 billion commits)"),
        }
    }
}

impl std::error::Error for BuildError {}

/// Builds a [`History`] while a reader walks a repository: intern ids as they are discovered
/// (tips, parents), then set each commit's parents and info once.
#[derive(Debug, Default)]
pub struct HistoryBuilder {
    index: IdMap<u32>,
    /// Commits `0..indexed` are in `index`; later ones were pushed unindexed.
    indexed: usize,
    history: History,
    has_info: Vec<bool>,
    author_index: HashMap<String, u32>,
    work_item_index: HashMap<String, u32>,
}

impl HistoryBuilder {
    pub fn with_capacity(commits: usize) -> Self {
        let mut builder = Self::default();
        builder.index.reserve(commits);
        builder.history.ids.reserve(commits);
        builder.history.info.reserve(commits);
        builder.history.parent_range.reserve(commits);
        builder.history.parents.reserve(commits + commits / 8);
        builder
    }

    /// The dense id of `id` and whether it is new. New commits start with no parents and no
    /// info.
    pub fn intern(&mut self, id: CommitId) -> (u32, bool) {
        self.catch_up();
        let next = u32::try_from(self.history.ids.len()).unwrap_or(u32::MAX);
        let mut new = false;
        let index = *self.index.entry(id).or_insert_with(|| {
            new = true;
            next
        });
        if new {
            self.indexed += 1;
            self.history.ids.push(id);
            self.history.info.push(CommitInfo::default());
            self.history.parent_range.push((0, 0));
            self.has_info.push(false);
        }
        (index, new)
    }

    /// Adds a commit the caller knows is new (a reader walking commit-graph positions
    /// knows), without hashing it: the id index catches up only if someone asks for it.
    pub fn push_new(&mut self, id: CommitId) -> u32 {
        let index = u32::try_from(self.history.ids.len()).unwrap_or(u32::MAX);
        self.history.ids.push(id);
        self.history.info.push(CommitInfo::default());
        self.history.parent_range.push((0, 0));
        self.has_info.push(false);
        index
    }

    fn catch_up(&mut self) {
        while self.indexed < self.history.ids.len() {
            let i = u32::try_from(self.indexed).unwrap_or(u32::MAX);
            self.index.insert(self.history.ids[self.indexed], i);
            self.indexed += 1;
        }
    }

    /// The dense id of an id already added.
    pub fn get(&mut self, id: &CommitId) -> Option<u32> {
        if let Some(&i) = self.index.get(id) {
            return Some(i);
        }
        if self.indexed == self.history.ids.len() {
            return None;
        }
        self.catch_up();
        self.index.get(id).copied()
    }

    /// Room for `additional` more commits, when a reader knows about how many are coming:
    /// the vectors are then not copied as they grow.
    pub fn reserve(&mut self, additional: usize) {
        self.index.reserve(additional);
        self.history.ids.reserve(additional);
        self.history.info.reserve(additional);
        self.history.parent_range.reserve(additional);
        self.history.parents.reserve(additional + additional / 8);
        self.has_info.reserve(additional);
    }

    /// The id of a commit already added.
    pub fn id(&self, commit: u32) -> CommitId {
        self.history.ids[commit as usize]
    }

    pub fn len(&self) -> usize {
        self.history.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.history.ids.is_empty()
    }

    /// Sets a commit's parents; call once per commit.
    pub fn set_parents(&mut self, commit: u32, parents: &[u32]) {
        let start = u32::try_from(self.history.parents.len()).unwrap_or(u32::MAX);
        self.history.parents.extend_from_slice(parents);
        let len = u32::try_from(parents.len()).unwrap_or(u32::MAX);
        self.history.parent_range[commit as usize] = (start, len);
    }

    /// The index of an author identity, adding it if new.
    pub fn author(&mut self, identity: &str) -> u32 {
        if let Some(&index) = self.author_index.get(identity) {
            return index;
        }
        let index = u32::try_from(self.history.authors.len()).unwrap_or(u32::MAX);
        self.history.authors.push(identity.to_string());
        self.author_index.insert(identity.to_string(), index);
        index
    }

    pub fn set_info(&mut self, commit: u32, info: CommitInfo) {
        self.history.info[commit as usize] = info;
        self.has_info[commit as usize] = true;
    }

    pub fn add_revert(&mut self, revert: u32, reverted: u32) {
        self.history.reverts.push((revert, reverted));
    }

    /// Records that `commit` names the work item of join key `key`.
    pub fn add_work_item_ref(&mut self, commit: u32, key: &str) {
        let item = match self.work_item_index.get(key) {
            Some(&item) => item,
            None => {
                let item = u32::try_from(self.history.work_items.len()).unwrap_or(u32::MAX);
                self.history.work_items.push(key.to_string());
                self.work_item_index.insert(key.to_string(), item);
                item
            }
        };
        self.history.work_item_refs.push((commit, item));
    }

    pub fn set_head(&mut self, head: Option<u32>) {
        self.history.head = head;
    }

    pub fn set_shallow(&mut self, shallow: bool) {
        self.history.shallow = shallow;
    }

    pub fn build(self) -> Result<History, BuildError> {
        if self.history.ids.len() >= u32::MAX as usize || self.history.parents.len() >= u32::MAX as usize {
            return Err(BuildError::TooLarge);
        }
        if let Some(missing) = self.has_info.iter().position(|has| !has) {
            return Err(BuildError::MissingInfo(self.history.ids[missing]));
        }
        let mut history = self.history;
        history.reverts.sort_unstable();
        history.work_item_refs.sort_unstable();
        Ok(history)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        let mut bytes = [0_u8; 20];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = u8::try_from(i * 13).expect("small");
        }
        let id = CommitId(bytes);
        let hex = id.to_hex();
        assert_eq!(hex.len(), 40);
        assert_eq!(CommitId::from_hex(&hex), Some(id));
        assert_eq!(CommitId::from_hex("xyz"), None);
        assert_eq!(CommitId::from_hex(&"g".repeat(40)), None);
    }

    #[test]
    fn builder_requires_info_for_every_commit() {
        let mut b = HistoryBuilder::default();
        let (a, new) = b.intern(CommitId([1; 20]));
        assert!(new);
        let (p, _) = b.intern(CommitId([2; 20]));
        assert_eq!(b.intern(CommitId([1; 20])), (a, false));
        let pushed = b.push_new(CommitId([3; 20]));
        assert_eq!(b.get(&CommitId([3; 20])), Some(pushed));
        assert_eq!(b.intern(CommitId([3; 20])), (pushed, false));
        b.set_info(pushed, CommitInfo::default());
        b.set_parents(a, &[p]);
        b.set_info(a, CommitInfo::default());
        assert_eq!(b.build().err(), Some(BuildError::MissingInfo(CommitId([2; 20]))));
    }
}
