"""Small tools the table recognisers share: located cells and header lookup."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from jixiao.model.cells import clean, points_in, strip_points
from jixiao.model.dossier import Val
from jixiao.model.grid import GridCell, GridTable
from jixiao.model.source import Location

Row = tuple[GridCell, ...]


def cell_loc(file: str, table: GridTable, row: int, col: int) -> Location:
    """The location of ``table.rows[row][col]`` (0-based indexes in, 1-based location out).

    A damaged row may be shorter than its header: the location then names the row and column
    without a line.
    """
    cells = table.rows[row] if row < len(table.rows) else ()
    if col >= len(cells):
        return Location(file=file, table=table.index, row=row + 1, col=col + 1)
    cell = cells[col]
    return Location(
        file=file,
        table=table.index,
        row=row + 1,
        col=col + 1,
        line=cell.line,
        line_end=cell.line_end if cell.line_end != cell.line else None,
        page=cell.page,
    )


def row_loc(file: str, table: GridTable, row: int) -> Location:
    cells = table.rows[row]
    first = cells[0].line if cells else None
    last = cells[-1].line_end if cells else None
    return Location(
        file=file, table=table.index, row=row + 1, line=first, line_end=last if last != first else None
    )


def table_loc(file: str, table: GridTable, section: str | None = None) -> Location:
    last_row = table.rows[-1] if table.rows else ()
    last = last_row[-1].line_end if last_row else None
    return Location(file=file, table=table.index, line=table.line, line_end=last, section=section)


def texts(row: Row) -> list[str]:
    """The row's cells read as labels (no whitespace at all)."""
    return [clean(c.text) for c in row]


def find_col(header: Sequence[str], *candidates: str) -> int | None:
    """Index of the first header cell that starts with one of ``candidates``."""
    for index, text in enumerate(header):
        if any(text.startswith(c) for c in candidates):
            return index
    return None


def find_row(table: GridTable, words: Iterable[str], start: int = 0) -> int | None:
    """Index of the first row at or after ``start`` holding cells that start with all ``words``."""
    wanted = tuple(words)
    for index in range(start, len(table.rows)):
        row = texts(table.rows[index])
        if all(any(t.startswith(w) for t in row) for w in wanted):
            return index
    return None


def first_text(row: Row) -> str:
    for cell in row:
        text = clean(cell.text)
        if text:
            return text
    return ""


def heading(file: str, table: GridTable, row: int, col: int) -> tuple[str, Val | None]:
    """A 一级/二级指标 heading cell such as ``产出指标(50 分)``: its name, and its declared points."""
    text = table.rows[row][col].text
    points = points_in(text)
    declared = (
        Val(text=clean(text), num=points, unit="分", loc=cell_loc(file, table, row, col))
        if points is not None
        else None
    )
    return strip_points(text), declared
