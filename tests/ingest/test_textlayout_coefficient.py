"""The 得分系数 form (Chongqing 部门整体绩效自评表) written run on (``coefficient``): 得分 = 权重 × 得分系数
cuts the 权重 and 得分 written together (``100%22否``), and the 执行率, 权重 and 得分 of a budget row
whose amounts an OCR lost (``O80%108``)."""

from __future__ import annotations

from decimal import Decimal

from tests.ingest.readback import num

from jixiao.ingest.loader import load_text
from jixiao.ingest.textlayout import detect_layout
from jixiao.ingest.textlayout.coefficient import coefficient_cut, row_reading
from jixiao.model.dossier import Evaluation

_HEAD = (
    "1、部门整体绩效自评表主管部门某区财政局自评总分(分)95.5部门联系人张三联系电话"
    "部门预算执行情况年初预算数全年(调整)预算数全年执行数执行率(%)执行率权重执行率得分(分)"
)
_INDICATORS = (
    "指标名称计量单位指标性质年初指标值调整指标值全年完成值得分系数(%)指标权重(分)指标得分(分)是否核心指标"
    "培训人数人定量指标50人52人100%2020是政策知晓率%定量指标90%85%80%108否"
    "制度执行性定性指标好好100%33否"
)
COEFFICIENT_RUNON = "\n".join(
    [
        "文档简介",
        _HEAD + "O80%108当年绩效目标年初绩效目标全年(调整)绩效目标全年目标实际完成情况保障运转。已保障运转。",
        "2、" + _INDICATORS + "绩效指标",
        "3、档案管理规范性高高100%1010否服务对象满意度%95%96%100%1010是公共服",
    ]
)


def _evaluation(text: str) -> Evaluation:
    evaluations = list(load_text(text, "整体.txt").evaluations)
    assert len(evaluations) == 1
    return evaluations[0]


def test_weight_and_score_written_together_are_cut_where_score_is_weight_times_coefficient() -> None:
    assert coefficient_cut("100", "22") == ("", "100", "2", "2")
    assert coefficient_cut("100", "1010") == ("", "100", "10", "10")  # never 1 | 010 or 101 | 0
    assert coefficient_cut("80", "108") == ("", "80", "10", "8")
    # a 完成值 of 0 written into the 得分系数 (``0100%``): the cut that agrees is 0 | 100%
    assert coefficient_cut("0100", "22") == ("0", "100", "2", "2")
    assert coefficient_cut("50", "22") is None  # 2 × 50% is 1: no cut agrees, nothing is read


def test_a_rows_name_is_read_before_its_unit_nature_and_values() -> None:
    assert row_reading("发放手册数量册500册520册", 3) == ("发放手册数量", "册", "", ("500册", "520册"))
    # 人次 or 次 after 培训人次数人: two names read as many cells, so none is read
    assert row_reading("培训人次数人次30人次28人次", 3) is None
    assert row_reading("知晓率%定量指标90%85%", 3) == ("知晓率", "%", "定量指标", ("90%", "85%"))
    # 定性指标 an OCR read out of order, the values in words (高 | 高)
    assert row_reading("制度健全性性标定指高高", 3) == ("制度健全性", "", "性标定指", ("高", "高"))


def test_the_run_on_form_reads_its_rows_execution_and_total() -> None:
    assert detect_layout(COEFFICIENT_RUNON) == "runon"
    evaluation = _evaluation(COEFFICIENT_RUNON)
    rows = [(i.name, num(i.weight), num(i.score)) for i in evaluation.indicators if num(i.weight) is not None]
    assert rows == [
        ("培训人数", Decimal("20"), Decimal("20")),
        ("政策知晓率", Decimal("10"), Decimal("8")),
        ("制度执行性", Decimal("3"), Decimal("3")),
        ("档案管理规范性", Decimal("10"), Decimal("10")),  # on the next page, after the 绩效指标 cell
        ("服务对象满意度", Decimal("10"), Decimal("10")),
    ]
    # the excerpt ends inside a row's name: the row is kept, its cells blank (no sum is held to the rest)
    assert evaluation.indicators[-1].name == "公共服"
    assert num(evaluation.indicators[-1].weight) is None
    budget = evaluation.budget
    assert budget is not None
    assert (num(budget.rate), num(budget.weight), num(budget.score)) == (
        Decimal("80"),
        Decimal("10"),
        Decimal("8"),
    )
    assert budget.total.executed is None or num(budget.total.executed) is None  # the lost amounts unread
    assert num(evaluation.declared_total) == Decimal("95.5")


def test_rows_no_cut_reads_with_certainty_leave_the_block_unread() -> None:
    # 权重 and 得分 ``25`` at 100%: 2 | 5 does not agree with the 得分系数, so no row is read
    text = COEFFICIENT_RUNON.replace("100%33否", "100%25否")
    evaluations = list(load_text(text, "整体.txt").evaluations)
    assert not any(num(i.weight) is not None for e in evaluations for i in e.indicators)
