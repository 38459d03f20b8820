"""Read any 项目支出/整体支出绩效自评表 by what its columns and rows mean.

No layout is assumed. The reader finds, by the words of ``vocabulary``:

* the budget block's header row (one row, or two when a header is split: ``年度预算数`` over
  ``年初预算 | 调整后预算数``), whatever the order of its columns and whatever extra columns it has;
* the budget rows by their labels (年度资金总额 / 其中：财政拨款 / 上年结转 / 其他资金 …) and the
  execution figures (分值 / 执行率 / 得分) on the 年度资金总额 row, or on a row of their own
  (预算执行率), in the budget block or among the indicators (一级 预算执行, 三级 预算执行率);
* 年度总体目标 (预期目标 / 实际完成情况);
* the indicator header and every indicator row, 一级/二级 carried down through merged or empty
  cells, ``(N分)`` subtotals into ``level1_points``; a row whose figures are the sums of the rows
  under it (a parent with sub-rows) is kept as a note and its sub-rows as the indicators;
* the 总分 row (分值 and 得分), and the grade (等级 / 评价等次).

A row whose cells line up with its header (same width, each cell fitting its column) is read by
position; any other row (a text layout's row with cells dropped or split) is aligned with the
header's column kinds by ``align.align_indices``. Amounts written in 元 are read into 万元 with the
written unit kept (``jixiao.model.cells.money``). Columns the model has no field for (指标性质's sign
and 计量单位 are part of the target as the form states it; 指标方向, 上年完成值, 得分系数, 折算得分 …) go
to the evaluation's ``notes``, never into another field.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import msgspec

from jixiao.forms.common.cells import cell_loc, row_loc, table_loc
from jixiao.forms.common.evaluation import (
    is_evaluation_table,
    is_graded,
    recognise_evaluation,
    split_items,
)
from jixiao.forms.common.nesting import nest_sub_rows
from jixiao.forms.generic.align import align_indices, fit, token_kind
from jixiao.forms.generic.kinds import table_kind
from jixiao.forms.generic.rows import IndicatorsEnd, level2_in_name, row_kind
from jixiao.forms.generic.rubric import is_rubric, read_rubric
from jixiao.forms.generic.vocabulary import (
    BLOCK_END,
    BUDGET_COLUMNS,
    EXECUTION_LEVEL1,
    EXECUTION_ROW,
    FAMILIES,
    FUNDS_PARTS,
    FUNDS_TOTAL,
    GOAL_ACHIEVED,
    GOAL_EXPECTED,
    GOAL_ROW,
    GRADE_LABELS,
    HEAD_SCORE_LABELS,
    HEADER_FIELDS,
    INDICATOR_COLUMNS,
    NUMBERING_ROW,
    TOTAL_ROW,
    Column,
    ColumnKind,
    core,
    fold,
    stated_unit,
)
from jixiao.model.cells import clean, label, money, number, points_in, rate, strip_points, text_val
from jixiao.model.dossier import Budget, BudgetRow, Evaluation, Goal, Indicator, TableKind, Val
from jixiao.model.grid import GridCell, GridTable, column_starts
from jixiao.model.numbers import decimals_of, parse_decimal
from jixiao.model.source import Location

Row = tuple[GridCell, ...]

_BUDGET_CORE = frozenset({"initial", "adjusted", "executed"})
_LEVELS = frozenset({"level1", "level2", "name"})
_EXTRA_NOTES = {
    "direction": "指标方向",
    "basis": "指标值设置依据",
    "last_year": "上年完成值",
    "completion": "完成率",
    "coefficient": "得分系数",
    "core": "是否核心指标",
    "converted": "折算得分",
    "share": "权重占比",
}
_EMBEDDED = re.compile(r"^(?P<key>[^:]{2,12}):(?P<value>.+)$")
_PAIR = re.compile(r"^(其中[:：])?(?P<key>[^:：\d]{2,})[:：](?P<value>[-+]?[\d.,，]*)$")


# ---------------------------------------------------------------- headers


@dataclass(frozen=True)
class Header:
    """A block's header: its rows, and for each of its columns the field, kind and grid span."""

    first: int
    last: int
    fields: tuple[str | None, ...]
    kinds: tuple[ColumnKind, ...]
    starts: tuple[int, ...]
    spans: tuple[int, ...]

    @property
    def width(self) -> int:
        return self.starts[-1] + self.spans[-1] if self.starts else 0


def match_column(text: str, columns: Sequence[Column]) -> Column | None:
    """The column a header cell names (``None`` when it names none)."""
    words = core(text)
    if not words:
        return None
    for column in columns:
        if words in column.words:
            return column
    folded = fold(text)
    for column in columns:
        if any(words.startswith(p) or folded.startswith(p) for p in column.prefixes):
            return column
    return None


def _numeric(row: Row) -> bool:
    return any(token_kind(c.text) in ("number", "rate", "money") for c in row)


def _header_at(table: GridTable, r: int, columns: Sequence[Column], block: str) -> Header | None:
    """The header starting at row ``r`` (merged with the row below when it continues the header)."""
    row = table.rows[r]
    matched = [match_column(c.text, columns) for c in row]
    fields = [m.field if m is not None and m.field != "label" else None for m in matched]
    if not _is_header(fields, block):
        return None
    last = r
    cells: list[tuple[int, int, Column | None, str]] = [
        (s, max(c.colspan, 1), m, c.text) for s, c, m in zip(column_starts(row), row, matched, strict=True)
    ]
    other = "indicator" if block == "budget" else "budget"
    while last + 1 < len(table.rows) and not _numeric(table.rows[last + 1]):
        below = table.rows[last + 1]  # a header continued on the next row(s)
        below_matched = [match_column(c.text, columns) for c in below]
        new = [m for m in below_matched if m is not None and m.field != "label"]
        taken = {c[2].field for c in cells if c[2] is not None and not _group_over(cells, c, below, columns)}
        if not new or any(m.field in taken for m in new):
            break
        if _is_header([m.field if m else None for m in below_matched], other):
            break
        if any(clean(c.text) and m is None for c, m in zip(below, below_matched, strict=True)):
            break  # a row of other words: not a header's continuation
        cells = _merge_rows(cells, below, below_matched)
        last += 1
    first = r
    while first > 0 and not _numeric(table.rows[first - 1]):
        # a header begun on the row(s) above (一级指标 / 实际完成值 | 分值 | 得分)
        above = table.rows[first - 1]
        above_matched = [match_column(c.text, columns) for c in above]
        if any(clean(c.text) and m is None for c, m in zip(above, above_matched, strict=True)):
            break  # a row of other words: not the header's beginning
        if _is_header([m.field if m else None for m in above_matched], other):
            break
        merged = _merge_above(above, above_matched, cells)
        if merged is None:
            break
        cells = merged
        first -= 1
    return _build_header(first, last, cells, block)


_LEVEL_ORDER = ("level1", "level2", "name")


def _merge_above(
    above: Row, above_matched: list[Column | None], cells: list[tuple[int, int, Column | None, str]]
) -> list[tuple[int, int, Column | None, str]] | None:
    """A header row above the header found, as one header with it, or ``None`` when it adds nothing
    or cannot be placed for certain.

    The header found is the detailed row (its cells are the table's columns); the row above names what
    it lacks: indicator levels (``一级指标`` over the ``二级指标 | 三级指标`` row) go before it, in the
    levels' order, and value columns go after it, in the order written. A value column the row above
    shares with the header (``年度指标值`` over ``指标性质 | 指标值 | 度量单位``) is the group the
    header details: the columns written after it in the row above follow the header's last column.
    A row whose cells before that shared column name new value columns is not placed (its order with
    the header's columns is not written)."""
    taken = {c[2].field for c in cells if c[2] is not None and c[2].field != "label"}
    named = [
        (c, m) for c, m in zip(above, above_matched, strict=True) if m is not None and m.field != "label"
    ]
    new = [(c, m) for c, m in named if m.field not in taken]
    if not new:
        return None
    if len({m.field for _, m in new}) != len(new):
        return None  # a column named twice: not a header row
    levels = [(c, m) for c, m in new if m.field in _LEVEL_ORDER]
    values = [(c, m) for c, m in new if m.field not in _LEVEL_ORDER]
    shared = [i for i, (_, m) in enumerate(named) if m.field in taken]
    if values and not shared:
        return None  # value columns with nothing in common with the header: their place is not written
    if values:
        anchor = shared[-1]
        if any(m.field not in taken for _, m in named[:anchor] if m.field not in _LEVEL_ORDER):
            return None
    header_levels = [c[2].field for c in cells if c[2] is not None and c[2].field in _LEVEL_ORDER]
    if levels:
        if not header_levels:
            return None
        highest = min(_LEVEL_ORDER.index(f) for f in header_levels)
        if any(_LEVEL_ORDER.index(m.field) >= highest for _, m in levels):
            return None  # a level above the header must rank above the header's first level
        if cells and (cells[0][2] is None or cells[0][2].field not in _LEVEL_ORDER):
            return None  # the header does not begin with its levels: no place for one before them
    ordered_levels = sorted(levels, key=lambda cm: _LEVEL_ORDER.index(cm[1].field))
    result: list[tuple[str, Column | None]] = [(c.text, m) for c, m in ordered_levels]
    result += [(text, column) for _, _, column, text in cells]
    result += [(c.text, m) for c, m in values]
    return [(position, 1, column, text) for position, (text, column) in enumerate(result)]


