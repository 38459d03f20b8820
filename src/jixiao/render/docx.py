"""Writer for Word documents (.docx): a ``Grid`` out as styled paragraphs and bordered tables.

What it writes, so that WPS, Word and LibreOffice show the forms as the official ones look and
``jixiao.ingest.docx`` reads back the same grid:

* **Page**: A4 portrait, margins 25 mm (left/right) and 25.4 mm (top/bottom). A table wider than
  ``LANDSCAPE_COLUMNS`` grid columns gets a landscape section of its own, together with the short
  paragraphs right before it (its 附件 marker and title) and right after it (signature lines).
* **Fonts**, with the East Asian font named explicitly (``w:eastAsia``; theme fonts removed, or Word
  would prefer them): title 黑体 二号 centred; headings 黑体 三号; body 仿宋 三号 with a two-character
  first-line indent; tables 仿宋 五号; notes 仿宋 小四. Latin text in Times New Roman. 黑体 and 仿宋 ship
  with every Chinese Windows and with WPS; 小标宋 and 仿宋_GB2312 do not, and Word would silently
  substitute them.
* **Tables** follow the grid convention: ``colspan`` is ``w:gridSpan``, ``rowspan`` is ``w:vMerge``
  restart on the top cell and continue on each placeholder below it. Every cell has borders (table
  borders, inside lines included). Column widths come from ``GridTable.widths`` (relative) or, without
  them, from the longest text in each column. The first ``header_rows`` rows repeat on every page and
  are bold and centred; cells holding a number (``1,234.50``, ``95%``, ``12万元``) are right-aligned.
  Tables that follow one another get an empty paragraph between them, or Word would join them.
* **Text**: a ``"\\n"`` in a cell starts a new paragraph of the cell; a tab is a tab. Characters XML
  cannot hold (control characters) are dropped and a carriage return becomes a line break.

The write is atomic when ``out`` is a path: the document is built in memory, written beside the
target and renamed over it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO, Literal

import docx
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement, parse_xml

from jixiao.files import atomic_write
from jixiao.model.grid import Grid, GridCell, GridTable, Paragraph

Element = Any  # lxml elements; lxml ships no type information
Orientation = Literal["portrait", "landscape"]

LANDSCAPE_COLUMNS = 8  # tables wider than this (in grid columns) are printed landscape
A4 = (11906, 16838)  # twips
MARGINS = {"top": 1440, "bottom": 1440, "left": 1418, "right": 1418, "header": 851, "footer": 992}
LATIN_FONT = "Times New Roman"
FONTS = {"title": "黑体", "heading": "黑体", "body": "仿宋"}
_ATTACHED = 3  # short paragraphs before/after a wide table that go on its landscape pages
_SHORT = 60

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = f'xmlns:w="{_W}"'
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NUMBER = re.compile(r"^[-+－]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*(?:%|％|万元|元|亿元)?$")
_STYLE_IDS = {
    "title": "Title",
    "heading1": "Heading1",
    "heading2": "Heading2",
    "heading3": "Heading3",
    "note": "Note",
}


def write_docx(grid: Grid, out: Path | str | BinaryIO) -> None:
    """Write ``grid`` as a .docx to a path (atomically) or to a binary stream."""
    document = docx.Document()
    _set_styles(document)
    _set_properties(document, grid)
    body = document.element.body
    final_sect = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not final_sect:
            body.remove(child)
    orientations = _orientations(grid.blocks)
    previous: GridTable | Paragraph | None = None
    for i, block in enumerate(grid.blocks):
        if i and orientations[i] != orientations[i - 1]:
            final_sect.addprevious(_section_break(orientations[i - 1]))
        elif isinstance(block, GridTable) and isinstance(previous, GridTable):
            final_sect.addprevious(_paragraph_element("", None))
        if isinstance(block, GridTable):
            final_sect.addprevious(_table_element(block, _text_width(orientations[i])))
        else:
            final_sect.addprevious(_paragraph_element(block.text, block.style))
        previous = block
    if isinstance(previous, GridTable):  # Word requires the body to end with a paragraph
        final_sect.addprevious(_paragraph_element("", None))
    _set_page(final_sect, orientations[-1] if orientations else "portrait")
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    if isinstance(out, str | Path):
        atomic_write(Path(out), data)
    else:
        out.write(data)


# --- styles -------------------------------------------------------------------------------------------


def _fonts(east_asian: str) -> str:
    return f'<w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" w:cs="{LATIN_FONT}" w:eastAsia="{east_asian}"/>'


def _rpr(east_asian: str, half_points: int, bold: bool = False) -> str:
    weight = "<w:b/><w:bCs/>" if bold else ""
    return (
        f'<w:rPr {_NS}>{_fonts(east_asian)}{weight}<w:color w:val="000000"/>'
        f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>'
    )


_PARAGRAPH_STYLES = {
    # style id: (name, pPr inner XML, East Asian font, size in half-points, bold, outline level)
    "Normal": ("Normal", '<w:spacing w:after="0" w:line="360" w:lineRule="auto"/>', "body", 32, False, None),
    "Title": (
        "Title",
        '<w:keepNext/><w:spacing w:before="240" w:after="240" w:line="240" w:lineRule="auto"/><w:jc w:val="center"/>',
        "title",
        44,
        False,
        None,
    ),
    "Heading1": (
        "heading 1",
        '<w:keepNext/><w:spacing w:before="240" w:after="120"/>',
        "heading",
        32,
        False,
        0,
    ),
    "Heading2": (
        "heading 2",
        '<w:keepNext/><w:spacing w:before="120" w:after="60"/>',
        "heading",
        32,
        False,
        1,
    ),
    "Heading3": (
        "heading 3",
        '<w:keepNext/><w:spacing w:before="120" w:after="60"/>',
        "heading",
        30,
        False,
        2,
    ),
    "Note": (
        "Note",
        '<w:spacing w:before="60" w:after="60" w:line="240" w:lineRule="auto"/>',
        "body",
        24,
        False,
        None,
    ),
    "TableText": (
        "Table Text",
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
        "body",
        21,
        False,
        None,
    ),
}


def _set_styles(document: Any) -> None:
    root = document.styles.element
    defaults = root.find(qn("w:docDefaults"))
    if defaults is not None:
        root.remove(defaults)
    lang = '<w:lang w:val="en-US" w:eastAsia="zh-CN"/>'
    default_rpr = _rpr(FONTS["body"], 21).replace("</w:rPr>", lang + "</w:rPr>")
    root.insert(
        0,
        parse_xml(
            f"<w:docDefaults {_NS}><w:rPrDefault>{default_rpr}</w:rPrDefault><w:pPrDefault><w:pPr>"
            '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
        ),
    )
    # The template's latent styles and unused styles are 350 KB of every file: keep only ours and the
    # defaults of each kind (Default Paragraph Font, Normal Table, No List).
    for latent in root.findall(qn("w:latentStyles")):
        root.remove(latent)
    for style in list(root.iterchildren(qn("w:style"))):
        if style.get(qn("w:default")) != "1":
            root.remove(style)
    existing = {s.get(qn("w:styleId")): s for s in root.iterchildren(qn("w:style"))}
    for style_id, (name, ppr, font, size, bold, outline) in _PARAGRAPH_STYLES.items():
        old = existing.get(style_id)
        if old is not None:
            root.remove(old)
        based = "" if style_id == "Normal" else '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'
        default = ' w:default="1"' if style_id == "Normal" else ""
        level = f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else ""
        root.append(
            parse_xml(
                f'<w:style {_NS} w:type="paragraph"{default} w:styleId="{style_id}">'
                f'<w:name w:val="{name}"/>{based}<w:qFormat/><w:pPr>{ppr}{level}</w:pPr>'
                f"{_rpr(FONTS[font], size, bold)}</w:style>"
            )
        )


_DROPPED_PARTS = ("stylesWithEffects", "customXml", "thumbnail")  # the template's, not this document's


def _set_properties(document: Any, grid: Grid) -> None:
    for rels in (document.part.rels, document.part.package.rels):
        for rid, rel in list(rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in _DROPPED_PARTS:
                rels.pop(rid)
    props = document.core_properties
    props.author = "jixiao"
    props.last_modified_by = "jixiao"
    props.comments = ""
    title = next((b.text for b in grid.blocks if isinstance(b, Paragraph) and b.style == "title"), "")
    props.title = _xml_text(title)[:200]


# --- sections -----------------------------------------------------------------------------------------


def _width(table: GridTable) -> int:
    return max((sum(c.colspan for c in row) for row in table.rows), default=0)


def _orientations(blocks: Sequence[GridTable | Paragraph]) -> list[Orientation]:
    """Each block's page orientation: wide tables landscape, with their short neighbour paragraphs."""
    result: list[Orientation] = [
        "landscape" if isinstance(b, GridTable) and _width(b) > LANDSCAPE_COLUMNS else "portrait"
        for b in blocks
    ]
    tables = [i for i, b in enumerate(blocks) if isinstance(b, GridTable)]

    def attached(i: int, before: bool) -> bool:
        """A short paragraph: a signature line after a table, a title or 附件 marker before one."""
        block = blocks[i]
        if not isinstance(block, Paragraph) or len(block.text) > _SHORT:
            return False
        return not (before and ("：" in block.text or ":" in block.text))

    for step in (1, -1):  # after each table, then before (the next table's title wins)
        for t in tables:
            i = t + step
            for _ in range(_ATTACHED):
                if not 0 <= i < len(blocks) or not attached(i, before=step < 0):
                    break
                result[i] = result[t]
                i += step
    return result


