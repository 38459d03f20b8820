"""What is an indicator row and where the indicator rows end: the rules every reader of the indicator
block shares (the generic reader, ``generic.reader``, and the national-layout reader,
``common.evaluation``, which the Hunan, Zhuzhou and Hubei forms and ``read_national`` use).

One rule, one place: a reader walks its rows and asks these functions; how it finds a row's cells
(by position, by header words, by alignment) is its own.

* ``IndicatorsEnd``: the national form (and the provinces' forms that print it: Yunnan's 公开14表,
  Anhui's, Sichuan's …) writes ``其他需要说明事项`` after its last indicator row; the 总分 row may still
  follow it.
* ``row_kind``: a row with nothing written under 指标值 / 实际完成值 / 分值 / 得分 / 偏差原因 and no name
  of its own holds no indicator. Either it is a ``placeholder`` — a 二级 level the national form
  prints with no indicator under it (``生态效益指标`` left empty when the project has none; Yunnan's,
  Anhui's, Zhuzhou's forms print every 二级 level) — or it is ``none``: a template row left unfilled
  (``指标1``, ``……``), or one whose only cell is a lone figure (``生态效益指标 0`` whose level the text
  lost: a figure without a name or a column of its own is no indicator's). A ``none`` row is dropped by
  every reader. A ``placeholder`` is dropped by the generic family's readers (``reader.read`` and
  ``reader.read_national``); Hunan's, Zhuzhou's and Hubei's readers keep it as an empty row (no name, no
  values), which the scorer passes over (``score.scorer.is_placeholder_row``) and C004 reports as a
  template row left in (seed 001's reviewer lists those rows).
* ``level2_in_name``: a 二级 level a text layout joined to the name's cell (``服务对象满意度指标等 学生满意度``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from jixiao.forms.generic.align import token_kind
from jixiao.forms.generic.vocabulary import (
    BLOCK_END,
    INDICATOR_COLUMNS,
    INDICATORS_END,
    LEVEL2_WORDS,
    TEMPLATE_ROW,
    core,
)
from jixiao.model.cells import clean

# How many written rows after a 其他需要说明事项 row may still hold the 总分 row (its text may run on).
AFTER_END = 3

Step = Literal["row", "skip", "stop"]


@dataclass
class IndicatorsEnd:
    """Where the indicator rows end, asked row by row after the reader's own 总分 test: ``其他需要说明事项``
    (a row whose first written cell says so) ends them, and then only a 总分 row is still looked for, in
    the next ``AFTER_END`` written rows, before any row that ends the block (评价结论, 填表人 …)."""

    after: int = 0

    def step(self, first: str) -> Step:
        """``row`` for a row to read, ``skip`` for one to pass over, ``stop`` when the rows are done;
        ``first`` is the row's first written cell."""
        words = core(first)
        if self.after:
            self.after += 1
            return "stop" if self.after > AFTER_END or words in BLOCK_END else "skip"
        if words in INDICATORS_END:
            self.after = 1
            return "skip"
        return "row"


RowKind = Literal["indicator", "placeholder", "none"]

# the indicator block's section heading, merged down over its rows (绩效指标), or written as the heading
# of the form's part that holds them (the central transfers' and Xinjiang's 年度绩效指标完成情况)
SECTION_HEADINGS = frozenset(
    (
        *(w for c in INDICATOR_COLUMNS if c.kind == "section" for w in c.words),
        "年度绩效指标完成情况",
        "绩效指标完成情况",
    )
)


# the indicator block's column words (一级指标, 年度指标值, 得分计算方法 …): a row whose name is one of
# them, or a text cut inside one (``得分计算`` where an excerpt stops in the header), is the header's cell
_COLUMN_WORDS = frozenset(w for c in INDICATOR_COLUMNS for w in c.words if len(w) >= 2)


def _column_word(words: str) -> bool:
    return words in _COLUMN_WORDS or (
        len(words) >= 4 and any(w.startswith(words) and w != words for w in _COLUMN_WORDS)
    )


def row_kind(name: str, values: Iterable[str]) -> RowKind:
    """What a row with this name (its 三级 cell, a 二级 level split off) and these values (指标值,
    实际完成值, 分值, 得分, 偏差原因 as written) holds: an ``indicator`` when any value is written or the
    name is one; else a ``placeholder`` (no name: an empty 二级 level) or ``none`` (a template's
    placeholder name, a lone figure, the block's section heading: 年度绩效指标完成情况, or one of its
    column words, whole or cut where the text stops: 得分计算)."""
    if any(clean(v) for v in values):
        return "indicator"
    name = clean(name)
    if not name:
        return "placeholder"
    words = core(name)
    if TEMPLATE_ROW.match(name) is not None or token_kind(name) == "number" or words in SECTION_HEADINGS:
        return "none"  # a template row, a lone figure, the block's section heading (no figures under it)
    if _column_word(words):
        return "none"  # a cell of the block's header (its last word cut where the text stops), no row
    return "indicator"


def level2_in_name(text: str) -> tuple[str, str] | None:
    """A 二级 cell the layout joined to the name's (``服务对象满意度指标等 学生满意度``, the row's 二级
    column empty): the level, and the name after it; None unless the text's first word, set apart by
    a space, is a 二级 level (``等`` after it allowed) and a name follows."""
    words = text.split(maxsplit=1)
    if len(words) != 2 or not clean(words[1]):
        return None
    level = core(words[0])
    level = level.removesuffix("等") if level not in LEVEL2_WORDS else level
    if level not in LEVEL2_WORDS:
        return None
    return level, clean(words[1])
