//! Counting (docs/tests.md, "Counting rules"): attempts of one test in one run are folded
//! into its outcome there, and runs are compared for flakiness. A file that fails part-way is
//! taken back out of its run whole, so a run never counts half a file.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::Unreadable;
use crate::kinds::{Kind, KindRules};
use crate::report::{FlakyTest, KindTotals, Run, SCHEMA, SlowTest, TestRecord, TestsReport, Totals};

/// How many tests `slowest[]` lists.
const SLOWEST: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Passed,
    Failed,
    Errored,
    Skipped,
}

/// One execution of one test case as a report records it.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    /// Enclosing suite names, outermost first, joined by ` / `.
    pub suite: String,
    pub class: String,
    pub name: String,
    /// The source file the report names for the test, if any.
    pub file: Option<String>,
    /// Categories, traits and producer hints that only help to tell its kind.
    pub hints: String,
    pub outcome: Outcome,
    /// Failed attempts recorded inside this one (Surefire's `rerunFailure`, `flakyFailure`…).
    pub failed_attempts: u32,
    pub duration_s: f64,
}

type Key = (u32, u32, u32);

/// Strings kept once however many tests and runs share them.
#[derive(Default)]
struct Names {
    ids: HashMap<Arc<str>, u32>,
    all: Vec<Arc<str>>,
}

impl Names {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = u32::try_from(self.all.len()).unwrap_or(u32::MAX);
        let s: Arc<str> = Arc::from(s);
        self.all.push(s.clone());
        self.ids.insert(s, id);
        id
    }

    fn get(&self, id: u32) -> &str {
        self.all.get(id as usize).map_or("", |s| s)
    }

    fn shared(&self, id: u32) -> Arc<str> {
        self.all
            .get(id as usize)
            .cloned()
            .unwrap_or_else(|| Arc::from(""))
    }
}

#[derive(Clone, Copy)]
struct RunTest {
    key: Key,
    /// The report file, then the source file, then hints: what the kind is told from.
    report: u32,
    file: u32,
    hints: u32,
    passed: bool,
    failed: bool,
    last: Outcome,
    duration_s: f64,
}

impl RunTest {
    fn outcome(&self) -> Outcome {
        if self.passed { Outcome::Passed } else { self.last }
    }

    fn flaky(&self) -> bool {
        self.passed && self.failed
    }
}

struct RunData {
    path: String,
    tests: Vec<RunTest>,
    index: HashMap<Key, usize>,
    files: u64,
}

/// What a file being read changed in its run, to take it back if the file turns out bad.
struct Journal {
    first_new: usize,
    previous: HashMap<usize, RunTest>,
}

/// Collects runs attempt by attempt; [`RunBuilder::finish`] counts them.
#[derive(Default)]
pub struct RunBuilder {
    names: Names,
    runs: Vec<RunData>,
    unreadable: Vec<Unreadable>,
    journal: Option<Journal>,
    report: u32,
}

impl RunBuilder {
    /// Starts a run; attempts go to the latest run started.
    pub fn start_run(&mut self, path: &str) {
        self.runs.push(RunData {
            path: path.to_string(),
            tests: Vec::new(),
            index: HashMap::new(),
            files: 0,
        });
    }

    /// Starts reading a report file of the current run.
    pub fn start_file(&mut self, path: &str) {
        if self.runs.is_empty() {
            self.start_run(path);
        }
        self.report = self.names.id(path);
        let first_new = self.runs.last().map_or(0, |r| r.tests.len());
        self.journal = Some(Journal {
            first_new,
            previous: HashMap::new(),
        });
    }

