"""Align a row's tokens with the columns its header expects, by what each token is.

A text layout that knows no cells (a Word table pasted flat, cells split on spaces; a PDF's text; a
row whose empty cells were dropped) gives a row as a list of tokens, more or fewer than its header has
columns. Which token belongs to which column is then told by type: a label is text, an amount is a
number, a rate ends with %, a weight or score is a number from 0 to 100, an indicator value may be
anything. ``align`` finds the assignment of tokens to columns, in order, that fits best (a small
dynamic programme over tokens × columns):

* every token goes to one column, in order, or is dropped at a cost (a stray ``……``);
* a column takes one token, or several when it holds text (a sentence split on spaces);
* a column may stay empty;
* among equally good assignments, tokens go to the earliest columns.

It knows nothing of provinces or forms: only the column kinds of ``vocabulary.ColumnKind``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jixiao.forms.generic.vocabulary import LEVEL1_WORDS, LEVEL2_WORDS, SIGN_WORDS, ColumnKind, core, fold
from jixiao.model.numbers import parse_decimal

_RATE = re.compile(r"^[-+]?[0-9０-９.,．]+[%％]$")
_MONEY = re.compile(r"^[-+]?[0-9０-９.,，．]+(万元|元|亿元|万)$")
_SIGNS = frozenset(SIGN_WORDS)
_UNITS = frozenset(
    {
        "%",
        "％",
        "万元",
        "元",
        "人",
        "个",
        "次",
        "户",
        "天",
        "件",
        "项",
        "份",
        "台",
        "套",
        "平方米",
        "米",
        "公里",
        "亩",
        "人次",
        "家",
        "所",
        "座",
        "处",
        "万人",
        "分",
        "小时",
        "月",
        "年",
        "元/人",
    }
)
_PLACEHOLDER = frozenset({"/", "—", "-", "——", "－", "无", "／", "\\"})
_LEVEL_POINTS = re.compile(r"\(\s*\d+(\.\d+)?\s*分\s*\)")

DROP_COST = 3.0
EXTRA_TOKEN_COST = 0.5
_EARLY = 1e-3


def token_kind(text: str) -> str:
    """What a token looks like: blank, placeholder, rate, number, money, sign, unit, level1, level2, text."""
    compact = fold(text)
    if not compact:
        return "blank"
    if compact in _PLACEHOLDER:
        return "placeholder"
    if _RATE.match(compact):
        return "rate"
    if parse_decimal(compact.replace("，", ",")) is not None:
        return "number"
    if _MONEY.match(compact):
        return "money"
    if compact in _SIGNS:
        return "sign"
    if compact in _UNITS:
        return "unit"
    words = core(compact)
    if words in LEVEL1_WORDS or (_LEVEL_POINTS.search(compact) and words.endswith("指标")):
        return "level1"
    if words in LEVEL2_WORDS:
        return "level2"
    return "text"


def _points(text: str) -> bool:
    value = parse_decimal(fold(text).replace("，", ","))
    return value is not None and 0 <= value <= 100


def fit(text: str, kind: ColumnKind) -> float | None:
    """How well a token fits a column of ``kind`` (higher is better); ``None`` when it cannot be there."""
    token = token_kind(text)
    if token == "blank":
        return 0.0
    if token == "placeholder":
        return 1.0 if kind in ("money", "rate", "points", "value", "text", "sign", "unit") else None
    if kind == "money":
        return {"number": 3.0, "money": 3.0}.get(token)
    if kind == "rate":
        if token == "rate":
            return 4.0
        return 1.5 if token == "number" else None
    if kind == "points":
        return 3.0 if token == "number" and _points(text) else None
    if kind == "value":
        return {"number": 1.0, "rate": 2.0, "money": 2.5, "text": 2.0, "sign": 0.5, "unit": 0.5}.get(
            token, 1.0
        )
    if kind == "sign":
        return 4.0 if token == "sign" else None
    if kind == "unit":
        return 4.0 if token == "unit" else None
    if kind == "text":
        return {"text": 1.0, "level1": 0.3, "level2": 0.3}.get(token, 0.5)
    if kind == "label":
        return {"text": 2.0, "level1": 1.0, "level2": 1.0}.get(token)
    if kind == "section":
        return {"text": 0.1, "level1": 0.1, "level2": 0.1}.get(token)
    if kind == "level1":
        return {"level1": 5.0, "text": 0.2}.get(token)
    if kind == "level2":
        return {"level2": 5.0, "level1": 1.0, "text": 0.2}.get(token)
    if kind == "name":
        return {"text": 2.5, "level2": 0.5, "level1": 0.2, "number": 0.1, "money": 0.1, "rate": 0.1}.get(
            token
        )
    return None  # pragma: no cover - every kind is handled above


_MULTI = frozenset({"text", "label", "name", "value", "section"})


def align_indices(tokens: Sequence[str], kinds: Sequence[ColumnKind]) -> tuple[tuple[int, ...], ...]:
    """For each column, the indexes of the tokens assigned to it (empty when none); dropped tokens
    appear in no column. Blank tokens are never assigned (a blank says nothing of its column)."""
    kept = [i for i, t in enumerate(tokens) if token_kind(t) != "blank"]
    n, m = len(kept), len(kinds)
    neg = float("-inf")
    # best[i][j]: best score having placed the first i kept tokens into the first j columns.
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for j in range(m + 1):
        for i in range(n + 1):
            here = best[i][j]
            if here == neg:
                continue
            if i < n and here - DROP_COST > best[i + 1][j]:  # drop token i
                best[i + 1][j] = here - DROP_COST
                back[i + 1][j] = (i, j, 0)
            if j == m:
                continue
            if here > best[i][j + 1]:  # column j stays empty
                best[i][j + 1] = here
                back[i][j + 1] = (i, j, 1)
            total = here
            span_max = n - i if kinds[j] in _MULTI else min(1, n - i)
            for span in range(1, span_max + 1):
                score = fit(tokens[kept[i + span - 1]], kinds[j])
                if score is None:
                    break
                if span > 1:  # a continuation: worth less than a column of its own
                    score = score * 0.5 - EXTRA_TOKEN_COST
                total += score + _EARLY * (m - j)
                if total > best[i + span][j + 1]:
                    best[i + span][j + 1] = total
                    back[i + span][j + 1] = (i, j, 2)
    columns: list[list[int]] = [[] for _ in range(m)]
    i, j = n, m
    while (i, j) != (0, 0):
        step = back[i][j]
        if step is None:  # pragma: no cover - (n, m) is always reachable by dropping and skipping
            break
        pi, pj, move = step
        if move == 2:
            columns[pj] = [kept[k] for k in range(pi, i)]
        i, j = pi, pj
    _signed_values(tokens, kinds, columns)
    _after_unit(tokens, kinds, columns)
    return tuple(tuple(c) for c in columns)


def _signed_values(tokens: Sequence[str], kinds: Sequence[ColumnKind], columns: list[list[int]]) -> None:
    """A figure written right after a sign (``= | 100``, ``≤ | 30``) is the value the sign qualifies: it
    goes to the value column after the sign's, not to a later 分值 column (a sign never precedes a
    分值) -- the shape of a row the text cut after its 指标值."""
    for j in range(len(kinds) - 1):
        if kinds[j] != "sign" or kinds[j + 1] != "value" or len(columns[j]) != 1 or columns[j + 1]:
            continue
        after = columns[j][0] + 1
        while after < len(tokens) and token_kind(tokens[after]) == "blank":
            after += 1
        if after >= len(tokens) or token_kind(tokens[after]) not in ("number", "rate", "money"):
            continue
        holder = next((k for k in range(j + 2, len(kinds)) if after in columns[k]), None)
        if holder is None or columns[holder] != [after] or any(columns[k] for k in range(j + 1, holder)):
            continue
        columns[holder] = []
        columns[j + 1] = [after]


def _after_unit(tokens: Sequence[str], kinds: Sequence[ColumnKind], columns: list[list[int]]) -> None:
    """Figures written right after a unit (``≥ | 95 | % | 95 | 10.00``) fill the columns after the unit's
    in order: the forms that write the 指标值 in three columns (指标性质 | 指标值 | 度量单位: Yunnan's 公开14表,
    Sichuan's 2023 项目支出绩效自评表) write 实际完成值 next, then 分值 and 得分. A row that ends short of
    its header after them lost its last columns (the text cut there, or its empty 得分 dropped), not
    its 实际完成值: without this the best fit puts a bare figure in a 分值 column (a figure fits 分值
    better than a value column), the 实际完成值 read as the 分值 and the 分值 as the 得分.

    Only where the figures after the unit are the row's last tokens, each alone in its column, and
    each fits the column it moves to; the columns they leave at the end stay empty."""
    for j in range(len(kinds) - 1):
        if kinds[j] != "unit" or kinds[j + 1] != "value" or len(columns[j]) != 1 or columns[j + 1]:
            continue
        after = [i for i in range(columns[j][0] + 1, len(tokens)) if token_kind(tokens[i]) != "blank"]
        if not after or any(token_kind(tokens[i]) not in ("number", "rate", "money") for i in after):
            continue
        holders = [k for k in range(j + 1, len(kinds)) if columns[k]]
        if [i for k in holders for i in columns[k]] != after or any(len(columns[k]) != 1 for k in holders):
            continue
        targets = list(range(j + 1, j + 1 + len(after)))
        if targets == holders or targets[-1] >= len(kinds):
            continue
        if any(fit(tokens[i], kinds[k]) is None for i, k in zip(after, targets, strict=True)):
            continue
        for k in holders:
            columns[k] = []
        for i, k in zip(after, targets, strict=True):
            columns[k] = [i]


def align(tokens: Sequence[str], kinds: Sequence[ColumnKind], joiner: str = " ") -> tuple[str | None, ...]:
    """The text each column receives (tokens joined with ``joiner``), ``None`` for an empty column.

    >>> align(["年度资金总额", "120", "120", "118.5", "10", "98.75%", "9.88"],
    ...       ["label", "money", "money", "money", "points", "rate", "points"])
    ('年度资金总额', '120', '120', '118.5', '10', '98.75%', '9.88')
    >>> align(["上年结转资金", "5"], ["label", "money", "money", "money"])
    ('上年结转资金', '5', None, None)
    """
    return tuple(
        joiner.join(tokens[k] for k in indexes) if indexes else None
        for indexes in align_indices(tokens, kinds)
    )
