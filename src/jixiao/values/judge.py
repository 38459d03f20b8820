"""Decide, for one indicator, its direction and whether the actual value meets the target."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

import msgspec

from jixiao.model.numbers import fmt_plain
from jixiao.values.parse import Comparator, ParsedValue, ValueKind


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
    direction: Direction
    achievement: Achievement
    reason: str
    target_number: Decimal | None = None
    actual_number: Decimal | None = None
    unit: str | None = None
    ratio: Decimal | None = None
    overshoot: bool = False


_OVERSHOOT = Decimal("1.3")
_COUNT_KINDS = (ValueKind.NUMBER, ValueKind.DURATION, ValueKind.DEADLINE, ValueKind.RANGE)


def direction_of(target: ParsedValue) -> Direction:
    if target.kind in (ValueKind.DURATION, ValueKind.DEADLINE):
        return Direction.REVERSE
    if target.kind not in (ValueKind.NUMBER, ValueKind.RANGE):
        return Direction.QUALITATIVE
    if target.comparator in (Comparator.LE, Comparator.LT):
        return Direction.REVERSE
    if target.comparator is Comparator.EQ and target.explicit_comparator:
        return Direction.EQUAL
    return Direction.POSITIVE


def _show(value: Decimal | None, unit: str | None) -> str:
    return f"{fmt_plain(value)}{unit or ''}"


def _common(target: ParsedValue, actual: ParsedValue) -> tuple[Decimal, Decimal, str | None] | None:
    """Both numbers in one unit, or ``None`` when the units cannot be reconciled."""
    a, b = target.number, actual.number
    if a is None or b is None:
        return None
    tu, au = target.unit, actual.unit
    if tu == au:
        return a, b, tu
    if au is None and actual.scale is None:
        return a, b, tu  # "98" against a "%" target reads as 98%
    if tu is None and target.scale is None:
        return a, b, au
    if tu == "万元" and actual.scale:
        return a, b / 10000, "万元"
    if au == "万元" and target.scale:
        return a / 10000, b, "万元"
    return None


def _qualitative(target: ParsedValue, actual: ParsedValue, direction: Direction) -> Judgement:
    text_t, text_a = target.text.strip(), actual.text.strip()
    if actual.grade == "达成" or actual.text.replace(" ", "").replace("\u3000", "") in ("100%", "100%完成"):
        return Judgement(direction, Achievement.MET, f"实际完成值“{text_a}”表明已完成")
    if actual.grade == "部分达成":
        return Judgement(direction, Achievement.PARTLY, f"实际完成值“{text_a}”表明部分完成")
    if actual.grade == "未达成":
        return Judgement(direction, Achievement.MISSED, f"实际完成值“{text_a}”表明未完成")
    if "计划标准" in text_a:
        return Judgement(direction, Achievement.UNKNOWN, "实际完成值填“计划标准”，未填写实际情况")
    if "".join(text_a.split()) == "".join(text_t.split()):
        return Judgement(direction, Achievement.MET, "实际完成值与目标表述相同")
    return Judgement(direction, Achievement.UNKNOWN, f"无法由“{text_a}”判断是否达成“{text_t}”")


def judge(target: ParsedValue, actual: ParsedValue) -> Judgement:
    direction = direction_of(target)
    if target.kind is ValueKind.EMPTY:
        return Judgement(direction, Achievement.UNKNOWN, "缺少年度指标值")
    if actual.kind is ValueKind.EMPTY:
        return Judgement(direction, Achievement.UNKNOWN, "缺少实际完成值")
    if direction is Direction.QUALITATIVE:
        return _qualitative(target, actual, direction)
    # A completion rate reported against a count, duration or deadline: "completed as planned".
    if actual.kind is ValueKind.NUMBER and actual.unit == "%" and target.unit != "%":
        if actual.number is not None and actual.number >= 100:
            return Judgement(
                direction, Achievement.MET, f"实际完成值 {actual.text.strip()} 为完成比例，视为按计划完成"
            )
        if actual.number is not None:
            ratio = actual.number / 100
            return Judgement(direction, Achievement.PARTLY, f"完成比例 {actual.text.strip()}", ratio=ratio)
    if target.kind is ValueKind.DEADLINE:
        return _deadline(target, actual, direction)
    if target.kind is ValueKind.DURATION and actual.kind is ValueKind.DURATION:
        a = Decimal(target.days or 0) + Decimal(target.months or 0) * 30
        b = Decimal(actual.days or 0) + Decimal(actual.months or 0) * 30
        if b <= a:
            return Judgement(
                direction, Achievement.MET, f"用时 {actual.text.strip()} 不超过 {target.text.strip()}"
            )
        return Judgement(
            direction,
            Achievement.PARTLY,
            f"用时 {actual.text.strip()} 超过 {target.text.strip()}",
            target_number=a,
            actual_number=b,
            ratio=a / b,
        )
    if actual.kind not in _COUNT_KINDS:
        return _qualitative(target, actual, direction)
    if target.kind is ValueKind.RANGE:
        return _range(target, actual, direction)
    common = _common(target, actual)
    if common is None:
        return Judgement(
            direction,
            Achievement.UNKNOWN,
            f"单位不一致：目标 {target.text.strip()}，实际 {actual.text.strip()}",
        )
    a, b, unit = common
    shown = f"实际 {_show(b, unit)}"
    note = "（实际值带比较符号，按其数值计）" if actual.explicit_comparator else ""
    if direction is Direction.REVERSE:
        if b <= a and not (target.comparator is Comparator.LT and b == a):
            return Judgement(
                direction, Achievement.MET, f"{shown} ≤ 目标 {_show(a, unit)}，已完成{note}", a, b, unit
            )
        if a == 0:
            return Judgement(direction, Achievement.MISSED, f"{shown}，目标为 0，未完成", a, b, unit)
        return Judgement(
            direction, Achievement.PARTLY, f"{shown} 超过目标 {_show(a, unit)}{note}", a, b, unit, ratio=a / b
        )
    if direction is Direction.EQUAL and a == 0:
        if b <= 0:
            return Judgement(direction, Achievement.MET, f"{shown}，目标为 0，已完成", a, b, unit)
        return Judgement(direction, Achievement.MISSED, f"{shown}，目标为 0，未完成", a, b, unit)
    if b >= a and not (target.comparator is Comparator.GT and b == a):
        overshoot = a > 0 and b >= a * _OVERSHOOT
        extra = "，超出目标 30% 以上，应说明偏差原因" if overshoot else ""
        return Judgement(
            direction,
            Achievement.MET,
            f"{shown} ≥ 目标 {_show(a, unit)}，已完成{extra}{note}",
            a,
            b,
            unit,
            overshoot=overshoot,
        )
    if b <= 0:
        return Judgement(direction, Achievement.MISSED, f"{shown}，未完成目标 {_show(a, unit)}", a, b, unit)
    return Judgement(
        direction,
        Achievement.PARTLY,
        f"{shown} 低于目标 {_show(a, unit)}{note}",
        a,
        b,
        unit,
        ratio=b / a if a else None,
    )


def _deadline(target: ParsedValue, actual: ParsedValue, direction: Direction) -> Judgement:
    if actual.kind is ValueKind.DEADLINE and target.deadline and actual.deadline:
        if "次年" in actual.notes:
            return Judgement(
                direction, Achievement.MISSED, f"实际 {actual.text.strip()} 晚于期限 {target.text.strip()}"
            )
        ty, tm, td = target.deadline
        ay, am, ad = actual.deadline
        met = ay < ty if ty and ay and ay != ty else (am or 0, ad or 0) <= (tm or 12, td or 31)
        if met:
            return Judgement(
                direction, Achievement.MET, f"实际 {actual.text.strip()} 不晚于期限 {target.text.strip()}"
            )
        return Judgement(
            direction, Achievement.MISSED, f"实际 {actual.text.strip()} 晚于期限 {target.text.strip()}"
        )
    return _qualitative(target, actual, direction)


def _range(target: ParsedValue, actual: ParsedValue, direction: Direction) -> Judgement:
    low, high, b = target.number, target.upper, actual.number
    if low is None or high is None or b is None:
        return Judgement(direction, Achievement.UNKNOWN, "区间目标无法比较")
    if low <= b <= high:
        return Judgement(
            direction, Achievement.MET, f"实际 {fmt_plain(b)} 在区间 {target.text.strip()} 内", low, b
        )
    nearest = low if b < low else high
    ratio = b / nearest if b < low else (nearest / b if b else None)
    return Judgement(
        direction,
        Achievement.PARTLY,
        f"实际 {fmt_plain(b)} 在区间 {target.text.strip()} 外",
        nearest,
        b,
        ratio=ratio,
    )
