"""The other forms: 专项资金绩效自评清单, 基础数据表, 部门整体支出绩效评价评分表, per-institution tables."""

from __future__ import annotations

from collections.abc import Sequence
from math import lcm

from jixiao.model.dossier import BasicData, FigureRow, FigureTable, ListRow, Rubric, RubricItem, Val
from jixiao.model.grid import Block, GridTable, Paragraph
from jixiao.render.layout.build import C, TableBuilder
from jixiao.render.layout.evaluation import runs, signature_line, text

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


def plain_figure_blocks(table: FigureTable) -> list[Block]:
    """A table of figures the forms print without a fixed layout (the 整体收支情况表 of a report's text):
    its title, its unit, then 项目名称 and its columns, one row per line."""
    builder = TableBuilder(1 + len(table.columns))
    builder.row(C("项目名称"), *(C(c) for c in table.columns))
    for row in table.rows:
        values = [text(v) for v in row.values][: len(table.columns)]
        values += [""] * (len(table.columns) - len(values))
        builder.row(C(row.label), *(C(v) for v in values))
    widths = (2.4, *([1.2] * len(table.columns)))
    return [
        Paragraph(text=table.title, style="title"),
        Paragraph(text=f"单位：{table.unit}", style="note"),
        builder.table(widths, header_rows=1),
    ]
