"""A run-on indicator segment whose rows the form numbers (``指标1`` ``指标2`` …), cut by its numbers.

Where an OCR'd form runs its cells together (``runon``), the rows under one 二级指标 are written
``指标1发放良种5150万粒150万粒5指标2建设繁育基地15200亩210亩15``: each row opens with its
number, restarting at 1 under each 二级指标 (``bands`` places the names of such rows by the same
numbers in another layout). The numbers cut the segment into rows -- ``指标1``, ``指标2`` … in
order, the next number the only place a row may end -- and each row is read on its own:

* its name runs to the first figure; the only figures a name holds are a date written with 年
  (``2021年10月底前完成采购``), and the row's number (``指标12021年…`` is 指标1 | 2021年…);
* then the 分值 (a figure of 0-100, above 0), the 年度指标值 and the 全年实际值 (the text between, a
  target often repeating the row's name: ``…合格率8种子合格率290$290%8``), the 得分 (0-100,
  no more than the 分值) and, where the header has the column, the 未完成原因 (text without figures);
* the text between the 分值 and the 得分 is cut into target and actual only where one cut alone
  opens both with a value (a figure, a sign, a form's value word, the row's name, or the mark an
  OCR made of a comparator before a figure: ``工5%`` ``^80%``), or where it is one text written
  twice (``150万粒150万粒``); otherwise both are left blank -- a value is never guessed (their text is
  kept as seen but not placed, ``unplaced_stretch``: ``Val.unread``). A mark an
  OCR made of a comparator is kept as written (``工5%``); a ``≥`` it read as ``2`` (``290%``, a rate
  over 100) leaves the row's values blank: as written it is wrong, its repair a guess;
* a row of values alone (``新建基地600亩650.5亩``: no 分值, no 得分) is read so only where
  no reading with points exists and its values are cut one way alone.

A row may be read several ways (``5150万粒``: 分值 5 or 51); every reading is returned, for the
caller to keep the rows only where all readings agree or the 一级 heading's points settle them
(``levelpoints``). An OCR may write the 二级 word and the first row's label as one
(``社会效益指标1推广面积…``): a segment opening with a bare ``1`` takes its ``指标`` from the word before
(``shared``). A row that cannot be read makes the segment unread (None): a block with a row missing
is no table the audit could check.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from jixiao.forms.generic.vocabulary import VALUE_WORDS
from jixiao.ingest.textlayout.tokens import _alternation, _Vocabulary

Cut = list[tuple[str, list[str]]]  # a segment's rows as one cut reads them: (name, cell pieces)

# the only figures a row's name holds: a date written with 年 (月, 日)
_DATE = r"(?:19|20)\d\d年(?:\d{1,2}月(?:\d{1,2}日)?)?"
_NAME = re.compile(rf"(?:{_DATE}|[^\d%％.．])+")
_POINTS = re.compile(r"(?:0|[1-9]\d{0,2})(?:\.\d{1,2})?")
_SIGNS = "≥≤≧≦><＞＜=＝﹦"
# marks an OCR made of a comparator before a figure (≥ read as 工 or ^): a value may open with one
_OCR_SIGNS = "工^"
_VALUE_START = re.compile(rf"[{_SIGNS}{_OCR_SIGNS}]?\d|(?:{_alternation(VALUE_WORDS)})")
_FIGURE_CHAR = re.compile(r"[\d.．]")
_FIGURE = re.compile(r"\d+(?:[.．]\d+)?")
_OVER_HUNDRED = re.compile(r"(?<![\d.．])(2(\d{1,3}(?:[.．]\d+)?))[%％$]")
_SHAPE: list[Literal["points", "value"]] = ["points", "value", "value", "points"]
_MAX_CUTS = 64  # readings of a segment returned at most: more are no certain reading


@dataclass(frozen=True)
class NumberedSegment:
    """A numbered segment's readings (each a list of rows: name, cell pieces in text order) and how
    many characters of the level word before it its first label takes (``shared``: 0 or 2)."""

    cuts: list[Cut]
    shared: int


def unplaced_stretch(kinds: Sequence[str], cut_cells: Sequence[str], column: int) -> tuple[int, int] | None:
    """The columns (first, past the last) whose text a value cell left blank was seen in, when the
    cell is a value the cuts of its row read differently: the run of columns between two points
    columns holding it (where those end agrees in every cut), their text what the reader saw but could
    not place (``Val.unread``); None for a cell of another kind or one no cut gave any text."""
    if column >= len(kinds) or kinds[column] != "value" or not cut_cells[column]:
        return None
    first, past = column, column + 1
    while first > 0 and kinds[first - 1] != "points":
        first -= 1
    while past < min(len(kinds), len(cut_cells)) and kinds[past] != "points":
        past += 1
    return first, past


def numbered(segment: str) -> tuple[int, int] | None:
    """Whether the segment opens with the first row's number: ``指标1`` (its length, 3) or a bare
    ``1`` whose ``指标`` the level word before took (``社会效益指标1推广面积…``: 1, sharing 2)."""
    if segment.startswith("指标1"):
        return 3, 0
    if re.match(r"1[^\d%％.．:：、]", segment):
        return 1, 2
    return None


def numbered_segment(
    segment: str, kinds: Sequence[Literal["points", "value"]], deviation: bool
) -> NumberedSegment | None:
    """The readings of a segment numbered ``指标1`` ``指标2`` … (see the module's doc), for a header of
    分值, 年度指标值, 全年实际值, 得分 (and a 未完成原因 column where ``deviation``); None when the
    segment is not so numbered, or a row of it cannot be read."""
    if list(kinds) != _SHAPE:
        return None
    opening = numbered(segment)
    if opening is None:
        return None
    label, shared = opening
    prefix = "指标"[:shared] if shared else ""
    cuts: list[Cut] = []

    def rows_from(pos: int, number: int, lead: int, done: Cut) -> None:
        if len(cuts) > _MAX_CUTS:
            return
        after = f"指标{number + 1}"
        ends = [m.start() for m in re.finditer(re.escape(after), segment[pos + lead :])]
        for end in [*(pos + lead + e for e in ends), len(segment)]:
            body = segment[pos + lead : end]
            labelled = (prefix if not done else "") + segment[pos : pos + lead]
            for name, pieces in row_readings(body, deviation):
                row = (labelled + name, pieces)
                if end == len(segment):
                    cuts.append([*done, row])
                else:
                    rows_from(end, number + 1, len(after), [*done, row])

    rows_from(0, 1, label, [])
    if not cuts or len(cuts) > _MAX_CUTS:
        return None
    return NumberedSegment(cuts, shared)


def unnumbered_row(
    segment: str, kinds: Sequence[Literal["points", "value"]], deviation: bool
) -> NumberedSegment | None:
    """The readings of a segment of a numbered block that holds one row without its number (a 二级
    指标 of one row: ``可持续影响指标完善良种繁育体系20是基本达到18加强技术指导``); None unless the text
    reads as one row alone: no number in it, and its values either hold no figure or cut one way
    (a figure among them may open a second row, which this reading would swallow)."""
    if list(kinds) != _SHAPE or re.search(r"指标\d", segment) or numbered(segment) is not None:
        return None
    readings = [
        (name, pieces)
        for name, pieces in row_readings(segment, deviation)
        if not any(ch.isdigit() for ch in pieces[1] + pieces[2])
        or len(_values(pieces[1] + pieces[2], name)) == 1
    ]
    if not readings or len(readings) > _MAX_CUTS:
        return None
    return NumberedSegment([[reading] for reading in readings], 0)


def row_readings(body: str, deviation: bool) -> list[tuple[str, list[str]]]:
    """The readings of one row's text after its number: its name and its cells' pieces (分值,
    年度指标值, 全年实际值, 得分, and the 未完成原因 where ``deviation``), in text order; a row of
    values alone has empty 分值 and 得分. Empty when the row reads no way."""
    if re.search(r"指标\d", body):
        return []  # the next row's number inside: a row ends where the next one's number stands
    match = _NAME.match(body)
    if match is None or not match.group().strip():
        return []
    name = match.group()
    rest = body[match.end() :]
    if not rest or not rest[0].isdigit():
        return []
    out: list[tuple[str, list[str]]] = []
    tail = re.search(r"[^\d.．%％]*$", rest)
    reason = tail.group() if tail is not None and deviation else ""
    if reason and (len(reason) < 2 or any(_Vocabulary.unit_word.match(reason[:k]) for k in (1, 2))):
        reason = ""  # a unit after the last figure is the figure's: no 未完成原因
    scored = rest[: len(rest) - len(reason)]
    for weight in _prefixes(scored):
        for score in _suffixes(scored[len(weight) :]):
            if Decimal(score) > Decimal(weight):
                continue
            middle = scored[len(weight) : len(scored) - len(score)]
            for target, actual in _values(middle, name):
                out.append((name, [weight, target, actual, score, *([reason] if reason else [])]))
    if out:
        return out
    # a row of values alone: no reading with points, its values cut one way alone
    values = [(t, a) for t, a in _values(rest, name, strict=True)]
    if len(values) == 1 and not rest[-1].isdigit():
        return [(name, ["", values[0][0], values[0][1], ""])]
    return []


def _prefixes(text: str) -> list[str]:
    """The 分值 a row's figures may open with: a figure of 0-100 (above 0) not cut inside a decimal."""
    out = []
    for k in range(1, min(len(text), 6) + 1):
        piece = text[:k]
        if _POINTS.fullmatch(piece) and 0 < Decimal(piece) <= 100 and _opens_value(text[k:]):
            out.append(piece)
    return out


def _suffixes(text: str) -> list[str]:
    """The 得分 a row's text may end with: the whole figure it ends with where that is a figure of
    0-100 (``…是是10`` is no 是是1 | 0); otherwise (an actual written as a bare figure runs into it:
    ``…5210``) each figure of 0-100 ending it whose text before is not cut inside a decimal
    (``650.5`` is no 65 | 0.5 nor 650. | 5)."""
    run = re.search(r"[\d.．]+$", text)
    if run is not None and run.start() > 0 and _POINTS.fullmatch(run.group()) and Decimal(run.group()) <= 100:
        return [run.group()]
    out = []
    for k in range(1, min(len(text), 6) + 1):
        piece = text[len(text) - k :]
        before = text[: len(text) - k]
        if not _POINTS.fullmatch(piece) or Decimal(piece) > 100 or not before:
            continue
        if before[-1] in ".．" or (before[-1].isdigit() and "." in piece):
            continue
        out.append(piece)
    return out


def _one_value(text: str, name: str) -> bool:
    """Whether ``text`` reads as one target or actual: opened by a value (a figure, a sign or an
    OCR's mark of one, a value word, the row's name), holding one figure at most (a date written
    with 年 counting as one) and not ending in a sign or mark, which stands before its figure."""
    if not (_VALUE_START.match(text) or (name and text.startswith(name))):
        return False
    if text[-1] in _SIGNS + _OCR_SIGNS:
        return False
    return len(_FIGURE.findall(re.sub(_DATE, "0", text))) <= 1


def _damaged(text: str) -> bool:
    """Whether a value may hold a comparator an OCR read as ``2`` (``≥90%`` as ``290%``, ``290$``): a
    ``2`` before a figure of 0-100 making a percentage over 100, which no rate can be. Such a value is
    not read (the audit then says 无法核对): as written it is wrong, and its repair a guess."""
    return any(
        Decimal(m.group(1).replace("．", ".")) > 100 and Decimal(m.group(2).replace("．", ".")) <= 100
        for m in _OVER_HUNDRED.finditer(text)
    )


def _opens_value(text: str) -> bool:
    """Whether ``text`` may open a value cell: not a figure's tail (``%``, ``.5``, ``05``)."""
    return bool(text) and text[0] not in "%％.．" and not re.match(r"0\d", text)


def _values(middle: str, name: str, strict: bool = False) -> list[tuple[str, str]]:
    """The cuts of the text between a row's 分值 and 得分 into its target and actual: one text
    written twice is cut in its middle; otherwise the cuts opening both with a value (a figure, a
    sign or an OCR's mark of one, a value word, the row's name) where exactly one does, else every
    cut not inside a figure, of which the first and the last stand for all (``strict``: only the
    former). Empty when there is none."""
    if not _opens_value(middle):
        return []
    half = len(middle) // 2
    if len(middle) % 2 == 0 and middle[:half] == middle[half:] and not _damaged(middle[:half]):
        return [(middle[:half], middle[half:])]
    loose: list[tuple[str, str]] = []
    sure: list[tuple[str, str]] = []
    for k in range(1, len(middle)):
        left, right = middle[:k], middle[k:]
        if _FIGURE_CHAR.match(left[-1]) and _FIGURE_CHAR.match(right[0]):
            continue  # inside a figure
        if not _opens_value(right):
            continue
        loose.append((left, right))
        if all(_one_value(v, name) for v in (left, right)):
            sure.append((left, right))
    if len(sure) == 1 and not any(_damaged(v) for v in sure[0]):
        return sure
    if strict:
        return []
    # the values are not certain: two cuts that differ stand for them all (the values read blank)
    return loose[:1] + loose[-1:] if len(loose) > 1 else loose
