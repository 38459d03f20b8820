"""Dossier page and live edit benchmark: server CPU of one request, in one process, on SQLite.

It creates a throwaway SQLite database (a temporary ``JIXIAO_DATA_DIR``), one unit, its filler and the
seed-000 dossier (the largest Word-export seed: 基础数据表, the unit table and 7 project tables), then
drives the whole Django stack (middleware, session, view, templates) through Django's test client,
pair by pair (``bench/common.py``: each round runs every step back to back, the order reversed every
other round, so a change in the shared machine's load hits every step of a round alike):

  baseline : the login page (a template render, no dossier: what any page costs)
  page     : the dossier page of the current version (its score and audit already computed, as after
             the edit that produced it or a previous view)
  edit     : an htmx cell edit (职称评定通过率's 自评得分) to a value new to the dossier (0.50–2.00, each
             once), so every edit re-reads, rescores, re-audits, stores a version and re-renders

Each is timed with ``time.process_time`` (CPU of this process, not wall time: other jobs share the
machine) and prints median, p95, the median of the per-round ratios to the baseline, and the size of
what was sent. ``--profile page|edit`` prints where the CPU of that step goes instead (cProfile).

Usage:  python bench/web_page_bench.py [--rounds 40] [--seed 000] [--profile page|edit] [--top 30]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(ROOT / "src"))

from common import pairwise  # noqa: E402


def configure(data_dir: str) -> None:
    os.environ["JIXIAO_DATA_DIR"] = data_dir
    os.environ.setdefault("JIXIAO_SECRET_KEY", "bench-only-" + "x" * 40)
    os.environ["JIXIAO_HTTPS"] = "0"
    os.environ["JIXIAO_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ.pop("DATABASE_URL", None)  # always the throwaway SQLite file
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    import django

    django.setup()


def world(seed: str) -> tuple[object, int, str]:
    """A logged-in client of the unit's filler, the record's id and the path of the cell edited."""
    import datetime

    from django.core.management import call_command
    from django.test import Client

    from jixiao.ingest.loader import load_path
    from jixiao.web.accounts.models import Department, Region, Role, Unit, User
    from jixiao.web.dossiers.models import Task
    from jixiao.web.dossiers.services import create_record

    call_command("migrate", verbosity=0)
    dossier = load_path(next(SEEDS.glob(f"{seed}_*.txt")))
    region = Region.objects.create(name="测试地区")
    department = Department.objects.create(region=region, name="测试部门")
    unit = Unit.objects.create(department=department, name="测试单位")
    user = User.objects.create(username="bench", role=Role.FILLER, unit=unit)
    task = Task.objects.create(year=2023, unit=unit, deadline=datetime.date(2099, 1, 1))
    record = create_record(task, dossier, user, "bench", f"{seed}.txt")
    client = Client()
    client.force_login(user)
    path = ""
    for e, evaluation in enumerate(dossier.evaluations):
        for i, indicator in enumerate(evaluation.indicators):
            if indicator.score is not None and not path:
                path = f"evaluations.{e}.indicators.{i}.score"
            if indicator.name == "职称评定通过率":
                path = f"evaluations.{e}.indicators.{i}.score"
    if not path:
        raise SystemExit(f"seed {seed} has no indicator with a score to edit")
    return client, record.pk, path


class Steps:
    """The three requests, each checked (a failed request is not a fast one)."""

    def __init__(self, client: object, pk: int, path: str) -> None:
        from jixiao.web.dossiers.models import DossierRecord

        self.client = client
        self.pk = pk
        self.path = path
        self.version = DossierRecord.objects.get(pk=pk).version
        self.sheet = self._sheet_of(path)
        self.values = [f"{v / 100:.2f}" for v in range(50, 201)]
        self.sizes: dict[str, list[int]] = {"baseline": [], "page": [], "edit": []}

    def _sheet_of(self, path: str) -> int:
        page = self.client.get(f"/dossiers/{self.pk}/").content.decode()  # type: ignore[attr-defined]
        at = page.find(f"&quot;path&quot;: &quot;{path}&quot;")
        start = page.rfind('<section class="sheet" id="sheet-', 0, at)
        if at < 0 or start < 0:
            raise SystemExit(f"the page shows no editable cell {path}")
        return int(page[start:].split('id="sheet-', 1)[1].split('"', 1)[0])

    def _check(self, name: str, response: object, expect: str) -> None:
        status = response.status_code  # type: ignore[attr-defined]
        body = response.content  # type: ignore[attr-defined]
        if status != 200 or expect.encode() not in body:
            raise SystemExit(f"{name}: status {status}, {expect!r} not in the response")
        self.sizes[name].append(len(body))

    def baseline(self) -> None:
        self._check("baseline", self.client.get("/accounts/login/"), "<form")  # type: ignore[attr-defined]

    def page(self) -> None:
        response = self.client.get(f"/dossiers/{self.pk}/")  # type: ignore[attr-defined]
        self._check("page", response, f'value="{self.version}"')

    def edit(self) -> None:
        if not self.values:
            raise SystemExit("out of new values: fewer rounds")
        text = self.values.pop(0)
        response = self.client.post(  # type: ignore[attr-defined]
            f"/dossiers/{self.pk}/cell/",
            {"path": self.path, "text": text, "version": str(self.version), "sheet": str(self.sheet)},
            HTTP_HX_REQUEST="true",
        )
        self.version += 1
        self._check("edit", response, f'value="{self.version}"')


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def profile(work: Callable[[], None], rounds: int, top: int) -> None:
    profiler = cProfile.Profile(time.process_time)
    for _ in range(rounds):
        profiler.enable()
        work()
        profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=40, help="pairs of requests (at most 150: edit values)")
    parser.add_argument("--seed", default="000")
    parser.add_argument("--profile", choices=("page", "edit"))
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jixiao-page-bench-") as data_dir:
        configure(data_dir)
        client, pk, path = world(args.seed)
        steps = Steps(client, pk, path)
        for _ in range(3):  # warm: templates compiled, packs loaded, first score cached
            steps.baseline()
            steps.page()
            steps.edit()
        steps.page()
        if args.profile:
            profile(getattr(steps, args.profile), args.rounds, args.top)
            return
        works: dict[str, Callable[[None], object]] = {
            "baseline": lambda _: steps.baseline(),
            "page": lambda _: steps.page(),
            "edit": lambda _: steps.edit(),
        }
        started = time.monotonic()
        result = pairwise([None], works, rounds=min(args.rounds, 140), clock=time.process_time)
        print(
            f"seed {args.seed}, {len(result.steps['page'].times)} rounds, CPU time of this process "
            f"(time.process_time), {time.monotonic() - started:.1f} s wall; load average "
            + " ".join(f"{x:.2f}" for x in os.getloadavg())
        )
        print(f"{'step':<9} {'median ms':>10} {'p95 ms':>8} {'÷ baseline':>11} {'sent KB':>8}")
        for name, step in result.steps.items():
            ms = [t * 1000 for t in step.times]
            size = statistics.median(steps.sizes[name]) / 1024
            print(
                f"{name:<9} {statistics.median(ms):>10.2f} {percentile(ms, 95):>8.2f} "
                f"{step.ratio:>10.2f}× {size:>8.1f}"
            )


if __name__ == "__main__":
    main()
