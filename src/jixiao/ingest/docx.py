"""Reader for Word documents (.docx): body paragraphs and tables, in document order, as a ``Grid``.

python-docx opens the package (zip, relationships, XML parts); the walk itself reads the XML elements
directly, which is faster than python-docx's proxies and lets every attribute be checked rather than
trusted. What it reads, and how:

* **Merges**, per the grid convention (``jixiao.ingest.grid``): ``w:gridSpan`` is one cell with that
  ``colspan``; a ``w:vMerge`` run is the top cell with ``rowspan`` = the rows it covers and an empty
  placeholder (its own ``colspan``) in each row below. A ``vMerge="continue"`` with nothing to continue
  (a damaged table) is read as an ordinary cell.
* **Ragged rows**: ``w:gridBefore`` / ``w:gridAfter`` and rows shorter than the table become empty cells
  spanning the missing grid columns, so every row's colspans add up to the table width, as the
  convention requires. Such a cell counts in ``Location.col`` like any other.
* **Cell text**: the cell's paragraphs joined by ``"\\n"``, trailing empty paragraphs dropped (as Word's
  text export does). A **nested table** is flattened into the cell's text at its place: one line per
  nested row, its cells separated by a tab. The outer grid keeps its shape, so locations stay those a
  user sees; forms seldom nest tables, and when they do (a signature block) the text belongs to the cell.
* **Tables split across pages** are one ``w:tbl`` in Word, so one table here. Two tables in a row with
  nothing between them are two ``w:tbl`` elements and stay two tables.
* **Paragraph styles**: Title / 标题 is ``"title"``; Heading 1-3 / 标题 1-3 (also via ``basedOn``), or an
  outline level 1-3 on the paragraph or its style, are ``"heading1"`` .. ``"heading3"``; a style named
  Note is ``"note"``. Empty paragraphs are dropped; a paragraph with soft line breaks becomes one
  ``Paragraph`` per line, all with the same location.
* **Automatic numbering** is made visible: a numbered paragraph gets its number (``1.``, ``一、``,
  ``（1）``, ``①``, ``甲``, letters, roman numerals) from ``numbering.xml`` prepended, followed by a space
  unless the level says no separator. Counters run per list instance (``numId``) in document order,
  restart deeper levels when a level advances, and honour ``w:start`` and ``w:startOverride``. Bullets
  are dropped (they carry no number).
* **Locations**: a table is ``Location.table`` (its 1-based position among the body's tables, nested
  ones not counted); a cell is located by its row and its position in the row. A paragraph's ``line``
  is its position among the body's paragraphs (1-based, empty ones counted), the nearest thing Word
  has to a line number. No page numbers: a .docx has no pages until it is laid out.
* Not read: page headers and footers, footnotes, comments, text boxes, deleted revisions (inserted
  revisions are read).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn

from jixiao.ingest.grid import Block, Grid, GridCell, GridTable, Paragraph, ParagraphStyle
from jixiao.ingest.limits import DEFAULT_LIMITS, Deadline, LimitExceeded, Limits, check_zip

Element = Any  # lxml elements (python-docx's oxml classes); lxml ships no type information

_W_P = qn("w:p")
_W_TBL = qn("w:tbl")
_W_TR = qn("w:tr")
_W_TC = qn("w:tc")
_W_R = qn("w:r")
_W_T = qn("w:t")
_W_TAB = qn("w:tab")
_W_PTAB = qn("w:ptab")
_W_BR = qn("w:br")
_W_CR = qn("w:cr")
_W_NBH = qn("w:noBreakHyphen")
_W_SDT = qn("w:sdt")
_W_SDTCONTENT = qn("w:sdtContent")
_W_VAL = qn("w:val")
_W_TYPE = qn("w:type")
# Elements that wrap runs (or cells, rows, blocks) without changing their text.
_WRAPPERS = frozenset(
    qn(t)
    for t in (
        "w:hyperlink",
        "w:ins",
        "w:smartTag",
        "w:customXml",
        "w:fldSimple",
        "w:moveTo",
        "w:dir",
        "w:bdo",
    )
)

_LIBRARY_ERRORS: tuple[type[BaseException], ...] = (
    OpcError,
    SyntaxError,
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    ValueError,
    EOFError,
    OSError,
    NotImplementedError,
    AttributeError,
    TypeError,
    IndexError,
    RecursionError,
)


def read_docx(source: bytes | str | Path, file: str, limits: Limits = DEFAULT_LIMITS) -> Grid:
    """Read a .docx (bytes or a path) into a grid; ``file`` names it in the grid and in errors."""
    from jixiao.ingest.loader import IngestError

    if isinstance(source, bytes):
        data = source
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise IngestError("file_unreadable", f"无法打开文件（{exc.strerror}）", file) from exc
    try:
        check_zip(data, limits)
    except LimitExceeded as exc:
        raise IngestError(exc.code, exc.message, file) from exc
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise IngestError(
            "docx_corrupt", "文件已损坏，无法作为 Word 文档（.docx）打开：压缩包目录无效", file
        ) from exc
    deadline = Deadline(limits.max_seconds)
    try:
        document = docx.Document(io.BytesIO(data))
        deadline.check()
        return _Reader(document, file, limits, deadline).grid()
    except LimitExceeded as exc:
        raise IngestError(exc.code, exc.message, file) from exc
    except SyntaxError as exc:
        where = f"第 {exc.lineno} 行第 {exc.offset} 列" if exc.lineno else ""
        raise IngestError("docx_corrupt", f"Word 文档已损坏：XML 格式错误（{where}{exc.msg}）", file) from exc
    except _LIBRARY_ERRORS as exc:
        raise IngestError("docx_corrupt", f"Word 文档已损坏，无法读取（{type(exc).__name__}）", file) from exc


# --- styles -------------------------------------------------------------------------------------------

_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$")


@dataclass(frozen=True)
class _StyleInfo:
    name: str
    based_on: str | None
    outline: int | None
    num_id: str | None
    ilvl: int


def _int(value: str | None, default: int = 0, low: int = 0, high: int = 1_000_000) -> int:
    """An integer attribute, clamped; anything unreadable is the default."""
    if value is None:
        return default
    try:
        number = int(value.strip())
    except ValueError:
        return default
    return min(max(number, low), high)


def _child(element: Element, tag: str) -> Element | None:
    return element.find(qn(tag))


def _val(element: Element | None, tag: str) -> str | None:
    if element is None:
        return None
    found = element.find(qn(tag))
    if found is None:
        return None
    value: str | None = found.get(_W_VAL)
    return value


def _num_pr(ppr: Element | None) -> tuple[str | None, int]:
    if ppr is None:
        return None, 0
    num_pr = _child(ppr, "w:numPr")
    if num_pr is None:
        return None, 0
    return _val(num_pr, "w:numId"), _int(_val(num_pr, "w:ilvl"), 0, 0, 8)


def _read_styles(document: Any) -> dict[str, _StyleInfo]:
    styles: dict[str, _StyleInfo] = {}
    try:
        root = document.part.part_related_by(RT.STYLES).element
    except KeyError:
        return styles
    for style in root.iterchildren(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        if style_id is None or style.get(_W_TYPE, "paragraph") != "paragraph":
            continue
        ppr = _child(style, "w:pPr")
        outline = _val(ppr, "w:outlineLvl")
        num_id, ilvl = _num_pr(ppr)
        styles[style_id] = _StyleInfo(
            name=(_val(style, "w:name") or "").strip().lower(),
            based_on=_val(style, "w:basedOn"),
            outline=_int(outline, 9, 0, 9) if outline is not None else None,
            num_id=num_id,
            ilvl=ilvl,
        )
    return styles


def _style_kind(styles: dict[str, _StyleInfo], style_id: str | None) -> ParagraphStyle | None:
    """The grid style of a Word paragraph style, following ``basedOn`` (at most 10 steps, no loops)."""
    seen: set[str] = set()
    while style_id is not None and style_id in styles and style_id not in seen and len(seen) < 10:
        seen.add(style_id)
        info = styles[style_id]
        if info.name in ("title", "标题"):
            return "title"
        if info.name == "note":
            return "note"
        match = _HEADING_NAME.match(info.name)
        if match:
            return _heading(int(match.group(1)) - 1)
        if info.outline is not None:
            return _heading(info.outline)
        style_id = info.based_on
    return None


def _heading(outline: int) -> ParagraphStyle | None:
    if outline == 0:
        return "heading1"
    if outline == 1:
        return "heading2"
    if outline == 2:
        return "heading3"
    return None


# --- numbering ----------------------------------------------------------------------------------------

_CN_DIGITS = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"))
_ROMAN_SMALL = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _chinese_counting(n: int) -> str:
    """一, 十, 十一, 二十, 一百零五 ... as Word's chineseCounting writes them (up to 9999)."""
    if n <= 0 or n > 9999:
        return str(n)
    parts: list[str] = []
    units = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))
    zero = False
    for size, unit in units:
        digit = n // size % 10
        if digit == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append("零")
            zero = False
        if not (size == 10 and digit == 1 and not parts):
            parts.append(_CN_DIGITS[digit])
        parts.append(unit)
    return "".join(parts)


