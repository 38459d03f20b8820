"""Scoring benchmark over a generated province, the seed documents and the corpus.

Builds N dossiers (each one unit table and P project tables, with indicator texts and figures drawn
from the seed documents' vocabulary, and report sections with figures like the seeds' narratives),
then measures pair by pair (``bench/common.py``: for each dossier, load and score back to back,
medians and the median of the per-pair ratios):

  load   : JSON -> dossier model (msgspec, exact Decimals)          -- the baseline
  score  : JSON -> dossier -> scores under the detected rule pack, the way `jixiao score` runs

over the generated dossiers, the real seeds and the corpus (``tests/corpus/**/*.txt``, read once
first), and prints medians, dossiers per second, peak memory (tracemalloc, separate pass) and ratios.
Usage:  python bench/score_bench.py [--dossiers 2000] [--projects 8] [--seed 7] [--limit 300]
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).parent))

from common import corpus_files, guarded, narrative, pairwise, peak_mb, seed_files, table
from jixiao.model import Budget, BudgetRow, Dossier, Evaluation, Indicator, Section, Val
from jixiao.model.serialize import dumps, loads
from jixiao.narrative.reader import read_facts
from jixiao.score.scorer import judge_texts, parse_text, score_dossier

T = TypeVar("T")

PAIRS = [
    ("≥100人", "374人"),
    ("≤55%", "100%"),
    ("≥95%", "98%"),
    ("100%", "100%"),
    ("≤57万元", "47.96万元"),
    ("有效促进", "有效促进"),
    ("2023年内完成", "12月31日前完成"),
    ("60天内", "60天内"),
    ("≥5500份", "5200份"),
    ("不超过预算投入", "1034.36万元"),
    ("8200人", "8854人"),
    ("≤4.5%", "≤3.5%"),
    ("正常运转", "正常运转"),
]
GROUPS = [
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("产出指标", "成本指标"),
    ("效益指标", "社会效益指标"),
    ("效益指标", "可持续影响指标"),
    ("满意度指标", "服务对象满意度指标"),
]


def money(rng: random.Random) -> Val:
    value = Decimal(rng.randint(0, 500000)) / 100
    return Val(text=str(value), num=value, unit="万元")


def evaluation(rng: random.Random, kind: str, template: str, index: int) -> Evaluation:
    indicators = []
    for i in range(10):
        target, actual = rng.choice(PAIRS)
        if rng.random() < 0.5:  # half the rows carry figures of their own, as real forms do
            goal = rng.randint(10, 20000)
            target, actual = f"≥{goal}人", f"{goal + rng.randint(-goal // 2, goal)}人"
        level1, level2 = GROUPS[i % len(GROUPS)]
        weight = Decimal(rng.choice(["5", "10", "2.5"]))
        indicators.append(
            Indicator(
                level1=level1,
                level2=level2,
                name=f"指标{i}",
                target=Val(text=target),
                actual=Val(text=actual),
                weight=Val(text=str(weight), num=weight),
                score=Val(text=str(weight), num=weight),
            )
        )
    adjusted, executed = money(rng), money(rng)
    return Evaluation(
        kind=kind,
        template=template,
        title=f"表{index}",
        name=Val(text=f"项目{index}"),
        budget=Budget(
            total=BudgetRow(label="年度资金总额", initial=money(rng), adjusted=adjusted, executed=executed),
            weight=Val(text="10", num=Decimal(10)),
        ),
        indicators=tuple(indicators),
        declared_total=Val(text="95", num=Decimal(95)),
    )


def province(count: int, projects: int, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        tables = [evaluation(rng, "unit_overall", "hunan-unit", 0)]
        tables += [evaluation(rng, "project", "hunan-project", p + 1) for p in range(projects)]
        sections = tuple(Section(heading=h, text=t) for h, t in narrative(rng, 2023))
        rows.append(
            dumps(
                Dossier(
                    source=f"unit{n}.json",
                    unit=f"单位{n}",
                    year=2023,
                    evaluations=tuple(tables),
                    sections=sections,
                    statements=read_facts(sections, 2023),
                )
            )
        )
    return rows


def real_documents(limit: float | None) -> dict[str, list[bytes]]:
    """The seeds and the corpus, each read once (guarded) into dossier JSON; a file that cannot be
    read is left out and counted."""
    from jixiao.ingest.errors import IngestError
    from jixiao.ingest.guarded import run_guarded

    out: dict[str, list[bytes]] = {}
    started = time.monotonic()
    for name, files in (("seeds", seed_files()), ("corpus", corpus_files())):
        blobs: list[bytes] = []
        for path in files:
            if limit is not None and time.monotonic() - started > limit:
                print(f"{name}: reading stopped at the time limit ({len(blobs)} of {len(files)})")
                break
            try:
                result = run_guarded(path)
            except IngestError:
                continue
            if result.data is not None:
                blobs.append(result.data)
        out[name] = blobs
    return out


def cold() -> None:
    """Empty the scorer's caches: every timed pass starts as a fresh `jixiao score` run would."""
    judge_texts.cache_clear()
    parse_text.cache_clear()


def measure(work: Callable[[], T]) -> tuple[T, float, int]:
    """Time one pass (best of three, caches emptied first), then trace a separate pass for peak memory."""
    best = float("inf")
    result = work()
    for _ in range(3):
        cold()
        gc.collect()
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    cold()
    gc.collect()
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, best, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=2000)
    parser.add_argument("--projects", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=float, default=300.0, help="seconds per input set; then report")
    args = parser.parse_args()
    print(
        f"generating {args.dossiers} dossiers x (1 unit + {args.projects} projects) x 10 indicators + report ..."
    )
    sets = {"generated": province(args.dossiers, args.projects, args.seed)}
    sets.update(real_documents(args.limit))

    def score(blob: bytes) -> object:
        return score_dossier(loads(blob))

    for name, blobs in sets.items():
        if not blobs:
            print(f"{name}: no documents")
            continue
        cold()
        result = guarded(
            name, lambda b=blobs: pairwise(b, {"load": loads, "score": score}, args.rounds, args.limit)
        )
        if result is None:
            continue
        measured = blobs[: result.inputs]
        peaks = {"load": peak_mb(loads, measured), "score": peak_mb(score, measured)}
        print(table(f"{name} ({sum(len(b) for b in measured) / 1e6:.1f} MB JSON)", result, "dossier", peaks))
    info = judge_texts.cache_info()
    print(
        f"judge cache: {info.hits / max(1, info.hits + info.misses):.0%} hits ({info.currsize} distinct pairs)"
    )


if __name__ == "__main__":
    main()
