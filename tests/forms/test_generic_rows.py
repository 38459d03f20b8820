"""The indicator-row rules every reader shares (``generic.rows``), a row short of its cells after its
unit (``align``), a 区域 form's block score with no 分值 beside it, and a table cut after its budget
header. Forms written here, small and synthetic, in the shapes the forms print.

* The national layout (``common.evaluation``, read for the generic family by ``read_national``) and the
  generic reader give the same rows: ``其他需要说明事项`` ends them with the 总分 row after it still read,
  a 二级 level printed empty or a row holding a lone figure is no indicator, a 二级 level joined to the
  name is split off. Hunan's reader keeps an empty 二级 level as an empty row (C004 reports it).
* A row that stops after its 度量单位 (``≥ | 95 | % | 95 | 10.00``) lost its last columns: its figures
  are 实际完成值 and 分值, not 分值 and 得分.
"""

from __future__ import annotations

from decimal import Decimal

from jixiao.audit.run import audit_dossier
from jixiao.forms.common.evaluation import recognise_evaluation
from jixiao.forms.generic.align import align_indices
from jixiao.forms.generic.reader import read, read_national
from jixiao.forms.generic.rows import IndicatorsEnd, level2_in_name, row_kind
from jixiao.forms.generic.vocabulary import ColumnKind
from jixiao.model.dossier import Dossier, Evaluation, TableKind
from jixiao.model.grid import GridCell, GridTable


def grid(rows: list[list[str]]) -> GridTable:
    return GridTable(index=1, rows=tuple(tuple(GridCell(text=t) for t in row) for row in rows))


HEAD = [
    ["项目名称", "学生营养改善资金", "主管部门", "某县教育局"],
    ["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "100", "100", "100", "10", "100%", "10"],
    ["其中:当年财政拨款", "100", "100", "100", "—", "—", "—"],
    ["年度总体目标", "预期目标", "实际完成情况"],
    ["", "改善学生营养", "学生营养得到改善"],
]
INDICATOR_HEADER = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因",
]
ROWS = [
    ["产出指标", "数量指标", "受助学生人数", "≥700人", "735人", "30", "30", ""],
    ["", "质量指标", "补助标准达标率", "100%", "100%", "20", "20", ""],
    ["效益指标", "生态效益 指标", "", "", "", "", "", ""],  # printed with no indicator under it
    ["", "", "0", "", "", "", "", ""],  # a lone figure whose level the text lost
    ["", "", "指标1", "", "", "", "", ""],  # a template row left unfilled
    ["", "社会效益指标", "政策知晓率", "≥95%", "98%", "20", "20", ""],
    ["满意度指标", "", "服务对象满意度指标 学生满意度", "≥95%", "96%", "10", "10", ""],
    ["", "", "其他需要说明事项", "无", "", "", "", ""],
    ["总分", "100", "90", "优"],
]
NAMES = ["受助学生人数", "补助标准达标率", "政策知晓率", "学生满意度"]


def national(rows: list[list[str]] = ROWS) -> GridTable:
    return grid([*HEAD, INDICATOR_HEADER, *rows])


def test_the_national_layout_reads_the_generic_readers_rows() -> None:
    found = read_national("t.txt", national(), "项目支出绩效自评表")
    assert found is not None and found.template == "generic-project"
    assert [i.name for i in found.indicators] == NAMES
    satisfaction = found.indicators[-1]
    assert (satisfaction.level1, satisfaction.level2) == ("满意度指标", "服务对象满意度指标")
    # the 总分 row after 其他需要说明事项 is still the total
    assert found.declared_points is not None and found.declared_points.num == Decimal(100)
    assert found.declared_total is not None and found.declared_total.num == Decimal(90)


def test_the_generic_reader_gives_the_same_rows() -> None:
    rows = [[*r[:3], "", *r[3:5], "", *r[5:]] if len(r) == 8 else r for r in ROWS]
    header = [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因",
    ]
    table = grid([*HEAD, header, *rows])
    generic = read("t.txt", table, "项目支出绩效自评表")
    assert generic is not None
    assert [i.name for i in generic.indicators] == NAMES
    national_read = read_national("t.txt", national(), "项目支出绩效自评表")
    assert national_read is not None
    assert [(i.level1, i.level2, i.name) for i in generic.indicators] == [
        (i.level1, i.level2, i.name) for i in national_read.indicators
    ]