    pub fn add(&mut self, attempt: Attempt) {
        let key = (
            self.names.id(&attempt.suite),
            self.names.id(&attempt.class),
            self.names.id(&attempt.name),
        );
        let file = self.names.id(attempt.file.as_deref().unwrap_or(""));
        let hints = self.names.id(&attempt.hints);
        let report = self.report;
        let Some(run) = self.runs.last_mut() else {
            return;
        };
        let failed_now =
            matches!(attempt.outcome, Outcome::Failed | Outcome::Errored) || attempt.failed_attempts > 0;
        match run.index.get(&key) {
            Some(&i) => {
                if let Some(journal) = &mut self.journal
                    && i < journal.first_new
                {
                    journal.previous.entry(i).or_insert(run.tests[i]);
                }
                let test = &mut run.tests[i];
                // Retry tools re-run only what failed, and pytest-rerunfailures writes the
                // failed attempts without an outcome element: an attempt that another one
                // follows did not pass.
                if test.last == Outcome::Passed {
                    test.passed = false;
                    test.failed = true;
                }
                test.passed |= attempt.outcome == Outcome::Passed;
                test.failed |= failed_now;
                test.last = attempt.outcome;
                test.duration_s += attempt.duration_s;
                (test.report, test.file, test.hints) = (report, file, hints);
            }
            None => {
                run.index.insert(key, run.tests.len());
                run.tests.push(RunTest {
                    key,
                    report,
                    file,
                    hints,
                    passed: attempt.outcome == Outcome::Passed,
                    failed: failed_now,
                    last: attempt.outcome,
                    duration_s: attempt.duration_s,
                });
            }
        }
    }

    /// The file read whole: its tests stay.
    pub fn file_done(&mut self) {
        self.journal = None;
        if let Some(run) = self.runs.last_mut() {
            run.files += 1;
        }
    }

    /// The file failed: what it added is taken back and it is listed as unreadable.
    pub fn file_failed(&mut self, unreadable: Unreadable) {
        self.file_skipped();
        self.unreadable.push(unreadable);
    }

    /// The file is no test report after all: what it added is taken back.
    pub fn file_skipped(&mut self) {
        if let (Some(journal), Some(run)) = (self.journal.take(), self.runs.last_mut()) {
            for test in run.tests.drain(journal.first_new..) {
                run.index.remove(&test.key);
            }
            for (i, test) in journal.previous {
                run.tests[i] = test;
            }
        }
    }

    /// A path that yielded no file at all.
    pub fn unreadable(&mut self, unreadable: Unreadable) {
        self.unreadable.push(unreadable);
    }

    /// Whether any report file was read whole.
    pub fn any_read(&self) -> bool {
        self.runs.iter().any(|r| r.files > 0)
    }

    pub fn finish(self, rules: &KindRules) -> TestsReport {
        analyze(self, rules)
    }
}

/// A test across runs.
struct Across {
    key: Key,
    last: RunTest,
    runs: u64,
    flips: u64,
    previous: Option<bool>,
    passed_in_a_run: bool,
    failed_in_a_run: bool,
    flaky_runs: u64,
}

