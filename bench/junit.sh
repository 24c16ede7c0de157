#!/usr/bin/env bash
# `maturity tests --format json` against a Python xml.etree baseline (iterparse, clearing each
# element, so it too streams) on about 1 GB of generated JUnit XML, in one run. Both count the
# same things: per-test outcome with retries folded, totals, JSON of every test. Prints the
# throughput ratio and the peak RSS of each (/usr/bin/time -v).
#   bench/junit.sh [SIZE_MB]   (default 1024)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-1024}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

cargo build --release -q -p maturity
BIN=target/release/maturity

python3 - "$WORK/big.xml" "$SIZE_MB" <<'PY'
import sys
path, size_mb = sys.argv[1], int(sys.argv[2])
target = size_mb * 1024 * 1024
trace = "java.lang.AssertionError: expected:&lt;1&gt; but was:&lt;2&gt;\n" + "\tat com.acme.orders.Service.method(Service.java:42)\n" * 20
out = "INFO request handled in 3 ms\n" * 12
with open(path, "w") as f:
    f.write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n')
    written, suite = 0, 0
    while written < target:
        parts = [f'<testsuite name="com.acme.Suite{suite}Test" tests="100" time="1.2">\n']
        for case in range(100):
            parts.append(f'  <testcase name="test{case}" classname="com.acme.Suite{suite}Test" time="0.012">')
            if case % 10 == 0:
                parts.append(f'<failure message="expected:&lt;1&gt; but was:&lt;2&gt;" type="java.lang.AssertionError">{trace}</failure>')
            if case % 25 == 1:
                # a retried test: a failed attempt, then a passing one (Gradle test-retry)
                parts.append(f'<failure message="flaky"/></testcase>\n  <testcase name="test{case}" classname="com.acme.Suite{suite}Test" time="0.011">')
            parts.append(f'<system-out><![CDATA[{out}]]></system-out></testcase>\n')
        parts.append('</testsuite>\n')
        chunk = "".join(parts)
        f.write(chunk)
        written += len(chunk)
        suite += 1
    f.write('</testsuites>\n')
PY

cat > "$WORK/baseline.py" <<'PY'
import json, sys, xml.etree.ElementTree as ET
tests, order, suites = {}, [], []
for event, el in ET.iterparse(sys.argv[1], events=("start", "end")):
    if event == "start":
        if el.tag == "testsuite":
            suites.append(el.get("name", ""))
        continue
    if el.tag == "testcase":
        key = (" / ".join(suites), el.get("classname", ""), el.get("name", ""))
        tags = {c.tag for c in el}
        outcome = "failed" if "failure" in tags else "errored" if "error" in tags else "skipped" if "skipped" in tags else "passed"
        t = tests.get(key)
        if t is None:
            t = tests[key] = {"passed": False, "failed": False, "last": outcome, "duration": 0.0}
            order.append(key)
        elif t["last"] == "passed":
            t["passed"], t["failed"] = False, True
        t["passed"] |= outcome == "passed"
        t["failed"] |= outcome in ("failed", "errored")
        t["last"] = outcome
        t["duration"] += float(el.get("time") or 0)
        el.clear()
    elif el.tag == "testsuite":
        suites.pop()
        el.clear()
totals = dict(tests=0, passed=0, failed=0, errored=0, skipped=0, flaky=0)
rows = []
for key in order:
    t = tests[key]
    outcome = "passed" if t["passed"] else t["last"]
    flaky = t["passed"] and t["failed"]
    totals["tests"] += 1
    totals[outcome] += 1
    totals["flaky"] += flaky
    rows.append(dict(suite=key[0], **{"class": key[1]}, name=key[2], outcome=outcome, flaky=flaky, duration_s=round(t["duration"], 7)))
json.dump({"totals": totals, "tests": rows}, sys.stdout, indent=2)
PY

SIZE=$(stat -c %s "$WORK/big.xml")
measure() { # name, command...
  local name=$1; shift
  /usr/bin/time -v "$@" > "$WORK/$name.json" 2> "$WORK/$name.time"
  local secs rss
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$WORK/$name.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/$name.time")
  echo "$name $secs $rss"
}
read -r _ RUST_S RUST_KB < <(measure maturity "$BIN" tests "$WORK/big.xml" --format json)
read -r _ PY_S PY_KB < <(measure python python3 "$WORK/baseline.py" "$WORK/big.xml")

python3 - "$WORK/maturity.json" "$WORK/python.json" <<'PY'
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert a["totals"] == b["totals"], (a["totals"], b["totals"])
print("same totals:", a["totals"])
PY
awk -v size="$SIZE" -v rs="$RUST_S" -v ps="$PY_S" -v rk="$RUST_KB" -v pk="$PY_KB" 'BEGIN {
  mb = size / 1048576
  printf "input            %.0f MB of JUnit XML\n", mb
  printf "maturity tests   %6.2f s  %7.1f MB/s  peak RSS %6.0f MB\n", rs, mb / rs, rk / 1024
  printf "python etree     %6.2f s  %7.1f MB/s  peak RSS %6.0f MB\n", ps, mb / ps, pk / 1024
  printf "throughput ratio %.1fx, memory ratio %.1fx less\n", ps / rs, pk / rk
}'
