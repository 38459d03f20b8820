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
from decimal import Decimal
from functools import lru_cache

from jixiao.audit.finding import Check, Finding, check, could_not_check, finding
from jixiao.model.dossier import Dossier, Fact, Section, Val
from jixiao.model.numbers import fmt
from jixiao.narrative.reader import canon, read_facts
from jixiao.score.result import DocumentResult

_HUNDRED = Decimal(100)
_DIGITS = re.compile(r"\d+(?:\.(\d+))?")
_SCALE = {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "亿元": Decimal(10000)}


@lru_cache(maxsize=64)
def _read(sections: tuple[Section, ...], year: int | None) -> tuple[Fact, ...]:
    return read_facts(sections, year)


def statements(dossier: Dossier) -> tuple[Fact, ...]:
    """The dossier's facts; read from its sections when it was built without them (older JSON)."""
    if dossier.statements or not dossier.sections:
        return dossier.statements
    return _read(dossier.sections, dossier.year)


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

    def iv(self, value: Val, section: str) -> Iv:
        assert value.num is not None
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
    if now is None and change is not None and _money(fact, change):
        found = _lookup(facts, fact)
        if isinstance(found, tuple):
            now, then = iv(found[0]), iv(found[1])
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


def _signed(change: Val) -> str:
    return ("减少" if change.num is not None and change.num < 0 else "增加") + change.text


def fact_rate_word(fact: Fact) -> str:
    if fact.change_rate is None or fact.change_rate.num is None:
        return ""
    return "增长" if fact.change_rate.num > 0 else "下降"


# ---------------------------------------------------------------- N002 / N003 shares and completion


def _whole_of(facts: tuple[Fact, ...], fact: Fact) -> Val | None:
    """The whole a share names ("占本年收入 93.65%"): the one figure of that subject in its section."""
    if fact.whole_value is not None:
        return fact.whole_value
    key = canon(re.sub(r"^(?:本年|当年|全年|年度)+", "", fact.whole))
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
    for fact in facts:
        if fact.part_of is not None:
            groups.setdefault(fact.part_of, []).append(fact)
    for index, parts in groups.items():
        total = facts[index] if index < len(facts) else None
        if total is None or total.value is None or total.value.num is None:
            continue
        same = [
            p
            for p in parts
            if p.value is not None and p.value.num is not None and p.value.unit == total.value.unit
        ]
        if len(same) < 2 or total.value.unit != "万元":
            continue
        values = [p.value for p in same if p.value is not None]
        summed = Iv(Decimal(0), Decimal(0))
        for value in values:
            summed = summed + precision.iv(value, total.section)
        whole = precision.iv(total.value, total.section)
        if summed.meets(whole) or summed.hi < whole.lo:
            continue  # fewer than the total: a 其中 list may name only some parts
        exact = sum((v.num for v in values if v.num is not None), Decimal(0))
        over = summed.lo > whole.hi
        yield finding(
            spec,
            f"“{total.section}”：{_name(total)} {total.value.text}，其中各项 "
            + " + ".join(v.text for v in values)
            + f" = {fmt(exact)} 万元，"
            + ("多于合计，不可能" if over else "少于合计（若所列并非全部分项则无误）"),
            _where(total),
            None if over else "warning",
            path=_path(facts, total),
            key="parts",
            sentence=total.sentence,
            stated=total.value.num,
            expected=exact,
        )
    yield from _part_changes(spec, facts, precision, groups)


def _part_changes(
    spec: Check, facts: tuple[Fact, ...], precision: _Precision, groups: dict[int, list[Fact]]
) -> Iterator[Finding]:
    """A total's change against its parts' changes, when the total and every part state one."""
    for index, parts in groups.items():
        total = facts[index]
        if (
            total.change is None
            or total.change.num is None
            or len(parts) < 2
            or not _money(total, total.change)
        ):
            continue
        changes = [p.change for p in parts]
        if any(c is None or c.num is None or c.unit != "万元" for c in changes):
            continue
        summed = Iv(Decimal(0), Decimal(0))
        for change in changes:
            assert change is not None
            summed = summed + precision.iv(change, total.section)
        if summed.meets(precision.iv(total.change, total.section)):
            continue
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
