//! Reading a repository's history in-process with gix: the refs that count (branches,
//! remote-tracking branches, tags, HEAD), every commit reachable from them with its parents,
//! times and author, and every tag with its time.
//!
//! Fast paths: with a commit-graph file, parents come from the graph without decompressing a
//! commit, and the commit objects (needed for author time and identity) are then decoded on
//! all cores. Without one, one sequential walk decodes each commit once. Nothing is written
//! to the repository, and `git` is never run.
//!
//! Memory, which must stay below `git log`'s on the same history: a small fixed-size record per
//! commit until the history is built (reverts and work items, which few commits have, are kept
//! aside); packs are mapped a window at a time (`packs`); and the handle that peeled the refs,
//! which paged in the pack around every tag, is dropped before the walk.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use gix::ObjectId;
use gix::bstr::ByteSlice;
use maturity_assess::metrics::history::{FLAG_SHALLOW_BOUNDARY, FLAG_SQUASH_SUBJECT};
use maturity_assess::metrics::work_items::references;
use maturity_assess::metrics::{CommitId, CommitInfo, History, HistoryBuilder, Warning};

use crate::error::Error;
use crate::packs::NOT_REACHED;

/// Which refs are history. Branches and tags always; `refs/pull/*`, `refs/notes/*`,
/// `refs/stash` and other refs only when listed in `extra_prefixes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefSelection {
    /// Include remote-tracking branches (`refs/remotes/*`): a fresh clone has most of its
    /// branches only there.
    pub remotes: bool,
    /// More ref prefixes to include, e.g. `refs/pull/`.
    pub extra_prefixes: Vec<String>,
}

impl Default for RefSelection {
    fn default() -> Self {
        Self {
            remotes: true,
            extra_prefixes: Vec::new(),
        }
    }
}

/// A tag pointing (possibly through annotated tags) at a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// Without `refs/tags/`.
    pub name: String,
    pub commit: u32,
    /// Tagger time of an annotated tag, else the commit's committer time.
    pub time: i64,
    pub annotated: bool,
}

/// A repository's history as read.
#[derive(Debug, Clone)]
pub struct GitHistory {
    pub history: History,
    /// Every tag that points at a commit, in ref-name order.
    pub tags: Vec<Tag>,
    /// Branch tips by name (without `refs/heads/`, or `refs/remotes/<remote>/`), in ref-name
    /// order: where hotfix branches are found.
    pub branches: Vec<(String, u32)>,
    /// The root tree of each commit, by dense id: what the silos stage diffs.
    pub trees: Vec<ObjectId>,
    pub warnings: Vec<Warning>,
    pub used_commit_graph: bool,
    /// Seconds spent walking (parents) and decoding (commit objects).
    pub walk_seconds: f64,
    pub decode_seconds: f64,
}

