"""Deciding, for one indicator, its direction and whether the actual value achieves the target.

``judge(target, actual)`` compares two ``ParsedValue``: A (the target) and B (the actual) in one
unit. Positive indicators are met when B ≥ A, reverse ones (≤, durations, deadlines) when B ≤ A, a
zero or ``=`` target when B equals it, a range when B lies inside. A qualitative target is met by an
actual that says so (已完成) or repeats it. Anything that cannot be compared is ``UNKNOWN`` with the
reason, never a guess.

A bare number is positive, except under a 成本指标 (``is_cost_indicator``): a cost written without a
sign is a ceiling (200万 spent as 195.5万 is met), as the rules treat 成本指标 as 反向指标.
"""

from __future__ import annotations

import calendar
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

import msgspec

from jixiao.model.numbers import HUNDRED, fmt, fmt_plain
from jixiao.values.parse import (
    GRADE_MET,
    GRADE_MISSED,
    GRADE_PARTLY,
    MONEY_UNIT,
    Comparator,
    ParsedValue,
    ValueKind,
    compact,
    scaled,
)


class Direction(StrEnum):
    POSITIVE = "正向"
    REVERSE = "反向"
    EQUAL = "等于"
    QUALITATIVE = "定性"


class Achievement(StrEnum):
    MET = "met"
    PARTLY = "partly"
    MISSED = "missed"
    UNKNOWN = "cannot_tell"


class Judgement(msgspec.Struct, frozen=True, omit_defaults=True):
    """The verdict on one indicator.

    ``target_number`` (A) and ``actual_number`` (B) are in ``unit``, the unit both were brought to; for
    a range target A is the bound B was compared with (the lower bound when B is inside). ``ratio`` is
    B/A for positive and equal indicators, A/B for reverse ones, unrounded, ``None`` when a zero or a
    negative number makes it meaningless. ``overshoot``: a positive indicator with B ≥ 1.3·A, which asks
    for a 偏差说明.
    """

    direction: Direction
    achievement: Achievement
    reason: str  # one line in Chinese, with the numbers
    target_number: Decimal | None = None
    actual_number: Decimal | None = None
    unit: str | None = None
    ratio: Decimal | None = None
    overshoot: bool = False


_OVERSHOOT = Decimal("1.3")
_TEN_THOUSANDTH = Decimal("0.0001")
# A bare 万/亿 number compared in units of 万 (28万 -> 28); with money it reads as 万元.
_WAN = "万"
_SIGN_OF = {
    Comparator.GE: "≥",
    Comparator.GT: ">",
    Comparator.LE: "≤",
    Comparator.LT: "<",
    Comparator.EQ: "=",
}
_GRADE_ACHIEVEMENT = {
    GRADE_MET: Achievement.MET,
    GRADE_PARTLY: Achievement.PARTLY,
    GRADE_MISSED: Achievement.MISSED,
}
_ACHIEVEMENT_WORDS = {
    Achievement.MET: "已完成",
    Achievement.PARTLY: "部分完成",
    Achievement.MISSED: "未完成",
}
# Count units that name the same thing.
_SAME_UNIT = {"名": "人", "位": "人"}
# Time units in days, to compare durations written in different units.
_DAYS_IN = {
    "天": Decimal(1),
    "工作日": Decimal(1),
    "周": Decimal(7),
    "月": Decimal(30),
    "年": Decimal(365),
    "小时": Decimal(1) / 24,
    "分钟": Decimal(1) / 1440,
}
# Actuals that only repeat a form's wording instead of stating what happened.
_PLACEHOLDERS = frozenset(
    (
        "计划标准",
        "按计划标准",
        "政策标准",
        "同目标",
        "同指标值",
        "同年度指标值",
        "同上",
        "见附件",
        "详见附件",
        "略",
    )
)
# Actuals that say a deadline was kept.
_ON_TIME_WORDS = ("按时", "按期", "如期", "及时", "准时")
# How a reason names a quantitative target other than a number (定量指标).
_KIND_WORDS = {ValueKind.DEADLINE: "期限", ValueKind.DURATION: "时限", ValueKind.RANGE: "区间目标"}
_RELATIVE_YEAR_NAMES = {1: "次年", -1: "上年"}


