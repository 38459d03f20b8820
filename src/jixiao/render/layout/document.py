"""A whole dossier laid out: cover lines, the forms in the order a unit hands them in, the report text.

Each evaluation is printed by its form's layout, found in the registry (``jixiao.forms``) by its
template id; a template no family registers is printed in the national table layout.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from jixiao.forms.common.evaluation_layout import default_layout
from jixiao.forms.common.layout import basic_data_blocks, fund_list_table, plain_figure_blocks
from jixiao.forms.registry import FormKind, form_by_id
from jixiao.forms.yueyang.layout import (
    INSTITUTION_HEADERS,
    figure_table,
    headcount_facts,
    report_table,
    rubric_blocks,
)
from jixiao.model.cells import year_of
from jixiao.model.dossier import Dossier, FigureTable, Section
from jixiao.model.grid import Block, Grid, GridTable, Paragraph, ParagraphStyle

_HEADING_STYLES: dict[int, ParagraphStyle] = {1: "heading1", 2: "heading2", 3: "heading3"}


def _kind(template: str) -> FormKind:
    form = form_by_id(template)
    return form.kind if form is not None else "evaluation"


def _year_prefix(dossier: Dossier) -> str:
    return f"{dossier.year}年度" if dossier.year is not None else ""


def cover_blocks(dossier: Dossier) -> list[Block]:
    """The cover lines: the unit's name, the year (unless a form title states it), the report date."""
    blocks: list[Block] = []
    if dossier.unit:
        blocks.append(Paragraph(text=f"部门（单位）名称：{dossier.unit}"))
    titled = any(year_of(e.title) is not None for e in dossier.evaluations)
    if dossier.year is not None and not titled:
        report = any(_kind(e.template) == "dept_report" for e in dossier.evaluations)
        name = "部门整体支出绩效评价自评报告" if report else "预算绩效自评材料"
        blocks.append(Paragraph(text=f"{dossier.year}年度{name}", style="title"))
    if dossier.report_date is not None:
        blocks.append(Paragraph(text=f"报告日期：{dossier.report_date.text}"))
    return blocks


def form_blocks(dossier: Dossier) -> list[Block]:
    """Every form of the dossier, in its official layout."""
    blocks: list[Block] = []
    year = _year_prefix(dossier)
    if dossier.fund_list:
        blocks.append(Paragraph(text=f"{year}专项资金绩效自评清单", style="title"))
        blocks.append(fund_list_table(dossier.fund_list))
    if dossier.basic_data is not None:
        blocks.extend(basic_data_blocks(dossier.basic_data, f"{year}预算单位整体支出绩效评价基础数据表"))
    institutions = [f for f in dossier.figure_tables if f.kind in INSTITUTION_HEADERS]
    placed = False
    for evaluation in dossier.evaluations:
        form = form_by_id(evaluation.template)
        layout = form.layout if form is not None and form.layout is not None else default_layout
        if form is not None and form.kind == "dept_report":  # the report form holds the institution tables
            blocks.extend(layout(evaluation, dossier, [] if placed else institutions))
            placed = True
        else:
            blocks.extend(layout(evaluation, dossier, ()))
    for rubric in dossier.rubrics:
        blocks.extend(rubric_blocks(rubric))
    if not placed and institutions and dossier.basic_data is None and headcount_facts(dossier):
        blocks.append(report_table(dossier, None, institutions))  # a consolidated department
    elif not placed:
        blocks.extend(_standalone(institutions))
    return blocks


def _standalone(tables: Sequence[FigureTable]) -> list[Block]:
    return [t for t in (figure_table(table) for table in tables) if t is not None]


def section_blocks(sections: Sequence[Section]) -> list[Block]:
    """The report's sections as written: a heading paragraph, then one paragraph per line of text."""
    blocks: list[Block] = []
    for section in sections:
        blocks.append(Paragraph(text=section.heading, style=_HEADING_STYLES.get(section.level, "heading3")))
        blocks.extend(Paragraph(text=line) for line in section.text.split("\n") if line.strip())
    return blocks


def numbered(file: str, blocks: Sequence[Block]) -> Grid:
    """A grid of ``blocks`` with its tables numbered 1, 2, … in document order."""
    out: list[Block] = []
    count = 0
    for block in blocks:
        if isinstance(block, GridTable):
            count += 1
            block = msgspec.structs.replace(block, index=count)
        out.append(block)
    return Grid(file=file, blocks=tuple(out))


def layout_dossier(
    dossier: Dossier, *, sections: bool = True, file: str | None = None, printed: bool = False
) -> Grid:
    """The dossier's forms (and, unless ``sections`` is false, its report text) as one grid.

    Values are laid out as written. ``printed``: amounts and scores as the printed forms write them,
    with two decimals (``jixiao.render.figures``), for the files a user downloads or prints."""
    if printed:
        from jixiao.render.figures import printed_dossier

        dossier = printed_dossier(dossier)
    blocks = [*cover_blocks(dossier), *form_blocks(dossier)]
    for table in dossier.figure_tables:
        if table.kind not in INSTITUTION_HEADERS and (not sections or _from_a_table(table)):
            blocks.extend(plain_figure_blocks(table))
    if sections:
        blocks.extend(section_blocks(dossier.sections))
    return numbered(file or dossier.source, blocks)


def _from_a_table(table: FigureTable) -> bool:
    """A figures table read from one of the document's tables (a 三公经费 table in a .docx), not
    recognised in its report's text: the sections do not bring it back, so it is printed itself."""
    return table.loc is not None and table.loc.table is not None
