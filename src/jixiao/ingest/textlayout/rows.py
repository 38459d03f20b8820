"""The rows of a layout that writes a row on a line (tab, pipe) aligned to their header's columns.

A lower header row dividing the upper's cells (``指标性质 | 指标值 | 度量单位`` under ``年度指标值``) is
made one row with it; a budget row's values are placed in the header's columns only where they fit.
Template rows left unfilled (``指标2``, ``……``) are no rows; empty cells beyond the header's columns
belong to no row; a pipe row broken after its first cell, values pushed onto the next line, and a
header broken over lines, are put back on one row.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from jixiao.forms.generic.align import align_indices
from jixiao.forms.generic.reader import Header, find_header
from jixiao.forms.generic.vocabulary import BLOCK_END, core
from jixiao.ingest.textlayout.order import _place
from jixiao.ingest.textlayout.tokens import (
    _SENTENCE,
    ColumnKind,
    Token,
    _column,
    _is_value,
    _known,
    _points,
    _Vocabulary,
)
from jixiao.model.cells import clean
from jixiao.model.grid import Block, GridCell, GridTable, Paragraph


def _rows_per_line(
    rows: Sequence[list[Token] | None], lines: Sequence[str] | None = None, numbers: Sequence[int] = ()
) -> list[Block]:
    """A table per run of lines holding cells; other non-empty lines are paragraphs. A line of pipes
    only separates rows and holds no cell. ``numbers``: each row's line, when a line holds several
    rows (else the rows are the lines)."""
    blocks: list[Block] = []
    current: list[tuple[GridCell, ...]] = []
    start = 0

    def close() -> None:
        nonlocal current
        if current and (len(current) >= 2 or max(len(r) for r in current) >= 2):
            blocks.append(GridTable(index=0, rows=tuple(_aligned(_joined_headers(current))), line=start))
        elif current:
            for row in current:
                text = " ".join(c.text for c in row if c.text)
                if text:
                    blocks.append(Paragraph(text=text, line=row[0].line))
        current = []

    for index, cells in enumerate(rows):
        n = numbers[index] if numbers else index + 1
        if cells is None:
            close()
            raw = lines[n - 1].strip() if lines is not None else ""
            if raw:
                blocks.append(Paragraph(text=raw, line=n))
            continue
        if all(t.explicit_empty for t in cells):
            continue
        filled = [t for t in cells if t.key]
        if len(filled) == 1 and _Vocabulary.title.search(filled[0].key) and _form_block(current):
            # the next form's title row after a form's block (its budget or indicator header): the form
            # before ends here, the title is a paragraph -- also after a form cut before its budget
            # block, as a stored excerpt begins, which must not read the next form's budget block
            close()
            blocks.append(Paragraph(text=filled[0].text, line=n))
            continue
        if not current:
            start = n
        current.append(tuple(GridCell(text=t.text, line=t.line) for t in cells))
    close()
    return blocks


def _form_block(rows: Sequence[tuple[GridCell, ...]]) -> bool:
    """Rows that hold a form's block: a budget header or an indicator header (rows above a form's
    blocks, such as its name and unit, stay with the form they open)."""
    table = GridTable(index=0, rows=tuple(rows))
    return find_header(table, "budget") is not None or find_header(table, "indicator") is not None


def _header_block(row: Sequence[GridCell]) -> Literal["budget", "indicator"] | None:
    """``budget`` or ``indicator`` for a row made only of one block's header words, else None."""
    keys = [clean(c.text).rstrip("：:") for c in row if clean(c.text)]
    if not keys:
        return None
    if any(_Vocabulary.budget_head(k) for k in keys) and all(_Vocabulary.budget_any(k) for k in keys):
        return "budget"
    if all(_Vocabulary.indicator_any(k) for k in keys) and sum(
        _column(k, "indicator") != "label" for k in keys
    ):
        return "indicator"
    return None


