"""Reader for web pages (.html/.htm): tables and paragraphs as published, with lxml.html (no browser).

* **Charset**: a byte-order mark, else the page's ``<meta charset>`` or ``http-equiv`` content type,
  else UTF-8 when the bytes are UTF-8, else GB18030. GB2312 and GBK pages are read as GB18030 (their
  superset), so characters outside GB2312 that Word or WPS wrote still decode.
* **Tables** follow the grid's merge convention (``jixiao.model.grid``): ``colspan`` as written,
  ``rowspan`` on the top cell with an empty placeholder (same colspan) in each row below; rows shorter
  than the table get one empty cell spanning the missing columns, so every row adds up to the width.
* **Cell text**: ``<br>`` and block elements (``<p>`` — Word's ``MsoNormal`` paragraphs —, ``<div>``,
  ``<li>``) are line breaks; other whitespace runs are one space; ``&nbsp;`` is a space. Empty lines at
  a cell's ends are dropped, as Word's text export does.
* **Nested tables**: a table used as page layout (a cell holding a real table, in an outer table of few
  rows or columns) is walked as the page's flow, so the inner table is a table of its own; a table
  nested in a form's cell is flattened into that cell's text, one line per nested row, cells separated
  by a tab (as the .docx reader does).
* **Outside tables**: paragraphs and headings as ``Paragraph`` (``<h1>`` a title, ``<h2>``/``<h3>``
  headings); script, style, navigation, headers, footers, forms and the page's 索引号/发布机构 block
  are dropped (other navigation lines are dropped later by ``jixiao.ingest.normalise``).
* **Locations**: tables are numbered in order (``Location.table``), cells by row and column, and every
  paragraph and cell carries the source line of its element (``line``).

A file lxml cannot read as HTML, or one with no text at all, is an ``IngestError``
(``html_damaged``, ``html_empty``) with a Chinese message.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from lxml import etree
from lxml import html as lxml_html

from jixiao.ingest.errors import IngestError
from jixiao.model.grid import Block, Grid, GridCell, GridTable, Paragraph, ParagraphStyle

_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\n\f\u00a0\u3000\u200b]+")
_CELL_SEP = "\x1f"  # a nested table's cell boundary, a tab once the text is normalised

_DROPPED = frozenset(
    ("script", "style", "nav", "header", "footer", "noscript", "iframe", "form", "button", "select",
     "template", "head", "title", "meta", "link", "object", "embed", "svg", "canvas", "input", "textarea")
)  # fmt: skip
_BLOCKS = frozenset(
    ("p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "main",
     "blockquote", "pre", "dl", "dt", "dd", "center", "address", "figure", "figcaption", "aside", "hr", "body")
)  # fmt: skip
_HEADINGS: dict[str, ParagraphStyle] = {"h1": "title", "h2": "heading1", "h3": "heading2", "h4": "heading3"}
_METADATA = re.compile(
    r"^(索引号|发布机构|发文机关|发布日期|成文日期|生成日期|主题分类|公开方式|公开范围|文号|信息来源|有效性)"
)
_DECODE_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
                   "cp936": "gb18030", "big5": "big5hkscs", "unicode": "utf-8", "utf8": "utf-8"}  # fmt: skip


def decode_html(data: bytes) -> str:
    """The page's text, decoded by its byte-order mark, its declared charset, or UTF-8 / GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    declared = _CHARSET.search(data[:8192])
    if declared:
        name = declared.group(1).decode("ascii", errors="ignore").lower()
        name = _DECODE_ALIASES.get(name, name)
        try:
            codecs.lookup(name)
        except LookupError:
            name = ""
        if name:
            try:
                return data.decode(name)
            except UnicodeDecodeError:
                pass  # a wrong declaration (common): fall through to what the bytes are
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def read_html(data: bytes, file: str) -> Grid:
    """Read a web page into a grid of paragraphs and tables."""
    if not data.strip():
        raise IngestError("html_empty", "网页文件为空", file)
    text = _XML_DECL.sub("", decode_html(data))
    if "\x00" in text:
        raise IngestError("html_damaged", "网页文件已损坏（含二进制内容），无法读取", file)
    try:
        root = lxml_html.document_fromstring(text)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise IngestError("html_damaged", "网页文件已损坏或不是有效的网页，无法读取", file) from exc
    body = root.find("body")
    walker = _Walker()
    walker.flow(body if body is not None else root)
    walker.flush()
    if not walker.blocks:
        raise IngestError("html_empty", "网页中没有可读取的文字或表格", file)
    return Grid(file=file, blocks=tuple(walker.blocks))


