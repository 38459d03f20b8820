"""What the text-layout tests read back from a dossier: one evaluation, its budget figures and its
indicator rows, as the plain values a user checks on the form."""

from __future__ import annotations

from decimal import Decimal

from jixiao.ingest.loader import load_text
from jixiao.model.dossier import Dossier, Evaluation, Val


def num(val: Val | None) -> Decimal | None:
    """A read value's number (None when the cell is missing or holds none)."""
    return val.num if val is not None else None


def only_evaluation(dossier: Dossier) -> Evaluation:
    """The dossier's one evaluation table (a test text holds exactly one)."""
    assert len(dossier.evaluations) == 1
    return dossier.evaluations[0]


def only(text: str, file: str = "表.txt") -> Evaluation:
    """The one evaluation table read from a test text (saved as ``file``)."""
    return only_evaluation(load_text(text, file))


def budget_figures(evaluation: Evaluation) -> tuple[Decimal | None, ...]:
    """年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分 of the 年度资金总额 row."""
    budget = evaluation.budget
    assert budget is not None
    total = budget.total
    return (
        num(total.initial),
        num(total.adjusted),
        num(total.executed),
        num(budget.weight),
        num(budget.rate),
        num(budget.score),
    )


def indicator_rows(evaluation: Evaluation) -> list[tuple[str, Decimal | None, Decimal | None]]:
    """Each indicator row as (name, 分值, 得分)."""
    return [(i.name, num(i.weight), num(i.score)) for i in evaluation.indicators]


def pasted_cells(*cells: str) -> str:
    """A Word table pasted into a page: one cell a line, a blank line between cells."""
    return "\n\n".join(cells) + "\n"
