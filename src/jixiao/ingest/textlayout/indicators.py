"""The indicator rows of a layout that marks no rows, as an alignment (``_align_indicators``).

Every way to cut the cell sequence into rows of the header's shape is weighed by how well each cell
fits its column's kind, and the cheapest wins. In the flat layout a line is a row: an indicator row cut
inside a line costs more than one that is whole lines. Template rows left unfilled (``指标2``,
``……``) are no rows; empty cells beyond the header's columns belong to no row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from jixiao.forms.generic.vocabulary import TEMPLATE_ROW
from jixiao.ingest.textlayout.tokens import ColumnKind, Token, _is_number, _is_rate, _points, _Vocabulary

_SKIP_COST: dict[ColumnKind, float] = {
    "value": 2.5,
    "op": 1.5,
    "unit": 1.5,
    "points": 3.5,
    "text": 0.0,
    "amount": 2.5,
    "rate": 2.5,
}
_JUNK = 6.0
_EMPTY_EXTRA = 0.5  # an empty cell left out of every row
_BARE_NAME = 2.0  # an indicator row with a name and no figure: more often a cell of the row above


def _cell_cost(token: Token, kind: ColumnKind) -> float | None:
    """How badly ``token`` fits a column of ``kind`` (``None``: it cannot stand there)."""
    key = token.key
    if token.explicit_empty:
        return 0.0 if kind not in ("name",) else None
    if _is_header_like(key):
        return None
    if kind == "points":
        return 0.0 if _points(key) else None
    if kind == "op":
        return 0.0 if _Vocabulary.op.match(key) else None
    if kind == "unit":
        return 0.0 if _Vocabulary.unit_word.match(key) else None
    if kind == "text":
        if _is_level(key) or _template(key):
            return None
        if _is_number(key):
            return 1.5
        return 0.0 if _is_sentence(key) else 1.0
    if kind == "value":
        return None if _is_level(key) else (0.0 if len(key) <= 30 else 0.8)
    return 0.0


def _is_level(key: str) -> bool:
    return bool(
        _Vocabulary.g1.match(key) or _Vocabulary.g2.match(key) or _Vocabulary.g1_points_only.match(key)
    )


def _is_header_like(key: str) -> bool:
    return bool(_Vocabulary.indicator_any(key)) and len(key) <= 8 and key not in ("得分", "分值")


def _template(key: str) -> bool:
    """A template row's label left unfilled: ``指标2``, ``……``, or ``指标1:/`` (a dash glued to it)."""
    return bool(TEMPLATE_ROW.match(key) or TEMPLATE_ROW.match(key.rstrip("/／-－—")))


def _is_sentence(key: str) -> bool:
    """A cell of prose (a 偏差原因 written out): long and punctuated like a sentence."""
    return len(key) > 15 and bool(re.search(r"[，。；,;]", key))


def _name_cost(token: Token) -> float | None:
    key = token.key
    if not key or _is_number(key) or _is_rate(key) or _is_level(key) or _is_header_like(key):
        return None
    if _Vocabulary.op.match(key) or _Vocabulary.unit_word.match(key):
        return None
    return 1.5 if _is_sentence(key) else 0.0


@dataclass(frozen=True)
class _Step:
    cost: float
    end: int
    cells: tuple[tuple[int, Token], ...]


_MID_LINE = 4.0  # a row cut inside a line of a layout that writes a row on a line
_LINE_ROW = 3.0  # a row that is whole lines of such a layout


