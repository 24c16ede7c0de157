//! Benchmarks of the pure metric functions on a synthetic history shaped like
//! `bench/metrics.sh`'s (200,000 commits, a merge every few commits, 1,000 releases):
//! the first-release flood, the quantiles, and the whole `compute`.
//!
//! cargo bench -p maturity-assess --bench metrics

use maturity_assess::metrics::{
    CommitId, CommitInfo, Config, History, HistoryBuilder, Input, Release, compute, first_delivery, summarize,
};

fn main() {
    divan::main();
}

const COMMITS: u32 = 200_000;
const RELEASES: u32 = 1_000;
const T0: i64 = 1_420_070_400;

fn id(n: u32) -> CommitId {
    let mut bytes = [0_u8; 20];
    bytes[..4].copy_from_slice(&n.to_be_bytes());
    bytes[4..8].copy_from_slice(&n.wrapping_mul(2_654_435_761).to_le_bytes());
    CommitId(bytes)
}

/// Commit n's first parent is n − 1; every fifth commit also merges a side commit n − 3.
fn history() -> (History, Vec<Release>) {
    let mut b = HistoryBuilder::with_capacity(COMMITS as usize);
    for n in 0..COMMITS {
        let (c, _) = b.intern(id(n));
        let mut parents = Vec::new();
        if n > 0 {
            parents.push(b.intern(id(n - 1)).0);
        }
        if n % 5 == 0 && n > 3 {
            parents.push(b.intern(id(n - 3)).0);
        }
        b.set_parents(c, &parents);
        let author = b.author(&format!("dev{}@example.com", n % 60));
        let t = T0 + i64::from(n) * 900;
        b.set_info(
            c,
            CommitInfo {
                author_time: t - 3_600,
                committer_time: t,
                author,
                flags: 0,
            },
        );
    }
    let releases = (1..=RELEASES)
        .map(|r| {
            let n = r * (COMMITS / RELEASES) - 1;
            Release {
                name: format!("v1.{}.{}", r / 10, r % 10),
                time: T0 + i64::from(n) * 900 + 600,
                commit: n,
                annotated: true,
                hotfix: false,
            }
        })
        .collect();
    (b.build().expect("complete"), releases)
}

#[divan::bench(sample_count = 20)]
fn first_release_flood(bencher: divan::Bencher) {
    let (h, releases) = history();
    let commits: Vec<Option<u32>> = releases.iter().map(|r| Some(r.commit)).collect();
    bencher.bench(|| first_delivery(divan::black_box(&h), divan::black_box(&commits)));
}

#[divan::bench(sample_count = 20)]
fn quantiles_200k(bencher: divan::Bencher) {
    let values: Vec<f64> = (0..COMMITS)
        .map(|n| f64::from(n.wrapping_mul(7_919) % 10_007))
        .collect();
    bencher
        .with_inputs(|| values.clone())
        .bench_refs(|v| summarize(v));
}

#[divan::bench(sample_count = 10)]
fn compute_all(bencher: divan::Bencher) {
    let (history, releases) = history();
    let input = Input {
        history,
        releases,
        ..Input::default()
    };
    let config = Config::new(T0 + i64::from(COMMITS) * 900 + 86_400);
    bencher.bench(|| compute(divan::black_box(&input), divan::black_box(&config)));
}