# The headings of cost indicators: 二级指标 成本指标 (财预〔2020〕10号 表式), 经济/社会/生态环境成本指标
# under the 一级指标 成本指标 (2021 年起的中央表式), 成本目标 (forms that name their headings 目标).
_COST_WORD = "成本"
_COST_DEFAULT_NOTE = "成本指标未写比较符，按上限（≤）判断"


def is_cost_indicator(level1: str | None, level2: str | None) -> bool:
    """An indicator filed under a cost heading: its 二级指标 names 成本 (成本指标, 经济成本指标…), or its
    一级指标 does (成本指标 as a first level, its 二级 left blank or named by kind).

    The rules make 成本指标 reverse (反向, smaller is better): a cost target is a ceiling on spending.
    """
    return _COST_WORD in compact(level2 or "") or _COST_WORD in compact(level1 or "")


def _cost_ceiling(target: ParsedValue) -> bool:
    """A target a cost heading makes a ceiling: an amount written without a sign (200万, 400元/人/月).

    A rate under a cost heading (成本控制率 100%, 补助达标率 100%, 资金节约率 5%) carries its direction
    in its name, not in the heading, and keeps the default of a bare number; so does a number without
    a unit (成本控制率 100), which the judge reads as a rate when the actual is one.
    """
    return (
        target.kind is ValueKind.NUMBER
        and not target.explicit_comparator
        and (target.unit is not None or target.scale is not None)
        and target.unit != "%"
        and target.number is not None
        and target.number != 0
    )


def direction_of(target: ParsedValue, *, cost: bool = False) -> Direction:
    """The direction a target implies.

    ≥/>/bare number: positive; ≤/<: reverse; ``=`` written or a zero target: equal; a range: equal (B
    should lie inside); durations and deadlines: reverse (less time is better) unless a duration says
    ≥ (使用年限≥8年); words: qualitative. ``cost``: the indicator is a 成本指标 (``is_cost_indicator``),
    whose bare amount is a ceiling: reverse. A written sign always wins.
    """
    kind, comparator = target.kind, target.comparator
    if kind is ValueKind.DEADLINE:
        return Direction.REVERSE
    if kind is ValueKind.DURATION:
        positive = target.explicit_comparator and comparator in (Comparator.GE, Comparator.GT)
        return Direction.POSITIVE if positive else Direction.REVERSE
    if kind is ValueKind.RANGE:
        return Direction.EQUAL
    if kind is not ValueKind.NUMBER:
        return Direction.QUALITATIVE
    if comparator in (Comparator.LE, Comparator.LT):
        return Direction.REVERSE
    if comparator is Comparator.EQ and (target.explicit_comparator or target.number == 0):
        return Direction.EQUAL
    if cost and _cost_ceiling(target):
        return Direction.REVERSE
    return Direction.POSITIVE


def judge(target: ParsedValue, actual: ParsedValue, *, cost: bool = False) -> Judgement:
    """Direction and achievement of one indicator from its parsed target and actual.

    ``cost``: the indicator is a 成本指标 (``is_cost_indicator`` of its 一级/二级指标); a bare amount is
    then judged as a ceiling, and the reason says so.
    """
    verdict = _judge(target, actual, direction_of(target, cost=cost))
    if cost and verdict.actual_number is not None and _cost_ceiling(target):
        return msgspec.structs.replace(verdict, reason=_with_notes(verdict.reason, [_COST_DEFAULT_NOTE]))
    return verdict


def _judge(target: ParsedValue, actual: ParsedValue, direction: Direction) -> Judgement:
    if target.kind is ValueKind.EMPTY:
        return Judgement(direction, Achievement.UNKNOWN, "缺少年度指标值")
    if actual.kind is ValueKind.EMPTY:
        return Judgement(direction, Achievement.UNKNOWN, "缺少实际完成值")
    if direction is Direction.QUALITATIVE:
        return _judge_words(direction, target, actual)
    if actual.kind in (ValueKind.QUALITATIVE, ValueKind.TEXT):
        return _judge_text_actual(direction, target, actual)
    if _is_completion_rate(target, actual):
        return _judge_completion_rate(direction, target, actual)
    if target.kind is ValueKind.DEADLINE:
        return _judge_deadline(direction, target, actual)
    if actual.kind is ValueKind.DEADLINE:
        return Judgement(
            direction, Achievement.UNKNOWN, f"实际完成值“{_shown(actual)}”为时间，目标为数量，无法比较"
        )
    return _judge_quantity(direction, target, actual)


