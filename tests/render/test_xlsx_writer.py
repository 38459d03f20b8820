"""The Excel writer: sheets, merges, number cells, print setup, atomic writes, and random grids that
come back unchanged through the Excel reader.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import SEED_FILES
from tests.official import official_grid

from jixiao.ingest.wordtext import read_word_text
from jixiao.ingest.xlsx import read_xlsx
from jixiao.libreoffice import convert
from jixiao.model.grid import Block, Grid, GridCell, GridTable, Paragraph
from jixiao.model.serialize import dumps
from jixiao.render.xlsx import write_xlsx


def _write(grid: Grid) -> bytes:
    out = io.BytesIO()
    write_xlsx(grid, out)
    return out.getvalue()


def _open(raw: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(raw))


def _blocks(grid: Grid) -> list[object]:
    return [
        b.text if isinstance(b, Paragraph) else [[(c.text, c.rowspan, c.colspan) for c in r] for r in b.rows]
        for b in grid.blocks
    ]


def _form() -> Grid:
    rows = (
        (GridCell("项目名称"), GridCell("就业补助", colspan=3)),
        (GridCell("一级指标"), GridCell("指标"), GridCell("年度指标值"), GridCell("分值")),
        (GridCell("产出指标", rowspan=2), GridCell("人数"), GridCell("≥100人"), GridCell("10.00")),
        (GridCell(""), GridCell("=SUM(A1)"), GridCell("92.5%"), GridCell("2")),
        (GridCell("合计"), GridCell("-0.00"), GridCell("1,234.50"), GridCell("-12.75")),
    )
    return Grid(
        file="form",
        blocks=(
            Paragraph("附件4-1"),
            Paragraph("2023年度项目支出绩效自评表"),
            GridTable(index=1, rows=rows, header_rows=2, widths=(1.0, 1.0, 2.0, 1.0)),
            Paragraph("单位负责人签字：  填表人：张三"),
            Paragraph("一、基本情况"),
            Paragraph("本单位现有在编人员36人。"),
            Paragraph("2023年度项目支出绩效自评表"),
            GridTable(index=2, rows=((GridCell("a"), GridCell("b")),)),
        ),
    )


def test_one_sheet_per_table_with_its_title_and_notes_and_a_narrative_sheet() -> None:
    workbook = _open(_write(_form()))
    # Two tables share a title: the one with a 项目名称 is named by its project.
    assert workbook.sheetnames == [
        "就业补助",
        "一、基本情况",
        "2023年度项目支出绩效自评表",
    ]
    first = workbook.worksheets[0]
    assert [first.cell(r, 1).value for r in range(1, 9)] == [
        "附件4-1",
        "2023年度项目支出绩效自评表",
        "项目名称",
        "一级指标",
        "产出指标",
        None,
        "合计",
        "单位负责人签字：  填表人：张三",
    ]
    merged = {str(r) for r in first.merged_cells.ranges}
    assert {"A1:D1", "A2:D2", "B3:D3", "A5:A6", "A8:D8"} <= merged
    assert first["A2"].font.name == "黑体" and first["A2"].font.b
    assert first["B4"].font.name == "宋体" and first["B4"].alignment.wrap_text
    for r in range(3, 8):  # inside a merged range only the range's outer edges are drawn
        for c in range(1, 5):
            border = first.cell(r, c).border
            assert "thin" in (border.left.style, border.right.style, border.top.style, border.bottom.style)
    assert first["A1"].border.left.style is None  # title rows are not part of the table
    assert [
        p.text for p in (b for b in read_xlsx(_write(_form()), "f").blocks) if isinstance(p, Paragraph)
    ] == [
        "附件4-1",
        "2023年度项目支出绩效自评表",
        "单位负责人签字：  填表人：张三",
        "一、基本情况",
        "本单位现有在编人员36人。",
        "2023年度项目支出绩效自评表",
    ]


def test_figures_are_numbers_in_their_written_format_everything_else_is_text() -> None:
    sheet = _open(_write(_form())).worksheets[0]
    assert sheet["D5"].value == 10.0 and sheet["D5"].number_format == "0.00"
    assert sheet["D7"].value == -12.75 and sheet["D7"].number_format == "0.00"
    assert sheet["D6"].value == 2 and sheet["D6"].number_format == "0" and sheet["D6"].data_type == "n"
    assert sheet["C6"].value == 0.925 and sheet["C6"].number_format == "0.0%"
    assert sheet["C7"].value == 1234.5 and sheet["C7"].number_format == "#,##0.00"
    for ref, text in (("B6", "=SUM(A1)"), ("C5", "≥100人"), ("B7", "-0.00")):
        assert sheet[ref].value == text and sheet[ref].data_type == "s", ref
    table = read_xlsx(_write(_form()), "f").tables[0]
    assert [c.text for c in table.rows[2]] == ["产出指标", "人数", "≥100人", "10.00"]
    assert [c.text for c in table.rows[3]] == ["", "=SUM(A1)", "92.5%", "2"]
    assert [c.text for c in table.rows[4]] == ["合计", "-0.00", "1,234.50", "-12.75"]


def test_print_setup_a4_fit_to_width_titles_and_area() -> None:
    workbook = _open(_write(_form()))
    sheet = workbook.worksheets[0]
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.page_setup.orientation == "portrait"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$3:$4"
    assert sheet.print_area == "'就业补助'!$A$1:$D$8"
    widths = [sheet.column_dimensions[c].width for c in "ABCD"]
    assert widths[2] == pytest.approx(2 * widths[0])


def test_wide_tables_print_landscape() -> None:
    seed = official_grid(read_word_text(SEED_FILES["000"].read_text(encoding="utf-8"), "000.txt"))
    workbook = _open(_write(seed))
    orientation = {s.title: s.page_setup.orientation for s in workbook.worksheets}
    assert orientation["业务工作经费"] == "landscape"  # a 项目支出绩效自评表: 9 columns of indicators
    assert orientation["2023年度岳阳楼区专项资金绩效自评清单"] == "portrait"  # 4 columns


def test_sheet_names_are_valid_unique_and_short() -> None:
    title = "附件1：[2023]年度:某某局*项目?支出/绩效\\自评表——一个很长很长很长很长的名字表"
    blocks: list[Block] = []
    for i in range(3):
        blocks += [Paragraph(title), GridTable(index=i + 1, rows=((GridCell("x"), GridCell(str(i))),))]
    names = _open(_write(Grid(file="n", blocks=tuple(blocks)))).sheetnames
    assert len(set(names)) == 3
    for name in names:
        assert len(name) <= 31 and not set(name) & set("[]:*?/\\")
    assert names[0].startswith("2023年度某某局项目支出绩效自评表")


def test_atomic_write_keeps_the_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out" / "表.xlsx"
    write_xlsx(_form(), target)
    before = target.read_bytes()
    bad = Grid(
        file="bad",
        blocks=(GridTable(index=1, rows=((GridCell("a", rowspan=2),), (GridCell("not a placeholder"),))),),
    )
    with pytest.raises(ValueError, match="纵向合并"):
        write_xlsx(bad, target)
    assert target.read_bytes() == before
    assert [p.name for p in target.parent.iterdir()] == ["表.xlsx"]


def test_excel_limits_long_paragraphs_split_long_cells_refused(tmp_path: Path) -> None:
    report = "\n".join(f"第{i}段：" + "就业" * 300 for i in range(80))  # about 48,000 characters
    back = read_xlsx(_write(Grid(file="r", blocks=(Paragraph(report),))), "r.xlsx")
    parts = [b.text for b in back.blocks if isinstance(b, Paragraph)]
    assert len(parts) == 2 and all(len(p) <= 32_767 for p in parts)
    assert "\n".join(parts) == report  # cut at a line break, nothing lost
    too_long = Grid(file="t", blocks=(GridTable(index=1, rows=((GridCell("就" * 40_000),),)),))
    with pytest.raises(ValueError, match="32767"):
        write_xlsx(too_long, tmp_path / "t.xlsx")
    assert not list(tmp_path.iterdir())  # nothing half-written
    sheet = _open(
        _write(Grid(file="h", blocks=(GridTable(index=1, rows=((GridCell("字" * 20_000),),)),)))
    ).active
    assert sheet.row_dimensions[1].height <= 409


def _soffice(source: Path, to: str) -> Path:
    convert([source], to, source.parent, 180)
    return source.with_suffix(f".{to}")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_prints_the_workbook_and_saves_it_as_xls_that_reads_back(tmp_path: Path) -> None:
    """LibreOffice opens the workbook, prints every sheet (wide forms landscape, the report portrait),
    and its own .xls of it -- a real Excel 97-2003 file -- reads back to the same grid and dossier."""
    import pdfplumber
    import pypdfium2

    from jixiao.ingest.loader import load_path
    from jixiao.ingest.xlsx import read_xls

    path = SEED_FILES["000"]
    grid = official_grid(read_word_text(path.read_text(encoding="utf-8"), path.name))
    source = tmp_path / "000.xlsx"
    write_xlsx(grid, source)
    pdf_path = _soffice(source, "pdf")
    with pdfplumber.open(pdf_path) as pdf:
        text = "".join((page.extract_text() or "") for page in pdf.pages).replace(" ", "")
        landscape = [page.width > page.height for page in pdf.pages]
    assert "2023年度预算单位整体支出绩效自评表" in text and "业务工作经费" in text
    assert any(landscape) and not all(landscape)
    image = pypdfium2.PdfDocument(str(pdf_path))[2].render(scale=1).to_pil().convert("L")
    assert image.point(lambda v: 255 if v < 128 else 0).histogram()[255] > 2000  # ruled, not blank
    xls = _soffice(source, "xls")
    assert _blocks(read_xls(xls, "000.xls")) == _blocks(grid)
    plain = json.loads(dumps(load_path(xls)))
    expected = json.loads(dumps(load_path(SEED_FILES["000"])))
    assert _without(plain, "loc") == _without(expected, "loc") | {"source": "000.xls"}


def _without(value: Any, key: str) -> Any:
    if isinstance(value, dict):
        return {k: _without(v, key) for k, v in value.items() if k != key}
    if isinstance(value, list):
        return [_without(v, key) for v in value]
    return value


# --- random grids --------------------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("0123456789.-%,=_x ≥　\n\t一级指标产出分值万元完成率A")),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=12,
)


@st.composite
def tables(draw: st.DrawFn, index: int) -> GridTable:
    """A table of random merged rectangles, laid out by the grid convention."""
    height = draw(st.integers(1, 5))
    width = draw(st.integers(1, 5))
    owner: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for r in range(height):
        for c in range(width):
            if (r, c) in owner:
                continue
            max_down = height - r
            max_right = 1
            while c + max_right < width and (r, c + max_right) not in owner:
                max_right += 1
            rows = draw(st.integers(1, min(3, max_down)))
            cols = draw(st.integers(1, min(3, max_right)))
            rect = (r, c, rows, cols)
            for rr in range(r, r + rows):
                for cc in range(c, c + cols):
                    owner[(rr, cc)] = rect
    grid_rows: list[tuple[GridCell, ...]] = []
    for r in range(height):
        cells: list[GridCell] = []
        for c in range(width):
            top, left, rows, cols = owner[(r, c)]
            if left != c:
                continue
            if top == r:
                cells.append(GridCell(text=draw(_TEXT), rowspan=rows, colspan=cols))
            else:
                cells.append(GridCell(text="", colspan=cols))
        grid_rows.append(tuple(cells))
    return GridTable(index=index, rows=tuple(grid_rows))


@st.composite
def grids(draw: st.DrawFn) -> Grid:
    blocks: list[Block] = []
    count = 0
    for _ in range(draw(st.integers(1, 5))):
        if draw(st.booleans()):
            count += 1
            blocks.append(draw(tables(count)))
        else:
            blocks.append(Paragraph(text=draw(_TEXT.filter(lambda t: bool(t.strip())))))
    return Grid(file="random", blocks=tuple(blocks))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grids())
def test_random_grids_survive_write_and_read(grid: Grid) -> None:
    """Every text, merge and block order comes back; paragraphs must hold some non-blank text
    (an empty row in a sheet is nothing), which is the one thing the format cannot carry."""
    back = read_xlsx(_write(grid), "random.xlsx")
    assert _blocks(back) == _blocks(grid)
    assert [t.index for t in back.tables] == [t.index for t in grid.tables]
