"""Reader for text exported from Word: table cells one per line, each prefixed by a tab.

The layout (seeds 000-002) writes every cell as ``\\t`` + its paragraphs joined by newlines, and ends
every table row with a blank line. Two things make it ambiguous, and this reader resolves both:

* A cell whose last paragraph is empty also ends in a blank line, so a row can look split in two.
  Word rows of one table share a column grid, so a run of short rows whose widths add up exactly to
  the width of the row before is one row split by such cells, and is joined again -- provided the run
  starts under a merged (empty) first column or continues with an empty cell, as split rows do; two
  short label/value rows (``绩效自评综合得分 | 99`` then ``评价等次 | 优``) stay apart.
* Lines outside tables (titles, 附件 markers, signature lines) are not marked, and look like the
  continuation of the last cell. Lines that can only be outside a table end it: see ``_OUTSIDE``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jixiao.ingest.errors import IngestError
from jixiao.ingest.limits import DEFAULT_LIMITS, Limits
from jixiao.model.grid import Block, Grid, GridCell, GridTable, Paragraph

_BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")

# Lines that cannot continue a table cell: attachment markers, form titles, signature and note lines.
_OUTSIDE = (
    re.compile(r"^\s*附件\s*[0-9０-９一二三四五六七八九十\-－—.、]*\s*[：:]?\s*$"),
    re.compile(r"^\s*附件[：:]"),
    re.compile(r"^\s*(单位负责人签字|填表人|说明[：:]|备注[：:]|注[：:]|填报人（签名）)"),
    re.compile(r"^[^，。；,;]{0,48}(表|清单|报告)\s*(（[^）]{0,10}）|\([^)]{0,10}\))?\s*$"),
)


def _is_outside(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and any(p.search(stripped) for p in _OUTSIDE)


@dataclass
class _Cell:
    lines: list[str]
    first: int
    last: int

    def freeze(self) -> GridCell:
        text = "\n".join(self.lines).rstrip("\n")
        return GridCell(text=text, line=self.first, line_end=self.last)


@dataclass
class _Table:
    line: int
    rows: list[list[_Cell]] = field(default_factory=list)


def _join_split_rows(rows: list[list[GridCell]]) -> list[tuple[GridCell, ...]]:
    """Join runs of short rows whose widths add up exactly to the width of the preceding row."""
    result: list[tuple[GridCell, ...]] = []
    expected = 0
    i = 0
    while i < len(rows):
        row = rows[i]
        if expected and len(row) < expected:
            total = len(row)
            j = i + 1
            while total < expected and j < len(rows):
                total += len(rows[j])
                j += 1
            continues = not row[0].text.strip() or (j - i > 1 and not rows[i + 1][0].text.strip())
            if total == expected and j - i > 1 and continues:
                merged: list[GridCell] = []
                for part in rows[i:j]:
                    merged.extend(part)
                result.append(tuple(merged))
                i = j
                continue
        result.append(tuple(row))
        expected = len(row)
        i += 1
    return result


def read_word_text(text: str, file: str, limits: Limits = DEFAULT_LIMITS) -> Grid:
    """Read the Word text-export layout into a grid of paragraphs and tables.

    A text of more lines than ``limits.max_text_lines``, or a table of more rows than
    ``limits.max_table_rows``, is refused (``IngestError``) as soon as it is seen: 40 MB of
    tab-separated lines is one table of half a million rows, which no recogniser should be given."""
    lines = text.count("\n") + 1
    if lines > limits.max_text_lines:
        raise IngestError(
            "text_too_long",
            f"文本过长（{lines} 行，上限 {limits.max_text_lines} 行），请拆分后分别导入",
            file,
        )
    blocks: list[Block] = []
    table: _Table | None = None
    row: list[_Cell] = []
    cell: _Cell | None = None
    blank_since_cell = False
    table_count = 0

    def close_row() -> None:
        nonlocal row, cell
        if table is not None and row:
            table.rows.append(row)
            if len(table.rows) > limits.max_table_rows:
                raise IngestError(
                    "table_too_large",
                    f"第{table.line}行起的表格行数过多（超过 {limits.max_table_rows} 行），"
                    "不像绩效自评表格；请只导入自评材料",
                    file,
                )
        row = []
        cell = None

    def close_table() -> None:
        nonlocal table, table_count
        close_row()
        if table is not None and table.rows:
            table_count += 1
            grid_rows = [[c.freeze() for c in r] for r in table.rows]
            blocks.append(
                GridTable(index=table_count, rows=tuple(_join_split_rows(grid_rows)), line=table.line)
            )
        table = None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = _BOOKMARK.sub("", raw)
        if line.startswith("\t"):
            if table is None:
                table = _Table(line=number)
            elif blank_since_cell:
                close_row()
            cell = _Cell(lines=[line[1:]], first=number, last=number)
            row.append(cell)
            blank_since_cell = False
        elif not line.strip():
            if cell is not None:
                blank_since_cell = True
        elif cell is not None and not _is_outside(line):
            # Continuation of the open cell; blank lines in between were empty paragraphs of it.
            if blank_since_cell:
                cell.lines.extend([""] * (number - cell.last - 1))
            cell.lines.append(line)
            cell.last = number
            blank_since_cell = False
        else:
            close_table()
            blocks.append(Paragraph(text=line.strip(), line=number))
    close_table()
    return Grid(file=file, blocks=tuple(blocks))
