"""Scanned pages (no text layer) read by OCR, offline: the optional extra ``pip install jixiao[ocr]``.

Engine. ``rapidocr`` with ``onnxruntime``: the PP-OCR Chinese detection and recognition models ship
inside the rapidocr wheel and run on the CPU; nothing is fetched at run time. Without the extra, a
document that is only scans raises ``ocr_not_installed`` (with the install command); a document
where only some pages are scans is read from its other pages and says so in ``Dossier.notes``.

A page, step by step (``read_scanned_page``):

1. Rasterised by pdfium at ``DPI`` (200) as an image.
2. The seal. Red ink (HSV: hue near 0/180, saturated, bright) forming a round blot a seal's size
   (0.6-2.8 inches across, about as wide as tall) is a seal: within it every reddish pixel becomes
   the grey of its red channel, light ink whitened, before anything else reads the page (black print
   under the red, printed before the stamp, stays dark, so a ruling line or a figure the ring crosses
   is kept), and the page is noted (``第 4 页有公章``). Other red (a red-headed document's title, a red
   rule) is left alone.
3. Straightened. The ruling lines (long horizontal runs, found by a morphological opening) give the
   page's tilt (each long rule fitted by least squares, ``_skew``); a page turned by up to
   ``MAX_SKEW`` degrees is turned back.
4. Ruling lines: horizontal and vertical runs (openings with kernels of ``LINE_SHARE`` of an inch,
   longer than a body character's stroke), their positions clustered into the grid's row and column
   lines per table (a connected group of lines holding a rule of at least ``TABLE_RULE`` of an inch:
   a large title's strokes are not a table). Two neighbouring grid slots with no line drawn
   between them are one merged cell; a merge that is not a rectangle is read as its single slots.
5. Text read line by line (``MODE = "lines"``, ``jixiao.ingest.ocr_lines``). A ruled cell is already a
   text region: its ink (dark pixels off the ruling lines) is cut into lines by its horizontal
   projection, each line trimmed to its ink (a run of columns with a speck's ink and no strong ink, a
   seal's remains, is not text) and padded as the detector pads a box, and the line crops go to the
   recognition model directly, without text detection. What is not a plain cell (text outside the
   tables, a cell whose projection is ambiguous: a run taller than 1.5 body lines) is detected band by
   band, its boxes trimmed and padded the same way. All the lines of a page are recognised together,
   in batches of like width (a batch is padded to its widest line). Each character, with its box
   (from the columns the recogniser read it at) and confidence, goes to the cell holding its centre
   (``jixiao.ingest.pdf`` then builds the same merged-cell ``GridTable`` it builds from a text layer,
   and joins the lines of a cell and of the text the same way). ``MODE = "page"`` detects and
   recognises the whole page at once (the way before ``lines``: same accuracy, see Cost). Measured
   against OCR'ing each cell alone (``MODE = "cell"``, seed 001's form scanned at 150 dpi): one pass
   read 38/38 figures and 81/82 cells exact in 9.9 s; cell by cell 17/38 figures (21 left blank: the
   detector misses a lone digit in a small crop) and 57/82 cells in 174 s.

Cost (``bench/ocr_bench.py``, CPU seconds of the reading process, seeds 001 and 004 at 200 dpi, one
onnxruntime thread, the models loaded before the reading is timed): ``MODE = "lines"`` 1.34-1.45 s a
page against 2.20-2.28 s for ``"page"`` in the same runs (the range: runs on a shared machine), of
which recognition about 0.9 s, the detection of the text outside tables 0.2 s and the image work
(seal, ruling, tables) 0.2 s; ``"page"`` spent about 0.7 s detecting text over the whole page. Peak
memory 450-490 MiB against 640-820. Before detection was done at ``DET_SIDE`` and lines recognised at
their own width (``REC_MIN_WIDTH``), 7.7 s. Accuracy (``bench/ocr_accuracy.py --mode page --mode
lines``, seeds 000, 001, 002, 004 at 150 and 200 dpi, 28 pages): both 577/578 figures exact, none
wrong without an O001 flag; cells exact 1071/1072 by lines, 1070/1072 by page; 1.37 against 2.29 CPU s
a page. With ``DET_SIDE = 1024`` (page) 574/578 (a figure left blank, three flagged), so 1280 is kept.

Confidence. Every cell keeps the least confidence of its characters (``GridCell.confidence`` ->
``Location.confidence``); the audit check O001 (``jixiao.audit.checks_ocr``) asks for a look at each
figure read below ``REVIEW_BELOW`` (read by lines, a run of digits rapidocr places as one piece has
its least confident digit's score, not its first's). A digit read below ``UNREADABLE`` is not
guessed: the whole cell (a figure's, up to ``FIGURE_CHARS`` characters) is left blank, keeps that
confidence, and is reported; a passage keeps its words and is flagged as a whole.

Coordinates handed to ``jixiao.ingest.pdf`` are PDF points (pixels x 72 / DPI after straightening).
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

import msgspec

from jixiao.ingest.limits import Limits
from jixiao.model.grid import Grid, GridCell
from jixiao.model.source import Location

DPI = 200
MODE = "lines"  # "lines": cells cut into lines (module doc, 5); "page": the page OCR'd at once; "cell": cell by cell
MAX_SKEW = 3.0  # degrees: a scan turned more than this is not straightened (a photo, not a scan)
LINE_SHARE = 0.2  # inches: a ruling run is at least this long (a 10.5 pt character's stroke is < 0.15)
TABLE_RULE = 0.6  # inches: a table has a rule at least this long (a 16 pt title's bridged strokes: 0.43)
REVIEW_BELOW = 0.9  # a figure read with less confidence is flagged for review (O001)
UNREADABLE = 0.5  # a digit read with less confidence is not taken: its cell is left blank
FIGURE_CHARS = 30  # a cell of at most this many characters holds a figure, not a passage
_SEAL_SHRINK = 4  # a seal's blot is found on the red mask shrunk by this factor (it is 120+ pixels wide)
_BOX_SCORE = 0.3  # text boxes the recogniser scores below this are noise (a seal's remains, specks)


# onnxruntime's threads a session; None: its default, one per core. ``JIXIAO_OCR_THREADS`` sets it for
# the processes a batch starts: with one worker per core, one thread each does the same work with
# 20–25% less CPU than every worker using every core (measured, bench/ocr_bench.py).
def _threads_from_environment() -> int | None:
    text = os.environ.get("JIXIAO_OCR_THREADS", "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else None


THREADS: int | None = None  # set here to override ``JIXIAO_OCR_THREADS`` (read when the engine is made)
DET_SIDE = 1280  # pixels: text is detected on the page scaled to this longer side (measured, module doc)
REC_MIN_WIDTH = 48  # pixels: the narrowest a line is recognised at (rapidocr's default pads it to 320)

INSTALL_COMMAND = "pip install 'jixiao[ocr]'"
NOT_INSTALLED_MESSAGE = (
    "此 PDF 为扫描件（没有文字层），需要 OCR 识别，但本机未安装 OCR 组件；"
    f"请执行 {INSTALL_COMMAND} 后重试，或提供原始的 Word/Excel 文件"
)

Char = dict[str, Any]  # as pdfplumber's: text, x0, x1, top, bottom, size, fontname; plus "score"
Box = tuple[float, float, float, float]  # x0, top, x1, bottom, in points

Progress = Callable[[int, int], None]  # (pages OCR'd so far, pages to OCR)
_PROGRESS: ContextVar[Progress | None] = ContextVar("jixiao_ocr_progress", default=None)


@contextmanager
def ocr_progress(callback: Progress) -> Iterator[None]:
    """Within the block, ``callback(done, total)`` is called before the first and after each scanned
    page is OCR'd (so a command-line progress bar can follow a long scan): ``with ocr_progress(cb):
    load_path(...)``."""
    token = _PROGRESS.set(callback)
    try:
        yield
    finally:
        _PROGRESS.reset(token)


_PREREAD: ContextVar[Mapping[int, ScannedPage] | None] = ContextVar("jixiao_ocr_preread", default=None)


@contextmanager
def preread_pages(pages: Mapping[int, ScannedPage]) -> Iterator[None]:
    """Within the block, a scanned page whose number is in ``pages`` is taken as read there (by
    ``read_scanned_page``, in another process or machine: ``jixiao batch --scheduler`` OCRs a long
    scan's pages as separate tasks) instead of being OCR'd again; the other pages are OCR'd as usual."""
    token = _PREREAD.set(pages)
    try:
        yield
    finally:
        _PREREAD.reset(token)


def report_progress(done: int, total: int) -> None:
    callback = _PROGRESS.get()
    if callback is not None:
        callback(done, total)


def available() -> bool:
    """Whether the OCR extra is installed (rapidocr, onnxruntime, OpenCV, numpy)."""
    try:
        import cv2  # noqa: F401
        import numpy  # noqa: F401
        import onnxruntime  # type: ignore[import-untyped]  # noqa: F401
        import rapidocr  # noqa: F401
    except ImportError:
        return False
    return True


def _engine() -> Any:
    """The recogniser, made once per process with ``THREADS`` onnxruntime threads."""
    threads = THREADS if THREADS is not None else _threads_from_environment()
    return _engine_with(threads, DET_SIDE, REC_MIN_WIDTH)


@cache
def _engine_with(threads: int | None, det_side: int, rec_min_width: int) -> Any:
    from rapidocr import RapidOCR

    params: dict[str, Any] = {
        "Global.log_level": "error",
        "Global.use_cls": False,  # scans are upright; straightening is done here
        "Global.text_score": _BOX_SCORE,
        "Global.return_word_box": True,  # a box and a confidence per character
        "Global.max_side_len": 2400,  # an A4 page at 200 dpi is not scaled down for recognition
        # Detection sees the page scaled to ``det_side`` on its longer side (the boxes are mapped back:
        # recognition reads the full-resolution crops).
        "Det.limit_type": "max",
        "Det.limit_side_len": det_side,
        # A line is recognised at 48 pixels high and as wide as it is (a batch as wide as its widest
        # line), not padded to at least 320 pixels: most cells hold a short figure.
        "Rec.rec_img_shape": [3, 48, rec_min_width],
    }
    if threads is not None:
        params["EngineConfig.onnxruntime.intra_op_num_threads"] = threads
        params["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
    return RapidOCR(params=params)


@dataclass
class ScannedPage:
    """What OCR read on one page, in PDF points: the characters (with their confidence), the cell
    boxes of each table found from its ruling lines, and the horizontal ruling segments."""

    number: int
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    tables: list[list[Box]] = field(default_factory=list)
    rules: list[dict[str, Any]] = field(default_factory=list)  # horizontal edges, pdfplumber-like
    seal: bool = False
    skew: float = 0.0  # degrees turned back


def rasterise(document: Any, index: int, dpi: int = DPI) -> Any:
    """Page ``index`` of a pypdfium2 document as a BGR image (numpy array)."""
    import numpy as np

    bitmap = document[index].render(scale=dpi / 72)
    try:
        if bitmap.mode == "BGR":  # pdfium's own order: taken as it is, one copy
            return np.array(bitmap.to_numpy(), copy=True)
        image = bitmap.to_pil().convert("RGB")
        return np.ascontiguousarray(np.asarray(image)[:, :, ::-1])
    finally:
        bitmap.close()


def read_scanned_page(image: Any, number: int, dpi: int = DPI) -> ScannedPage:
    """One page image read: seal removed, straightened, ruled tables found, OCR'd."""
    import cv2

    height_px, width_px = image.shape[:2]
    scale = 72.0 / dpi
    image, seal = remove_seal(image, dpi)
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    horizontal, vertical = _ruling(gray, dpi)
    skew = _skew(horizontal, width_px)
    if skew:
        image = _rotate(image, skew)
        gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        horizontal, vertical = _ruling(gray, dpi)
    page = ScannedPage(number=number, width=width_px * scale, height=height_px * scale, seal=seal, skew=skew)
    tables, rules = _tables(horizontal, vertical, dpi)
    page.tables = [[_points(box, scale) for box in boxes] for boxes in tables]
    page.rules = [
        {"x0": x0 * scale, "x1": x1 * scale, "top": y * scale, "bottom": y * scale, "orientation": "h"}
        for x0, x1, y in rules
    ]
    if MODE == "cell":
        page.chars = _cell_by_cell(image, tables, scale)
    elif MODE == "page":
        page.chars = _characters(_engine()(image), scale)
    else:
        page.chars = _by_lines(image, gray, horizontal, vertical, tables, dpi, scale)
    return page


def _by_lines(
    image: Any,
    gray: Any,
    horizontal: Any,
    vertical: Any,
    tables: list[list[tuple[int, int, int, int]]],
    dpi: int,
    scale: float,
) -> list[Char]:
    """``MODE = "lines"`` (``jixiao.ingest.ocr_lines``): each ruled cell's lines cut by its ink, without
    detection; what is left (text outside the tables, cells cut ambiguously) detected band by band;
    then every line of the page recognised together."""
    import cv2
    import numpy as np

    from jixiao.ingest import ocr_lines

    engine = _engine()
    _threshold, dark = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    # The tables' ruling, along the cells' edges only (within the slack a line may stray, and its
    # fringe): a large character's stroke is as long as a rule, and is ink elsewhere.
    edges = np.zeros_like(gray)
    for boxes in tables:
        for x0, y0, x1, y1 in boxes:
            cv2.rectangle(edges, (x0, y0), (x1, y1), 255, 2 * (max(2, dpi // 50) + 4))
    ruling = cv2.bitwise_and(cv2.bitwise_or(horizontal, vertical), edges)
    ink = (dark > 0) & (cv2.dilate(ruling, np.ones((5, 5), np.uint8)) == 0)  # off the ruling lines
    # Strong ink: darker than halfway from the threshold to the page's darkest ink (print has a dark
    # core; a seal's remains and a scan's specks are light all through: measured on the seeds' scans,
    # cores below 90 of 255, specks above 130).
    darkest = float(np.percentile(gray[dark > 0], 5)) if dark.any() else 0.0
    strong = gray < (darkest + _threshold) / 2
    clean = image.copy()  # the crops are taken with the ruling whitened (a line's fringe in a crop)
    clean[cv2.dilate(ruling, np.ones((3, 3), np.uint8)) > 0] = 255
    inset = max(2, dpi // 100)
    insides = [
        (x0 + inset, y0 + inset, x1 - inset, y1 - inset)
        for boxes in tables
        for x0, y0, x1, y1 in boxes
        if x1 - x0 > 2 * inset and y1 - y0 > 2 * inset
    ]
    heights = [
        bottom - top
        for x0, y0, x1, y1 in insides
        for top, bottom in ocr_lines.ink_runs(ink[y0:y1, x0:x1].sum(axis=1))
    ]
    line_height = ocr_lines.body_line_height(heights, dpi)
    speck = max(12, (dpi // 50) ** 2)
    lines: list[ocr_lines.LineBox] = []
    rest = ink.copy()  # ink not yet cut into lines
    hidden = image.copy()  # the page with the cells cut into lines whitened, for detection
    for x0, y0, x1, y1 in insides:
        found, ambiguous = ocr_lines.split_lines(ink[y0:y1, x0:x1], line_height, speck, strong[y0:y1, x0:x1])
        if ambiguous:
            continue  # left to detection with the text outside the tables
        rest[y0:y1, x0:x1] = False
        hidden[y0:y1, x0:x1] = 255
        for lx0, top, lx1, bottom in found:
            lines.append(ocr_lines.padded((x0 + lx0, y0 + top, x0 + lx1, y0 + bottom), (x0, y0, x1, y1)))
    lines += ocr_lines.detect_rest(engine, hidden, rest, line_height, speck)
    return _characters(ocr_lines.recognise(engine, clean, lines, _BOX_SCORE), scale)


def _cell_by_cell(image: Any, tables: list[list[tuple[int, int, int, int]]], scale: float) -> list[Char]:
    """The other way measured (``MODE = "cell"``, ``bench/ocr_accuracy.py``): each cell cropped inside
    its lines and OCR'd alone. Text outside tables is not read this way."""
    chars: list[Char] = []
    inset = 3
    for boxes in tables:
        for x0, y0, x1, y1 in boxes:
            if x1 - x0 <= 4 * inset or y1 - y0 <= 4 * inset:
                continue
            crop = image[y0 + inset : y1 - inset, x0 + inset : x1 - inset]
            chars += _characters(_engine()(crop), scale, (x0 + inset, y0 + inset))
    return chars


def _points(box: tuple[int, int, int, int], scale: float) -> Box:
    x0, y0, x1, y1 = box
    return (x0 * scale, y0 * scale, x1 * scale, y1 * scale)


# --------------------------------------------------------------------------- the seal


def remove_seal(image: Any, dpi: int = DPI) -> tuple[Any, bool]:
    """The image with the red of any seal whitened, and whether there was one (see the module doc)."""
    import cv2
    import numpy as np

    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    hue, saturation, value = hsv[:, :, 0], hsv[:, :, 1], hsv[:, :, 2]
    red = (((hue <= 12) | (hue >= 160)) & (saturation >= 70) & (value >= 90)).astype(np.uint8) * 255
    if int(np.count_nonzero(red)) < dpi * dpi * 0.02:
        return image, False
    # Join the ring and the characters of a seal into one blot; blots are found on the mask shrunk by
    # ``_SEAL_SHRINK`` (a block with any red is red), a seal being large: the closing and the labelling
    # at full size were half of this function's time.
    shrink = _SEAL_SHRINK
    height, width = red.shape
    small = cv2.resize(red, (max(1, width // shrink), max(1, height // shrink)), interpolation=cv2.INTER_AREA)
    size = max(3, int(dpi * 0.08) // shrink) | 1
    blots = cv2.morphologyEx(
        (small > 0).astype(np.uint8),
        cv2.MORPH_CLOSE,
        cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)),
    )
    count, _labels, stats, _centres = cv2.connectedComponentsWithStats(blots)
    found = False
    cleaned = image.copy()
    for label in range(1, count):
        x, y, w, h = (int(v) * shrink for v in stats[label][:4])
        w, h = min(w + shrink, width - x), min(h + shrink, height - y)  # the blocks' full extent
        if not (0.6 * dpi <= w <= 2.8 * dpi and 0.6 * dpi <= h <= 2.8 * dpi and 0.75 <= w / h <= 1.33):
            continue
        found = True
        # Within the seal, every reddish pixel (the ink, its pink fringe from blur and JPEG, the dark
        # red where it lies over print) becomes the grey of its red channel: red ink on white is light
        # there, print under the ink stays dark, so ruling lines and figures crossed by the ring keep
        # their ink (whitening would cut them).
        window = (slice(y, y + h), slice(x, x + w))
        patch = image[window].astype(np.int32)
        red_channel = patch[:, :, 2]
        reddish = red_channel - np.maximum(patch[:, :, 0], patch[:, :, 1]) > 12
        lifted = red_channel.astype(np.uint8)
        lifted[red_channel >= 150] = 255  # bright in red: the seal's ink alone, or its fringe
        cleaned[window][reddish] = lifted[reddish][:, None]
    return (cleaned if found else image), found


# --------------------------------------------------------------------------- ruling lines


def _ruling(gray: Any, dpi: int) -> tuple[Any, Any]:
    """Masks of the horizontal and the vertical ruling runs."""
    import cv2

    _threshold, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    run = max(15, int(LINE_SHARE * dpi))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (run, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, run)))
    return horizontal, vertical


def _skew(horizontal: Any, width: int) -> float:
    """The page's tilt in degrees from its long horizontal rules (0 when none, or when it is too
    small to matter or too large to be a scan's): each rule at least a fifth of the page wide is one
    connected run of the mask (a tilted line's steps touch), its pixels fitted by least squares; the
    page's tilt is the median of the rules' weighted by their width. Measured on the seeds' scans
    against the angle they were turned by: within 0.003° (a Hough transform: within 0.04°, in
    15-30 times the time)."""
    import cv2
    import numpy as np

    count, labels, stats, _centres = cv2.connectedComponentsWithStats(horizontal)
    angles: list[float] = []
    weights: list[float] = []
    for label in range(1, count):
        x, y, w, h, _area = (int(v) for v in stats[label])
        if w < width // 5:
            continue
        ys, xs = np.nonzero(labels[y : y + h, x : x + w] == label)
        slope = float(np.polyfit(xs.astype(np.float64), ys.astype(np.float64), 1)[0])
        angle = math.degrees(math.atan(slope))
        if abs(angle) <= MAX_SKEW:
            angles.append(angle)
            weights.append(float(w))
    if not angles:
        return 0.0
    order = np.argsort(angles)
    cumulative = np.cumsum(np.asarray(weights)[order])
    median = float(np.asarray(angles)[order][int(np.searchsorted(cumulative, cumulative[-1] / 2))])
    return median if abs(median) >= 0.05 else 0.0


def _rotate(image: Any, angle: float) -> Any:
    import cv2

    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))


def _positions(profile: Any, least: float) -> list[int]:
    """Centres of the runs of ``profile`` at or above ``least`` (rows or columns holding a line)."""
    found: list[int] = []
    start = -1
    for i, v in enumerate([*profile.tolist(), 0]):
        if v >= least and start < 0:
            start = i
        elif v < least and start >= 0:
            found.append((start + i - 1) // 2)
            start = -1
    return found


def _cluster(values: list[int], gap: int) -> list[int]:
    out: list[list[int]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= gap:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(group) // len(group) for group in out]


def _tables(
    horizontal: Any, vertical: Any, dpi: int
) -> tuple[list[list[tuple[int, int, int, int]]], list[tuple[int, int, int]]]:
    """Each ruled table's cell boxes (pixels; a merged cell one box), and the horizontal ruling
    segments (x0, x1, y) of all tables."""
    import cv2
    import numpy as np

    run = max(15, int(LINE_SHARE * dpi))
    # A table has a rule at least this long (its border spans it); a large title's strokes, longer than
    # ``run`` and bridged from character to character, are shorter (measured: 0.43 inch at 16 pt).
    long_run = int(TABLE_RULE * dpi)
    slack = max(2, dpi // 50)  # pixels: how far a line may stray from its grid position
    # Bridge the gaps a seal's ring or a faint scan leaves in a line (up to a tenth of an inch).
    bridge = max(3, dpi // 10)
    horizontal = cv2.morphologyEx(
        horizontal, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (bridge, 1))
    )
    vertical = cv2.morphologyEx(
        vertical, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, bridge))
    )
    # A page that a tall cell fills has vertical lines and no horizontal one: vertical lines that start
    # and end together are tied at both ends (for grouping only: not ruling, see ``closed`` below).
    ties = np.zeros_like(vertical)
    count, _labels, stats, _centres = cv2.connectedComponentsWithStats(vertical)
    runs = sorted(
        (int(stats[k][1]), int(stats[k][1] + stats[k][3]), int(stats[k][0])) for k in range(1, count)
    )
    for top, bottom, _x in runs:
        mates = [m for m in runs if abs(m[0] - top) <= 2 * slack and abs(m[1] - bottom) <= 2 * slack]
        if len(mates) >= 2:
            left, right = min(m[2] for m in mates), max(m[2] for m in mates)
            cv2.line(ties, (left, top), (right, top), 255, 1)
            cv2.line(ties, (left, bottom - 1), (right, bottom - 1), 255, 1)
    lines = cv2.bitwise_or(cv2.bitwise_or(horizontal, vertical), ties)
    # Bridge the small gaps blur and JPEG leave where lines cross.
    joined = cv2.dilate(lines, np.ones((5, 5), np.uint8))
    count, labels, stats, _centres = cv2.connectedComponentsWithStats(joined)
    tables: list[list[tuple[int, int, int, int]]] = []
    rules: list[tuple[int, int, int]] = []
    for label in sorted(range(1, count), key=lambda k: (int(stats[k][1]), int(stats[k][0]))):
        x, y, w, h, _area = (int(v) for v in stats[label])
        if w < dpi * 0.75 or h < run:  # a table is wider than three-quarters of an inch
            continue
        mask = labels[y : y + h, x : x + w] == label
        hs = (horizontal[y : y + h, x : x + w] > 0) & mask
        vs = (vertical[y : y + h, x : x + w] > 0) & mask
        rows = _cluster(_positions(hs.sum(axis=1), run), slack)
        cols = _cluster(_positions(vs.sum(axis=0), run), slack)
        # A table the page cuts has no rule where it is cut: it is closed at the ends of its vertical
        # lines (as jixiao.ingest.pdf closes a text layer's), and those closing lines are not ruling,
        # so the cells under them are known as the rest of cells cut by the page break.
        reach = np.flatnonzero(vs.any(axis=1))
        if len(rows) < 2 and (len(reach) == 0 or int(reach[-1] - reach[0]) < dpi):
            continue  # one rule and short strokes (an underlined title), not a table
        closed = hs
        if len(reach) and len(cols) >= 2:
            closed = hs.copy()
            for end in (int(reach[0]), int(reach[-1])):
                closed[max(0, end - 1) : end + 2, cols[0] : cols[-1] + 1] = True
                if not any(abs(end - r) <= 2 * slack for r in rows):
                    rows = sorted([*rows, end])
        if len(rows) < 2 or len(cols) < 2:
            continue
        if not (_longest_at_least(hs, (long_run, 1)) or _longest_at_least(vs, (1, long_run))):
            continue  # strokes of large characters (a title's), bridged into a grid: no rule of a table
        boxes = _cells(closed, vs, rows, cols, slack)
        if len(boxes) < 1:
            continue
        tables.append([(x + x0, y + y0, x + x1, y + y1) for x0, y0, x1, y1 in boxes])
        for r in rows:
            band = hs[max(0, r - slack) : r + slack + 1].any(axis=0)
            for x0, x1 in _runs(band, run):
                rules.append((x + x0, x + x1, y + r))
    return tables, rules


def _longest_at_least(mask: Any, kernel: tuple[int, int]) -> bool:
    """Whether ``mask`` holds a straight run at least as long as ``kernel`` (width, height)."""
    import cv2
    import numpy as np

    if mask.shape[1] < kernel[0] or mask.shape[0] < kernel[1]:
        return False
    element = cv2.getStructuringElement(cv2.MORPH_RECT, kernel)
    return bool(cv2.erode(mask.astype(np.uint8), element).any())


def _runs(band: Any, least: int) -> Iterator[tuple[int, int]]:
    start = -1
    for i, on in enumerate([*band.tolist(), False]):
        if on and start < 0:
            start = i
        elif not on and start >= 0:
            if i - start >= least:
                yield start, i
            start = -1


def _cells(hs: Any, vs: Any, rows: list[int], cols: list[int], slack: int) -> list[tuple[int, int, int, int]]:
    """The grid's slots joined where no line separates them: boxes (x0, y0, x1, y1)."""

    def covered(mask: Any) -> bool:
        return (
            bool(mask.size) and float(mask.any(axis=0 if mask.shape[0] < mask.shape[1] else 1).mean()) >= 0.6
        )

    n_rows, n_cols = len(rows) - 1, len(cols) - 1

    def v_line(x: int, r: int) -> bool:  # a vertical line at grid column x along slot row r
        top, bottom = rows[r] + slack + 1, rows[r + 1] - slack
        if bottom <= top:
            return True
        return covered(vs[top:bottom, max(0, x - slack) : x + slack + 1].T)

    def h_line(y: int, c: int) -> bool:  # a horizontal line at grid row y along slot column c
        left, right = cols[c] + slack + 1, cols[c + 1] - slack
        if right <= left:
            return True
        return covered(hs[max(0, y - slack) : y + slack + 1, left:right])

    parent = list(range(n_rows * n_cols))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    inside = [[_slot_ruled(hs, vs, rows, cols, r, c, slack) for c in range(n_cols)] for r in range(n_rows)]
    for r in range(n_rows):
        for c in range(n_cols):
            if not inside[r][c]:
                continue
            if c + 1 < n_cols and inside[r][c + 1] and not v_line(cols[c + 1], r):
                parent[root(r * n_cols + c + 1)] = root(r * n_cols + c)
            if r + 1 < n_rows and inside[r + 1][c] and not h_line(rows[r + 1], c):
                parent[root((r + 1) * n_cols + c)] = root(r * n_cols + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            if inside[r][c]:
                groups.setdefault(root(r * n_cols + c), []).append((r, c))
    boxes: list[tuple[int, int, int, int]] = []
    for slots in groups.values():
        r0, r1 = min(r for r, _ in slots), max(r for r, _ in slots) + 1
        c0, c1 = min(c for _, c in slots), max(c for _, c in slots) + 1
        if len(slots) == (r1 - r0) * (c1 - c0):
            boxes.append((cols[c0], rows[r0], cols[c1], rows[r1]))
        else:  # not a rectangle: a line the scan lost; its slots one by one
            boxes.extend((cols[c], rows[r], cols[c + 1], rows[r + 1]) for r, c in slots)
    return boxes


def _slot_ruled(hs: Any, vs: Any, rows: list[int], cols: list[int], r: int, c: int, slack: int) -> bool:
    """The slot lies inside the table: ruling runs above and below it somewhere along its row, and
    left and right of it along its column (a table's ragged outline leaves slots outside)."""
    top, bottom = rows[r], rows[r + 1]
    left, right = cols[c], cols[c + 1]
    above = hs[: top + slack + 1, left:right].any(axis=0).mean() >= 0.6
    below = hs[bottom - slack :, left:right].any(axis=0).mean() >= 0.6
    before = vs[top:bottom, : left + slack + 1].any(axis=1).mean() >= 0.6
    after = vs[top:bottom, right - slack :].any(axis=1).mean() >= 0.6
    return bool(above and below and before and after)


# --------------------------------------------------------------------------- characters


def _characters(result: Any, scale: float, offset: tuple[int, int] = (0, 0)) -> list[Char]:
    """The recogniser's characters as pdfplumber-like dicts in points, each with its ``score``
    (``offset``: where the image read lies on the page, in pixels)."""
    dx, dy = offset
    chars: list[Char] = []
    words = getattr(result, "word_results", None) or ()
    boxes = getattr(result, "boxes", None)
    texts = getattr(result, "txts", None) or ()
    scores = getattr(result, "scores", None) or ()
    for index, text in enumerate(texts):
        line_box = boxes[index] if boxes is not None else None
        if line_box is None:
            continue
        ys = [float(p[1]) + dy for p in line_box]
        top, bottom = min(ys) * scale, max(ys) * scale
        size = max(1.0, (bottom - top) * 0.8)
        items = words[index] if index < len(words) and words[index] else ()
        placed = [(str(t), float(s), b) for t, s, b in items if str(t).strip()]
        if "".join(t for t, _s, _b in placed) != str(text).replace(" ", ""):
            # No per-character boxes: spread the line's characters over its box.
            xs = [float(p[0]) + dx for p in line_box]
            x0, x1 = min(xs), max(xs)
            visible = [ch for ch in str(text) if not ch.isspace()]
            step = (x1 - x0) / max(1, len(visible))
            score = float(scores[index]) if index < len(scores) else 0.0
            placed = [
                (ch, score, [[x0 + i * step - dx, 0], [x0 + (i + 1) * step - dx, 0]])
                for i, ch in enumerate(visible)
            ]
        for glyph, score, box in placed:
            xs = [float(p[0]) + dx for p in box]
            for ch in glyph:
                chars.append(
                    {
                        "text": ch,
                        "x0": min(xs) * scale,
                        "x1": max(xs) * scale,
                        "top": top,
                        "bottom": bottom,
                        "size": size,
                        "fontname": "OCR",
                        "score": round(score, 4),
                    }
                )
    return chars


def confidence(chars: list[Char]) -> float | None:
    """A cell's confidence: the least of its characters' (None for a cell with none)."""
    scores = [float(c["score"]) for c in chars if "score" in c and not str(c["text"]).isspace()]
    return min(scores) if scores else None


def unreadable(chars: list[Char]) -> bool:
    """A digit among ``chars`` was read below ``UNREADABLE``: the cell is not to be guessed."""
    return any(str(c["text"]).isdigit() and float(c.get("score", 1.0)) < UNREADABLE for c in chars)


# --------------------------------------------------------------------------- the reader's hook

P = TypeVar("P")
PageBuilder = Callable[[int, float, float, list[Char], list[list[Box]], list[dict[str, Any]]], P]
OCR_SECONDS_PER_PAGE = 30.0  # the reading deadline grows by this for each page to OCR


def read_scans(
    data: bytes, pages: list[P], file: str, limits: Limits, build: PageBuilder[P]
) -> tuple[list[P], tuple[str, ...]]:
    """``pages`` (a PDF reader's, each with ``number`` and ``scanned``) with the scanned ones read by
    OCR and laid out by ``build``, and the notes for the dossier: which pages were OCR'd, which carry
    a seal. Without the OCR extra: ``ocr_not_installed`` when no page has text, else the pages as
    they are and a note naming the pages not read."""
    from jixiao.ingest.errors import IngestError

    scanned = [int(getattr(page, "number")) for page in pages if getattr(page, "scanned", False)]  # noqa: B009
    if not scanned:
        return pages, ()
    if not available():
        if all(getattr(page, "scanned", False) or not getattr(page, "items", None) for page in pages):
            raise IngestError("ocr_not_installed", NOT_INSTALLED_MESSAGE, file)
        return pages, (f"{_pages(scanned)}为扫描件，本机未安装 OCR 组件，未读取（安装：{INSTALL_COMMAND}）",)
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    out = list(pages)
    seals: list[int] = []
    deadline = time.monotonic() + limits.max_seconds + OCR_SECONDS_PER_PAGE * len(scanned)
    document = pdfium.PdfDocument(data)
    preread = _PREREAD.get() or {}
    try:
        for done, number in enumerate(scanned):
            report_progress(done, len(scanned))
            if time.monotonic() > deadline:
                raise IngestError(
                    "ingest_timeout", f"OCR 识别超时（已识别 {done} 页，共 {len(scanned)} 页）", file
                )
            page = preread.get(number) or read_scanned_page(rasterise(document, number - 1), number)
            if page.seal:
                seals.append(number)
            out[number - 1] = build(number, page.width, page.height, page.chars, page.tables, page.rules)
        report_progress(len(scanned), len(scanned))
    finally:
        document.close()
    notes = [f"{_pages(scanned)}为扫描件，已由 OCR 识别文字（识别结果请核对）"]
    notes += [f"第 {number} 页有公章" for number in seals]
    return out, tuple(notes)


def _pages(numbers: list[int]) -> str:
    return "第 " + "、".join(str(n) for n in numbers) + " 页"


def with_confidence(
    rows: list[list[GridCell]], chars: dict[tuple[int, int], list[Char]]
) -> list[list[GridCell]]:
    """The built rows of a table read by OCR, each cell with the confidence of its characters
    (``chars``: by the cell's top-left grid slot); a cell with a digit read below ``UNREADABLE`` is
    left blank (never a guessed figure), with that confidence, so the audit reports it."""
    out: list[list[GridCell]] = []
    for r, row in enumerate(rows):
        cells: list[GridCell] = []
        column = 0
        for cell in row:
            found = chars.get((r, column))
            if found:
                score = confidence(found)
                # A figure cell: blank. A passage (over FIGURE_CHARS) keeps its words; O001 flags it.
                figure = len("".join(cell.text.split())) <= FIGURE_CHARS
                text = "" if figure and unreadable(found) else cell.text
                cell = msgspec.structs.replace(cell, text=text, confidence=score)
            cells.append(cell)
            column += cell.colspan
        out.append(cells)
    return out


D = TypeVar("D")


def with_ocr(dossier: D, grid: Grid, notes: tuple[str, ...]) -> D:
    """``dossier`` read from ``grid`` with every location of a cell OCR read carrying that cell's
    confidence (``Location.confidence``, matched by table, row and column, as ``with_sheets`` does for
    Excel addresses), and ``notes`` added to its notes."""
    found: dict[tuple[int, int, int], float] = {}
    for table in grid.tables:
        for r, row in enumerate(table.rows, 1):
            for c, cell in enumerate(row, 1):
                if cell.confidence is not None:
                    found[(table.index, r, c)] = cell.confidence
    placed = _placed(dossier, found)
    if notes and isinstance(placed, msgspec.Struct) and hasattr(placed, "notes"):
        placed = msgspec.structs.replace(placed, notes=(*placed.notes, *notes))
    return placed


def _placed(value: D, found: dict[tuple[int, int, int], float]) -> D:
    if isinstance(value, Location):
        if (
            value.confidence is None
            and value.table is not None
            and value.row is not None
            and value.col is not None
        ):
            score = found.get((value.table, value.row, value.col))
            if score is not None:
                return msgspec.structs.replace(value, confidence=score)
        return value
    if isinstance(value, msgspec.Struct):
        fields = {}
        for name in value.__struct_fields__:
            old = getattr(value, name)
            new = _placed(old, found)
            if new is not old:
                fields[name] = new
        return msgspec.structs.replace(value, **fields) if fields else value
    if isinstance(value, tuple):
        items = tuple(_placed(item, found) for item in value)
        changed = any(new is not old for new, old in zip(items, value, strict=True))
        return items if changed else value  # type: ignore[return-value]
    return value