# --------------------------------------------------------------------------------------------------
# Numbers


class _Alignment(NamedTuple):
    """How to bring the target's and the actual's numbers into one unit."""

    target_factor: Decimal
    actual_factor: Decimal
    unit: str | None
    notes: tuple[str, ...]


def _measure(value: ParsedValue) -> tuple[str | None, Decimal]:
    """The unit a value is compared in and the factor from its ``number``: a bare 28万 is 28 万."""
    if value.unit is None and value.scale is not None:
        return _WAN, _TEN_THOUSANDTH
    return value.unit, Decimal(1)


def _align(target: ParsedValue, actual: ParsedValue) -> _Alignment | str:
    """The common unit of two values, or the reason (单位不一致 …) why they have none."""
    t_unit, t_factor = _measure(target)
    a_unit, a_factor = _measure(actual)
    notes: list[str] = []
    if t_unit == _WAN and a_unit == MONEY_UNIT:
        t_unit = MONEY_UNIT
        notes.append(f"目标“{_shown(target)}”按万元读")
    if a_unit == _WAN and t_unit == MONEY_UNIT:
        a_unit = MONEY_UNIT
        notes.append(f"实际“{_shown(actual)}”按万元读")
    if a_unit is None:
        if t_unit is not None:
            notes.append(f"实际完成值未写单位，按目标单位“{t_unit}”读")
        a_unit = t_unit
    elif t_unit is None:
        notes.append(f"年度指标值未写单位，按实际单位“{a_unit}”读")
        t_unit = a_unit
    if t_unit == a_unit:
        return _Alignment(t_factor, a_factor, t_unit, tuple(notes))
    if _canonical(t_unit) == _canonical(a_unit):
        notes.append(f"“{a_unit}”与“{t_unit}”视为同一单位")
        return _Alignment(t_factor, a_factor, t_unit, tuple(notes))
    if t_unit in _DAYS_IN and a_unit in _DAYS_IN:
        notes.append("时间单位不同，按 1 周 = 7 天、1 月 = 30 天、1 年 = 365 天折算")
        return _Alignment(t_factor * _DAYS_IN[t_unit], a_factor * _DAYS_IN[a_unit], "天", tuple(notes))
    return f"单位不一致：目标为“{t_unit}”，实际为“{a_unit}”"


def _canonical(unit: str | None) -> str | None:
    return _SAME_UNIT.get(unit, unit) if unit is not None else None


def _judge_quantity(direction: Direction, target: ParsedValue, actual: ParsedValue) -> Judgement:
    """A number, duration or range target against a number, duration or range actual."""
    alignment = _align(target, actual)
    if isinstance(alignment, str):
        return Judgement(direction, Achievement.UNKNOWN, alignment)
    notes = list(alignment.notes)
    raw = _actual_number(direction, actual, notes)
    if target.number is None or raw is None:  # pragma: no cover - numeric kinds always carry a number
        return Judgement(direction, Achievement.UNKNOWN, "缺少可比较的数值")
    b = scaled(raw, alignment.actual_factor)
    a = scaled(target.number, alignment.target_factor)
    if target.kind is ValueKind.RANGE and target.upper is not None:
        high = scaled(target.upper, alignment.target_factor)
        return _compare_range(direction, a, high, b, alignment.unit, notes)
    return _compare(direction, a, b, alignment.unit, notes)