/// Opens `path` read-only, ignoring the user's global git configuration so results do not
/// depend on who runs the tool.
pub fn open(path: &Path) -> Result<gix::Repository, Error> {
    if !path.exists() {
        return Err(Error::NotARepository {
            path: path.to_path_buf(),
            reason: "no such directory".to_string(),
        });
    }
    let mut repo =
        gix::open_opts(path, gix::open::Options::isolated()).map_err(|e| Error::NotARepository {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
    // Each commit is read exactly once: an object cache would only copy every one of them.
    // (The silos stage sets its own: tree diffs read each tree twice.)
    repo.object_cache_size(None);
    Ok(repo)
}

struct RawTag {
    name: String,
    commit: ObjectId,
    annotated: bool,
    tagger_time: Option<i64>,
}

/// Commit tips, tags, branches by name, and the commit HEAD points at.
type Refs = (
    Vec<ObjectId>,
    Vec<RawTag>,
    Vec<(String, ObjectId)>,
    Option<ObjectId>,
);

/// The commit tips (branches, HEAD, selected refs) and the tags to read.
fn collect_refs(
    repo: &gix::Repository,
    path: &Path,
    refs: &RefSelection,
    warnings: &mut Vec<Warning>,
) -> Result<Refs, Error> {
    let mut tips = Vec::new();
    let mut tags = Vec::new();
    let mut branches = Vec::new();
    let mut not_commits = Vec::new();
    let platform = repo.references().map_err(|e| Error::gix(path, "", e))?;
    let all = platform.all().map_err(|e| Error::gix(path, "", e))?;
    for reference in all {
        let mut reference = reference.map_err(|e| Error::gix(path, "", e))?;
        let full = reference.name().as_bstr().to_str_lossy().into_owned();
        let is_tag = full.starts_with("refs/tags/");
        let wanted = is_tag
            || full.starts_with("refs/heads/")
            || (refs.remotes && full.starts_with("refs/remotes/"))
            || refs.extra_prefixes.iter().any(|p| full.starts_with(p.as_str()));
        if !wanted {
            continue;
        }
        let Ok(direct) = reference.follow_to_object() else {
            // A dangling symbolic ref (a remote's HEAD to a deleted branch) is no history.
            continue;
        };
        let mut id = direct.detach();
        let mut tagger_time = None;
        let mut annotated = false;
        // Peel annotated tags (possibly nested) down to what they finally point at.
        let kind = loop {
            let object = repo.find_object(id).map_err(|e| Error::gix(path, &full, e))?;
            match object.kind {
                gix::object::Kind::Tag => {
                    let tag = gix::objs::TagRef::from_bytes(&object.data, repo.object_hash())
                        .map_err(|e| Error::gix(path, format!("{full}: malformed tag"), e))?;
                    if !annotated {
                        annotated = true;
                        tagger_time = tag
                            .tagger()
                            .ok()
                            .flatten()
                            .and_then(|s| s.time().ok())
                            .map(|t| t.seconds);
                    }
                    id = tag.target();
                }
                other => break other,
            }
        };
        if kind != gix::object::Kind::Commit {
            not_commits.push(format!("{full} ({kind})"));
            continue;
        }
        if let Some(name) = full.strip_prefix("refs/tags/") {
            tags.push(RawTag {
                name: name.to_string(),
                commit: id,
                annotated,
                tagger_time,
            });
        } else if let Some(name) = full.strip_prefix("refs/heads/").or_else(|| {
            let remote = full.strip_prefix("refs/remotes/")?;
            remote
                .split_once('/')
                .map(|(_, name)| name)
                .filter(|&n| n != "HEAD")
        }) {
            branches.push((name.to_string(), id));
        }
        tips.push(id);
    }
    if !not_commits.is_empty() {
        warnings.push(Warning::new(
            "refs-not-commits",
            format!(
                "{} ref(s) point at a tree or blob, not a commit, and are skipped: {}",
                not_commits.len(),
                not_commits.join(", ")
            ),
        ));
    }
    let head = repo.head_id().ok().map(gix::Id::detach);
    if let Some(head) = head
        && repo
            .find_header(head)
            .is_ok_and(|h| h.kind() == gix::object::Kind::Commit)
    {
        tips.push(head);
    }
    tips.sort_unstable();
    tips.dedup();
    Ok((tips, tags, branches, head))
}

/// The object id of a commit id (both SHA-1).
fn object_id(id: CommitId) -> ObjectId {
    ObjectId::Sha1(id.0)
}

fn commit_id(id: &gix::oid) -> CommitId {
    let mut bytes = [0_u8; 20];
    let slice = id.as_bytes();
    let n = slice.len().min(20);
    bytes[..n].copy_from_slice(&slice[..n]);
    CommitId(bytes)
}

/// What a commit object says, decoded off the main thread. One is held per commit until the
/// history is built, so what few commits have is kept aside, in the decoder's [`Tables`].
struct Decoded {
    author_time: i64,
    committer_time: i64,
    /// Index into the `Tables::authors` of whoever decoded it.
    author: u32,
    /// Index into the `Tables::extras` of whoever decoded it, or [`NO_EXTRA`].
    extra: u32,
    squash: bool,
    bad_date: bool,
}

/// The commit reverts none and names no work item: most commits.
const NO_EXTRA: u32 = u32::MAX;

/// What a commit's message says beyond its subject's flags, for the few that say anything.
struct Extra {
    reverts: Option<CommitId>,
    /// The work items its message names, by join key.
    work_items: Vec<String>,
}

/// What one decoding thread interns beside its commits.
#[derive(Default)]
struct Tables {
    authors: Authors,
    extras: Vec<Extra>,
}

/// The raw bytes of commit `id`; a missing object or one of another kind is an error.
fn commit_bytes<'a>(
    objects: &impl gix::objs::Find,
    id: &ObjectId,
    buf: &'a mut Vec<u8>,
) -> Result<&'a [u8], String> {
    let data = objects
        .try_find(id, buf)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| "object missing from the repository".to_string())?;
    if data.kind != gix::object::Kind::Commit {
        return Err(format!("expected a commit, found a {}", data.kind));
    }
    Ok(data.data)
}

