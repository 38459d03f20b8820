"""Checks over the narrative's facts (``Dossier.statements``, read by ``jixiao.narrative``).

Every comparison allows the rounding of what is written: an amount written 41 万元 may stand for
40.5–41.5 (an amount written with fewer decimals than the others of its section is taken at theirs:
11.8 beside 12.39 is 11.80), a rate written 73.2% for 73.15–73.25%. A statement is wrong only when no
figures within their written rounding make it right; the fact reader, not the check, decides which
figure is the base of a rate. A relation the reader could not tie to its figures is reported as
``could_not_check`` (无法核对), never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from jixiao.audit.checks_text import NARRATIVE_CACHE
from jixiao.audit.finding import Check, Finding, check, could_not_check, finding
from jixiao.model.dossier import Dossier, Fact, Section, Val
from jixiao.model.numbers import fmt, fmt_plain
from jixiao.narrative.reader import canon, goal_sections, read_facts
from jixiao.score.result import DocumentResult

_HUNDRED = Decimal(100)
_DIGITS = re.compile(r"\d+(?:\.(\d+))?")
_SCALE = {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "亿元": Decimal(10000)}


@lru_cache(maxsize=NARRATIVE_CACHE)
def _read(sections: tuple[Section, ...], year: int | None) -> tuple[Fact, ...]:
    return read_facts(sections, year)


def statements(dossier: Dossier) -> tuple[Fact, ...]:
    """The dossier's facts; read from its sections when it was built without them (older JSON)."""
    if dossier.statements:
        return dossier.statements
    sections = dossier.sections + goal_sections(dossier.evaluations)
    return _read(sections, dossier.year) if sections else ()


def _decimals(value: Val) -> int:
    match = _DIGITS.search(value.text)
    return len(match[1]) if match is not None and match[1] else 0


@dataclass(frozen=True)
class Iv:
    """An interval of the values a written figure may stand for."""

    lo: Decimal
    hi: Decimal

    def __add__(self, other: Iv) -> Iv:
        return Iv(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Iv) -> Iv:
        return Iv(self.lo - other.hi, self.hi - other.lo)

    def __abs__(self) -> Iv:
        if self.lo >= 0:
            return self
        if self.hi <= 0:
            return Iv(-self.hi, -self.lo)
        return Iv(Decimal(0), max(-self.lo, self.hi))

    def ratio(self, base: Iv) -> Iv | None:
        """self / base × 100 for a positive base (``None`` when the base may be zero or less)."""
        if base.lo <= 0:
            return None
        candidates = [a * _HUNDRED / b for a in (self.lo, self.hi) for b in (base.lo, base.hi)]
        return Iv(min(candidates), max(candidates))

    def meets(self, other: Iv) -> bool:
        """Whether the two share a value: written figures stand for half-open ranges (half up rounds
        v + h to the next place), so ranges that only touch do not."""
        return self.lo < other.hi and other.lo < self.hi


class _Precision:
    """The decimals amounts are written with in each section (the most any amount there has, ≤ 2)."""

    def __init__(self, facts: tuple[Fact, ...]) -> None:
        self.by_section: dict[str, int] = {}
        for fact in facts:
            for value in (fact.value, fact.change, fact.against_value, fact.whole_value):
                if value is not None and value.unit == "万元":
                    places = min(_decimals(value), 2)
                    self.by_section[fact.section] = max(self.by_section.get(fact.section, 0), places)

    def short(self, value: Val, section: str) -> bool:
        """A 万元 figure written with fewer decimals than the others of its section (11.8 beside 12.39)."""
        return (
            value.unit == "万元"
            and value.orig_unit is None
            and _decimals(value) < self.by_section.get(section, 0)
        )

    def iv(self, value: Val, section: str, exact_short: bool = False) -> Iv:
        assert value.num is not None
        if exact_short and self.short(value, section):
            return Iv(value.num, value.num)
        places = _decimals(value)
        if value.unit == "万元":
            places = max(places, self.by_section.get(section, 0))
        half = Decimal(5).scaleb(-places - 1)
        if value.unit == "万元" and value.orig_unit in _SCALE:
            half *= _SCALE[value.orig_unit]
        return Iv(value.num - half, value.num + half)


def _rate_iv(value: Val) -> Iv:
    assert value.num is not None
    half = Decimal(5).scaleb(-_decimals(value) - 1)
    return Iv(abs(value.num) - half, abs(value.num) + half)


def _where(fact: Fact) -> str | None:
    return fact.loc.short() if fact.loc is not None else None


def _path(facts: tuple[Fact, ...], fact: Fact) -> str:
    """The fact's dossier path (``statements.12``): its place in the statements, by identity."""
    return f"statements.{next(i for i, f in enumerate(facts) if f is fact)}"


def _name(fact: Fact) -> str:
    return fact.subject or "（未能确定主体）"


def _money(fact: Fact, value: Val | None) -> bool:
    return value is not None and value.num is not None and value.unit == "万元"


