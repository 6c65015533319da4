"""Benchmark wardtasks against itself at scale and against a floor (``make bench``).

In one run on this machine: builds the small demo ward, the generated scale
ward and the young ward (the scale ward's breadth with one year of history;
SQLite, each in its own temporary instance folder), serves them and the floor
app (bench/floor.py) under the same gunicorn settings on 127.0.0.1, logs in,
then drives every key request that exists with a bounded, threaded client
(http.client) over loopback: several runs, interleaved across the four
servers. Prints and writes bench/results/<date>-<host>.md; exits 1 when a key
request runs a different number of SQL queries on the young and the scale ward,
or when a server answers a request with an error or not at all (its ratios are
then not given).

Only loopback is ever contacted; every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import os
import platform
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
HOST = "127.0.0.1"
DEMO_PASSWORD = "QuynhThien-2023"
SCALE_PASSWORD = "ScaleWard-2026"
DEFAULT_SCALE = "--orgs 8 --blocks 40 --years 5 --updates-per-assignment 8 --seed 2023"
# The young ward: the scale ward with one year of history. A mean of six updates per
# assignment (seed-scale gives each 3 to 9) gives every row of the task page, which shows
# the latest three updates, as many as on the scale ward (4 to 12 there).
YOUNG_HISTORY = {"--years": "1", "--updates-per-assignment": "6"}
# Issue 16.6: a ward shaped like a busy real one (4 organisations x 15 branches, 1,500
# assignments with 3 to 5 updates each), served twice: with the app's cache off (every
# report and file computed) and on (a repeated request of an unchanged month).
PEER_WARD = (
    "--orgs 4 --blocks 15 --years 1 --tasks-per-org 25 --shared-tasks 0 "
    "--updates-per-assignment 4 --updates-spread 1 --users 80 --seed 2023"
)
# Issue 16's targets, req/s on the peer ward over the floor's page (same run).
PEER_TARGETS = {"page": 0.6, "csv": 0.6, "xlsx": 0.3, "docx": 0.3, "repeated": 0.8}

# Targets of issue 7 (ratios measured in one run).
PAGE_P50_RATIO = 1.5
HEAVY_P50_RATIO = 3.0
FLOOR_THROUGHPUT_RATIO = 0.5
UPDATE_BYTES_SHARE = 0.05
RSS_LIMIT_MB = 150.0
# Issue 13: a repeated unchanged page answered 304 at least this many times cheaper than
# the full page (req/s and p50); a worker that served pages only stays within this
# resident set (RSS, as the issue says).
NOT_MODIFIED_GAIN = 5.0
PAGE_MEMORY_LIMIT_MB = 60.0


@dataclass
class KeyRequest:
    """One request the issue names; resolved against the app's URL map at run time."""

    key: str
    label: str
    role: str
    candidates: tuple[str, ...]  # endpoint names, first that exists wins
    method: str = "GET"
    heavy: bool = False  # report and exports: scale/small p50 allowed up to 3
    htmx: bool = False
    floor: str | None = None  # the floor request it is compared with
    query: dict[str, str] = field(default_factory=dict)  # values may name ids: "{month_str}"
    values: dict[str, str] = field(default_factory=dict)  # fixed URL arguments
    # Sent with the ETag of a first answer (If-None-Match): the 304 of an unchanged page.
    # ``full``: the key of the same page's full request it is compared with.
    full: str | None = None


KEY_REQUESTS = (
    KeyRequest("branch", "Branch head's page", "branch_head", ("orgs.branch",), floor="page"),
    KeyRequest("matrix", "Leader's matrix", "leader", ("orgs.organisation",)),
    KeyRequest("ward", "Ward overview", "secretariat", ("orgs.ward",)),
    KeyRequest("task", "Task page", "leader", ("tasks.task",)),
    KeyRequest(
        "ward304", "Ward overview unchanged (304)", "secretariat", ("orgs.ward",), full="ward"
    ),
    KeyRequest(
        "update",
        "htmx status update",
        "branch_head",
        ("tasks.update_status",),
        method="POST",
        htmx=True,
        floor="update",
    ),
    KeyRequest(
        "report",
        "Month report page",
        "secretariat",
        ("reports.page",),
        heavy=True,
        query={"month": "{month_str}", "scope": "ward"},
    ),
    KeyRequest(
        "xlsx",
        "XLSX export",
        "secretariat",
        ("reports.export",),
        heavy=True,
        values={"fmt": "xlsx"},
        query={"month": "{month_str}", "scope": "ward"},
    ),
    KeyRequest(
        "docx",
        "DOCX export",
        "secretariat",
        ("reports.export",),
        heavy=True,
        values={"fmt": "docx"},
        query={"month": "{month_str}", "scope": "ward"},
    ),
)


# ----------------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def run_checked(cmd: list[str], env: dict[str, str]) -> str:
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