def _is_header(fields: Sequence[str | None], block: str) -> bool:
    present = {f for f in fields if f is not None}
    if block == "budget":
        core_fields = present & _BUDGET_CORE
        return len(core_fields) >= 2 or (len(core_fields) == 1 and bool(present & {"rate", "weight"}))
    levels = present & _LEVELS
    if levels == {"name"} and {"coefficient", "weight", "score"} <= present:
        return True  # the 得分系数 form (Chongqing) names the indicator alone: 指标名称 … 得分系数 权重 得分
    return len(levels) >= 2 and bool(present & {"weight", "score", "target", "actual"})


def _group_over(
    cells: list[tuple[int, int, Column | None, str]],
    cell: tuple[int, int, Column | None, str],
    below: Row,
    columns: Sequence[Column],
) -> bool:
    """Whether the header cell ``cell`` is a group the row ``below`` details (a real grid): it spans two
    or more columns and two or more named cells lie under it, one of them naming its own field
    (``自评得分`` over ``单项指标得分 | 权重占比 | 单项指标折算得分``; ``预期指标值`` over ``符号 | 指标值 | 单位``).
    The cells under it then replace it (``_merge_rows``)."""
    start, span, column, _ = cell
    width = cells[-1][0] + cells[-1][1] if cells else 0
    if column is None or span < 2 or width != sum(max(c.colspan, 1) for c in below):
        return False
    under = [
        m
        for s, c in zip(column_starts(below), below, strict=True)
        if start <= s < start + span and (m := match_column(c.text, columns)) is not None
    ]
    return len(under) >= 2 and any(m.field == column.field for m in under)


def _merge_rows(
    top: list[tuple[int, int, Column | None, str]], below: Row, below_matched: list[Column | None]
) -> list[tuple[int, int, Column | None, str]]:
    """Two header rows as one: the lower row's named cells replace the upper row's group cells."""
    below_cells = [
        (s, max(c.colspan, 1), m, c.text)
        for s, c, m in zip(column_starts(below), below, below_matched, strict=True)
    ]
    width_top = top[-1][0] + top[-1][1] if top else 0
    width_below = sum(max(c.colspan, 1) for c in below)
    if width_top == width_below:  # a real grid: the lower row's cells sit under the upper row's groups
        merged: list[tuple[int, int, Column | None, str]] = []
        for start, span, column, text in top:
            under = [b for b in below_cells if start <= b[0] < start + span and b[2] is not None]
            group = column is not None and len(under) >= 2 and any(b[2] == column for b in under)
            if (column is not None and column.field != "label" and not group) or not under:
                merged.append((start, span, column, text))
            else:
                merged.extend(under)
        return merged
    # A text layout: the lower row's named cells take the place of the upper row's first unnamed
    # (group) cell after a named one, or follow its last cell when it has none.
    named = [b for b in below_cells if b[2] is not None and b[2].field != "label"]
    merged_text: list[tuple[int, int, Column | None, str]] = []
    inserted = False
    seen_field = False
    for cell in top:
        column = cell[2]
        is_group = column is None or column.field == "label"
        if is_group and seen_field and not inserted:
            merged_text.extend(named)
            inserted = True
            continue
        seen_field = seen_field or not is_group
        merged_text.append(cell)
    if not inserted:
        merged_text.extend(named)
    position = 0
    result = []
    for _, span, column, text in merged_text:
        result.append((position, span, column, text))
        position += span
    return result


def _build_header(
    first: int, last: int, cells: list[tuple[int, int, Column | None, str]], block: str
) -> Header:
    fields: list[str | None] = []
    kinds: list[ColumnKind] = []
    taken: set[str] = set()
    if block == "budget":
        cells = _sources_total(cells)
    first_value = next(
        (i for i, c in enumerate(cells) if c[2] is not None and c[2].field != "label"), len(cells)
    )
    for index, (_, _, column, text) in enumerate(cells):
        if index < first_value:
            fields.append(None)
            if block == "indicator":
                kinds.append("section")
            else:  # budget: a leading section cell, then the row-label cell(s)
                kinds.append("section" if index == 0 and first_value > 1 else "label")
            continue
        if column is None and _block_score(block, cells, index, text):
            # the block's own 得分 closing its header row (the 区域 form scores each block in its last
            # column, under the head's 自评得分): the rows' 得分 stand in that column
            taken.add("score")
            fields.append("score")
            kinds.append("points")
            continue
        if column is None or column.field == "label" or column.field in taken:
            fields.append(None)
            kinds.append("text")
            continue
        taken.add(column.field)
        fields.append(column.field)
        kinds.append(column.kind)
    starts = [c[0] for c in cells]
    spans = [c[1] for c in cells]
    if "net" in fields:  # 全年预算数(A) less 统筹整合资金数(B): the budget is C (see ``BUDGET_COLUMNS``)
        fields = ["gross" if f == "adjusted" else ("adjusted" if f == "net" else f) for f in fields]
    if block == "budget" and first_value == 0:  # no cell over the row labels: a column of width 0 for them
        fields.insert(0, None)
        kinds.insert(0, "label")
        starts.insert(0, 0)
        spans.insert(0, 0)
    return Header(
        first=first,
        last=last,
        fields=tuple(fields),
        kinds=tuple(kinds),
        starts=tuple(starts),
        spans=tuple(spans),
    )


_BUDGET_OWN = frozenset({"initial", "adjusted", "net", "gross"})
_SOURCE_TOTAL = Column("adjusted", "money", ())


def _sources_total(
    cells: list[tuple[int, int, Column | None, str]],
) -> list[tuple[int, int, Column | None, str]]:
    """A budget header that names no budget column but splits the funds by source (``来源 | 中央 |
    省、地 | 本级 | 其他 | 合计(万元) | 执行数(万元) | 执行率``): its 合计 column, with the 执行数 right after
    it and the 执行率 after that, is the budget the rate is taken on (the 全年预算数). The source columns
    written before it are its parts, read as columns of their own (``source:中央`` …) so that their
    figures are no row's label; which part is which is not taken further."""
    named = [c[2].field for c in cells if c[2] is not None]
    if set(named) & _BUDGET_OWN or "rate" not in named:
        return cells
    fields = [c[2].field if c[2] is not None else None for c in cells]
    at = next(
        (
            i
            for i, c in enumerate(cells[:-1])
            if fields[i] is None and core(c[3]) in FUNDS_TOTAL and fields[i + 1] == "executed"
        ),
        None,
    )
    if at is None or named.index("executed") > named.index("rate"):
        return cells
    out = list(cells)
    out[at] = (cells[at][0], cells[at][1], _SOURCE_TOTAL, cells[at][3])
    k = at - 1
    while k >= 0 and fields[k] is None and 1 <= len(core(cells[k][3])) <= 6 and core(cells[k][3]) != "来源":
        start, span, _, text = cells[k]
        out[k] = (start, span, Column(f"source:{core(text)}", "money", ()), text)
        k -= 1
    return out


def _block_score(block: str, cells: list[tuple[int, int, Column | None, str]], index: int, text: str) -> bool:
    """Whether header cell ``index`` is a bare 0–100 figure closing an indicator header that names no
    分值 or 得分 column: the block's own 得分, written in the column its rows write theirs."""
    named = {c[2].field for c in cells if c[2] is not None}
    return (
        block == "indicator"
        and index == len(cells) - 1
        and not named & {"weight", "score"}
        and token_kind(text) == "number"
        and fit(text, "points") is not None
    )


def find_header(table: GridTable, block: str, start: int = 0) -> Header | None:
    columns = BUDGET_COLUMNS if block == "budget" else INDICATOR_COLUMNS
    for r in range(start, len(table.rows)):
        header = _header_at(table, r, columns, block)
        if header is not None:
            return header
    return None


# ---------------------------------------------------------------- rows against headers


def map_row(row: Row, header: Header) -> dict[str, tuple[int, ...]]:
    """For each field of the header, the indexes of the row's cells that hold it.

    By position when the row has the header's width and every cell fits its column; otherwise by
    aligning the row's cells with the header's column kinds. Cells under label/section columns are
    gathered under ``"_label"``.
    """
    by_column = _positional(row, header)
    if by_column is None:
        by_column = align_indices([c.text for c in row], header.kinds)
    result: dict[str, tuple[int, ...]] = {}
    for column, indexes in enumerate(by_column):
        if not indexes:
            continue
        field = header.fields[column]
        key = (
            field
            if field is not None
            else ("_label" if header.kinds[column] in ("label", "section") else "_other")
        )
        result[key] = result.get(key, ()) + tuple(indexes)
    return result


def _column_at(header: Header, start: int) -> int | None:
    """The header column whose span holds grid column ``start`` (None: beyond the header)."""
    return next(
        (
            k
            for k, (s, span) in enumerate(zip(header.starts, header.spans, strict=True))
            if s <= start < s + span
        ),
        None,
    )


def _positional(row: Row, header: Header) -> tuple[tuple[int, ...], ...] | None:
    if sum(max(c.colspan, 1) for c in row) != header.width or not row:
        return None
    columns: list[list[int]] = [[] for _ in header.fields]
    for index, start in enumerate(column_starts(row)):
        column = _column_at(header, start)
        if column is None:
            return None
        text = row[index].text
        kind = header.kinds[column]
        if clean(text) and fit(_glossed_unit(text) if kind == "unit" else text, kind) is None:
            return None
        columns[column].append(index)
    return tuple(tuple(c) for c in columns)


def _text(row: Row, indexes: tuple[int, ...] | None) -> str:
    if not indexes:
        return ""
    return " ".join(row[i].text.strip() for i in indexes if clean(row[i].text))


# ---------------------------------------------------------------- the reader


