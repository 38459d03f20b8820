"""Score a dossier under its rule packs: every point earned or lost, beside what the form declares."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

import msgspec

from jixiao.forms.registry import form_by_id, form_of_kind
from jixiao.model.dossier import BasicData, Dossier, Evaluation, Indicator, Rubric, RubricItem, Val
from jixiao.model.numbers import HUNDRED, ZERO, fmt, q2
from jixiao.rules.formulas import (
    EXECUTION,
    QUANTITATIVE,
    Outcome,
    band,
    between,
    describe_band,
    exact,
    in_band,
    per_event,
    per_pp_over,
    per_pp_under,
)
from jixiao.rules.pack import PackSpec, RubricRule, load_pack, pack_for_template
from jixiao.score.measures import Measure, measure
from jixiao.score.result import (
    TABLE_KIND_NAMES,
    Budget3,
    DocumentResult,
    IndicatorResult,
    LevelResult,
    TableResult,
)
from jixiao.score.verify import mark_unverifiable
from jixiao.values import Achievement, Direction, Judgement, ValueKind, is_cost_indicator, judge, parse_value

_FALLBACK_PACK = "national-2020"
# A pack's ``status`` (how well its rules are sourced) in the reviewer's words.
_STATUS_NAMES = {
    "verified-and-sample": "文件原文已核实，并有样表",
    "corroborated": "有文件与表下注释佐证",
    "recalled-and-corroborated": "据办法附件，经各地样表佐证",
    "form-notes": "取自表式所印的注释",
    "derived-from-sample": "取自公开的样表，未见规则原文",
}
_DIRECTION_NAMES = {d: d.value for d in Direction}
_ACHIEVEMENT_NAMES = {a: a.value for a in Achievement}
_BANDS = {Achievement.MET: "达成", Achievement.PARTLY: "部分达成", Achievement.MISSED: "未达成"}


def _num(val: object) -> Decimal | None:
    return getattr(val, "num", None)


def _digits_lost(*vals: Val | None) -> bool:
    """An amount whose whole-number digits a copy lost (``.32``, ``Val.digits_lost``): no figure to
    compute with."""
    return any(v is not None and v.digits_lost for v in vals)


def _text(val: object) -> str | None:
    return getattr(val, "text", None)


def _loc(val: object) -> str | None:
    loc = getattr(val, "loc", None)
    return loc.short() if loc is not None else None


def is_placeholder_row(indicator: Indicator) -> bool:
    """A template row left empty: no name, no values, no weight, no score."""
    return not indicator.name and all(
        v is None or v.blank for v in (indicator.target, indicator.actual, indicator.weight, indicator.score)
    )


# ---------------------------------------------------------------- indicators


# A province repeats the same indicator texts thousands of times; parses and judgements are immutable,
# so both are cached, in bounded caches: a batch's memory must not grow with its documents (issue #14).
# What repeats is a document's own texts (the scorer and the checks read each row several times) and
# a few hundred common ones (100%, ≥95%, 有效促进); over the seeds and the corpus 128 entries already
# hit as often as an unbounded cache (texts 84%, pairs 76%), and on the generated province of
# bench/score_bench.py the texts gain up to 83% at 8,192 (85% unbounded), the pairs nothing beyond
# 128. An entry costs about 0.5 kB (text) and 0.6 kB (pair): at most ~7 MB for both.
PARSE_CACHE_SIZE = 8192
JUDGE_CACHE_SIZE = 4096
parse_text = lru_cache(maxsize=PARSE_CACHE_SIZE)(parse_value)


@lru_cache(maxsize=JUDGE_CACHE_SIZE)
def judge_texts(target: str | None, actual: str | None, cost: bool = False) -> Judgement:
    """Judge a target/actual pair from their texts; ``cost``: the row is a 成本指标 (``is_cost_indicator``)."""
    return judge(parse_text(target), parse_text(actual), cost=cost)


# (pack, 一级指标, 二级指标) as written -> the first-level group; emptied when full, so it stays bounded
# (the forms' own group names are a few dozen; OCR'd or free-form ones are not).
LEVELS_CACHE_SIZE = 4096
_LEVELS: dict[tuple[str, str, str], str] = {}


def level1_of(pack: PackSpec, level1: str, level2: str) -> str:
    key = (pack.id, level1, level2)
    found = _LEVELS.get(key)
    if found is None:
        if len(_LEVELS) >= LEVELS_CACHE_SIZE:
            _LEVELS.clear()
        found = _LEVELS[key] = pack.level1_of(level1, level2)
    return found


def _unread(indicator: Indicator) -> str:
    """Why a row's achievement cannot be told when a value of it is written but the reader could not
    place it (``Val.unread``); empty otherwise."""
    cells = (("年度指标值", indicator.target), ("实际完成值", indicator.actual))
    texts: dict[str, list[str]] = {}
    for label, value in cells:
        if value is not None and value.unread:
            texts.setdefault(value.unread, []).append(label)
    return "；".join(f"{'和'.join(labels)}已填写但无法确定（“{text}”）" for text, labels in texts.items())


def score_indicator(
    indicator: Indicator,
    pack: PackSpec,
    level1: str,
    implied_weight: Decimal | None = None,
    path: str | None = None,
) -> IndicatorResult:
    target_text = indicator.target.text if indicator.target is not None else None
    actual_text = indicator.actual.text if indicator.actual is not None else None
    verdict = judge_texts(target_text, actual_text, is_cost_indicator(indicator.level1, indicator.level2))
    unread = _unread(indicator)
    if unread:  # a value written but not placed by the reader: its achievement unknown, not missing
        verdict = msgspec.structs.replace(verdict, achievement=Achievement.UNKNOWN, reason=unread)
    weight = indicator.weight.num if indicator.weight is not None else None
    declared = indicator.score.num if indicator.score is not None else None
    note = ""
    if weight is None and implied_weight is not None:
        weight, note = implied_weight, "（表中未列分值；本组得分合计等于一级指标分值，各项分值即所填得分）"
    elif (
        weight is None
        and pack.indicators.missing_weight == "declared_if_met"
        and declared is not None
        and verdict.achievement is Achievement.MET
    ):
        weight, note = declared, "（表中未列分值，以所填得分为权重）"
    words_only = (
        verdict.actual_number is None
        and verdict.direction is not Direction.QUALITATIVE
        and pack.indicators.text_actual == "qualitative_band"
        and parse_text(actual_text).kind in (ValueKind.QUALITATIVE, ValueKind.TEXT)
        and parse_text(target_text).kind in (ValueKind.NUMBER, ValueKind.RANGE)
    )
    if words_only and weight is not None and verdict.achievement in _BANDS:
        label = _BANDS[verdict.achievement]
        spec = pack.qualitative_bands[label]
        outcome: Outcome | None = band(weight, spec.low, spec.high, label)
        note += "（定量指标以文字填报完成值）"
    else:
        outcome = _indicator_outcome(weight, verdict, pack)
    direction = _DIRECTION_NAMES[verdict.direction]
    empty = "（无法确定）" if unread else "（空）"
    prefix = f"{direction}指标 {target_text or empty}，实际{actual_text or empty}，"
    if outcome is None:
        explanation = prefix + verdict.reason + "；未列分值，无法计分"
        computed = None
        computed_range = None
    else:
        explanation = prefix + outcome.explanation + note
        if not outcome.exact and verdict.achievement is Achievement.UNKNOWN:
            explanation += f"（{verdict.reason}）"
        computed = outcome.score
        computed_range = None if outcome.exact else outcome.bounds
    return IndicatorResult(
        level1=level1,
        level2=indicator.level2,
        name=indicator.name,
        target=target_text,
        actual=actual_text,
        weight=weight,
        declared_score=declared,
        computed_score=computed,
        computed_range=computed_range,
        explanation=explanation.replace("\n", ""),
        location=indicator.loc.short() if indicator.loc else None,
        direction=direction,
        achievement=_ACHIEVEMENT_NAMES[verdict.achievement],
        path=path,
    )


def _indicator_outcome(weight: Decimal | None, verdict: Judgement, pack: PackSpec) -> Outcome | None:
    if weight is None:
        return None
    rules = pack.indicators
    if verdict.direction is Direction.QUALITATIVE or verdict.achievement is Achievement.UNKNOWN:
        label = _BANDS.get(verdict.achievement)
        if label is None or label not in pack.qualitative_bands:
            return between(ZERO, weight, f"无法判断完成程度，得分应在 0–{fmt(weight)} 之间")
        spec = pack.qualitative_bands[label]
        return band(weight, spec.low, spec.high, label)
    if verdict.achievement is Achievement.MET:
        return exact(weight, f"已完成，得满分 {fmt(weight)}")
    if verdict.achievement is Achievement.MISSED:
        return exact(ZERO, f"{verdict.reason}，得分 0")
    a, b = verdict.target_number, verdict.actual_number
    if a is not None and b is not None and verdict.direction is Direction.REVERSE:
        return QUANTITATIVE[f"reverse:{rules.reverse}"](weight, a, b)
    if a is not None and b is not None and verdict.direction is Direction.POSITIVE:
        return QUANTITATIVE["positive:ratio"](weight, a, b)
    if verdict.ratio is not None:
        # Equal and range targets, and completion rates: the judge's ratio is already direction-aware.
        score = min(weight, weight * verdict.ratio)
        return exact(
            score, f"{verdict.reason}，得分 = {fmt(weight)}×{fmt(verdict.ratio * HUNDRED)}% = {fmt(score)}"
        )
    # Partly met in words only (部分达成 against a number): the qualitative band for that outcome.
    partly = pack.qualitative_bands.get("部分达成")
    if partly is not None:
        return band(weight, partly.low, partly.high, "部分达成")
    return between(ZERO, weight, f"{verdict.reason}，得分应在 0–{fmt(weight)} 之间")


# ---------------------------------------------------------------- evaluation tables


def score_execution(
    evaluation: Evaluation, pack: PackSpec
) -> tuple[Decimal | None, Outcome | None, str | None]:
    budget, rule = evaluation.budget, pack.execution
    if budget is None or rule is None:
        return None, None, None
    written = _num(budget.weight)
    weight = rule.weight if written is None else written  # a written 0 is 0 points, not the pack's
    base = _num(budget.total.adjusted if rule.basis == "adjusted" else budget.total.initial)
    spent = _num(budget.total.executed)
    basis_name = "全年预算数" if rule.basis == "adjusted" else "年初预算数"
    if _digits_lost(budget.total.adjusted if rule.basis == "adjusted" else budget.total.initial):
        return None, None, f"{basis_name}缺失整数位数字（如“.32”），无法计算执行率"
    if _digits_lost(budget.total.executed):
        return None, None, "全年执行数缺失整数位数字（如“.32”），无法计算执行率"
    if base is None or spent is None:
        return None, None, f"缺少{basis_name}或全年执行数，无法计算执行率"
    if base == 0:
        if spent == 0:
            if rule.on_zero_base == "full":
                return None, exact(weight, "全年预算数与执行数均为0，按规则得满分"), None
            return None, None, "全年预算数与执行数均为0，执行率不适用"
        return None, exact(ZERO, f"全年预算数为0而执行 {fmt(spent)} 万元，得分 0"), None
    rate = spent * HUNDRED / base
    outcome = EXECUTION[rule.formula](weight, rate)
    text = f"执行率 = {fmt(spent)}/{fmt(base)} = {fmt(rate)}%，{outcome.explanation}"
    return rate, outcome, text


def _execution_unscored(evaluation: Evaluation, results: Sequence[IndicatorResult]) -> bool:
    """A form that gives its execution no points: its budget writes neither a 分值 nor a 得分 (no such
    column), and its indicator rows' 分值, every one written, add up alone to its total 分值 (the 总分
    row's, else 100). The rules' execution 分值 is then not added to it, nor an execution score."""
    budget = evaluation.budget
    if budget is None or not results or any(r.weight is None for r in results):
        return False
    written = (budget.weight, budget.score, budget.total.weight, budget.total.score)
    if any(v is not None for v in written):
        return False
    return _sum(r.weight for r in results) == (_num(evaluation.declared_points) or HUNDRED)


def _sum(values: Iterable[Decimal | None]) -> Decimal:
    total = ZERO
    for value in values:
        if value is not None:
            total += value
    return total


Span = tuple[Decimal | None, tuple[Decimal, Decimal] | None]


def _total(parts: Iterable[Outcome | None]) -> Span:
    """Σ of exact scores, or the (low, high) range once any part is only a range."""
    low = high = ZERO
    exact_only = True
    for part in parts:
        if part is None:
            continue
        if part.score is not None:
            low += part.score
            high += part.score
        else:
            exact_only = False
            low += part.low or ZERO
            high += part.high or ZERO
    return (low, None) if exact_only else (None, (low, high))


def _total_of(results: Iterable[IndicatorResult], extra: Outcome | None = None) -> Span:
    """``_total`` over indicator results (plus an execution outcome) without an Outcome for each."""
    low = high = ZERO
    exact_only = True
    if extra is not None:
        low, high = extra.bounds
        exact_only = extra.exact
    for result in results:
        if result.computed_score is not None:
            low += result.computed_score
            high += result.computed_score
        elif result.computed_range is not None:
            exact_only = False
            low += result.computed_range[0]
            high += result.computed_range[1]
    return (low, None) if exact_only else (None, (low, high))


def _grade(pack: PackSpec, total: Decimal | None, span: tuple[Decimal, Decimal] | None) -> str | None:
    if total is not None:
        return pack.grade_for(total)
    if span is not None:
        low, high = pack.grade_for(span[0]), pack.grade_for(span[1])
        return low if low == high else f"{low}~{high}"
    return None


def _levels(
    results: list[IndicatorResult], indicators: list[Indicator], pack: PackSpec
) -> tuple[LevelResult, ...]:
    grouped: dict[str, list[tuple[IndicatorResult, Indicator]]] = {}
    for result, indicator in zip(results, indicators, strict=True):
        grouped.setdefault(result.level1, []).append((result, indicator))
    levels = []
    for name, rows in grouped.items():
        declared_points = next((_num(i.level1_points) for _, i in rows if i.level1_points is not None), None)
        stated = declared_points is not None
        if declared_points is None:
            declared_points = pack.first_level.get(name)
        computed, span = _total_of(r for r, _ in rows)
        levels.append(
            LevelResult(
                level1=name,
                stated=stated,
                declared_points=declared_points,
                weights=_sum(r.weight for r, _ in rows),
                declared_scores=_sum(r.declared_score for r, _ in rows),
                computed_score=computed,
                computed_range=span,
            )
        )
    return tuple(levels)


def _as_outcome(result: IndicatorResult) -> Outcome | None:
    if result.computed_score is not None:
        return Outcome(score=result.computed_score)
    if result.computed_range is not None:
        return Outcome(low=result.computed_range[0], high=result.computed_range[1])
    return None


def implied_weights(indicators: list[Indicator], groups: list[str], pack: PackSpec) -> list[Decimal | None]:
    """Weights a form without a 分值 column implies.

    A score never exceeds its weight, so when a first-level group's declared scores already add up
    to the group's points, each row's weight must equal its declared score.
    """
    if pack.indicators.missing_weight != "declared_if_met":
        return [None] * len(indicators)
    implied: list[Decimal | None] = []
    for indicator, group in zip(indicators, groups, strict=True):
        rows = [i for i, g in zip(indicators, groups, strict=True) if g == group]
        points = next((_num(i.level1_points) for i in rows if i.level1_points is not None), None)
        points = points if points is not None else pack.first_level.get(group)
        scores = [_num(i.score) for i in rows]
        full = points is not None and None not in scores and _sum(scores) == points
        implied.append(_num(indicator.score) if full and indicator.weight is None else None)
    return implied


def score_evaluation(
    evaluation: Evaluation,
    pack: PackSpec,
    unit: str | None,
    path: str | None = None,
    rules_reason: str | None = None,
) -> TableResult:
    """``path``: the evaluation's dossier path (``evaluations.2``); its rows get theirs under it.
    ``rules_reason``: why ``pack`` was chosen (``choose_pack``), stated in the result."""
    kept = [(j, i) for j, i in enumerate(evaluation.indicators) if not is_placeholder_row(i)]
    indicators = [i for _, i in kept]
    paths = [f"{path}.indicators.{j}" if path is not None else None for j, _ in kept]
    groups = [level1_of(pack, i.level1, i.level2) for i in indicators]
    implied = implied_weights(indicators, groups, pack)
    results = [
        score_indicator(i, pack, g, w, p)
        for i, g, w, p in zip(indicators, groups, implied, paths, strict=True)
    ]
    marked, unverifiable = mark_unverifiable(results, pack)
    results = list(marked)
    unscored = [
        r.name
        for r in results
        if r.declared_score is not None and r.computed_score is None and r.computed_range is None
    ]
    if unverifiable is None and unscored:  # a row the rules cannot score is missing from any recomputed total
        unverifiable = f"“{unscored[0]}”等 {len(unscored)} 项无法按规则计分，重算的总分不含其得分"
    rate, execution, execution_text = score_execution(evaluation, pack)
    unscored_execution = _execution_unscored(evaluation, results)
    if unscored_execution:  # the form's indicators make up its 总分值 alone: no rule's execution 分值
        execution, execution_text = None, "表中执行率不计分（各指标分值合计即为总分值）"
    written = evaluation.budget.score if evaluation.budget is not None else None
    if unverifiable is None and execution is None and written is not None and written.num is not None:
        # the form's 执行率得分 no rule recomputes (its amounts lost): no recomputed total holds it
        why = execution_text or "规则包不计执行率得分"
        unverifiable = f"执行率得分 {written.text} 无法按规则重算（{why}），重算的总分不含其得分"
    weighted = any(r.weight is not None for r in results)
    if weighted:
        computed, span = _total_of(results, execution)
    else:
        computed, span = None, None
    goal = _num(evaluation.goal.score) if evaluation.goal is not None else None
    if goal is not None:  # the goal block's own score, which no rule recomputes, counts as written
        computed = computed + goal if computed is not None else None
        span = (span[0] + goal, span[1] + goal) if span is not None else None
    budget = evaluation.budget
    exec_weight = (
        _written_or(_num(budget.weight), pack.execution.weight if pack.execution else None)
        if budget and not unscored_execution
        else None
    )
    weights_total = _sum(r.weight for r in results) + (exec_weight or ZERO) if weighted else None
    return TableResult(
        kind=evaluation.kind,
        name=(  # a table with neither name nor title is called by its kind (the findings quote it)
            evaluation.name.text.replace("\n", "")
            if evaluation.name and evaluation.name.text
            else evaluation.title or TABLE_KIND_NAMES[evaluation.kind]
        ),
        unit=unit,
        template=evaluation.template,
        rules=pack.id,
        budget=Budget3(
            # an amount that lost its whole-number digits (``.32``) is no figure of the form's
            initial=None if _digits_lost(budget.total.initial) else _num(budget.total.initial),
            adjusted=None if _digits_lost(budget.total.adjusted) else _num(budget.total.adjusted),
            executed=None if _digits_lost(budget.total.executed) else _num(budget.total.executed),
        )
        if budget
        else None,
        execution_rate=q2(rate) if rate is not None else None,
        execution_weight=exec_weight,
        execution_declared=_num(budget.score) if budget else None,
        execution_computed=execution.score if execution else None,
        execution_explanation=execution_text,
        goal_declared=goal,
        declared_total=_num(evaluation.declared_total),
        computed_total=computed,
        computed_range=span,
        weights_total=weights_total,
        declared_points=_num(evaluation.declared_points),
        grade=_text(evaluation.grade),
        computed_grade=_grade(pack, computed, span),
        levels=_levels(results, indicators, pack),
        indicators=tuple(results),
        location=evaluation.loc.short() if evaluation.loc else None,
        path=path,
        rules_reason=rules_reason,
        unverifiable=unverifiable,
    )


# ---------------------------------------------------------------- rubric


def _key(text: str) -> str:
    return "".join(ch for ch in text if ch not in "“”\"' \u3000《》")


def _rule_for(item: RubricItem, pack: PackSpec) -> RubricRule | None:
    if pack.rubric is None:
        return None
    matches = [r for r in pack.rubric.items if _key(r.name) == _key(item.name)]
    if len(matches) > 1:
        matches = [r for r in matches if r.level2 and _key(r.level2) in _key(item.level2)] or matches
    return matches[0] if matches else None


def _rubric_outcome(rule: RubricRule, points: Decimal, dossier: Dossier) -> Outcome:
    if rule.formula in ("checklist", "judgement"):
        return apply_rubric_rule(rule, points, None)
    assert rule.measure is not None, f"rubric rule {rule.name} needs a measure"
    return apply_rubric_rule(rule, points, measure(rule.measure, dossier))


def apply_rubric_rule(rule: RubricRule, points: Decimal, found: Measure | None) -> Outcome:
    """Score one rubric row from its measured value (``None`` for rows a person judges)."""
    if found is None or rule.formula in ("checklist", "judgement"):
        return between(ZERO, points, f"按评分标准由评价人判断，得分应在 0–{fmt(points)} 之间")
    if rule.formula == "cases":
        if found.case is None or found.case not in rule.cases:
            return between(ZERO, points, f"{found.explanation}；得分应在 0–{fmt(points)} 之间")
        return exact(rule.cases[found.case], f"{found.explanation}，得 {fmt(rule.cases[found.case])} 分")
    if found.value is None:
        return between(ZERO, points, f"{found.explanation}；得分应在 0–{fmt(points)} 之间")
    if rule.formula == "per_pp_over":
        result = per_pp_over(points, found.value, rule.params)
    elif rule.formula == "per_pp_under":
        result = per_pp_under(points, found.value, rule.params)
    elif rule.formula == "per_event":
        result = per_event(points, found.value, rule.params)
    elif rule.formula == "bands":
        chosen = next((b for b in rule.bands if in_band(found.value, b.min, b.max, b.equals)), None)
        if chosen is None:
            return between(ZERO, points, f"{found.explanation}，不在任何评分档内")
        result = exact(
            chosen.points,
            f"{fmt(found.value)}% 属于档“{describe_band(chosen.min, chosen.max, chosen.equals)}”，得 {fmt(chosen.points)} 分",
        )
    else:
        raise ValueError(f"unknown rubric formula {rule.formula!r} in pack {rule.name}")
    return Outcome(
        score=result.score,
        low=result.low,
        high=result.high,
        explanation=f"{found.explanation}；{result.explanation}",
    )


def score_rubric(rubric: Rubric, pack: PackSpec, dossier: Dossier, path: str | None = None) -> TableResult:
    """``path``: the rubric's dossier path (``rubrics.0``); its rows get theirs under it."""
    results: list[IndicatorResult] = []
    outcomes: list[Outcome | None] = []
    groups_seen: set[str] = set()
    levels: dict[str, list[tuple[RubricItem, IndicatorResult, Outcome | None]]] = {}
    for j, item in enumerate(rubric.items):
        rule = _rule_for(item, pack)
        points = _num(item.points) or _num(item.group_points) or (rule.points if rule else None)
        group = str(rule.params.get("group")) if rule and "group" in rule.params else None
        if rule is None or points is None:
            outcome: Outcome | None = (
                between(ZERO, points or ZERO, "评分规则包未收录此项，由评价人判断") if points else None
            )
        elif group is not None and group in groups_seen:
            outcome = None
        else:
            outcome = _rubric_outcome(rule, points, dossier)
            if group is not None:
                groups_seen.add(group)
                outcome = Outcome(
                    low=outcome.low,
                    high=outcome.high,
                    score=outcome.score,
                    explanation=f"{outcome.explanation}（与同组各项合用分值 {fmt(points)}）",
                )
        result = IndicatorResult(
            level1=item.level1,
            level2=item.level2,
            name=item.name,
            target=item.standard or None,
            actual=None,
            weight=points if (group is None or outcome is not None) else None,
            declared_score=_num(item.score),
            computed_score=outcome.score if outcome else None,
            computed_range=outcome.bounds if outcome and not outcome.exact else None,
            explanation=outcome.explanation if outcome else "与同组首项合并计分",
            location=item.loc.short() if item.loc else None,
            path=f"{path}.items.{j}" if path is not None else None,
        )
        results.append(result)
        outcomes.append(outcome)
        levels.setdefault(item.level1, []).append((item, result, outcome))
    computed, span = _total(outcomes)
    level_results = []
    for name, rows in levels.items():
        declared_points = next((_num(i.level1_points) for i, _, _ in rows if i.level1_points), None)
        c, s = _total([o for _, _, o in rows])
        level_results.append(
            LevelResult(
                level1=name,
                declared_points=declared_points
                if declared_points is not None
                else (pack.rubric.first_level.get(name) if pack.rubric else None),
                weights=_sum(r.weight for _, r, _ in rows),
                declared_scores=_sum(r.declared_score for _, r, _ in rows),
                computed_score=c,
                computed_range=s,
            )
        )
    return TableResult(
        kind="dept_rubric",
        name=rubric.title,
        unit=dossier.unit,
        template=form_of_kind("rubric").id,
        rules=pack.id,
        declared_total=_num(rubric.declared_total),
        computed_total=computed,
        computed_range=span,
        weights_total=_sum(r.weight for r in results),
        declared_points=_num(rubric.declared_points),
        computed_grade=_grade(pack, computed, span),
        levels=tuple(level_results),
        indicators=tuple(results),
        location=rubric.loc.short() if rubric.loc else None,
        path=path,
    )


