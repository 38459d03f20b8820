"""A run-on indicator block's 分值 and 得分 cut by the points its 一级 heading carries (**level points**).

An 一级 heading written with its points (``产出指标(20分)``, its 自评权重) states the sum of the 分值 of
the rows under it. Where the rows run together, a row's figures may be cut more than one way: an
actual value written as a bare figure runs into the 分值 and 得分 after it (``改造户数50户521010`` is
52 | 10 | 10, or 5210 | 1 | 0). Such a cut is never guessed: the readings of all the heading's
二级 segments are weighed together, and only those whose 分值 add up to the heading's points are
kept. A segment is read when what is kept of it agrees (the run-on reader's rule: the same names and
points in every cut kept); where no reading or several disagreeing ones so add up, nothing is settled.
A block whose every segment reads one way alone is not weighed at all: that its 分值 do not add up
to the heading's points is the form's own error, for the audit to find, never a reason to read it
otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from itertools import product

Cut = list[tuple[str, list[str]]]  # a segment's rows as one cut reads them: (name, cells)

_POINTS = re.compile(r"\d{1,3}(?:\.\d{1,2})?")
_COMBINATIONS = 4096  # readings of a heading's segments weighed at most: more are no certain reading


def heading_points(written: str) -> Decimal | None:
    """The points a heading's bracket writes (``(20分)`` → 20), or None."""
    match = _POINTS.search(written)
    return Decimal(match.group()) if match is not None else None


def weighed(candidates: Sequence[Sequence[Cut]], weight: int, points: Decimal) -> list[list[Cut]] | None:
    """For each segment under a heading (its cuts, ``candidates``), the cuts used by some reading of
    all the segments whose rows' 分值 (cell ``weight`` of each row) add up to the heading's
    ``points``; None when no reading does, or there are too many readings to weigh."""
    count = 1
    for cuts in candidates:
        count *= len(cuts)
    if not candidates or count > _COMBINATIONS:
        return None
    kept: list[list[Cut]] = [[] for _ in candidates]
    for reading in product(*candidates):
        total = sum(
            # a row of values alone (no 分值: ``numberedrows``) adds nothing
            (Decimal(cells[weight]) for cut in reading for _, cells in cut if cells and cells[weight]),
            start=Decimal(0),
        )
        if total != points:
            continue
        for k, cut in enumerate(reading):
            if cut not in kept[k]:
                kept[k].append(cut)
    return kept if all(kept) else None
