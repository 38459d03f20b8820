"""Checks of the 三公经费 table (``jixiao.forms.sangong``): its own arithmetic, and the narrative's
amount for each 三公 line against the table's.

* A007: 合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费, and 公务用车购置及运行费 = 购置费 +
  运行费, in each column of figures, allowing the rounding each written figure may hide. An error only
  when every figure is written; with a blank part the sum is a warning (a blank may stand for 0 or
  for a figure left out).
* K007 (the narrative's amount against a table): a line's amount the narrative states (公务用车运行费
  50万元) against the same line's figure in the table. Compared only where they are certainly of one
  kind: the narrative's 三公 total of that kind (预算 or 决算, the year) equals the column's 合计, and the
  line's statement is of the same kind and year. A 预算 stated beside a 决算 table, another year's
  figure or a change is not compared.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from jixiao.audit.checks_facts import statements
from jixiao.audit.finding import Check, Finding, check, finding
from jixiao.forms.sangong.words import (
    CAR_PARTS,
    ITEM_NAMES,
    TABLE_KIND,
    TOTAL_PARTS,
    UNNAMED_COLUMN,
    Item,
    Measure,
    column_year,
    item_of,
    measure_of,
)
from jixiao.model.cells import year_of
from jixiao.model.dossier import Dossier, Fact, FigureTable, Val
from jixiao.model.numbers import fmt_plain, half_unit
from jixiao.score.result import DocumentResult

_ZERO = Decimal(0)


@dataclass(frozen=True)
class _Cell:
    row: int
    value: Val


def _column(table: FigureTable, index: int) -> dict[Item, _Cell | None]:
    """Each 三公 line's cell in the ``index``-th column of figures (None: the line's cell is blank)."""
    cells: dict[Item, _Cell | None] = {}
    for r, row in enumerate(table.rows):
        item = item_of(row.label)
        if item is None or item == "subtotal" or item in cells:
            continue
        value = row.values[index] if index < len(row.values) else None
        cells[item] = _Cell(r, value) if value is not None and value.num is not None else None
    return cells


def _written(value: Val | None) -> bool:
    """A cell that states a figure; a blank or a dash states none."""
    return value is not None and bool(value.text.strip()) and value.num is not None


def _column_name(table: FigureTable, index: int) -> str:
    return table.columns[index + 1] if index + 1 < len(table.columns) else f"第{index + 1}列"


def _in_column(column: str) -> str:
    """“决算数”列 — or nothing for the one unnamed row of figures (金额)."""
    return "" if column == UNNAMED_COLUMN else f"“{column}”列"


def _where(value: Val) -> str | None:
    return value.loc.short() if value.loc is not None else None


def _figure_columns(
    dossier: Dossier,
) -> Iterator[tuple[int, FigureTable, int, str, dict[Item, _Cell | None]]]:
    """Every column of figures of every 三公 table: the table's index among the dossier's figure
    tables, the table, the column's index among its values, its name and its cells by line."""
    for t_index, table in enumerate(dossier.figure_tables):
        if table.kind != TABLE_KIND:
            continue
        width = max((len(r.values) for r in table.rows), default=0)
        for index in range(width):
            yield t_index, table, index, _column_name(table, index), _column(table, index)


_SUMS: tuple[tuple[Item, tuple[Item, ...]], ...] = (("total", TOTAL_PARTS), ("car", CAR_PARTS))


@check("A007", "arithmetic", "error", "“三公”经费表分项之和与合计不符")
def sangong_table_sums(dossier: Dossier, scored: DocumentResult, spec: Check) -> Iterator[Finding]:
    for t_index, table, index, column, cells in _figure_columns(dossier):
        for whole, parts in _SUMS:
            yield from _sum_finding(spec, table, t_index, index, column, cells, whole, parts)


def _sum_finding(
    spec: Check,
    table: FigureTable,
    t_index: int,
    index: int,
    column: str,
    cells: dict[Item, _Cell | None],
    whole: Item,
    parts: tuple[Item, ...],
) -> Iterator[Finding]:
    total = cells.get(whole)
    if total is None or any(p not in cells for p in parts):
        return  # the total blank, or a line the table does not print: nothing to add up
    assert total.value.num is not None
    written = [c for p in parts if (c := cells[p]) is not None]
    value = sum((c.value.num for c in written if c.value.num is not None), _ZERO)
    tolerance = half_unit(total.value.num) + sum(
        (half_unit(c.value.num) for c in written if c.value.num is not None), _ZERO
    )
    if abs(value - total.value.num) <= tolerance:
        return
    blanks = [ITEM_NAMES[p] for p in parts if cells[p] is None]
    terms = " + ".join(
        f"{ITEM_NAMES[p]} {fmt_plain(c.value.num) if (c := cells[p]) is not None and c.value.num is not None else '（空白）'}"
        for p in parts
    )
    message = (
        f"“三公”经费表{_in_column(column)}：{ITEM_NAMES[whole]} {total.value.text} 万元，"
        f"而 {terms} = {fmt_plain(value)} 万元"
    )
    if blanks:
        message += f"（{'、'.join(blanks)}未填写，按0计；如未填写的不是0，请补填后核对）"
    yield finding(
        spec,
        message,
        _where(total.value),
        "warning" if blanks else None,
        path=f"figure_tables.{t_index}.rows.{total.row}.values.{index}",
        key=f"{whole}:{column}",
        stated=total.value.num,
        sum=value,
        tolerance=tolerance,
    )


# ---------------------------------------------------------------- the narrative against the table


_YEAR = re.compile(r"(20\d{2})\s*年")
_PAST = ("上年", "上一年", "去年", "前年", "同期")


