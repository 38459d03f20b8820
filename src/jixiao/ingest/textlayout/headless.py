"""An indicator block continued at the top of a page, its header on the page before (**headless**).

A stored page of a site that reprints a run of 自评表s a page at a time may open in the middle of one
form's indicator block: its rows, the form's 合计 row and closing rows, then the next form's title
(``道路巡查覆盖率 | = | 100 | % | 10 |`` … ``合计 | 100 |`` … ``部门预算项目支出绩效自评表``).
The block's header (一级指标 | 二级指标 | 三级指标 | … | 分值 | 得分) is not in the text, so no reader
finds its columns and the rows run into the next form.

The rows are read only where their structure is established by the rows themselves:

* each row is its level labels (the forms' 一级/二级指标 words; a label merged down over several rows
  is written once, in its first row, so a row holds the innermost ones only: one label is the 二级),
  then its name, then the row's target as the form writes it -- a sign (=, ≥, 定性), the value, a
  unit, each at most once and in that order -- and then exactly as many figures of 0-100 as the 合计
  row writes (the 合计 row totals the 分值 and 得分 columns only: a 指标值 or 完成值 has no total);
* some row writes both an 一级 and a 二级 label, so the columns before the name are known;
* the 合计 row writes the form's whole, 100, as its first figure (the 分值 column's total): its one
  figure is the 分值, two are the 分值 and the 得分; the rows' 分值 sum to no more than it (the rest
  on the page before), and no 得分 is above its 分值.

Then the block is read under the header those columns name: a header row of the vocabulary's words
(no cell of the text, set on the block's first line) before the rows, every row put under it cell for
cell (its merged label cells empty, its cells as written); the rows after the 合计 (评价结论, 负责人)
stay with it up to the next form's title, which then opens a table of its own. The table names no
project: its head is on the page before. A block any row of which does not fit is left as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from jixiao.forms.generic.align import token_kind
from jixiao.forms.generic.vocabulary import INDICATOR_COLUMNS
from jixiao.ingest.textlayout.aligner import VocabularyAligner
from jixiao.ingest.textlayout.tokens import Token, _points, _Vocabulary
from jixiao.model.numbers import parse_decimal

_WHOLE = Decimal(100)  # the form's whole: the 合计 of the 分值 column


def _word(field: str) -> str:
    """The vocabulary's first word for an indicator column (``一级指标``, ``分值`` …)."""
    return next(c.words[0] for c in INDICATOR_COLUMNS if c.field == field)


class _Row:
    """An indicator row as the rows' structure reads it."""

    def __init__(self, labels: list[Token], name: Token, sign: Token | None, value: Token | None) -> None:
        self.labels = labels
        self.name = name
        self.sign = sign
        self.value = value
        self.unit: Token | None = None
        self.figures: list[Token] = []


def _level(key: str) -> bool:
    return bool(_Vocabulary.g1.match(key) or _Vocabulary.g2.match(key))


def _parsed(cells: Sequence[Token], figures: int) -> _Row | None:
    """A row's cells as labels, name, sign, value, unit and its last ``figures`` figures; None when
    they are not so written."""
    filled = [t for t in cells if t.key]
    if len(filled) < figures + 2 or not all(_points(t.key) for t in filled[-figures:]):
        return None
    body, tail = filled[:-figures], filled[-figures:]
    labels: list[Token] = []
    while body and len(labels) < 2 and _level(body[0].key):
        labels.append(body.pop(0))
    if not body or _level(body[0].key) or token_kind(body[0].key) not in ("text",):
        return None
    name, middle = body[0], body[1:]
    sign = middle.pop(0) if middle and token_kind(middle[0].key) == "sign" else None
    if not middle or token_kind(middle[0].key) in ("sign", "unit", "level1", "level2"):
        return None
    value = middle.pop(0)
    row = _Row(labels, name, sign, value)
    if middle and token_kind(middle[0].key) == "unit":
        row.unit = middle.pop(0)
    if middle:
        return None  # a cell more than the target's: a 完成值, or a row written otherwise
    row.figures = tail
    return row


def headless_indicators(
    rows: Sequence[list[Token] | None], numbers: Sequence[int]
) -> tuple[list[list[Token] | None], list[int]] | None:
    """The rows of a pipe text (``numbers``: each row's line) that opens with an indicator block whose
    header is not in the text (see the module's doc): the block's rows put under the header its rows
    establish, that header a row before them (its words the vocabulary's, on the block's first line);
    None when the text opens otherwise."""
    start = next((i for i, cells in enumerate(rows) if cells and any(t.key for t in cells)), None)
    if start is None:
        return None
    total_at: int | None = None
    for i in range(start, len(rows)):
        cells = rows[i]
        if cells is None:
            return None  # the table ends before a 合计
        keys = [t.key for t in cells if t.key]
        if not keys:
            continue
        if _Vocabulary.total.fullmatch(keys[0]):
            total_at = i
            break
        if any(_Vocabulary.word(k) for k in keys) or any(
            VocabularyAligner._indicator_header_at(cells, k) for k in range(len(cells))
        ):
            return None  # a header in the text: its reader's
    if total_at is None or total_at == start:
        return None
    total_cells = [t for t in rows[total_at] or () if t.key]
    figures = len(total_cells) - 1
    if figures not in (1, 2) or not all(_points(t.key) for t in total_cells[1:]):
        return None
    if parse_decimal(total_cells[1].key) != _WHOLE:
        return None
    parsed: dict[int, _Row] = {}
    for i in range(start, total_at):
        cells = rows[i]
        if not cells or not any(t.key for t in cells):
            continue
        row = _parsed(cells, figures)
        if row is None:
            return None
        parsed[i] = row
    if not any(len(r.labels) == 2 for r in parsed.values()) or not _agrees(list(parsed.values()), figures):
        return None
    signs = any(r.sign is not None for r in parsed.values())
    units = any(r.unit is not None for r in parsed.values())
    fields = [
        "level1",
        "level2",
        "name",
        *(["nature"] if signs else []),
        "target",
        *(["measure"] if units else []),
        "weight",
        *(["score"] if figures == 2 else []),
    ]
    line = numbers[start]
    out: list[list[Token] | None] = list(rows[:start])
    out.append([Token(_word(f), line) for f in fields])
    lines = [*numbers[:start], line]
    for i in range(start, len(rows)):
        lines.append(numbers[i])
        row = parsed.get(i)
        if i == total_at:
            blank = Token("", total_cells[0].line)
            out.append([total_cells[0], *[blank] * (len(fields) - 1 - figures), *total_cells[1:]])
        elif row is None:
            out.append(rows[i])
        else:
            blank = Token("", row.name.line)
            labels = [blank] * (2 - len(row.labels)) + row.labels
            cells = [*labels, row.name]
            if signs:
                cells.append(row.sign or blank)
            cells.append(row.value or blank)
            if units:
                cells.append(row.unit or blank)
            out.append([*cells, *row.figures])
    return out, lines


def _agrees(rows: Sequence[_Row], figures: int) -> bool:
    """The rows' 分值 sum to no more than the form's whole; no 得分 above its 分值."""
    weights = [parse_decimal(r.figures[0].key) for r in rows]
    if any(w is None for w in weights) or sum(w for w in weights if w is not None) > _WHOLE:
        return False
    if figures == 2:
        for r in rows:
            weight, score = (parse_decimal(t.key) for t in r.figures)
            if weight is None or score is None or score > weight:
                return False
    return True
