#!/usr/bin/env python3
"""The scale benchmark of `maturity serve` (driven by bench/load.sh, issue 15).

Two servers over one PostgreSQL database; every step spreads its requests over both:
  1. seeds SUBJECTS x ASSESSMENTS assessments of RESPONDENTS respondents each through the
     product's own import (`POST /assessments/import` with a tar of the assessment folder);
  2. measures the portfolio (`GET /portfolio` as an admin and `GET /api/v1/portfolio` with an
     all-subjects token): the first request on each server (cold: nothing scored yet) apart,
     then p50/p95/p99 of many requests from a few concurrent clients;
  3. writes concurrently through both servers at once (assessments created, survey answers
     saved by many respondents, deployments pushed by CI tokens), then reads every write back
     (assessment lists and exports, the deployments API) and counts what is missing or
     different: `lost`.
Only loopback addresses. Prints one JSON object; exits 1 if anything was lost or refused.
Timings are reported, never asserted.
"""

import argparse
import concurrent.futures
import io
import json
import random
import re
import subprocess
import sys
import tarfile
import threading
import time
import tomllib

from web_reliability import PASSWORD, Client, Server, hidden, multipart, percentile, tar_of, unescape

# A cold portfolio on a slow build takes many seconds: wait rather than count it as an error.
TIMEOUT = 600

MODELS = {
    "devops": ["leadership", "organization-culture", "environments-release", "builds-ci", "quality-assurance",
               "visibility-reporting", "technologies-architecture"],
    "testing": ["unit", "integration", "system", "performance", "security"],
}
SITES = ["Berlin", "Lisbon", "Oulu"]
ROLES = ["developer", "tester", "operations", "manager"]


def subject_name(i):
    return f"Subject {i:03}"


def assessment_tar(subject, index, respondents, seed):
    """Assessment `index` (0 = oldest) of `subject`, with `respondents` answered response files."""
    rng = random.Random(seed)
    year, month = 2024 + index // 12, index % 12 + 1
    files = {"a/maturity.toml": f'subject = "{subject}"\ndate = {year}-{month:02}-15\n'
                                f'models = {json.dumps(list(MODELS))}\nbenchmark = "heavy-industry"\n'}
    for r in range(respondents):
        lines = [f'respondent = "r{r:03}"', f'role = "{ROLES[r % 4]}"', f'site = "{SITES[r % 3]}"', "[answers]"]
        for model, criteria in MODELS.items():
            lines += [f'"{model}.{c}" = {rng.randint(1, 4)}' for c in criteria]
        files[f"a/responses/r{r:03}.toml"] = "\n".join(lines) + "\n"
    return tar_of(files)


def login(port):
    """An admin's client and the CSRF token of its session."""
    c = Client(port, timeout=TIMEOUT)
    _, _, page = c.request("GET", "/login")
    status, _, _ = c.form("/login", {"csrf": hidden(page.decode(), "csrf"), "name": "admin", "password": PASSWORD})
    if status != 303:
        raise RuntimeError(f"log-in failed: {status}")
    _, _, page = c.request("GET", "/assessments")
    return c, hidden(page.decode(), "csrf")


class Admins:
    """One logged-in admin client per thread and server (sessions live in the shared database)."""

    def __init__(self, ports):
        self.ports = ports
        self.local = threading.local()

    def get(self, server):
        clients = getattr(self.local, "clients", None)
        if clients is None:
            clients = self.local.clients = {}
        if server not in clients:
            clients[server] = login(self.ports[server])
        return clients[server]


def seed(args, admins):
    """Imports every assessment, oldest first within a subject, alternating servers."""
    jobs = [(s, a) for a in range(args.assessments) for s in range(args.subjects)]

    def one(job_index):
        s, a = jobs[job_index]
        client, csrf = admins.get(job_index % 2)
        body, content_type = multipart({"csrf": csrf}, [("files", "a.tar", assessment_tar(
            subject_name(s), a, args.respondents, s * 1000 + a))])
        status, _, page = client.request("POST", "/assessments/import", body, {"Content-Type": content_type})
        if status != 303:
            raise RuntimeError(f"import of {subject_name(s)} #{a} answered {status}: {page[:300]!r}")

    started = time.time()
    # Dates order a subject's assessments, so the order they arrive in does not matter.
    with concurrent.futures.ThreadPoolExecutor(args.seeders) as pool:
        list(pool.map(one, range(len(jobs))))
    return time.time() - started


