"""The rows of a run-on indicator block whose columns are the target, the actual value and the 得分
(the Hubei-style form: 一级/二级/三级指标, 年初目标值(A), 实际完成值(B), 得分; no 分值 column).

``runon._runon_indicators`` reads a block whose names hold no figure. This form's names often do
(``每年财政补助1000万元``, ``12月底之前完成``, ``1年``) and its level labels may be written short (``成本``
for 成本指标 after a row) or scrambled (``出标产指``, ``scrambled``). A row is read here as::

    name | target | actual | 得分

where the name is any text (a figure in it too, but never cut inside a number), the target and the
actual value are written alike — both figures with the same unit (``5亿元`` / ``6.47亿元``, ``100%`` /
``100%``), or both the same words (``专款专用`` / ``专款专用``: where they differ in words nothing tells
the name's end, and the row is not read) — and the 得分 is a figure of 0-100 that no digit, no money
unit and no ``%`` follows (``6.47亿元`` is a value). A name runs across no level label. A value that is
the row's other value with a ``2`` before it (``290%`` beside ``90%``: ≥ misread by the OCR, or a true
290%) is left blank, its text kept as what was seen but not placed (``Val.unread``: 无法核对, not missing).
A level label is read as a label wherever a row could begin (a level-1 heading is followed by a label);
a short level-2 label only after a row. Every cut of the block into labels and rows is weighed; the rows
are read only when all cuts give the same labels, names and 得分 (a value two cuts read differently is
left blank). Where cuts differ only in 得分, the form's sums may settle it: the 得分 of the rows with the
budget's 得分 make the 总分, so they add up to no more than the 总分 and no less than it less the
budget's points (``得分(20分*执行率)``); one cut alone so agreeing is read, else none. A block the
excerpt cuts off (no 总分 after it) may end in a torn row, which is not read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from jixiao.forms.generic.vocabulary import LEVEL1_WORDS, LEVEL2_WORDS
from jixiao.ingest.textlayout.scrambled import HIERARCHY_LABELS, permuted_at
from jixiao.ingest.textlayout.tokens import Token, _column, _Vocabulary

_ROW_FIELDS = ["level1", "level2", "name", "target", "actual", "score"]
_EXACT = sorted(
    {
        w
        for w in (*LEVEL1_WORDS, *LEVEL2_WORDS)
        if len(w) >= 4 and (w.endswith("指标") or (w in LEVEL2_WORDS and not w.endswith("目标")))
    },
    key=len,
    reverse=True,
)
# a level-2 label written without 指标 (成本, 时效): read only where a row has just ended
_SHORT = sorted({w.removesuffix("指标") for w in LEVEL2_WORDS if w.endswith("指标") and len(w) == 4})
_POINTS = re.compile(r"[（(]\d+(?:\.\d+)?分?[)）]")
_SIGNS = "≥≤≧≦><＞＜=＝"
_NUMBER = re.compile(rf"[{_SIGNS}]?(?:0|[1-9]\d*)(?:\.\d+)?")
_SCORE = re.compile(r"(?:0|[1-9]\d{0,2})(?:\.\d{1,2})?")
_UNIT = re.compile(rf"[%％]|[^\d{_SIGNS}.,，。；;：:、\s]{{1,4}}")
_WORDS = re.compile(rf"[^\d{_SIGNS}%％]{{1,12}}")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_RUN = re.compile(r"[\d.]+")
# what a figure's unit begins with when it is money or a share: a figure so followed is no 得分
_AFTER_FIGURE = re.compile(r"[%％]|万元|亿元|千元|元")
_MAX_PARSES = 64
# the digit an OCR reads a ≥ (≧) as: a value that is the other value of its row with this digit before it
# (``290%`` beside ``90%``) is a sign misread or a true figure, and which nothing tells: it is not read
_MISREAD_SIGN = "2"
_WEIGHT = re.compile(
    r"^(?:得分|预算执行)[^（(]*(?:[（(][^（()）]*[)）])*?[（(](?P<points>\d+(?:\.\d+)?)\s*分"
)

Item = tuple[str, int, int, str]  # ("label", start, end, label read) or ("row", name start, name end, "")
Row = tuple[tuple[int, int], tuple[int, int], tuple[int, int], tuple[int, int]]  # name, target, actual, 得分
Parse = list[tuple[Item, Row | None]]


def _digit(text: str, k: int) -> bool:
    return 0 <= k < len(text) and (text[k].isdigit() or text[k] == ".")


class _Block:
    def __init__(self, text: str, open_ended: bool) -> None:
        self.text = text
        self.open_ended = open_ended
        self.memo: dict[tuple[int, str], list[Parse] | None] = {}
        self.words: list[tuple[int, int]] | None = None  # where the labels' words stand in the block
        self.after_figure: list[int] | None = None  # where a label follows a figure

    def labels_at(self, pos: int, after_row: bool) -> list[tuple[str, int]]:
        text = self.text
        for word in _EXACT:
            if text.startswith(word, pos):
                end = pos + len(word)
                points = _POINTS.match(text, end)
                return [(word, points.end() if points else end)]
        if after_row:
            for word in _SHORT:
                if text.startswith(word, pos):
                    return [(word + "指标", pos + len(word))]
        exact = [(m, m + len(w)) for w in _EXACT if (m := text.find(w, pos, pos + 12 + len(w))) >= 0]
        return [  # characters written in a label's order are that label, not part of a scrambled one
            (label, end)
            for label, end in permuted_at(text, pos, HIERARCHY_LABELS)
            if not any(start < end and pos < stop for start, stop in exact)
        ]

    def holds_label(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` holds a level label: one of the words anywhere, or any label
        after a figure (where one row's 得分 ends and the next label begins)."""
        if self.words is None or self.after_figure is None:
            text = self.text
            self.words = [(m.start(), m.end()) for w in _EXACT for m in re.finditer(re.escape(w), text)]
            self.after_figure = [
                k
                for k in range(1, len(text))
                if text[k - 1].isdigit() and not _digit(text, k) and self.labels_at(k, True)
            ]
        return any(start <= first and stop <= end for first, stop in self.words) or any(
            start < k < end for k in self.after_figure
        )

    def score_at(self, pos: int) -> int | None:
        match = _SCORE.match(self.text, pos)
        if match is None or _digit(self.text, match.end()) or Decimal(match.group()) > 100:
            return None
        if _AFTER_FIGURE.match(self.text, match.end()):
            return None  # a figure with its unit or % is a value, no 得分
        return match.end()

    def values_at(self, pos: int) -> list[tuple[tuple[int, int], tuple[int, int], int]]:
        """(target, actual, 得分's end) for each reading of the cells from ``pos``."""
        text = self.text
        out: list[tuple[tuple[int, int], tuple[int, int], int]] = []
        words = _WORDS.match(text, pos)
        if words is not None:
            for size in range(1, len(words.group()) + 1):
                mid = pos + size
                if text[pos:mid] == text[mid : mid + size]:
                    end = self.score_at(mid + size)
                    if end is not None:
                        out.append(((pos, mid), (mid, mid + size), end))
        first = _NUMBER.match(text, pos)
        if first is None:
            return out
        unit = _UNIT.match(text, first.end())
        for size in range(1, len(unit.group()) + 1 if unit is not None else 1):
            suffix = text[first.end() : first.end() + size]  # the target's unit: the actual's too
            second = _NUMBER.match(text, first.end() + size)
            if second is not None and text.startswith(suffix, second.end()):
                end = self.score_at(second.end() + size)
                if end is not None:
                    out.append(((pos, first.end() + size), (first.end() + size, second.end() + size), end))
        run = _RUN.match(text, pos + (1 if text[pos] in _SIGNS else 0))
        stop = run.end() if run is not None else pos
        for cut in range(pos + 1, stop):  # bare figures run together: target, actual and 得分 in one run
            if not _NUMBER.fullmatch(text, pos, cut):
                continue
            for second_cut in range(cut + 1, stop):
                if _NUMBER.fullmatch(text, cut, second_cut) and _SCORE.fullmatch(text, second_cut, stop):
                    end = self.score_at(second_cut)
                    if end == stop:
                        out.append(((pos, cut), (cut, second_cut), end))
        return out

    def rows_at(self, pos: int) -> list[Row]:
        text = self.text
        if _digit(text, pos - 1) and _digit(text, pos):
            return []
        rows: list[Row] = []
        for end in range(pos + 1, len(text)):
            if _digit(text, end - 1) and _digit(text, end):
                continue  # a name ends at no cut inside a number
            if not _CJK.search(text, pos, end):
                continue
            if self.holds_label(pos, end):
                break  # a name runs across no label: a label is read wherever a row may begin
            for target, actual, score_end in self.values_at(end):
                rows.append(((pos, end), target, actual, (actual[1], score_end)))
        return rows

    def parses(self, pos: int, prev: str) -> list[Parse] | None:
        """Every cut of ``text[pos:]`` (``prev``: what ended at ``pos``: start, label or row); None for
        more cuts than are weighed."""
        key = (pos, prev)
        if key not in self.memo:
            self.memo[key] = self._parses(pos, prev)
        return self.memo[key]

    def _parses(self, pos: int, prev: str) -> list[Parse] | None:
        text = self.text
        if pos == len(text):
            return [[]] if prev == "row" else []
        out: list[Parse] = []
        steps: list[tuple[Item, Row | None, int, str]] = []
        labels = self.labels_at(pos, prev == "row")
        if labels:  # a label is read as a label wherever a row may begin
            steps = [(("label", pos, end, label), None, end, "label") for label, end in labels]
        elif prev != "start":
            rows = self.rows_at(pos)
            if prev == "row" and text[pos].isdigit():
                rows = []  # a row run on after another's 得分 would join their digits
            steps = [(("row", pos, row[3][1], ""), row, row[3][1], "row") for row in rows]
            if not rows and self.open_ended:
                out.append([(("torn", pos, len(text), ""), None)])
        for item, row, end, kind in steps:
            rest = self.parses(end, kind)
            if rest is None:
                return None
            out.extend([(item, row), *r] for r in rest)
            if len(out) > _MAX_PARSES:
                return None
        return out