@dataclass
class Server:
    name: str
    port: int
    proc: subprocess.Popen[bytes]
    log: Path
    peak_kb: int = 0  # highest VmHWM seen in any worker, also of workers since replaced

    def worker_pids(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == self.proc.pid:
                pids.append(int(entry.name))
        return pids

    def _largest_kb(self, field: str) -> int:
        """The largest value of ``field`` (``VmHWM``, ``VmRSS``) in kB among the workers."""
        kb = 0
        for pid in self.worker_pids():
            try:
                text = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            m = re.search(rf"{field}:\s+(\d+) kB", text)
            if m:
                kb = max(kb, int(m.group(1)))
        return kb

    def sample_rss(self) -> None:
        """Remember the largest VmHWM (peak resident set) among the current workers."""
        self.peak_kb = max(self.peak_kb, self._largest_kb("VmHWM"))

    def memory_now(self) -> Memory:
        """The workers' memory now: the largest resident set (VmRSS) and the largest
        proportional set (Pss: each shared page counted as its share), and the Pss of the
        whole server, the master's included (what the server costs the machine)."""
        pids = [self.proc.pid, *self.worker_pids()]
        pss = {pid: _pss_kb(pid) for pid in pids}
        return Memory(
            worker_rss_mb=self._largest_kb("VmRSS") / 1024,
            worker_pss_mb=max((pss[pid] for pid in pids[1:]), default=0) / 1024,
            server_pss_mb=sum(pss.values()) / 1024,
        )

    def peak_rss_mb(self) -> float:
        """Largest VmHWM of any worker of this server so far (MB)."""
        self.sample_rss()
        return self.peak_kb / 1024

    def wait_recycled(self, limit: float = 60) -> None:
        """After a client gave up on a request: wait until gunicorn replaced the stuck worker."""
        before = set(self.worker_pids())
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            time.sleep(1)
            now = set(self.worker_pids())
            if now and before - now:
                return

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@dataclass
class Memory:
    """A server's memory at one moment (see :meth:`Server.memory_now`)."""

    worker_rss_mb: float
    worker_pss_mb: float
    server_pss_mb: float


def _pss_kb(pid: int) -> int:
    """The proportional set size of a process (kB; 0 if it is gone)."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    m = re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE)
    return int(m.group(1)) if m else 0


def _private_kb(pid: int) -> int:
    """The pages only this process holds (kB): its own allocations and the shared pages
    it has written to (copy on write)."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    return sum(int(kb) for kb in re.findall(r"^Private_(?:Clean|Dirty):\s+(\d+)", text, re.M))


def _rss_kb(pid: int) -> int:
    try:
        m = re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
    except OSError:
        return 0
    return int(m.group(1)) if m else 0


# Issue 16: a worker that served pages at most this resident set, and a server of four
# such workers (its master included) at most this proportional set in all.
WORKER_RSS_LIMIT_MB = 50.0
FOUR_WORKERS_PSS_LIMIT_MB = 100.0
MEMORY_WORKERS = 4


# The libraries every page uses, imported by a bare interpreter: the least a worker that
# serves pages can hold resident, before any of the app's code, models or templates.
STACK_IMPORTS = "flask, sqlalchemy.orm, jinja2, flask_babel, flask_login, flask_wtf"


def stack_rss_mb() -> float:
    """RSS (MB) of a fresh interpreter of this venv, run as the servers are (SERVE_ENV),
    once it has imported STACK_IMPORTS."""
    script = (
        f"import re, {STACK_IMPORTS}; from pathlib import Path; "
        "print(re.search(r'VmRSS:\\s+(\\d+)', Path('/proc/self/status').read_text())[1])"
    )
    out = subprocess.run(  # noqa: S603 - this venv's interpreter, our own script
        [sys.executable, "-c", script],
        env={**os.environ, **SERVE_ENV},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return int(out.stdout) / 1024


def stack_floor_memory(tmp: Path, workers: int, timeout: float) -> tuple[float, float]:
    """The largest worker RSS and the whole server's PSS (MB) of bench/stack_floor.py
    served like wardtasks by ``workers`` workers, after each served its page 40 times."""
    env = dict(os.environ)
    env["STACK_FLOOR_DB"] = str(tmp / "stack-floor.sqlite")
    env["PYTHONPATH"] = str(ROOT / "bench")
    server = start_gunicorn("stack-floor", "stack_floor:create_app()", env, workers, tmp, timeout)
    try:
        sample = Sample()
        drive(
            server.port,
            lambda _i: ("GET", "/", {}, None),
            count=40 * workers,
            seconds=60,
            concurrency=8,
            sample=sample,
        )
        pids = server.worker_pids()
        worst_rss = max((_rss_kb(pid) for pid in pids), default=0) / 1024
        whole = sum(_pss_kb(pid) for pid in [server.proc.pid, *pids]) / 1024
    finally:
        server.stop()
    return worst_rss, whole


def memory_rows(label: str, server: Server) -> list[str]:
    """One table row per process of ``server`` (master first) and one for the whole
    server: RSS, PSS and private MB."""
    rows = []
    total = {"rss": 0, "pss": 0, "private": 0}
    for pid in [server.proc.pid, *sorted(server.worker_pids())]:
        kb = {"rss": _rss_kb(pid), "pss": _pss_kb(pid), "private": _private_kb(pid)}
        for key in total:
            total[key] += kb[key]
        role = "master" if pid == server.proc.pid else "worker"
        rows.append(
            f"| {label} | {role} {pid} | {kb['rss'] / 1024:.1f} | {kb['pss'] / 1024:.1f} "
            f"| {kb['private'] / 1024:.1f} |"
        )
    rows.append(
        f"| {label} | **whole server** | ({total['rss'] / 1024:.1f}) "
        f"| **{total['pss'] / 1024:.1f}** | {total['private'] / 1024:.1f} |"
    )
    return rows


def four_worker_memory(
    ward: Ward,
    pages: list[tuple[str, str]],
    tmp: Path,
    timeout: float,
    workers: int = MEMORY_WORKERS,
    inspect: Callable[[Server], None] | None = None,
) -> tuple[str, list[str]]:
    """A server of ``workers`` workers on ``ward`` serving its pages (``pages``:
    (role, path) pairs) from 8 threads until every worker has served each several
    times; the memory of each process and of the whole server, against issue 16's
    targets. A section of its own, so that the other runs keep their worker count.
    ``inspect`` looks at the server after the pages, before it stops (bench/memory.py)."""
    server = start_gunicorn(
        f"{ward.name}-memory",
        "wardtasks:create_app()",
        ward_env(ward.instance),
        workers,
        tmp,
        timeout,
    )
    try:
        sessions = {}
        for role in sorted({role for role, _path in pages}):
            sessions[role] = Session(server.port)
            sessions[role].login(ward.usernames[role], ward.password)
        sample = Sample()
        drive(
            server.port,
            lambda i: (
                "GET",
                pages[i % len(pages)][1],
                sessions[pages[i % len(pages)][0]].headers(),
                None,
            ),
            count=40 * workers * len(pages),
            seconds=120,
            concurrency=8,
            sample=sample,
        )
        rows = memory_rows(ward.name, server)
        pids = server.worker_pids()
        worst_rss = max((_rss_kb(pid) for pid in pids), default=0) / 1024
        whole = sum(_pss_kb(pid) for pid in [server.proc.pid, *pids]) / 1024
        if inspect is not None:
            inspect(server)
    finally:
        server.stop()
    floor_rss, floor_pss = stack_floor_memory(tmp, workers, timeout)
    broken = [f"{ward.name}: {sample.failed} pages failed"] if sample.failed else []
    lines = [
        "",
        f"## Memory of {workers} workers serving pages ({ward.name} ward)",
        "",
        f"{sum(sample.statuses.values())} page requests from 8 threads as "
        + ", ".join(sorted(sessions))
        + "; MB from /proc/<pid>/smaps_rollup (PSS: each shared page counted as its share;"
        " private: pages this process alone holds).",
        "",
        "| ward | process | RSS | PSS | private |",
        "|---|---|---:|---:|---:|",
        *rows,
        "",
        f"- largest worker RSS ≤ {WORKER_RSS_LIMIT_MB:.0f} MB (issue 16): {worst_rss:.1f} MB "
        f"{'(met)' if worst_rss <= WORKER_RSS_LIMIT_MB else '(**not met**)'}; "
        f"≤ {PAGE_MEMORY_LIMIT_MB:.0f} MB (issue 13): "
        f"{'met' if worst_rss <= PAGE_MEMORY_LIMIT_MB else '**not met**'}",
        f"- whole server PSS ≤ {FOUR_WORKERS_PSS_LIMIT_MB:.0f} MB (issue 16): {whole:.1f} MB "
        f"{'(met)' if whole <= FOUR_WORKERS_PSS_LIMIT_MB else '(**not met**)'}",
        f"- for comparison, a bare interpreter of this venv after `import {STACK_IMPORTS}`: "
        f"{stack_rss_mb():.1f} MB RSS (no app code, model or template yet); the same stack "
        f"serving one model's 50-row page (bench/stack_floor.py), {workers} workers, same "
        f"settings: worker RSS {floor_rss:.1f} MB, whole server PSS {floor_pss:.1f} MB",
        "",
    ]
    return "\n".join(lines), broken


# What `make run` sets for gunicorn (the Makefile's SERVE_ENV): no docstrings, no asserts,
# no column positions in code objects.
SERVE_ENV = {"PYTHONOPTIMIZE": "2", "PYTHONNODEBUGRANGES": "1"}


def start_gunicorn(
    name: str, app_spec: str, env: dict[str, str], workers: int, tmp: Path, timeout: float
) -> Server:
    port = free_port()
    log = tmp / f"{name}-gunicorn.log"
    cmd = [
        str(BIN / "gunicorn"),
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"{HOST}:{port}",
        "--timeout",
        str(int(timeout)),
        "--log-level",
        "warning",
        app_spec,
    ]
    env = {**env, **SERVE_ENV}
    # The app's own bytecode as the servers' first start writes it (SERVE_ENV), also where
    # PYTHONDONTWRITEBYTECODE is set: a master compiling the app from source would fork
    # its workers from the compiler's leftovers. Recompiles only what changed.
    run_checked([str(BIN / "python"), "-m", "compileall", "-q", "-o", "2", "wardtasks"], env)
    with open(log, "wb") as fh:
        proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT)  # noqa: SIM115
    server = Server(name, port, proc, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"bench: {name} server died:\n{log.read_text()}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/")
            conn.getresponse().read()
            conn.close()
            # Every worker is up once the master has as many children.
            if len(server.worker_pids()) >= workers:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise SystemExit(f"bench: {name} server did not start:\n{log.read_text()}")


# ----------------------------------------------------------------------------- HTTP


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes  # as sent (maybe gzipped)
    raw_size: int  # after decompression
    seconds: float
    set_cookies: list[str]


def request(
    port: int,
    method: str,
    path: str,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    timeout: float = 120,
) -> Reply:
    started = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
    finally:
        conn.close()
    seconds = time.perf_counter() - started
    hdrs = {k.lower(): v for k, v in resp.getheaders()}
    raw = len(gzip.decompress(data)) if hdrs.get("content-encoding") == "gzip" else len(data)
    cookies = [v for k, v in resp.getheaders() if k.lower() == "set-cookie"]
    return Reply(resp.status, hdrs, data, raw, seconds, cookies)


def text_of(reply: Reply) -> str:
    data = reply.body
    if reply.headers.get("content-encoding") == "gzip":
        data = gzip.decompress(data)
    return data.decode("utf-8", "replace")


class Session:
    """A logged-in browser: cookie jar, CSRF token."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        h = {"Accept-Encoding": "gzip", "Accept": "text/html"}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        h.update(extra or {})
        return h

    def keep(self, reply: Reply) -> None:
        for c in reply.set_cookies:
            name, _, rest = c.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def get(self, path: str) -> Reply:
        reply = request(self.port, "GET", path, self.headers())
        self.keep(reply)
        return reply

    def login(self, username: str, password: str) -> None:
        page = self.get("/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', text_of(page))
        if not token:
            raise SystemExit("bench: no CSRF token on the login page")
        form = urllib.parse.urlencode(
            {"username": username, "password": password, "csrf_token": token.group(1)}
        ).encode()
        reply = request(
            self.port,
            "POST",
            "/login",
            self.headers({"Content-Type": "application/x-www-form-urlencoded"}),
            form,
        )
        self.keep(reply)
        if reply.status != 302:
            raise SystemExit(f"bench: login of {username} failed ({reply.status})")
        home = self.get(reply.headers.get("location", "/"))
        if home.status in (301, 302):
            home = self.get(home.headers["location"])
        m = re.search(
            r"X-CSRFToken&#34;: &#34;([^&]+)&#34;|\"X-CSRFToken\": \"([^\"]+)\"", text_of(home)
        )
        if m:
            self.csrf = m.group(1) or m.group(2)
        else:
            m = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', text_of(home))
            self.csrf = m.group(1) if m else ""


# ----------------------------------------------------------------------------- load


@dataclass
class Sample:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    wire_bytes: list[int] = field(default_factory=list)
    raw_bytes: list[int] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    rps: list[float] = field(default_factory=list)

    @property
    def failed(self) -> int:
        """Requests answered with an error, or not at all (status 0)."""
        return sum(n for status, n in self.statuses.items() if not 200 <= status < 400)


def drive(
    port: int,
    make: Callable[[int], tuple[str, str, dict[str, str], bytes | None]],
    count: int,
    seconds: float,
    concurrency: int,
    sample: Sample,
) -> None:
    """Send up to ``count`` requests for at most ``seconds`` from ``concurrency`` threads."""
    lock = threading.Lock()
    issued = 0
    deadline = time.monotonic() + seconds
    results: list[Reply] = []

    def worker() -> None:
        nonlocal issued
        while True:
            with lock:
                if issued >= count or time.monotonic() >= deadline:
                    return
                i = issued
                issued += 1
            method, path, headers, body = make(i)
            try:
                reply = request(port, method, path, headers, body, timeout=seconds + 30)
            except OSError:  # a timeout or a worker killed mid-request: counted as failed
                reply = Reply(0, {}, b"", 0, seconds + 30, [])
            finished = getattr(make, "finished", None)
            if finished is not None:
                finished(i, reply)
            with lock:
                results.append(reply)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    if results:
        sample.rps.append(len(results) / elapsed)
    for r in results:
        sample.latencies.append(r.seconds)
        sample.statuses[r.status] = sample.statuses.get(r.status, 0) + 1
        sample.wire_bytes.append(len(r.body))
        sample.raw_bytes.append(r.raw_size)
        if "x-query-count" in r.headers:
            sample.queries.append(int(r.headers["x-query-count"]))


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


# ----------------------------------------------------------------------------- wards


@dataclass
class Ward:
    """A served ward: its server, sessions per role, ids for the URLs."""

    name: str
    instance: Path
    password: str
    seed_args: list[str]  # the flask command that fills it
    server: Server | None = None
    sessions: dict[str, Session] = field(default_factory=dict)
    usernames: dict[str, str] = field(default_factory=dict)
    ids: dict[str, Any] = field(default_factory=dict)
    pool: list[tuple[int, int]] = field(default_factory=list)  # (assignment id, version)
    seed_seconds: float = 0.0

    @property
    def db(self) -> Path:
        return self.instance / "wardtasks.sqlite"


def ward_env(instance: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARDTASKS_")}
    env["WARDTASKS_INSTANCE_PATH"] = str(instance)
    env["WARDTASKS_COUNT_QUERIES"] = "1"
    env["FLASK_APP"] = "wardtasks"
    return env


def build_ward(ward: Ward) -> None:
    env = ward_env(ward.instance)
    flask = [str(BIN / "flask"), "--app", "wardtasks"]
    run_checked([*flask, "db", "upgrade"], env)
    started = time.monotonic()
    out = run_checked([*flask, *ward.seed_args], env)
    ward.seed_seconds = time.monotonic() - started
    print(f"  {ward.name}: {out.strip().splitlines()[0]} ({ward.seed_seconds:.1f} s)", flush=True)


def inspect_ward(ward: Ward) -> None:
    """Pick the logins and ids the key requests use, straight from the SQLite file."""
    conn = sqlite3.connect(ward.db)
    one = conn.execute
    ward.usernames["secretariat"] = one(
        "SELECT username FROM user_account WHERE role='secretariat' ORDER BY id LIMIT 1"
    ).fetchone()[0]
    leader, org_id = one(
        "SELECT u.username, u.organisation_id FROM user_account u JOIN organisation o "
        "ON o.id = u.organisation_id WHERE role='leader' ORDER BY o.sort_order, o.id LIMIT 1"
    ).fetchone()
    ward.usernames["leader"] = leader
    plan_id, year = one(
        "SELECT id, year FROM plan ORDER BY CASE WHEN state='active' THEN 0 ELSE 1 END, "
        "year DESC, id DESC LIMIT 1"
    ).fetchone()
    head, branch_id = one(
        "SELECT u.username, u.branch_id FROM user_account u JOIN branch b ON b.id = u.branch_id "
        "WHERE u.role='branch_head' AND b.organisation_id = ? ORDER BY b.sort_order, b.id, u.id "
        "LIMIT 1",
        (org_id,),
    ).fetchone()
    ward.usernames["branch_head"] = head
    task_id = one(
        "SELECT id FROM task WHERE plan_id = ? AND organisation_id = ? ORDER BY sort_order, id "
        "LIMIT 1",
        (plan_id, org_id),
    ).fetchone()[0]
    assignment_id = one(
        "SELECT a.id FROM assignment a JOIN task t ON t.id = a.task_id WHERE a.branch_id = ? "
        "AND t.plan_id = ? ORDER BY t.sort_order, t.id LIMIT 1",
        (branch_id, plan_id),
    ).fetchone()[0]
    month = one(
        "SELECT MAX(s.created_at) FROM status_update s JOIN assignment a ON a.id = s.assignment_id "
        "JOIN task t ON t.id = a.task_id WHERE t.plan_id = ?",
        (plan_id,),
    ).fetchone()[0]
    report_month = int(str(month)[5:7]) if month else 12
    # The status updates go to the branch head's own assignments of the current plan,
    # then (once used up) to the organisation's other branches through their heads:
    # each request saves a different assignment at its known version.
    ward.pool = [
        (aid, version)
        for aid, version in one(
            "SELECT a.id, a.version FROM assignment a JOIN task t ON t.id = a.task_id "
            "WHERE a.branch_id = ? AND a.active AND t.plan_id = ? ORDER BY a.id",
            (branch_id, plan_id),
        )
    ]
    ward.ids = {
        "org_id": org_id,
        "organisation_id": org_id,
        "branch_id": branch_id,
        "plan_id": plan_id,
        "task_id": task_id,
        "assignment_id": assignment_id,
        "year": year,
        "month": report_month,
        "month_str": f"{year}-{report_month:02d}",
    }
    conn.close()


def discover_routes() -> dict[str, tuple[str, str, list[str]]]:
    """endpoint -> (rule, methods, arguments) of the current code, without serving it."""
    with tempfile.TemporaryDirectory(prefix="wardtasks-bench-routes-") as tmp:
        os.environ["WARDTASKS_INSTANCE_PATH"] = tmp
        from wardtasks import create_app

        app = create_app({"TESTING": True, "SECRET_KEY": "x", "DATABASE_URL": "sqlite://"})
        os.environ.pop("WARDTASKS_INSTANCE_PATH", None)
        return route_table(app)


def route_table(app: Any) -> dict[str, tuple[str, str, list[str]]]:
    """endpoint -> (rule, methods, arguments) of ``app`` (a wardtasks Flask app)."""
    return {
        r.endpoint: (r.rule, ",".join(sorted(r.methods or ())), sorted(r.arguments))
        for r in app.url_map.iter_rules()
    }


def build_path(rule: str, args: list[str], ids: dict[str, Any], query: dict[str, str]) -> str:
    path = rule
    for name in args:
        value = ids.get(name)
        if value is None:
            raise KeyError(name)
        path = re.sub(r"<(?:[^:<>]+:)?" + re.escape(name) + ">", str(value), path)
    if query:
        path += "?" + urllib.parse.urlencode({k: v.format(**ids) for k, v in query.items()})
    return path


# ----------------------------------------------------------------------------- main


def replace_options(options: str, values: dict[str, str]) -> str:
    """``options`` with the named options' values replaced (appended when absent)."""
    words = options.split()
    out: list[str] = []
    absent = dict(values)
    i = 0
    while i < len(words):
        name, eq, _value = words[i].partition("=")
        if name in values:
            out += [name, values[name]]
            absent.pop(name, None)
            i += 1 if eq else 2
        else:
            out.append(words[i])
            i += 1
    for name, value in absent.items():
        out += [name, value]
    return " ".join(out)


def young_options(scale: str) -> str:
    """The young ward's seed-scale options: the scale ward's, with one year of history."""
    return replace_options(scale, YOUNG_HISTORY)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=3, help="interleaved runs per request")
    p.add_argument("--requests", type=int, default=120, help="max requests per run")
    p.add_argument("--seconds", type=float, default=4.0, help="max seconds per run")
    p.add_argument(
        "--slices",
        type=int,
        default=6,
        help="a run's requests and seconds per server are split into this many slices, "
        "taken in turn across the servers",
    )
    p.add_argument("--concurrency", type=int, default=2, help="client threads")
    p.add_argument("--workers", type=int, default=2, help="gunicorn sync workers per server")
    p.add_argument(
        "--slow",
        type=float,
        default=20.0,
        help="seconds after which a request counts as too slow (then not measured further)",
    )
    p.add_argument("--scale", default=DEFAULT_SCALE, help="seed-scale options for the scale ward")
    p.add_argument(
        "--young",
        help="seed-scale options for the young ward (default: --scale's with "
        + " ".join(f"{k} {v}" for k, v in YOUNG_HISTORY.items())
        + ")",
    )
    p.add_argument(
        "--peer",
        default=PEER_WARD,
        help="seed-scale options for the peer-sized ward ('' to leave it out)",
    )
    p.add_argument("--out", type=Path, default=RESULTS, help="folder for the results file")
    p.add_argument("--keep", action="store_true", help="keep the temporary wards and logs")
    args = p.parse_args(argv)
    if args.young is None:
        args.young = young_options(args.scale)
    return args


