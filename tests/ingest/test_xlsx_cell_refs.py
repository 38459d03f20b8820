"""Locations of values read from a workbook carry the Excel address of their cell (``Location.cell``)."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Border, Side
from tests.conftest import SEED_FILES
from tests.official import official_grid

from jixiao.ingest.loader import load_path
from jixiao.ingest.wordtext import read_word_text
from jixiao.ingest.xlsx import cell_ref, read_xlsx
from jixiao.model.dossier import Dossier, Val
from jixiao.model.grid import Grid
from jixiao.model.source import Location
from jixiao.render.docx import write_docx
from jixiao.render.xlsx import write_xlsx

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _locations(value: object) -> list[Location]:
    """Every location in a dossier (or part of one)."""
    if isinstance(value, Location):
        return [value]
    if isinstance(value, tuple):
        return [loc for item in value for loc in _locations(item)]
    fields = getattr(value, "__struct_fields__", ())
    return [loc for name in fields for loc in _locations(getattr(value, name))]


def _vals(value: object) -> list[Val]:
    """Every located value in a dossier (or part of one)."""
    if isinstance(value, Val):
        return [value]
    if isinstance(value, tuple):
        return [v for item in value for v in _vals(item)]
    fields = getattr(value, "__struct_fields__", ())
    return [v for name in fields for v in _vals(getattr(value, name))]


def _flat(text: str) -> str:
    return "".join(text.split())


def _seed_grid(key: str) -> Grid:
    return official_grid(read_word_text(SEED_FILES[key].read_text(encoding="utf-8"), f"{key}.txt"))


def test_cell_ref_names_columns_as_excel_does() -> None:
    assert [
        cell_ref(0, 0),
        cell_ref(29, 7),
        cell_ref(0, 25),
        cell_ref(4, 26),
        cell_ref(0, 701),
        cell_ref(0, 702),
    ] == [
        "A1",
        "H30",
        "Z1",
        "AA5",
        "ZZ1",
        "AAA1",
    ]


def test_seed_values_point_at_their_cell_in_the_workbook(tmp_path: Path) -> None:
    """Open the workbook at ``sheet``/``cell`` as a finance officer would: the value is there; a merged
    cell is named by its top-left address, the one holding the text."""
    path = tmp_path / "000.xlsx"
    write_xlsx(_seed_grid("000"), path)
    dossier = load_path(path)
    book = openpyxl.load_workbook(path)
    checked = merged = 0
    for val in _vals(dossier):
        if val.loc is None or val.loc.col is None or not val.text.strip():
            continue
        loc = val.loc
        assert loc.cell is not None and loc.sheet is not None, loc
        sheet = book[loc.sheet]
        cell = sheet[loc.cell]
        assert not isinstance(cell, MergedCell), loc  # never a cell covered by a merge
        value = cell.value
        if isinstance(value, (int, float)):
            # a rate is stored as the number a percent format shows (100% is 1, shown 100%)
            text = val.text.strip()
            shown = Decimal(str(value)) * 100 if text.endswith("%") else Decimal(str(value))
            assert Decimal(text.removesuffix("%")) == shown, (loc, value)
            assert text.endswith("%") == cell.number_format.endswith("%"), (loc, cell.number_format)
        else:
            assert isinstance(value, str) and _flat(val.text) in _flat(value), (loc, value)
        if any(
            (r.min_row, r.min_col) == (cell.row, cell.column) and r.size["rows"] * r.size["columns"] > 1
            for r in sheet.merged_cells.ranges
        ):
            merged += 1
        assert loc.short().endswith(f":列{loc.col}:{loc.cell}")
        checked += 1
    assert checked > 50
    assert merged > 0


def test_placeholder_under_a_vertical_merge_points_at_the_merge_and_offsets_count() -> None:
    """A table below a title, starting in column B: addresses are the sheet's, not the table's."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "项目支出绩效自评表"
    sheet["B3"], sheet["C3"], sheet["D3"] = "一级指标", "二级指标", "指标值"
    sheet["B4"], sheet["C4"], sheet["D4"] = "产出指标", "数量指标", "100人"
    sheet["C5"], sheet["D5"] = "质量指标", "合格"
    sheet.merge_cells("B4:B5")
    for row in sheet["B3:D5"]:
        for cell in row:
            cell.border = BOX
    out = io.BytesIO()
    book.save(out)
    table = read_xlsx(out.getvalue(), "t.xlsx").tables[0]
    refs = [[c.ref for c in row] for row in table.rows]
    assert refs == [["B3", "C3", "D3"], ["B4", "C4", "D4"], ["B4", "C5", "D5"]]
    assert table.rows[2][0].text == ""


def _no_cells(dossier: Dossier) -> None:
    locations = _locations(dossier)
    assert len(locations) > 20
    assert all(loc.cell is None for loc in locations)


def test_text_and_docx_locations_have_no_cell(tmp_path: Path) -> None:
    _no_cells(load_path(SEED_FILES["000"]))
    path = tmp_path / "000.docx"
    write_docx(_seed_grid("000"), path)
    _no_cells(load_path(path))