/// Seconds of a raw git time (`1700000000 +0100`); `None` when unparsable.
fn seconds(raw: &str) -> Option<i64> {
    raw.split_whitespace().next()?.parse().ok()
}

/// Author identities interned by one decoding thread, so a commit carries a small integer
/// instead of an allocated string.
#[derive(Default)]
struct Authors {
    index: HashMap<Vec<u8>, u32>,
    names: Vec<String>,
    scratch: Vec<u8>,
}

impl Authors {
    /// The identity of a signature line: its e-mail, case-folded (names vary more than
    /// addresses), or the name when there is no e-mail.
    fn intern(&mut self, signature: &[u8]) -> u32 {
        let close = signature.iter().rposition(|&b| b == b'>');
        let open = close.and_then(|c| signature[..c].iter().rposition(|&b| b == b'<'));
        self.scratch.clear();
        match (open, close) {
            (Some(open), Some(close)) if close > open + 1 => self
                .scratch
                .extend(signature[open + 1..close].iter().map(u8::to_ascii_lowercase)),
            (Some(open), _) => self.scratch.extend_from_slice(signature[..open].trim()),
            _ => self.scratch.extend_from_slice(signature.trim()),
        }
        if let Some(&i) = self.index.get(self.scratch.as_slice()) {
            return i;
        }
        let i = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names
            .push(String::from_utf8_lossy(&self.scratch).into_owned());
        self.index.insert(self.scratch.clone(), i);
        i
    }
}

/// The seconds of a signature line (`Name <email> 1700000000 +0100`).
fn signature_time(line: &[u8]) -> Option<i64> {
    let close = line.iter().rposition(|&b| b == b'>')?;
    std::str::from_utf8(&line[close + 1..]).ok().and_then(seconds)
}

/// Decodes author, times and message flags from a commit's bytes; also returns parents and
/// tree when asked, for the sequential walk.
///
/// A small header parser of our own rather than gix's full commit decoder: it runs once per
/// commit of the whole history, so it only looks at what the metrics need and allocates
/// nothing but the identity.
fn decode(
    data: &[u8],
    parents: Option<&mut Vec<ObjectId>>,
    tables: &mut Tables,
) -> Result<(Decoded, ObjectId), String> {
    let mut parents = parents;
    if let Some(p) = parents.as_deref_mut() {
        p.clear();
    }
    let mut tree = None;
    let mut author = None;
    let mut committer = None;
    let mut rest = data;
    let message = loop {
        let Some(end) = rest.iter().position(|&b| b == b'\n') else {
            break &rest[rest.len()..];
        };
        let line = &rest[..end];
        rest = &rest[end + 1..];
        if line.is_empty() {
            break rest;
        }
        if let Some(hex) = line.strip_prefix(b"tree ") {
            tree = ObjectId::from_hex(hex).ok();
        } else if let Some(hex) = line.strip_prefix(b"parent ") {
            let id = ObjectId::from_hex(hex).map_err(|e| format!("malformed parent: {e}"))?;
            if let Some(p) = parents.as_deref_mut() {
                p.push(id);
            }
        } else if let Some(sig) = line.strip_prefix(b"author ") {
            author = Some(sig);
        } else if let Some(sig) = line.strip_prefix(b"committer ") {
            committer = Some(sig);
        }
        // Other headers (encoding, gpgsig and its continuation lines, mergetag) are skipped.
    };
    let tree = tree.ok_or("malformed commit: no tree")?;
    let identity = tables.authors.intern(author.unwrap_or_default());
    let author_time = author.and_then(signature_time);
    let committer_time = committer.and_then(signature_time);
    let bad_date = author_time.is_none() || committer_time.is_none();
    let author_time = author_time.or(committer_time).unwrap_or(0);
    let committer_time = committer_time.unwrap_or(author_time);
    let subject_end = message.iter().position(|&b| b == b'\n').unwrap_or(message.len());
    let subject = message[..subject_end].trim_end();
    let squash = subject.ends_with(b")")
        && subject.rfind(b"(#").is_some_and(|at| {
            let digits = &subject[at + 2..subject.len() - 1];
            !digits.is_empty() && digits.iter().all(u8::is_ascii_digit)
        });
    // git revert writes "This reverts commit <hash>." in the body; only look when the
    // subject says it is a revert, to keep the common case a single line scan.
    let reverts = if subject.starts_with(b"Revert") {
        message
            .find(b"This reverts commit ")
            .and_then(|at| message.get(at + 20..at + 60))
            .and_then(|hex| CommitId::from_hex(hex.to_str().ok()?))
    } else {
        None
    };
    let work_items = references(message);
    let extra = if reverts.is_none() && work_items.is_empty() {
        NO_EXTRA
    } else {
        tables.extras.push(Extra { reverts, work_items });
        u32::try_from(tables.extras.len() - 1).unwrap_or(NO_EXTRA)
    };
    Ok((
        Decoded {
            author_time,
            committer_time,
            author: identity,
            extra,
            squash,
            bad_date,
        },
        tree,
    ))
}