# ---------------------------------------------------------------- basic data


def score_basic_data(basic: BasicData, dossier: Dossier) -> TableResult:
    found = measure("财政供养人员控制率", dossier)
    stated = basic.staffing_rate
    row = IndicatorResult(
        level1="财政供养人员情况",
        level2="",
        name="控制率",
        target=None,
        actual=_text(stated),
        weight=None,
        declared_score=_num(stated),
        computed_score=q2(found.value) if found.value is not None else None,
        computed_range=None,
        explanation=found.explanation,
        location=_loc(stated),
        path="basic_data.staffing_rate",
    )
    return TableResult(
        kind="basic_data",
        name="基础数据表",
        unit=_text(basic.unit_name) or dossier.unit,
        template=form_of_kind("basic_data").id,
        indicators=(row,),
        location=basic.loc.short() if basic.loc else None,
        path="basic_data",
    )


# ---------------------------------------------------------------- documents


def _written_or(written: Decimal | None, default: Decimal | None) -> Decimal | None:
    """A figure the form writes (0 included), else the pack's."""
    return default if written is None else written


class PackChoice(NamedTuple):
    """The pack a table is scored under, why, and whether it is the national pack taken only for
    want of the form's own (``fallback``: the region's 计分办法, unknown, may deduct where it does not)."""

    pack: PackSpec
    reason: str
    fallback: bool = False


