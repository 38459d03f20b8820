"""Pipe and run-on text shapes whose rows the text layout lost (issue #10).

Each test writes a small synthetic table in the shape a cause takes (not a copy of a corpus page) and
checks what a reviewer would: the indicator rows' names, 分值 and 得分, the 总分 row, and that a
figure whose cut is not certain is left blank rather than guessed.
"""

from __future__ import annotations

from decimal import Decimal

from tests.ingest.readback import indicator_rows, num, only

from jixiao.ingest.textlayout import detect_layout, read_text_layout

# --------------------------------------------------------------------------- pipe: blocks on one line
# A page whose row ends were lost: the goal block, a two-row indicator header (绩效指标 / 年度指标值
# over 一级…三级指标 / 指标性质 / 指标值 / 度量单位) and the first indicator row share one pipe line.

PIPE_SHARED = "\n".join(
    [
        "2023年度项目支出绩效自评表 |",
        "| 项目名称 | 乡村学校饮水改造 | 主管部门 | 某县教育局 | 实施单位 | 某县第二小学 | 项目资金 (万元) |",
        "| 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 | 年度资金总额 |",
        "| 80 | 80 | 76 | 10 | 95% | 9.5 | 其中:当年财政拨款 |",
        "| 80 | 80 | 76 | — | 95% | — |",
        "| — | 年度总体目标 | 预期目标 | 实际完成情况 | 改造饮水设施6处 | 改造饮水设施6处 | 绩效指标 | 年度指标值"
        " | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值"
        " | 度量单位 | 产出指标 | 数量指标 | 改造饮水设施数 | ≥ | 6 | 个 | 6个 | 40 | 40 |",
        "| 质量指标 | 水质检测合格率 | ≥ | 98 | % | 99% | 30 | 30 |",
        "| 满意度指标 | 服务对象满意度指标 | 师生满意度 | ≥ | 90 | % | 88% | 20 | 16 |",
        "| 总分 | 100 | 95.5 | 优 |",
    ]
)


def test_pipe_line_holding_goal_header_and_first_row_is_cut_into_rows() -> None:
    assert detect_layout(PIPE_SHARED) == "pipe"
    evaluation = only(PIPE_SHARED)
    assert indicator_rows(evaluation) == [
        ("改造饮水设施数", Decimal(40), Decimal(40)),
        ("水质检测合格率", Decimal(30), Decimal(30)),
        ("师生满意度", Decimal(20), Decimal(16)),
    ]
    first = evaluation.indicators[0]
    assert (first.level1, first.level2) == ("产出指标", "数量指标")
    assert first.actual is not None and first.actual.text == "6个"
    assert (num(evaluation.declared_points), num(evaluation.declared_total)) == (
        Decimal(100),
        Decimal("95.5"),
    )
    assert evaluation.goal is not None and [v.text for v in evaluation.goal.expected] == ["改造饮水设施6处"]


def test_two_row_indicator_header_becomes_one_row_of_its_columns() -> None:
    grid = read_text_layout(PIPE_SHARED, "p.txt")
    assert grid is not None
    rows = [[c.text for c in row if c.text] for row in grid.tables[0].rows]
    header = next(r for r in rows if r[:1] == ["一级指标"])
    assert header == [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ]
    assert not any(r[:1] == ["绩效指标"] for r in rows)  # the title over the levels is replaced
    # the first indicator row, cut off the shared line, under the header's columns
    first = next(r for r in rows if r[:1] == ["产出指标"])
    assert first == ["产出指标", "数量指标", "改造饮水设施数", "≥", "6", "个", "6个", "40", "40"]
    # the budget row shifted onto the shared line keeps its last cell; the goal block is its label
    # row and the goals' row
    goal = rows.index(["年度总体目标", "预期目标", "实际完成情况"])
    assert rows[goal - 1] == ["其中:当年财政拨款", "80", "80", "76", "—", "95%", "—", "—"]
    assert rows[goal + 1] == ["改造饮水设施6处", "改造饮水设施6处"]


