"""The indicator value grammar on the texts the seed forms contain, and its invariants."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.values import Achievement, Comparator, Direction, ValueKind, judge, parse_value

D = Decimal

PARSE_CASES = [
    ("≥100人", ValueKind.NUMBER, Comparator.GE, D("100"), "人"),
    ("　≤4.5%", ValueKind.NUMBER, Comparator.LE, D("4.5"), "%"),
    ("≧95%", ValueKind.NUMBER, Comparator.GE, D("95"), "%"),
    ("90%以上", ValueKind.NUMBER, Comparator.GE, D("90"), "%"),
    ("≤57万元", ValueKind.NUMBER, Comparator.LE, D("57"), "万元"),
    ("11.04万", ValueKind.NUMBER, Comparator.EQ, D("110400"), None),
    ("6.45万人", ValueKind.NUMBER, Comparator.EQ, D("64500"), "人"),
    ("年内新发放创业担保贷款2亿元以上", ValueKind.NUMBER, Comparator.GE, D("20000"), "万元"),
    ("城镇调查失业率在5.5%以内", ValueKind.NUMBER, Comparator.LE, D("5.5"), "%"),
    ("1,200人", ValueKind.NUMBER, Comparator.EQ, D("1200"), "人"),
    ("４０１２平方米", ValueKind.NUMBER, Comparator.EQ, D("4012"), "平方米"),
    ("不超过30万元", ValueKind.NUMBER, Comparator.LE, D("30"), "万元"),
    ("W100%", ValueKind.NUMBER, Comparator.EQ, D("100"), "%"),
    ("≥0起", ValueKind.NUMBER, Comparator.GE, D("0"), "起"),
    ("90%-95%", ValueKind.RANGE, None, D("90"), "%"),
]


@pytest.mark.parametrize(("text", "kind", "comparator", "number", "unit"), PARSE_CASES)
def test_parse_numbers(
    text: str, kind: ValueKind, comparator: Comparator | None, number: Decimal, unit: str | None
) -> None:
    value = parse_value(text)
    assert value.text == text
    assert (value.kind, value.comparator, value.number, value.unit) == (kind, comparator, number, unit)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("60天内", ValueKind.DURATION),
        ("≤30天内", ValueKind.DURATION),
        ("12个月", ValueKind.DURATION),
        ("2023年内", ValueKind.DEADLINE),
        ("2020年底前", ValueKind.DEADLINE),
        ("12月31日\n前完成", ValueKind.DEADLINE),
        ("有效促进", ValueKind.QUALITATIVE),
        ("正常运转", ValueKind.QUALITATIVE),
        ("达成预期指标", ValueKind.QUALITATIVE),
        ("三区两通道", ValueKind.TEXT),
        ("", ValueKind.EMPTY),
        ("　\n　", ValueKind.EMPTY),
    ],
)
def test_parse_kinds(text: str, kind: ValueKind) -> None:
    assert parse_value(text).kind is kind


def test_vague_targets_are_not_measurable() -> None:
    assert not parse_value("有效提升").measurable
    assert parse_value("无挪用，专项专用").measurable


@pytest.mark.parametrize(
    ("target", "actual", "direction", "achievement"),
    [
        ("≥100人", "374人", Direction.POSITIVE, Achievement.MET),
        ("≤55%", "100%", Direction.REVERSE, Achievement.PARTLY),
        ("≤4.5%", "≤3.5%", Direction.REVERSE, Achievement.MET),
        ("≤12万元", "11.04万", Direction.REVERSE, Achievement.MET),
        ("≤28万", "28万元", Direction.REVERSE, Achievement.MET),
        ("12个月", "100%", Direction.REVERSE, Achievement.MET),
        ("　37", "　65", Direction.POSITIVE, Achievement.MET),
        ("≥95%", "98", Direction.POSITIVE, Achievement.MET),
        ("有效促进", "有效促进", Direction.QUALITATIVE, Achievement.MET),
        ("按时办结", "计划标准", Direction.QUALITATIVE, Achievement.UNKNOWN),
        ("2023年内完成", "12月31日\n前完成", Direction.REVERSE, Achievement.MET),
        ("≥95%", "5人", Direction.POSITIVE, Achievement.UNKNOWN),
        ("=0", "1", Direction.EQUAL, Achievement.MISSED),
        ("城镇新增就业5.9万人", "6.45万人", Direction.POSITIVE, Achievement.MET),
    ],
)
def test_judge_seed_pairs(target: str, actual: str, direction: Direction, achievement: Achievement) -> None:
    verdict = judge(parse_value(target), parse_value(actual))
    assert (verdict.direction, verdict.achievement) == (direction, achievement), verdict.reason
    assert verdict.reason


def test_overshoot_is_flagged() -> None:
    assert judge(parse_value("≥100"), parse_value("130")).overshoot
    assert not judge(parse_value("≥100"), parse_value("129")).overshoot


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_parse_never_raises_and_keeps_text(text: str) -> None:
    value = parse_value(text)
    assert value.text == text


numbers = st.decimals(
    min_value=D("0.01"), max_value=D("99999"), places=2, allow_nan=False, allow_infinity=False
)
units = st.sampled_from(["人", "%", "件", "份", "万元", "个"])


@settings(max_examples=200, deadline=None)
@given(numbers, units, st.sampled_from(["≥{n}{u}", "不低于{n}{u}", "{n}{u}以上", "＞＝{n}{u}"]))
def test_written_forms_read_back(number: Decimal, unit: str, form: str) -> None:
    text = form.format(n=number, u=unit).replace("＞＝", "≥")
    value = parse_value(text)
    assert value.number == number and value.unit == unit and value.comparator is Comparator.GE


@settings(max_examples=200, deadline=None)
@given(numbers, numbers)
def test_positive_met_iff_actual_reaches_target(a: Decimal, b: Decimal) -> None:
    verdict = judge(parse_value(f"≥{a}人"), parse_value(f"{b}人"))
    assert (verdict.achievement is Achievement.MET) == (b >= a)
    if b < a:
        assert verdict.ratio == b / a


@settings(max_examples=200, deadline=None)
@given(numbers, numbers)
def test_reverse_met_iff_actual_within_target(a: Decimal, b: Decimal) -> None:
    verdict = judge(parse_value(f"≤{a}%"), parse_value(f"{b}%"))
    assert (verdict.achievement is Achievement.MET) == (b <= a)
    if b > a:
        assert verdict.ratio == a / b
