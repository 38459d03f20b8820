"""The cells of a text layout as written (``Token``), what the forms' vocabulary says of them, and
their kinds.

Nothing here is tuned to one document: the words are the forms' one vocabulary,
``jixiao.forms.generic.vocabulary`` (``_Vocabulary`` only asks it questions). A cell's kind (amount,
rate, points, blank) is read from the cell alone; a value is never changed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from jixiao.forms.generic.reader import match_column
from jixiao.forms.generic.vocabulary import (
    BUDGET_COLUMNS,
    FUNDS_PARTS,
    FUNDS_SOURCES,
    FUNDS_TOTAL,
    GOAL_ACHIEVED,
    GOAL_EXPECTED,
    GOAL_ROW,
    GRADE_LABELS,
    HEADER_FIELDS,
    INDICATOR_COLUMNS,
    LEVEL1_WORDS,
    LEVEL2_WORDS,
    SIGN_WORDS,
    TOTAL_ROW,
    core,
)
from jixiao.model.cells import clean
from jixiao.model.numbers import parse_decimal

Layout = Literal["word", "pipe", "cells", "flat", "tab", "runon", "pdf", "prose"]
ColumnKind = Literal["label", "amount", "rate", "points", "value", "op", "unit", "text", "g1", "g2", "name"]


@dataclass(frozen=True)
class Token:
    """One cell of the text as written, with the line it stands on (1-based)."""

    text: str
    line: int
    explicit_empty: bool = False  # an empty cell the layout marks (a bare ``|``)
    reading: str = ""  # the cell as the vocabulary reads it, when not as written (simplified)
    unread: str = ""  # text seen for this cell that the reader could not place (``text`` empty): Val.unread

    @property
    def key(self) -> str:
        return clean(self.reading or self.text).rstrip("：:")


_EMPTY = Token("", 0)


# --------------------------------------------------------------------------- vocabulary
# The forms' words are those of ``jixiao.forms.generic.vocabulary`` (one vocabulary for every reader);
# ``_Vocabulary`` only asks it the questions row recovery needs (is this a budget header word, a
# funds line's label, a 一级指标 …). The few patterns left here are shapes, not words (a sign, a unit,
# a ``(万元)`` qualifier, a ``(N分)`` subtotal).


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_INNER = r"(?:[（(][^（()）]{1,8}[)）])?"


def _qualified_inside(words: Sequence[str]) -> str:
    """An alternation of words that may be written with a bracketed qualifier inside (``政策(项目)名称``,
    ``转移支付(项目)名称``): the vocabulary holds them as ``core`` folds them, the bracket dropped."""
    return "|".join(_INNER.join(re.escape(c) for c in w) for w in sorted(set(words), key=len, reverse=True))


_SENTENCE = re.compile(r"[，。；;！？]|,\D")
_POINTS_SUFFIX = r"([（(]\s*\d+(\.\d+)?\s*分?\s*[)）])?"  # (50分), or (50) beside a heading


def _column(key: str, block: Literal["budget", "indicator"]) -> str | None:
    """The field a header cell names in a block (``label`` for the block's title cell), or None. A
    sentence (punctuated, or longer than any header cell) names none, whatever word it opens with."""
    words = core(key)
    if not words or len(words) > 16 or _SENTENCE.search(key):
        return None
    column = match_column(key, BUDGET_COLUMNS if block == "budget" else INDICATOR_COLUMNS)
    return column.field if column is not None else None


class _Vocabulary:
    budget_unit = re.compile(
        r"^(" + _alternation([w for c in BUDGET_COLUMNS if c.field == "label" for w in c.words]) + ")"
    )
    budget_row = re.compile(
        r"^(其中|"
        + _alternation([*FUNDS_TOTAL, *(w for _, words in FUNDS_PARTS for w in words), *FUNDS_SOURCES])
        + ")"
    )
    goal = re.compile(r"^(" + _alternation([*GOAL_ROW, *GOAL_EXPECTED, *GOAL_ACHIEVED]) + ")")
    g1 = re.compile(r"^(" + _alternation(LEVEL1_WORDS) + ")" + _POINTS_SUFFIX + "$")
    g1_points_only = re.compile(r"^[（(]\s*\d+(\.\d+)?\s*分\s*[)）]$")
    points_half = re.compile(r"^\d+(\.\d+)?\s*分?\s*[)）]$")  # its opening bracket lost: ``30分)``
    points_bracket = re.compile(r"^[（(]\s*\d+(\.\d+)?\s*分?\s*[)）]$")
    g2 = re.compile(
        r"^(" + _alternation([*LEVEL2_WORDS, *(w.removesuffix("指标") for w in LEVEL2_WORDS)]) + ")"
        r"(指标)?" + _POINTS_SUFFIX + "$"
    )
    total = re.compile(r"^(" + _alternation(TOTAL_ROW) + ")")
    field = re.compile(
        r"^("
        + _qualified_inside([w for name, words in HEADER_FIELDS if name != "other" for w in words])
        + "|项目负责人|联系电话|项目属性|项目类型|项目基本情况)"
    )
    title = re.compile(r"(绩效自评表|绩效目标自评表|自评表)\s*([（(][^）)]{0,12}[)）])?\s*$")
    end = re.compile(
        r"^(注[：:]|注\s*\d|说明[：:]|备注[：:]|填表人|填报人|项目负责人[：:]|财务负责人|单位负责人|审核人|评价结论)"
    )
    grade = re.compile(r"^(优|良|中|差|优秀|良好|合格|不合格)$|^(" + _alternation(GRADE_LABELS) + ")")
    unit_word = re.compile(
        r"^(%|％|万元|元|人|人次|个|次|天|日|月|年|户|家|项|件|台|套|所|个百分点|平方米|米|公里|亩|吨|份|场|期|批|篇|本|名|座|辆|处|条|册)$"
    )
    op = re.compile(r"^(" + _alternation(SIGN_WORDS) + ")$")
    qualifier = re.compile(r"^[（(]\s*(万元|元|A|B|B/A|A/B|[A-Z]\s*/\s*[A-Z])\s*[)）]$")

    @staticmethod
    def budget_head(key: str) -> bool:
        """An amount column of the budget header (年初预算数, 全年预算数, 全年执行数 …)."""
        return _column(key, "budget") in ("initial", "adjusted", "executed")

    @staticmethod
    def budget_any(key: str) -> bool:
        """Any column of the budget header but the row labels' (分值, 执行率, 得分, 原因 too)."""
        return _column(key, "budget") not in (None, "label")

    @staticmethod
    def indicator_any(key: str) -> bool:
        return _column(key, "indicator") is not None

    @staticmethod
    def indicator_start(key: str) -> bool:
        """The first cell of an indicator header: its section title (绩效指标) or 一级指标."""
        return core(key) in ("绩效指标", "年度绩效指标") or _column(key, "indicator") == "level1"

    @classmethod
    def word(cls, key: str) -> bool:
        """A header word of either block (alone, not a row's value)."""
        return cls.budget_any(key) or cls.indicator_any(key)


def _known(key: str) -> bool:
    v = _Vocabulary
    return bool(
        v.word(key) or v.g1.match(key) or v.g2.match(key) or (v.budget_row.match(key) and len(key) <= 10)
    ) or bool(v.goal.match(key) and len(key) <= 10)


# --------------------------------------------------------------------------- token kinds

_NUMBER = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_RATE = re.compile(r"^[-+]?\d+(\.\d+)?\s*[%％]$")
_DASH = re.compile(r"^[-—–－/／\\、—…]+$|^(无|——)$")


_AMOUNT = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?\s*(万元|元|亿元)$")


def _is_number(key: str) -> bool:
    return bool(_NUMBER.match(key))


_SPLIT_SPACES = re.compile(r"[ \u3000\u00a0]+")
_AMOUNT_UNIT = re.compile(r"\s*(万元|元|亿元)$")


def _is_amount(key: str) -> bool:
    """An amount, bare or with its unit written after it (``4753.66万元``)."""
    return bool(_NUMBER.match(key) or _AMOUNT.match(key))


def _is_rate(key: str) -> bool:
    return bool(_RATE.match(key))


def _is_blank(token: Token) -> bool:
    return not token.key or bool(_DASH.match(token.key))


def _is_value(token: Token) -> bool:
    """A budget row's value: an amount, a rate, a dash or an empty cell."""
    key = token.key
    return _is_blank(token) or _is_amount(key) or _is_rate(key)


def _points(key: str) -> bool:
    if not _is_number(key):
        return False
    value = parse_decimal(key.replace(",", ""))
    return value is not None and Decimal(0) <= value <= Decimal(100)
