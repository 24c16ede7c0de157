//! Knowledge silos: per directory, how many authors, most active first, made a given share of
//! its changes in the window (the bus factor); a directory one person carries is flagged.

use std::collections::HashMap;

use super::history::History;
use super::input::DirChanges;
use super::output::{AuthorChanges, SiloDir, Silos, Window};

/// The silos of `changes` among the commits authored in `window`.
pub(super) fn silos(history: &History, changes: &DirChanges, window: &Window, share: f64) -> Silos {
    let mut per_dir: Vec<HashMap<u32, usize>> = vec![HashMap::new(); changes.dirs.len()];
    for &(commit, dir) in &changes.entries {
        let info = history.info(commit);
        if window.contains(info.author_time) {
            *per_dir[dir as usize].entry(info.author).or_default() += 1;
        }
    }
    let mut directories: Vec<SiloDir> = per_dir
        .into_iter()
        .enumerate()
        .filter(|(_, authors)| !authors.is_empty())
        .map(|(dir, authors)| {
            let mut counts: Vec<(u32, usize)> = authors.into_iter().collect();
            // Most changes first; ties by author name so the output is stable.
            counts.sort_by(|a, b| {
                b.1.cmp(&a.1)
                    .then_with(|| history.author_name(a.0).cmp(history.author_name(b.0)))
            });
            let total: usize = counts.iter().map(|c| c.1).sum();
            #[allow(clippy::cast_precision_loss)]
            let needed = share * total as f64;
            let mut sum = 0_usize;
            let mut bus_factor = 0_usize;
            for &(_, n) in &counts {
                sum += n;
                bus_factor += 1;
                // share × total is rounded and can land a hair above the whole number it
                // means: a count that reaches it up to rounding reaches it.
                #[allow(clippy::cast_precision_loss)]
                if sum as f64 >= needed - 1e-9 {
                    break;
                }
            }
            SiloDir {
                path: changes.dirs[dir].clone(),
                changes: total,
                authors: counts.len(),
                bus_factor,
                flagged: bus_factor == 1,
                top_authors: counts[..bus_factor]
                    .iter()
                    .map(|&(a, n)| AuthorChanges {
                        author: history.author_name(a).to_string(),
                        changes: n,
                    })
                    .collect(),
            }
        })
        .collect();
    directories.sort_by(|a, b| a.path.cmp(&b.path));
    let flagged = directories.iter().filter(|d| d.flagged).count();
    Silos {
        depth: changes.depth,
        share,
        directories,
        flagged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testkit::{DAY, T0, at, history};

    const ANN: &str = "ann@example.com";
    const BOB: &str = "bob@example.com";
    const CY: &str = "cy@example.com";

    /// One commit per `(author, author time, directory)`, on one line; directories by name.
    fn silos_of(changes: &[(&'static str, i64, &str)], share: f64) -> Silos {
        let commits: Vec<_> = (0_u32..)
            .zip(changes)
            .map(|(i, &(author, t, _))| match i {
                0 => at(t).by(author),
                _ => at(t).by(author).after(&[i - 1]),
            })
            .collect();
        let h = history(&commits);
        let mut dirs: Vec<String> = Vec::new();
        let mut entries = Vec::new();
        for (i, &(_, _, dir)) in (0_u32..).zip(changes) {
            let d = dirs.iter().position(|x| x == dir).unwrap_or_else(|| {
                dirs.push(dir.to_string());
                dirs.len() - 1
            });
            entries.push((i, u32::try_from(d).expect("few")));
        }
        let changes = DirChanges {
            dirs,
            entries,
            depth: 1,
        };
        silos(&h, &changes, &Window::new(T0, T0 + 10 * DAY), share)
    }

    /// A directory: `(path, changes, bus factor, top authors with their changes)`.
    type Row<'a> = (&'a str, usize, usize, Vec<(&'a str, usize)>);

    fn rows(s: &Silos) -> Vec<Row<'_>> {
        s.directories
            .iter()
            .map(|d| {
                let top = d
                    .top_authors
                    .iter()
                    .map(|a| (a.author.as_str(), a.changes))
                    .collect();
                (d.path.as_str(), d.changes, d.bus_factor, top)
            })
            .collect()
    }

    #[test]
    fn bus_factor_cases() {
        /// (case, changes as (author, author time, directory), directories)
        type Case = (
            &'static str,
            Vec<(&'static str, i64, &'static str)>,
            Vec<Row<'static>>,
        );
        let cases: Vec<Case> = vec![
            ("no change", vec![], vec![]),
            (
                "one commit",
                vec![(ANN, T0, "core")],
                vec![("core", 1, 1, vec![(ANN, 1)])],
            ),
            // 5, 3 and 2 changes: 80 % of 10 is 8, made by the first two.
            (
                "80 % by two authors",
                [(ANN, 5), (BOB, 3), (CY, 2)]
                    .iter()
                    .flat_map(|&(a, n)| std::iter::repeat_n((a, T0, "web"), n))
                    .collect(),
                vec![("web", 10, 2, vec![(ANN, 5), (BOB, 3)])],
            ),
            // Four of five changes are exactly 80 %: one author is enough.
            (
                "exactly the share",
                [(ANN, 4), (BOB, 1)]
                    .iter()
                    .flat_map(|&(a, n)| std::iter::repeat_n((a, T0, "api"), n))
                    .collect(),
                vec![("api", 5, 1, vec![(ANN, 4)])],
            ),
            // Same counts: by name, whoever committed first.
            (
                "ties by name",
                vec![(CY, T0, "x"), (BOB, T0, "x"), (ANN, T0, "x")],
                vec![("x", 3, 3, vec![(ANN, 1), (BOB, 1), (CY, 1)])],
            ),
            // Authored before the window: not counted, and a directory left with nothing is
            // not listed.
            (
                "outside the window",
                vec![
                    (ANN, T0 - DAY, "old"),
                    (BOB, T0 - DAY, "docs"),
                    (ANN, T0 + DAY, "docs"),
                ],
                vec![("docs", 1, 1, vec![(ANN, 1)])],
            ),
            (
                "directories by path",
                vec![(ANN, T0, "web"), (ANN, T0, "."), (BOB, T0, "api")],
                vec![
                    (".", 1, 1, vec![(ANN, 1)]),
                    ("api", 1, 1, vec![(BOB, 1)]),
                    ("web", 1, 1, vec![(ANN, 1)]),
                ],
            ),
        ];
        for (case, changes, expected) in cases {
            let got = silos_of(&changes, 0.8);
            assert_eq!(rows(&got), expected, "{case}");
            let flagged = expected.iter().filter(|r| r.2 == 1).count();
            assert_eq!(got.flagged, flagged, "{case}");
            assert!(
                got.directories.iter().all(|d| d.flagged == (d.bus_factor == 1)),
                "{case}"
            );
            assert_eq!((got.depth, got.share), (1, 0.8), "{case}");
        }
    }

    #[test]
    fn the_share_decides() {
        let changes: Vec<_> = [(ANN, 5), (BOB, 3), (CY, 2)]
            .iter()
            .flat_map(|&(a, n)| std::iter::repeat_n((a, T0, "web"), n))
            .collect();
        for (share, bus_factor) in [(0.5, 1), (0.8, 2), (0.81, 3), (1.0, 3)] {
            let got = silos_of(&changes, share);
            assert_eq!(got.directories[0].bus_factor, bus_factor, "{share}");
            assert_eq!(got.directories[0].authors, 3);
        }
    }
}
