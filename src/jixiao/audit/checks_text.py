"""Checks that read the narrative beside the tables: one quantity stated in two places, the
percentages a sentence computes from the amounts it states, and relations that cannot hold
(more cases closed than received, a total whose unit is off by 元/万元).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from jixiao.audit.checks import SCORE_TOLERANCE, _flat
from jixiao.audit.finding import Check, Finding, check, finding
from jixiao.model.dossier import Dossier, Indicator, Section
from jixiao.model.numbers import fmt, fmt_plain, half_unit
from jixiao.score.result import DocumentResult
from jixiao.score.scorer import parse_text
from jixiao.values import ValueKind

_N = r"\d+(?:\.\d+)?"


_SENTENCE_END = re.compile(r"[。；;]")


Sentence = tuple[str, str, str | None, str]  # heading, sentence, location, the section's path


# Narratives whose split (or facts) are kept: the checks of one audit read them many times, and a
# table edit in the web leaves them unchanged; a batch's memory must not grow with them (issue #14).
NARRATIVE_CACHE = 16


@lru_cache(maxsize=NARRATIVE_CACHE)
def _split_sections(sections: tuple[Section, ...]) -> tuple[Sentence, ...]:
    """The narrative split once per text: every narrative check of an audit reads these sentences,
    and a table edit in the web leaves the narrative (and so this split) unchanged."""
    found: list[Sentence] = []
    for index, section in enumerate(sections):
        where = section.loc.short() if section.loc else None
        for sentence in _SENTENCE_END.split(_flat(section.text)):
            if sentence:
                found.append((section.heading, sentence, where, f"sections.{index}"))
    return tuple(found)


def _sentences(dossier: Dossier) -> Iterator[Sentence]:
    """(heading, sentence, location, path) for every sentence of the narrative, whitespace removed."""
    return iter(_split_sections(dossier.sections))


# ---------------------------------------------------------------- K004 the overall score


_OVERALL_SCORE = re.compile(rf"(?:部门|单位)?整体(?:支出)?绩效自评(?:综合)?得分(?:为|是)?(?P<score>{_N})分")


def _overall_scores(dossier: Dossier) -> Iterator[tuple[str, Decimal, str | None, str]]:
    for e_index, evaluation in enumerate(dossier.evaluations):
        total = evaluation.declared_total
        if evaluation.kind != "project" and total is not None and total.num is not None:
            label = "整体支出绩效自评表" if evaluation.kind == "unit_overall" else "部门整体支出绩效自评表"
            where = total.loc.short() if total.loc else None
            yield f"{label}综合得分", total.num, where, f"evaluations.{e_index}.declared_total"
    for r_index, rubric in enumerate(dossier.rubrics):
        total = rubric.declared_total
        if total is not None and total.num is not None:
            where = total.loc.short() if total.loc else None
            yield f"“{rubric.title}”总分", total.num, where, f"rubrics.{r_index}.declared_total"
    for heading, sentence, where, path in _sentences(dossier):
        for match in _OVERALL_SCORE.finditer(sentence):
            yield f"“{heading}”所写整体自评得分", Decimal(match["score"]), where, path


@check("K004", "consistency", "error", "整体自评得分前后不一致")
def overall_score_everywhere(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """The overall score stated in the self-evaluation table, the 评分表 total and the narrative
    ("整体绩效自评得分为 99 分") must be one number; the first place it is stated is the reference."""
    stated = list(_overall_scores(dossier))
    if len(stated) < 2:
        return
    label, reference, _, _ = stated[0]
    seen: set[tuple[str, Decimal]] = set()
    for other, value, where, path in stated[1:]:
        if abs(value - reference) <= SCORE_TOLERANCE or (other, value) in seen:
            continue
        seen.add((other, value))
        yield finding(
            spec,
            f"{other} {fmt_plain(value)} 分，与{label} {fmt_plain(reference)} 分不一致",
            where,
            path=path,
            stated=value,
            expected=reference,
        )


# N003 (completion of a budget) reads the narrative's facts: checks_facts.py.


# ---------------------------------------------------------------- P009 / K005 cases received and closed


_UNIT = r"(?P<u>件|起|宗|个|家|处|条|户|笔|项)"
_RECEIVED = re.compile(
    r"(?:受理|立案|接到|收到|发现|排查出?|摸排出?|核准|查出|查处|检查出)(?P<what>[^，,]{0,14}?)(?P<n>\d+)"
    + _UNIT
)
_CLOSED = re.compile(r"(?:已?办结|结案|已?整改(?:到位|完成)?|已?化解|处理完毕)(?P<n>\d+)" + _UNIT)


def _case_pairs(sentence: str) -> Iterator[tuple[str, Decimal, Decimal, str]]:
    """(what, received, closed, text) where a sentence states how many were received and closed."""
    for received in _RECEIVED.finditer(sentence):
        rest = sentence[received.end() : received.end() + 40]
        closed = _CLOSED.search(rest)
        if closed is None or closed["u"] != received["u"]:
            continue
        # stop at the next "受理" so a later pair is not read as this one's
        nxt = _RECEIVED.search(rest)
        if nxt is not None and nxt.start() < closed.start():
            continue
        text = sentence[received.start() : received.end() + closed.end()]
        yield received["what"], Decimal(received["n"]), Decimal(closed["n"]), text


@check("P009", "plausibility", "error", "办结（整改）数多于受理（发现）数")
def closed_more_than_received(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """Reported once per clause, at its first place, however often the text was copied."""
    places: dict[str, list[tuple[str, str | None, str, Decimal, Decimal]]] = {}
    for heading, sentence, where, path in _sentences(dossier):
        for _, received, closed, text in _case_pairs(sentence):
            if closed > received:
                places.setdefault(text, []).append((heading, where, path, received, closed))
    for text, found in places.items():
        heading, where, path, received, closed = found[0]
        again = f"（同一句另有 {len(found) - 1} 处）" if len(found) > 1 else ""
        yield finding(
            spec,
            f"“{heading}”写“{text}”：办结（整改）{fmt_plain(closed)} 多于受理（发现）{fmt_plain(received)}，不可能"
            + again,
            where,
            path=path,
            sentence=text,
            stated=closed,
            expected=received,
        )


_CLOSING_RATE = re.compile(r"(?P<stem>.*?)(?:结案率|办结率|整改率|化解率)")


def _closing_indicators(dossier: Dossier) -> Iterator[tuple[str, Indicator, Decimal, str]]:
    for e_index, evaluation in enumerate(dossier.evaluations):
        for j, indicator in enumerate(evaluation.indicators):
            match = _CLOSING_RATE.match(_flat(indicator.name))
            if match is None or indicator.actual is None:
                continue
            parsed = parse_text(indicator.actual.text)
            stem = match["stem"]
            if (
                parsed.kind is ValueKind.NUMBER
                and parsed.unit == "%"
                and parsed.number is not None
                and len(stem) >= 2
            ):
                yield stem, indicator, parsed.number, f"evaluations.{e_index}.indicators.{j}.actual"


@check("K005", "consistency", "warning", "文字说明中的受理、办结数与表中比率不一致")
def case_counts_against_rates(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """ "受理劳动争议案件 57 件…结案 56 件" in the narrative, "劳动争议案件结案率 100%" in the table."""
    indicators = list(_closing_indicators(dossier))
    if not indicators:
        return
    seen: set[tuple[str, str]] = set()
    for heading, sentence, where, _ in _sentences(dossier):
        for what, received, closed, text in _case_pairs(sentence):
            if received == 0:
                continue
            rate = closed * 100 / received
            for stem, indicator, stated, actual_path in indicators:
                if stem not in text and stem not in what:
                    continue
                key = (indicator.name, text)
                if key in seen or abs(stated - rate) <= half_unit(stated) + Decimal("0.005"):
                    continue
                seen.add(key)
                actual = indicator.actual.text.strip() if indicator.actual else ""
                yield finding(
                    spec,
                    f"“{heading}”写“{text}”（{fmt(rate)}%），而“{indicator.name}”实际完成值为 {actual}",
                    indicator.actual.loc.short() if indicator.actual and indicator.actual.loc else where,
                    path=actual_path,
                    sentence=text,
                    stated=stated,
                    expected=rate,
                )


# ---------------------------------------------------------------- P010 元 written for 万元


_PEOPLE = re.compile(rf"(?P<n>{_N})(?:人|名|户)")
_PER_HEAD = re.compile(
    rf"(?:每人|人均|每户|户均)(?:每[年月])?(?P<p>{_N})(?P<u>万元|元)|(?P<p2>{_N})(?P<u2>万元|元)/(?:人|户)"
)
_TOTAL = re.compile(rf"(?:共计?|合计|总计|累计|总额)[^，,\d]{{0,8}}?(?P<t>{_N})(?P<u>万元|元)")
_TEN_THOUSAND = Decimal(10000)


def _wan(value: Decimal, unit: str) -> Decimal:
    return value if unit == "万元" else value / _TEN_THOUSAND


def _unit_texts(dossier: Dossier) -> Iterator[Sentence]:
    yield from _sentences(dossier)
    for e_index, evaluation in enumerate(dossier.evaluations):
        for j, indicator in enumerate(evaluation.indicators):
            for field, value in (("target", indicator.target), ("actual", indicator.actual)):
                if value is not None and "元" in value.text:
                    where = value.loc.short() if value.loc else None
                    yield (
                        indicator.name,
                        _flat(value.text),
                        where,
                        f"evaluations.{e_index}.indicators.{j}.{field}",
                    )


@check("P010", "plausibility", "error", "金额单位可能有误（元与万元）")
def unit_off_by_ten_thousand(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """People × amount per head against the total the same sentence states: a factor near 10,000 is a
    total written in 元 where 万元 was meant (or the reverse)."""
    for heading, text, where, path in _unit_texts(dossier):
        if "元" not in text:
            continue
        people, per, total = _PEOPLE.search(text), _PER_HEAD.search(text), _TOTAL.search(text)
        if people is None or per is None or total is None:
            continue
        per_value = Decimal(per["p"] or per["p2"])
        per_unit = per["u"] or per["u2"]
        computed = Decimal(people["n"]) * _wan(per_value, per_unit)
        stated = _wan(Decimal(total["t"]), total["u"])
        if computed == 0 or stated == 0:
            continue
        ratio = computed / stated
        if Decimal(5000) <= ratio <= Decimal(20000) or Decimal(5000) <= 1 / ratio <= Decimal(20000):
            yield finding(
                spec,
                f"“{heading}”：{people.group(0)} × {per.group(0)} = {fmt(computed)} 万元，"
                f"而合计写作 {total['t']}{total['u']}，相差约一万倍，单位应为"
                + ("万元" if ratio > 1 else "元"),
                where,
                path=path,
                sentence=text if len(text) <= 80 else text[:80] + "…",
                stated=stated,
                expected=computed,
            )


# ---------------------------------------------------------------- K006 one indicator, two results


_SUBJECTIVE = re.compile(r"满意")


@check("K006", "consistency", "warning", "同一指标在两张表中的实际完成值不同")
def same_indicator_two_results(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """The unit's overall table and a project table state the same indicator with the same target
    but different results (人事档案规范整理完成度: 99% in one, 100% in the other)."""
    overall: dict[tuple[str, str], Indicator] = {}
    for evaluation in dossier.evaluations:
        if evaluation.kind == "project":
            continue
        for indicator in evaluation.indicators:
            name = _flat(indicator.name)
            if len(name) >= 4 and indicator.target is not None and not _SUBJECTIVE.search(name):
                overall.setdefault((name, _flat(indicator.target.text)), indicator)
    for e_index, evaluation in enumerate(dossier.evaluations):
        if evaluation.kind != "project":
            continue
        for j, indicator in enumerate(evaluation.indicators):
            if indicator.target is None or indicator.actual is None:
                continue
            first = overall.get((_flat(indicator.name), _flat(indicator.target.text)))
            if first is None or first.actual is None:
                continue
            a, b = parse_text(first.actual.text), parse_text(indicator.actual.text)
            if a.number is None or b.number is None or a.unit != b.unit or a.number == b.number:
                continue
            yield finding(
                spec,
                f"“{indicator.name}”（目标 {indicator.target.text.strip()}）在整体支出自评表中实际完成 "
                f"{first.actual.text.strip()}，在“{evaluation.name.text if evaluation.name else evaluation.title}”"
                f"中为 {indicator.actual.text.strip()}",
                indicator.actual.loc.short() if indicator.actual.loc else None,
                path=f"evaluations.{e_index}.indicators.{j}.actual",
                stated=indicator.actual.text.strip(),
                expected=first.actual.text.strip(),
            )


# ---------------------------------------------------------------- K007 amounts stated for a project or by nature
_SPENT = re.compile(
    rf"(?:项目)?(?:实际)?(?:支出|执行数|执行)(?:资金|金额)?(?:为|了|共计?)?(?P<amount>{_N})万元"
)
_BUDGETED = re.compile(rf"(?:全年)?预算(?:数|资金)?(?:为|是)?(?P<amount>{_N})万元")
_NATURE = re.compile(rf"(?P<kind>基本支出|项目支出)(?:为)?(?P<amount>{_N})万元")
_NEAR = 40  # characters after a project's name in which its amounts are stated
# What may stand between the name and its amounts: "项目全年预算数为 63 万元，执行数为 62.89 万元".
_LEAD_BUDGET = re.compile(r"^(?:的)?(?:项目)?(?:资金)?(?:全年|年度|本年)?$")
_LEAD_SPENT = re.compile(
    rf"^(?:的)?(?:项目)?(?:资金)?(?:全年|年度|本年)?(?:预算(?:数|资金)?(?:为|是)?{_N}万元[，,]?)?$"
)


def _money_differs(stated: Decimal, table: Decimal) -> bool:
    return abs(stated - table) > min(half_unit(stated), Decimal("0.005")) + Decimal("0.005")


def _project_amounts(dossier: Dossier) -> list[tuple[str, str, Decimal | None, Decimal | None]]:
    """(flat name, name, 全年预算数, 全年执行数) of every project table, longest name first."""
    found = []
    for e in dossier.evaluations:
        if e.kind != "project" or e.name is None or len(_flat(e.name.text)) < 4 or e.budget is None:
            continue
        total = e.budget.total
        # an amount that lost its whole-number digits (``.32``, ``Val.digits_lost``) is no figure to compare
        adjusted = (
            total.adjusted.num if total.adjusted is not None and not total.adjusted.digits_lost else None
        )
        executed = (
            total.executed.num if total.executed is not None and not total.executed.digits_lost else None
        )
        found.append((_flat(e.name.text), e.name.text, adjusted, executed))
    found.sort(key=lambda p: -len(p[0]))
    return found


def _nature_amounts(dossier: Dossier) -> dict[str, Decimal]:
    nature: dict[str, Decimal] = {}
    for evaluation in dossier.evaluations:
        if evaluation.kind != "project" and evaluation.budget is not None:
            for key, value in evaluation.budget.by_nature:
                if key in ("基本支出", "项目支出") and value.num is not None:
                    nature.setdefault(key, value.num)
    return nature


def _windows(sentence: str, name: str) -> list[str]:
    """The text right after each mention of a project's name."""
    return [sentence[m.end() : m.end() + _NEAR] for m in re.finditer(re.escape(name), sentence)]


