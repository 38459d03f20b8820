"""The Yueyang forms as printed: the 评分表, the per-institution tables, and the city form of the
部门整体支出绩效评价自评报告 (seed 002): one form table holding the 基本概况, the per-institution tables,
the 定性/定量 targets with their completion, 综合得分 and 评价等次.

Parts of the report form the dossier does not hold (职能职责概述, 年度主要工作内容, the 评价人员) are
printed with empty cells for a person to fill; nothing is made up for them.
"""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.forms.common.evaluation_layout import level1_text, runs, text
from jixiao.model.cells import number
from jixiao.model.dossier import Dossier, Evaluation, FigureTable, Rubric, RubricItem, Val
from jixiao.model.grid import Block, GridTable, Paragraph
from jixiao.render.layout.build import C, TableBuilder

# ---------------------------------------------------------------- 评分表

RUBRIC_HEADER = ("一级指标", "二级指标", "三级指标", "评分标准", "分值", "自评得分", "扣分原因和其他说明")


def _heading(name: str, points: Val | None) -> str:
    return points.text if points is not None else name


def _group_key(item: RubricItem) -> str:
    return text(item.group_points) if item.group_points is not None else ""


def rubric_table(rubric: Rubric) -> GridTable:
    """一级/二级 headings merged down; a 分值 shared by several rows (``group_points``) merged over them."""
    builder = TableBuilder(7)
    builder.row(*(C(h) for h in RUBRIC_HEADER))
    items = rubric.items
    level1 = {s: n for s, n in runs([f"{_heading(i.level1, i.level1_points)}\x00{i.level1}" for i in items])}
    level2 = {
        s: n
        for s, n in runs(
            [
                f"{i.level1}\x00{i.level1_points}\x00{_heading(i.level2, i.level2_points)}\x00{i.level2}"
                for i in items
            ]
        )
    }
    groups = _groups(items)
    standards = _standard_runs(items)
    for index, item in enumerate(items):
        cells: list[C] = []
        if index in level1:
            cells.append(C(_heading(item.level1, item.level1_points), 1, level1[index]))
        if index in level2:
            cells.append(C(_heading(item.level2, item.level2_points), 1, level2[index]))
        cells.append(C(item.name))
        if index in standards:
            cells.append(C(item.standard, 1, standards[index]))
        if index in groups:
            cells.append(C(text(item.group_points), 1, groups[index]))
        elif not _in_group(index, groups):
            cells.append(C(text(item.points)))
        cells.extend((C(text(item.score)), C(text(item.reason))))
        builder.row(*cells)
    builder.row(C("总分", 4), C(text(rubric.declared_points)), C(text(rubric.declared_total)), C(""))
    return builder.table((1.0, 1.2, 1.6, 4.4, 0.7, 0.8, 1.6), header_rows=1)


def _groups(items: Sequence[RubricItem]) -> dict[int, int]:
    """Rows whose 分值 is one cell merged over several (start -> rows)."""
    groups: dict[int, int] = {}
    index = 0
    while index < len(items):
        if items[index].group_points is None:
            index += 1
            continue
        end = index + 1
        key = _group_key(items[index])
        while end < len(items) and items[end].group_points is not None and _group_key(items[end]) == key:
            end += 1
        groups[index] = end - index
        index = end
    return groups


def _in_group(index: int, groups: dict[int, int]) -> bool:
    return any(start < index < start + n for start, n in groups.items())


def _standard_runs(items: Sequence[RubricItem]) -> dict[int, int]:
    """A 评分标准 written once for the rows below it in the same 二级指标 (blank there) is one merged cell."""
    spans: dict[int, int] = {}
    index = 0
    while index < len(items):
        end = index + 1
        if items[index].standard:
            while (
                end < len(items)
                and not items[end].standard
                and (items[end].level1, items[end].level2) == (items[index].level1, items[index].level2)
            ):
                end += 1
        spans[index] = end - index
        index = end
    return spans


def rubric_blocks(rubric: Rubric) -> list[Block]:
    return [Paragraph(text=rubric.title, style="title"), rubric_table(rubric)]


