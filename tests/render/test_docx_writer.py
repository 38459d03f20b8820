"""The .docx writer: merges, fonts, page setup, borders and header rows as Word reads them, and the
round trip write_docx -> read_docx for the seeds' official tables and for generated grids.

What does not survive the round trip, by the nature of the format: ``GridCell.line``/``line_end`` and
``Paragraph.line`` (a .docx has no text lines; the reader numbers paragraphs instead), ``widths`` (read
back as the fractions Word stores, in whole twips), paragraph text's outer whitespace and soft line
breaks (Word paragraphs), and a cell's trailing empty paragraphs (as in Word's own text export).
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import SEED_FILES
from tests.official import official_grid

import jixiao.files as files
from jixiao.ingest import docx as docx_reader
from jixiao.ingest.docx import read_docx
from jixiao.ingest.limits import DEFAULT_LIMITS, Deadline
from jixiao.ingest.wordtext import read_word_text
from jixiao.libreoffice import convert
from jixiao.model.grid import Grid, GridCell, GridTable, Paragraph, ParagraphStyle
from jixiao.render import docx as writer
from jixiao.render.docx import write_docx


def written(grid: Grid) -> bytes:
    out = io.BytesIO()
    write_docx(grid, out)
    return out.getvalue()


def shape(grid: Grid) -> list[object]:
    """What must survive the round trip: texts, spans, styles, header rows, table numbering."""
    return [
        ("T", b.index, b.header_rows, [[(c.text, c.rowspan, c.colspan) for c in r] for r in b.rows])
        if isinstance(b, GridTable)
        else ("P", b.text, b.style)
        for b in grid.blocks
    ]


def opened(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


@pytest.mark.parametrize("key", ["000", "001", "002"])
def test_seed_official_tables_read_back_exactly(key: str) -> None:
    path = SEED_FILES[key]
    grid = official_grid(read_word_text(path.read_text(encoding="utf-8"), path.name))
    back = read_docx(written(grid), path.name)
    assert shape(back) == shape(grid)
    merged = sum(c.rowspan > 1 for t in back.tables for r in t.rows for c in r)
    spread = sum(c.colspan > 1 for t in back.tables for r in t.rows for c in r)
    assert merged > 5 and spread > 5  # the forms' merges really are in the file


# --- generated grids ------------------------------------------------------------------------------

_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_PIECES = st.one_of(
    st.text(_CJK, min_size=1, max_size=6),
    st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False).map(str),
    st.integers(0, 100).map(lambda n: f"{n}%"),
    st.sampled_from(["≥95%", "（万元）", "１００", "a b", "\u3000", " ", "\t", "≤", "项目\u00a0名称"]),
)
_LINE = st.lists(_PIECES, max_size=4).map("".join)
_CELL_TEXT = st.lists(_LINE, min_size=1, max_size=3).map(lambda ls: "\n".join(ls).rstrip("\n"))
_PARA_TEXT = (
    st.lists(_PIECES, min_size=1, max_size=5)
    .map(lambda ps: "".join(ps).replace("\t", "").strip())
    .filter(bool)
)
_STYLES: list[ParagraphStyle | None] = [None, "title", "heading1", "heading2", "heading3", "note"]


@st.composite
def tables(draw: st.DrawFn, index: int) -> GridTable:
    """A table of random merges following the grid convention (regions never overlap)."""
    width = draw(st.integers(1, 10))
    height = draw(st.integers(1, 7))
    owner: dict[tuple[int, int], tuple[int, int]] = {}  # grid position -> region origin
    regions: dict[tuple[int, int], tuple[int, int, str]] = {}  # origin -> (rowspan, colspan, text)
    for r in range(height):
        for c in range(width):
            if (r, c) in owner:
                continue
            free = 1
            while c + free < width and (r, c + free) not in owner:
                free += 1
            colspan = draw(st.integers(1, free)) if draw(st.booleans()) else 1
            rowspan = draw(st.integers(1, height - r)) if draw(st.integers(0, 3)) == 0 else 1
            while rowspan > 1 and any(
                (r + k, c + j) in owner for k in range(rowspan) for j in range(colspan)
            ):
                rowspan -= 1
            regions[(r, c)] = (rowspan, colspan, draw(_CELL_TEXT))
            for k in range(rowspan):
                for j in range(colspan):
                    owner[(r + k, c + j)] = (r, c)
    rows: list[tuple[GridCell, ...]] = []
    for r in range(height):
        row: list[GridCell] = []
        for c in range(width):
            origin = owner[(r, c)]
            rowspan, colspan, text = regions[origin]
            if origin[1] != c:
                continue  # covered by a cell to the left
            if origin[0] == r:
                row.append(GridCell(text=text, rowspan=rowspan, colspan=colspan))
            else:
                row.append(GridCell(text="", colspan=colspan))  # placeholder under a vertical merge
        rows.append(tuple(row))
    header_rows = draw(st.integers(0, height))
    return GridTable(index=index, rows=tuple(rows), header_rows=header_rows)


@st.composite
def grids(draw: st.DrawFn) -> Grid:
    blocks: list[GridTable | Paragraph] = []
    for kind in draw(st.lists(st.booleans(), min_size=1, max_size=5)):
        if kind:
            blocks.append(draw(tables(sum(isinstance(b, GridTable) for b in blocks) + 1)))
        else:
            blocks.append(Paragraph(text=draw(_PARA_TEXT), style=draw(st.sampled_from(_STYLES))))
    return Grid(file="生成.docx", blocks=tuple(blocks))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(grids())
def test_generated_grids_survive_write_and_read(grid: Grid) -> None:
    data = written(grid)
    back = read_docx(data, grid.file)
    assert shape(back) == shape(grid)
    assert_reading_paths_agree(data)
    for table in back.tables:
        assert len(table.widths) == max(sum(c.colspan for c in r) for r in table.rows)
        assert abs(sum(table.widths) - 1) < 0.01


def assert_reading_paths_agree(data: bytes) -> None:
    """The reader's one-pass table loop and its element-by-element walk (for nested tables) agree."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        document, styles, numbering = docx_reader._open_package(archive)

    def reader() -> docx_reader._Reader:
        return docx_reader._Reader(document, styles, numbering, "x", DEFAULT_LIMITS, Deadline(60))

    flat, structured = reader(), reader()
    for tbl in document.iter(docx_reader._TBL):
        rows = [structured._structured_row(tr) for tr in docx_reader._unwrap(tbl, docx_reader._TR)]
        assert flat._flat_rows(tbl) == rows


