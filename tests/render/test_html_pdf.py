"""The HTML writer (standalone, printable) and the PDF writer (WeasyPrint, bundled CJK font).

HTML is checked by parsing it back with the standard library's parser: the merges come back as the
grid's rowspan/colspan, every text comes back exactly, nothing the grid holds becomes markup, and the
document names no resource outside itself. PDF is checked with pdfplumber and pypdfium2: the bundled
font is embedded and the Chinese text extracts back, pages have the A4 size (landscape for wide
tables), the footer counts pages, the pages render to images with ink where the tables are.
"""

from __future__ import annotations

import io
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import SEED_FILES
from tests.official import official_grid

from jixiao.ingest.pdf import read_pdf
from jixiao.ingest.wordtext import read_word_text
from jixiao.model.grid import Grid, GridCell, GridTable, Paragraph
from jixiao.render import pdf as pdf_writer
from jixiao.render.html import html_document, write_html
from jixiao.render.pdf import font_path, pdf_bytes, write_pdf

A4 = (595.3, 841.9)  # points


@cache
def seed_grid(key: str) -> Grid:
    path = SEED_FILES[key]
    return official_grid(read_word_text(path.read_text(encoding="utf-8"), path.name))


@cache
def seed_pdf(key: str) -> bytes:
    return pdf_bytes(seed_grid(key))


# --- HTML, parsed back -------------------------------------------------------------------------------


class _Reader(HTMLParser):
    """Tables as rows of (text, rowspan, colspan); every tag and attribute seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.tables: list[list[list[tuple[str, int, int]]]] = []
        self.paragraphs: list[str] = []
        self.sections: list[str] = []
        self.cell: list[str] | None = None
        self.lines = 0
        self.spans = (1, 1)
        self.paragraph: list[str] | None = None
        self.style = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)
        values = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag == "td":
            self.cell, self.lines = [], 0
            self.spans = (int(values.get("rowspan") or 1), int(values.get("colspan") or 1))
        elif tag == "div" and self.cell is not None:
            if self.lines:
                self.cell.append("\n")
            self.lines += 1
        elif tag == "p":
            self.paragraph = []
        elif tag == "section":
            self.sections.append(values.get("class") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self.cell is not None:
            self.tables[-1][-1].append(("".join(self.cell), *self.spans))
            self.cell = None
        elif tag == "p" and self.paragraph is not None:
            self.paragraphs.append("".join(self.paragraph))
            self.paragraph = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        elif self.paragraph is not None:
            self.paragraph.append(data)


def parse(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


def expected_cells(table: GridTable) -> list[list[tuple[str, int, int]]]:
    """The grid's cells as HTML must hold them: placeholders under a vertical merge left out."""
    covered: set[tuple[int, int]] = set()
    rows = []
    for r, row in enumerate(table.rows):
        cells, col = [], 0
        for cell in row:
            if (r, col) not in covered:
                cells.append((cell.text, cell.rowspan, cell.colspan))
                for below in range(1, cell.rowspan):
                    covered.update((r + below, c) for c in range(col, col + cell.colspan))
            col += cell.colspan
        rows.append(cells)
    return rows


@pytest.mark.parametrize("key", ["000", "001", "002"])
def test_seed_tables_come_back_with_their_merges(key: str) -> None:
    grid = seed_grid(key)
    found = parse(write_html(grid))
    assert found.tables == [expected_cells(t) for t in grid.tables]
    assert found.paragraphs == [b.text for b in grid.blocks if isinstance(b, Paragraph)]
    spans = sum(c.rowspan > 1 for t in grid.tables for row in t.rows for c in row)
    assert sum(rowspan > 1 for t in found.tables for row in t for _x, rowspan, _c in row) == spans


def test_a_merge_over_text_is_cut_short_and_keeps_the_text() -> None:
    """A malformed grid (text under a vertical merge) loses no text."""
    rows = (
        (GridCell(text="合并", rowspan=3), GridCell(text="a")),
        (GridCell(text=""), GridCell(text="b")),
        (GridCell(text="不该在此"), GridCell(text="c")),
    )
    found = parse(write_html(Grid(file="t", blocks=(GridTable(index=1, rows=rows),))))
    assert found.tables == [[[("合并", 2, 1), ("a", 1, 1)], [("b", 1, 1)], [("不该在此", 1, 1), ("c", 1, 1)]]]


HOSTILE = '<script>alert("x")</script> & <img src=http://evil/x.png onerror=1> "引号" \'单\' </td></table>'


