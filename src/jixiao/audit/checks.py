"""The audit checks, one small function each, grouped by category.

Every check reads the dossier (what the documents state) and its scores (what the rule pack gives)
and yields findings. A check that lacks a figure it needs says so ("could not check") instead of
passing silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import lru_cache

import msgspec

from jixiao.audit.finding import Check, Finding, check, could_not_check, finding, with_evidence
from jixiao.forms.common.narrative import find_date
from jixiao.forms.generic.reader import fraction_precision
from jixiao.model.dossier import Budget, BudgetRow, Dossier, Evaluation, FigureRow, Indicator, Val
from jixiao.model.numbers import ZERO, decimals_of, fmt, fmt_plain, half_unit, parse_decimal, q2
from jixiao.model.rates import HALF_CENT, amount_half, rate_agrees
from jixiao.rules.pack import load_pack
from jixiao.score.result import DocumentResult, IndicatorResult, TableResult
from jixiao.score.scorer import is_placeholder_row, judge_texts, parse_text, score_execution
from jixiao.values import Achievement, ValueKind, is_cost_indicator

SCORE_TOLERANCE = Decimal("0.005")  # scores are exact to the cent
_EVALUATION_KINDS = ("unit_overall", "dept_overall", "project")


def _pairs(dossier: Dossier, scored: DocumentResult) -> Iterator[tuple[Evaluation, TableResult]]:
    tables = [t for t in scored.tables if t.kind in _EVALUATION_KINDS]
    yield from zip(dossier.evaluations, tables, strict=False)


def _rows(evaluation: Evaluation, table: TableResult) -> Iterator[tuple[Indicator, IndicatorResult]]:
    kept = [i for i in evaluation.indicators if not is_placeholder_row(i)]
    yield from zip(kept, table.indicators, strict=False)


def under(path: str | None, *parts: object) -> str | None:
    """``path`` with ``parts`` appended (``None`` stays ``None``: a table scored without its path)."""
    if path is None:
        return None
    return ".".join([path, *(str(p) for p in parts)])


def _span(value: Decimal | None, span: tuple[Decimal, Decimal] | None) -> str:
    if value is not None:
        return fmt(value)
    if span is not None:
        return f"{fmt(span[0])}–{fmt(span[1])}"
    return "—"


def at_written_precision(declared: Decimal, computed: Decimal) -> bool:
    """A score written to whole points (or one decimal) that is the rule's figure at that precision,
    rounded half up or cut off: the form states no rounding, and units do both. The score agrees with
    the rule as far as it is written, so no error can be certain. (Rounding up is not a rounding anyone
    uses: 2 of 2 points for 1.10 is full marks on a missed target, an error.)"""
    places = decimals_of(declared)
    if places >= 2:
        return False
    quantum = Decimal(1).scaleb(-places)
    return declared in {
        q2(computed, places),
        computed.quantize(quantum, rounding=ROUND_FLOOR),
    }


def _outside(declared: Decimal, computed: Decimal | None, span: tuple[Decimal, Decimal] | None) -> bool:
    if computed is not None:
        return abs(declared - computed) > SCORE_TOLERANCE
    if span is not None:
        return declared < span[0] - SCORE_TOLERANCE or declared > span[1] + SCORE_TOLERANCE
    return False


# ---------------------------------------------------------------- scoring


@check("S001", "scoring", "error", "预算执行得分与执行率不符")
def execution_points(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    for evaluation, table in _pairs(dossier, scored):
        declared, computed = table.execution_declared, table.execution_computed
        if declared is None or computed is None or abs(declared - computed) <= SCORE_TOLERANCE:
            continue
        budget = evaluation.budget
        stated = budget.rate.num if budget and budget.rate else None
        weight = table.execution_weight or ZERO
        location = (
            budget.score.loc.short() if budget and budget.score and budget.score.loc else table.location
        )
        path = under(table.path, "budget", "score") if budget and budget.score else table.path
        places = decimals_of(declared)
        if _points_unwritten(budget, table):
            yield could_not_check(
                spec,
                f"“{table.name}”执行得分 {fmt_plain(declared)}：表中未写该项分值，本表未识别出所属地区的规则包，"
                f"按全国通用规则包 {table.rules} 的 {fmt(weight)} 分计为 {fmt(computed)}，"
                "该项满分未知，无法核对",
                location,
                path=path,
                declared=declared,
                expected=computed,
                rate=table.execution_rate,
            )
            continue
        if at_written_precision(declared, computed):
            yield finding(
                spec,
                f"“{table.name}”执行得分写作 {fmt_plain(declared)}（{places} 位小数），"
                f"按规则为 {fmt(computed)}，按所写精度取整后一致",
                location,
                "info",
                path=path,
                declared=declared,
                expected=computed,
                rate=table.execution_rate,
            )
            continue
        if stated is not None and q2(weight * min(stated, Decimal(100)) / 100) == declared:
            yield finding(
                spec,
                f"“{table.name}”执行得分 {fmt(declared)} 按表中取整后的执行率 {fmt_plain(stated)}% 计算；"
                f"按全年执行数与全年预算数计算执行率为 {fmt(table.execution_rate)}%，得分应为 {fmt(computed)}",
                location,
                "info",
                path=path,
                declared=declared,
                expected=computed,
                rate=table.execution_rate,
            )
            continue
        yield finding(
            spec,
            f"“{table.name}”执行率为 {fmt(table.execution_rate)}%，按规则得分应为 {fmt(computed)}，表中填 {fmt(declared)}",
            location,
            path=path,
            declared=declared,
            expected=computed,
            rate=table.execution_rate,
            explanation=table.execution_explanation,
        )
    for evaluation, table in _pairs(dossier, scored):
        if evaluation.budget is not None and table.rules is not None:
            yield from _part_points(spec, evaluation, table)


def _points_unwritten(budget: Budget | None, table: TableResult) -> bool:
    """The execution score's points are written nowhere: the form has no 分值 beside the block's 得分
    (nor in its headings: the reader puts those in ``weight``), and the table is scored under the
    national pack only for want of its own (``fallback_rules``) — its 10 points are the national
    formula's, not the form's (the 区域 form scores its 预算执行情况 block out of 20). A pack of the
    form's own, or one the user asked for, states the points, and the score is held to them."""
    return (
        budget is not None and (budget.weight is None or budget.weight.num is None) and fallback_rules(table)
    )


def _same_amounts(part: BudgetRow, total: BudgetRow, basis: str) -> bool:
    """A funding line that writes the 年度资金总额 row's amounts: its budget (on the pack's basis) and its
    执行数 written and equal to the total row's, and no other amount different."""
    column = "adjusted" if basis == "adjusted" else "initial"
    for name in (column, "executed"):
        mine, theirs = getattr(part, name), getattr(total, name)
        if mine is None or mine.num is None or theirs is None or mine.num != theirs.num:
            return False
        if _digits_lost(mine, theirs):
            return False  # two copies of ``.32`` may stand for different amounts
    other = "initial" if column == "adjusted" else "adjusted"
    mine, theirs = getattr(part, other), getattr(total, other)
    return mine is None or mine.num is None or (theirs is not None and mine.num == theirs.num)


def _agree(a: Decimal, b: Decimal) -> bool:
    """Two written scores that are the same at the precision either is written to (9 and 8.97)."""
    return abs(a - b) <= SCORE_TOLERANCE or at_written_precision(a, b) or at_written_precision(b, a)