def test_a_total_row_label_inside_a_line_is_cut_only_after_a_cut_header() -> None:
    """The 总分 row written after another cell (``其他需要说明事项 | 无 | 总分 | 100 | 96``) is a row of
    its own once the text is known to have lost its row ends; in a text whose lines are its rows a
    cell 总分 inside a line stays where it is."""
    shared = PIPE_SHARED.replace(
        "| 总分 | 100 | 95.5 | 优 |", "| 其他需要说明事项 | 无 | 总分 | 100 | 95.5 | 优 |"
    )
    evaluation = only(shared)
    assert (num(evaluation.declared_points), num(evaluation.declared_total)) == (
        Decimal(100),
        Decimal("95.5"),
    )
    grid = read_text_layout(shared, "p.txt")
    assert grid is not None
    assert [c.text for c in grid.tables[0].rows[-1] if c.text][:3] == ["总分", "100", "95.5"]

    plain = "\n".join(
        [
            "项目名称 | 乡村学校饮水改造 |",
            "项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
            "年度资金总额 | 80 | 80 | 76 | 10 | 95% | 9.5 |",
            "绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
            "| 产出指标 | 数量指标 | 改造饮水设施数 | 6处 | 6处 | 90 | 90 |",
            "| 说明 | 无 | 总分 | 100 | 99.5 |",
        ]
    )
    grid = read_text_layout(plain, "q.txt")
    assert grid is not None
    assert [c.text for c in grid.tables[0].rows[-1] if c.text][:3] == ["说明", "无", "总分"]


def test_row_broken_after_its_name_with_values_in_words_is_one_row() -> None:
    """``减轻家庭负担 |`` / ``有效 |`` / ``有效 | 20 | 18 |``: the name's row, its 指标值 and 实际完成值 in
    words on the lines below, then 分值 and 得分 -- one row. With one word only below (as many words
    as value columns are needed) the lines are left as written."""
    broken = PIPE_SHARED.replace(
        "| 满意度指标 | 服务对象满意度指标 | 师生满意度 | ≥ | 90 | % | 88% | 20 | 16 |",
        "| 效益指标 | 社会效益指标 | 减轻家庭负担 |\n| 有效 |\n| 有效 | 20 | 18 |",
    )
    assert indicator_rows(only(broken))[-1] == ("减轻家庭负担", Decimal(20), Decimal(18))
    assert len(only(broken).indicators) == 3
    third = only(broken).indicators[2]
    assert third.actual is not None and third.actual.text == "有效"

    short = broken.replace("| 有效 |\n| 有效 | 20 | 18 |", "| 有效 | 20 | 18 |")
    assert ("减轻家庭负担", Decimal(20), Decimal(18)) not in indicator_rows(only(short))


def test_header_divided_only_when_its_lower_row_splits_one_upper_cell() -> None:
    """A lower header row that repeats a column the upper one has (分值 twice) divides nothing: the
    two rows are left as written."""
    text = PIPE_SHARED.replace("| 指标性质 | 指标值 | 度量单位 |", "| 指标性质 | 指标值 | 分值 |")
    grid = read_text_layout(text, "p.txt")
    assert grid is not None
    rows = [[c.text for c in row if c.text] for row in grid.tables[0].rows]
    assert ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "分值"] in rows


# --------------------------------------------------------------------------- run-on indicator rows
# A reprint whose cells run together with nothing between them, the indicator block too.

RUNON_HEAD = (
    "绩效目标自评表(2022年度)项目名称村级供水管网改造主管部门某县水务局实施单位某县水务局"
    "资金情况(万元)全年预算数(A)全年执行数(B)分值执行率(B/A)得分年度资金总额:505010100.00%10"
    "其中:本年财政拨款5050其他资金年度总体目标年初设定目标年度总体目标完成情况综述改造管网,改造管网,"
    "绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分未完成原因及拟采取的改进措施"
)
RUNON_ROWS = (
    "产出指标(60分)数量指标改造供水管网30≥12公里≥12公里30质量指标工程验收合格率30100%100%28"
    "效益指标(30分)社会效益指标群众饮水条件30明显改善明显改善27"
    "满意度指标(10分)服务对象满意度指标受益群众满意度10≥90%≥95%10……总分10095"
)


def test_runon_indicator_rows_read_where_every_cut_agrees() -> None:
    text = RUNON_HEAD + RUNON_ROWS
    assert detect_layout(text) == "runon"
    evaluation = only(text)
    assert indicator_rows(evaluation) == [
        ("改造供水管网", Decimal(30), Decimal(30)),
        ("工程验收合格率", Decimal(30), Decimal(28)),
        ("群众饮水条件", Decimal(30), Decimal(27)),
        ("受益群众满意度", Decimal(10), Decimal(10)),
    ]
    assert [i.level1 for i in evaluation.indicators] == ["产出指标", "产出指标", "效益指标", "满意度指标"]
    assert [i.level2 for i in evaluation.indicators] == [
        "数量指标",
        "质量指标",
        "社会效益指标",
        "服务对象满意度指标",
    ]
    first, fourth = evaluation.indicators[0], evaluation.indicators[3]
    assert first.target is not None and first.target.text == "≥12公里"
    assert fourth.actual is not None and fourth.actual.text == "≥95%"
    assert (num(evaluation.declared_points), num(evaluation.declared_total)) == (Decimal(100), Decimal(95))