def main() -> int:  # noqa: C901 - one straight script
    args = parse_args()
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="wardtasks-bench-"))
    print(f"bench: working in {tmp}", flush=True)
    # Interleaved in this order: small and scale next to each other as before, young and
    # scale too.
    wards = [
        Ward("small", tmp / "small", DEMO_PASSWORD, ["seed-demo"]),
        Ward("scale", tmp / "scale", SCALE_PASSWORD, ["seed-scale", *args.scale.split()]),
        Ward("young", tmp / "young", SCALE_PASSWORD, ["seed-scale", *args.young.split()]),
    ]
    scale = wards[1]
    servers: list[Server] = []
    try:
        print("bench: building the wards", flush=True)
        for w in wards:
            build_ward(w)
            inspect_ward(w)
        routes = discover_routes()
        for w in wards:
            w.server = start_gunicorn(
                w.name,
                "wardtasks:create_app()",
                ward_env(w.instance),
                args.workers,
                tmp,
                args.slow + 5,
            )
            servers.append(w.server)
            for role in ("secretariat", "leader", "branch_head"):
                session = Session(w.server.port)
                session.login(w.usernames[role], w.password)
                w.sessions[role] = session

        # Workers killed after a too-slow request take their VmHWM with them: sample often.
        sampling = threading.Event()

        def sample_loop() -> None:
            while not sampling.wait(0.5):
                for srv in list(servers):
                    srv.sample_rss()

        threading.Thread(target=sample_loop, daemon=True).start()
        # Resolve the key requests that exist in this code.
        plan: list[tuple[KeyRequest, str, str, list[str]]] = []
        missing: list[str] = []
        for kr in KEY_REQUESTS:
            endpoint = next((e for e in kr.candidates if e in routes), None)
            if endpoint is None:
                missing.append(kr.label)
                continue
            rule, _methods, rargs = routes[endpoint]
            plan.append((kr, endpoint, rule, rargs))

        # Warm-up and the page sizes the floor must match.
        paths: dict[tuple[str, str], str] = {}
        skipped: dict[str, str] = {}
        slow: dict[tuple[str, str], str] = {}
        page_memory: dict[str, Memory] = {}
        for kr, _endpoint, rule, rargs in list(plan):
            if kr.heavy and not page_memory:
                # The pages come first in the plan: the workers have served pages only.
                page_memory = {w.name: w.server.memory_now() for w in wards if w.server}
            for w in wards:
                try:
                    paths[(kr.key, w.name)] = build_path(
                        rule, rargs, dict(w.ids, **kr.values), kr.query
                    )
                except KeyError as exc:
                    skipped[kr.label] = f"no value for URL argument {exc}"
            if kr.label in skipped:
                plan.remove((kr, _endpoint, rule, rargs))
                continue
            if kr.method == "GET":
                for w in wards:
                    assert w.server is not None
                    try:
                        for _ in range(2):
                            r = request(
                                w.server.port,
                                "GET",
                                paths[(kr.key, w.name)],
                                w.sessions[kr.role].headers(),
                                timeout=args.slow,
                            )
                            if r.seconds > args.seconds:
                                break
                    except (TimeoutError, OSError):
                        slow[(kr.key, w.name)] = f"no answer within {args.slow:.0f} s"
                        print(f"  {kr.label} on {w.name}: no answer within {args.slow:.0f} s")
                        w.server.wait_recycled()
                        continue
                    if r.status != 200:
                        skipped[kr.label] = f"{w.name} answered {r.status}"
                if kr.label in skipped:
                    plan.remove((kr, _endpoint, rule, rargs))

        page_bytes = 20000
        for kr, *_ in plan:
            if kr.key == "branch":
                assert scale.server is not None
                r = request(
                    scale.server.port,
                    "GET",
                    paths[("branch", "scale")],
                    scale.sessions["branch_head"].headers(),
                )
                page_bytes = r.raw_size
        floor_env = dict(os.environ)
        floor_env["FLOOR_DB"] = str(tmp / "floor.sqlite")
        floor_env["FLOOR_PAGE_BYTES"] = str(page_bytes)
        floor_env["PYTHONPATH"] = str(ROOT / "bench")
        floor = start_gunicorn(
            "floor", "floor:create_app()", floor_env, args.workers, tmp, args.slow + 5
        )
        servers.append(floor)

        samples: dict[tuple[str, str], Sample] = {}
        for w in wards:
            if len(w.pool) <= args.concurrency:
                raise SystemExit(f"bench: {w.name}: too few assignments for the status updates")
        saves = {w.name: SavePool(w) for w in wards}

        def maker(
            kr: KeyRequest, w: Ward
        ) -> Callable[[int], tuple[str, str, dict[str, str], bytes | None]]:
            session = w.sessions[kr.role]
            path = paths[(kr.key, w.name)]
            if kr.method == "GET":
                hdrs = session.headers({"HX-Request": "true"} if kr.htmx else None)
                if kr.full:
                    # Made when its turn comes in a run: no write happens while it runs.
                    assert w.server is not None
                    first = request(w.server.port, "GET", path, hdrs)
                    hdrs = dict(hdrs, **{"If-None-Match": first.headers.get("etag", "")})
                return lambda _i: ("GET", path, hdrs, None)

            hdrs = session.headers(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "HX-Request": "true",
                    "X-CSRFToken": session.csrf,
                }
            )
            return saves[w.name].maker(
                lambda aid: build_path(
                    rule_of[kr.key],
                    args_of[kr.key],
                    dict(w.ids, assignment_id=aid, **kr.values),
                    kr.query,
                ),
                hdrs,
            )

        rule_of = {kr.key: rule for kr, _e, rule, _a in plan}
        args_of = {kr.key: a for kr, _e, _r, a in plan}

        def floor_maker(
            kind: str,
        ) -> Callable[[int], tuple[str, str, dict[str, str], bytes | None]]:
            hdrs = {"Accept-Encoding": "gzip"}
            if kind == "page":
                return lambda i: ("GET", f"/page/{i % 10}", hdrs, None)
            form_hdrs = dict(hdrs, **{"Content-Type": "application/x-www-form-urlencoded"})
            return lambda i: (
                "POST",
                f"/update/{i % 500 + 1}",
                form_hdrs,
                f"status=in_progress&progress={i % 100}&note=bench".encode(),
            )

        print(
            f"bench: {len(plan)} key requests x {args.runs} runs "
            f"(<= {args.requests} requests or {args.seconds:.0f} s each, "
            f"{args.concurrency} threads, {args.workers} workers)",
            flush=True,
        )
        # Each run gives every server its requests in short slices taken in turn, so that
        # a slow spell of this shared machine (seconds long) falls on all of them alike
        # instead of on the one measured at that moment.
        per_slice = -(-args.requests // args.slices)
        for run in range(args.runs):
            for kr, *_ in plan:
                targets: list[tuple[str, Server, Callable[[int], Any]]] = []
                if kr.floor:
                    targets.append(("floor", floor, floor_maker(kr.floor)))
                for w in wards:
                    assert w.server is not None
                    targets.append((w.name, w.server, maker(kr, w)))
                for _slice in range(args.slices):
                    for name, server, make in targets:
                        if (kr.key, name) in slow:
                            continue
                        sample = samples.setdefault((kr.key, name), Sample())
                        drive(
                            server.port,
                            make,
                            per_slice,
                            args.seconds / args.slices,
                            args.concurrency,
                            sample,
                        )
            print(
                f"  run {run + 1}/{args.runs} done ({time.monotonic() - started:.0f} s)", flush=True
            )

        peer_lines: list[str] = []
        peer_broken: list[str] = []
        if args.peer:
            peer_lines, peer_broken = peer_ward_bench(args, tmp, floor, routes)
        sampling.set()
        rss = {s.name: s.peak_rss_mb() for s in servers}
        report, broken = render(
            args, plan, samples, rss, missing, skipped, slow, wards, page_bytes, page_memory
        )
        report += "\n".join(peer_lines)
        broken += peer_broken
        memory_pages = [
            (kr.role, paths[(kr.key, wards[0].name)])
            for kr, *_ in plan
            if kr.method == "GET" and not kr.heavy and not kr.full
        ]
        memory_lines, memory_broken = four_worker_memory(wards[0], memory_pages, tmp, args.slow + 5)
        wal_lines, wal_broken = wal_sizes(wards)
        report += memory_lines + wal_lines
        broken += memory_broken + wal_broken
        print(report)
        args.out.mkdir(parents=True, exist_ok=True)
        out = args.out / f"{datetime.now(UTC):%Y-%m-%d}-{socket.gethostname()}.md"
        out.write_text(report)
        print(
            f"bench: wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out} "
            f"in {time.monotonic() - started:.0f} s"
        )
        if broken:
            print("bench: FAILED: " + "; ".join(broken))
            return 1
        return 0
    finally:
        for s in servers:
            s.stop()
        if args.keep:
            print(f"bench: kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


# ----------------------------------------------------------------------------- peer ward


@dataclass(frozen=True)
class PeerRequest:
    """A request of the peer-sized ward (issue 16.6): a report page or a file."""

    key: str
    label: str
    kind: str  # its target in PEER_TARGETS: page, csv, xlsx or docx
    endpoint: str
    scope: str  # "ward" or "org" (the first organisation)
    fmt: str | None = None


PEER_REQUESTS = (
    PeerRequest("org_report", "Organisation report page", "page", "reports.page", "org"),
    PeerRequest("csv_org", "CSV export, organisation", "csv", "reports.export", "org", "csv"),
    PeerRequest("csv_ward", "CSV export, whole ward", "csv", "reports.export", "ward", "csv"),
    PeerRequest("xlsx_org", "XLSX export, organisation", "xlsx", "reports.export", "org", "xlsx"),
    PeerRequest("docx_org", "DOCX export, organisation", "docx", "reports.export", "org", "docx"),
)
# computed: the app's cache off, every request computes its month; kept: the app as it
# runs, a repeated request of an unchanged month answered from the cache.
PEER_SERVERS = ("computed", "kept")


def peer_ward_bench(
    args: argparse.Namespace,
    tmp: Path,
    floor: Server,
    routes: dict[str, tuple[str, str, list[str]]],
) -> tuple[list[str], list[str]]:
    """Build and serve the peer-sized ward, measure PEER_REQUESTS on it against the floor's
    page in the same slices; returns its Markdown section and what failed."""
    ward = Ward("peer", tmp / "peer", SCALE_PASSWORD, ["seed-scale", *args.peer.split()])
    print("bench: the peer-sized ward", flush=True)
    build_ward(ward)
    inspect_ward(ward)
    servers: dict[str, Server] = {}
    try:
        for name in PEER_SERVERS:
            env = ward_env(ward.instance)
            if name == "computed":
                env["WARDTASKS_CACHE_TYPE"] = "NullCache"
            servers[name] = start_gunicorn(
                f"peer-{name}", "wardtasks:create_app()", env, args.workers, tmp, args.slow + 5
            )
        sessions = {name: Session(srv.port) for name, srv in servers.items()}
        for session in sessions.values():
            session.login(ward.usernames["secretariat"], ward.password)
        samples = _peer_runs(args, floor, servers, sessions, peer_paths(ward, routes))
    finally:
        for srv in servers.values():
            srv.stop()
    return _peer_report(args, ward, samples)


def peer_paths(ward: Ward, routes: dict[str, tuple[str, str, list[str]]]) -> dict[str, str]:
    """The address of each of PEER_REQUESTS on ``ward`` (its first organisation and the
    month of its latest update), by key (bench/instructions.py asks them too)."""
    paths = {}
    for pr in PEER_REQUESTS:
        rule, _methods, rargs = routes[pr.endpoint]
        scope = "ward" if pr.scope == "ward" else f"org-{ward.ids['org_id']}"
        values = dict(ward.ids, **({"fmt": pr.fmt} if pr.fmt else {}))
        paths[pr.key] = build_path(rule, rargs, values, {"month": "{month_str}", "scope": scope})
    return paths


def _peer_runs(
    args: argparse.Namespace,
    floor: Server,
    servers: dict[str, Server],
    sessions: dict[str, Session],
    paths: dict[str, str],
) -> dict[tuple[str, str], Sample]:
    """Every peer request on both servers, the floor's page beside each, in slices."""
    floor_headers = {"Accept-Encoding": "gzip"}
    for pr in PEER_REQUESTS:  # warm-up: the first answer of each server is not measured
        for name, srv in servers.items():
            reply = request(srv.port, "GET", paths[pr.key], sessions[name].headers())
            if reply.status != 200:
                raise SystemExit(f"bench: peer {name} answered {reply.status} to {pr.label}")
    samples: dict[tuple[str, str], Sample] = {}
    per_slice = -(-args.requests // args.slices)
    for run in range(args.runs):
        for pr in PEER_REQUESTS:
            targets: list[tuple[str, int, Callable[[int], Any]]] = [
                ("floor", floor.port, lambda i: ("GET", f"/page/{i % 10}", floor_headers, None))
            ]
            for name, srv in servers.items():
                hdrs = sessions[name].headers()
                path = paths[pr.key]
                targets.append((name, srv.port, lambda _i, p=path, h=hdrs: ("GET", p, h, None)))
            for _slice in range(args.slices):
                for name, port, make in targets:
                    sample = samples.setdefault((pr.key, name), Sample())
                    drive(
                        port, make, per_slice, args.seconds / args.slices, args.concurrency, sample
                    )
        print(f"  peer run {run + 1}/{args.runs} done", flush=True)
    return samples


def _peer_report(
    args: argparse.Namespace, ward: Ward, samples: dict[tuple[str, str], Sample]
) -> tuple[list[str], list[str]]:
    """The peer ward's table and its targets (issue 16): req/s over the floor's page."""
    lines = [
        "",
        "## Peer-sized ward (issue 16)",
        "",
        f"- `{' '.join(ward.seed_args)}` (built in {ward.seed_seconds:.1f} s), month "
        f"{ward.ids['month_str']} (not closed); **computed**: the app's cache off "
        "(`WARDTASKS_CACHE_TYPE=NullCache`), every request computes its month; **kept**: the "
        "app as it runs, a repeated request of an unchanged month",
        "",
        "| request | server | req/s | p50 ms | p99 ms | bytes (raw) | SQL queries | "
        "÷ floor page req/s |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    broken: list[str] = []
    targets: list[str] = []
    for pr in PEER_REQUESTS:
        floor = samples.get((pr.key, "floor"))
        floor_rps = statistics.median(floor.rps) if floor and floor.rps else 0.0
        for name in ("floor", *PEER_SERVERS):
            s = samples.get((pr.key, name))
            if s is None or not s.rps:
                continue
            if s.failed:
                broken.append(f"peer {name} answered {s.failed} {pr.key} requests with an error")
            rps = statistics.median(s.rps)
            ratio = rps / floor_rps if floor_rps and name != "floor" else None
            q = sorted(set(s.queries))
            lines.append(
                f"| {pr.label} | {'floor page' if name == 'floor' else name} | {rps:.1f} "
                f"| {fmt_ms(percentile(s.latencies, 50))} | {fmt_ms(percentile(s.latencies, 99))} "
                f"| {int(statistics.median(s.wire_bytes))} ({int(statistics.median(s.raw_bytes))}) "
                f"| {'/'.join(map(str, q)) if q else '–'} "
                f"| {f'{ratio:.2f}' if ratio is not None else '–'} |"
            )
            if ratio is None:
                continue
            kind = pr.kind if name == "computed" or pr.kind == "page" else "repeated"
            limit = PEER_TARGETS[kind]
            what = "repeated, unchanged month" if kind == "repeated" else name
            ok = ratio >= limit and not s.failed
            targets.append(
                f"| {pr.label} ({what}) ≥ {limit}× floor page | {ratio:.2f} "
                f"| {'yes' if ok else '**NO**'} |"
            )
    lines += ["", "| target (peer ward) | figure | met |", "|---|---|---|", *targets, ""]
    return lines, broken


class SavePool:
    """The status updates' assignments, shared by every run on one ward.

    Each request saves an assignment no other request is saving, at the version the last
    answer for it left: a request that stalls keeps its assignment out of the round until
    it is answered, so a slow answer never makes the next save of it a clash (409). After
    an answer that is not a save (an error, a timeout) the version is read again from the
    ward's database, where the server may or may not have written it.
    """

    def __init__(self, ward: Ward) -> None:
        self.ward = ward
        self.lock = threading.Lock()
        self.versions = dict(ward.pool)
        self.order = [aid for aid, _version in ward.pool]
        self.busy: dict[int, int] = {}  # request number -> assignment id
        self.turn = 0
        self.sent = 0

    def take(self, i: int) -> tuple[int, int, int]:
        """The next assignment free to save, its version and this save's number."""
        with self.lock:
            for _ in self.order:
                aid = self.order[self.turn % len(self.order)]
                self.turn += 1
                if aid not in self.busy.values():
                    break
            else:  # cannot happen: the pool is larger than the concurrency (checked)
                raise SystemExit(f"bench: {self.ward.name}: every assignment is being saved")
            self.busy[i] = aid
            self.sent += 1
            return aid, self.versions[aid], self.sent

    def finished(self, i: int, reply: Reply) -> None:
        with self.lock:
            aid = self.busy.pop(i)
            if reply.status == 200:
                self.versions[aid] += 1
                return
            with sqlite3.connect(self.ward.db) as conn:
                row = conn.execute("SELECT version FROM assignment WHERE id = ?", (aid,))
                self.versions[aid] = row.fetchone()[0]

    def maker(
        self, path_of: Callable[[int], str], headers: dict[str, str]
    ) -> Callable[[int], tuple[str, str, dict[str, str], bytes | None]]:
        pool = self

        class Make:
            finished = pool.finished

            def __call__(self, i: int) -> tuple[str, str, dict[str, str], bytes | None]:
                aid, version, n = pool.take(i)
                form = update_form(version, n, pool.ward.ids["branch_id"])
                return "POST", path_of(aid), headers, urllib.parse.urlencode(form).encode()

        return Make()


def update_form(version: int, n: int, branch_id: int) -> dict[str, str]:
    """The branch page's row form: a new progress and note, the version it was rendered with."""
    return {
        "version": str(version),
        "status": "in_progress",
        "progress": str(10 + (n * 7) % 80),
        "note": f"Cập nhật của bench ({n}).",
        "due_date": "",
        "scope": f"branch-{branch_id}",
        "next": f"/branches/{branch_id}",
    }


# ----------------------------------------------------------------------------- report


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def render(
    args: argparse.Namespace,
    plan: list[tuple[KeyRequest, str, str, list[str]]],
    samples: dict[tuple[str, str], Sample],
    rss: dict[str, float],
    missing: list[str],
    skipped: dict[str, str],
    slow: dict[tuple[str, str], str],
    wards: list[Ward],
    page_bytes: int,
    page_memory: dict[str, Memory] | None = None,
) -> tuple[str, list[str]]:
    """The Markdown report and the key requests whose query counts differ."""
    import gunicorn
    import sqlalchemy

    now = datetime.now(UTC)
    cpu = ""
    try:
        m = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = m.group(1).strip() if m else ""
    except OSError:
        pass
    mem_kb = 0
    try:
        m2 = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
        mem_kb = int(m2.group(1)) if m2 else 0
    except OSError:
        pass
    lines = [
        f"# wardtasks bench — {now:%Y-%m-%d %H:%M} UTC — {socket.gethostname()}",
        "",
        f"- machine: {platform.machine()}, {os.cpu_count()} cores ({cpu}), "
        f"{mem_kb / 1024 / 1024:.1f} GiB RAM, {platform.platform()}",
        f"- versions: Python {platform.python_version()}, Flask {_ver('flask')}, "
        f"Werkzeug {_ver('werkzeug')}, SQLAlchemy {sqlalchemy.__version__}, "
        f"gunicorn {gunicorn.__version__}, SQLite {sqlite3.sqlite_version}",
        f"- servers: gunicorn {args.workers} sync workers each, 127.0.0.1, SQLite (WAL); "
        f"client: {args.concurrency} threads, http.client, Accept-Encoding: gzip; "
        f"{args.runs} runs of <= {args.requests} requests or {args.seconds:.0f} s per server, "
        f"each in {args.slices} slices taken in turn across the servers",
        "- "
        + "; ".join(
            f"{w.name} ward: `{' '.join(w.seed_args)}` (built in {w.seed_seconds:.1f} s)"
            for w in wards
        ),
        f"- floor: bench/floor.py, a {page_bytes}-byte page from a 50-row SQLite query; "
        "an update of one row plus one inserted row in one transaction",
        "",
        "| request | server | req/s | p50 ms | p99 ms | bytes (raw) | SQL queries | statuses |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for kr, endpoint, *_ in plan:
        for name in ("floor", *(w.name for w in wards)):
            if (kr.key, name) in slow:
                lines.append(
                    f"| {kr.label} (`{endpoint}`) | {name} | – | > {args.slow * 1000:.0f} "
                    f"| – | – | – | {slow[(kr.key, name)]} |"
                )
                continue
            s = samples.get((kr.key, name))
            if s is None:
                continue
            q = sorted(set(s.queries))
            lines.append(
                f"| {kr.label} (`{endpoint if name != 'floor' else 'floor ' + str(kr.floor)}`) "
                f"| {name} | {statistics.median(s.rps) if s.rps else 0:.1f} "
                f"| {fmt_ms(percentile(s.latencies, 50))} | {fmt_ms(percentile(s.latencies, 99))} "
                f"| {int(statistics.median(s.wire_bytes)) if s.wire_bytes else 0} "
                f"({int(statistics.median(s.raw_bytes)) if s.raw_bytes else 0}) "
                f"| {'/'.join(map(str, q)) if q else '–'} "
                f"| {', '.join(f'{k}×{v}' for k, v in sorted(s.statuses.items()))} |"
            )
    lines += ["", "## Targets", "", "| target | figure | met |", "|---|---|---|"]
    broken: list[str] = []
    # A server that failed requests measured its failures, not its work: no ratio of it
    # is given, and the run fails.
    failing = {key for key, s in samples.items() if s.failed}
    for (key, name), s in sorted(samples.items()):
        if s.failed:
            broken.append(f"{name} answered {s.failed} {key} requests with an error or not at all")

    def target(name: str, figure: str, ok: bool | None) -> None:
        lines.append(
            f"| {name} | {figure} | {'yes' if ok else 'n/a' if ok is None else '**NO**'} |"
        )

    # A request's statements must not grow with the ward: the young and the scale ward come
    # from the same generator, the scale ward with five times the history, so a statement
    # per row or per month would show here. The demo ward is not compared: it holds what the
    # generated wards do not (supported tasks, targets, branches' monthly reports), whose
    # sections are read only when a plan has them.
    for kr, *_ in plan:
        a, b = samples.get((kr.key, "young")), samples.get((kr.key, "scale"))
        if (kr.key, "scale") in slow or (kr.key, "young") in slow:
            target(f"{kr.label}: same SQL queries young/scale", "not measured: too slow", None)
            continue
        if not a or not b:
            continue
        qa, qb = sorted(set(a.queries)), sorted(set(b.queries))
        same = bool(qa) and qa == qb
        if not same:
            broken.append(f"query counts differ: {kr.label} (young {qa}, scale {qb})")
        target(f"{kr.label}: same SQL queries young/scale", f"{qa} / {qb}", same)
    for kr, *_ in plan:
        a, b = samples.get((kr.key, "small")), samples.get((kr.key, "scale"))
        limit = HEAVY_P50_RATIO if kr.heavy else PAGE_P50_RATIO
        if (kr.key, "scale") in slow or (kr.key, "small") in slow:
            why = "; ".join(
                f"{n}: {slow[(kr.key, n)]}" for n in ("small", "scale") if (kr.key, n) in slow
            )
            target(f"{kr.label}: p50 scale/small ≤ {limit}", why, False)
            continue
        if not a or not b or not a.latencies or not b.latencies:
            continue
        if failing & {(kr.key, "small"), (kr.key, "scale")}:
            target(f"{kr.label}: p50 scale/small ≤ {limit}", "not measured: failed requests", False)
            continue
        ratio = percentile(b.latencies, 50) / percentile(a.latencies, 50)
        target(f"{kr.label}: p50 scale/small ≤ {limit}", f"{ratio:.2f}", ratio <= limit)
    for kr, *_ in plan:
        f, b = samples.get((kr.key, "floor")), samples.get((kr.key, "scale"))
        if not f or not b or not f.rps or not b.rps:
            continue
        if failing & {(kr.key, "floor"), (kr.key, "scale")}:
            target(
                f"{kr.label}: req/s wardtasks(scale)/floor ≥ {FLOOR_THROUGHPUT_RATIO}",
                "not measured: failed requests",
                False,
            )
            continue
        ratio = statistics.median(b.rps) / statistics.median(f.rps)
        target(
            f"{kr.label}: req/s wardtasks(scale)/floor ≥ {FLOOR_THROUGHPUT_RATIO}",
            f"{ratio:.2f}",
            ratio >= FLOOR_THROUGHPUT_RATIO,
        )
    upd, page = samples.get(("update", "scale")), samples.get(("branch", "scale"))
    if upd and page and upd.raw_bytes and page.raw_bytes:
        share_raw = statistics.median(upd.raw_bytes) / statistics.median(page.raw_bytes)
        share_wire = statistics.median(upd.wire_bytes) / statistics.median(page.wire_bytes)
        target(
            f"status update bytes ≤ {UPDATE_BYTES_SHARE:.0%} of the branch page",
            f"{share_raw:.1%} uncompressed, {share_wire:.1%} as sent",
            share_raw <= UPDATE_BYTES_SHARE,
        )
    for name in ("small", "scale", "young", "floor"):
        if name in rss:
            target(
                f"peak RSS per worker ({name}) ≤ {RSS_LIMIT_MB:.0f} MB"
                if name == "scale"
                else f"peak RSS per worker ({name})",
                f"{rss[name]:.1f} MB",
                rss[name] <= RSS_LIMIT_MB if name == "scale" else None,
            )
    for name, memory in (page_memory or {}).items():
        # Issue 13 bounds a page-serving worker's RSS (every page it maps counted whole,
        # the ones it shares with the master and the other workers too), not its PSS (its
        # share of them): the target is checked on RSS, the PSS beside it. Issue 16's own
        # bounds (50 MB RSS, 100 MB PSS for 4 workers) are in the 4-worker memory section.
        target(
            f"RSS per page-serving worker ({name}) ≤ {PAGE_MEMORY_LIMIT_MB:.0f} MB",
            f"{memory.worker_rss_mb:.1f} MB (PSS {memory.worker_pss_mb:.1f} MB)",
            memory.worker_rss_mb <= PAGE_MEMORY_LIMIT_MB if name == "scale" else None,
        )
        target(
            f"PSS of the whole server, master and {args.workers} workers ({name})",
            f"{memory.server_pss_mb:.1f} MB",
            None,
        )
    for kr, *_ in plan:
        if kr.full:
            not_modified(
                target, kr, samples.get((kr.key, "scale")), samples.get((kr.full, "scale"))
            )
    history, history_broken = history_alone(plan, samples, slow)
    lines += history
    broken += history_broken
    if missing or skipped:
        lines += ["", "## Not measured", ""]
        lines += [f"- {label}: no such route in this code" for label in missing]
        lines += [f"- {label}: {why}" for label, why in skipped.items()]
    lines.append("")
    return "\n".join(lines), broken


# Issue 16: at the end of the bench, SQLite's -wal file of each ward at most this many
# times its database, or this many MB, whichever is larger.
WAL_DB_RATIO = 4.0
WAL_FLOOR_MB = 16.0


def wal_sizes(wards: list[Ward]) -> tuple[str, list[str]]:
    """The section on each ward's database and WAL file as the bench leaves them (the
    servers still running: the WAL as the load left it), and the wards over the target."""
    lines = [
        "",
        "## SQLite's WAL at the end of the bench",
        "",
        f"| ward | database MB | -wal MB | target: ≤ {WAL_DB_RATIO:.0f} × database or "
        f"{WAL_FLOOR_MB:.0f} MB | met |",
        "|---|---:|---:|---:|---|",
    ]
    broken: list[str] = []
    for w in wards:
        db_mb = w.db.stat().st_size / 2**20 if w.db.exists() else 0.0
        wal = Path(f"{w.db}-wal")
        wal_mb = wal.stat().st_size / 2**20 if wal.exists() else 0.0
        limit = max(WAL_DB_RATIO * db_mb, WAL_FLOOR_MB)
        if wal_mb > limit:
            broken.append(f"{w.name}: WAL {wal_mb:.1f} MB > {limit:.1f} MB")
        lines.append(
            f"| {w.name} | {db_mb:.1f} | {wal_mb:.1f} | {limit:.1f} "
            f"| {'yes' if wal_mb <= limit else '**NO**'} |"
        )
    return "\n".join([*lines, ""]), broken


def not_modified(
    target: Callable[[str, str, bool | None], None],
    kr: KeyRequest,
    answered: Sample | None,
    full: Sample | None,
) -> None:
    """The target of a 304 row: every answer a 304, and that many times cheaper than the
    full page on the scale ward, in req/s and in p50."""
    name = f"{kr.label}: ≥ {NOT_MODIFIED_GAIN:.0f}× the full page (req/s, p50), scale"
    if not answered or not full or not answered.rps or not full.rps:
        target(name, "not measured", None)
        return
    if set(answered.statuses) != {304}:
        target(name, f"not a 304: {answered.statuses}", False)
        return
    gain_rps = statistics.median(answered.rps) / statistics.median(full.rps)
    gain_p50 = percentile(full.latencies, 50) / percentile(answered.latencies, 50)
    target(
        name,
        f"{gain_rps:.1f}× req/s, {gain_p50:.1f}× p50",
        min(gain_rps, gain_p50) >= NOT_MODIFIED_GAIN,
    )


def history_alone(
    plan: list[tuple[KeyRequest, str, str, list[str]]],
    samples: dict[tuple[str, str], Sample],
    slow: dict[tuple[str, str], str],
) -> tuple[list[str], list[str]]:
    """The scale ward against the young ward (same breadth, one year of history), and the
    key requests whose query counts differ between the two."""
    lines = [
        "",
        "## History alone (not an issue target)",
        "",
        "The young ward is the scale ward with one year of history: what the scale ward",
        "costs beyond it is the cost of its five years of history.",
        "",
        "| request | p50 scale/young | SQL queries young / scale | same SQL queries |",
        "|---|---:|---|---|",
    ]
    broken: list[str] = []
    for kr, *_ in plan:
        too_slow = [f"{n}: {slow[(kr.key, n)]}" for n in ("young", "scale") if (kr.key, n) in slow]
        if too_slow:
            lines.append(f"| {kr.label} | {'; '.join(too_slow)} | not measured | n/a |")
            continue
        y, b = samples.get((kr.key, "young")), samples.get((kr.key, "scale"))
        if not y or not b or not y.latencies or not b.latencies:
            continue
        ratio = percentile(b.latencies, 50) / percentile(y.latencies, 50)
        qy, qb = sorted(set(y.queries)), sorted(set(b.queries))
        same = bool(qy) and qy == qb
        if not same:
            broken.append(f"query counts differ: {kr.label} (young {qy}, scale {qb})")
        lines.append(f"| {kr.label} | {ratio:.2f} | {qy} / {qb} | {'yes' if same else '**NO**'} |")
    return lines, broken


def _ver(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)


if __name__ == "__main__":
    sys.exit(main())
