"""Web load benchmark: concurrent users editing cells (each edit re-reads the cell, rescores, re-audits,
stores a version and re-renders the table) on PostgreSQL, against a trivial page in the same run.

It creates a fresh database (default ``jixiao_bench`` on the local server), one unit, filler and
dossier (seed 000, the largest Word-export seed: 8 tables, 153 KB of JSON; each user's a distinct
text, so no user's rescoring is another's cached result) per virtual user, starts the application as a
deployment does (``python -m jixiao.web serve``: waitress, ``--threads`` threads) in ``--workers``
processes (one per core; users are spread over them as a reverse proxy would) and drives it from
``--users`` client threads. Each user logs in, then for
``--seconds`` alternates a think time (``--think`` seconds, uniform 0.5×–1.5×) with a request, pair by
pair: the login page (the baseline: a template render, no database work) and a cell edit posted
through the same URL the page's htmx uses, each a value not yet in that dossier (0.50–2.00), so every
edit is a real rescore and re-audit; the baseline goes first in even pairs and last in odd ones. Both
kinds are timed in the same minutes, interleaved (not one block after another, which on a shared
machine compares two different loads). Prints p50/p95/p99 latency, errors and throughput of each kind,
the ratio of the p95s and the median of the per-pair ratios edit/baseline.

Usage:  python bench/web_load_bench.py [--users 50] [--seconds 40] [--think 2] [--workers 2]
        [--threads 8] [--server serve|runserver] [--database postgresql://postgres@127.0.0.1:5432/jixiao_bench]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "tests" / "fixtures" / "seeds").glob("000_*.txt"))
PASSWORD = "bench-password-2026"
PYTHON = sys.executable


@dataclass
class Phase:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    ratios: list[float] = field(default_factory=list)  # edit / baseline of one user's pair

    def add(self, seconds: float, ok: bool) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if not ok:
                self.errors += 1

    def add_ratio(self, ratio: float) -> None:
        with self.lock:
            self.ratios.append(ratio)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def reset_database(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


SETUP = """
import django, msgspec, sys
django.setup()
from django.core.management import call_command
from jixiao.ingest.loader import load_path
from jixiao.web.accounts.models import Department, Region, Role, Unit, User
from jixiao.web.dossiers.models import Task
from jixiao.web.dossiers.services import create_record
import datetime
call_command("migrate", verbosity=0)
dossier = load_path(sys.argv[1])
region = Region.objects.create(name="压测地区")
department = Department.objects.create(region=region, name="压测部门")
ids = []
for n in range(int(sys.argv[2])):
    unit = Unit.objects.create(department=department, name=f"压测单位{n}")
    user = User(username=f"bench{n}", role=Role.FILLER, unit=unit)
    user.set_password(sys.argv[3])
    user.save()
    task = Task.objects.create(year=2023, unit=unit, deadline=datetime.date(2099, 1, 1))
    own = msgspec.structs.replace(dossier, source=f"bench{n}-{dossier.source}")
    ids.append(create_record(task, own, user, "bench").pk)