def test_hunans_reader_keeps_an_empty_level_for_c004() -> None:
    templates: dict[TableKind, str] = {
        "project": "hunan-project",
        "unit_overall": "hunan-unit",
        "dept_overall": "hunan-dept",
    }
    found = recognise_evaluation("t.txt", national(), "湖南省项目支出绩效自评表", templates)
    assert found is not None
    # the lone figure and the template row are no rows; the empty 生态效益 level stays an empty row
    assert [i.name for i in found.indicators] == [NAMES[0], NAMES[1], "", *NAMES[2:]]
    assert found.indicators[2].level2 == "生态效益指标"
    audit = audit_dossier(Dossier(source="t.txt", evaluations=(found,)))
    assert [f.code for f in audit.findings if f.code == "C004"] == ["C004"]


def test_the_row_rules() -> None:
    assert row_kind("", ["", " "]) == "placeholder"
    assert row_kind("0", [""]) == "none"
    assert row_kind("……", []) == "none"
    assert row_kind("指标2：", []) == "none"
    assert row_kind("受助学生人数", []) == "indicator"  # a name alone is a row (its values may be cut)
    assert row_kind("", ["10"]) == "indicator"
    assert level2_in_name("服务对象满意度指标等 学生满意度") == ("服务对象满意度指标", "学生满意度")
    assert level2_in_name("学生 满意度") is None
    end = IndicatorsEnd()
    assert [end.step(t) for t in ("受助学生人数", "其他需要说明事项", "无", "补充", "说明", "再说明")] == [
        "row",
        "skip",
        "skip",
        "skip",
        "stop",
        "stop",
    ]
    assert IndicatorsEnd(after=1).step("填表人") == "stop"


# ---------------------------------------------------------------- a row that stops after its unit

KINDS: tuple[ColumnKind, ...] = (
    "level1",
    "level2",
    "name",
    "sign",
    "value",
    "unit",
    "value",
    "points",
    "points",
    "text",
)


def test_figures_after_the_unit_fill_the_columns_after_it() -> None:
    # cut after its 分值: 95 is the 实际完成值, 10.00 the 分值, no 得分
    columns = align_indices(
        ["满意度指标", "服务对象满意度指标", "满意度", "≥", "95", "%", "95", "10.00"], KINDS
    )
    assert columns[6:9] == ((6,), (7,), ())
    # cut after its 实际完成值
    columns = align_indices(["产出指标", "数量指标", "培训次数", "≥", "1", "次", "1"], KINDS)
    assert columns[6:9] == ((6,), (), ())


def test_a_full_row_or_one_ending_in_words_is_not_moved() -> None:
    full = ["产出指标", "数量指标", "培训次数", "≥", "1", "次", "1", "10", "9"]
    assert align_indices(full, KINDS)[6:9] == ((6,), (7,), (8,))
    # words after the figures: the row did not stop after them, the best fit stands
    worded = ["产出指标", "数量指标", "培训次数", "≥", "1", "次", "10", "9", "未开展"]
    assert align_indices(worded, KINDS)[6:10] == ((), (6,), (7,), (8,))


def test_a_generic_table_reads_a_row_cut_after_its_weight() -> None:
    header = [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因",
    ]
    rows = [
        ["产出指标", "数量指标", "培训次数", "≥", "2", "次", "2", "20", "20", ""],
        ["满意度指标", "服务对象满意度指标", "满意度", "≥", "95", "%", "95", "10.00"],
    ]
    found = read("t.txt", grid([*HEAD, header, *rows]), "项目支出绩效自评表")
    assert found is not None
    last = found.indicators[-1]
    assert last.weight is not None and last.weight.num == Decimal(10)
    assert last.score is None or last.score.num is None
    assert last.actual is not None and last.actual.text.startswith("95")


# ---------------------------------------------------------------- the 区域 form's blocks

