"""The shared, non-provincial forms as printed: 专项资金绩效自评清单, 基础数据表, and plain figure tables."""

from __future__ import annotations

from collections.abc import Sequence
from math import lcm

from jixiao.forms.common.evaluation_layout import runs, signature_line, text
from jixiao.model.dossier import BasicData, FigureRow, FigureTable, ListRow, Val
from jixiao.model.grid import Block, GridTable, Paragraph
from jixiao.render.layout.build import C, TableBuilder

# ---------------------------------------------------------------- 专项资金绩效自评清单


def fund_list_table(rows: Sequence[ListRow]) -> GridTable:
    """序号 and fund names merged down over the rows that share them, as the list prints them."""
    builder = TableBuilder(4)
    builder.row(C("序号"), C("区级专项资金名称"), C("单位名称"), C("备注"))
    numbers = {start: n for start, n in runs([r.number for r in rows])}
    funds = {start: n for start, n in runs([f"{r.number}\x00{r.fund}" for r in rows])}
    for index, row in enumerate(rows):
        cells: list[C] = []
        if index in numbers:
            cells.append(C(row.number, 1, numbers[index]))
        if index in funds:
            cells.append(C(row.fund, 1, funds[index]))
        cells.extend((C(row.unit), C(row.remark)))
        builder.row(*cells)
    return builder.table((0.6, 3.0, 2.4, 4.0), header_rows=1)


# ---------------------------------------------------------------- 基础数据表

BASIC_NOTE = (
    "说明：“项目支出”需要填报基本支出以外的所有项目支出情况，“公用经费”填报基本支出中的一般商品和服务支出。"
)


def _staffing(basic: BasicData) -> list[tuple[str, Val]]:
    pairs = (
        ("编制数", basic.staffing_quota),
        ("实际在职人数", basic.staff_actual),
        ("控制率", basic.staffing_rate),
    )
    return [(key, value) for key, value in pairs if value is not None]


def basic_data_table(basic: BasicData) -> GridTable:
    """Label column, then value columns shared by the staffing, year and building rows."""
    staffing = _staffing(basic)
    years = len(basic.year_columns) or 1
    building_cols = max((len(row.values) for row in basic.buildings), default=1) or 1
    span = lcm(years, building_cols, len(staffing) or 1)
    builder = TableBuilder(1 + span)
    if basic.unit_name is not None:
        builder.row(C("预算单位名称"), C(basic.unit_name.text, span))
    if staffing:
        each = span // len(staffing)
        builder.row(C("财政供养人员情况（人）", 1, 2), *(C(key, each) for key, _ in staffing))
        builder.row(*(C(value.text, each) for _, value in staffing))
    if basic.year_columns:
        each = span // years
        builder.row(C("经费控制情况（万元）"), *(C(t, each) for t in basic.year_columns))
        for line in basic.lines:
            builder.row(C(line.label), *_values(line, years, each))
    buildings = list(basic.buildings)
    for index in range(0, len(buildings), 2):
        head = buildings[index]
        data = buildings[index + 1] if index + 1 < len(buildings) else None
        each = span // building_cols
        builder.row(C(head.label, 1, 2 if data is not None else 1), *_values(head, building_cols, each))
        if data is not None:
            builder.row(*_values(data, building_cols, each))
    if basic.measures is not None:
        builder.row(C("厉行节约保障措施"), C(basic.measures.text, span))
    widths = (3.0, *([6.0 / span] * span))
    return builder.table(widths)


def _values(row: FigureRow, count: int, each: int) -> list[C]:
    values = [text(v) for v in row.values][:count]
    values += [""] * (count - len(values))
    return [C(v, each) for v in values]


def basic_data_blocks(basic: BasicData, title: str) -> list[Block]:
    blocks: list[Block] = [Paragraph(text=title, style="title"), basic_data_table(basic)]
    blocks.append(Paragraph(text=BASIC_NOTE, style="note"))
    if basic.signature:
        blocks.append(Paragraph(text=signature_line(basic.signature)))
    return blocks


# ---------------------------------------------------------------- plain figure tables


def plain_figure_blocks(table: FigureTable) -> list[Block]:
    """A table of figures the forms print without a fixed layout (the 整体收支情况表 of a report's text):
    its title, its unit, then the label column (its own name where ``columns`` names it first, as a
    三公 table's 项目 or a consolidation's 机构名称; 项目名称 otherwise) and the figure columns, one row
    per line."""
    width = max((len(row.values) for row in table.rows), default=len(table.columns))
    label, columns = ("项目名称", table.columns)
    if len(table.columns) == width + 1:
        label, columns = table.columns[0], table.columns[1:]
    builder = TableBuilder(1 + len(columns))
    builder.row(C(label), *(C(c) for c in columns))
    for row in table.rows:
        values = [text(v) for v in row.values][: len(columns)]
        values += [""] * (len(columns) - len(values))
        builder.row(C(row.label), *(C(v) for v in values))
    widths = (2.4, *([1.2] * len(columns)))
    return [
        Paragraph(text=table.title, style="title"),
        Paragraph(text=f"单位：{table.unit}", style="note"),
        builder.table(widths, header_rows=1),
    ]
