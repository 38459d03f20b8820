"""Memory of a long batch (issue #14): what a worker keeps between documents is bounded, so a
province's 30,000 dossiers need no more memory than its first thousand.

The worker's loop is the batch's (``jixiao.batch.record``): decode a dossier, score it, audit it with
that score, encode both, forget them. The generated dossiers have indicator texts of their own (every
figure distinct, as a province's are), so a cache keyed by texts that did not evict would grow with
each one; no dossier may be kept either. Measured with tracemalloc, not time.
"""

from __future__ import annotations

import gc
import tracemalloc
from decimal import Decimal

import msgspec

from jixiao.audit import checks
from jixiao.audit.run import audit_dossier
from jixiao.model import Budget, BudgetRow, Dossier, Evaluation, Indicator, Section, Val
from jixiao.model.serialize import dumps, loads
from jixiao.score import scorer

_GROUPS = (
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("效益指标", "社会效益指标"),
    ("满意度指标", "服务对象满意度指标"),
)


def _money(text: str) -> Val:
    return Val(text=text, num=Decimal(text), unit="万元")


def _evaluation(n: int, table: int) -> Evaluation:
    """Ten rows whose figures no other dossier (or table) shares: each text is new to the caches."""
    rows = []
    for i in range(10):
        goal = 100_000 + (n * 4 + table) * 10 + i
        level1, level2 = _GROUPS[i % len(_GROUPS)]
        if i % 2:
            target, actual = f"≥{goal}人", f"{goal + 7}人"
        else:
            target, actual = f"≤{goal}元/人", f"{goal - 3}元/人"
        rows.append(
            Indicator(
                level1=level1,
                level2=level2,
                name=f"指标{i}",
                target=Val(text=target),
                actual=Val(text=actual),
                weight=Val(text="9", num=Decimal(9)),
                score=Val(text="9", num=Decimal(9)),
            )
        )
    adjusted = f"{1000 + n}.{table}0"
    return Evaluation(
        kind="unit_overall" if table == 0 else "project",
        template="hunan-unit" if table == 0 else "hunan-project",
        title=f"表{table}",
        name=Val(text=f"项目{n}-{table}"),
        budget=Budget(
            total=BudgetRow(
                label="年度资金总额",
                initial=_money(adjusted),
                adjusted=_money(adjusted),
                executed=_money(f"{900 + n}.{table}5"),
            ),
            weight=Val(text="10", num=Decimal(10)),
        ),
        indicators=tuple(rows),
        declared_total=Val(text="95", num=Decimal(95)),
    )


def _dossier_json(n: int) -> bytes:
    section = Section(
        heading="一、基本情况",
        text=f"单位{n}年度预算{1000 + n}.00万元，全年执行{900 + n}.05万元，执行率较上年提高{n % 9}.5个百分点。",
    )
    # a completion sentence (K003): one figure of the first table's row 1, and "任务" in the text
    goal = 100_000 + n * 4 * 10 + 1
    tasks = Section(heading="二、绩效目标完成情况", text=f"培训{goal + 7}人，完成目标任务的101%。")
    return dumps(
        Dossier(
            source=f"unit{n}.json",
            unit=f"单位{n}",
            year=2023,
            evaluations=tuple(_evaluation(n, t) for t in range(3)),
            sections=(section, tasks),
        )
    )


def _work(first: int, count: int) -> int:
    """Score and audit dossiers ``first``.. as a batch worker does; returns the bytes written."""
    written = 0
    for n in range(first, first + count):
        dossier = loads(_dossier_json(n))
        scored = scorer.score_dossier(dossier)
        audited = audit_dossier(dossier, scored=scored)
        written += len(msgspec.json.encode(scored)) + len(msgspec.json.encode(audited))
    return written


def _caches() -> list[object]:
    """The value caches (filled past their bound by the first batches), then the checks' patterns."""
    return [scorer.parse_text, scorer.judge_texts, checks._completion_pattern]


def test_the_value_caches_are_bounded() -> None:
    for cached in _caches():
        maxsize = cached.cache_info().maxsize  # type: ignore[attr-defined]
        assert maxsize is not None and maxsize <= 16384, f"{cached} may grow with the batch"
    assert scorer.LEVELS_CACHE_SIZE <= 16384


# Each batch below brings 6,000 texts and 3,000 pairs no earlier dossier had. Measured: the second
# batch of 100 retained 5.1 MB with the caches unbounded (262,144 entries, as before issue #14) and
# 2.7 kB with them bounded; a decoded dossier here is 38.5 kB, so keeping the batch's dossiers would
# retain 3.9 MB. The bound lies between, with a wide margin both ways.
_BATCH = 100
_GROWTH_BOUND = 1_000_000


def test_a_second_batch_retains_no_more_memory_than_the_first() -> None:
    for cached in _caches():
        cached.cache_clear()  # type: ignore[attr-defined]
    gc.collect()
    tracemalloc.start()  # before the caches fill: an entry made earlier would be freed uncounted
    try:
        _work(0, 2 * _BATCH)  # fills every cache past its bound (8,192 texts: 60 new texts a dossier)
        for cached in _caches()[:2]:
            info = cached.cache_info()  # type: ignore[attr-defined]
            assert info.currsize == info.maxsize
        gc.collect()
        _work(2 * _BATCH, _BATCH)
        gc.collect()
        after_one, _ = tracemalloc.get_traced_memory()
        _work(3 * _BATCH, _BATCH)
        gc.collect()
        after_two, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert after_two - after_one < _GROWTH_BOUND, (
        f"a batch of {_BATCH} dossiers kept {after_two - after_one} bytes"
    )
