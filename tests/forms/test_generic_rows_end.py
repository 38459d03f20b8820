"""Where the generic reader's indicator rows end and what a row holds: a 其他需要说明事项 row ends the
indicators while the 总分 row after it is still read; an empty 二级 heading row is no indicator; ``═``
is a sign; a 二级 level joined to the name's cell (``服务对象满意度指标等 学生满意度``) is the level. Forms
written here, small and synthetic."""

from __future__ import annotations

from decimal import Decimal

from jixiao.forms.generic.align import token_kind
from jixiao.forms.generic.reader import read
from jixiao.model.dossier import Evaluation
from jixiao.model.grid import GridCell, GridTable

HEADER = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分"]


def form(rows: list[list[str]]) -> Evaluation:
    grid = [
        ["项目名称", "学生资助资金"],
        ["项目资金(元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "1000", "1000", "1000", "10", "100%", "10"],
        HEADER,
        *rows,
    ]
    table = GridTable(index=1, rows=tuple(tuple(GridCell(text=t) for t in row) for row in grid))
    found = read("t.txt", table, "项目支出绩效自评表")
    assert found is not None
    return found


ROWS = [
    ["产出指标", "数量指标", "受助学生人数", "≧", "700", "人", "735", "30", "30"],
    ["效益指标", "社会效益 指标", "政策知晓率", "═", "100", "%", "98%", "30", "28"],
    ["", "生态效益 指标", "", "", "", "", "", "", ""],
    ["满意度指标", "", "服务对象满意度指标等 学生满意度", "≧", "95", "%", "100%", "30", "30"],
    ["", "", "其他需要说明事项", "无", "", "", "", "", ""],
    ["总分", "100", "98"],
]


def test_the_indicators_end_at_the_remarks_row_and_the_total_after_it_is_read() -> None:
    found = form(ROWS)
    assert [i.name for i in found.indicators] == ["受助学生人数", "政策知晓率", "学生满意度"]
    assert found.declared_points is not None and found.declared_points.num == Decimal(100)
    assert found.declared_total is not None and found.declared_total.num == Decimal(98)


def test_rows_after_the_remarks_row_are_not_indicators_and_a_far_total_is_not_taken() -> None:
    rows = [
        *ROWS[:5],
        ["", "", "补充说明一", "", "", "", "", "", ""],
        ["", "", "补充说明二"],
        ["", "", "补充说明三"],
    ]
    found = form([*rows, ["合计", "100", "98"]])
    assert [i.name for i in found.indicators] == ["受助学生人数", "政策知晓率", "学生满意度"]
    assert found.declared_total is None


def test_a_level_joined_to_the_name_is_the_level() -> None:
    satisfaction = form(ROWS).indicators[-1]
    assert (satisfaction.level1, satisfaction.level2, satisfaction.name) == (
        "满意度指标",
        "服务对象满意度指标",
        "学生满意度",
    )
    # a name that only starts like a level, with no space after it, stays whole
    rows = [
        ["满意度指标", "", "服务对象满意度调查得分", "≧", "95", "%", "100%", "30", "30"],
        ["总分", "30", "30"],
    ]
    assert form(rows).indicators[0].name == "服务对象满意度调查得分"


def test_a_double_line_equals_sign_is_a_sign() -> None:
    assert token_kind("═") == "sign"
    target = form(ROWS).indicators[1].target
    assert target is not None and target.text == "=100%"