def _actual_number(direction: Direction, actual: ParsedValue, notes: list[str]) -> Decimal | None:
    """The actual's number to compare: a range gives its worse bound; a comparator is noted."""
    if actual.kind is ValueKind.RANGE:
        if direction is Direction.REVERSE:
            notes.append("实际完成值为区间，按上限计")
            return actual.upper
        notes.append("实际完成值为区间，按下限计")
        return actual.number
    if actual.explicit_comparator and actual.comparator not in (None, Comparator.EQ):
        sign = _SIGN_OF[actual.comparator] if actual.comparator else ""
        notes.append(f"实际完成值写有比较符“{sign}”，按其数值计")
    return actual.number


def _compare(direction: Direction, a: Decimal, b: Decimal, unit: str | None, notes: list[str]) -> Judgement:
    """Positive: B ≥ A met, 0 < B < A partly, B ≤ 0 missed. Reverse: B ≤ A met, else partly (A = 0:
    missed). Equal: B = A met; a zero target is missed by any B > 0."""
    shown_a, shown_b = _number(a, unit), _number(b, unit)
    overshoot = False
    if direction is Direction.REVERSE:
        ratio = a / b if b > 0 and a >= 0 else None
        if b <= a:
            achievement, text = Achievement.MET, f"实际 {shown_b} ≤ 目标 {shown_a}，已完成"
        elif a <= 0:
            achievement, text = Achievement.MISSED, f"实际 {shown_b} > 目标 {shown_a}，未完成"
        else:
            achievement = Achievement.PARTLY
            text = f"实际 {shown_b} > 目标 {shown_a}，部分完成（目标/实际 = {_percent(ratio)}）"
    elif direction is Direction.EQUAL:
        ratio = b / a if a > 0 and b >= 0 else None
        if b == a or (a == 0 and b <= 0):
            achievement, text = Achievement.MET, f"实际 {shown_b} = 目标 {shown_a}，已完成"
        elif a <= 0 or b <= 0:
            achievement, text = Achievement.MISSED, f"实际 {shown_b} ≠ 目标 {shown_a}，未完成"
        else:
            achievement = Achievement.PARTLY
            text = f"实际 {shown_b} ≠ 目标 {shown_a}，部分完成（实际/目标 = {_percent(ratio)}）"
    else:
        ratio = b / a if a > 0 and b >= 0 else None
        if b >= a:
            achievement, text = Achievement.MET, f"实际 {shown_b} ≥ 目标 {shown_a}，已完成"
            overshoot = a > 0 and b >= a * _OVERSHOOT
            if overshoot:
                text += "，超出目标 30% 以上，需作偏差说明"
        elif b > 0:
            achievement = Achievement.PARTLY
            text = f"实际 {shown_b} < 目标 {shown_a}，部分完成（实际/目标 = {_percent(ratio)}）"
        else:
            achievement, text = Achievement.MISSED, f"实际 {shown_b} < 目标 {shown_a}，未完成"
    return Judgement(direction, achievement, _with_notes(text, notes), a, b, unit, ratio, overshoot)


def _compare_range(
    direction: Direction, low: Decimal, high: Decimal, b: Decimal, unit: str | None, notes: list[str]
) -> Judgement:
    """Inside the range: met; outside: partly, with the ratio to the nearest bound."""
    span, shown_b = f"{_number(low, unit)}–{_number(high, unit)}", _number(b, unit)
    if low <= b <= high:
        text = f"实际 {shown_b} 在目标区间 {span} 内，已完成"
        return Judgement(direction, Achievement.MET, _with_notes(text, notes), low, b, unit)
    if b < low:
        ratio = b / low if low > 0 and b >= 0 else None
        text = f"实际 {shown_b} 低于目标区间 {span}，部分完成（实际/下限 = {_percent(ratio)}）"
        return Judgement(direction, Achievement.PARTLY, _with_notes(text, notes), low, b, unit, ratio)
    ratio = high / b if b > 0 and high >= 0 else None
    text = f"实际 {shown_b} 高于目标区间 {span}，部分完成（上限/实际 = {_percent(ratio)}）"
    return Judgement(direction, Achievement.PARTLY, _with_notes(text, notes), high, b, unit, ratio)


