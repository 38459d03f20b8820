"""Rows a text layout breaks or shortens, put back under their header's columns (issue #10).

Each test writes a small synthetic table in the layout a cause takes (not a copy of a corpus page)
and checks what a reviewer would: the budget triple, the execution columns, every indicator's name,
分值 and 得分.
"""

from __future__ import annotations

from decimal import Decimal

from tests.ingest.readback import indicator_rows, num, only

from jixiao.forms.generic.align import token_kind

HEAD = [
    "项目支出绩效自评表",
    "项目名称 | 农村道路养护 |",
    "主管部门 | 某县交通运输局 | 实施单位 | 某县公路站 |",
]


def test_pipe_rows_short_of_merged_cells_are_placed_under_their_columns() -> None:
    """A pipe table writes a cell merged down over rows once: the rows under it are shorter."""
    text = "\n".join(
        [
            *HEAD,
            "项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
            "年度资金总额 | 200 | 200 | 190 | 10 | 95% | 9.5 | |||||",
            "其中:当年财政拨款 | 200 | 200 | 190 | — | 95% | — | ||||",
            "年度总体目标 | 预期目标 | 实际完成情况 |",
            "养护道路 | 已完成 |",
            "绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |",
            "产出指标 | 数量指标 | 养护里程 | ≥120公里 | 125公里 | 30 | 30 | |||||",
            "路面修补面积 | ≥5000平方米 | 5200平方米 | 20 | 20 | ||||||",
            "质量指标 | 验收合格率 | ≥95% | 98% | 20 | 20 | |||||",
            "效益指标 | 社会效益指标 | 群众出行满意度 | ≥90% | 93% | 20 | 18 | |||",
            "总分 | 100 | 97.5 |",
        ]
    )
    evaluation = only(text)
    assert indicator_rows(evaluation) == [
        ("养护里程", Decimal(30), Decimal(30)),
        ("路面修补面积", Decimal(20), Decimal(20)),
        ("验收合格率", Decimal(20), Decimal(20)),
        ("群众出行满意度", Decimal(20), Decimal(18)),
    ]
    assert [i.level2 for i in evaluation.indicators] == ["数量指标", "数量指标", "质量指标", "社会效益指标"]
    assert (
        evaluation.indicators[1].target is not None and evaluation.indicators[1].target.text == "≥5000平方米"
    )


def test_budget_label_on_its_own_line_and_an_empty_initial_budget() -> None:
    """``年度资金总额`` on a line, its figures on the next without the empty 年初预算数: the 执行率
    written tells which two amounts are 预算数 and 执行数."""
    text = "\n".join(
        [
            *HEAD,
            "项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
            "年度资金总额 |",
            "| 50 | 48 | 10 | 96.00% | 9.6 |",
            "年度总体目标 | 预期目标 | 实际完成情况 |",
            "养护道路 | 已完成 |",
            "绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |",
            "| 产出指标 | 数量指标 | 养护里程 | ≥120公里 | 125公里 | 90 | 90 |",
        ]
    )
    budget = only(text).budget
    assert budget is not None
    assert budget.total.initial is None or budget.total.initial.num is None
    assert (num(budget.total.adjusted), num(budget.total.executed)) == (Decimal(50), Decimal(48))
    assert (num(budget.weight), num(budget.rate), num(budget.score)) == (
        Decimal(10),
        Decimal("96.00"),
        Decimal("9.6"),
    )


def test_a_short_row_leaves_a_bare_figure_it_cannot_place_unread() -> None:
    """``name | 3 | 9 | 9`` under 指标值 | 实际完成值 | 分值 | 得分, after rows whose headings were
    merged: the 3 may be either value (or a 分值 beside a merged value); it is not guessed."""
    text = "\n".join(
        [
            *HEAD,
            "项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
            "年度资金总额 | 100 | 100 | 100 | 10 | 100% | 10 |",
            "年度总体目标 | 预期目标 | 实际完成情况 |",
            "购置设备 | 已完成 |",
            "绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施 |",
            "产出指标 | 数量指标 | 冷库建设面积 | ≥1200平方米 | 1250平方米 | 45 | 45 |",
            "变压器台数 | 3 | 45 | 45 |",
        ]
    )
    evaluation = only(text)
    row = evaluation.indicators[1]
    assert (row.name, num(row.weight), num(row.score)) == ("变压器台数", Decimal(45), Decimal(45))
    assert not any(v is not None and v.text == "3" for v in (row.target, row.actual))


def test_cells_closed_by_a_bar_line() -> None:
    """A Word table pasted as ``cell`` / ``|`` lines, a run of pipes ending each row."""
    rows = [
        ["项目名称", "春节慰问经费"],
        ["主管部门", "某市退役军人事务局"],
        ["预算执行情况(万元)\n(20分)", "", "预算数(A)", "执行数(B)", "执行率(B/A)", "得分\n(20分*执行率)"],
        ["年度财政资金总额", "30", "30", "100%", "20"],
        [
            "年度绩效目标\n(80分)",
            "一级指标",
            "二级指标",
            "三级指标",
            "年初目标值(A)",
            "实际完成值(B)",
            "得分",
        ],
        ["产出指标(40分)", "数量指标", "慰问人数", "150人", "150人", "40"],
        ["效益指标(40分)", "社会效益指标", "优抚对象稳定", "稳定", "稳定", "40"],
        ["总分(100分)", "100"],
    ]
    lines = ["2023年度项目支出绩效自评表"]
    for row in rows:
        for cell in row:
            lines += [*cell.split("\n"), "|"] if cell else ["|"]
        lines.append("||||")
    evaluation = only("\n".join(lines))
    assert evaluation.budget is not None
    assert (num(evaluation.budget.total.adjusted), num(evaluation.budget.total.executed)) == (
        Decimal(30),
        Decimal(30),
    )
    assert [(i.name, num(i.score)) for i in evaluation.indicators] == [
        ("慰问人数", Decimal(40)),
        ("优抚对象稳定", Decimal(40)),
    ]
    assert num(evaluation.declared_total) == Decimal(100)


