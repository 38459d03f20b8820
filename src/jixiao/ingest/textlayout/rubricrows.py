"""A run-on indicator block whose 一级 headings are a rubric's, with their points (**rubric rows**).

Some city forms (a 项目支出绩效自评表 scored against a rubric) head their indicator block 一级指标 /
二级指标 / 三级指标 / 分值 / 指标值 / 实际值 / 得分, and write the rubric's parts as the 一级 headings with
their points: 项目决策(10分) / 项目管理(25分) / 项目产出(30分) / 项目效益(35分), the 产出 and 效益 parts
then cut by the usual 二级指标 words (``数量指标(10分)``, ``社会效益指标``). An OCR'd reprint runs the
cells together::

    项目决策(10分)项目目标完整性4一目标明确、内容细化、目标量化4可行性2实际工作需求2…

Each row is a name (no figure in it), its 分值, what it writes in the 指标值 and 实际值 columns, and its
得分. The rubric's rows often leave a column empty (a dash ``一`` / ``—`` / ``-`` for the target, or
nothing), and write their values in words, so a row holds two, one or no values: what stands between
its 分值 and its 得分 is read as one stretch, in which a figure always carries its unit (``2370人``,
``100%``, ``2021年12月``), so a bare figure is always a 分值 or a 得分. The stretch is cut into target
and actual only where that is certain (a dash first: the target left empty; the same text twice: both
alike); otherwise both are left blank.

A 得分 an OCR wrote in letters (``IO`` for 10) is kept as written: the cell's column is a points
column, where ``jixiao.model.cells.points`` reads it.

A rubric's 二级 cell is read at a row's start only where its 一级 part writes one before its first row
(``项目管理(25分)投入管理预算执行率…``): a part whose first row opens with no 二级 word writes none, and
its names keep their words (``项目立项相关性``).

Every cut of the block into such rows is weighed: the rows are read only when all cuts give the same
names, 分值 and 得分; where they do not, the cuts whose 分值 add up to the points of their heading
(the 二级's, else the 一级's: ``levelpoints``) are kept, and the block is read only if those agree.
Otherwise nothing is read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from jixiao.forms.generic.vocabulary import LEVEL1_WORDS, LEVEL2_WORDS
from jixiao.ingest.normalise import to_simplified
from jixiao.ingest.textlayout.levelpoints import heading_points, weighed
from jixiao.ingest.textlayout.tokens import Token, _alternation, _column, _Vocabulary

_ROW_FIELDS = ["level1", "level2", "name", "weight", "target", "actual", "score"]
_POINTS_BRACKET = r"[（(]\d{1,3}(?:\.\d{1,2})?分[)）]"
# a rubric's part as an 一级 heading: one of the 一级 words not ending in 指标, written with its points
_RUBRIC_LEVEL1 = [w for w in LEVEL1_WORDS if not w.endswith("指标") and not w.endswith("目标")]
_INDICATOR_LEVELS = [w for w in (*LEVEL1_WORDS, *LEVEL2_WORDS) if len(w) >= 4 and w.endswith("指标")]
_LEVEL = re.compile(
    "(?P<part>(?:"
    + _alternation(_RUBRIC_LEVEL1)
    + ")"
    + _POINTS_BRACKET
    + ")|(?P<word>"
    + _alternation(_INDICATOR_LEVELS)
    + f")(?P<points>{_POINTS_BRACKET})?"
)
# the 二级 headings of a rubric's parts, as the national and provincial frameworks name them
_RUBRIC_LEVEL2 = (
    "项目立项",
    "科学决策",
    "绩效目标",
    "资金投入",
    "投入管理",
    "资金管理",
    "财务管理",
    "组织实施",
    "项目实施",
    "业务管理",
)
_LEVEL2_AT = re.compile(_alternation(list(_RUBRIC_LEVEL2)))
# a template row left unfilled (``指标2:``; an OCR reads its 1 as ``l`` / ``I`` / ``L``): no row
_TEMPLATE = re.compile(r"指标(?:\d{1,2}[:：]?|[lIL][:：]?(?=指标|$))")
_DASHES = "一—-－–"
_NO_NAME_START = ",，、.。:：;；)）%％"
_FIGURE = re.compile(r"(?:0|[1-9]\d{0,2})(?:\.\d{1,2})?")
# a 得分 an OCR wrote in letters, the whole cell (``jixiao.model.cells.points``)
_OCR_POINTS = re.compile(r"[Il1][O0]|[Il]O|O")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_UNIT_CHARS = set("%％‰人个万元次天日月年户家项件台套所份场期批篇本名座辆处条册亩米吨公里平小时岁倍")
_FIGURE_WITH_UNIT = (
    r"((?:0|[1-9]\d*)(?:\.\d+)?(?:[%％]|万元|元|人次|人|个|次|天|户|家|项|件|台|套|所|亩|吨|公里|米))"
)
_TWO_FIGURES = re.compile(_FIGURE_WITH_UNIT * 2)
_PARSES = 16
_TRIES = 20000

Row = tuple[
    str, str, list[str]
]  # its 二级 word (or ""), its name, its 分值 / values / 得分 (none: a template row)


def rubric_rows(
    header: Sequence[Token], after: Sequence[Token], marks: dict[int, str] | None = None
) -> list[list[Token]]:
    """The rows of the block after ``header`` (see the module); ``[]`` unless the header is 一级/二级/
    三级指标, 分值, 指标值, 实际值, 得分 (a 原因 last), the block opens with a rubric part's heading and
    its points, and one reading of it alone is certain."""
    from jixiao.ingest.textlayout.runon import _located  # runon calls this module

    fields = [_column(t.key, "indicator") for t in header]
    lead = 1 if fields[:1] == ["label"] else 0
    rest = fields[lead:]
    deviation = rest[-1:] == ["deviation"]
    if (rest[:-1] if deviation else rest) != _ROW_FIELDS:
        return []
    block: list[Token] = []
    for token in after:
        if _Vocabulary.total.match(token.key) and len(token.key) <= 8:
            break
        if block and (_column(token.key, "indicator") == "label" or _Vocabulary.indicator_start(token.key)):
            break
        if _Vocabulary.end.match(token.key) or _Vocabulary.indicator_any(token.key):
            return []
        block.append(token)
    ran_out = len(block) == len(after)
    located = _located(block, marks or {})
    if located is None:
        return []
    text, places = located
    text = text.rstrip("…").rstrip(".")
    cuts = list(_LEVEL.finditer(text))
    if not cuts or cuts[0].start() != 0 or cuts[0].group("part") is None:
        return []
    read = _read(text, cuts, ran_out)
    if read is None:
        return []

    def written(start: int, end: int) -> Token:
        chars = "".join(block[t].text[i] for t, i in places[start:end] if i < len(block[t].text))
        return Token(chars.strip(), block[places[start][0]].line if start < len(places) else block[0].line)

    def heading(start: int, end: int) -> Token:
        """A heading cell: as written, or as read where an OCR misread its word (``ocrwords``)."""
        cell = written(start, end)
        read = text[start:end]
        same_length = len(read) == len(cell.text)
        return Token(read, cell.line) if same_length and to_simplified(cell.text) != read else cell

    width = lead + len(_ROW_FIELDS) + (1 if deviation else 0)
    blank = Token("", block[0].line)
    out: list[list[Token]] = []
    level1: Span | None = None
    for part, level2, rows in read:
        level1 = part or level1  # a part's heading over the first row read under it
        for (start, end), level2_at, cells in rows:
            row = [blank] * width
            row[lead] = heading(*level1) if level1 is not None else blank
            level = level2_at or level2
            row[lead + 1] = heading(*level) if level is not None else blank
            row[lead + 2] = written(start, end)
            for c, span in enumerate(cells):
                row[lead + 3 + c] = written(*span) if span is not None else blank
            out.append(row)
            level1 = None
            level2 = None
    return out


Span = tuple[int, int]
# a row read: its name's span, its 二级's span (one written before it), the spans of 分值, 指标值,
# 实际值 and 得分 (None: left blank)
ReadRow = tuple[Span, Span | None, list[Span | None]]


def _read(
    text: str, cuts: Sequence[re.Match[str]], ran_out: bool
) -> list[tuple[Span | None, Span | None, list[ReadRow]]] | None:
    """The block's rows by its headings: for each level word, the 一级 span it opens (or None), the
    二级 span, and the rows under it; None unless one reading alone is certain."""
    parsed: list[list[list[Row]]] = []
    has_level2 = False  # the part writes its 二级 cells (its first row opens with one)
    for m, cut in enumerate(cuts):
        end = cuts[m + 1].start() if m + 1 < len(cuts) else len(text)
        is_part = cut.group("part") is not None
        if is_part:
            has_level2 = _LEVEL2_AT.match(text, cut.end()) is not None
        parses = _parses(text, cut.end(), end, has_level2 and is_part, has_level2)
        last = m + 1 == len(cuts)
        cut_off = text[cut.end() : end]
        if not parses and last and ran_out and not any(ch.isdigit() for ch in cut_off):
            # the excerpt ends inside the block's last row, before its figures: the row is there, its
            # 分值 and 得分 lost (no sum over its heading can be checked)
            parses = [[("", cut_off, ["", "", ""])]] if len(cut_off) >= 2 else [[]]
        if not parses:
            return None
        parsed.append(parses)
    chosen = _settled(cuts, parsed)
    if chosen is None:
        return None
    out: list[tuple[Span | None, Span | None, list[ReadRow]]] = []
    for cut, rows in zip(cuts, chosen, strict=True):
        is_part = cut.group("part") is not None
        level1 = cut.span() if is_part else None
        level2 = None if is_part else cut.span()
        out.append((level1, level2, _spans(text, cut.end(), rows)))
    return out


def _spans(text: str, start: int, rows: Sequence[Row]) -> list[ReadRow]:
    """The rows of a segment as spans of the text (a template row none)."""
    out: list[ReadRow] = []
    at = start
    for word, name, cells in rows:
        level2: Span | None = None
        if not cells:
            at += len(name)
            continue
        if word:
            level2 = (at, at + len(word))
            at += len(word)
        name_span = (at, at + len(name))
        at += len(name)
        weight, values, score = cells
        spans: list[Span | None] = [(at, at + len(weight))]
        at += len(weight)
        target, actual = _values(values)
        spans.append((at, at + len(target)) if target else None)
        spans.append((at + len(values) - len(actual), at + len(values)) if actual else None)
        at += len(values)
        spans.append((at, at + len(score)))
        at += len(score)
        out.append((name_span, level2, spans))
    return out


def _values(stretch: str) -> tuple[str, str]:
    """A row's 指标值 and 实际值 from what stands between its 分值 and 得分: a dash first is the target
    left empty, the same text twice is both, and two figures each written with its unit and nothing
    else (``15万元20万元``) are cut between them; any other stretch is cut no certain way (both blank:
    ``M.8万元14.8万元``, a figure an OCR damaged, is no value to read)."""
    if len(stretch) > 1 and stretch[0] in _DASHES and stretch[1] not in _DASHES:
        return stretch[0], stretch[1:]
    half = len(stretch) // 2
    if stretch and len(stretch) % 2 == 0 and stretch[:half] == stretch[half:]:
        return stretch[:half], stretch[half:]
    two = _TWO_FIGURES.fullmatch(stretch)
    if two is not None:
        return two.group(1), two.group(2)
    return "", ""


def _stretch_ok(stretch: str) -> bool:
    """What stands between a 分值 and a 得分: every figure in it with its unit after it (a bare figure
    is a 分值 or a 得分), none opening with a 0 it does not need."""
    for figure in _DIGITS.finditer(stretch):
        after = stretch[figure.end() : figure.end() + 1]
        if not after or after not in _UNIT_CHARS:
            return False
        if len(figure.group()) > 1 and figure.group()[0] == "0" and figure.group()[1] != ".":
            return False
    return True


def _parses(text: str, start: int, end: int, opens_level2: bool, level2_column: bool) -> list[list[Row]]:
    """Every cut of ``text[start:end]`` into rows (at most ``_PARSES``; none when more). A row is a
    name, its 分值, a stretch of values and its 得分; a template label is a row with no cells. With
    ``level2_column``, a rubric 二级 word at a row's start is its 二级 (``opens_level2``: the first row
    must open with one)."""
    parses: list[list[Row]] = []
    tries = [0]

    def rows_from(pos: int, done: list[Row]) -> None:
        tries[0] += 1
        if len(parses) > _PARSES or tries[0] > _TRIES:
            return
        if pos == end:
            parses.append(done)
            return
        template = _TEMPLATE.match(text, pos, end)
        if template is not None:
            rows_from(template.end(), [*done, ("", template.group(), [])])
            return
        at = pos
        word = _LEVEL2_AT.match(text, pos, end) if level2_column else None
        if word is not None:
            at = word.end()
        elif opens_level2 and not done:
            return
        stop = at
        while stop < end and not text[stop].isdigit():
            stop += 1
        name = text[at:stop]
        if len(name) < 2 or stop == end or _Vocabulary.unit_word.match(name):
            return  # a unit (万元) is no row's name
        if name[0] in _DASHES or name[0] in _NO_NAME_START:
            return  # a dash or a stop opens a value, never a name
        for weight in _figures(text, stop, end):
            after_weight = stop + len(weight)
            if Decimal(weight) > 100:
                continue
            for score_at in range(after_weight, end):
                stretch = text[after_weight:score_at]
                for score in _scores(text, score_at, end):
                    if _points(score) > Decimal(weight) or not _stretch_ok(stretch):
                        continue
                    after_score = score_at + len(score)
                    if after_score < end and (text[after_score].isdigit() or text[after_score] in "%％‰.．"):
                        continue  # a figure runs on, or is a rate: no 得分
                    if (
                        not score[0].isdigit()
                        and stretch
                        and (stretch[-1].isascii() and stretch[-1].isalnum())
                    ):
                        continue  # letters that run into a word are no 得分
                    rows_from(after_score, [*done, (text[pos:at], name, [weight, stretch, score])])

    rows_from(start, [])
    if len(parses) > _PARSES or tries[0] > _TRIES:
        return []
    return parses


def _points(score: str) -> Decimal:
    """A 得分 as a figure: an OCR's letters for 10 (``IO``) or 0 (``O``) read so."""
    if _FIGURE.fullmatch(score):
        return Decimal(score)
    return Decimal(10) if len(score) == 2 else Decimal(0)


