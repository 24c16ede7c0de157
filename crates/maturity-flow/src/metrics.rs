//! The flow metrics of docs/flow.md, over items already read and checked. Days are counted as
//! whole calendar days: a duration is end − start + 1, so work started and finished on one day
//! took one day.

use jiff::civil::Date;

use crate::day::{Day, date_of, day_number, monday};
use crate::forecast::{self, ForecastRequest};
use crate::item::WorkItem;
use crate::output::{Aging, Cfd, Count, FileRead, Flow, Items, Throughput, Wip};
use crate::percentile::summarize;
use crate::read::Read;

/// Daily and weekly series reach back at most this far from the last day: one stray date from
/// 1900 must not make a series of 45,000 days.
pub const MAX_SERIES_DAYS: i32 = 3660;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The last day measured; by default the latest date in the exports (never the clock).
    pub last_day: Option<Date>,
    /// Leave out items finished before this day; series start here.
    pub since: Option<Date>,
    pub forecast: ForecastRequest,
}

fn iso_week(monday: i32) -> String {
    let week = date_of(monday).iso_week_date();
    format!("{:04}-W{:02}", week.year(), week.week())
}

fn days_between(from: i32, to: i32) -> u32 {
    u32::try_from(to - from + 1).unwrap_or(0)
}

/// Measures the flow of `read` under `options`, in two passes over the items: one for the
/// days the series span, one for everything counted (a million items are read twice, not
/// seven times), each on two threads for many items.
pub fn measure(read: &Read, options: &Options) -> Flow {
    measure_split(read, options, SPLIT_ABOVE)
}

/// Below this many items a second thread costs more than it saves.
const SPLIT_ABOVE: usize = 50_000;

fn measure_split(read: &Read, options: &Options, split_above: usize) -> Flow {
    let since = options.since.map(day_number);
    let included = move |i: &&WorkItem| match (i.done, since) {
        (Some(done), Some(since)) => done.number() >= since,
        _ => true,
    };
    let span = on_each(&halves(&read.items, split_above), |items| {
        let mut span = Span::default();
        items
            .iter()
            .filter(included)
            .for_each(|item| span.add(item, read.entered(item)));
        span
    })
    .into_iter()
    .reduce(Span::join)
    .unwrap_or_default();
    let last = options.last_day.map(day_number).or(span.latest);
    let workflow = &read.workflow;
    let mut flow = Flow {
        files: read
            .formats
            .iter()
            .map(|(path, format)| FileRead {
                path: path.clone(),
                format: *format,
            })
            .collect(),
        stages: workflow.stages.clone(),
        started_stage: workflow.stages.get(workflow.started).cloned(),
        done_stage: workflow.stages.get(workflow.done).cloned(),
        last_day: last.map(|d| date_of(d).to_string()),
        since: options.since.map(|d| d.to_string()),
        items: Items {
            read: read.items.len(),
            ..Items::default()
        },
        cycle_time: Default::default(),
        lead_time: Default::default(),
        throughput: Vec::new(),
        wip: Vec::new(),
        aging: Vec::new(),
        cfd: Vec::new(),
        forecast: Default::default(),
        unreadable: read.unreadable.clone(),
        finished: Vec::new(),
    };
    let Some(last) = last else {
        return flow;
    };
    let floor = last - MAX_SERIES_DAYS;
    let wip_start = span.first_started.map(|first| since.unwrap_or(first).max(floor));
    let cfd_start = span.first_created.map(|first| since.unwrap_or(first).max(floor));
    let stages = workflow.stages.len();
    let counted = on_each(&halves(&read.items, split_above), |items| {
        let mut counted = Counted::new(last, wip_start, cfd_start, stages);
        items
            .iter()
            .filter(included)
            .for_each(|item| counted.add(item, read));
        counted
    })
    .into_iter()
    .reduce(Counted::join);
    let Some(Counted {
        mut cycle,
        mut lead,
        mut finished,
        aging,
        not_started,
        wip,
        cfd,
        ..
    }) = counted
    else {
        return flow;
    };
    flow.aging = aging;
    flow.items.not_started = not_started;
    flow.items.finished = cycle.len();
    flow.items.in_progress = flow.aging.len();
    flow.cycle_time = summarize(&mut cycle);
    flow.lead_time = summarize(&mut lead);
    flow.aging
        .sort_by(|a, b| b.age_days.cmp(&a.age_days).then_with(|| a.id.cmp(&b.id)));
    sort_finished(&mut finished);
    flow.finished = finished
        .iter()
        .map(|(d, days)| (Day::from_number(*d), *days))
        .collect();
    flow.throughput = throughput(&finished, since, last, floor);
    if let Some(wip) = wip {
        flow.wip = wip.running(0).map(|(date, items)| Wip { date, items }).collect();
    }
    if let Some(cfd) = cfd {
        flow.cfd = workflow
            .stages
            .iter()
            .enumerate()
            .map(|(at, stage)| Cfd {
                stage: stage.clone(),
                series: cfd
                    .running(at)
                    .map(|(date, items)| Count { date, items })
                    .collect(),
            })
            .collect();
    }
    let weekly: Vec<usize> = forecast::sampled_weeks(&flow.throughput, last);
    let open = flow.items.in_progress + flow.items.not_started;
    flow.forecast = forecast::forecast(&weekly, date_of(last), open, &options.forecast);
    flow
}