def test_runon_values_in_words_that_cut_two_ways_are_left_blank() -> None:
    """``明显改善明显改善`` is 指标值 and 实际值 cut at any of its characters: the row's name, 分值 and
    得分 are certain, the two values are not, and are left blank rather than guessed."""
    evaluation = only(RUNON_HEAD + RUNON_ROWS)
    third = evaluation.indicators[2]
    assert third.name == "群众饮水条件"
    assert third.target is None or not third.target.text
    assert third.actual is None or not third.actual.text


def test_runon_block_with_an_uncertain_row_gives_no_rows() -> None:
    """A bare 实际值 run into the 得分 (``≥12公里1230``: 12 | 30, or 123 | 0 …) can be cut several
    ways with different 得分: no row of the block is read, and its 总分 neither."""
    text = RUNON_HEAD + RUNON_ROWS.replace("≥12公里≥12公里30", "≥12公里1230")
    evaluation = only(text)
    assert evaluation.indicators == ()
    assert evaluation.declared_total is None


def test_runon_total_read_only_as_the_whole_100_and_its_score() -> None:
    """``总分1009`` is 100 | 9 (10 | 09 and 1 | 009 are no figures as written): read. A run that is not
    the whole 100 and a score (``9090``, ``5555``) and a lone ``100`` (which would cut 10 | 0) are left
    blank; the rows are read all the same."""
    evaluation = only(RUNON_HEAD + RUNON_ROWS.replace("总分10095", "总分1009"))
    assert (num(evaluation.declared_points), num(evaluation.declared_total)) == (Decimal(100), Decimal(9))
    for run in ("9090", "100", "5555"):
        evaluation = only(RUNON_HEAD + RUNON_ROWS.replace("总分10095", f"总分{run}"))
        assert evaluation.declared_points is None and evaluation.declared_total is None, run
        assert len(evaluation.indicators) == 4


def test_runon_indicator_header_with_sign_and_unit_columns_is_not_cut() -> None:
    """A header this reader cannot cut rows for (指标性质 / 度量单位 columns): the block stays text."""
    head = RUNON_HEAD.replace("分值年度指标值全年实际值得分", "分值指标性质指标值度量单位全年实际值得分")
    evaluation = only(head + RUNON_ROWS)
    assert evaluation.indicators == ()


# --------------------------------------------------------------------------- cells: a 区域 form's head
# A Word table pasted a cell a line whose head names its departments with their level and writes the
# budget as labelled pairs, no column header over them.

AREA_FORM = "\n\n".join(
    [
        "农村饮水安全补助资金区域绩效目标自评表",
        "专项名称",
        "农村饮水安全补助资金",
        "中央主管部门",
        "水利部",
        "自评得分",
        "省级财政部门",
        "某省财政厅",
        "省级主管部门",
        "某省水利厅",
        "95",
        "预算执行情况",
        "预算数:",
        "12.50",
        "执行数:",
        "12.00",
        "19",
        "其中:中央补助",
        "12.50万元",
        "其中:中央补助",
        "12.00万元",
        "年度目标完成情况",
        "预期目标",
        "目标实际完成情况",
        "20",
        "目标1:改善饮水条件。",
        "目标1:改善饮水条件。",
        "年度绩效指标完成情况",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成指标值",
        "50",
        "产出指标",
        "数量指标",
        "指标1:改造水厂",
        "2座",
        "2座",
        "10",
    ]
)


def test_area_form_head_rows_are_cut_at_level_named_fields_and_the_paired_budget() -> None:
    assert detect_layout(AREA_FORM) == "cells"
    grid = read_text_layout(AREA_FORM, "c.txt")
    assert grid is not None
    rows = [[c.text for c in row if c.text] for row in grid.tables[0].rows]
    assert rows[:6] == [
        ["专项名称", "农村饮水安全补助资金"],
        ["中央主管部门", "水利部", "自评得分"],
        ["省级财政部门", "某省财政厅"],
        ["省级主管部门", "某省水利厅", "95"],
        ["预算执行情况", "预算数:", "12.50", "执行数:", "12.00", "19"],
        ["其中:中央补助", "12.50万元", "其中:中央补助", "12.00万元"],
    ]


def test_a_budget_title_without_labelled_figures_opens_no_paired_row() -> None:
    """Only a word closed by a colon is a figure's own label: ``预算执行情况 | 预算数 | 12.50 | 执行数 |
    12.50`` may be a header's words and a row's figures, and is not taken for labelled pairs."""
    text = AREA_FORM.replace("预算数:", "预算数").replace("执行数:", "执行数")
    grid = read_text_layout(text, "c.txt")
    assert grid is not None
    rows = [[c.text for c in row if c.text] for row in grid.tables[0].rows]
    assert not any(r[:2] == ["预算执行情况", "预算数"] for r in rows)
