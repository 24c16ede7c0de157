#!/usr/bin/env python3
"""The Python baseline of bench/flow.sh: the cycle-time percentiles (nearest rank) and ISO-week
throughput that `maturity flow` computes, from the same stage-column CSV, in one run.

    flow_baseline.py FILE [pandas|csv]

With `pandas` (the default when it is installed) the work is vectorised in C; with `csv` it is
the standard library's csv module, as a script a team would write. Prints a small JSON summary."""
import csv
import datetime
import json
import math
import sys

path = sys.argv[1]
STAGES = ["In Progress", "Review", "Done"]


def nearest_rank(values, p):
    return values[max(1, math.ceil(p * len(values) / 100)) - 1] if values else None


def with_pandas():
    import pandas as pd

    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    dates = {s: pd.to_datetime(df[s].where(df[s] != ""), format="%Y-%m-%d") for s in STAGES}
    started = pd.concat([dates[s] for s in STAGES], axis=1).min(axis=1)
    done = dates["Done"]
    finished = done.notna()
    cycle = ((done[finished] - started[finished]).dt.days + 1).sort_values().tolist()
    iso = done[finished].dt.isocalendar()
    weeks = (iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)).value_counts()
    return cycle, dict(weeks)


def with_csv():
    cycle = []
    weeks = {}
    parse = datetime.date.fromisoformat
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = next(reader)
        idx = [header.index(s) for s in STAGES]
        for row in reader:
            cells = [row[i] for i in idx]
            if not cells[-1]:
                continue
            started = min(parse(c) for c in cells if c)
            done = parse(cells[-1])
            cycle.append((done - started).days + 1)
            y, w, _ = done.isocalendar()
            key = f"{y}-W{w:02d}"
            weeks[key] = weeks.get(key, 0) + 1
    cycle.sort()
    return cycle, weeks


engine = sys.argv[2] if len(sys.argv) > 2 else "pandas"
if engine == "pandas":
    try:
        cycle, weeks = with_pandas()
    except ImportError:
        engine = "csv"
if engine == "csv":
    cycle, weeks = with_csv()
print(json.dumps({
    "engine": engine,
    "finished": len(cycle),
    "cycle_time": {f"p{p}": nearest_rank(cycle, p) for p in (50, 70, 85, 95)},
    "weeks": len(weeks),
}))
