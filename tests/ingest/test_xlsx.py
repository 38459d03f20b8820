"""The Excel reader: seeds written as .xlsx in the official layout read back to the text's dossier;
merges, numbers as the sheet shows them, cached formula values, blocks around tables, .xls, bad files.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import struct
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.styles import Border, Side
from tests.conftest import SEED_FILES
from tests.official import official_grid

from jixiao.ingest.errors import IngestError
from jixiao.ingest.limits import Limits
from jixiao.ingest.loader import load_grid, load_path
from jixiao.ingest.wordtext import read_word_text
from jixiao.ingest.xlsx import read_workbook, read_xls, read_xlsx, render_number
from jixiao.model.grid import Grid, GridTable, Paragraph
from jixiao.model.serialize import dumps
from jixiao.render.layout import layout_dossier
from jixiao.render.xlsx import write_xlsx

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@cache
def seed_official(key: str) -> Grid:
    return official_grid(read_word_text(SEED_FILES[key].read_text(encoding="utf-8"), f"{key}.txt"))


@cache
def seed_xlsx(key: str) -> bytes:
    out = io.BytesIO()
    write_xlsx(seed_official(key), out)
    return out.getvalue()


def _plain(value: Any, drop: frozenset[str]) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v, drop) for k, v in value.items() if k not in drop}
    if isinstance(value, list):
        return [_plain(v, drop) for v in value]
    return value


def _dossier_json(dossier: object, drop: frozenset[str]) -> Any:
    data = json.loads(dumps(dossier))  # type: ignore[arg-type]
    data.pop("source")
    return _plain(data, drop)


def _blocks(grid: Grid) -> list[object]:
    """A grid's blocks as what a reader of the file sees: texts and merges, in order."""
    out: list[object] = []
    for block in grid.blocks:
        if isinstance(block, Paragraph):
            out.append(block.text)
        else:
            out.append([[(c.text, c.rowspan, c.colspan) for c in row] for row in block.rows])
    return out


@pytest.mark.parametrize("key", ["000", "001", "002"])
def test_seed_as_xlsx_gives_the_texts_dossier(key: str, tmp_path: Path) -> None:
    """text -> official merged layout -> .xlsx -> read back: the dossier the text gives.

    Differences inherent to the format: a workbook has no text lines, so locations carry the sheet,
    table, row and column but no ``line``/``line_end`` (values outside tables carry none); the tables,
    rows and columns are numbered as in the text. Paragraphs between tables keep their order (notes below
    a table, the narrative on sheets of its own), so nothing else differs.
    """
    path = tmp_path / f"{key}.xlsx"
    path.write_bytes(seed_xlsx(key))
    from_xlsx = load_path(path)
    from_text = load_path(SEED_FILES[key])
    assert _dossier_json(from_xlsx, frozenset({"loc"})) == _dossier_json(from_text, frozenset({"loc"}))
    drop = frozenset({"line", "line_end", "file", "sheet", "cell"})
    assert _dossier_json(from_xlsx, drop) == _dossier_json(from_text, drop)
    assert from_xlsx.evaluations or from_xlsx.rubrics


def test_seed_004_hubei_forms_laid_out_as_xlsx(tmp_path: Path) -> None:
    """Seed 004 is PDF text; its dossier laid out in the Hubei forms (``jixiao.render.layout``), written
    as .xlsx and read back gives the dossier the text gives, locations aside."""
    seed = load_path(SEED_FILES["004"])
    grid = layout_dossier(seed)
    path = tmp_path / "004.xlsx"
    write_xlsx(grid, path)
    back = load_path(path)
    assert len(back.evaluations) == 8
    assert _dossier_json(back, frozenset({"loc"})) == _dossier_json(load_grid(grid), frozenset({"loc"}))
    # The PDF-text reader and the grid find the same report date (loader.report_date, shared).
    assert _dossier_json(back, frozenset({"loc"})) == _dossier_json(seed, frozenset({"loc"}))


