//! Benchmark of the roadmap planner: a generated catalog of 1,000 proposals over the three
//! built-in models, for a team at mixed levels. Issue 5 asks for under 10 ms per plan.
//!
//! The catalog is generated, not read, so the benchmark depends on nothing but the two pure
//! crates; it is deterministic so runs compare.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use maturity_assess::{PlanConfig, Target, plan};
use maturity_model::{Catalog, ModelSet, parse_catalog};

const PROPOSALS: usize = 1_000;

fn main() {
    divan::main();
}

/// A small linear congruential generator: the same sequence on every machine and run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let n = u64::try_from(n).expect("small bound");
        usize::try_from((self.0 >> 33) % n).expect("below a usize bound")
    }
}

/// 1,000 proposals raising one to three criteria each; every proposal may require up to three
/// of the 50 proposals before it, so there are long chains and no cycles.
fn catalog_text(models: &ModelSet) -> String {
    let criteria: Vec<&str> = models
        .models()
        .iter()
        .flat_map(|m| m.criteria())
        .map(|c| c.id.as_str())
        .collect();
    let mut rng = Lcg(5);
    let mut text = String::new();
    for i in 0..PROPOSALS {
        let difficulty = ["S", "M", "L"][rng.below(3)];
        let mut requires = Vec::new();
        if i > 0 {
            for _ in 0..rng.below(4) {
                let j = i - 1 - rng.below(i.min(50));
                let id = format!("\"p-{j:04}\"");
                if !requires.contains(&id) {
                    requires.push(id);
                }
            }
        }
        let mut raises: Vec<String> = Vec::new();
        let mut raised: Vec<&str> = Vec::new();
        for _ in 0..=rng.below(3) {
            let criterion = criteria[rng.below(criteria.len())];
            if !raised.contains(&criterion) {
                raised.push(criterion);
                raises.push(format!(
                    "{{ criterion = \"{criterion}\", to = {} }}",
                    2 + rng.below(3)
                ));
            }
        }
        let _ = write!(
            text,
            "[[proposals]]\nid = \"p-{i:04}\"\ntitle = \"Proposal {i}\"\ndescription = \"Generated.\"\n\
             difficulty = \"{difficulty}\"\nrequires = [{}]\nraises = [{}]\n\n",
            requires.join(", "),
            raises.join(", ")
        );
    }
    text
}

struct Setup {
    models: ModelSet,
    catalog: Catalog,
    levels: BTreeMap<String, f64>,
}

fn setup() -> Setup {
    let models = ModelSet::builtin();
    let catalog = parse_catalog("generated.toml", &catalog_text(&models), &models)
        .unwrap_or_else(|e| panic!("the generated catalog is valid: {e}"));
    assert_eq!(catalog.len(), PROPOSALS);
    // Mixed levels, some fractional, every seventh criterion unrated.
    let levels = models
        .models()
        .iter()
        .flat_map(|m| m.criteria())
        .enumerate()
        .filter(|(i, _)| i % 7 != 3)
        .map(|(i, c)| (c.id.clone(), [1.0, 2.0, 1.5, 3.0, 2.5, 4.0][i % 6]))
        .collect();
    Setup {
        models,
        catalog,
        levels,
    }
}

fn run(bencher: divan::Bencher, config: &PlanConfig) {
    let Setup {
        models,
        catalog,
        levels,
    } = setup();
    bencher.bench(|| {
        plan(
            divan::black_box(models.models()),
            divan::black_box(&levels),
            divan::black_box(&catalog),
            divan::black_box(config),
        )
    });
}

/// The default: every criterion to level 4, three phases.
#[divan::bench]
fn plan_1000_to_level_4(bencher: divan::Bencher) {
    run(bencher, &PlanConfig::default());
}

/// A score target per model, which stops early.
#[divan::bench]
fn plan_1000_to_scores(bencher: divan::Bencher) {
    let target = Target::scores(BTreeMap::from([
        ("devops".to_string(), 80.0),
        ("automation".to_string(), 75.0),
        ("testing".to_string(), 90.0),
    ]));
    run(
        bencher,
        &PlanConfig {
            target,
            ..PlanConfig::default()
        },
    );
}

/// A small capacity, so packing spreads over hundreds of phases.
#[divan::bench]
fn plan_1000_small_capacity(bencher: divan::Bencher) {
    run(
        bencher,
        &PlanConfig {
            capacity: Some(3),
            ..PlanConfig::default()
        },
    );
}

/// Reading and validating such a catalog, for a user's large catalog file.
#[divan::bench]
fn parse_1000(bencher: divan::Bencher) {
    let models = ModelSet::builtin();
    let text = catalog_text(&models);
    bencher.bench(|| parse_catalog("generated.toml", divan::black_box(&text), &models));
}
