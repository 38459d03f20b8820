"""A budget block written on its header's line as labelled pairs (``预算执行情况 | 预算数: | 2.38 |
执行数: | 2.38 | 20``) and a 自评得分 written in the head rows above its figure: the generic reader reads
the block's total from the pairs and the table's score from the head. Forms written here, small and
synthetic."""

from __future__ import annotations

from decimal import Decimal

from jixiao.audit.run import audit_dossier
from jixiao.forms.generic.reader import read
from jixiao.model.dossier import Dossier, Evaluation
from jixiao.model.grid import GridCell, GridTable


def table(budget_row: list[str], head: list[list[str]] | None = None) -> GridTable:
    rows = [
        *(
            head
            or [
                ["专项名称", "农田水利补助资金"],
                ["中央主管部门", "水利部", "自评得分"],
                ["省级财政部门", "某省财政厅"],
                ["省级主管部门", "某省水利厅", "92"],
            ]
        ),
        budget_row,
        ["其中:中央补助", "8.00 万元", "其中:中央补助", "7.60万元"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "新建渠道长度", "10公里", "10公里", "40", "40"],
        ["效益指标", "社会效益指标", "受益农户数", "500户", "450户", "40", "32"],
    ]
    return GridTable(index=1, rows=tuple(tuple(GridCell(text=t) for t in row) for row in rows))


def evaluation(budget_row: list[str], head: list[list[str]] | None = None) -> Evaluation:
    found = read("t.txt", table(budget_row, head), "区域绩效目标自评表")
    assert found is not None
    return found


def test_the_labelled_pairs_are_the_block_total() -> None:
    budget = evaluation(["预算执行情况", "预算数:", "8.00", "执行数:", "7.60", "20"]).budget
    assert budget is not None
    assert budget.total.adjusted is not None and budget.total.adjusted.num == Decimal("8.00")
    assert budget.total.executed is not None and budget.total.executed.num == Decimal("7.60")
    assert (
        budget.total.executed.loc is not None and budget.total.executed.loc.col == 5
    )  # 1-based: the cell after 执行数:
    assert budget.total.initial is None
    # the trailing figure is the block's 得分; no 分值 is written beside it, and none is read
    assert budget.score is not None and budget.score.num == Decimal(20)
    assert budget.weight is None


def test_pairs_without_colons_or_with_text_after_them_are_not_read_as_pairs() -> None:
    for row in (
        ["预算执行情况", "预算数", "8.00", "执行数", "7.60", "20"],  # a header with figures under it
        ["预算执行情况", "预算数:", "8.00", "执行数:", "7.60", "20", "良好"],
        ["预算执行情况", "预算数:", "8.00", "执行数:", "七点六"],
    ):
        budget = evaluation(row).budget
        assert budget is None or budget.total.executed is None or budget.total.executed.num != Decimal("7.60")


SCORED_BUDGET = [
    ["项目资金(万元)", "预算数", "执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "8.00", "8.00", "20", "100%", "20"],
]


def scored_table(head: list[list[str]]) -> GridTable:
    rows = [
        *head,
        *SCORED_BUDGET,
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "新建渠道长度", "10公里", "10公里", "40", "40"],
        ["效益指标", "社会效益指标", "受益农户数", "500户", "450户", "40", "32"],
    ]
    return GridTable(index=1, rows=tuple(tuple(GridCell(text=t) for t in row) for row in rows))


HEAD = [
    ["项目名称", "农田水利补助资金"],
    ["主管部门", "水利部", "自评得分"],
    ["实施单位", "某县水利局"],
    ["项目负责人", "张三", "92"],
]


def test_the_head_score_under_its_label_is_the_total() -> None:
    found = read("t.txt", scored_table(HEAD), "项目支出绩效自评表")
    assert found is not None and found.declared_total is not None
    assert found.declared_total.num == Decimal(92)
    assert found.declared_points is None
    audit = audit_dossier(Dossier(source="t.txt", evaluations=(found,)))
    assert not [f for f in audit.findings if f.severity == "error" and f.code == "A006"]  # 20 + 40 + 32


def test_a_head_label_with_text_under_it_gives_no_total() -> None:
    for last in (["项目负责人", "张三", "见附件"], ["项目负责人", "张三", "92", "备注"]):
        found = read("t.txt", scored_table([*HEAD[:3], last]), "项目支出绩效自评表")
        assert found is not None and found.declared_total is None


def test_the_head_total_once_the_pairs_block_score_is_read() -> None:
    # the 自评得分 sums the blocks' scores: 20 (the pairs' block) + 40 + 32 = 92
    found = evaluation(["预算执行情况", "预算数:", "8.00", "执行数:", "7.60", "20"])
    assert found.declared_total is not None and found.declared_total.num == Decimal(92)


def test_no_head_total_while_a_block_score_is_unread() -> None:
    # no figure after the pairs: the block's score is unread, so the 自评得分 (the blocks' sum) is not
    # either: compared with the indicators' scores alone it would be a false A006
    found = evaluation(["预算执行情况", "预算数:", "8.00", "执行数:", "7.60"])
    assert found.budget is not None and found.budget.score is None
    assert found.declared_total is None


def test_the_pairs_raise_no_error_on_a_clean_form() -> None:
    found = evaluation(["预算执行情况", "预算数:", "8.00", "执行数:", "7.60", "20"])
    audit = audit_dossier(Dossier(source="t.txt", evaluations=(found,)))
    assert not [f for f in audit.findings if f.severity == "error"]
