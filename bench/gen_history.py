#!/usr/bin/env python3
"""Writes a `git fast-import` stream of a large, realistic history to stdout.

Deterministic (fixed seed, fixed dates): a main line with topic branches merged back
(--no-ff style merges), release tags (annotated and lightweight, some pre-releases, some on
maintenance branches), authors who mostly work in "their" directories so knowledge silos
exist, and a tree of a few thousand paths a few levels deep.

    python3 bench/gen_history.py --commits 200000 --tags 1000 | git fast-import --quiet
"""

import argparse
import random
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--commits", type=int, default=200_000)
    ap.add_argument("--tags", type=int, default=1_000)
    ap.add_argument("--paths", type=int, default=3_000)
    ap.add_argument("--authors", type=int, default=60)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--start", type=int, default=1_420_070_400)  # 2015-01-01T00:00:00Z
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = sys.stdout.buffer
    w = out.write

    top = [f"d{i:02}" for i in range(40)]
    paths = []
    for i in range(args.paths):
        t = top[i % len(top)]
        depth = rng.choice((1, 2, 2, 3))
        parts = [t] + [f"s{rng.randrange(6)}" for _ in range(depth - 1)]
        paths.append("/".join(parts) + f"/f{i}.rs")
    # A few files at the top of the repository.
    paths += ["README.md", "Cargo.toml", "LICENSE"]
    authors = [(f"Dev {i}", f"dev{i}@example.com") for i in range(args.authors)]
    # Each author favours a few top-level directories; some directories have one owner.
    favourite = {a: rng.sample(range(len(top)), 3) for a in range(args.authors)}
    by_top = {}
    for p in paths:
        by_top.setdefault(p.split("/")[0], []).append(p)

    mark = 0
    now = args.start
    blob_counter = 0

    def tick(lo=60, hi=3600):
        nonlocal now
        now += rng.randrange(lo, hi)
        return now

    def data(text):
        b = text.encode()
        w(b"data %d\n" % len(b))
        w(b)
        w(b"\n")

    def commit(ref, parent, merge=None, author=None, msg=None, files=1):
        nonlocal mark, blob_counter
        mark += 1
        a = author if author is not None else rng.randrange(args.authors)
        name, email = authors[a]
        t = tick()
        atime = t - rng.randrange(0, 3 * 86400) if merge is None else t
        w(b"commit %s\nmark :%d\n" % (ref.encode(), mark))
        w(b"author %s <%s> %d +0000\n" % (name.encode(), email.encode(), atime))
        w(b"committer %s <%s> %d +0000\n" % (name.encode(), email.encode(), t))
        data(msg or f"change {mark}")
        if parent is not None:
            w(b"from :%d\n" % parent)
        if merge is not None:
            w(b"merge :%d\n" % merge)
        else:
            for _ in range(files):
                if rng.random() < 0.8:
                    d = top[rng.choice(favourite[a])]
                    p = rng.choice(by_top[d])
                else:
                    p = rng.choice(paths)
                blob_counter += 1
                w(b"M 100644 inline %s\n" % p.encode())
                data(f"{p} v{blob_counter}\n")
        w(b"\n")
        return mark

    main = None
    n = 0
    tags_every = max(1, args.commits // max(1, args.tags))
    version = [1, 0, 0]
    tagged = 0
    # Initial commit with every path, so the tree is realistic from the start.
    mark += 1
    w(b"commit refs/heads/main\nmark :%d\n" % mark)
    w(b"author Dev 0 <dev0@example.com> %d +0000\n" % now)
    w(b"committer Dev 0 <dev0@example.com> %d +0000\n" % now)
    data("initial import")
    for p in paths:
        w(b"M 100644 inline %s\n" % p.encode())
        data(f"{p}\n")
    w(b"\n")
    main = mark
    n = 1
    next_tag = tags_every
    while n < args.commits:
        if rng.random() < 0.3 and n + 4 < args.commits:
            # A topic branch of 1–4 commits, merged back with a merge commit.
            k = rng.randrange(1, 5)
            a = rng.randrange(args.authors)
            tip = main
            for _ in range(k):
                tip = commit("refs/heads/topic", tip, author=a, files=rng.randrange(1, 4))
            main = commit("refs/heads/main", main, merge=tip, author=rng.randrange(args.authors),
                          msg=f"Merge topic into main ({mark})")
            n += k + 1
        else:
            main = commit("refs/heads/main", main, files=rng.randrange(1, 4))
            n += 1
        if n >= next_tag and tagged < args.tags:
            next_tag += tags_every
            tagged += 1
            r = rng.random()
            if r < 0.7:
                version[2] += 1
            elif r < 0.95:
                version[1] += 1
                version[2] = 0
            else:
                version[0] += 1
                version[1] = version[2] = 0
            name = "v%d.%d.%d" % tuple(version)
            if rng.random() < 0.1:
                # A release candidate first, a few minutes earlier.
                w(b"reset refs/tags/%s-rc1\nfrom :%d\n\n" % (name.encode(), main))
            if rng.random() < 0.8:
                w(b"tag %s\nfrom :%d\n" % (name.encode(), main))
                w(b"tagger Release Bot <bot@example.com> %d +0000\n" % tick(60, 600))
                data(f"Release {name}")
            else:
                w(b"reset refs/tags/%s\nfrom :%d\n\n" % (name.encode(), main))
    w(b"reset refs/heads/topic\nfrom :%d\n\n" % main)
    out.flush()


if __name__ == "__main__":
    main()