def _fact_kind(fact: Fact) -> Measure:
    """预算 or 决算 as the statement says it (its measure word), else as its section's heading does."""
    if fact.measure in ("预算",):
        return "预算"
    if fact.measure in ("决算", "执行数", "支出"):
        return "决算"
    if fact.measure:
        return ""
    return measure_of(fact.section)


def _fact_year(fact: Fact) -> int | bool | None:
    """The statement's year: its own period, else its heading's single year; False for a past period
    (上年) that is not the table's."""
    if any(w in fact.period for w in _PAST):
        return False
    own = year_of(fact.period) if fact.period else None
    if own is not None:
        return own
    years = {int(y) for y in _years(fact.section)}
    return years.pop() if len(years) == 1 else None


def _years(text: str) -> list[str]:
    return _YEAR.findall(text)


def _amount(fact: Fact) -> bool:
    """A statement of an amount in money (not a count, a rate, or a change alone)."""
    value = fact.value
    return value is not None and value.num is not None and value.unit == "万元"


# A part of a line, not the line: 国内公务接待费 and 外事接待费 of the 公务接待费.
_PART_WORDS = ("国内", "外事", "外宾", "境外", "国外", "本级", "所属", "下属")


def _narrower(facts: tuple[Fact, ...], fact: Fact, item: Item | str) -> bool:
    """A statement of part of a line (其中 under the same line, or a line's qualified part)."""
    if any(w in fact.subject for w in _PART_WORDS):
        return True
    whole = facts[fact.part_of] if fact.part_of is not None and 0 <= fact.part_of < len(facts) else None
    return whole is not None and item_of(whole.subject) == item


def _differs(a: Decimal, b: Decimal) -> bool:
    return abs(a - b) > max(half_unit(a), half_unit(b))


@check("K007", "consistency", "error", "文字说明中的金额与表中不一致")
def narrative_against_sangong_table(
    dossier: Dossier, scored: DocumentResult, spec: Check
) -> Iterator[Finding]:
    """“公务用车运行费50万元” against the 三公 table's 公务用车运行费 of the same kind and year."""
    facts = statements(dossier)
    stated = [
        (i, fact, item)
        for i, fact in enumerate(facts)
        if _amount(fact)
        and (item := item_of(fact.subject)) is not None
        and item != "subtotal"
        and not _narrower(facts, fact, item)
    ]
    if not stated:
        return
    seen: set[tuple[int, str]] = set()
    for t_index, table, index, column, cells in _figure_columns(dossier):
        total = cells.get("total")
        if total is None or total.value.num is None:
            continue
        kind = measure_of(column) or measure_of(table.title)
        year = column_year(column)
        anchor = _anchor(stated, total.value.num, kind, year)
        if anchor is None:
            continue  # the narrative states no total of this column's kind that equals it
        kind, year = anchor
        for f_index, fact, item in stated:
            if item == "total" or _fact_kind(fact) != kind:
                continue
            fact_year = _fact_year(fact)
            if fact_year is False or (fact_year is not None and year is not None and fact_year != year):
                continue
            cell = cells.get(item)
            assert fact.value is not None and fact.value.num is not None
            if cell is None or cell.value.num is None or (f_index, column) in seen:
                continue
            if not _differs(fact.value.num, cell.value.num):
                continue
            seen.add((f_index, column))
            yield _mismatch(spec, t_index, table, index, column, cells, cell, item, fact, f_index)


def _anchor(
    stated: list[tuple[int, Fact, Item]], total: Decimal, kind: Measure, year: int | None
) -> tuple[Measure, int | None] | None:
    """The kind and year of the narrative's 三公 total that equals the column's 合计: (kind, year), or
    None when none does or those that do are of different kinds (the column's kind unsaid)."""
    found: set[tuple[Measure, int | None]] = set()
    for _, fact, item in stated:
        if item != "total":
            continue
        fact_kind, fact_year = _fact_kind(fact), _fact_year(fact)
        if fact_kind in ("", "增减") or fact_year is False or (kind and fact_kind != kind):
            continue
        assert fact.value is not None and fact.value.num is not None
        if fact_year is not None and year is not None and fact_year != year:
            continue
        if not _differs(fact.value.num, total):
            found.add((fact_kind, fact_year if isinstance(fact_year, int) else year))
    kinds = {k for k, _ in found}
    if len(kinds) != 1:
        return None
    years = {y for _, y in found if y is not None}
    if len(years) > 1:
        return None
    return kinds.pop(), years.pop() if years else year


def _mismatch(
    spec: Check,
    t_index: int,
    table: FigureTable,
    index: int,
    column: str,
    cells: dict[Item, _Cell | None],
    cell: _Cell,
    item: Item,
    fact: Fact,
    f_index: int,
) -> Finding:
    assert fact.value is not None and fact.value.num is not None and cell.value.num is not None
    where_table, where_text = _where(cell.value), fact.loc.short() if fact.loc is not None else None
    swapped = [
        ITEM_NAMES[other]
        for other, c in cells.items()
        if other not in (item, "total")
        and c is not None
        and c.value.num is not None
        and not _differs(c.value.num, fact.value.num)
    ]
    message = (
        f"文字说明写“{fact.subject}”{fact.value.text}（{where_text or '文字说明'}），"
        f"“三公”经费表{_in_column(column)}{ITEM_NAMES[item]}为 {cell.value.text} 万元（{where_table or '表中'}）"
    )
    if swapped:
        message += f"；文字说明的金额与表中{'、'.join(swapped)}相同，疑为两项写反"
    return finding(
        spec,
        message,
        where_table,
        path=f"figure_tables.{t_index}.rows.{cell.row}.values.{index}",
        key=f"statements.{f_index}",
        sentence=fact.sentence,
        sentence_location=where_text,
        stated=fact.value.num,
        table=cell.value.num,
    )