def _part_points(spec: Check, evaluation: Evaluation, table: TableResult) -> Iterator[Finding]:
    """The 得分 a funding line writes (其中 财政拨款 …, which most forms leave blank).

    Checked only where the 年度资金总额 row writes its own 执行率 or 得分 (a merged cell whose text a
    text layout puts on the middle row is the total's, not the line's). A line that repeats the total
    row's amounts is held to the total row's 得分 (one execution cannot have two scores); a line with
    its own amounts and its own 分值 is held to the rule, within what its amounts' rounding allows."""
    budget = evaluation.budget
    assert budget is not None and table.rules is not None
    if _blank_val(budget.rate) and _blank_val(budget.score):
        return
    pack = load_pack(table.rules)
    basis = _basis(table)
    total_score = budget.score.num if budget.score is not None else None
    for index, part in enumerate(budget.parts):
        if part.score is None or part.score.num is None:
            continue
        declared = part.score.num
        location = part.score.loc.short() if part.score.loc else None
        path = under(table.path, "budget", "parts", index, "score")
        label = part.label.strip()
        alone = Budget(total=part, weight=part.weight or budget.weight, rate=part.rate, score=part.score)
        rate, outcome, _ = score_execution(msgspec.structs.replace(evaluation, budget=alone), pack)
        computed = outcome.score if outcome is not None else None
        if _same_amounts(part, budget.total, basis):
            same_points = part.weight is None or budget.weight is None or part.weight.num == budget.weight.num
            if total_score is not None and same_points and not _agree(declared, total_score):
                rule = f"，按规则为 {fmt(computed)}" if computed is not None else ""
                yield finding(
                    spec,
                    f"“{table.name}”{label}行的预算数、执行数与年度资金总额行相同，得分却写 "
                    f"{fmt_plain(declared)}，年度资金总额行写 {fmt_plain(total_score)}{rule}：同一执行情况有两个得分",
                    location,
                    path=path,
                    declared=declared,
                    total=total_score,
                    expected=computed,
                    rate=rate,
                )
            continue  # the total row's 得分 is held to the rule by the check above
        if part.weight is None or part.weight.num is None or part.weight.num == 0:
            continue  # no points of its own: how the form shares the points out is not written
        if computed is None or rate is None:
            continue
        slack = part.weight.num * _amounts_slack(part, basis) / 100
        if abs(declared - computed) <= SCORE_TOLERANCE + slack:
            continue
        if at_written_precision(declared, computed):
            yield finding(
                spec,
                f"“{table.name}”{label}行得分写作 {fmt_plain(declared)}，按规则为 {fmt(computed)}，按所写精度取整后一致",
                location,
                "info",
                path=path,
                declared=declared,
                expected=computed,
                rate=rate,
            )
            continue
        yield finding(
            spec,
            f"“{table.name}”{label}行执行率为 {fmt(q2(rate))}%，按规则得分应为 {fmt(computed)}，表中填 {fmt(declared)}",
            location,
            path=path,
            declared=declared,
            expected=computed,
            rate=rate,
        )


def _blank_val(val: Val | None) -> bool:
    return val is None or (val.num is None and not val.text.strip())


def _scored_rows(
    dossier: Dossier, scored: DocumentResult
) -> Iterator[tuple[IndicatorResult, str | None, str | None]]:
    """Every scored row with the location and the path of its 得分 cell (evaluation tables and rubrics)."""
    for evaluation, table in _pairs(dossier, scored):
        for indicator, result in _rows(evaluation, table):
            cell = indicator.score.loc if indicator.score is not None else None
            path = under(result.path, "score") if indicator.score is not None else result.path
            yield result, cell.short() if cell is not None else result.location, path
    for table in scored.tables:
        if table.kind == "dept_rubric":
            for result in table.indicators:
                path = under(result.path, "score") if result.declared_score is not None else result.path
                yield result, result.location, path


def fallback_rules(table: TableResult) -> bool:
    """The table was scored under the national pack only because its form has no pack of its own (no
    family claimed it, or its family has none, and no pack declares its template): the region's own
    计分办法, which jixiao does not know, may deduct where the national formula does not. A pack the
    user asked for is not a fallback."""
    return table.rules_fallback


def _below_rule(declared: Decimal, result: IndicatorResult) -> bool:
    """A declared score within 0..分值 and below what the formula gives (a deduction, not full marks
    on a missed target)."""
    low = (
        result.computed_score
        if result.computed_score is not None
        else (result.computed_range[0] if result.computed_range else None)
    )
    if low is None or declared < 0:
        return False
    return declared < low - SCORE_TOLERANCE