@pytest.mark.parametrize("key", ["000", "001", "002"])
def test_seed_merges_and_paragraphs_come_back_exactly(key: str) -> None:
    grid = read_xlsx(seed_xlsx(key), f"{key}.xlsx")
    assert _blocks(grid) == _blocks(seed_official(key))
    assert [t.index for t in grid.tables] == list(range(1, len(grid.tables) + 1))
    assert sum(c.rowspan > 1 for t in grid.tables for row in t.rows for c in row) > 5


def test_locations_name_sheet_table_row_column_of_the_workbook(tmp_path: Path) -> None:
    """A reviewer following ``file:sheet:表N:行R:列C:H30`` to the workbook finds the value there."""
    raw = seed_xlsx("000")
    path = tmp_path / "000.xlsx"
    path.write_bytes(raw)
    dossier = load_path(path)
    read = read_workbook(raw, "000.xlsx", "xlsx")
    sheets = set(openpyxl.load_workbook(io.BytesIO(raw)).sheetnames)
    checked = 0
    for evaluation in dossier.evaluations:
        for indicator in evaluation.indicators:
            for val in (indicator.target, indicator.actual, indicator.score):
                if val is None or val.loc is None or val.loc.col is None or not val.text.strip():
                    continue
                loc = val.loc
                assert loc.table is not None and loc.row is not None and loc.sheet in sheets
                assert read.sheets[loc.table - 1] == loc.sheet
                cell = read.grid.tables[loc.table - 1].rows[loc.row - 1][loc.col - 1]
                assert val.text.strip() in cell.text, val
                assert loc.short() == f"000.xlsx:{loc.sheet}:表{loc.table}:行{loc.row}:列{loc.col}:{loc.cell}"
                checked += 1
    assert checked > 50
    assert read.sheets[2] == "2023年度预算单位整体支出绩效自评表"
    # Seven 项目支出绩效自评表 share their title: each sheet is named by its project.
    assert read.sheets[3:5] == ["业务工作经费", "运行维护经费"]
    for sheet, table in zip(read.sheets[3:], read.grid.tables[3:], strict=True):
        assert table.rows[0][1].text.strip().startswith(sheet)


# --- sheets people make ----------------------------------------------------------------------------