def measure_portfolio(args, admins, token):
    """Cold first requests, then `requests` requests from `clients` threads over both servers."""
    expected_rows = args.subjects

    def get(server, kind, client):
        path = "/portfolio" if kind == "page" else "/api/v1/portfolio"
        headers = {} if kind == "page" else {"Authorization": f"Bearer {token}"}
        started = time.perf_counter()
        status, _, body = client.request("GET", path, headers=headers)
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200:
            raise RuntimeError(f"{path} on server {server} answered {status}")
        if kind == "api":
            rows = len(json.loads(body)["rows"])
            if rows != expected_rows:
                raise RuntimeError(f"{path} on server {server} has {rows} rows, not {expected_rows}")
        return elapsed

    cold = {}
    for server in range(2):
        client, _ = admins.get(server)
        cold[f"server{server + 1}_page_ms"] = round(get(server, "page", client), 1)
        cold[f"server{server + 1}_api_ms"] = round(get(server, "api", Client(args.ports[server], timeout=TIMEOUT)), 1)

    latencies = {"page": [], "api": []}
    lock = threading.Lock()
    deadline = time.time() + args.measure_seconds
    counter = iter(range(args.requests))

    def worker(w):
        server = w % 2
        admin, _ = admins.get(server)
        api = Client(args.ports[server], timeout=TIMEOUT)
        while time.time() < deadline:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            kind = "page" if n % 2 == 0 else "api"
            elapsed = get(server, kind, admin if kind == "page" else api)
            with lock:
                latencies[kind].append(elapsed)

    started = time.time()
    with concurrent.futures.ThreadPoolExecutor(args.clients) as pool:
        list(pool.map(worker, range(args.clients)))
    elapsed = time.time() - started
    every = latencies["page"] + latencies["api"]

    def stats(values):
        return {"requests": len(values), **{f"p{p}_ms": round(percentile(values, p), 1) for p in (50, 95, 99)}} \
            if values else {"requests": 0}

    p99 = percentile(every, 99) if every else None
    return {"subjects": args.subjects, "clients": args.clients, "cold": cold,
            "requests_per_second": round(len(every) / elapsed, 1) if elapsed else None,
            "all": stats(every), "page": stats(latencies["page"]), "api": stats(latencies["api"]),
            "p99_under_200ms": p99 is not None and p99 < 200}