def _letters(n: int) -> str:
    if n <= 0:
        return str(n)
    letter = chr(ord("a") + (n - 1) % 26)
    return letter * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out: list[str] = []
    for value, symbol in _ROMAN + _ROMAN_SMALL:
        while n >= value:
            out.append(symbol)
            n -= value
    return "".join(out)


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "japaneseCounting"):
        return _chinese_counting(n)
    if fmt == "ideographDigital":
        return "".join(_CN_DIGITS[int(d)] for d in str(n)) if n >= 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _HEAVENLY_STEMS[n - 1]
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) - ord("0") + ord("０")) if d.isdigit() else d for d in str(n))
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    return str(n)


@dataclass(frozen=True)
class _Level:
    start: int
    fmt: str
    text: str
    suffix: str


class _Numbering:
    """Counters for the document's automatic numbering, advanced paragraph by paragraph."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, _Level]] = {}
        self.counters: dict[str, list[int | None]] = {}
        try:
            root = document.part.part_related_by(RT.NUMBERING).element
        except KeyError:
            return
        abstract: dict[str, dict[int, _Level]] = {}
        for node in root.iterchildren(qn("w:abstractNum")):
            abstract[node.get(qn("w:abstractNumId"), "")] = self._levels(node)
        for num in root.iterchildren(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            if num_id is None:
                continue
            levels = dict(abstract.get(_val(num, "w:abstractNumId") or "", {}))
            for override in num.iterchildren(qn("w:lvlOverride")):
                ilvl = _int(override.get(qn("w:ilvl")), 0, 0, 8)
                redefined = _child(override, "w:lvl")
                if redefined is not None:
                    levels[ilvl] = self._level(redefined)
                start = _val(override, "w:startOverride")
                if start is not None and ilvl in levels:
                    old = levels[ilvl]
                    levels[ilvl] = _Level(_int(start, old.start), old.fmt, old.text, old.suffix)
            self.levels[num_id] = levels

    @staticmethod
    def _level(node: Element) -> _Level:
        return _Level(
            start=_int(_val(node, "w:start"), 1),
            fmt=_val(node, "w:numFmt") or "decimal",
            text=_val(node, "w:lvlText") or "",
            suffix=_val(node, "w:suff") or "tab",
        )

    def _levels(self, node: Element) -> dict[int, _Level]:
        return {
            _int(lvl.get(qn("w:ilvl")), 0, 0, 8): self._level(lvl) for lvl in node.iterchildren(qn("w:lvl"))
        }

    def label(self, num_id: str | None, ilvl: int) -> str:
        """The visible number of the next paragraph of list ``num_id`` at level ``ilvl`` ('' if none)."""
        if num_id is None or num_id not in self.levels:
            return ""
        levels = self.levels[num_id]
        level = levels.get(ilvl)
        if level is None or level.fmt in ("bullet", "none"):
            return ""
        counters = self.counters.setdefault(num_id, [None] * 9)
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None

        def number(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            lvl = levels.get(k)
            if lvl is None:
                return ""
            value = counters[k]
            return _format_number(lvl.start if value is None else value, lvl.fmt)

        text = re.sub(r"%([1-9])", number, level.text)
        if not text:
            return ""
        return text + ("" if level.suffix == "nothing" else " ")


# --- the walk -----------------------------------------------------------------------------------------


def _run_text(run: Element) -> str:
    parts: list[str] = []
    for child in run:
        tag = child.tag
        if tag == _W_T:
            parts.append(child.text or "")
        elif tag in (_W_TAB, _W_PTAB):
            parts.append("\t")
        elif tag == _W_BR:
            if child.get(_W_TYPE) in (None, "textWrapping"):
                parts.append("\n")
        elif tag == _W_CR:
            parts.append("\n")
        elif tag == _W_NBH:
            parts.append("-")
    return "".join(parts)


def _inline_text(element: Element, depth: int = 0) -> str:
    parts: list[str] = []
    for child in element:
        tag = child.tag
        if tag == _W_R:
            parts.append(_run_text(child))
        elif (tag in _WRAPPERS or tag in (_W_SDT, _W_SDTCONTENT)) and depth < 20:
            parts.append(_inline_text(child, depth + 1))
    return "".join(parts)


def _unwrap(element: Element, tag: str, depth: int = 0) -> Iterator[Element]:
    """The ``tag`` children of ``element``, looking through content controls and custom XML."""
    for child in element:
        if child.tag == tag:
            yield child
        elif (child.tag in (_W_SDT, _W_SDTCONTENT) or child.tag in _WRAPPERS) and depth < 20:
            yield from _unwrap(child, tag, depth + 1)


class _Reader:
    def __init__(self, document: Any, file: str, limits: Limits, deadline: Deadline) -> None:
        self.document = document
        self.file = file
        self.limits = limits
        self.deadline = deadline
        self.styles = _read_styles(document)
        self.numbering = _Numbering(document)
        self.blocks: list[Block] = []
        self.paragraphs = 0
        self.tables = 0
        self.cells = 0

    def grid(self) -> Grid:
        self._body(self.document.element.body, 0)
        return Grid(file=self.file, blocks=tuple(self.blocks))

    def _body(self, element: Element, depth: int) -> None:
        for child in element:
            tag = child.tag
            if tag == _W_P:
                self._paragraph(child)
            elif tag == _W_TBL:
                self._table(child)
            elif (tag in (_W_SDT, _W_SDTCONTENT) or tag in _WRAPPERS) and depth < 20:
                self._body(child, depth + 1)

    def _paragraph_text(self, p: Element) -> tuple[str, ParagraphStyle | None]:
        ppr = _child(p, "w:pPr")
        style_id = _val(ppr, "w:pStyle")
        num_id, ilvl = _num_pr(ppr)
        if num_id is None and style_id in self.styles:
            info = self.styles[style_id]
            num_id, ilvl = info.num_id, info.ilvl
        if num_id == "0":
            num_id = None
        label = self.numbering.label(num_id, ilvl)
        outline = _val(ppr, "w:outlineLvl")
        style = _heading(_int(outline, 9, 0, 9)) if outline is not None else None
        return label + _inline_text(p), style or _style_kind(self.styles, style_id)

    def _paragraph(self, p: Element) -> None:
        self.paragraphs += 1
        text, style = self._paragraph_text(p)
        for line in text.split("\n"):
            if line.strip():
                self.blocks.append(Paragraph(text=line.strip(), line=self.paragraphs, style=style))

    def _cell_text(self, tc: Element, depth: int = 0) -> str:
        lines: list[str] = []
        for child in _unwrap_blocks(tc):
            if child.tag == _W_P:
                lines.append(self._paragraph_text(child)[0])
            elif depth < 5:
                lines.extend(self._nested_rows(child, depth + 1))
        return "\n".join(lines).rstrip("\n")

    def _nested_rows(self, tbl: Element, depth: int) -> list[str]:
        rows: list[str] = []
        for tr in _unwrap(tbl, _W_TR):
            cells = [self._cell_text(tc, depth) for tc in _unwrap(tr, _W_TC)]
            rows.append("\t".join(cells))
        return rows

    def _table(self, tbl: Element) -> None:
        self.tables += 1
        rows: list[list[list[Any]]] = []  # [text, rowspan, colspan] per cell, frozen at the end
        extents: list[int] = []
        open_merges: dict[int, tuple[int, int]] = {}  # grid column -> (row, cell) of a merge's top
        header_rows = 0
        counting_headers = True
        for r, tr in enumerate(_unwrap(tbl, _W_TR)):
            self.deadline.check()
            trpr = _child(tr, "w:trPr")
            is_header = (
                trpr is not None
                and (trpr.find(qn("w:tblHeader")) is not None)
                and (_val(trpr, "w:tblHeader") not in ("0", "false", "off"))
            )
            if counting_headers and is_header:
                header_rows += 1
            else:
                counting_headers = False
            row: list[list[Any]] = []
            col = _int(_val(trpr, "w:gridBefore"), 0, 0, 1000)
            if col:
                row.append(["", 1, col])
            continued: dict[int, tuple[int, int]] = {}
            for tc in _unwrap(tr, _W_TC):
                tcpr = _child(tc, "w:tcPr")
                span = _int(_val(tcpr, "w:gridSpan"), 1, 1, 1000)
                vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
                merge = None if vmerge is None else (vmerge.get(_W_VAL) or "continue")
                if merge == "continue" and col in open_merges:
                    top_r, top_c = open_merges[col]
                    rows[top_r][top_c][1] += 1
                    continued[col] = (top_r, top_c)
                    row.append(["", 1, span])
                else:
                    if merge == "restart":
                        continued[col] = (r, len(row))
                    row.append([self._cell_text(tc), 1, span])
                col += span
                self.cells += 1
                if self.cells > self.limits.max_table_cells:
                    raise LimitExceeded(
                        "table_too_large", f"表格单元格过多（超过 {self.limits.max_table_cells} 个）"
                    )
            after = _int(_val(trpr, "w:gridAfter"), 0, 0, 1000)
            if after:
                row.append(["", 1, after])
                col += after
            open_merges = continued
            rows.append(row)
            extents.append(col)
        if not rows:
            return
        width = max(extents)
        frozen: list[tuple[GridCell, ...]] = []
        for row, extent in zip(rows, extents, strict=True):
            if extent < width:
                row.append(["", 1, width - extent])
            frozen.append(tuple(GridCell(text=t, rowspan=rs, colspan=cs) for t, rs, cs in row))
        self.blocks.append(
            GridTable(
                index=self.tables, rows=tuple(frozen), widths=_widths(tbl, width), header_rows=header_rows
            )
        )


def _unwrap_blocks(element: Element, depth: int = 0) -> Iterator[Element]:
    for child in element:
        if child.tag in (_W_P, _W_TBL):
            yield child
        elif (child.tag in (_W_SDT, _W_SDTCONTENT) or child.tag in _WRAPPERS) and depth < 20:
            yield from _unwrap_blocks(child, depth + 1)


def _widths(tbl: Element, width: int) -> tuple[float, ...]:
    """Relative column widths from ``w:tblGrid`` (fractions of the table, 4 decimals), when it fits."""
    grid = _child(tbl, "w:tblGrid")
    if grid is None:
        return ()
    values = [_int(col.get(qn("w:w")), 0, 0, 1_000_000) for col in grid.iterchildren(qn("w:gridCol"))]
    total = sum(values)
    if len(values) != width or total <= 0 or 0 in values:
        return ()
    return tuple(round(v / total, 4) for v in values)
