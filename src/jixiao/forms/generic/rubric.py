"""评分表 (rubric) tables read as an evaluation: each indicator scored against a standard, with no
指标值 / 实际完成值 columns — ``内容 | 指标 | 权重 | 评分结果 | 备注`` (the older 投入 / 产出 / 结果 / 影响力
再评价评分表) or ``一级指标 | 二级指标 | 三级指标 | 分值 | 评分标准 | 得分`` (决策 / 过程 / 产出 / 效益).

The generic reader (``reader.detect``) leaves such a table alone: its indicator header names no value.
This module reads it when its header (``vocabulary.RUBRIC_COLUMNS``) names the indicator, its 分值 and
its 得分, and at least two rows under it write a figure in either: each row with a name is an
indicator (its 一级 and 二级 heading carried down from the row that writes them, as merged cells are),
its standard (指标解释, 评分标准 …) or remark kept as the deviation text; the 合计 / 总分 row gives the
declared points and total. 分值 and 得分 are read under their header cells only: the figures a
standard writes (``每发现一处扣1分``) are its text. A rubric a province's own reader claims (Yueyang's
评分表, read as a ``Rubric``) is read there: the registry asks the generic family last.

A header a page cut over several rows (each wrapped cell on its own line) is read as a stream of
cells (``_stream_rows``): each row in the header's order, cut at its 序号.
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.forms.common.cells import cell_loc, row_loc, table_loc
from jixiao.forms.generic.vocabulary import (
    BLOCK_END,
    INDICATOR_COLUMNS,
    TOTAL_ROW,
    core,
    rubric_field,
)
from jixiao.model.cells import clean, number, text_val
from jixiao.model.dossier import Evaluation, Indicator, Val
from jixiao.model.grid import GridCell, GridTable, column_starts
from jixiao.model.numbers import parse_decimal

Row = tuple[GridCell, ...]

_VALUE_WORDS = frozenset(w for c in INDICATOR_COLUMNS if c.field in ("target", "actual") for w in c.words)
_TEXT_FIELDS = ("reference", "deviation")


@dataclass(frozen=True)
class RubricHeader:
    row: int  # its last row
    columns: dict[str, int]  # field -> grid start of its column
    # a header spread over several rows (a page that cut each wrapped cell onto its own line): its
    # cells' fields in reading order (None: a 序号 column), its rows then read as one stream of cells
    spread: tuple[str | None, ...] = ()


def _at(row: Row, start: int) -> tuple[int, GridCell] | None:
    for c, position in enumerate(column_starts(row)):
        if position == start:
            return c, row[c]
    return None


def _figure(text: str) -> bool:
    return bool(clean(text)) and parse_decimal(clean(text).replace("，", ",")) is not None


def find_rubric_header(table: GridTable) -> RubricHeader | None:
    """The row naming an indicator (三级指标 / 指标), its 分值 and its 得分, and no indicator value."""
    for r, row in enumerate(table.rows):
        columns: dict[str, int] = {}
        for cell, start in zip(row, column_starts(row), strict=True):
            if core(cell.text) in _VALUE_WORDS:
                columns = {}
                break
            field = rubric_field(cell.text)
            if field is not None and field not in columns:
                columns[field] = start
        if _complete(columns):
            return RubricHeader(r, columns)
    return _spread_header(table)


def _complete(fields: dict[str, int] | set[str]) -> bool:
    return {"weight", "score"} <= set(fields) and bool(set(fields) & {"name", "level2"})


_SPREAD_ROWS = 4  # a header wrapped over at most this many rows


def _spread_header(table: GridTable) -> RubricHeader | None:
    """A header whose cells a layout cut over consecutive rows (``序号 | 一级指标`` / ``二级指标 |
    三级指标`` / ``分值 | 评分标准 | 得分``): rows holding nothing but header words, which together name
    the indicator, its 分值 and its 得分, 分值 before 得分."""
    for r in range(len(table.rows)):
        sequence: list[str | None] = []
        for k in range(r, min(len(table.rows), r + _SPREAD_ROWS)):
            words = [clean(c.text) for c in table.rows[k] if clean(c.text)]
            fields = [rubric_field(w) for w in words]
            if not words or any(f is None and core(w) != "序号" for w, f in zip(words, fields, strict=True)):
                break
            if any(core(w) in _VALUE_WORDS for w in words):
                break
            sequence.extend(fields)
            named = [f for f in sequence if f is not None]
            if k > r and _complete(set(named)) and named.index("weight") < named.index("score"):
                return RubricHeader(k, {}, tuple(sequence))
    return None


def _written(row: Row, header: RubricHeader, field: str) -> tuple[int, GridCell] | None:
    start = header.columns.get(field)
    return None if start is None else _at(row, start)


def is_rubric(table: GridTable) -> bool:
    """A rubric with at least two rows scored (a figure under its 分值 or 得分)."""
    header = find_rubric_header(table)
    if header is None:
        return False
    if header.spread:
        return len(_stream_rows(table, header)[0]) >= 2
    scored = 0
    for row in table.rows[header.row + 1 :]:
        cells = [_written(row, header, f) for f in ("weight", "score")]
        if any(c is not None and _figure(c[1].text) for c in cells):
            scored += 1
    return scored >= 2


def _first(row: Row) -> str:
    return next((clean(c.text) for c in row if clean(c.text)), "")


def read_rubric(file: str, table: GridTable, title: str = "") -> Evaluation | None:
    """A rubric as an evaluation table: its indicator rows, 合计 row and head (项目名称 …)."""
    from jixiao.forms.generic.reader import _SUFFIXES, _header_fields, _kind, family_of

    if not is_rubric(table):
        return None
    header = find_rubric_header(table)
    assert header is not None
    labels = [clean(c.text) for r in range(header.row) for c in table.rows[r]]
    kind = _kind(title, labels)
    head, row_title = _header_fields(file, table, header.row, kind)
    title = title or row_title
    kind = _kind(title, labels)
    indicators: list[Indicator] = []
    points = total = None
    level1 = level2 = ""
    if header.spread:
        indicators, points, total = _stream_rows(table, header, file)
    for r in range(header.row + 1, len(table.rows) if not header.spread else 0):
        row = table.rows[r]
        first = _first(row)
        if core(first) in BLOCK_END:
            break

        def val(field: str, as_number: bool, r: int = r, row: Row = row) -> Val | None:
            found = _written(row, header, field)
            if found is None:
                return None
            c, cell = found
            loc = cell_loc(file, table, r, c)
            return number(cell.text, loc) if as_number else text_val(cell.text, loc)

        weight, score = val("weight", True), val("score", True)
        if core(first) in TOTAL_ROW or core(first).startswith("总分"):
            points, total = weight, score
            break
        level1 = _cell_text(row, header, "level1") or level1
        written2 = _cell_text(row, header, "level2")
        if written2 or _cell_text(row, header, "level1"):
            level2 = written2
        name = _cell_text(row, header, "name") if "name" in header.columns else ""
        if not name:
            continue
        if not any(v is not None and not v.blank for v in (weight, score)):
            continue
        remark = next((v for f in _TEXT_FIELDS if (v := val(f, False)) is not None and not v.blank), None)
        indicators.append(
            Indicator(
                level1=level1,
                level2=level2,
                name=name,
                weight=weight,
                score=score,
                deviation=remark,
                loc=row_loc(file, table, r),
            )
        )
    return Evaluation(
        kind=kind,
        template=f"{family_of(table, title)}-{_SUFFIXES[kind]}",
        title=clean(title),
        name=head.get("name"),
        department=head.get("department"),
        implementer=head.get("implementer"),
        header=tuple(head.others),
        indicators=tuple(indicators),
        declared_points=points,
        declared_total=total,
        loc=table_loc(file, table, clean(title) or None),
    )


Placed = tuple[int, int, GridCell]  # (row, column, cell)


def _stream_rows(
    table: GridTable, header: RubricHeader, file: str = ""
) -> tuple[list[Indicator], Val | None, Val | None]:
    """The rows under a spread header read as one stream of filled cells, each row in the header's
    order: its 序号 (when the header numbers rows, the next number), its headings and name, its 分值,
    one cell per text column (指标解释, 评分标准 …), then its 得分. The figures are placed by that order
    alone — a figure written inside a standard (``扣1分``) is part of its text cell. A row the stream
    does not complete in that shape (cut by the page's end) is left out; the 合计 / 总分 row gives the
    declared points and total."""
    numbered = header.spread[0] is None
    fields = [f for f in header.spread if f is not None]
    texts = fields.index("score") - fields.index("weight") - 1
    cells: list[Placed] = [
        (r, c, cell)
        for r in range(header.row + 1, len(table.rows))
        for c, cell in enumerate(table.rows[r])
        if clean(cell.text)
    ]
    indicators: list[Indicator] = []
    points = total = None
    level1 = level2 = ""
    i = 0
    seq = 1
    while i < len(cells):
        if core(cells[i][2].text) in BLOCK_END:
            break
        if numbered:
            if clean(cells[i][2].text) != str(seq):
                i += 1
                continue
            i += 1
            seq += 1
        lead: list[Placed] = []
        while i < len(cells) and not _figure(cells[i][2].text):
            lead.append(cells[i])
            i += 1
        label = core(lead[0][2].text) if lead else ""
        if label in TOTAL_ROW or label.startswith("总分"):
            figures = [p for p in cells[i : i + 2] if _figure(p[2].text)]
            if figures:
                points = number(figures[0][2].text, cell_loc(file, table, figures[0][0], figures[0][1]))
            if len(figures) > 1:
                total = number(figures[1][2].text, cell_loc(file, table, figures[1][0], figures[1][1]))
            break
        row = cells[i : i + texts + 2]
        if not lead or len(row) < texts + 2 or not _figure(row[-1][2].text):
            if not numbered:
                break
            continue
        if any(_figure(p[2].text) for p in row[1:-1]):
            continue  # a text column written as a bare figure: the row's shape is not certain
        *headings, name = (clean(p[2].text) for p in lead)
        if len(headings) >= 2:
            level1, level2 = headings[-2], headings[-1]
        elif headings and "level2" not in fields:
            level1 = headings[0]
        elif headings:  # a merged cell shows on its first row only: the inner heading changes more often
            level2 = headings[0]
        weight, *standards, score = row
        remark = next((p for p in standards if clean(p[2].text)), None)
        indicators.append(
            Indicator(
                level1=level1,
                level2=level2,
                name=name,
                weight=number(weight[2].text, cell_loc(file, table, weight[0], weight[1])),
                score=number(score[2].text, cell_loc(file, table, score[0], score[1])),
                deviation=None
                if remark is None
                else text_val(remark[2].text, cell_loc(file, table, remark[0], remark[1])),
                loc=row_loc(file, table, lead[-1][0]),
            )
        )
        i += texts + 2
    return indicators, points, total


def _cell_text(row: Row, header: RubricHeader, field: str) -> str:
    found = _written(row, header, field)
    return clean(found[1].text) if found is not None else ""


__all__ = ["find_rubric_header", "is_rubric", "read_rubric"]