AREA_HEAD = [
    ["专项名称", "农田水利补助资金"],
    ["中央主管部门", "水利部", "自评得分"],
    ["省级财政部门", "某省财政厅"],
    ["省级主管部门", "某省水利厅", "100"],
    ["预算执行情况", "预算数:", "8.00", "执行数:", "8.00", "20"],
]
AREA_INDICATORS = [
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["产出指标", "数量指标", "新建渠道长度", "10公里", "10公里", "40", "40"],
    ["效益指标", "社会效益指标", "受益农户数", "500户", "500户", "40", "40"],
]


def area(*middle: list[str]) -> Evaluation:
    found = read("t.txt", grid([*AREA_HEAD, *middle, *AREA_INDICATORS]), "区域绩效目标自评表")
    assert found is not None
    return found


def test_a_block_score_without_points_is_not_held_to_the_packs_points() -> None:
    found = area()
    assert found.budget is not None and found.budget.score is not None
    assert found.budget.score.num == Decimal(20) and found.budget.weight is None
    audit = audit_dossier(Dossier(source="t.txt", evaluations=(found,)))
    s001 = [f for f in audit.findings if f.code == "S001"]
    assert [(f.severity, f.outcome) for f in s001] == [("info", "could_not_check")]
    assert not [f for f in audit.findings if f.severity == "error"]


def test_a_written_points_figure_is_still_checked() -> None:
    rows = [
        ["项目名称", "农田水利补助资金"],
        ["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "8.00", "8.00", "4.00", "10", "50%", "10"],
        AREA_INDICATORS[0],
        AREA_INDICATORS[1],
    ]
    found = read("t.txt", grid(rows), "项目支出绩效自评表")
    assert found is not None
    audit = audit_dossier(Dossier(source="t.txt", evaluations=(found,)))
    assert [f.severity for f in audit.findings if f.code == "S001"] == ["error"]  # 10 × 50% = 5, not 10


def test_a_scored_goal_block_is_read_with_the_head_total() -> None:
    # the 自评得分 sums the execution, goal and indicator blocks: the goal block's 20 is read as its
    # score (tests/forms/test_goal_and_total.py holds the totals against it)
    goal = [
        ["年度目标完成情况", "预期目标", "目标实际完成情况", "20"],
        ["", "目标1:新建渠道", "目标1:已建成"],
    ]
    found = area(*goal)
    assert found.goal is not None and found.goal.score is not None and found.goal.score.num == 20
    assert found.declared_total is not None
    assert area().declared_total is not None  # no goal score: 20 + 40 + 40 = 100 is read


# ---------------------------------------------------------------- a table cut after its header


def test_a_table_cut_after_its_budget_header_is_read_for_its_head() -> None:
    table = grid(
        [
            ["项目名称", "地震监测经费"],
            ["主管部门", "某县科学技术局"],
            ["项目资金(万元)", "", "年初预算数", "全年预算数", "全年执行数", "分值"],
            ["", "执行"],
        ]
    )
    found = read("t.txt", table, "")
    assert found is not None and found.name is not None and found.name.text == "地震监测经费"
    assert found.budget is None and found.indicators == ()
    assert any("中断" in n.text for n in found.notes)
    audit = audit_dossier(Dossier(source="t.txt", evaluations=(found,)))
    assert not [f for f in audit.findings if f.severity == "error"]


def test_a_budget_header_with_figures_under_it_is_not_a_cut_table() -> None:
    table = grid(
        [
            ["项目名称", "地震监测经费"],
            ["项目资金(万元)", "年初预算数", "全年预算数", "全年执行数", "分值"],
            ["合计", "10", "10", "10", "10"],
        ]
    )
    assert read("t.txt", table, "") is None  # neither a cut head nor an execution block (no 执行率)


def test_a_header_cell_cut_where_the_text_stops_is_no_row() -> None:
    # an excerpt that stops inside the indicator header (``… | 分值 | 得分计算``): the cut word is the
    # header's 得分计算方法, not an indicator; a real name with nothing written stays a row
    assert row_kind("得分计算", ["", "", "", ""]) == "none"
    assert row_kind("年度指标值", ["", "", "", ""]) == "none"
    assert row_kind("得分计算", ["10", "10"]) == "indicator"
    assert row_kind("校舍维修面积", ["", "", "", ""]) == "indicator"
    assert row_kind("得分", ["", ""]) == "none"
