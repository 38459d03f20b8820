"""Build a ``GridTable`` row by row, following the grid's merged-cell convention.

A row is given as its *visible* cells, each with its own ``colspan`` and ``rowspan``; the builder
inserts the empty placeholder cells that a vertical merge leaves in the rows below it (see
``jixiao.model.grid``), so a layout states each merged cell once, where the form prints it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jixiao.model.grid import GridCell, GridTable


@dataclass(frozen=True)
class C:
    """A visible cell: its text and how many grid columns and rows it covers."""

    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class _Open:
    """A vertical merge still covering rows below its top cell."""

    colspan: int
    rows_left: int


@dataclass
class TableBuilder:
    width: int
    rows: list[tuple[GridCell, ...]] = field(default_factory=list)
    _open: dict[int, _Open] = field(default_factory=dict)  # grid column -> merge covering it

    def row(self, *cells: C) -> None:
        """Append a row of visible cells; placeholders fill the columns merges from above cover."""
        out: list[GridCell] = []
        given = list(cells)
        column = 0
        while column < self.width:
            merge = self._open.get(column)
            if merge is not None:
                out.append(GridCell(text="", colspan=merge.colspan))
                merge.rows_left -= 1
                if merge.rows_left == 0:
                    del self._open[column]
                column += merge.colspan
                continue
            if not given:
                raise ValueError(f"row {len(self.rows) + 1} fills {column} of {self.width} columns")
            cell = given.pop(0)
            out.append(GridCell(text=cell.text, rowspan=cell.rowspan, colspan=cell.colspan))
            if cell.rowspan > 1:
                self._open[column] = _Open(cell.colspan, cell.rowspan - 1)
            column += cell.colspan
        if given or column != self.width:
            raise ValueError(f"row {len(self.rows) + 1} overflows its {self.width} columns")
        self.rows.append(tuple(out))

    def table(self, widths: tuple[float, ...] = (), header_rows: int = 0) -> GridTable:
        if self._open:
            raise ValueError("a vertical merge runs past the last row")
        return GridTable(index=0, rows=tuple(self.rows), widths=widths, header_rows=header_rows)