def _lookup(facts: tuple[Fact, ...], fact: Fact) -> tuple[Val, Val] | str | None:
    """(this period's value, the compared period's) of a subject stated only with its change, from
    the other facts stating it; ``None`` when nothing states it, ``"ambiguous"`` when several do."""
    key = canon(fact.subject)
    if len(key) < 2:
        return None
    by_period: dict[str, set[tuple[Decimal, str]]] = {}
    vals: dict[tuple[str, Decimal], Val] = {}
    for other in facts:
        if other is fact or other.value is None or other.value.num is None or other.value.unit != "万元":
            continue
        if (
            canon(other.subject) != key
            or not other.period
            or (other.change is not None and other.value is None)
        ):
            continue
        by_period.setdefault(other.period, set()).add((other.value.num, other.value.text))
        vals[(other.period, other.value.num)] = other.value
    if fact.period and fact.against and fact.against in by_period and fact.period in by_period:
        now_p, then_p = fact.period, fact.against
    elif len(by_period) == 2 and not (fact.against and fact.against not in by_period):
        then_p, now_p = sorted(by_period)
    else:
        return None
    now, then = by_period[now_p], by_period[then_p]
    if len({n for n, _ in now}) != 1 or len({n for n, _ in then}) != 1:
        return "ambiguous"
    return vals[(now_p, next(iter(now))[0])], vals[(then_p, next(iter(then))[0])]


def _section_value(facts: tuple[Fact, ...], fact: Fact) -> Val | None:
    """The one figure the section states for a subject whose change a later sentence gives alone
    ("2022年度财政拨款支出 2995.46 万元。与2021年度相比，财政拨款支出减少 8.62 万元")."""
    key = canon(fact.subject)
    if len(key) < 2 or fact.against in ("预算", ""):
        return None
    found = {
        f.value.num: f.value
        for f in facts
        if f is not fact
        and f.section == fact.section
        and f.value is not None
        and f.value.num is not None
        and f.value.unit == "万元"
        and f.part_of is None
        and canon(f.subject) == key
        and (not f.period or not fact.period or f.period == fact.period)
        and (not f.measure or not fact.measure or f.measure == fact.measure)
    }
    return next(iter(found.values())) if len(found) == 1 else None


# ---------------------------------------------------------------- N001 a change and its rate