def _joined_headers(rows: Sequence[tuple[GridCell, ...]]) -> list[tuple[GridCell, ...]]:
    """A header a row-per-line layout broke over lines put back on one row: the cell over the budget
    rows' labels written on the line before (``预算资金 (万元)`` / ``年初预算数 | …``), and a header
    continued on the next line(s) (``… | 年度 指标值`` / ``实际 完成值`` / ``分值 | 得分``), when the
    continuation holds only that header's words and none it already has."""
    out: list[tuple[GridCell, ...]] = []
    for row in rows:
        block = _header_block(row)
        if out and block is not None:
            before = out[-1]
            filled = [c for c in before if clean(c.text)]
            label_only = len(filled) == 1 and bool(_Vocabulary.budget_unit.match(clean(filled[0].text)))
            if block == "budget" and label_only and _header_block(before) is None:
                out[-1] = tuple(filled) + tuple(c for c in row if clean(c.text) or c is not row[0])
                continue
            divided = _divided_header(before, row) if block == "indicator" else None
            if divided is not None:
                out[-1] = divided
                continue
            if _header_block(before) == block:
                taken = {_column(clean(c.text), block) for c in before if clean(c.text)}
                fields = [_column(clean(c.text), block) for c in row if clean(c.text)]
                if not taken & set(fields):
                    out[-1] = tuple(c for c in before if clean(c.text)) + tuple(
                        c for c in row if clean(c.text)
                    )
                    continue
        out.append(row)
    return out


Cells = tuple[GridCell, ...]

_LEVELS = ("level1", "level2", "name")


def _divided_header(upper: Cells, lower: Cells) -> Cells | None:
    """An indicator header over two rows whose lower row divides the upper's cells (``绩效指标 | 年度指标值
    | 实际完成值 | 分值 | 得分`` over ``一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位``): one row,
    the lower's level columns in place of the upper's title over them (its first cell, naming no
    column) and the lower's other cells in place of the one upper cell of their kind (年度指标值 over
    指标性质 / 指标值 / 度量单位). None unless the lower row opens with the level columns, holds nothing
    else the upper has, and the cells it divides are exactly the title and that one cell."""
    up = [c for c in upper if clean(c.text)]
    low = [c for c in lower if clean(c.text)]
    up_fields = [_column(clean(c.text).rstrip("：:"), "indicator") for c in up]
    low_fields = [_column(clean(c.text).rstrip("：:"), "indicator") for c in low]
    if len(up) < 3 or len(low) < 4 or None in up_fields or None in low_fields:
        return None
    levels = 0
    while levels < len(low_fields) and low_fields[levels] == _LEVELS[levels if levels < 3 else 2]:
        levels += 1
    rest = low_fields[levels:]
    if levels < 2 or not rest or up_fields[0] != "label" or any(f in _LEVELS for f in up_fields):
        return None
    divided = [k for k in range(1, len(up)) if up_fields[k] in rest]
    if len(divided) != 1 or any(f in up_fields and f != up_fields[divided[0]] for f in rest):
        return None
    k = divided[0]
    return (*low[:levels], *up[1:k], *low[levels:], *up[k + 1 :])


def _aligned(rows: list[Cells]) -> list[Cells]:
    """A row-per-line table's rows put under their header's columns. A pipe or tab row writes a cell
    merged over several rows once, in its first row (``产出指标`` over three indicators), and drops a
    row's empty cells at its end; a row that holds fewer cells than its header is placed by what its
    cells hold (``align``: a name, values, 分值, 得分 …) and padded with empty cells where the merged
    or empty cells stand, so that every reader finds a column's cells under its header. A budget
    row's label written on a line of its own and its figures on the next are one row. A row whose
    cells cannot all be placed is left as written."""
    table = GridTable(index=0, rows=tuple(rows))
    out = list(rows)
    budget = find_header(table, "budget")
    indicator = find_header(table, "indicator")
    if budget is not None and (indicator is None or budget.last < indicator.first):
        stop = indicator.first if indicator is not None else len(out)
        out[budget.last + 1 : stop] = _aligned_budget(out[budget.last + 1 : stop], budget)
        table = GridTable(index=0, rows=tuple(out))
        indicator = find_header(table, "indicator")
    if indicator is not None:
        out[indicator.last + 1 :] = _aligned_indicators(out[indicator.last + 1 :], indicator)
    return out


def _positions(header: Header) -> int:
    """The number of grid positions a header row spans (a zero-width label column counts none)."""
    return sum(1 for span in header.spans if span > 0)


_FIELD_KINDS: dict[str, ColumnKind] = {
    "initial": "amount",
    "adjusted": "amount",
    "executed": "amount",
    "rate": "rate",
    "weight": "points",
    "score": "points",
}