def _align_indicators(
    tokens: list[Token], kinds: Sequence[ColumnKind], lines_are_rows: bool = False
) -> list[list[tuple[int, Token]]]:
    """Cut the indicator cells into rows of the header's shape: ``[一级] [二级] 三级 值… 分值 得分 [原因]``.

    A dynamic programme over the cells: each row is weighed by how well its cells fit their columns
    (``_cell_cost``), a column left empty costs by its kind (an empty 原因 is free, an empty 分值 is
    dear), and a cell that fits no row shape becomes a row of its own at a high cost, so nothing is
    ever dropped. Rows are returned as (column, cell) pairs.
    """
    g1_col = kinds.index("g1") if "g1" in kinds else None
    g2_col = kinds.index("g2") if "g2" in kinds else None
    name_col = kinds.index("name")
    rest = list(range(name_col + 1, len(kinds)))
    n = len(tokens)
    inf = float("inf")
    best: list[tuple[float, list[tuple[int, Token]] | None, int]] = [(inf, None, 0)] * (n + 1)
    best[n] = (0.0, [], n)

    def cut(start: int, end: int) -> float:
        """A row of tokens[start:end]: dearer when it ends inside a line, cheaper when it is whole
        lines (in a layout whose lines are rows)."""
        if not lines_are_rows:
            return 0.0
        ends_line = end >= n or tokens[end].line != tokens[end - 1].line
        starts_line = start == 0 or tokens[start - 1].line != tokens[start].line
        return (0.0 if ends_line else _MID_LINE) - (_LINE_ROW if starts_line and ends_line else 0.0)

    for i in range(n - 1, -1, -1):
        options: list[tuple[float, list[tuple[int, Token]], int]] = []
        # A cell that fits nowhere: a row of its own.
        col = g1_col if g1_col is not None and _is_level(tokens[i].key) else name_col
        if not tokens[i].key:  # an empty cell beyond the header's columns (merged, or a border's)
            options.append((_EMPTY_EXTRA + best[i + 1][0], [], i + 1))
        else:
            options.append((_JUNK + cut(i, i + 1) + best[i + 1][0], [(col, tokens[i])], i + 1))
        for lead_cost, lead, j in _leads(tokens, i, g1_col, g2_col):
            if j < n and (name := _name_cost(tokens[j])) is not None:
                template = _template(tokens[j].key)  # 指标2 left empty: nothing to miss
                for step in _rest(tokens, j + 1, rest, kinds, template):
                    bare = not template and not any(t.key for _, t in step.cells)  # a name alone
                    total = lead_cost + name + step.cost + cut(i, step.end) + best[step.end][0]
                    total += _BARE_NAME if bare else 0.0
                    options.append((total, [*lead, (name_col, tokens[j]), *step.cells], step.end))
            if lead and j <= n:  # a heading row alone (its indicators follow)
                options.append((lead_cost + 4.0 + cut(i, j) + best[j][0], list(lead), j))
        cost, row, end = min(options, key=lambda o: o[0])
        best[i] = (cost, row, end)
    rows: list[list[tuple[int, Token]]] = []
    i = 0
    while i < n:
        _, chosen, end = best[i]
        assert chosen is not None
        if chosen:
            rows.append(chosen)
        i = end
    return rows


def _leads(
    tokens: Sequence[Token], i: int, g1_col: int | None, g2_col: int | None
) -> list[tuple[float, list[tuple[int, Token]], int]]:
    """The ways a row may open: nothing, a 一级指标, a 二级指标, or both."""
    out: list[tuple[float, list[tuple[int, Token]], int]] = [(0.0, [], i)]
    n = len(tokens)

    def g1_at(j: int) -> bool:
        return (
            g1_col is not None
            and j < n
            and bool(_Vocabulary.g1.match(tokens[j].key) or _Vocabulary.g1_points_only.match(tokens[j].key))
        )

    def g2_at(j: int) -> bool:
        return g2_col is not None and j < n and bool(_Vocabulary.g2.match(tokens[j].key))

    if g1_at(i) and g1_col is not None:
        cost = 0.0 if ("分" in tokens[i].key or g2_at(i + 1)) else 0.3
        out.append((cost, [(g1_col, tokens[i])], i + 1))
        if g2_at(i + 1) and g2_col is not None:
            out.append((cost, [(g1_col, tokens[i]), (g2_col, tokens[i + 1])], i + 2))
    if g2_at(i) and g2_col is not None:
        out.append((0.1, [(g2_col, tokens[i])], i + 1))
    return out


def _rest(
    tokens: Sequence[Token],
    start: int,
    cols: Sequence[int],
    kinds: Sequence[ColumnKind],
    template: bool = False,
) -> list[_Step]:
    """Every way to fill the columns after 三级指标 from ``start`` on, each column taking one cell or
    staying empty; the cheapest few per end position."""
    states: dict[int, tuple[float, tuple[tuple[int, Token], ...]]] = {start: (0.0, ())}
    for col in cols:
        kind = kinds[col]
        nxt: dict[int, tuple[float, tuple[tuple[int, Token], ...]]] = {}

        def offer(
            pos: int,
            cost: float,
            cells: tuple[tuple[int, Token], ...],
            into: dict[int, tuple[float, tuple[tuple[int, Token], ...]]] = nxt,
        ) -> None:
            if pos not in into or cost < into[pos][0]:
                into[pos] = (cost, cells)

        for pos, (cost, cells) in states.items():
            offer(pos, cost + (0.0 if template else _SKIP_COST.get(kind, 2.0)), cells)
            if pos < len(tokens):
                fit = _cell_cost(tokens[pos], kind)
                if fit is not None:
                    offer(pos + 1, cost + fit, (*cells, (col, tokens[pos])))
        states = nxt
    return [_Step(cost, end, cells) for end, (cost, cells) in states.items()]
