"""The source text a finding points at: the row of the form or the sentence of the report, as written.

Built from the dossier (every value keeps its location), so it works for every reader and needs no
access to the original file. A reviewer sees the row beside the finding, with the compared figures
marked in the HTML report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from functools import partial

import msgspec

from jixiao.audit.finding import Finding
from jixiao.model.dossier import BasicData, Budget, BudgetRow, Dossier, Evaluation, FigureRow, Indicator, Val
from jixiao.model.source import Location

_SEP = " ｜ "
_WINDOW = 60  # characters either side of a sentence quoted from a long section
_LONG = 160
_COL = re.compile(r":列\d+$")
_FLAT = re.compile(r"[\s\u3000]+")


def _text(value: Val | None) -> str:
    return "" if value is None else " ".join(value.text.split())


def _join(parts: Iterable[str]) -> str:
    return _SEP.join(p for p in parts if p)


def _budget_row(row: BudgetRow) -> str:
    return _join([row.label, *(_text(v) for v in (row.initial, row.adjusted, row.executed))])


def _figure_row(row: FigureRow) -> str:
    return _join([row.label, *(_text(v) for v in row.values)])


def _indicator_row(indicator: Indicator) -> str:
    cells = (indicator.target, indicator.actual, indicator.weight, indicator.score)
    return _join(
        [
            indicator.level2,
            " ".join(indicator.name.split()),
            *(_text(v) for v in cells),
            _text(indicator.deviation),
        ]
    )


def _evaluation_line(evaluation: Evaluation) -> str:
    total = f"总分 {_text(evaluation.declared_total)}" if evaluation.declared_total else ""
    return _join([evaluation.title, _text(evaluation.name), total])


def _budget_line(budget: Budget) -> str:
    return _join([_budget_row(budget.total), _text(budget.weight), _text(budget.rate), _text(budget.score)])


def _labelled(key: str, value: Val) -> str:
    return f"{key}：{_text(value)}"


def _staffing(basic: BasicData) -> str:
    return _join(
        [
            f"编制数 {_text(basic.staffing_quota)}",
            f"在职 {_text(basic.staff_actual)}",
            _text(basic.staffing_rate),
        ]
    )


Text = Callable[[], str]


def _entries(dossier: Dossier) -> Iterator[tuple[Location | None, Text]]:
    """(location, how to write its text) for every row, cell and section of the dossier; the text is
    only built for a location that exists (a generated dossier without locations costs nothing)."""
    for evaluation in dossier.evaluations:
        yield evaluation.loc, partial(_evaluation_line, evaluation)
        budget = evaluation.budget
        if budget is not None:
            for value in (budget.total.executed, budget.rate, budget.score, budget.total.adjusted):
                if value is not None:
                    yield value.loc, partial(_budget_line, budget)
            for part in budget.parts:
                for value in (part.initial, part.adjusted, part.executed):
                    if value is not None:
                        yield value.loc, partial(_budget_row, part)
            for key, value in (*budget.by_income, *budget.by_nature):
                yield value.loc, partial(_labelled, key, value)
        if evaluation.goal is not None:
            for value in (*evaluation.goal.expected, *evaluation.goal.achieved):
                yield value.loc, partial(_text, value)
        for indicator in evaluation.indicators:
            yield indicator.loc, partial(_indicator_row, indicator)
            for value in (indicator.target, indicator.actual, indicator.score, indicator.weight):
                if value is not None:
                    yield value.loc, partial(_indicator_row, indicator)
        for key, value in evaluation.signature:
            yield value.loc, partial(_labelled, key, value)
    for rubric in dossier.rubrics:
        yield rubric.loc, partial(_join, [rubric.title, f"总分 {_text(rubric.declared_total)}"])
        for item in rubric.items:
            parts = [item.name, " ".join(item.standard.split()), _text(item.points), _text(item.score)]
            yield item.loc, partial(_join, parts)
    if dossier.basic_data is not None:
        basic = dossier.basic_data
        for figure in basic.lines:
            yield figure.loc, partial(_figure_row, figure)
            for value in figure.values:
                if value is not None:
                    yield value.loc, partial(_figure_row, figure)
        for value in (basic.staffing_quota, basic.staff_actual, basic.staffing_rate):
            if value is not None:
                yield value.loc, partial(_staffing, basic)
    for table in dossier.figure_tables:
        for figure in table.rows:
            for value in figure.values:
                if value is not None:
                    yield value.loc, partial(_figure_row, figure)
    for key, value in dossier.facts:
        yield value.loc, partial(_labelled, key, value)
    if dossier.report_date is not None:
        yield dossier.report_date.loc, partial(_labelled, "报告日期", dossier.report_date)
    for section in dossier.sections:
        yield section.loc, partial(str.__add__, section.heading + "\n", section.text)


def _keys(loc: Location) -> tuple[str, str | None]:
    """A location's key as findings write it, and the key of its row (for a cell of a table)."""
    key = loc.short()
    if loc.table is None or loc.row is None:
        return key, None
    # the row's key is the cell's without its trailing ":列C" (``short()`` of the location with ``col=None``)
    return key, key[: key.rfind(":列")] if loc.col is not None else key


def source_index(dossier: Dossier, wanted: Collection[str] | None = None) -> dict[str, str]:
    """Location (as findings write it) → the text written there; a cell also indexes its row.
    ``wanted``: only these keys (the text of every other location is not built)."""
    index: dict[str, str] = {}
    for loc, build in _entries(dossier):
        if loc is None:
            continue
        key, row = _keys(loc)
        if wanted is not None and key not in wanted and (row is None or row not in wanted):
            continue  # neither its key nor its row's is asked for: it changes no wanted entry
        text = build()
        if not text:
            continue
        known = index.get(key)
        if known is None:
            index[key] = text
        elif text not in known:
            index[key] = known + "\n" + text  # several values in one cell (numbered goal items)
        if row is not None:
            index.setdefault(row, text)
    return index


def _window(text: str, needle: str) -> str:
    flat = _FLAT.sub("", text)
    at = flat.find(needle) if needle else -1
    if at < 0:
        return flat if len(flat) <= _LONG else flat[:_LONG] + "…"
    start, end = max(0, at - _WINDOW), min(len(flat), at + len(needle) + _WINDOW)
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")


def excerpt_for(item: Finding, index: dict[str, str]) -> str | None:
    """The row or sentence a finding points at, trimmed around the sentence it quotes."""
    if item.location is None:
        return None
    text = index.get(item.location)
    if text is None:
        row = _COL.sub("", item.location)
        text = index.get(row)
    if text is None:
        return None
    quoted = item.evidence.get("sentence") or item.evidence.get("text")
    if len(text) > _LONG:
        return _window(text, str(quoted) if quoted else "")
    return text.replace("\n", "；")


def with_excerpts(findings: list[Finding], dossier: Dossier) -> list[Finding]:
    wanted = {f.location for f in findings if f.location}
    if not wanted:
        return findings  # nothing to point at (a generated dossier without locations)
    wanted.update([_COL.sub("", w) for w in wanted])
    index = source_index(dossier, wanted)
    return [msgspec.structs.replace(f, excerpt=excerpt_for(f, index)) for f in findings]
