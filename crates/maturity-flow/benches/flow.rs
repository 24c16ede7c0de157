//! Reading and measuring work items: a stage-column export of 100,000 items, read and
//! measured, and the Monte Carlo forecasts alone. `bench/flow.sh` compares a million items
//! with Python.

use maturity_flow::{Options, Stages, measure, read};

fn main() {
    divan::main();
}

/// `n` items over about three years, as `bench/flow.sh` generates them.
fn export(n: usize) -> String {
    let mut out = String::from("ID,Title,Backlog,In Progress,Review,Done\n");
    let day = |d: usize| {
        let d = d % 1100;
        let (y, rest) = (2024 + d / 365, d % 365);
        format!("{y}-{:02}-{:02}", 1 + rest / 31 % 12, 1 + rest % 28)
    };
    for i in 0..n {
        let start = (i * 7919) % 1000;
        let a = start + 1 + i % 5;
        let b = a + i % 11;
        let done = if i % 10 == 0 {
            String::new()
        } else {
            day(b + 1 + i % 3)
        };
        out.push_str(&format!(
            "I-{i},item {i},{},{},{},{done}\n",
            day(start),
            day(a),
            day(b)
        ));
    }
    out
}

#[divan::bench(sample_count = 10)]
fn read_and_measure_100k(bencher: divan::Bencher) {
    let text = export(100_000);
    bencher.bench(|| {
        let r = read("bench.csv", divan::black_box(&text), &Stages::default());
        measure(&r, &Options::default())
    });
}

#[divan::bench(sample_count = 10)]
fn measure_100k(bencher: divan::Bencher) {
    let r = read("bench.csv", &export(100_000), &Stages::default());
    bencher.bench(|| measure(divan::black_box(&r), &Options::default()));
}