def concurrent_writes(args, admins, binary, db):
    """Creates assessments, saves survey answers and pushes deployments through both servers at
    once; returns what each acknowledged, for `verify`."""
    rng = random.Random(15)
    writing = [subject_name(s) for s in range(min(args.write_subjects, args.subjects))]
    tokens = {}
    for subject in writing:
        out = subprocess.run([binary, "token", "add", f"load-{subject}", "--subject", subject, "--db", db],
                             capture_output=True, text=True, check=True)
        tokens[subject] = out.stdout.strip()
    before = {subject: len(api_list(args.ports[0], tokens[subject])) for subject in writing}

    # Survey assessments and their invitations come first: the respondents need links.
    admin, csrf = admins.get(0)
    surveys = []
    for subject in writing:
        status, headers, _ = admin.form("/assessments", [("csrf", csrf), ("subject", subject), ("date", "2027-01-15"),
                                                         ("model", "devops")])
        if status != 303:
            raise RuntimeError(f"create answered {status}")
        surveys.append((subject, int(headers["Location"].rsplit("/", 1)[1])))
    links = []
    for i in range(args.survey_respondents):
        subject, assessment = surveys[i % len(surveys)]
        client, csrf = admins.get(i % 2)
        status, _, body = client.form(f"/assessments/{assessment}/invitations",
                                      {"csrf": csrf, "name": f"load-{i:03}", "role": ROLES[i % 4]})
        link = re.search(r"/survey/[0-9a-f]{64}", unescape(body.decode()))
        if status != 201 or not link:
            raise RuntimeError(f"invitation answered {status}")
        links.append((assessment, f"load-{i:03}", link.group(0)))

    acked = {"answers": {}, "assessments": [], "deployments": {s: [] for s in writing}}
    refused = []
    lock = threading.Lock()

    def respondent(i):
        # Pages alternate between the servers, so both write one respondent's answers.
        assessment, name, link = links[i]
        clients = [Client(args.ports[0], timeout=TIMEOUT), Client(args.ports[1], timeout=TIMEOUT)]
        local = random.Random(i)
        page, pages = 0, None
        while pages is None or page < pages:
            client = clients[(i + page) % 2]
            status, _, body = client.request("GET", f"{link}?page={page}")
            html = body.decode()
            if pages is None:
                # The survey's page list: buttons while it is open (links once closed).
                pages = max(1, len(re.findall(r'name="goto" value="\d+"', html)))
            levels = {cid: local.randint(1, 4) for cid in sorted(set(re.findall(r'name="level:([^"]+)"', html)))}
            fields = {"csrf": hidden(html, "csrf"), "page": str(page), "go": "next"}
            fields.update({f"level:{cid}": str(level) for cid, level in levels.items()})
            status, _, _ = client.form(link, fields)
            with lock:
                if status == 303:
                    acked["answers"].setdefault((assessment, name), {}).update(levels)
                else:
                    refused.append(f"survey save {name} page {page}: {status}")
            page += 1

    def creator(i):
        subject = writing[i % len(writing)]
        client, csrf = admins.get(i % 2)
        status, headers, _ = client.form("/assessments", [("csrf", csrf), ("subject", subject),
                                                          ("date", f"2027-02-{i % 28 + 1:02}"), ("model", "testing")])
        with lock:
            if status == 303:
                acked["assessments"].append((subject, int(headers["Location"].rsplit("/", 1)[1])))
            else:
                refused.append(f"create {subject}: {status}")

    def pusher(i):
        subject = writing[i % len(writing)]
        client = Client(args.ports[i % 2], timeout=TIMEOUT)
        marker = f"load-{i:04}"
        event = {"time": "2026-11-02T10:00:00Z", "service": "web", "environment": "production", "id": marker}
        status, _, _ = client.request("POST", "/api/v1/deployments", json.dumps(event),
                                      {"Authorization": f"Bearer {tokens[subject]}", "Content-Type": "application/json"})
        with lock:
            if status == 201:
                acked["deployments"][subject].append(marker)
            else:
                refused.append(f"push {marker}: {status}")

    jobs = [(respondent, i) for i in range(len(links))] + \
           [(creator, i) for i in range(args.creates)] + [(pusher, i) for i in range(args.pushes)]
    rng.shuffle(jobs)
    started = time.time()
    with concurrent.futures.ThreadPoolExecutor(args.writers) as pool:
        for future in [pool.submit(f, i) for f, i in jobs]:
            future.result()
    elapsed = time.time() - started
    return {"acked": acked, "refused": refused, "tokens": tokens, "before": before, "surveys": surveys,
            "seconds": round(elapsed, 1)}


def api_list(port, token):
    status, _, body = Client(port, timeout=TIMEOUT).request("GET", "/api/v1/assessments", headers={"Authorization": f"Bearer {token}"})
    if status != 200:
        raise RuntimeError(f"/api/v1/assessments answered {status}")
    return json.loads(body)["assessments"]


