#!/usr/bin/env bash
# Speed of `maturity scan` on a synthetic 100,000-file tree, against `rg --files` (ripgrep's
# parallel walk: the practical floor for listing a tree), timed in the same run.
#
# The tree (generated once per seed and size, then cached) is a realistic mix: a monorepo of
# packages in Rust, TypeScript, Python, Java, Go and C#, with tests by each ecosystem's
# conventions, docs, configs, lockfiles, Dockerfiles, Kubernetes manifests, Terraform, a few
# CI files, small binary assets, a .gitignore'd build directory and a .git directory.
#
#   bench/scan.sh                      # FILES=100000 SEED=42 BENCH_DIR=target/bench-scan
#   FILES=20000 bench/scan.sh          # a quick run
#
# Times the real binary, `maturity scan`. Needs ripgrep; hyperfine when present.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
files=${FILES:-100000}
seed=${SEED:-42}
work=${BENCH_DIR:-$root/target/bench-scan}
tree="$work/tree-$files-$seed"

if ! command -v rg >/dev/null; then
    echo "installing ripgrep" >&2
    apt-get install -y ripgrep >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y ripgrep >/dev/null; }
fi

if [ ! -f "$tree/.generated" ]; then
    echo "generating $files files in $tree" >&2
    rm -rf "$tree"
    mkdir -p "$tree"
    python3 - "$tree" "$files" "$seed" <<'PY'
import os, random, sys

root, total, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
count = 0

def write(path, text):
    global count
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    mode = "wb" if isinstance(text, bytes) else "w"
    with open(full, mode) as f:
        f.write(text)
    count += 1

def body(lines):
    return "".join(f"// line {i}: {rng.random():.6f}\n" for i in range(lines))

# Repository-level files.
write(".gitignore", "target/\nnode_modules/\n*.log\n")
write("README.md", "# monorepo\n")
write("CONTRIBUTING.md", "# contributing\n")
write(".github/workflows/ci.yml", "on: [push, pull_request]\njobs:\n  test:\n    steps:\n      - run: cargo test\n      - run: npm test\n      - run: pytest\n")
write(".github/workflows/release.yml", "on:\n  push:\n    tags: ['v*']\njobs:\n  release:\n    steps:\n      - run: docker push acme/app\n")
write(".gitlab-ci.yml", "test:\n  script:\n    - mvn -B verify\ndeploy:\n  stage: deploy\n  environment: production\n  when: manual\n  script: kubectl apply -f k8s\n")
write("Jenkinsfile", "pipeline { stages { stage('Test') { steps { sh 'go test ./...' } } } }\n")
write(".github/dependabot.yml", "version: 2\n")
write(".github/CODEOWNERS", "* @team\n")
for i in range(20):
    write(f".git/objects/{i:02x}/obj{i}", "x" * 100)
for i in range(200):
    write(f"target/debug/build/f{i}.o", "ignored\n")
    write(f"web/node_modules/dep{i}/index.js", "ignored\n")

