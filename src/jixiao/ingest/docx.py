"""Reader for Word documents (.docx): body paragraphs and tables, in document order, as a ``Grid``.

The package is read with zipfile and lxml directly: the main document part found through the package
relationships, and its styles and numbering parts; nothing else is parsed. (python-docx, which writes
our .docx files, parses every part of a package on opening -- theme, settings, fonts, both style
parts -- which alone takes six times the unzip + parse of the document itself.) The parser resolves no
entities and fetches nothing, and every attribute is checked rather than trusted. What it reads:

* **Merges**, per the grid convention (``jixiao.model.grid``): ``w:gridSpan`` is one cell with that
  ``colspan``; a ``w:vMerge`` run is the top cell with ``rowspan`` = the rows it covers and an empty
  placeholder (its own ``colspan``) in each row below. A ``vMerge="continue"`` with nothing to continue
  (a damaged table) is read as an ordinary cell. The legacy horizontal merge (``w:hMerge``, written by
  older Word and some WPS/converter output: ``val="restart"`` on the first cell, ``w:hMerge`` alone on
  the cells it covers) is read exactly as ``gridSpan``: one cell whose ``colspan`` is the sum of the
  run's spans; text found in a covered cell is kept, on a new line. A covered cell with nothing before
  it to continue is an ordinary cell.
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
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from jixiao.ingest.limits import (
    DEFAULT_LIMITS,
    Deadline,
    LimitExceeded,
    Limits,
    check_archive,
    check_inflated,
    read_member,
)
from jixiao.model.grid import Block, Grid, GridCell, GridTable, Paragraph, ParagraphStyle

Element = Any  # lxml elements; lxml ships no type information

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_RT_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships/"

_P, _TBL, _TR, _TC, _R = _W + "p", _W + "tbl", _W + "tr", _W + "tc", _W + "r"
_PPR, _TCPR, _TRPR = _W + "pPr", _W + "tcPr", _W + "trPr"
_T, _TAB, _PTAB, _BR, _CR, _NBH = (
    _W + "t",
    _W + "tab",
    _W + "ptab",
    _W + "br",
    _W + "cr",
    _W + "noBreakHyphen",
)
_PSTYLE, _NUMPR, _NUMID, _ILVL, _OUTLINE = (
    _W + "pStyle",
    _W + "numPr",
    _W + "numId",
    _W + "ilvl",
    _W + "outlineLvl",
)
_GRIDSPAN, _VMERGE, _HMERGE, _GRIDBEFORE, _GRIDAFTER, _TBLHEADER = (
    _W + "gridSpan",
    _W + "vMerge",
    _W + "hMerge",
    _W + "gridBefore",
    _W + "gridAfter",
    _W + "tblHeader",
)
_BODY, _VAL, _TYPE = _W + "body", _W + "val", _W + "type"
# Elements that wrap runs (or cells, rows, blocks) without changing their text: content controls,
# custom XML, hyperlinks, inserted/moved revisions, simple fields, bidi containers.
_WRAPPERS = frozenset(
    _W + t
    for t in (
        "sdt",
        "sdtContent",
        "hyperlink",
        "ins",
        "smartTag",
        "customXml",
        "fldSimple",
        "moveTo",
        "dir",
        "bdo",
    )
)
_MAX_DEPTH = 20


class _Corrupt(Exception):
    """A package that is not a readable .docx; the message says what is wrong, in Chinese."""


def read_docx(source: bytes | str | Path, file: str, limits: Limits = DEFAULT_LIMITS) -> Grid:
    """Read a .docx (bytes or a path) into a grid; ``file`` names it in the grid and in errors."""
    from jixiao.ingest.errors import IngestError

    if isinstance(source, bytes):
        data = source
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise IngestError("file_unreadable", f"无法打开文件（{exc.strerror}）", file) from exc
    deadline = Deadline(limits.max_seconds)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_archive(archive, limits)
            check_inflated(archive, data)  # the directory's sizes may lie
            document, styles, numbering = _open_package(archive)
        deadline.check()
        return _Reader(document, styles, numbering, file, limits, deadline).grid()
    except LimitExceeded as exc:
        raise IngestError(exc.code, exc.message, file) from exc
    except _Corrupt as exc:
        raise IngestError("docx_corrupt", f"Word 文档已损坏：{exc}", file) from exc
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        # RuntimeError: a member encrypted with a zip password; NotImplementedError: an unknown compression
        raise IngestError(
            "docx_corrupt",
            f"文件已损坏，无法作为 Word 文档（.docx）打开（压缩包无效：{type(exc).__name__}）",
            file,
        ) from exc


# --- the package ----------------------------------------------------------------------------------------


def _parser() -> Any:
    return etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True)


def _parse(archive: zipfile.ZipFile, name: str) -> Element:
    try:
        data = read_member(archive, name)  # bounded chunks: the directory's sizes may lie
    except KeyError as exc:
        raise _Corrupt(f"缺少 {name}") from exc
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        if "Memory allocation failed" in str(exc.msg):  # libxml2 under the worker's memory limit
            raise MemoryError(exc.msg) from exc
        line = exc.position[0] if exc.position else exc.lineno
        raise _Corrupt(f"{name} 第 {line} 行 XML 格式错误（{exc.msg}）") from exc


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, str]:
    """Relationship type (last path segment) -> target part name, for ``part`` ('' for the package)."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in archive.namelist():
        return {}
    found: dict[str, str] = {}
    for rel in _parse(archive, rels_name).iter(_REL):
        kind, target = rel.get("Type") or "", rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target or not kind.startswith((_RT, _RT_STRICT)):
            continue
        path = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target))
        )
        found.setdefault(kind.rsplit("/", 1)[-1], path)
    return found


