"""The PDF reader (pdfplumber), on the seeds written as PDF by jixiao's own writer and on bad files.

Seeds 000-002: the text export -> ``read_word_text`` -> ``official_grid`` (the forms' merges) ->
``write_pdf`` -> ``read_pdf`` -> ``load_grid`` gives the dossier ``load_path`` gives for the text.
Seed 004 (Hubei forms, published as PDF): its dossier in the official layout (``render.layout``) ->
PDF -> the layout's own dossier; and the seed's converted text written as a PDF without ruling lines
reads, through the PDF-text path, to the forms the text gives.

Differences inherent to PDF, and the only ones the comparisons normalise (``pdf_text``):

* Locations: a PDF has no line numbers; cells are located by page, table, row and column instead.
* A space where the layout wraps a line is not drawn (the line ends there), so it cannot be read
  back: ``100% ；`` reads ``100%；`` when the break falls after the space. Likewise a no-break space
  is drawn, and read, as a space; and whitespace-only lines, or blank lines at the start or end of a
  cell or where a page cuts it, draw nothing. So the comparison drops spaces (U+0020, U+00A0,
  U+3000) and blank lines -- nothing else: every other character, every line break inside a cell
  or a paragraph, and every merge must come back as written.

Line breaks are *not* normalised: pdfplumber's own ``extract_text`` would join a cell's wrapped lines
with ``\\n`` where the source had none; the reader tells wrapping from the author's breaks (see
``jixiao.ingest.pdf``), and these tests hold it to that.
"""

from __future__ import annotations

import io
import json
import re
import zlib
from functools import cache
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from tests.conftest import SEED_FILES
from tests.official import official_grid

from jixiao.ingest.errors import IngestError
from jixiao.ingest.limits import Limits
from jixiao.ingest.loader import load_grid, load_path
from jixiao.ingest.pdf import read_pdf, read_pdf_layout
from jixiao.ingest.pdftext import read_pdf_text
from jixiao.ingest.wordtext import read_word_text
from jixiao.model.dossier import Dossier
from jixiao.model.grid import Grid, GridTable, Paragraph
from jixiao.model.serialize import dumps
from jixiao.render.pdf import pdf_bytes, write_pdf

_SPACES = re.compile(r"[ \u00a0\u3000]")
_BLANK_LINES = re.compile(r"\n{2,}")


def pdf_text(text: str) -> str:
    """What a PDF can give back of a text: no spaces, no blank lines (see the module docstring)."""
    return _BLANK_LINES.sub("\n", _SPACES.sub("", text)).strip("\n")


def normalised(value: Any) -> Any:
    """A dossier's JSON without locations and file name, its texts as a PDF can give them back."""
    if isinstance(value, dict):
        return {k: normalised(v) for k, v in value.items() if k not in ("loc", "source")}
    if isinstance(value, list):
        return [normalised(v) for v in value]
    if isinstance(value, str):
        return pdf_text(value)
    return value


def dossier_json(dossier: Dossier) -> Any:
    return normalised(json.loads(dumps(dossier)))


@cache
def seed_grid(key: str) -> Grid:
    path = SEED_FILES[key]
    return official_grid(read_word_text(path.read_text(encoding="utf-8"), path.name))


@cache
def seed_pdf(key: str) -> bytes:
    return pdf_bytes(seed_grid(key))


@cache
def seed_read(key: str) -> Grid:
    return read_pdf(seed_pdf(key), f"{key}.pdf")


# --- the seeds round trip ---------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["000", "001", "002"])
def test_seed_pdf_ingests_to_the_texts_dossier(key: str) -> None:
    from_pdf = load_grid(seed_read(key))
    from_text = load_path(SEED_FILES[key])
    assert dossier_json(from_pdf) == dossier_json(from_text)
    assert from_pdf.evaluations or from_pdf.rubrics  # the forms were recognised, not equally empty
    assert len(from_pdf.evaluations) == len(from_text.evaluations)