# ---------------------------------------------------------------- per-institution tables

# Header trees as the forms print them: (label, children); leaves are the column names.
Tree = tuple[tuple[str, "Tree"], ...]

INSTITUTION_HEADERS: dict[str, tuple[str, Tree]] = {
    "institution_income": (
        "年度收入情况（万元）",
        (
            ("收入合计", ()),
            (
                "其中：",
                (
                    ("上年结转", ()),
                    ("公共财政拨款", ()),
                    ("政府基金拨款", ()),
                    ("纳入专户管理的非税收入拨款", ()),
                    ("其他收入", ()),
                ),
            ),
        ),
    ),
    "institution_expenditure": (
        "部门（单位）年度支出和结余情况（万元）",
        (
            ("支出合计", ()),
            (
                "其中：",
                (
                    ("基本支出", ()),
                    ("其中：", (("人员支出", ()), ("公用支出", ()))),
                    ("项目支出", ()),
                ),
            ),
            ("结余", (("当年结余", ()), ("累计结余", ()))),
        ),
    ),
    "institution_sangong": (
        "“三公”经费支出情况（万元）",
        (
            ("三公经费合计", ()),
            (
                "其中：",
                (("公务接待费", ()), ("公务用车运维费", ()), ("公务用车购置费", ()), ("因公出国费", ())),
            ),
        ),
    ),
    "institution_assets": (
        "固定资产情况（万元）",
        (("固定资产合计", ()), ("其中：", (("在用固定资产", ()), ("出租固定资产", ()))), ("其他", ())),
    ),
}


def _prune(tree: Tree, keep: set[str]) -> Tree:
    out: list[tuple[str, Tree]] = []
    for label, children in tree:
        if not children:
            if label in keep:
                out.append((label, ()))
            continue
        kept = _prune(children, keep)
        if kept:
            out.append((label, kept))
    return tuple(out)


def _depth(tree: Tree) -> int:
    return 1 + max((_depth(children) for _, children in tree if children), default=0)


def _leaves(tree: Tree) -> int:
    return sum(_leaves(children) if children else 1 for _, children in tree)


def _header_levels(tree: Tree, depth: int) -> list[list[C]]:
    """Visible header cells per header row: a leaf is merged down to the last header row."""
    levels: list[list[C]] = [[] for _ in range(depth)]

    def walk(nodes: Tree, level: int) -> None:
        for label, children in nodes:
            if children:
                levels[level].append(C(label, _leaves(children)))
                walk(children, level + 1)
            else:
                levels[level].append(C(label, 1, depth - level))

    walk(tree, 0)
    return levels


def figure_table(table: FigureTable) -> GridTable | None:
    """A per-institution table: its title across, 机构名称 and the grouped headers, then one row each."""
    spec = INSTITUTION_HEADERS.get(table.kind)
    if spec is None:
        return None
    builder = TableBuilder(len(table.columns))
    institution_rows(builder, table)
    return builder.table(
        (2.4, *([1.2] * (len(table.columns) - 1))),
        header_rows=(1 if table.title else 0) + _depth(_tree(table)),
    )


def _tree(table: FigureTable) -> Tree:
    return _prune(INSTITUTION_HEADERS[table.kind][1], set(table.columns[1:]))


def header_width(table: FigureTable) -> int:
    """Cells in the table's first header row (机构名称 and the top-level headings)."""
    tree = _tree(table)
    return 1 + len(_header_levels(tree, _depth(tree))[0])


def institution_rows(builder: TableBuilder, table: FigureTable) -> None:
    """The rows of one institution table, inside a builder as wide as the table's columns."""
    tree = _tree(table)
    depth = _depth(tree)
    if table.title:
        builder.row(C(table.title, builder.width))
    levels = _header_levels(tree, depth)
    first = builder.width - len(table.columns) + 1  # 机构名称 takes the columns a wider table has to spare
    builder.row(C(table.columns[0], first, depth), *levels[0])
    for level in levels[1:]:
        builder.row(*level)
    for row in table.rows:
        values = [text(v) for v in row.values][: len(table.columns) - 1]
        values += [""] * (len(table.columns) - 1 - len(values))
        builder.row(C(row.label, first), *(C(v) for v in values))


