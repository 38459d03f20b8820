"""Indicator rows of the 得分系数 form written run on (**coefficient**).

The Chongqing 整体/项目支出绩效自评表 scores each indicator as 得分 = 权重 × 得分系数: its indicator header is
``指标名称 计量单位 指标性质 年初指标值 调整指标值 全年完成值 得分系数(%) 指标权重(分) 指标得分(分) 是否核心指标``.
An OCR'd or document-sharing reprint runs every cell together (``财政供养人员控制率%定量指标100%92%100%22否``):
the 权重 and 得分 are written as one figure (``22``, ``1010``), the 得分系数 may run into the 实际完成值
before it (``0100%``). The form's own definition cuts them: the only cut of the figures into 得分系数,
权重 and 得分 where 得分 is 权重 × 得分系数 (rounded as written) is the reading (``22`` = 2, 2 at 100%;
``1010`` = 10, 10; ``108`` at 80% = 10, 8).

A row's name is the text before its cells: a 计量单位 (a unit word, ``%``, or an OCR-damaged unit opening
with a Latin letter), a 指标性质 (定量/定性指标, or its four characters read out of order), then the values
(a figure with a sign and unit, or one of the forms' value words: 高, 好, 合格). Every cut of the row's text
into a name and such cells is weighed; the row is read only where the cuts that read the most cells give
one name (a unit, 指标性质 or value they read differently is left blank). The values are placed only where
their columns are certain (as many as the value columns, or one fewer of three: the 调整指标值 left blank).
What no such cut reads leaves the block unread; a name alone after the last row (an excerpt's end) is a
row whose cells are blank.

The same relation reads a budget row whose amounts an OCR lost (``O76%107.6``: 执行率 76%, 执行率权重 10,
执行率得分 7.6 = 10 × 76%) into the budget header's 执行率, 权重 and 得分 columns (``with_rate_runs``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from jixiao.forms.generic.vocabulary import VALUE_WORDS, core
from jixiao.ingest.textlayout.tokens import Token, _alternation, _column, _Vocabulary
from jixiao.model.grid import Block, GridCell, GridTable

# the header's last columns this reader needs, in the form's order (是否核心指标 may be absent)
_TAIL = ["coefficient", "weight", "score"]
_FIGURE = r"(?:0|[1-9]\d{0,2})(?:\.\d{1,2})?"
_FIGURE_RE = re.compile(_FIGURE)
# a row's end: the 得分系数's digits, ``%``, the 权重 and 得分 run together, the 是/否 of 是否核心指标
_ROW_END = re.compile(r"(?P<coef>[\d.]+)[%％](?P<pair>[\d.]+)(?P<core>[是否])")
_ROW_END_NO_CORE = re.compile(r"(?P<coef>[\d.]+)[%％](?P<pair>[\d.]+)(?=\D|$)")
_NATURES = ("定量指标", "定性指标")
_NATURE_WORDS = ("定量指标", "定性指标", "定量", "定性")
_SIGNS = "≥≤≧≦><＞＜=＝﹦"
# a value: a figure (an OCR's ``O`` for 0 kept as written) with a sign or one character before it (a
# sign an OCR misread) and a unit or ``%`` after it; or a word values are written in (高, 好, 合格)
_VALUE = re.compile(
    rf"(?:[{_SIGNS}]|[^\d%％.{_SIGNS}A-Za-z])?(?:[0O]|[1-9]\d*)(?:\.\d+)?(?:[%％]|[\u4e00-\u9fff]{{1,3}})?"
    rf"|(?:{_alternation(VALUE_WORDS)})"
)
_NAME = re.compile(r"[^\d%％A-Za-z.。,，;；:：" + _SIGNS + r"]+")


def _pairs(coef: str, pair: str) -> list[tuple[str, str]]:
    """The cuts of ``pair`` into 权重 and 得分 where 得分 = 权重 × ``coef`` %, rounded as written."""
    found: list[tuple[str, str]] = []
    rate = Decimal(coef) / 100
    for k in range(1, len(pair)):
        weight, score = pair[:k], pair[k:]
        if not (_FIGURE_RE.fullmatch(weight) and _FIGURE_RE.fullmatch(score)):
            continue
        product = Decimal(weight) * rate
        places = Decimal(1).scaleb(-len(score.partition(".")[2]))
        if (
            Decimal(weight) <= 100
            and Decimal(score) <= Decimal(weight)
            and product.quantize(places, rounding=ROUND_HALF_UP) == Decimal(score)
        ):
            found.append((weight, score))
    return found


def coefficient_cut(digits: str, pair: str) -> tuple[str, str, str, str] | None:
    """The 得分系数 at the end of ``digits`` (the figures written before its ``%``, a value's digits may
    run into it) and the 权重 and 得分 in ``pair``: ``(before, coefficient, weight, score)``, the digits
    left before the 得分系数 first; None unless exactly one cut makes 得分 = 权重 × 得分系数."""
    found: list[tuple[str, str, str, str]] = []
    for start in range(len(digits)):
        coef = digits[start:]
        if not _FIGURE_RE.fullmatch(coef) or Decimal(coef) > 100:
            continue
        found.extend((digits[:start], coef, w, s) for w, s in _pairs(coef, pair))
    return found[0] if len(found) == 1 else None


def _is_unit(cell: str) -> bool:
    return bool(_Vocabulary.unit_word.match(cell)) or (
        len(cell) <= 5 and bool(re.match(r"[A-Za-z]", cell)) and not re.search(r"\d", cell)
    )  # an OCR-damaged unit (``tot扁``): Latin letters where its character was


def _is_nature(cell: str) -> bool:
    """定量/定性指标, or its four characters in another order (a wrapped cell an OCR read out of order)."""
    return cell in _NATURE_WORDS or (len(cell) == 4 and any(sorted(cell) == sorted(w) for w in _NATURES))


_Reading = tuple[str, str, str, tuple[str, ...]]  # a row's name, unit, 指标性质 and values


def row_reading(text: str, values: int) -> _Reading | None:
    """A row whose text before its 得分系数 is ``text``, cut into a name, an optional unit and 指标性质,
    and at most ``values`` values: the cut that reads the most cells, when all cuts that read as many
    give one name (a unit, 指标性质 or value they read differently is blank); None otherwise. Two
    values written together are told apart by their units: a value ending in a digit is followed by
    none but one opening with a sign (``100%100%`` is 100% | 100%, never 10 | 0% | 100%; ``26次12次``
    is 26次 | 12次, never 26 | 次12次)."""
    readings: list[tuple[int, _Reading]] = []

    def cells_from(pos: int, stage: int, name: str, unit: str, nature: str, found: tuple[str, ...]) -> None:
        if pos == len(text):
            count = sum(1 for c in (unit, nature) if c) + len(found)
            readings.append((count, (name, unit, nature, found)))
            return
        if stage == 0:  # the unit
            for end in range(pos + 1, min(len(text), pos + 5) + 1):
                if _is_unit(text[pos:end]):
                    cells_from(end, 1, name, text[pos:end], nature, found)
            cells_from(pos, 1, name, unit, nature, found)
        elif stage == 1:  # the 指标性质
            for end in range(pos + 2, min(len(text), pos + 4) + 1):
                if _is_nature(text[pos:end]):
                    cells_from(end, 2, name, unit, text[pos:end], found)
            cells_from(pos, 2, name, unit, nature, found)
        elif len(found) < values:
            if found and found[-1][-1].isdigit() and text[pos] not in _SIGNS:
                return  # a bare figure's unit or digits are its own, no next value's
            for end in range(pos + 1, min(len(text), pos + 12) + 1):
                if _VALUE.fullmatch(text[pos:end]):
                    cells_from(end, 2, name, unit, nature, (*found, text[pos:end]))

    match = _NAME.match(text)
    if match is None:
        return None
    for end in range(1, match.end() + 1):
        cells_from(end, 0, text[:end], "", "", ())
    if not readings:
        return None
    most = max(c for c, _ in readings)
    best = [r for c, r in readings if c == most]
    first = best[0]
    if any(r[0] != first[0] or len(r[3]) != len(first[3]) for r in best):
        return None

    def agreed(cells: list[str]) -> str:
        return cells[0] if all(c == cells[0] for c in cells) else ""

    return (
        first[0],
        agreed([r[1] for r in best]),
        agreed([r[2] for r in best]),
        tuple(agreed([r[3][k] for r in best]) for k in range(len(first[3]))),
    )


def _value_places(count: int, columns: Sequence[int]) -> Sequence[int]:
    """The value columns ``count`` values written in order stand in: every column when as many; the
    first and the last when one fewer of three or more (the form writes its 年初指标值 and 完成值, a
    调整指标值 only where the target was adjusted); none otherwise (no value is guessed a column)."""
    if count == len(columns):
        return columns
    if count == len(columns) - 1 and len(columns) >= 3:
        return [*columns[: count - 1], columns[-1]]
    return []


def coefficient_header(header: Sequence[Token]) -> bool:
    """An indicator header opening with the indicator's name and ending with 得分系数, 权重, 得分 (and
    是否核心指标): the 得分系数 form."""
    fields = [_column(t.key, "indicator") for t in header if _column(t.key, "indicator") is not None]
    if fields and fields[0] == "label":
        fields = fields[1:]
    if fields[-1:] == ["core"]:
        fields = fields[:-1]
    return bool(fields) and fields[0] == "name" and fields[-3:] == _TAIL


def coefficient_rows(header: Sequence[Token], text: str, line: int) -> list[list[Token]] | None:
    """The rows of a run-on indicator block ``text`` under the 得分系数 form's ``header`` (its cells in
    the header's columns: the name, 得分系数, 权重, 得分, 是否核心指标; the values left blank), or None
    unless every row is read with certainty. A name alone after the last row (a row the excerpt
    cut) is a row with its cells blank, so no sum is held to the rows read."""
    if not coefficient_header(header):
        return None
    fields = [_column(t.key, "indicator") for t in header]
    columns = {f: k for k, f in enumerate(fields) if f is not None}
    if "name" not in columns:
        return None
    has_core = "core" in columns
    # the value columns: 指标值 and 完成值, and a header cell the vocabulary does not name with 值 in it
    # (an OCR-damaged 全年完成值)
    value_columns = [
        k
        for k, (t, f) in enumerate(zip(header, fields, strict=True))
        if f in ("target", "actual") or (f is None and "值" in t.key)
    ]
    ends = list((_ROW_END if has_core else _ROW_END_NO_CORE).finditer(text))
    rows: list[list[Token]] = []
    pos = 0
    for end in ends:
        cut = coefficient_cut(end.group("coef"), end.group("pair"))
        if cut is None:
            return None
        before, coef, weight, score = cut
        reading = row_reading(text[pos : end.start()] + before, len(value_columns))
        if reading is None:
            return None
        name, unit, nature, values = reading
        row = [Token("", line)] * len(header)
        row[columns["name"]] = Token(name, line)
        for field, cell in (("measure", unit), ("nature", nature)):
            if field in columns:
                row[columns[field]] = Token(cell, line)
        for k, cell in zip(_value_places(len(values), value_columns), values, strict=False):
            row[k] = Token(cell, line)
        row[columns["coefficient"]] = Token(coef + "%", line)
        row[columns["weight"]] = Token(weight, line)
        row[columns["score"]] = Token(score, line)
        if has_core:
            row[columns["core"]] = Token(end.group("core"), line)
        rows.append(row)
        pos = end.end()
    rest = text[pos:]
    if not rows or re.search(r"\d", rest):
        return None
    if rest.strip() and not _NAME.fullmatch(rest.strip()):
        return None
    if rest.strip():  # a row the text cuts off after its name (an excerpt's end): kept, its cells blank
        row = [Token("", line)] * len(header)
        row[columns["name"]] = Token(rest.strip(), line)
        rows.append(row)
    return rows


_HEADER_CELL = 12  # a header cell's length at most (a cell the vocabulary does not name, OCR-damaged)


def coefficient_block(
    tokens: Sequence[Token], i: int, marks: dict[int, str]
) -> tuple[list[Token], list[list[Token]], int] | None:
    """The 得分系数 form's indicator header opening at ``tokens[i]``, its rows read run on after it
    (``coefficient_rows``) and the index of the token after the block; None unless the header is the
    form's and every row is read. The block ends at a 总分 row, a form's end or the text's end; the
    merged 绩效指标 cell on the rows' left, written where an OCR met it (among the rows), is no part
    of a row."""
    if _column(tokens[i].key, "indicator") != "name":
        return None
    j = i
    while (
        j < len(tokens)
        and tokens[j].key
        and len(tokens[j].key) <= _HEADER_CELL
        and not re.search(r"\d", tokens[j].key)
    ):
        j += 1
    named = [k for k in range(i, j) if _column(tokens[k].key, "indicator") is not None]
    if not named:
        return None
    header = list(tokens[i : named[-1] + 1])
    if not coefficient_header(header):
        return None
    block: list[Token] = []
    k = named[-1] + 1
    while k < len(tokens):
        key = tokens[k].key
        if (_Vocabulary.total.match(key) and len(key) <= 8) or _Vocabulary.end.match(key):
            break
        if _column(key, "indicator") == "label":
            k += 1
            continue  # the merged 绩效指标 cell on the rows' left
        if _Vocabulary.word(key) and not block:
            return None
        block.append(tokens[k])
        k += 1
    if not block:
        return None
    from jixiao.ingest.textlayout.runon import _located  # the run-on reader's text of a block

    located = _located(block, marks)
    if located is None:
        return None
    rows = coefficient_rows(header, located[0], block[0].line)
    if rows is None:
        return None
    return header, rows, k


def with_coefficient_rows(
    blocks: Sequence[Block], read: Sequence[tuple[Sequence[Token], Sequence[Sequence[Token]]]]
) -> list[Block]:
    """The blocks with each 得分系数 indicator block read (its header and rows) added to the rows of
    the last table above it."""
    out = list(blocks)
    for header, rows in read:
        line = header[0].line
        at = max(
            (k for k, b in enumerate(out) if isinstance(b, GridTable) and (b.line or 0) <= line), default=None
        )
        if at is None:
            continue
        table = out[at]
        assert isinstance(table, GridTable)
        added = tuple(tuple(GridCell(text=t.text, line=t.line) for t in row) for row in (header, *rows))
        out[at] = GridTable(index=table.index, rows=(*table.rows, *added), line=table.line)
    return out


def head_total(key: str) -> bool:
    """The head's 自评总分 (its figure written right after it)."""
    return bool(_Vocabulary.total.match(key)) and core(key) in ("自评总分", "总分")


