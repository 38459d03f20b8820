"""Render benchmark: one full dossier written to every available format.

The dossier is a seed document (default 000: 清单, 基础数据表, unit table, 7 project tables and the ten
report sections) read once. In one run it measures, best of ``--repeat`` timings each:

  json   : dossier -> its JSON (msgspec)                   -- the baseline
  layout : dossier -> Grid of the official forms
  <fmt>  : dossier -> layout -> file bytes (html, docx, xlsx, pdf: those whose writer is installed)

pair by pair (``bench/common.py``: in each of ``--repeat`` rounds, every step back to back, the order
reversed every other round) over the seed or, with ``--seed all``, every seed; prints the median
time, the median of the per-round ratios to the JSON baseline and to the layout alone, and peak
memory (tracemalloc, in a separate pass so tracing does not slow the timings; it counts Python
allocations only, not the native memory of the PDF engine's libraries).
Usage:  python bench/render_bench.py [--seed 000|all] [--repeat 5] [--narrative] [--limit 600]
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import pairwise
from jixiao.cli.render import FORMATS, render_bytes
from jixiao.ingest.loader import load_path
from jixiao.model.dossier import Dossier
from jixiao.model.serialize import dumps
from jixiao.render.layout import layout_dossier
from jixiao.render.narrative import report_with_forms

SEEDS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "seeds"


def peak_mib(work: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", default="000", help="seed number (000, 001, 002, 004) or all")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--limit", type=float, default=600.0, help="seconds; then report what was measured")
    parser.add_argument(
        "--narrative", action="store_true", help="the report draft and the forms, as --narrative"
    )
    args = parser.parse_args()
    paths = sorted(SEEDS.glob("*.txt")) if args.seed == "all" else list(SEEDS.glob(f"{args.seed}_*.txt"))
    dossiers: list[Dossier] = [load_path(path) for path in paths]

    def grid(dossier: Dossier) -> object:
        return report_with_forms(dossier) if args.narrative else layout_dossier(dossier)

    works: dict[str, Callable[[Dossier], object]] = {"json": dumps, "layout": grid}
    for fmt in FORMATS:
        if importlib.util.find_spec(f"jixiao.render.{fmt}") is None:
            print(f"{fmt:7s} skipped: writer jixiao.render.{fmt} not installed")
            continue
        works[fmt] = lambda dossier, fmt=fmt: (
            render_bytes(layout_dossier(dossier), fmt)
            if not args.narrative
            else render_bytes(report_with_forms(dossier), fmt)
        )
    usable: dict[str, Callable[[Dossier], object]] = {}
    for name, work in works.items():
        try:
            work(dossiers[0])  # warm: imports, fonts, caches
            usable[name] = work
        except Exception as exc:  # report the other steps, say why this one has none
            print(f"{name:7s} failed: {type(exc).__name__}: {exc}")
    for path, dossier in zip(paths, dossiers, strict=True):
        tables = len(layout_dossier(dossier).tables)
        print(f"dossier {path.name}: {len(dossier.evaluations)} evaluation tables, {tables} tables laid out")
    pairs = pairwise(dossiers, usable, args.repeat, args.limit, clock=time.perf_counter)
    layout = pairs.steps["layout"].median if "layout" in pairs.steps else float("nan")
    print(
        f"{'step':7s} {'median':>10s} {'× json':>9s} {'× layout':>9s} {'peak MiB':>9s} {'bytes':>9s}{pairs.note()}"
    )
    for name, step in pairs.steps.items():
        out = usable[name](dossiers[0])
        size = len(out) if isinstance(out, bytes) else 0
        peak = peak_mib(lambda work=usable[name]: [work(d) for d in dossiers])
        print(
            f"{name:7s} {step.median * 1000:8.2f}ms {step.ratio:8.1f}× {step.median / layout:8.1f}× "
            f"{peak:9.2f} {size:9d}"
        )


if __name__ == "__main__":
    main()