def _cells(table: GridTable) -> list[list[tuple[str, int, int]]]:
    return [[(pdf_text(c.text), c.rowspan, c.colspan) for c in row] for row in table.rows]


@pytest.mark.parametrize("key", ["000", "001", "002"])
def test_seed_pdf_gives_back_the_grid_with_its_merges(key: str) -> None:
    """Same tables (tables continued across pages stitched back), same cells, same row/col spans,
    same paragraphs in the same order."""
    source, read = seed_grid(key), seed_read(key)
    assert len(read.tables) == len(source.tables)
    for a, b in zip(source.tables, read.tables, strict=True):
        assert _cells(b) == _cells(a), f"table {a.index}"
    merged = sum(c.rowspan > 1 for t in read.tables for row in t.rows for c in row)
    assert merged > (10 if key != "002" else 0)
    paragraphs = [pdf_text(b.text) for b in source.blocks if isinstance(b, Paragraph)]
    assert [pdf_text(b.text) for b in read.blocks if isinstance(b, Paragraph)] == [p for p in paragraphs if p]
    assert len({t.page for t in read.tables}) > 1


def test_seed_cells_are_located_by_page_table_row_and_column() -> None:
    grid = seed_read("000")
    for table in grid.tables:
        assert table.page is not None and table.widths
        for row in table.rows:
            assert sum(c.colspan for c in row) == len(table.widths)
            assert all(c.page is not None and c.page >= table.page for c in row)
    for block in grid.blocks:
        assert block.page is not None
    dossier = load_grid(grid)
    checked = 0
    for evaluation in dossier.evaluations:
        for indicator in evaluation.indicators:
            assert indicator.actual is not None and indicator.actual.loc is not None
            loc = indicator.actual.loc
            assert loc.file == "000.pdf" and loc.page is not None and loc.line is None
            assert loc.table and loc.row and loc.col
            assert loc.short().startswith(f"000.pdf:第{loc.page}页:表{loc.table}:行{loc.row}:列")
            checked += 1
    assert checked > 50


def test_seed_through_load_path(tmp_path: Path) -> None:
    """The loader finds a PDF by its content (here under a .bin name) and reads its tables."""
    target = tmp_path / "自评材料.bin"
    target.write_bytes(seed_pdf("001"))
    from_pdf = load_path(target)
    assert from_pdf.source == "自评材料.bin"
    assert dossier_json(from_pdf) == dossier_json(load_path(SEED_FILES["001"]))


@pytest.mark.parametrize("key", ["002", "004"])
def test_seed_in_official_layout(key: str) -> None:
    """dossier -> official layout (render.layout) -> PDF -> the layout's own dossier.

    004: the Hubei forms, exactly (no normalising needed). Only the forms: the report's 3,000 lines of
    narrative would add a hundred pages of paragraphs, which the text round trips already cover.
    002: the city's report form, whose goal cells are taller than a page (rows broken across pages,
    merged cells cut by page breaks).
    """
    from jixiao.render.layout import layout_dossier

    seed = load_path(SEED_FILES[key])
    layout = layout_dossier(msgspec.structs.replace(seed, sections=()) if key == "004" else seed)
    from_pdf = load_grid(read_pdf(pdf_bytes(layout), f"{key}.pdf"))
    expected = load_grid(layout)
    if key == "004":
        assert _without_locs(from_pdf) == _without_locs(expected)
        assert len(from_pdf.evaluations) == len(seed.evaluations) == 8
        assert {e.template for e in from_pdf.evaluations} == {"hubei-project"}
    else:
        assert dossier_json(from_pdf) == dossier_json(expected)
        assert from_pdf.evaluations and from_pdf.rubrics and not from_pdf.unread


def _without_locs(dossier: Dossier) -> Any:
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("loc", "source")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(json.loads(dumps(dossier)))


