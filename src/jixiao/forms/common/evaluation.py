"""Read 整体支出/项目支出绩效自评表 in the national table layout, the one the Hunan and Zhuzhou families
share (their readers give this module their template ids; the Hubei reader uses its indicator rows).

A table is an evaluation table when it holds a budget header (年初预算数 / 全年预算数 / 全年执行数) and
an indicator header (一级指标 / 二级指标 / 三级指标). Columns are found by their header words, so a form
with columns in another order or with extra columns reads the same. Cells covered by a vertical merge
are empty in the text layouts; 一级/二级指标 are carried down from the row that states them. A parent
row split by the rows under it (its 分值/得分 their sums) counts once, as every reader counts it
(``nesting``): what was nested is a note of the table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

import msgspec

from jixiao.forms.common.cells import (
    Row,
    cell_loc,
    find_col,
    find_row,
    heading,
    row_loc,
    table_loc,
    texts,
)
from jixiao.forms.common.nesting import nest_sub_rows
from jixiao.forms.generic.kinds import table_kind
from jixiao.forms.generic.rows import IndicatorsEnd, level2_in_name, row_kind
from jixiao.forms.generic.vocabulary import BUDGET_COLUMNS, INDICATOR_COLUMNS, core
from jixiao.model.cells import clean, label, money, number, text_val
from jixiao.model.dossier import Budget, BudgetRow, Evaluation, Goal, Indicator, TableKind, Val
from jixiao.model.grid import GridTable

_NAME_LABELS = ("项目支出名称", "项目名称", "专项名称", "预算单位名称", "单位名称")
_HEADER_LABEL = re.compile(r"(名称|名称（子项目）|主管部门|实施单位|总投资（万元）|总投资|其中：财政拨款)$")
_EMBEDDED = re.compile(r"^(?P<label>项目总实施期|实施期|项目类别|项目属性|项目类型)[：:](?P<value>.*)$")
_ITEM_START = re.compile(
    r"^\s*(目标\s*\d+|任务\s*\d+|\d+|[（(]?[一二三四五六七八九十]+[)）]?|[①-⑩])\s*[、:：.．)）]"
)
_YEAR = re.compile(r"(20\d{2})\s*年度?")
# the words of a column that states how a row is scored (得分计算方法, 评分标准): a text column, no 得分
_SCORING_RULE = tuple(w for c in INDICATOR_COLUMNS if c.field == "reference" for w in c.words)
# the words of the year's budget column (全年预算数, 调整预算数, 调整后预算数 …), as the vocabulary knows them
_ADJUSTED = tuple(w for c in BUDGET_COLUMNS if c.field == "adjusted" for w in c.words)


def is_evaluation_table(table: GridTable) -> bool:
    return (
        find_row(table, ("年初预算数",)) is not None
        and find_row(table, ("一级指标", "二级指标", "三级指标")) is not None
    )


def split_items(text: str) -> list[str]:
    """Split a goal cell into its numbered items (目标 1：…, 1、…, ①…); unnumbered text is one item."""
    items: list[list[str]] = []
    for raw in text.split("\n"):
        line = raw.strip().strip("\u3000").strip()
        if not line:
            continue
        if _ITEM_START.match(line) or not items:
            items.append([line])
        else:
            items[-1].append(line)
    return ["".join(parts) for parts in items]


def _kind(title: str, labels: list[str]) -> TableKind:
    """The table's kind from its title and head (``generic.kinds``); a unit's when neither tells (the
    national layout's 整体 table names no project)."""
    return table_kind(title, labels, default="unit_overall")


def _header_fields(
    file: str, table: GridTable, end: int, kind: TableKind
) -> tuple[str, dict[str, Val], list[tuple[str, Val]]]:
    """Read the label/value cells above the budget block: (title found in a row, named fields, others)."""
    title = ""
    named: dict[str, Val] = {}
    others: list[tuple[str, Val]] = []
    for r in range(end):
        pending: str | None = None
        for c, cell in enumerate(table.rows[r]):
            text = label(cell.text)
            embedded = _EMBEDDED.match(text)
            if embedded:
                others.append((embedded["label"], text_val(embedded["value"], cell_loc(file, table, r, c))))
                continue
            if text and (_HEADER_LABEL.search(text) or text in _NAME_LABELS):
                if pending and not (pending in _NAME_LABELS and text in _NAME_LABELS):
                    _assign(pending, Val(text="", loc=cell_loc(file, table, r, c)), named, others, kind)
                pending = pending if (pending in _NAME_LABELS and text in _NAME_LABELS) else text
                continue
            if pending is not None:
                loc = cell_loc(file, table, r, c)
                value = money(cell.text, loc) if "投资" in pending or "财政拨款" in pending else None
                _assign(pending, value or text_val(cell.text, loc), named, others, kind)
                pending = None
            elif text and text not in ("……", "…") and not title and len(table.rows[r]) == 1:
                title = text
    return title, named, others


def _assign(
    key: str, value: Val, named: dict[str, Val], others: list[tuple[str, Val]], kind: TableKind
) -> None:
    if key in _NAME_LABELS or (key == "部门名称" and kind != "project"):
        named.setdefault("name", value)
    elif key in ("部门名称", "主管部门"):
        named.setdefault("department", value)
    elif key in ("实施单位", "项目实施单位"):
        named.setdefault("implementer", value)
    else:
        others.append((key, value))


_BLANK_FIGURE = re.compile(r"^[—–\-－/／、]*$")


def _label_cells(cells: list[str]) -> int:
    """How many cells open the row before its first figure (a blank mark such as ``—`` is a figure's
    cell, an empty cell a label's)."""
    for index, text in enumerate(cells):
        if text and (_BLANK_FIGURE.match(text) or money(text, None).num is not None):
            return index
    return len(cells)


def _shift(cells: list[str], label_columns: int) -> int:
    """By how many columns a row's cells stand left of the header's: a row whose label is one merged
    cell under a header with two label columns (总体资金 | 资金来源) writes its figures one cell early.
    Rows without a label (continuation lines of a text layout) are not moved."""
    written = _label_cells(cells)
    if 1 <= written < label_columns and cells[0] and written < len(cells):
        return label_columns - written
    return 0


def _budget(file: str, table: GridTable, start: int, stop: int, unit: str = "万元") -> Budget | None:
    """The budget block below its header row ``start``; amounts in ``unit`` (the form's stated unit),
    each row's figures placed under the header's figure columns."""
    header = texts(table.rows[start])
    c_init = find_col(header, "年初预算")
    c_adj = find_col(header, "全年预算")
    if c_adj is None:  # the year's budget under another of its names (调整预算数(A), 调整后预算数)
        c_adj = next((c for c, t in enumerate(header) if core(t) in _ADJUSTED), None)
    c_exe = find_col(header, "全年执行")
    c_weight = find_col(header, "分值")
    c_rate = find_col(header, "执行率")
    c_score = find_col(header, "得分", "自评得分")
    if c_exe is None or (c_init is None and c_adj is None):
        return None
    label_columns = min(c for c in (c_init, c_adj, c_exe) if c is not None)
    total: BudgetRow | None = None
    total_row: Row = ()
    total_index = start
    total_shift = 0
    parts: list[BudgetRow] = []
    by_income: list[tuple[str, Val]] = []
    by_nature: list[tuple[str, Val]] = []
    for r in range(start + 1, stop):
        row = table.rows[r]
        cells = texts(row)
        if any(t.startswith(("按收入性质分", "按支出性质分")) for t in cells) or (
            len(row) <= 3 and any("：" in t for t in cells)
        ):
            _split_pairs(file, table, r, by_income, by_nature, unit)
            continue
        shift = _shift(cells, label_columns)
        if len(row) + shift <= c_exe:
            continue
        name = cells[label_columns - 1 - shift] if label_columns > shift else ""

        def cell(col: int | None, r: int = r, row: Row = row, shift: int = shift) -> Val | None:
            if col is None or not 0 <= col - shift < len(row):
                return None
            return money(row[col - shift].text, cell_loc(file, table, r, col - shift), default_unit=unit)

        budget_row = BudgetRow(
            label=name,
            initial=cell(c_init),
            adjusted=cell(c_adj),
            executed=cell(c_exe),
            loc=row_loc(file, table, r),
        )
        if total is None and ("年度资金总额" in name or "合计" in name or (not parts and not name)):
            total, total_row, total_index, total_shift = budget_row, row, r, shift
        else:
            parts.append(_part_execution(file, table, r, row, shift, budget_row, (c_weight, c_rate, c_score)))
    if total is None:
        return None

    def total_cell(col: int | None, reader: str) -> Val | None:
        if col is None or not 0 <= col - total_shift < len(total_row):
            return None
        col -= total_shift
        loc = cell_loc(file, table, total_index, col)
        text = total_row[col].text
        if reader == "rate":  # a bare 100 / 0 or a fraction (0.958) in the 执行率 column
            from jixiao.forms.generic.reader import bare_rate  # generic imports this module

            assert total is not None
            return bare_rate(text, loc, (total.adjusted or total.initial, total.executed))
        return number(text, loc)

    return Budget(
        total=total,
        parts=tuple(parts),
        weight=total_cell(c_weight, "number"),
        rate=total_cell(c_rate, "rate"),
        score=total_cell(c_score, "number"),
        by_income=tuple(by_income),
        by_nature=tuple(by_nature),
    )


def _part_execution(
    file: str,
    table: GridTable,
    r: int,
    row: Row,
    shift: int,
    part: BudgetRow,
    columns: tuple[int | None, int | None, int | None],
) -> BudgetRow:
    """A funding line with the 分值 / 执行率 / 得分 it writes under the header's columns (figures only:
    ``——`` and blanks write none)."""
    found: list[Val | None] = []
    for col, reader in zip(columns, ("number", "rate", "number"), strict=True):
        if col is None or not 0 <= col - shift < len(row):
            found.append(None)
            continue
        loc = cell_loc(file, table, r, col - shift)
        text = row[col - shift].text
        if reader == "rate":
            from jixiao.forms.generic.reader import bare_rate  # generic imports this module

            val = bare_rate(text, loc, (part.adjusted or part.initial, part.executed))
        else:
            val = number(text, loc)
        found.append(val if val.num is not None else None)
    weight, rate_val, score = found
    if weight is None and rate_val is None and score is None:
        return part
    return msgspec.structs.replace(part, weight=weight, rate=rate_val, score=score)


def _split_pairs(
    file: str,
    table: GridTable,
    r: int,
    by_income: list[tuple[str, Val]],
    by_nature: list[tuple[str, Val]],
    unit: str = "万元",
) -> None:
    """Cells such as ``其中：一般公共预算：1034.36`` (收入性质, left) and ``基本支出：360.71`` (right)."""
    row = table.rows[r]
    filled = [c for c in range(len(row)) if clean(row[c].text) or c > 0]
    for position, c in enumerate(filled[-2:]):
        text = clean(row[c].text)
        if not text:
            continue
        text = re.sub(r"^其中[：:]", "", text)
        key, _, value = text.rpartition("：") if "：" in text else text.rpartition(":")
        target = by_income if position == 0 and len(filled) > 1 else by_nature
        target.append((key or text, money(value, cell_loc(file, table, r, c), default_unit=unit)))


def _goal(file: str, table: GridTable, header_index: int) -> Goal | None:
    if header_index + 1 >= len(table.rows):
        return None
    row = table.rows[header_index + 1]
    header = texts(table.rows[header_index])
    c_expected = find_col(header, "预期目标")
    c_actual = find_col(header, "实际完成")
    if c_expected is None:
        return None

    def items(col: int | None) -> tuple[Val, ...]:
        if col is None or col >= len(row):
            return ()
        loc = cell_loc(file, table, header_index + 1, col)
        return tuple(Val(text=item, loc=loc) for item in split_items(row[col].text))

    return Goal(expected=items(c_expected), achieved=items(c_actual))


def indicator_rows(file: str, table: GridTable, header_index: int) -> tuple[list[Indicator], int]:
    """The indicator rows below the header row ``header_index`` (一级/二级/三级指标 …), and the index
    of the row that ends them (the 总分/合计 row, or the table's end).

    Columns are found by their header words, so any layout with these headers reads the same; a
    一级/二级指标 merged down over several rows is carried to each row under it. Used by the Hunan and
    Zhuzhou forms here and by the Hubei grid recogniser.

    Which rows hold an indicator is the generic reader's rule (``generic.rows``): a template row left
    unfilled or a lone figure is no row, ``其他需要说明事项`` ends the rows (a 总分 row may still follow
    it), a 二级 level joined to the name is split off. A 二级 level printed with no indicator under it
    is kept as an empty row (C004 reports it; the scorer passes it over).
    """
    header = texts(table.rows[header_index])
    c_l1 = find_col(header, "一级指标")
    c_l2 = find_col(header, "二级指标")
    c_l3 = find_col(header, "三级指标")
    c_target = find_col(header, "年度指标值", "年初目标值", "指标值", "年度目标值")
    c_actual = find_col(header, "实际完成值", "实际值", "全年实际完成值", "全年实际值")
    c_weight = find_col(header, "分值", "权重")
    # the 得分 column, not a 得分计算方法 beside it (the rule a row is scored by, a text column)
    c_score = find_col([("" if t.startswith(_SCORING_RULE) else t) for t in header], "自评得分", "得分")
    c_dev = find_col(header, "偏差原因", "未完成原因")
    result: list[Indicator] = []
    level1 = level2 = ""
    level1_points: Val | None = None
    end = IndicatorsEnd()
    r = header_index + 1
    while r < len(table.rows):
        row = table.rows[r]
        cells = texts(row)
        if any(t.startswith(("总分", "合计")) for t in cells[:2]):
            break
        step = end.step(next((t for t in cells if t), ""))
        if step == "stop":
            r = len(table.rows)  # no 总分 row after the rows' end
            break
        if step == "skip":
            r += 1
            continue

        def get(col: int | None, r: int = r, row: Row = row) -> tuple[str, Val | None]:
            if col is None or col >= len(row):
                return "", None
            if row[col].unread and not clean(row[col].text):  # seen but not placed by the text's reader
                return "", Val(text="", loc=cell_loc(file, table, r, col), unread=row[col].unread)
            return row[col].text, text_val(row[col].text, cell_loc(file, table, r, col))

        l1_text, _ = get(c_l1)
        if clean(l1_text) and c_l1 is not None:
            level1, level1_points = heading(file, table, r, c_l1)
            level2 = ""
        l2_text, _ = get(c_l2)
        if clean(l2_text):
            level2 = clean(l2_text)
        name_text, _ = get(c_l3)
        name = clean(name_text)
        if not clean(l2_text):
            split = level2_in_name(name_text)
            if split is not None:
                level2, name = split
        target_text, target = get(c_target)
        actual_text, actual = get(c_actual)
        weight_text, _ = get(c_weight)
        score_text, _ = get(c_score)
        deviation_text, deviation = get(c_dev)
        if row_kind(name, (target_text, actual_text, weight_text, score_text, deviation_text)) == "none":
            r += 1
            continue  # a template row left unfilled (指标1, ……), a lone figure
        result.append(
            Indicator(
                level1=level1,
                level2=level2,
                name=name,
                target=target,
                actual=actual,
                weight=number(weight_text, cell_loc(file, table, r, c_weight))
                if c_weight is not None
                else None,
                score=number(score_text, cell_loc(file, table, r, c_score)) if c_score is not None else None,
                deviation=deviation,
                level1_points=level1_points,
                loc=row_loc(file, table, r),
            )
        )
        r += 1
    return result, r


def _total(file: str, table: GridTable, r: int) -> tuple[Val | None, Val | None, Val | None]:
    if r >= len(table.rows):
        return None, None, None
    row = table.rows[r]
    values = [c for c in range(len(row)) if not clean(row[c].text).startswith(("总分", "合计"))]
    points = total = grade = None
    numbers: list[int] = []
    for c in values:
        text = clean(row[c].text)
        if "等级" in text or "等次" in text:
            grade = Val(text=re.sub(r"^.*?[：:]", "", text), loc=cell_loc(file, table, r, c))
        elif text:
            numbers.append(c)
    if numbers:
        points = number(row[numbers[0]].text, cell_loc(file, table, r, numbers[0]))
    if len(numbers) > 1:
        total = number(row[numbers[1]].text, cell_loc(file, table, r, numbers[1]))
    return points, total, grade


def total_index(table: GridTable, indicator_start: int) -> int:
    """The 总分/合计 row below the indicator header (the table's end when there is none)."""
    r = indicator_start + 1
    while r < len(table.rows) and not any(t.startswith(("总分", "合计")) for t in texts(table.rows[r])[:2]):
        r += 1
    return r


def is_graded(table: GridTable) -> bool:
    """The budget block scored 得分（分值×执行率）, or a grade (等级/等次) written in the 总分 row: the
    marks of the forms that score execution by rate and grade the total (Zhuzhou's)."""
    budget_start = find_row(table, ("年初预算数",))
    indicator_start = find_row(table, ("一级指标", "二级指标", "三级指标"))
    if budget_start is None or indicator_start is None:
        return False
    if any(t.startswith("得分（分值×执行率") for t in texts(table.rows[budget_start])):
        return True
    r = total_index(table, indicator_start)
    if r >= len(table.rows):
        return False
    cells = [clean(c.text) for c in table.rows[r]]
    return any(("等级" in t or "等次" in t) for t in cells if not t.startswith(("总分", "合计")))


def recognise_evaluation(
    file: str, table: GridTable, title: str, templates: Mapping[TableKind, str]
) -> Evaluation | None:
    """Read one evaluation table; ``title`` is the heading printed above it, if any; ``templates`` gives
    the family's template id of each kind (项目, 单位整体, 部门整体)."""
    budget_start = find_row(table, ("年初预算数",))
    indicator_start = find_row(table, ("一级指标", "二级指标", "三级指标"))
    if budget_start is None or indicator_start is None:
        return None
    labels = [t for r in range(budget_start) for t in texts(table.rows[r])]
    kind = _kind(title, labels)
    row_title, named, others = _header_fields(file, table, budget_start, kind)
    title = title or row_title
    kind = _kind(title, labels)
    goal_start = find_row(table, ("年度总体目标",), budget_start)
    from jixiao.forms.generic.vocabulary import stated_unit  # generic imports this module

    unit = stated_unit([title, *texts(table.rows[budget_start]), *labels])
    budget = _budget(file, table, budget_start, goal_start or indicator_start, unit)
    goal = _goal(file, table, goal_start) if goal_start is not None else None
    rows, total_index = indicator_rows(file, table, indicator_start)
    # a parent row split by the rows under it counts once, as the generic reader counts it
    indicators, nested = nest_sub_rows(rows)
    points, total, grade = _total(file, table, total_index)
    return Evaluation(
        kind=kind,
        template=templates[kind],
        title=clean(title),
        name=named.get("name"),
        department=named.get("department"),
        implementer=named.get("implementer"),
        header=tuple(others),
        budget=budget,
        goal=goal,
        indicators=tuple(indicators),
        declared_points=points,
        declared_total=total,
        grade=grade,
        notes=tuple(nested),
        loc=table_loc(file, table, clean(title) or None),
    )


def decimal_or_none(val: Val | None) -> Decimal | None:
    return val.num if val is not None else None
