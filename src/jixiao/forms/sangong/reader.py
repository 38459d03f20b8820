"""Read a 三公经费 table from any grid (docx, xlsx, html, a text layout's grid) by its words.

Two shapes are printed:

* the lines as columns (the official template): a header over one or two rows — 合计 | 因公出国（境）费 |
  公务用车购置及运行费 (小计 | 购置费 | 运行费) | 公务接待费 — then one row of figures per kind (预算数,
  决算数, or a single unnamed row);
* the lines as rows: 项目 | 预算数 | 决算数 (or 2022年预算数 | 2023年预算数 | 增减 | 增减原因), each row a
  line (合计, 因公出国（境）费, 其中：公务用车运行维护费 …).

Either way the table is stored as a ``FigureTable`` of kind ``TABLE_KIND``: one ``FigureRow`` per 三公
line (its label as written, ``level`` 1 for the car line's two parts, ``is_total`` for 合计) and one
column per kind of figure (``columns[0]`` is 项目). Each value keeps its own cell's location, so a
finding points at the cell as printed. Columns are mapped by their words, never by position; a table
whose header cannot be mapped so is not read (None: the next form is asked).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jixiao.forms.common.cells import cell_loc, table_loc
from jixiao.forms.registry import Reading
from jixiao.forms.sangong.words import (
    TABLE_KIND,
    UNNAMED_COLUMN,
    Item,
    is_amount_column,
    item_of,
)
from jixiao.model.cells import clean, money
from jixiao.model.dossier import FigureRow, FigureTable, Val
from jixiao.model.grid import GridCell, GridTable

TEMPLATE = "sangong-table"

_FIGURE = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?(万元|元|万)?$")
_BLANK = re.compile(r"^([-—–－/／\\、…]+|无|——)?$")
_YUAN = re.compile(r"单位\s*[:：]?\s*元")
_MAX_ROWS = 16  # a 三公 table has at most a dozen lines (and a few header and note rows)
_LINE_ITEMS = frozenset({"abroad", "car", "car_purchase", "car_running", "reception"})


def _figure(text: str) -> bool:
    return bool(_FIGURE.match(clean(text)))


def _blank(text: str) -> bool:
    return bool(_BLANK.match(clean(text)))


def _items(texts: Sequence[str]) -> set[Item]:
    found: set[Item] = set()
    for text in texts:
        item = item_of(text)
        if item is not None and item != "subtotal":
            found.add(item)
    return found


def _enough(items: set[Item]) -> bool:
    """The total and at least two of its lines: a 三公 table, not a table that mentions one of them."""
    return "total" in items and len(items & _LINE_ITEMS) >= 2


def detect(table: GridTable) -> bool:
    if not table.rows or len(table.rows) > _MAX_ROWS:
        return False
    if not any(_figure(c.text) for row in table.rows for c in row):
        return False
    firsts = [row[0].text for row in table.rows if row]
    heads = [c.text for row in table.rows[:3] for c in row]
    return _enough(_items(firsts)) or _enough(_items(heads))


def read(file: str, table: GridTable, title: str) -> Reading | None:
    unit = (
        "元"
        if any(_YUAN.search(clean(c.text)) for row in table.rows for c in row) or _YUAN.search(clean(title))
        else "万元"
    )
    found = _read_rows(file, table, unit)
    if found is None:
        found = _read_columns(file, table, unit)
    if found is None:
        return None
    columns, rows = found
    return Reading(
        figures=(
            FigureTable(
                kind=TABLE_KIND,
                title=clean(title) or "“三公”经费表",
                columns=("项目", *columns),
                rows=tuple(rows),
                loc=table_loc(file, table),
            ),
        )
    )


def _row(label: str, item: Item, values: Sequence[Val | None]) -> FigureRow:
    return FigureRow(
        label=label,
        values=tuple(values),
        level=1 if item in ("car_purchase", "car_running") else 0,
        is_total=item == "total",
    )


def _value(file: str, table: GridTable, r: int, c: int, unit: str) -> Val | None:
    cells = table.rows[r]
    if c >= len(cells):
        return None  # a row cut short (a text layout drops trailing empty cells): nothing written
    text = cells[c].text
    return money(text, cell_loc(file, table, r, c), default_unit=unit)


# ---------------------------------------------------------------------------- lines as rows


def _read_rows(file: str, table: GridTable, unit: str) -> tuple[list[str], list[FigureRow]] | None:
    """项目 | 预算数 | 决算数, one row per line (the label in the first cell)."""
    items = [item_of(row[0].text) if row else None for row in table.rows]
    found = _items([row[0].text for row in table.rows if row])
    if not _enough(found):
        return None
    first = next(i for i, item in enumerate(items) if item is not None)
    header_index = next(
        (i for i in range(first - 1, -1, -1) if sum(1 for c in table.rows[i] if clean(c.text)) >= 2), None
    )
    if header_index is None:
        return None
    header = table.rows[header_index]
    if any(cell.colspan > 1 for cell in header):
        return None  # a header over two rows (年度 over 预算数/决算数): its columns are not its cells
    columns = [
        (c, clean(cell.text))
        for c, cell in enumerate(header)
        if c > 0 and clean(cell.text) and is_amount_column(cell.text)
    ]
    line_rows = [r for r in range(first, len(table.rows)) if items[r] not in (None, "subtotal")]
    named = [items[r] for r in line_rows]
    if len(set(named)) != len(named):
        return None  # a line twice (本级 and 所属单位 in one table): not one table of the 三公 lines
    kept: list[tuple[int, str]] = []
    for c, name in columns:
        cells = [table.rows[r][c].text for r in line_rows if c < len(table.rows[r])]
        if any(_figure(t) for t in cells) and all(_figure(t) or _blank(t) for t in cells):
            kept.append((c, name))
    if not kept or any(len(row) > len(header) for row in (table.rows[r] for r in line_rows)):
        return None  # figures beyond the header's columns: not a table read by this header
    rows: list[FigureRow] = []
    for r in line_rows:
        item = items[r]
        assert item is not None and item != "subtotal"
        rows.append(
            _row(clean(table.rows[r][0].text), item, [_value(file, table, r, c, unit) for c, _ in kept])
        )
    return [name for _, name in kept], rows


# ---------------------------------------------------------------------------- lines as columns


def _read_columns(file: str, table: GridTable, unit: str) -> tuple[list[str], list[FigureRow]] | None:
    """合计 | 因公出国（境）费 | 公务用车购置及运行费 (小计 | 购置费 | 运行费) | 公务接待费 over rows of figures."""
    figure_rows = [r for r, row in enumerate(table.rows) if sum(1 for c in row if _figure(c.text)) >= 3]
    if not figure_rows:
        return None
    start = figure_rows[0]
    if figure_rows != list(range(start, start + len(figure_rows))):
        return None  # figures, then text, then figures: not one header over its rows
    header_rows = [table.rows[r] for r in range(start) if _items([c.text for c in table.rows[r]])]
    if not header_rows:
        return None
    labelled = any(
        not _figure(table.rows[r][0].text) and not _blank(table.rows[r][0].text) for r in figure_rows
    )
    values: list[list[tuple[int, GridCell]]] = []
    labels: list[str] = []
    for r in figure_rows:
        cells = list(enumerate(table.rows[r]))
        if labelled:
            labels.append(clean(cells[0][1].text))
            cells = cells[1:]
        while cells and not clean(cells[-1][1].text):  # empty cells after the figures
            cells.pop()
        values.append(cells)
    width = {len(v) for v in values}
    if len(width) != 1:
        return None
    n = width.pop()
    leaves = _leaves(header_rows, n, labelled)
    if leaves is None:
        return None
    if not _enough({item for _, item in leaves}):
        return None
    columns = labels or [UNNAMED_COLUMN]
    rows: list[FigureRow] = []
    for j, (label, item) in enumerate(leaves):
        vals = [
            _value(file, table, r, cells[j][0], unit) for r, cells in zip(figure_rows, values, strict=True)
        ]
        rows.append(_row(label, item, vals))
    return columns, rows


def _expanded(row: Sequence[GridCell]) -> list[str]:
    """The row's texts, one per grid column (a merged cell repeated over the columns it covers)."""
    out: list[str] = []
    for cell in row:
        out.extend([clean(cell.text)] * max(cell.colspan, 1))
    return out


