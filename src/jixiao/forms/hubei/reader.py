"""Recognise the Hubei 项目绩效自评表 in a table grid (.docx, .xlsx, .pdf tables, or ``jixiao render``).

The text of a PDF is read by ``jixiao.forms.hubei.text``; this module reads the same form when it arrives as a
real table. The form (rules.md §5.1, seed 004)::

    填报日期：…                                | 总分：100分        <- may also stand above the table
    项目名称 | …
    主管部门 | … | 项目实施单位 | …
    项目类别 | 1、部门预算项目√ 2、省专项□ 3、中央转移支付项目□
    项目属性 | 1、持续性项目√ 2、新增性项目□ | 项目类型 | 1、常年性项目√ …
    预算执行情况（万元）（20分） | 预算数（A） | 执行数（B） | 执行率（B/A） | 得分（20分×执行率）
    年度财政资金总额           | 28 万元     | 28 万元     | 100%         | 20
    一级指标 | 二级指标 | 三级指标 | 年初目标值（A） | 实际完成值（B） | 得分
    产出指标（40分） | 数量指标 | … (一级/二级 merged down over their rows)
    总分 | 100
    偏差大或目标未完成原因分析 | …   改进措施及结果应用方案 | …   单位主要负责人签批意见 | …

The indicator block is the Hunan one without 分值 and 偏差 columns, so it is read by the evaluation
recogniser; two conventions of the Hubei reader are then kept so both readers give one dossier: the
三级指标 is kept as written (inner spaces too), and a level-1 heading's points are the bare number.
"""

from __future__ import annotations

import re
from decimal import Decimal

import msgspec

from jixiao.forms.common.cells import cell_loc, find_col, find_row, row_loc, table_loc, texts
from jixiao.forms.common.evaluation import indicator_rows
from jixiao.model.cells import clean, label, money, number, points_in, text_val
from jixiao.model.dossier import Budget, BudgetRow, Evaluation, Indicator, Val
from jixiao.model.grid import GridTable
from jixiao.model.source import Location

TEMPLATE = "hubei-project"

_FILL_DATE = re.compile(r"填报日期[：:]\s*(?P<date>[0-9０-９][0-9０-９.．\-/年月日]*)")
_DECLARED_POINTS = re.compile(r"总分[：:](?P<num>\d+(?:\.\d+)?)")
_TICKED = "√✓✔☑\uf0fe"
_UNTICKED = "□☐\uf0a8\uf06f"
_OPTION = re.compile(
    rf"(?P<num>\d+)\s*[、.．]\s*(?P<text>[^{_TICKED}{_UNTICKED}\d]+?)\s*(?P<mark>[{_TICKED}{_UNTICKED}]?)"
    r"\s*(?=\d+\s*[、.．]|$)"
)
_CHOICES = ("项目类别", "项目属性", "项目类型")
_FIELDS = {
    "项目名称": "name",
    "主管部门": "department",
    "项目实施单位": "implementer",
    "实施单位": "implementer",
}
_NOTE_LABELS = ("偏差大或目标未完成原因分析", "改进措施及结果应用方案", "单位主要负责人签批意见", "其他说明")


def is_hubei_table(table: GridTable) -> bool:
    """项目名称, the Hubei 预算执行 block — its heading names the money unit (预算执行情况（万元）（20分）)
    or its score column the formula (得分（20分*执行率）) — and an indicator header without the Hunan
    年初预算数 column. Other forms also open with 预算执行情况 (Sichuan's 预算执行情况(10分) has its
    amounts under 年度预算数(万元)): the block's own words tell them apart."""
    execution = find_row(table, ("预算执行",))
    return (
        find_row(table, ("项目名称",)) is not None
        and execution is not None
        and _hubei_execution(table, execution)
        and find_row(table, ("一级指标", "二级指标", "三级指标")) is not None
        and find_row(table, ("年初预算数",)) is None
    )


def _hubei_execution(table: GridTable, row: int) -> bool:
    cells = texts(table.rows[row]) + (texts(table.rows[row + 1]) if row + 1 < len(table.rows) else [])
    return any(
        (c.startswith("预算执行") and "万元" in c) or ("执行率" in c and "分" in c and c.startswith("得分"))
        for c in cells
    )