def test_seed_004_text_pdf_without_ruling_reads_through_the_pdf_text_path(tmp_path: Path) -> None:
    """A PDF with no ruled table (as the published 决算 PDF is) goes to the PDF-text recognisers.

    The seed's converted text (its opening and its eight forms), one paragraph per line, is written as
    a PDF (9 pt so its lines fit the page) and read back: the Hubei forms come out as from the text.
    Some of the seed's lines are wider than an A4 line even at 9 pt and wrap in this PDF, so the
    sections' text is not compared, only their headings.
    """
    seed_lines = SEED_FILES["004"].read_text(encoding="utf-8").split("\n")
    first = next(i for i, line in enumerate(seed_lines) if line.endswith("项目绩效自评表"))
    last = max(i for i, line in enumerate(seed_lines) if line.startswith("4、基于经济性"))
    # The opening (unit and year) and the eight forms, each with its notes; the rest is narrative.
    text = "\n".join([*seed_lines[:40], "\f", *seed_lines[first - 1 : last + 1]])
    lines = read_pdf_text(text, "004.txt").blocks
    grid = Grid(file="004", blocks=tuple(msgspec.structs.replace(b, style="note") for b in lines))
    target = tmp_path / "004.pdf"
    write_pdf(grid, target)
    layout = read_pdf_layout(target.read_bytes(), "004.pdf")
    assert not layout.grid.tables
    source = tmp_path / "004.txt"
    source.write_text(text, encoding="utf-8")
    from_pdf, from_text = load_path(target), load_path(source)
    assert len(from_pdf.evaluations) == 8
    assert _without_locs(from_pdf)["evaluations"] == _without_locs(from_text)["evaluations"]
    assert (from_pdf.unit, from_pdf.year) == (from_text.unit, from_text.year)
    assert [s.heading for s in from_pdf.sections] == [s.heading for s in from_text.sections]
    assert all(e.title and e.title.startswith("2022") for e in from_pdf.evaluations)
    pages = {i.loc.page for e in from_pdf.evaluations for i in e.indicators if i.loc is not None}
    assert len(pages) > 1


# --- small PDFs made here ---------------------------------------------------------------------------


def _two_page_table() -> Grid:
    from jixiao.model.grid import GridCell

    header = (GridCell(text="序号"), GridCell(text="项目名称"), GridCell(text="金额（万元）"))
    rows = [header]
    for i in range(1, 90):
        rows.append((GridCell(text=str(i)), GridCell(text=f"项目{i}"), GridCell(text=f"{i}.50")))
    table = GridTable(index=1, rows=tuple(rows), header_rows=1)
    return Grid(file="t", blocks=(Paragraph(text="附表 项目清单", style="title"), table))


def test_repeated_header_rows_are_dropped_when_a_table_is_stitched() -> None:
    grid = _two_page_table()
    data = pdf_bytes(grid)
    read = read_pdf(data, "t.pdf")
    assert len(read.tables) == 1
    table = read.tables[0]
    assert [c.text for c in table.rows[0]] == ["序号", "项目名称", "金额（万元）"]
    assert [[c.text for c in row] for row in table.rows] == [
        [c.text for c in row] for row in grid.tables[0].rows
    ]
    assert len({c.page for row in table.rows for c in row}) >= 2  # it did cross a page


def test_page_numbers_are_not_read_as_text() -> None:
    read = read_pdf(pdf_bytes(_two_page_table()), "t.pdf")
    texts = [b.text for b in read.blocks if isinstance(b, Paragraph)]
    assert texts == ["附表 项目清单"]


def test_limits() -> None:
    data = pdf_bytes(_two_page_table())
    with pytest.raises(IngestError) as pages:
        read_pdf(data, "t.pdf", Limits(max_pages=1))
    assert pages.value.code == "pdf_too_many_pages"
    with pytest.raises(IngestError) as size:
        read_pdf(data, "t.pdf", Limits(max_bytes=1000))
    assert size.value.code == "file_too_large"


# --- bad files ---------------------------------------------------------------------------------------


def _code(data: bytes) -> str:
    with pytest.raises(IngestError) as error:
        read_pdf(data, "bad.pdf")
    assert error.value.file == "bad.pdf" and error.value.message
    return error.value.code


