"""The source text a finding points at: the row of the form or the sentence of the report, as written.

Built from the dossier at the finding's path (the element it is about), so it works for every reader,
whatever its locations look like (a workbook's cell addresses, a PDF's pages), and needs no access to
the original file. A reviewer sees the row beside the finding, with the compared figures
marked in the HTML report.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import msgspec

from jixiao.audit.finding import Finding
from jixiao.model.dossier import (
    BasicData,
    Budget,
    BudgetRow,
    Dossier,
    Evaluation,
    Fact,
    FigureRow,
    Goal,
    Indicator,
    Rubric,
    RubricItem,
    Section,
    Val,
)
from jixiao.narrative.lexer import normalise

_SEP = " ｜ "
_WINDOW = 60  # characters either side of a sentence quoted from a long section
_LONG = 160
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


def _child(obj: object, part: str) -> object:
    if isinstance(obj, tuple):
        return obj[int(part)] if part.isascii() and part.isdigit() and int(part) < len(obj) else None
    if isinstance(obj, msgspec.Struct) and part in obj.__struct_fields__:
        return getattr(obj, part)
    return None


def _chain(dossier: Dossier, path: str) -> list[object]:
    """The objects from the dossier down to the element at ``path``; where the element is empty (a
    missing 实际完成值, no 偏差原因 written) down to the row or table that lacks it."""
    chain: list[object] = [dossier]
    for part in path.split("."):
        found = _child(chain[-1], part)
        if found is None:
            break
        chain.append(found)
    return chain


def source_text(dossier: Dossier, path: str) -> str | None:
    """The row, cell or section of the source the element at ``path`` belongs to, as written: an
    indicator's row, a budget line, a rubric item, a figure row, a labelled value, a section."""
    chain = _chain(dossier, path)
    last = chain[-1]
    if isinstance(last, Val) and len(chain) >= 2:
        parent = chain[-2]
        if isinstance(parent, tuple) and len(parent) == 2 and isinstance(parent[0], str):
            return _labelled(parent[0], last)  # 按支出性质分, a signature line, a named fact
        if isinstance(parent, Dossier):
            return _labelled("报告日期", last)
        if isinstance(parent, tuple) and len(chain) >= 3 and isinstance(chain[-3], Goal):
            return _text(last)
    if isinstance(last, Fact):
        return _as_written(dossier, last)
    for at, obj in reversed(list(enumerate(chain))):
        text = _describe(obj, chain[at - 1] if at else None)
        if text is not None:
            return text
    return None


def _describe(obj: object, parent: object) -> str | None:
    if isinstance(obj, Indicator):
        return _indicator_row(obj)
    if isinstance(obj, BudgetRow):
        if isinstance(parent, Budget) and parent.total is obj:
            return _budget_line(parent)
        return _budget_row(obj)
    if isinstance(obj, Budget):
        return _budget_line(obj)
    if isinstance(obj, RubricItem):
        return _join([obj.name, " ".join(obj.standard.split()), _text(obj.points), _text(obj.score)])
    if isinstance(obj, Rubric):
        return _join([obj.title, f"总分 {_text(obj.declared_total)}"])
    if isinstance(obj, FigureRow):
        return _figure_row(obj)
    if isinstance(obj, BasicData):
        return _staffing(obj)
    if isinstance(obj, Evaluation):
        return _evaluation_line(obj)
    if isinstance(obj, Section):
        return obj.heading + "\n" + obj.text
    return None


def _as_written(dossier: Dossier, fact: Fact) -> str | None:
    """The fact's sentence as its section writes it (the fact keeps it normalised: full-width forms
    folded, whitespace removed), else as the fact keeps it."""
    for section in dossier.sections:
        if section.heading != fact.section or not fact.sentence:
            continue
        flat = _FLAT.sub("", section.text)
        folded: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(flat):
            for piece in normalise(char):
                folded.append(piece)
                origin.append(index)
        at = "".join(folded).find(fact.sentence)
        if at >= 0:
            return flat[origin[at] : origin[at + len(fact.sentence) - 1] + 1]
    return fact.sentence or None


def _window(text: str, needle: str) -> str:
    flat = _FLAT.sub("", text)
    at = flat.find(needle) if needle else -1
    if at < 0:
        return flat if len(flat) <= _LONG else flat[:_LONG] + "…"
    start, end = max(0, at - _WINDOW), min(len(flat), at + len(needle) + _WINDOW)
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")


def excerpt_for(item: Finding, dossier: Dossier) -> str | None:
    """The row or sentence a finding points at (by its path), trimmed around the sentence it quotes."""
    if item.path is None:
        return None
    text = source_text(dossier, item.path)
    if not text:
        return None
    quoted = item.evidence.get("sentence") or item.evidence.get("text")
    if len(text) > _LONG:
        return _window(text, str(quoted) if quoted else "")
    return text.replace("\n", "；")


def with_excerpts(findings: list[Finding], dossier: Dossier) -> list[Finding]:
    return [msgspec.structs.replace(f, excerpt=excerpt_for(f, dossier)) for f in findings]