def choose_pack(template: str, year: int | None, override: str | None) -> PackChoice:
    """The pack a table is scored under and why: ``override``; else the form's own pack (the
    registry's); else a pack declaring the template; else the national pack, saying that the form's
    family has no pack of its own."""
    if override:
        pack = load_pack(override)
        return PackChoice(pack, f"按指定的规则包 {pack.id}（{pack.title}）计分")
    form = form_by_id(template)
    if form is not None and form.pack is not None:
        pack = load_pack(form.pack)
        return PackChoice(
            pack,
            f"{form.label}（{template}）按其规则包 {pack.id}（{pack.title}，依据：{_STATUS_NAMES.get(pack.status, pack.status)}）计分",
        )
    declared = pack_for_template(template, year)
    if declared is not None:
        return PackChoice(declared, f"规则包 {declared.id}（{declared.title}）收录表式 {template}，按其计分")
    pack = load_pack(_FALLBACK_PACK)
    what = f"{form.label}（{template}）" if form is not None else f"表式 {template}"
    return PackChoice(
        pack,
        f"{what}未识别出所属地区的规则包，按全国通用规则包 {pack.id}（{pack.title}）计分；"
        "地区另有规定的，得分以其规定为准",
        fallback=True,
    )


def pack_for(template: str, year: int | None, override: str | None) -> PackSpec:
    """``choose_pack`` without the reason."""
    return choose_pack(template, year, override).pack


