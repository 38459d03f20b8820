"""Printed forms: amounts in 万元 and scores with two decimals, rates and indicator values as written,
nothing the unit wrote lost; Word, PDF and Excel files opened and checked as a user would."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from typing import Any

import pdfplumber
import pytest
from docx import Document
from openpyxl import load_workbook
from tests.conftest import SEED_FILES

from jixiao.ingest.loader import load_grid, load_path
from jixiao.model.dossier import Dossier, Val
from jixiao.render.docx import write_docx
from jixiao.render.figures import padded, printed_dossier
from jixiao.render.layout import layout_dossier
from jixiao.render.pdf import pdf_bytes
from jixiao.render.xlsx import write_xlsx


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ("3", "3.00"),
        ("0", "0.00"),
        ("64.8", "64.80"),
        ("993.6", "993.60"),
        ("1034.36", "1034.36"),
        ("12.345", "12.345"),  # more places than two: kept, never rounded away
        ("1,034.5", "1,034.50"),
        ("-2", "-2.00"),
        ("993.6万元", "993.6万元"),
        ("100%", "100%"),
        ("—", "—"),
        ("达标", "达标"),
        ("", ""),
    ],
)
def test_padding_rule(written: str, printed: str) -> None:
    assert padded(written) == printed


@pytest.fixture(scope="module")
def seed000() -> Dossier:
    return load_path(SEED_FILES["000"])


def _vals(dossier: Dossier) -> list[Val]:
    found: list[Val] = []

    def walk(value: Any) -> None:
        if isinstance(value, Val):
            found.append(value)
        elif isinstance(value, tuple):
            for item in value:
                walk(item)
        elif hasattr(value, "__struct_fields__"):
            for name in value.__struct_fields__:
                walk(getattr(value, name))

    walk(dossier)
    return found


def test_printed_dossier_pads_amounts_and_scores_keeps_rates_values_and_numbers(seed000: Dossier) -> None:
    printed = printed_dossier(seed000)
    overall, project = printed.evaluations[0], printed.evaluations[1]
    budget = overall.budget
    assert budget is not None
    assert [
        v.text for v in (budget.total.initial, budget.total.adjusted, budget.weight, budget.score) if v
    ] == [
        "993.60",
        "1034.36",
        "10.00",
        "10.00",
    ]
    assert budget.rate is not None and budget.rate.text == "100%"  # the form's own convention
    first = overall.indicators[0]
    assert first.weight is not None and first.weight.text == "2.00"
    assert first.target is not None and first.target.text == "6000人"  # indicator values as written
    assert overall.declared_total is not None and overall.declared_total.text == "97.00"
    assert project.budget is not None and project.budget.total.initial is not None
    assert project.budget.total.initial.text == "130.00"
    # every figure keeps its value; only texts of numbers changed, and only by trailing zeros
    before, after = _vals(seed000), _vals(printed)
    assert len(before) == len(after)
    changed = 0
    for old, new in zip(before, after, strict=True):
        assert new.num == old.num and new.unit == old.unit
        if new.text != old.text:
            changed += 1
            assert Decimal(new.text.replace(",", "")) == Decimal(old.text.replace(",", ""))
            assert new.text.startswith(old.text)
    assert changed > 50


def test_written_layout_is_unchanged_and_printed_reads_back_to_the_same_figures(seed000: Dossier) -> None:
    written = layout_dossier(seed000)
    cells = [c.text for t in written.tables for r in t.rows for c in r]
    assert "993.6" in cells and "993.60" not in cells
    back = load_grid(layout_dossier(seed000, printed=True))
    for old, new in zip(
        _vals(printed_dossier(seed000).evaluations[0]), _vals(back.evaluations[0]), strict=True
    ):
        assert (new.text, new.num) == (old.text, old.num)


def test_word_prints_two_decimals(seed000: Dossier) -> None:
    out = io.BytesIO()
    write_docx(layout_dossier(seed000, printed=True), out)
    document = Document(io.BytesIO(out.getvalue()))
    table = next(t for t in document.tables if any(c.text == "年初预算数" for r in t.rows for c in r.cells))
    texts = [cell.text for row in table.rows for cell in row.cells]
    assert "993.60" in texts and "1034.36" in texts and "97.00" in texts
    assert "993.6" not in texts and "100%" in texts


def test_pdf_prints_two_decimals(seed000: Dossier) -> None:
    data = pdf_bytes(layout_dossier(seed000, printed=True))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages[:4])
    assert "993.60" in text and "1034.36" in text and "64.80" in text and "4.70" in text
    assert not re.search(r"993\.6(?!0)|64\.8(?!0)", text)


def test_excel_amounts_scores_are_numbers_in_0_00_rates_in_percent(seed000: Dossier) -> None:
    out = io.BytesIO()
    write_xlsx(layout_dossier(seed000, printed=True), out)
    sheet = load_workbook(io.BytesIO(out.getvalue()))["2023年度预算单位整体支出绩效自评表"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    amount = next(c for c in cells if c.value == 993.6)
    assert amount.data_type == "n" and amount.number_format == "0.00"
    rate = sheet.cell(row=amount.row, column=amount.column + 4)  # 执行率 of the budget row, written 100%
    assert (rate.value, rate.number_format) == (1, "0%")
    # no figure left as text beside the numbers
    for cell in cells:
        if cell.data_type == "s":
            text = str(cell.value).replace(",", "").removeprefix("-").removesuffix("%")
            assert not text.replace(".", "", 1).isdigit(), (cell.coordinate, cell.value)
    # SUM over the 分值 column (budget block and indicators) gives the 总分 row's 分值, as in Excel
    total = next(c for c in cells if c.value == "总分")
    points = sheet.cell(row=total.row, column=total.column + 6)
    assert (points.value, points.number_format) == (100, "0.00")
    column = [sheet.cell(row=r, column=points.column) for r in range(1, total.row)]
    weights = [c for c in column if c.value is not None and c.data_type == "n"]
    assert all(c.number_format == "0.00" for c in weights) and len(weights) > 10
    assert sum(Decimal(str(c.value)) for c in weights) == Decimal(100)
