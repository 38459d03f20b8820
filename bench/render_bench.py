"""Render benchmark: one full dossier written to every available format.

The dossier is a seed document (default 000: 清单, 基础数据表, unit table, 7 project tables and the ten
report sections) read once. In one run it measures, best of ``--repeat`` timings each:

  json   : dossier -> its JSON (msgspec)                   -- the baseline
  layout : dossier -> Grid of the official forms
  <fmt>  : dossier -> layout -> file bytes (html, docx, xlsx, pdf: those whose writer is installed)

and prints the time per dossier, the ratio to the JSON baseline and to the layout alone, and peak
memory (tracemalloc, in a separate pass so tracing does not slow the timings; it counts Python
allocations only, not the native memory of the PDF engine's libraries).
Usage:  python bench/render_bench.py [--seed 000] [--repeat 3] [--narrative]
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from jixiao.cli.render import FORMATS, render_bytes
from jixiao.ingest.loader import load_path
from jixiao.model.dossier import Dossier
from jixiao.model.serialize import dumps
from jixiao.render.layout import layout_dossier
from jixiao.render.narrative import report_with_forms

SEEDS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "seeds"


def best_of(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def peak_mib(work: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", default="000", help="seed number (000, 001, 002, 004)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--narrative", action="store_true", help="the report draft and the forms, as --narrative"
    )
    args = parser.parse_args()
    path = next(SEEDS.glob(f"{args.seed}_*.txt"))
    dossier: Dossier = load_path(path)

    def grid() -> object:
        return report_with_forms(dossier) if args.narrative else layout_dossier(dossier)

    cases: list[tuple[str, Callable[[], object]]] = [("json", lambda: dumps(dossier)), ("layout", grid)]
    for fmt in FORMATS:
        if importlib.util.find_spec(f"jixiao.render.{fmt}") is None:
            print(f"{fmt:7s} skipped: writer jixiao.render.{fmt} not installed")
            continue
        cases.append((fmt, lambda fmt=fmt: render_bytes(grid(), fmt)))

    tables = len(layout_dossier(dossier).tables)
    print(f"dossier {path.name}: {len(dossier.evaluations)} evaluation tables, {tables} tables laid out")
    rows = []
    for name, work in cases:
        work()  # warm: imports, fonts, caches
        seconds = best_of(args.repeat, work)
        out = work()
        size = len(out) if isinstance(out, bytes) else 0
        rows.append((name, seconds, peak_mib(work), size))
    baseline = rows[0][1]
    layout = rows[1][1]
    print(f"{'step':7s} {'time':>10s} {'× json':>9s} {'× layout':>9s} {'peak MiB':>9s} {'bytes':>9s}")
    for name, seconds, peak, size in rows:
        print(
            f"{name:7s} {seconds * 1000:8.2f}ms {seconds / baseline:8.1f}× {seconds / layout:8.1f}× "
            f"{peak:9.2f} {size:9d}"
        )


if __name__ == "__main__":
    main()