@check("K007", "consistency", "error", "文字说明中的金额与表中不一致")
def narrative_amounts_against_tables(
    dossier: Dossier, scored: DocumentResult, spec: Check
) -> Iterator[Finding]:
    """ "某项目全年预算数为 63 万元，执行数为 62.89 万元" against that project's table (108, 108);
    "基本支出 360.71 万元，项目支出 673.65 万元" against the unit table's 按支出性质分."""
    projects, nature = _project_amounts(dossier), _nature_amounts(dossier)
    seen: set[tuple[str, str]] = set()
    for heading, sentence, where, path in _sentences(dossier):
        named = next((p for p in projects if p[0] in sentence), None)
        for after in _windows(sentence, named[0]) if named is not None else []:
            assert named is not None
            for pattern, lead, table, column in (
                (_BUDGETED, _LEAD_BUDGET, named[2], "全年预算数"),
                (_SPENT, _LEAD_SPENT, named[3], "全年执行数"),
            ):
                match = pattern.search(after)
                if match is None or table is None or (named[0], match.group(0)) in seen:
                    continue
                if not lead.match(after[: match.start()]):
                    continue  # the amount of something else said after the name (中央资金预算…)
                stated = Decimal(match["amount"])
                if _money_differs(stated, table):
                    seen.add((named[0], match.group(0)))
                    yield finding(
                        spec,
                        f"“{heading}”写“{named[1]}”{match.group(0)}，项目自评表{column}为 {fmt(table)} 万元",
                        where,
                        path=path,
                        sentence=match.group(0),
                        stated=stated,
                        table=table,
                    )
        for match in _NATURE.finditer(sentence):
            amount = nature.get(match["kind"])
            if amount is None or (match["kind"], match.group(0)) in seen:
                continue
            stated = Decimal(match["amount"])
            if _money_differs(stated, amount):
                seen.add((match["kind"], match.group(0)))
                yield finding(
                    spec,
                    f"“{heading}”写{match.group(0)}，整体支出自评表{match['kind']}为 {fmt(amount)} 万元",
                    where,
                    path=path,
                    sentence=match.group(0),
                    stated=stated,
                    table=amount,
                )