@check("S002", "scoring", "error", "指标得分与规则不符")
def indicator_points(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """A declared score the rule pack's formula does not give. A deduction below the formula in a
    table scored under the national pack for want of its region's own (``fallback_rules``) cannot be
    held to the national formula: it is said, as 无法核对, not reported as an error."""
    tables = {t.path: t for t in scored.tables if t.path is not None}
    for result, location, path in _scored_rows(dossier, scored):
        declared = result.declared_score
        if declared is None or not _outside(declared, result.computed_score, result.computed_range):
            continue
        if result.unverifiable:
            yield could_not_check(
                spec,
                f"“{result.name}”自评得分无法核对：{result.unverifiable}",
                location,
                path=path,
                declared=declared,
                expected=result.computed_score,
            )
            continue
        if result.computed_score is not None and at_written_precision(declared, result.computed_score):
            yield finding(
                spec,
                f"“{result.name}”自评得分写作 {fmt_plain(declared)}，按规则为 {fmt(result.computed_score)}，"
                "按所写精度取整后一致",
                location,
                "info",
                path=path,
                declared=declared,
                expected=result.computed_score,
            )
            continue
        table = tables.get(result.path.rsplit(".indicators.", 1)[0]) if result.path else None
        if table is not None and _below_rule(declared, result) and fallback_rules(table):
            yield could_not_check(
                spec,
                f"“{result.name}”自评得分 {fmt(declared)}，按全国通用规则包 {table.rules} 为 "
                f"{_span(result.computed_score, result.computed_range)}（{result.explanation}）；"
                "本表未识别出所属地区的规则包，地区计分办法可能另有扣分规定，低于通用规则的得分无法核对",
                location,
                path=path,
                declared=declared,
                expected=result.computed_score,
            )
            continue
        yield finding(
            spec,
            f"“{result.name}”自评得分 {fmt(declared)}，按规则应为 {_span(result.computed_score, result.computed_range)}："
            f"{result.explanation}",
            location,
            path=path,
            declared=declared,
            expected=result.computed_score,
            expected_low=result.computed_range[0] if result.computed_range else None,
            expected_high=result.computed_range[1] if result.computed_range else None,
            target=result.target,
            actual=result.actual,
        )


UNATTRIBUTED = "（未注明一级指标）"  # what the rule pack names a row it cannot place


def unattributed(level1: str) -> bool:
    return not level1 or level1 == UNATTRIBUTED


def weights_wrong(table: TableResult) -> bool:
    """The table's weights do not add up (W001 or W002 reports it): a total recomputed from those
    weights would only repeat that cause, so S003 folds into the weights finding."""
    if _total_weights_wrong(table):
        return True
    if any(unattributed(r.level1) for r in table.indicators):
        return False  # W001 cannot tell; S003 still compares the total
    return any(
        level.declared_points is not None and level.weights != 0 and level.weights != level.declared_points
        for level in table.levels
    )


def _recomputed_total(table: TableResult) -> str:
    return _span(table.computed_total, table.computed_range)


def _total_consequence(table: TableResult) -> str:
    """The S003 finding a wrong weight causes, told inside the weights finding."""
    if table.declared_total is None or not _outside(
        table.declared_total, table.computed_total, table.computed_range
    ):
        return ""
    return (
        f"；按现有分值重算总分为 {_recomputed_total(table)}（表中填 {fmt_plain(table.declared_total)}），"
        "分值更正后需重新评分"
    )


def _consequence_evidence(table: TableResult, consequence: str) -> dict[str, object]:
    if not consequence:
        return {}
    return {"total_declared": table.declared_total, "total_recomputed": _recomputed_total(table)}


def _total_weights_wrong(table: TableResult) -> bool:
    points = table.declared_points
    return points is not None and table.weights_total is not None and table.weights_total != points


@check("S003", "scoring", "error", "总分与各项得分重算结果不符")
def total_points(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """Folded into W001/W002 when the table's weights are wrong (the root cause is reported there)."""
    for table in scored.tables:
        declared = table.declared_total
        if declared is None or table.kind == "basic_data" or weights_wrong(table):
            continue
        if not _outside(declared, table.computed_total, table.computed_range):
            continue
        high = table.computed_range[1] if table.computed_range else table.computed_total
        low = table.computed_range[0] if table.computed_range else table.computed_total
        unchecked: str | None = None
        # the text stops after the table's last row (an excerpt): the rows it cut off may hold the
        # points a total above the recomputed one has
        if high is not None and declared > high and _table_cut(dossier, table.path):
            unchecked = (
                f"“{table.name}”总分填 {fmt(declared)}，按规则重算为 {_span(table.computed_total, table.computed_range)}，"
                "无法核对：表格在最后一行后中断（其后无总分行、无签章），重算的总分不含其后各项"
            )
        elif low is not None and declared < low and fallback_rules(table):
            # the deductions S002 cannot hold to the national formula add up to this gap (the rows'
            # own sum against the total is A006's)
            unchecked = (
                f"“{table.name}”总分填 {fmt(declared)}，按全国通用规则包 {table.rules} 重算为 "
                f"{_span(table.computed_total, table.computed_range)}；本表未识别出所属地区的规则包，"
                "地区计分办法可能另有扣分规定，低于通用规则的总分无法核对"
            )
        elif table.unverifiable:
            unchecked = (
                f"“{table.name}”总分填 {fmt(declared)}，按规则重算为 "
                f"{_span(table.computed_total, table.computed_range)}，无法核对：{table.unverifiable}"
            )
        if unchecked is not None:
            yield could_not_check(
                spec,
                unchecked,
                table.location,
                path=under(table.path, "declared_total"),
                declared=declared,
                expected=table.computed_total,
            )
            continue
        yield finding(
            spec,
            f"“{table.name}”总分填 {fmt(declared)}，按规则重算为 {_span(table.computed_total, table.computed_range)}",
            table.location,
            path=under(table.path, "declared_total"),
            declared=declared,
            expected=table.computed_total,
            expected_low=table.computed_range[0] if table.computed_range else None,
            expected_high=table.computed_range[1] if table.computed_range else None,
        )


@check("S004", "scoring", "error", "等级与总分不符")
def grade_band(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    for table in scored.tables:
        if table.grade is None or table.declared_total is None or table.rules is None:
            continue
        expected = load_pack(table.rules).grade_for(table.declared_total)
        if expected is not None and table.grade.strip() != expected:
            yield finding(
                spec,
                f"“{table.name}”总分 {fmt_plain(table.declared_total)} 按 {table.rules} 等级标准为“{expected}”，表中填“{table.grade}”",
                table.location,
                path=under(table.path, "grade"),
                declared=table.grade,
                expected=expected,
                total=table.declared_total,
            )


# ---------------------------------------------------------------- weights


@check("W001", "weights", "error", "一级指标下各项分值之和与该一级指标分值不符")
def level_weights(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """Each 一级指标's stated points against its rows' 分值. The group the text stops inside (the last of
    a table cut after its last row: ``_table_cut``) may hold rows the text does not: short of its points,
    无法核对."""
    for table in scored.tables:
        if any(unattributed(r.level1) for r in table.indicators):
            yield could_not_check(
                spec,
                f"“{table.name}”有指标未标明一级指标，无法核对各一级指标的分值（见 C008）",
                table.location,
                path=table.path,
            )
            continue
        told = _total_weights_wrong(table)  # W002 tells the consequence for the total
        for level in table.levels:
            if level.declared_points is None or level.weights == 0 or level.weights == level.declared_points:
                continue
            if not level.stated:  # the pack's rule, not the form's figure: W003 says it, as a warning
                continue
            rows = [r for r in table.indicators if r.level1 == level.level1]
            if any(r.weight is None for r in rows):
                # some rows carry no 分值 (detail rows under a scored one, or cells the reader could not
                # place): their sum cannot be checked against the group's points
                yield could_not_check(
                    spec,
                    f"“{table.name}”{level.level1}有 {sum(r.weight is None for r in rows)} 行未填分值，"
                    f"无法核对其下各项分值之和（{fmt_plain(level.weights)}）与该一级指标分值"
                    f"（{fmt_plain(level.declared_points)}）",
                    table.location,
                    path=table.path,
                    key=level.level1,
                )
                continue
            last = bool(rows) and rows[-1] is table.indicators[-1]
            if last and level.weights < level.declared_points and _table_cut(dossier, table.path):
                # the text stops inside this group, the table's last: the rows it cut off hold the rest
                yield could_not_check(
                    spec,
                    f"“{table.name}”{level.level1}分值为 {fmt_plain(level.declared_points)}，文本中其下各项分值之和为 "
                    f"{fmt_plain(level.weights)}；表格在最后一行后中断（其后无总分行、无签章），其余各项不在文本中，无法核对",
                    table.location,
                    path=table.path,
                    key=level.level1,
                )
                continue
            consequence = "" if told else _total_consequence(table)
            told = True
            item = finding(
                spec,
                f"“{table.name}”{level.level1}分值为 {fmt_plain(level.declared_points)}，"
                f"其下各项分值之和为 {fmt_plain(level.weights)}" + consequence,
                table.location,
                path=table.path,
                declared=level.declared_points,
                sum=level.weights,
                level1=level.level1,
            )
            yield with_evidence(item, _consequence_evidence(table, consequence))


@check("W003", "weights", "warning", "一级指标分值与规则包的要求不符")
def level_weights_against_rules(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """The form states no points for a first-level group and its rows weigh other than the pack says.

    A warning, never an error: the pack is the rule for the form it recognised, and a form read by the
    generic reader (or published with its own weights) may follow another rule.

    Only the 分值 the form writes are compared: a form without a 分值 column (weights implied from the
    scores) has no weights to hold against the pack, and numbered sub-rows whose 分值 add up to the row
    above them (``一、示范区建立 15`` over ``1、… 5`` ``2、… 5`` ``3、… 5``) are parts of it, not more points.
    The pack's points are a split of the form's points among its first-level groups: a table whose groups
    are not the pack's (a 成本指标 or 投入/过程/结果 group of another framework, a group the pack has left
    out of the table) splits its points otherwise, and none of its groups is compared."""
    written = {id(t): e for e, t in _pairs(dossier, scored)}
    for table in scored.tables:
        if any(unattributed(r.level1) for r in table.indicators):
            continue
        evaluation = written.get(id(table))
        if not _pack_split(table, evaluation):
            continue
        for level in table.levels:
            if level.stated or level.declared_points is None or level.weights == 0:
                continue
            if level.weights == level.declared_points:
                continue
            if evaluation is not None:
                weights = _written_weights(evaluation, table, level.level1)
                if weights is None or level.declared_points in (sum(weights, ZERO), _without_parts(weights)):
                    continue
            yield finding(
                spec,
                f"“{table.name}”{level.level1}各项分值之和为 {fmt_plain(level.weights)}，"
                f"规则包 {table.rules or ''} 规定该一级指标为 {fmt_plain(level.declared_points)} 分（表中未写明）",
                table.location,
                path=table.path,
                rule=level.declared_points,
                sum=level.weights,
                level1=level.level1,
            )


def _pack_split(table: TableResult, evaluation: Evaluation | None) -> bool:
    """The table's first-level groups are among those the pack gives points to (all of them, or some in a
    table that holds all its points), and none of its rows writes a 一级指标 the pack does not know (a
    成本指标 the pack files under 产出 by its 二级指标)."""
    if table.rules is None:
        return False
    pack = load_pack(table.rules)
    groups = pack.first_level
    present = {level.level1 for level in table.levels}
    if not groups or not present <= set(groups):
        return False
    if present != set(groups) and not _whole(table):
        return False  # an excerpt holding some groups only: the rest of its points are elsewhere
    written = {i.level1 for i in evaluation.indicators if i.level1} if evaluation else set()
    return all(pack.level1_of(name, "") in groups for name in written)


def _whole(table: TableResult) -> bool:
    """The table holds all its points: its 分值 (with the execution's) add up to the points it declares,
    or to the 100 of a form that declares none."""
    points = table.declared_points if table.declared_points is not None else Decimal(100)
    return table.weights_total is not None and table.weights_total == points


def _written_weights(evaluation: Evaluation, table: TableResult, level1: str) -> list[Decimal] | None:
    """The 分值 the form writes for the rows of ``level1``, in order; ``None`` when a row writes none."""
    weights = []
    for indicator, result in _rows(evaluation, table):
        if result.level1 != level1:
            continue
        if indicator.weight is None or indicator.weight.num is None:
            return None
        weights.append(indicator.weight.num)
    return weights or None


def _without_parts(weights: list[Decimal]) -> Decimal:
    """The sum of ``weights`` counting once a row followed by two or more rows whose weights add up to
    its own (its sub-rows)."""
    total = ZERO
    i = 0
    while i < len(weights):
        total += weights[i]
        run, j = ZERO, i + 1
        while j < len(weights) and run < weights[i]:
            run += weights[j]
            j += 1
        i = j if run == weights[i] and j > i + 2 else i + 1
    return total


@check("W002", "weights", "error", "各项分值合计不等于总分值")
def total_weights(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """An error only when every part of the sum was read: a form whose execution block was not read
    (the stored text starts after it) or with rows whose 分值 is not written sums only what it holds,
    so its shortfall is 无法核对, not the unit's mistake."""
    evaluations = {id(table): evaluation for evaluation, table in _pairs(dossier, scored)}
    for table in scored.tables:
        points = table.declared_points
        if points is None or table.weights_total is None or not _total_weights_wrong(table):
            continue
        missing = _unread_weights(evaluations.get(id(table)), table)
        if missing:
            yield could_not_check(
                spec,
                f"“{table.name}”总分值为 {fmt_plain(points)}，已读到的执行率与各指标分值合计为 "
                f"{fmt_plain(table.weights_total)}，无法核对：{missing}",
                table.location,
                path=table.path,
                declared=points,
                sum=table.weights_total,
            )
            continue
        consequence = _total_consequence(table)
        item = finding(
            spec,
            f"“{table.name}”总分值为 {fmt_plain(points)}，执行率与各指标分值合计为 {fmt_plain(table.weights_total)}"
            + consequence,
            table.location,
            path=table.path,
            declared=points,
            sum=table.weights_total,
        )
        yield with_evidence(item, _consequence_evidence(table, consequence))


def _unread_weights(evaluation: Evaluation | None, table: TableResult) -> str:
    """Why the table's 分值 sum leaves parts out (empty when it holds them all)."""
    if evaluation is not None and evaluation.budget is None:
        return "未读到预算执行情况（执行率的分值）"
    blank = sum(r.weight is None for r in table.indicators)
    if blank:
        return f"{blank} 项指标未填分值"
    if table.goal_declared is not None:
        return "年度目标另计得分，其分值未写明"
    return ""


# ---------------------------------------------------------------- arithmetic


def _money_half_unit(value: Decimal) -> Decimal:
    """The rounding a 万元 figure may hide: half its last written place, and at most half a cent
    (forms drop trailing zeros: "90" stands for 90.00). A sum's check reads amounts so; a 执行率's
    check (A002) asks the written precision too (``_rate_findings``)."""
    return amount_half(value, HALF_CENT)


def _money_sum_ok(total: Val, parts: list[Val]) -> tuple[bool, Decimal, Decimal]:
    """Σ parts against a stated total, allowing the rounding each written figure may hide, no more."""
    assert total.num is not None
    numbers = [p.num for p in parts if p.num is not None]
    value = sum(numbers, ZERO)
    tolerance = _money_half_unit(total.num) + sum((_money_half_unit(n) for n in numbers), ZERO)
    return abs(value - total.num) <= tolerance, value, tolerance


@check("A006", "arithmetic", "error", "总分与表中各项得分之和不符")
def total_of_written_scores(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """The 总分 a form states against the scores it states (not the rules' scores: that is S003). A 总分
    above the scores of a table the text stops inside (its last row is where the document ends, with
    no 总分 row and no signature: ``_cut_after``) may count rows the text does not hold: 无法核对."""
    for table in scored.tables:
        if table.declared_total is None or table.kind == "basic_data":
            continue
        scores = [r.declared_score for r in table.indicators]
        if not scores or None in scores:
            continue
        parts = [s for s in scores if s is not None]
        if table.execution_declared is not None:
            parts.append(table.execution_declared)
        if table.goal_declared is not None:  # the 年度目标 block's own score (the 区域 form)
            parts.append(table.goal_declared)
        value = sum(parts, ZERO)
        if value < table.declared_total - SCORE_TOLERANCE and _table_cut(dossier, table.path):
            yield could_not_check(
                spec,
                f"“{table.name}”总分填 {fmt_plain(table.declared_total)}，文本中各项得分之和为 {fmt_plain(value)}；"
                "表格在最后一行后中断（其后无总分行、无签章），其余各项不在文本中，无法核对",
                table.location,
                path=under(table.path, "declared_total"),
            )
            continue
        if abs(value - table.declared_total) > SCORE_TOLERANCE:
            yield finding(
                spec,
                f"“{table.name}”总分填 {fmt_plain(table.declared_total)}，表中各项得分之和为 {fmt_plain(value)}",
                table.location,
                path=under(table.path, "declared_total"),
                declared=table.declared_total,
                sum=value,
            )


@check("A001", "arithmetic", "error", "资金来源分项之和与年度资金总额不符")
def budget_parts(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    columns = (("initial", "年初预算数"), ("adjusted", "全年预算数"), ("executed", "全年执行数"))
    for e_index, evaluation in enumerate(dossier.evaluations):
        budget = evaluation.budget
        if budget is None or not budget.parts:
            continue
        for attribute, label in columns:
            total: Val | None = getattr(budget.total, attribute)
            parts = [getattr(p, attribute) for p in budget.parts]
            written = [p for p in parts if p is not None and p.num is not None]
            if total is None or total.num is None or not written:
                continue
            if total.digits_lost or any(p.digits_lost for p in written):
                continue  # an amount that lost its whole-number digits (``.32``): nothing to add up
            ok, value, tolerance = _money_sum_ok(total, written)
            if ok:
                continue
            name = evaluation.name.text if evaluation.name else evaluation.title
            yield finding(
                spec,
                f"“{name}”{label}：年度资金总额 {fmt(total.num)} 万元，其中各项之和 {fmt(value)} 万元",
                total.loc.short() if total.loc else None,
                path=f"evaluations.{e_index}.budget.total.{attribute}",
                stated=total.num,
                sum=value,
                tolerance=tolerance,
            )


@check("A002", "arithmetic", "error", "执行率与执行数、预算数不符")
def stated_execution_rate(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """The 执行率 a form writes against 执行数 ÷ 预算数, at the precision it is written to: on the
    年度资金总额 row, and on every funding line (其中 财政拨款 / 上年结转 / 其他资金) that writes one,
    against that line's own amounts."""
    for evaluation, table in _pairs(dossier, scored):
        budget = evaluation.budget
        if budget is None:
            continue
        basis = _basis(table)
        totals = (budget.total.initial, budget.total.adjusted, budget.total.executed)
        damaged = [v for v in totals if v is not None and v.digits_lost]
        if budget.rate is not None and budget.rate.num is not None and damaged:
            yield could_not_check(
                spec,
                f"“{table.name}”执行率填 {budget.rate.text}：表中金额 {'、'.join(v.text for v in damaged)} "
                "缺失整数位数字，无法核对",
                budget.rate.loc.short() if budget.rate.loc else table.location,
                path=under(table.path, "budget", "rate"),
                stated=budget.rate.num,
            )
        elif budget.rate is not None and budget.rate.num is not None and table.execution_rate is not None:
            yield from _rate_findings(
                spec,
                f"“{table.name}”执行率",
                budget.rate,
                table.execution_rate,
                under(table.path, "budget", "rate"),
                _amounts(budget.total, basis),
            )
        if _blank_val(budget.rate) and _blank_val(budget.score):
            continue  # a merged cell a text layout put on a funding line is the total row's (_part_points)
        for index, part in enumerate(budget.parts):
            computed = _row_rate(part, basis)
            if part.rate is None or part.rate.num is None or computed is None:
                continue
            yield from _rate_findings(
                spec,
                f"“{table.name}”{part.label.strip()}行执行率",
                part.rate,
                computed,
                under(table.path, "budget", "parts", index, "rate"),
                _amounts(part, basis),
            )


def _basis(table: TableResult) -> str:
    """The budget column a 执行率 divides by under the table's rule pack (全年预算数 unless the pack says
    年初预算数)."""
    if table.rules is None:
        return "adjusted"
    try:
        rule = load_pack(table.rules).execution
    except (KeyError, ValueError, OSError):
        return "adjusted"
    return rule.basis if rule is not None else "adjusted"


def _row_rate(row: BudgetRow, basis: str) -> Decimal | None:
    """A funding line's 执行数 ÷ 预算数 in percent (None when a figure is missing or the budget is 0)."""
    base_val = row.adjusted if basis == "adjusted" else row.initial
    base = base_val.num if base_val is not None else None
    spent = row.executed.num if row.executed is not None else None
    if base is None or spent is None or base <= 0 or _digits_lost(base_val, row.executed):
        return None
    return spent * 100 / base


def _amounts_slack(row: BudgetRow, basis: str) -> Decimal:
    """How far 执行数 ÷ 预算数 (in percent) may lie from the rate of the amounts as written, given the
    rounding each written amount may hide (``_money_half_unit``); half a hundredth of a percent when an
    amount is missing (the scorer's rate then comes from elsewhere)."""
    base_val = row.adjusted if basis == "adjusted" else row.initial
    if base_val is None or base_val.num is None or row.executed is None or row.executed.num is None:
        return HALF_CENT
    base, spent = base_val.num, row.executed.num
    base_slack, spent_slack = _money_half_unit(base), _money_half_unit(spent)
    if base - base_slack <= 0:
        return HALF_CENT
    written = spent / base
    highest = (spent + spent_slack) / (base - base_slack)
    lowest = max(spent - spent_slack, ZERO) / (base + base_slack)
    return max(highest - written, written - lowest) * 100


def _amounts(row: BudgetRow, basis: str) -> tuple[Val, Val] | None:
    """A funding line's 执行数 and the 预算数 its rate divides by, both written, the budget above 0."""
    base = row.adjusted if basis == "adjusted" else row.initial
    spent = row.executed
    if base is None or base.num is None or spent is None or spent.num is None or base.num <= 0:
        return None
    if _digits_lost(base, spent):
        return None
    return spent, base


def _digits_lost(*vals: Val | None) -> bool:
    """An amount whose whole-number digits a copy lost (``.32``, ``Val.digits_lost``): no check
    computes with it."""
    return any(v is not None and v.digits_lost for v in vals)


def _rate_findings(
    spec: Check,
    what: str,
    written: Val,
    computed: Decimal,
    path: str | None,
    amounts: tuple[Val, Val] | None,
) -> Iterator[Finding]:
    """A002 on one written rate, at two levels. Reconciled when some values the written figures stand
    for agree, each amount read exact to the cent (forms drop trailing zeros: 148 for 148.00): no
    finding. Where only that reading fails, and amounts within their written precision (148 for
    147.5–148.5) reconcile the rate, a warning saying what the written amounts give: the rate may have
    been computed from the unrounded amounts. An error only where no rounding of the written amounts
    and of the written rate reconciles them. (``computed``: the scorer's rate, used only when the
    amounts are not both written.)"""
    assert written.num is not None
    stated = written.num
    place = fraction_precision(written.text, stated)  # 0.958 (a fraction) is written to 0.1%
    possible = False
    if amounts is not None:
        spent, base = amounts
        assert spent.num is not None and base.num is not None
        computed = spent.num * 100 / base.num
        if rate_agrees(stated, place / 2, spent.num, base.num, HALF_CENT):
            return
        possible = rate_agrees(stated, place / 2, spent.num, base.num)
    elif abs(stated - computed) <= place / 2 + HALF_CENT:
        return
    location = written.loc.short() if written.loc else None
    message = f"{what}填 {written.text}，按全年执行数/全年预算数计算为 {fmt(computed)}%"
    if stated == 100 and computed > 100:
        # an overspent budget written as 100%: many forms cap the rate, a reviewer should see it
        yield finding(
            spec,
            f"{message}，所填为按 100% 封顶的执行率",
            location,
            "warning",
            path=path,
            stated=stated,
            expected=computed,
        )
        return
    if _at_place(computed, place, ROUND_FLOOR) == stated:
        # cut at its last place instead of rounded: not a certain error (the amounts themselves are
        # rounded), a warning saying what rounding gives
        rounded = _at_place(computed, place, ROUND_HALF_UP)
        shown = _as_written(rounded, written.text, stated)
        yield finding(
            spec,
            f"{message}，所填为截断值，四舍五入应为 {shown}",
            location,
            "warning",
            path=path,
            stated=stated,
            expected=computed,
            rounded=rounded,
        )
        return
    if possible and amounts is not None:
        yield _written_precision_warning(spec, what, written, computed, path, amounts)
        return
    yield finding(spec, message, location, path=path, stated=stated, expected=computed)


def _written_precision_warning(
    spec: Check, what: str, written: Val, computed: Decimal, path: str | None, amounts: tuple[Val, Val]
) -> Finding:
    """The warning of a rate that the written amounts give otherwise, but that holds within their
    written precision (46 ÷ 148 = 31.08%, written 31.00%: 46 ÷ 148.4 = 31.00%)."""
    assert written.num is not None
    spent, base = amounts
    short = [v for v in amounts if v.num is not None and half_unit(v.num) > HALF_CENT]
    whole_wan = all(v.orig_unit in (None, "万元", "万") and decimals_of(v.num or ZERO) == 0 for v in short)
    exact = "整数万元精确值" if short and whole_wan else "所写数值的精确值"
    return finding(
        spec,
        f"{what}填 {written.text}，按所写金额 {spent.text.strip()} ÷ {base.text.strip()} 计算为 {fmt(computed)}%，"
        f"仅当金额为{exact}时才不符",
        written.loc.short() if written.loc else None,
        "warning",
        path=path,
        stated=written.num,
        expected=computed,
    )


def _at_place(value: Decimal, place: Decimal, rounding: str) -> Decimal:
    """``value`` rounded (or cut) to ``place`` (0.1, 1, 10 …), written to that place."""
    if place >= 1:
        return (value / place).quantize(Decimal(1), rounding=rounding) * place
    return value.quantize(place, rounding=rounding)


def _as_written(percent: Decimal, text: str, stated: Decimal) -> str:
    """A percentage in the form the stated rate is written: ``95.9%``, or ``0.959`` for a fraction."""
    written = parse_decimal(text.strip())
    if written is not None and written != stated and written.scaleb(2) == stated:
        return f"{percent.scaleb(-2)}（{fmt_plain(percent)}%）"
    return f"{percent}%"


@check("A003", "arithmetic", "error", "基础数据表控制率计算错误")
def staffing_rate_stated(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    basic = dossier.basic_data
    if basic is None or basic.staffing_rate is None or basic.staffing_rate.num is None:
        return
    table = next((t for t in scored.tables if t.kind == "basic_data"), None)
    computed = table.indicators[0].computed_score if table and table.indicators else None
    quota, staff = basic.staffing_quota, basic.staff_actual
    if computed is None and quota is not None and staff is not None and quota.num and staff.num is not None:
        computed = staff.num * 100 / quota.num  # the table's own figures, when no fact repeats them
    location = basic.staffing_rate.loc.short() if basic.staffing_rate.loc else None
    if computed is None:
        yield could_not_check(
            spec, "缺少编制数或在职人数，无法核对控制率", location, path="basic_data.staffing_rate"
        )
        return
    stated = basic.staffing_rate.num
    if abs(stated - computed) > half_unit(stated) + Decimal("0.005"):
        yield finding(
            spec,
            f"控制率填 {basic.staffing_rate.text}，按在职人数/编制数计算为 {fmt(computed)}%",
            location,
            path="basic_data.staffing_rate",
            stated=stated,
            expected=computed,
        )


@check("A004", "arithmetic", "error", "分机构数据之和与汇总行不符")
def institution_totals(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    for t_index, figures in enumerate(dossier.figure_tables):
        if not figures.kind.startswith("institution_"):
            continue
        totals = [r for r in figures.rows if r.is_total]
        members = [r for r in figures.rows if not r.is_total]
        if len(totals) != 1 or not members:
            continue
        total_row = totals[0]
        row_index = next(i for i, r in enumerate(figures.rows) if r is total_row)
        for index, stated in enumerate(total_row.values):
            if stated is None or stated.num is None:
                continue
            parts = [
                m.values[index] for m in members if index < len(m.values) and m.values[index] is not None
            ]
            ok, value, tolerance = _money_sum_ok(stated, [p for p in parts if p is not None])
            if ok:
                continue
            column = figures.columns[index + 1] if index + 1 < len(figures.columns) else f"第{index + 1}列"
            yield finding(
                spec,
                f"{figures.title or figures.kind}“{column}”：汇总行 {fmt(stated.num)} 万元，各机构之和 {fmt(value)} 万元",
                stated.loc.short() if stated.loc else None,
                path=f"figure_tables.{t_index}.rows.{row_index}.values.{index}",
                stated=stated.num,
                sum=value,
                tolerance=tolerance,
            )


def _children(lines: list[FigureRow], index: int) -> list[FigureRow]:
    """The rows directly under ``lines[index]`` (one level deeper, until the level comes back)."""
    level = lines[index].level
    found = []
    for row in lines[index + 1 :]:
        if row.level <= level:
            break
        if row.level == level + 1:
            found.append(row)
    return found


@check("A005", "arithmetic", "error", "基础数据表分项之和与合计不符")
def basic_data_sums(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """Numbered items (1、2、3、) make up their line; 其中 items are only part of it."""
    basic = dossier.basic_data
    if basic is None:
        return
    lines = list(basic.lines)
    for index, line in enumerate(lines):
        children = _children(lines, index)
        if not children:
            continue
        complete = all(re.match(r"^\d+[、.．]", c.label) for c in children)
        for column, stated in enumerate(line.values):
            if stated is None or stated.num is None:
                continue
            parts = [
                c.values[column] for c in children if column < len(c.values) and c.values[column] is not None
            ]
            written = [p for p in parts if p is not None and p.num is not None]
            if not written:
                continue
            ok, value, tolerance = _money_sum_ok(stated, written)
            year = basic.year_columns[column] if column < len(basic.year_columns) else f"第{column + 1}列"
            if complete and not ok:
                yield finding(
                    spec,
                    f"基础数据表“{line.label}”{year} {fmt(stated.num)} 万元，各分项之和 {fmt(value)} 万元",
                    stated.loc.short() if stated.loc else None,
                    path=f"basic_data.lines.{index}.values.{column}",
                    stated=stated.num,
                    sum=value,
                    tolerance=tolerance,
                )
            elif not complete and value > stated.num + tolerance:
                yield finding(
                    spec,
                    f"基础数据表“{line.label}”{year} {fmt(stated.num)} 万元，其中所列各项之和 {fmt(value)} 万元已超过合计",
                    stated.loc.short() if stated.loc else None,
                    path=f"basic_data.lines.{index}.values.{column}",
                    stated=stated.num,
                    sum=value,
                    tolerance=tolerance,
                )


@check("K001", "consistency", "error", "同一金额在不同表中不一致")
def unit_table_against_basic_data(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """The unit table's 按支出性质分 must add up to its total, and its 项目支出 must equal the
    基础数据表's 项目支出 of the same year's 决算."""
    basic = dossier.basic_data
    for e_index, evaluation in enumerate(dossier.evaluations):
        budget = evaluation.budget
        if budget is None or not budget.by_nature or evaluation.kind == "project":
            continue
        total = budget.total.executed
        if any(value.digits_lost for _, value in budget.by_nature):
            continue  # an amount that lost its whole-number digits (``.32``): nothing to add up
        nature = {key: value for key, value in budget.by_nature if value.num is not None}
        prefix = f"evaluations.{e_index}.budget"
        at = {key: f"{prefix}.by_nature.{k}.1" for k, (key, value) in enumerate(budget.by_nature)}
        stated_total = nature.pop("按支出性质分", None)
        for label, reference in (("按支出性质分合计", stated_total), ("年度资金总额", total)):
            if reference is None or reference.num is None or reference.digits_lost or not nature:
                continue
            ok, value, _ = _money_sum_ok(reference, list(nature.values()))
            if not ok:
                yield finding(
                    spec,
                    f"整体支出绩效自评表按支出性质分各项之和 {fmt(value)} 万元，与{label} {fmt(reference.num)} 万元不符",
                    reference.loc.short() if reference.loc else None,
                    path=at["按支出性质分"] if reference is stated_total else f"{prefix}.total.executed",
                    stated=reference.num,
                    sum=value,
                )
        project = nature.get("项目支出")
        if basic is None or project is None or project.num is None:
            continue
        line = next((row for row in basic.lines if row.level == 0 and row.label.startswith("项目支出")), None)
        if line is None or not line.values or line.values[-1] is None or line.values[-1].num is None:
            continue
        final = line.values[-1]
        assert final.num is not None
        if abs(final.num - project.num) > _money_half_unit(final.num) + _money_half_unit(project.num):
            year = basic.year_columns[-1] if basic.year_columns else "决算数"
            yield finding(
                spec,
                f"整体支出绩效自评表项目支出 {fmt(project.num)} 万元，基础数据表项目支出（{year}）{fmt(final.num)} 万元",
                project.loc.short() if project.loc else None,
                path=at["项目支出"],
                self_evaluation=project.num,
                basic_data=final.num,
            )


_STATED_RATE = re.compile(r"执行率(?:为|达到?|是)?(?P<pct>\d+(?:\.\d+)?)[%％]")
_STATED_SCORE = re.compile(r"自评得分(?:为|是)?(?P<score>\d+(?:\.\d+)?)分")


@check("K002", "consistency", "error", "文字说明中的执行率或得分与自评表不一致")
def narrative_against_tables(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """A sentence that names a project and states its 执行率 or 自评得分, against that project's table."""
    named = [
        (_flat(e.name.text), t)
        for e, t in _pairs(dossier, scored)
        if e.name is not None and len(e.name.text) >= 4
    ]
    named.sort(key=lambda pair: -len(pair[0]))  # the longest name wins where one contains another
    seen: set[tuple[str, str]] = set()
    for s_index, section in enumerate(dossier.sections):
        for sentence in re.split(r"[。；]", _flat(section.text)):
            table = next((t for name, t in named if name in sentence), None)
            if table is None:
                continue
            where = section.loc.short() if section.loc else None
            rate = _STATED_RATE.search(sentence)
            if rate and table.execution_rate is not None:
                stated = Decimal(rate["pct"])
                key = (table.name, f"rate{stated}")
                if (
                    abs(stated - table.execution_rate) > half_unit(stated) + SCORE_TOLERANCE
                    and key not in seen
                ):
                    seen.add(key)
                    yield finding(
                        spec,
                        f"“{section.heading}”写“{table.name}”执行率为 {rate['pct']}%，自评表中为 {fmt(table.execution_rate)}%",
                        where,
                        path=f"sections.{s_index}",
                        sentence=rate.group(0),
                        stated=stated,
                        table=table.execution_rate,
                    )
            score = _STATED_SCORE.search(sentence)
            if score and table.declared_total is not None:
                stated = Decimal(score["score"])
                key = (table.name, f"score{stated}")
                if abs(stated - table.declared_total) > SCORE_TOLERANCE and key not in seen:
                    seen.add(key)
                    yield finding(
                        spec,
                        f"“{section.heading}”写“{table.name}”自评得分 {score['score']} 分，自评表总分为 {fmt_plain(table.declared_total)}",
                        where,
                        path=f"sections.{s_index}",
                        sentence=score.group(0),
                        stated=stated,
                        table=table.declared_total,
                    )


_COMPLETION = r"[，,]?(?:完成|达到)?(?:目标|年度)?任务(?:的)?(?P<pct>\d+(?:\.\d+)?)[%％]"


@lru_cache(maxsize=256)  # a document's own figures; compiled only for a figure its text writes
def _completion_pattern(number: str, unit: str) -> re.Pattern[str]:
    """ "1026人，完成目标任务的114%" for an actual of 1026人 (compiled once per figure)."""
    return re.compile(rf"(?<![\d.]){re.escape(number)}{re.escape(unit)}{_COMPLETION}")


@check("K003", "consistency", "error", "文字说明中的完成比例与指标目标不符")
def completion_against_targets(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """ "职业技能培训1026人，完成目标任务的114%" against the indicator whose actual is 1026人 (target 1000人)."""
    texts: list[tuple[str, str, str | None, str]] = [
        (section.heading, _flat(section.text), section.loc.short() if section.loc else None, f"sections.{s}")
        for s, section in enumerate(dossier.sections)
    ]
    for e_index, evaluation in enumerate(dossier.evaluations):
        if evaluation.goal is not None:
            for g, item in enumerate(evaluation.goal.achieved):
                texts.append(
                    (
                        "年度总体目标实际完成情况",
                        _flat(item.text),
                        item.loc.short() if item.loc else None,
                        f"evaluations.{e_index}.goal.achieved.{g}",
                    )
                )
    texts = [t for t in texts if "任务" in t[1]]  # no completion sentence, nothing to compare
    if not texts:
        return
    seen: set[tuple[str, str]] = set()
    for evaluation in dossier.evaluations:
        for indicator in evaluation.indicators:
            if indicator.target is None or indicator.actual is None:
                continue
            cost = is_cost_indicator(indicator.level1, indicator.level2)
            verdict = judge_texts(indicator.target.text, indicator.actual.text, cost)
            a, b = verdict.target_number, verdict.actual_number
            if not a or b is None or verdict.unit in (None, "%"):
                continue
            written = fmt_plain(b) + (verdict.unit or "")
            expected = b * 100 / a
            for heading, text, where, path in texts:
                if written not in text:
                    continue  # the figure is not written here: the pattern cannot match
                for match in _completion_pattern(fmt_plain(b), verdict.unit or "").finditer(text):
                    stated = Decimal(match["pct"])
                    key = (where or "", match.group(0))
                    if key in seen or abs(stated - expected) <= half_unit(stated) + SCORE_TOLERANCE:
                        continue
                    seen.add(key)
                    truncated = abs(stated - expected) < 2 * half_unit(stated)
                    yield finding(
                        spec,
                        f"“{heading}”写“{match.group(0)}”，按“{indicator.name}”目标 {indicator.target.text.strip()}，"
                        f"完成比例应为 {fmt(expected)}%" + ("（截断而非四舍五入）" if truncated else ""),
                        where,
                        "info" if truncated else None,
                        path=path,
                        sentence=match.group(0),
                        stated=stated,
                        expected=expected,
                        target=indicator.target.text.strip(),
                    )


# Narrative sentences such as "收入合计 3188.53 万元，与 2021 年度相比，收入合计减少 31.68 万元，下降 0.98%".
_NUMBER = r"\d+(?:\.\d+)?"
_CHANGE = re.compile(
    rf"(?P<dir>增加|减少)(?P<delta>{_NUMBER})万元[，,]?(?P<word>增长|下降|增加|减少)(?P<pct>{_NUMBER})%"
)
_AMOUNT = re.compile(rf"(?P<num>{_NUMBER})万元")
_LOOKBACK = 120  # characters before a change clause in which its base amount is stated
# "...收入合计 3188.53 万元 ... 财政拨款收入 2985.96 万元，占本年收入 93.65%"
_TOTAL = re.compile(rf"(?P<kind>收入|支出)合计(?P<total>{_NUMBER})万元")
_SHARE = re.compile(
    rf"(?P<part>{_NUMBER})万元[，,]占本年(?P<kind>收入|支出)(?:合计)?(?:的)?(?P<pct>{_NUMBER})%"
)
_PP_TOLERANCE = Decimal("0.01")  # rules.md 11.8 #22: a base that was itself rounded may shift the last place


def _flat(text: str) -> str:
    """The text without any whitespace (str.split splits on the ideographic space too)."""
    return "".join(text.split())


def _pct_ok(stated: Decimal, expected: Decimal) -> bool:
    return abs(stated - expected) <= half_unit(stated) + _PP_TOLERANCE


# N001 (a change and its rate) and N002 (a share) read the narrative's facts: checks_facts.py.


# ---------------------------------------------------------------- completeness

_NOT_APPLICABLE = ("无", "不适用", "/", "—", "-")
_PLACEHOLDER = re.compile(r"某某|多少|XX|xx|××|…{2,}|\.{6,}|（\s*）")
_INSTRUCTION = re.compile(r"^(简要概述|简要说明|请填写|请说明|此处填写|填写说明)")


@check("C001", "completeness", "warning", "模板占位内容未替换")
def placeholders(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    for e_index, evaluation in enumerate(dossier.evaluations):
        for j, indicator in enumerate(evaluation.indicators):
            row = f"evaluations.{e_index}.indicators.{j}"
            for label, text, loc, path in (
                ("三级指标", indicator.name, indicator.loc, row),
                (
                    "年度指标值",
                    indicator.target.text if indicator.target else "",
                    indicator.target.loc if indicator.target else None,
                    f"{row}.target",
                ),
                (
                    "实际完成值",
                    indicator.actual.text if indicator.actual else "",
                    indicator.actual.loc if indicator.actual else None,
                    f"{row}.actual",
                ),
            ):
                match = _PLACEHOLDER.search(text)
                if match:
                    yield finding(
                        spec,
                        f"{label}“{text}”含模板占位内容“{match.group(0)}”",
                        loc.short() if loc else None,
                        path=path,
                        text=text,
                    )


@check("C002", "completeness", "warning", "报告保留了模板说明文字")
def template_instructions(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    for s_index, section in enumerate(dossier.sections):
        for line in section.text.splitlines():
            if _INSTRUCTION.search(line.strip()):
                yield finding(
                    spec,
                    f"“{section.heading}”一节的内容是模板说明“{line.strip()}”，未按实际情况填写",
                    section.loc.short() if section.loc else None,
                    path=f"sections.{s_index}",
                    text=line.strip(),
                )


def _itemised_below(indicators: tuple[Indicator, ...], j: int) -> bool:
    """Row ``j`` is scored and writes no value, and the row under it writes values and no score: its
    details (``★补助瓜果蔬菜种植面积 10 10`` over ``梨树种植面积 6亩 6亩``)."""
    row = indicators[j]
    if not (_blank_val(row.target) and _blank_val(row.actual)):
        return False
    if _blank_val(row.weight) and _blank_val(row.score):
        return False
    below = next((i for i in indicators[j + 1 :] if not is_placeholder_row(i)), None)
    return (
        below is not None
        and (below.level1 in ("", row.level1))
        and _blank_val(below.weight)
        and _blank_val(below.score)
        and not (_blank_val(below.target) and _blank_val(below.actual))
    )


def _table_cut(dossier: Dossier, path: str | None) -> bool:
    """Whether the text stops right after the last row of the evaluation at ``path``
    (``evaluations.N``): ``_cut_after`` on its last indicator row."""
    where = path or ""
    if not where.startswith("evaluations."):
        return False
    index = int(where.split(".")[1])
    rows = dossier.evaluations[index].indicators
    return bool(rows) and _cut_after(dossier, index, len(rows) - 1)


def _cut_after(dossier: Dossier, e_index: int, j: int) -> bool:
    """Row ``j`` of evaluation ``e_index`` is where the document's text stops: the last row of its last
    table, which has no 总分 row and no signature after it (a page or a download cut off there)."""
    if e_index != len(dossier.evaluations) - 1:
        return False
    evaluation = dossier.evaluations[e_index]
    row = evaluation.indicators[j].loc
    if evaluation.signature or row is None or row.row is None:
        return False
    for total in (evaluation.declared_total, evaluation.declared_points):
        # a 总分 written at the head of the form (绩效自评得分 100) does not close it
        if total is not None and (total.loc is None or total.loc.row is None or total.loc.row > row.row):
            return False
    return all(is_placeholder_row(i) for i in evaluation.indicators[j + 1 :])


def _scoring_sheet(evaluation: Evaluation) -> bool:
    """A form with no 指标值 / 实际完成值 columns (a 评分表: 指标 | 权重 | 评分结果 | 备注): its rows are
    scored against a standard, by the unit or a reviewer, and hold no target to miss."""
    return all(i.target is None and i.actual is None for i in evaluation.indicators)


# The 一级 headings of the part of a form scored against a 评价标准 rather than a target (the project's
# 决策 and 过程 / 管理, the older 投入): its rows (决策依据, 财务制度, 组织机构) write 分值, 得分 and the
# standard, and no 指标值 or 完成值, by the form's design.
_STANDARD_SCORED = frozenset({"决策", "过程", "管理", "投入"})


def _scored_by_standard(level1: str) -> bool:
    words = re.sub(r"[\s（(].*$", "", level1.strip())  # without its points: 项目决策(2分)
    return words.removeprefix("项目").removesuffix("指标") in _STANDARD_SCORED


@check("C003", "completeness", "warning", "指标缺少年度指标值或实际完成值")
def missing_values(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """One finding per row that misses a value; one for the table when every row of it misses the same
    (a form published with its 实际完成值 column unfilled is one omission, not one per row)."""
    for e_index, evaluation in enumerate(dossier.evaluations):
        if _scoring_sheet(evaluation):
            continue  # no cell of them is missing
        itemised = {n.text.split("：明细 ", 1)[0] for n in evaluation.notes if "：明细 " in n.text}
        rows: list[tuple[int, Indicator, list[tuple[str, str]]]] = []
        for j, indicator in enumerate(evaluation.indicators):
            if is_placeholder_row(indicator):
                continue
            if indicator.target is not None and indicator.target.text.strip() in _NOT_APPLICABLE:
                continue
            if indicator.name in itemised or _itemised_below(evaluation.indicators, j):
                continue  # its values are written item by item in the rows under it
            cells = (("年度指标值", "target", indicator.target), ("实际完成值", "actual", indicator.actual))
            missing = [(label, field) for label, field, value in cells if value is None or value.blank]
            unread = [
                (label, value.unread) for label, _, value in cells if value is not None and value.unread
            ]
            if unread:  # written, but the reader could not place it: no omission, 无法核对
                texts = {text: "和".join(label for label, t in unread if t == text) for _, text in unread}
                # the row's values were not placed with certainty: a cell read blank beside them may be
                # where the unplaced text belongs, so it is no omission either
                rest = [label for label, _ in missing if label not in dict(unread)]
                yield could_not_check(
                    spec,
                    f"“{indicator.name or '（无名称）'}”的"
                    + "；".join(f"{labels}已填写但无法确定（“{text}”）" for text, labels in texts.items())
                    + (f"，{'和'.join(rest)}是否填写亦无法确定" if rest else ""),
                    indicator.loc.short() if indicator.loc else None,
                    path=f"evaluations.{e_index}.indicators.{j}",
                )
                missing = []
            if len(missing) == 2 and _scored_by_standard(indicator.level1):
                continue  # a 决策 / 管理 row: scored against its standard, no value to write
            if missing and _cut_after(dossier, e_index, j):
                yield could_not_check(
                    spec,
                    f"“{indicator.name or '（无名称）'}”是最后一张表的最后一行，表格在此中断（其后无总分行、"
                    f"无签章），无法核对其{'、'.join(label for label, _ in missing)}",
                    indicator.loc.short() if indicator.loc else None,
                    path=f"evaluations.{e_index}.indicators.{j}",
                )
                continue
            rows.append((j, indicator, missing))
        yield from _missing_value_findings(spec, evaluation, e_index, rows)


def _missing_value_findings(
    spec: Check,
    evaluation: Evaluation,
    e_index: int,
    rows: list[tuple[int, Indicator, list[tuple[str, str]]]],
) -> Iterator[Finding]:
    """C003's findings on one table's rows (each with the cells it misses, none for a complete row)."""
    gaps = [(j, indicator, missing) for j, indicator, missing in rows if missing]
    if len(gaps) > 1 and len(gaps) == len(rows) and len({tuple(m) for _, _, m in gaps}) == 1:
        labels = "和".join(label for label, _ in gaps[0][2])
        first = gaps[0][1]
        name = evaluation.name.text if evaluation.name and evaluation.name.text else evaluation.title
        where = evaluation.loc or first.loc
        yield finding(
            spec,
            f"{f'“{name}”' if name.strip() else '表中'}全部 {len(gaps)} 项指标均未填写{labels}",
            where.short() if where else None,
            path=f"evaluations.{e_index}",
            rows=len(gaps),
        )
        return
    for j, indicator, missing in gaps:  # one finding per row: neither value is one omission, not two
        row = f"evaluations.{e_index}.indicators.{j}"
        yield finding(
            spec,
            f"“{indicator.name or '（无名称）'}”缺少{'和'.join(label for label, _ in missing)}",
            indicator.loc.short() if indicator.loc else None,
            path=f"{row}.{missing[0][1]}" if len(missing) == 1 else row,
        )


@check("C004", "completeness", "info", "表中保留了空白的指标模板行")
def template_rows(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    for e_index, evaluation in enumerate(dossier.evaluations):
        empty = [i for i in evaluation.indicators if is_placeholder_row(i)]
        if empty:
            names = "、".join(i.level2 for i in empty if i.level2)
            name = evaluation.name.text if evaluation.name and evaluation.name.text else evaluation.title
            yield finding(
                spec,
                f"“{name}”有 {len(empty)} 行空白指标（{names}），应删除或填写",
                evaluation.loc.short() if evaluation.loc else None,
                path=f"evaluations.{e_index}",
                rows=len(empty),
            )


def _unexplained(dossier: Dossier, scored: DocumentResult) -> Iterator[IndicatorResult]:
    """Scored rows whose 偏差原因分析及改进措施 cell is empty."""
    for evaluation, table in _pairs(dossier, scored):
        for indicator, result in _rows(evaluation, table):
            if indicator.deviation is None or indicator.deviation.blank:
                yield result


@check("C005", "completeness", "warning", "未完成的指标未说明偏差原因")
def deviation_reason(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    for result in _unexplained(dossier, scored):
        if result.achievement in (Achievement.PARTLY.value, Achievement.MISSED.value):
            yield finding(
                spec,
                f"“{result.name}”未完成目标（目标 {result.target}，实际 {result.actual}），未填写偏差原因及改进措施",
                result.location,
                path=under(result.path, "deviation"),
                target=result.target,
                actual=result.actual,
            )


@check("C006", "completeness", "warning", "扣分未说明原因")
def deduction_reason(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """A row scored below its 分值 whose 偏差原因 cell is empty. Not on a 评分表 (no 指标值 / 实际完成值
    columns: its 备注 is a remark, the deductions are argued in the evaluation report), nor on a row
    C005 already reports (a missed target with the same cell empty: one omission); 无法核对 on the row
    where the document's text stops (its 偏差原因 cell may be on the part cut off)."""
    for e_index, (evaluation, table) in enumerate(_pairs(dossier, scored)):
        if _scoring_sheet(evaluation):
            continue
        for indicator, result in _rows(evaluation, table):
            if indicator.deviation is not None and not indicator.deviation.blank:
                continue
            if result.weight is None or result.declared_score is None:
                continue
            if result.declared_score >= result.weight:
                continue
            if result.achievement in (Achievement.PARTLY.value, Achievement.MISSED.value):
                continue  # C005: 未完成目标，未填写偏差原因
            message = (
                f"“{result.name}”分值 {fmt_plain(result.weight)}，自评得分 {fmt_plain(result.declared_score)}"
            )
            j = next(k for k, row in enumerate(evaluation.indicators) if row is indicator)
            if _cut_after(dossier, e_index, j):
                yield could_not_check(
                    spec,
                    f"{message}；此行是最后一张表的最后一行，表格在此中断，无法核对是否说明了扣分原因",
                    result.location,
                    path=under(result.path, "deviation"),
                )
                continue
            yield finding(
                spec,
                f"{message}，扣分未说明原因",
                result.location,
                path=under(result.path, "deviation"),
                weight=result.weight,
                declared=result.declared_score,
            )


@check("C007", "completeness", "info", "超额完成较多，应说明偏差原因")
def overshoot_reason(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    for result in _unexplained(dossier, scored):
        verdict = judge_texts(result.target, result.actual, is_cost_indicator(result.level1, result.level2))
        if verdict.overshoot and verdict.target_number and verdict.actual_number is not None:
            ratio = verdict.actual_number * 100 / verdict.target_number
            yield finding(
                spec,
                f"“{result.name}”实际 {result.actual} 为目标 {result.target} 的 {fmt(ratio)}%，"
                "超出 30% 以上，应说明偏差原因（目标是否偏低）",
                result.location,
                path=under(result.path, "deviation"),
                ratio=ratio,
            )


# ---------------------------------------------------------------- plausibility


@check("P001", "plausibility", "warning", "财政供养人员控制率超过100%")
def staffing_over_quota(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    quota, actual = dossier.fact("编制数"), dossier.fact("在职人数")
    if quota is None or actual is None or quota.num is None or actual.num is None or quota.num == 0:
        return
    if actual.num > quota.num:
        index = next(i for i, (name, _) in enumerate(dossier.facts) if name == "在职人数")
        rate = actual.num * 100 / quota.num
        yield finding(
            spec,
            f"在职人数 {fmt_plain(actual.num)} 超过编制数 {fmt_plain(quota.num)}，控制率 {fmt(rate)}%，请核实口径",
            actual.loc.short() if actual.loc else None,
            path=f"facts.{index}.1",
            staff=actual.num,
            quota=quota.num,
        )


_LOOKS_BACK = re.compile(r"自评|评价|决算|完成情况")


def _reports_on_year(dossier: Dossier) -> bool:
    """The document reports on its year (a 自评 form or report, a 决算): dated after the year ends. A
    budget or an allocation notice (资金安排情况公示) is issued for its year, within or before it."""
    if dossier.evaluations or dossier.rubrics or dossier.basic_data is not None:
        return True
    return any(_LOOKS_BACK.search(s.heading) or _LOOKS_BACK.search(s.text) for s in dossier.sections)


@check("P002", "plausibility", "warning", "填报日期早于评价年度结束")
def early_dates(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    if dossier.year is None:
        yield could_not_check(spec, "未识别评价年度，无法核对日期", None, path=None)
        return
    dated: list[tuple[str, Val, str]] = []
    if dossier.report_date is not None and _reports_on_year(dossier):
        dated.append(("报告日期", dossier.report_date, "report_date"))
    for e_index, evaluation in enumerate(dossier.evaluations):
        dated.extend(
            (key, value, f"evaluations.{e_index}.signature.{k}.1")
            for k, (key, value) in enumerate(evaluation.signature)
            if "日期" in key
        )
    for label, value, path in dated:
        date = find_date(value.text)
        if date is not None and date < (dossier.year, 12, 31):
            yield finding(
                spec,
                f"{label} {value.text} 早于 {dossier.year} 年度结束，可能沿用了往年日期",
                value.loc.short() if value.loc else None,
                path=path,
                date=value.text,
                year=str(dossier.year),
            )


@check("P003", "plausibility", "warning", "年度指标值无实际约束")
def meaningless_targets(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    for e_index, evaluation in enumerate(dossier.evaluations):
        for j, indicator in enumerate(evaluation.indicators):
            if indicator.target is None:
                continue
            parsed = parse_text(indicator.target.text)
            if parsed.kind is ValueKind.NUMBER and parsed.number == 0 and parsed.comparator in (">=", None):
                yield finding(
                    spec,
                    f"“{indicator.name}”年度指标值“{indicator.target.text}”对任何结果都成立，不构成目标",
                    indicator.target.loc.short() if indicator.target.loc else None,
                    path=f"evaluations.{e_index}.indicators.{j}.target",
                    target=indicator.target.text,
                )