def _is_completion_rate(target: ParsedValue, actual: ParsedValue) -> bool:
    """An actual in % against a target that is not a rate: a count, money, a duration, a deadline."""
    if actual.kind is not ValueKind.NUMBER or actual.unit != "%":
        return False
    if target.kind in (ValueKind.DURATION, ValueKind.DEADLINE):
        return True
    if target.unit == "%":
        return False
    if target.unit is not None or target.scale is not None:
        return True
    # A target without a unit: the customary "100%" means "done" (≤27 vs 100%); any other rate is read
    # as the rate the target left without its % sign (≤4.5 vs 4.2%).
    return target.kind is ValueKind.NUMBER and actual.number == HUNDRED and target.number != HUNDRED


def _judge_completion_rate(direction: Direction, target: ParsedValue, actual: ParsedValue) -> Judgement:
    """An actual "100%" against "6000人" or "30天内": the share of the plan done, not the quantity."""
    rate = actual.number
    if rate is None:  # pragma: no cover - a % number always carries its number
        return Judgement(direction, Achievement.UNKNOWN, "缺少可比较的数值")
    unit, factor = _measure(target)
    a = scaled(target.number, factor) if target.number is not None else None
    ratio = rate / HUNDRED
    head = f"实际完成值 {fmt_plain(rate)}% 为完成率而非数量（目标 {_shown(target)}）"
    if rate >= HUNDRED:
        achievement, text = Achievement.MET, f"{head}，视为按计划完成"
    elif rate > 0:
        achievement, text = Achievement.PARTLY, f"{head}，部分完成"
    else:
        achievement, text = Achievement.MISSED, f"{head}，未完成"
    return Judgement(direction, achievement, text, target_number=a, unit=unit, ratio=ratio)


# --------------------------------------------------------------------------------------------------
# Deadlines

_Day = tuple[int, int, int]


def _judge_deadline(direction: Direction, target: ParsedValue, actual: ParsedValue) -> Judgement:
    """Met when the actual date is no later than the target's; missed when it is surely later."""
    if actual.kind is not ValueKind.DEADLINE or actual.deadline is None or target.deadline is None:
        text = f"实际完成值“{_shown(actual)}”不是时间，无法与期限“{_shown(target)}”比较"
        return Judgement(direction, Achievement.UNKNOWN, text)
    if target.deadline[1] is None and target.deadline[2] is not None:
        return Judgement(
            direction, Achievement.UNKNOWN, f"目标“{_shown(target)}”为每月期限，无法与单一时间比较"
        )
    if actual.deadline[1] is None and actual.deadline[2] is not None:
        return Judgement(direction, Achievement.UNKNOWN, f"实际“{_shown(actual)}”为每月期限，无法与目标比较")
    notes: list[str] = []
    with_years = target.deadline[0] is not None and actual.deadline[0] is not None
    if not with_years and (target.deadline[0] is not None or actual.deadline[0] is not None):
        notes.append("年份只写在一方，按同一年度比较")
    _, due = _span(target, with_years)
    first, last = _span(actual, with_years)
    shown_a, shown_t = _date(actual), _date(target)
    if last <= due:
        return Judgement(
            direction, Achievement.MET, _with_notes(f"实际 {shown_a} 不晚于目标 {shown_t}，按期完成", notes)
        )
    if first > due:
        return Judgement(
            direction,
            Achievement.MISSED,
            _with_notes(f"实际 {shown_a} 晚于目标 {shown_t}，未按期完成", notes),
        )
    text = f"实际 {shown_a} 与目标 {shown_t} 的先后无法判断（时间写得不够具体）"
    return Judgement(direction, Achievement.UNKNOWN, _with_notes(text, notes))


def _span(value: ParsedValue, with_years: bool) -> tuple[_Day, _Day]:
    """The first and last day a deadline may mean (12月 -> 12-01 .. 12-31), years relative unless both known."""
    year, month, day = value.deadline or (None, None, None)
    key = (year or 0) + value.year_offset if with_years else value.year_offset
    calendar_year = year if year is not None else 2001
    first = (key, month or 1, day or 1)
    last_month = month or 12
    last = (key, last_month, day or calendar.monthrange(calendar_year, last_month)[1])
    return first, last


