"""The common grid every reader produces: paragraphs and tables of located cells.

Readers (Word, Excel, PDF, text) turn a file into a ``Grid``; recognisers turn a grid into a dossier.
Renderers (``jixiao.render``) write a ``Grid`` out as .docx, .xlsx, HTML or PDF, so the grid is the one
interchange between formats, in both directions.

How merged cells appear, for every reader and writer alike (it is how Word's text export shows them,
and so what the recognisers read):

* A horizontally merged cell is **one** cell with ``colspan`` = the grid columns it covers; the columns
  it covers get no cells of their own, so rows of one table may hold different numbers of cells.
* A vertically merged cell is the top cell with ``rowspan`` = the rows it covers; each row below it
  holds an **empty placeholder cell** (``text=""``, same ``colspan``) at that place. A reader of a text
  layout, which knows no merges, leaves ``rowspan`` at 1, and the placeholders are plain empty cells.
* So in any row, the cells' ``colspan`` values add up to the table's width in grid columns.

``Location.col`` is the position of the cell in its row (1-based), counting placeholders. The Excel
reader also gives each cell its address (``GridCell.ref``), which ends up in ``Location.cell``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import msgspec


class GridCell(msgspec.Struct, frozen=True, gc=False, omit_defaults=True):
    text: str
    rowspan: int = 1
    colspan: int = 1
    line: int | None = None  # first line of the cell in a text source (1-based)
    line_end: int | None = None
    page: int | None = None
    # Excel address in a workbook (``H30``); a merge's top-left, also for the placeholders under it.
    ref: str | None = None
    confidence: float | None = None  # OCR's recognition confidence (0-1) for a cell read from an image
    # text a reader saw for this cell but could not place (``text`` left empty): ``Val.unread``
    unread: str = ""


def column_starts(row: Sequence[GridCell]) -> list[int]:
    """The grid column each cell of a row starts at (0-based), counting the columns merges cover."""
    starts, position = [], 0
    for cell in row:
        starts.append(position)
        position += max(cell.colspan, 1)
    return starts


class GridTable(msgspec.Struct, frozen=True, gc=False, omit_defaults=True):
    index: int  # 1-based position among the document's tables
    rows: tuple[tuple[GridCell, ...], ...]
    line: int | None = None
    page: int | None = None
    # Relative column widths (one per grid column), when a renderer or a reader knows them.
    widths: tuple[float, ...] = ()
    # Header rows repeated on each page by renderers; rows carrying a sheet or page break are readers' business.
    header_rows: int = 0


ParagraphStyle = Literal["title", "heading1", "heading2", "heading3", "note"]


class Paragraph(msgspec.Struct, frozen=True, gc=False, omit_defaults=True):
    text: str
    line: int | None = None
    page: int | None = None
    style: ParagraphStyle | None = None  # None: body text; set by renderers and by readers that know it


Block = GridTable | Paragraph


class Grid(msgspec.Struct, frozen=True, gc=False):
    file: str
    blocks: tuple[Block, ...]

    @property
    def tables(self) -> tuple[GridTable, ...]:
        return tuple(b for b in self.blocks if isinstance(b, GridTable))


# The page layout ``jixiao.render.html`` writes and ``jixiao.ingest.pdf`` recognises (the PDF's Creator
# says so): lines at 1.5 times the font size, and at least 2 pt more between the paragraphs of a cell or
# of the text. In such a PDF the spacing alone tells a wrapped line from a new paragraph, exactly.
WRITER_CREATOR = "jixiao"
WRITER_LINE_HEIGHT = 1.5
WRITER_PARAGRAPH_GAP = 2.0  # points