# ---------------------------------------------------------------- K008 the fiscal share of the total

# "2020年收入2132.86万元，其中：财政拨款收2072.86万元，其他资金来源60万元"
_FISCAL_SHARE = re.compile(
    rf"(?:收入|资金|预算)(?:总额|合计|总计)?(?:为|共)?(?P<total>{_N})万元[，,]?其中[：:]?"
    rf"(?:当年)?财政拨款(?:收入?|资金)?(?:为)?(?P<fiscal>{_N})万元"
)


@check("K008", "consistency", "warning", "文字说明中的财政拨款与自评表资金来源不一致")
def fiscal_share_against_table(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """When the narrative's total is the overall table's 年度资金总额, its 财政拨款 must be the
    table's 当年财政拨款 of the same column."""
    columns = (("adjusted", "全年预算数"), ("executed", "全年执行数"), ("initial", "年初预算数"))
    budgets = [e.budget for e in dossier.evaluations if e.kind != "project" and e.budget and e.budget.parts]
    if not budgets:
        return
    for heading, sentence, where, path in _sentences(dossier):
        for match in _FISCAL_SHARE.finditer(sentence):
            total, fiscal = Decimal(match["total"]), Decimal(match["fiscal"])
            for budget in budgets:
                part = next((p for p in budget.parts if "财政拨款" in p.label), None)
                for attribute, label in columns:
                    whole, piece = getattr(budget.total, attribute), getattr(part, attribute, None)
                    if whole is None or whole.num is None or _money_differs(total, whole.num):
                        continue  # another total: not the same quantity
                    if piece is None or piece.num is None or not _money_differs(fiscal, piece.num):
                        break
                    if whole.digits_lost or piece.digits_lost:
                        break  # an amount that lost its whole-number digits (``.32``): nothing to compare
                    yield finding(
                        spec,
                        f"“{heading}”写总额 {match['total']} 万元、其中财政拨款 {match['fiscal']} 万元；"
                        f"整体支出自评表{label}总额相同，当年财政拨款却为 {fmt(piece.num)} 万元",
                        where,
                        path=path,
                        sentence=match.group(0),
                        stated=fiscal,
                        table=piece.num,
                    )
                    break


# ---------------------------------------------------------------- K009 the overall execution rate

_OVERALL_RATE = re.compile(
    rf"(?:部门|单位)?整体(?:支出)?(?:绩效)?(?:预算)?执行率(?:为|是|达到?)?(?P<pct>{_N})[%％]"
)


@check("K009", "consistency", "error", "整体预算执行率前后不一致")
def overall_rate_everywhere(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """ "整体绩效执行率为 97.45%" in the narrative against the overall table's 全年执行数/全年预算数."""
    rates = [t.execution_rate for t in scored.tables if t.kind in ("unit_overall", "dept_overall")]
    table = next((r for r in rates if r is not None), None)
    if table is None:
        return
    seen: set[str] = set()
    for heading, sentence, where, path in _sentences(dossier):
        for match in _OVERALL_RATE.finditer(sentence):
            stated = Decimal(match["pct"])
            if abs(stated - table) <= half_unit(stated) + SCORE_TOLERANCE or match.group(0) in seen:
                continue
            seen.add(match.group(0))
            yield finding(
                spec,
                f"“{heading}”写“{match.group(0)}”，整体支出自评表按全年执行数/全年预算数计算为 {fmt(table)}%",
                where,
                path=path,
                sentence=match.group(0),
                stated=stated,
                table=table,
            )


# ---------------------------------------------------------------- N004 completion stated with its target

# "城镇新增就业 6907 人，完成目标任务 4350 人的 158%"
_DONE_OF_TARGET = re.compile(
    rf"(?P<done>{_N})(?P<unit>万人|人次|人|件|个|户|家|万元|元|次|笔|场|期|项)[，,]?"
    rf"(?:完成|占)(?:全年|年度)?(?:目标)?任务(?:数)?(?P<target>{_N})(?P=unit)?的(?P<pct>{_N})[%％]"
)


@check("N004", "arithmetic", "error", "文字说明中的完成比例与所写完成数、目标数不符")
def narrative_completion_ratios(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """Both figures and the percentage in one clause: the percentage must be done/target at the
    precision written; a percentage cut off instead of rounded is noted (info), not an error. A clause
    copied into several reports is reported once, at its first place, with how often it recurs."""
    places: dict[str, list[tuple[str, str | None, str, re.Match[str]]]] = {}
    for heading, sentence, where, path in _sentences(dossier):
        for match in _DONE_OF_TARGET.finditer(sentence):
            places.setdefault(match.group(0), []).append((heading, where, path, match))
    for clause, found in places.items():
        heading, where, path, match = found[0]
        done, target, stated = Decimal(match["done"]), Decimal(match["target"]), Decimal(match["pct"])
        if target == 0:
            continue
        expected = done * 100 / target
        if abs(stated - expected) <= half_unit(stated) + SCORE_TOLERANCE:
            continue
        truncated = Decimal(0) < expected - stated < 2 * half_unit(stated)
        again = f"（同一句另有 {len(found) - 1} 处）" if len(found) > 1 else ""
        yield finding(
            spec,
            f"“{heading}”写“{clause}”，{match['done']}/{match['target']} 应为 {fmt(expected)}%"
            + ("（截断而非四舍五入）" if truncated else "")
            + again,
            where,
            "info" if truncated else None,
            path=path,
            sentence=clause,
            stated=stated,
            expected=expected,
        )


# ---------------------------------------------------------------- K010 an aggregate stated two ways

# The unit's aggregates: one figure each in a report, whatever section states it.
_AGGREGATE = re.compile(
    rf"(?P<label>基本支出|项目支出|人员经费|公用经费|收入合计|支出合计|本年收入|本年支出|总支出|“?三公”?经费)"
    rf"(?:为|共|合计)?(?P<n>{_N})万元"
)
_NEAR_EQUAL = Decimal("0.01")  # within 1%: the same quantity written twice, not another scope


@check("K010", "consistency", "warning", "同一合计金额在文字说明中前后不一致")
def aggregate_stated_two_ways(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """ "项目支出 1009.75 万元" in one section and "项目支出 1009.76 万元" in another: amounts of one
    label that differ by less than 1% are one quantity written two ways (far apart, they are other
    scopes: a project's own 项目支出, last year's)."""
    first: dict[str, tuple[Decimal, str, str | None]] = {}
    seen: set[tuple[str, Decimal]] = set()
    for heading, sentence, where, path in _sentences(dossier):
        for match in _AGGREGATE.finditer(sentence):
            label, value = match["label"].strip("“”"), Decimal(match["n"])
            known = first.setdefault(label, (value, heading, where))
            reference = known[0]
            if value == reference or reference == 0 or (label, value) in seen:
                continue
            if abs(value - reference) / reference >= _NEAR_EQUAL:
                continue
            seen.add((label, value))
            yield finding(
                spec,
                f"“{heading}”写{label} {match['n']} 万元，“{known[1]}”写 {fmt_plain(reference)} 万元",
                where,
                path=path,
                sentence=match.group(0),
                stated=value,
                expected=reference,
                place=known[2],
            )


# ---------------------------------------------------------------- K011 a project's rate against its own amounts

_NAMED_RATE = re.compile(
    rf"(?P<lead>[^，,：:。；]{{4,60}}?)(?:项目)?(?:绩效)?执行率(?:为|是|达到?)?(?P<pct>{_N})[%％]"
)
_NAMED_AMOUNTS = re.compile(
    rf"(?P<lead>[^，,：:。；]{{4,60}}?)(?:的)?(?:项目)?(?:绩效自评综述[：:])?(?:项目)?全年预算数?为(?P<budget>{_N})万元[，,]?"
    rf"执行数为(?P<spent>{_N})万元"
)
_YEAR_LEAD = re.compile(r"^.*?20\d{2}年度?")


def _project_of(lead: str) -> str:
    """ "2022年度镇办人社中心工作经费" -> "镇办人社中心工作经费"."""
    name = _YEAR_LEAD.sub("", lead)
    return re.sub(r"(?:项目|的|绩效)+$", "", name)


@check("K011", "consistency", "error", "同一项目的执行率在文字说明中前后不一致")
def project_rate_against_its_amounts(
    dossier: Dossier, scored: DocumentResult, spec: Check
) -> Iterator[Finding]:
    """ "镇办人社中心工作经费绩效执行率为 94%" in one section, "…镇办人社中心工作经费项目绩效自评综述：
    项目全年预算数为 60 万元，执行数为 42 万元" (70%) in another. Projects with a recognised table
    are K002's."""
    tabled = [_flat(e.name.text) for e in dossier.evaluations if e.name is not None]
    amounts: list[tuple[str, Decimal, Decimal]] = []
    rates: list[tuple[str, str, str | None, str, re.Match[str]]] = []
    for heading, sentence, where, path in _sentences(dossier):
        # the literal each pattern needs, looked for first: the patterns' leads are slow to try at
        # every character of a sentence that cannot match
        if "执行数为" in sentence:
            for match in _NAMED_AMOUNTS.finditer(sentence):
                if Decimal(match["budget"]) > 0:
                    amounts.append((match["lead"], Decimal(match["budget"]), Decimal(match["spent"])))
        if "执行率" in sentence:
            for match in _NAMED_RATE.finditer(sentence):
                rates.append((_project_of(match["lead"]), heading, where, path, match))
    seen: set[str] = set()
    for name, heading, where, path, match in rates:
        if len(name) < 4 or any(name in t or t in name for t in tabled if t):
            continue
        found = next(((b, s) for lead, b, s in amounts if name in lead), None)
        if found is None or match.group(0) in seen:
            continue
        stated, expected = Decimal(match["pct"]), found[1] * 100 / found[0]
        if abs(stated - expected) <= half_unit(stated) + SCORE_TOLERANCE:
            continue
        seen.add(match.group(0))
        yield finding(
            spec,
            f"“{heading}”写“{name}”执行率 {match['pct']}%，而其自评综述写预算 {fmt_plain(found[0])} 万元、"
            f"执行 {fmt_plain(found[1])} 万元，执行率为 {fmt(expected)}%",
            where,
            path=path,
            sentence=match.group(0),
            stated=stated,
            expected=expected,
        )


# ---------------------------------------------------------------- K012 a count stated two ways

# A clause that ends in a count: "审核申报企事业单位初级职称528人". The clause before the count names
# what is counted; a stray page or footnote number inside it (PDF text) does not change what.
_COUNT_CLAUSE = re.compile(
    r"(?P<what>[^，,、：:；（）()“”\"]{6,40}?)(?P<n>\d+)(?P<u>人次|人|件|户|家|名|起|宗)$"
)
_CLAUSE_END = re.compile(r"[，,、：:（）()]")
# Statements of another period or of two periods: their counts are not the year's.
_OTHER_PERIOD = re.compile(
    r"上年|去年|同期|同比|比上|较上|上半年|季度|(?<!\d)(?!1[-—至~]12月)\d{1,2}[-—至~]\d{1,2}月|截至\d{1,2}月(?!底)|月底前|以来|累计"
)
_NEAR_COUNT = Decimal("0.10")  # within 10%: one quantity written twice; further apart, another scope
_MIN_WHAT = 8  # Chinese characters naming what is counted: short names ("培训") recur for other things


def _counted(what: str) -> str | None:
    """The name of what a clause counts, or None when it is too short or tied to a year."""
    if re.search(r"20\d{2}", what):
        return None
    name = re.sub(r"^(?:其中|共|全年|全区|全市|全县|累计|已|共计|合计)+", "", re.sub(r"\d+", "", what))
    name = re.sub(r"(?:为|达到?|共|计|合计|共计)$", "", name)
    return name if sum(1 for ch in name if "\u4e00" <= ch <= "\u9fff") >= _MIN_WHAT else None


Count = tuple[str, str, Decimal, str, str, str | None, str]


@lru_cache(maxsize=NARRATIVE_CACHE)
def _section_counts(sections: tuple[Section, ...]) -> tuple[Count, ...]:
    found: list[Count] = []
    for heading, sentence, where, path in _split_sections(sections):
        if _OTHER_PERIOD.search(sentence):
            continue
        for clause in _CLAUSE_END.split(sentence):
            match = _COUNT_CLAUSE.search(clause)
            name = _counted(match["what"]) if match else None
            if match is not None and name is not None:
                found.append((name, match["u"], Decimal(match["n"]), match.group(0), heading, where, path))
    return tuple(found)


def _counts(dossier: Dossier) -> Iterator[Count]:
    """(what, unit, count, clause, heading, location, path) for every clause of the narrative that ends in a
    count of people, cases, households or firms, outside sentences about another period (read once
    per narrative text)."""
    return iter(_section_counts(dossier.sections))


@check("K012", "consistency", "warning", "同一事项的人数（件数）在文字说明中前后不一致")
def count_stated_two_ways(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """ "审核申报企事业单位初级职称 549 人" in one section and "…初级职称 528 人" in another: one
    count named by the same words, in the same unit, in the year's own statements (not a sentence
    about last year, a quarter or a running total), written with two values less than 10% apart.
    Further apart they are likely other scopes and are left alone."""
    first: dict[tuple[str, str], tuple[Decimal, str, str | None]] = {}
    seen: set[tuple[str, str, Decimal]] = set()
    for name, unit, value, clause, heading, where, path in _counts(dossier):
        reference, ref_heading, ref_where = first.setdefault((name, unit), (value, heading, where))
        if value == reference or reference == 0 or (name, unit, value) in seen:
            continue
        if abs(value - reference) / reference >= _NEAR_COUNT:
            continue
        seen.add((name, unit, value))
        yield finding(
            spec,
            f"“{heading}”写“{clause}”，“{ref_heading}”写同一事项为 {fmt_plain(reference)}{unit}",
            where,
            path=path,
            sentence=clause,
            stated=value,
            expected=reference,
            place=ref_where,
        )


# ---------------------------------------------------------------- A001 a money block's 其中 lines


# a money column's head cell: "实际到位资金(万元)" (the unit in its own cell is joined to it)
_MONEY_HEAD = re.compile(r"^(?P<name>[^\d（()）]{2,20}?)\s*[（(](?P<unit>万元|元)[）)]$")
_UNIT_CELL = re.compile(r"^[（(](?:万元|元)[）)]$")
_FIGURE_CELL = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")

_PARTS_LEAD = re.compile(r"^其中[:：]?")


def _figure(cell: str) -> Decimal:
    return Decimal(cell.replace(",", ""))


@dataclass(frozen=True)
class MoneyBlock:
    """Money columns a form lays out as label/figure cell pairs ("计划安排资金(万元) | 170 | 实际到位资金
    (万元) | 170 | …"), with the 其中 rows under them: each row repeats its label once per column, its
    figure (if any) in the cell after it, blank cells dropped."""

    columns: tuple[tuple[str, Decimal], ...]  # (the column's name, its written total)
    rows: tuple[tuple[str, tuple[Decimal | None, ...]], ...]  # (the row's label, a figure per column)
    unit: str


def _cells(text: str) -> list[str]:
    """The section's cells, one a line; a unit cell joined to the head before it."""
    cells: list[str] = []
    for line in text.splitlines():
        cell = line.strip()
        if not cell:
            continue
        if _UNIT_CELL.match(cell) and cells and not _FIGURE_CELL.match(cells[-1]):
            cells[-1] += cell
            continue
        cells.append(cell)
    return cells


def _parts_row(cells: list[str], at: int, width: int) -> tuple[str, tuple[Decimal | None, ...], int] | None:
    """A row of ``width`` columns from ``at``: its label written once per column, each label followed
    by at most one figure (that column's); ``None`` unless the whole row has exactly that shape."""
    label = cells[at]
    if _FIGURE_CELL.match(label) or _MONEY_HEAD.match(label):
        return None
    figures: list[Decimal | None] = []
    for _ in range(width):
        if at >= len(cells) or cells[at] != label:
            return None
        at += 1
        if at < len(cells) and _FIGURE_CELL.match(cells[at]):
            figures.append(_figure(cells[at]))
            at += 1
        else:
            figures.append(None)
    if at < len(cells) and cells[at] == label:
        return None  # the label once more than the columns: not this shape
    return _PARTS_LEAD.sub("", label), tuple(figures), at


def money_blocks(text: str) -> Iterator[MoneyBlock]:
    """Every money block of a section written a cell a line. A figure is placed under a column only
    where the shape leaves one place for it: the heads pair each name with the figure after it, and a
    其中 row names itself once per column, so a figure between two of its labels is the first's."""
    cells = _cells(text)
    at = 0
    while at < len(cells):
        columns: list[tuple[str, Decimal]] = []
        units: set[str] = set()
        start = at
        while (
            at + 1 < len(cells)
            and (head := _MONEY_HEAD.match(cells[at]))
            and _FIGURE_CELL.match(cells[at + 1])
        ):
            columns.append((head["name"].strip(), _figure(cells[at + 1])))
            units.add(head["unit"])
            at += 2
        if len(columns) < 2 or len(units) != 1 or at >= len(cells) or not _PARTS_LEAD.match(cells[at]):
            at = start + 1 if at == start else at
            continue
        rows: list[tuple[str, tuple[Decimal | None, ...]]] = []
        while at < len(cells) and (row := _parts_row(cells, at, len(columns))) is not None:
            rows.append((row[0], row[1]))
            at = row[2]
        if rows:
            yield MoneyBlock(tuple(columns), tuple(rows), units.pop())


@check("A001", "arithmetic", "error", "资金来源分项之和与年度资金总额不符")
def money_block_parts(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """Under a money column of a section's label/figure cells (计划安排资金 / 实际到位资金 / 实际支出 /
    结余, each with its 其中 中央 / 省 / 市 / 区 / 其它 lines), the parts written exceed the column's
    total, or every part is written and they do not add up to it (allowing each figure's rounding).
    Parts that leave the total short while some are blank are not judged: a blank may be unfilled."""
    for index, section in enumerate(dossier.sections):
        where = section.loc.short() if section.loc else None
        for block in money_blocks(section.text):
            for k, (name, total) in enumerate(block.columns):
                parts = [figures[k] for _, figures in block.rows]
                written = [p for p in parts if p is not None]
                if not written:
                    continue
                value = sum(written, Decimal(0))
                tolerance = half_unit(total) + sum((half_unit(p) for p in written), Decimal(0))
                over = value - total > tolerance
                if not over and (len(written) < len(parts) or abs(value - total) <= tolerance):
                    continue
                named = " + ".join(
                    f"{label} {fmt_plain(figures[k])}"
                    for label, figures in block.rows
                    if figures[k] is not None
                )
                yield finding(
                    spec,
                    f"“{section.heading}”{name}写 {fmt_plain(total)} {block.unit}，其中各项 {named} = "
                    f"{fmt_plain(value)} {block.unit}",
                    where,
                    path=f"sections.{index}",
                    key=name,
                    stated=total,
                    sum=value,
                    tolerance=tolerance,
                )


# ---------------------------------------------------------------- A001 a labelled total's 其中 lines

# "年度预算资金总额: 321.25" / "其中:中央补助 166.00" / "市级资金 136.00": a label and one figure a line
_LISTED_LINE = re.compile(
    r"^(?P<lead>其中\s*[:：]?)?\s*(?P<label>.*?[^\d\s.,，:：])\s*(?P<colon>[:：])?\s*"
    r"(?P<figure>-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?P<unit>亿元|万元|元)?$"
)
_LEAD_ALONE = re.compile(r"^其中\s*[:：]?$")
# a block's name on the line above its total: "计划生育家庭特别扶助制度补助资金(万元)"
_BLOCK_NAME = re.compile(r"^(?P<name>[^\d\s:：。，,；;]{2,40}?)\s*[（(](?P<unit>亿元|万元|元)[）)]$")
_TOTAL_WORD = re.compile(r"总额|合计|总计|共计|小计")
# what a budget line names: money of a source or a use (中央补助, 市级资金, 自筹, 基本支出, 运行费)
_MONEY_WORD = re.compile(r"资金|补助|拨款|经费|收入|支出|预算|投资|债|贷款|结转|结余|配套|自筹|款|费")
# another measure of the same money, not a part of it (执行数, 到位率, 得分)
_OTHER_MEASURE = re.compile(r"执行|决算|得分|分值|率|实际|到位|指标")
_NESTED = re.compile(r"^(?:含|包括|包含)")
_LABEL_UNIT = re.compile(r"[（(](?P<unit>亿元|万元|元)[）)]")
# a figure standing alone inside what would be the label: a row of several figures, not a label
_LOOSE_FIGURE = re.compile(r"(?:^|[\s:：])-?\d[\d.,]*%?(?=\s|$)|[%％]")


@dataclass(frozen=True)
class ListedLine:
    """One line of a labelled total or of its parts, as written."""

    label: str
    figure: Decimal
    written: str
    unit: str | None  # the unit after the figure or in the label's brackets
    lead: bool  # opens with 其中
    colon: bool  # a colon between label and figure
    text: str  # the line, whitespace removed


@dataclass(frozen=True)
class ListedParts:
    """A labelled total and the 其中 lines under it; ``closed`` when what follows the last part cannot be
    one more part (the end, another 其中 list, another labelled total, a heading)."""

    total: ListedLine
    parts: tuple[ListedLine, ...]
    closed: bool
    name: str = ""  # the line just above the total when it names the block ("特别扶助补助资金(万元)")
    unit: str | None = None  # that line's unit in brackets


def _listed_line(text: str) -> ListedLine | None:
    match = _LISTED_LINE.match(text)
    if (
        match is None
        or not re.search(r"[\u4e00-\u9fff]", match["label"])
        or _LOOSE_FIGURE.search(match["label"])
    ):
        return None
    label = match["label"].strip()
    in_label = _LABEL_UNIT.search(label)
    return ListedLine(
        label=label,
        figure=_figure(match["figure"]),
        written=match["figure"],
        unit=match["unit"] or (in_label["unit"] if in_label else None),
        lead=bool(match["lead"]),
        colon=bool(match["colon"]),
        text="".join(text.split()),
    )


def _is_total(line: ListedLine | None) -> bool:
    return (
        line is not None
        and not line.lead
        and bool(_TOTAL_WORD.search(line.label))
        and bool(_MONEY_WORD.search(line.label) or line.unit)
    )


def _is_part(line: ListedLine) -> bool:
    return (
        not _TOTAL_WORD.search(line.label)
        and bool(_MONEY_WORD.search(line.label))
        and not _OTHER_MEASURE.search(line.label)
        and not _NESTED.match(line.label)
    )


def _closes(text: str) -> bool:
    """Whether a line ends a list of parts for certain: it cannot be one more part of it."""
    from jixiao.forms.common.narrative import heading_level

    return bool(_LEAD_ALONE.match(text)) or _is_total(_listed_line(text)) or heading_level(text) is not None


# a sentence's clauses: "年度预算资金总额:321.25,其中:中央补助166.00,市级资金136.00" (not 1,084.25's comma)
_CLAUSE = re.compile(r"[，；;、。]|,(?!\d{3})")
_FIGURE_UNIT = re.compile(r"\d\s*(?:亿元|万元|元)")
_SENTENCE_ENDS = "……"  # what follows a sentence's list may still be one more part: not a line of it


def _listed_items(text: str) -> Iterator[str]:
    """The text's lines, whitespace folded; a line that writes a 其中 list in one sentence without units
    (a checklist cell; with units it is a narrative fact, N005's) is split into its clauses, followed by
    a mark that neither is a part nor closes the list (a sentence's 其中 may name only some parts)."""
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        if "其中" in line and _CLAUSE.search(line) and not _FIGURE_UNIT.search(line):
            yield from (clause.strip() for clause in _CLAUSE.split(line) if clause.strip())
            yield _SENTENCE_ENDS
        else:
            yield line


def listed_parts(text: str) -> Iterator[ListedParts]:
    """Every labelled total of a text written a line each ("年度预算资金总额: 321.25") that is followed by
    its 其中 lines ("其中:中央补助 166.00", "市级资金 136.00", …): the parts run while each line is a
    label and one figure written like the first part (with or without a colon), naming money, neither a
    total nor another measure (执行数, 到位率), nor a nested list (含…, a second 其中)."""
    lines = list(_listed_items(text))
    at = 0
    while at < len(lines):
        total = _listed_line(lines[at])
        at += 1
        if total is None or not _is_total(total):
            continue
        start = at
        if at < len(lines) and _LEAD_ALONE.match(lines[at]):
            at += 1
        first = _listed_line(lines[at]) if at < len(lines) else None
        if first is None or first.lead == (at > start) or not _is_part(first):
            at = start
            continue
        parts = [first]
        at += 1
        while at < len(lines):
            line = _listed_line(lines[at])
            if line is None or line.lead or line.colon != first.colon or not _is_part(line):
                break
            parts.append(line)
            at += 1
        above = lines[start - 2] if start >= 2 else ""
        named = _BLOCK_NAME.match(above)
        yield ListedParts(
            total,
            tuple(parts),
            at >= len(lines) or _closes(lines[at]),
            named["name"] if named else "",
            named["unit"] if named else None,
        )


def listed_parts_error(block: ListedParts) -> tuple[Decimal, Decimal, bool] | None:
    """(the parts' sum, the rounding allowed, whether they exceed the total) where a block's parts
    cannot be its total: they exceed it beyond the rounding of every figure, or the list is closed and
    they fall short of it; ``None`` where they agree or the block cannot be judged for certain (one
    part; a part named twice or with 等; units that differ; the first parts already making the total,
    so that the lines after them are something else)."""
    total, parts = block.total, block.parts
    labels = [p.label for p in parts]
    if len(parts) < 2 or len(set(labels)) < len(labels) or any("等" in label for label in labels):
        return None
    units = {p.unit for p in parts if p.unit is not None}
    if len(units) > 1 or (units and total.unit is not None and units != {total.unit}):
        return None
    whole = total.figure
    summed, tolerance = Decimal(0), half_unit(whole)
    for count, part in enumerate(parts, 1):
        summed += part.figure
        tolerance += half_unit(part.figure)
        if count < len(parts) and abs(summed - whole) <= tolerance:
            return None  # the first lines make the total: the lines after them are another breakdown
    if summed - whole > tolerance:
        return summed, tolerance, True
    if whole - summed > tolerance and block.closed:
        return summed, tolerance, False
    return None


@check("A001", "arithmetic", "error", "资金来源分项之和与年度资金总额不符")
def listed_parts_sum(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    """A labelled total written a line each with its 其中 lines under it (a checklist form's "年度预算
    资金总额: 321.25 / 其中:中央补助 166.00 / 市级资金 136.00 / 本级资金 20.25"): the parts exceed the
    total beyond the rounding of what is written, or the list is closed and they fall short of it. The
    same list in one sentence with its units ("资金总额321.25万元，其中中央补助166万元、…") is N005's."""
    for index, section in enumerate(dossier.sections):
        where = section.loc.short() if section.loc else None
        for block in listed_parts(section.text):
            judged = listed_parts_error(block)
            if judged is None:
                continue
            value, tolerance, over = judged
            total = block.total
            unit = total.unit or next((p.unit for p in block.parts if p.unit), None) or block.unit
            unit = f" {unit}" if unit else ""
            named = " + ".join(f"{p.label} {p.written}" for p in block.parts)
            heading = f"“{section.heading}”" if section.heading else ""
            name = f"{block.name}：" if block.name else ""
            yield finding(
                spec,
                f"{heading}{name}{total.label} {total.written}{unit}，其中各项 {named} = {fmt_plain(value)}{unit}，"
                + ("多于总额" if over else "少于总额（所列各项之后已无其他分项）"),
                where,
                path=f"sections.{index}",
                key=f"{total.label} {total.written}",
                sentence=total.text,
                stated=total.figure,
                sum=value,
                tolerance=tolerance,
            )