def settled_sum(
    computed: Decimal | None,
    computed_range: tuple[Decimal, Decimal] | None,
    chosen: Sequence[tuple[IndicatorResult, Decimal]],
) -> Decimal | None:
    """A total or a 一级指标 subtotal with the settled scores of the ``chosen`` rows in place of their
    computed score or range; None when none is chosen, when there is no sum to settle (a table without
    weights) or while a range in it stays open."""
    if not chosen:
        return None
    if computed is not None:
        low = high = computed
    elif computed_range is not None:
        low, high = computed_range
    else:
        return None
    for result, score in chosen:
        if result.computed_score is not None:
            low, high = low - result.computed_score + score, high - result.computed_score + score
        elif result.computed_range is not None:
            low, high = low - result.computed_range[0] + score, high - result.computed_range[1] + score
        else:
            low, high = low + score, high + score
    return low if low == high else None


def _settle(table: TableResult, paths: list[str], settled: Mapping[str, Decimal]) -> TableResult:
    """The table with ``settled_total``: each row's settled score (by its dossier path, ``paths`` in
    the order of ``table.indicators``) in place of its computed score or range."""
    chosen = [(r, settled[p]) for r, p in zip(table.indicators, paths, strict=False) if p in settled]
    total = settled_sum(table.computed_total, table.computed_range, chosen)
    return msgspec.structs.replace(table, settled_total=total) if total is not None else table


