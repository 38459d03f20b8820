"""Scoring benchmark over a generated province.

Builds N dossiers (each one unit table and P project tables, with indicator texts and figures drawn
from the seed documents' vocabulary), writes them as JSON lines, then measures in one run:

  load   : JSON -> dossier model (msgspec, exact Decimals)          -- the baseline
  score  : dossier -> scores under the detected rule pack
  total  : load + score, the way `jixiao score` runs

and prints dossiers per second, peak memory (tracemalloc) and the ratio score/load.
Usage:  python bench/score_bench.py [--dossiers 20000] [--projects 8] [--seed 7]
"""

from __future__ import annotations

import argparse
import gc
import random
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

from jixiao.model import Budget, BudgetRow, Dossier, Evaluation, Indicator, Val
from jixiao.model.serialize import dumps, loads
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
        rows.append(
            dumps(Dossier(source=f"unit{n}.json", unit=f"单位{n}", year=2023, evaluations=tuple(tables)))
        )
    return rows


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
    parser.add_argument("--dossiers", type=int, default=20000)
    parser.add_argument("--projects", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"generating {args.dossiers} dossiers x (1 unit + {args.projects} projects) x 10 indicators ...")
    blobs = province(args.dossiers, args.projects, args.seed)
    size = sum(len(b) for b in blobs)
    print(f"  {size / 1e6:.1f} MB of dossier JSON")
    dossiers, t_load, m_load = measure(lambda: [loads(b) for b in blobs])
    results, t_score, m_score = measure(lambda: [score_dossier(d) for d in dossiers])
    tables = sum(len(r.tables) for r in results)
    n = args.dossiers
    print(f"load  (baseline): {t_load:8.2f} s  {n / t_load:9.0f} dossiers/s  peak {m_load / 1e6:8.1f} MB")
    print(
        f"score           : {t_score:8.2f} s  {n / t_score:9.0f} dossiers/s  peak {m_score / 1e6:8.1f} MB  ({tables} tables)"
    )
    print(f"load + score    : {t_load + t_score:8.2f} s  {n / (t_load + t_score):9.0f} dossiers/s")
    info = judge_texts.cache_info()
    print(
        f"judge cache     : {info.hits / max(1, info.hits + info.misses):.0%} hits ({info.currsize} distinct pairs)"
    )
    print(f"ratio score/load: {t_score / t_load:.2f}x   (aim: within 3x)")


if __name__ == "__main__":
    main()
