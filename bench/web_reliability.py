#!/usr/bin/env python3
"""The reliability and throughput benchmark of `maturity serve` (driven by bench/web-reliability.sh).

On one database URL it:
  1. starts the server on loopback, adds an admin, creates an assessment and 200 invitations;
  2. runs 200 concurrent respondents, each saving every survey page once (bounded in count
     and in time) through the page's own form: its hidden fields (csrf, page), a level for
     every `level:<criterion>` radio group (and a choice for every `dora:<key>` group on the
     Quick Check page), and one of its submit buttons: a page of the list at the top
     (`goto`, the next page) or "Save and continue" (`go=next`), "Save and finish"
     (`go=done`) on the last page. The number of pages is the number of `goto` buttons of
     the page list. When about 40% of the saves are acknowledged it kills the server with
     SIGKILL, restarts it on the same database, and the respondents carry on (retrying saves
     that got no answer);
  3. exports the assessment and checks that every save the server acknowledged (HTTP 303) is
     stored with the levels sent (and the Quick Check's `[dora]` answers): an acknowledged
     answer that is missing or different is lost;
  4. imports an assessment with 100 respondents and measures its results page with wrk at 50
     connections.
Only loopback addresses are used. Prints one JSON object with the figures (and a summary on
stderr); exits non-zero if an acknowledged answer is lost, if fewer saves were acknowledged
than the survey has pages for all respondents, if the server was never killed, or if the
results page answered anything but 2xx.
"""

import argparse
import http.client
import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import tarfile
import threading
import time
import tomllib
import urllib.parse
from html.parser import HTMLParser

HOST = "127.0.0.1"
PASSWORD = "bench password 12345"


class Client:
    """One keep-alive connection with its own cookies."""

    def __init__(self, port, timeout=10):
        self.port = port
        self.timeout = timeout
        self.cookies = {}
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                for value in response.headers.get_all("Set-Cookie") or []:
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";")[0]
                return response.status, response.headers, data
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as e:
                # A kept-alive connection the server closed: one fresh try for idempotent GETs only.
                self.conn.close()
                self.conn = None
                if method != "GET" or attempt == 1:
                    raise e
            except Exception:
                self.conn.close()
                self.conn = None
                raise

    def form(self, path, fields):
        body = urllib.parse.urlencode(fields)
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})


def hidden(html, name):
    m = re.search(rf'name="{name}" value="([^"]*)"', html)
    if not m:
        raise RuntimeError(f"no {name} in page")
    return m.group(1)


def unescape(text):
    return text.replace("&#x2f;", "/").replace("&amp;", "&")


class Server:
    def __init__(self, binary, db, port, log):
        self.args = [binary, "serve", "--db", db, "--bind", f"{HOST}:{port}"]
        self.port = port
        self.log = log
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(self.args, stdout=self.log, stderr=self.log, env={**os.environ, "MATURITY_LOG": "warn"})
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                status, _, _ = Client(self.port, timeout=2).request("GET", "/healthz")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("the server did not come up")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def login(port):
    c = Client(port)
    _, _, page = c.request("GET", "/login")
    status, _, _ = c.form("/login", {"csrf": hidden(page.decode(), "csrf"), "name": "admin", "password": PASSWORD})
    if status != 303:
        raise RuntimeError(f"log-in failed: {status}")
    _, _, page = c.request("GET", "/assessments")
    csrf = re.search(r'name="csrf" value="([^"]*)"', page.decode()).group(1)
    return c, csrf


def percentile(values, p):
    if not values:
        return None
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


