"""Where a value came from: file, page, table, row, column, or a line range of text."""

from __future__ import annotations

import msgspec


class Location(msgspec.Struct, frozen=True, omit_defaults=True, forbid_unknown_fields=True):
    """A place in a source document.

    Table, row and column numbers are 1-based and count as the document shows them: ``table`` is the
    n-th table of the document, ``row`` the n-th row of that table, ``col`` the n-th cell of that row.
    Documents read as plain text also carry ``line`` (and ``line_end`` for a range); PDFs carry ``page``.
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

    def short(self) -> str:
        """``file:表N:行R:列C`` (or ``file:第L行`` for text outside tables; ``file:sheet:表N…`` in a workbook)."""
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
        if self.line is not None and (self.table is None or self.row is None):
            if self.line_end is not None and self.line_end != self.line:
                parts.append(f"第{self.line}-{self.line_end}行")
            else:
                parts.append(f"第{self.line}行")
        return ":".join(parts)

    def with_col(self, col: int) -> Location:
        return msgspec.structs.replace(self, col=col)
