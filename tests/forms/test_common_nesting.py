"""A parent indicator row split by numbered sub-rows counts once on the national layout read by the
Hunan and Zhuzhou forms (``common.evaluation`` with ``common.nesting``), as the generic reader counts
it: the parent's 分值 / 得分 are the sums of its sub-rows', so counting both would double its points
and raise a false A006 (总分) / W002 (总分值). Forms written here, small and synthetic, in the shapes
the two families print (Hunan: the national form naming Hunan; Zhuzhou: its budget scored
得分（分值×执行率） and its total graded)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.audit.run import audit_dossier
from jixiao.forms.common.nesting import item_number, nest_sub_rows
from jixiao.ingest.loader import load_text
from jixiao.model.dossier import Dossier, Evaluation, Indicator, Val
from jixiao.score.scorer import score_dossier

D = Decimal

HUNAN_HEAD = [
    "| 项目支出绩效自评表 |",
    "| 项目名称 | 乡村道路养护经费 | 主管部门 | 湖南省某县交通运输局 | 实施单位 | 某县公路事务中心 |",
    "| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
    "| 年度资金总额 | 40.00 | 40.00 | 40.00 | 10 | 100% | 10 |",
]
ZHUZHOU_HEAD = [
    "| 项目支出绩效自评表 |",
    "| 项目名称 | 乡村道路养护经费 | 主管部门 | 某区交通运输局 | 实施单位 | 某区公路事务中心 |",
    "| 年度项目资金（万元） | 年度资金总额 | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分（分值×执行率） |",
    "| | 合计 | 40.00 | 40.00 | 40.00 | 10 | 100% | 10 |",
]
GOAL = [
    "| 年度总体目标 | 预期目标 | 实际完成情况 |",
    "| | 完成乡村道路养护 | 已完成乡村道路养护 |",
]
INDICATOR_HEADER = (
    "| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因 |"
)
# 养护道路里程 (30 分, 30 分) is written as the sum of its numbered parts 12 + 18
SPLIT = [
    "| | 产出指标 | 数量指标 | 养护道路里程 | 30公里 | 30公里 | 30 | 30 | |",
    "| | | | 1、县道养护里程 | 12公里 | 12公里 | 12 | 12 | |",
    "| | | | 2、乡道养护里程 | 18公里 | 18公里 | 18 | 18 | |",
    "| | | 质量指标 | 养护路段合格率 | ≥95% | 97% | 20 | 20 | |",
    "| | 效益指标 | 社会效益指标 | 群众出行条件 | 明显改善 | 明显改善 | 30 | 30 | |",
    "| | 满意度指标 | 服务对象满意度指标 | 沿线群众满意度 | ≥90% | 94% | 10 | 10 | |",
]


def hunan(rows: list[str], total: str = "100") -> str:
    return "\n".join([*HUNAN_HEAD, *GOAL, INDICATOR_HEADER, *rows, f"| 总分 | 100 | {total} |"])


def zhuzhou(rows: list[str], total: str = "100") -> str:
    return "\n".join([*ZHUZHOU_HEAD, *GOAL, INDICATOR_HEADER, *rows, f"| 总分 | 100 | {total} | 等级：优 |"])


FORMS = {"hunan-project": hunan, "zhuzhou-project": zhuzhou}


def dossier(text: str) -> Dossier:
    return load_text(text, "t.txt")


def only(text: str) -> Evaluation:
    (evaluation,) = dossier(text).evaluations
    return evaluation


def error_codes(text: str) -> set[str]:
    return {
        f.code
        for f in audit_dossier(dossier(text)).findings
        if f.outcome == "finding" and f.severity == "error"
    }


@pytest.mark.parametrize("template", sorted(FORMS))
def test_the_parent_split_by_numbered_rows_counts_once(template: str) -> None:
    text = FORMS[template](SPLIT)
    evaluation = only(text)
    assert evaluation.template == template
    names = [i.name for i in evaluation.indicators]
    assert names == ["1、县道养护里程", "2、乡道养护里程", "养护路段合格率", "群众出行条件", "沿线群众满意度"]
    # the 分值 of the rows add up to the form's 90 (and the budget's 10 to 100), each point once
    assert sum(i.weight.num for i in evaluation.indicators if i.weight and i.weight.num) == D(90)
    assert sum(i.score.num for i in evaluation.indicators if i.score and i.score.num) == D(90)
    (note,) = [n for n in evaluation.notes if "养护道路里程" in n.text]
    assert note.text == "养护道路里程：分值 30，得分 30（下列各项之和）"
    (table,) = score_dossier(dossier(text)).tables
    # scored: the rows' 分值 and 得分 with the budget's add up to the 总分 row's 100 and 100
    assert table.weights_total == D(100) and table.declared_points == D(100)
    assert len(table.indicators) == 5 and table.execution_declared == D(10)
    assert sum(r.declared_score or 0 for r in table.indicators) + D(10) == table.declared_total == D(100)
    assert not error_codes(text) & {"A006", "W001", "W002"}


@pytest.mark.parametrize("template", sorted(FORMS))
def test_a_real_total_error_under_split_rows_is_still_found(template: str) -> None:
    assert "A006" in error_codes(FORMS[template](SPLIT, "95"))


@pytest.mark.parametrize("template", sorted(FORMS))
def test_parts_with_blank_scores_leave_the_parent_scoring_the_whole(template: str) -> None:
    rows = [
        "| | 产出指标 | 数量指标 | 养护道路里程 | 30公里 | 30公里 | 30 | 28 | |",
        "| | | | （1）县道养护里程 | 12公里 | 12公里 | 12 | | |",
        "| | | | （2）乡道养护里程 | 18公里 | 16公里 | 18 | | |",
        *SPLIT[3:],
    ]
    text = FORMS[template](rows, "98")
    evaluation = only(text)
    names = [i.name for i in evaluation.indicators]
    assert names == ["养护道路里程", "养护路段合格率", "群众出行条件", "沿线群众满意度"]
    assert sum(1 for n in evaluation.notes if "计入上项" in n.text) == 2
    assert not error_codes(text) & {"A006", "W001", "W002"}


@pytest.mark.parametrize("template", sorted(FORMS))
def test_rows_that_only_happen_to_add_up_are_summed_plainly(template: str) -> None:
    rows = [r.replace("1、", "").replace("2、", "") for r in SPLIT]
    text = FORMS[template](rows)
    assert len(only(text).indicators) == 6
    assert "A006" in error_codes(text)


def indicator(name: str, weight: str, score: str, target: str = "", level2: str = "数量指标") -> Indicator:
    def val(text: str) -> Val:
        return Val(text=text, num=Decimal(text) if text else None)

    return Indicator(
        level1="产出指标",
        level2=level2,
        name=name,
        target=Val(text=target),
        actual=Val(text=target),
        weight=val(weight),
        score=val(score),
    )


def test_an_empty_level_row_is_passed_over_and_kept() -> None:
    """A 二级 level printed with no indicator under it (kept by Hunan's reader for C004) holds no
    points: it neither splits a parent from its parts nor is dropped."""
    empty = Indicator(level1="产出指标", level2="时效指标", name="")
    rows = [
        indicator("培训人次", "30", "30", "300人次"),
        indicator("①农技培训", "10", "10", "100人次"),
        indicator("②电商培训", "20", "20", "200人次"),
        empty,
    ]
    kept, notes = nest_sub_rows(rows)
    assert kept == [rows[1], rows[2], empty]
    assert [n.text for n in notes] == ["培训人次：分值 30，得分 30（下列各项之和）"]
    unsplit = [rows[0], empty, indicator("质量", "20", "20", "合格", "质量指标")]
    assert nest_sub_rows(unsplit) == (unsplit, [])


def test_item_numbers() -> None:
    assert item_number("1、县道") == ("dot", 1)
    assert item_number("（3）村道") == ("paren", 3)
    assert item_number("②电商") == ("circled", 2)
    assert item_number("1.5万亩农田") is None
