"""The .docx reader (and .doc through LibreOffice), on the seeds written as Word files and on bad files.

The seeds 000-002 are published as Word documents; their text export is what ``tests/fixtures`` holds.
``official_grid`` gives those tables the merges the forms have, ``write_docx`` writes them as real Word
tables (gridSpan / vMerge), and reading the .docx back must give the dossier the text gives.

Differences inherent to the format, and so ignored by ``without_locations``: a .docx has no line
numbers, so every ``loc`` differs (cells are located by table, row and column in both; the text also
has lines, the .docx paragraphs are numbered by their position instead).
"""

from __future__ import annotations

import io
import json
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.parser import parse_xml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import SEED_FILES
from tests.official import official_grid

from jixiao.ingest import ole
from jixiao.ingest.docx import read_docx
from jixiao.ingest.errors import IngestError
from jixiao.ingest.limits import Limits
from jixiao.ingest.loader import load_grid, load_path
from jixiao.ingest.wordtext import read_word_text
from jixiao.model.grid import Paragraph
from jixiao.model.serialize import dumps
from jixiao.render.docx import write_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def without_locations(value: Any) -> Any:
    """A dossier's JSON with every ``loc`` removed (and the file name, which names the format)."""
    if isinstance(value, dict):
        return {k: without_locations(v) for k, v in value.items() if k not in ("loc", "source")}
    if isinstance(value, list):
        return [without_locations(v) for v in value]
    return value


def dossier_json(dossier: object) -> Any:
    return without_locations(json.loads(dumps(dossier)))  # type: ignore[arg-type]


def seed_docx(key: str) -> bytes:
    path = SEED_FILES[key]
    grid = official_grid(read_word_text(path.read_text(encoding="utf-8"), path.name))
    out = io.BytesIO()
    write_docx(grid, out)
    return out.getvalue()


def code_of(path: Path) -> str:
    with pytest.raises(IngestError) as info:
        load_path(path)
    assert info.value.file == path.name
    assert info.value.message  # a Chinese message for the user
    return info.value.code


# --- the seeds as Word documents ------------------------------------------------------------------


@pytest.mark.parametrize("key", ["000", "001", "002"])
def test_seed_as_docx_gives_the_dossier_of_the_text(key: str, tmp_path: Path) -> None:
    target = tmp_path / f"{key}.docx"
    target.write_bytes(seed_docx(key))
    from_docx = load_path(target)
    from_text = load_path(SEED_FILES[key])
    assert dossier_json(from_docx) == dossier_json(from_text)
    assert from_docx.evaluations  # the forms were recognised, not just equally empty
    assert from_docx.source == f"{key}.docx"


@pytest.mark.parametrize("key", ["000", "001", "002", "004"])
def test_seed_in_official_layout_as_docx(key: str) -> None:
    """dossier -> official layout (render.layout) -> .docx -> read back: the layout's own dossier.

    Seed 004 (Hubei forms, published as PDF) has no Word text export, so it comes in this way only.
    The layout's own differences from the seed (see ``INHERENT`` in tests/render/test_layout.py) are
    the layout's; the .docx adds none.
    """
    from jixiao.render.layout import layout_dossier

    seed = load_path(SEED_FILES[key])
    layout = layout_dossier(seed)
    out = io.BytesIO()
    write_docx(layout, out)
    from_docx = load_grid(read_docx(out.getvalue(), f"{key}.docx"))
    assert dossier_json(from_docx) == dossier_json(load_grid(layout))
    assert len(from_docx.evaluations) == len(seed.evaluations) > 0
    if key == "004":
        assert {e.template for e in from_docx.evaluations} == {"hubei-project"}


def test_seed_cells_are_located_by_table_row_and_column(tmp_path: Path) -> None:
    """Every indicator's actual value sits in the same 表/行/列 as in the text (the grids agree)."""
    target = tmp_path / "000.docx"
    target.write_bytes(seed_docx("000"))
    from_docx = load_path(target)
    from_text = load_path(SEED_FILES["000"])
    checked = 0
    for ev_docx, ev_text in zip(from_docx.evaluations, from_text.evaluations, strict=True):
        for a, b in zip(ev_docx.indicators, ev_text.indicators, strict=True):
            assert a.actual is not None and b.actual is not None
            assert a.actual.loc is not None and b.actual.loc is not None
            assert a.actual.loc.file == "000.docx" and a.actual.loc.line is None  # no lines in a .docx
            assert (a.actual.loc.table, a.actual.loc.row, a.actual.loc.col) == (
                b.actual.loc.table,
                b.actual.loc.row,
                b.actual.loc.col,
            )
            checked += 1
    assert checked > 50