@dataclass
class _Context:
    file: str
    table: GridTable
    unit: str

    def loc(self, r: int, indexes: tuple[int, ...] | None) -> Location:
        if indexes:
            return cell_loc(self.file, self.table, r, indexes[0])
        return row_loc(self.file, self.table, r)

    def money(
        self, row: Row, r: int, fields: dict[str, tuple[int, ...]], field: str, header: Header
    ) -> Val | None:
        if field not in header.fields:
            return None
        indexes = fields.get(field)
        return money(_text(row, indexes), self.loc(r, indexes), default_unit=self.unit)

    def value(
        self, row: Row, r: int, fields: dict[str, tuple[int, ...]], field: str, header: Header
    ) -> Val | None:
        if field not in header.fields:
            return None
        indexes = fields.get(field)
        text = _text(row, indexes)
        loc = self.loc(r, indexes)
        if field == "rate":
            return bare_rate(text, loc)
        if field in ("weight", "score"):
            return number(text, loc)
        unread = "".join(row[i].unread for i in indexes or ()) if not clean(text) else ""
        if unread:  # a cell the text layout saw but could not place: not blank on the page
            return Val(text="", loc=loc, unread=unread)
        return text_val(text, loc)


def bare_rate(text: str, loc: Location | None, proof: tuple[Val | None, Val | None] | None = None) -> Val:
    """A 执行率 cell: ``98.75%``, or a bare number the column states is a rate.

    * ``100`` and ``0`` are percentages always (the figures a fraction never takes: a fraction
      writes ``1``);
    * a bare number of at most 1 is a fraction of 100% -- a spreadsheet that lost its percent format
      (``0.958`` is 95.8%, ``0.1`` is 10%): ``num`` is the percentage at the written precision two
      places finer (``0.958`` -> ``95.8``; ``0.1`` -> ``10``, written to the tens), ``text`` stays as
      written, without its ``%`` (``fraction_precision`` tells the precision back from it), unless
      ``proof`` (预算数, 执行数) shows the figure is a percentage and not a fraction (``1`` for 1%); a
      fraction the amounts disagree with is read all the same (A002 then says so);
    * any other bare figure only where ``proof`` gives the same percentage at its written precision.

    Otherwise the cell stays unread: a bare ``10`` may be a 分值 a text layout moved."""
    val = rate(text, loc)
    if val.num is not None or token_kind(text) != "number":
        return val
    value = parse_decimal(fold(text).replace("，", ","))
    if value is None:
        return val
    if value in (0, 100) and "." not in fold(text):
        return Val(text=val.text, num=value, unit="%", loc=loc)
    proved = _proved_rate(proof)
    as_percent = (
        proved is not None and value > 0 and _agrees(proved, value, Decimal(1).scaleb(-decimals_of(value)))
    )
    if 0 < value <= 1:
        percent = value.scaleb(2)
        exponent = percent.as_tuple().exponent
        if isinstance(exponent, int) and exponent > 0:  # 0.1 -> 1E+1: written as 10
            percent = percent.quantize(Decimal(1))
        if not (as_percent and proved is not None and abs(proved - value) <= abs(proved - percent)):
            return Val(text=val.text, num=percent, unit="%", loc=loc)
    if as_percent:
        return Val(text=val.text, num=value, unit="%", loc=loc)
    return val


def fraction_precision(text: str, percent: Decimal) -> Decimal:
    """The last written place of a rate in percent: ``0.958`` read as 95.8% is written to 0.1, ``0.1``
    read as 10% to 10; a rate written with its ``%`` to its own last place."""
    written = parse_decimal(fold(text).replace("，", ","))
    if "%" not in fold(text) and written is not None and 0 < written <= 1 and written.scaleb(2) == percent:
        return Decimal(1).scaleb(2 - decimals_of(written))
    return Decimal(1).scaleb(-decimals_of(percent))


def _proved_rate(proof: tuple[Val | None, Val | None] | None) -> Decimal | None:
    if proof is None:
        return None
    budget, executed = (v.num if v is not None else None for v in proof)
    if not budget or executed is None or budget <= 0:
        return None
    return executed * 100 / budget


def _agrees(proved: Decimal, written: Decimal, unit: Decimal) -> bool:
    return abs(proved - written) <= unit


def detect(table: GridTable) -> bool:
    """True for a table that holds an evaluation table's indicator block (一级/二级/三级指标 with
    values, not a 评分表's 评分标准) or an execution block (预算数/执行数 with 执行率 and 分值/得分
    beside a 年度资金总额 line), or a scored 评分表 (``rubric``)."""
    return _evaluation_table(table) or is_rubric(table)


def _evaluation_table(table: GridTable) -> bool:
    indicator = find_header(table, "indicator")
    if indicator is not None:
        present = set(indicator.fields)
        if "reference" in present and not present & {"target", "actual"}:
            return False
        return bool(present & {"target", "actual"}) or find_header(table, "budget") is not None
    budget = find_header(table, "budget")
    if budget is None:
        return False
    if _cut_after_head(table, budget):
        return True
    present = set(budget.fields)
    scored = ("rate" in present and present & {"weight", "score"}) or {"weight", "score"} <= present
    if not scored and not {"executed", "rate"} <= present:
        return False
    if {"weight", "rate", "score"} <= present and _closing_row(table, budget.last + 1) is not None:
        return True  # a scored budget header and the form's 总分 row: its body lost (an excerpt)
    totals = [
        label
        for r in range(budget.last + 1, len(table.rows))
        if _funds_role(label := _row_label(table.rows[r], budget)) == "total"
    ]
    # a 绩效目标自评表 or 绩效评价表 writes no 分值 or 得分: its head names the project, or it numbers its
    # rows (行次) and its total line is the forms' 年度资金总额 (not a 合计 any money table has)
    return bool(totals) and (
        bool(scored)
        or _named_head(table, budget)
        or ("line" in present and any("资金总额" in core(t) for t in totals))
    )


def _named_head(table: GridTable, budget: Header) -> bool:
    """Whether the rows above the budget header name the project or unit (项目名称 / 政策(项目)名称 …)."""
    return any(_header_field(c.text) == "name" for r in range(budget.first) for c in table.rows[r])


def _cut_after_head(table: GridTable, budget: Header) -> bool:
    """A 自评表 the text cuts right after its budget header (an excerpt or a page that stops there):
    its head names it (项目名称 / 单位名称 … over the header), the header names the budget columns, and
    no row under it writes a figure. Read for its head alone: the table is there, nothing of it
    can be checked."""
    return _named_head(table, budget) and not any(
        token_kind(c.text) in ("number", "rate", "money")
        for r in range(budget.last + 1, len(table.rows))
        for c in table.rows[r]
    )


def _row_label(row: Row, header: Header) -> str:
    return clean(_text(row, map_row(row, header).get("_label")))


def _subtotal_detail(label: str, parts: Sequence[BudgetRow]) -> bool:
    """A funding line numbered with a circled figure (``① 项目支出``, ``② 基本支出``) under a 小计 line
    (``财政资金小计``): a detail of that 小计, which the total counts once, as the 小计."""
    return bool(re.match(r"[①-⑳]", clean(label))) and bool(parts) and core(parts[-1].label).endswith("小计")


def _funds_role(label: str) -> str | None:
    words = core(label)
    if not words:
        return None
    if any(words == w or words.startswith(w) for w in FUNDS_TOTAL) or words.endswith(
        ("资金总额", "资金合计")
    ):
        return "total"
    if words in EXECUTION_ROW:
        return "execution"
    for name, synonyms in FUNDS_PARTS:
        if any(words == w or words.startswith(w) for w in synonyms):
            return name
    return None