def _save(workbook: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _box(sheet: Any, cells: str) -> None:
    for row in sheet[cells]:
        for cell in row:
            cell.border = BOX


_INLINE = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is>(<t[^>]*>(.*?)</t>|<t/>)</is></c>', re.S)


def _shared_strings(raw: bytes, unique_count: int | None = None) -> bytes:
    """The workbook with its inline strings moved to a shared-string table, as Excel and WPS write."""
    table: dict[bytes, int] = {}

    def share(match: re.Match[bytes]) -> bytes:
        text = match.group(4) or b""
        index = table.setdefault(text, len(table))
        return b"<c " + match.group(1) + b't="s"' + match.group(2) + b"><v>%d</v></c>" % index

    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = _INLINE.sub(share, data)
            elif info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
            target.writestr(info, data)
        items = b"".join(b'<si><t xml:space="preserve">' + text + b"</t></si>" for text in table)
        count = len(table) if unique_count is None else unique_count
        target.writestr(
            "xl/sharedStrings.xml",
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
            % (len(table), count)
            + items
            + b"</sst>",
        )
    return out.getvalue()


def test_shared_strings_as_excel_and_wps_write_them() -> None:
    raw = _shared_strings(seed_xlsx("000"))
    assert b't="inlineStr"' not in zipfile.ZipFile(io.BytesIO(raw)).read("xl/worksheets/sheet2.xml")
    assert _blocks(read_xlsx(raw, "000.xlsx")) == _blocks(seed_official("000"))


def test_a_damaged_shared_string_count_is_refused_before_calamine_sees_it() -> None:
    """calamine reserves ``uniqueCount`` strings up front: four billion aborted the process."""
    assert _code(_shared_strings(seed_xlsx("001"), unique_count=4_000_000_000)).code == "xlsx_damaged"


def test_title_rows_and_signature_lines_around_a_bordered_table() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "项目一"
    sheet.merge_cells("A1:D1")
    sheet["A1"] = "项目支出绩效自评表"
    sheet["A2"] = "填报单位：某某局"
    sheet["D2"] = "单位：万元"
    rows = [
        ["项目名称", "就业补助", None, None],
        ["年度预算数", 100, "执行数", 92.5],
        ["一级指标", "二级指标", "指标", "分值"],
    ]
    for r, values in enumerate(rows, start=3):
        for c, value in enumerate(values, start=1):
            sheet.cell(r, c, value)
    sheet.merge_cells("B3:D3")
    sheet["A6"] = "产出指标"
    sheet.merge_cells("A6:A7")
    sheet["B6"], sheet["C6"], sheet["D6"] = "数量指标", "人数", 10
    sheet["B7"], sheet["C7"], sheet["D7"] = "质量指标", "合格率", 0.955
    sheet["D7"].number_format = "0.0%"
    _box(sheet, "A3:D7")
    sheet["A9"] = "单位负责人签字："
    sheet["C9"] = "填表人：张三"
    second = workbook.create_sheet("项目二")
    second["B2"] = "只有一行字"
    workbook.create_sheet("空表")
    grid = read_xlsx(_save(workbook), "a.xlsx")
    assert _blocks(grid) == [
        "项目支出绩效自评表",
        "填报单位：某某局  单位：万元",
        [
            [("项目名称", 1, 1), ("就业补助", 1, 3)],
            [("年度预算数", 1, 1), ("100", 1, 1), ("执行数", 1, 1), ("92.5", 1, 1)],
            [("一级指标", 1, 1), ("二级指标", 1, 1), ("指标", 1, 1), ("分值", 1, 1)],
            [("产出指标", 2, 1), ("数量指标", 1, 1), ("人数", 1, 1), ("10", 1, 1)],
            [("", 1, 1), ("质量指标", 1, 1), ("合格率", 1, 1), ("95.5%", 1, 1)],
        ],
        "单位负责人签字：  填表人：张三",
        "只有一行字",
    ]


def test_sheet_without_borders_finds_the_table_by_its_rows() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.merge_cells("A1:C1")
    sheet["A1"] = "2023年度项目支出绩效自评表"
    for r, values in enumerate([["指标", "目标", "实际"], ["人数", "≥100", "120"]], start=2):
        for c, value in enumerate(values, start=1):
            sheet.cell(r, c, value)
    sheet.merge_cells("A4:C4")
    sheet["A4"] = "年度总体目标：完成"
    sheet["A5"], sheet["B5"], sheet["C5"] = "合格率", "100%", "100%"
    sheet["A6"] = "备注：无"
    grid = read_xlsx(_save(workbook), "plain.xlsx")
    assert _blocks(grid) == [
        "2023年度项目支出绩效自评表",
        [
            [("指标", 1, 1), ("目标", 1, 1), ("实际", 1, 1)],
            [("人数", 1, 1), ("≥100", 1, 1), ("120", 1, 1)],
            [("年度总体目标：完成", 1, 3)],
            [("合格率", 1, 1), ("100%", 1, 1), ("100%", 1, 1)],
        ],
        "备注：无",
    ]


def test_hidden_sheets_are_skipped_and_tables_numbered_across_sheets() -> None:
    workbook = openpyxl.Workbook()
    for name, hidden in (("一", False), ("隐藏", True), ("二", False)):
        sheet = workbook.active if name == "一" else workbook.create_sheet(name)
        sheet.title = name
        sheet["A1"], sheet["B1"] = f"{name}表", "x"
        _box(sheet, "A1:B1")
        if hidden:
            sheet.sheet_state = "hidden"
    read = read_workbook(_save(workbook), "h.xlsx", "xlsx")
    assert [t.index for t in read.grid.tables] == [1, 2]
    assert read.sheets == ["一", "二"]
    assert [t.rows[0][0].text for t in read.grid.tables] == ["一表", "二表"]


# --- numbers, dates, formulas --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (2.0, None, "2"),
        (92.5, None, "92.5"),
        (0.1 + 0.2, None, "0.3"),
        (-0.0, None, "0"),
        (1e20, None, "100000000000000000000"),
        (0.925, "0.00%", "92.50%"),
        (0.925, "0.0%", "92.5%"),
        (1, "0%", "100%"),
        (1234.5, "#,##0.00", "1,234.50"),
        (12.5, '0.00"万元"', "12.50万元"),
        (12.5, "¥#,##0.00", "¥12.50"),
        (2.345, "0.00", "2.35"),  # ROUND_HALF_UP on the decimal the cell holds
        (-3.5, "0.00;[Red]-0.00", "-3.50"),
        (-3.5, "0.00;(0.00)", "(3.50)"),
        (7.1, "0.0#", "7.1"),
        (7.125, "0.0#", "7.13"),
        (12345.678, "0.00E+00", "12345.678"),  # scientific reads as General
        (3, "@", "3"),
        (1234567.5678, '#,##0,"千元"', "1,235千元"),  # a comma after the digits divides by 1,000
        (1e20, "0.00", "100000000000000000000.00"),  # more digits than the default decimal context
    ],
)
def test_numbers_read_as_their_format_shows_them(value: float, fmt: str | None, shown: str) -> None:
    assert render_number(value, fmt) == shown