def test_everything_is_escaped() -> None:
    grid = Grid(
        file="t",
        blocks=(
            Paragraph(text=HOSTILE, style="title"),
            GridTable(index=1, rows=((GridCell(text=HOSTILE), GridCell(text="1,234.50")),)),
        ),
    )
    html = write_html(grid, title=HOSTILE)
    found = parse(html)
    assert found.paragraphs == [HOSTILE]
    assert found.tables == [[[(HOSTILE, 1, 1), ("1,234.50", 1, 1)]]]
    assert set(found.tags) <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "p",
        "table",
        "colgroup",
        "col",
    } | {
        "tbody",
        "thead",
        "tr",
        "td",
        "div",
        "section",
    }
    assert "<script" not in html and "<img" not in html
    assert {name for name, _value in found.attributes} <= {
        "lang",
        "charset",
        "name",
        "content",
        "class",
        "style",
        "rowspan",
        "colspan",
    }


def test_no_external_resource() -> None:
    html = write_html(seed_grid("000"))
    assert not re.search(r"https?:|//|url\(|@import|src=|href=", html, re.IGNORECASE)
    # The PDF writer's variant loads exactly one resource: the bundled font, from the package.
    with_font = html_document(seed_grid("000"), font_url=font_path().as_uri())
    assert re.findall(r"url\(\"([^\"]+)\"\)", with_font) == [font_path().as_uri()]


def test_print_stylesheet_and_structure() -> None:
    header = (GridCell(text="序号"), GridCell(text="名称"), GridCell(text="金额"))
    body = tuple(
        (GridCell(text=str(i)), GridCell(text=f"项目{i}"), GridCell(text=f"{i}.00")) for i in range(3)
    )
    wide = tuple(tuple(GridCell(text=f"列{c}") for c in range(10)) for _ in range(2))
    grid = Grid(
        file="t",
        blocks=(
            Paragraph(text="表一", style="title"),
            GridTable(index=1, rows=(header, *body), header_rows=1, widths=(1.0, 3.0, 2.0)),
            Paragraph(text="宽表", style="title"),
            GridTable(index=2, rows=wide),
            Paragraph(text="说明：", style="note"),
        ),
    )
    html = write_html(grid, title="测试")
    assert "@page {" in html and "size: A4;" in html and "@page wide { size: A4 landscape;" in html
    assert '"第 " counter(page) " 页 共 " counter(pages) " 页"' in html
    assert re.search(r'font-family: "FangSong", "仿宋".*"SimSun", "宋体".*"Jixiao CJK"', html)
    found = parse(html)
    assert found.tags.count("thead") == 1 and found.sections == ["wide"]
    assert '<col style="width: 16.67%">' in html and '<col style="width: 50.00%">' in html
    assert '<td class="num">0.00</td>' in html
    assert '<section class="wide">\n<p class="title">宽表</p>' in html  # the title goes with its table
    assert '<p class="note">说明：</p>' in html
    assert "<title>测试</title>" in html


@st.composite
def grids(draw: st.DrawFn) -> Grid:
    """Random tables in the grid convention: merges placed on free slots, placeholders under them."""
    width = draw(st.integers(1, 6))
    height = draw(st.integers(1, 7))
    text = st.text(alphabet=st.sampled_from(list("项目金额万元0123456789.,%<>&\"' \n")), max_size=12)
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    rows: list[list[GridCell]] = []
    for r in range(height):
        row: list[GridCell] = []
        c = 0
        while c < width:
            if (r, c) in owner:
                top = owner[(r, c)]
                span = rows[top[0]][top[1]].colspan
                row.append(GridCell(text="", colspan=span))
                c += span
                continue
            colspan = draw(st.integers(1, width - c))
            if any((r, x) in owner for x in range(c, c + colspan)):
                colspan = 1
            rowspan = draw(st.integers(1, height - r))
            if any((y, x) in owner for y in range(r, r + rowspan) for x in range(c, c + colspan)):
                rowspan = 1
            for y in range(r + 1, r + rowspan):
                for x in range(c, c + colspan):
                    owner[(y, x)] = (r, len(row))
            row.append(GridCell(text=draw(text).strip() or "x", rowspan=rowspan, colspan=colspan))
            c += colspan
        rows.append(row)
    return Grid(file="t", blocks=(GridTable(index=1, rows=tuple(tuple(r) for r in rows)),))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grids())
def test_random_grids_come_back_from_html(grid: Grid) -> None:
    found = parse(write_html(grid))
    assert found.tables == [expected_cells(t) for t in grid.tables]


# --- PDF -----------------------------------------------------------------------------------------------


