"""County forms printed to PDF and flattened to text (the 财政预算支出项目绩效目标自评表 of a county
finance bureau): the page's footer number written between spaced long dashes, ``— 1 —``."""

from __future__ import annotations

from decimal import Decimal

from jixiao.ingest.loader import load_text
from jixiao.ingest.textlayout import detect_layout
from jixiao.ingest.textlayout.order import _budget_kind, _indicator_kind
from jixiao.model.dossier import Evaluation, Val

_FORM = (
    "项目名称 乡村道路项目 项目权重 评价内容 分值 自评分 决策依据 2 2 有上级文件计 2 分。 — 1 — "
    "项目年度目标 一级 指标 指标名称 (三级指标) 道路里程 300 公里 300 公里 15"
)


def test_spaced_page_mark_inside_a_flattened_line_makes_pdf_text() -> None:
    assert detect_layout(_FORM) == "pdf"
    assert detect_layout(_FORM.replace(" — 1 — ", " ")) == "prose"


def test_hyphen_with_spaces_is_a_range_not_a_page_mark() -> None:
    assert detect_layout(_FORM.replace(" — 1 — ", " 5 - 1 - 3 ")) == "prose"


# ------------------------------------------------------------------ the form read from a grid
# A county's 项目绩效目标自评表: the funds split by source (中央 / 省、地 / 本级 / 其他) with their 合计, the
# 执行数 and 执行率 beside it and no 全年预算数; indicator rows with 年初指标值 / 年终完成值 and the unit's
# 自评分 beside the finance bureau's 复核分.

_HEAD = [
    "| 项目支出绩效自评表 |",
    "| 项目名称 | 乡村道路养护项目 | 主管部门 | 某县交通运输局 | 实施单位 | 某县交通运输局 |",
]
_SOURCES = (
    "| 项目资金（万元） | 来源 | 中央（万元） | 省、地（万元） | 本级（万元） | 其他（万元） "
    "| 合计（万元） | 执行数（万元） | 执行率 |"
)
_AMOUNTS = "| | | | | 309 | | 309 | 300 | 97.09% |"
_INDICATORS = [
    "| 年度总体目标 | 完成乡村道路养护 |",
    "| 一级指标 | 二级指标 | 三级指标 | 年初指标值 | 年终完成值 | 分值 | 自评分 | 复核分 |",
    "| 产出指标 | 数量指标 | 养护里程 | 300公里 | 300公里 | 50 | 50 | 45 |",
    "| 产出指标 | 质量指标 | 验收合格率 | 100% | 96% | 30 | 28 | 25 |",
    "| 满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% | 95% | 20 | 20 | 18 |",
]


def _read(*lines: str) -> Evaluation:
    dossier = load_text("\n".join(lines), "county.txt")
    assert len(dossier.evaluations) == 1
    return dossier.evaluations[0]


def _num(val: Val | None) -> Decimal | None:
    return None if val is None else val.num


def test_self_score_is_the_score_and_the_review_score_is_not() -> None:
    table = _read(*_HEAD, _SOURCES, _AMOUNTS, *_INDICATORS)
    rows = [(i.name, _num(i.weight), _num(i.score)) for i in table.indicators]
    assert rows == [
        ("养护里程", Decimal("50"), Decimal("50")),
        ("验收合格率", Decimal("30"), Decimal("28")),
        ("群众满意度", Decimal("20"), Decimal("20")),
    ]


def test_year_end_value_is_the_actual_value() -> None:
    table = _read(*_HEAD, _SOURCES, _AMOUNTS, *_INDICATORS)
    assert [(i.target and i.target.text, i.actual and i.actual.text) for i in table.indicators] == [
        ("300公里", "300公里"),
        ("100%", "96%"),
        ("≥90%", "95%"),
    ]


def test_sources_total_is_the_budget_beside_its_execution() -> None:
    budget = _read(*_HEAD, _SOURCES, _AMOUNTS, *_INDICATORS).budget
    assert budget is not None and budget.total is not None
    assert _num(budget.total.adjusted) == Decimal("309")
    assert _num(budget.total.executed) == Decimal("300")
    assert _num(budget.rate) == Decimal("97.09")
    assert budget.parts == ()  # which source holds the 309 is not read


def test_total_not_beside_the_executed_amount_is_no_budget() -> None:
    header = _SOURCES.replace("| 合计（万元） | 执行数（万元） |", "| 执行数（万元） | 合计（万元） |")
    budget = _read(*_HEAD, header, "| | | | | 309 | | 300 | 309 | 97.09% |", *_INDICATORS).budget
    assert budget is None or budget.total is None or budget.total.adjusted is None


def test_budget_self_score_beside_review_score() -> None:
    header = "| 项目资金（万元） | 全年预算数 | 全年执行数 | 分值 | 执行率 | 复核分 | 自评分 |"
    table = _read(*_HEAD, header, "| 年度资金总额 | 40 | 38 | 10 | 95% | 8 | 9.5 |", *_INDICATORS)
    assert table.budget is not None
    assert _num(table.budget.score) == Decimal("9.5")
    assert [_num(i.score) for i in table.indicators] == [Decimal("50"), Decimal("28"), Decimal("20")]


def test_text_layouts_take_self_and_review_scores_as_points_columns() -> None:
    # a header read from a text layout: 自评分 and 复核分 hold points, not amounts or indicator values
    assert [_indicator_kind(w) for w in ("年初指标值", "年终完成值", "分值", "自评分", "复核分")] == [
        "value",
        "value",
        "points",
        "points",
        "points",
    ]
    assert [_budget_kind(w) for w in ("合计(万元)", "执行数(万元)", "执行率", "自评分", "复核分")] == [
        "amount",
        "amount",
        "rate",
        "points",
        "points",
    ]