def test_numbers_dates_and_text_in_a_workbook() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    cells: list[tuple[object, str | None]] = [
        ("007", None),  # a number stored as text, as written
        ("92.5%", None),
        (2, None),
        (0.9876, "0.00%"),
        (106.2, "0.00"),
        (dt.date(2024, 5, 30), None),
        (dt.date(2024, 5, 30), 'yyyy"年"m"月"d"日"'),
        (dt.datetime(2024, 5, 30, 9, 5), "yyyy-mm-dd hh:mm"),
        (True, None),
    ]
    for c, (value, fmt) in enumerate(cells, start=1):
        cell = sheet.cell(1, c, value)
        if fmt:
            cell.number_format = fmt
        cell.border = BOX
    grid = read_xlsx(_save(workbook), "n.xlsx")
    assert [c.text for c in grid.tables[0].rows[0]] == [
        "007",
        "92.5%",
        "2",
        "98.76%",
        "106.20",
        "2024-05-30",
        "2024年5月30日",
        "2024-05-30 09:05",
        "TRUE",
    ]


def _edit_part(raw: bytes, part: str, edit: Any) -> bytes:
    """Rewrite one part of a workbook package."""
    source = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == part:
                data = edit(data)
            target.writestr(info, data)
    return out.getvalue()


def _edit_sheet(raw: bytes, edit: Any) -> bytes:
    """Rewrite the first sheet's XML of a workbook (openpyxl writes formulas without cached values)."""
    return _edit_part(raw, "xl/worksheets/sheet1.xml", edit)


def test_formulas_give_their_cached_values() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["B1"], sheet["C1"], sheet["D1"], sheet["E1"] = (
        40,
        60,
        "=A1+B1",
        "=C1/A1",
        '=UPPER("ok")',
    )
    sheet["D1"].number_format = "0.00%"
    sheet["F1"] = "=A1*3"  # never calculated: no cached value
    _box(sheet, "A1:F1")

    def cache_values(xml: bytes) -> bytes:
        xml = xml.replace(b"<f>A1+B1</f><v></v>", b"<f>A1+B1</f><v>100</v>")
        xml = xml.replace(b"<f>C1/A1</f><v></v>", b"<f>C1/A1</f><v>2.5</v>")
        xml = xml.replace(b'<f>UPPER("ok")</f><v></v>', b'<f>UPPER("ok")</f><v>OK</v>')
        return re.sub(rb'<c r="E1"([^>]*)><f>', rb'<c r="E1"\1 t="str"><f>', xml)

    raw = _edit_sheet(_save(workbook), cache_values)
    grid = read_xlsx(raw, "f.xlsx")
    assert [c.text for c in grid.tables[0].rows[0]] == ["40", "60", "100", "250.00%", "OK", ""]


# --- .xls ----------------------------------------------------------------------------------------