def _fonts(data: bytes) -> dict[str, bool]:
    """Every font the PDF uses, and whether its program is embedded."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    document = PDFDocument(PDFParser(io.BytesIO(data)))
    fonts: dict[str, bool] = {}
    for xref in document.xrefs:
        for objid in xref.get_objids():
            obj = resolve1(document.getobj(objid))
            if isinstance(obj, dict) and str(obj.get("Type")) == "/'FontDescriptor'":
                name = str(obj.get("FontName"))
                fonts[name] = any(key in obj for key in ("FontFile", "FontFile2", "FontFile3"))
    return fonts


def test_the_bundled_font_is_embedded_and_the_text_extracts_back() -> None:
    data = seed_pdf("000")
    fonts = _fonts(data)
    assert fonts and all(fonts.values())
    assert all("Jixiao-CJK" in name for name in fonts)  # no system font was needed
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = pdf.pages[0].extract_text()
        assert "专项资金绩效自评清单" in text
        assert {c["fontname"].split("+")[-1] for c in pdf.pages[0].chars} == {"Jixiao-CJK"}
    document = pdfium.PdfDocument(data)
    assert "屠宰环节无害化处理专项" in document[0].get_textpage().get_text_range()


def test_pages_are_a4_and_count_themselves() -> None:
    with pdfplumber.open(io.BytesIO(seed_pdf("000"))) as pdf:
        count = len(pdf.pages)
        sizes = {(round(p.width, 1), round(p.height, 1)) for p in pdf.pages}
        assert sizes == {A4, A4[::-1]}  # the evaluation tables (9 columns) are on landscape pages
        for number in (1, count):
            footer = pdf.pages[number - 1].extract_text().splitlines()[-1]
            assert footer == f"第 {number} 页 共 {count} 页"


def test_pages_render_with_ink_where_the_tables_are(tmp_path: Path) -> None:
    document = pdfium.PdfDocument(seed_pdf("001"))
    for index in (0, 1):
        image = document[index].render(scale=1).to_pil().convert("L")
        image.save(tmp_path / f"page{index + 1}.png")
        dark = sum(image.histogram()[:128])
        assert dark > 0.01 * image.width * image.height  # ruling lines and text
        top_band = image.crop((0, 0, image.width, int(image.height * 0.05)))
        assert top_band.getextrema()[0] > 200  # the top margin is blank


def test_write_to_a_path_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "表.pdf"
    target.write_bytes(b"the user's earlier file")
    grid = Grid(file="t", blocks=(Paragraph(text="正文"),))

    def broken(_grid: Grid, *, title: str | None = None) -> bytes:
        raise RuntimeError("layout failed")

    monkeypatch.setattr(pdf_writer, "pdf_bytes", broken)
    with pytest.raises(RuntimeError):
        write_pdf(grid, target)
    assert target.read_bytes() == b"the user's earlier file"
    monkeypatch.undo()
    write_pdf(grid, target)
    assert target.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["表.pdf"]  # no temporary file left
    stream = io.BytesIO()
    write_pdf(grid, stream)
    assert stream.getvalue().startswith(b"%PDF")


def test_wingdings_ticks_round_trip_and_undrawable_characters_do_not_break_the_text() -> None:
    """Word's U+F0FE tick is drawn (as √) and reads back as U+F0FE; a character no font draws is
    written as U+FFFD, and the rest of the PDF's text still reads back."""
    grid = Grid(file="t", blocks=(Paragraph(text="1、持续性项目 \uf0fe 2、新增性项目 □ 私用\ue000区"),))
    read = read_pdf(pdf_bytes(grid), "t.pdf")
    assert [b.text for b in read.blocks if isinstance(b, Paragraph)] == [
        "1、持续性项目 \uf0fe 2、新增性项目 □ 私用\ufffd区"
    ]


def test_writer_is_fast_enough_to_subset_per_document() -> None:
    """The bundled font is the pre-subset one (a full CJK font would be 5-20 MB)."""
    size = font_path().stat().st_size
    assert 800_000 < size < 2_500_000
    assert (
        (font_path().parent / "LICENSE-wqy-microhei.txt").read_text(encoding="utf-8").count("Apache License")
    )


def test_rows_taller_than_a_page_break_across_pages_and_read_back() -> None:
    """A merged group too tall for one page may break (else WeasyPrint leaves a page empty and draws
    the merged cell's text outside the table); its merged cell keeps its text at its top."""
    long = "，".join(f"第{i}项工作按计划完成并取得成效" for i in range(120)) + "。"
    rows = (
        (GridCell(text="标题"), GridCell(text="预期"), GridCell(text="完成")),
        (GridCell(text="整体目标", rowspan=2), GridCell(text="目标1"), GridCell(text="完成1")),
        (GridCell(text=""), GridCell(text=long), GridCell(text=long)),
        (GridCell(text="合计"), GridCell(text="1"), GridCell(text="2")),
    )
    grid = Grid(file="t", blocks=(GridTable(index=1, rows=rows),))
    html = write_html(grid)
    assert '<tbody class="split">' in html and '<td rowspan="2" class="tall">整体目标</td>' in html
    data = pdf_bytes(grid)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 2
        assert "整体目标" in pdf.pages[0].extract_text()  # the first page is not left empty
    read = read_pdf(data, "t.pdf")
    assert [[(c.text, c.rowspan, c.colspan) for c in row] for row in read.tables[0].rows] == [
        [(c.text, c.rowspan, c.colspan) for c in row] for row in rows
    ]
