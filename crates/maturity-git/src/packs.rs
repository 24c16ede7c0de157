//! Decoding many commit objects straight from the pack files, in pack order, on all cores.
//!
//! Looking objects up one by one costs a binary search in a large pack index per object (cache
//! misses dominate on hundreds of thousands of commits). When the commits to read are known
//! up front — the commit-graph gave them — it is cheaper to scan each pack index once, pick the
//! wanted entries, sort them by offset and inflate them in file order. Anything this cannot
//! decode (loose objects, alternates, deltas against objects by id) is left to the caller's
//! ordinary object-database look-up, so this is only ever a fast path.
//!
//! Memory: a pack is memory-mapped, and every page read stays resident — counted in the
//! process's RSS — until the map is dropped. Reading a whole pack in file order would hold all
//! of it, so each thread maps its pack anew every [`WINDOW`] bytes (see [`Windowed`]).

use std::path::{Path, PathBuf};

use gix::odb::pack;

/// How much of a pack one thread keeps mapped while reading it in file order: small enough
/// that the pages it read do not add up to the pack's size, large enough that mapping again
/// (a system call and a header read) costs nothing next to inflating what it holds.
const WINDOW: u64 = 8 << 20;

/// How many entries of a pack index stay mapped while it is read in order: about 6 MiB of
/// its id and offset tables.
const INDEX_WINDOW: u64 = 1 << 18;

/// One pack: where its index and data files are (each reader maps them itself), and how many
/// objects it holds.
struct Pack {
    index: PathBuf,
    data: PathBuf,
    objects: u32,
}

impl Pack {
    fn open_index(&self) -> Option<pack::index::File> {
        pack::index::File::at(&self.index, gix::hash::Kind::Sha1).ok()
    }

    fn open_data(&self) -> Option<pack::data::File> {
        pack::data::File::at(&self.data, gix::hash::Kind::Sha1).ok()
    }
}

/// Lists every pack in `objects/pack`; a pack that does not open is skipped (the object
/// database still finds its objects). Opening reads headers only, and the maps are dropped.
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
        .filter_map(|index| {
            let mut pack = Pack {
                data: index.with_extension("pack"),
                index,
                objects: 0,
            };
            pack.objects = pack.open_index()?.num_objects();
            pack.open_data()?;
            Some(pack)
        })
        .collect()
}

/// A file of one of the packs, read at increasing positions (offsets, index entries) and
/// mapped anew whenever the reading leaves the current window: the map is dropped, its pages
/// leave the RSS, and the file is mapped again.
struct Windowed<F> {
    span: u64,
    /// The pack, the window's start, and the map.
    open: Option<(usize, u64, F)>,
}

impl<F> Windowed<F> {
    fn new(span: u64) -> Self {
        Self { span, open: None }
    }

