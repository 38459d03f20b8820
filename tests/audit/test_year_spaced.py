"""The evaluated year of a 自评报告 whose head names no 年度: the 项目起止时间 period within one year, written
with spaces inside (``2016 年 1 月起至 2016 年 12 月止``), in traditional characters, or in a table cell;
P002 and P008 then check the dates against it instead of saying 无法核对. Texts are small and synthetic."""

from __future__ import annotations

from tests.ingest.readback import PIPE_REPORT_HEAD

from jixiao.audit.run import audit_dossier
from jixiao.ingest.loader import load_text

SPACED = """某县财政支出项目绩效评价自评报告

项目名称    示例专项

项目单位    某县某局

报告日期:  2022 年  7 月  8 日

一、项 目 基 本 概 况

项目起止时间

2021年   1    月起至     2021    年    12   月止

计划安排资金

(万元)

55
"""

TRADITIONAL = """某縣財政支出項目績效評價自評報告

項目名稱    示例專項

報告日期:  2022 年  7 月  8 日

一、項 目 基 本 概 況

項目起止時間

2021 年 1 月起至 2021 年 12 月止
"""

ACROSS_YEARS = SPACED.replace("2021    年    12", "2023    年    12")

PIPE = (
    PIPE_REPORT_HEAD
    + """项目起止时间 |
2016 年 1 月起至 2016 年 12 月止 |
|||||||||||
计划安排资金 (万元) |
100 |
实际支出 (万元) |
90 |
"""
)


def _codes_could_not_check(text: str) -> set[str]:
    audit = audit_dossier(load_text(text, "t.txt"))
    return {f.code for f in audit.findings if f.outcome != "finding"}


def test_a_spaced_period_within_one_year_is_the_evaluated_year() -> None:
    assert load_text(SPACED, "t.txt").year == 2021
    assert not {"P002", "P008"} & _codes_could_not_check(SPACED)


def test_a_traditional_head_is_read_the_same() -> None:
    dossier = load_text(TRADITIONAL, "t.txt")
    assert dossier.year == 2021
    assert dossier.report_date is not None and "2022" in dossier.report_date.text


def test_a_period_across_years_names_no_year() -> None:
    assert load_text(ACROSS_YEARS, "t.txt").year is None
    assert {"P002", "P008"} <= _codes_could_not_check(ACROSS_YEARS)


def test_a_period_in_a_table_cell_is_read() -> None:
    assert load_text(PIPE, "t.txt").year == 2016


def test_a_title_with_a_spaced_year_word_names_the_year() -> None:
    text = "某区 2016 年 度项目支出绩效自评报告\n\n项目名称    示例专项\n\n报告日期:2017年5月8日\n"
    assert load_text(text, "t.txt").year == 2016
