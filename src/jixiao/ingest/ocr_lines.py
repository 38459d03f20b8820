"""Table cells read line by line without text detection (``jixiao.ingest.ocr``, ``MODE = "lines"``).

A ruled cell is already a text region: its ink (the page's dark pixels, the ruling along its edges
taken out) is cut into text lines by its horizontal projection (``split_lines``: runs of rows holding
ink, a character's separate strokes joined into its line, a seal's remains and a scan's specks left
out), each line trimmed to its ink and padded as the detector pads a box (``padded``), and all the
lines of a page go to the recognition model together (``recognise``: in batches of like width, as a
batch is padded to its widest line). Detection still reads what is not a plain cell (``detect_rest``:
text outside the tables, and cells whose projection is ambiguous: a line taller than ``TALL`` body
lines, lines touching or larger type), band by band, its boxes trimmed and padded as a cell's lines.

Measured (``bench/ocr_bench.py``, ``bench/ocr_accuracy.py``; the figures in ``jixiao.ingest.ocr``'s
docstring): the detector's pass over the page was about a third of a page's cost; recognition, now most
of it, costs in proportion to the lines' width at the model's height of 48 pixels (linear: 75-90 µs a
column on one thread), hence the tight padding and the batches of like width. Batches of up to 12 or
24 lines, or of one, cost the same within the noise.

rapidocr is pinned (``pyproject.toml``): its recogniser (``recognize_txt``), detector
(``_load_det_model``) and character placing (``cal_rec_boxes``) are called here directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LineBox = tuple[int, int, int, int]  # x0, top, x1, bottom in pixels (ends exclusive)

PAD_Y = 0.4  # of a line's ink height, above and below it (the detector's boxes: about this, measured)
PAD_X = 0.25  # of a line's ink height, left and right of its ink (0.4: 5% more time, as accurate)
TALL = 1.5  # a run taller than this many body lines is ambiguous: the cell goes to detection
BATCH = 6  # lines a recognition batch at most (rapidocr's default)
SPREAD = 1.25  # a batch's lines differ in width (at the model's height) by at most this factor
STRIP_RATIO = 8  # a band wider than this many times its height is padded for detection (as rapidocr)


@dataclass
class Read:
    """Lines recognised, in the shape ``jixiao.ingest.ocr._characters`` reads from the engine: a box
    (four points, page pixels), a text, a score and the per-character ``(text, score, box)`` each."""

    boxes: list[Any] = field(default_factory=list)
    txts: list[str] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    word_results: list[Any] = field(default_factory=list)


def ink_runs(profile: Any, least: int = 1) -> list[tuple[int, int]]:
    """The runs ``[start, end)`` of ``profile`` at or above ``least``."""
    import numpy as np

    on = np.concatenate(([False], np.asarray(profile) >= least, [False]))
    edges = np.flatnonzero(on[1:] != on[:-1])
    return [(int(edges[i]), int(edges[i + 1])) for i in range(0, len(edges), 2)]


def split_lines(ink: Any, line_height: float, speck: int, strong: Any = None) -> tuple[list[LineBox], bool]:
    """The text lines of a cell's ink mask (a 2-D boolean array, ruling lines already taken out), each
    trimmed to its ink, top to bottom; and whether the cut is ambiguous (a line taller than ``TALL``
    body lines of ``line_height`` pixels: lines touching, or larger type).

    Runs of rows holding ink are joined while together they stay within one line's height (the strokes
    of 二 or 三, a dot over a line). Within a line, a run of columns holding fewer than ``speck`` ink
    pixels, none of them ``strong`` (a mask of the darkest ink, when given), is a speck, not text (a
    seal's remains, a scan's noise): the line is trimmed to its text, and a line of specks dropped."""
    import numpy as np

    if ink.size == 0:
        return [], False
    joined: list[list[int]] = []
    for top, bottom in ink_runs(ink.sum(axis=1)):
        if joined and bottom - joined[-1][0] <= 1.15 * line_height:
            joined[-1][1] = bottom
        else:
            joined.append([top, bottom])
    lines: list[LineBox] = []
    ambiguous = False
    for top, bottom in joined:
        band = ink[top:bottom]
        dark = strong[top:bottom] & band if strong is not None else None
        kept = [
            (left, right)
            for left, right in ink_runs(band.sum(axis=0))
            if int(band[:, left:right].sum()) >= speck
            or (dark is not None and int(dark[:, left:right].sum()) >= 2)
        ]
        if not kept or sum(int(band[:, left:right].sum()) for left, right in kept) < speck:
            continue
        x0, x1 = kept[0][0], kept[-1][1]
        text = np.zeros(band.shape[1], dtype=bool)
        for left, right in kept:
            text[left:right] = True
        rows = np.flatnonzero(band[:, text].any(axis=1))
        line = (x0, top + int(rows[0]), x1, top + int(rows[-1]) + 1)
        lines.append(line)
        if line[3] - line[1] > TALL * line_height:
            ambiguous = True
    return lines, ambiguous


def body_line_height(heights: list[int], dpi: int) -> float:
    """The page's body line height in pixels: the median of its cells' single runs of ink taller than
    a speck (a 10.5 pt line when there are none)."""
    least = dpi * 0.06
    tall = sorted(h for h in heights if h >= least)
    return float(tall[len(tall) // 2]) if tall else dpi * 0.15


def padded(line: LineBox, limits: LineBox) -> LineBox:
    """``line`` padded as the detector pads a box (``PAD_X``, ``PAD_Y`` of its height), kept within
    ``limits`` (the cell's inside)."""
    x0, top, x1, bottom = line
    height = bottom - top
    dx, dy = round(PAD_X * height), round(PAD_Y * height)
    lx0, ltop, lx1, lbottom = limits
    return (max(lx0, x0 - dx), max(ltop, top - dy), min(lx1, x1 + dx), min(lbottom, bottom + dy))


def detect_rest(engine: Any, image: Any, rest: Any, line_height: float, speck: int) -> list[LineBox]:
    """The text lines the detector finds in what was not cut by cells (``rest``: a mask of that ink;
    ``image``: the page with those cells whitened), band by band: rows of ink within a line's height of
    each other, cropped to their ink with a line's height around it. A band much wider than tall is
    padded above and below as rapidocr pads a strip before detection."""
    import numpy as np

    detector = engine._load_det_model()  # rapidocr's own detector, with the engine's settings
    height_px, width_px = rest.shape
    bands: list[list[int]] = []
    for top, bottom in ink_runs(rest.sum(axis=1)):
        if bands and top - bands[-1][1] <= line_height:
            bands[-1][1] = bottom
        else:
            bands.append([top, bottom])
    pad = int(line_height)
    found: list[LineBox] = []
    for top, bottom in bands:
        band = rest[top:bottom]
        if int(band.sum()) < speck:
            continue
        columns = np.flatnonzero(band.any(axis=0))
        x0, x1 = max(0, int(columns[0]) - pad), min(width_px, int(columns[-1]) + 1 + pad)
        y0, y1 = max(0, top - pad), min(height_px, bottom + pad)
        crop = image[y0:y1, x0:x1]
        strip = 0
        if (x1 - x0) / (y1 - y0) > STRIP_RATIO:
            strip = max(0, (max(int((x1 - x0) / STRIP_RATIO), 30) * 2 - (y1 - y0)) // 2)
            crop = np.pad(crop, ((strip, strip), (0, 0), (0, 0)), constant_values=255)
        detected = detector(np.ascontiguousarray(crop))
        if detected.boxes is None:
            continue
        for quad in detected.boxes:
            xs, ys = quad[:, 0], quad[:, 1] - strip
            box = (
                max(x0, x0 + int(xs.min())),
                max(y0, y0 + int(ys.min())),
                min(x1, x0 + int(np.ceil(xs.max()))),
                min(y1, y0 + int(np.ceil(ys.max()))),
            )
            if box[2] - box[0] < 2 or box[3] - box[1] < 2:
                continue
            # Trimmed to its ink and padded as a cell's line is (the detector's box, when it holds no
            # ink dark enough for the mask: light print is still read).
            inside = rest[box[1] : box[3], box[0] : box[2]]
            rows, columns = np.flatnonzero(inside.any(axis=1)), np.flatnonzero(inside.any(axis=0))
            if len(rows) and len(columns):
                ink_box = (
                    box[0] + int(columns[0]),
                    box[1] + int(rows[0]),
                    box[0] + int(columns[-1]) + 1,
                    box[1] + int(rows[-1]) + 1,
                )
                box = padded(ink_box, (0, 0, width_px, height_px))
            found.append(box)
    return found


def recognise(engine: Any, image: Any, boxes: list[LineBox], least_score: float) -> Read:
    """The lines at ``boxes`` (page pixels) of ``image`` recognised in one list, with their characters'
    boxes and confidences; a line read as nothing or scored below ``least_score`` is dropped (as the
    engine drops a detected box)."""
    import numpy as np

    read = Read()
    if not boxes:
        return read
    crops = [image[top:bottom, x0:x1] for x0, top, x1, bottom in boxes]
    quads = np.array(
        [[[x0, top], [x1, top], [x1, bottom], [x0, bottom]] for x0, top, x1, bottom in boxes],
        dtype=np.float32,
    )
    for group in batches([crop.shape[1] / crop.shape[0] for crop in crops]):
        images = [crops[i] for i in group]
        result = engine.recognize_txt(images)
        for k, (text, score) in enumerate(zip(result.txts, result.scores, strict=True)):
            if not str(text).strip() or float(score) < least_score:
                continue
            x0, top, x1, bottom = boxes[group[k]]
            read.boxes.append(quads[group[k]])
            read.txts.append(str(text))
            read.scores.append(float(score))
            read.word_results.append(
                _placed(engine, str(text), result.word_results[k], (x0, top, x1, bottom))
            )
    return read


def _placed(engine: Any, text: str, info: Any, box: LineBox) -> list[tuple[str, float, Any]]:
    """The characters of a line recognised in the crop at ``box`` (page pixels): ``(text, score,
    four points)`` each, placed as rapidocr places them (``CalRecBoxes``: from the columns the
    recogniser read each at) and moved onto the page; the crop is upright, so no turning back.

    A piece rapidocr places as one (a run of digits and Latin letters, as ``2132.86``) scores the least
    of its characters' confidences (rapidocr pairs it with its first character's, so a doubtful digit
    after the first would go unflagged), and the confidences skip the spaces of the text as the pieces
    do."""
    import numpy as np

    x0, top, x1, bottom = box
    width, height = x1 - x0, bottom - top
    corners = np.array([[0, 0], [width, 0], [width, height], [0, height]])
    calc = engine.cal_rec_boxes
    contents, places, _confs = calc.cal_ocr_word_box(text, corners, info, False)
    places = calc.adjust_box_overlap(places)
    confs = [float(c) for ch, c in zip(text, info.confs, strict=False) if not ch.isspace()]
    out: list[tuple[str, float, Any]] = []
    used = 0
    for content, place in zip(contents, places, strict=False):
        own = confs[used : used + len(content)]
        used += len(content)
        score = min(own) if own else 0.0
        out.append((content, score, [[float(px) + x0, float(py) + top] for px, py in place]))
    return out


def batches(ratios: list[float]) -> list[list[int]]:
    """Indices of lines grouped for recognition, by their width/height ``ratios``: sorted, at most
    ``BATCH`` a group, and no line more than ``SPREAD`` times as wide as the group's narrowest (a batch
    is padded to its widest line: a short figure batched with a long passage costs the passage's
    width)."""
    order = sorted(range(len(ratios)), key=lambda i: ratios[i])
    groups: list[list[int]] = []
    for i in order:
        if groups and len(groups[-1]) < BATCH and ratios[i] <= SPREAD * max(ratios[groups[-1][0]], 1.0):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups
