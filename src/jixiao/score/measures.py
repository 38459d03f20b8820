"""Named measures a rubric scores: each computed from figures the dossier states, with its inputs shown.

A measure whose inputs the documents do not state is ``None``: the rubric row is then scored as the
range its standard allows, and the explanation says which figure is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import msgspec

from jixiao.model.dossier import Dossier, FigureTable, Val
from jixiao.model.numbers import HUNDRED, fmt, fmt_plain
from jixiao.values import parse_value


class Measure(msgspec.Struct, frozen=True):
    value: Decimal | None
    explanation: str
    case: str | None = None


def _missing(*names: str) -> Measure:
    return Measure(None, "文件中未找到" + "、".join(names) + "，无法计算")


def _num(val: Val | None) -> Decimal | None:
    return val.num if val is not None else None


def _figure(dossier: Dossier, kind: str, row_word: str, column: str) -> Val | None:
    for table in dossier.figure_tables:
        if table.kind != kind:
            continue
        value = _cell(table, row_word, column)
        if value is not None:
            return value
    return None


def _cell(table: FigureTable, row_word: str, column: str) -> Val | None:
    if column not in table.columns:
        return None
    index = table.columns.index(column) - (
        len(table.columns) - len(table.rows[0].values) if table.rows else 0
    )
    for row in table.rows:
        if not (row_word in row.label or (row_word == "汇总" and row.is_total)) or not 0 <= index < len(
            row.values
        ):
            continue
        value = row.values[index]
        if value is not None and value.num is not None:
            return value
    return None


def _rate(
    dossier: Dossier, part: str, whole: str, shown: tuple[str, str], base: Decimal | None = None
) -> Measure:
    """``(part − base) / whole × 100%`` from two stated facts (``base`` for change rates)."""
    top, bottom = _num(dossier.fact(part)), _num(dossier.fact(whole))
    if top is None or bottom is None:
        return _missing(*shown)
    if bottom == 0:
        return Measure(None, f"{shown[1]}为0，无法计算")
    rate = (top - (base or 0)) * HUNDRED / bottom
    if base is not None:
        return Measure(
            rate, f"({shown[0]} {fmt(top)} − {fmt(base)}) / {shown[1]} {fmt(bottom)} = {fmt(rate)}%"
        )
    return Measure(rate, f"{shown[0]} {fmt_plain(top)} / {shown[1]} {fmt_plain(bottom)} = {fmt(rate)}%")


def staffing_rate(dossier: Dossier) -> Measure:
    return _rate(dossier, "在职人数", "编制数", ("在职人数", "编制数"))


def sangong_control_rate(dossier: Dossier) -> Measure:
    return _rate(dossier, "三公经费决算数", "三公经费预算数", ("三公经费实际支出", "三公经费预算数"))


def sangong_change_rate(dossier: Dossier) -> Measure:
    last = _num(dossier.fact("上年三公经费预算数"))
    if last is None:
        return _missing("本年度三公经费预算数", "上年度三公经费预算数")
    return _rate(
        dossier,
        "三公经费预算数",
        "上年三公经费预算数",
        ("本年度三公经费预算数", "上年度三公经费预算数"),
        last,
    )


def budget_adjustment_rate(dossier: Dossier) -> Measure:
    planned = _figure(dossier, "overall_budget", "本年支出合计", "预算安排")
    adjusted = _figure(dossier, "overall_budget", "本年支出合计", "预算调整")
    if planned is None or adjusted is None or planned.num is None or adjusted.num is None:
        return _missing("年初预算安排数", "调整后预算数")
    if planned.num == 0:
        return Measure(None, "年初预算安排为0，无法计算调整率")
    rate = abs(adjusted.num - planned.num) * HUNDRED / planned.num
    return Measure(
        rate, f"|调整后 {fmt(adjusted.num)} − 年初 {fmt(planned.num)}| / {fmt(planned.num)} = {fmt(rate)}%"
    )


def balance_case(dossier: Dossier) -> Measure:
    closing = _figure(dossier, "overall_budget", "年末结转和结余", "实际支出")
    opening = _figure(dossier, "overall_budget", "年初结转和结余", "实际支出")
    if closing is None or closing.num is None:
        return _missing("年末结转和结余")
    if closing.num == 0:
        return Measure(closing.num, "年末结转和结余为0", case="无结余")
    if opening is None or opening.num is None:
        return _missing("上年结转（年初结转和结余）")
    case = "未超过上年结转" if closing.num <= opening.num else "超过上年结转"
    sign = "≤" if closing.num <= opening.num else ">"
    return Measure(
        closing.num,
        f"年末结转和结余 {fmt(closing.num)} {sign} 上年结转 {fmt(opening.num)}，{case}",
        case=case,
    )


def asset_use_rate(dossier: Dossier) -> Measure:
    used = _figure(dossier, "institution_assets", "汇总", "在用固定资产")
    total = _figure(dossier, "institution_assets", "汇总", "固定资产合计")
    if used is None or total is None or used.num is None or total.num is None:
        return _missing("在用固定资产", "固定资产合计")
    if total.num == 0:
        return Measure(None, "固定资产合计为0，无法计算利用率")
    rate = used.num * HUNDRED / total.num
    return Measure(rate, f"在用 {fmt(used.num)} / 合计 {fmt(total.num)} = {fmt(rate)}%")


def satisfaction(dossier: Dossier) -> Measure:
    for evaluation in dossier.evaluations:
        for indicator in evaluation.indicators:
            if "满意" in indicator.level2 + indicator.name and indicator.actual is not None:
                parsed = parse_value(indicator.actual.text)
                if parsed.number is not None and parsed.unit == "%":
                    return Measure(
                        parsed.number, f"满意度实际完成值“{indicator.actual.text}”读作 {fmt(parsed.number)}%"
                    )
    return _missing("满意度调查结果")


def _stated(name: str) -> Callable[[Dossier], Measure]:
    def measure(dossier: Dossier) -> Measure:
        value = _num(dossier.fact(name))
        return Measure(value, f"文件所填{name} {fmt_plain(value)}") if value is not None else _missing(name)

    return measure


MEASURES: dict[str, Callable[[Dossier], Measure]] = {
    "财政供养人员控制率": staffing_rate,
    "三公经费控制率": sangong_control_rate,
    "三公经费变动率": sangong_change_rate,
    "预算调整率": budget_adjustment_rate,
    "资金结余情况": balance_case,
    "固定资产利用率": asset_use_rate,
    "满意度": satisfaction,
    "重点支出安排率": _stated("重点支出安排率"),
    "政府采购执行率": _stated("政府采购执行率"),
    "公务卡刷卡率": _stated("公务卡刷卡率"),
    "未按进度下达专项数": _stated("未按进度下达专项数"),
    "资金使用不合规例数": _stated("资金使用不合规例数"),
    "资产管理不合规例数": _stated("资产管理不合规例数"),
}


def measure(name: str, dossier: Dossier) -> Measure:
    function = MEASURES.get(name)
    return function(dossier) if function else Measure(None, f"未定义的测算项“{name}”")
