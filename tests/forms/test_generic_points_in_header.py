"""The execution 分值 written in the budget block's 得分 header (``得分(20分*执行率)``), for a block with
no 分值 column: the generic reader reads it as the execution weight, and the table then scores without
a false S001. Forms written here, small and synthetic."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.audit.run import audit_dossier
from jixiao.forms.generic.reader import read
from jixiao.model.dossier import Dossier, Evaluation
from jixiao.model.grid import GridCell, GridTable


def form(heading: str, score_header: str, executed: str, score: str) -> Evaluation:
    rows = [
        ["项目名称", "服务贸易发展资金"],
        [heading, "预算数(A)", "执行数(B)", "执行率(B/A)", score_header],
        ["年度财政资金总额", "200.00", executed, f"{Decimal(executed) / 2:.2f}%", score],
        ["一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)", "分值", "得分"],
        ["产出指标", "数量指标", "支持企业数量", "3", "3", "40", "40"],
        ["效益指标", "社会效益指标", "推动企业走出去", "有利于", "有利于", "40", "40"],
        ["总分", "", "", "", "", "100", f"{Decimal(score) + 80}"],
    ]
    table = GridTable(index=1, rows=tuple(tuple(GridCell(text=t) for t in row) for row in rows))
    evaluation = read("t.txt", table, "项目支出绩效自评表")
    assert evaluation is not None and evaluation.budget is not None
    return evaluation


@pytest.mark.parametrize(
    "score_header",
    ["得分(20分*执行率)", "得分 (20 分*执行率)", "得分（20分×执行率）", "得分(满分20分)"],
)
def test_the_points_in_the_score_header_are_the_execution_weight(score_header: str) -> None:
    budget = form("预算执行情况(万元)", score_header, "190.00", "19").budget
    assert budget is not None and budget.weight is not None
    assert budget.weight.num == Decimal(20)
    assert budget.weight.loc is not None and budget.weight.loc.col == 5  # the 得分 header's cell


def test_the_heading_points_come_first_and_a_header_without_points_gives_none() -> None:
    budget = form("预算执行情况(万元)(20分)", "得分", "190.00", "19").budget
    assert budget is not None and budget.weight is not None and budget.weight.num == Decimal(20)
    assert budget.weight.loc is not None and budget.weight.loc.col == 1
    for header in ("得分", "得分（分值×执行率）"):
        budget = form("预算执行情况(万元)", header, "190.00", "19").budget
        assert budget is not None and budget.weight is None


def s001(evaluation: Evaluation) -> list[tuple[str, str]]:
    audit = audit_dossier(Dossier(source="t.txt", evaluations=(evaluation,)))
    return [(f.severity, f.outcome) for f in audit.findings if f.code == "S001"]


def test_a_score_the_stated_points_give_is_not_an_s001_error() -> None:
    # 20 × 95% = 19: right under the header's 20 points (under a 10-point default it would be wrong)
    assert ("error", "finding") not in s001(form("预算执行情况(万元)", "得分(20分*执行率)", "190.00", "19"))


def test_a_score_the_stated_points_do_not_give_is_an_s001_error() -> None:
    # 9.5 is 10 × 95%, not 20 × 95%
    assert ("error", "finding") in s001(form("预算执行情况(万元)", "得分(20分*执行率)", "190.00", "9.5"))