def _open_package(archive: zipfile.ZipFile) -> tuple[Element, Element | None, Element | None]:
    """The main document's root element, and its styles and numbering roots when it has them."""
    main = _relationships(archive, "").get("officeDocument", "word/document.xml")
    document = _parse(archive, main)
    related = _relationships(archive, main)
    names = set(archive.namelist())
    styles = _parse(archive, related["styles"]) if related.get("styles") in names else None
    numbering = _parse(archive, related["numbering"]) if related.get("numbering") in names else None
    if document.tag != _W + "document" or document.find(_BODY) is None:
        raise _Corrupt(f"{main} 不是 Word 正文")
    return document, styles, numbering


# --- small readers ----------------------------------------------------------------------------------------


def _int(value: str | None, default: int = 0, low: int = 0, high: int = 1_000_000) -> int:
    """An integer attribute, clamped; anything unreadable is the default."""
    if value is None:
        return default
    try:
        number = int(value.strip())
    except ValueError:
        return default
    return min(max(number, low), high)


def _val(element: Element | None, tag: str) -> str | None:
    """``w:val`` of the first ``tag`` child (small, cold elements only: styles, numbering)."""
    if element is None:
        return None
    for child in element:
        if child.tag == tag:
            value: str | None = child.get(_VAL)
            return value
    return None


@dataclass(frozen=True)
class _ParagraphProps:
    style: str | None = None
    num_id: str | None = None
    ilvl: int = 0
    outline: int | None = None


_NO_PROPS = _ParagraphProps()


def _paragraph_props(ppr: Element) -> _ParagraphProps:
    style = num_id = outline = None
    ilvl = 0
    for child in ppr:
        tag = child.tag
        if tag == _PSTYLE:
            style = child.get(_VAL)
        elif tag == _NUMPR:
            for part in child:
                if part.tag == _NUMID:
                    num_id = part.get(_VAL)
                elif part.tag == _ILVL:
                    ilvl = _int(part.get(_VAL), 0, 0, 8)
        elif tag == _OUTLINE:
            outline = _int(child.get(_VAL), 9, 0, 9)
    return _ParagraphProps(style, num_id, ilvl, outline)


# --- styles -----------------------------------------------------------------------------------------------

_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$")


@dataclass(frozen=True)
class _StyleInfo:
    name: str
    based_on: str | None
    outline: int | None
    num_id: str | None
    ilvl: int