def test_empty() -> None:
    assert _code(b"") == "file_empty"


def test_not_a_pdf() -> None:
    assert _code(b"hello, this is text") == "pdf_corrupt"


def test_truncated() -> None:
    data = seed_pdf("001")
    code = _code(data[: len(data) // 3])
    assert code in {"pdf_corrupt", "pdf_needs_ocr"}
    assert _code(data[:200]) == "pdf_corrupt"


def test_damaged_inside() -> None:
    data = bytearray(seed_pdf("001"))
    for i in range(2000, len(data) - 2000, 997):
        data[i : i + 40] = b"\x00" * 40
    try:
        read_pdf(bytes(data), "bad.pdf")  # pdfminer may recover what it can: no traceback either way
    except IngestError as error:
        assert error.code in {"pdf_corrupt", "pdf_needs_ocr"}


def image_only_pdf() -> bytes:
    """A scan: pages that are one picture each, no text layer (Pillow's PDF writer)."""
    pages = [Image.new("RGB", (400, 560), "white") for _ in range(2)]
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:])
    return out.getvalue()


def test_scan_needs_ocr(tmp_path: Path) -> None:
    assert _code(image_only_pdf()) == "pdf_needs_ocr"
    target = tmp_path / "扫描件.pdf"
    target.write_bytes(image_only_pdf())
    with pytest.raises(IngestError) as error:
        load_path(target)
    assert error.value.code == "pdf_needs_ocr" and "扫描件" in error.value.message


def encrypted_pdf() -> bytes:
    """A PDF under the standard security handler (RC4, revision 2) with a user password.

    Hand-made (no PDF library here writes encryption): the /U entry is not what the empty password
    gives, which is exactly how a reader finds that it needs a password.
    """
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <"
        + (b"6f" * 32)
        + b"> /U <"
        + (b"75" * 32)
        + b"> >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\n" % (
        len(objects) + 1,
        b"00" * 16,
        b"00" * 16,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_encrypted() -> None:
    assert _code(encrypted_pdf()) == "file_encrypted"


def test_no_traceback_on_a_pdf_with_a_broken_stream() -> None:
    body = zlib.compress(b"BT /F1 12 Tf 72 720 Td (x) Tj ET")[:-6]
    pdf = (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /Contents 4 0 R >> endobj\n"
        b"4 0 obj << /Filter /FlateDecode /Length "
        + str(len(body)).encode()
        + b" >> stream\n"
        + body
        + b"\nendstream endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )
    assert _code(pdf) in {"pdf_corrupt", "pdf_needs_ocr"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), st.sampled_from([b"%PDF-1.4\n", b"%PDF-1.7\n1 0 obj\n<<", b""]))
def test_fuzz_never_a_traceback(tail: bytes, head: bytes) -> None:
    data = head + tail
    try:
        read_pdf(data, "fuzz.pdf")
    except IngestError as error:
        assert error.code in {"file_empty", "pdf_corrupt", "pdf_needs_ocr", "file_encrypted"}


def test_header_found_after_junk() -> None:
    """Some mail gateways prepend a line; readers accept %PDF within the first kilobyte."""
    data = b"garbage line\r\n" + seed_pdf("002")
    assert len(read_pdf(data, "t.pdf").tables) == len(seed_grid("002").tables)


def test_text_layer_pdfminer_cannot_decode() -> None:
    """A PDF whose text uses glyph 0 (a character no font drew, written by a writer without
    ``render.pdf.drawable``): pdfium sees text, pdfminer none. Not a scan: a message saying so."""
    from weasyprint import HTML

    from jixiao.render.html import html_document
    from jixiao.render.pdf import font_path

    grid = Grid(file="t", blocks=(Paragraph(text="项目\ue000名称"),))
    html = html_document(grid, font_url=font_path().as_uri())
    assert _code(HTML(string=html).write_pdf()) == "pdf_text_unreadable"
