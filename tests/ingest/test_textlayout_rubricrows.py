"""A run-on indicator block whose 一级 headings are a rubric's parts with their points (``rubricrows``):
a synthetic 项目支出绩效自评表 (一级/二级/三级指标, 参考分值, 指标值(A), 全年实际值(B), 得分, 原因) as an OCR
gives it, its cells run together, its 参考分值 header cell permuted and one 得分 written in letters."""

from __future__ import annotations

from decimal import Decimal

from tests.ingest.readback import indicator_rows

from jixiao.ingest.loader import load_text
from jixiao.ingest.textlayout.rubricrows import _values
from jixiao.ingest.textlayout.scrambled import unscrambled_columns
from jixiao.ingest.textlayout.tokens import Token
from jixiao.model.cells import money, number

_HEAD = (
    "某市本级部门项目支出绩效自评表(2022年)项目名称校舍维护经费主管部门某市教育局实施单位某市第一中学"
    "自评得分95项目资金(万元)年初预算数调整预算数(A)全年执行数(B)执行率(B/A)年度资金总额505050100%"
    "年度总体目标年初设定目标保障校舍安全年度总体目标完成情况已完成"
    "一级指标二级指标三级指标考值参分指标值(八)全年实际值(B)得分未完成原因分析及改进措施"
)
# 决策 writes no 二级 (its names keep their words); 管理 writes its 二级 before its first row (投入管理)
# and again before a later row (财务管理); 维修面积's 分值 is 10 or 1 (1 would need a bare figure in the
# values: no cut); 办公成本 is 4 or 41 and 水电成本 3 or 33: 成本指标(10分) settles them (4 + 3 + 3)
BLOCK = (
    "项目决策(10分)项目目标明确性5一目标明确、内容细化5可行性5实际工作需求5"
    "项目管理(20分)投入管理预算执行率10一100%9财务管理财务制度健全性10-制度健全10"
    "项目产出(30分)数量指标(10分)维修面积102000平方米2000平方米IO指标2:"
    "质量指标(10分)验收合格率10100%100%10指标2:"
    "成本指标(10分)办公成本415万元15万元4水电成本335万元35万元3绿化成本3M.8万元14.8万元3"
    "项目效益(30分)社会效益指标改善办学条件30明显改善明显改善28指标2:"
)


def _rows(text: str) -> list[tuple[str, Decimal | None, Decimal | None]]:
    return indicator_rows(load_text(text, "校舍.txt").evaluations[0])


def test_the_rubric_block_is_read_row_by_row() -> None:
    assert _rows(_HEAD + BLOCK) == [
        ("项目目标明确性", Decimal(5), Decimal(5)),
        ("可行性", Decimal(5), Decimal(5)),
        ("预算执行率", Decimal(10), Decimal(9)),
        ("财务制度健全性", Decimal(10), Decimal(10)),
        ("维修面积", Decimal(10), Decimal(10)),  # 得分 written IO
        ("验收合格率", Decimal(10), Decimal(10)),
        ("办公成本", Decimal(4), Decimal(4)),
        ("水电成本", Decimal(3), Decimal(3)),
        ("绿化成本", Decimal(3), Decimal(3)),
        ("改善办学条件", Decimal(30), Decimal(28)),
    ]
    rows = load_text(_HEAD + BLOCK, "校舍.txt").evaluations[0].indicators
    assert [r.level2 for r in rows[2:4]] == ["投入管理", "财务管理"]
    assert rows[0].level2 == ""  # 项目决策 writes no 二级: 项目目标 stays in the name
    # the 得分 an OCR wrote in letters keeps its text as written
    assert rows[4].score is not None and rows[4].score.text == "IO"
    # a dash target, values written twice, a stretch no certain cut reads (left blank)
    values = [(r.target.text if r.target else "", r.actual.text if r.actual else "") for r in rows]
    assert values[0] == ("一", "目标明确、内容细化")
    assert values[4] == ("2000平方米", "2000平方米")
    assert values[1] == ("", "")  # 实际工作需求: the target's or the actual's, no telling
    assert values[8] == ("", "")  # M.8万元14.8万元: a figure the OCR damaged is no value


def test_without_the_points_that_settle_it_the_block_is_not_read() -> None:
    # 成本指标 without its points, and the 一级's 30 no reading of 办公/水电 adds up to: no guess
    text = _HEAD + BLOCK.replace("成本指标(10分)", "成本指标").replace("项目产出(30分)", "项目产出(31分)")
    assert _rows(text) == []


def test_a_points_cell_in_letters_is_read_only_as_a_whole_points_cell() -> None:
    assert number("IO", None).num == Decimal(10) and number("IO", None).text == "IO"
    assert number("lO", None).num == Decimal(10)
    assert number("O", None).num == Decimal(0)
    assert number("IOO", None).num is None  # no such misreading
    assert number("IO", None, "人").num is None  # a count, no points cell
    assert money("IO", None).num is None  # never an amount


def test_the_excerpt_cut_inside_the_last_row_keeps_it_unscored() -> None:
    text = _HEAD + BLOCK.replace("项目效益(30分)", "项目效益(40分)") + "服务对象满意度指标(10分)学生和家"
    rows = load_text(text, "校舍.txt").evaluations[0].indicators
    assert len(rows) == 11 and rows[-1].name == "学生和家"
    assert rows[-1].weight is None or rows[-1].weight.num is None
    assert rows[-1].score is None or rows[-1].score.num is None


def test_a_permuted_header_cell_is_read_between_header_words() -> None:
    tokens = [Token(t, 1) for t in ("三级指标", "考值参分", "指标值(八)", "得分")]
    assert [t.text for t in unscrambled_columns(tokens)] == ["三级指标", "分值", "指标值(八)", "得分"]
    alone = [Token(t, 1) for t in ("项目名称", "考值参分", "某某")]  # not between header words
    assert [t.text for t in unscrambled_columns(alone)] == ["项目名称", "考值参分", "某某"]
    lost = [Token(t, 1) for t in ("三级指标", "考值参", "得分")]  # a character lost: no certain word
    assert [t.text for t in unscrambled_columns(lost)] == ["三级指标", "考值参", "得分"]


def test_values_cut_only_where_certain() -> None:
    assert _values("一100%") == ("一", "100%")
    assert _values("15万元20万元") == ("15万元", "20万元")
    assert _values("符合要求符合要求") == ("符合要求", "符合要求")
    assert _values("按时完成") == ("", "")
