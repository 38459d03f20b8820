"""A 年度目标 block that scores itself (the 区域 form: ``年度目标完成情况 | 预期目标 | 目标实际完成情况 |
20``) and the table's total: the goal's 得分 is read into ``Goal.score``, the head 自评得分 is read
beside it, and the score and audit count the goal's score in the sum the total is held to (A006, S003),
while W002 cannot hold the 分值 to the 总分 when the goal's 分值 is written nowhere. Forms written here,
small and synthetic, in the shapes the forms print.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.audit.run import audit_dossier
from jixiao.forms.generic.reader import read
from jixiao.model.dossier import Dossier, Evaluation
from jixiao.model.grid import GridCell, GridTable
from jixiao.score.scorer import score_dossier


def grid(rows: list[list[str]]) -> GridTable:
    return GridTable(index=1, rows=tuple(tuple(GridCell(text=t) for t in row) for row in rows))


def head(total: str) -> list[list[str]]:
    return [
        ["专项名称", "小型水库维修补助资金"],
        ["中央主管部门", "水利部", "自评得分"],
        ["省级财政部门", "某省财政厅"],
        ["省级主管部门", "某省水利厅", total],
        ["预算执行情况", "预算数:", "12.00", "执行数:", "12.00", "20"],
    ]


GOAL = [
    ["年度目标完成情况", "预期目标", "目标实际完成情况", "20"],
    ["", "目标1:维修水库3座", "目标1:已维修3座"],
]
# the text layout that puts one cell a line runs the header's second label onto the next row
GOAL_RUN_ON = [
    ["年度目标完成情况", "预期目标"],
    ["", "目标实际完成情况", "20", "目标1:维修水库3座", "目标1:已维修3座"],
]
INDICATORS = [
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["产出指标", "数量指标", "维修水库数量", "3座", "3座", "30", "30"],
    ["效益指标", "社会效益指标", "受益人口", "2000人", "2000人", "30", "30"],
]


def area(total: str, goal: list[list[str]]) -> Evaluation:
    found = read("t.txt", grid([*head(total), *goal, *INDICATORS]), "区域绩效目标自评表")
    assert found is not None
    return found


def findings(evaluation: Evaluation, code: str) -> list[tuple[str, str]]:
    audit = audit_dossier(Dossier(source="t.txt", evaluations=(evaluation,)))
    return [(f.severity, f.outcome) for f in audit.findings if f.code == code]


def errors(evaluation: Evaluation) -> list[str]:
    audit = audit_dossier(Dossier(source="t.txt", evaluations=(evaluation,)))
    return [f.code for f in audit.findings if f.severity == "error"]


def test_the_goal_blocks_score_is_read_and_is_no_goal_item() -> None:
    found = area("100", GOAL)
    assert found.goal is not None and found.goal.score is not None
    assert found.goal.score.num == Decimal(20)
    assert [v.text for v in found.goal.expected] == ["目标1:维修水库3座"]
    assert [v.text for v in found.goal.achieved] == ["目标1:已维修3座"]


def test_a_header_label_run_onto_the_value_row_is_no_goal_item() -> None:
    found = area("100", GOAL_RUN_ON)
    assert found.goal is not None and found.goal.score is not None and found.goal.score.num == 20
    assert [v.text for v in found.goal.expected] == ["目标1:维修水库3座"]
    assert [v.text for v in found.goal.achieved] == ["目标1:已维修3座"]


def test_the_head_total_is_read_beside_a_scored_goal() -> None:
    for goal in (GOAL, GOAL_RUN_ON):
        found = area("100", goal)
        assert found.declared_total is not None and found.declared_total.num == 100


def test_a_total_that_counts_the_goals_score_is_no_error() -> None:
    found = area("100", GOAL)  # 20 execution + 20 goal + 30 + 30
    assert findings(found, "A006") == []
    assert errors(found) == []
    (table,) = score_dossier(Dossier(source="t.txt", evaluations=(found,))).tables
    assert table.goal_declared == Decimal(20)


def test_a_total_off_the_blocks_scores_goal_included_is_an_error() -> None:
    found = area("90", GOAL)  # the blocks add up to 100
    audit = audit_dossier(Dossier(source="t.txt", evaluations=(found,)))
    a006 = [f for f in audit.findings if f.code == "A006"]
    assert [f.severity for f in a006] == ["error"]
    assert "100" in a006[0].message


def test_a_goal_without_a_score_reads_as_before() -> None:
    goal = [["年度总体目标", "预期目标", "实际完成情况"], ["", "维修水库3座", "已维修3座"]]
    found = area("80", goal)  # 20 + 30 + 30
    assert found.goal is not None and found.goal.score is None
    assert found.declared_total is not None and found.declared_total.num == 80
    assert errors(found) == []


def test_the_recomputed_total_counts_the_goals_score_as_written() -> None:
    rows = [
        ["项目名称", "小型水库维修补助资金"],
        ["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "12", "12", "12", "10", "100%", "10"],
        ["年度目标完成情况", "预期目标", "目标实际完成情况", "20"],
        ["", "目标1:维修水库3座", "目标1:已维修3座"],
        INDICATORS[0],
        ["产出指标", "数量指标", "维修水库数量", "3座", "3座", "35", "35"],
        ["效益指标", "社会效益指标", "受益人口", "2000人", "2000人", "35", "35"],
        ["总分", "", "", "", "", "100", "100"],
    ]
    found = read("t.txt", grid(rows), "项目支出绩效自评表")
    assert found is not None and found.goal is not None and found.goal.score is not None
    assert found.declared_total is not None and found.declared_total.num == 100
    (table,) = score_dossier(Dossier(source="t.txt", evaluations=(found,))).tables
    assert table.computed_total == Decimal(100)  # 10 + 35 + 35 recomputed, the goal's 20 as written
    assert findings(found, "A006") == [] and findings(found, "S003") == []
    # the 分值 add up to 80 with the goal's 分值 written nowhere: W002 cannot check, it does not err
    assert findings(found, "W002") == [("info", "could_not_check")]
    assert errors(found) == []


def test_a_rate_under_the_goals_header_is_no_score() -> None:
    # ``总体完成率(%)`` over ``100.00`` on the items' row: the goal's completion rate, not its 得分
    rated = [
        ["三、目标完成情况", "年度预期目标", "具体完成情况", "总体完成率(%)"],
        ["", "维修水库3座", "已维修3座", "100.00"],
    ]
    found = area("80", rated)
    assert found.goal is not None and found.goal.score is None
    labelled = [
        ["年度目标完成情况", "预期目标", "实际完成情况", "完成率(%)", "100"],
        ["", "维修水库3座", "已维修3座"],
    ]
    found = area("80", labelled)
    assert found.goal is not None and found.goal.score is None
    (table,) = score_dossier(Dossier(source="t.txt", evaluations=(found,))).tables
    assert table.goal_declared is None


def test_a_score_run_onto_the_items_row_is_the_goals_score() -> None:
    # the header's last cell wrapped onto the next line, before the items
    wrapped = [
        ["年度目标完成情况", "预期目标", "目标实际完成情况"],
        ["", "20", "目标1:维修水库3座", "目标1:已维修3座"],
    ]
    found = area("100", wrapped)
    assert found.goal is not None and found.goal.score is not None and found.goal.score.num == 20
    assert [v.text for v in found.goal.expected] == ["目标1:维修水库3座"]
    assert [v.text for v in found.goal.achieved] == ["目标1:已维修3座"]
    assert found.declared_total is not None and errors(found) == []


def test_a_figure_the_goal_may_score_but_not_read_keeps_the_head_total_unread() -> None:
    # a figure after the goal's items: not read as the goal's score, and the head 自评得分 (which
    # may count it) is not read either, so no sum is held to it
    unplaced = [
        ["年度目标完成情况", "预期目标", "目标实际完成情况"],
        ["", "目标1:维修水库3座", "目标1:已维修3座", "20"],
    ]
    found = area("100", unplaced)
    assert found.goal is not None and found.goal.score is None
    assert found.declared_total is None
