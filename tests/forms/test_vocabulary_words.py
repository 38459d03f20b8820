"""Header and row words real forms use, read by the generic reader: each a general synonym, each shown
on a small synthetic table (grids written here, or a run-on text in the style of a reprint)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pytest

from jixiao.audit.run import audit_dossier
from jixiao.forms.generic.reader import detect, match_column, read
from jixiao.forms.generic.vocabulary import BUDGET_COLUMNS, INDICATOR_COLUMNS, Column, core
from jixiao.ingest.loader import load_text
from jixiao.model.dossier import Dossier, Evaluation
from jixiao.model.grid import GridCell, GridTable

INDICATORS = [
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["产出指标", "数量指标", "培训人次", "100人次", "100人次", "50", "50"],
    ["效益指标", "社会效益指标", "群众满意度", "≥90%", "95%", "40", "40"],
]


def grid(*rows: list[str]) -> GridTable:
    return GridTable(index=1, rows=tuple(tuple(GridCell(text=t) for t in row) for row in rows))


def evaluation(*rows: list[str], title: str = "项目支出绩效自评表") -> Evaluation:
    found = read("t.txt", grid(*rows), title)
    assert found is not None
    return found


def figure(val: object) -> Decimal | None:
    return getattr(val, "num", None)


@pytest.mark.parametrize(
    ("words", "columns", "field"),
    [
        ("全年执行", BUDGET_COLUMNS, "executed"),
        ("全年执行资金(E)", BUDGET_COLUMNS, "executed"),
        ("全年到位资金(D)", BUDGET_COLUMNS, "received"),
        ("预算到位(D/C×100%)", BUDGET_COLUMNS, "received_rate"),
        ("预算执行(E/C×100%)", BUDGET_COLUMNS, "rate"),
        ("扣除统筹整合资金后预算金额(C)", BUDGET_COLUMNS, "net"),
        ("统筹整合资金数(B)", BUDGET_COLUMNS, "pooled"),
        ("行次", BUDGET_COLUMNS, "line"),
        ("佐证材料", BUDGET_COLUMNS, "evidence"),
        ("执行率(B/A1", BUDGET_COLUMNS, "rate"),  # its closing bracket lost (OCR)
        ("全年(调整)预算数", BUDGET_COLUMNS, "adjusted"),
        ("执行率权重", BUDGET_COLUMNS, "weight"),
        ("执行率得分", BUDGET_COLUMNS, "score"),
        ("权重占比(%)", INDICATOR_COLUMNS, "share"),
    ],
)
def test_the_words_name_their_columns(words: str, columns: Sequence[Column], field: str) -> None:
    column = match_column(words, columns)
    assert column is not None and column.field == field


def test_a_heading_named_like_a_rate_without_its_quotient_is_no_rate() -> None:
    column = match_column("预算执行(万元)", BUDGET_COLUMNS)
    assert column is None or column.field != "rate"


def test_core_drops_column_letters_left_open_but_keeps_a_lone_bracket() -> None:
    assert core("执行率(B/A1") == "执行率"
    assert core("得分(A") == "得分"
    # a bracket of words a layout cut at a space is part of a longer cell: not dropped
    assert core("执行率(全年") == "执行率全年"
    assert core("(B/A1") == "B/A1"  # nothing before it: not a header word's qualifier


def test_quannian_zhixing_is_the_executed_column() -> None:
    found = evaluation(
        ["项目名称", "演出设备更新"],
        ["项目资金(万元)", "", "年初预算数", "全年预算数", "全年执行", "分值", "执行率", "得分"],
        ["", "年度资金总额", "40", "40", "38", "10", "95%", "9.5"],
        ["", "其中:当年财政拨款", "40", "40", "38", "", "95%", ""],
        *INDICATORS,
    )
    budget = found.budget
    assert budget is not None
    assert figure(budget.total.executed) == Decimal(38)
    assert figure(budget.weight) == Decimal(10) and figure(budget.rate) == Decimal(95)
    assert figure(budget.score) == Decimal("9.5")


def test_a_budget_only_target_form_named_by_its_policy_is_read() -> None:
    # 绩效目标自评表 of a transfer payment: no 分值 or 得分 in its money block
    table = grid(
        ["政策(项目)名称", "某某补助资金"],
        ["项目主管部门", "某县某局", "资金使用单位", "某县某中心"],
        ["项目资金", "", "全年预算数", "全年执行数", "预算执行率"],
        ["", "年度资金总额:", "40", "36", "90%"],
        ["", "县级财政资金", "40", "36", "90%"],
    )
    assert detect(table)
    found = read("t.txt", table, "某某补助资金绩效目标自评表")
    assert found is not None and found.budget is not None
    assert found.name is not None and found.name.text == "某某补助资金"
    assert found.implementer is not None and found.implementer.text == "某县某中心"
    assert found.department is not None and found.department.text == "某县某局"
    assert figure(found.budget.total.adjusted) == Decimal(40)
    assert figure(found.budget.total.executed) == Decimal(36)
    assert figure(found.budget.rate) == Decimal(90)
    audit = audit_dossier(Dossier(source="t.txt", evaluations=(found,)))
    assert [f.code for f in audit.findings if f.severity == "error"] == []


def test_a_money_table_with_a_rate_and_no_head_is_no_evaluation() -> None:
    # a 决算 table's 预算数 | 执行数 | 执行率 with a 合计 line: nothing says it is a 自评表
    table = grid(
        ["项目", "", "全年预算数", "全年执行数", "执行率"],
        ["", "合计", "40", "36", "90%"],
        ["", "办公费", "40", "36", "90%"],
    )
    assert not detect(table)


def test_the_transfer_evaluation_form_reads_its_net_budget_and_skips_its_column_numbers() -> None:
    table = grid(
        [
            "资金投入情况(万元)",
            "行次",
            "全年预算数(A)",
            "统筹整合资金数(B)",
            "扣除统筹整合资金后预算金额(C)",
            "全年到位资金(D)",
            "预算到位(D/C×100%)",
            "全年执行资金(E)",
            "预算执行(E/C×100%)",
            "佐证材料",
        ],
        ["列次", "0", "1", "2", "3", "4", "5", "6", "7", "8"],
        ["年度资金总额(万元):", "1", "60.00", "10.00", "50.00", "50.00", "100.00%", "40.00", "80.00%", ""],
        [
            "其中:中央财政资金(万元)",
            "2",
            "60.00",
            "10.00",
            "50.00",
            "50.00",
            "100.00%",
            "40.00",
            "80.00%",
            "文件",
        ],
        ["其他资金(万元)", "3", "", "", "", "", "", "", "", ""],
    )
    assert detect(table)
    found = read("t.txt", table, "某某资金绩效评价表")
    assert found is not None and found.budget is not None
    budget = found.budget
    # the rates are taken on C (A less B): C is the budget, never A
    assert figure(budget.total.adjusted) == Decimal(50)
    assert figure(budget.total.executed) == Decimal(40)
    assert figure(budget.rate) == Decimal(80)
    assert "列次" not in [p.label for p in budget.parts]
    audit = audit_dossier(Dossier(source="t.txt", evaluations=(found,)))
    assert [f.code for f in audit.findings if f.severity == "error"] == []


def test_nianduzongjine_is_the_funds_total() -> None:
    found = evaluation(
        ["项目名称", "某项目"],
        ["项目资金", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "年度总金额", "20", "20", "20", "10", "100%", "10"],
        ["", "其中财政拨款", "20", "20", "20", "", "100%", ""],
        *INDICATORS,
    )
    assert found.budget is not None
    assert found.budget.total.label == "年度总金额"
    assert figure(found.budget.total.adjusted) == Decimal(20)
    assert [p.label for p in found.budget.parts] == ["其中财政拨款"]


def test_the_execution_rate_weight_and_score_columns_are_points_not_rates() -> None:
    found = evaluation(
        ["单位名称", "某局"],
        ["", "", "年初预算数", "全年(调整)预算数", "全年执行数", "执行率", "执行率权重", "执行率得分"],
        ["", "年度总金额", "100", "80", "64", "80%", "10", "8"],
        *INDICATORS,
    )
    budget = found.budget
    assert budget is not None
    assert figure(budget.total.initial) == Decimal(100) and figure(budget.total.adjusted) == Decimal(80)
    assert figure(budget.rate) == Decimal(80)
    assert figure(budget.weight) == Decimal(10) and figure(budget.score) == Decimal(8)


def test_the_goal_words_yearly_expected_and_concrete_completion() -> None:
    found = evaluation(
        ["项目名称", "高龄津贴"],
        ["项目资金", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "年度资金总额", "6", "6", "6", "10", "100%", "10"],
        ["年度预期目标", "具体完成情况"],
        ["按时发放补贴", "已按时发放"],
        *INDICATORS,
    )
    assert found.goal is not None
    assert [v.text for v in found.goal.expected] == ["按时发放补贴"]
    assert [v.text for v in found.goal.achieved] == ["已按时发放"]


def _share_rows(score: str) -> list[list[str]]:
    return [
        ["项目名称", "高龄津贴"],
        ["项目资金", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "年度资金总额", "6", "6", "6", "10", "100%", "10"],
        ["一级指标", "二级指标", "三级指标", "指标分值", "年度指标值", "单项指标得分", "权重占比(%)"],
        ["产出指标", "数量指标", "补贴发放率", "", "≥95%", score, "90.00"],
    ]


def test_a_share_of_the_hundred_points_is_the_weight_where_the_points_cell_is_blank() -> None:
    found = evaluation(*_share_rows("88.00"))
    assert [(figure(i.weight), figure(i.score)) for i in found.indicators] == [
        (Decimal("90.00"), Decimal("88.00"))
    ]


def test_a_share_is_no_weight_for_a_score_on_a_scale_of_its_own() -> None:
    found = evaluation(*_share_rows("100"))  # 100 of a 90-point share: the score is on a 100 scale
    assert [figure(i.weight) for i in found.indicators] == [None]


# A reprint whose cells run together (document-sharing sites, OCR'd pages).
RUNON = (
    "某县2021年度项目支出绩效自评表项目名称某某补助主管部门某县某局实施单位某县某中心"
    "预算执行情况 (万元) (20 分)预算数(A)执行数(B)执行率(B/A1得分(20分*执行率)"
    "年度资金总额50045090%18\n"
)


def test_a_runon_header_with_a_lost_closing_bracket_is_read() -> None:
    dossier = load_text(RUNON, "t.txt")
    (found,) = dossier.evaluations
    assert found.budget is not None
    assert figure(found.budget.total.adjusted) == Decimal(500)
    assert figure(found.budget.total.executed) == Decimal(450)
    assert figure(found.budget.rate) == Decimal(90) and figure(found.budget.score) == Decimal(18)


def test_a_runon_text_cuts_a_bracketed_word_whole_and_the_national_header_in_three() -> None:
    from jixiao.ingest.textlayout.runon import _runon_tokens

    cut = [t.text for t in _runon_tokens("年初预算数全年(调整)预算数全年执行数执行率", 1)]
    assert cut == ["年初预算数", "全年(调整)预算数", "全年执行数", "执行率"]
    cut = [t.text for t in _runon_tokens("年初预算数全年预算数全年执行数分值执行率得分", 1)]
    assert cut[-3:] == ["分值", "执行率", "得分"]