def _text_width(orientation: Orientation) -> int:
    page = A4[0] if orientation == "portrait" else A4[1]
    return page - MARGINS["left"] - MARGINS["right"]


def _page_xml(orientation: Orientation) -> tuple[str, str]:
    """``w:pgSz`` and ``w:pgMar`` for A4 in the given orientation."""
    w, h = A4 if orientation == "portrait" else (A4[1], A4[0])
    orient = ' w:orient="landscape"' if orientation == "landscape" else ""
    m = MARGINS
    size = f'<w:pgSz {_NS} w:w="{w}" w:h="{h}"{orient}/>'
    margins = (
        f'<w:pgMar {_NS} w:top="{m["top"]}" w:right="{m["right"]}" w:bottom="{m["bottom"]}" '
        f'w:left="{m["left"]}" w:header="{m["header"]}" w:footer="{m["footer"]}" w:gutter="0"/>'
    )
    return size, margins


def _set_page(sect: Element, orientation: Orientation) -> None:
    for tag in ("w:pgSz", "w:pgMar"):
        old = sect.find(qn(tag))
        if old is not None:
            sect.remove(old)
    size, margins = _page_xml(orientation)
    sect.insert(0, parse_xml(margins))
    sect.insert(0, parse_xml(size))


def _section_break(orientation: Orientation) -> Element:
    """An empty paragraph ending a section of the given orientation (the next starts on a new page)."""
    p = parse_xml(
        f'<w:p {_NS}><w:pPr><w:sectPr><w:type w:val="nextPage"/><w:cols w:space="425"/>'
        '<w:docGrid w:type="lines" w:linePitch="312"/></w:sectPr></w:pPr></w:p>'
    )
    sect = p.find(qn("w:pPr")).find(qn("w:sectPr"))
    size, margins = _page_xml(orientation)
    sect.find(qn("w:type")).addnext(parse_xml(size))
    sect.find(qn("w:pgSz")).addnext(parse_xml(margins))
    return p


