"""The Yueyang forms read from a table: the 部门整体支出绩效评价评分表 (seed 001), the city form of the
部门整体支出绩效评价自评报告 (seed 002: one large form table holding the 基本概况, per-institution
figures, 定性/定量目标 with their completion, the 综合得分 and 评价等次), and the per-institution figure
tables that report holds (also found inside other, larger tables)."""

from __future__ import annotations

import re

import msgspec

from jixiao.forms.common.cells import cell_loc, find_row, first_text, heading, row_loc, table_loc, texts
from jixiao.forms.common.evaluation import split_items
from jixiao.forms.generic.reader import match_column
from jixiao.forms.generic.vocabulary import INDICATOR_COLUMNS
from jixiao.forms.registry import Reading
from jixiao.model.cells import clean, label, money, number, strip_points, text_val
from jixiao.model.dossier import Evaluation, FigureRow, FigureTable, Goal, Indicator, Rubric, RubricItem, Val
from jixiao.model.grid import GridTable

RUBRIC = "yueyang-rubric"
DEPT_REPORT = "yueyang-dept-report"
INSTITUTIONS = "yueyang-institutions"

# ---------------------------------------------------------------- 部门整体支出绩效评价评分表


def is_rubric(table: GridTable) -> bool:
    """The 评分表's header: 一级指标 … 三级指标 … 评分标准, and no indicator value (目标值, 完成值): a
    header naming those too is an evaluation table's that writes each row's 评分标准 (Fujian)."""
    r = find_row(table, ("一级指标", "三级指标", "评分标准"))
    return r is not None and not any(
        (column := match_column(c.text, INDICATOR_COLUMNS)) is not None
        and column.field in ("target", "actual")
        for c in table.rows[r]
    )


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


# ---------------------------------------------------------------- 部门整体支出绩效评价自评报告

_PREFIX = re.compile(r"^指标\s*\d+\s*[：:]\s*")


def is_dept_report(table: GridTable) -> bool:
    return (
        find_row(table, ("整体支出绩效定量目标",)) is not None
        or find_row(table, ("人员编制", "实有人数")) is not None
    )


def report_facts(file: str, table: GridTable) -> list[tuple[str, Val]]:
    """Label/value pairs of the 基本概况 rows: 人员编制 -> 编制数, 实有人数 -> 在职人数, 联系人…"""
    names = {"人员编制": "编制数", "实有人数": "在职人数", "联系人": "联系人", "联络电话": "联系电话"}
    facts: list[tuple[str, Val]] = []
    for r, row in enumerate(table.rows):
        cells = texts(row)
        for c in range(0, len(cells) - 1):
            key = names.get(cells[c])
            if key is None:
                continue
            loc = cell_loc(file, table, r, c + 1)
            value = (
                number(row[c + 1].text, loc)
                if key in ("编制数", "在职人数")
                else text_val(row[c + 1].text, loc)
            )
            facts.append((key, value))
    return facts


def _heading_as_written(file: str, table: GridTable, r: int, name: str) -> Val | None:
    """The 一级指标 cell as written when it holds more than the name (the form's note in brackets,
    "产出目标（部门工作实绩……根据部门实际进行调整细化）"), so checks can read it; None otherwise."""
    written = clean(table.rows[r][1].text)
    if written == name:
        return None
    # no num: this form gives no per-row weights, so points in the heading are not summed against
    return Val(text=written, loc=cell_loc(file, table, r, 1))


def recognise_dept_report(file: str, table: GridTable, unit: str | None = None) -> Evaluation | None:
    start = find_row(table, ("整体支出绩效定量目标",))
    if start is None:
        return None
    goal = None
    qualitative = find_row(table, ("整体支出绩效定性目标",))
    if qualitative is not None and qualitative + 1 < len(table.rows):
        row = table.rows[qualitative + 1]
        if len(row) >= 3:
            goal = Goal(
                expected=tuple(
                    Val(text=t, loc=cell_loc(file, table, qualitative + 1, 1))
                    for t in split_items(row[1].text)
                ),
                achieved=tuple(
                    Val(text=t, loc=cell_loc(file, table, qualitative + 1, 2))
                    for t in split_items(row[2].text)
                ),
            )
    indicators: list[Indicator] = []
    level1 = level2 = ""
    level1_cell: Val | None = None
    total = grade = None
    r = start + 1
    while r < len(table.rows):
        row = table.rows[r]
        cells = texts(row)
        if cells and cells[0].startswith("绩效自评综合得分"):
            total = number(row[1].text, cell_loc(file, table, r, 1)) if len(row) > 1 else None
        elif cells and cells[0].startswith("评价等次"):
            grade = text_val(row[1].text, cell_loc(file, table, r, 1)) if len(row) > 1 else None
            break
        elif len(row) >= 4 and not cells[0]:
            offset = len(row) - 4
            if offset >= 1 and cells[1]:
                level1 = strip_points(re.sub(r"（.*$", "", cells[1]))
                level1_cell = _heading_as_written(file, table, r, level1)
            if cells[offset + 1]:
                level2 = cells[offset + 1]
            target_text = clean(row[offset + 2].text)
            indicators.append(
                Indicator(
                    level1=level1,
                    level2=level2,
                    name=_PREFIX.sub("", target_text),
                    target=text_val(row[offset + 2].text, cell_loc(file, table, r, offset + 2)),
                    actual=text_val(row[offset + 3].text, cell_loc(file, table, r, offset + 3)),
                    level1_points=level1_cell,
                    loc=row_loc(file, table, r),
                )
            )
        r += 1
    return Evaluation(
        kind="dept_overall",
        template=DEPT_REPORT,
        title="部门（单位）整体支出绩效自评情况",
        name=Val(text=unit) if unit else None,
        goal=goal,
        indicators=tuple(indicators),
        declared_total=total,
        grade=grade,
        loc=table_loc(file, table, label(table.rows[start][0].text)),
    )


# ---------------------------------------------------------------- the registry's readers


def read_rubric(file: str, table: GridTable, title: str) -> Reading:
    return Reading(rubrics=(recognise_rubric(file, table, title),))


def read_dept_report(file: str, table: GridTable, title: str) -> Reading:
    """The report form: its institution tables, its 基本概况 facts and its evaluation (named by the loader
    after the document's unit)."""
    report = recognise_dept_report(file, table)
    return Reading(
        evaluations=(report,) if report is not None else (),
        figures=tuple(institution_tables(file, table)),
        facts=tuple(report_facts(file, table)),
    )


def has_institution_tables(table: GridTable) -> bool:
    return any(
        cells and cells[0] == "机构名称" and len(cells) >= 2 for cells in (texts(row) for row in table.rows)
    )


def read_institution_tables(file: str, table: GridTable, title: str) -> Reading | None:
    found = institution_tables(file, table)
    return Reading(figures=tuple(found)) if found else None