print(",".join(map(str, ids)))
"""


def setup(env: dict[str, str], users: int) -> list[int]:
    out = subprocess.run(
        [PYTHON, "-c", SETUP, str(SEED), str(users), PASSWORD],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return [int(x) for x in out.stdout.strip().splitlines()[-1].split(",")]


def server_cpu(servers: list[subprocess.Popen[bytes]]) -> float | None:
    """CPU seconds the server processes have used so far (Linux ``/proc``; None elsewhere)."""
    total = 0.0
    try:
        for server in servers:
            fields = Path(f"/proc/{server.pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, AttributeError):
        return None
    return total


def score_path() -> str:
    sys.path.insert(0, str(ROOT / "src"))
    from jixiao.ingest.loader import load_path

    dossier = load_path(SEED)
    for e, evaluation in enumerate(dossier.evaluations):
        for i, indicator in enumerate(evaluation.indicators):
            if indicator.name == "职称评定通过率":
                return f"evaluations.{e}.indicators.{i}.score"
    raise SystemExit("seed 000 has no 职称评定通过率 row")


class Session:
    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: dict[str, str] | None = None, **headers: str
    ) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        head = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **headers}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            head["Content-Type"] = "application/x-www-form-urlencoded"
            head["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            head["Referer"] = f"http://127.0.0.1:{self.port}/"
        conn.request(method, path, data, head)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        conn.close()
        return response.status, text

    def login(self, username: str) -> None:
        self.request("GET", "/accounts/login/")
        status, _ = self.request("POST", "/accounts/login/", {"username": username, "password": PASSWORD})
        if status != 302:
            raise SystemExit(f"login failed for {username}: {status}")


def run_user(
    n: int,
    port: int,
    record: int,
    path: str,
    think: float,
    seconds: float,
    baseline: Phase,
    edits: Phase,
    start: threading.Barrier,
) -> None:
    session = Session(port)
    session.login(f"bench{n}")
    rng = random.Random(n)
    version = 1
    values = [f"{v / 100:.2f}" for v in range(50, 201)]
    rng.shuffle(values)
    start.wait()
    stop = time.monotonic() + seconds
    time.sleep(rng.uniform(0, think))  # spread the first requests
    pair = 0
    while time.monotonic() < stop:
        took: dict[str, float] = {}
        for kind in ("baseline", "edit") if pair % 2 == 0 else ("edit", "baseline"):
            began = time.perf_counter()
            if kind == "baseline":
                status, _ = session.request("GET", "/accounts/login/")
                took[kind] = time.perf_counter() - began
                baseline.add(took[kind], status == 200)
            else:
                text = values.pop() if values else f"{rng.randint(50, 200) / 100:.2f}"
                status, body = session.request(
                    "POST",
                    f"/dossiers/{record}/cell/",
                    {"path": path, "text": text, "version": str(version), "sheet": "1"},
                    **{"HX-Request": "true"},
                )
                took[kind] = time.perf_counter() - began
                edits.add(took[kind], status == 200)
                found = re.search(r'id="dossier-version" name="version" value="(\d+)"', body)
                if found:
                    version = int(found.group(1))
            time.sleep(think * rng.uniform(0.5, 1.5))
        if took["baseline"] > 0:
            edits.add_ratio(took["edit"] / took["baseline"])
        pair += 1
    start.wait()


def report(name: str, phase: Phase, seconds: float) -> float:
    lat = [x * 1000 for x in phase.latencies]
    p50, p95, p99 = (percentile(lat, p) for p in (50, 95, 99))
    print(
        f"{name:<26} {len(lat):6d} requests  {len(lat) / seconds:6.1f}/s  "
        f"p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  p99 {p99:7.1f} ms  mean {statistics.mean(lat):7.1f} ms  "
        f"errors {phase.errors}"
    )
    return p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=40, help="the run: both kinds, interleaved")
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds between a user's requests")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8, help="waitress threads per process")
    parser.add_argument(
        "--server", choices=("serve", "runserver"), default="serve", help="waitress (deployment) or Django's"
    )
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument(
        "--database",
        default=os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/jixiao_bench"),
    )
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="jixiao-bench-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jixiao.web.settings",
        "DATABASE_URL": args.database,
        "JIXIAO_DATA_DIR": data_dir,
        "JIXIAO_DEBUG": "0",
        "JIXIAO_SECRET_KEY": "bench-" + os.urandom(16).hex(),
        "JIXIAO_ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONPATH": str(ROOT / "src"),
    }
    print(f"database {args.database}: fresh; {args.users} units, users and dossiers (seed 000) ...")
    reset_database(args.database)
    records = setup(env, args.users)
    path = score_path()

    def command(port: int) -> list[str]:
        if args.server == "runserver":
            return [PYTHON, "-m", "jixiao.web", "runserver", "--noreload", f"127.0.0.1:{port}"]
        return [PYTHON, "-m", "jixiao.web", "serve", "--port", str(port), "--threads", str(args.threads)]

    servers = [
        subprocess.Popen(
            command(args.port + w),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for w in range(args.workers)
    ]
    try:
        for w in range(args.workers):
            for _ in range(100):
                try:
                    Session(args.port + w).request("GET", "/accounts/login/")
                    break
                except OSError:
                    time.sleep(0.1)
        baseline, edits = Phase(), Phase()
        barrier = threading.Barrier(args.users + 1)
        threads = [
            threading.Thread(
                target=run_user,
                args=(
                    n,
                    args.port + n % args.workers,
                    records[n],
                    path,
                    args.think,
                    args.seconds,
                    baseline,
                    edits,
                    barrier,
                ),
            )
            for n in range(args.users)
        ]
        for t in threads:
            t.start()
        barrier.wait()  # everyone logged in: the interleaved run
        cpu0 = server_cpu(servers)
        barrier.wait()  # done
        cpu1 = server_cpu(servers)
        for t in threads:
            t.join()
        print(
            f"{args.users} concurrent users, think time ~{args.think:g} s, {args.workers} server processes "
            f"({'waitress, ' + str(args.threads) + ' threads' if args.server == 'serve' else 'runserver'}), "
            f"{args.seconds:g} s of baseline and edit requests interleaved, {os.cpu_count()} cores"
        )
        if not baseline.latencies or not edits.latencies:
            print("no requests completed: nothing to compare")
            return
        base_p95 = report("baseline (login page)", baseline, args.seconds)
        edit_p95 = report("cell edit + rescore", edits, args.seconds)
        if cpu0 is not None and cpu1 is not None:
            pairs = min(len(baseline.latencies), len(edits.latencies))
            print(
                f"server CPU per pair (baseline + edit): {(cpu1 - cpu0) / max(1, pairs) * 1000:.1f} ms"
                f"  (machine load average at the end {os.getloadavg()[0]:.2f})"
            )
        ratio = statistics.median(edits.ratios) if edits.ratios else float("nan")
        print(
            f"ratio p95 edit/baseline: {edit_p95 / base_p95:.1f}x; median of {len(edits.ratios)} per-pair ratios:"
            f" {ratio:.1f}x   (aim: edit p95 under 100 ms)"
        )
    finally:
        for server in servers:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
