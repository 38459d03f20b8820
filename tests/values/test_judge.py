"""Judging an indicator: the pairs from the documents, the rules documents' edge cases, and invariants."""

from __future__ import annotations

from decimal import Decimal

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.values import Achievement, Direction, Judgement, direction_of, judge, parse_value

D = Decimal
POS, REV, EQU, QUAL = Direction.POSITIVE, Direction.REVERSE, Direction.EQUAL, Direction.QUALITATIVE
MET, PARTLY, MISSED, UNKNOWN = Achievement.MET, Achievement.PARTLY, Achievement.MISSED, Achievement.UNKNOWN


def verdict(target: str, actual: str) -> Judgement:
    return judge(parse_value(target), parse_value(actual))


# (target, actual) as the documents wrote them, with the direction and achievement a reviewer gives.
REAL_PAIRS = [
    ("6000人", "6000人", POS, MET),
    ("≥100人", "374人", POS, MET),
    ("≥5500份", "5500份", POS, MET),
    ("≥0起", "509起", POS, MET),
    ("100%", "100%", POS, MET),
    ("90%以上", "100%", POS, MET),
    ("98%", "99%", POS, MET),
    ("≤55%", "100%", REV, PARTLY),
    ("≤4.5%", "≤3.5%", REV, MET),
    ("≤30天内", "100%", REV, MET),
    ("不超过预算投入", "1034.36万元", QUAL, UNKNOWN),
    ("有效促进", "有效促进", QUAL, MET),
    ("有效保障", "有效保障", QUAL, MET),
    ("≥95%", "98%", POS, MET),
    ("≥5000份", "5500份", POS, MET),
    ("12个月", "100%", REV, MET),
    ("≤57万元", "47.96万元", REV, MET),
    ("≤5万元 ", "5万元 ", REV, MET),
    ("正常运转", "正常运转", QUAL, MET),
    ("4012平方米", "4012平方米", POS, MET),
    ("55件", "55件", POS, MET),
    ("30天内完成", "100%", REV, MET),
    ("≤101万元", "101万元", REV, MET),
    ("无挪用\n专项专用", "无挪用\n专项专用", QUAL, MET),
    ("2023年内", "2023年内", REV, MET),
    ("三区两通道", "三区两通道", QUAL, MET),
    ("15天", "100%", REV, MET),
    ("≤62.64万元", "62.64万元", REV, MET),
    ("2023年内完成", "12月31日\n前完成", REV, MET),
    ("≤12万元", "11.04万", REV, MET),
    ("60天内", "60天内", REV, MET),
    ("全面落实", "全面落实", QUAL, MET),
    ("\u300037", "\u300065", POS, MET),
    ("\u3000≤4.5%", "4.5%\u3000", REV, MET),
    ("2020年底前", "2020年底前", REV, MET),
    ("≧95%", "\u300095%\u3000", POS, MET),
    ("400元/人/月", "400元/人/月", POS, MET),
    ("4（985/211院校3人）", "4（985/211院校3人）", POS, MET),
    ("8月", "8月", REV, MET),
    ("10月", "10月", REV, MET),
    ("1225.54万\u3000\u3000", "\u30001225.54万", POS, MET),
    ("按时办结", "计划标准", QUAL, UNKNOWN),
    ("管理规范", "计划标准", QUAL, UNKNOWN),
    ("≤28万", "计划标准", REV, UNKNOWN),
    ("进一步提升", "计划标准", QUAL, UNKNOWN),
    ("各项支出不超出预算安排", "计划标准", QUAL, UNKNOWN),
    ("城镇调查失业率在5.5%以内", "5.2%", REV, MET),
    ("城镇新增就业5.9万人", "6.45万人", POS, MET),
    ("年内新发放创业担保贷款2亿元以上", "3.53亿元", POS, MET),
    ("服务对象满意率达到95%以上", "服务对象满意率达到95%以上", POS, MET),
    ("20万元", "100%", POS, MET),
    ("≤27", "100%", REV, MET),
    ("2021年12月31日前完成各项考核任务", "已按时、按质、按量、超额完成目标任务", REV, MET),
    ("指标3：劳动监察举报投诉和拖欠农民工工资举报投诉结案率", "结案率达99 %以上", QUAL, UNKNOWN),
    ("仲裁案件审理期限为 45天", "计划标准", REV, UNKNOWN),
    ("提供劳动人事争议政策咨询，受理劳动人事争议案件", "政策标准", QUAL, UNKNOWN),
]


