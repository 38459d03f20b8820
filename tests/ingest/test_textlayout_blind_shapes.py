"""Shapes of pages the readers met in documents keyed before anyone read them: an open-information
page whose metadata table holds the whole evaluation form run together in one summary cell (the
table after it cut before its budget block), in simplified or in traditional characters glossed with
pinyin; and a budget row's figures run together ending ``…100%``, which can always be cut as a 执行数
of 0 at 0% as well. Each from a small synthetic text of the forms' shapes (written here, not copied
from the corpus), with its counterpart that must read as before.
"""

from __future__ import annotations

from decimal import Decimal

from tests.ingest.readback import num, only

from jixiao.ingest.loader import load_text
from jixiao.ingest.textlayout import ColumnKind, Token, detect_layout
from jixiao.ingest.textlayout.runs import _split_run
from jixiao.model.dossier import Evaluation

THREE: list[ColumnKind] = ["amount", "amount", "rate"]


def _total(evaluation: Evaluation) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    budget = evaluation.budget
    assert budget is not None
    return num(budget.total.adjusted), num(budget.total.executed), num(budget.rate)


def _cut(run: str, kinds: list[ColumnKind]) -> list[str] | None:
    cells = _split_run(Token(run, 1), kinds)
    return None if cells is None else [t.text for t in cells]


# --------------------------------------------------------------------------- the form in a summary cell

_FORM = (
    "某市转移支付区域(项目)绩效目标自评表(2023年度)转移支付(项目)名称乡村道路养护补助中央主管部门交通运输部"
    "地方主管部门省交通运输厅资金使用单位某市交通运输局资金投入情况(万元)全年预算数(A)全年执行数(B)"
    "预算执行率(B/A×100%)年度资金总额:250200.580.2%其中:中央财政资金200150.575.25%地方资金5050100%"
    "其他资金资金管理情况情况说明存在问题和改进措施分配科学性分配科学无下达及时性下达及时无"
)


def _page(summary: str, after: list[str]) -> str:
    head = [
        "索引号 | 11340000/202404-00001 | 组配分类 | 部门项目 |",
        "发布机构 | 某市交通运输局 | 发文日期 | 2024-04-15 |",
        "发布文号 | 无 | 关键词 | 部门项目 |",
        "信息来源 | 某市交通运输局 | 主题导航 | 交通 |",
        f"信息名称 | 2023年乡村道路养护补助绩效目标自评表 | 内容概述 | {summary} |",
    ]
    return "\n".join([*head, *after]) + "\n"


_CUT_TABLE = [
    "某市转移支付区域(项目)绩效目标自评表 | |||||||",
    "(2023年度) | |||||||",
    "转移支付(项目)名称 | 乡村道路养护补助 | ||||||",
    "中央主管部门 | 交通运输部 | ||||||",
]


def test_a_form_run_together_in_a_pages_summary_cell_is_read() -> None:
    # the page's own table stops before its budget block: the summary cell is the only reading of it
    text = _page(_FORM, _CUT_TABLE)
    assert detect_layout(text) == "pipe"
    # 200.5 ÷ 250 = 80.2%: the one cut of 250200.580.2% that agrees
    evaluation = only(text)
    assert _total(evaluation) == (Decimal("250"), Decimal("200.5"), Decimal("80.2"))
    # the labels the transfer form writes: 转移支付(项目)名称, 中央主管部门 / 地方主管部门
    assert evaluation.name is not None and evaluation.name.text == "乡村道路养护补助"
    assert evaluation.department is not None and evaluation.department.text == "交通运输部"


def test_the_summary_cell_of_a_reprint_in_traditional_characters_is_read() -> None:
    glossed = (
        _FORM.replace("项目", "項(xiàng)目")
        .replace("预算", "預(yù)算")
        .replace("执行", "執(zhí)行")
        .replace("资金", "資金")
        .replace("总额", "總額")
        .replace("绩效", "績效")
    )
    text = _page(glossed, [])
    assert _total(only(text)) == (Decimal("250"), Decimal("200.5"), Decimal("80.2"))


def test_a_page_whose_table_holds_its_budget_block_is_read_from_its_rows_only() -> None:
    # the pipe rows hold the budget header: the summary cell adds no second reading of the form
    rows = [
        *_CUT_TABLE,
        "资金投入情况(万元) | 全年预算数(A) | 全年执行数(B) | 预算执行率(B/A×100%) |",
        "年度资金总额: | 250 | 200.5 | 80.2% |",
        "其中:中央财政资金 | 200 | 150.5 | 75.25% |",
        "地方资金 | 50 | 50 | 100% |",
    ]
    evaluation = only(_page(_FORM, rows))
    assert _total(evaluation) == (Decimal("250"), Decimal("200.5"), Decimal("80.2"))
    assert evaluation.name is not None and evaluation.name.text == "乡村道路养护补助"


def test_a_summary_cell_without_a_budget_header_is_no_table() -> None:
    text = _page("本表为2023年度乡村道路养护补助绩效目标自评表,详见附件。", _CUT_TABLE)
    assert load_text(text, "页.txt").evaluations == ()


# --------------------------------------------------------------------------- a run ending in 100%


def test_a_run_ending_in_100_percent_is_cut_where_the_rate_checks_the_amounts() -> None:
    # 390 | 390 | 100%; the cut 3903901 | 0 | 0% agrees too, but a 0% rate checks no amount
    assert _cut("390390100%", THREE) == ["390", "390", "100%"]
    assert _cut("4646100%", THREE) == ["46", "46", "100%"]


def test_a_run_whose_only_agreeing_cut_is_zero_percent_is_still_read() -> None:
    # nothing spent: 102 | 0 | 0% is the one cut
    assert _cut("10200%", THREE) == ["102", "0", "0%"]


def test_two_cuts_that_check_the_amounts_leave_the_run_unread() -> None:
    # 11 | 11 | 100% and 1 | 11 | 1100% both agree: no single reading, whatever 0% cut there is too
    assert _cut("1111100%", THREE) is None


def test_the_transfer_forms_labels_name_the_project_in_a_pipe_table() -> None:
    # 转移支付(项目)名称 names the project, 中央主管部门 the department: the unscored form is an evaluation
    text = "\n".join(
        [
            "转移支付(项目)名称 | 乡村道路养护补助 | | |",
            "中央主管部门 | 交通运输部 | 地方主管部门 | 省交通运输厅 |",
            "资金投入情况(万元) | 全年预算数(A) | 全年执行数(B) | 预算执行率(B/A×100%) |",
            "年度资金总额: | 250 | 200.5 | 80.2% |",
            "其中:中央财政资金 | 200 | 150.5 | 75.25% |",
            "地方资金 | 50 | 50 | 100% |",
        ]
    )
    evaluation = only(text)
    assert evaluation.name is not None and evaluation.name.text == "乡村道路养护补助"
    assert evaluation.department is not None and evaluation.department.text == "交通运输部"
    assert _total(evaluation) == (Decimal("250"), Decimal("200.5"), Decimal("80.2"))
