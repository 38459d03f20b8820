"""The words of the 三公经费 table: which line a label names, and what a figures column holds.

One vocabulary for the table's reader and for the audit that compares the narrative with the table
(``jixiao.audit.checks_sangong``): a line is known by its words, never by its position.
"""

from __future__ import annotations

import re
from typing import Literal

from jixiao.model.cells import clean, year_of

TABLE_KIND = "sangong"  # FigureTable.kind of a 三公经费 table
UNNAMED_COLUMN = "金额"  # the name of a table's one row of figures when the table gives it none

Item = Literal["total", "abroad", "car", "car_purchase", "car_running", "reception"]
Measure = Literal["预算", "决算", "增减", ""]

# The lines as the official template names them, for messages.
ITEM_NAMES: dict[Item, str] = {
    "total": "“三公”经费合计",
    "abroad": "因公出国（境）费",
    "car": "公务用车购置及运行（维护）费",
    "car_purchase": "公务用车购置费",
    "car_running": "公务用车运行（维护）费",
    "reception": "公务接待费",
}
# The three lines that make up the total, and the two that make up the car line.
TOTAL_PARTS: tuple[Item, ...] = ("abroad", "car", "reception")
CAR_PARTS: tuple[Item, ...] = ("car_purchase", "car_running")

_QUOTES = str.maketrans("", "", "“”\"'‘’「」")
_RUNNING = ("运行", "运维", "运转", "运营", "维护")
_PURCHASE = ("购置", "购买", "更新")
# A count, not an amount: 因公出国（境）团组数, 公务用车保有量, 国内公务接待批次…
_COUNTS = ("团组", "人次", "批次", "保有", "数量", "次数", "人数", "辆", "购置数", "台数", "个数")
# Other lines some tables print beside the 三公: not one of its lines.
_OTHERS = ("会议", "培训", "差旅", "办公", "其他")


def item_of(text: str) -> Item | Literal["subtotal"] | None:
    """The 三公 line a label names (``公务用车运行维护费`` -> car_running); ``subtotal`` for a bare 小计
    (the car line when it stands under it); None for anything else (a count, another expense)."""
    t = clean(text).translate(_QUOTES)
    if not t or any(w in t for w in _COUNTS) or any(w in t for w in _OTHERS):
        return None
    if "用车" in t or "车辆" in t:
        purchase, running = any(w in t for w in _PURCHASE), any(w in t for w in _RUNNING)
        if "小计" in t or purchase == running:  # 购置及运行费, 公务用车费, 公务用车…小计
            return "car"
        return "car_purchase" if purchase else "car_running"
    if "出国" in t or "出境" in t:
        return "abroad"
    if "接待" in t:
        return "reception"
    if t in ("小计",):
        return "subtotal"
    if "三公" in t or t in ("合计", "总计", "合计数"):
        return "total"
    return None


# Phrases that name a budget's kind of money, not the figure's kind (一般公共预算 is spent in a 决算).
_BUDGET_NAMES = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算|预算单位|部门预算单位|财政拨款")
_CHANGE = ("增减", "增加", "减少", "变动", "差额", "比上年", "较上年", "增长", "下降")
_NOT_AMOUNT = ("率", "原因", "说明", "备注", "%", "％")


def measure_of(text: str) -> Measure:
    """What a figures column (or a row of figures, or a heading) holds: 预算, 决算 (支出, 实际, 执行),
    增减 (a change), or "" when its words do not say (or say both)."""
    t = _BUDGET_NAMES.sub("", clean(text).translate(_QUOTES))
    if any(w in t for w in _CHANGE):
        return "增减"
    budget = "预算" in t
    actual = "决算" in t or "实际" in t or "执行" in t or ("支出" in t and not budget)
    if budget == actual:
        return ""
    return "预算" if budget else "决算"


def is_amount_column(text: str) -> bool:
    """A column header over amounts (not a rate, a reason or a note)."""
    t = clean(text)
    return not any(w in t for w in _NOT_AMOUNT)


def column_year(text: str) -> int | None:
    return year_of(clean(text))