def _tag(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""  # comments, processing instructions
    return tag.rsplit("}", 1)[-1].lower()  # Word's o:p, v:shape keep their prefix: inline


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text)


class _Walker:
    """Walks the page in document order, collecting paragraphs and tables."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.tables = 0
        self._parts: list[str] = []
        self._line: int | None = None
        self._style: ParagraphStyle | None = None

    # -- paragraphs

    def _add_text(self, text: str | None, line: int | None) -> None:
        if text:
            if self._line is None and text.strip():
                self._line = line
            self._parts.append(text)

    def flush(self) -> None:
        for raw in "".join(self._parts).split("\n"):
            text = _norm(raw).strip()
            if text:
                self.blocks.append(Paragraph(text=text, line=self._line, style=self._style))
        self._parts = []
        self._line = None
        self._style = None

    def flow(self, el: etree._Element) -> None:
        self._add_text(el.text, el.sourceline)
        for child in el:
            tag = _tag(child)
            if tag in _DROPPED or not tag:
                pass
            elif tag == "table":
                self.flush()
                self.table(child)
            elif tag == "br":
                self._parts.append("\n")
            elif tag in _BLOCKS or tag in _HEADINGS:
                self.flush()
                if tag in _HEADINGS:
                    self._style = _HEADINGS[tag]
                self.flow(child)
                self.flush()
            else:
                self.flow(child)
            self._add_text(child.tail, child.sourceline)

    # -- tables

    def table(self, table: etree._Element) -> None:
        rows = list(_rows(table))
        if _is_layout_table(rows):
            for row in rows:
                for cell in row:
                    self.flush()
                    self.flow(cell)
                    self.flush()
            return
        grid_rows = _grid_rows(rows)
        if not grid_rows or _is_metadata(grid_rows):
            return
        self.tables += 1
        self.blocks.append(GridTable(index=self.tables, rows=grid_rows, line=table.sourceline))


def _rows(table: etree._Element) -> Iterator[list[etree._Element]]:
    """The table's own rows (not a nested table's), each as its cells."""
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            yield [c for c in child if _tag(c) in ("td", "th")]
        elif tag in ("thead", "tbody", "tfoot"):
            for tr in child:
                if _tag(tr) == "tr":
                    yield [c for c in tr if _tag(c) in ("td", "th")]


def _nested(cell: etree._Element) -> list[etree._Element]:
    return [t for t in cell.iter() if t is not cell and _tag(t) == "table"]


def _is_layout_table(rows: list[list[etree._Element]]) -> bool:
    """A table laying out the page rather than a form: one column of cells one of which holds a
    table, or two columns with a cell holding a real table (three rows or three columns at least)."""
    width = max((len(r) for r in rows), default=0)
    if width > 2:
        return False
    for row in rows:
        for cell in row:
            for inner in _nested(cell):
                inner_rows = list(_rows(inner))
                inner_width = max((len(r) for r in inner_rows), default=0)
                if width == 1 and inner_rows:
                    return True
                if len(inner_rows) >= 3 or inner_width >= 3:
                    return True
    return False


def _span(cell: etree._Element, name: str) -> int:
    try:
        value = int(str(cell.get(name, "1")).strip() or 1)
    except ValueError:
        return 1
    return max(1, min(value, 1000))


def _grid_rows(rows: list[list[etree._Element]]) -> tuple[tuple[GridCell, ...], ...]:
    """Rows of HTML cells to the grid's merge convention (placeholders under a rowspan)."""
    # (row, column) -> the covering cell's colspan, for the slots a rowspan holds
    covered: dict[tuple[int, int], tuple[int, int]] = {}  # -> (colspan, starting column)
    placed: list[list[tuple[int, GridCell]]] = []
    n_rows = len(rows)
    for r, row in enumerate(rows):
        out: list[tuple[int, GridCell]] = []
        col = 0

        def skip_covered(c: int, r: int = r, out: list[tuple[int, GridCell]] = out) -> int:
            while (r, c) in covered:
                span, start = covered[(r, c)]
                if start == c:
                    out.append((c, GridCell(text="", colspan=span)))
                c += 1
            return c

        for cell in row:
            col = skip_covered(col)
            colspan = _span(cell, "colspan")
            rowspan = min(_span(cell, "rowspan"), n_rows - r)
            out.append(
                (col, GridCell(text=_cell_text(cell), rowspan=rowspan, colspan=colspan, line=cell.sourceline))
            )
            for below in range(r + 1, r + rowspan):
                for c in range(col, col + colspan):
                    covered[(below, c)] = (colspan, col)
            col += colspan
        skip_covered(col)
        # covered slots to the right of the last cell
        for (rr, c), (span, start) in sorted(covered.items()):
            if rr == r and start == c and c >= col and all(p[0] != c for p in out):
                out.append((c, GridCell(text="", colspan=span)))
        out.sort(key=lambda item: item[0])
        placed.append(out)
    width = max((c + cell.colspan for row in placed for c, cell in row), default=0)
    result: list[tuple[GridCell, ...]] = []
    for row in placed:
        cells = [cell for _, cell in row]
        used = sum(cell.colspan for cell in cells)
        if not cells:
            continue
        if used < width:
            cells.append(GridCell(text="", colspan=width - used))
        result.append(tuple(cells))
    return tuple(result)