/// The items in two halves when there are more than `split_above`, else in one.
fn halves(items: &[WorkItem], split_above: usize) -> Vec<&[WorkItem]> {
    if items.len() > split_above {
        let (first, second) = items.split_at(items.len() / 2);
        vec![first, second]
    } else {
        vec![items]
    }
}

/// `count` of each share, the first share on this thread and any other on its own.
fn on_each<'a, T: Send>(shares: &[&'a [WorkItem]], count: impl Fn(&'a [WorkItem]) -> T + Sync) -> Vec<T> {
    match shares {
        [first, second] => std::thread::scope(|scope| {
            let later = scope.spawn(|| count(second));
            let earlier = count(first);
            // A panic in the second share is a bug the first would share: passed on.
            vec![
                earlier,
                later.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
            ]
        }),
        _ => shares.iter().map(|share| count(share)).collect(),
    }
}

/// What the counting pass finds in a share of the items; shares join by adding up.
struct Counted {
    last: i32,
    cycle: Vec<u32>,
    lead: Vec<u32>,
    finished: Vec<(i32, u32)>,
    aging: Vec<Aging>,
    not_started: usize,
    wip: Option<Daily>,
    cfd: Option<Daily>,
}

impl Counted {
    fn new(last: i32, wip_start: Option<i32>, cfd_start: Option<i32>, stages: usize) -> Self {
        Self {
            last,
            cycle: Vec::new(),
            lead: Vec::new(),
            finished: Vec::new(),
            aging: Vec::new(),
            not_started: 0,
            wip: wip_start.map(|start| Daily::new(start, last, 1)),
            cfd: cfd_start.map(|start| Daily::new(start, last, stages)),
        }
    }

    fn add(&mut self, item: &WorkItem, read: &Read) {
        let last = self.last;
        let started = item.started.map(Day::number).filter(|s| *s <= last);
        let done = item.done.map(Day::number).filter(|d| *d <= last);
        match (started, done) {
            (Some(s), Some(d)) => {
                let days = days_between(s, d);
                self.cycle.push(days);
                self.finished.push((d, days));
                if let Some(c) = item.created.map(Day::number) {
                    self.lead.push(days_between(c, d));
                }
            }
            (Some(s), None) => self.aging.push(Aging {
                id: read.id(item).to_string(),
                age_days: days_between(s, last),
                stage: read.stage(item).to_string(),
            }),
            (None, _) => self.not_started += 1,
        }
        // An item counts as work in progress from its start day up to the day before it
        // finished.
        if let (Some(wip), Some(s)) = (&mut self.wip, started) {
            wip.change(0, s, 1);
            if let Some(d) = done {
                wip.change(0, d.max(s), -1);
            }
        }
        // An item that skipped a stage counts there from the day it entered a later one.
        if let Some(cfd) = &mut self.cfd {
            let mut earliest: Option<i32> = None;
            for (stage, date) in read.entered(item).iter().enumerate().rev() {
                if let Some(day) = date.map(Day::number) {
                    earliest = Some(earliest.map_or(day, |e| e.min(day)));
                }
                if let Some(day) = earliest.filter(|d| *d <= last) {
                    cfd.change(stage, day, 1);
                }
            }
        }
    }

    fn join(mut self, other: Self) -> Self {
        self.cycle.extend(other.cycle);
        self.lead.extend(other.lead);
        self.finished.extend(other.finished);
        self.aging.extend(other.aging);
        self.not_started += other.not_started;
        for (mine, theirs) in [(&mut self.wip, other.wip), (&mut self.cfd, other.cfd)] {
            if let (Some(mine), Some(theirs)) = (mine, theirs) {
                mine.changes
                    .iter_mut()
                    .zip(theirs.changes)
                    .for_each(|(a, b)| *a += b);
            }
        }
        self
    }
}