def score_dossier(
    dossier: Dossier, rules: str | None = None, settled: Mapping[str, Decimal] | None = None
) -> DocumentResult:
    """Score every table of the dossier; ``rules`` forces one pack for all of them. ``settled``: the
    scores reviewers set, by the dossier path of the row (``evaluations.2.indicators.5``,
    ``rubrics.0.items.3``), which give each table its ``settled_total``."""
    tables: list[TableResult] = []
    if dossier.basic_data is not None:
        tables.append(score_basic_data(dossier.basic_data, dossier))
    for e_index, evaluation in enumerate(dossier.evaluations):
        choice = choose_pack(evaluation.template, dossier.year, rules)
        table = score_evaluation(
            evaluation, choice.pack, dossier.unit, f"evaluations.{e_index}", choice.reason
        )
        if choice.fallback:
            table = msgspec.structs.replace(table, rules_fallback=True)
        if settled:
            paths = [
                f"evaluations.{e_index}.indicators.{j}"
                for j, i in enumerate(evaluation.indicators)
                if not is_placeholder_row(i)
            ]
            table = _settle(table, paths, settled)
        tables.append(table)
    for r_index, rubric in enumerate(dossier.rubrics):
        choice = choose_pack(form_of_kind("rubric").id, dossier.year, rules)
        table = msgspec.structs.replace(
            score_rubric(rubric, choice.pack, dossier, f"rubrics.{r_index}"),
            rules_reason=choice.reason,
            rules_fallback=choice.fallback,
        )
        if settled:
            table = _settle(
                table, [f"rubrics.{r_index}.items.{j}" for j in range(len(rubric.items))], settled
            )
        tables.append(table)
    used = tuple(dict.fromkeys(t.rules for t in tables if t.rules))
    return DocumentResult(
        source=dossier.source, unit=dossier.unit, year=dossier.year, rules=used, tables=tuple(tables)
    )
