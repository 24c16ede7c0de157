#!/usr/bin/env python3
"""Writes N work items in the stage-column format (ID, Title, Backlog, In Progress, Review,
Done) over about three years, fixed seed: every tenth item still open, some skipping Review."""
import argparse
import datetime
import random
import sys

p = argparse.ArgumentParser()
p.add_argument("--items", type=int, default=1_000_000)
p.add_argument("--seed", type=int, default=42)
a = p.parse_args()
rng = random.Random(a.seed)
origin = datetime.date(2024, 1, 1)
days = [(origin + datetime.timedelta(days=d)).isoformat() for d in range(1200)]
out = sys.stdout
out.write("ID,Title,Backlog,In Progress,Review,Done\n")
for i in range(a.items):
    created = rng.randrange(1000)
    started = created + rng.randrange(20)
    review = started + rng.randrange(15)
    done = review + rng.randrange(10)
    review_cell = days[review] if rng.random() > 0.2 else ""
    done_cell = days[done] if i % 10 else ""
    out.write(f"W-{i},\"Item {i}, generated\",{days[created]},{days[started]},{review_cell},{done_cell}\n")