# ---------------------------------------------------------------- 部门整体支出绩效评价自评报告

WIDTH = 8


def headcount_facts(dossier: Dossier) -> bool:
    """编制数 / 在职人数 the dossier states as figures (a sentence's match is not a form's cell)."""
    return any(
        (value := dossier.fact(name)) is not None and number(value.text, None).num is not None
        for name in ("编制数", "在职人数")
    )


def report_table(
    dossier: Dossier, evaluation: Evaluation | None, figures: Sequence[FigureTable]
) -> GridTable:
    """The form; without ``evaluation`` only its 基本概况 and 收支情况 parts (a consolidated department)."""
    builder = TableBuilder(WIDTH)
    fact = dossier.fact
    builder.row(C("一、部门（单位）基本概况", WIDTH))
    # A fact row is printed when the dossier states one of its figures: a blank cell would read back
    # as a stated blank.
    if fact("联系人") is not None or fact("联系电话") is not None:
        builder.row(
            C("联系人", 2), C(text(fact("联系人")), 2), C("联络电话", 2), C(text(fact("联系电话")), 2)
        )
    if headcount_facts(dossier):
        builder.row(
            C("人员编制", 2), C(text(fact("编制数")), 2), C("实有人数", 2), C(text(fact("在职人数")), 2)
        )
    if evaluation is not None:
        for label in ("职能职责概述", "年度主要工作内容", "年度部门（单位）总体运行情况及取得的成绩"):
            builder.row(C(label, 2), C("", 6))
    builder.row(C("二、部门（单位）收支情况", WIDTH))
    previous = 0
    for table in figures:
        if not table.title and header_width(table) == previous:
            # An untitled table right under one as wide would read as more of its rows: a blank
            # full-width row between them keeps them apart (the forms leave the same gap).
            builder.row(C("", WIDTH))
        institution_rows(builder, table)
        previous = len(table.columns)
    if evaluation is None:
        return builder.table((1.2, 1.2, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0))
    builder.row(C("三、部门（单位）整体支出绩效自评情况", WIDTH))
    goal = evaluation.goal
    if goal is not None:
        builder.row(C("整体支出绩效定性目标及实施计划完成情况", 2, 2), C("预期目标", 3), C("实际完成", 3))
        builder.row(
            C("\n".join(v.text for v in goal.expected), 3), C("\n".join(v.text for v in goal.achieved), 3)
        )
    indicators = evaluation.indicators
    builder.row(
        C("整体支出绩效定量目标及实施计划完成情况", 1, len(indicators) + 1),
        C("评价内容", 2),
        C("绩效目标", 3),
        C("完成情况", 2),
    )
    for start, length in runs([i.level1 for i in indicators]):
        members = indicators[start : start + length]
        spans = {s: n for s, n in runs([i.level2 for i in members])}
        for offset, indicator in enumerate(members):
            cells: list[C] = []
            if offset == 0:
                cells.append(C(level1_text(indicator), 1, length))  # as written, notes included
            if offset in spans:
                cells.append(C(indicator.level2, 1, spans[offset]))
            cells.extend((C(text(indicator.target), 3), C(text(indicator.actual), 2)))
            builder.row(*cells)
    if evaluation.declared_total is not None:
        builder.row(C("绩效自评综合得分", 2), C(evaluation.declared_total.text, 6))
    if evaluation.grade is not None:
        builder.row(C("评价等次", 2), C(evaluation.grade.text, 6))
    builder.row(C("四、评价人员", WIDTH))
    builder.row(C("姓名", 2), C("职务/职称", 2), C("单位", 2), C("签字", 2))
    for _ in range(3):
        builder.row(C("", 2), C("", 2), C("", 2), C("", 2))
    return builder.table((1.2, 1.2, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0))


def report_blocks(evaluation: Evaluation, dossier: Dossier, figures: Sequence[FigureTable]) -> list[Block]:
    """The report form as the registry lays it out: ``figures`` are the institution tables it holds."""
    return [report_table(dossier, evaluation, figures)]
