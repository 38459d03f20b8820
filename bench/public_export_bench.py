"""Anonymous PDF exports against a signed-in user's page (issue #15: each public PDF export cost about
22 s of CPU and nine at once made the login page time out for everyone).

Starts the application as a deployment does (``python -m jixiao.web serve``: waitress, one process,
``--threads`` threads) on a fresh SQLite database in a temporary folder, with one published dossier
(seed 004, the 129-page Hubei document, the most expensive PDF). Phase 1 (the baseline): a signed-in
reviewer opens the dossier's page in a loop for ``--seconds``. Phase 2: the same while ``--anonymous``
threads download the public PDF export as fast as the server answers. Prints the reviewer's page
latency (p50/p95/p99) in both phases, their ratio, and the anonymous answers by status (200 served,
429 rate-limited, 503 renderer busy).

Usage:  python bench/public_export_bench.py [--anonymous 20] [--seconds 30] [--threads 8]
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "tests" / "fixtures" / "seeds").glob("004_*.txt"))
PASSWORD = "bench-password-2026"

SETUP = """
import datetime, django
django.setup()
from jixiao.ingest.loader import load_path
from jixiao.web.accounts.models import Department, Region, Role, Unit, User
from jixiao.web.dossiers.models import DossierRecord, State, Task
from jixiao.web.dossiers.services import create_record
region = Region.objects.create(name="基准区")
unit = Unit.objects.create(department=Department.objects.create(region=region, name="人社部门"), name="人社局")
user = User(username="bureau", role=Role.BUREAU_REVIEWER, region=region)
user.set_password({password!r}); user.save()
task = Task.objects.create(year=2022, unit=unit, deadline=datetime.date(2023, 4, 30))
record = create_record(task, load_path({seed!r}), user, "基准", "004.txt")
DossierRecord.objects.filter(pk=record.pk).update(state=State.PUBLISHED)
print(record.pk)
"""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))] if ordered else 0.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Session:
    """A signed-in browser: cookies kept, CSRF token sent with the login form."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str = "") -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        data = response.read()
        conn.close()
        return response.status, data

    def login(self, username: str) -> None:
        _, page = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1).decode(), "username": username, "password": PASSWORD}
        )
        status, _ = self.request("POST", "/accounts/login/", form)
        assert status == 302, f"login failed: {status}"


def page_latencies(session: Session, path: str, seconds: float) -> list[float]:
    out: list[float] = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        start = time.perf_counter()
        status, _ = session.request("GET", path)
        out.append(time.perf_counter() - start)
        assert status == 200, status
        time.sleep(0.2)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anonymous", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "JIXIAO_DATA_DIR": folder,
            "JIXIAO_SECRET_KEY": "bench-" + "k" * 50,
            "JIXIAO_HTTPS": "0",
            "DJANGO_SETTINGS_MODULE": "jixiao.web.settings",
        }
        env.pop("DATABASE_URL", None)
        env.pop("JIXIAO_DEBUG", None)
        web = [sys.executable, "-m", "jixiao.web"]
        subprocess.run([*web, "migrate", "--noinput", "-v", "0"], env=env, check=True)
        setup = SETUP.format(password=PASSWORD, seed=str(SEED))
        pk = int(
            subprocess.run(
                [sys.executable, "-c", setup], env=env, check=True, capture_output=True, text=True
            ).stdout.split()[-1]
        )
        port = free_port()
        server = subprocess.Popen(
            [*web, "serve", "--port", str(port), "--threads", str(args.threads)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(200):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            reviewer = Session(port)
            reviewer.login("bureau")
            page = f"/dossiers/{pk}/"
            page_latencies(reviewer, page, 3)  # warm: the dossier decoded and audited once
            baseline = page_latencies(reviewer, page, args.seconds)

            stop = threading.Event()
            answers: Counter[int] = Counter()
            lock = threading.Lock()

            def anonymous() -> None:
                visitor = Session(port)
                while not stop.is_set():
                    status, _ = visitor.request("GET", f"/public/{pk}/export/pdf/")
                    with lock:
                        answers[status] += 1

            crowd = [threading.Thread(target=anonymous, daemon=True) for _ in range(args.anonymous)]
            for thread in crowd:
                thread.start()
            loaded = page_latencies(reviewer, page, args.seconds)
            stop.set()
            for thread in crowd:
                thread.join(180)
        finally:
            server.terminate()
            server.wait(30)

    def line(name: str, values: list[float]) -> str:
        return (
            f"{name:<34} n={len(values):>4}  p50 {percentile(values, 50) * 1000:7.1f} ms  "
            f"p95 {percentile(values, 95) * 1000:7.1f} ms  p99 {percentile(values, 99) * 1000:7.1f} ms"
        )

    print(line("reviewer's page, alone", baseline))
    print(line(f"reviewer's page, {args.anonymous} anonymous exports", loaded))
    print(f"p95 ratio loaded/alone: {percentile(loaded, 95) / percentile(baseline, 95):.2f}x")
    print(
        "anonymous answers by status:",
        dict(sorted(answers.items())),
        "(200 served, 429 rate-limited, 503 busy)",
    )
    print(f"aim p95 < 1 s under load: {'met' if percentile(loaded, 95) < 1 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