# a budget row whose amounts are lost, its 执行率, 权重 and 得分 run together (``76%107.6``): at most two
# characters of the lost cells before it (an OCR's ``O`` for 0), no figure among them
_RATE_RUN = re.compile(r"^(?P<lost>[^\d%％.]{0,2})(?P<digits>\d+(?:\.\d+)?)[%％](?P<pair>\d[\d.]*)$")


def with_rate_runs(blocks: Sequence[Block]) -> list[Block]:
    """The blocks with each budget row written as one run of 执行率, 权重 and 得分 (the amounts lost)
    cut into the budget header's 执行率, 权重 and 得分 columns, where one cut alone makes 得分 = 权重 ×
    执行率 (rounded as written); the amount columns and the row's label are left blank."""
    out = list(blocks)
    for n, block in enumerate(out):
        if not isinstance(block, GridTable):
            continue
        rows = list(block.rows)
        columns: dict[str, int] | None = None
        for r, row in enumerate(rows):
            fields = {_column(Token(c.text, 0).key, "budget"): k for k, c in enumerate(row) if c.text}
            if {"rate", "weight", "score"} <= fields.keys():
                columns = {f: k for f, k in fields.items() if f is not None}
                continue
            written = [c for c in row if c.text.strip()]
            if columns is None or len(written) != 1:
                columns = None
                continue
            match = _RATE_RUN.match(Token(written[0].text, 0).key)
            cut = coefficient_cut(match.group("digits"), match.group("pair")) if match else None
            if cut is None or cut[0]:
                columns = None
                continue
            cells = [GridCell(text="", line=written[0].line)] * (max(columns.values()) + 1)
            for field, text in (("rate", cut[1] + "%"), ("weight", cut[2]), ("score", cut[3])):
                cells[columns[field]] = GridCell(text=text, line=written[0].line)
            rows[r] = tuple(cells)
            columns = None
        out[n] = GridTable(index=block.index, rows=tuple(rows), line=block.line)
    return out
