"""Test helper: give a table read from Word's text export the merged cells the official form has.

Word's text export loses merges: a horizontally merged cell is simply one cell fewer in its row, and
a cell under a vertical merge is an empty cell. The forms themselves (seeds 000-002) merge 一级/二级指标
down their rows and spread short rows (年度总体目标, 总分) across the table. ``official_grid`` puts those
merges back, following the grid convention of ``jixiao.model.grid``, so the tests can write a seed as a
.docx/.xlsx/.pdf with real merges and check that reading it back gives the dossier the text gives.
"""

from __future__ import annotations

import msgspec

from jixiao.model.grid import Grid, GridCell, GridTable

# Columns whose empty cells continue the label above them (一级指标, 二级指标 in every indicator table).
MERGED_LABEL_COLUMNS = 2


def official_table(table: GridTable) -> GridTable:
    """The table with short rows spread across its width and label columns merged down."""
    width = max(len(row) for row in table.rows)
    rows = [list(_spread(row, width)) for row in table.rows]
    for col in range(min(MERGED_LABEL_COLUMNS, width)):  # a one-column table has nothing to merge
        _merge_down(rows, col, width)
    return msgspec.structs.replace(table, rows=tuple(tuple(r) for r in rows))


def official_grid(grid: Grid) -> Grid:
    blocks = tuple(official_table(b) if isinstance(b, GridTable) else b for b in grid.blocks)
    return msgspec.structs.replace(grid, blocks=blocks)


def _spread(row: tuple[GridCell, ...], width: int) -> tuple[GridCell, ...]:
    """A row of n < width cells: each cell spans width // n columns, the last takes the remainder."""
    n = len(row)
    if n == width:
        return row
    share = width // n
    spans = [share] * (n - 1) + [width - share * (n - 1)]
    return tuple(msgspec.structs.replace(c, colspan=s) for c, s in zip(row, spans, strict=True))


def _merge_down(rows: list[list[GridCell]], col: int, width: int) -> None:
    """In full-width rows, an empty cell in ``col`` under a non-empty one becomes its placeholder."""
    top: int | None = None
    for r, row in enumerate(rows):
        full = len(row) == width
        if not full:
            top = None
            continue
        if row[col].text.strip():
            top = r
            continue
        if top is None:
            continue
        head = rows[top][col]
        rows[top][col] = msgspec.structs.replace(head, rowspan=head.rowspan + 1)
        row[col] = GridCell(text="", colspan=head.colspan)