def read(file: str, table: GridTable, title: str = "") -> Evaluation | None:
    """Read one evaluation table; ``title`` is the heading printed above it, if any."""
    if not _evaluation_table(table):
        return read_rubric(file, table, title)
    budget_header = find_header(table, "budget")
    indicator_header = find_header(table, "indicator")
    if (
        budget_header is not None
        and indicator_header is not None
        and indicator_header.first <= budget_header.last
    ):
        budget_header = find_header(table, "budget", indicator_header.last + 1)
    top = min(h.first for h in (budget_header, indicator_header) if h is not None)
    labels = [clean(c.text) for r in range(top) for c in table.rows[r]]
    row_title = next((t for t in labels if t), "") if top and len([t for t in labels if t]) else ""
    kind = _kind(title or row_title, labels)
    header_values, row_title = _header_fields(file, table, top, kind)
    title = title or row_title
    kind = _kind(title, labels)
    ctx = _Context(file=file, table=table, unit=_unit(table, title, budget_header, top))
    budget = None
    goal = None
    if budget_header is not None:
        stop = (
            indicator_header.first
            if indicator_header and indicator_header.first > budget_header.last
            else len(table.rows)
        )
        budget, goal_row = _budget(ctx, budget_header, stop)
        goal = _goal(ctx, goal_row, stop) if goal_row is not None else None
        goal_scored = goal_row is not None and _goal_scored(table, goal_row, stop)
    else:
        goal_scored = False
    indicators: list[Indicator] = []
    notes: list[Val] = []
    points = total = None
    execution: _Execution | None = None
    if indicator_header is None and budget_header is not None:
        points, total = _closing_total(ctx, budget_header.last + 1)
    if indicator_header is not None:
        indicators, notes, execution, total_index = _indicators(ctx, indicator_header)
        if total_index is not None:
            points, total = _total(ctx, indicator_header, total_index)
        if goal is None:
            goal_row = _find_row(table, GOAL_ROW, 0, indicator_header.first)
            goal = _goal(ctx, goal_row, indicator_header.first) if goal_row is not None else None
    if (
        execution is not None and budget is not None and not (_filled(budget.rate) and _filled(budget.score))
    ):  # the execution row moves into the budget, unless the budget writes its own rate and score
        position, weight, rate_val, score = execution
        indicators = indicators[:position] + indicators[position + 1 :]
        budget = msgspec.structs.replace(
            budget,
            weight=_filled(budget.weight) or weight,
            rate=_filled(budget.rate) or rate_val,
            score=_filled(budget.score) or score,
        )
    if (
        total is None
        and points is None
        and (budget is None or _filled(budget.score) is not None or _unscored(table, budget_header))
        and (not goal_scored or (goal is not None and _filled(goal.score) is not None))
    ):
        # a head 自评得分 sums the blocks' scores (the goal's too, where it scores itself): read only
        # when none of them is left unread (a budget whose header has no 分值/得分 scores nothing)
        total = _head_total(ctx, top)
    indicators, nested = nest_sub_rows(indicators)
    indicators, details = _details(indicators)
    nested += details
    if indicator_header is not None and points is None and total is None:
        indicators, cut = _cut_level(indicators)
        nested += cut
    if indicator_header is None and budget_header is not None and _cut_after_head(table, budget_header):
        nested.append(
            Val(
                text="表格在预算表头之后中断，其后各项未列出，无法核对",
                loc=row_loc(file, table, budget_header.last),
            )
        )
    return Evaluation(
        kind=kind,
        template=f"{family_of(table, title)}-{_SUFFIXES[kind]}",
        title=clean(title),
        name=header_values.get("name"),
        department=header_values.get("department"),
        implementer=header_values.get("implementer"),
        header=tuple(header_values.others),
        budget=budget,
        goal=goal,
        indicators=tuple(indicators),
        declared_points=points,
        declared_total=total,
        grade=_grade(ctx),
        notes=tuple(notes + nested),
        loc=table_loc(file, table, clean(title) or None),
    )


_SUFFIXES: dict[TableKind, str] = {"project": "project", "unit_overall": "unit", "dept_overall": "dept"}


def read_national(file: str, table: GridTable, title: str = "") -> Evaluation | None:
    """The national 自评表 as printed (年初预算数 … 一级/二级/三级指标, not graded), read by the national
    reader (``common.evaluation``), with the generic template; None when the table is not that layout
    or its words name a confirmed family of their own (read by ``read`` then).

    A province printing the national form verbatim (Hunan) hands over to this a table that names no
    place of its own: it is the national form, scored under the national pack, read as that province's
    reader reads the layout."""
    if not is_evaluation_table(table) or is_graded(table) or family_of(table, title) != "generic":
        return None
    templates = {kind: f"generic-{suffix}" for kind, suffix in _SUFFIXES.items()}
    found = recognise_evaluation(file, table, title, templates)
    if found is None:
        return None
    # the generic family's rows, whichever of its readers reads the table: a 二级 level printed with
    # no indicator under it is no row (``read`` drops it too; Hunan's and Zhuzhou's readers keep it).
    # A parent row split by the rows under it is already counted once (``common.nesting``).
    kept = tuple(i for i in found.indicators if row_kind(i.name, _written(i)) != "placeholder")
    if len(kept) != len(found.indicators):
        found = msgspec.structs.replace(found, indicators=kept)
    return _with_head_total(file, table, found)


def _with_head_total(file: str, table: GridTable, found: Evaluation) -> Evaluation:
    """The national form read with the 自评得分 its head rows write (``_head_total``), where it writes
    no 总分 row and its budget leaves no score unread (scored, or with no 分值/得分 column)."""
    budget_header = find_header(table, "budget")
    if found.declared_total is not None or found.declared_points is not None or budget_header is None:
        return found
    if (
        found.budget is not None
        and _filled(found.budget.score) is None
        and not _unscored(table, budget_header)
    ):
        return found
    total = _head_total(_Context(file=file, table=table, unit=""), budget_header.first)
    return msgspec.structs.replace(found, declared_total=total) if total is not None else found


def _written(indicator: Indicator) -> tuple[str, ...]:
    """The values an indicator row writes (指标值, 实际完成值, 分值, 得分, 偏差原因), as written."""
    values = (indicator.target, indicator.actual, indicator.weight, indicator.score, indicator.deviation)
    return tuple(v.text for v in values if v is not None)


def _filled(val: Val | None) -> Val | None:
    return val if val is not None and not val.blank else None


def family_of(table: GridTable, title: str = "") -> str:
    """The form family the table's words identify (confirmed families only), else ``generic``."""
    text = fold(title) + "|" + "|".join(fold(c.text) for row in table.rows for c in row)
    for family in FAMILIES:
        if family.confirmed and all(fold(w) in text for w in family.words):
            return family.id
    return "generic"


# ---------------------------------------------------------------- header fields, unit, kind


class _Fields(dict[str, Val]):
    others: list[tuple[str, Val]]
    unit_named: Val | None  # the 单位名称 of a project's head: the name only when no 项目名称 is written

    def __init__(self) -> None:
        super().__init__()
        self.others = []
        self.unit_named = None


def _header_field(text: str) -> str | None:
    words = core(text)
    for field, synonyms in HEADER_FIELDS:
        if words in synonyms:
            return field if field != "other" else "other:" + label(text)
    return None


# the name labels that name the unit, not the project: on a project's head (单位名称 | X | … | 项目名称 | Y)
# the 项目名称 names the table, whichever comes first
_UNIT_NAME_WORDS = frozenset(("单位名称", "预算单位名称"))


def _head_field(text: str) -> str | None:
    """``_header_field``, with a name label that names the unit told apart (``unit_name``)."""
    field = _header_field(text)
    return "unit_name" if field == "name" and core(text) in _UNIT_NAME_WORDS else field


def _header_fields(file: str, table: GridTable, end: int, kind: TableKind) -> tuple[_Fields, str]:
    """Label/value pairs above the blocks (项目名称 | X | 主管部门 | Y …, or ``项目总实施期：1年`` in one
    cell), and a title row if any. ``部门名称`` names the unit of an overall table, the department of a
    project's."""
    found = _Fields()
    title = ""
    for r in range(end):
        row = table.rows[r]
        filled = [c for c in range(len(row)) if clean(row[c].text)]
        if len(filled) == 1 and _no_title(row[filled[0]].text):
            continue  # a block's column header or its unit cut onto a row of its own (年初预算数, (万元)
        head_read = bool(found) or bool(found.others) or found.unit_named is not None
        if len(filled) == 1 and not title and not head_read and _header_field(row[filled[0]].text) is None:
            title = clean(row[filled[0]].text)
            continue
        pending: str | None = None
        joined: set[int] = set()
        for c, cell in enumerate(row):
            if c in joined:
                continue
            text = cell.text
            if pending in ("name", "unit_name") and _BARE_YEAR.match(text) and c + 1 < len(row):
                after = clean(row[c + 1].text)
                if after.startswith("年") and _head_field(after) is None:
                    text = clean(text) + after  # ``2020 年…`` cut at its space: the year opens the name
                    joined.add(c + 1)
            field = _head_field(text)
            embedded = _EMBEDDED.match(fold(text))
            if field is None and embedded and _header_field(embedded["key"]) is not None:
                key = _head_field(embedded["key"]) or ""
                _put(found, key, text_val(embedded["value"], cell_loc(file, table, r, c)), kind)
                continue
            if field is not None:
                if pending is not None and not (pending == "name" and field == "name"):
                    _put(found, pending, Val(text="", loc=cell_loc(file, table, r, c)), kind)
                pending = field
                continue
            if pending is not None:
                loc = cell_loc(file, table, r, c)
                value = (
                    money(text, loc) if "投资" in pending or "财政拨款" in pending else text_val(text, loc)
                )
                if not (pending in ("name", "unit_name") and _no_name(text)):
                    _put(found, pending, value, kind)
                pending = None
        if pending is not None:
            _put(found, pending, Val(text="", loc=row_loc(file, table, r)), kind)
    if found.unit_named is not None:  # a project's 单位名称: its name when no 项目名称 is written
        if "name" not in found:
            found["name"] = found.unit_named
        else:
            found.others.append(("单位名称", found.unit_named))
    return found, title


# a year written alone (``2020``): a name's first word a layout cut off at its space, never a name
_BARE_YEAR = re.compile(r"^\s*(19|20)\d{2}\s*$")


_COLUMN_WORDS = frozenset(
    w for columns in (BUDGET_COLUMNS, INDICATOR_COLUMNS) for c in columns for w in c.words
)


def _column_word(text: str) -> bool:
    """A budget or indicator block's column header (年初预算数, 年度预算申请, 三级指标): no title or value."""
    return core(text) in _COLUMN_WORDS


def _no_title(text: str) -> bool:
    """A cell alone on its row that is no title: a block's column header, or a unit ((万元, 单位：元)."""
    return (
        _column_word(text)
        or core(text) in ("万元", "元")
        or re.match(r"^(金额)?单位[:：]", fold(text)) is not None
    )


def _no_name(text: str) -> bool:
    """A cell after a name label that is no name: a block's column header, or a year alone."""
    return _column_word(text) or _BARE_YEAR.match(text) is not None


def _put(found: _Fields, field: str, value: Val, kind: TableKind) -> None:
    if field.startswith("other:"):
        found.others.append((field.removeprefix("other:"), value))
    elif field == "unit":
        _put(found, "name" if kind != "project" else "department", value, kind)
    elif field == "unit_name":
        if kind != "project":
            _put(found, "name", value, kind)
        elif found.unit_named is None:
            found.unit_named = value
    elif field not in found:
        found[field] = value


