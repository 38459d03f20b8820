"""Indicator rows of a run-on reprint (``runon``): the national 项目支出绩效自评表 as a document-sharing
site gives it, cells run together, each page's text opened by its number (``1、`` / ``2、``), template
rows left unfilled (``指标1:`` / ``指标2:``) and values written in words (``合格合格``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from tests.ingest.readback import indicator_rows, num

from jixiao.ingest.loader import load_text
from jixiao.ingest.textlayout import detect_layout
from jixiao.ingest.textlayout.runon import _segment_rows
from jixiao.model.dossier import Evaluation

_FORM = (
    "项目名称{name}主管部门某区文化馆实施单位某区文化馆项目资金 (万元)年初预算数全年预算数全年执行数分值执行率得分"
    "年度资金总额50505010100%10其中:当年财政拨款505050100%上年结转资金其他资金"
    "年度 总体 目标预期目标实际完成情况开展公益演出。已完成"
    "绩 效 指 标一级指标二级指标三级指标年度 指标值实际 完成值分 值得 分偏差原因分析 及改进措施"
)
NATIONAL_RUNON = "\n".join(
    [
        "文档简介",
        "1、项目支出绩效自评表(2021 年度)"
        + _FORM.format(name="公益演出经费")
        + "产出指标数量指标公益演出场次30场32场3030质量指标演出安全合格合格2020指标2:时效指标指标1:指标2: 成",
        "2、本指标演出成本5万元5万元2015指标2:效益指标社会效益 指标指标1:指标2:"
        "满意度 指标服务对象 满意度指 标观众满意度95%96%2020指标2:总分10095"
        + _FORM.format(name="文化下乡经费").replace(
            "年度资金总额50505010100%10", "年度资金总额20202010100%10"
        ),
    ]
)
_ROWS: list[Literal["points", "value"]] = ["value", "value", "points", "points"]


def _evaluations(text: str) -> list[Evaluation]:
    return list(load_text(text, "演出.txt").evaluations)


def test_template_rows_left_unfilled_are_no_rows_and_the_rest_are_read() -> None:
    assert detect_layout(NATIONAL_RUNON) == "runon"
    first = _evaluations(NATIONAL_RUNON)[0]
    assert indicator_rows(first) == [
        ("公益演出场次", Decimal("30"), Decimal("30")),
        ("演出安全", Decimal("20"), Decimal("20")),  # its values in words: 合格 | 合格
        ("演出成本", Decimal("20"), Decimal("15")),  # the row runs on across the page number 2、
        ("观众满意度", Decimal("20"), Decimal("20")),
    ]
    assert (num(first.declared_points), num(first.declared_total)) == (Decimal("100"), Decimal("95"))
    safety = first.indicators[1]
    assert safety.target is not None and safety.target.text == "合格"


def test_the_next_forms_name_is_no_part_of_the_indicator_header() -> None:
    # the next form opens (项目名称) right after this form's header on the next page: its own table
    evaluations = _evaluations(NATIONAL_RUNON)
    assert [e.name.text if e.name is not None else None for e in evaluations] == [
        "公益演出经费",
        "文化下乡经费",
    ]


def test_template_labels_are_read_as_no_row() -> None:
    assert _segment_rows("指标1:指标2: ", _ROWS) == [("指标1:", [], []), ("指标2: ", [], [])]


def test_values_in_the_forms_value_words_end_the_name() -> None:
    read = _segment_rows("验收合格率98%99%1010办理质量合格合格55", _ROWS, words_only=True)
    assert read is not None
    assert [(name, cells) for name, cells, _ in read] == [
        ("验收合格率", ["98%", "99%", "10", "10"]),
        ("办理质量", ["合格", "合格", "5", "5"]),
    ]


def test_values_in_other_words_leave_the_row_unread() -> None:
    # 优质 is no value word: the name's end cannot be told, and 2020 is never cut 2 | 0 | 2 | 0
    assert _segment_rows("工程质量优质优质2020", _ROWS) is None
    assert _segment_rows("工程质量优质优质2020", _ROWS, words_only=True) is None
    # a value partly in other words (基本合格): no cut reads it
    assert _segment_rows("工程质量合格基本合格2020", _ROWS, words_only=True) is None


def test_a_block_with_a_row_in_other_words_is_left_unread() -> None:
    text = NATIONAL_RUNON.replace("演出安全合格合格2020", "演出安全优质优质2020")
    first = _evaluations(text)[0]
    assert first.indicators == ()  # no row guessed
    assert first.budget is not None