def _aligned_budget(rows: list[Cells], header: Header) -> list[Cells]:
    if any(span == 0 for span in header.spans):  # no cell over the row labels: rows cannot be padded
        return rows
    labels = sum(1 for kind in header.kinds if kind in ("label", "section"))
    kinds = [
        _FIELD_KINDS.get(f or "", "text")
        for f, k in zip(header.fields, header.kinds, strict=True)
        if k not in ("label", "section")
    ]
    out: list[Cells] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        filled = [c for c in row if clean(c.text)]
        key = clean(filled[0].text).rstrip(":：") if filled else ""
        if key and (_Vocabulary.goal.match(key) or _Vocabulary.end.match(key)):
            out.extend(rows[i:])
            break
        below = rows[i + 1] if i + 1 < len(rows) else ()
        label_only = len(filled) == 1 and not _is_value(Token(filled[0].text, 0))
        figures_below = (
            bool(below)
            and not clean(below[0].text)
            and all(_is_value(Token(c.text, 0)) for c in below)
            and any(clean(c.text) for c in below)
        )
        merged = label_only and figures_below and bool(_Vocabulary.budget_row.match(key))
        if merged:  # the label on a line of its own, its figures on the next: one row
            row = (filled[0], *below[1:])
        placed = _budget_cells(row, labels, kinds) if filled else None
        out.append(placed if placed is not None else row)
        if merged:
            out.append(())  # the figures' line left empty: the rows keep their numbers
        i += 2 if merged else 1
    return out


def _budget_cells(row: Cells, labels: int, kinds: list[ColumnKind]) -> Cells | None:
    """A budget row's cells: its label(s) in the header's label columns (the last of them when the row
    writes fewer), its figures placed under the value columns (``_place``); None when the row is not
    a labelled row of figures or already has the header's shape."""
    lead = 0
    while lead < len(row) and not _is_value(Token(row[lead].text, 0)):
        lead += 1
    if lead == 0 or lead > labels:
        return None
    values = [Token(c.text, c.line or 0, explicit_empty=not clean(c.text)) for c in row[lead:]]
    if not values or not all(_is_value(v) for v in values):
        return None
    if lead == labels and len(values) >= len(kinds):
        return None
    placed = _place([v for v in values if v.key or v.explicit_empty], kinds)
    if len(placed) > len(kinds):
        return None
    padded = [GridCell(text="")] * (labels - lead) + list(row[:lead])
    cells = [GridCell(text=t.text, line=t.line or None) if t.key else GridCell(text="") for t in placed]
    return (*padded, *cells)


def _aligned_indicators(rows: list[Cells], header: Header) -> list[Cells]:
    width = _positions(header)
    if width != len(header.kinds):
        return rows
    out: list[Cells] = []
    rows = _broken_rows(_values_below(rows, header))
    for index, row in enumerate(rows):
        filled = [c for c in row if clean(c.text)]
        if not filled:
            out.append(row)
            continue
        key = clean(filled[0].text).rstrip(":：")
        if (
            (_Vocabulary.total.match(key) and len(key) <= 8)
            or _Vocabulary.end.match(key)
            or core(key) in BLOCK_END
            or _Vocabulary.title.search(key)
        ):
            out.extend(rows[index:])
            break
        while len(row) > 1 and not clean(row[-1].text):
            row = row[:-1]
        if len(row) >= width:
            out.append(row)
            continue
        columns = align_indices([c.text for c in row], header.kinds)
        placed = sorted(i for column in columns for i in column)
        if placed != [i for i, c in enumerate(row) if clean(c.text)]:
            out.append(row)  # a cell fits no column: kept as written
            continue
        cells: list[GridCell] = []
        unplaced: list[GridCell] = []
        for k, column in enumerate(columns):
            signed = k > 0 and header.kinds[k - 1] == "sign" and bool(columns[k - 1])
            if header.kinds[k] == "value" and not signed and any(_points(clean(row[i].text)) for i in column):
                # a bare figure of 0-100 in a row short of cells: a 指标值 or 实际完成值, or a 分值 beside
                # a value merged from the row above; not guessed, kept after the row's columns
                unplaced.extend(row[i] for i in column)
                seen = " ".join(row[i].text.strip() for i in column)
                cells.append(GridCell(text="", unread=seen))  # written, not placed: ``Val.unread``
            elif not column:
                cells.append(GridCell(text=""))
            elif len(column) == 1:
                cells.append(row[column[0]])
            else:
                first = row[column[0]]
                cells.append(
                    GridCell(
                        text=" ".join(row[i].text for i in column),
                        line=first.line,
                        line_end=row[column[-1]].line,
                    )
                )
        out.append((*cells, *unplaced))
    return _pushed_rows(out, header)


def _trimmed(row: Cells) -> Cells:
    while len(row) > 1 and not clean(row[-1].text):
        row = row[:-1]
    return row