def _cell_text(cell: etree._Element) -> str:
    """A cell's text: its paragraphs (block elements) and ``<br>`` breaks as lines, an empty paragraph
    as an empty line; empty lines at the ends dropped."""
    lines = _Lines()
    _cell_flow(cell, lines, depth=0)
    out = [_norm(line).strip() for line in lines.done()]
    while out and not out[0]:
        out.pop(0)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out).replace(_CELL_SEP, "\t")


class _Lines:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []

    def text(self, text: str | None) -> None:
        if text:
            self.current.append(text)

    def _content(self) -> str:
        return _norm("".join(self.current)).strip()

    def br(self) -> None:
        self.lines.append("".join(self.current))
        self.current = []

    def boundary(self) -> None:
        """A block starts or ends: a new line, unless the current one is still empty."""
        if self._content():
            self.br()
        else:
            self.current = []

    def done(self) -> list[str]:
        self.boundary()
        return self.lines


def _cell_flow(el: etree._Element, lines: _Lines, depth: int) -> None:
    lines.text(el.text)
    for child in el:
        tag = _tag(child)
        if tag in _DROPPED or not tag:
            pass
        elif tag == "br":
            lines.br()
        elif tag == "table":
            if depth < 5:
                lines.boundary()
                for row in _rows(child):
                    lines.text(_CELL_SEP.join(_cell_text(c).replace("\n", " ") for c in row))
                    lines.br()
        elif tag in _BLOCKS or tag in _HEADINGS:
            lines.boundary()
            before = len(lines.lines)
            _cell_flow(child, lines, depth + 1)
            if len(lines.lines) == before and not lines._content():
                lines.br()  # an empty paragraph keeps its line
            else:
                lines.boundary()
        else:
            _cell_flow(child, lines, depth)
        lines.text(child.tail)


def _is_metadata(rows: tuple[tuple[GridCell, ...], ...]) -> bool:
    """The page's 索引号 / 发布机构 / 发布日期 block, not part of the document."""
    if len(rows) > 8:
        return False
    hits = sum(1 for row in rows for c in row if _METADATA.match(_norm(c.text).replace(" ", "")))
    return hits >= 2


__all__ = ["decode_html", "read_html"]