def _date(value: ParsedValue) -> str:
    """A deadline for a reason: 2023年12月31日, 次年3月, 12月."""
    year, month, day = value.deadline or (None, None, None)
    if year is not None:
        head = f"{year}年"
    elif value.year_offset:
        head = _RELATIVE_YEAR_NAMES.get(value.year_offset, f"第{value.year_offset:+d}年")
    else:
        head = ""
    return head + (f"{month}月" if month else "") + (f"{day}日" if day else "") or _shown(value)


# --------------------------------------------------------------------------------------------------
# Words


def _judge_words(direction: Direction, target: ParsedValue, actual: ParsedValue) -> Judgement:
    """A qualitative or text target: met by an actual that repeats it or states an outcome."""
    if compact(target.text) == compact(actual.text):
        return Judgement(direction, Achievement.MET, "实际完成值与目标表述相同")
    if compact(actual.text) in _PLACEHOLDERS:
        return Judgement(direction, Achievement.UNKNOWN, f"实际完成值未填写实际情况（“{_shown(actual)}”）")
    if actual.grade is not None:
        achievement = _GRADE_ACHIEVEMENT[actual.grade]
        text = f"实际完成值写明“{_shown(actual)}”，判为{_ACHIEVEMENT_WORDS[achievement]}"
        return Judgement(direction, achievement, text)
    rate = actual.number if actual.kind is ValueKind.NUMBER and actual.unit == "%" else None
    if rate is not None and rate >= HUNDRED:
        text = f"实际完成值 {fmt_plain(rate)}% 视为按计划完成（目标为文字表述“{_shown(target)}”）"
        return Judgement(direction, Achievement.MET, text, ratio=rate / HUNDRED)
    if actual.kind not in (ValueKind.QUALITATIVE, ValueKind.TEXT):
        text = f"年度指标值为文字表述“{_shown(target)}”，无法与实际“{_shown(actual)}”比较"
        return Judgement(direction, Achievement.UNKNOWN, text)
    return Judgement(
        direction, Achievement.UNKNOWN, f"实际完成值“{_shown(actual)}”未说明是否达成“{_shown(target)}”"
    )


def _judge_text_actual(direction: Direction, target: ParsedValue, actual: ParsedValue) -> Judgement:
    """A quantitative target with an actual in words: only a stated outcome (or 按时 for a deadline) counts."""
    if compact(actual.text) in _PLACEHOLDERS:
        return Judgement(direction, Achievement.UNKNOWN, f"实际完成值未填写实际情况（“{_shown(actual)}”）")
    if actual.grade is not None:
        achievement = _GRADE_ACHIEVEMENT[actual.grade]
        text = (
            f"实际完成值为文字表述“{_shown(actual)}”，目标为{_KIND_WORDS.get(target.kind, '定量指标')}“{_shown(target)}”，"
            f"按所述结果判为{_ACHIEVEMENT_WORDS[achievement]}"
        )
        return Judgement(direction, achievement, text)
    on_time = any(word in compact(actual.text) for word in _ON_TIME_WORDS)
    if on_time and target.kind in (ValueKind.DEADLINE, ValueKind.DURATION):
        text = f"实际完成值写明“{_shown(actual)}”，视为在期限“{_shown(target)}”内完成"
        return Judgement(direction, Achievement.MET, text)
    text = f"实际完成值为文字表述“{_shown(actual)}”，无法与{_KIND_WORDS.get(target.kind, '定量指标')}“{_shown(target)}”比较"
    return Judgement(direction, Achievement.UNKNOWN, text)


# --------------------------------------------------------------------------------------------------
# Formatting


def _number(value: Decimal, unit: str | None) -> str:
    return f"{fmt_plain(value)}{unit or ''}"


def _percent(ratio: Decimal | None) -> str:
    return f"{fmt(ratio * HUNDRED)}%" if ratio is not None else "—"


def _shown(value: ParsedValue) -> str:
    """The value's text on one line (normalised, whitespace removed)."""
    return compact(value.text) or "（空）"


def _with_notes(text: str, notes: list[str]) -> str:
    return "；".join((text, *notes))
