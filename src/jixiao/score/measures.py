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


def staffing_rate(dossier: Dossier) -> Measure:
    quota, actual = _num(dossier.fact("编制数")), _num(dossier.fact("在职人数"))
    if quota is None or actual is None:
        return _missing("编制数", "在职人数")
    if quota == 0:
        return Measure(None, "编制数为0，无法计算控制率")
    rate = actual * HUNDRED / quota
    return Measure(rate, f"在职人数 {fmt_plain(actual)} / 编制数 {fmt_plain(quota)} = {fmt(rate)}%")


def sangong_control_rate(dossier: Dossier) -> Measure:
    spent, budget = _num(dossier.fact("三公经费决算数")), _num(dossier.fact("三公经费预算数"))
    if spent is None or budget is None:
        return _missing("三公经费实际支出数", "三公经费预算数")
    if budget == 0:
        return Measure(None, "三公经费预算数为0，无法计算控制率")
    rate = spent * HUNDRED / budget
    return Measure(rate, f"三公经费实际支出 {fmt(spent)} / 预算 {fmt(budget)} = {fmt(rate)}%")


def sangong_change_rate(dossier: Dossier) -> Measure:
    this, last = _num(dossier.fact("三公经费预算数")), _num(dossier.fact("上年三公经费预算数"))
    if this is None or last is None:
        return _missing("本年度三公经费预算数", "上年度三公经费预算数")
    if last == 0:
        return Measure(None, "上年度三公经费预算数为0，无法计算变动率")
    rate = (this - last) * HUNDRED / last
    return Measure(rate, f"({fmt(this)} − {fmt(last)}) / {fmt(last)} = {fmt(rate)}%")


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