class SurveyForm(HTMLParser):
    """The survey page's form as a browser sees it: its action, hidden fields, radio groups
    (name -> the values offered) and submit buttons (name, value)."""

    def __init__(self, text):
        super().__init__()
        self.action = None
        self.hidden = {}
        self.radios = {}
        self.buttons = []
        self.page_links = []
        self._in_form = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "").lower() == "post" and (a.get("action") or "").startswith("/survey/"):
            self.action = a["action"]
            self._in_form = True
        elif tag == "a" and (a.get("href") or "").startswith("?page="):
            self.page_links.append(a["href"])
        if not self._in_form:
            return
        if tag == "input" and a.get("type") == "hidden" and a.get("name"):
            self.hidden[a["name"]] = a.get("value") or ""
        elif tag == "input" and a.get("type") == "radio" and a.get("name") and "disabled" not in a:
            self.radios.setdefault(a["name"], []).append(a.get("value") or "")
        elif tag == "button" and (a.get("type") or "submit") == "submit" and a.get("name"):
            self.buttons.append((a["name"], a.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False

    def goto_pages(self):
        """The pages of the list at the top: one `goto` button each while the survey is open."""
        return sorted({int(v) for n, v in self.buttons if n == "goto" and v.isdigit()})


def survey_pages(form, where):
    """The survey's page count from its page list; fails loudly when the form has none."""
    pages = form.goto_pages()
    if form.action is None:
        raise RuntimeError(f"{where}: no survey form")
    if not pages:
        closed = " (the survey is closed: links, not buttons)" if form.page_links else ""
        raise RuntimeError(f"{where}: no `goto` page buttons in the survey form{closed}")
    if pages != list(range(len(pages))):
        raise RuntimeError(f"{where}: the page list is not 0..n-1: {pages}")
    return len(pages)


class Fatal(Exception):
    """A survey page or answer that contradicts the benchmark's model of the form: not retried."""


def respondent(port, link, index, state, deadline, pages):
    """Saves every page once through the page's form; retries a save that got no answer until
    the deadline. Even respondents leave each page by the page list (`goto`), odd ones by
    "Save and continue" (`go=next`); everyone leaves the last page by "Save and finish"."""
    c = Client(port, timeout=15)
    rng = random.Random(index)
    page = 0
    while time.time() < deadline:
        try:
            status, _, body = c.request("GET", f"{link}?page={page}")
            if status != 200:
                raise RuntimeError(f"survey page {status}")
            form = SurveyForm(body.decode())
            where = f"resp-{index:03} page {page}"
            if survey_pages(form, where) != pages:
                raise Fatal(f"{where}: {len(form.goto_pages())} pages in the list, {pages} expected")
            if form.hidden.get("page") != str(page):
                raise Fatal(f"{where}: the form's hidden page is {form.hidden.get('page')!r}")
            if "csrf" not in form.hidden:
                raise Fatal(f"{where}: no csrf field")
            # A numeric choice for every question of the page: criteria (level:) and the Quick
            # Check (dora:); "don't know" (dk) is not chosen, so every answer is checkable.
            levels, dora = {}, {}
            for name, values in sorted(form.radios.items()):
                numeric = [v for v in values if v.isdigit()]
                if not numeric:
                    raise Fatal(f"{where}: no numeric choice for {name}")
                kind, _, key = name.partition(":")
                if kind == "level":
                    levels[key] = rng.choice(numeric)
                elif kind == "dora":
                    dora[key] = rng.choice(numeric)
                else:
                    raise Fatal(f"{where}: unknown question {name}")
            if not levels and not dora:
                raise Fatal(f"{where}: no questions on the page")
            fields = dict(form.hidden)
            fields.update({f"level:{k}": v for k, v in levels.items()})
            fields.update({f"dora:{k}": v for k, v in dora.items()})
            last = page + 1 == pages
            if last:
                button, target = ("go", "done"), f"?page={page}&finished=1"
            elif index % 2 == 0:
                button, target = ("goto", str(page + 1)), f"?page={page + 1}&saved=1"
            else:
                button, target = ("go", "next"), f"?page={page + 1}&saved=1"
            if button not in form.buttons:
                raise Fatal(f"{where}: no button {button[0]}={button[1]} in the form")
            fields[button[0]] = button[1]
            with state["lock"]:
                state["attempted"] += 1
            started = time.perf_counter()
            status, headers, _ = c.form(form.action, fields)  # attribute values come unescaped
            elapsed = time.perf_counter() - started
            if status != 303:
                raise RuntimeError(f"save answered {status}")
            with state["lock"]:
                state["acked"] += 1
                state["latencies"].append(elapsed)
                state["expected"].setdefault(index, {}).update({k: int(v) for k, v in levels.items()})
                state["expected_dora"].setdefault(index, {}).update({k: int(v) for k, v in dora.items()})
                state["pages_saved"].setdefault(index, set()).add(page)
            location = headers.get("Location", "")
            if not location.endswith(target):
                raise Fatal(f"{where}: the save went to {location!r}, not {target!r}")
            if last:
                return
            page += 1
        except Fatal as e:
            with state["lock"]:
                state["fatal"].append(str(e))
            return
        except (OSError, http.client.HTTPException, RuntimeError) as e:
            with state["lock"]:
                state["errors"] += 1
                state["last_error"] = str(e)
            time.sleep(0.2 + rng.random() * 0.3)


def generate_tar(respondents, models=("devops", "automation", "testing")):
    """An assessment directory with `respondents` response files, as a tar."""
    from_models = {
        "devops": ["leadership", "organization-culture", "environments-release", "builds-ci", "quality-assurance",
                   "visibility-reporting", "technologies-architecture"],
        "automation": ["access-rights", "server-management", "service-configuration", "development-environments",
                       "builds-compilation", "deployment", "package-management", "ci-levels", "test-automation-level",
                       "code-quality", "quality-gates", "testing-tools", "shared-components", "dependency-monitoring",
                       "development-tools", "technology-architecture", "transparency", "dev-prod-sharing",
                       "production-monitoring", "version-control"],
        "testing": ["unit", "integration", "system", "performance", "security"],
    }
    rng = random.Random(7)
    files = {"bench/maturity.toml": f'subject = "Bench 100"\ndate = 2026-10-14\nmodels = {json.dumps(list(models))}\nbenchmark = "heavy-industry"\n'}
    roles = ["developer", "tester", "operations", "manager"]
    for i in range(respondents):
        lines = [f'respondent = "r{i:03}"', f'role = "{roles[i % 4]}"', "[answers]"]
        for m in models:
            for c in from_models[m]:
                if rng.random() < 0.1:
                    lines.append(f'"{m}.{c}" = {{ level = {rng.randint(1, 4)}, comment = "comment {i}" }}')
                else:
                    lines.append(f'"{m}.{c}" = {rng.randint(1, 4)}')
        files[f"bench/responses/r{i:03}.toml"] = "\n".join(lines) + "\n"
    return tar_of(files)


def tar_of(files):
    """A tar of `files` (path -> text), as an assessment folder is uploaded."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def multipart(fields, files):
    boundary = "benchBoundary7MA4YWxk"
    parts = []
    for k, v in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    for k, name, data in files:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="{name}"\r\n'
                     f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def run_wrk(port, cookie, path, connections, seconds):
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", f"Cookie: {cookie}",
         f"http://{HOST}:{port}{path}"],
        capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def ms(label):
        m = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)", out)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"requests_per_second": rps, "p50_ms": ms("50"), "p99_ms": ms("99"),
            "non_2xx": int(non2xx.group(1)) if non2xx else 0}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--respondents", type=int, default=200)
    ap.add_argument("--seconds", type=int, default=180, help="bound on the respondents' run")
    ap.add_argument("--kill-at", type=float, default=0.4, help="kill when this share of saves is acknowledged")
    ap.add_argument("--wrk-seconds", type=int, default=15)
    ap.add_argument("--log", required=True)
    args = ap.parse_args()

    log = open(args.log, "ab")
    subprocess.run([args.binary, "user", "add", "admin", "--role", "admin", "--db", args.db],
                   input=PASSWORD + "\n", text=True, check=True, capture_output=True)
    server = Server(args.binary, args.db, args.port, log)
    server.start()
    try:
        admin, csrf = login(args.port)
        status, headers, _ = admin.form("/assessments", [("csrf", csrf), ("subject", "Reliability bench"), ("model", "devops"),
                                                         ("model", "automation"), ("model", "testing")])
        if status != 303:
            raise RuntimeError(f"create answered {status}")
        assessment = int(headers["Location"].rsplit("/", 1)[1])
        links = []
        for i in range(args.respondents):
            status, _, body = admin.form(f"/assessments/{assessment}/invitations", {"csrf": csrf, "name": f"resp-{i:03}", "role": "developer"})
            link = re.search(r'/survey/[0-9a-f]{64}', unescape(body.decode()))
            if status != 201 or not link:
                raise RuntimeError(f"invitation answered {status}")
            links.append(link.group(0))

        # The survey's pages, as its form lists them (the models' pages, then the Quick Check).
        status, _, body = Client(args.port).request("GET", links[0])
        if status != 200:
            raise RuntimeError(f"survey page answered {status}")
        pages = survey_pages(SurveyForm(body.decode()), "the survey's first page")
        state = {"lock": threading.Lock(), "attempted": 0, "acked": 0, "errors": 0, "latencies": [], "expected": {},
                 "expected_dora": {}, "pages_saved": {}, "fatal": [], "last_error": ""}
        total = args.respondents * pages
        deadline = time.time() + args.seconds
        started = time.time()
        threads = [threading.Thread(target=respondent, args=(args.port, links[i], i, state, deadline, pages))
                   for i in range(args.respondents)]
        for t in threads:
            t.start()
        killed_at = None
        while any(t.is_alive() for t in threads) and killed_at is None:
            with state["lock"]:
                acked = state["acked"]
            if acked >= total * args.kill_at:
                killed_at = acked
                server.kill()
                time.sleep(1)
                server.start()
            time.sleep(0.05)
        for t in threads:
            t.join()
        elapsed = time.time() - started

        # Every acknowledged save must be stored as sent.
        admin, csrf = login(args.port)
        status, _, tar_bytes = admin.request("GET", f"/assessments/{assessment}/export.tar")
        stored = {}
        with tarfile.open(fileobj=io.BytesIO(tar_bytes)) as tar:
            for member in tar.getmembers():
                if "/responses/" in member.name:
                    doc = tomllib.loads(tar.extractfile(member).read().decode())
                    answers = {}
                    for k, v in doc.get("answers", {}).items():
                        answers[k] = v if isinstance(v, int) else v.get("level")
                    stored[doc["respondent"]] = (answers, doc.get("dora", {}))
        lost = 0
        acknowledged_answers = 0
        for kind, acked_by in ((0, state["expected"]), (1, state["expected_dora"])):
            for index, expected in acked_by.items():
                got = stored.get(f"resp-{index:03}", ({}, {}))[kind]
                for criterion, level in expected.items():
                    acknowledged_answers += 1
                    if got.get(criterion) != level:
                        lost += 1
        lat = state["latencies"]
        survey = {
            "respondents": args.respondents,
            "saves_attempted": state["attempted"],
            "saves_acknowledged": state["acked"],
            "saves_expected": total,
            "answers_acknowledged": acknowledged_answers,
            "answers_lost": lost,
            "killed_after_acks": killed_at,
            "client_errors_during_outage": state["errors"],
            "seconds": round(elapsed, 1),
            "saves_per_second": round(state["acked"] / elapsed, 1) if elapsed else None,
            "save_p50_ms": round(percentile(lat, 50) * 1000, 1) if lat else None,
            "save_p99_ms": round(percentile(lat, 99) * 1000, 1) if lat else None,
        }

        # The results page of an assessment with 100 respondents.
        body, content_type = multipart({"csrf": csrf}, [("files", "bench.tar", generate_tar(100))])
        status, headers, _ = admin.request("POST", "/assessments/import", body, {"Content-Type": content_type})
        if status != 303:
            raise RuntimeError(f"import answered {status}")
        big = int(headers["Location"].rsplit("/", 1)[1])
        path = f"/assessments/{big}"
        status, _, _ = admin.request("GET", path)
        cookie = "; ".join(f"{k}={v}" for k, v in admin.cookies.items() if k == "maturity_session")
        results = run_wrk(args.port, cookie, path, 50, args.wrk_seconds)
        results["page"] = path
        results["respondents"] = 100
        results["connections"] = 50
        db = args.db.split("://")[0]
        print(json.dumps({"db": db, "survey": survey, "results_page": results}), flush=True)
        saved = [len(state["pages_saved"].get(i, ())) for i in range(args.respondents)]
        print(f"{db}: {pages} survey pages; pages saved per respondent min {min(saved)} max {max(saved)}; "
              f"saves acknowledged {state['acked']}/{total}; answers acknowledged {acknowledged_answers}, lost {lost}; "
              f"killed after {killed_at} acks; results page {results['requests_per_second']:.0f} req/s, "
              f"p99 {results['p99_ms']:.1f} ms", file=sys.stderr)
        problems = []
        if lost:
            problems.append(f"{lost} acknowledged answers lost")
        if state["acked"] != total or min(saved) != pages:
            problems.append(f"{state['acked']} of {total} saves acknowledged; fewest pages saved by a respondent: "
                            f"{min(saved)} of {pages} (last error: {state['last_error'] or 'none'})")
        if killed_at is None:
            problems.append("the server was never killed")
        if results["non_2xx"]:
            problems.append(f"{results['non_2xx']} non-2xx answers of the results page")
        problems.extend(state["fatal"][:5])
        for problem in problems:
            print(f"{db}: FAILED: {problem}", file=sys.stderr)
        sys.exit(1 if problems else 0)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