def verify(args, admins, writes):
    """Reads every acknowledged write back, through the other server than most wrote through."""
    lost = []
    acked = writes["acked"]
    port = args.ports[1]
    created = {}
    for subject, assessment in acked["assessments"]:
        created.setdefault(subject, set()).add(assessment)
    for subject, token in writes["tokens"].items():
        listed = {a["id"]: a for a in api_list(port, token)}
        mine = created.get(subject, set())
        expected = writes["before"][subject] + 1 + len(mine)   # + its survey assessment
        if len(listed) != expected:
            lost.append(f"{subject}: {len(listed)} assessments listed, {expected} expected")
        lost += [f"{subject}: created assessment {a} missing" for a in sorted(mine - listed.keys())]
        lost += [f"{subject}: assessment {a} listed with models {listed[a]['models']}"
                 for a in sorted(mine & listed.keys()) if listed[a]["models"] != ["testing"]]
        status, _, body = Client(port, timeout=TIMEOUT).request("GET", "/api/v1/deployments?limit=1000",
                                               headers={"Authorization": f"Bearer {token}"})
        stored = [d["event"].get("id") for d in json.loads(body)["deployments"]] if status == 200 else []
        for marker in acked["deployments"][subject]:
            if stored.count(marker) != 1:
                lost.append(f"{subject}: deployment {marker} stored {stored.count(marker)} times")
    admin, _ = admins.get(1)
    answers = 0
    for _, assessment in writes["surveys"]:
        status, _, tar_bytes = admin.request("GET", f"/assessments/{assessment}/export.tar")
        if status != 200:
            lost.append(f"export of assessment {assessment} answered {status}")
            continue
        stored = {}
        with tarfile.open(fileobj=io.BytesIO(tar_bytes)) as tar:
            for member in tar.getmembers():
                if "/responses/" in member.name:
                    doc = tomllib.loads(tar.extractfile(member).read().decode())
                    stored[doc["respondent"]] = {k: v if isinstance(v, int) else v.get("level")
                                                 for k, v in doc.get("answers", {}).items()}
        for (a, name), expected in acked["answers"].items():
            if a != assessment:
                continue
            got = stored.get(name, {})
            for criterion, level in expected.items():
                answers += 1
                if got.get(criterion) != level:
                    lost.append(f"assessment {a} {name} {criterion}: sent {level}, stored {got.get(criterion)}")
    return {"assessments_created": len(acked["assessments"]), "answers_saved": answers,
            "respondents": len(acked["answers"]),
            "deployments_pushed": sum(len(v) for v in acked["deployments"].values()),
            "refused": writes["refused"], "lost": len(lost), "lost_writes": lost[:50],
            "seconds": writes["seconds"]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--ports", required=True, help="two ports, comma-separated")
    ap.add_argument("--subjects", type=int, default=200)
    ap.add_argument("--assessments", type=int, default=10, help="per subject")
    ap.add_argument("--respondents", type=int, default=30, help="per assessment")
    ap.add_argument("--seeders", type=int, default=8, help="concurrent imports")
    ap.add_argument("--requests", type=int, default=400, help="portfolio requests measured")
    ap.add_argument("--clients", type=int, default=4, help="concurrent portfolio clients")
    ap.add_argument("--measure-seconds", type=int, default=180, help="bound on the measurement")
    ap.add_argument("--write-subjects", type=int, default=10)
    ap.add_argument("--survey-respondents", type=int, default=100)
    ap.add_argument("--creates", type=int, default=100)
    ap.add_argument("--pushes", type=int, default=300)
    ap.add_argument("--writers", type=int, default=32, help="concurrent writers")
    ap.add_argument("--log-dir", required=True)
    args = ap.parse_args()
    args.ports = [int(p) for p in args.ports.split(",")]

    subprocess.run([args.binary, "user", "add", "admin", "--role", "admin", "--db", args.db],
                   input=PASSWORD + "\n", text=True, check=True, capture_output=True)
    token = subprocess.run([args.binary, "token", "add", "load-portfolio", "--all-subjects", "--db", args.db],
                           capture_output=True, text=True, check=True).stdout.strip()
    servers = [Server(args.binary, args.db, port, open(f"{args.log_dir}/server-{n + 1}.log", "ab"))
               for n, port in enumerate(args.ports)]
    for server in servers:
        server.start()
    try:
        admins = Admins(args.ports)
        result = {"scale": {"subjects": args.subjects, "assessments_per_subject": args.assessments,
                            "respondents_per_assessment": args.respondents,
                            "answers": args.subjects * args.assessments * args.respondents *
                            sum(len(c) for c in MODELS.values())}}
        print(f"seeding {args.subjects * args.assessments} assessments...", file=sys.stderr)
        result["seed_seconds"] = round(seed(args, admins), 1)
        print(f"seeded in {result['seed_seconds']} s; measuring the portfolio...", file=sys.stderr)
        result["portfolio"] = measure_portfolio(args, admins, token)
        print("concurrent writes...", file=sys.stderr)
        result["writes"] = verify(args, admins, concurrent_writes(args, admins, args.binary, args.db))
        print(json.dumps(result))
        w = result["writes"]
        print(f"portfolio p50/p95/p99: {result['portfolio']['all'].get('p50_ms')}/"
              f"{result['portfolio']['all'].get('p95_ms')}/{result['portfolio']['all'].get('p99_ms')} ms, "
              f"p99 < 200 ms: {result['portfolio']['p99_under_200ms']}; lost={w['lost']}"
              + ("" if not w["lost"] else ": " + "; ".join(w["lost_writes"])), file=sys.stderr)
        sys.exit(0 if w["lost"] == 0 and not w["refused"] else 1)
    finally:
        for server in servers:
            server.stop()


if __name__ == "__main__":
    main()
