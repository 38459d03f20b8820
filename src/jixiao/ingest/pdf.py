"""Reader for PDF files with a text layer (pdfplumber): ruled tables with their merges, and the text.

Tables. pdfplumber finds a table from its ruling lines and gives each cell's box; a merged cell is one
box over several rows or columns (its ``extract`` would give ``None`` for the slots it covers). The
grid is rebuilt from the boxes: the distinct left/right edges of all boxes are the grid columns, the
distinct top/bottom edges the grid rows, and a box covering several of them becomes one cell with that
``colspan``/``rowspan``, with the placeholders of the grid convention (``jixiao.model.grid``) under a
vertical merge. Every cell carries its page. A box of one cell (which pdfplumber does not report as a
table) is a table of one cell.

Tables across pages. A table that ends its page, followed by a table opening the next page on the
same outer edges (its columns may split or join some), is one table: the continuation is stitched on,
on the union of both parts' column edges, without the rows that repeat the table's first rows (a
header repeated by Word or by a browser). A cell cut by the page break has no ruling where the page
cut it (the page's table area is closed at the top and bottom of its vertical lines so both parts are
still found): when the whole first row of the continuation is cut, it is the rest of the last row
before the break and its texts go on in those cells; a cut cell alone continues the merged cell above
it, which grows by its rows.

Cell text. Characters are given to the cell whose box holds their centre (a space goes with the text
it follows, even where it hangs past the cell at a wrap), grouped into lines, and the lines of a cell
joined: without a separator where the layout wrapped, with ``\n`` where the author broke the line.
In a PDF jixiao wrote (its Creator is ``jixiao``), the author's breaks are spaced a little further
apart than wrapped lines (``WRITER_PARAGRAPH_GAP``), which tells them apart exactly. In any other PDF
a line wrapped where the next line's first word (with the punctuation that may not start a line)
would not have fitted after it; a shorter line ends where the author broke it.

Text outside tables becomes paragraphs in reading order (top to bottom, tables in their places), the
same way (spacing in jixiao's PDFs, line fullness in others); a paragraph goes on over a page break
when the page's last line is full and the next page's first line is not indented as a paragraph's
first line is. Page furniture is left out: a page number (``第 3 页 共 9 页``, ``- 3 -``, ``3``) first or
last on its page, in the margin, standing apart from the text.

For the PDF-text recognisers (seed 004's Hubei forms, PDFs without ruling lines), ``PdfLayout.text``
gives every page's text line by line (tables flattened), each page after the first starting with a
form feed.

Bad files raise ``IngestError``: ``pdf_corrupt`` (damaged or not a PDF), ``file_encrypted`` (needs a
password), ``pdf_needs_ocr`` (no page has a text layer: a scan), ``pdf_text_unreadable`` (a text layer
pdfminer cannot decode), ``pdf_too_many_pages``, ``file_too_large``, ``ingest_timeout``; limits in
``jixiao.ingest.limits.Limits`` (``max_bytes``, ``max_pages``, ``max_seconds`` checked between
pages). A document where only some pages are scans is read from the pages with text.

Scanned pages (no text, an image) are read by OCR when the optional extra is installed
(``jixiao.ingest.ocr``: the page's ruled cell boxes and characters come from the image, then are laid
out here as a text layer's are, so tables stitch across scanned pages alike); without it a document of
scans alone raises ``ocr_not_installed``. ``PdfLayout.notes`` says which pages were OCR'd and which
carry a seal; the loader adds them to ``Dossier.notes`` and each OCR'd cell's confidence to its
locations.
"""

from __future__ import annotations

import io
import itertools
import re
import time
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from jixiao.ingest.limits import DEFAULT_LIMITS, Limits
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

Char = dict[str, Any]  # a pdfplumber character: text, x0, x1, top, bottom, size, ...
Box = tuple[float, float, float, float]  # x0, top, x1, bottom


_EDGE_TOLERANCE = 2.0  # points: box edges this close are one grid line
_MAX_CELL_PADDING = 8.0  # points: a cell's inner margin is taken as at most this
_FURNITURE = re.compile(
    r"^\s*(第\s*\d+\s*页\s*(共\s*\d+\s*页)?|[-－—–]?\s*\d{1,4}\s*[-－—–]?|\d+\s*/\s*\d+)\s*$"
)
_PARAGRAPH_GAP = 1.0  # points: lines further apart than wrapped lines by more than this are paragraphs
_MARGIN_SHARE = 0.09  # top and bottom share of the page height where furniture stands
# A page with more ruling edges than this (a form of 3,000 cells drawn as rectangles has 12,000) is a
# drawing, a map or a crafted file: pdfplumber's table finder is quadratic in them, so its text is read
# without tables. Beyond MAX_SINGLE_BOX_LINES vertical lines outside tables, no one-cell boxes are looked for.
MAX_PAGE_EDGES = 12_000
MAX_SINGLE_BOX_LINES = 2_000
# pdfplumber's table finder tries every vertical line against every horizontal one, then every corner
# against the corners after it: pages beyond these bounds (a real form has a few hundred corners) are
# read as text.
MAX_CROSSINGS = 1_000_000
MAX_CORNERS = 6_000
_BAND = 20.0  # points: the height of the page bands tables are indexed by


