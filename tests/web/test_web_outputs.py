"""Outputs a finance bureau downloads (issue #13): the forms with amounts and scores as numbers (Excel)
and with two decimals (Word), the settled (复核) scores beside them, the report draft per dossier, and
the year's summary table. Every file is opened as a user would open it."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from tests.web.conftest import World
from tests.web.test_web_review_scores import OPEN, _settle, _submit


@pytest.fixture(autouse=True)
def _exports_dir(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path


def _body(response: Any) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def _settle_all(world: World) -> Any:
    record: Any = world.records["own"]
    _submit(world, record)
    for path, (_, high) in OPEN.items():
        _settle(world.client("dept"), record, path, high, "佐证齐全")
    return record


def _cells(sheet: Any) -> list[Any]:
    return [c for row in sheet.iter_rows() for c in row if c.value is not None]


@pytest.mark.django_db
def test_excel_export_writes_figures_as_numbers_and_the_settled_scores(world: World) -> None:
    record: Any = world.records["own"]
    client = world.client("filler")
    before = load_workbook(io.BytesIO(_body(client.get(f"/dossiers/{record.pk}/export/xlsx/"))))
    form = before["2023年度预算单位整体支出绩效自评表"]
    cells = _cells(form)
    amount = next(c for c in cells if c.value == 993.6)  # written 993.6 万元
    assert amount.data_type == "n" and amount.number_format == "0.00"
    total = next(c for c in cells if c.value == "总分")
    points = form.cell(row=total.row, column=total.column + 6)
    declared = form.cell(row=total.row, column=total.column + 7)
    assert (points.value, points.number_format) == (100, "0.00")
    assert (declared.value, declared.number_format) == (97, "0.00")
    for cell in cells:  # no figure left as text: SUM in Excel/WPS counts every one
        if cell.data_type == "s":
            bare = str(cell.value).replace(",", "").removeprefix("-").removesuffix("%")
            assert not bare.replace(".", "", 1).isdigit(), (cell.coordinate, cell.value)
    assert not any("复核" in name for name in before.sheetnames)

    _settle_all(world)
    after = load_workbook(
        io.BytesIO(_body(world.client("bureau").get(f"/dossiers/{record.pk}/export/xlsx/")))
    )
    review = after["2023年度复核评分表"]
    rows = [[c.value for c in row] for row in review.iter_rows()]
    rows = rows[next(i for i, r in enumerate(rows) if r[0] == "序号") :]
    assert rows[0][:5] == ["序号", "指标", "分值", "自评得分", "复核得分"]
    settled = rows[1 : 1 + len(OPEN)]
    assert [r[4] for r in settled] == [float(Decimal(high)) for _, high in OPEN.values()]
    assert all(r[6] == "佐证齐全" and r[7] == "dept" for r in settled)
    first = review.max_row - len(rows) + 2
    formats = {
        c.number_format for row in review.iter_rows(min_row=first) for c in row[2:5] if c.value is not None
    }
    assert formats == {"0.00"}
    total_row = next(r for r in rows if str(r[0]).endswith("复核后总分"))
    assert total_row[4] == 99.1
    # the unit's form is printed as declared: its 自评得分 are not replaced by the settled ones
    form = after["2023年度预算单位整体支出绩效自评表"]
    assert any(c.value == "总分" for c in _cells(form))


@pytest.mark.django_db
def test_word_export_prints_amounts_and_scores_with_two_decimals(world: World) -> None:
    record: Any = world.records["own"]
    document = Document(io.BytesIO(_body(world.client("filler").get(f"/dossiers/{record.pk}/export/docx/"))))
    texts = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {"993.60", "1034.36", "97.00", "100.00", "2.00"} <= texts
    assert "993.6" not in texts and "100%" in texts  # rates keep the form's own convention


@pytest.mark.django_db
def test_the_report_draft_downloads_as_word_with_the_settled_total(world: World) -> None:
    record: Any = world.records["own"]
    url = f"/dossiers/{record.pk}/narrative/"
    response = world.client("filler").get(url)
    assert response["Content-Disposition"].startswith("attachment")
    text = "\n".join(p.text for p in Document(io.BytesIO(_body(response))).paragraphs)
    assert "【待填写" in text and "附件：绩效自评表" in text
    assert "按评分规则复核为87.10至99.10分" in text
    assert world.client("sibling_filler").get(url).status_code == 404
    assert world.client("other_dept").get(url).status_code == 404

    _settle_all(world)
    settled = Document(io.BytesIO(_body(world.client("dept").get(url))))
    text = "\n".join(p.text for p in settled.paragraphs)
    assert "经复核评定为99.10分" in text and "87.10至99.10" not in text


@pytest.mark.django_db
def test_the_years_summary_table_has_one_row_per_dossier_with_numbers(world: World) -> None:
    _settle_all(world)
    response = world.client("bureau").get("/summary/?year=2023")
    sheet = load_workbook(io.BytesIO(_body(response))).active
    header = [c.value for c in sheet[3]]
    assert header[:10] == [
        "序号",
        "预算单位",
        "主管部门",
        "类型",
        "项目（资金）",
        "状态",
        "年初预算数（万元）",
        "全年预算数（万元）",
        "全年执行数（万元）",
        "执行率",
    ]
    rows = {sheet.cell(row=r, column=2).value: sheet[r] for r in range(4, sheet.max_row + 1)}
    own = rows["人社局本级"]
    values = {header[i]: own[i] for i in range(len(header))}
    assert values["主管部门"].value == "人社部门" and values["项目（资金）"].value == "整体支出"
    for name, expected in (
        ("年初预算数（万元）", 993.6),
        ("全年预算数（万元）", 1034.36),
        ("全年执行数（万元）", 1034.36),
    ):
        assert (values[name].value, values[name].number_format) == (expected, "0.00"), name
    assert (values["执行率"].value, values["执行率"].number_format) == (1, "0.00%")
    assert (values["填报总分"].value, values["填报总分"].number_format) == (97, "0.00")
    assert values["计算总分"].value == "87.10–99.10"  # the rules leave a range: text, not a number
    assert (values["复核总分"].value, values["复核总分"].number_format) == (99.1, "0.00")
    assert values["复核人"].value == "dept"
    assert values["未解决错误"].data_type == "n" and values["未解决错误"].number_format == "0"
    sibling = {header[i]: rows["就业服务中心"][i] for i in range(len(header))}
    assert sibling["复核总分"].value is None and sibling["填报总分"].data_type == "n"
    total = sheet[sheet.max_row]
    assert [total[0].value, total[1].value] == ["合计", "2 份档案"]
    expected = Decimal("993.6") + Decimal(str(sibling["年初预算数（万元）"].value or 0))
    assert Decimal(str(total[6].value)) == expected and total[6].number_format == "0.00"
    # scope: a department reviewer sees its department; a unit's user may not download it
    assert set(rows) == {"人社局本级", "就业服务中心", "2 份档案"}
    other = load_workbook(io.BytesIO(_body(world.client("other_dept").get("/summary/?year=2023")))).active
    assert [other.cell(row=r, column=1).value for r in range(4, other.max_row + 1)] == ["合计"]
    assert world.client("filler").get("/summary/?year=2023").status_code == 403


@pytest.mark.django_db
def test_overview_and_dossier_pages_link_the_downloads(world: World) -> None:
    record: Any = world.records["own"]
    assert "/summary/?year=2023" in world.client("bureau").get("/review/?year=2023").content.decode()
    page = world.client("filler").get(f"/dossiers/{record.pk}/").content.decode()
    assert f"/dossiers/{record.pk}/narrative/" in page
