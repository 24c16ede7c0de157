//! Decoding many commit objects straight from the pack files, in pack order, on all cores.
//!
//! Looking objects up one by one costs a binary search in a large pack index per object (cache
//! misses dominate on hundreds of thousands of commits). When the commits to read are known
//! up front — the commit-graph gave them — it is cheaper to scan each pack index once, pick the
//! wanted entries, sort them by offset and inflate them in file order. Anything this cannot
//! decode (loose objects, alternates, deltas against objects by id) is left to the caller's
//! ordinary object-database look-up, so this is only ever a fast path.

use std::path::Path;

use gix::odb::pack;

/// One pack: its index and data file.
struct Pack {
    index: pack::index::File,
    data: pack::data::File,
}

/// Opens every pack in `objects/pack`; a pack that does not open is skipped (the object
/// database still finds its objects).
fn open_packs(objects_dir: &Path) -> Vec<Pack> {
    let Ok(entries) = std::fs::read_dir(objects_dir.join("pack")) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "idx"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|idx| {
            let index = pack::index::File::at(&idx, gix::hash::Kind::Sha1).ok()?;
            let data = pack::data::File::at(idx.with_extension("pack"), gix::hash::Kind::Sha1).ok()?;
            Some(Pack { index, data })
        })
        .collect()
}

/// What each thread decoded: its own state (e.g. an interner) and `(dense id, value)` pairs.
pub(crate) type Batch<S, T> = (S, Vec<(u32, T)>);

/// Decodes the commits `wanted` — `(object id, dense id)` pairs sorted by object id — with
/// `decode`, on `threads` threads, each with its own state `S`; `total` bounds the dense ids.
/// Returns what was decoded and the dense ids that were not, for the object database to read.
pub(crate) fn decode_commits<S: Default + Send, T: Send>(
    objects_dir: &Path,
    wanted: &[(gix::ObjectId, u32)],
    total: usize,
    threads: usize,
    decode: &(dyn Fn(&[u8], &mut S) -> Option<T> + Sync),
) -> (Vec<Batch<S, T>>, Vec<u32>) {
    let packs = open_packs(objects_dir);
    if packs.is_empty() || wanted.is_empty() {
        return (Vec::new(), wanted.iter().map(|w| w.1).collect());
    }
    let mut want = vec![false; total];
    for &(_, w) in wanted {
        want[w as usize] = true;
    }
    // (pack, offset, dense id), each wanted commit once. Pack indices are sorted by object id
    // too, so one merge pass per pack finds them: no hashing, no binary searches.
    let mut jobs: Vec<(u32, u64, u32)> = Vec::with_capacity(wanted.len());
    for (p, pack) in packs.iter().enumerate() {
        let p = u32::try_from(p).unwrap_or(u32::MAX);
        let mut j = 0;
        for entry in pack.index.iter() {
            while j < wanted.len() && wanted[j].0 < entry.oid {
                j += 1;
            }
            if j == wanted.len() {
                break;
            }
            let (oid, id) = wanted[j];
            if oid == entry.oid && std::mem::take(&mut want[id as usize]) {
                jobs.push((p, entry.pack_offset, id));
            }
        }
    }
    jobs.sort_unstable();
    let chunk = jobs.len().div_ceil(threads.max(1)).max(1);
    let packs = &packs;
    let results: Vec<(Batch<S, T>, Vec<u32>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut state = S::default();
                    let mut inflate = gix::zlib::Inflate::default();
                    let mut buf = Vec::new();
                    let mut done = Vec::with_capacity(part.len());
                    let mut failed = Vec::new();
                    for &(p, offset, id) in part {
                        let data = &packs[p as usize].data;
                        let decoded = data.entry(offset).ok().and_then(|entry| {
                            let outcome = data
                                .decode_entry(
                                    entry,
                                    &mut buf,
                                    &mut inflate,
                                    &|_, _| Ok(None),
                                    &mut pack::cache::Never,
                                )
                                .ok()?;
                            if outcome.kind != gix::object::Kind::Commit {
                                return None;
                            }
                            let size = usize::try_from(outcome.object_size).ok()?;
                            decode(buf.get(..size)?, &mut state)
                        });
                        match decoded {
                            Some(d) => done.push((id, d)),
                            None => failed.push(id),
                        }
                    }
                    ((state, done), failed)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| ((S::default(), Vec::new()), Vec::new()))
            })
            .collect()
    });
    let mut batches = Vec::with_capacity(results.len());
    let mut rest: Vec<u32> = want
        .iter()
        .enumerate()
        .filter(|(_, w)| **w)
        .filter_map(|(i, _)| u32::try_from(i).ok())
        .collect();
    let mut count = 0;
    for (batch, failed) in results {
        count += batch.1.len();
        batches.push(batch);
        rest.extend(failed);
    }
    // A panicked thread returned nothing: its commits are in neither list; find them.
    if count + rest.len() < wanted.len() {
        let mut seen = vec![false; total];
        for (_, done) in &batches {
            for (id, _) in done {
                seen[*id as usize] = true;
            }
        }
        for &id in &rest {
            seen[id as usize] = true;
        }
        rest.extend(wanted.iter().map(|w| w.1).filter(|&w| !seen[w as usize]));
    }
    (batches, rest)
}