/// The days the measured items span: the latest day any entered a stage, and the earliest
/// start and creation, where the daily series begin.
#[derive(Default)]
struct Span {
    latest: Option<i32>,
    first_started: Option<i32>,
    first_created: Option<i32>,
}

impl Span {
    fn join(self, other: Self) -> Self {
        let pick = |a: Option<i32>, b: Option<i32>, f: fn(i32, i32) -> i32| match (a, b) {
            (Some(a), Some(b)) => Some(f(a, b)),
            (a, b) => a.or(b),
        };
        Self {
            latest: pick(self.latest, other.latest, i32::max),
            first_started: pick(self.first_started, other.first_started, i32::min),
            first_created: pick(self.first_created, other.first_created, i32::min),
        }
    }

    fn add(&mut self, item: &WorkItem, entered: &[Option<Day>]) {
        let later = |a: Option<i32>, b: i32| Some(a.map_or(b, |a| a.max(b)));
        let earlier = |a: Option<i32>, b: i32| Some(a.map_or(b, |a| a.min(b)));
        for day in entered.iter().flatten() {
            self.latest = later(self.latest, day.number());
        }
        if let Some(day) = item.started {
            self.first_started = earlier(self.first_started, day.number());
        }
        if let Some(day) = item.created {
            self.first_created = earlier(self.first_created, day.number());
        }
    }
}

/// Day-by-day changes of some counts (one per stage for the cumulative flow), from `start` to
/// the last day, and their running sums as dated counts.
struct Daily {
    start: i32,
    last: i32,
    width: usize,
    changes: Vec<i64>,
}

impl Daily {
    fn new(start: i32, last: i32, counts: usize) -> Self {
        let width = usize::try_from(last - start + 2).unwrap_or(0);
        Self {
            start,
            last,
            width,
            changes: vec![0; width * counts],
        }
    }

    /// Changes count `count` by `delta` from `day` on; a day before the series counts from its
    /// start.
    fn change(&mut self, count: usize, day: i32, delta: i64) {
        let slot = usize::try_from((day - self.start).max(0)).unwrap_or(0);
        if let Some(at) = self.changes.get_mut(count * self.width + slot) {
            *at += delta;
        }
    }

    fn running(&self, count: usize) -> impl Iterator<Item = (String, usize)> + '_ {
        let changes = &self.changes[count * self.width..(count + 1) * self.width];
        let mut total = 0i64;
        (self.start..=self.last).zip(changes).map(move |(day, delta)| {
            total += delta;
            (date_of(day).to_string(), usize::try_from(total).unwrap_or(0))
        })
    }
}

