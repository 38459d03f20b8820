"""Checks on single cells and rows of the forms: what a reviewer sees at a glance when a cell holds
the wrong kind of thing (a value where a name belongs, a target where a result belongs, the
template's instruction where the unit's own text belongs, an impossible rate, last year's year).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao.audit.checks import _flat, _pairs, _pct_ok, _rows, unattributed
from jixiao.audit.finding import Check, Finding, check, could_not_check, finding
from jixiao.model.dossier import Dossier, Evaluation, Indicator, Val
from jixiao.model.numbers import fmt, fmt_plain
from jixiao.score.result import DocumentResult
from jixiao.score.scorer import parse_text
from jixiao.values import ValueKind


def _where(value: Val | None, indicator: Indicator | None = None) -> str | None:
    if value is not None and value.loc is not None:
        return value.loc.short()
    if indicator is not None and indicator.loc is not None:
        return indicator.loc.short()
    return None


def _table_name(evaluation: Evaluation) -> str:
    return evaluation.name.text if evaluation.name and evaluation.name.text else evaluation.title


# ---------------------------------------------------------------- C008 names and levels

# A cell that holds nothing but a value: "≤20万元", "100%", "2023年内", "12月31日前".
_VALUE_ONLY = re.compile(
    r"^(?:[≤≥<>＜＞≦≧]\s*)?\d+(?:\.\d+)?\s*(?:%|％|万元|元|万|人|件|个|天|次|户|份)?$"
    r"|^20\d{2}\s*年(?:内|底前|年底前|度内)?(?:完成)?$"
    r"|^\d{1,2}\s*月(?:\d{1,2}\s*日)?(?:前|内)?(?:完成)?$"
)


@check("C008", "completeness", "warning", "指标缺少名称或一级、二级指标（列错位）")
def indicator_names_and_levels(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """A row without a 三级指标 name, with a value written where the name belongs (the row's cells
    shifted one column), or without any 一级/二级指标 it could be counted under: once for the table when
    no row of it has one (its level columns are missing, not a row's cells); 无法核对 for the rows before
    the first labelled one of a table whose head was not read (the stored text starts inside the table,
    their merged level cell above it); never for a row with no 分值 and no 得分 (nothing to count)."""
    for e_index, (evaluation, table) in enumerate(_pairs(dossier, scored)):
        pairs = list(_rows(evaluation, table))
        counted = {id(r) for _, r in pairs if r.weight is not None or r.declared_score is not None}
        whole = len(counted) > 1 and all(unattributed(r.level1) for _, r in pairs if id(r) in counted)
        headless = evaluation.name is None and evaluation.budget is None
        if whole:
            table_name = _table_name(evaluation).strip()
            message = f"{f'“{table_name}”' if table_name else '表中'}全部 {len(counted)} 项指标均未标明一级、二级指标"
            where = evaluation.loc.short() if evaluation.loc else _where(None, pairs[0][0])
            if headless:
                yield could_not_check(
                    spec,
                    f"{message}（表格始于所存文本之前，其合并单元格可能在上），无法归入一级指标核对",
                    where,
                    path=f"evaluations.{e_index}",
                )
            else:
                yield finding(
                    spec,
                    f"{message}，其分值无法归入任何一级指标",
                    where,
                    path=f"evaluations.{e_index}",
                    key="level1",
                    rows=len(counted),
                )
        labelled = False
        for indicator, result in pairs:
            labelled = labelled or not unattributed(result.level1)
            where = indicator.loc.short() if indicator.loc else None
            path = result.path
            name = indicator.name.strip()
            if not name:
                yield finding(
                    spec, f"“{_table_name(evaluation)}”有一行指标缺少三级指标名称", where, path=path
                )
            elif _VALUE_ONLY.match(name):
                values = " / ".join(
                    v.text.strip() for v in (indicator.target, indicator.actual) if v is not None
                )
                yield finding(
                    spec,
                    f"三级指标名称填的是指标值“{name}”（其后为“{values}”），名称、年度指标值与实际完成值错列",
                    where,
                    path=path,
                    text=name,
                )
            if whole or not unattributed(result.level1) or id(result) not in counted:
                continue  # told once for the whole table, labelled, or nothing to count
            if headless and not labelled:
                yield could_not_check(
                    spec,
                    f"“{name or '（无名称）'}”所在表格始于所存文本之前，此行之前未读到一级、二级指标（合并单元格"
                    f"在上），其分值 {fmt_plain(result.weight)} 无法归入一级指标核对",
                    where,
                    path=path,
                )
            else:
                yield finding(
                    spec,
                    f"“{name or '（无名称）'}”未标明一级、二级指标，其分值 {fmt_plain(result.weight)} 无法归入任何一级指标",
                    where,
                    path=path,
                    key="level1",
                    weight=result.weight,
                )


# ---------------------------------------------------------------- C009 instructions left in cells

_CELL_INSTRUCTION = re.compile(
    r"应根据[^。；]{0,16}实际[^。；]{0,16}(?:调整|设置|细化)"
    # a bracketed note of the form that ends in the instruction: "（…根据部门实际进行调整细化）"
    r"|[（(][^（()）]*根据[^。；（()）]{0,16}实际[^。；（()）]{0,16}(?:调整|设置|细化)+[）)]"
    r"|(?:细化|调整)[成为]相应的"
    r"|请(?:填写|根据|按照|结合|在此)"
    r"|填写说明|此处填写"
)


_INSTRUCTION_WORDS = ("实际", "相应", "请", "填写")


def _instruction_cells(dossier: Dossier) -> Iterator[tuple[str, str, str | None, str]]:
    """(what, text, location, path) for every cell a unit fills in: rubric standards and rows,
    indicator names, targets and results, indicator group headings."""
    for r_index, rubric in enumerate(dossier.rubrics):
        yield "评分表标题", rubric.title, rubric.loc.short() if rubric.loc else None, f"rubrics.{r_index}"
        for j, item in enumerate(rubric.items):
            where = item.loc.short() if item.loc else None
            yield f"“{item.name}”评分标准", item.standard, where, f"rubrics.{r_index}.items.{j}"
    for e_index, evaluation in enumerate(dossier.evaluations):
        for j, indicator in enumerate(evaluation.indicators):
            row = f"evaluations.{e_index}.indicators.{j}"
            yield "一级指标", indicator.level1, _where(None, indicator), row
            if indicator.level1_points is not None:  # the heading cell as written, notes included
                yield (
                    "一级指标",
                    indicator.level1_points.text,
                    _where(indicator.level1_points, indicator),
                    f"{row}.level1_points",
                )
            yield "三级指标", indicator.name, _where(None, indicator), row
            target, actual = indicator.target, indicator.actual
            yield "年度指标值", target.text if target else "", _where(target), f"{row}.target"
            yield "实际完成值", actual.text if actual else "", _where(actual), f"{row}.actual"


@check("C009", "completeness", "warning", "表格中保留了模板的填表说明")
def instructions_in_cells(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    seen: set[str] = set()
    for what, text, where, path in _instruction_cells(dossier):
        if not any(word in text for word in _INSTRUCTION_WORDS):
            continue  # cheap test first: most cells hold none of the words
        flat = _flat(text)
        match = _CELL_INSTRUCTION.search(flat)
        if match is None or flat in seen:
            continue
        seen.add(flat)
        excerpt = flat if len(flat) <= 60 else flat[:60] + "…"
        yield finding(
            spec,
            f"{what}保留了模板的填表说明“{match.group(0)}”，未替换为本单位的内容：{excerpt}",
            where,
            path=path,
            text=flat,
        )


# ---------------------------------------------------------------- P005 a result written as a target


_SIGN = re.compile(r"[≤≥<>＜＞≦≧]")


@check("P005", "plausibility", "warning", "实际完成值写成了目标区间而非实际结果")
def actual_as_comparator(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """ "≤3.5%" or "≥90%" as 实际完成值 states a bound, not what was achieved."""
    for e_index, evaluation in enumerate(dossier.evaluations):
        for j, indicator in enumerate(evaluation.indicators):
            actual = indicator.actual
            if actual is None or actual.blank:
                continue
            parsed = parse_text(actual.text)
            if not (
                parsed.kind in (ValueKind.NUMBER, ValueKind.RANGE)
                and parsed.explicit_comparator
                and parsed.comparator is not None
                and parsed.comparator.value != "="
            ):
                continue
            flat = _flat(actual.text)
            target = _flat(indicator.target.text) if indicator.target else ""
            copied = flat in (target, _flat(indicator.name), re.sub(r"^指标\d+[：:]", "", target))
            if copied or _SIGN.search(flat):
                yield finding(
                    spec,
                    f"“{indicator.name}”实际完成值填“{actual.text.strip()}”，是一个区间而不是实际达到的数值",
                    _where(actual, indicator),
                    path=f"evaluations.{e_index}.indicators.{j}.actual",
                    actual=actual.text.strip(),
                    target=indicator.target.text.strip() if indicator.target else None,
                )


# ---------------------------------------------------------------- P004 (grouped per table)

_NOT_A_RESULT = re.compile(r"^(计划标准|政策标准|行业标准|历史标准|同上|见附件)$")


@check("P004", "plausibility", "warning", "实际完成值填写的不是实际结果")
def actual_is_a_standard(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """One finding per table: its 实际完成值 column holds 计划标准/政策标准 (the basis of the target)."""
    for e_index, evaluation in enumerate(dossier.evaluations):
        rows = [
            (j, i)
            for j, i in enumerate(evaluation.indicators)
            if i.actual is not None and _NOT_A_RESULT.match(i.actual.text.strip())
        ]
        if not rows:
            continue
        first_index, first = rows[0]
        words = "、".join(sorted({i.actual.text.strip() for _, i in rows if i.actual is not None}))
        yield finding(
            spec,
            f"“{_table_name(evaluation)}”有 {len(rows)} 项指标的实际完成值填“{words}”（指标值的依据），"
            "没有反映实际完成情况",
            _where(first.actual, first),
            path=f"evaluations.{e_index}.indicators.{first_index}.actual",
            rows=str(len(rows)),
            actual=words,
        )


# ---------------------------------------------------------------- P006 rates above 100%

_BOUNDED_RATE = re.compile(
    r"(满意|合格|结案|办结|覆盖|知晓|通过|达标|验收|完好|到位|及时|准确|参保|兑现|发放|整改|入库)[^，,]{0,4}率|满意度"
)


@check("P006", "plausibility", "error", "比率超过100%，不可能")
def rate_above_hundred(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """A pass, coverage, satisfaction or completion rate cannot exceed 100%: more cases closed than
    received, more people covered than there are."""
    for e_index, evaluation in enumerate(dossier.evaluations):
        for j, indicator in enumerate(evaluation.indicators):
            actual = indicator.actual
            if actual is None or not _BOUNDED_RATE.search(indicator.name):
                continue
            parsed = parse_text(actual.text)
            over = parsed.kind is ValueKind.NUMBER and parsed.unit == "%" and parsed.number is not None
            if over and parsed.number is not None and parsed.number > 100:
                yield finding(
                    spec,
                    f"“{indicator.name}”实际完成值 {actual.text.strip()}，这一比率不可能超过 100%",
                    _where(actual, indicator),
                    path=f"evaluations.{e_index}.indicators.{j}.actual",
                    actual=actual.text.strip(),
                )


# ---------------------------------------------------------------- P007 a cost ceiling below the spending


_WHOLE_SPENDING = re.compile(r"预算|总成本|支出|资金|经费|投入|总额|成本控制")
_PER_ITEM = re.compile(r"单价|单位成本|人均|户均|每|/")


def _money_ceiling(text: str) -> Decimal | None:
    """The 万元 amount of a "≤ X 万元" (or "≤ X 万") target, else ``None``."""
    parsed = parse_text(text)
    if parsed.number is None or parsed.comparator is None or parsed.comparator.value not in ("<=", "<"):
        return None
    if parsed.unit == "万元":
        return parsed.number
    if parsed.unit is None and parsed.scale == "万":
        return parsed.number / 10000
    return None


@check("P007", "plausibility", "warning", "成本指标上限低于全年执行数")
def cost_ceiling_exceeded(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """A table's only 成本指标 caps the spending (≤ X 万元) below what the table says was spent."""
    for e_index, evaluation in enumerate(dossier.evaluations):
        budget = evaluation.budget
        executed = budget.total.executed if budget else None
        if executed is None or executed.num is None or executed.digits_lost:
            continue
        costs = [
            (j, i, ceiling)
            for j, i in enumerate(evaluation.indicators)
            if "成本" in i.level2
            and i.target is not None
            and _WHOLE_SPENDING.search(i.name)
            and not _PER_ITEM.search(i.name)
            for ceiling in [_money_ceiling(i.target.text)]
            if ceiling is not None
        ]
        if len(costs) != 1:
            continue
        j, indicator, ceiling = costs[0]
        assert indicator.target is not None
        if executed.num > ceiling + Decimal("0.005"):
            yield finding(
                spec,
                f"“{_table_name(evaluation)}”成本指标“{indicator.name}”目标 {indicator.target.text.strip()}，"
                f"而全年执行数为 {fmt(executed.num)} 万元，超出上限",
                _where(indicator.target, indicator),
                path=f"evaluations.{e_index}.indicators.{j}.target",
                target=indicator.target.text.strip(),
                stated=executed.num,
            )


# ---------------------------------------------------------------- P008 years before the evaluated year

_YEAR = re.compile(r"(?<![\d〔\[（(])(20\d{2})\s*年")
_AS_OF = re.compile(r"截[至止]\s*(20\d{2})\s*年\s*\d{1,2}\s*月")


def _dated_cells(dossier: Dossier) -> Iterator[tuple[str, str, str | None, str]]:
    for r_index, rubric in enumerate(dossier.rubrics):
        for j, item in enumerate(rubric.items):
            where = item.loc.short() if item.loc else None
            yield f"“{item.name}”评分标准", item.standard, where, f"rubrics.{r_index}.items.{j}"
    for e_index, evaluation in enumerate(dossier.evaluations):
        where = evaluation.loc.short() if evaluation.loc else None
        yield "表名", evaluation.title, where, f"evaluations.{e_index}"
        for j, indicator in enumerate(evaluation.indicators):
            row = f"evaluations.{e_index}.indicators.{j}"
            for label, field, value in (
                ("年度指标值", "target", indicator.target),
                ("实际完成值", "actual", indicator.actual),
            ):
                if value is not None:
                    yield f"“{indicator.name}”{label}", value.text, _where(value, indicator), f"{row}.{field}"
            yield "三级指标", indicator.name, _where(None, indicator), row


@check("P008", "plausibility", "warning", "年份与评价年度不符（可能沿用往年材料）")
def stale_years(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """A year before the evaluated one in the forms' own cells (a target "2022年内" in a 2023 table,
    a rubric that still cites 2015年度), or an "截至 2021 年 12 月" status in a 2022 report."""
    year = dossier.year
    if year is None:
        yield could_not_check(spec, "未识别评价年度，无法核对表中年份", None, path=None)
        return
    seen: set[tuple[str, str]] = set()
    for what, text, where, path in _dated_cells(dossier):
        if "年" not in text:
            continue
        flat = _flat(text)
        stale = sorted({int(y) for y in _YEAR.findall(flat) if int(y) < year})
        if stale and (where or "", flat) not in seen:
            seen.add((where or "", flat))
            yield finding(
                spec,
                f"{what}写有 {'、'.join(str(y) for y in stale)} 年，早于评价年度 {year} 年，请核实是否沿用了往年内容",
                where,
                path=path,
                text=flat if len(flat) <= 80 else flat[:80] + "…",
                year=str(year),
            )
    for s_index, section in enumerate(dossier.sections):
        if "截" not in section.text:
            continue
        flat = _flat(section.text)
        for match in _AS_OF.finditer(flat):
            if int(match.group(1)) < year:
                yield finding(
                    spec,
                    f"“{section.heading}”写“{match.group(0)}”，早于评价年度 {year} 年，可能沿用了往年的表述",
                    section.loc.short() if section.loc else None,
                    path=f"sections.{s_index}",
                    sentence=match.group(0),
                    year=str(year),
                )


# ---------------------------------------------------------------- P011 a result in another measure

_MEASURED = (ValueKind.DURATION, ValueKind.DEADLINE)


@check("P011", "plausibility", "warning", "实际完成值与年度指标值计量单位不一致")
def actual_in_other_measure(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """A target in days, a deadline, 人 or 万元 answered with a bare percentage ("30天内完成" → "100%"):
    the result cannot be compared with the target."""
    for e_index, evaluation in enumerate(dossier.evaluations):
        for j, indicator in enumerate(evaluation.indicators):
            target, actual = indicator.target, indicator.actual
            if target is None or actual is None or _VALUE_ONLY.match(indicator.name.strip()):
                continue  # a shifted row is C008's
            if "\n" in target.text.strip() or len(target.text.strip()) > 24:
                continue  # a list of several figures is not one measure
            t, a = parse_text(target.text), parse_text(actual.text)
            if a.kind is not ValueKind.NUMBER or a.unit != "%" or a.explicit_comparator:
                continue
            counted = t.kind is ValueKind.NUMBER and t.unit not in (None, "%") and "/" not in (t.unit or "")
            if t.kind in _MEASURED or counted:
                yield finding(
                    spec,
                    f"“{indicator.name}”年度指标值“{target.text.strip()}”，实际完成值却填“{actual.text.strip()}”，"
                    "两者计量单位不同，无法据以判断是否完成",
                    _where(actual, indicator),
                    path=f"evaluations.{e_index}.indicators.{j}.actual",
                    target=target.text.strip(),
                    actual=actual.text.strip(),
                )


# ---------------------------------------------------------------- K013 a rate against the counts its table states

# "职称评定通过率": what is counted (职称评定), the outcome counted (通过), 率.
_RATE_NAME = re.compile(r"^(?P<stem>[\u4e00-\u9fff]{2,20}?)(?P<verb>[\u4e00-\u9fff]{2})率$")
_COUNT_UNITS = "人次|人|件|户|家|个|份|起|项|名"
_TOTAL_SUFFIXES = ("数", "人数", "件数", "总数", "户数", "次数")


def _count_in(value: Val | None) -> tuple[Decimal, str] | None:
    if value is None:
        return None
    parsed = parse_text(value.text)
    if parsed.kind is ValueKind.NUMBER and parsed.number is not None and parsed.unit:
        return parsed.number, parsed.unit
    return None


def _rate_and_counts(
    evaluation: Evaluation,
) -> Iterator[tuple[int, Indicator, Decimal, Decimal, Indicator, Decimal, str]]:
    """(rate row, stated %, counted, total row, total, unit): a rate row whose own cells state how many
    had the outcome ("通过270人") and a row of the same table that states how many there were in all
    ("职称评定数 374人")."""
    by_name = {_flat(i.name): i for i in evaluation.indicators}
    for j, indicator in enumerate(evaluation.indicators):
        match = _RATE_NAME.match(_flat(indicator.name))
        actual = parse_text(indicator.actual.text) if indicator.actual is not None else None
        if match is None or actual is None or actual.kind is not ValueKind.NUMBER or actual.unit != "%":
            continue
        if actual.number is None:
            continue
        totals = [by_name.get(match["stem"] + suffix) for suffix in _TOTAL_SUFFIXES]
        total_row = next((t for t in totals if t is not None), None)
        whole = _count_in(total_row.actual) if total_row is not None else None
        if total_row is None or whole is None or whole[0] <= 0:
            continue
        said = " ".join(_flat(v.text) for v in (indicator.actual, indicator.deviation) if v is not None)
        counted = re.search(rf"{match['verb']}(?P<n>\d+)(?P<u>{_COUNT_UNITS})", said)
        if counted is not None and counted["u"] == whole[1]:
            yield j, indicator, actual.number, Decimal(counted["n"]), total_row, whole[0], whole[1]


@check("K013", "consistency", "error", "比率与同表所写的人数（件数）不符")
def rate_against_stated_counts(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """ "职称评定通过率 100%" beside its own note "通过270人" and the row "职称评定数 374人" of the same
    table: the rate the table's own counts give is 270/374 = 72.19%."""
    for e_index, evaluation in enumerate(dossier.evaluations):
        for j, row, stated, counted, total_row, whole, unit in _rate_and_counts(evaluation):
            expected = counted * 100 / whole  # the outcome counted is the two characters before 率
            if _pct_ok(stated, expected):
                continue
            yield finding(
                spec,
                f"“{row.name}”实际完成值 {fmt_plain(stated)}%，而同表写{_flat(row.name)[-3:-1]} "
                f"{fmt_plain(counted)}{unit}、“{total_row.name}”{fmt_plain(whole)}{unit}，"
                f"按此计算应为 {fmt(expected)}%",
                _where(row.actual, row),
                path=f"evaluations.{e_index}.indicators.{j}.actual",
                stated=stated,
                counted=counted,
                total=whole,
                expected=expected,
            )