@pytest.mark.parametrize(("target", "actual", "direction", "achievement"), REAL_PAIRS)
def test_real_pairs(target: str, actual: str, direction: Direction, achievement: Achievement) -> None:
    result = verdict(target, actual)
    assert (result.direction, result.achievement) == (direction, achievement), result.reason
    assert result.reason and "\n" not in result.reason


# ------------------------------------------------------------------ the rules documents' edge cases


def test_rate_above_target_is_met() -> None:
    assert verdict("≥95%", "98%").achievement is MET


def test_rate_below_target_is_partly_by_ratio() -> None:
    result = verdict("≥95%", "61%")
    assert (result.achievement, result.ratio) == (PARTLY, D(61) / D(95))
    assert (result.target_number, result.actual_number, result.unit) == (D(95), D(61), "%")
    assert result.reason.startswith("实际 61% < 目标 95%，部分完成")


def test_outcome_in_words_against_a_number() -> None:
    result = verdict("100%", "达成预期指标")
    assert (result.direction, result.achievement) == (POS, MET)
    assert "文字表述" in result.reason and "定量" in result.reason


def test_reverse_within_and_beyond() -> None:
    assert verdict("≤55%", "50%").achievement is MET
    beyond = verdict("≤55%", "66%")
    assert (beyond.direction, beyond.achievement, beyond.ratio) == (REV, PARTLY, D(55) / D(66))


def test_zero_target_is_met_by_zero_only() -> None:
    assert verdict("0起", "0").achievement is MET
    assert verdict("0起", "0起").achievement is MET
    missed = verdict("0起", "1")
    assert (missed.direction, missed.achievement) == (EQU, MISSED)
    assert verdict("=0", "1").achievement is MISSED
    assert verdict("无", "无").achievement is MET


def test_zero_reverse_target_is_missed_by_any_case() -> None:
    assert verdict("≤0起", "2起").achievement is MISSED


def test_blank_target_or_actual_cannot_be_judged() -> None:
    assert verdict("", "5人").achievement is UNKNOWN
    assert verdict("", "5人").reason == "缺少年度指标值"
    assert verdict("5人", "　").achievement is UNKNOWN
    assert verdict("5人", "　").reason == "缺少实际完成值"


def test_overshoot_from_130_percent() -> None:
    result = verdict("≥100", "130")
    assert (result.achievement, result.overshoot) == (MET, True)
    assert "偏差说明" in result.reason
    assert not verdict("≥100", "129.99").overshoot
    assert not verdict("≥0起", "509起").overshoot  # no overshoot from a zero target
    assert (
        verdict("≥100人", "374人").reason
        == "实际 374人 ≥ 目标 100人，已完成，超出目标 30% 以上，需作偏差说明"
    )


def test_vague_target_is_qualitative_and_not_measurable() -> None:
    target = parse_value("有效提升")
    assert not target.measurable
    assert direction_of(target) is QUAL


def test_month_deadline() -> None:
    assert verdict("12月底前", "11月").achievement is MET
    assert verdict("12月底前", "次年3月").achievement is MISSED
    assert verdict("8月", "9月").achievement is MISSED
    assert verdict("2023年内", "2024年1月").achievement is MISSED
    assert verdict("12月15日前", "12月").achievement is UNKNOWN  # December may be before or after the 15th


def test_deadline_kept_in_words_or_as_a_rate() -> None:
    assert verdict("每月月底前", "按时").achievement is MET
    assert verdict("2023年内", "100%").achievement is MET
    assert verdict("2023年内", "未完成").achievement is MISSED


def test_rate_target_against_a_count_is_a_unit_mismatch() -> None:
    result = verdict("≥95%", "5人")
    assert result.achievement is UNKNOWN and "单位不一致" in result.reason


def test_persons_and_person_times_are_different_units() -> None:
    result = verdict("≥100人", "374人次")
    assert result.achievement is UNKNOWN and "单位不一致" in result.reason


# ------------------------------------------------------------------ units