def _levels(parse: list[tuple[Item, Row | None]]) -> list[tuple[str, Item, Row | None]] | None:
    """Each item as level1, level2, row or torn; None when a level-1 heading is not followed by a label."""
    out: list[tuple[str, Item, Row | None]] = []
    for k, (item, row) in enumerate(parse):
        if item[0] != "label":
            out.append((item[0], item, row))
            continue
        label = item[3]
        following = parse[k + 1][0][0] if k + 1 < len(parse) else ""
        level = (
            "level1"
            if label in LEVEL1_WORDS and (label not in LEVEL2_WORDS or following == "label")
            else "level2"
        )
        if level == "level1" and following != "label":
            return None
        out.append((level, item, row))
    return out


def scored_rows(
    header: Sequence[Token],
    after: Sequence[Token],
    marks: dict[int, str],
    before: Sequence[Token] = (),
) -> list[list[Token]]:
    """The rows of the block after ``header`` (see the module), and its 总分 row; ``[]`` unless the header
    is 一级/二级/三级指标, 目标值, 实际值, 得分 and one reading alone is certain. ``before``: the tokens of
    the table above the block (the budget header, whose 得分's points the sums may need)."""
    from jixiao.ingest.textlayout.runon import _located, indicator_block  # runon calls this module

    fields = [_column(t.key, "indicator") for t in header]
    lead = 1 if fields[:1] == ["label"] else 0
    if fields[lead:] != _ROW_FIELDS:
        return []
    gathered = indicator_block(after)
    if gathered is None or gathered[2]:
        return []  # the forms' closing words, or the next block's title or header, before a 总分
    block, total_at, _ = gathered
    located = _located(block, marks)
    if located is None:
        return []
    text, places = located
    reader = _Block(text, open_ended=total_at is None and len(block) == len(after))
    found = reader.parses(0, "start")
    if not found:
        return []
    parses = [p for parse in found if (p := _levels(parse)) is not None]
    total = _total(after, total_at)
    readings: dict[tuple[tuple[str, str, str], ...], list[list[tuple[str, Item, Row | None]]]] = {}
    for parse in parses:
        outline = tuple(
            (level, text[item[1] : item[2]] if level in ("row", "torn") else item[3], "")
            if row is None
            else (level, text[row[0][0] : row[0][1]], text[row[3][0] : row[3][1]])
            for level, item, row in parse
        )
        readings.setdefault(outline, []).append(parse)
    if len(readings) > 1 and total is not None:
        weight = _weight(before)
        if weight is not None:
            readings = {
                k: v
                for k, v in readings.items()
                if total - weight <= sum(Decimal(s) for level, _, s in k if level == "row") <= total
            }
    if len(readings) != 1:
        return []
    chosen = next(iter(readings.values()))

    def written(start: int, end: int) -> Token:
        pieces: list[str] = []
        k = start
        while k < end:
            t = places[k][0]
            stop = k
            while stop < end and places[stop][0] == t:
                stop += 1
            pieces.append(block[t].text[places[k][1] : places[stop - 1][1] + 1])
            k = stop
        return Token("".join(pieces).strip(), block[places[start][0]].line)

    width = lead + 6
    blank = Token("", block[0].line)
    rows: list[list[Token]] = []
    level1: Token | None = None
    level2: Token | None = None
    for position, (level, item, row) in enumerate(chosen[0]):
        if level in ("level1", "level2"):
            exact = text[item[1] : item[2]].startswith(item[3])  # else the label read (成本 is 成本指标)
            cell = written(item[1], item[2]) if exact else Token(item[3], block[places[item[1]][0]].line)
            level1, level2 = (cell, None) if level == "level1" else (level1, cell)
            continue
        if row is None:
            continue  # a torn row: not read
        cells = [level1 or blank, level2 or blank]
        values = [text[span[0] : span[1]] for span in row]
        spans = [p[position][2] for p in chosen]
        for c, span in enumerate(row):
            same = all(other is not None and other[c] == span for other in spans)
            misread = c in (1, 2) and values[c] == _MISREAD_SIGN + values[3 - c]
            if c in (0, 3) or (same and not misread):
                cells.append(written(*span))
            else:  # seen but not placed: the value itself, or both values where the cuts differ
                seen = written(*span) if misread else written(row[1][0], row[2][1])
                cells.append(Token("", seen.line, unread=seen.text))
        rows.append([*([blank] * lead), *cells])
        level1 = level2 = None
    if not rows:
        return []
    if total is not None and total_at is not None:
        line = after[total_at + 1].line
        total_row = [Token("", line)] * width
        total_row[0] = after[total_at]
        total_row[lead + 5] = Token(str(total), line)
        rows.append(total_row)
    return rows


def _total(after: Sequence[Token], total_at: int | None) -> Decimal | None:
    """The 总分's figure after its label (``总分100``), when it is a plausible 得分 (0-100)."""
    if total_at is None or total_at + 1 >= len(after):
        return None
    match = _SCORE.match(after[total_at + 1].key)
    if match is None or _digit(after[total_at + 1].key, match.end()) or Decimal(match.group()) > 100:
        return None
    return Decimal(match.group())


def _weight(before: Sequence[Token]) -> Decimal | None:
    """The budget's points, as its header writes them (``得分(20分*执行率)``, ``预算执行情况(万元)(20分)``)."""
    for token in reversed(before):
        match = _WEIGHT.match(token.key)
        if match is not None:
            return Decimal(match["points"])
        if _Vocabulary.field.match(token.key):
            break  # the form's head: its budget header said no points
    return None