def test_docx_with_wrong_extension_is_read_by_content(tmp_path: Path) -> None:
    target = tmp_path / "000.xlsx"
    target.write_bytes(seed_docx("000"))
    assert dossier_json(load_path(target)) == dossier_json(load_path(SEED_FILES["000"]))


def test_text_with_docx_extension_is_read_as_text(tmp_path: Path) -> None:
    target = tmp_path / "000.docx"
    target.write_bytes(SEED_FILES["000"].read_bytes())
    assert dossier_json(load_path(target)) == dossier_json(load_path(SEED_FILES["000"]))


# --- what the reader reads from Word files it did not write ---------------------------------------


def _docx_bytes(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_merges_made_by_word_api_read_per_grid_convention() -> None:
    document = docx.Document()
    table = document.add_table(rows=4, cols=4)
    for r in range(4):
        for c in range(4):
            table.cell(r, c).text = f"{r}{c}"
    table.cell(0, 0).merge(table.cell(0, 3)).text = "标题"  # one cell across the row
    table.cell(1, 0).merge(table.cell(3, 0)).text = "产出指标"  # down three rows
    table.cell(1, 1).merge(table.cell(2, 2)).text = "块"  # two by two
    grid = read_docx(_docx_bytes(document), "m.docx")
    (read,) = grid.tables
    assert [[(c.text, c.rowspan, c.colspan) for c in row] for row in read.rows] == [
        [("标题", 1, 4)],
        [("产出指标", 3, 1), ("块", 2, 2), ("13", 1, 1)],
        [("", 1, 1), ("", 1, 2), ("23", 1, 1)],
        [("", 1, 1), ("31", 1, 1), ("32", 1, 1), ("33", 1, 1)],
    ]


def test_paragraphs_styles_numbering_and_nested_tables() -> None:
    document = docx.Document()
    document.add_paragraph("2023年度部门整体支出绩效自评报告", style="Title")
    document.add_heading("一、部门概况", level=1)
    document.add_heading("（一）机构设置", level=2)
    document.add_paragraph("第一项", style="List Number")
    document.add_paragraph("第二项", style="List Number")
    document.add_paragraph("   ")  # empty: dropped
    document.add_paragraph("第一行").add_run().add_break()
    document.paragraphs[-1].add_run("第二行")
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "签字"
    cell = outer.cell(0, 1)
    cell.text = "上\n下"
    cell.add_paragraph("第三段")
    inner = cell.add_table(rows=2, cols=2)
    for r in range(2):
        for c in range(2):
            inner.cell(r, c).text = f"内{r}{c}"
    grid = read_docx(_docx_bytes(document), "p.docx")
    paragraphs = [(b.text, b.style) for b in grid.blocks if isinstance(b, Paragraph)]
    assert paragraphs == [
        ("2023年度部门整体支出绩效自评报告", "title"),
        ("一、部门概况", "heading1"),
        ("（一）机构设置", "heading2"),
        ("1. 第一项", None),
        ("2. 第二项", None),
        ("第一行", None),
        ("第二行", None),
    ]
    (table,) = grid.tables
    assert table.rows[0][1].text == "上\n下\n第三段\n内00\t内01\n内10\t内11\n"[:-1]
    lines = [b.line for b in grid.blocks if isinstance(b, Paragraph)]
    assert lines == [1, 2, 3, 4, 5, 7, 7]  # position among body paragraphs (the empty one counts)


def _add_numbering(document: Any, num_id: str, fmt: str, text: str, start: int = 1) -> None:
    numbering = document.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
    ).element
    abstract = parse_xml(
        f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="9{num_id}"><w:lvl w:ilvl="0">'
        f'<w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        '<w:suff w:val="nothing"/></w:lvl></w:abstractNum>'
    )
    numbering.insert(0, abstract)
    numbering.append(
        parse_xml(f'<w:num xmlns:w="{W}" w:numId="{num_id}"><w:abstractNumId w:val="9{num_id}"/></w:num>')
    )