def _unit(table: GridTable, title: str, budget: Header | None, top: int) -> str:
    texts = [fold(title)]
    if budget is not None:
        texts.extend(fold(c.text) for r in range(budget.first, budget.last + 1) for c in table.rows[r])
    texts.extend(fold(c.text) for r in range(top) for c in table.rows[r])
    return stated_unit(texts)


def _kind(title: str, labels: list[str]) -> TableKind:
    """The table's kind from its title and head (``generic.kinds``); a project's when neither tells."""
    return table_kind(title, labels)


# ---------------------------------------------------------------- budget block and goal


def _find_row(table: GridTable, words: Sequence[str], start: int, stop: int) -> int | None:
    for r in range(start, min(stop, len(table.rows))):
        if any(core(c.text) in words for c in table.rows[r][:2]):
            return r
    return None


def _budget(ctx: _Context, header: Header, stop: int) -> tuple[Budget | None, int | None]:
    table = ctx.table
    total: BudgetRow | None = None
    total_fields: dict[str, tuple[int, ...]] = {}
    total_index = -1
    parts: list[BudgetRow] = []
    part_cells: list[tuple[int, dict[str, tuple[int, ...]]]] = []  # each part's row and its cells
    by_income: list[tuple[str, Val]] = []
    by_nature: list[tuple[str, Val]] = []
    execution: tuple[int, dict[str, tuple[int, ...]]] | None = None
    goal_row: int | None = None
    joined: set[int] = set()
    for r in range(header.last + 1, stop):
        if r in joined:
            continue
        row = table.rows[r]
        first = next((core(c.text) for c in row if clean(c.text)), "")
        if first in GOAL_ROW or any(core(c.text) in GOAL_EXPECTED for c in row[:3]):
            goal_row = r
            break
        if first in BLOCK_END:
            break
        if first in NUMBERING_ROW:
            continue
        if _pairs(ctx, r, by_income, by_nature):
            continue
        paired = _paired(row, header)
        fields = paired[0] if paired is not None else map_row(row, header)
        label = clean(_text(row, fields.get("_label"))) or (paired[1] if paired is not None else "")
        role = _funds_role(label)
        has_values = any(k in fields for k in ("initial", "adjusted", "executed", "rate", "weight", "score"))
        if role is None and not has_values:
            continue
        label_r = r
        if role is not None and not has_values and r + 1 < stop:  # the label's figures on the next line
            below = map_row(table.rows[r + 1], header)
            if "_label" not in below and any(k in below for k in ("initial", "adjusted", "executed")):
                r, row, fields = r + 1, table.rows[r + 1], below
                joined.add(r)
        fields = _by_rate(row, fields, header)
        if role == "execution":
            execution = (r, fields)
            continue
        budget_row = BudgetRow(
            label=label,
            initial=ctx.money(row, r, fields, "initial", header),
            adjusted=ctx.money(row, r, fields, "adjusted", header),
            executed=ctx.money(row, r, fields, "executed", header),
            loc=row_loc(ctx.file, table, label_r),
        )
        if total is None and (role == "total" or (role is None and not parts and not label)):
            total, total_fields, total_index = budget_row, fields, r
        elif _subtotal_detail(label, parts):
            continue  # a detail line (① 项目支出) of the 小计 line above it: no part of the total
        else:
            parts.append(_with_execution(ctx, budget_row, row, r, fields, header))
            part_cells.append((r, fields))
    if total is None:
        return _labelled_pairs(ctx, header), goal_row
    total_row = table.rows[total_index]
    weight = ctx.value(total_row, total_index, total_fields, "weight", header)
    rate_val = ctx.value(total_row, total_index, total_fields, "rate", header)
    if rate_val is not None and rate_val.num is None:  # a bare figure the amounts prove a percentage
        rate_val = bare_rate(rate_val.text, rate_val.loc, (total.adjusted or total.initial, total.executed))
    score = ctx.value(total_row, total_index, total_fields, "score", header)
    if weight is None and "weight" not in header.fields:
        weight = _heading_weight(ctx, header)
    if execution is not None:  # a 预算执行率 line of its own in the block
        r, fields = execution
        row = table.rows[r]
        weight = (
            weight if weight is not None and not weight.blank else ctx.value(row, r, fields, "weight", header)
        )
        rate_val = (
            rate_val
            if rate_val is not None and not rate_val.blank
            else ctx.value(row, r, fields, "rate", header)
        )
        score = score if score is not None and not score.blank else ctx.value(row, r, fields, "score", header)
    if execution is None and all(v is None or v.blank for v in (weight, rate_val, score)):
        on_part = _execution_on_part(ctx, header, total, parts, part_cells, weight)
        if on_part is not None:  # the table's 分值 / 执行率 / 得分, written on its 财政拨款 line
            index, weight, rate_val, score = on_part
            parts[index] = msgspec.structs.replace(parts[index], weight=None, rate=None, score=None)
    budget = Budget(
        total=total,
        parts=tuple(parts),
        weight=weight,
        rate=rate_val,
        score=score,
        by_income=tuple(by_income),
        by_nature=tuple(by_nature),
    )
    return budget, goal_row


_PAIR_FIELDS = ("initial", "adjusted", "executed")


def _labelled_pairs(ctx: _Context, header: Header) -> Budget | None:
    """A budget block written on its header's own line as labelled pairs, each amount right after its
    label (``预算执行情况 | 预算数: | 2.38 | 执行数: | 2.38 | 20``): the block's total from the pairs.
    None unless the header is one line opening with the block's label, whose amount labels (ending in
    a colon) are each followed by an amount, an 执行数 among them, and at most one 0–100 figure after
    the last pair: the block's 得分 (its 分值 is not written, and is left unread)."""
    if header.first != header.last:
        return None
    r = header.first
    row = ctx.table.rows[r]
    texts = [clean(c.text) for c in row]
    fields: dict[str, tuple[int, ...]] = {}
    c = next((k for k, t in enumerate(texts) if t), len(texts))
    opening = match_column(texts[c], BUDGET_COLUMNS) if c < len(texts) else None
    if opening is None or opening.kind != "label":
        return None
    c += 1
    last_pair = -1
    while c < len(texts):
        text = texts[c]
        if not text:
            c += 1
            continue
        column = match_column(text, BUDGET_COLUMNS)
        if column is not None and column.field in _PAIR_FIELDS and text.endswith((":", "：")):
            figure = next((k for k in range(c + 1, len(texts)) if texts[k]), None)
            if (
                figure is None
                or token_kind(texts[figure]) not in ("number", "money")
                or column.field in fields
            ):
                return None
            fields[column.field] = (figure,)
            last_pair, c = figure, figure + 1
            continue
        if last_pair < 0:
            return None
        break
    rest = [k for k in range(last_pair + 1, len(texts)) if texts[k]] if last_pair >= 0 else []
    if not fields or "executed" not in fields or len(rest) > 1:
        return None
    if rest and not (token_kind(texts[rest[0]]) == "number" and fit(texts[rest[0]], "points") is not None):
        return None
    loc = row_loc(ctx.file, ctx.table, r)
    amounts = {
        f: money(_text(row, fields.get(f)), ctx.loc(r, fields.get(f)), default_unit=ctx.unit)
        for f in _PAIR_FIELDS
        if f in fields
    }
    total = BudgetRow(
        label="",
        initial=amounts.get("initial"),
        adjusted=amounts.get("adjusted"),
        executed=amounts.get("executed"),
        loc=loc,
    )
    # The figure after the pairs is the block's 得分 (the 区域 form scores each block in its last
    # column, under the head's 自评得分). No 分值 is written beside it: the weight stays unread, and
    # S001 does not hold the score to a pack's points the form does not name.
    if not rest:
        return Budget(total=total)
    return Budget(total=total, score=number(texts[rest[0]], ctx.loc(r, (rest[0],))))


def _paired(row: Row, header: Header) -> tuple[dict[str, tuple[int, ...]], str] | None:
    """A budget row that writes each figure beside its own label, under a header cell spanning both
    (Hebei: ``预算安排情况(调整后)`` over ``预算数 | 6.84``, ``资金到位情况`` over ``到位数 | 6.84``): each
    field's figure cell, and the first of those labels (the row's label when its label column is
    empty; "" when it only repeats a column's name, ``预算数``: the total line). None for a row of
    another form (not the header's width, or no such pair)."""
    if not row or sum(max(c.colspan, 1) for c in row) != header.width:
        return None
    fields: dict[str, tuple[int, ...]] = {}
    labels: list[str] = []
    for index, start in enumerate(column_starts(row)):
        column = _column_at(header, start)
        if column is None:
            return None
        text = row[index].text
        if not clean(text):
            continue
        field, kind = header.fields[column], header.kinds[column]
        key = field if field is not None else ("_label" if kind in ("label", "section") else "_other")
        if kind in ("money", "rate", "points") and fit(text, kind) is None:
            if header.spans[column] < 2 or token_kind(text) != "text":
                return None
            labels.append(clean(text))  # the figure's own label, in the cell before it
            continue
        fields[key] = (*fields.get(key, ()), index)
    if not labels:
        return None
    # 预算数 / 到位数 / 执行数 repeat the columns' names: the 年度资金总额 line, unlabelled
    first = "" if match_column(labels[0], BUDGET_COLUMNS) is not None else labels[0]
    return fields, first


def _figure(val: Val | None) -> Val | None:
    return val if val is not None and val.num is not None else None