/// A commit found by [`scan_commits`]: its id, tree, parents (a range of the batch's parent
/// list) and what `decode` made of it.
pub(crate) struct Scanned<T> {
    pub id: gix::ObjectId,
    pub tree: gix::ObjectId,
    pub parents: std::ops::Range<usize>,
    pub value: Option<T>,
}

/// One thread's scan results: its state, the commits it decoded, and their parents.
pub(crate) type ScanBatch<S, T> = (S, Vec<Scanned<T>>, Vec<gix::ObjectId>);

/// Decodes one commit's bytes into its value and tree, filling in its parents.
pub(crate) type ScanDecode<S, T> =
    dyn Fn(&[u8], &mut Vec<gix::ObjectId>, &mut S) -> Option<(T, gix::ObjectId)> + Sync;

/// Decodes every commit stored whole (not as a delta) in the packs, in file order, on
/// `threads` threads — without knowing in advance which objects are commits: each entry's
/// header says. For histories without a commit-graph, this replaces one object look-up per
/// commit during the walk; the walk still decides what is reachable, and reads whatever the
/// scan did not find (deltified commits, loose objects) through the object database.
///
/// `decode` returns the value and the tree, and fills the parents it is given.
pub(crate) fn scan_commits<S: Default + Send, T: Send>(
    objects_dir: &Path,
    threads: usize,
    decode: &ScanDecode<S, T>,
) -> Vec<ScanBatch<S, T>> {
    let packs = open_packs(objects_dir);
    // (pack, offset, object id) of every entry, in file order.
    let mut entries: Vec<(u32, u64, gix::ObjectId)> = Vec::new();
    for (p, pack) in packs.iter().enumerate() {
        let p = u32::try_from(p).unwrap_or(u32::MAX);
        entries.extend(pack.index.iter().map(|e| (p, e.pack_offset, e.oid)));
    }
    entries.sort_unstable_by_key(|e| (e.0, e.1));
    let chunk = entries.len().div_ceil(threads.max(1)).max(1);
    let packs = &packs;
    std::thread::scope(|scope| {
        let handles: Vec<_> = entries
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut state = S::default();
                    let mut inflate = gix::zlib::Inflate::default();
                    let mut buf = Vec::new();
                    let mut found = Vec::new();
                    let mut all_parents = Vec::new();
                    let mut parents = Vec::new();
                    for &(p, offset, id) in part {
                        let data = &packs[p as usize].data;
                        let Ok(entry) = data.entry(offset) else { continue };
                        if !matches!(entry.header, pack::data::entry::Header::Commit) {
                            continue;
                        }
                        let Ok(outcome) = data.decode_entry(
                            entry,
                            &mut buf,
                            &mut inflate,
                            &|_, _| Ok(None),
                            &mut pack::cache::Never,
                        ) else {
                            continue;
                        };
                        let Some(bytes) = usize::try_from(outcome.object_size)
                            .ok()
                            .and_then(|size| buf.get(..size))
                        else {
                            continue;
                        };
                        parents.clear();
                        let (value, tree) = match decode(bytes, &mut parents, &mut state) {
                            Some(decoded) => decoded,
                            None => continue,
                        };
                        let start = all_parents.len();
                        all_parents.extend_from_slice(&parents);
                        found.push(Scanned {
                            id,
                            tree,
                            parents: start..all_parents.len(),
                            value: Some(value),
                        });
                    }
                    (state, found, all_parents)
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    })
}