def test_relative_widths_are_kept() -> None:
    table = GridTable(index=1, rows=((GridCell("指标"), GridCell("分值")),), widths=(0.2, 0.8))
    (back,) = read_docx(written(Grid(file="w.docx", blocks=(table,))), "w.docx").tables
    assert back.widths == pytest.approx((0.2, 0.8), abs=0.001)


# --- what Word sees -------------------------------------------------------------------------------


def _fonts(element: Any) -> dict[str, str]:
    rfonts = element.find(qn("w:rPr")).find(qn("w:rFonts"))
    return {k.split("}")[1]: v for k, v in rfonts.attrib.items()}


def test_east_asian_fonts_are_explicit() -> None:
    document = opened(written(Grid(file="f.docx", blocks=(Paragraph(text="正文"),))))
    expected = {"Normal": "仿宋", "Title": "黑体", "Heading1": "黑体", "Heading2": "黑体", "Heading3": "黑体"}
    styles = {s.get(qn("w:styleId")): s for s in document.styles.element.iterchildren(qn("w:style"))}
    for style_id, font in expected.items():
        fonts = _fonts(styles[style_id])
        assert fonts["eastAsia"] == font
        assert not any(k.endswith("Theme") or k == "cstheme" for k in fonts)  # a theme font would win
    title = styles["Title"].find(qn("w:pPr")).find(qn("w:jc"))
    assert title.get(qn("w:val")) == "center"
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    assert _fonts(defaults)["eastAsia"] == "仿宋"


def test_a4_portrait_and_landscape_for_wide_tables() -> None:
    wide = GridTable(index=1, rows=(tuple(GridCell(str(i)) for i in range(10)),))
    narrow = GridTable(index=2, rows=((GridCell("a"), GridCell("b")),))
    long_text = "正文" * 40
    grid = Grid(
        file="l.docx",
        blocks=(
            Paragraph(text=long_text),
            Paragraph(text="附表1 宽表"),
            wide,
            Paragraph(text="填表人：张三"),
            Paragraph(text=long_text),
            narrow,
        ),
    )
    document = opened(written(grid))
    sizes = [(s.page_width.mm, s.page_height.mm, str(s.orientation)) for s in document.sections]
    assert [(round(w), round(h)) for w, h, _ in sizes] == [(210, 297), (297, 210), (210, 297)]
    assert "LANDSCAPE" in sizes[1][2]
    # the wide table, its title and its signature line are in the landscape section
    body = list(document.element.body)
    breaks = [i for i, el in enumerate(body) if el.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None]
    table_at = next(i for i, el in enumerate(body) if el.tag == qn("w:tbl"))
    title_at = next(i for i, el in enumerate(body) if "附表1" in "".join(el.itertext()))
    signature_at = next(i for i, el in enumerate(body) if "填表人" in "".join(el.itertext()))
    assert breaks[0] < title_at < table_at < signature_at < breaks[1]
    widths = [int(c.get(qn("w:w"))) for c in body[table_at].find(qn("w:tblGrid"))]
    assert sum(widths) == 16838 - 2 * 1418  # the landscape text width


