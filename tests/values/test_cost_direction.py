"""成本指标 are reverse: a cost target written without a sign is a ceiling (spending 195.5 of a 200 budget
meets it), in the judge, in the score and in the audit alike. A written sign always wins; rates, ranges,
deadlines and words under a cost heading keep their own reading. Forms written here, small and synthetic."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.audit.run import audit_dossier
from jixiao.ingest.loader import load_text
from jixiao.score.scorer import score_dossier
from jixiao.values import Achievement, Direction, direction_of, is_cost_indicator, judge, parse_value

D = Decimal
POS, REV, EQU, QUAL = Direction.POSITIVE, Direction.REVERSE, Direction.EQUAL, Direction.QUALITATIVE


@pytest.mark.parametrize(
    ("level1", "level2", "cost"),
    [
        ("产出指标", "成本指标", True),  # 财预〔2020〕10号 表式: 成本 a 二级指标 under 产出
        ("成本指标", "经济成本指标", True),  # the 2021+ central form: 成本 a 一级指标
        ("成本指标", "社会成本指标", True),
        ("成本指标", "生态环境成本指标", True),
        ("成本指标", "", True),  # 一级 成本指标, its 二级 left blank
        ("", "成本指标", True),  # 一级 blank (merged cell read once)
        ("产出目标", "成本目标", True),  # forms that name their headings 目标
        ("产出指标", "成 本 指 标", True),  # spaced out
        ("产出指标", "数量指标", False),
        ("效益指标", "经济效益指标", False),
        ("满意度指标", "服务对象满意度指标", False),
        ("", "", False),
    ],
)
def test_is_cost_indicator(level1: str, level2: str, cost: bool) -> None:
    assert is_cost_indicator(level1, level2) is cost


def test_a_bare_cost_amount_spent_below_is_met() -> None:
    verdict = judge(parse_value("200万"), parse_value("195.5万元"), cost=True)
    assert (verdict.direction, verdict.achievement) == (REV, Achievement.MET)
    assert (verdict.target_number, verdict.actual_number, verdict.unit) == (D(200), D("195.5"), "万元")
    assert "成本指标未写比较符，按上限（≤）判断" in verdict.reason
    # the same pair outside a cost heading: a positive quantity short of its target
    plain = judge(parse_value("200万"), parse_value("195.5万元"))
    assert (plain.direction, plain.achievement) == (POS, Achievement.PARTLY)
    assert "成本指标" not in plain.reason


def test_a_bare_cost_amount_overspent_is_partly_met_with_the_reverse_ratio() -> None:
    verdict = judge(parse_value("200万元"), parse_value("250万元"), cost=True)
    assert (verdict.direction, verdict.achievement) == (REV, Achievement.PARTLY)
    assert verdict.ratio == D("0.8")  # 目标/实际 = 200/250
    assert not verdict.overshoot


def test_a_per_unit_cost_is_a_ceiling() -> None:
    verdict = judge(parse_value("400元/人/月"), parse_value("380元/人/月"), cost=True)
    assert (verdict.direction, verdict.achievement) == (REV, Achievement.MET)


@pytest.mark.parametrize(
    ("target", "direction"),
    [
        ("≥5万元", POS),  # a written sign wins over the heading
        ("5万元以上", POS),
        ("=200万元", EQU),
        ("≤200万元", REV),
        ("不超过200万元", REV),
        ("0元", EQU),  # a zero target stays equal
        ("100%", POS),  # a rate under a cost heading (控制率, 达标率, 节约率): its name tells the direction
        ("100", POS),  # a rate without its % sign
        ("180-200万元", EQU),  # a range: inside is met
        ("2023年12月31日前", REV),  # a deadline
        ("控制在预算内", QUAL),  # words
    ],
)
def test_what_the_cost_default_leaves_alone(target: str, direction: Direction) -> None:
    parsed = parse_value(target)
    assert direction_of(parsed, cost=True) is direction
    assert direction_of(parsed, cost=True) is direction_of(parsed)


def test_an_explicit_positive_cost_target_is_still_positive() -> None:
    verdict = judge(parse_value("≥5万元"), parse_value("4万元"), cost=True)
    assert (verdict.direction, verdict.achievement) == (POS, Achievement.PARTLY)
    assert "成本指标" not in verdict.reason


# ---------------------------------------------------------------- through the scorer and the audit

FORM = "\n".join(
    [
        "| 项目支出绩效自评表 |",
        "| (2024年度) |",
        "| 项目名称 | 宣传经费 |",
        "| 项目资金(万元) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |",
        "| 年度资金总额 | 200.00 | 200.00 | 195.50 | 10 | 97.75% | 9.78 |",
        "| 绩效指标 | 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 全年实际完成值 | 分值 | 得分 |",
        "| | 产出指标 | 数量指标 | 宣传片 | 1部 | 1部 | 20 | 20 |",
        "| | | 质量指标 | 验收合格率 | 100% | 100% | 10 | 10 |",
        "| | | 成本指标 | 宣传片制作费 | 200万 | 195.5万元 | 20 | 20 |",
        "| | 效益指标 | 社会效益指标 | 观看人次 | 10万人次 | 9.5万人次 | 30 | 28.5 |",
        "| | 满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% | 95% | 10 | 10 |",
    ]
)


def _row(name: str) -> object:
    table = next(t for t in score_dossier(load_text(FORM, "t.txt")).tables if t.kind == "project")
    return next(r for r in table.indicators if r.name == name)


def test_the_scorer_gives_a_cost_row_spent_within_its_amount_full_marks() -> None:
    cost = _row("宣传片制作费")
    assert (cost.direction, cost.achievement, cost.computed_score) == ("反向", "met", D("20.00"))
    # a positive row beside it, short of its target, is still scored in proportion: 30 × 9.5/10
    views = _row("观看人次")
    assert (views.direction, views.achievement, views.computed_score) == ("正向", "partly", D("28.50"))


def test_c005_does_not_ask_a_cost_row_spent_within_its_amount_for_a_reason() -> None:
    findings = [f for f in audit_dossier(load_text(FORM, "t.txt")).findings if f.code == "C005"]
    assert [f.evidence["target"] for f in findings] == ["10万人次"]


def test_a_cost_first_level_with_its_second_level_blank_is_a_ceiling_too() -> None:
    form = FORM.replace("| | | 成本指标 | 宣传片制作费 |", "| | 成本指标 | | 宣传片制作费 |")
    table = next(t for t in score_dossier(load_text(form, "t.txt")).tables if t.kind == "project")
    cost = next(r for r in table.indicators if r.name == "宣传片制作费")
    assert (cost.level1, cost.direction, cost.achievement) == ("成本指标", "反向", "met")