def _read_styles(root: Element | None) -> dict[str, _StyleInfo]:
    styles: dict[str, _StyleInfo] = {}
    if root is None:
        return styles
    for style in root.iterchildren(_W + "style"):
        style_id = style.get(_W + "styleId")
        if style_id is None or style.get(_TYPE, "paragraph") != "paragraph":
            continue
        props = _NO_PROPS
        for child in style:
            if child.tag == _PPR:
                props = _paragraph_props(child)
        styles[style_id] = _StyleInfo(
            name=(_val(style, _W + "name") or "").strip().lower(),
            based_on=_val(style, _W + "basedOn"),
            outline=props.outline,
            num_id=props.num_id,
            ilvl=props.ilvl,
        )
    return styles


def _heading(outline: int | None) -> ParagraphStyle | None:
    if outline == 0:
        return "heading1"
    if outline == 1:
        return "heading2"
    if outline == 2:
        return "heading3"
    return None


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
    if n <= 0 or n > 26 * 10:
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

    def __init__(self, root: Element | None) -> None:
        self.levels: dict[str, dict[int, _Level]] = {}
        self.counters: dict[str, list[int | None]] = {}
        if root is None:
            return
        abstract: dict[str, dict[int, _Level]] = {}
        for node in root.iterchildren(_W + "abstractNum"):
            abstract[node.get(_W + "abstractNumId", "")] = self._levels(node)
        for num in root.iterchildren(_W + "num"):
            num_id = num.get(_W + "numId")
            if num_id is None:
                continue
            levels = dict(abstract.get(_val(num, _W + "abstractNumId") or "", {}))
            for override in num.iterchildren(_W + "lvlOverride"):
                ilvl = _int(override.get(_W + "ilvl"), 0, 0, 8)
                redefined = override.find(_W + "lvl")
                if redefined is not None:
                    levels[ilvl] = self._level(redefined)
                start = _val(override, _W + "startOverride")
                if start is not None and ilvl in levels:
                    old = levels[ilvl]
                    levels[ilvl] = _Level(_int(start, old.start), old.fmt, old.text, old.suffix)
            self.levels[num_id] = levels

    @staticmethod
    def _level(node: Element) -> _Level:
        return _Level(
            start=_int(_val(node, _W + "start"), 1),
            fmt=_val(node, _W + "numFmt") or "decimal",
            text=_val(node, _W + "lvlText") or "",
            suffix=_val(node, _W + "suff") or "tab",
        )

    def _levels(self, node: Element) -> dict[int, _Level]:
        return {
            _int(lvl.get(_W + "ilvl"), 0, 0, 8): self._level(lvl) for lvl in node.iterchildren(_W + "lvl")
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


# --- the walk ---------------------------------------------------------------------------------------------

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Removed before the walk: drawings and text boxes (their text is not the document's flow, and
# AlternateContent holds it twice), deleted and moved-away revisions, and the revision history of
# properties (which holds old styles and spans).
_STRIPPED = (
    _MC + "AlternateContent",
    *(
        _W + t
        for t in (
            "drawing",
            "pict",
            "object",
            "txbxContent",
            "del",
            "moveFrom",
            "pPrChange",
            "rPrChange",
            "tcPrChange",
            "trPrChange",
            "tblPrChange",
            "tblGridChange",
            "sectPrChange",
        )
    ),
)
# What a paragraph's text and style are made of (found through any wrapper).
_PARA_TAGS = (_T, _TAB, _PTAB, _BR, _CR, _NBH, _PSTYLE, _NUMID, _ILVL, _OUTLINE)
_TABLE_TAGS = (
    _TR,
    _TC,
    _P,
    _TBL,
    _GRIDSPAN,
    _VMERGE,
    _HMERGE,
    _GRIDBEFORE,
    _GRIDAFTER,
    _TBLHEADER,
    *_PARA_TAGS[:-1],
)
_CHARACTERS = {_PTAB: "\t", _CR: "\n", _NBH: "-"}


def _blocks(element: Element, depth: int = 0) -> Iterator[Element]:
    """Paragraphs and tables among the children of a body or a cell, in order, through wrappers."""
    for child in element:
        tag = child.tag
        if tag in (_P, _TBL):
            yield child
        elif tag in _WRAPPERS and depth < _MAX_DEPTH:
            yield from _blocks(child, depth + 1)


def _unwrap(element: Element, tag: str, depth: int = 0) -> Iterator[Element]:
    """The ``tag`` children of ``element``, looking through content controls and custom XML."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS and depth < _MAX_DEPTH:
            yield from _unwrap(child, tag, depth + 1)


_Cell = tuple[int, str | None, str | None, str]  # gridSpan, vMerge, hMerge, text
_Raw = tuple[int, int, bool, list[_Cell]]  # gridBefore, gridAfter, header, cells


class _Reader:
    def __init__(
        self,
        document: Element,
        styles: Element | None,
        numbering: Element | None,
        file: str,
        limits: Limits,
        deadline: Deadline,
    ) -> None:
        self.document = document
        self.file = file
        self.limits = limits
        self.deadline = deadline
        self.styles = _read_styles(styles)
        self.linked = {k: (v.num_id, v.ilvl) for k, v in self.styles.items() if v.num_id is not None}
        self.style_kinds: dict[str | None, ParagraphStyle | None] = {}
        self.numbering = _Numbering(numbering)
        self.blocks: list[Block] = []
        self.paragraphs = 0
        self.tables = 0
        self.cells = 0

    def grid(self) -> Grid:
        body = self.document.find(_BODY)
        etree.strip_elements(body, *_STRIPPED, with_tail=False)
        for block in _blocks(body):
            if block.tag == _P:
                self._paragraph(block)
            else:
                self._table(block)
        return Grid(file=self.file, blocks=tuple(self.blocks))

    # paragraphs

    def _style_kind(self, style_id: str | None) -> ParagraphStyle | None:
        if style_id not in self.style_kinds:
            self.style_kinds[style_id] = _style_kind(self.styles, style_id)
        return self.style_kinds[style_id]

    def _paragraph_text(self, p: Element) -> tuple[str, ParagraphStyle | None]:
        """The paragraph's visible text (its automatic number first) and its grid style."""
        parts: list[str] = []
        style_id: str | None = None
        num_id: str | None = None
        ilvl = 0
        outline: int | None = None
        for element in p.iter():  # unfiltered: lxml sets up a tag filter on every call, which costs more
            tag = element.tag
            if tag == _T:
                parts.append(element.text or "")
            elif tag == _PSTYLE:
                style_id = element.get(_VAL)
            elif tag == _TAB:
                if element.get(_VAL) is None:  # a tab character; with w:val it is a tab stop
                    parts.append("\t")
            elif tag == _BR:
                if element.get(_TYPE) in (None, "textWrapping"):  # page and column breaks are not text
                    parts.append("\n")
            elif tag == _NUMID:
                num_id = element.get(_VAL)
            elif tag == _ILVL:
                ilvl = _int(element.get(_VAL), 0, 0, 8)
            elif tag == _OUTLINE:
                outline = _int(element.get(_VAL), 9, 0, 9)
            elif tag in _CHARACTERS:
                parts.append(_CHARACTERS[tag])
        style = _heading(outline) if outline is not None else self._style_kind(style_id)
        return self._numbered_text(parts, style_id, num_id, ilvl), style

    def _paragraph(self, p: Element) -> None:
        self.paragraphs += 1
        text, style = self._paragraph_text(p)
        for line in text.split("\n"):
            if line.strip():
                self.blocks.append(Paragraph(text=line.strip(), line=self.paragraphs, style=style))

    # tables

    def _count_cells(self, count: int = 1) -> None:
        self.cells += count
        if self.cells > self.limits.max_table_cells:
            raise LimitExceeded("table_too_large", f"表格单元格过多（超过 {self.limits.max_table_cells} 个）")

    def _table(self, tbl: Element) -> None:
        self.tables += 1
        raw = self._flat_rows(tbl)
        if raw is None:  # the table holds a nested table: read it element by element
            raw = [self._structured_row(tr) for tr in _unwrap(tbl, _TR)]
        if raw:
            self.blocks.append(_assemble(self.tables, raw, tbl))

    def _numbered_text(self, parts: list[str], style: str | None, num_id: str | None, ilvl: int) -> str:
        """A finished paragraph's text, with its automatic number if it has one."""
        if num_id is None:
            if style is None or style not in self.linked:
                return "".join(parts)
            num_id, ilvl = self.linked[style]
        if num_id == "0":
            return "".join(parts)
        return self.numbering.label(num_id, ilvl) + "".join(parts)

    def _flat_rows(self, tbl: Element) -> list[_Raw] | None:
        """The rows of a table without nested tables, in one pass over the elements that matter.

        This is the reader's hot loop (every cell of every form), so it keeps its state in locals:
        the open row's cells, the open cell's finished lines, the open paragraph's text pieces.
        """
        rows: list[_Raw] = []
        cells: list[_Cell] | None = None
        before = after = 0
        header = False
        span, merge, hmerge = 1, None, None
        lines: list[str] | None = None
        parts: list[str] | None = None
        style: str | None = None
        num_id: str | None = None
        ilvl = 0
        elements = tbl.iter(*_TABLE_TAGS)
        next(elements)  # the table itself
        for element in elements:
            tag = element.tag
            if tag == _T:
                if parts is not None:
                    parts.append(element.text or "")
            elif tag == _PSTYLE:
                style = element.get(_VAL)
            elif tag == _P:
                if parts is not None and lines is not None:
                    lines.append(self._numbered_text(parts, style, num_id, ilvl))
                parts, style, num_id, ilvl = [], None, None, 0
            elif tag in (_TC, _TR):
                if parts is not None and lines is not None:
                    lines.append(self._numbered_text(parts, style, num_id, ilvl))
                parts = None
                if lines is not None and cells is not None:
                    cells.append((span, merge, hmerge, "\n".join(lines).rstrip("\n")))
                if tag == _TC:
                    lines, span, merge, hmerge = [], 1, None, None
                    continue
                lines = None
                if cells is not None:
                    rows.append((before, after, header, cells))
                    self._count_cells(len(cells))
                self.deadline.check()
                cells, before, after, header = [], 0, 0, False
            elif tag == _GRIDSPAN:
                span = _int(element.get(_VAL), 1, 1, 1000)
            elif tag == _VMERGE:
                merge = element.get(_VAL) or "continue"
            elif tag == _HMERGE:
                hmerge = element.get(_VAL) or "continue"
            elif tag == _TBL:
                return None
            elif tag == _NUMID:
                num_id = element.get(_VAL)
            elif tag == _ILVL:
                ilvl = _int(element.get(_VAL), 0, 0, 8)
            elif tag == _GRIDBEFORE:
                before = _int(element.get(_VAL), 0, 0, 1000)
            elif tag == _GRIDAFTER:
                after = _int(element.get(_VAL), 0, 0, 1000)
            elif tag == _TBLHEADER:
                header = element.get(_VAL) not in ("0", "false", "off")
            elif parts is not None:
                if tag == _TAB:
                    if element.get(_VAL) is None:  # a tab character; with w:val it is a tab stop
                        parts.append("\t")
                elif tag == _BR:
                    if element.get(_TYPE) in (None, "textWrapping"):
                        parts.append("\n")
                else:
                    parts.append(_CHARACTERS.get(tag, ""))
        if parts is not None and lines is not None:
            lines.append(self._numbered_text(parts, style, num_id, ilvl))
        if lines is not None and cells is not None:
            cells.append((span, merge, hmerge, "\n".join(lines).rstrip("\n")))
        if cells is not None:
            rows.append((before, after, header, cells))
            self._count_cells(len(cells))
        return rows

    def _structured_row(self, tr: Element) -> _Raw:
        self.deadline.check()
        before = after = 0
        header = False
        cells: list[_Cell] = []
        for child in _row_children(tr):
            if child.tag == _TRPR:
                for prop in child:
                    if prop.tag == _GRIDBEFORE:
                        before = _int(prop.get(_VAL), 0, 0, 1000)
                    elif prop.tag == _GRIDAFTER:
                        after = _int(prop.get(_VAL), 0, 0, 1000)
                    elif prop.tag == _TBLHEADER:
                        header = prop.get(_VAL) not in ("0", "false", "off")
                continue
            span, merge, hmerge = 1, None, None
            for part in child:
                if part.tag == _TCPR:
                    for prop in part:
                        if prop.tag == _GRIDSPAN:
                            span = _int(prop.get(_VAL), 1, 1, 1000)
                        elif prop.tag == _VMERGE:
                            merge = prop.get(_VAL) or "continue"
                        elif prop.tag == _HMERGE:
                            hmerge = prop.get(_VAL) or "continue"
            cells.append((span, merge, hmerge, self._cell_text(child)))
            self._count_cells()
        return before, after, header, cells

    def _cell_text(self, tc: Element, depth: int = 0) -> str:
        lines: list[str] = []
        for child in _blocks(tc):
            if child.tag == _P:
                lines.append(self._paragraph_text(child)[0])
            elif depth < 5:  # a nested table: one line per row, cells separated by tabs
                for tr in _unwrap(child, _TR):
                    lines.append("\t".join(self._cell_text(c, depth + 1) for c in _unwrap(tr, _TC)))
        return "\n".join(lines).rstrip("\n")


def _row_children(tr: Element, depth: int = 0) -> Iterator[Element]:
    """A row's properties and cells, in order, through content controls and custom XML."""
    for child in tr:
        tag = child.tag
        if tag in (_TC, _TRPR):
            yield child
        elif tag in _WRAPPERS and depth < _MAX_DEPTH:
            yield from _row_children(child, depth + 1)


def _assemble(index: int, raw: list[_Raw], tbl: Element) -> GridTable:
    """Rows per the grid convention: padding for gridBefore/gridAfter and short rows, vMerge runs."""
    rows: list[list[list[Any]]] = []  # [text, rowspan, colspan], frozen at the end
    extents: list[int] = []
    open_merges: dict[int, tuple[int, int]] = {}  # grid column -> (row, cell) of a merge's top
    header_rows = 0
    counting_headers = True
    for r, (before, after, header, cells) in enumerate(raw):
        row: list[list[Any]] = []
        continued: dict[int, tuple[int, int]] = {}
        col = before
        if before:
            row.append(["", 1, before])
        for span, merge, text in _join_hmerges(cells):
            if merge == "continue" and col in open_merges:
                top_r, top_c = open_merges[col]
                rows[top_r][top_c][1] += 1
                continued[col] = (top_r, top_c)
                row.append(["", 1, span])
            else:
                if merge == "restart":
                    continued[col] = (r, len(row))
                row.append([text, 1, span])
            col += span
        if after:
            row.append(["", 1, after])
            col += after
        if counting_headers and header:
            header_rows += 1
        else:
            counting_headers = False
        open_merges = continued
        rows.append(row)
        extents.append(col)
    width = max(extents)
    frozen: list[tuple[GridCell, ...]] = []
    for row, extent in zip(rows, extents, strict=True):
        if extent < width:
            row.append(["", 1, width - extent])
        frozen.append(tuple(GridCell(text=t, rowspan=rs, colspan=cs) for t, rs, cs in row))
    return GridTable(index=index, rows=tuple(frozen), widths=_widths(tbl, width), header_rows=header_rows)


def _join_hmerges(cells: list[_Cell]) -> list[tuple[int, str | None, str]]:
    """(span, vMerge, text) per cell, a legacy ``hMerge`` run joined into its first cell."""
    joined: list[tuple[int, str | None, str]] = []
    in_run = False
    for span, merge, hmerge, text in cells:
        if hmerge == "continue" and in_run:
            first_span, first_merge, first_text = joined[-1]
            joined_text = "\n".join(t for t in (first_text, text) if t)
            joined[-1] = (first_span + span, first_merge, joined_text)
            continue
        in_run = hmerge == "restart"
        joined.append((span, merge, text))
    return joined


def _widths(tbl: Element, width: int) -> tuple[float, ...]:
    """Relative column widths from ``w:tblGrid`` (fractions of the table, 4 decimals), when it fits."""
    values: list[int] = []
    for child in tbl:
        if child.tag == _W + "tblGrid":
            values = [_int(col.get(_W + "w"), 0, 0, 1_000_000) for col in child if col.tag == _W + "gridCol"]
            break
    total = sum(values)
    if len(values) != width or total <= 0 or 0 in values:
        return ()
    return tuple(round(v / total, 4) for v in values)