def _choice(text: str) -> str | None:
    """The ticked option (√) of a choice cell; with no tick, the one option without an empty box."""
    options = list(_OPTION.finditer(clean(text)))
    ticked = [m for m in options if m["mark"] and m["mark"] in _TICKED]
    if not ticked:
        unmarked = [m for m in options if not m["mark"]]
        ticked = unmarked if len(unmarked) == 1 and len(options) > 1 else []
    return ticked[0]["text"] if ticked else None


def _rate(text: str, loc: Location, proof: tuple[Val | None, Val | None] | None = None) -> Val:
    """A rate as written; a doubled percent sign (``61%%``) is read as one (as the PDF reader does); a
    bare figure in the 执行率 column as the generic reader reads it (``0.958`` a fraction: 95.8%)."""
    from jixiao.forms.generic.reader import bare_rate  # generic imports the evaluation reader

    written = text.strip()
    value = bare_rate(re.sub(r"[%％]+$", "%", written), loc, proof)
    return msgspec.structs.replace(value, text=written)


def _budget(file: str, table: GridTable, start: int, unit: str = "万元") -> Budget | None:
    """预算执行情况: the weight from its heading, then 预算数, 执行数, 执行率 and 得分 on the row below;
    amounts in ``unit``, the form's stated unit (预算执行情况（万元）, 单位：元)."""
    if start + 1 >= len(table.rows) or not table.rows[start]:
        return None
    header = texts(table.rows[start])
    weight = points_in(table.rows[start][0].text)
    r = start + 1
    row = table.rows[r]
    if len(row) < len(header):  # a text layout wrote a merged header cell as a cell and an empty one
        header = [h for h in header if h] if len(row) == sum(1 for h in header if h) else header

    def cell(*words: str) -> tuple[str, Location] | None:
        col = find_col(header, *words)
        if col is None or col >= len(row) or not clean(row[col].text):
            return None
        return row[col].text, cell_loc(file, table, r, col)

    adjusted, executed = cell("预算数"), cell("执行数")
    rate_cell, score_cell = cell("执行率"), cell("得分")
    if adjusted is None and executed is None and rate_cell is None:
        return None  # the block without its figures, as the PDF reader treats it
    total = BudgetRow(
        label=label(row[0].text) if row else "",
        adjusted=money(*adjusted, default_unit=unit) if adjusted else None,
        executed=money(*executed, default_unit=unit) if executed else None,
        loc=row_loc(file, table, r),
    )
    return Budget(
        total=total,
        weight=Val(text=f"{weight}", num=weight, loc=cell_loc(file, table, start, 0))
        if weight is not None
        else None,
        rate=_rate(*rate_cell, (total.adjusted, total.executed)) if rate_cell else None,
        score=number(*score_cell) if score_cell else None,
    )


def _preamble(file: str, table: GridTable, end: int) -> tuple[Val | None, Val | None]:
    """(declared points from 总分：100分, 填报日期) in the rows above 项目名称."""
    points = date = None
    for r in range(end):
        for c, cell in enumerate(table.rows[r]):
            compact = clean(cell.text)
            found = _DECLARED_POINTS.search(compact)
            if found and points is None:
                points = Val(text=found["num"], num=Decimal(found["num"]), loc=cell_loc(file, table, r, c))
            filled = _FILL_DATE.search(compact)
            if filled and date is None:
                date = Val(text=filled["date"], loc=cell_loc(file, table, r, c))
    return points, date


def _header(
    file: str, table: GridTable, start: int, end: int
) -> tuple[dict[str, Val], list[tuple[str, Val]]]:
    """Named fields (项目名称, 主管部门, 项目实施单位) and the ticked choices, each from the cell after its label."""
    fields: dict[str, Val] = {}
    choices: list[tuple[str, Val]] = []
    for r in range(start, end):
        row = table.rows[r]
        for c in range(len(row) - 1):
            key = label(row[c].text)
            value = row[c + 1]
            loc = cell_loc(file, table, r, c + 1)
            if key in _FIELDS and clean(value.text):
                fields.setdefault(_FIELDS[key], text_val(value.text, loc))
            elif key in _CHOICES:
                chosen = _choice(value.text)
                if chosen is not None:
                    choices.append((key, text_val(chosen, loc)))
    order = {word: i for i, word in enumerate(_CHOICES)}
    return fields, sorted(choices, key=lambda pair: order[pair[0]])