def _with_execution(
    ctx: _Context, part: BudgetRow, row: Row, r: int, fields: dict[str, tuple[int, ...]], header: Header
) -> BudgetRow:
    """A funding line with the 分值 / 执行率 / 得分 it writes (figures only: ``——`` and blanks are the
    form's way of writing none); a bare rate is read as a percentage when its own amounts prove it."""
    weight = _figure(ctx.value(row, r, fields, "weight", header))
    rate_val = None
    if "rate" in header.fields:
        indexes = fields.get("rate")
        proof = (part.adjusted or part.initial, part.executed)  # "1" is 1% where the amounts say so
        rate_val = _figure(bare_rate(_text(row, indexes), ctx.loc(r, indexes), proof))
    score = _figure(ctx.value(row, r, fields, "score", header))
    if weight is None and rate_val is None and score is None:
        return part
    return msgspec.structs.replace(part, weight=weight, rate=rate_val, score=score)


def _execution_on_part(
    ctx: _Context,
    header: Header,
    total: BudgetRow,
    parts: Sequence[BudgetRow],
    part_cells: Sequence[tuple[int, dict[str, tuple[int, ...]]]],
    weight: Val | None,
) -> tuple[int, Val | None, Val | None, Val] | None:
    """The table's 分值 / 执行率 / 得分 written on its 其中 财政拨款 line, the 年度资金总额 line leaving
    those columns blank (a merged cell whose text a copy put on the lower row, or a form that only
    scores the 财政拨款): the part's index and the three, or None.

    Taken only where that line is the one 其中 line writing any figure in those columns and its 得分 is
    written. Where its amounts are usable the rate is read as any bare rate is (a bare ``79.27`` only
    where its amounts prove it a percentage); where they are not (a copy lost their whole-number digits,
    ``Val.digits_lost``, or none is written) the 得分 must be the 分值 × 执行率 the line writes, at the
    places each is written to (10 × 79.27% = 7.927 -> 7.93), else nothing is taken."""
    if not {"rate", "score"} <= set(header.fields):
        return None
    execution_fields = ("rate", "weight", "score")
    filling = [
        i
        for i, (r, fields) in enumerate(part_cells)
        if any(
            token_kind(_text(ctx.table.rows[r], fields.get(f))) in ("number", "rate")
            for f in execution_fields
            if f in header.fields
        )
    ]
    if len(filling) != 1 or _funds_role(parts[filling[0]].label) != FUNDS_PARTS[0][0]:
        return None
    index = filling[0]
    part = parts[index]
    r, fields = part_cells[index]
    row = ctx.table.rows[r]
    score = _figure(ctx.value(row, r, fields, "score", header))
    weight = _figure(ctx.value(row, r, fields, "weight", header)) or _figure(weight)
    if score is None:
        return None
    base = part.adjusted or part.initial
    indexes = fields.get("rate")
    text, loc = _text(row, indexes), ctx.loc(r, indexes)
    amounts = (base, part.executed, total.adjusted or total.initial, total.executed)
    if all(v is not None and v.num is not None and not v.digits_lost for v in amounts):
        return index, weight, bare_rate(text, loc, (base, part.executed)), score
    written = bare_rate(text, loc)
    if written.num is None and token_kind(text) == "number":  # a bare percentage, proved below
        written = Val(text=written.text, num=parse_decimal(fold(text)), unit="%", loc=loc)
    if weight is None or written.num is None or score.num is None or weight.num is None:
        return None
    rate_unit = Decimal(1).scaleb(-decimals_of(written.num))
    slack = Decimal(1).scaleb(-decimals_of(score.num)) / 2 + weight.num * rate_unit / 200
    if abs(weight.num * written.num / 100 - score.num) > slack:
        return None  # the figures do not make a score: not the table's execution
    return index, weight, written, score


# The execution points written in the 得分 column's header: ``得分(20分*执行率)``, ``得分（满分20分）``.
_SCORE_POINTS = re.compile(
    r"[（(]\s*(?:满分\s*)?(?P<num>\d+(?:\.\d+)?)\s*分\s*(?:[*×xX＊]\s*(?:预算)?执行率\s*)?[)）]"
)


def _heading_weight(ctx: _Context, header: Header) -> Val | None:
    """The block's points, for a header with no 分值 column: written in its heading over the row labels
    (``预算执行情况(万元)(20分)``), else in its 得分 header (``得分(20分*执行率)``); None when neither
    states them."""
    for r in range(header.first, header.last + 1):
        row = ctx.table.rows[r]
        for c, (cell, start) in enumerate(zip(row, column_starts(row), strict=True)):
            if start not in header.starts:
                continue
            kind = header.kinds[header.starts.index(start)]
            found = points_in(cell.text) if kind in ("section", "label") else None
            if found is not None:
                return Val(text=f"{found}", num=found, loc=cell_loc(ctx.file, ctx.table, r, c))
    for r in range(header.first, header.last + 1):
        row = ctx.table.rows[r]
        for c, (cell, start) in enumerate(zip(row, column_starts(row), strict=True)):
            if start not in header.starts or header.fields[header.starts.index(start)] != "score":
                continue
            match = _SCORE_POINTS.search(fold(cell.text))
            if match is not None:
                found = Decimal(match["num"])
                return Val(text=f"{found}", num=found, loc=cell_loc(ctx.file, ctx.table, r, c))
    return None


def _by_rate(row: Row, fields: dict[str, tuple[int, ...]], header: Header) -> dict[str, tuple[int, ...]]:
    """A row with one cell fewer than its header (a text layout dropped an empty 年初预算数): when the
    written 执行率 agrees with two amounts as 预算数 and 执行数 but not as placed, place them so (and a
    third number, then, is the 分值)."""
    if not {"initial", "adjusted", "executed"} <= set(header.fields) or "rate" not in fields:
        return fields
    written = rate(_text(row, fields["rate"]), None).num
    placed = [f for f in ("initial", "adjusted", "executed") if f in fields]
    amounts = [parse_decimal(fold(_text(row, fields[f])).replace("，", ",")) for f in placed]
    if written is None or None in amounts or placed[:2] != ["initial", "adjusted"]:
        return fields
    unit = Decimal(1).scaleb(-decimals_of(written))  # a rate may be rounded or cut at its last place

    stated: Decimal = written

    def agrees(part: Decimal | None, whole: Decimal | None) -> bool:
        if part is None or whole is None or whole == 0:
            return False
        return abs(part * 100 / whole - stated) <= unit

    if not agrees(amounts[1], amounts[0]):
        return fields
    moved = {k: v for k, v in fields.items() if k not in placed}
    if len(placed) == 2:
        moved["adjusted"], moved["executed"] = fields["initial"], fields["adjusted"]
        return moved
    third = amounts[2]
    if (
        "weight" in header.fields
        and "weight" not in fields
        and third is not None
        and 0 <= third <= 100
        and not agrees(third, amounts[1])
    ):
        moved["adjusted"], moved["executed"], moved["weight"] = (fields[f] for f in placed)
        return moved
    return fields


def _pairs(ctx: _Context, r: int, by_income: list[tuple[str, Val]], by_nature: list[tuple[str, Val]]) -> bool:
    """Cells such as ``按收入性质分：1034.36`` / ``其中：基本支出：360.71`` (income left, nature right)."""
    row = ctx.table.rows[r]
    found = [
        (
            c,
            _PAIR.match(
                fold(row[c].text).replace("其中:", "", 1)
                if fold(row[c].text).count(":") > 1
                else fold(row[c].text)
            ),
        )
        for c in range(len(row))
    ]
    pairs = [(c, m) for c, m in found if m is not None]
    if not pairs or any(token_kind(row[c].text) in ("number", "rate") for c in range(len(row))):
        return False
    for position, (c, match) in enumerate(pairs[-2:]):
        key = match["key"]
        target = by_income if position == 0 and len(pairs) > 1 else by_nature
        if len(pairs) == 1 and c <= 1:
            target = by_income
        target.append(
            (key, money(match["value"], cell_loc(ctx.file, ctx.table, r, c), default_unit=ctx.unit))
        )
    return True


def _goal(ctx: _Context, r: int, stop: int) -> Goal | None:
    """年度总体目标: its 预期目标 / 实际完成情况 header cells on this row or the next, values below
    them (or beside the label on the same row); the block's own 得分 where the form scores it
    (``_goal_score``), which is no goal item."""
    table = ctx.table
    scored = _goal_score(table, r, stop)
    score = (
        number(table.rows[scored[0]][scored[1]].text, ctx.loc(scored[0], (scored[1],))) if scored else None
    )
    for header_r in (r, r + 1):
        if header_r >= min(stop, len(table.rows)):
            break
        cells = [core(c.text) for c in table.rows[header_r]]
        c_expected = next((c for c, t in enumerate(cells) if t in GOAL_EXPECTED), None)
        c_achieved = next((c for c, t in enumerate(cells) if t in GOAL_ACHIEVED), None)
        if c_expected is None and c_achieved is None:
            continue
        value_r = header_r + 1
        if value_r >= min(stop, len(table.rows)):
            return Goal(score=score) if score is not None else None
        values = table.rows[value_r]
        filled = [
            c
            for c in range(len(values))
            if clean(values[c].text)
            and core(values[c].text) not in GOAL_EXPECTED + GOAL_ACHIEVED  # a header label run over
            and (value_r, c) != scored
        ]
        if len(values) == len(cells):
            expected_c, achieved_c = c_expected, c_achieved
        else:  # a text layout without the empty label cell: the filled cells in order
            expected_c = filled[0] if filled and c_expected is not None else None
            achieved_c = filled[1] if len(filled) > 1 and (c_achieved is not None or scored) else None
        return Goal(
            expected=_items(ctx, value_r, expected_c), achieved=_items(ctx, value_r, achieved_c), score=score
        )
    row = table.rows[r]
    filled = [c for c in range(1, len(row)) if clean(row[c].text) and (r, c) != scored]
    if not filled:
        return Goal(score=score) if score is not None else None
    return Goal(
        expected=_items(ctx, r, filled[0]),
        achieved=_items(ctx, r, filled[1] if len(filled) > 1 else None),
        score=score,
    )