/// Reads the history reachable from the selected refs.
pub fn read_history(path: &Path, refs: &RefSelection) -> Result<GitHistory, Error> {
    let repo = open(path)?;
    if repo.object_hash() != gix::hash::Kind::Sha1 {
        return Err(Error::git(path, "SHA-256 repositories are not supported yet"));
    }
    let mut warnings = Vec::new();
    let (tips, raw_tags, raw_branches, head) = collect_refs(&repo, path, refs, &mut warnings)?;
    // Peeling the refs paged in the pack (and index) around every tag and tip: a fresh handle
    // maps only what the rest reads.
    drop(repo);
    let repo = open(path)?;

    let shallow: Vec<ObjectId> = repo
        .shallow_commits()
        .map_err(|e| Error::gix(path, "", e))?
        .map(|c| c.iter().copied().collect())
        .unwrap_or_default();
    let shallow_set: gix::hashtable::HashSet<ObjectId> = shallow.iter().copied().collect();

    let graph = repo.commit_graph_if_enabled().ok().flatten();
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(8);
    let started = Instant::now();
    let mut builder =
        HistoryBuilder::with_capacity(graph.as_ref().map_or(1024, |g| g.num_commits() as usize));
    let mut trees: Vec<ObjectId> = Vec::new();
    let mut undecoded: Vec<u32> = Vec::new();
    // Decoded commits in batches, each with the author table of whoever decoded it.
    let mut batches: Vec<(Tables, Vec<(u32, Decoded)>)> = vec![(Tables::default(), Vec::new())];
    let mut stack: Vec<u32> = Vec::new();
    let mut parent_ids: Vec<ObjectId> = Vec::new();
    let mut parent_idx: Vec<u32> = Vec::new();
    let null = ObjectId::null(gix::hash::Kind::Sha1);

    let intern =
        |builder: &mut HistoryBuilder, trees: &mut Vec<ObjectId>, stack: &mut Vec<u32>, id: ObjectId| {
            let (index, new) = builder.intern(commit_id(&id));
            if new {
                trees.push(null);
                stack.push(index);
            }
            index
        };
    for &tip in &tips {
        intern(&mut builder, &mut trees, &mut stack, tip);
    }
    let mut buf = Vec::new();
    // Fast path: every tip is in the commit-graph (and the clone is not shallow). Walk graph
    // positions: parents come as positions, so no commit is looked up by id at all.
    let tip_positions: Option<Vec<gix::commitgraph::Position>> = graph
        .as_ref()
        .filter(|_| shallow.is_empty())
        .and_then(|g| tips.iter().map(|t| g.lookup(t)).collect());
    if let (Some(g), Some(tip_positions)) = (graph.as_ref(), tip_positions) {
        stack.clear();
        let mut dense_of = vec![u32::MAX; g.num_commits() as usize];
        let mut positions: Vec<gix::commitgraph::Position> = Vec::new();
        for (&tip, pos) in tips.iter().zip(tip_positions) {
            if let Some(index) = builder.get(&commit_id(&tip)) {
                dense_of[pos.0 as usize] = index;
                positions.push(pos);
            }
        }
        while let Some(pos) = positions.pop() {
            let index = dense_of[pos.0 as usize];
            let commit = g.commit_at(pos);
            trees[index as usize] = commit.root_tree_id().to_owned();
            parent_idx.clear();
            for parent in commit.iter_parents() {
                let parent = parent.map_err(|e| Error::gix(path, "commit-graph", e))?;
                let slot = &mut dense_of[parent.0 as usize];
                if *slot == u32::MAX {
                    let pid = g.id_at(parent).to_owned();
                    let p = builder.push_new(commit_id(&pid));
                    trees.push(null);
                    *slot = p;
                    positions.push(parent);
                }
                parent_idx.push(*slot);
            }
            builder.set_parents(index, &parent_idx);
            undecoded.push(index);
        }
    }
    // Without a commit-graph covering the tips, scan the packs for commits first: the walk
    // below then finds most commits in memory instead of looking each one up.
    let mut scanned: Vec<crate::packs::ScanBatch<Tables, Decoded>> = Vec::new();
    let mut scanned_index: gix::hashtable::HashMap<ObjectId, (u32, u32)> = gix::hashtable::HashMap::default();
    if !stack.is_empty() && graph.is_none() {
        scanned = crate::packs::scan_commits(
            repo.objects.store_ref().path(),
            threads,
            &|bytes, parents, tables: &mut Tables| decode(bytes, Some(parents), tables).ok(),
        );
        let found: usize = scanned.iter().map(|b| b.1.len()).sum();
        scanned_index.reserve(found);
        // Most of what was found is history: sized once, the history's vectors are not
        // copied as they grow.
        builder.reserve(found);
        trees.reserve(found);
        for (b, (_, found, _)) in scanned.iter().enumerate() {
            for (i, commit) in found.iter().enumerate() {
                let at = (
                    u32::try_from(b).unwrap_or(u32::MAX),
                    u32::try_from(i).unwrap_or(u32::MAX),
                );
                scanned_index.insert(commit.id, at);
            }
        }
    }
    while let Some(index) = stack.pop() {
        let id = object_id(builder.id(index));
        let boundary = shallow_set.contains(&id);
        if !boundary && let Some(&(b, i)) = scanned_index.get(&id) {
            let (_, found, parents) = &mut scanned[b as usize];
            let commit = &mut found[i as usize];
            trees[index as usize] = commit.tree;
            parent_idx.clear();
            for pid in &parents[commit.parents.start as usize..commit.parents.end as usize] {
                parent_idx.push(intern(&mut builder, &mut trees, &mut stack, *pid));
            }
            commit.dense = index;
            builder.set_parents(index, &parent_idx);
            continue;
        }
        parent_idx.clear();
        let from_graph = graph.as_ref().and_then(|g| g.lookup(id).map(|pos| (g, pos)));
        if let (Some((g, pos)), false) = (from_graph, boundary) {
            let commit = g.commit_at(pos);
            trees[index as usize] = commit.root_tree_id().to_owned();
            for parent in commit.iter_parents() {
                let parent = parent.map_err(|e| Error::gix(path, "commit-graph", e))?;
                let pid = g.id_at(parent).to_owned();
                parent_idx.push(intern(&mut builder, &mut trees, &mut stack, pid));
            }
            undecoded.push(index);
        } else {
            let data = commit_bytes(&repo.objects, &id, &mut buf)
                .map_err(|e| Error::gix(path, format!("commit {id}"), e))?;
            let (info, tree) = decode(data, Some(&mut parent_ids), &mut batches[0].0)
                .map_err(|e| Error::gix(path, format!("commit {id}"), e))?;
            trees[index as usize] = tree;
            if !boundary {
                for pid in &parent_ids {
                    parent_idx.push(intern(&mut builder, &mut trees, &mut stack, *pid));
                }
            }
            batches[0].1.push((index, info));
        }
        builder.set_parents(index, &parent_idx);
    }
    drop(scanned_index);
    let walk_seconds = started.elapsed().as_secs_f64();

    // Decode the commits whose parents came from the graph, on all cores: first straight
    // from the packs in file order, then whatever remains through the object database.
    let started = Instant::now();
    if !undecoded.is_empty() {
        let mut wanted: Vec<(ObjectId, u32)> =
            undecoded.iter().map(|&i| (object_id(builder.id(i)), i)).collect();
        wanted.sort_unstable();
        let (found, rest) = crate::packs::decode_commits(
            repo.objects.store_ref().path(),
            &wanted,
            builder.len(),
            threads,
            &|bytes, tables: &mut Tables| decode(bytes, None, tables).ok().map(|(d, _)| d),
        );
        batches.extend(found);
        undecoded = rest;
    }
    if !undecoded.is_empty() {
        let chunk = undecoded.len().div_ceil(threads);
        let sync = repo.clone().into_sync();
        type Batch = (Tables, Vec<(u32, Decoded)>);
        let results: Vec<Result<Batch, Error>> = std::thread::scope(|scope| {
            let handles: Vec<_> = undecoded
                .chunks(chunk.max(1))
                .map(|part| {
                    let sync = &sync;
                    let builder = &builder;
                    scope.spawn(move || {
                        let mut repo = sync.to_thread_local();
                        repo.object_cache_size(None);
                        let mut buf = Vec::new();
                        let mut out = Vec::with_capacity(part.len());
                        let mut tables = Tables::default();
                        for &index in part {
                            let id = object_id(builder.id(index));
                            let data = commit_bytes(&repo.objects, &id, &mut buf)
                                .map_err(|e| Error::gix(path, format!("commit {id}"), e))?;
                            let (info, _) = decode(data, None, &mut tables)
                                .map_err(|e| Error::gix(path, format!("commit {id}"), e))?;
                            out.push((index, info));
                        }
                        Ok((tables, out))
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| Err(Error::git(path, "a reader thread panicked")))
                })
                .collect()
        });
        for result in results {
            batches.push(result?);
        }
    }
    let mut bad_dates = 0_usize;
    let mut pending_reverts = Vec::new();
    let mut record = |builder: &mut HistoryBuilder,
                      tables: &Tables,
                      commits: &mut dyn Iterator<Item = (u32, &Decoded)>| {
        let global: Vec<u32> = tables.authors.names.iter().map(|n| builder.author(n)).collect();
        for (index, info) in commits {
            let mut flags = 0;
            if info.squash {
                flags |= FLAG_SQUASH_SUBJECT;
            }
            if !shallow.is_empty() && shallow_set.contains(&object_id(builder.id(index))) {
                flags |= FLAG_SHALLOW_BOUNDARY;
            }
            if info.bad_date {
                bad_dates += 1;
            }
            if let Some(extra) = tables.extras.get(info.extra as usize) {
                if let Some(reverted) = extra.reverts {
                    pending_reverts.push((index, reverted));
                }
                for key in &extra.work_items {
                    builder.add_work_item_ref(index, key);
                }
            }
            builder.set_info(
                index,
                CommitInfo {
                    author_time: info.author_time,
                    committer_time: info.committer_time,
                    author: global[info.author as usize],
                    flags,
                },
            );
        }
    };
    // The walk's own reads, then the scan's (in place: copying them out would hold both),
    // then the decoders': authors keep the numbers they always had.
    let mut batches = batches.into_iter();
    if let Some((tables, decoded)) = batches.next() {
        record(&mut builder, &tables, &mut decoded.iter().map(|(i, d)| (*i, d)));
    }
    for (tables, found, _) in scanned {
        let reached = found.iter().filter(|c| c.dense != NOT_REACHED);
        record(&mut builder, &tables, &mut reached.map(|c| (c.dense, &c.value)));
    }
    for (tables, decoded) in batches {
        record(&mut builder, &tables, &mut decoded.iter().map(|(i, d)| (*i, d)));
    }
    for (revert, reverted) in pending_reverts {
        if let Some(reverted) = builder.get(&reverted) {
            builder.add_revert(revert, reverted);
        }
    }
    if bad_dates > 0 {
        warnings.push(Warning::new(
            "unparsable-commit-dates",
            format!("{bad_dates} commit(s) have an unparsable author or committer date; the other date (or 1970) is used"),
        ));
    }
    let head_index = head.and_then(|h| builder.get(&commit_id(&h)));
    builder.set_head(head_index);
    builder.set_shallow(!shallow.is_empty());
    let used_commit_graph = graph.is_some();
    let history = builder.build().map_err(|e| Error::gix(path, "", e))?;
    let decode_seconds = started.elapsed().as_secs_f64();

    let mut tags: Vec<Tag> = raw_tags
        .into_iter()
        .filter_map(|t| {
            let commit = history_index(&history, &t.commit)?;
            Some(Tag {
                time: t
                    .tagger_time
                    .unwrap_or_else(|| history.info(commit).committer_time),
                annotated: t.annotated,
                name: t.name,
                commit,
            })
        })
        .collect();
    tags.sort_by(|a, b| a.name.cmp(&b.name));
    let mut branches: Vec<(String, u32)> = raw_branches
        .into_iter()
        .filter_map(|(name, id)| Some((name, history_index(&history, &id)?)))
        .collect();
    branches.sort();
    branches.dedup();
    Ok(GitHistory {
        history,
        tags,
        branches,
        trees,
        warnings,
        used_commit_graph,
        walk_seconds,
        decode_seconds,
    })
}

/// The dense id of a tip commit: tips were interned first, so a short scan of the first ids
/// finds them.
fn history_index(history: &History, id: &ObjectId) -> Option<u32> {
    history
        .ids()
        .iter()
        .position(|o| o.0 == id.as_bytes())
        .and_then(|i| u32::try_from(i).ok())
}
