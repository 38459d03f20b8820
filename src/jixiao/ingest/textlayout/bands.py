"""An indicator block whose rows the form numbers (``指标1:`` ``指标2:`` …), flattened in reading order.

A spreadsheet or PDF form rendered to text in reading order writes a row's cells where they stand on
the page, not row by row: the rows beside a tall merged cell (the 二级指标 heading, a goal cell) come
out in a band -- the first cells of each of the band's rows one after another (``38508人 不少于12 种
不少于6 种 116次 6次``), then the rest of each row in turn (``37442人 3 3 14种 1 1 …``) -- the header's
words (二级指标, 三级指标, 分值, 得分) among them, and the names of some rows lost or written after the
figures of the row before. Such a block is read by its structure, never by guessing:

* the header's words found anywhere in the block give the columns: the 三级指标 name, the value
  columns (年度指标值, 实际完成值 -- completed from the remnants the wrapping left, ``年度`` … ``指标值``),
  then the points columns (分值, 得分); a block with any other column is not read here;
* the figures, in order, are cut into rows of the header's shape, each row either written whole or as
  part of a band (its first cells written for every row of the band before the rest of each row);
  a value cell is any figure, a points cell a figure of at most 100, and a row's 得分 no more than its
  分值. Only when exactly one cut places every figure are the rows read;
* the names are placed by their numbers: the numbering restarts with each 二级指标 block (at 指标1, or
  after the block's heading), a block has as many rows as its highest number, and the rows are that
  block's in order. A number the text lost leaves its row's name empty. Names must be numbered in
  increasing order and the rows must fill the numbered places exactly; the last block may be cut by the end of the text (an excerpt), its names
  written after the last figure then left unread.

What does not fit all of this is left to the other readers (``None``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import pairwise

from jixiao.ingest.textlayout.indicators import _is_level
from jixiao.ingest.textlayout.order import _completed, _figure, _indicator_kind, _remnant
from jixiao.ingest.textlayout.tokens import _EMPTY, _SENTENCE, Token, _column, _is_blank, _points, _Vocabulary
from jixiao.model.numbers import parse_decimal

_NUMBER = re.compile(r"^指标\s*(\d{1,2})\s*[:：]")
_UNIT_PIECE = re.compile(r"^[\u4e00-\u9fff]{1,2}$")  # ``种`` the spaces cut from ``不少于12``
_OPENING = ("label", "level1", "level2", "name")
_MAX_FIGURES = 400  # a longer run of figures is no indicator block of one form


def _header_word(token: Token) -> bool:
    return bool(_Vocabulary.indicator_any(token.key)) and len(token.key) <= 20


def numbered_block_start(tokens: Sequence[Token], i: int) -> bool:
    """Whether ``tokens[i]`` opens an indicator block of numbered rows: a header word naming a level or
    the name column (一级指标, 三级指标 …) followed within the block by numbered names."""
    return _header_word(tokens[i]) and _column(tokens[i].key, "indicator") in _OPENING


def numbered_rows(
    tokens: Sequence[Token], i: int, stops: Callable[[int], bool]
) -> tuple[list[list[Token]], int] | None:
    """The rows of the numbered indicator block opening at ``tokens[i]`` (see the module's doc): its
    header row and one row per numbered place, and where the block ends (``stops(j)`` true at the
    first cell after it). None when the block is not so written or not cut with certainty."""
    if not numbered_block_start(tokens, i):
        return None
    stop = i + 1
    while stop < len(tokens) and not stops(stop):
        stop += 1
    block = list(tokens[i:stop])
    header = _header(block)
    if header is None:
        return None
    levels, name, values, points, used = header
    body = [t for n, t in enumerate(block) if n not in used and t.key]
    first = next((n for n, t in enumerate(body) if _NUMBER.match(t.key)), None)
    if first is None or any(_figure(t) for t in body[:first]):
        return None
    pieces = _pieces(body[first:])
    if pieces is None:
        return None
    names, figures, sections, before = pieces
    shape = len(values) + len(points)
    weight_score = _weight_score(points)
    cuts = _cuts(figures, len(values), len(points), weight_score)
    if len(cuts) != 1:
        return None
    rows = cuts[0]
    if len(rows) < 2:
        return None
    cut = stop == len(tokens)  # the text ends with the block (an excerpt may cut its last rows)
    placed = _place_names(names, sections, len(rows), [b == len(figures) for b in before] if cut else None)
    if placed is None:
        return None
    head = [_EMPTY, *levels, name, *values, *points]
    out = [head]
    for label, cells in zip(placed, rows, strict=True):
        assert len(cells) == shape
        out.append([_EMPTY, *[_EMPTY] * len(levels), label, *cells])
    return out, stop


def _header(
    block: Sequence[Token],
) -> tuple[list[Token], Token, list[Token], list[Token], set[int]] | None:
    """The header's words found in the block: the level words, the name word, the value words
    (completed from their remnants), the points words, and the positions of every cell they took."""
    used: set[int] = set()
    found: dict[str, list[Token]] = {}
    seen: set[str] = set()
    for n, token in enumerate(block):
        if not _header_word(token):
            continue
        used.add(n)
        column = _column(token.key, "indicator")
        if column is None or column in seen or column == "label":
            continue
        seen.add(column)
        found.setdefault(_indicator_kind(token.key), []).append(token)
    if set(found) - {"g1", "g2", "name", "value", "points"}:
        return None  # a column (指标性质, 偏差原因 …) this reading does not place
    names, values, points = found.get("name", []), found.get("value", []), found.get("points", [])
    if len(names) != 1 or not 1 <= len(values) <= 2 or len(points) != 2:
        return None
    completed = _completed(values, block)
    for word, whole in zip(values, completed, strict=True):
        if whole is word:
            continue
        remnant = whole.key[: len(whole.key) - len(word.key)]
        at = next(
            (n for n, t in enumerate(block) if n not in used and t.key == remnant and _remnant(t.key)), None
        )
        if at is not None:
            used.add(at)
    levels = [w for kind in ("g1", "g2") for w in found.get(kind, [])[:1]]
    return levels, names[0], completed, points, used


def _pieces(
    body: Sequence[Token],
) -> tuple[list[tuple[int, Token]], list[Token], list[int], list[int]] | None:
    """The numbered names (number, name with the pieces that continue it), the figures in order (a
    unit the spaces cut off joined back: ``不少于12`` ``种``), where each 二级指标 block opens (the
    index of its first name) and how many figures stand before each name. None when a cell is
    neither a name, a piece of one, a figure, a heading nor a header word's remnant."""
    names: list[tuple[int, list[Token]]] = []
    figures: list[Token] = []
    after: list[int] = []  # the figures before each name
    sections: list[int] = []
    last = ""  # the kind of the cell before: name, figure, heading
    for token in body:
        key = token.key
        match = _NUMBER.match(key)
        if match:
            number = int(match[1])
            if names and number <= names[-1][0] and number != 1 and last != "heading":
                return None  # numbers out of order, no new block opened: the names' places are not certain
            if not names or number <= names[-1][0]:
                sections.append(len(names))
            names.append((number, [token]))
            after.append(len(figures))
            last = "name"
        elif _figure(token):
            figures.append(token)
            last = "figure"
        elif _is_blank(token):
            return None  # an empty cell: the rows' places are not certain
        elif _is_level(key) or _remnant(key):
            last = "heading"
        elif last == "figure" and _UNIT_PIECE.match(key) and _figure(Token(figures[-1].key + key, 0)):
            figures[-1] = Token(figures[-1].text + key, figures[-1].line)
            last = "unit"
        elif last == "name" and not _Vocabulary.field.match(key) and not _SENTENCE.search(key):
            number, parts = names[-1]
            parts.append(token)
        else:
            return None
    joined = [
        (number, Token(" ".join(t.text for t in parts), parts[0].line) if len(parts) > 1 else parts[0])
        for number, parts in names
    ]
    if not joined:
        return None
    return joined, figures, sections, after


def _weight_score(points: Sequence[Token]) -> bool:
    """Whether the points columns are 分值 then 得分 (a row's 得分 then no more than its 分值)."""
    return [_column(t.key, "indicator") for t in points] == ["weight", "score"]


def _cuts(
    figures: Sequence[Token], n_values: int, n_points: int, weight_score: bool, limit: int = 2
) -> list[list[list[Token]]]:
    """The ways (at most ``limit``) to cut the figures into rows of ``n_values`` value cells and
    ``n_points`` points cells, each row written whole or in a band (see the module's doc)."""
    if not figures or len(figures) > _MAX_FIGURES:
        return []
    shape = n_values + n_points

    def fits(cells: Sequence[Token]) -> bool:
        if len(cells) != shape or not all(_points(t.key) for t in cells[n_values:]):
            return False
        if weight_score:
            weight = parse_decimal(cells[n_values].key)
            score = parse_decimal(cells[n_values + 1].key)
            if weight is None or score is None or weight == Decimal(0) or score > weight:
                return False
        return True

    def steps(start: int) -> list[list[list[Token]]]:
        """The rows that can be cut at ``start``: a whole row, or a band of k rows."""
        out: list[list[list[Token]]] = []
        whole = list(figures[start : start + shape])
        if fits(whole):
            out.append([whole])
        for split in range(1, n_values + 1):
            rest = shape - split
            for k in range(2, (len(figures) - start) // shape + 1):
                heads = figures[start : start + k * split]
                tails = figures[start + k * split : start + k * shape]
                band = [
                    [*heads[r * split : (r + 1) * split], *tails[r * rest : (r + 1) * rest]] for r in range(k)
                ]
                if all(fits(r) for r in band):
                    out.append(band)
        return out

    ways: dict[int, list[list[list[Token]]]] = {len(figures): [[]]}
    for start in range(len(figures) - 1, -1, -1):
        here: list[list[list[Token]]] = []
        for step in steps(start):
            for tail in ways.get(start + len(step) * shape, []):
                here.append([*step, *tail])
                if len(here) >= limit:
                    break
            if len(here) >= limit:
                break
        ways[start] = here
    return ways[0]


def _place_names(
    names: Sequence[tuple[int, Token]], sections: Sequence[int], rows: int, last: Sequence[bool] | None
) -> list[Token] | None:
    """A name (or an empty cell) for each of ``rows`` rows: the numbered places of each 二级指标 block,
    in order. None unless the rows fill the places exactly -- or, where the text ends with the block
    (``last``: whether each name stands after every figure), the places left over are the last
    block's, every name of it after the last figure (the excerpt cut it before its figures)."""
    bounds = [*sections, len(names)]
    places: list[list[Token]] = []
    for a, b in pairwise(bounds):
        numbers = [number for number, _ in names[a:b]]
        if numbers != sorted(set(numbers)):
            return None
        block = [_EMPTY] * numbers[-1]
        for number, token in names[a:b]:
            block[number - 1] = token
        places.append(block)
    total = sum(len(p) for p in places)
    if total > rows and last is not None and len(places) > 1 and all(last[sections[-1] :]):
        total -= len(places.pop())  # the excerpt cuts the last block: its names after every figure
    if total != rows:
        return None
    return [name for block in places for name in block]
