"""Recognise the other forms: 基础数据表, 专项资金绩效自评清单, 评分表 and per-institution figure tables."""

from __future__ import annotations

import re

import msgspec

from jixiao.ingest.recognise.common import cell_loc, find_row, first_text, heading, row_loc, table_loc, texts
from jixiao.model.cells import clean, label, money, number, rate, text_val
from jixiao.model.dossier import BasicData, FigureRow, FigureTable, ListRow, Rubric, RubricItem, Val
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


# ---------------------------------------------------------------- 部门整体支出绩效评价评分表


def is_rubric(table: GridTable) -> bool:
    return find_row(table, ("一级指标", "三级指标", "评分标准")) is not None


def recognise_rubric(file: str, table: GridTable, title: str) -> Rubric:
    items: list[RubricItem] = []
    level1 = level2 = ""
    l1_points: Val | None = None
    l2_points: Val | None = None
    group: Val | None = None
    declared_points = declared_total = None
    columns: dict[str, int] = {}
    for r, row in enumerate(table.rows):
        cells = texts(row)
        if "评分标准" in cells:
            columns = {name: c for c, name in enumerate(cells)}
            continue
        if not columns:
            continue
        if first_text(row).replace(" ", "").startswith("总分"):
            numbers = [c for c in range(1, len(row)) if clean(row[c].text)]
            if numbers:
                declared_points = number(row[numbers[0]].text, cell_loc(file, table, r, numbers[0]))
            if len(numbers) > 1:
                declared_total = number(row[numbers[1]].text, cell_loc(file, table, r, numbers[1]))
            continue

        def col(name: str, row: tuple[object, ...] = row, columns: dict[str, int] = columns) -> int | None:
            c = columns.get(name)
            return c if c is not None and c < len(row) else None

        c1, c2, c3 = col("一级指标"), col("二级指标"), col("三级指标")
        c_std, c_points, c_score = col("评分标准"), col("分值"), col("自评得分")
        c_reason = next((c for name, c in columns.items() if name.startswith("扣分原因")), None)
        if c1 is not None and clean(row[c1].text):
            level1, l1_points = heading(file, table, r, c1)
        if c2 is not None and clean(row[c2].text):
            level2, l2_points = heading(file, table, r, c2)
        points = (
            number(row[c_points].text, cell_loc(file, table, r, c_points)) if c_points is not None else None
        )
        score = number(row[c_score].text, cell_loc(file, table, r, c_score)) if c_score is not None else None
        # A 分值 cell merged down over the rows that follow it shows only on its first row: those rows
        # have a score but no points of their own, and share the group's points.
        if points is not None and points.blank and score is not None and not score.blank and items:
            previous = items[-1]
            group = group or previous.points
            if previous.group_points is None and group is not None:
                items[-1] = msgspec.structs.replace(previous, points=None, group_points=group)
            points = None
        else:
            group = None
        items.append(
            RubricItem(
                level1=level1,
                level2=level2,
                name=clean(row[c3].text) if c3 is not None else "",
                standard=text_val(row[c_std].text, None).text if c_std is not None else "",
                points=points,
                score=score,
                reason=text_val(row[c_reason].text, cell_loc(file, table, r, c_reason))
                if c_reason is not None and c_reason < len(row)
                else None,
                level1_points=l1_points,
                level2_points=l2_points,
                group_points=group,
                loc=row_loc(file, table, r),
            )
        )
    return Rubric(
        title=clean(title),
        items=tuple(items),
        declared_points=declared_points,
        declared_total=declared_total,
        loc=table_loc(file, table, clean(title) or None),
    )


# ---------------------------------------------------------------- per-institution figure tables

# Column vocabularies in printed order; a header cell names a column when it matches one of these.
_INSTITUTION_COLUMNS: dict[str, tuple[str, ...]] = {
    "institution_income": (
        "收入合计",
        "上年结转",
        "公共财政拨款",
        "政府基金拨款",
        "纳入专户管理的非税收入拨款",
        "其他收入",
    ),
    "institution_expenditure": (
        "支出合计",
        "基本支出",
        "人员支出",
        "公用支出",
        "项目支出",
        "当年结余",
        "累计结余",
    ),
    "institution_sangong": ("三公经费合计", "公务接待费", "公务用车运维费", "公务用车购置费", "因公出国费"),
    "institution_assets": ("固定资产合计", "在用固定资产", "出租固定资产", "其他"),
}


def institution_tables(file: str, table: GridTable) -> list[FigureTable]:
    """Find every 机构名称 × figures block inside a (possibly larger) form table."""
    found: list[FigureTable] = []
    r = 0
    while r < len(table.rows):
        cells = texts(table.rows[r])
        if not cells or cells[0] != "机构名称" or len(cells) < 2:
            r += 1
            continue
        kind = next((k for k, cols in _INSTITUTION_COLUMNS.items() if cells[1] == cols[0]), None)
        title = first_text(table.rows[r - 1]) if r > 0 and len(table.rows[r - 1]) == 1 else ""
        header_words: set[str] = set()
        h = r
        while h < len(table.rows) and (h == r or not clean(table.rows[h][0].text)):
            header_words.update(texts(table.rows[h]))
            h += 1
        if kind is None:
            r = h
            continue
        columns = ("机构名称", *(name for name in _INSTITUTION_COLUMNS[kind] if name in header_words))
        rows: list[FigureRow] = []
        d = h
        while d < len(table.rows) and len(table.rows[d]) == len(columns) and clean(table.rows[d][0].text):
            data = table.rows[d]
            name = clean(data[0].text)
            rows.append(
                FigureRow(
                    label=name,
                    values=tuple(
                        money(data[c].text, cell_loc(file, table, d, c)) for c in range(1, len(data))
                    ),
                    is_total="汇总" in name or name in ("合计", "总计"),
                    loc=row_loc(file, table, d),
                )
            )
            d += 1
        found.append(
            FigureTable(
                kind=kind, title=title, columns=columns, rows=tuple(rows), loc=row_loc(file, table, r)
            )
        )
        r = d
    return found
