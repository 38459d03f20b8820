"""The 三公经费 table (issue #10): read from any grid by its words — the lines as columns (the official
template, its header over two rows, one row of figures per kind) or as rows (项目 | 预算数 | 决算数) —
and from the text layouts (a pipe text that writes its header a cell a line before the figures)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.forms.registry import form_by_id
from jixiao.forms.sangong import SANGONG_TABLE
from jixiao.forms.sangong.reader import TEMPLATE, detect, read
from jixiao.forms.sangong.words import TABLE_KIND, item_of, measure_of
from jixiao.ingest.loader import load_grid, load_text
from jixiao.ingest.textlayout import read_text_layout
from jixiao.model.dossier import FigureTable
from jixiao.model.grid import Grid, GridCell, GridTable, Paragraph

D = Decimal


def table(*rows: tuple[str | GridCell, ...]) -> GridTable:
    return GridTable(
        index=1,
        rows=tuple(tuple(c if isinstance(c, GridCell) else GridCell(text=c) for c in row) for row in rows),
    )


def figures(grid_table: GridTable, title: str = "") -> FigureTable:
    found = read("t.docx", grid_table, title)
    assert found is not None and len(found.figures) == 1
    return found.figures[0]


def by_label(found: FigureTable) -> dict[str, tuple[str | None, ...]]:
    return {row.label: tuple(v.text if v is not None else None for v in row.values) for row in found.rows}


# ---------------------------------------------------------------- the words


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("“三公”经费合计", "total"),
        ("三公经费合计", "total"),
        ("合 计", "total"),
        ("总“三公”经费支出", "total"),
        ("因公出国(境)费", "abroad"),
        ("因公出国（境）费用", "abroad"),
        ("公务用车购置及运行费", "car"),
        ("公务用车购置及运行维护费", "car"),
        ("3、公务用车费", "car"),
        ("公务用车购置费", "car_purchase"),
        ("公务用车运行维护费", "car_running"),
        ("其中：(1)公务用车运转维护费", "car_running"),
        ("公务 接待费", "reception"),
        ("小计", "subtotal"),
        ("因公出国(境)团组数", None),
        ("公务用车保有量", None),
        ("国内公务接待批次", None),
        ("会议费", None),
        ("项目", None),
    ],
)
def test_a_line_is_known_by_its_words(text: str, item: str | None) -> None:
    assert item_of(text) == item


@pytest.mark.parametrize(
    ("text", "measure"),
    [
        ("预算数", "预算"),
        ("决算数", "决算"),
        ("2023年预算数", "预算"),
        ("2020年度支出(万元)", "决算"),
        ("2023年预算数增减", "增减"),
        ("二、2022年一般公共预算“三公”经费支出预算情况说明", "预算"),
        ("2021年度一般公共预算财政拨款“三公”经费支出决算表", "决算"),
        ("2021年度一般公共预算财政拨款“三公”经费支出表", "决算"),  # 一般公共预算 names the money
        ("金额", ""),
        ("预算数与决算数", ""),
    ],
)
def test_a_column_says_what_it_holds(text: str, measure: str) -> None:
    assert measure_of(text) == measure


def test_the_form_is_registered_after_the_province_families() -> None:
    form = form_by_id(SANGONG_TABLE)
    assert form is not None and form.family == "sangong" and form.kind == "figures"
    assert TEMPLATE == SANGONG_TABLE
    assert form.detect is detect and form.read is read


# ---------------------------------------------------------------- lines as columns (the template)


def test_the_template_with_merged_cells_and_two_kinds_of_figures() -> None:
    """A docx grid: 公务用车购置及运行费 spans its three parts (colspan), the other headers span both header
    rows (a placeholder below them); a row of 预算数 and a row of 决算数 under them."""
    car = GridCell(text="公务用车购置及运行维护费", colspan=3)
    grid_table = table(
        (
            GridCell(text="项目", rowspan=2),
            GridCell(text="合计", rowspan=2),
            GridCell(text="因公出国（境）费", rowspan=2),
            car,
            GridCell(text="公务接待费", rowspan=2),
        ),
        ("", "", "", "小计", "公务用车购置费", "公务用车运行维护费", ""),
        ("预算数", "12.50", "0", "8.00", "5.00", "3.00", "4.50"),
        ("决算数", "10.20", "0", "7.10", "4.60", "2.50", "3.10"),
    )
    assert detect(grid_table)
    found = figures(grid_table, "2023年“三公”经费支出决算表")
    assert found.kind == TABLE_KIND
    assert found.columns == ("项目", "预算数", "决算数")
    assert by_label(found) == {
        "合计": ("12.50", "10.20"),
        "因公出国（境）费": ("0", "0"),
        "公务用车购置及运行维护费小计": ("8.00", "7.10"),
        "公务用车购置费": ("5.00", "4.60"),
        "公务用车运行维护费": ("3.00", "2.50"),
        "公务接待费": ("4.50", "3.10"),
    }
    total = found.rows[0]
    assert total.is_total and total.values[1] is not None and total.values[1].num == D("10.20")
    assert [r.level for r in found.rows] == [0, 0, 0, 1, 1, 0]
    loc = found.rows[3].values[1].loc  # type: ignore[union-attr]
    assert loc is not None and (loc.row, loc.col) == (4, 5)  # the 购置费 决算数 cell as printed


def test_columns_are_mapped_by_words_not_by_position() -> None:
    """公务接待费 printed before 因公出国（境）费, 运行费 before 购置费: each figure stays with its line."""
    grid_table = table(
        (
            "“三公”经费合计",
            "公务接待费",
            "公务用车购置及运行费",
            "公务用车购置及运行费",
            "公务用车购置及运行费",
            "因公出国(境)费",
        ),
        ("“三公”经费合计", "公务接待费", "小计", "公务用车运行费", "公务用车购置费", "因公出国(境)费"),
        ("20", "6", "11", "7", "4", "3"),
    )
    found = figures(grid_table)
    assert by_label(found)["公务用车运行费"] == ("7",)
    assert by_label(found)["公务用车购置费"] == ("4",)
    assert by_label(found)["公务接待费"] == ("6",)
    assert found.columns == ("项目", "金额")  # a row of figures with no name


def test_a_table_written_in_yuan_is_read_in_wanyuan() -> None:
    grid_table = table(
        ("单位：元", "", "", "", ""),
        ("合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费", ""),
        ("150000", "0", "100000", "50000", ""),
    )
    found = figures(grid_table)
    assert found.rows[0].values[0] is not None and found.rows[0].values[0].num == D("15")


# ---------------------------------------------------------------- lines as rows


def test_lines_as_rows_with_a_blank_line_and_a_short_row() -> None:
    grid_table = table(
        ("项目", "预算数", "决算数"),
        ("合计", "1.8", "1.52"),
        ("因公出国(境)费", "", ""),
        ("公务接待费", "1.8", "1.52"),
        ("公务用车购置及运行维护费", "", ""),
        ("其中：公务用车运行维护费", "", ""),
        ("公务用车购置费",),
    )
    found = figures(grid_table)
    assert found.columns == ("项目", "预算数", "决算数")
    rows = by_label(found)
    assert rows["合计"] == ("1.8", "1.52")
    assert rows["因公出国(境)费"] == ("", "")  # written blank
    assert rows["公务用车购置费"] == (None, None)  # not written at all
    assert [r.level for r in found.rows] == [0, 0, 0, 0, 1, 1]


def test_lines_as_rows_keep_amount_columns_only() -> None:
    """A change column is kept (it is amounts), a rate and a reason are not."""
    grid_table = table(
        ("单位：万元", "", "", "", ""),
        ("项目", "2022年预算数", "2023年预算数", "增减率", "增减原因"),
        ("合计", "30", "28", "-6.67%", ""),
        ("1、因公出国（境）费", "0", "0", "0%", ""),
        ("2、公务接待费", "10", "9", "-10%", "压减"),
        ("3、公务用车购置及运行费", "20", "19", "-5%", ""),
    )
    found = figures(grid_table)
    assert found.columns == ("项目", "2022年预算数", "2023年预算数")


def test_a_table_that_only_mentions_one_line_is_not_a_sangong_table() -> None:
    grid_table = table(("项目", "金额"), ("公务接待费", "3"), ("会议费", "2"), ("培训费", "1"))
    assert not detect(grid_table)


def test_a_line_stated_twice_is_not_read() -> None:
    """本级 and 所属单位 in one table: the lines twice, not one 三公 table."""
    grid_table = table(
        ("项目", "预算数"),
        ("合计", "3"),
        ("因公出国（境）费", "0"),
        ("公务接待费", "1"),
        ("公务用车购置及运行费", "2"),
        ("合计", "5"),
        ("因公出国（境）费", "0"),
        ("公务接待费", "2"),
        ("公务用车购置及运行费", "3"),
    )
    assert read("t.docx", grid_table, "") is None


# ---------------------------------------------------------------- text layouts


PIPE_TEMPLATE = """某局2023年“三公”经费预算情况
一、2023年一般公共预算“三公”经费支出预算表
单位:万元
“三公”经费合计 |
因公出国(境)费 |
公务用车购置及运行维护费 |
公务接待费 |
||
小计 |
公务用车购置费 |
公务用车运行维护费 |
|||
{total} |
{abroad} |
{car} |
{purchase} |
{running} |
{reception} |
二、2023年一般公共预算“三公”经费支出预算情况说明
某局2023年一般公共预算“三公”经费支出预算为{total}万元。
"""


def test_a_pipe_text_with_its_header_a_cell_a_line_keeps_its_table() -> None:
    text = PIPE_TEMPLATE.format(total=46, abroad=2, car=38, purchase=30, running=8, reception=6)
    grid = read_text_layout(text, "t.txt")
    assert grid is not None
    tables = grid.tables
    assert len(tables) == 1
    assert [[c.text for c in row] for row in tables[0].rows] == [
        ["“三公”经费合计", "因公出国(境)费", "公务用车购置及运行维护费", "公务接待费"],
        ["小计", "公务用车购置费", "公务用车运行维护费"],
        ["46", "2", "38", "30", "8", "6"],
    ]
    assert any(isinstance(b, Paragraph) and "情况说明" in b.text for b in grid.blocks)
    dossier = load_text(text, "t.txt")
    (found,) = [t for t in dossier.figure_tables if t.kind == TABLE_KIND]
    rows = by_label(found)
    assert rows["公务用车购置费"] == ("30",) and rows["公务用车运行维护费"] == ("8",)
    cell = found.rows[3].values[0]
    assert cell is not None and cell.loc is not None and cell.loc.line == 16  # the line "30 |"


def test_a_pipe_text_of_labelled_rows_a_cell_a_line() -> None:
    """经费项目 | 支出 … written a cell a line: the header, then each line's label and its figures."""
    lines = ["经费项目", "2022年度支出(万元)", "比上年增减(万元)"]
    for label, spent, change in (
        ("因公出国(境)费", "0", "0"),
        ("公务接待费", "3.5", "-"),
        ("公务用车购置及运行维护费", "12", "-1"),
        ("公务用车购置费", "5", "-"),
        ("公务用车运行维护费", "7", "-"),
        ("“三公”经费合计", "15.5", "-1"),
    ):
        lines += [label, spent, change]
    text = "2022年度“三公”经费决算情况\n" + "\n".join(f"{cell} |" for cell in lines) + "\n以上为决算数。\n"
    dossier = load_text(text, "t.txt")
    (found,) = [t for t in dossier.figure_tables if t.kind == TABLE_KIND]
    assert found.columns == ("项目", "2022年度支出(万元)", "比上年增减(万元)")
    assert by_label(found)["“三公”经费合计"] == ("15.5", "-1")