def _numbered(document: Any, text: str, num_id: str) -> None:
    p = document.add_paragraph(text)
    p._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def test_chinese_and_circled_numbering_are_made_visible() -> None:
    document = docx.Document()
    _add_numbering(document, "71", "chineseCounting", "%1、")
    _add_numbering(document, "72", "decimalEnclosedCircle", "%1", start=9)
    for text in ("基本情况", "绩效目标", "自评结论"):
        _numbered(document, text, "71")
    for text in ("甲", "乙"):
        _numbered(document, text, "72")
    for _ in range(8):
        _numbered(document, "又", "71")
    grid = read_docx(_docx_bytes(document), "n.docx")
    texts = [b.text for b in grid.blocks if isinstance(b, Paragraph)]
    assert texts[:5] == ["一、基本情况", "二、绩效目标", "三、自评结论", "⑨甲", "⑩乙"]
    assert texts[-1] == "十一、又"


def _raw_docx(body_xml: str) -> bytes:
    """A .docx whose body is exactly ``body_xml`` (a table a writer other than ours might make)."""
    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if child.tag != f"{{{W}}}sectPr":
            body.remove(child)
    body.insert(0, parse_xml(f'<w:tbl xmlns:w="{W}">{body_xml}</w:tbl>'))
    return _docx_bytes(document)


def _tc(text: str, extra: str = "") -> str:
    return f"<w:tc><w:tcPr>{extra}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def test_ragged_rows_and_grid_before_after_fill_the_width(tmp_path: Path) -> None:
    data = _raw_docx(
        '<w:tblGrid><w:gridCol w:w="1000"/><w:gridCol w:w="1000"/><w:gridCol w:w="2000"/></w:tblGrid>'
        + "<w:tr>"
        + _tc("a")
        + _tc("b")
        + _tc("c")
        + "</w:tr>"
        + '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>'
        + _tc("d")
        + _tc("e")
        + "</w:tr>"
        + '<w:tr><w:trPr><w:gridAfter w:val="2"/></w:trPr>'
        + _tc("f")
        + "</w:tr>"
        + "<w:tr>"
        + _tc("g")
        + "</w:tr>"  # ragged: one cell where the grid has three
        + "<w:tr>"
        + _tc("h", '<w:vMerge w:val="continue"/>')  # continues nothing: an ordinary cell
        + _tc("i", '<w:gridSpan w:val="zwei"/>')  # unreadable span: 1
        + _tc("j")
        + "</w:tr>"
    )
    (table,) = read_docx(data, "r.docx").tables
    assert [[(c.text, c.colspan) for c in row] for row in table.rows] == [
        [("a", 1), ("b", 1), ("c", 1)],
        [("", 1), ("d", 1), ("e", 1)],
        [("f", 1), ("", 2)],
        [("g", 1), ("", 2)],
        [("h", 1), ("i", 1), ("j", 1)],
    ]
    assert table.widths == (0.25, 0.25, 0.5)
    target = tmp_path / "r.docx"
    target.write_bytes(data)
    assert load_path(target).unread  # not a form, but read without an error