def _goal_score(table: GridTable, r: int, stop: int) -> tuple[int, int] | None:
    """The cell of the 年度目标 block's own 得分: a bare 0–100 figure closing the block's header, on its
    label row or the row under it — after a 预期目标 / 目标实际完成情况 label on its row (the 区域 form:
    ``年度目标完成情况 | 预期目标 | 目标实际完成情况 | 20``), or opening the row under a header row that
    ends in such a label (the figure run onto the next line). A figure after a header naming a rate
    (``总体完成率(%)``), or after the goal's items, is no score."""
    labels = GOAL_EXPECTED + GOAL_ACHIEVED
    for k in range(r, min(r + 2, stop, len(table.rows))):
        row = table.rows[k]
        for c, cell in enumerate(row):
            if token_kind(cell.text) != "number" or fit(cell.text, "points") is None:
                continue
            before = [t for t in (clean(row[b].text) for b in range(c)) if t]
            if before:
                labelled = any(core(t) in labels for t in before)
                rated = any("率" in t or "%" in t or "％" in t for t in before)
                return (k, c) if labelled and not rated else None
            above = [t for t in (clean(x.text) for x in table.rows[k - 1]) if t] if k > r else []
            return (k, c) if above and core(above[-1]) in labels else None
    return None


def _goal_scored(table: GridTable, r: int, stop: int) -> bool:
    """Whether the 年度目标 block may score itself: a bare 0–100 figure on its label row or the row
    under it. A total that sums the blocks' scores counts the goal's too, so it is read only when that
    figure is read as the goal's score (``_goal_score``)."""
    return any(
        token_kind(c.text) == "number" and fit(c.text, "points") is not None
        for row in table.rows[r : min(r + 2, stop, len(table.rows))]
        for c in row
    )


def _items(ctx: _Context, r: int, c: int | None) -> tuple[Val, ...]:
    row = ctx.table.rows[r]
    if c is None or c >= len(row):
        return ()
    loc = cell_loc(ctx.file, ctx.table, r, c)
    return tuple(Val(text=item, loc=loc) for item in split_items(row[c].text))


# ---------------------------------------------------------------- indicators

# A 预算执行率 row among the indicators: its position in the list, its 分值, 执行率 and 得分.
_Execution = tuple[int, Val | None, Val | None, Val | None]


_VALUE_FIELDS = frozenset({"target", "actual", "weight", "score"})
_NAME_FIELDS = frozenset({"name", "level1", "level2", "_label"})


def _pushed(table: GridTable, header: Header) -> GridTable:
    """Rows whose figures a text layout pushed onto the next line put back together: a row with a
    name and no figure, then a row of figures only (``扶持发展新型农业经营主体 (个)`` / ``15 | 6 | 8.0``).
    The two rows' cells become the first row (each keeps its line); the second is left empty, so the
    rows keep their numbers."""
    rows = list(table.rows)
    changed = False
    for r in range(header.last + 1, len(rows) - 1):
        row, below = rows[r], rows[r + 1]
        if not row or not below:
            continue
        first = core(next((c.text for c in below if clean(c.text)), ""))
        if first in TOTAL_ROW:
            continue
        fields, under = set(map_row(row, header)), set(map_row(below, header))
        if "name" in fields and not fields & _VALUE_FIELDS and under and under <= _VALUE_FIELDS:
            rows[r], rows[r + 1] = row + below, ()
            changed = True
    return msgspec.structs.replace(table, rows=tuple(rows)) if changed else table


def _indicators(
    ctx: _Context, header: Header
) -> tuple[list[Indicator], list[Val], _Execution | None, int | None]:
    """The indicator rows, the notes they carry, the 预算执行率 row if one is among them, and the
    index of the 总分 row (``None`` when the table ends first)."""
    ctx = _Context(file=ctx.file, table=_pushed(ctx.table, header), unit=ctx.unit)
    table = ctx.table
    result: list[Indicator] = []
    notes: list[Val] = []
    execution: _Execution | None = None
    level1 = level2 = ""
    level1_points: Val | None = None
    total_index: int | None = None
    end = IndicatorsEnd()
    for r in range(header.last + 1, len(table.rows)):
        row = table.rows[r]
        first = next((c.text for c in row if clean(c.text)), "")
        first_core = core(first)
        if not first_core and not clean(first):
            continue
        if first_core in TOTAL_ROW or clean(first).startswith("总分"):
            total_index = r
            break
        step = end.step(first)
        if step == "stop":
            break
        if step == "skip":
            continue
        if first_core in BLOCK_END or any(
            first_core.startswith(w) for w in ("评价结论", "偏差大或", "注:", "说明:")
        ):
            break
        if _header_at(table, r, BUDGET_COLUMNS, "budget") is not None:
            break
        fields = map_row(row, header)
        l1 = _text(row, fields.get("level1"))
        if clean(l1):
            level1 = strip_points(l1)
            points = points_in(l1)
            level1_points = (
                Val(text=clean(l1), num=points, unit="分", loc=ctx.loc(r, fields.get("level1")))
                if points is not None
                else None
            )
            level2 = ""
        l2 = _text(row, fields.get("level2"))
        if clean(l2):
            level2 = strip_points(l2)
        name = clean(_text(row, fields.get("name")))
        if not clean(l2):
            split = level2_in_name(_text(row, fields.get("name")))
            if split is not None:
                level2, name = split
        values = [_text(row, fields.get(f)) for f in ("target", "actual", "weight", "score", "deviation")]
        if row_kind(name, values) != "indicator":
            continue  # a heading row, a template row left empty (指标2, ……), a lone figure
        score = ctx.value(row, r, fields, "score", header)
        weight = _share_weight(ctx, row, r, fields, header, score)
        if execution is None and (core(name) in EXECUTION_ROW or core(level1) in EXECUTION_LEVEL1):
            execution = (len(result), weight, _as_rate(ctx, row, r, fields), score)
        result.append(
            Indicator(
                level1=level1,
                level2=level2,
                name=name,
                target=_with_sign(ctx, row, r, fields, header, "target"),
                actual=_with_sign(ctx, row, r, fields, header, "actual"),
                weight=weight,
                score=score,
                deviation=ctx.value(row, r, fields, "deviation", header),
                level1_points=level1_points,
                loc=row_loc(ctx.file, table, r),
            )
        )
        for field, title in _EXTRA_NOTES.items():
            text = _text(row, fields.get(field))
            if clean(text) and field in header.fields:
                notes.append(Val(text=f"{name}：{title} {text}", loc=ctx.loc(r, fields.get(field))))
    return result, notes, execution, total_index


def _share_weight(
    ctx: _Context, row: Row, r: int, fields: dict[str, tuple[int, ...]], header: Header, score: Val | None
) -> Val | None:
    """An indicator's 分值; where its 分值 cell is blank or the form has none, its 权重占比(%): the
    indicator's share of the form's 100 points is its points (Hebei: 25 + 25 + 30 + 10 and the 预算执行率's
    10 make 100, and 单项指标折算得分 = 得分 × 权重占比). Not where the 得分 exceeds the share: that 得分 is
    on a scale of its own (100 for a met indicator), and the share is no 分值 it can be held to."""
    weight = ctx.value(row, r, fields, "weight", header)
    if (weight is not None and not weight.blank) or "share" not in header.fields:
        return weight
    indexes = fields.get("share")
    share = number(_text(row, indexes), ctx.loc(r, indexes))
    if share.num is None or not 0 < share.num <= 100:
        return weight
    if score is not None and score.num is not None and score.num > share.num:
        return weight
    return share


def aligned_indicators(
    file: str, table: GridTable, start: int = 0
) -> tuple[list[Indicator], int | None] | None:
    """The indicator rows of the first indicator header from row ``start`` on, each row's cells
    aligned with the header's columns by what they hold (a text layout's rows, short by the cells a
    merge wrote once), and the index of the 总分 row (``None`` when the table ends first); ``None``
    when there is no indicator header. For a family reader whose form arrives as text rows."""
    header = find_header(table, "indicator", start)
    if header is None:
        return None
    indicators, _, _, total_index = _indicators(_Context(file=file, table=table, unit="万元"), header)
    return indicators, total_index


def _as_rate(ctx: _Context, row: Row, r: int, fields: dict[str, tuple[int, ...]]) -> Val | None:
    indexes = fields.get("actual")
    if not indexes:
        return None
    return bare_rate(_text(row, indexes), ctx.loc(r, indexes))


# The signs a 指标性质/符号 column writes before a target; ``﹦`` and ``═`` (equals signs converted pages
# write) are written as ``=`` so the value grammar reads an 等于 target.
_SIGNS = ("=", "＝", "﹦", "═", "≥", "≤", "≧", "≦", ">", "<", ">=", "<=", "＞", "＜")


