"""Figures and chart options for a year's dossiers (plain dicts for the vendored echarts)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from jixiao.audit.finding import CHECKS
from jixiao.web.dossiers.models import DossierRecord

RATE_BANDS = (
    ("60% 以下", Decimal(0), Decimal(60)),
    ("60–80%", Decimal(60), Decimal(80)),
    ("80–90%", Decimal(80), Decimal(90)),
    ("90–95%", Decimal(90), Decimal(95)),
    ("95–100%", Decimal(95), Decimal(100)),
    ("100% 及以上", Decimal(100), Decimal(10**9)),
)
LOWEST = 15

SCORE_BANDS = (
    ("60 以下", Decimal(0), Decimal(60)),
    ("60–70", Decimal(60), Decimal(70)),
    ("70–80", Decimal(70), Decimal(80)),
    ("80–90", Decimal(80), Decimal(90)),
    ("90–100", Decimal(90), Decimal(1000)),
)


def check_titles() -> dict[str, str]:
    return {c.code: c.title for c in CHECKS}


def _bar(
    title: str, names: list[str], values: list[Any], unit: str = "", horizontal: bool = False
) -> dict[str, Any]:
    category = {"type": "category", "data": names, "axisLabel": {"interval": 0}}
    value = {"type": "value", "name": unit, "minInterval": 1}
    return {
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 150 if horizontal else 50, "right": 70, "top": 40, "bottom": 40},
        "xAxis": value if horizontal else category,
        "yAxis": category if horizontal else value,
        "series": [
            {
                "type": "bar",
                "data": values,
                "label": {"show": True, "position": "right" if horizontal else "top"},
            }
        ],
    }


def charts(records: Iterable[DossierRecord]) -> dict[str, Any]:
    items = list(records)
    # the computed total; where the rules leave part of it to a person, the declared total stands in
    totals = [r.total if r.total is not None else r.declared_total for r in items]
    bands = [sum(1 for t in totals if t is not None and lo <= t < hi) for _, lo, hi in SCORE_BANDS]
    grades = Counter(r.grade or "未评" for r in items)
    rated = sorted((r for r in items if r.execution_rate is not None), key=lambda r: r.execution_rate or 0)
    codes = Counter(code for r in items for code in r.finding_codes)
    titles = check_titles()
    top = codes.most_common(10)[::-1]
    return {
        "scores": _bar("总分分布（计算值；需人工评分的按填报值）", [b[0] for b in SCORE_BANDS], bands, "家"),
        "grades": {
            "title": {"text": "等级分布", "left": "center", "textStyle": {"fontSize": 14}},
            "tooltip": {"trigger": "item"},
            "series": [
                {
                    "type": "pie",
                    "radius": ["35%", "65%"],
                    "data": [{"name": g, "value": n} for g, n in sorted(grades.items())],
                    "label": {"formatter": "{b}：{c}"},
                }
            ],
        },
        "rates": _bar(
            "预算执行率分布",
            [b[0] for b in RATE_BANDS],
            [sum(1 for r in rated if lo <= (r.execution_rate or 0) < hi) for _, lo, hi in RATE_BANDS],
            "家",
        ),
        "lowest": _bar(
            f"执行率最低的 {min(LOWEST, len(rated))} 家（%）",
            [r.task.unit.name[-14:] for r in rated[:LOWEST]][::-1],
            [str(r.execution_rate) for r in rated[:LOWEST]][::-1],
            "%",
            horizontal=True,
        ),
        "findings": _bar(
            "最常见的审核发现",
            [f"{code} {titles.get(code, '')}"[:22] for code, _ in top],
            [n for _, n in top],
            "次",
            horizontal=True,
        ),
    }