def _sub(parent: Element, tag: str) -> Element:
    element = OxmlElement(tag)
    parent.append(element)
    return element


# --- paragraphs and tables ----------------------------------------------------------------------------


def _xml_text(text: str) -> str:
    return _ILLEGAL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _add_runs(p: Element, text: str, bold: bool = False) -> None:
    """Runs for one line of text: tabs as ``w:tab``, the rest as ``w:t`` preserving spaces."""
    if not text:
        return
    r = _sub(p, "w:r")
    if bold:
        rpr = _sub(r, "w:rPr")
        _sub(rpr, "w:b")
        _sub(rpr, "w:bCs")
    for k, part in enumerate(text.split("\t")):
        if k:
            _sub(r, "w:tab")
        if part:
            t = _sub(r, "w:t")
            t.text = part
            if part != part.strip() or "  " in part:
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _paragraph_element(text: str, style: str | None) -> Element:
    p = parse_xml(f"<w:p {_NS}/>")
    ppr = _sub(p, "w:pPr")
    if style is not None:
        _sub(ppr, "w:pStyle").set(qn("w:val"), _STYLE_IDS[style])
    else:
        _sub(ppr, "w:ind").set(qn("w:firstLineChars"), "200")
    lines = _xml_text(text).split("\n")
    for k, line in enumerate(lines):
        if k:
            _sub(_sub(p, "w:r"), "w:br")
        _add_runs(p, line)
    if len(ppr) == 0:
        p.remove(ppr)
    return p