def _as_hmerge(data: bytes) -> bytes:
    """The .docx with every ``w:gridSpan`` cell rewritten as older Word and WPS converters write it:
    ``<w:hMerge w:val="restart"/>`` on the first cell and one empty ``<w:hMerge/>`` cell per column it
    covers."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    spans = list(root.iter(f"{{{W}}}gridSpan"))
    assert spans  # the test means something only if there are merges to rewrite
    for span in spans:
        count = int(span.get(f"{{{W}}}val"))
        tcpr = span.getparent()
        tcpr.replace(span, etree.fromstring(f'<w:hMerge xmlns:w="{W}" w:val="restart"/>'))
        cell = tcpr.getparent()
        for _ in range(count - 1):
            cell.addnext(etree.fromstring(f'<w:tc xmlns:w="{W}"><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc>'))
    rewritten = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    assert b"gridSpan" not in rewritten and b"hMerge" in rewritten
    return _replace_member(data, "word/document.xml", rewritten)


def test_legacy_hmerge_reads_as_the_gridspan_it_stands_for() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=4)
    for r in range(3):
        for c in range(4):
            table.cell(r, c).text = f"{r}{c}"
    table.cell(0, 0).merge(table.cell(0, 3)).text = "标题"
    table.cell(1, 1).merge(table.cell(2, 2)).text = "块"  # hMerge on both rows of a vMerge block
    with_span = _docx_bytes(document)
    (expected,) = read_docx(with_span, "m.docx").tables
    assert [[(c.text, c.rowspan, c.colspan) for c in row] for row in expected.rows] == [
        [("标题", 1, 4)],
        [("10", 1, 1), ("块", 2, 2), ("13", 1, 1)],
        [("20", 1, 1), ("", 1, 2), ("23", 1, 1)],
    ]
    assert read_docx(_as_hmerge(with_span), "m.docx").tables == (expected,)


def test_hmerge_without_a_restart_and_text_in_covered_cells() -> None:
    data = _raw_docx(
        "<w:tblGrid>" + '<w:gridCol w:w="1000"/>' * 4 + "</w:tblGrid>"
        "<w:tr>"
        + _tc("a", '<w:hMerge w:val="restart"/>')
        + _tc("b", "<w:hMerge/>")  # text in a covered cell: kept, on a line of its own
        + _tc("c", '<w:hMerge w:val="continue"/>')
        + _tc("d")
        + "</w:tr><w:tr>"
        + _tc("e", "<w:hMerge/>")  # continues nothing: an ordinary cell
        + _tc("f", "<w:hMerge/>")  # nor does this one (e is no merge's first cell)
        + _tc("g", '<w:gridSpan w:val="2"/><w:hMerge w:val="restart"/>')
        + "</w:tr>"
    )
    (table,) = read_docx(data, "h.docx").tables
    assert [[(c.text, c.colspan) for c in row] for row in table.rows] == [
        [("a\nb\nc", 3), ("d", 1)],
        [("e", 1), ("f", 1), ("g", 2)],
    ]


@pytest.mark.parametrize("key", ["000", "001", "002"])
def test_seed_written_with_hmerge_gives_the_same_dossier(key: str, tmp_path: Path) -> None:
    with_span = seed_docx(key)
    target = tmp_path / f"{key}.docx"
    target.write_bytes(_as_hmerge(with_span))
    assert read_docx(target, target.name) == read_docx(with_span, target.name)  # cell for cell
    from_hmerge = load_path(target)
    assert from_hmerge.evaluations
    assert dossier_json(from_hmerge) == dossier_json(load_path(SEED_FILES[key]))


_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_TRICKY_PARAGRAPH = (
    '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>'  # a tab stop, not a tab
    "<w:r><w:t>甲</w:t></w:r>"
    "<w:del><w:r><w:delText>删</w:delText></w:r></w:del>"  # a deleted revision
    "<w:ins><w:r><w:t>增</w:t></w:r></w:ins>"  # an inserted revision
    "<w:r><w:tab/><w:t>乙</w:t></w:r>"
    f'<w:r><mc:AlternateContent xmlns:mc="{_MC}"><mc:Choice Requires="wps"><w:drawing/></mc:Choice>'
    "<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></w:pict>"
    "</mc:Fallback></mc:AlternateContent></w:r>"  # a text box
    "<w:sdt><w:sdtContent><w:r><w:t>控</w:t></w:r></w:sdtContent></w:sdt>"  # a content control
    "</w:p>"
)


def _body_docx(body_xml: str) -> bytes:
    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if child.tag != f"{{{W}}}sectPr":
            body.remove(child)
    wrapper = parse_xml(f'<w:body xmlns:w="{W}">{body_xml}</w:body>')
    for k, child in enumerate(list(wrapper)):
        body.insert(k, child)
    return _docx_bytes(document)


def test_revisions_text_boxes_and_tab_stops_in_paragraphs_and_cells() -> None:
    nested = f"<w:tbl><w:tr><w:tc>{_TRICKY_PARAGRAPH}</w:tc></w:tr></w:tbl>"
    data = _body_docx(
        _TRICKY_PARAGRAPH
        + f"<w:tbl><w:tr><w:tc>{_TRICKY_PARAGRAPH}</w:tc></w:tr></w:tbl>"  # read in one pass
        + f"<w:tbl><w:tr><w:tc>{_TRICKY_PARAGRAPH}{nested}</w:tc></w:tr></w:tbl>"  # element by element
    )
    grid = read_docx(data, "t.docx")
    expected = "甲增\t乙控"
    assert grid.blocks[0] == Paragraph(text=expected, line=1)
    first, second = grid.tables
    assert first.rows[0][0].text == expected
    assert second.rows[0][0].text == f"{expected}\n{expected}"


# --- bad files ------------------------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    target = tmp_path / "空.docx"
    target.write_bytes(b"")
    assert code_of(target) == "file_empty"


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9, 0.99])
def test_truncated_docx(tmp_path: Path, fraction: float) -> None:
    data = seed_docx("001")
    target = tmp_path / "截断.docx"
    target.write_bytes(data[: int(len(data) * fraction)])
    assert code_of(target) == "docx_corrupt"


@pytest.mark.parametrize("content", [b"\x00\x01\x02garbage" * 50, b"PK\x03\x04" + b"\x00" * 300])
def test_not_a_zip_with_docx_name(tmp_path: Path, content: bytes) -> None:
    target = tmp_path / "假的.docx"
    target.write_bytes(content)
    assert code_of(target) == "docx_corrupt"


def _replace_member(
    data: bytes, name: str, content: bytes | None, extra: dict[str, bytes] | None = None
) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename == name:
                if content is not None:
                    target.writestr(name, content)
            else:
                target.writestr(info, source.read(info))
        for extra_name, extra_content in (extra or {}).items():
            target.writestr(extra_name, extra_content)
    return out.getvalue()


def test_unsupported_zip_version_found_by_fuzzing(tmp_path: Path) -> None:
    """bench/fuzz_readers.py found zipfile raising NotImplementedError ("zip file version 8.4")."""
    data = bytearray(seed_docx("000"))
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<H", data, central + 6, 84)  # version needed to extract
    target = tmp_path / "新版本.docx"
    target.write_bytes(bytes(data))
    assert code_of(target) == "docx_corrupt"


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    bomb = _replace_member(seed_docx("000"), "", None, {"word/media/image1.bin": b"\x00" * (4 * 1024 * 1024)})
    target = tmp_path / "炸弹.docx"
    target.write_bytes(bomb)
    assert code_of(target) == "archive_too_large"
    with pytest.raises(IngestError) as info:
        read_docx(seed_docx("000"), "小.docx", Limits(max_uncompressed=10_000))
    assert info.value.code == "archive_too_large"


def test_broken_xml_names_where(tmp_path: Path) -> None:
    data = _replace_member(
        seed_docx("000"), "word/document.xml", b'<?xml version="1.0"?>\n<w:document><w:body>'
    )
    with pytest.raises(IngestError) as info:
        read_docx(data, "坏.docx")
    assert info.value.code == "docx_corrupt"
    assert "XML" in info.value.message and "行" in info.value.message


def test_docx_without_document_part(tmp_path: Path) -> None:
    data = _replace_member(seed_docx("000"), "word/styles.xml", None)
    assert read_docx(data, "无样式.docx").tables  # a relationship to a missing styles part is not fatal
    target = tmp_path / "无正文.docx"
    target.write_bytes(_replace_member(seed_docx("000"), "word/document.xml", None))
    assert code_of(target) == "docx_corrupt"


def test_time_limit() -> None:
    with pytest.raises(IngestError) as info:
        read_docx(seed_docx("000"), "慢.docx", Limits(max_seconds=0))
    assert info.value.code == "ingest_timeout"


# --- OLE files: .doc, .xls, encrypted Office files ------------------------------------------------


def cfb(streams: dict[str, bytes], sector_shift: int = 9) -> bytes:
    """A Compound File ([MS-CFB] version 3) holding ``streams``, each padded into regular sectors."""
    size = 1 << sector_shift
    free, end, fat_sect = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    padded = {name: data.ljust(max(len(data), 4096), b"\x00") for name, data in streams.items()}
    entries = [("Root Entry", 5, end, 0)]
    data_sectors: list[bytes] = []
    fat = [fat_sect, end]  # sector 0: the FAT, sector 1: the directory (up to 4 entries)
    for name, content in padded.items():
        first = len(fat)
        count = -(-len(content) // size)
        fat.extend(range(first + 1, first + count))
        fat.append(end)
        entries.append((name, 2, first, len(content)))
        data_sectors.extend(content[i * size : (i + 1) * size].ljust(size, b"\x00") for i in range(count))
    assert len(entries) <= size // 128 and len(fat) <= size // 4
    fat_sector = struct.pack(f"<{len(fat)}I", *fat).ljust(size, b"\xff")
    directory = b""
    for i, (name, kind, start, length) in enumerate(entries):
        encoded = (name + "\x00").encode("utf-16-le")
        child = 1 if i == 0 and len(entries) > 1 else free
        right = i + 1 if 0 < i < len(entries) - 1 else free
        directory += (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", free, right, child)
            + b"\x00" * 36
            + struct.pack("<II", start, length)
            + b"\x00" * 4
        )
    directory = directory.ljust(size, b"\x00")
    header = (
        ole.MAGIC
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, sector_shift, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<109I", 0, *([free] * 108))
    )
    return header.ljust(512, b"\x00") + fat_sector + directory + b"".join(data_sectors)


def fib(encrypted: bool) -> bytes:
    return struct.pack("<HHHHHH", 0xA5EC, 0xC1, 0, 0, 0, 0x0100 if encrypted else 0)


def test_ole_kinds() -> None:
    assert ole.ole_kind(cfb({"WordDocument": fib(False), "1Table": b"t"})) == "doc"
    assert ole.ole_kind(cfb({"WordDocument": fib(True), "1Table": b"t"})) == "encrypted"
    assert ole.ole_kind(cfb({"Workbook": b"x"})) == "xls"
    assert ole.ole_kind(cfb({"EncryptionInfo": b"i", "EncryptedPackage": b"p"})) == "encrypted"
    assert ole.ole_kind(cfb({"PowerPoint Document": b"p"})) == "unknown"
    assert ole.ole_kind(ole.MAGIC + b"\x00" * 100) == "unknown"


def test_password_protected_xls_is_told_apart_by_its_filepass_record(tmp_path: Path) -> None:
    """Excel's password to open writes FILEPASS (0x002F) right after the globals' BOF; the file then
    gets the message every encrypted Office file gets, and an unprotected one still reads normally."""
    from tests.ingest.test_xlsx import _xls

    cells: list[tuple[int, int, str | float]] = [(0, 0, "序号"), (0, 1, "区级专项资金名称"), (1, 0, 1.0)]
    cells.append((1, 1, "就业补助"))
    locked, plain = _xls("清单", cells, [], encrypted=True), _xls("清单", cells, [])
    assert ole.ole_kind(locked) == "encrypted"
    assert ole.ole_kind(plain) == "xls"
    target = tmp_path / "加密.xls"
    target.write_bytes(locked)
    with pytest.raises(IngestError) as info:
        load_path(target)
    assert (info.value.code, info.value.file) == ("file_encrypted", "加密.xls")
    assert "取消密码保护" in info.value.message
    target = tmp_path / "清单.xls"
    target.write_bytes(plain)
    assert [(row.number, row.fund) for row in load_path(target).fund_list] == [("1", "就业补助")]


def test_filepass_after_writeprot_and_look_alikes() -> None:
    def bof(version: int = 0x0809) -> bytes:
        return struct.pack("<HH", version, 16) + struct.pack("<HHHHII", 0x0600, 0x0005, 0, 0, 0, 0)

    filepass = struct.pack("<HHH", 0x002F, 2, 0)
    writeprot = struct.pack("<HH", 0x0086, 0)
    codepage = struct.pack("<HHH", 0x0042, 2, 1200)
    assert ole.ole_kind(cfb({"Workbook": bof() + writeprot + filepass})) == "encrypted"
    assert ole.ole_kind(cfb({"Book": bof(0x0409) + filepass})) == "encrypted"  # BIFF5 names it Book
    assert ole.ole_kind(cfb({"Workbook": bof() + codepage + filepass})) == "xls"  # not where Excel puts it
    assert ole.ole_kind(cfb({"Workbook": filepass + bof()})) == "xls"  # no BOF first: xlrd judges it
    past_the_end = struct.pack("<HH", 0x0809, 0xFFFF)  # a BOF whose length runs off the sector
    assert ole.ole_kind(cfb({"Workbook": past_the_end + b"\xff" * 600})) == "xls"


def test_ole_reader_survives_loops_and_cuts() -> None:
    good = bytearray(cfb({"WordDocument": fib(False)}))
    looped = bytearray(good)
    struct.pack_into("<I", looped, 512 + 4, 1)  # the directory chain points at itself
    assert ole.ole_kind(bytes(looped)) == "unknown"
    for cut in (520, 1024, 1100):
        assert ole.ole_kind(bytes(good[:cut])) in ("unknown", "doc")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 2600), st.integers(0, 255)), max_size=12))
def test_ole_reader_never_raises_on_damaged_files(changes: list[tuple[int, int]]) -> None:
    data = bytearray(cfb({"WordDocument": fib(False), "Workbook": b"w"}))
    for offset, value in changes:
        if offset < len(data):
            data[offset] = value
    assert ole.ole_kind(bytes(data)) in ("doc", "xls", "encrypted", "unknown")


def test_encrypted_office_file(tmp_path: Path) -> None:
    target = tmp_path / "加密.docx"
    target.write_bytes(cfb({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\x00" * 64}))
    assert code_of(target) == "file_encrypted"
    target = tmp_path / "加密.doc"
    target.write_bytes(cfb({"WordDocument": fib(True)}))
    assert code_of(target) == "file_encrypted"


def test_unknown_ole_file(tmp_path: Path) -> None:
    target = tmp_path / "演示.ppt"
    target.write_bytes(cfb({"PowerPoint Document": b"p"}))
    assert code_of(target) == "ole_unknown"


def test_doc_without_libreoffice_asks_for_docx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jixiao.ingest import doc

    monkeypatch.setattr(doc, "find_soffice", lambda: None)
    target = tmp_path / "旧版.doc"
    target.write_bytes(cfb({"WordDocument": fib(False), "1Table": b"t"}))
    assert code_of(target) == "doc_needs_libreoffice"


def test_doc_libreoffice_failure_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from jixiao.ingest import doc

    monkeypatch.setattr(doc, "find_soffice", lambda: "/nonexistent/soffice")
    target = tmp_path / "旧版.doc"
    target.write_bytes(cfb({"WordDocument": fib(False)}))
    assert code_of(target) == "doc_convert_failed"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_doc_through_libreoffice_gives_the_dossier_of_the_text(tmp_path: Path) -> None:
    source = tmp_path / "000.docx"
    source.write_bytes(seed_docx("000"))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path / "doc"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    converted = tmp_path / "doc" / "000.doc"
    assert ole.ole_kind(converted.read_bytes()) == "doc"
    assert dossier_json(load_path(converted)) == dossier_json(load_path(SEED_FILES["000"]))


# --- the command line -----------------------------------------------------------------------------


def test_folders_pick_up_office_files_and_skip_owner_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from jixiao.cli.main import _inputs, main

    folder = tmp_path / "自评材料"
    (folder / "二级单位").mkdir(parents=True)
    (folder / "单位.docx").write_bytes(seed_docx("000"))
    (folder / "二级单位" / "项目.DOCX").write_bytes(seed_docx("001"))
    (folder / "~$单位.docx").write_bytes(b"\x00" * 162)  # Word's owner file while 单位.docx is open
    (folder / "说明.md").write_text("不是材料", encoding="utf-8")
    for name in ("旧.doc", "表.xlsx", "表.xls", "公开.pdf"):
        (folder / name).write_bytes(b"")
    found = sorted(p.relative_to(folder).as_posix() for p in _inputs([str(folder)]))
    assert found == ["二级单位/项目.DOCX", "公开.pdf", "单位.docx", "旧.doc", "表.xls", "表.xlsx"]
    for name in ("旧.doc", "表.xlsx", "表.xls", "公开.pdf"):
        (folder / name).unlink()
    out = tmp_path / "dossiers"
    assert main(["ingest", str(folder), "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["单位.json", "项目.json"]
    capsys.readouterr()