class _Bands:
    """The tables of a page by horizontal band, in their order, so that a character is tried only
    against the tables its height crosses (a page of thousands of one-cell boxes was chars x tables)."""

    def __init__(self, tables: Sequence[_TableBoxes]) -> None:
        self.bands: dict[int, list[_TableBoxes]] = {}
        for table in tables:
            for band in range(int(table.top // _BAND), int(table.bottom // _BAND) + 1):
                self.bands.setdefault(band, []).append(table)

    def at(self, y: float) -> list[_TableBoxes]:
        return self.bands.get(int(y // _BAND), [])


@dataclass
class _Line:
    chars: list[Char]
    text: str = ""

    @property
    def x0(self) -> float:
        return float(self.chars[0]["x0"])

    @property
    def x1(self) -> float:
        return max(float(c["x1"]) for c in self.chars)

    @property
    def top(self) -> float:
        return min(float(c["top"]) for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(float(c["bottom"]) for c in self.chars)


@dataclass
class _Table:
    page: int
    top: float
    bottom: float
    columns: list[float]  # x positions of the grid column edges
    rows: list[list[GridCell]]
    open_top: set[tuple[int, int]] = field(default_factory=set)  # (row, grid column) of unruled tops
    own: bool = False  # written by jixiao.render (cut cells are unruled, so no guessing is needed)
    # Cells on the table's last row, by left edge: does their text fill its last line (so that text
    # going on in the same cell on the next page continues that line)?
    ends_full: dict[float, bool] = field(default_factory=dict)
    # Cells on the last row, by left edge: the room left after their last line, and whether that line
    # stands at the cell's bottom (no room for another line below it: the page may have cut it).
    room: dict[float, float] = field(default_factory=dict)
    ends_low: dict[float, bool] = field(default_factory=dict)
    # (row, left edge) -> width of what the cell's first line starts with (see ``_first_word_width``).
    first_words: dict[tuple[int, float], float] = field(default_factory=dict)
    first_on_page: bool = False
    last_on_page: bool = False


@dataclass
class _Page:
    number: int
    width: float
    height: float
    items: list[tuple[float, _Line | _Table]] = field(default_factory=list)  # (top, item) in reading order
    own: bool = False  # written by jixiao.render: paragraphs are told by their spacing
    lines: list[_Line] = field(default_factory=list)  # the text lines outside tables
    all_lines: list[str] = field(default_factory=list)  # every text line, tables flattened, for ``text``
    scanned: bool = False  # no text, an image: a scan, for OCR (``jixiao.ingest.ocr``)


class PdfLayout(msgspec.Struct, frozen=True):
    grid: Grid
    text: str  # page text line by line, pages after the first starting with "\f"
    notes: tuple[str, ...] = ()  # for ``Dossier.notes``: pages read by OCR, seals found


def _error(code: str, message: str, file: str) -> Exception:
    from jixiao.ingest.errors import IngestError  # the loader imports this module lazily

    return IngestError(code, message, file)


def read_pdf(source: str | Path | bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> Grid:
    """The PDF's tables and paragraphs as a grid; ``IngestError`` for a file that cannot be read."""
    return read_pdf_layout(source, file, limits).grid


def read_pdf_layout(source: str | Path | bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> PdfLayout:
    data = source if isinstance(source, bytes) else _read_file(Path(source), file, limits)
    if not data:
        raise _error("file_empty", "文件为空", file)
    if len(data) > limits.max_bytes:
        raise _error("file_too_large", f"文件过大（{len(data)} 字节，上限 {limits.max_bytes} 字节）", file)
    start = data.find(b"%PDF", 0, 1024)
    if start < 0:
        raise _error("pdf_corrupt", "文件不是 PDF（缺少 %PDF 文件头）", file)
    data = data[start:]  # bytes before the header (a mail gateway's line): offsets count from it
    pages = _read_pages(data, file, limits)
    notes: tuple[str, ...] = ()
    if any(page.scanned for page in pages):
        from jixiao.ingest.ocr import read_scans

        pages, notes = read_scans(data, pages, file, limits, _scanned_page)
    if not any(page.items for page in pages):
        if notes:  # OCR'd, and nothing found
            raise _error(
                "pdf_needs_ocr",
                "此 PDF 为扫描件，没有文字层，OCR 也未识别出文字（图像过于模糊或不是文字）；"
                "请提供原始的 Word/Excel 文件或更清晰的扫描件",
                file,
            )
        if _has_text(data):
            raise _error(
                "pdf_text_unreadable",
                "此 PDF 的文字层无法解码（字体缺少字符映射），无法读取其中的文字；请提供原始的 Word/Excel 文件",
                file,
            )
        raise _error(
            "pdf_needs_ocr",
            "此 PDF 为扫描件，没有文字层，无法读取其中的文字；请提供原始的 Word/Excel 文件，"
            "或先用 OCR 软件识别为可复制文字的 PDF",
            file,
        )
    return PdfLayout(grid=_grid(pages, file), text=_page_text(pages), notes=notes)


def _has_text(data: bytes) -> bool:
    """Whether pdfium finds text where pdfminer found none (a font it cannot decode, not a scan)."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    try:
        document = pdfium.PdfDocument(data)
    except Exception:  # a file pdfium cannot open has no text to offer either
        return False
    try:
        for index in range(min(len(document), 20)):
            try:
                if document[index].get_textpage().get_text_range().strip():
                    return True
            except Exception:  # a damaged page: look at the others
                continue
        return False
    finally:
        document.close()


def _read_file(path: Path, file: str, limits: Limits) -> bytes:
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise _error("file_too_large", f"文件过大（{size} 字节，上限 {limits.max_bytes} 字节）", file)
        return path.read_bytes()
    except OSError as exc:
        raise _error("file_unreadable", f"无法打开文件（{exc.strerror}）", file) from exc


def _read_pages(data: bytes, file: str, limits: Limits) -> list[_Page]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    deadline = time.monotonic() + limits.max_seconds
    pages: list[_Page] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            count = len(pdf.pages)
            if count > limits.max_pages:
                raise _error(
                    "pdf_too_many_pages", f"PDF 页数过多（{count} 页，上限 {limits.max_pages} 页）", file
                )
            own = str((pdf.metadata or {}).get("Creator", "")) == WRITER_CREATOR
            for number, page in enumerate(pdf.pages, start=1):
                if time.monotonic() > deadline:
                    raise _error("ingest_timeout", f"读取超时（超过 {limits.max_seconds:g} 秒）", file)
                pages.append(_read_page(page, number, own))
                page.close()  # frees the page's parsed objects; a long document stays small in memory
    except Exception as exc:
        from jixiao.ingest.errors import IngestError

        if isinstance(exc, IngestError):
            raise
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise _error(
                "file_encrypted", "PDF 已加密（需要密码才能打开）；请提供未加密的文件", file
            ) from exc
        raise _error(
            "pdf_corrupt", f"PDF 文件已损坏或不完整，无法读取（{type(cause).__name__}）", file
        ) from exc
    return pages


# --------------------------------------------------------------------------- one page


def _read_page(page: Any, number: int, own: bool = False) -> _Page:
    width, height = float(page.width), float(page.height)
    result = _Page(number=number, width=width, height=height, own=own)
    if any(_is_blank_rect(r) for r in page.rects):
        page = page.filter(lambda obj: obj.get("object_type") != "rect" or not _is_blank_rect(obj))
    edges = page.edges
    if len(edges) > MAX_PAGE_EDGES:
        # A drawing, not a form (pdfplumber's table finder is quadratic in the lines): text only.
        edges = []
    ruled = _Ruled([e for e in edges if e.get("orientation") == "h"])
    # A merged cell cut by a page break has no ruling where the page cuts it; rule the page's table
    # area at the top and bottom of its vertical lines so both parts are still found as cells.
    verticals = [e for e in edges if e.get("orientation") == "v"]
    settings = {}
    if verticals:
        settings["explicit_horizontal_lines"] = [
            min(float(e["top"]) for e in verticals),
            max(float(e["bottom"]) for e in verticals),
        ]
    found = [t for t in _find_tables(page, settings) if t.cells] if edges else []
    chars = [c for c in page.chars if c.get("text")]
    boxes = [[_box(cell) for cell in t.cells] for t in found]
    lines_y = settings.get("explicit_horizontal_lines", [])
    boxes += [[box] for box in _single_boxes(edges, [t.bbox for t in found], lines_y)]
    result.scanned = not chars and bool(page.images)
    return _laid_out(result, chars, boxes, ruled)


def _scanned_page(
    number: int,
    width: float,
    height: float,
    chars: list[Char],
    boxes: list[list[Box]],
    rules: list[dict[str, Any]],
) -> _Page:
    """A page read by OCR (``jixiao.ingest.ocr``): its characters and ruled cell boxes laid out as a
    text layer's are."""
    return _laid_out(_Page(number=number, width=width, height=height), chars, boxes, _Ruled(rules))


def _laid_out(result: _Page, chars: list[Char], boxes: list[list[Box]], ruled: _Ruled) -> _Page:
    """The page's characters placed in its tables' cells (``boxes``: each table's cell boxes) or in
    its lines of text, in reading order."""
    number, height, own = result.number, result.height, result.own
    tables = [_TableBoxes(b, ruled) for b in boxes]
    bands = _Bands(tables)
    outside: list[Char] = []
    last: tuple[Char, list[Char]] | None = None  # the last character placed, and where it went
    for char in chars:
        if last is not None and str(char["text"]).isspace() and _follows(last[0], char):
            # A space after text goes with that text, even where it hangs past its cell at a wrap.
            last[1].append(char)
            last = (char, last[1])
            continue
        cx = (float(char["x0"]) + float(char["x1"])) / 2
        cy = (float(char["top"]) + float(char["bottom"])) / 2
        for table in bands.at(cy):
            target = table.take(char, cx, cy)
            if target is not None:
                break
        else:
            outside.append(char)
            target = outside
        last = (char, target)
    lines = _without_furniture([line for line in _lines(outside) if line.text.strip()], height)
    result.lines = lines
    result.all_lines = [
        line.text.rstrip()
        for line in _without_furniture([line for line in _lines(chars) if line.text.strip()], height)
    ]
    items: list[tuple[float, _Line | _Table]] = [(line.top, line) for line in lines]
    for table in tables:
        built = table.build(number, own)
        if any("score" in c for found in table.chars.values() for c in found):
            from jixiao.ingest.ocr import with_confidence  # characters OCR read: cells keep their confidence

            built.rows = with_confidence(built.rows, table.chars)
        items.append((table.top, built))
    items.sort(key=lambda item: item[0])
    result.items = items
    for i, (_top, item) in enumerate(items):
        if isinstance(item, _Table):
            item.first_on_page = i == 0
            item.last_on_page = i == len(items) - 1
    return result


def _single_boxes(
    edges: Sequence[dict[str, Any]], tables: Sequence[Sequence[float]], extra_y: Sequence[float]
) -> list[Box]:
    """Ruled boxes of one cell, which pdfplumber does not report as tables: two vertical lines and the
    horizontal lines (or the page's cut lines ``extra_y``) that close them, outside the tables found."""

    bands: dict[int, list[Sequence[float]]] = {}  # the tables by horizontal band, as in ``_Bands``
    for t in tables:
        for band in range(int((t[1] - 1) // _BAND), int((t[3] + 1) // _BAND) + 1):
            bands.setdefault(band, []).append(t)

    def outside(edge: dict[str, Any]) -> bool:
        x, y = (float(edge["x0"]) + float(edge["x1"])) / 2, (float(edge["top"]) + float(edge["bottom"])) / 2
        near = bands.get(int(y // _BAND), [])
        return not any(t[0] - 1 <= x <= t[2] + 1 and t[1] - 1 <= y <= t[3] + 1 for t in near)

    near = _EDGE_TOLERANCE
    verticals = sorted(
        (e for e in edges if e.get("orientation") == "v" and outside(e)), key=lambda e: float(e["x0"])
    )
    if len(verticals) > MAX_SINGLE_BOX_LINES:  # hatching or a drawing: no one-cell tables in it
        return []
    horizontals = _Ruled([e for e in edges if e.get("orientation") == "h" and outside(e)])
    found: list[Box] = []
    for i, left in enumerate(verticals):
        top, bottom = float(left["top"]), float(left["bottom"])
        for right in verticals[i + 1 :]:
            if abs(float(right["top"]) - top) > near or abs(float(right["bottom"]) - bottom) > near:
                continue
            x0, x1 = float(left["x0"]), float(right["x0"])
            if x1 - x0 < 10:
                continue

            def closed(y: float, x0: float = x0, x1: float = x1) -> bool:
                if any(abs(y - e) <= near for e in extra_y):
                    return True
                return any(
                    float(h["x0"]) <= x0 + near and float(h["x1"]) >= x1 - near for h in horizontals.near(y)
                )

            if closed(top) and closed(bottom):
                found.append((x0, top, x1, bottom))
            break
    return found


def _find_tables(page: Any, settings: dict[str, Any]) -> list[Any]:
    """``page.find_tables(settings)``, its cost bounded: pdfplumber's steps are run one by one, a page
    whose lines would make too many crossings or corners is taken as having no table (a drawing or a
    crafted page: 3,000 separate rectangles took 36 s), and cells are grouped into tables by their
    shared corners with a union-find (pdfplumber's grouping rescans every cell for every table).
    Tables come out as pdfplumber gives them: top to bottom, then left to right, one-cell groups left out."""
    from pdfplumber.table import (
        Table,
        TableFinder,
        TableSettings,
        edges_to_intersections,
        intersections_to_cells,
    )

    finder = TableFinder.__new__(TableFinder)
    finder.page = page
    finder.settings = TableSettings.resolve(settings)
    edges = finder.get_edges()
    verticals = sum(1 for e in edges if e["orientation"] == "v")
    if verticals * (len(edges) - verticals) > MAX_CROSSINGS:
        return []
    points = edges_to_intersections(
        edges, finder.settings.intersection_x_tolerance, finder.settings.intersection_y_tolerance
    )
    if len(points) > MAX_CORNERS:
        return []
    return [Table(page, group) for group in _cells_to_tables(intersections_to_cells(points))]


def _cells_to_tables(cells: list[Box]) -> list[list[Box]]:
    """Cells grouped by shared corners (connected components), as pdfplumber's ``cells_to_tables``."""
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            j = owner.setdefault(corner, i)
            if j != i:
                a, b = root(i), root(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[int, list[Box]] = {}
    for i, cell in enumerate(cells):
        groups.setdefault(root(i), []).append(cell)
    tables = sorted(groups.values(), key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def _follows(previous: Char, char: Char) -> bool:
    """``char`` comes right after ``previous`` on the same line."""
    return (
        abs(float(char["top"]) - float(previous["top"])) < 1.0
        and abs(float(char["x0"]) - float(previous["x1"])) < 1.0
    )


def _is_blank_rect(rect: dict[str, Any]) -> bool:
    """A white filled area without a stroke (a page or cell background): no ruling line."""
    if rect.get("stroke") or not rect.get("fill"):
        return False
    colour = rect.get("non_stroking_color")
    values = tuple(colour) if isinstance(colour, (list, tuple)) else (colour,)
    return values in ((1,), (1, 1, 1), (0, 0, 0, 0), (1.0,), (1.0, 1.0, 1.0))


class _Ruled:
    """Horizontal edges by their height, so that the edges along one line are found by bisection
    (scanning them all for every cell was quadratic: 3,000 rectangles on a page took 36 s)."""

    def __init__(self, edges: Sequence[dict[str, Any]]) -> None:
        self.edges = sorted(edges, key=lambda e: float(e["top"]))
        self.tops = [float(e["top"]) for e in self.edges]

    def near(self, y: float) -> list[dict[str, Any]]:
        """The edges within ``_EDGE_TOLERANCE`` of height ``y``."""
        start = bisect_left(self.tops, y - _EDGE_TOLERANCE)
        end = bisect_right(self.tops, y + _EDGE_TOLERANCE)
        return self.edges[start:end]


def _is_ruled(ruled: _Ruled, box: Box) -> bool:
    """A horizontal ruling line runs along the top of ``box`` (most of its width)."""
    x0, top, x1, _bottom = box
    covered = 0.0
    for edge in ruled.near(top):
        covered += max(0.0, min(float(edge["x1"]), x1) - max(float(edge["x0"]), x0))
    return covered >= 0.6 * (x1 - x0)


def _box(cell: Sequence[float]) -> Box:
    x0, top, x1, bottom = cell
    return float(x0), float(top), float(x1), float(bottom)


def _without_furniture(lines: list[_Line], height: float) -> list[_Line]:
    """The page's lines (top to bottom) without its page number: a line that reads as one, first or
    last on the page, in the top or bottom margin, and -- unless it says 页 -- standing apart from the
    text (more than two lines' space), as a footer does and a table's last digit does not."""
    kept = list(lines)
    for index in (len(kept) - 1, 0):
        if not kept or index >= len(kept):
            continue
        line = kept[index]
        if not _FURNITURE.match(line.text):
            continue
        bottom = index == len(kept) - 1 and line.top > height * (1 - _MARGIN_SHARE)
        top = index == 0 and line.bottom < height * _MARGIN_SHARE
        if not (bottom or top):
            continue
        neighbour = kept[index - 1] if bottom and index > 0 else (kept[1] if top and len(kept) > 1 else None)
        gap = abs(line.top - neighbour.top) if neighbour is not None else float("inf")
        if "页" in line.text or gap > 2.5 * _size(line):
            del kept[index]
    return kept


def _edges(values: Sequence[float]) -> list[float]:
    """Distinct positions, those within ``_EDGE_TOLERANCE`` of each other taken as one."""
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > _EDGE_TOLERANCE:
            edges.append(value)
    return edges


def _index(edges: list[float], value: float) -> int:
    """The index of the edge nearest ``value``."""
    i = bisect_right(edges, value)
    if i == 0:
        return 0
    if i == len(edges):
        return len(edges) - 1
    return i if edges[i] - value < value - edges[i - 1] else i - 1


class _TableBoxes:
    """One table on a page: its cell boxes on the grid they define, and the characters in each."""

    def __init__(self, boxes: list[Box], ruled: _Ruled) -> None:
        self.columns = _edges([b[0] for b in boxes] + [b[2] for b in boxes])
        self.row_edges = _edges([b[1] for b in boxes] + [b[3] for b in boxes])
        self.left, self.right = self.columns[0], self.columns[-1]
        self.top, self.bottom = self.row_edges[0], self.row_edges[-1]
        self.cells: dict[tuple[int, int], tuple[int, int, Box]] = {}  # (row, col) -> (rowspan, colspan, box)
        taken: set[tuple[int, int]] = set()
        for box in sorted(boxes, key=lambda b: (b[1], b[0])):
            c0, c1 = _index(self.columns, box[0]), _index(self.columns, box[2])
            r0, r1 = _index(self.row_edges, box[1]), _index(self.row_edges, box[3])
            if c1 <= c0 or r1 <= r0:
                continue
            slots = {(r, c) for r in range(r0, r1) for c in range(c0, c1)}
            if slots & taken:
                continue
            taken |= slots
            self.cells[(r0, c0)] = (r1 - r0, c1 - c0, box)
        self.chars: dict[tuple[int, int], list[Char]] = {}
        # Cells whose top edge is not ruled: the lower part of a merged cell a page break cut.
        self.open_top = {key for key, (_rs, _cs, box) in self.cells.items() if not _is_ruled(ruled, box)}
        order = sorted(self.cells.items(), key=lambda kv: (kv[1][2][1], kv[1][2][0]))
        self._rank = {key: rank for rank, (key, _cell) in enumerate(order)}
        self._slots: dict[tuple[int, int], tuple[int, int]] = {}  # grid slot -> the cell covering it
        for (r0, c0), (rowspan, colspan, _box) in self.cells.items():
            for r in range(r0, r0 + rowspan):
                for c in range(c0, c0 + colspan):
                    self._slots[(r, c)] = (r0, c0)

    def take(self, char: Char, cx: float, cy: float) -> list[Char] | None:
        """Give ``char`` to the cell holding its centre (the first, top to bottom and left to right,
        when boxes touch); that cell's characters, or None. The cells near the point are found on the
        grid by bisection (a box's sides lie within the tolerance of its grid lines), not by a scan."""
        if not (self.left <= cx <= self.right and self.top <= cy <= self.bottom):
            return None
        row = bisect_right(self.row_edges, cy) - 1
        column = bisect_right(self.columns, cx) - 1
        best: tuple[int, int] | None = None
        for r in (row - 1, row, row + 1):
            for c in (column - 1, column, column + 1):
                key = self._slots.get((r, c))
                if key is None or (best is not None and self._rank[key] >= self._rank[best]):
                    continue
                box = self.cells[key][2]
                if box[0] <= cx <= box[2] and box[1] <= cy <= box[3]:
                    best = key
        if best is None:
            return None
        found = self.chars.setdefault(best, [])
        found.append(char)
        return found

    def build(self, page: int, own: bool = False) -> _Table:
        n_rows, n_cols = len(self.row_edges) - 1, len(self.columns) - 1
        lines = {key: _cell_lines(chars) for key, chars in self.chars.items()}
        base = _base_pitches(lines.values())
        owner: dict[tuple[int, int], tuple[int, int]] = {}
        for (r0, c0), (rowspan, colspan, _box) in self.cells.items():
            for r in range(r0, r0 + rowspan):
                for c in range(c0, c0 + colspan):
                    owner[(r, c)] = (r0, c0)
        # The cells' inner margin: the least a line stands off its cell's left edge.
        padding = min((ln.x0 - self.cells[key][2][0] for key, ls in lines.items() for ln in ls), default=0.0)
        padding = max(0.0, min(padding, _MAX_CELL_PADDING))
        last_row = [
            (key, box) for key, (rowspan, _cs, box) in self.cells.items() if key[0] + rowspan == n_rows
        ]
        rows: list[list[GridCell]] = []
        for r in range(n_rows):
            row: list[GridCell] = []
            c = 0
            while c < n_cols:
                start = owner.get((r, c))
                if start is None:  # a hole in the ruling: an empty cell of one column
                    row.append(GridCell(text="", page=page))
                    c += 1
                    continue
                rowspan, colspan, box = self.cells[start]
                if start[0] == r:
                    text = _cell_text(lines.get(start, []), box, base, own)
                    row.append(GridCell(text=text, rowspan=rowspan, colspan=colspan, page=page))
                else:
                    row.append(GridCell(text="", colspan=colspan, page=page))
                c = start[1] + colspan
            rows.append(row)
        return _Table(
            page=page,
            top=self.top,
            bottom=self.bottom,
            columns=self.columns,
            rows=rows,
            open_top={(r, c) for r, c in self.open_top if r == 0},
            own=own,
            ends_full={box[0]: _ends_full(lines.get(key, []), box) for key, box in last_row},
            room={box[0]: _room(lines[key], box, padding) for key, box in last_row if lines.get(key)},
            ends_low={box[0]: _ends_low(lines[key], box) for key, box in last_row if lines.get(key)},
            first_words={
                (key[0], box[0]): _first_word_width(lines[key][0])
                for key, (_rs, _cs, box) in self.cells.items()
                if lines.get(key)
            },
        )


# --------------------------------------------------------------------------- text


def _lines(chars: Sequence[Char]) -> list[_Line]:
    """Characters grouped into lines (top to bottom), each line's characters left to right."""
    ordered = sorted(chars, key=lambda c: (float(c["top"]), float(c["x0"])))
    lines: list[list[Char]] = []
    for char in ordered:
        top, size = float(char["top"]), float(char.get("size") or 10.0)
        if lines:
            last = lines[-1]
            middle = (float(last[0]["top"]) + float(last[0]["bottom"])) / 2
            if top <= middle and float(char["bottom"]) > float(last[0]["top"]) - 0.2 * size:
                last.append(char)
                continue
        lines.append([char])
    result = []
    for group in lines:
        group.sort(key=lambda c: float(c["x0"]))
        result.append(_Line(chars=group, text=_line_text(group)))
    return result


def _line_text(chars: Sequence[Char]) -> str:
    parts: list[str] = []
    previous: Char | None = None
    for char in chars:
        text = str(char["text"])
        if previous is not None:
            gap = float(char["x0"]) - float(previous["x1"])
            size = float(char.get("size") or 10.0)
            if gap > 0.5 * size and not text.isspace() and not str(previous["text"]).isspace():
                parts.append(" ")
        parts.append(text)
        previous = char
    return "".join(parts)


def _char_width(char: Char) -> float:
    return float(char["x1"]) - float(char["x0"])


Pitches = dict[tuple[tuple[str, ...], tuple[str, ...]], float]  # by the fonts of both lines


def _fonts(line: _Line) -> tuple[str, ...]:
    """The font families and sizes a line is set in (a subset's ``ABCDEF+`` prefix dropped)."""
    return tuple(
        sorted(
            {
                f"{str(c.get('fontname', '')).partition('+')[2] or c.get('fontname', '')}@{_char_size(c):g}"
                for c in line.chars
            }
        )
    )


def _char_size(char: Char) -> float:
    return round(float(char.get("size") or 10.0), 1)


def _base_pitches(cells: Iterable[list[_Line]]) -> Pitches:
    """The distance between wrapped lines, for each pair of font sets a line and the next are set
    in: a word processor spaces lines by the fonts on them (a line with CJK glyphs stands taller than
    one of Latin digits only), so a pitch tells a paragraph break only against wrapped lines of the
    same fonts."""
    by_fonts: dict[tuple[tuple[str, ...], tuple[str, ...]], list[float]] = {}
    for lines in cells:
        for a, b in itertools.pairwise(lines):
            by_fonts.setdefault((_fonts(a), _fonts(b)), []).append(b.top - a.top)
    found: Pitches = {}
    for key, pitches in by_fonts.items():
        pitch = _base_pitch(pitches)
        if pitch is not None:
            found[key] = pitch
    return found


def _base_pitch(pitches: Sequence[float]) -> float | None:
    """The distance between wrapped lines: the smallest line pitch seen at least twice (within 0.6 pt)."""
    ordered = sorted(p for p in pitches if p > 0)
    for i, pitch in enumerate(ordered):
        if i + 1 < len(ordered) and ordered[i + 1] - pitch <= 0.6:
            return pitch
    return None


def _cell_lines(chars: list[Char]) -> list[_Line]:
    return [line for line in _lines(chars) if line.text.strip(" ")]


def _size(line: _Line) -> float:
    return max(float(c.get("size") or 10.0) for c in line.chars)


def _new_paragraph_by_spacing(line: _Line, following: _Line) -> bool:
    """In a PDF jixiao wrote: ``following`` is further below ``line`` than a wrapped line would be."""
    pitch = following.top - line.top
    wrapped = WRITER_LINE_HEIGHT * max(_size(line), _size(following))
    return pitch > wrapped + WRITER_PARAGRAPH_GAP / 2


def _cell_text(lines: list[_Line], box: Box, bases: Pitches, own: bool = False) -> str:
    """The cell's lines, joined without separator where the layout wrapped, with \n where the author
    broke the line: the line ends short of the cell's right edge, or (where the document spaces its
    paragraphs, as ``jixiao.render.html`` does) the next line is further down than a wrapped one."""
    if not lines:
        return ""
    padding = min(
        _MAX_CELL_PADDING,
        min(line.x0 - box[0] for line in lines),
        min(box[2] - line.x1 for line in lines),
    )
    right = box[2] - max(padding, 0.0)
    parts = [lines[0].text]
    for line, following in itertools.pairwise(lines):
        # Spaces count: a run of spaces at a wrap hangs to (or past) the right edge.
        full = _no_room(right - line.x1, _first_word_width(following) + _autospace(line, following))
        pitch = following.top - line.top
        base = bases.get((_fonts(line), _fonts(following)))
        if own:
            spaced = _new_paragraph_by_spacing(line, following)
            base = WRITER_LINE_HEIGHT * _size(line)
            hard = spaced
        else:
            spaced = base is not None and pitch > base + _PARAGRAPH_GAP
            hard = spaced or not full
        if hard:
            parts[-1] = parts[-1].rstrip(" ")
            blank = int((pitch - base) / base + 0.3) if spaced and base else 0
            parts.append("\n" * (1 + blank))
        parts.append(following.text)
    return "".join(parts).rstrip(" ")


def _autospace(line: _Line, following: _Line) -> float:
    """The space Word and LibreOffice put between CJK text and Latin letters or digits (about a fifth
    of an em, "autospace"): what ``following``'s start would have needed more after ``line``'s end."""
    ink = [c for c in line.chars if not str(c["text"]).isspace()]
    if not ink:
        return 0.0
    last, first = str(ink[-1]["text"]), str(_first_ink(following)["text"])
    if _is_latin(last) == _is_latin(first) or not (last.isalnum() and first.isalnum()):
        return 0.0
    return 0.2 * _size(following)


def _no_room(room: float, needed: float) -> bool:
    """What ``needed`` points of text did not fit in ``room``: a layout wraps a line when the next
    word does not fit, and measures with a little play (a word exactly as wide as the room wraps)."""
    return room < needed * 1.03 + 0.5


def _room(lines: list[_Line], box: Box, padding: float) -> float:
    """The room the cell's last line leaves after it: up to the cell's right edge less the margin its
    lines keep on the left; for a centred cell (its lines as far from either edge, or set off by
    full-width spaces) the room on both sides, inside the table's ``padding``."""
    lefts = [float(_first_ink(line)["x0"]) - box[0] for line in lines]
    rights = [box[2] - _last_ink(line) for line in lines]
    last = lines[-1]
    ink = _last_ink(last) - float(_first_ink(last)["x0"])
    if min(lefts) > padding + 1.0 and all(abs(a - b) <= 1.0 for a, b in zip(lefts, rights, strict=True)):
        return box[2] - box[0] - 2 * padding - ink
    return box[2] - max(0.0, min(min(lefts), _MAX_CELL_PADDING)) - _last_ink(last)


def _ends_low(lines: list[_Line], box: Box) -> bool:
    """The cell's last line stands at its bottom: there is no room for another line under it."""
    last = lines[-1]
    return box[3] - last.bottom < _size(last)


def _ends_full(lines: list[_Line], box: Box) -> bool:
    """The cell's last line leaves no room for a character after it (its text may go on elsewhere)."""
    if not lines:
        return False
    padding = min(_MAX_CELL_PADDING, min(line.x0 - box[0] for line in lines))
    last = lines[-1]
    # Room for an opening bracket and the character after it: what a wrap most often leaves.
    return _no_room(box[2] - max(padding, 0.0) - last.x1, 1.5 * _size(last))


def _first_ink(line: _Line) -> Char:
    return next((c for c in line.chars if not str(c["text"]).isspace()), line.chars[0])


def _last_ink(line: _Line) -> float:
    ink = [c for c in line.chars if not str(c["text"]).isspace()]
    return float(ink[-1]["x1"]) if ink else line.x1


# --------------------------------------------------------------------------- the document


def _grid(pages: list[_Page], file: str) -> Grid:
    right_edge = _text_right_edges(pages)
    pitch = _body_pitch(pages)
    left_edge = _text_left_edges(pages)
    blocks: list[Block] = []
    tables: list[GridTable] = []
    previous: _Table | None = None
    columns: list[float] = []  # the column edges of the last table, stitched parts included
    paragraph: list[_Line] = []
    paragraph_page = 0

    def close_paragraph() -> None:
        nonlocal paragraph
        if paragraph:
            blocks.append(Paragraph(text=_join_lines(paragraph), page=paragraph_page))
        paragraph = []

    edge = 0.0
    for page in pages:
        previous_edge, edge = edge, right_edge.get(round(page.width), page.width * 0.8)
        for index, (_top, item) in enumerate(page.items):
            if isinstance(item, _Line):
                if index == 0 and paragraph:
                    # The page before ended in text: it goes on here if its last line was full.
                    indented = item.x0 - left_edge.get(round(page.width), 0.0) > 1.5 * _size(item)
                    if indented or not _full(paragraph[-1], item, previous_edge):
                        close_paragraph()
                elif paragraph and not _continues(paragraph[-1], item, edge, page.own, pitch):
                    close_paragraph()
                if not paragraph:
                    paragraph_page = page.number
                paragraph.append(item)
                previous = None
                continue
            close_paragraph()
            if previous is not None and _continues_table(previous, item):
                merged, columns = _stitch(tables[-1], columns, previous, item)
                tables[-1] = merged
                blocks[-1] = merged
                item.columns = columns
            else:
                columns = item.columns
                table = GridTable(
                    index=len(tables) + 1,
                    rows=tuple(tuple(r) for r in item.rows),
                    page=item.page,
                    widths=_widths(item.columns),
                )
                tables.append(table)
                blocks.append(table)
            previous = item
    close_paragraph()
    return Grid(file=file, blocks=tuple(blocks))


def _widths(columns: list[float]) -> tuple[float, ...]:
    total = columns[-1] - columns[0]
    if total <= 0:
        return ()
    return tuple(round((b - a) / total, 4) for a, b in itertools.pairwise(columns))


def _text_right_edges(pages: list[_Page]) -> dict[int, float]:
    """Per page width (portrait and landscape differ), the right edge of the text column."""
    edges: dict[int, float] = {}
    for page in pages:
        key = round(page.width)
        for line in page.lines:
            # Closing punctuation may hang past the edge (LibreOffice's and Word's CJK layout does).
            if _last_ink_text(line) not in _NO_LINE_START:
                edges[key] = max(edges.get(key, page.width * 0.8), _last_ink(line))
    return edges


def _last_ink_text(line: _Line) -> str:
    ink = [c for c in line.chars if not str(c["text"]).isspace()]
    return str(ink[-1]["text"]) if ink else ""


def _text_left_edges(pages: list[_Page]) -> dict[int, float]:
    """Per page width, the left edge of the text column (paragraphs' first lines are indented from it)."""
    edges: dict[int, float] = {}
    for page in pages:
        key = round(page.width)
        for line in page.lines:
            edges[key] = min(edges.get(key, line.x0), line.x0)
    return edges


def _body_pitch(pages: list[_Page]) -> float:
    """The most common distance between consecutive text lines outside tables (0 when none): a
    document on a line grid (as Word's CJK documents are) spaces its lines wider than the font asks."""
    counts: dict[float, int] = {}
    for page in pages:
        for a, b in itertools.pairwise(page.lines):
            pitch = round(b.top - a.top, 1)
            if 0 < pitch < 4 * _size(a):
                counts[pitch] = counts.get(pitch, 0) + 1
    return max(counts, key=lambda k: (counts[k], -k)) if counts else 0.0


def _continues(previous: _Line, line: _Line, edge: float, own: bool = False, body: float = 0.0) -> bool:
    """``line`` wraps the paragraph of ``previous``: no paragraph spacing between them (a PDF jixiao
    wrote), or that line was full to the right edge (any other PDF)."""
    if own:
        return line.top - previous.top > 0 and not _new_paragraph_by_spacing(previous, line)
    if not _full(previous, line, edge):
        return False
    pitch = line.top - previous.top
    size = max(float(c.get("size") or 10.0) for c in previous.chars)
    # On a line grid, wrapped lines stand exactly the document's usual pitch apart.
    return 0 < pitch < 2.2 * size or abs(pitch - body) <= _PARAGRAPH_GAP


_NO_LINE_START = set("）)》」』】〕〉，。、；：！？%％,.;:!?”’·…")
_NO_LINE_END = set("（(《「『【〔〈“‘")


def _full(previous: _Line, line: _Line, edge: float) -> bool:
    """``previous`` ends so near ``edge`` that the start of ``line`` could not have fitted after it."""
    return _no_room(edge - _last_ink(previous), _first_word_width(line))


def _first_word_width(line: _Line) -> float:
    """Width of what the layout would have had to fit on the line before: the first character, with
    the closing punctuation that may not start a line after it, or the first run of Latin letters and
    digits; an opening bracket brings the character after it."""
    chars = [c for c in line.chars if not str(c["text"]).isspace()]
    if not chars or str(line.chars[0]["text"]).isspace():
        return 0.0  # a layout never starts a wrapped line with a space: this line was begun so
    first = chars[0]
    end = float(first["x1"])
    latin = _is_alphabetic(str(first["text"])) and str(first["text"]) not in _NO_LINE_END
    take_next = str(first["text"]) in _NO_LINE_END
    # A Latin opening bracket holds its words up to the closing one ("(万元)"), as word processors lay
    # it out (a Latin run is not broken inside).
    bracketed = str(first["text"]) == "("
    for char in chars[1:]:
        text = str(char["text"])
        adjacent = float(char["x0"]) - end <= 0.2 * float(char.get("size") or 10)
        if not adjacent:
            break
        if bracketed:
            end = float(char["x1"])
            bracketed = text != ")"
            continue
        if take_next or text in _NO_LINE_START or (latin and _is_alphabetic(text)):
            end = float(char["x1"])
            if take_next:  # what an opening bracket brought: a run of digits goes on (〔2015〕)
                latin = _is_alphabetic(text) and text not in _NO_LINE_END
            take_next = text in _NO_LINE_END
            continue
        break
    return end - float(first["x0"])


def _is_alphabetic(text: str) -> bool:
    """Letters, digits and signs a line is not broken between (Latin, Greek, maths such as ``≥``),
    unlike CJK characters, after any of which a line may break."""
    return not text.isspace() and all(ord(ch) < 0x2E80 for ch in text)


def _is_latin(text: str) -> bool:
    return text.isascii() and not text.isspace()


def _join_lines(lines: list[_Line]) -> str:
    text = lines[0].text.rstrip(" ")
    for line in lines[1:]:
        following = line.text.rstrip(" ")
        wraps_word = text and following and _is_latin(text[-1]) and _is_latin(following[0])
        text += (" " if wraps_word and unicodedata.category(text[-1])[0] in "LN" else "") + following
    return text


def _continues_table(previous: _Table, table: _Table) -> bool:
    """``table`` opens its page where ``previous`` ended the page before, on the same outer edges, and
    one's column edges are among the other's (a continuation may split or join columns)."""
    if not (previous.last_on_page and table.first_on_page and table.page == previous.page + 1):
        return False
    near = _EDGE_TOLERANCE * 2
    if (
        abs(previous.columns[0] - table.columns[0]) > near
        or abs(previous.columns[-1] - table.columns[-1]) > near
    ):
        return False
    few, many = sorted((previous.columns, table.columns), key=len)
    return all(any(abs(a - b) <= near for b in many) for a in few)


def _stitch(
    table: GridTable, columns: list[float], before: _Table, part: _Table
) -> tuple[GridTable, list[float]]:
    """``part`` appended to ``table``, without the rows that repeat ``table``'s first rows; both on
    the union of their column edges."""
    edges = _edges(columns + part.columns)
    head = _regrid(table.rows, columns, edges)
    rows = _regrid(part.rows, part.columns, edges)
    repeated = 0
    for k in range(1, min(len(rows), len(head), 4)):
        if _texts(rows[:k]) == _texts(head[:k]):
            repeated = k
    where = [_index(edges, x) for x in part.columns]
    cut = {where[c] for r, c in part.open_top if r == 0} if repeated == 0 else set()
    ends_full = {_index(edges, x): full for x, full in before.ends_full.items()}
    if not cut and not part.own and len(rows) > repeated and head:
        # Where the text goes on as a wrapped line: the start of the cell below would not have
        # fitted after the last line before the break (measured as ``_cell_text`` measures a wrap).
        for x in before.room:
            wraps = _wraps(before, part, x, part.columns[_index(part.columns, x)], repeated)
            if wraps is not None:
                ends_full[_index(edges, x)] = wraps
        first = rows[repeated]
        if (repeated == 0 and _continues_row(first, ends_full)) or _split_row(
            before, part, first, head[-1], repeated
        ):
            cut = set(itertools.accumulate((c.colspan for c in first), initial=0))
    stitched = _join_cut_cells(list(head), list(rows[repeated:]), cut, ends_full)
    return msgspec.structs.replace(table, rows=stitched, widths=_widths(edges)), edges


def _split_row(
    before: _Table, part: _Table, row: Sequence[GridCell], above: Sequence[GridCell], index: int
) -> bool:
    """In a PDF from Word, WPS or LibreOffice, which rule both parts of a row a page break splits
    (also where the break falls at the author's own line break, so no line before it is full):
    ``row``, the continuation's ``index``-th row (under any repeated header), is the rest of
    ``above``, the last row before the break, when

    * the table's columns are the same on both pages and the two rows have the same cells;
    * ``row`` has text only under cells whose text ran down to the bottom of the page's part, or
      under cells that have no text there (a cell whose first line did not fit, a merged cell);
    * and the page cut the row rather than its end: some cell above ended higher (its text did not
      go on), or a cell above ended on a full line that the start of the text below would not have
      fitted after (a word wrapped over the break) while some other cell above has nothing below it
      (a new row fills its cells). Without a wrap, a cell of ``row`` under an empty cell is a new
      row's."""
    if len(before.columns) != len(part.columns) or any(
        abs(a - b) > _EDGE_TOLERANCE for a, b in zip(before.columns, part.columns, strict=True)
    ):
        return False
    if [c.colspan for c in row] != [c.colspan for c in above]:
        return False
    col = 0
    continued = under_empty = cut_short = wrapped = incomplete = False
    for cell, top in zip(row, above, strict=True):
        x = before.columns[col]
        low = before.ends_low.get(x, False)
        if cell.text.strip():
            continued = True
            if not top.text.strip():
                under_empty = True
            elif not low:
                return False
            else:
                wrapped |= _wraps(before, part, x, part.columns[col], index) is True
        if top.text.strip() and not low:
            cut_short = True
        if top.text.strip() and not cell.text.strip():
            incomplete = True
        col += cell.colspan
    return continued and ((wrapped and incomplete) or (cut_short and not under_empty))


def _wraps(before: _Table, part: _Table, x: float, x_part: float, index: int) -> bool | None:
    """Whether the text of the cell at ``x`` on the page before goes on in the cell at ``x_part`` of
    ``part``'s row ``index`` as a wrapped line (its start would not have fitted after the last line);
    None when either cell has no text."""
    room, needed = before.room.get(x), part.first_words.get((index, x_part))
    if room is None or needed is None:
        return None
    return _no_room(room, needed)


def _continues_row(row: Sequence[GridCell], ends_full: dict[int, bool]) -> bool:
    """In a PDF from Word or LibreOffice, which rule both parts of a row a page break splits: the
    first row of the continuation is the rest of the row before the break when it has text only in
    columns whose cell above ended on a full line (its text went on), and in at least one."""
    col = 0
    continued = False
    for cell in row:
        if cell.text.strip():
            if not ends_full.get(col, False):
                return False
            continued = True
        col += cell.colspan
    return continued


def _join_cut_cells(
    head: list[tuple[GridCell, ...]],
    rows: list[tuple[GridCell, ...]],
    cut: set[int],
    ends_full: dict[int, bool],
) -> tuple[tuple[GridCell, ...], ...]:
    """Rows appended to ``head``, where the page break cut cells in two (their tops on the new page
    are not ruled: grid columns ``cut``). When the whole first row is cut, it is the rest of
    ``head``'s last row: each cell's text goes on in the cell above (on the same line where that one's
    last line was full) and the row goes. Otherwise each cut cell continues a merged cell above: that
    cell grows by its rows, and it becomes a placeholder."""
    if not cut or not head or not rows:
        return tuple(head + rows)
    owners = _owners(head)
    first = list(rows[0])
    starts = list(itertools.accumulate((c.colspan for c in first), initial=0))[:-1]
    fragment = all(col in cut for col in starts)
    for i, (cell, col) in enumerate(zip(first, starts, strict=True)):
        owner = owners.get((len(head) - 1, col))
        if col not in cut or owner is None:
            continue
        r, k = owner
        top = head[r][k]
        text = top.text
        if cell.text.strip():
            separator = "" if ends_full.get(col, True) or not text else "\n"
            text = text + separator + cell.text
        grow = cell.rowspan - 1 if fragment else cell.rowspan
        row = list(head[r])
        row[k] = msgspec.structs.replace(top, rowspan=top.rowspan + grow, text=text)
        head[r] = tuple(row)
        first[i] = GridCell(text="", colspan=cell.colspan, page=cell.page)
    if fragment:
        return tuple([*head, *rows[1:]])
    return tuple([*head, tuple(first), *rows[1:]])


def _owners(rows: Sequence[Sequence[GridCell]]) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, grid column) -> (row, index) of the cell that covers it, merges followed down."""
    owners: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(rows):
        col = 0
        for k, cell in enumerate(row):
            if (r, col) not in owners:
                for below in range(cell.rowspan):
                    owners[(r + below, col)] = (r, k)
            col += cell.colspan
    return owners


def _regrid(
    rows: Sequence[Sequence[GridCell]], columns: list[float], edges: list[float]
) -> tuple[tuple[GridCell, ...], ...]:
    """Rows on ``columns`` moved onto the finer ``edges``: each cell's colspan counts the new columns."""
    if len(columns) == len(edges):
        return tuple(tuple(row) for row in rows)
    where = [_index(edges, x) for x in columns]
    out = []
    for row in rows:
        cells = []
        start = 0
        for cell in row:
            end = min(start + cell.colspan, len(where) - 1)
            span = max(1, where[end] - where[start])
            cells.append(cell if span == cell.colspan else msgspec.structs.replace(cell, colspan=span))
            start = end
        out.append(tuple(cells))
    return tuple(out)


def _texts(rows: Sequence[Sequence[GridCell]]) -> list[list[tuple[str, int, int]]]:
    return [[(c.text, c.colspan, c.rowspan) for c in row] for row in rows]


def _page_text(pages: list[_Page]) -> str:
    """Every line of every page, tables flattened line by line, for the PDF-text recognisers."""
    out: list[str] = []
    for page in pages:
        out.append("\n".join(page.all_lines))
    return "\n\f".join(out) + "\n"
