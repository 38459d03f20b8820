"""Where a value came from: file, page, table, row, column, or a line range of text."""

from __future__ import annotations

import msgspec


class Location(msgspec.Struct, frozen=True, gc=False, omit_defaults=True, forbid_unknown_fields=True):
    """A place in a source document.

    Table, row and column numbers are 1-based and count as the document shows them: ``table`` is the
    n-th table of the document, ``row`` the n-th row of that table, ``col`` the n-th cell of that row.
    Documents read as plain text also carry ``line`` (and ``line_end`` for a range); PDFs carry ``page``.
    A value read from a workbook (.xlsx/.xls) also carries ``sheet`` and ``cell``, the Excel address of
    the cell holding it (``H30``; the top-left cell of a merged range), so a reader can jump to it.
    """

    file: str
    table: int | None = None
    row: int | None = None
    col: int | None = None
    page: int | None = None
    line: int | None = None
    line_end: int | None = None
    section: str | None = None
    sheet: str | None = None  # the workbook sheet holding the table (Excel)
    cell: str | None = None  # the Excel address of the cell (``H30``), top-left of a merged range
    # The recogniser's confidence (0-1) in a value read by OCR from a scanned page (``jixiao.ingest.ocr``);
    # None for text read from a text layer. A float: it qualifies the reading, it is not an amount.
    confidence: float | None = None

    def short(self) -> str:
        """``file:表N:行R:列C`` (or ``file:第L行`` for text outside tables).

        In a workbook the sheet comes after the file and the cell's Excel address last, one part each:
        ``岳阳楼区2023.xlsx:业务工作经费:表4:行14:列8:H30``. Dropping the trailing ``:列C…`` gives the
        row's ``short()`` (audit excerpts rely on it), and ``表N`` stays a part of its own.
        """
        parts = [self.file]
        if self.sheet is not None:
            parts.append(self.sheet)
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.table is not None:
            parts.append(f"表{self.table}")
            if self.row is not None:
                parts.append(f"行{self.row}")
            if self.col is not None:
                parts.append(f"列{self.col}")
                if self.cell is not None:
                    parts.append(self.cell)
        if self.line is not None and (self.table is None or self.row is None):
            if self.line_end is not None and self.line_end != self.line:
                parts.append(f"第{self.line}-{self.line_end}行")
            else:
                parts.append(f"第{self.line}行")
        return ":".join(parts)

    def with_col(self, col: int) -> Location:
        return msgspec.structs.replace(self, col=col)
