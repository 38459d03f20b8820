"""The common grid every reader produces: paragraphs and tables of located cells.

Readers (Word, Excel, PDF, text) turn a file into a ``Grid``; recognisers turn a grid into a dossier.
A cell covered by a merge appears as an empty cell in the text layouts; formats that know their
merges set ``rowspan``/``colspan`` on the covering cell.
"""

from __future__ import annotations

import msgspec


class GridCell(msgspec.Struct, frozen=True, omit_defaults=True):
    text: str
    rowspan: int = 1
    colspan: int = 1
    line: int | None = None  # first line of the cell in a text source (1-based)
    line_end: int | None = None
    page: int | None = None


class GridTable(msgspec.Struct, frozen=True, omit_defaults=True):
    index: int  # 1-based position among the document's tables
    rows: tuple[tuple[GridCell, ...], ...]
    line: int | None = None
    page: int | None = None


class Paragraph(msgspec.Struct, frozen=True, omit_defaults=True):
    text: str
    line: int | None = None
    page: int | None = None


Block = GridTable | Paragraph


class Grid(msgspec.Struct, frozen=True):
    file: str
    blocks: tuple[Block, ...]

    @property
    def tables(self) -> tuple[GridTable, ...]:
        return tuple(b for b in self.blocks if isinstance(b, GridTable))