langs = [
    # (weight, ext, source dir, test path pattern, manifest, lockfile)
    (25, "rs", "src", "tests/{n}.rs", ("Cargo.toml", "[package]\nname = \"p\"\n[dependencies]\nserde = \"1\"\n"), "Cargo.lock"),
    (25, "ts", "src", "src/{n}.test.ts", ("package.json", "{\"dependencies\": {\"express\": \"4\"}, \"devDependencies\": {\"jest\": \"29\"}}\n"), "package-lock.json"),
    (15, "py", "pkg", "tests/test_{n}.py", ("pyproject.toml", "[project]\nname = \"p\"\ndependencies = [\"requests\"]\n"), "poetry.lock"),
    (15, "java", "src/main/java/acme", "src/test/java/acme/{N}Test.java", ("pom.xml", "<project><artifactId>p</artifactId></project>\n"), None),
    (10, "go", "internal", "internal/{n}_test.go", ("go.mod", "module acme/p\nrequire github.com/x/y v1.0.0\n"), "go.sum"),
    (10, "cs", "App", "App.Tests/{N}Tests.cs", ("App/App.csproj", "<Project><ItemGroup><PackageReference Include=\"Moq\" Version=\"4\" /></ItemGroup></Project>\n"), None),
]
weights = [l[0] for l in langs]
pkg = 0
while count < total:
    weight, ext, src, test, manifest, lock = rng.choices(langs, weights)[0]
    base = f"packages/{ext}-{pkg:04d}"
    pkg += 1
    write(f"{base}/{manifest[0]}", manifest[1])
    if lock:
        write(f"{base}/{lock}", "# lock\n")
    write(f"{base}/README.md", "# package\n")
    n_src = rng.randint(20, 60)
    for i in range(n_src):
        sub = f"mod{i // 10}"
        name = f"file{i}"
        write(f"{base}/{src}/{sub}/{name}.{ext}", body(rng.randint(10, 80)))
        if rng.random() < 0.35:
            write(f"{base}/" + test.format(n=f"{sub}_{name}", N=f"{sub.capitalize()}{name.capitalize()}"), body(rng.randint(5, 40)))
    for i in range(rng.randint(2, 6)):
        write(f"{base}/docs/page{i}.md", "# page\n" + "text\n" * rng.randint(5, 50))
    for i in range(rng.randint(1, 4)):
        write(f"{base}/config/settings{i}.json", "{\"key\": %d}\n" % i)
    if rng.random() < 0.4:
        write(f"{base}/Dockerfile", "FROM scratch\nHEALTHCHECK CMD true\n")
    if rng.random() < 0.3:
        write(f"{base}/k8s/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - livenessProbe: {}\n")
        write(f"{base}/k8s/service.yaml", "apiVersion: v1\nkind: Service\n")
    if rng.random() < 0.1:
        write(f"{base}/infra/main.tf", "resource \"aws_s3_bucket\" \"b\" {}\n")
    for i in range(rng.randint(0, 5)):
        write(f"{base}/assets/img{i}.png", bytes([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0]) + os.urandom(rng.randint(100, 2000)))
    if rng.random() < 0.5:
        write(f"{base}/build.log", "ignored\n")
open(os.path.join(root, ".generated"), "w").write(f"{count}\n")
print(f"wrote {count} files", file=sys.stderr)
PY
fi

cd "$root"
cargo build --release -q -p maturity --bin maturity
scan="$root/target/release/maturity scan $tree --format json"
floor="rg --files $tree"

listed=$(rg --files "$tree" | wc -l)
echo "tree: $tree ($listed files listed by rg --files)" >&2
$scan > "$work/scan.json"
python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(f'scan: {r[\"files_seen\"]} files seen, {r[\"files_read\"]} read, {len(r[\"findings\"])} findings, {len(r[\"observed\"])} observed levels', file=sys.stderr)" "$work/scan.json"

if command -v hyperfine >/dev/null; then
    hyperfine --warmup 2 --runs "${RUNS:-10}" --export-json "$work/hyperfine.json" \
        -n "rg --files" "$floor > /dev/null" \
        -n "maturity scan" "$scan > /dev/null" >&2
    python3 - "$work/hyperfine.json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
rg, scan = results["rg --files"]["mean"], results["maturity scan"]["mean"]
print(f"rg --files {rg * 1000:.0f} ms, maturity scan {scan * 1000:.0f} ms: ratio {scan / rg:.2f} (target <= 3)")
PY
else
    time_it() {
        local best=999999
        for _ in $(seq "${RUNS:-10}"); do
            local start end
            start=$(date +%s.%N)
            eval "$1" > /dev/null
            end=$(date +%s.%N)
            best=$(python3 -c "print(min($best, $end - $start))")
        done
        echo "$best"
    }
    rg_time=$(time_it "$floor")
    scan_time=$(time_it "$scan")
    python3 -c "print(f'rg --files {$rg_time*1000:.0f} ms, maturity scan {$scan_time*1000:.0f} ms (best of runs): ratio {$scan_time/$rg_time:.2f} (target <= 3)')"
fi
