"""Indicator values: read 年度指标值 / 实际完成值 as written, and judge direction and achievement."""

from jixiao.values.judge import (
    Achievement,
    Direction,
    Judgement,
    direction_of,
    is_cost_indicator,
    judge,
)
from jixiao.values.parse import Comparator, ParsedValue, ValueKind, parse_value

__all__ = [
    "Achievement",
    "Comparator",
    "Direction",
    "Judgement",
    "ParsedValue",
    "ValueKind",
    "direction_of",
    "is_cost_indicator",
    "judge",
    "parse_value",
]