/// Counts the runs collected: per run, across runs, per kind (docs/tests.md).
pub fn analyze(builder: RunBuilder, rules: &KindRules) -> TestsReport {
    let RunBuilder {
        names,
        mut runs,
        unreadable,
        ..
    } = builder;
    runs.retain(|r| r.files > 0);
    let mut index: HashMap<Key, usize> = HashMap::new();
    let mut across: Vec<Across> = Vec::new();
    let mut out_runs = Vec::with_capacity(runs.len());
    for run in &mut runs {
        run.index = HashMap::new();
        let mut totals = Totals::default();
        let mut duration_s = 0.0;
        for test in &run.tests {
            totals.add(test.outcome(), test.flaky());
            duration_s += test.duration_s;
        }
        let broken = totals.tests > 0 && (totals.failed + totals.errored) * 5 > totals.tests * 4;
        for test in &run.tests {
            let i = *index.entry(test.key).or_insert_with(|| {
                across.push(Across {
                    key: test.key,
                    last: *test,
                    runs: 0,
                    flips: 0,
                    previous: None,
                    passed_in_a_run: false,
                    failed_in_a_run: false,
                    flaky_runs: 0,
                });
                across.len() - 1
            });
            let a = &mut across[i];
            a.last = *test;
            let passed = match test.outcome() {
                Outcome::Passed => true,
                Outcome::Failed | Outcome::Errored => false,
                Outcome::Skipped => continue,
            };
            if broken {
                continue;
            }
            a.runs += 1;
            if a.previous.is_some_and(|p| p != passed) {
                a.flips += 1;
            }
            a.previous = Some(passed);
            a.passed_in_a_run |= passed;
            a.failed_in_a_run |= !passed;
            if test.flaky() {
                a.flaky_runs += 1;
            }
        }
        out_runs.push(Run {
            path: run.path.clone(),
            totals,
            duration_s: round(duration_s),
            broken,
            files: run.files,
        });
    }
    drop(runs);
    drop(index);

    let mut totals = Totals::default();
    let mut kinds: Vec<(Kind, Totals)> = Vec::new();
    let mut tests = Vec::with_capacity(across.len());
    let mut flaky = Vec::new();
    // A kind follows from the places a test is in (and its name only by the team's own words):
    // told once per place, not for each of a suite's thousand tests.
    let mut kind_of: HashMap<[u32; 6], Kind> = HashMap::new();
    for a in &across {
        let (suite, class, name) = (names.get(a.key.0), names.get(a.key.1), names.get(a.key.2));
        let place = [
            a.last.report,
            a.last.file,
            a.key.0,
            a.key.1,
            a.last.hints,
            if rules.reads_names() { a.key.2 } else { u32::MAX },
        ];
        let kind = *kind_of.entry(place).or_insert_with(|| {
            rules.classify(
                &[
                    names.get(a.last.report),
                    names.get(a.last.file),
                    suite,
                    class,
                    names.get(a.last.hints),
                ],
                name,
            )
        });
        let is_flaky = a.flaky_runs > 0 || (a.passed_in_a_run && a.failed_in_a_run);
        let outcome = a.last.outcome();
        totals.add(outcome, is_flaky);
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, t)) => t.add(outcome, is_flaky),
            None => {
                let mut t = Totals::default();
                t.add(outcome, is_flaky);
                kinds.push((kind, t));
            }
        }
        if is_flaky {
            #[allow(clippy::cast_precision_loss)]
            let flip_rate = if a.runs > 1 {
                a.flips as f64 / (a.runs - 1) as f64
            } else {
                0.0
            };
            flaky.push(FlakyTest {
                suite: names.shared(a.key.0),
                class: names.shared(a.key.1),
                name: names.shared(a.key.2),
                flip_rate: round(flip_rate),
                runs: a.runs,
                flaky_runs: a.flaky_runs,
            });
        }
        tests.push(TestRecord {
            suite: names.shared(a.key.0),
            class: names.shared(a.key.1),
            name: names.shared(a.key.2),
            outcome,
            flaky: is_flaky,
            duration_s: round(a.last.duration_s),
            kind,
        });
    }
    flaky.sort_by(|a, b| {
        b.flip_rate
            .total_cmp(&a.flip_rate)
            .then(b.flaky_runs.cmp(&a.flaky_runs))
            .then_with(|| (&a.suite, &a.class, &a.name).cmp(&(&b.suite, &b.class, &b.name)))
    });
    let mut order: Vec<usize> = (0..tests.len()).collect();
    order.sort_by(|&a, &b| {
        tests[b]
            .duration_s
            .total_cmp(&tests[a].duration_s)
            .then(a.cmp(&b))
    });
    let slowest = order
        .iter()
        .take(SLOWEST)
        .map(|&i| {
            let t: &TestRecord = &tests[i];
            SlowTest {
                suite: t.suite.clone(),
                class: t.class.clone(),
                name: t.name.clone(),
                duration_s: t.duration_s,
                kind: t.kind,
            }
        })
        .collect();
    kinds.sort_by_key(|(k, _)| *k);
    TestsReport {
        schema: SCHEMA.to_string(),
        runs: out_runs,
        totals,
        tests,
        flaky,
        slowest,
        kinds: kinds
            .into_iter()
            .map(|(kind, totals)| KindTotals { kind, totals })
            .collect(),
        unreadable,
    }
}

/// Seconds to .NET's 100 ns tick, the finest any report records, without float noise in
/// the JSON.
fn round(value: f64) -> f64 {
    (value * 1e7).round() / 1e7
}