def test_cells_with_header_words_broken_over_lines_and_amounts_with_their_unit() -> None:
    """One cell a line, header words wrapped (``年初`` / ``预算数``, ``偏差原因`` / ``分析及`` /
    ``改进措施``), amounts written ``4753.66万元``, a heading's points on the next line (``(60)``)."""
    cells = [
        "项目支出绩效自评表",
        "项目名称",
        "造林补助",
        "项目资金(万元)",
        "年初",
        "预算数",
        "全年预算数",
        "全年",
        "执行数",
        "分值",
        "执行率",
        "得分",
        "年度资金总额",
        "300万元",
        "300万元",
        "240万元",
        "10",
        "80%",
        "8",
        "年度总体目标",
        "预期目标",
        "实际完成情况",
        "造林1万亩",
        "造林1万亩",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度",
        "指标值",
        "实际",
        "完成值",
        "分值",
        "得分",
        "偏差原因",
        "分析及",
        "改进措施",
        "产出指标",
        "(60)",
        "数量",
        "指标",
        "造林面积",
        "1万亩",
        "1万亩",
        "60",
        "60",
        "效益指标",
        "30分)",
        "生态效益指标",
        "森林覆盖率提高",
        "≥0.5个百分点",
        "0.6个百分点",
        "30",
        "30",
        "总分",
        "100",
        "98",
    ]
    evaluation = only("\n\n".join(cells))
    budget = evaluation.budget
    assert budget is not None
    assert (
        num(budget.total.initial),
        num(budget.total.adjusted),
        num(budget.total.executed),
    ) == (Decimal(300), Decimal(300), Decimal(240))
    assert (num(budget.weight), num(budget.rate), num(budget.score)) == (
        Decimal(10),
        Decimal(80),
        Decimal(8),
    )
    assert indicator_rows(evaluation) == [
        ("造林面积", Decimal(60), Decimal(60)),
        ("森林覆盖率提高", Decimal(30), Decimal(30)),
    ]
    assert [i.level2 for i in evaluation.indicators] == ["数量指标", "生态效益指标"]


def test_a_pipe_row_broken_after_its_name() -> None:
    """``name |`` then ``15 | 6 | 8.0 |`` on the next line: one indicator, not two."""
    text = "\n".join(
        [
            *HEAD,
            "项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
            "年度资金总额 | 100 | 100 | 100 | 10 | 100% | 10 |",
            "一级指标 | 二级指标 | 三级指标 | 年初目标值 | 实际完成值 | 分值 | 得分 |",
            "产出指标 | 数量指标 | 扶持经营主体 (个) | | | |",
            "15 | 16 | 50 | 50 | |",
            "| 质量指标 | 验收合格率 | 100% | 100% | 40 | 40 |",
            "总分 | 100 | 100 |",
        ]
    )
    assert indicator_rows(only(text)) == [
        ("扶持经营主体(个)", Decimal(50), Decimal(50)),
        ("验收合格率", Decimal(40), Decimal(40)),
    ]


def test_signs_written_in_words_are_a_columns_value_not_a_name() -> None:
    """指标性质/指标方向 hold ``大于等于``, ``正向``: never an indicator's name."""
    for word in ("大于等于", "小于等于", "等于", "正向", "定量指标"):
        assert token_kind(word) == "sign"
    cells = [
        "绩效指标 |",
        "一级指标 |",
        "二级指标 |",
        "三级指标 |",
        "指标性质 |",
        "指标方向 |",
        "年度指标值 |",
        "实际完成值 |",
        "计量单位 |",
        "分值 |",
        "得分 |",
        "|",
        "|",
        "产出指标 |",
        "数量指标 |",
        "租车次数 |",
        "正向 |",
        "大于等于 |",
        "1 |",
        "1 |",
        "次 |",
        "50 |",
        "50 |",
        "|||",
        "|",
        "质量指标 |",
        "宣传合格率 |",
        "正向 |",
        "等于 |",
        "100 |",
        "100 |",
        "% |",
        "50 |",
        "45 |",
        "|||",
    ]
    head = [
        "项目支出绩效自评表",
        "项目名称 |",
        "自然资源业务 |",
        "项目资金(万元) |",
        "年初预算数 |",
        "全年预算数 |",
        "全年执行数 |",
        "分值 |",
        "执行率 |",
        "得分 |",
        "年度资金总额 |",
        "2 |",
        "2 |",
        "2 |",
        "10 |",
        "100% |",
        "10 |",
    ]
    assert indicator_rows(only("\n".join(head + cells))) == [
        ("租车次数", Decimal(50), Decimal(50)),
        ("宣传合格率", Decimal(50), Decimal(45)),
    ]
