"""评分表 (rubric) tables read as an evaluation: each indicator scored against a standard, with no
指标值 / 实际完成值 columns — ``内容 | 指标 | 权重 | 评分结果 | 备注`` (the older 投入 / 产出 / 结果 / 影响力
再评价评分表) or ``一级指标 | 二级指标 | 三级指标 | 分值 | 评分标准 | 得分`` (决策 / 过程 / 产出 / 效益).

The generic reader (``reader.detect``) leaves such a table alone: its indicator header names no value.
This module reads it when its header (``vocabulary.RUBRIC_COLUMNS``) names the indicator, its 分值 and
its 得分 and no 评分标准 (a 评分表 writing its standards is the rubric form, ``Rubric``, as
Yueyang's), and at least two rows under it write a figure in either: each row with a name is an
indicator (its 一级 and 二级 heading carried down from the row that writes them, as merged cells are),
its standard or remark kept as the deviation text; the 合计 / 总分 row gives the declared points and
total. A rubric a province's own reader claims (Yueyang's 评分表) is read there first: the generic
family is asked last.
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
    row: int
    columns: dict[str, int]  # field -> grid start of its column


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
        if "reference" in columns:  # a 评分表 writing its standards: the rubric form's (``Rubric``)
            continue
        if {"weight", "score"} <= columns.keys() and columns.keys() & {"name", "level2"}:
            return RubricHeader(r, columns)
    return None


def _written(row: Row, header: RubricHeader, field: str) -> tuple[int, GridCell] | None:
    start = header.columns.get(field)
    return None if start is None else _at(row, start)


def is_rubric(table: GridTable) -> bool:
    """A rubric with at least two rows scored (a figure under its 分值 or 得分)."""
    header = find_rubric_header(table)
    if header is None:
        return False
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
    for r in range(header.row + 1, len(table.rows)):
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


def _cell_text(row: Row, header: RubricHeader, field: str) -> str:
    found = _written(row, header, field)
    return clean(found[1].text) if found is not None else ""


__all__ = ["find_rubric_header", "is_rubric", "read_rubric"]