/// Sorts (done day, cycle days) pairs: counted by cycle days, then by done day (stable), as
/// both span a few thousand values at most; a wide spread falls back to sorting.
fn sort_finished(finished: &mut Vec<(i32, u32)>) {
    let (Some(low), Some(high), Some(longest)) = (
        finished.iter().map(|f| f.0).min(),
        finished.iter().map(|f| f.0).max(),
        finished.iter().map(|f| f.1).max(),
    ) else {
        return;
    };
    let span = usize::try_from(high - low).unwrap_or(usize::MAX);
    let longest = usize::try_from(longest).unwrap_or(usize::MAX);
    if finished.len() < 1024 || span > 1 << 20 || longest > 1 << 20 {
        finished.sort_unstable();
        return;
    }
    let by = |pairs: &[(i32, u32)], width: usize, key: &dyn Fn(&(i32, u32)) -> usize| {
        let mut starts = vec![0usize; width + 1];
        for pair in pairs {
            starts[key(pair) + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut out = vec![(0, 0); pairs.len()];
        for pair in pairs {
            let at = &mut starts[key(pair)];
            out[*at] = *pair;
            *at += 1;
        }
        out
    };
    let by_days = by(finished, longest + 1, &|p| p.1 as usize);
    *finished = by(&by_days, span + 1, &|p| usize::try_from(p.0 - low).unwrap_or(0));
}

/// Items finished per ISO week, from the week of the first finish (or `since`) to the week of
/// the last day, weeks without any included.
fn throughput(finished: &[(i32, u32)], since: Option<i32>, last: i32, floor: i32) -> Vec<Throughput> {
    let Some(first) = finished.first().map(|(d, _)| *d) else {
        return Vec::new();
    };
    let start = monday(since.map_or(first, |s| s.min(first)).max(floor));
    let weeks = usize::try_from((monday(last) - start) / 7 + 1).unwrap_or(0);
    let mut counts = vec![0usize; weeks];
    for (done, _) in finished {
        if let Ok(week) = usize::try_from((monday(*done) - start) / 7)
            && let Some(count) = counts.get_mut(week)
            && *done >= start
        {
            *count += 1;
        }
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(i, items)| {
            let day = start + i32::try_from(i).unwrap_or(0) * 7;
            Throughput {
                week: iso_week(day),
                start: date_of(day).to_string(),
                items,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::item::{Stages, Workflow};
    use crate::pool::Pool;

    fn day(text: &str) -> Date {
        text.parse().expect("date")
    }

    fn item(id: &str, dates: [Option<&str>; 3]) -> (String, [Option<Day>; 3]) {
        (id.to_string(), dates.map(|d| d.map(|d| Day::of(day(d)))))
    }

    /// Items with dates for the stages Backlog, Doing and Done, all in stage Doing, settled.
    fn read(items: Vec<(String, [Option<Day>; 3])>) -> Read {
        let workflow = Workflow::new(
            vec!["Backlog".into(), "Doing".into(), "Done".into()],
            &Stages::default(),
        );
        let mut pool = Pool::new(3, 0);
        let doing = pool.name("Doing");
        let items = items
            .into_iter()
            .map(|(id, entered)| {
                let mut item = pool.add(&id, doing, &entered, 2).expect("fits");
                workflow.settle(&mut item, &entered).expect("settles");
                item
            })
            .collect();
        Read {
            formats: vec![("t.csv".into(), None)],
            workflow,
            items,
            unreadable: Vec::new(),
            pool,
        }
    }

    #[test]
    fn finished_pairs_sort_as_tuples() {
        let mut rng = 11u64;
        let mut next = |bound: u64| {
            rng = rng.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (rng >> 33) % bound
        };
        for (n, span) in [(10, 5), (5000, 3), (5000, 4000), (5000, 1 << 30)] {
            let mut pairs: Vec<(i32, u32)> = (0..n)
                .map(|_| {
                    let d = i32::try_from(next(span)).unwrap_or(0) - 500;
                    (d, u32::try_from(next(300)).unwrap_or(0))
                })
                .collect();
            let mut expected = pairs.clone();
            expected.sort_unstable();
            sort_finished(&mut pairs);
            assert_eq!(pairs, expected, "{n} over {span}");
        }
    }

    #[test]
    fn cycle_and_lead_time_count_whole_days() {
        let flow = measure(
            &read(vec![
                // Same day: 1.
                item("A", [Some("2026-12-01"), Some("2026-12-07"), Some("2026-12-07")]),
                // 7 Dec → 9 Dec: 3; lead 1 Dec → 9 Dec: 9.
                item("B", [Some("2026-12-01"), Some("2026-12-07"), Some("2026-12-09")]),
                // Skipped Doing: starts when done.
                item("C", [Some("2026-12-02"), None, Some("2026-12-04")]),
                item("D", [Some("2026-12-03"), Some("2026-12-05"), None]),
                item("E", [Some("2026-12-03"), None, None]),
            ]),
            &Options::default(),
        );
        assert_eq!(flow.last_day.as_deref(), Some("2026-12-09"));
        assert_eq!(
            flow.items,
            Items {
                read: 5,
                finished: 3,
                in_progress: 1,
                not_started: 1
            }
        );
        // Cycle 1, 1, 3 → p50 rank 2 = 1, p70 rank 3 = 3; mean 5/3.
        assert_eq!(
            (flow.cycle_time.p50, flow.cycle_time.p70, flow.cycle_time.mean),
            (Some(1), Some(3), Some(1.7))
        );
        // Lead 7 (A), 3 (C), 9 (B).
        assert_eq!((flow.lead_time.p50, flow.lead_time.p95), (Some(7), Some(9)));
        assert_eq!(
            flow.aging,
            [Aging {
                id: "D".into(),
                age_days: 5,
                stage: "Doing".into()
            }]
        );
        assert_eq!(
            flow.finished,
            [
                (Day::of(day("2026-12-04")), 1),
                (Day::of(day("2026-12-07")), 1),
                (Day::of(day("2026-12-09")), 3)
            ]
        );
    }

    #[test]
    fn wip_is_counted_at_the_end_of_each_day() {
        let flow = measure(
            &read(vec![
                item("A", [Some("2026-12-01"), Some("2026-12-01"), Some("2026-12-01")]),
                item("B", [Some("2026-12-01"), Some("2026-12-01"), Some("2026-12-03")]),
                item("C", [Some("2026-12-02"), Some("2026-12-02"), None]),
            ]),
            &Options {
                last_day: Some(day("2026-12-04")),
                ..Options::default()
            },
        );
        let wip: Vec<(&str, usize)> = flow.wip.iter().map(|w| (w.date.as_str(), w.items)).collect();
        // A finished the day it started: never WIP at a day's end. B is WIP on 1 and 2 Dec.
        assert_eq!(
            wip,
            [
                ("2026-12-01", 1),
                ("2026-12-02", 2),
                ("2026-12-03", 1),
                ("2026-12-04", 1)
            ]
        );
        let cfd: Vec<(&str, Vec<usize>)> = flow
            .cfd
            .iter()
            .map(|c| (c.stage.as_str(), c.series.iter().map(|s| s.items).collect()))
            .collect();
        assert_eq!(
            cfd,
            [
                ("Backlog", vec![2, 3, 3, 3]),
                ("Doing", vec![2, 3, 3, 3]),
                ("Done", vec![1, 1, 2, 2]),
            ]
        );
    }

    #[test]
    fn throughput_weeks_cross_the_year_boundary() {
        let flow = measure(
            &read(vec![
                // Monday 28 Dec 2026 is in 2026-W53; Sunday 3 Jan 2027 too; 4 Jan is 2027-W01.
                item("A", [Some("2026-12-20"), Some("2026-12-21"), Some("2026-12-27")]),
                item("B", [Some("2026-12-20"), Some("2026-12-21"), Some("2026-12-28")]),
                item("C", [Some("2026-12-20"), Some("2026-12-21"), Some("2027-01-03")]),
                item("D", [Some("2026-12-20"), Some("2026-12-21"), Some("2027-01-12")]),
            ]),
            &Options::default(),
        );
        let weeks: Vec<(&str, &str, usize)> = flow
            .throughput
            .iter()
            .map(|t| (t.week.as_str(), t.start.as_str(), t.items))
            .collect();
        assert_eq!(
            weeks,
            [
                ("2026-W52", "2026-12-21", 1),
                ("2026-W53", "2026-12-28", 2),
                ("2027-W01", "2027-01-04", 0),
                ("2027-W02", "2027-01-11", 1),
            ]
        );
    }

    #[test]
    fn since_leaves_out_earlier_finishes() {
        let flow = measure(
            &read(vec![
                item("A", [Some("2026-11-01"), Some("2026-11-02"), Some("2026-11-03")]),
                item("B", [Some("2026-12-01"), Some("2026-12-02"), Some("2026-12-03")]),
            ]),
            &Options {
                since: Some(day("2026-12-01")),
                ..Options::default()
            },
        );
        assert_eq!((flow.items.read, flow.items.finished), (2, 1));
        assert_eq!(flow.wip.first().map(|w| w.date.as_str()), Some("2026-12-01"));
    }

    #[test]
    fn no_items_measure_to_empty_series() {
        let flow = measure(&read(Vec::new()), &Options::default());
        assert_eq!(flow.last_day, None);
        assert!(flow.throughput.is_empty() && flow.wip.is_empty() && flow.cfd.is_empty());
        assert_eq!(flow.forecast.when, None);
    }

    #[test]
    fn two_threads_count_what_one_does() {
        use jiff::ToSpan;
        let nth = |n: usize| {
            let n = i64::try_from(n).expect("small");
            day("2026-01-01")
                .checked_add(n.days())
                .expect("in range")
                .to_string()
        };
        let items: Vec<_> = (0..500)
            .map(|i| {
                let (created, started, done) = (i % 200, i % 200 + i % 13, i % 200 + i % 13 + i % 29);
                item(
                    &format!("I-{i}"),
                    [
                        (i % 7 != 0).then(|| nth(created)).as_deref(),
                        (i % 3 != 0).then(|| nth(started)).as_deref(),
                        (i % 4 != 0).then(|| nth(done)).as_deref(),
                    ],
                )
            })
            .collect();
        let read = read(items);
        for options in [
            Options::default(),
            Options {
                since: Some(day("2026-03-01")),
                last_day: Some(day("2026-06-15")),
                ..Options::default()
            },
        ] {
            let one = measure_split(&read, &options, usize::MAX);
            assert!(one.items.finished > 50 && !one.aging.is_empty() && !one.cfd.is_empty());
            assert_eq!(measure_split(&read, &options, 0), one);
        }
    }
}