def _figures(text: str, pos: int, end: int) -> list[str]:
    """The figures a cell may be at ``text[pos:]`` (``102370`` may be 1, 10, 102 …)."""
    found = []
    for stop in range(pos + 1, min(end, pos + 6) + 1):
        piece = text[pos:stop]
        if _FIGURE.fullmatch(piece):
            found.append(piece)
    return found


def _scores(text: str, pos: int, end: int) -> list[str]:
    """The 得分 that may stand at ``text[pos:]``: a figure, or an OCR's letters for one."""
    found = _figures(text, pos, end)
    for size in (2, 1):
        piece = text[pos : pos + size]
        if pos + size <= end and _OCR_POINTS.fullmatch(piece) and not piece.isdigit():
            found.append(piece)
    return found


def _settled(cuts: Sequence[re.Match[str]], parsed: list[list[list[Row]]]) -> list[list[Row]] | None:
    """One reading of every segment: its own when all its cuts agree; else the cuts whose 分值 add up to
    its 二级's points, or to its 一级's with the other segments of that part (``levelpoints``)."""
    chosen: list[list[Row] | None] = []
    for m, parses in enumerate(parsed):
        agreed = _agreed(parses)
        if agreed is None and cuts[m].group("points") is not None:
            points = heading_points(cuts[m].group("points"))
            kept = weighed([[_cells_only(p) for p in parses]], 0, points) if points is not None else None
            agreed = _agreed([p for p in parses if _cells_only(p) in kept[0]]) if kept is not None else None
        chosen.append(agreed)
    if all(c is not None for c in chosen):
        return [c for c in chosen if c is not None]
    # the 一级's points over its segments
    groups: list[list[int]] = []
    for m, cut in enumerate(cuts):
        if cut.group("part") is not None or not groups:
            groups.append([m])
        else:
            groups[-1].append(m)
    for members in groups:
        if all(chosen[m] is not None for m in members):
            continue
        points = heading_points(cuts[members[0]].group("part") or "")
        if points is None:
            return None
        candidates: list[list[list[Row]]] = []
        for m in members:
            settled = chosen[m]
            candidates.append([settled] if settled is not None else parsed[m])
        kept = weighed([[_cells_only(c) for c in cands] for cands in candidates], 0, points)
        if kept is None:
            return None
        for m, cands, keep in zip(members, candidates, kept, strict=True):
            one = _agreed([c for c in cands if _cells_only(c) in keep])
            if one is None:
                return None
            chosen[m] = one
    return [c for c in chosen if c is not None]


def _cells_only(rows: Sequence[Row]) -> list[tuple[str, list[str]]]:
    """A cut's rows as ``weighed`` adds them: the 分值 first."""
    return [(name, [cells[0]]) if cells else (name, []) for _, name, cells in rows]


def _agreed(parses: Sequence[Sequence[Row]] | None) -> list[Row] | None:
    """The one cut, when every cut gives the same rows; None otherwise."""
    if not parses:
        return None
    first = parses[0]
    for other in parses[1:]:
        if list(other) != list(first):
            return None  # a name, a 分值 or a 得分 read otherwise (its values then too)
    return list(first)
