"""A 自评报告 form copied as a pipe table (``一、项目基本概况 |`` opening it, no form's header) is report text:
its cells are read one a line, as the same report copied one cell a line, so the narrative checks see its
money block (计划安排资金 / 实际到位资金 with their 其中 lines). Texts are small and synthetic."""

from __future__ import annotations

from tests.ingest.readback import PIPE_REPORT_HEAD

from jixiao.audit.run import audit_dossier
from jixiao.ingest.loader import load_text

REPORT = (
    PIPE_REPORT_HEAD
    + """计划安排资金 (万元) |
100 |
实际到位资金 (万元) |
100 |
|||||||||||
其中:中央财政 |
其中:中央财政 |
|||||||||||
省财政 |
60 |
省财政 |
60 |
|||||||||||
区财政 |
{district} |
区财政 |
40 |
|||||||||||
二、项目支出明细情况 |
|||||||||||
支出内容 |
实际支出数 |
|||||||||||
办公费 |
100 |
"""
)


def _a001(text: str) -> list[str]:
    return [f.message for f in audit_dossier(load_text(text, "t.txt")).findings if f.code == "A001"]


def test_a_report_laid_out_as_a_table_is_read_as_its_sections() -> None:
    dossier = load_text(REPORT.format(district="40"), "t.txt")
    assert dossier.unread == ()
    assert [s.heading.replace(" ", "") for s in dossier.sections][:2] == [
        "一、项目基本概况",
        "二、项目支出明细情况",
    ]
    assert _a001(REPORT.format(district="40")) == []


def test_its_money_block_parts_are_checked() -> None:
    (message,) = _a001(REPORT.format(district="50"))
    assert "计划安排资金写 100 万元" in message and "110" in message