def _broken_rows(rows: list[Cells]) -> list[Cells]:
    """A row the text broke after its name, its figures on the next line with nothing before them
    (``扶持发展新型农业经营主体 (个) |`` / ``15 | 6 | 8.0 |``): one row, before its cells are placed."""
    out: list[Cells] = []
    i = 0
    while i < len(rows):
        row = _trimmed(rows[i])
        below = _trimmed(rows[i + 1]) if i + 1 < len(rows) else ()
        words = [c for c in row if clean(c.text)]
        figures = [c for c in below if clean(c.text)]
        if (
            words
            and figures
            and len(figures) == len(below)
            and not any(_is_value(Token(c.text, 0)) for c in words)
            and all(_is_value(Token(c.text, 0)) for c in figures)
        ):
            out.append((*row, *below))
            i += 2
            continue
        out.append(rows[i])
        i += 1
    return out


def _values_below(rows: list[Cells], header: Header) -> list[Cells]:
    """A row broken after its name whose values are words, each on a line below (``效益指标 | 经济效益
    指标 | 减轻学生家庭负担 |`` / ``有效 |`` / ``有效 | 10 | 10 |``): one row, when the lines below hold
    no heading or header word, nothing but short words and, closing the last, the 分值 and 得分 (得分 no
    more than 分值), and exactly as many words as the header has value columns (指标值, 实际完成值).
    A row of values short of that count, or with a figure among its words, is left as written."""
    values = sum(1 for kind in header.kinds if kind == "value")
    if values < 2 or header.fields.count("weight") != 1 or header.fields.count("score") != 1:
        return rows
    out: list[Cells] = []
    i = 0
    while i < len(rows):
        row = [c for c in rows[i] if clean(c.text)]
        keys = [clean(c.text).rstrip("：:") for c in row]
        joined = _values_joined(rows, i, values) if keys and not any(_has_digit(k) for k in keys) else None
        if joined is None:
            out.append(rows[i])
            i += 1
            continue
        below, end = joined
        out.append((*row, *below))
        i = end
    return out


def _has_digit(key: str) -> bool:
    return any(ch.isdigit() for ch in key)


def _values_joined(rows: Sequence[Cells], i: int, values: int) -> tuple[list[GridCell], int] | None:
    """The cells of the lines below row ``i`` that complete it (see ``_values_below``) and the index
    after them; None when they do not."""
    words: list[GridCell] = []
    for j in range(i + 1, min(i + 1 + values, len(rows))):
        cells = [c for c in rows[j] if clean(c.text)]
        keys = [clean(c.text).rstrip("：:") for c in cells]
        if not cells or any(
            _known(k) or _Vocabulary.total.match(k) or _Vocabulary.end.match(k) for k in keys
        ):
            return None
        texts = [c for c, k in zip(cells, keys, strict=True) if not _has_digit(k)]
        figures = [k for k in keys if _has_digit(k)]
        if any(len(k) > 8 or _SENTENCE.search(k) for k in keys[: len(texts)]) or keys[: len(texts)] != [
            clean(c.text).rstrip("：:") for c in texts
        ]:
            return None  # a long text, or a figure before a word
        words.extend(texts)
        if not figures:
            continue
        if len(words) != values or len(figures) != 2 or not all(_points(k) for k in figures):
            return None
        weight, score = (Decimal(k.replace(",", "")) for k in figures)
        if score > weight:
            return None
        return [*words, *cells[len(texts) :]], j + 1
    return None


def _pushed_rows(rows: list[Cells], header: Header) -> list[Cells]:
    """A row broken after its name (``扶持发展新型农业经营主体 (个) | | |`` / ``| | | 15 | 6 | 8.0``): a row
    with a name and no figure, then a row of the header's width with figures and no heading or name,
    are one row (the figures' line is dropped, its cells keep their lines)."""
    width = len(header.kinds)
    heads = [k for k, f in enumerate(header.fields) if f in ("level1", "level2", "name") or f is None]
    name = [k for k, f in enumerate(header.fields) if f == "name"]
    if not name:
        return rows
    values = [k for k in range(width) if k not in heads]
    out: list[Cells] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        below = rows[i + 1] if i + 1 < len(rows) else ()
        if (
            len(row) == width
            and len(below) == width
            and clean(row[name[0]].text)
            and not any(clean(row[k].text) for k in values)
            and not any(clean(below[k].text) for k in heads)
            and any(_is_value(Token(below[k].text, 0)) and clean(below[k].text) for k in values)
        ):
            out.append(tuple(below[k] if k in values else row[k] for k in range(width)))
            i += 2
            continue
        out.append(row)
        i += 1
    return out