def test_a_pipe_text_whose_cells_cannot_be_told_apart_stays_text() -> None:
    """Cells a line with no row boundary and rows of unequal width: no table is made up."""
    text = "说明 |\n公务接待费 |\n3 |\n4 |\n合计 |\n5 |\n以上。\n"
    assert read_text_layout(text, "t.txt") is None


_ACCOUNTS_TABLE = (
    Paragraph(text="2023年“三公”经费支出决算表"),
    table(
        ("项目", "决算数"),
        ("合计", "9"),
        ("因公出国（境）费", "0"),
        ("公务接待费", "4"),
        ("公务用车购置及运行费", "5"),
    ),
)


def test_the_table_is_read_from_a_grid_of_any_format() -> None:
    grid = Grid(
        file="t.html",
        blocks=(*_ACCOUNTS_TABLE,),
    )
    dossier = load_grid(grid)
    (found,) = dossier.figure_tables
    assert found.kind == TABLE_KIND and found.title == "2023年“三公”经费支出决算表"
    assert not dossier.unread


def test_a_table_read_from_a_grid_is_printed_with_the_report_text() -> None:
    """Writing the dossier back as a document (the report's text with it) keeps a 三公 table that was a
    table of the document: the text does not hold it, so it must be printed as a table of its own."""
    from jixiao.render.layout.document import layout_dossier

    grid = Grid(
        file="t.docx",
        blocks=(
            *_ACCOUNTS_TABLE,
            Paragraph(text="一、部门基本情况"),
        ),
    )
    dossier = load_grid(grid)
    for sections in (True, False):
        printed = layout_dossier(dossier, sections=sections)
        tables = [b for b in printed.blocks if isinstance(b, GridTable)]
        cells = [[c.text for c in row] for t in tables for row in t.rows]
        assert ["项目", "决算数"] in cells, sections  # the label column named once, not shifted
        assert ["合计", "9"] in cells and ["公务接待费", "4"] in cells, sections