def _hubei_indicator(table: GridTable, indicator: Indicator, name_col: int | None) -> Indicator:
    """The Hubei reader's conventions: the name as written, level-1 points as the bare number."""
    name = indicator.name
    row = indicator.loc.row if indicator.loc is not None else None
    if name_col is not None and row is not None and name_col < len(table.rows[row - 1]):
        name = text_val(table.rows[row - 1][name_col].text, None).text
    points = indicator.level1_points
    if points is not None and points.num is not None:
        points = Val(text=f"{points.num}", num=points.num, loc=points.loc)
    return msgspec.structs.replace(indicator, name=name, level1_points=points)


def _unit(table: GridTable, title: str, budget_at: int) -> str:
    """The money unit the form states: in its title, its 预算执行 heading or a note above it."""
    from jixiao.forms.generic.vocabulary import stated_unit  # generic imports the evaluation reader

    above = [cell.text for r in range(budget_at) for cell in table.rows[r]]
    return stated_unit([title, *(cell.text for cell in table.rows[budget_at]), *above])


def _notes(file: str, table: GridTable, start: int) -> tuple[Val, ...]:
    """The values written beside the note labels after 总分, in form order (blank ones left out)."""
    notes: list[Val] = []
    for r in range(start, len(table.rows)):
        row = table.rows[r]
        if len(row) >= 2 and label(row[0].text) in _NOTE_LABELS and clean(row[1].text):
            notes.append(text_val(row[1].text, cell_loc(file, table, r, 1)))
    return tuple(notes)


def recognise_hubei_table(file: str, table: GridTable, title: str = "") -> Evaluation | None:
    """Read one Hubei form; ``title`` is the heading printed above it, if any."""
    anchor = find_row(table, ("项目名称",))
    budget_at = find_row(table, ("预算执行",))
    rows_at = find_row(table, ("一级指标", "二级指标", "三级指标"))
    if anchor is None or budget_at is None or rows_at is None:
        return None
    points, date = _preamble(file, table, anchor)
    fields, choices = _header(file, table, anchor, budget_at)
    raw, total_index = indicator_rows(file, table, rows_at)
    name_col = find_col(texts(table.rows[rows_at]), "三级指标")
    width = len(table.rows[rows_at])
    if any(len(table.rows[r]) != width for r in range(rows_at + 1, min(total_index, len(table.rows)))):
        # rows of a text layout, short by the cells a merge wrote once: aligned by what they hold
        from jixiao.forms.generic.reader import aligned_indicators

        aligned = aligned_indicators(file, table, rows_at)
        if aligned is not None and aligned[0]:
            raw, name_col = aligned[0], None
            total_index = aligned[1] if aligned[1] is not None else len(table.rows)
    indicators = tuple(_hubei_indicator(table, i, name_col) for i in raw)
    total = None
    if total_index < len(table.rows):
        row = table.rows[total_index]
        values = [c for c in range(1, len(row)) if clean(row[c].text)]
        if values:
            total = number(row[values[0]].text, cell_loc(file, table, total_index, values[0]))
        stated = points_in(row[0].text) if row and points is None else None
        if stated is not None:  # the points written in the row's label: 总分(100分)
            points = Val(text=f"{stated}", num=stated, loc=cell_loc(file, table, total_index, 0))
    if not title:
        title = next((clean(r[0].text) for r in table.rows[:anchor] if len(r) == 1 and clean(r[0].text)), "")
    return Evaluation(
        kind="project",
        template=TEMPLATE,
        title=title,
        name=fields.get("name"),
        department=fields.get("department"),
        implementer=fields.get("implementer"),
        header=tuple(choices),
        budget=_budget(file, table, budget_at, _unit(table, title, budget_at)),
        indicators=indicators,
        declared_points=points,
        declared_total=total,
        notes=_notes(file, table, total_index + 1),
        signature=(("填报日期", date),) if date is not None else (),
        loc=table_loc(file, table, clean(title) or None),
    )


def read(file: str, table: GridTable, title: str) -> Evaluation | None:
    return recognise_hubei_table(file, table, title)
