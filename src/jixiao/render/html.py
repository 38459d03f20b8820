"""Write a ``Grid`` as one standalone, printable HTML document.

The document needs nothing outside itself: no script, no link, no image, no web font; the styles are
inline in ``<style>``. Tables follow the grid's merge convention (``jixiao.model.grid``): a cell with
``rowspan``/``colspan`` becomes a ``<td>`` with those attributes, and the empty placeholder cells that
stand under a vertical merge are left out, as HTML wants. A placeholder that holds text (a malformed
grid) is written, and the merge above it is cut short there, so no text is ever dropped.

Printing: A4 with the margins of official documents, the header rows of a table (``header_rows``) in
``<thead>`` so the browser (and WeasyPrint) repeats them on every page, a "第 N 页 共 M 页" footer, and
wide tables on landscape pages (a named ``@page wide``) together with the title lines just before them.
Rows are not broken across pages, nor the rows a vertical merge holds together (each such group is
a ``<tbody>``), unless their estimated height is near a page's (``_SPLIT_SHARE``): those break, and
their merged cells keep their text at the top, on the page where the cell begins. Body paragraphs
open with the customary two-character indent; amounts are right-aligned.

For readers (``jixiao.ingest.pdf`` reads back what this writes, exactly): the lines of a cell's text
are blocks set ``WRITER_PARAGRAPH_GAP`` apart, paragraphs further, wrapped lines at
``WRITER_LINE_HEIGHT``; the document names its generator (``WRITER_CREATOR``), which WeasyPrint
writes as the PDF's Creator.

Fonts: the 仿宋/宋体 stack official forms use, then common CJK fonts; ``html_document`` (used by the PDF
writer) can put the font bundled with the package first, loaded with ``@font-face`` from a file URL.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from html import escape

from jixiao.model.grid import (
    WRITER_CREATOR,
    WRITER_LINE_HEIGHT,
    WRITER_PARAGRAPH_GAP,
    Block,
    Grid,
    GridCell,
    GridTable,
    Paragraph,
)

BUNDLED_FAMILY = "Jixiao CJK"
BODY_FONTS = (
    "FangSong",
    "仿宋",
    "FangSong_GB2312",
    "仿宋_GB2312",
    "SimSun",
    "宋体",
    "Songti SC",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    BUNDLED_FAMILY,
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
)
TITLE_FONTS = ("方正小标宋简体", "SimHei", "黑体", "Heiti SC", "Noto Sans CJK SC")
HEADING_FONTS = ("SimHei", "黑体", "Heiti SC", "Noto Sans CJK SC")

# A table this many grid columns wide, or this wide in characters, goes on a landscape page.
WIDE_COLUMNS = 9
WIDE_UNITS = 150  # half-width units (a hanzi counts 2) of the columns' natural widths added up
_COLUMN_UNITS = (6, 36)  # a column's natural width is its longest line, within these bounds

_KEEP_FIRST = 3  # rows a table keeps together at its start
# Rows, and groups of rows a vertical merge holds together, are kept on one page; those estimated
# taller than this share of a page may break across pages (else WeasyPrint leaves pages empty).
_SPLIT_SHARE = 0.85
_FONT_PT = 10.5
_PAGE_WIDTH = {False: 493.0, True: 740.0}  # A4 less the margins, points: portrait, landscape
_PAGE_HEIGHT = {False: 723.0, True: 493.0}
# Extra space between the paragraphs of a cell, and the line height: the PDF reader tells wrapped
# lines from paragraphs by them (jixiao.ingest.pdf).
_LINE_GAP = f"{WRITER_PARAGRAPH_GAP:g}pt"

_AMOUNT = re.compile(r"^[-−+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?\s*(万元|亿元|元|%|％)?$")


def write_html(grid: Grid, *, title: str | None = None) -> str:
    """The grid as a standalone HTML document (UTF-8 text), ready to open or print."""
    return html_document(grid, title=title)


def html_document(grid: Grid, *, title: str | None = None, font_url: str | None = None) -> str:
    """``write_html`` with, when ``font_url`` is given, that font first in every font stack."""
    heading = title if title is not None else _first_title(grid)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="{WRITER_CREATOR}">',
        f"<title>{escape(heading)}</title>",
        f"<style>\n{stylesheet(font_url)}</style>",
        "</head>",
        "<body>",
    ]
    for group, wide in _page_groups(grid.blocks):
        if wide:
            parts.append('<section class="wide">')
        parts.extend(_block(block, wide) for block in group)
        if wide:
            parts.append("</section>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _stack(fonts: Sequence[str], font_url: str | None) -> str:
    names = ([BUNDLED_FAMILY] if font_url else []) + [
        f for f in fonts if not (font_url and f == BUNDLED_FAMILY)
    ]
    return ", ".join(f'"{name}"' for name in names) + ", serif"


def stylesheet(font_url: str | None = None) -> str:
    face = ""
    if font_url is not None:
        url = font_url.replace("\\", "/").replace('"', "%22")
        face = f'@font-face {{ font-family: "{BUNDLED_FAMILY}"; src: url("{url}"); }}\n'
    body, title, heading = (_stack(f, font_url) for f in (BODY_FONTS, TITLE_FONTS, HEADING_FONTS))
    return (
        face
        + f"""@page {{
  size: A4;
  margin: 22mm 18mm 20mm 18mm;
  @bottom-center {{ content: "第 " counter(page) " 页 共 " counter(pages) " 页"; font-size: 9pt; }}
}}
@page wide {{ size: A4 landscape; margin: 18mm 18mm 18mm 18mm; }}
html {{ font-family: {body}; font-size: 10.5pt; line-height: {WRITER_LINE_HEIGHT:g}; color: #000; }}
body {{ margin: 0; }}
@media screen {{ body {{ max-width: 60em; margin: 1.5em auto; padding: 0 1em; }} }}
section.wide {{ page: wide; }}
@media screen {{ section.wide {{ max-width: none; }} }}
p {{ margin: 0 0 0.45em 0; white-space: pre-wrap; overflow-wrap: anywhere; text-indent: 2em; }}
p.title {{ font-family: {title}; font-size: 16pt; font-weight: bold; text-align: center; text-indent: 0; margin: 0.8em 0 0.6em 0; }}
p.heading1 {{ font-family: {heading}; font-size: 12pt; font-weight: bold; margin-top: 0.8em; }}
p.heading2 {{ font-weight: bold; margin-top: 0.5em; }}
p.heading3 {{ font-weight: bold; }}
p.note {{ font-size: 9pt; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; margin: 0.3em 0 0.9em 0; }}
td, th {{
  border: 0.6pt solid #000; padding: 2pt 3pt; vertical-align: middle; text-align: center;
  white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-all; font-weight: normal;
}}
thead td {{ font-weight: bold; }}
td.text {{ text-align: left; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
td.tall {{ vertical-align: top; padding-top: 6pt; }}
tr, tbody {{ break-inside: avoid; }}
tr.split, tbody.split {{ break-inside: auto; }}
div.ln + div.ln {{ margin-top: {_LINE_GAP}; }}
div.blank {{ min-height: {WRITER_LINE_HEIGHT:g}em; }}
p.title, p.heading1, p.heading2 {{ break-after: avoid; }}
"""
    )


def _block(block: Block, wide: bool = False) -> str:
    if isinstance(block, Paragraph):
        css = f' class="{block.style}"' if block.style else ""
        return f"<p{css}>{escape(block.text)}</p>"
    return _table(block, wide)


# --------------------------------------------------------------------------- tables


def _table(table: GridTable, wide: bool = False) -> str:
    spans = _spans(table)
    widths = _widths(table)
    head = _head_rows(table)
    heights = _row_heights(spans, widths, wide)
    limit = _SPLIT_SHARE * _PAGE_HEIGHT[wide]
    groups = _row_groups(table, head)
    split_rows = {r for start, end in groups if sum(heights[start:end]) > limit for r in range(start, end)}
    cells = _html_cells(spans, split_rows)
    out = ['<table class="form">']
    if widths:
        out.append("<colgroup>")
        out.extend(f'<col style="width: {w:.2f}%">' for w in widths)
        out.append("</colgroup>")
    if head:
        out.append("<thead>")
        out.extend("<tr>" + "".join(row) + "</tr>" for row in cells[:head])
        out.append("</thead>")
    for start, end in groups:
        out.append('<tbody class="split">' if start in split_rows else "<tbody>")
        for r in range(start, end):
            tr = '<tr class="split">' if heights[r] > limit else "<tr>"
            out.append(tr + "".join(cells[r]) + "</tr>")
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def _row_groups(table: GridTable, head: int) -> list[tuple[int, int]]:
    """Body rows cut into the smallest groups no vertical merge crosses (each a ``<tbody>`` kept on one
    page when it fits); the first group takes at least ``_KEEP_FIRST`` rows, so a table never leaves
    its first row alone at the foot of a page."""
    spans = _spans(table)
    groups: list[tuple[int, int]] = []
    start, end = head, head
    for r in range(head, len(table.rows)):
        end = max(end, r + max((span for _c, span, _cell, _p in spans[r]), default=1))
        if r + 1 >= end and (groups or r + 1 - start >= _KEEP_FIRST):
            groups.append((start, r + 1))
            start = end = r + 1
    if start < len(table.rows):
        groups.append((start, len(table.rows)))
    return groups


def _row_heights(
    spans: list[list[tuple[int, int, GridCell, bool]]], widths: list[float], wide: bool
) -> list[float]:
    """Each row's height on the page, estimated (points) from its cells' text and column widths:
    enough to tell the rows and merged groups that cannot fit on one page."""
    page_width = _PAGE_WIDTH[wide]
    heights = [0.0] * len(spans)
    for r, row in enumerate(spans):
        for col, rowspan, cell, placeholder in row:
            if placeholder or rowspan != 1:
                continue
            share = sum(widths[col : col + cell.colspan]) if widths else 100.0
            capacity = max(2.0, (share / 100 * page_width - 6) * 2 / _FONT_PT)  # half-width units a line
            lines = sum(max(1, -(-_units(part) // int(capacity))) for part in cell.text.split("\n"))
            heights[r] = max(heights[r], lines * _FONT_PT * WRITER_LINE_HEIGHT + 5)
    return heights


def _spans(table: GridTable) -> list[list[tuple[int, int, GridCell, bool]]]:
    """Per row, each cell as (grid column, effective rowspan, cell, is placeholder)."""
    rows: list[list[tuple[int, int, GridCell, bool]]] = []
    covered: dict[tuple[int, int], tuple[int, int]] = {}  # (row, col) -> (top row, index in top row)
    for r, row in enumerate(table.rows):
        placed: list[tuple[int, int, GridCell, bool]] = []
        col = 0
        for cell in row:
            owner = covered.get((r, col))
            if owner is not None and not cell.text.strip():
                placed.append((col, 0, cell, True))
            else:
                if owner is not None:  # text under a merge: end the merge above here
                    top, index = owner
                    c0, _, top_cell, _ = rows[top][index]
                    rows[top][index] = (c0, r - top, top_cell, False)
                    for below in range(r, top + top_cell.rowspan):
                        for c in range(c0, c0 + top_cell.colspan):
                            covered.pop((below, c), None)
                span = max(1, min(cell.rowspan, len(table.rows) - r))
                placed.append((col, span, cell, False))
                for below in range(r + 1, r + span):
                    for c in range(col, col + max(cell.colspan, 1)):
                        covered[(below, c)] = (r, len(placed) - 1)
            col += max(cell.colspan, 1)
        rows.append(placed)
    return rows


def _html_cells(spans: list[list[tuple[int, int, GridCell, bool]]], split_rows: set[int]) -> list[list[str]]:
    """The ``<td>`` of each row; a merged cell in a group of rows too tall for a page has its text at
    its top, so that the text stays on the page where the cell begins."""
    out: list[list[str]] = []
    for r, row in enumerate(spans):
        tds: list[str] = []
        for _col, rowspan, cell, placeholder in row:
            if placeholder:
                continue
            attrs = ""
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            if rowspan > 1:
                attrs += f' rowspan="{rowspan}"'
            kinds = [
                k for k in (_cell_class(cell.text), "tall" if rowspan > 1 and r in split_rows else None) if k
            ]
            if kinds:
                attrs += f' class="{" ".join(kinds)}"'
            tds.append(f"<td{attrs}>{_cell_html(cell.text)}</td>")
        out.append(tds)
    return out


def _cell_html(text: str) -> str:
    """A cell's text; its lines (paragraphs) as blocks a little apart, so a reader can tell the
    author's line breaks from the layout's wrapping, and an empty paragraph keeps its line."""
    if "\n" not in text:
        return escape(text)
    return "".join(
        f'<div class="ln">{escape(line)}</div>' if line else '<div class="ln blank"></div>'
        for line in text.split("\n")
    )


def _cell_class(text: str) -> str | None:
    stripped = text.strip()
    if _AMOUNT.match(stripped):
        return "num"
    if _units(stripped) > 40:
        return "text"
    return None


def _head_rows(table: GridTable) -> int:
    """The declared header rows, extended so no vertical merge crosses into the body."""
    head = min(table.header_rows, len(table.rows))
    if head == 0:
        return 0
    spans = _spans(table)
    while head < len(table.rows):
        crossing = any(r + span > head for r in range(head) for _c, span, _cell, _p in spans[r])
        if not crossing:
            return head
        head += 1
    return 0  # a merge runs through the whole table: no header to repeat


def _units(text: str) -> int:
    """Display width of the longest line in half-width units (a hanzi or full-width form counts 2)."""
    longest = 0
    for line in text.split("\n") or [""]:
        width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
        longest = max(longest, width)
    return longest


def natural_units(table: GridTable) -> list[int]:
    """Each grid column's natural width: its longest single-column line, within ``_COLUMN_UNITS``."""
    count = max((sum(max(c.colspan, 1) for c in row) for row in table.rows), default=0)
    units = [_COLUMN_UNITS[0]] * count
    for row in table.rows:
        col = 0
        for cell in row:
            if cell.colspan <= 1 and col < count:
                units[col] = max(units[col], min(_units(cell.text), _COLUMN_UNITS[1]))
            col += max(cell.colspan, 1)
    return units


def _widths(table: GridTable) -> list[float]:
    """Column widths in percent: the grid's own when it has them, else from the columns' contents."""
    count = max((sum(max(c.colspan, 1) for c in row) for row in table.rows), default=0)
    if table.widths and len(table.widths) == count and sum(table.widths) > 0:
        raw = list(table.widths)
    else:
        raw = [float(u) for u in natural_units(table)]
    total = sum(raw)
    return [100 * w / total for w in raw] if total else []


def is_wide(table: GridTable) -> bool:
    units = natural_units(table)
    return len(units) >= WIDE_COLUMNS or sum(units) > WIDE_UNITS


# --------------------------------------------------------------------------- pages


def _page_groups(blocks: Sequence[Block]) -> Iterator[tuple[list[Block], bool]]:
    """Runs of blocks, a wide table with its title lines (up to two short paragraphs before it) apart."""
    pending: list[Block] = []
    for block in blocks:
        if isinstance(block, GridTable) and is_wide(block):
            lead: list[Block] = []
            while pending and len(lead) < 2 and _is_title_line(pending[-1]):
                lead.insert(0, pending.pop())
            if pending:
                yield pending, False
            pending = []
            yield [*lead, block], True
            continue
        pending.append(block)
    if pending:
        yield pending, False


def _is_title_line(block: Block) -> bool:
    return isinstance(block, Paragraph) and len(block.text.strip()) <= 60


def _first_title(grid: Grid) -> str:
    for block in grid.blocks:
        if not isinstance(block, Paragraph):
            continue
        text = block.text.strip()
        if text and (block.style == "title" or text.endswith(("表", "报告", "清单"))):
            return text
    return grid.file