def test_borders_header_rows_and_alignment() -> None:
    table = GridTable(
        index=1,
        rows=(
            (GridCell("项目"), GridCell("金额")),
            (GridCell("单位"), GridCell("（万元）")),
            (GridCell("年初预算"), GridCell("1,034.36")),
            (GridCell("执行率"), GridCell("99.5%")),
            (GridCell("效益"), GridCell("有效促进")),
        ),
        header_rows=2,
    )
    document = opened(written(Grid(file="b.docx", blocks=(table,))))
    tbl = document.element.body.find(qn("w:tbl"))
    borders = tbl.find(qn("w:tblPr")).find(qn("w:tblBorders"))
    sides = {child.tag.split("}")[1]: child.get(qn("w:val")) for child in borders}
    assert sides == dict.fromkeys(("top", "left", "bottom", "right", "insideH", "insideV"), "single")
    rows = tbl.findall(qn("w:tr"))
    headers = [r.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for r in rows]
    assert headers == [True, True, False, False, False]

    def align(row: int, col: int) -> str | None:
        jc = rows[row].findall(qn("w:tc"))[col].find(f"{qn('w:p')}/{qn('w:pPr')}/{qn('w:jc')}")
        return None if jc is None else jc.get(qn("w:val"))

    assert [align(2, 1), align(3, 1), align(4, 1), align(0, 0)] == ["right", "right", None, "center"]


def test_adjacent_tables_stay_apart_and_body_ends_with_a_paragraph() -> None:
    one = GridTable(index=1, rows=((GridCell("甲"),),))
    two = GridTable(index=2, rows=((GridCell("乙"),),))
    data = written(Grid(file="t.docx", blocks=(one, two)))
    tags = [el.tag for el in opened(data).element.body]
    assert tags == [qn("w:tbl"), qn("w:p"), qn("w:tbl"), qn("w:p"), qn("w:sectPr")]
    assert [t.rows[0][0].text for t in read_docx(data, "t.docx").tables] == ["甲", "乙"]


def test_control_characters_are_dropped_not_fatal() -> None:
    grid = Grid(
        file="c.docx",
        blocks=(Paragraph(text="说明\x0b\x01结束"), GridTable(index=1, rows=((GridCell("a\r\nb\x00"),),))),
    )
    back = read_docx(written(grid), "c.docx")
    assert shape(back) == [("P", "说明结束", None), ("T", 1, 0, [[("a\nb", 1, 1)]])]


def test_write_to_path_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "表.docx"
    grid = Grid(file="表.docx", blocks=(Paragraph(text="第一版"),))
    write_docx(grid, target)
    first = target.read_bytes()
    assert zipfile.is_zipfile(target)

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_docx(Grid(file="表.docx", blocks=(Paragraph(text="第二版"),)), target)
    assert target.read_bytes() == first  # the old file is untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["表.docx"]  # no temporary left behind
    monkeypatch.undo()
    write_docx(Grid(file="表.docx", blocks=(Paragraph(text="第二版"),)), str(target))
    assert [b.text for b in read_docx(target, "表.docx").blocks] == ["第二版"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_a_seed_to_pdf(tmp_path: Path) -> None:
    import pdfplumber
    import pypdfium2

    path = SEED_FILES["000"]
    grid = official_grid(read_word_text(path.read_text(encoding="utf-8"), path.name))
    source = tmp_path / "000.docx"
    write_docx(grid, source)
    convert([source], "pdf", tmp_path, 120)
    pdf_path = tmp_path / "000.pdf"
    with pdfplumber.open(pdf_path) as pdf:
        text = "".join((page.extract_text() or "") for page in pdf.pages)
        landscape = [page.width > page.height for page in pdf.pages]
        assert len(pdf.pages) >= 5
    assert "2023年度预算单位整体支出绩效自评表" in text.replace(" ", "")
    wide = any(max(sum(c.colspan for c in r) for r in t.rows) > writer.LANDSCAPE_COLUMNS for t in grid.tables)
    assert any(landscape) == wide and not all(landscape)  # wide forms landscape, the report portrait
    rendered = pypdfium2.PdfDocument(str(pdf_path))
    image = rendered[0].render(scale=1).to_pil().convert("L")
    dark = image.point(lambda v: 255 if v < 128 else 0).histogram()[255]
    assert dark > 2000  # page 1 has text and ruled lines, not a blank page
