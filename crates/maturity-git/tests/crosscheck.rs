//! The one-pass first-release map against git itself: on a generated history of a few
//! thousand commits with merges and tags (annotated, lightweight, on side branches), every
//! commit's first release must be the earliest tag `git tag --contains` lists for it when
//! sorted by creator date.

mod common;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::process::{Command, Stdio};

use common::*;

/// A deterministic fast-import stream: a main line with topic branches merged back and
/// maintenance branches that get their own tags; `commits` commits in all.
fn stream(commits: usize, seed: u64) -> String {
    let mut state = seed;
    let mut rand = move |n: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    let mut s = String::new();
    let mut t = T0;
    let mut mark = 0_usize;
    let mut commit = |s: &mut String,
                      branch: &str,
                      from: Option<usize>,
                      merge: Option<usize>,
                      t: &mut i64| {
        mark += 1;
        *t += 600;
        let _ = write!(
            s,
            "commit refs/heads/{branch}\nmark :{mark}\nauthor A <a@x> {} +0000\ncommitter A <a@x> {t} +0000\ndata 3\nc{}\n",
            *t - 300,
            mark % 10
        );
        if let Some(f) = from {
            let _ = writeln!(s, "from :{f}");
        }
        if let Some(m) = merge {
            let _ = writeln!(s, "merge :{m}");
        }
        // Paths at three depths, so silos at depth 1 and 2 both have something to cut.
        let path = match mark % 3 {
            0 => format!("f{}", mark % 7),
            1 => format!("d{}/f{}", mark % 5, mark % 11),
            _ => format!("d{}/s{}/f{}", mark % 5, mark % 4, mark % 13),
        };
        let _ = write!(s, "M 100644 inline {path}\ndata 4\n{:04}\n\n", mark % 9999);
        mark
    };
    let mut main = commit(&mut s, "main", None, None, &mut t);
    let mut n = 1;
    let mut tags = 0;
    let mut maint: Option<usize> = None;
    while n < commits {
        match rand(10) {
            0..=2 => {
                let mut tip = main;
                for _ in 0..=rand(3) {
                    tip = commit(&mut s, "topic", Some(tip), None, &mut t);
                    n += 1;
                }
                main = commit(&mut s, "main", Some(main), Some(tip), &mut t);
            }
            3 if maint.is_some() => {
                // A fix on the maintenance branch, tagged there.
                let m = commit(&mut s, "maint", maint, None, &mut t);
                maint = Some(m);
                tags += 1;
                t += 60;
                let _ = write!(
                    s,
                    "tag m{tags}\nfrom :{m}\ntagger T <t@x> {t} +0000\ndata 2\nm\n\n"
                );
            }
            _ => main = commit(&mut s, "main", Some(main), None, &mut t),
        }
        n += 1;
        if rand(25) == 0 {
            tags += 1;
            if rand(2) == 0 {
                t += 60;
                let _ = write!(
                    s,
                    "tag r{tags}\nfrom :{main}\ntagger T <t@x> {t} +0000\ndata 2\nr\n\n"
                );
            } else {
                let _ = write!(s, "reset refs/tags/r{tags}\nfrom :{main}\n\n");
            }
            if maint.is_none() || rand(4) == 0 {
                maint = Some(main);
            }
        }
    }
    s
}

#[test]
fn first_release_map_equals_git_tag_contains() {
    let r = Repo::new();
    let mut child = Command::new("git")
        .current_dir(r.path())
        .args(["fast-import", "--quiet"])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .stdin(Stdio::piped())
        .spawn()
        .expect("fast-import");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stream(2_500, 7).as_bytes())
        .expect("write stream");
    assert!(child.wait().expect("fast-import ends").success());
    r.git(&["symbolic-ref", "HEAD", "refs/heads/main"]);

    let mut config = config(&r.path(), T0 + 3_650 * DAY);
    config.release_tags = "glob:*".parse().expect("glob");
    config.silo_depth = None;
    let m = run(&config).metrics;
    let ours: HashMap<String, Option<String>> = m
        .commits
        .as_ref()
        .expect("commits")
        .iter()
        .map(|c| (c.id.clone(), c.first_release.clone()))
        .collect();
    let all = r.git(&["rev-list", "--all"]);
    let ids: Vec<&str> = all.lines().collect();
    assert!(ids.len() >= 2_500, "{} commits", ids.len());
    assert_eq!(ours.len(), ids.len());
    assert!(m.releases.len() > 50, "{} tags", m.releases.len());
    // The commit-graph fast path (positions, pack-order decoding) must agree exactly.
    r.git(&["commit-graph", "write", "--reachable"]);
    let with_graph = run(&config);
    assert!(with_graph.timings.used_commit_graph);
    assert_eq!(with_graph.metrics.to_json(), m.to_json());
    let mut checked = 0;
    for id in ids {
        let contains = r.git(&["tag", "--contains", id, "--sort=creatordate"]);
        let expected = contains.lines().next().map(str::to_string);
        assert_eq!(ours[id], expected, "commit {id}");
        checked += 1;
    }
    assert!(checked >= 2_500);
}

#[test]
fn silos_equal_git_log_name_only() {
    let r = Repo::new();
    let mut child = Command::new("git")
        .current_dir(r.path())
        .args(["fast-import", "--quiet"])
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .stdin(Stdio::piped())
        .spawn()
        .expect("fast-import");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stream(600, 11).as_bytes())
        .expect("write stream");
    assert!(child.wait().expect("fast-import ends").success());
    r.git(&["symbolic-ref", "HEAD", "refs/heads/main"]);
    let log = r.git(&["log", "--all", "--no-merges", "--name-only", "--format=@%H"]);
    for depth in [1_usize, 2, 3] {
        // Per directory (cut at depth), how many commits changed something under it.
        let mut expected: HashMap<String, usize> = HashMap::new();
        for commit in log.split('@').filter(|c| !c.trim().is_empty()) {
            let mut dirs: Vec<String> = commit
                .lines()
                .skip(1)
                .filter(|l| !l.is_empty())
                .map(|file| {
                    let parts: Vec<&str> = file.split('/').collect();
                    let dir = &parts[..parts.len() - 1];
                    if dir.is_empty() {
                        ".".to_string()
                    } else {
                        dir[..dir.len().min(depth)].join("/")
                    }
                })
                .collect();
            dirs.sort();
            dirs.dedup();
            for d in dirs {
                *expected.entry(d).or_default() += 1;
            }
        }
        let mut config = config(&r.path(), T0 + 3_650 * DAY);
        config.silo_depth = Some(depth);
        let m = run(&config).metrics;
        let ours: HashMap<String, usize> = m
            .silos
            .expect("silos")
            .directories
            .into_iter()
            .map(|d| (d.path, d.changes))
            .collect();
        assert_eq!(ours, expected, "depth {depth}");
    }
}
