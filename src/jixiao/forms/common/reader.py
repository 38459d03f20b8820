"""The shared, non-provincial forms: 专项资金绩效自评清单 and 基础数据表."""

from __future__ import annotations

import re

from jixiao.forms.common.cells import cell_loc, find_row, row_loc, table_loc, texts
from jixiao.forms.registry import Reading
from jixiao.model.cells import clean, label, money, number, rate, text_val
from jixiao.model.dossier import BasicData, FigureRow, ListRow, Val
from jixiao.model.grid import GridTable

# ---------------------------------------------------------------- 专项资金绩效自评清单


def is_fund_list(table: GridTable) -> bool:
    return bool(table.rows) and texts(table.rows[0])[:2] == ["序号", "区级专项资金名称"]


def recognise_fund_list(file: str, table: GridTable) -> tuple[ListRow, ...]:
    """Rows of the list; a blank fund name continues the fund of the row above (merged cell)."""
    rows: list[ListRow] = []
    fund = ""
    number_text = ""
    for r in range(1, len(table.rows)):
        cells = [c.text.strip() for c in table.rows[r]] + ["", "", "", ""]
        number_text = clean(cells[0]) or number_text
        fund = clean(cells[1]) or fund
        rows.append(
            ListRow(
                number=number_text,
                fund=fund,
                unit=clean(cells[2]),
                remark=clean(cells[3]),
                loc=row_loc(file, table, r),
            )
        )
    return tuple(rows)


# ---------------------------------------------------------------- 基础数据表

_TOP_LINES = ("三公经费", "项目支出", "公用经费", "政府采购金额", "部门基本支出预算调整")
_NUMBERED = re.compile(r"^\d+[、.．]")


def is_basic_data(table: GridTable) -> bool:
    return find_row(table, ("财政供养人员情况",)) is not None and find_row(table, ("三公经费",)) is not None


def _line_level(text: str, top: str, numbered_seen: bool, previous: int) -> int:
    if text in _TOP_LINES:
        return 0
    if _NUMBERED.match(text):
        return 1
    if text.startswith("其中"):
        return 2 if numbered_seen else 1
    return previous if previous > 0 else 1


def recognise_basic_data(file: str, table: GridTable) -> BasicData:
    unit_name = staff_quota = staff_actual = staff_rate = measures = None
    year_columns: tuple[str, ...] = ()
    lines: list[FigureRow] = []
    buildings: list[FigureRow] = []
    top = ""
    numbered_seen = False
    level = 0
    r = 0
    while r < len(table.rows):
        row = table.rows[r]
        cells = texts(row)
        head = label(row[0].text) if row else ""
        if head.endswith("单位名称") and len(row) > 1:
            unit_name = text_val(clean(row[1].text), cell_loc(file, table, r, 1))
        elif head.startswith("财政供养人员情况") and r + 1 < len(table.rows):
            nxt = table.rows[r + 1]
            columns = {name: c for c, name in enumerate(cells)}
            for key, c in columns.items():
                if c >= len(nxt):
                    continue
                loc = cell_loc(file, table, r + 1, c)
                if key.startswith("编制数"):
                    staff_quota = number(nxt[c].text, loc, "人")
                elif "在职人数" in key:
                    staff_actual = number(nxt[c].text, loc, "人")
                elif key.startswith("控制率"):
                    staff_rate = rate(nxt[c].text, loc)
            r += 1
        elif head.startswith("经费控制情况"):
            year_columns = tuple(cells[1:])
        elif head.startswith("楼堂馆所"):
            columns_row = tuple(cells[1:])
            buildings.append(
                FigureRow(
                    label=head, values=tuple(Val(text=t) for t in columns_row), loc=row_loc(file, table, r)
                )
            )
            if r + 1 < len(table.rows):
                data = table.rows[r + 1]
                buildings.append(
                    FigureRow(
                        label="",
                        values=tuple(
                            money(data[c].text, cell_loc(file, table, r + 1, c)) for c in range(1, len(data))
                        ),
                        loc=row_loc(file, table, r + 1),
                    )
                )
                r += 1
        elif head.startswith("厉行节约"):
            measures = text_val(row[1].text, cell_loc(file, table, r, 1)) if len(row) > 1 else None
        elif year_columns and head:
            if head in _TOP_LINES:
                top, numbered_seen = head, False
            elif _NUMBERED.match(head):
                numbered_seen = True
            level = _line_level(head, top, numbered_seen, level)
            lines.append(
                FigureRow(
                    label=head,
                    values=tuple(money(row[c].text, cell_loc(file, table, r, c)) for c in range(1, len(row))),
                    level=level,
                    loc=row_loc(file, table, r),
                )
            )
        r += 1
    return BasicData(
        unit_name=unit_name,
        staffing_quota=staff_quota,
        staff_actual=staff_actual,
        staffing_rate=staff_rate,
        year_columns=year_columns,
        lines=tuple(lines),
        buildings=tuple(buildings),
        measures=measures,
        loc=table_loc(file, table),
    )


# ---------------------------------------------------------------- the registry's readers


def read_fund_list(file: str, table: GridTable, title: str) -> Reading:
    return Reading(fund_list=recognise_fund_list(file, table))


def read_basic_data(file: str, table: GridTable, title: str) -> Reading:
    return Reading(basic_data=recognise_basic_data(file, table))