def test_bare_wan_against_money_reads_as_money() -> None:
    result = verdict("≤28万", "28万元")
    assert (result.achievement, result.target_number, result.actual_number, result.unit) == (
        MET,
        D(28),
        D(28),
        "万元",
    )
    result = verdict("≤12万元", "11.04万")
    assert (result.achievement, result.actual_number, result.unit) == (MET, D("11.04"), "万元")


def test_actual_without_unit_takes_the_targets() -> None:
    result = verdict("≥95%", "98")
    assert (result.achievement, result.unit) == (MET, "%")
    assert "按目标单位" in result.reason


def test_actual_with_comparator_uses_its_number() -> None:
    result = verdict("≤4.5%", "≤3.5%")
    assert (result.achievement, result.actual_number) == (MET, D("3.5"))
    assert "比较符" in result.reason


def test_completion_rate_against_a_count() -> None:
    met = verdict("6000人", "100%")
    assert met.achievement is MET and "完成率" in met.reason and met.actual_number is None
    partly = verdict("6000人", "95%")
    assert (partly.achievement, partly.ratio) == (PARTLY, D("0.95"))


def test_durations_in_different_units_are_compared_in_days() -> None:
    assert verdict("≤2个月", "45天").achievement is MET
    result = verdict("≤30天", "2个月")
    assert (result.achievement, result.ratio, result.unit) == (PARTLY, D("0.5"), "天")


def test_duration_stated_as_at_least_is_positive() -> None:
    result = verdict("使用年限≥8年", "10年")
    assert (result.direction, result.achievement) == (POS, MET)


def test_range_inside_and_outside() -> None:
    assert verdict("90%-95%", "93%").achievement is MET
    below = verdict("90%-95%", "80%")
    assert (below.achievement, below.ratio, below.target_number) == (PARTLY, D(80) / D(90), D(90))
    above = verdict("90%~95%", "97%")
    assert (above.achievement, above.ratio, above.target_number) == (PARTLY, D(95) / D(97), D(95))


def test_qualitative_outcomes() -> None:
    assert verdict("有效促进", "已完成").achievement is MET
    assert verdict("有效促进", "基本完成").achievement is PARTLY
    assert verdict("有效促进", "未完成").achievement is MISSED
    assert verdict("全面落实", "100%").achievement is MET
    same = verdict("无挪用，专项专用", "无挪用，\n专项专用")
    assert (same.achievement, same.reason) == (MET, "实际完成值与目标表述相同")
    placeholder = verdict("按时办结", "计划标准")
    assert placeholder.reason.startswith("实际完成值未填写实际情况")
    assert verdict("有效促进", "成效良好").achievement is UNKNOWN


def test_a_judgement_encodes_to_json_with_exact_decimals() -> None:
    result = verdict("≥95%", "61%")
    assert msgspec.json.decode(msgspec.json.encode(result), type=Judgement) == result


# ------------------------------------------------------------------ properties

_AMOUNTS = st.decimals(
    min_value=D("0.01"), max_value=D(10**6), places=2, allow_nan=False, allow_infinity=False
)
_ACTUALS = st.decimals(min_value=0, max_value=D(10**6), places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(_AMOUNTS, _ACTUALS, st.sampled_from(["≥{a}人", "{a}人", "不低于{a}人", "{a}人以上", "达到{a}人"]))
def test_positive_met_iff_actual_reaches_target(a: Decimal, b: Decimal, form: str) -> None:
    result = verdict(form.format(a=f"{a:f}"), f"{b:f}人")
    assert result.direction is POS
    assert (result.achievement is MET) == (b >= a)
    if 0 < b < a:
        assert (result.achievement, result.ratio) == (PARTLY, b / a)
    if b == 0:
        assert result.achievement is MISSED
    assert result.overshoot == (b >= a * D("1.3"))


@settings(max_examples=300, deadline=None)
@given(_ACTUALS, _ACTUALS, st.sampled_from(["≤{a}%", "不超过{a}%", "{a}%以内", "{a}%以下", "控制在{a}%"]))
def test_reverse_met_iff_actual_within_target(a: Decimal, b: Decimal, form: str) -> None:
    result = verdict(form.format(a=f"{a:f}"), f"{b:f}%")
    assert result.direction is REV
    assert (result.achievement is MET) == (b <= a)
    if b > a:
        assert result.achievement is (MISSED if a == 0 else PARTLY)
        if a > 0:
            assert result.ratio == a / b
    assert not result.overshoot
