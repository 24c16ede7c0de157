#!/usr/bin/env bash
# Writes the committed seed corpus, fuzz/seeds/<target>/, from the repository's own files:
# the built-in models, benchmarks and proposals, examples/falcon, the exports and scanner
# fixtures of the tests, and a scan and a metrics result of this repository.
# Usage: fuzz/make-seeds.sh [MATURITY_BINARY]   (the binary writes the scan/metrics seeds;
# without one, the committed ones are kept).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seeds=$root/fuzz/seeds
maturity=${1:-}
data=$root/crates/maturity-model/data
falcon=$root/examples/falcon
cd "$root"

fresh() { rm -rf "${seeds:?}/$1"; mkdir -p "$seeds/$1"; }
# `head` format: the multi-file input of the assessment and import_files targets.
heads() { for f in "$@"; do printf '==> %s <==\n' "$f"; cat "$f"; done; }
# A selector byte, then a file.
selected() { printf "\\x$(printf %02x "$1")"; cat "$2"; }

fresh response
cp "$falcon"/responses/*.toml "$seeds/response/"

fresh assessment
(cd "$falcon" && cat maturity.toml && heads responses/*.toml) > "$seeds/assessment/falcon"
(cd "$falcon" && cat maturity.toml && heads responses/dev-jonas.toml) > "$seeds/assessment/falcon-one"
{
  printf 'subject = "Own models"\nmodels = ["devops", "testing"]\nmodel_files = ["models/testing.toml"]\n'
  printf 'benchmark_files = ["benchmarks/heavy-industry.toml"]\n\n[evidence]\nrepositories = ["."]\nscans = ["evidence/scan.json"]\nrelease_tags = "glob:v*"\n\n'
  printf '[roadmap]\nlevel = 3\nphases = 2\ncapacity = 8\nproposal_files = ["p.toml"]\n\n[roadmap.targets]\ndevops = 70.0\n\n[roadmap.levels]\n"devops.leadership" = 4\n'
  printf '==> benchmarks/heavy-industry.toml <==\n'; cat "$data/benchmarks/heavy-industry.toml"
  printf '==> responses/a.toml <==\n'; cat "$falcon/responses/dev-mira.toml"
} > "$seeds/assessment/settings"

fresh model
cp "$data"/models/*.toml "$seeds/model/"

fresh benchmark
cp "$data"/benchmarks/*.toml "$seeds/benchmark/"

fresh dora_benchmark
cp crates/maturity-assess/src/metrics/dora-2023.toml "$seeds/dora_benchmark/"

fresh proposals
selected 1 "$data/proposals.toml" > "$seeds/proposals/alone"
selected 0 "$data/proposals.toml" > "$seeds/proposals/merged"
printf '\x00[[proposal]]\nid = "x"\n' > "$seeds/proposals/tiny"

# Exports: the cases of crates/maturity-git/src/exports.rs's tests.
fresh deployments
printf '\x00Time,Env,Tag,SHA,Status\n2024-01-01T00:00:00Z,production,v1.0.0,,success\n2024-01-02,staging,,abc123,failed\n2024-01-03 10:00,production,v1.0.1,,rollback\n' > "$seeds/deployments/csv"
printf '\x00time,environment,version,commit,status,id\n2024-01-01,production,v1,0123456789abcdef,ok,d1\n' > "$seeds/deployments/csv-all"
printf '\x01[\n  {"time": "2024-01-01T00:00:00Z", "environment": "production", "version": "v1.0.0"},\n  {"time": 1704153600, "env": "production", "sha": "abc", "status": "failed"}\n]' > "$seeds/deployments/json"

fresh incidents
printf '\x00opened,resolved,version\n2024-01-02T00:00:00Z,2024-01-02T05:00:00Z,v1.0.0\n2024-01-05,,\n' > "$seeds/incidents/csv"
printf '\x00opened,resolved,deployment,version,commit,id\n2024-01-02,2024-01-03,d1,v1,abc1234,i1\n' > "$seeds/incidents/csv-all"
printf '\x01[{"opened": "2024-01-02", "resolved": "2024-01-03", "commit": "abc"}]' > "$seeds/incidents/json"

# Pushed bodies: the selector byte is the index in SOURCES (0 scan, 1 metrics, 2 tests,
# 3 coverage).
mkdir -p "$seeds/pushed_evidence"
if [ -n "$maturity" ]; then
  "$maturity" scan "$root/examples" --format json > /tmp/seed-scan.json
  "$maturity" metrics "$root" --format json > /tmp/seed-metrics.json
  selected 0 /tmp/seed-scan.json > "$seeds/pushed_evidence/scan"
  selected 1 /tmp/seed-metrics.json > "$seeds/pushed_evidence/metrics-repo"
fi
selected 1 crates/maturity-web/tests/fixtures/metrics.json > "$seeds/pushed_evidence/metrics"
selected 2 crates/maturity-tests/tests/fixtures/junit/surefire-rerun.xml > "$seeds/pushed_evidence/tests-junit"
selected 3 crates/maturity-tests/tests/fixtures/coverage/coveragepy.lcov > "$seeds/pushed_evidence/coverage-lcov"

# Test and coverage reports: the fixtures of every producer and of every bad form.
fixtures=crates/maturity-tests/tests/fixtures
fresh test_report
find "$fixtures/junit" "$fixtures/dotnet" "$fixtures/cunit" "$fixtures/nunit2" "$fixtures/bad" -type f \( -name '*.xml' -o -name '*.trx' \) -size -100k \
  -exec sh -c 'cp "$1" "$2/$(echo "$1" | tr / _)"' _ {} "$seeds/test_report" \;
fresh coverage_report
find "$fixtures/coverage" "$fixtures/bad" -type f -size -100k \
  -exec sh -c 'cp "$1" "$2/$(echo "$1" | tr / _)"' _ {} "$seeds/coverage_report" \;

fresh import_archive
tar -C examples -cf "$seeds/import_archive/falcon.tar" falcon
tar -C examples -czf "$seeds/import_archive/falcon.tgz" falcon
tar -C "$falcon" -czf "$seeds/import_archive/flat.tgz" maturity.toml responses/dev-jonas.toml

fresh import_files
(cd "$falcon" && heads maturity.toml responses/*.toml) > "$seeds/import_files/falcon"
(cd "$falcon" && heads maturity.toml responses/dev-jonas.toml | sed 's/^==> responses\//==> /') > "$seeds/import_files/base-names"

# Scanner files: the fixtures of crates/maturity-evidence/tests/ecosystems.rs, each under the
# selector of the path in scan_file.rs's PATHS that reads it the same way.
fresh scan_file
python3 - "$root" "$seeds/scan_file" <<'PY'
import ast, os, re, sys
root, out = sys.argv[1], sys.argv[2]
src = open(os.path.join(root, "fuzz/fuzz_targets/scan_file.rs")).read()
paths = ast.literal_eval("[" + re.search(r"const PATHS: \[&str; \d+\] = \[(.*?)\];", src, re.S).group(1) + "]")
tests = open(os.path.join(root, "crates/maturity-evidence/tests/ecosystems.rs")).read()
pairs = re.findall(r'\(\s*"([^"]+)",\s*("(?:[^"\\]|\\.)*")\s*,?\s*\)', tests)
def key(p):
    base = p.rsplit("/", 1)[-1].lower()
    if p.startswith(".github/workflows/"): return ".github/workflows/"
    if base.endswith(".tf"): return ".tf"
    if base.endswith(".csproj"): return ".csproj"
    if p.startswith("k8s/") or p.startswith("deploy/"): return "k8s"
    return base
keys = [key(p) for p in paths]
written = 0
for path, lit in pairs:
    k = key(path)
    if k not in keys:
        continue
    text = ast.literal_eval(lit.replace("\\u{", "\\u{"))
    i = keys.index(k)
    name = re.sub(r"[^A-Za-z0-9.-]", "_", path)
    with open(os.path.join(out, f"{i:02}-{name}"), "wb") as f:
        f.write(bytes([i]) + text.encode())
    written += 1
for f in ["Cargo.toml", "crates/maturity/src/main.rs", "web-tests/package.json"]:
    i = keys.index(key(f) if key(f) in keys else "src/lib.rs".rsplit("/",1)[-1])
    if f.endswith(".rs"): i = paths.index("src/lib.rs")
    with open(os.path.join(out, f"{i:02}-repo-{f.replace('/', '_')}"), "wb") as o:
        o.write(bytes([i]) + open(os.path.join(root, f), "rb").read())
print(f"scan_file: {written} fixtures")
PY

# Readers the fixtures above leave out: small files of each.
manual() { printf "\\x$(printf %02x "$1")%b" "$3" > "$seeds/scan_file/$(printf %02d "$1")-$2"; }
manual 6 travis 'language: rust\nbranches:\n  only: [main]\nscript:\n  - cargo test\ndeploy:\n  provider: script\n  script: ./deploy.sh\n  on:\n    branch: main\n'
manual 7 drone 'kind: pipeline\nname: default\ntrigger:\n  event: [push, pull_request]\nsteps:\n- name: test\n  image: rust\n  commands:\n  - cargo test\n---\nkind: pipeline\nname: deploy\nsteps:\n- name: deploy\n  commands: [kubectl apply -f k8s]\n'
manual 8 buildkite 'steps:\n  - label: test\n    command: make test\n  - block: "Release?"\n  - label: deploy\n    command: ./deploy production\n'
manual 9 tekton 'apiVersion: tekton.dev/v1\nkind: Pipeline\nmetadata:\n  name: build\nspec:\n  tasks:\n    - name: test\n      taskSpec:\n        steps:\n          - name: test\n            script: go test ./...\n'
manual 13 requirements 'flask==3.0\npytest>=8 # tests\n-r dev.txt\nlocust\n'
manual 14 pipfile '[packages]\nrequests = "*"\n\n[dev-packages]\npytest = "*"\n'
manual 15 setup.cfg '[flake8]\nmax-line-length = 100\n\n[coverage:report]\nfail_under = 80\n'
manual 17 gradle 'plugins { id "java"; id "jacoco" }\ndependencies {\n  testImplementation "org.junit.jupiter:junit-jupiter:5.10.0"\n}\njacocoTestCoverageVerification { violationRules { rule { limit { minimum = 0.8 } } } }\n'
manual 20 gemfile 'source "https://rubygems.org"\ngem "rails"\ngroup :test do\n  gem "rspec"\nend\n'
manual 22 renovate '{\n  "extends": ["config:recommended"]\n}\n'
manual 23 codecov 'coverage:\n  status:\n    project:\n      default:\n        target: 80%\n'
manual 29 arm '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "resources": [{"type": "Microsoft.Web/sites/slots", "name": "staging"}]\n}\n'
du -sh "$seeds"/* | sed "s|$seeds/||"

flow=$root/crates/maturity-flow/tests/data
fresh flow_jira
{ printf '\x00'; cat "$flow/jira.csv"; } > "$seeds/flow_jira/jira"
{ printf '\x00'; cat "$flow/jira-de.csv"; } > "$seeds/flow_jira/jira-de"
printf '\x01A-1,Done,Done,07/Dec/26 9:14 AM,08/Dec/26 9:00 AM,07/Dec/26 10:00 AM,\n' > "$seeds/flow_jira/row"
fresh flow_azure
{ printf '\x00'; cat "$flow/azure.csv"; } > "$seeds/flow_azure/azure"
printf '\x014711,Bug,x,Closed,12/1/2026 9:00:00 AM,12/2/2026,,12/3/2026 1:00:00 PM\n' > "$seeds/flow_azure/row"
fresh flow_github
{ printf '\x00'; cat "$flow/github.json"; } > "$seeds/flow_github/issues"
fresh flow_stages
{ printf '\x00'; cat "$flow/stages.csv"; } > "$seeds/flow_stages/stages"
printf '\x01S-1,x,2026-11-02,2026-11-03,,2026-11-05\n' > "$seeds/flow_stages/row"