def _with_sign(
    ctx: _Context, row: Row, r: int, fields: dict[str, tuple[int, ...]], header: Header, field: str
) -> Val | None:
    """The target (or actual) as the form states it: a sign column (指标性质 ``≤``) and a unit column
    (度量单位 ``万元``) beside a bare ``30`` make ``≤30万元``; the location stays the value's cell."""
    value = ctx.value(row, r, fields, field, header)
    if value is None or value.blank:
        return value
    sign = clean(_text(row, fields.get("nature"))) if field == "target" else ""
    unit = _glossed_unit(clean(_text(row, fields.get("measure"))))
    text = value.text
    if token_kind(text) == "number":
        if sign in _SIGNS:
            text = sign.replace("﹦", "=").replace("═", "=") + text
        if unit and token_kind(unit) == "unit":
            text = text + unit
    return text_val(text, value.loc) if text != value.text else value


_GLOSS = re.compile(r"^(?P<unit>[^()（）]+)[(（][^()（）]*[)）]$")


def _glossed_unit(text: str) -> str:
    """A unit written with its name in brackets (Hebei: ``%(百分比)``, ``个(人数)``) as the unit alone;
    any other text as it is."""
    match = _GLOSS.match(clean(text))
    if match is not None and token_kind(match["unit"]) == "unit":
        return match["unit"]
    return text


def _cut_level(indicators: list[Indicator]) -> tuple[list[Indicator], list[Val]]:
    """A table that ends before its 总分 row (a text cut off, a page missing) whose last 一级指标's
    rows fall short of the points its heading states: rows of that level are missing, so its points
    cannot be compared with them. They are kept as a note, not as the level's points (rows whose
    分值 exceed the heading's are wrong whatever follows, and keep them)."""
    if not indicators or indicators[-1].level1_points is None:
        return indicators, []
    last = indicators[-1].level1
    stated = indicators[-1].level1_points
    start = len(indicators)
    while start > 0 and indicators[start - 1].level1 == last:
        start -= 1
    weights = [i.weight.num if i.weight is not None else None for i in indicators[start:]]
    if stated.num is None or None in weights:
        return indicators, []
    if sum(w for w in weights if w is not None) >= stated.num:
        return indicators, []
    note = Val(
        text=f"{last or '一级指标'}{stated.text and '：' + stated.text}，表格在总分行之前结束，"
        "其下各项或未完整列出，不按该分值核对",
        loc=stated.loc,
    )
    kept = indicators[:start] + [msgspec.structs.replace(i, level1_points=None) for i in indicators[start:]]
    return kept, [note]


def _blank(val: Val | None) -> bool:
    return val is None or val.blank


def _details(indicators: list[Indicator]) -> tuple[list[Indicator], list[Val]]:
    """Fold detail rows into the scored row above them: a row with 分值/得分 and neither target nor
    actual (``★补助各类瓜果蔬菜种植面积 10 10``), then rows under the same headings with a target or an
    actual and neither 分值 nor 得分 (``梨树种植面积 6亩 6亩``); under a scored row with figures of its own,
    only rows that say they are its parts (``其中桃树种植面积 1.5亩 1.5亩``). The details are the scored row's
    figures item by item, not indicators of their own: they become notes of the table."""
    kept: list[Indicator] = []
    notes: list[Val] = []
    parent: Indicator | None = None
    parent_unvalued = False
    for indicator in indicators:
        unscored = _blank(indicator.weight) and _blank(indicator.score)
        valued = not (_blank(indicator.target) and _blank(indicator.actual))
        if (
            parent is not None
            and unscored
            and valued
            and (indicator.level1, indicator.level2) == (parent.level1, parent.level2)
            and (parent_unvalued or fold(indicator.name).startswith("其中"))
        ):
            target = indicator.target.text if indicator.target is not None else ""
            actual = indicator.actual.text if indicator.actual is not None else ""
            notes.append(
                Val(
                    text=f"{parent.name}：明细 {indicator.name}，指标值 {target}，实际完成值 {actual}",
                    loc=indicator.loc,
                )
            )
            continue
        scored = not (_blank(indicator.weight) and _blank(indicator.score))
        parent, parent_unvalued = (indicator if scored else None), not valued
        kept.append(indicator)
    return kept, notes


def _total(ctx: _Context, header: Header, r: int) -> tuple[Val | None, Val | None]:
    row = ctx.table.rows[r]
    fields = map_row(row, header)
    numbers = [c for c in range(len(row)) if token_kind(row[c].text) == "number"]
    points_idx = fields.get("weight")
    total_idx = fields.get("score")
    if points_idx is None and total_idx is None and numbers:  # a 总分 row read by order
        points_idx = (numbers[0],)
        total_idx = (numbers[1],) if len(numbers) > 1 else None
    points = (
        number(_text(row, points_idx), ctx.loc(r, points_idx))
        if points_idx or "weight" in header.fields
        else None
    )
    total = (
        number(_text(row, total_idx), ctx.loc(r, total_idx))
        if total_idx or "score" in header.fields
        else None
    )
    return points, total


def _closing_row(table: GridTable, start: int) -> tuple[int, int, int] | None:
    """The 总分 row closing a table whose indicator header the text lost (a reprint's excerpt): the
    table's last row, a 总分 label and two figures, the form's whole 100 and a score of 0–100 (with no
    header, a figure's column is known only from the form's 100). Its row and its two figures' cells."""
    filled = [r for r in range(start, len(table.rows)) if any(clean(c.text) for c in table.rows[r])]
    if not filled:
        return None
    r = filled[-1]
    row = table.rows[r]
    texts = [c for c in range(len(row)) if clean(row[c].text)]
    if len(texts) != 3 or core(row[texts[0]].text) not in TOTAL_ROW:
        return None
    figures = [row[c].text for c in texts[1:]]
    if not all(token_kind(t) == "number" and fit(t, "points") is not None for t in figures):
        return None
    whole, score = (parse_decimal(clean(t)) for t in figures)
    if whole != 100 or score is None or score > whole:
        return None
    return r, texts[1], texts[2]


def _closing_total(ctx: _Context, start: int) -> tuple[Val | None, Val | None]:
    """The closing 总分 row's 分值 and 得分 (``_closing_row``), or nothing."""
    found = _closing_row(ctx.table, start)
    if found is None:
        return None, None
    r, a, b = found
    row = ctx.table.rows[r]
    return number(row[a].text, ctx.loc(r, (a,))), number(row[b].text, ctx.loc(r, (b,)))


# A table's own score named among the head rows, its figure under it (``自评得分`` over ``100``).
_HEAD_TOTAL = (*HEAD_SCORE_LABELS, "总分")


def _unscored(table: GridTable, header: Header | None) -> bool:
    """A budget block whose header (words only, no labelled pairs' figures on it) has neither a 分值 nor
    a 得分 column: the form scores its execution elsewhere (a 预算执行率 indicator row) or not at all,
    and the block leaves no score unread."""
    return (
        header is not None
        and not {"weight", "score"} & set(header.fields)
        and not any(_numeric(table.rows[r]) for r in range(header.first, header.last + 1))
    )


def _head_figure(text: str) -> bool:
    """A head total's figure: a score of 0–100, bare or with its 分 (``99分``)."""
    figure = re.sub(r"\s*分$", "", clean(text))
    return token_kind(figure) == "number" and fit(figure, "points") is not None


def _head_total(ctx: _Context, top: int) -> Val | None:
    """The 自评得分 the head rows (above the first block) write for the whole table: a label closing
    its row, its figure the first cell written in the same grid column below it, that figure closing
    its own row and a score (0–100); the rows between reach no cell into that column. Or the label
    and its figure a row alone (``自评总分(分) | 97.6``: a text whose cells ran together, cut there)."""
    table = ctx.table
    for r in range(top):
        row = table.rows[r]
        filled = [c for c in range(len(row)) if clean(row[c].text)]
        if len(filled) == 2 and core(row[filled[0]].text) in _HEAD_TOTAL:
            text = row[filled[1]].text
            if _head_figure(text):
                return number(text, ctx.loc(r, (filled[1],)))
        # a head row of label | value pairs (主管部门 | … | 自评得分 | 98 | …): the figure right after its label
        pair = next((c for c in filled[:-1] if core(row[c].text) in HEAD_SCORE_LABELS), None)
        if pair is not None and pair + 1 in filled and _head_figure(row[pair + 1].text):
            return number(row[pair + 1].text, ctx.loc(r, (pair + 1,)))
        if not filled or core(row[filled[-1]].text) not in _HEAD_TOTAL or len(filled) < 2:
            continue
        column = column_starts(row)[filled[-1]]
        for below in range(r + 1, top):
            under = table.rows[below]
            starts = column_starts(under)
            at = next((c for c, s in enumerate(starts) if s <= column < s + max(under[c].colspan, 1)), None)
            if at is None or not clean(under[at].text):
                continue
            text = under[at].text
            last = max(c for c in range(len(under)) if clean(under[c].text))
            if at != last or token_kind(text) != "number" or fit(text, "points") is None:
                return None
            return number(text, ctx.loc(below, (at,)))
        return None
    return None


def _grade(ctx: _Context) -> Val | None:
    table = ctx.table
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            text = fold(cell.text)
            for word in GRADE_LABELS:
                if not text.startswith(word):
                    continue
                rest = text[len(word) :].lstrip(":")
                if rest and len(rest) <= 4:
                    return Val(text=rest, loc=cell_loc(ctx.file, table, r, c))
                if not rest:
                    following = [k for k in range(c + 1, len(row)) if clean(row[k].text)]
                    if following and len(clean(row[following[0]].text)) <= 4:
                        k = following[0]
                        return Val(text=clean(row[k].text), loc=cell_loc(ctx.file, table, r, k))
    return None