def _column_widths(table: GridTable, width: int, text_width: int) -> list[int]:
    """Column widths in twips: the table's relative widths, or the longest text of each column."""
    if len(table.widths) == width and all(w > 0 for w in table.widths):
        weights = list(table.widths)
    else:
        longest = [6.0] * width
        for row in table.rows:
            col = 0
            for cell in row:
                if cell.colspan == 1 and col < width:
                    for line in cell.text.split("\n"):
                        size = sum(2 if ord(ch) > 0x2E80 else 1 for ch in line.strip())
                        longest[col] = max(longest[col], min(float(size), 30.0))
                col += cell.colspan
        weights = longest
    total = sum(weights)
    widths = [max(int(text_width * w / total), 200) for w in weights]
    widths[-1] += text_width - sum(widths) if sum(widths) < text_width else 0
    return widths


def _placeholders(table: GridTable) -> set[tuple[int, int]]:
    """(row, cell index) of each placeholder under a vertical merge, per the grid convention."""
    starts: list[dict[int, int]] = []
    for row in table.rows:
        col = 0
        positions: dict[int, int] = {}
        for index, cell in enumerate(row):
            positions[col] = index
            col += cell.colspan
        starts.append(positions)
    found: set[tuple[int, int]] = set()
    for r, row in enumerate(table.rows):
        col = 0
        for cell in row:
            for below in range(1, cell.rowspan):
                at = starts[r + below].get(col) if r + below < len(table.rows) else None
                if at is None:
                    break
                found.add((r + below, at))
            col += cell.colspan
    return found


def _table_element(table: GridTable, text_width: int) -> Element:
    width = _width(table)
    cols = _column_widths(table, width, text_width)
    placeholders = _placeholders(table)
    tbl = parse_xml(
        f'<w:tbl {_NS}><w:tblPr><w:tblW w:w="{sum(cols)}" w:type="dxa"/><w:jc w:val="center"/>'
        "<w:tblBorders>"
        + "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + '</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar>'
        '<w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
        'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>'
        + "".join(f'<w:gridCol w:w="{w}"/>' for w in cols)
        + "</w:tblGrid></w:tbl>"
    )
    for r, row in enumerate(table.rows):
        tr = _sub(tbl, "w:tr")
        header = r < table.header_rows
        if header:
            _sub(_sub(tr, "w:trPr"), "w:tblHeader")
        col = 0
        cells = list(row)
        extent = sum(c.colspan for c in cells)
        if extent < width:  # a ragged row: pad it so Word's grid stays rectangular
            cells.append(GridCell(text="", colspan=width - extent))
        for index, cell in enumerate(cells):
            span = max(cell.colspan, 1)
            merge = "continue" if (r, index) in placeholders else ("restart" if cell.rowspan > 1 else None)
            tr.append(_cell_element(cell, sum(cols[col : col + span]), span, merge, header))
            col += span
    return tbl


def _cell_element(cell: GridCell, width: int, span: int, merge: str | None, header: bool) -> Element:
    tc = parse_xml(f"<w:tc {_NS}/>")
    tcpr = _sub(tc, "w:tcPr")
    tcw = _sub(tcpr, "w:tcW")
    tcw.set(qn("w:w"), str(width))
    tcw.set(qn("w:type"), "dxa")
    if span > 1:
        _sub(tcpr, "w:gridSpan").set(qn("w:val"), str(span))
    if merge == "restart":
        _sub(tcpr, "w:vMerge").set(qn("w:val"), "restart")
    elif merge == "continue":
        _sub(tcpr, "w:vMerge")
    _sub(tcpr, "w:vAlign").set(qn("w:val"), "center")
    text = "" if merge == "continue" else _xml_text(cell.text)
    align = "center" if header else ("right" if _NUMBER.match(text.strip()) else None)
    for line in text.split("\n"):
        p = _sub(tc, "w:p")
        ppr = _sub(p, "w:pPr")
        _sub(ppr, "w:pStyle").set(qn("w:val"), "TableText")
        if align:
            _sub(ppr, "w:jc").set(qn("w:val"), align)
        _add_runs(p, line, bold=header)
    return tc