def _leaves(
    header_rows: Sequence[Sequence[GridCell]], n: int, labelled: bool
) -> list[tuple[str, Item]] | None:
    """The line of each of the ``n`` figures columns, from the header rows above them."""
    grids = [_expanded(row) for row in header_rows]
    if labelled:  # the header's first cell stands over the rows' labels (项目, 类别)
        grids = [g[1:] if g and item_of(g[0]) is None else g for g in grids]
    grids = [g[:n] if len(g) > n and not any(g[n:]) else g for g in grids]  # empty cells after the last
    if all(len(g) == n for g in grids):  # merges spelled out (docx, xlsx, html): column by column
        return _by_column(grids)
    if len(grids) == 2:  # a text layout: the second row holds the car line's parts, under it
        upper, lower = grids
        parents = [i for i, text in enumerate(upper) if item_of(text) == "car"]
        if len(parents) == 1 and len(upper) - 1 + len(lower) == n:
            p = parents[0]
            return _by_column(
                [
                    [*upper[:p], *[upper[p]] * len(lower), *upper[p + 1 :]],
                    [*[""] * p, *lower, *[""] * (len(upper) - p - 1)],
                ]
            )
    if len(grids[-1]) == n:
        return _by_column([grids[-1]])
    return None


def _by_column(grids: Sequence[Sequence[str]]) -> list[tuple[str, Item]] | None:
    leaves: list[tuple[str, Item]] = []
    seen: set[Item] = set()
    for j in range(len(grids[0])):
        texts = [g[j] for g in grids if g[j]]
        texts = [t for k, t in enumerate(texts) if t not in texts[:k]]  # a merge repeated downwards
        if not texts:
            return None
        deepest = texts[-1]
        item = item_of(deepest)
        if item == "subtotal" and len(texts) >= 2 and item_of(texts[-2]) == "car":
            item, deepest = "car", f"{texts[-2]}{deepest}"
        if item is None or item == "subtotal" or item in seen:
            return None
        seen.add(item)
        leaves.append((deepest, item))
    return leaves
