"""What every benchmark here shares: A and B timed pair by pair, medians and ratios, a time limit
that reports what was measured, and the inputs (generated dossiers with narratives like the seeds',
the seed documents, the corpus of real published documents).

Pair by pair: for each input, each step (the baseline first on even rounds, last on odd ones) runs
once back to back, so a change in the machine's load (a shared machine: other jobs come and go)
affects the baseline and the step of one pair alike. A step's figure is the **median** of its
per-input times, its ratio the **median of the per-pair ratios** step / baseline — not one block of
A against a later block of B.

A benchmark given ``--limit`` seconds stops starting new pairs when it is over and prints what it
has, marked ``(partial: i of n inputs)``: it never dies silently.
"""

from __future__ import annotations

import gc
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Generic, TypeVar

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")
Clock = Callable[[], float]


@dataclass
class Step:
    name: str
    times: list[float] = field(default_factory=list)  # one per (input, round)
    ratios: list[float] = field(default_factory=list)  # step / baseline of the same pair

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else float("nan")

    @property
    def total(self) -> float:
        return sum(self.times)

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios) if self.ratios else float("nan")


@dataclass
class Pairs(Generic[T]):
    steps: dict[str, Step]
    inputs: int  # how many inputs were measured
    planned: int
    seconds: float

    @property
    def partial(self) -> bool:
        return self.inputs < self.planned

    def note(self) -> str:
        return f"  (partial: {self.inputs} of {self.planned} inputs, time limit)" if self.partial else ""


def pairwise(
    items: Sequence[T],
    works: dict[str, Callable[[T], object]],
    rounds: int = 3,
    limit: float | None = None,
    clock: Clock = time.process_time,
) -> Pairs[T]:
    """Time every work on every item, pair by pair; the first work is the baseline."""
    names = list(works)
    base = names[0]
    steps = {name: Step(name) for name in names}
    started = time.monotonic()
    done = 0
    gc.collect()
    for item in items:
        if limit is not None and time.monotonic() - started > limit:
            break
        for round_no in range(rounds):
            order = names if round_no % 2 == 0 else names[::-1]
            seen: dict[str, float] = {}
            for name in order:
                t0 = clock()
                works[name](item)
                seen[name] = clock() - t0
            for name in names:
                steps[name].times.append(seen[name])
                if seen[base] > 0:
                    steps[name].ratios.append(seen[name] / seen[base])
        done += 1
    return Pairs(steps, done, len(items), time.monotonic() - started)


def peak_mb(work: Callable[[T], object], items: Sequence[T]) -> float:
    """Peak traced Python memory (MB) of a pass that keeps nothing between items."""
    gc.collect()
    tracemalloc.start()
    for item in items:
        work(item)
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top / 1e6


def table(
    title: str, result: Pairs[object], unit_of: str = "doc", peaks: dict[str, float] | None = None
) -> str:
    base = next(iter(result.steps))
    lines = [
        f"{title}: {result.inputs} {unit_of}s x pairs{result.note()}",
        f"  {'step':<14} {'median ms':>10} {'total s':>9} {unit_of + 's/s':>9} {'ratio (median of pairs)':>24}"
        + ("  peak MB" if peaks else ""),
    ]
    for name, step in result.steps.items():
        rate = len(step.times) / step.total if step.total else float("inf")
        ratio = "baseline" if name == base else f"{step.ratio:.2f}x"
        extra = f"  {peaks[name]:7.1f}" if peaks and name in peaks else ""
        lines.append(
            f"  {name:<14} {step.median * 1e3:10.2f} {step.total:9.2f} {rate:9.1f} {ratio:>24}{extra}"
        )
    return "\n".join(lines)


# --- inputs ---------------------------------------------------------------------------------------


def seed_files() -> list[Path]:
    for folder in (ROOT.parent / "shared" / "seeds", ROOT / "tests" / "fixtures" / "seeds"):
        files = sorted(folder.glob("*.txt"))
        if files:
            return files
    return []


def corpus_files() -> list[Path]:
    return sorted((ROOT / "tests" / "corpus").glob("*/*.txt"))


def guarded(label: str, work: Callable[[], T]) -> T | None:
    """Run one part of a benchmark; a failure is printed with its label and the rest goes on."""
    try:
        return work()
    except Exception as exc:  # a benchmark reports, it does not die silently
        print(f"{label}: failed ({type(exc).__name__}: {exc})", file=sys.stderr)
        return None


# Narrative sentences shaped like the seeds' reports (三公经费, 预算执行, 项目 figures): every figure
# with its unit, changes against the previous year, completion rates and 其中 parts.
_SENTENCES = (
    "{year}年度收入总计{income}万元，比上年增加{delta}万元，增长{rate}%。",
    "{year}年度支出总计{spend}万元，其中基本支出{basic}万元，项目支出{project}万元。",
    "“三公”经费支出{sangong}万元，比上年减少{cut}万元，下降{cutrate}%；其中公务接待费{hosting}万元，公务用车运行维护费{car}万元。",
    "全年预算执行率为{exec}%，完成年初预算的{complete}%。",
    "编制数{quota}人，实际在职人数{staff}人。",
    "项目资金到位{project}万元，资金到位率100%，已全部支付。",
)


def narrative(rng: random.Random, year: int) -> list[tuple[str, str]]:
    """Report sections for a generated dossier: headings and sentences with consistent figures."""
    spend = Decimal(rng.randint(50000, 900000)) / 100
    basic = (spend * Decimal(rng.randint(40, 80)) / 100).quantize(Decimal("0.01"))
    sangong = Decimal(rng.randint(100, 5000)) / 100
    hosting = (sangong * Decimal(rng.randint(20, 60)) / 100).quantize(Decimal("0.01"))
    values = {
        "year": year,
        "income": spend + Decimal(rng.randint(0, 10000)) / 100,
        "delta": Decimal(rng.randint(100, 9000)) / 100,
        "rate": Decimal(rng.randint(10, 900)) / 100,
        "spend": spend,
        "basic": basic,
        "project": spend - basic,
        "sangong": sangong,
        "cut": Decimal(rng.randint(1, 300)) / 100,
        "cutrate": Decimal(rng.randint(10, 900)) / 100,
        "hosting": hosting,
        "car": sangong - hosting,
        "exec": Decimal(rng.randint(8500, 10000)) / 100,
        "complete": Decimal(rng.randint(9000, 10500)) / 100,
        "quota": rng.randint(10, 200),
        "staff": rng.randint(10, 200),
    }
    headings = ("一、部门基本情况", "二、预算执行情况", "三、绩效目标完成情况", "四、存在的问题及改进措施")
    sections = []
    sentences = list(_SENTENCES)
    for i, heading in enumerate(headings):
        chosen = sentences[i :: len(headings)] or [sentences[i % len(sentences)]]
        sections.append((heading, "".join(s.format(**values) for s in chosen)))
    return sections


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