@check("N001", "arithmetic", "error", "文字说明中的增减额、增减率与金额不符")
def change_and_rate(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """ "62.07万元，比上年增加38.97万元，增长168.7%": the base is 62.07 − 38.97 (or the figure stated
    after 比), the rate 38.97 ÷ that base; a change stated without its figure ("其中公务接待较上年减少
    0.58万元") against the two figures the text states for that subject elsewhere."""
    facts = statements(dossier)
    precision = _Precision(facts)
    seen: set[tuple[str, str]] = set()
    for fact in facts:
        if fact.not_comparable or (fact.change is None and fact.change_rate is None):
            continue
        key = (fact.sentence, f"{fact.subject}{fact.change}{fact.change_rate}{fact.against}")
        if key in seen:
            continue
        seen.add(key)
        yield from _one_change(spec, facts, precision, fact)


def _one_change(spec: Check, facts: tuple[Fact, ...], precision: _Precision, fact: Fact) -> Iterator[Finding]:

    def iv(value: Val) -> Iv:
        return precision.iv(value, fact.section)

    change, rate, value, base_val = fact.change, fact.change_rate, fact.value, fact.against_value
    if (
        change is not None
        and rate is not None
        and change.num is not None
        and rate.num is not None
        and rate.unit == "%"
        and change.num != 0
        and (change.num > 0) != (rate.num > 0)
    ):
        yield finding(
            spec,
            f"“{fact.section}”：{_name(fact)}{_signed(change)}，却写{fact_rate_word(fact)}{rate.text}，增减方向相反",
            _where(fact),
            "warning",
            path=_path(facts, fact),
            sentence=fact.sentence,
        )
        return
    now: Iv | None = iv(value) if _money(fact, value) and value is not None else None
    then: Iv | None = iv(base_val) if _money(fact, base_val) and base_val is not None else None
    looked = ""
    amount = value.num if value is not None else None
    levels = (value, base_val) if now is not None and then is not None else None
    if now is None and change is not None and _money(fact, change):
        found = _lookup(facts, fact)
        if isinstance(found, tuple):
            now, then = iv(found[0]), iv(found[1])
            levels = found
            looked = f"（{found[1].text} → {found[0].text}）"
            amount = found[0].num
        elif found is None and (alone := _section_value(facts, fact)) is not None:
            now = iv(alone)
            looked = ""
            amount = alone.num
    delta: Iv | None = iv(change) if change is not None and _money(fact, change) else None
    if now is not None and then is not None and delta is not None and change is not None:
        assert change.num is not None
        if not (now - then).meets(delta):
            expected = (now.lo + now.hi) / 2 - (then.lo + then.hi) / 2
            yield finding(
                spec,
                f"“{fact.section}”：{_name(fact)}比{fact.against or '对比数'}{_signed(change)}{looked}，"
                f"按所写金额计算应为 {fmt(expected)} 万元",
                _where(fact),
                path=_path(facts, fact),
                sentence=fact.sentence,
                stated=change.num,
                expected=expected,
            )
            return
        if levels is not None and (short := _short_exact(spec, facts, precision, fact, levels, delta)):
            yield short
            return
    if rate is None or rate.unit != "%" or rate.num is None:
        return
    if then is None and now is not None and delta is not None:
        then = now - delta
    if delta is None and now is not None and then is not None:
        delta = now - then
    if then is None or delta is None:
        if change is not None and change.num and _money(fact, change):
            yield could_not_check(
                spec,
                f"“{fact.section}”：{_signed(change)}、{rate.text}，无法确定其对比基数（未能对应到所述金额），无法核对",
                _where(fact),
                path=_path(facts, fact),
                sentence=fact.sentence,
            )
        return
    expected_iv = abs(delta).ratio(then)
    if expected_iv is None:
        return
    if expected_iv.meets(_rate_iv(rate)):
        yield from _rate_only_through_rounding(spec, facts, fact, then, delta, amount, looked)
        return
    mid_then = (then.lo + then.hi) / 2
    expected = abs((delta.lo + delta.hi) / 2) * _HUNDRED / mid_then
    yield finding(
        spec,
        f"“{fact.section}”：{_name(fact)}{f' {fmt(amount)} 万元，' if amount is not None else ''}比{fact.against or '对比数'}"
        f"{_signed(change) if change else ''}{looked}，写作{fact_rate_word(fact)}{rate.text}，"
        f"按对比基数 {fmt(mid_then)} 万元计算应为 {fmt(expected)}%",
        _where(fact),
        path=_path(facts, fact),
        sentence=fact.sentence,
        amount=amount,
        stated=abs(rate.num),
        expected=expected,
    )


def _rate_only_through_rounding(
    spec: Check,
    facts: tuple[Fact, ...],
    fact: Fact,
    then: Iv,
    delta: Iv,
    amount: Decimal | None,
    looked: str,
) -> Iterator[Finding]:
    """A warning where a change rate holds only through the rounding of the amounts it is computed
    from: the written figures give another rate at the rate's own precision (减少0.28万元 against
    1.8万元 is 15.56%, written 16% half up, not 15%), though amounts rounded to their last place
    could still give it (0.2751 ÷ 1.8 = 15.28%). Not an error: a rate computed from the unrounded
    amounts (元) may be right while the written 万元 figures give another."""
    rate = fact.change_rate
    if rate is None or rate.num is None:
        return
    mid_then = (then.lo + then.hi) / 2
    if mid_then <= 0:
        return
    mid_delta = abs((delta.lo + delta.hi) / 2)
    places = Decimal(1).scaleb(-_decimals(rate))
    expected = (mid_delta * _HUNDRED / mid_then).quantize(places, ROUND_HALF_UP)
    if expected == abs(rate.num):
        return
    yield finding(
        spec,
        f"“{fact.section}”：{_name(fact)}{f' {fmt(amount)} 万元，' if amount is not None else ''}比{fact.against or '对比数'}"
        f"{_signed(fact.change) if fact.change else ''}{looked}，写作{fact_rate_word(fact)}{rate.text}；"
        f"按所写金额 {fmt(mid_delta)} ÷ {fmt(mid_then)} 计算为 {expected:f}%"
        f"（仅当所写金额经过舍入时{rate.text}才可能成立）",
        _where(fact),
        "warning",
        path=_path(facts, fact),
        key="rounding",
        sentence=fact.sentence,
        amount=amount,
        stated=abs(rate.num),
        expected=expected,
    )


def _short_exact(
    spec: Check,
    facts: tuple[Fact, ...],
    precision: _Precision,
    fact: Fact,
    levels: tuple[Val | None, Val | None],
    delta: Iv,
) -> Finding | None:
    """A warning where the change holds only through the rounding of a figure written shorter than the
    others (11.8 beside 12.39): such a figure is as a rule exact (a budget of 11.80 万元 is written
    11.8), and then the stated change cannot be right ("2022年预算11.8万元…较上年决算12.39万元减少0.58万元":
    12.39 − 11.80 = 0.59). Not an error: a rounded figure may drop its trailing zero too."""
    now_val, then_val = levels
    if now_val is None or then_val is None or fact.change is None or fact.change.num is None:
        return None
    short = [v for v in (now_val, then_val) if precision.short(v, fact.section)]
    if not short:
        return None
    now, then = (precision.iv(v, fact.section, exact_short=True) for v in (now_val, then_val))
    if (now - then).meets(delta):
        return None
    assert now_val.num is not None and then_val.num is not None
    expected = now_val.num - then_val.num
    return finding(
        spec,
        f"“{fact.section}”：{_name(fact)}比{fact.against or '对比数'}{_signed(fact.change)}"
        f"（{then_val.text} → {now_val.text}）；{'、'.join(v.text for v in short)}写得比其他金额短，"
        f"通常即准确数，按此应为{_signed(Val(fmt(abs(expected)) + '万元', expected, '万元'))}（仅当其尾数经过舍入时所写才可能成立）",
        _where(fact),
        "warning",
        path=_path(facts, fact),
        key="short",
        sentence=fact.sentence,
        stated=fact.change.num,
        expected=expected,
    )


def _signed(change: Val) -> str:
    return ("减少" if change.num is not None and change.num < 0 else "增加") + change.text


def fact_rate_word(fact: Fact) -> str:
    if fact.change_rate is None or fact.change_rate.num is None:
        return ""
    return "增长" if fact.change_rate.num > 0 else "下降"


# ---------------------------------------------------------------- N002 / N003 shares and completion


def _whole_of(facts: tuple[Fact, ...], fact: Fact) -> Val | None:
    """The whole a share names ("占本年收入 93.65%"): the one figure of that subject in its section; a
    share of a 其中 part naming none is of the part's total."""
    if fact.whole_value is not None:
        return fact.whole_value
    key = canon(re.sub(r"^(?:本年|当年|全年|年度)+", "", fact.whole))
    if fact.ratio_kind == "share" and fact.part_of is not None and 0 <= fact.part_of < len(facts):
        # "合计 20 万元，其中：基本支出 10 万元，占 50%" (or "占支出总额的 50%"): of its 其中 total
        total = facts[fact.part_of]
        subject = canon(total.subject)
        if total.section == fact.section and (not key or (len(subject) >= 2 and subject in key)):
            return total.value
    if len(key) < 2:
        return None
    found = {
        f.value.num: f.value
        for f in facts
        if f.section == fact.section
        and f.value is not None
        and f.value.num is not None
        and f.value.unit == "万元"
        and f is not fact
        and f.part_of is None
        and canon(f.subject) == key
    }
    return next(iter(found.values())) if len(found) == 1 else None


def _ratio_findings(spec: Check, kind: str, dossier: Dossier) -> Iterator[Finding]:
    facts = statements(dossier)
    precision = _Precision(facts)
    seen: set[tuple[str, str]] = set()
    for fact in facts:
        if fact.ratio_kind != kind or fact.ratio is None or fact.ratio.num is None or fact.value is None:
            continue
        whole = _whole_of(facts, fact)
        if whole is None or whole.num is None or fact.value.num is None:
            if kind == "completion" and fact.whole_value is None:
                continue  # "完成年初预算的 52.2%" with no budget figure: nothing to compare
            continue
        if (
            fact.value.unit != "万元"
            or whole.unit != "万元"
            or (key := (fact.sentence, fact.ratio.text)) in seen
        ):
            continue
        seen.add(key)
        part, base = precision.iv(fact.value, fact.section), precision.iv(whole, fact.section)
        expected_iv = part.ratio(base)
        if expected_iv is None or expected_iv.meets(_rate_iv(fact.ratio)):
            continue
        expected = fact.value.num * _HUNDRED / whole.num
        label = "完成" if kind == "completion" else "占"
        yield finding(
            spec,
            f"“{fact.section}”：{_name(fact)} {fact.value.text}，{label}{fact.whole or ''} {whole.text} 的 "
            f"{fact.ratio.text}，按金额计算应为 {fmt(expected)}%",
            _where(fact),
            path=_path(facts, fact),
            sentence=fact.sentence,
            stated=fact.ratio.num,
            expected=expected,
        )
        yield from _unit_findings(facts, fact, whole, whole.text, "")


def _unit_findings(
    facts: tuple[Fact, ...], fact: Fact, whole: Val, against: str, stated: str
) -> Iterator[Finding]:
    """P010 where the stated ratio holds only if the part and the whole had the same unit."""
    if fact.value is None or fact.ratio is None:
        return
    raw = _unit_dropped(fact.value, whole, fact.ratio)
    if raw is None:
        return
    yield finding(
        _P010,
        f"“{fact.section}”：{fact.value.text} 与{' ' if not stated else ''}{against} 单位不同，所写{stated}"
        f"{fact.ratio.text}只在二者单位相同时成立（{fmt(raw)}%），其中一处单位可能有误",
        _where(fact),
        path=_path(facts, fact),
        key="ratio",
        sentence=fact.sentence,
        stated=fact.ratio.num,
        expected=raw,
    )


def _unit_dropped(part: Val, whole: Val, ratio: Val) -> Decimal | None:
    """The ratio of the figures as written, ignoring their units, when that is what the text states."""
    if part.orig_unit == whole.orig_unit:
        return None
    a, b = _DIGITS.search(part.text), _DIGITS.search(whole.text)
    if a is None or b is None or Decimal(b[0]) == 0 or ratio.num is None:
        return None
    raw = Decimal(a[0]) * _HUNDRED / Decimal(b[0])
    return raw if abs(raw - ratio.num) <= 1 else None


@check("N002", "arithmetic", "error", "文字说明中的占比与金额不符")
def share_of_whole(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """ "财政拨款收入 2985.96 万元，占本年收入 93.65%" against the 本年收入 the section states."""
    yield from _ratio_findings(spec, "share", dossier)


@check("N003", "arithmetic", "error", "文字说明中的预算完成率与金额不符")
def completion_of_budget(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """ "支出决算为 62.07 万元，完成全年预算 84.82 万元的 73.2%"; "预算为 X 万元，决算为 Y 万元，完成预算的 R%"."""
    yield from _ratio_findings(spec, "completion", dossier)
    facts = statements(dossier)
    precision = _Precision(facts)
    for index, fact in enumerate(facts):
        # "预算为 89.90 万元，支出决算为 57.53 万元，完成预算的 63.99%": the budget is the figure before
        if fact.ratio_kind != "completion" or fact.whole_value is not None or fact.ratio is None:
            continue
        if fact.value is None or fact.value.num is None or fact.ratio.num is None:
            continue
        budget = _budget_before(facts, index)
        if budget is None:
            continue
        budget_iv, budget_val = budget
        expected_iv = precision.iv(fact.value, fact.section).ratio(budget_iv)
        if expected_iv is None or expected_iv.meets(_rate_iv(fact.ratio)):
            continue
        if budget_val.num is None or budget_val.num <= 0:
            continue
        expected = fact.value.num * _HUNDRED / budget_val.num
        yield finding(
            spec,
            f"“{fact.section}”：预算 {budget_val.text}、{fact.measure or '支出'} {fact.value.text}，写作完成预算的 "
            f"{fact.ratio.text}，按金额计算应为 {fmt(expected)}%",
            _where(fact),
            path=_path(facts, fact),
            sentence=fact.sentence,
            stated=fact.ratio.num,
            expected=expected,
        )
        yield from _unit_findings(facts, fact, budget_val, f"预算 {budget_val.text}", "完成预算的")


def _budget_before(facts: tuple[Fact, ...], index: int) -> tuple[Iv, Val] | None:
    """The budget a completion rate stated without its figure refers to: the 预算 figure of the same
    subject just before it in the sentence, or the figure less its stated gap to the budget."""
    fact = facts[index]
    precision = _Precision(facts)
    if (
        fact.against == "预算"
        and fact.change is not None
        and fact.value is not None
        and _money(fact, fact.change)
    ):
        assert fact.change.num is not None and fact.value.num is not None
        interval = precision.iv(fact.value, fact.section) - precision.iv(fact.change, fact.section)
        text = f"{fmt(fact.value.num - fact.change.num)}万元"
        return interval, Val(text, fact.value.num - fact.change.num, "万元")
    if index == 0:
        return None
    before = facts[index - 1]
    if before.sentence != fact.sentence or before.measure != "预算" or before.value is None:
        return None
    if before.value.num is None or (
        canon(before.subject) != canon(fact.subject) and fact.measure != "执行数"
    ):
        return None
    return precision.iv(before.value, fact.section), before.value


# ---------------------------------------------------------------- N005 parts against their total


@check("N005", "arithmetic", "error", "文字说明中的分项之和与合计不符")
def parts_against_total(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """ "共完成预算资金 89.97 万元。其中：30 万元…；30 万元…；29.99 万元…" (89.99). Parts that add up to
    more than their total cannot be; fewer may be a list that names only some (a warning)."""
    facts = statements(dossier)
    precision = _Precision(facts)
    groups: dict[int, list[Fact]] = {}
    flagged: set[tuple[str, str]] = set()  # (sentence, level/change) of the totals reported
    for fact in facts:
        if fact.part_of is not None:
            groups.setdefault(fact.part_of, []).append(fact)
    for index, parts in groups.items():
        total = facts[index] if index < len(facts) else None
        if total is None or total.value is None or total.value.num is None:
            continue
        same = _distinct_parts(
            total,
            [
                p
                for p in parts
                if p.value is not None and p.value.num is not None and p.value.unit == total.value.unit
            ],
        )
        if same is None or len(same) < 2:
            continue
        if total.value.unit != "万元":
            yield from _count_parts(spec, facts, total, same)
            continue
        values = [p.value for p in same if p.value is not None]
        whole = precision.iv(total.value, total.section)
        summed = Iv(Decimal(0), Decimal(0))
        for count, value in enumerate(values, 1):
            summed = summed + precision.iv(value, total.section)
            if summed.meets(whole) and count < len(values):
                break  # the first items make the total: the list goes on with something else
        else:
            count = 0
        if count or summed.meets(whole) or (summed.hi < whole.lo and len(values) < 3):
            continue  # fewer than the total: a 其中 list may name only some parts
        exact = sum((v.num for v in values if v.num is not None), Decimal(0))
        over = summed.lo >= whole.hi  # half-up: a figure written X.XX stands for less than X.XX5
        flagged.add((total.sentence, "level"))
        yield finding(
            spec,
            f"“{total.section}”：{_name(total)} {total.value.text}，其中各项 "
            + " + ".join(v.text for v in values)
            + f" = {_as_written(exact, total.value)}，"
            + ("多于合计，不可能" if over else "少于合计（若所列并非全部分项则无误）"),
            _where(total),
            None if over else "warning",
            path=_path(facts, total),
            key="parts",
            sentence=total.sentence,
            stated=total.value.num,
            expected=exact,
        )
    yield from _part_changes(spec, facts, precision, groups, flagged)
    yield from _composition_findings(spec, facts, precision, dossier.year, flagged)


def _key(fact: Fact, total: Fact) -> str:
    """What tells the items of a list apart: the subject, or the statement itself where it names none or
    repeats the total's ("“优”的项目79个财政资金3038.38万元": the item is named by the figure before)."""
    subject = canon(fact.subject)
    return subject if len(subject) >= 2 and subject != canon(total.subject) else f"#{id(fact)}"


def _distinct_parts(total: Fact, parts: list[Fact]) -> list[Fact] | None:
    """One figure per item of a 其中 list: an item stated twice with one value (once per comparison the
    sentence makes) counts once; an item with several values (预算数…，决算数…) counts by the total's
    measure; ``None`` when that does not tell which figure is the part."""
    by_item: dict[str, list[Fact]] = {}
    for part in parts:
        by_item.setdefault(_key(part, total), []).append(part)
    chosen: list[Fact] = []
    for stated in by_item.values():
        if len({p.value.num for p in stated if p.value is not None}) > 1:
            stated = [p for p in stated if p.measure == total.measure]
            if len({p.value.num for p in stated if p.value is not None}) != 1:
                return None
        chosen.append(stated[0])
    return chosen


def _as_written(amount: Decimal, like: Val) -> str:
    """An amount in 万元 in the unit the figure it is compared with was written in (元 stays 元)."""
    if like.orig_unit in _SCALE:
        return f"{fmt_plain(amount / _SCALE[like.orig_unit])}{like.orig_unit}"
    return f"{fmt(amount)} 万元"


def _count_parts(spec: Check, facts: tuple[Fact, ...], total: Fact, parts: list[Fact]) -> Iterator[Finding]:
    """Counts (实施项目共15个，其中…8个…8个) are exact: parts that add up to more than their total are a
    warning (people counted 其中女性…党员… overlap, so it is not certain); fewer is a list that names
    only some."""
    assert total.value is not None and total.value.num is not None
    if total.value.unit is None or any(_decimals(p.value) for p in parts if p.value is not None):
        return
    head = canon(total.subject)[-2:]
    if len(head) < 2 or any(head not in p.subject for p in parts):
        return  # the list goes on with other things (培训3140人，其中创业培训…，…初级职称528人)
    numbers = [p.value.num for p in parts if p.value is not None and p.value.num is not None]
    if total.value.num in numbers:
        return  # one item is the whole: a breakdown another way (一级3个、二级8个、三级15个), not parts
    exact = Decimal(0)
    for number in numbers:
        exact += number
        if exact == total.value.num:
            return  # the first items make the total: the list goes on with something else
    if exact <= total.value.num:
        return
    yield finding(
        spec,
        f"“{total.section}”：{_name(total)} {total.value.text}，其中各项 "
        + " + ".join(p.value.text for p in parts if p.value is not None)
        + f" = {fmt_plain(exact)}{total.value.unit}，多于合计（若各项并非互不重叠的分项则无误）",
        _where(total),
        "warning",
        path=_path(facts, total),
        key="count_parts",
        sentence=total.sentence,
        stated=total.value.num,
        expected=exact,
    )


def _part_changes(
    spec: Check,
    facts: tuple[Fact, ...],
    precision: _Precision,
    groups: dict[int, list[Fact]],
    flagged: set[tuple[str, str]],
) -> Iterator[Finding]:
    """A total's change against its parts' changes, when the total and every part state one."""
    for index, parts in groups.items():
        first = facts[index]
        # the total compared several ways in its sentence (较上年…，较预算数…): each comparison with the
        # parts' changes against the same
        for total in (
            f
            for f in facts
            if f.sentence == first.sentence
            and f.value is not None
            and first.value is not None
            and f.value.num == first.value.num
            and canon(f.subject) == canon(first.subject)
        ):
            for found in _one_part_change(spec, facts, precision, total, parts):
                flagged.add((total.sentence, "change"))
                yield found


def _one_part_change(
    spec: Check, facts: tuple[Fact, ...], precision: _Precision, total: Fact, parts: list[Fact]
) -> Iterator[Finding]:
    if total.change is None or total.change.num is None or not _money(total, total.change):
        return
    by_item: dict[str, set[Decimal]] = {}
    vals: dict[str, Val] = {}
    for part in parts:
        key = _key(part, total)
        by_item.setdefault(key, set())
        if part.change is not None and part.change.num is not None and part.against == total.against:
            by_item[key].add(part.change.num)
            vals[key] = part.change
    if len(by_item) < 2 or any(len(v) != 1 for v in by_item.values()):
        return
    changes: list[Val | None] = [vals[k] for k in by_item]
    if any(c is None or c.num is None or c.unit != "万元" for c in changes):
        return
    summed = Iv(Decimal(0), Decimal(0))
    for change in changes:
        assert change is not None
        summed = summed + precision.iv(change, total.section)
    if summed.meets(precision.iv(total.change, total.section)):
        return
    exact = sum((c.num for c in changes if c is not None and c.num is not None), Decimal(0))
    yield finding(
        spec,
        f"“{total.section}”：{_name(total)}{total.change.text}，其中各项增减 "
        + " + ".join(c.text for c in changes if c is not None)
        + f" = {fmt(exact)} 万元，与合计的增减不符",
        _where(total),
        path=_path(facts, total),
        key="changes",
        sentence=total.sentence,
        stated=total.change.num,
        expected=exact,
    )


# ---------------------------------------------------------------- P010 (a unit off by 10,000) and P012 (a unit dropped)

_P010 = Check("P010", "plausibility", "error", "金额单位可能有误（元与万元）", lambda d, s: iter(()))


@check("P012", "plausibility", "warning", "同一数字在文字说明中单位不同（元与万元）")
def unit_differs_elsewhere(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """ "2089元" where every other mention of the same figure is "2089万元"."""
    facts = statements(dossier)
    by_digits: dict[tuple[str, str], set[str]] = {}
    where: dict[tuple[str, str, str], Fact] = {}
    for fact in facts:
        value = fact.value
        if value is None or value.unit != "万元" or not fact.subject:
            continue
        match = _DIGITS.search(value.text)
        if match is None or Decimal(match[0]) < 100:
            continue
        key = (canon(fact.subject), match[0])
        written = value.orig_unit or "万元"
        by_digits.setdefault(key, set()).add(written)
        where.setdefault((*key, written), fact)
    for (subject, digits), units in by_digits.items():
        if {"元", "万元"} <= units:
            odd = where[(subject, digits, "元")]
            yield finding(
                spec,
                f"“{odd.section}”：{_name(odd)}写作 {digits}元，其余各处为 {digits}万元，单位可能有误",
                _where(odd),
                "warning",
                path=_path(facts, odd),
                key="unit",
                sentence=odd.sentence,
            )


# ---------------------------------------------------------------- N005 三公经费 and its items

# 三公经费 is by definition 因公出国(境)费 + 公务用车购置及运行(维护)费 + 公务接待费, and 公务用车购置及运行费
# is 购置费 + 运行(维护)费: a 三公 explanation states them in sentences of their own, often with no 其中.
_TOTAL, _ABROAD, _CARS, _PURCHASE, _RUNNING, _RECEPTION = (
    "三公经费",
    "因公出国(境)费",
    "公务用车购置及运行费",
    "公务用车购置费",
    "公务用车运行费",
    "公务接待费",
)
_ITEMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (_CARS, re.compile(r"用车购置(?:及|和|与)运行|用车购置及运维")),
    (_PURCHASE, re.compile(r"(?:公务用车|车辆)购置")),
    (_RUNNING, re.compile(r"(?:公务用车|车辆)(?:\([^()]*\))?运行")),
    (_ABROAD, re.compile(r"出国")),
    (_RECEPTION, re.compile(r"公务接待")),
)
_COMPOSITIONS: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
    (_TOTAL, ((_ABROAD, _CARS, _RECEPTION), (_ABROAD, _PURCHASE, _RUNNING, _RECEPTION))),
    (_CARS, ((_PURCHASE, _RUNNING),)),
)


def _item(subject: str) -> str | None:
    """Which 三公 line a subject names (``None`` for none, or for a subject naming two)."""
    if "三公" in subject:
        return None if any(p.search(subject) for _, p in _ITEMS) else _TOTAL
    return next((name for name, pattern in _ITEMS if pattern.search(subject)), None)


def _side(fact: Fact) -> str:
    return "预算" if fact.measure == "预算" else "决算"


def _against(fact: Fact, year: int | None) -> str:
    """What a change compares with, the previous year named by its number when it can be told."""
    label = fact.against
    if label in ("上年", "上期"):
        found = re.match(r"(\d{4})年", fact.period)
        base = int(found[1]) if found else year
        return f"{base - 1}年" if base is not None else label
    return label


@dataclass(frozen=True)
class _Stated:
    """One 三公 line's figure (a level or a change), as the facts state it once."""

    value: Val
    iv: Iv
    fact: Fact


def _one_each(
    facts: tuple[Fact, ...], precision: _Precision, pick: dict[str, list[tuple[Val, Fact]]]
) -> dict[str, _Stated] | None:
    """Each line's single figure; ``None`` when a line states two different ones (another scope)."""
    found: dict[str, _Stated] = {}
    for name, stated in pick.items():
        numbers = {value.num for value, _ in stated}
        if len(numbers) != 1:
            return None
        value, fact = stated[0]
        found[name] = _Stated(value, precision.iv(value, fact.section), fact)
    return found


def _composition_findings(
    spec: Check,
    facts: tuple[Fact, ...],
    precision: _Precision,
    year: int | None,
    flagged: set[tuple[str, str]],
) -> Iterator[Finding]:
    """Levels and changes of 三公经费 (and of 公务用车购置及运行费) against those of their items, each side
    (预算, 决算) and comparison apart; a line stated with two values leaves its group unchecked."""
    levels: dict[tuple[str, str], dict[str, list[tuple[Val, Fact]]]] = {}
    changes: dict[tuple[str, str], dict[str, list[tuple[Val, Fact]]]] = {}
    for fact in facts:
        name = _item(fact.subject)
        if name is None:
            continue
        if _money(fact, fact.value) and fact.value is not None:
            levels.setdefault((_side(fact), fact.period), {}).setdefault(name, []).append((fact.value, fact))
        if _money(fact, fact.change) and fact.change is not None and fact.against:
            key = (_side(fact), _against(fact, year))
            changes.setdefault(key, {}).setdefault(name, []).append((fact.change, fact))
    # a line stated without its period belongs to the period its side states
    for (side, period), lines in list(levels.items()):
        if period:
            continue
        dated = [p for s, p in levels if s == side and p]
        if len(dated) == 1:
            target = levels[(side, dated[0])]
            for name, said in lines.items():
                target.setdefault(name, []).extend(said)
            del levels[(side, period)]
    # a change against the budget the text does not state for the total: its 决算 less its 预算
    derived: dict[tuple[str, str], Iv] = {}
    for group, lines in changes.items():
        if group[1] != "预算" or _TOTAL in lines:
            continue
        spent = [v for (s, _), ls in levels.items() if s == "决算" for v in ls.get(_TOTAL, [])]
        budget = [v for (s, _), ls in levels.items() if s == "预算" for v in ls.get(_TOTAL, [])]
        if len({v.num for v, _ in spent}) == 1 and len({v.num for v, _ in budget}) == 1:
            (s_val, s_fact), (b_val, b_fact) = spent[0], budget[0]
            assert s_val.num is not None and b_val.num is not None
            gap = s_val.num - b_val.num
            lines[_TOTAL] = [(Val(f"{fmt(gap)}万元", gap, "万元"), s_fact)]
            derived[group] = precision.iv(s_val, s_fact.section) - precision.iv(b_val, b_fact.section)
    for kind, groups in (("level", levels), ("change", changes)):
        for (side, when), lines in groups.items():
            gap_iv = derived.get((side, when)) if kind == "change" else None
            for whole, ways in _COMPOSITIONS:
                items = next((w for w in ways if all(n in lines for n in w)), None)
                if whole not in lines or items is None:
                    continue
                stated = _one_each(facts, precision, {n: lines[n] for n in (whole, *items)})
                if stated is None:
                    continue
                total = stated[whole]
                is_gap = gap_iv is not None and whole == _TOTAL
                if gap_iv is not None and is_gap:
                    total = _Stated(total.value, gap_iv, total.fact)
                summed = Iv(Decimal(0), Decimal(0))
                for name in items:
                    summed = summed + stated[name].iv
                if summed.meets(total.iv):
                    continue
                if (total.fact.sentence, kind) in flagged:
                    continue  # its 其中 parts already said so
                exact = sum((stated[n].value.num or Decimal(0) for n in items), Decimal(0))
                what = (
                    f"{whole}{side}{total.value.text}"
                    if kind == "level"
                    else f"{whole}{side}比{when}"
                    + (
                        f"{_signed(Val(fmt(abs(total.value.num or Decimal(0))) + '万元', total.value.num))}"
                        f"（按所写{side}与预算之差）"
                        if is_gap
                        else _signed(total.value)
                    )
                )
                listed = " + ".join(
                    f"{n} {stated[n].value.text if kind == 'level' else _signed(stated[n].value)}"
                    for n in items
                )
                yield finding(
                    spec,
                    f"“{total.fact.section}”：{what}，而{'各项' if kind == 'level' else '各项增减'} {listed}，"
                    f"合计 {fmt(exact)} 万元，二者不符（{whole}按口径即{'、'.join(items)}之和）",
                    _where(total.fact),
                    path=_path(facts, total.fact),
                    key=f"sangong:{whole}:{kind}:{side}:{when}",
                    sentence=total.fact.sentence,
                    stated=total.value.num,
                    expected=exact,
                )


# ---------------------------------------------------------------- N006 one figure stated twice

_NEAR = Decimal("0.2")  # within a fifth of the larger: one quantity written two ways (5万元, 6万元)


@check("N006", "consistency", "warning", "同一事项的金额在文字说明中前后不一致")
def same_figure_two_values(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """ "安排资金5万元" in one place and "安排资金6万元" in another: the same subject, measure and period
    stated with values that differ beyond their rounding but by less than a fifth (further apart they are
    likely other scopes: a sub-unit's, another fund's). Only subjects named by four or more characters,
    with a stated measure and period, outside 其中 lists."""
    facts = statements(dossier)
    precision = _Precision(facts)
    first: dict[tuple[str, str, str], Fact] = {}
    seen: set[tuple[str, str, str, Decimal]] = set()
    for fact in facts:
        value = fact.value
        if (
            value is None
            or value.num is None
            or value.unit != "万元"
            or fact.part_of is not None
            or not fact.measure
            or not fact.period
            or len(canon(fact.subject)) < 4
        ):
            continue
        key = (canon(fact.subject), fact.measure, fact.period)
        known = first.setdefault(key, fact)
        reference = known.value
        if known is fact or reference is None or reference.num is None or reference.num == 0:
            continue
        if precision.iv(value, fact.section).meets(precision.iv(reference, known.section)):
            continue
        larger = max(abs(value.num), abs(reference.num))
        if abs(value.num - reference.num) / larger >= _NEAR or (*key, value.num) in seen:
            continue
        seen.add((*key, value.num))
        yield finding(
            spec,
            f"“{fact.section}”：{_name(fact)}写作 {value.text}，“{known.section}”写作 {reference.text}",
            _where(fact),
            path=_path(facts, fact),
            key="twice",
            sentence=fact.sentence,
            stated=value.num,
            expected=reference.num,
            place=_where(known),
        )
