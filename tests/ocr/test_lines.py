"""Table cells cut into text lines by their ink (``jixiao.ingest.ocr_lines``), on synthetic cells."""

from __future__ import annotations

from typing import Any

import pytest
from PIL import Image, ImageDraw
from tests.ocr.make_scans import _font

from jixiao.ingest import ocr, ocr_lines

needs_ocr = pytest.mark.skipif(
    not ocr.available(), reason="OCR extra not installed: pip install 'jixiao[ocr]'"
)

LINE = 28  # pixels: a 10.5 pt line's ink at 200 dpi


def _ink(lines: list[str], size: tuple[int, int] = (420, 160), at: int = 20, gap: int = 44) -> Any:
    """A white cell with ``lines`` of 10.5 pt text (at 200 dpi) one under the other, as an ink mask."""
    import numpy as np

    cell = Image.new("L", size, 255)
    draw = ImageDraw.Draw(cell)
    for i, text in enumerate(lines):
        draw.text((16, at + i * gap), text, fill=0, font=_font(29))
    return np.asarray(cell) < 128


@needs_ocr
def test_two_lines_of_a_cell_are_two_crops_each_trimmed_to_its_ink() -> None:
    ink = _ink(["确保全区企业离退休", "老金按时足额发放"])
    lines, ambiguous = ocr_lines.split_lines(ink, LINE, 16)
    assert len(lines) == 2 and not ambiguous
    (x0, _top, x1, bottom), (x0b, top_b, x1b, _bottom_b) = lines
    assert bottom <= top_b  # one above the other, apart
    assert 16 <= x0 < 22 and 16 <= x0b < 22  # trimmed to the ink, not the cell
    assert x1 > x1b  # the first line is the longer
    for left, upper, right, lower in lines:  # each box holds its line's ink and no blank margin
        box = ink[upper:lower, left:right]
        assert box[0].any() and box[-1].any() and box[:, 0].any() and box[:, -1].any()


@needs_ocr
def test_an_empty_cell_gives_no_line_and_a_speck_is_not_a_line() -> None:
    import numpy as np

    empty = np.zeros((60, 300), dtype=bool)
    assert ocr_lines.split_lines(empty, LINE, 16) == ([], False)
    specks = empty.copy()
    specks[10, 40] = specks[30:32, 200] = True  # JPEG noise, a seal's remains
    assert ocr_lines.split_lines(specks, LINE, 16) == ([], False)


@needs_ocr
def test_the_strokes_of_a_character_stay_one_line() -> None:
    """三 is three separate runs of rows: one line, not three."""
    lines, ambiguous = ocr_lines.split_lines(_ink(["三"], size=(120, 80)), LINE, 16)
    assert len(lines) == 1 and not ambiguous


@needs_ocr
def test_touching_lines_are_ambiguous() -> None:
    """Lines set solid (no blank row between them) cannot be cut by projection: left to detection."""
    ink = _ink(["确保全区企业离退休", "老金按时足额发放", "按时办结"], size=(420, 160), gap=24)
    _lines, ambiguous = ocr_lines.split_lines(ink, LINE, 16)
    assert ambiguous


def test_a_short_figure_is_not_batched_with_a_long_passage() -> None:
    ratios = [1.2, 30.0, 1.3, 8.0, 1.25, 8.5]
    groups = ocr_lines.batches(ratios)
    assert sorted(i for group in groups for i in group) == list(range(6))
    assert [0, 4, 2] in groups and [3, 5] in groups and [1] in groups


@needs_ocr
def test_a_run_of_digits_scores_its_least_confident_digit() -> None:
    """rapidocr places ``213`` as one piece and pairs it with its first digit's confidence: a doubtful
    later digit must still flag (O001) or blank (``UNREADABLE``) the figure."""
    from types import SimpleNamespace

    from rapidocr.cal_rec_boxes import CalRecBoxes
    from rapidocr.ch_ppocr_rec.typings import WordInfo, WordType

    engine = SimpleNamespace(cal_rec_boxes=CalRecBoxes())
    info = WordInfo(
        words=[["2", "1", "3"]], word_cols=[[2, 6, 10]], word_types=[WordType.EN_NUM], line_txt_len=16.0
    )
    info.confs = [0.99, 0.41, 0.98]
    placed = ocr_lines._placed(engine, "213", info, (100, 50, 164, 90))
    assert [(text, score) for text, score, _box in placed] == [("213", 0.41)]
    xs = [x for x, _y in placed[0][2]]
    assert 100 <= min(xs) < max(xs) <= 164  # on the page, within the line's box
    # Characters apart (Chinese): each its own score, the space skipped.
    info = WordInfo(
        words=[["合"], ["计"]],
        word_cols=[[2], [12]],
        word_types=[WordType.CN, WordType.CN],
        line_txt_len=16.0,
    )
    info.confs = [0.97, 1.0, 0.62]
    placed = ocr_lines._placed(engine, "合 计", info, (0, 0, 64, 40))
    assert [(text, score) for text, score, _box in placed] == [("合", 0.97), ("计", 0.62)]