def _biff(record: int, body: bytes) -> bytes:
    return struct.pack("<HH", record, len(body)) + body


def _biff_string(text: str) -> bytes:
    return struct.pack("<HB", len(text), 1) + text.encode("utf-16-le")


def _xls(
    sheet_name: str,
    cells: list[tuple[int, int, str | float]],
    merges: list[tuple[int, int, int, int]],
    dimensions: tuple[int, int] | None = None,
    styles: dict[tuple[int, int], int] | None = None,
    encrypted: bool = False,
) -> bytes:
    """A minimal BIFF8 workbook (one sheet: labels, numbers, merged ranges) in an OLE container.

    Built by hand from [MS-XLS] and [MS-CFB] because nothing here writes .xls (no LibreOffice, and
    xlwt is unmaintained): just enough records for a reader -- BOF, CODEPAGE, FONT, FORMAT, the XF
    table, BOUNDSHEET, EOF; then the sheet's BOF, DIMENSIONS, LABEL/NUMBER cells, MERGEDCELLS, EOF.
    ``styles`` gives cells the XF 16 (thin borders, ``0.00%``) or 17 (thin borders, General); the
    others use XF 15 (no border, General).
    """
    bof_globals = _biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x06))
    codepage = _biff(0x0042, struct.pack("<H", 1200))
    font = _biff(
        0x0031,
        struct.pack("<HHHHHBBBB", 200, 0, 0x7FFF, 400, 0, 0, 0, 134, 0)
        + b"\x02\x01"
        + "宋体".encode("utf-16-le"),
    )
    percent = _biff(0x041E, struct.pack("<H", 164) + _biff_string("0.00%"))
    xf = b"".join(
        _biff(
            0x00E0,
            struct.pack(
                "<HHHBBBBIIH",
                0,
                164 if i == 16 else 0,
                0xFFF5 if i < 15 else 0x0001,
                0x20,
                0,
                0,
                0,
                0x1111 if i >= 16 else 0,  # thin left, right, top and bottom lines
                0,
                0x20C0,
            ),
        )
        for i in range(18)
    )
    name = struct.pack("<BB", len(sheet_name), 1) + sheet_name.encode("utf-16-le")
    boundsheet_size = 4 + 4 + 2 + len(name)
    filepass = _biff(0x002F, struct.pack("<H", 0) + b"\0" * 4) if encrypted else b""  # XOR obfuscation
    head = bof_globals + filepass + codepage + font * 5 + percent + xf
    eof = _biff(0x000A, b"")
    sheet_offset = len(head) + boundsheet_size + len(eof)
    boundsheet = _biff(0x0085, struct.pack("<IBB", sheet_offset, 0, 0) + name)
    rows = max(r for r, _, _ in cells) + 1
    cols = max(c for _, c, _ in cells) + 1
    body = _biff(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 0x06))
    rows, cols = dimensions or (rows, cols)
    body += _biff(0x0200, struct.pack("<IIHHH", 0, rows, 0, cols, 0))
    for r, c, value in cells:
        style = (styles or {}).get((r, c), 15)
        if isinstance(value, str):
            body += _biff(0x0204, struct.pack("<HHH", r, c, style) + _biff_string(value))
        else:
            body += _biff(0x0203, struct.pack("<HHHd", r, c, style, value))
    if merges:
        body += _biff(
            0x00E5, struct.pack("<H", len(merges)) + b"".join(struct.pack("<HHHH", *m) for m in merges)
        )
    body += eof
    stream = head + boundsheet + eof + body
    return _ole({"Workbook": stream})


def _ole(streams: dict[str, bytes]) -> bytes:
    """An OLE compound file (512-byte sectors, no mini stream: each stream padded to 4096 bytes)."""
    ((name, data),) = streams.items()
    data = data.ljust(max(4096, -(-len(data) // 512) * 512), b"\0")
    data_sectors = len(data) // 512
    fat = [0xFFFFFFFD]  # sector 0 holds the FAT
    fat.append(0xFFFFFFFE)  # sector 1: directory (one sector)
    first_data = 2
    fat.extend(range(first_data + 1, first_data + data_sectors))
    fat.append(0xFFFFFFFE)
    fat += [0xFFFFFFFF] * (128 - len(fat))

    def entry(entry_name: str, kind: int, start: int, size: int, child: int = 0xFFFFFFFF) -> bytes:
        encoded = (entry_name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBBIII", len(encoded), kind, 1, 0xFFFFFFFF, 0xFFFFFFFF, child)
            + b"\0" * 16
            + b"\0" * 4
            + b"\0" * 16
            + struct.pack("<IIH", start, size, 0)
            + b"\0" * 2
        )

    directory = entry("Root Entry", 5, 0xFFFFFFFE, 0, child=1) + entry(name, 2, first_data, len(data))
    directory = directory.ljust(512, b"\0")
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
        + struct.pack("<I", 0)
        + struct.pack("<108I", *([0xFFFFFFFF] * 108))
    )
    assert len(header) == 512
    return header + struct.pack("<128I", *fat) + directory + data


def test_xls_cells_numbers_and_merges() -> None:
    cells: list[tuple[int, int, str | float]] = [
        (0, 0, "2023年度项目支出绩效自评表"),
        (1, 0, "一级指标"),
        (1, 1, "指标"),
        (1, 2, "分值"),
        (2, 0, "产出指标"),
        (2, 1, "人数"),
        (2, 2, 10.0),
        (3, 1, "合格率"),
        (3, 2, 92.5),
    ]
    raw = _xls("项目", cells, [(0, 0, 0, 2), (2, 3, 0, 0)])
    grid = read_xls(raw, "a.xls")
    assert _blocks(grid) == [
        "2023年度项目支出绩效自评表",
        [
            [("一级指标", 1, 1), ("指标", 1, 1), ("分值", 1, 1)],
            [("产出指标", 2, 1), ("人数", 1, 1), ("10", 1, 1)],
            [("", 1, 1), ("合格率", 1, 1), ("92.5", 1, 1)],
        ],
    ]


def test_xls_under_an_xlsx_name_is_read_by_its_content(tmp_path: Path) -> None:
    """WPS saves .xls content under .xlsx names; the loader goes by the bytes."""
    cells: list[tuple[int, int, str | float]] = [
        (0, 0, "序号"),
        (0, 1, "区级专项资金名称"),
        (1, 0, 1.0),
        (1, 1, "就业补助"),
    ]
    path = tmp_path / "清单.xlsx"
    path.write_bytes(_xls("清单", cells, []))
    dossier = load_path(path)
    assert dossier.source == "清单.xlsx"
    assert [(row.number, row.fund) for row in dossier.fund_list] == [("1", "就业补助")]


def test_xls_borders_and_percent_formats_are_honoured() -> None:
    """As in .xlsx: the bordered block is the table, rows around it are text, a rate reads as shown."""
    cells: list[tuple[int, int, str | float]] = [
        (0, 0, "项目支出绩效自评表"),
        (1, 0, "填报单位：某局"),
        (1, 2, "单位：万元"),
        (2, 0, "项目"),
        (2, 1, "预算数"),
        (2, 2, "执行率"),
        (3, 0, "就业补助"),
        (3, 1, 100.0),
        (3, 2, 0.925),
        (5, 0, "填表人：张三"),
    ]
    styles = {(r, c): 17 for r in (2, 3) for c in range(3)} | {(3, 2): 16}
    assert _blocks(read_xls(_xls("表", cells, [(0, 0, 0, 2)], styles=styles), "b.xls")) == [
        "项目支出绩效自评表",
        "填报单位：某局  单位：万元",
        [
            [("项目", 1, 1), ("预算数", 1, 1), ("执行率", 1, 1)],
            [("就业补助", 1, 1), ("100", 1, 1), ("92.50%", 1, 1)],
        ],
        "填表人：张三",
    ]


def test_xls_with_a_lying_dimensions_record_is_read() -> None:
    """A damaged DIMENSIONS record (here 2^32-1 rows) made calamine's .xls reader abort the process
    (a Rust allocation failure, which no ``except`` catches); the .xls reader must simply read on."""
    raw = _xls("表", [(0, 0, "指标"), (0, 1, "分值")], [], dimensions=(0xFFFFFFFF, 0xFFFF))
    assert _blocks(read_xls(raw, "a.xls")) == [[[("指标", 1, 1), ("分值", 1, 1)]]]


def test_password_protected_xls_asks_for_the_password_to_be_removed() -> None:
    with pytest.raises(IngestError) as caught:
        read_xls(_xls("表", [(0, 0, "x"), (0, 1, "y")], [], encrypted=True), "密.xls")
    assert caught.value.code == "xls_encrypted"
    assert "密码" in caught.value.message


def test_damaged_xls_is_an_error_naming_the_file() -> None:
    raw = _xls("项目", [(0, 0, "x"), (0, 1, "y")], [])
    broken = raw[:1024] + b"\xff" * (len(raw) - 1024)
    with pytest.raises(IngestError) as caught:
        read_xls(broken, "坏.xls")
    assert caught.value.code == "xls_damaged"
    assert caught.value.file == "坏.xls"


# --- bad files -----------------------------------------------------------------------------------


def _code(data: bytes, limits: Limits | None = None) -> IngestError:
    with pytest.raises(IngestError) as caught:
        if limits is None:
            read_xlsx(data, "bad.xlsx")
        else:
            read_xlsx(data, "bad.xlsx", limits)
    assert caught.value.file == "bad.xlsx"
    assert re.search(r"[\u4e00-\u9fff]", caught.value.message)
    return caught.value


def test_not_a_zip_and_truncated_workbooks() -> None:
    assert _code(b"not a workbook at all").code == "xlsx_damaged"
    raw = seed_xlsx("001")
    assert _code(raw[: len(raw) // 2]).code == "xlsx_damaged"


def test_zip_without_a_workbook_part() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook><sheets><sheet")
    assert _code(out.getvalue()).code == "xlsx_damaged"


def test_damaged_sheet_xml_names_the_sheet() -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "自评表"
    workbook.active["A1"] = "x"
    raw = _edit_sheet(_save(workbook), lambda xml: xml[: len(xml) // 2])
    error = _code(raw)
    assert error.code == "xlsx_damaged"
    assert "自评表" in error.message


def test_zip_bomb_is_refused_before_inflating() -> None:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "x"
    raw = _edit_sheet(
        _save(workbook), lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + b" " * 30_000_000)
    )
    assert len(raw) < 1_000_000
    assert _code(raw).code == "archive_too_large"


def test_enormous_sheet_is_refused_before_loading() -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "大表"
    workbook.active["A1"] = "x"
    workbook.active["XFD1048576"] = "y"  # calamine would allocate 17 billion cells
    error = _code(_save(workbook))
    assert error.code == "sheet_too_large"
    assert "大表" in error.message
    small = openpyxl.Workbook()
    small.active["A1"], small.active["J100"] = "x", "y"
    assert _code(_save(small), Limits(max_table_cells=500)).code == "sheet_too_large"


@pytest.mark.parametrize(
    ("edit", "where"),
    [
        # calamine sizes its dense range from the cell references: one damaged reference aborted the process
        (lambda xml: xml.replace(b'r="B1"', b'r="B999999996"', 1), "999999996 行"),
        (lambda xml: xml.replace(b'<row r="1"', b'<row r="999999992"', 1), "999999992 行"),
        # a merged range over the whole sheet would make the block finder build a 17-billion-cell matrix
        (
            lambda xml: xml.replace(
                b"</sheetData>",
                b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
            ),
            "合并单元格过大",
        ),
    ],
)
def test_damaged_references_and_ranges_are_refused_before_they_are_allocated(edit: Any, where: str) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "坏表"
    workbook.active["A1"], workbook.active["B1"] = "x", "y"
    error = _code(_edit_sheet(_save(workbook), edit))
    assert error.code == "sheet_too_large"
    assert "坏表" in error.message and where in error.message


def test_empty_workbook_and_timeout() -> None:
    assert _code(_save(openpyxl.Workbook())).code == "workbook_empty"
    assert _code(seed_xlsx("001"), Limits(max_seconds=-1)).code == "ingest_timeout"


def test_load_path_reports_a_damaged_xlsx_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "自评表.xlsx"
    raw = seed_xlsx("001")
    path.write_bytes(raw[:-200])  # the zip directory is cut off
    with pytest.raises(IngestError) as caught:
        load_path(path)
    assert caught.value.code == "xlsx_damaged"
    assert caught.value.file == "自评表.xlsx"


def test_tables_read_from_xlsx_are_grid_tables() -> None:
    grid = read_xlsx(seed_xlsx("002"), "002.xlsx")
    assert all(isinstance(t, GridTable) and t.line is None for t in grid.tables)


# --- fuzzing: whatever the bytes, a grid or an IngestError ---------------------------------------


def _read_or_error(data: bytes) -> None:
    try:
        grid = read_xlsx(data, "fuzz.xlsx", Limits(max_table_cells=200_000, max_seconds=20))
    except IngestError as error:
        assert error.code and error.message and error.file == "fuzz.xlsx"
        return
    load_grid(grid)  # the recognisers take whatever the reader gives


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fuzzed_workbook_bytes_never_crash(data: st.DataObject) -> None:
    raw = bytearray(seed_xlsx("001"))
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(raw) - 1))
        raw[position] = data.draw(st.integers(0, 255))
    _read_or_error(bytes(raw[: data.draw(st.integers(1, len(raw)))]))


@cache
def shared_seed_001() -> bytes:
    return _shared_strings(seed_xlsx("001"))


_XML_BITS = st.sampled_from(
    [
        b"<",
        b">",
        b"/",
        b'"',
        b"=",
        b" ",
        b"r=",
        b's="',
        b"A1",
        b"XFD1048576",
        b"<c ",
        b"</c>",
        b"<v>",
        b"</v>",
        b"<mergeCell ref=",
        b"A1:ZZ9999",
        b't="s"',
        b't="e"',
        b"<f>",
        b"-1",
        b"99999999",
        b"&amp;",
        b'uniqueCount="',
        b'count="',
        b"<si><t>",
        b"</t></si>",
        b"\xff",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fuzzed_sheet_and_style_xml_never_crash(data: st.DataObject) -> None:
    """Mutations inside a well-formed package reach calamine, the style pass and the block finder."""
    part = data.draw(
        st.sampled_from(
            ["xl/worksheets/sheet2.xml", "xl/styles.xml", "xl/workbook.xml", "xl/sharedStrings.xml"]
        )
    )

    def mutate(xml: bytes) -> bytes:
        out = bytearray(xml)
        for _ in range(data.draw(st.integers(1, 6))):
            position = data.draw(st.integers(0, len(out)))
            if data.draw(st.booleans()):
                out[position:position] = data.draw(_XML_BITS)
            else:
                del out[position : position + data.draw(st.integers(1, 20))]
        return bytes(out)

    raw = _edit_part(shared_seed_001(), part, mutate)
    _read_or_error(raw)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fuzzed_xls_never_crashes(data: st.DataObject) -> None:
    cells: list[tuple[int, int, str | float]] = [(0, 0, "指标"), (0, 1, "分值"), (1, 0, "人数"), (1, 1, 10.0)]
    raw = bytearray(_xls("表", cells, [(0, 1, 0, 0)]))
    for _ in range(data.draw(st.integers(1, 6))):
        position = data.draw(st.integers(1536, len(raw) - 1))  # the workbook stream, past the container
        raw[position] = data.draw(st.integers(0, 255))
    try:
        grid = read_xls(bytes(raw), "fuzz.xls", Limits(max_table_cells=200_000, max_seconds=20))
        load_grid(grid)  # a damaged sheet may still be refused here (table_too_large), with its code
    except IngestError as error:
        assert error.code and error.file == "fuzz.xls"
        return