    /// Pack `pack`'s file, mapped by `open` with `at` in its window; `None` if it no longer
    /// opens.
    fn at(&mut self, pack: usize, at: u64, open: impl FnOnce() -> Option<F>) -> Option<&F> {
        let current = self
            .open
            .as_ref()
            .is_some_and(|&(p, start, _)| p == pack && (start..start + self.span).contains(&at));
        if !current {
            // Unmap first, so the old and the new window are never resident together.
            self.open = None;
            self.open = Some((pack, at, open()?));
        }
        self.open.as_ref().map(|(_, _, file)| file)
    }
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
    // too, so one merge pass per pack finds them: no hashing, no binary searches. Offsets are
    // read for matches only, so the index's other tables are never paged in.
    let mut jobs: Vec<(u32, u64, u32)> = Vec::with_capacity(wanted.len());
    let mut index = Windowed::new(INDEX_WINDOW);
    for (p, pack) in packs.iter().enumerate() {
        let mut j = 0;
        for i in 0..pack.objects {
            let Some(index) = index.at(p, u64::from(i), || pack.open_index()) else {
                break;
            };
            let oid = index.oid_at_index(i);
            while j < wanted.len() && wanted[j].0.as_ref() < oid {
                j += 1;
            }
            if j == wanted.len() {
                break;
            }
            let (want_oid, id) = wanted[j];
            if want_oid.as_ref() == oid && std::mem::take(&mut want[id as usize]) {
                jobs.push((
                    u32::try_from(p).unwrap_or(u32::MAX),
                    index.pack_offset_at_index(i),
                    id,
                ));
            }
        }
    }
    drop(index);
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
                    let mut window = Windowed::new(WINDOW);
                    for &(p, offset, id) in part {
                        let pack = &packs[p as usize];
                        let decoded = window
                            .at(p as usize, offset, || pack.open_data())
                            .and_then(|data| {
                                let entry = data.entry(offset).ok()?;
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
    pub parents: std::ops::Range<u32>,
    pub value: T,
    /// The caller's: the commit's dense id once its walk reaches it, [`NOT_REACHED`] until
    /// then (and for ever, for a commit no ref reaches).
    pub dense: u32,
}

/// [`Scanned::dense`] of a commit not (yet) reached.
pub(crate) const NOT_REACHED: u32 = u32::MAX;

/// One thread's scan results: its state, the commits it decoded, and their parents.
pub(crate) type ScanBatch<S, T> = (S, Vec<Scanned<T>>, Vec<gix::ObjectId>);

/// A thread's scan results with, for each commit, the pack and index position its id is read
/// from.
type Located<S, T> = (ScanBatch<S, T>, Vec<(u32, u32)>);

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
    // Every entry in file order, as one `u64` each — its offset above its position in the
    // index — pack after pack; `starts` says where each pack's begin. A pack too large for
    // that (offsets and positions in 64 bits: a terabyte of pack) is left to the object
    // database.
    let mut keys: Vec<u64> = Vec::new();
    let mut starts: Vec<usize> = Vec::with_capacity(packs.len() + 1);
    let mut index = Windowed::new(INDEX_WINDOW);
    for (p, pack) in packs.iter().enumerate() {
        starts.push(keys.len());
        let bits = position_bits(pack);
        let start = keys.len();
        keys.reserve(pack.objects as usize);
        for i in 0..pack.objects {
            let offset = index
                .at(p, u64::from(i), || pack.open_index())
                .map(|index| index.pack_offset_at_index(i));
            match offset {
                Some(offset) if offset >> (u64::BITS - bits) == 0 => keys.push(offset << bits | u64::from(i)),
                _ => {
                    keys.truncate(start);
                    break;
                }
            }
        }
        keys[start..].sort_unstable();
    }
    starts.push(keys.len());
    drop(index);
    let chunk = keys.len().div_ceil(threads.max(1)).max(1);
    let (packs, starts) = (&packs, &starts);
    let mut scanned: Vec<Located<S, T>> = std::thread::scope(|scope| {
        let handles: Vec<_> = keys
            .chunks(chunk)
            .enumerate()
            .map(|(c, part)| {
                scope.spawn(move || {
                    let mut state = S::default();
                    let mut inflate = gix::zlib::Inflate::default();
                    let mut buf = Vec::new();
                    let mut found = Vec::new();
                    let mut at = Vec::new();
                    let mut all_parents = Vec::new();
                    let mut parents = Vec::new();
                    let mut window = Windowed::new(WINDOW);
                    let first = c * chunk;
                    let mut p = starts.partition_point(|&s| s <= first) - 1;
                    for (k, &key) in (first..).zip(part) {
                        while k >= starts[p + 1] {
                            p += 1;
                        }
                        let pack = &packs[p];
                        let bits = position_bits(pack);
                        let offset = key >> bits;
                        let Some(data) = window.at(p, offset, || pack.open_data()) else {
                            continue;
                        };
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
                        let start = u32::try_from(all_parents.len()).unwrap_or(u32::MAX);
                        all_parents.extend_from_slice(&parents);
                        found.push(Scanned {
                            id: gix::ObjectId::null(gix::hash::Kind::Sha1),
                            tree,
                            parents: start..u32::try_from(all_parents.len()).unwrap_or(u32::MAX),
                            value,
                            dense: NOT_REACHED,
                        });
                        let position = key & ((1 << bits) - 1);
                        at.push((
                            u32::try_from(p).unwrap_or(u32::MAX),
                            u32::try_from(position).unwrap_or(u32::MAX),
                        ));
                    }
                    ((state, found, all_parents), at)
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    drop(keys);
    // The ids, read in index order: a look-up per commit as found would page in all of each
    // index's id table at once.
    let mut order: Vec<(u32, u32, u32, u32)> = Vec::new();
    for (b, (_, at)) in scanned.iter_mut().enumerate() {
        let b = u32::try_from(b).unwrap_or(u32::MAX);
        order.extend(
            std::mem::take(at)
                .into_iter()
                .zip(0..)
                .map(|((pack, position), i)| (pack, position, b, i)),
        );
    }
    order.sort_unstable();
    let mut index = Windowed::new(INDEX_WINDOW);
    for (p, position, b, i) in order {
        let pack = &packs[p as usize];
        if let Some(index) = index.at(p as usize, u64::from(position), || pack.open_index()) {
            scanned[b as usize].0.1[i as usize].id = index.oid_at_index(position).to_owned();
        }
    }
    scanned.into_iter().map(|(batch, _)| batch).collect()
}

/// The bits an index position of `pack` takes in a scan key.
fn position_bits(pack: &Pack) -> u32 {
    u32::BITS - pack.objects.leading_zeros()
}
