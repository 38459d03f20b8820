"""A run-on budget block written labels first, values after (**labels first**).

A document-sharing site's preview of a Word form, OCR'd, often gives the 年度资金总额 row's label cell
(merged down beside the header) before the column header, and the row's figures only after the whole
header: ``年度资金总额年初预算数调整预算数(A)全年执行数(B)执行率(B/A)64.864.864.8100%``. Where the cells
carry their units the figures may even come after the 其中 lines' labels, one a line, in the header's
order: ``年度资金总额全年预算数(A)300全年执行数(B)执行率(B/A)其中中央补助自治区补助300万元⏎259.45万元⏎86.5%``.

``labels_first`` puts such a block back in the order the run-on reader reads (the header, then the
label, then its figures):

* a run of figures right after the header (no units needed): the label is moved after the header;
  the run is cut into the columns by ``runs`` only where one cut alone agrees;
* otherwise figures carrying units (``300万元``, ``86.5%``), one after another with nothing between
  them, after the header: assigned in the header's order only when they are exactly as many as the
  header's columns, each of its column's kind (an amount column an amount in 万元 or 元, 执行率 a
  percentage), and the 执行率 agrees with 执行数 ÷ 预算数 (``rate_agrees``); a bare figure written
  after a header word must then equal the figure assigned to that word. Anything else is left as
  written (the block stays unread).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from itertools import pairwise

from jixiao.forms.generic.vocabulary import FUNDS_TOTAL
from jixiao.ingest.textlayout.order import _budget_kind
from jixiao.ingest.textlayout.runs import _is_run
from jixiao.ingest.textlayout.tokens import Token, _alternation, _column, _is_number, _Vocabulary
from jixiao.model.numbers import half_unit, parse_decimal
from jixiao.model.rates import rate_agrees

# a figure with its unit, not inside a longer figure
_WITH_UNIT = re.compile(r"(?<![\d.])(?P<num>(?:0|[1-9]\d*)(?:\.\d+)?)(?P<unit>万元|元|[%％])(?![\d.])")
_WINDOW = 8  # tokens after the header looked at for its figures: more is another block
_COLUMNS = ("initial", "adjusted", "executed", "weight", "rate", "score")


def labels_first(tokens: Sequence[Token]) -> list[Token]:
    """The tokens with each budget block written labels first put in the header-label-figures order;
    the tokens as given where no block is so written or its figures cannot be placed with certainty."""
    out = list(tokens)
    i = 0
    while i < len(out):
        if _total_label(out[i].key):
            placed = _placed(out, i)
            if placed is not None:
                out[i:] = placed
        i += 1
    return out


_TOTAL = re.compile("(?:" + _alternation(FUNDS_TOTAL) + r")(?:[（(][^（()）]{1,8}[)）])?")


def _total_label(key: str) -> bool:
    """The 年度资金总额 row's label (its cell alone)."""
    return bool(_TOTAL.fullmatch(key))


def _header(tokens: Sequence[Token], start: int) -> tuple[list[Token], dict[int, Token], int]:
    """The header words from ``start`` (a bare figure after a word kept by the word's place) and the
    index after them."""
    words: list[Token] = []
    bare: dict[int, Token] = {}
    i = start
    while i < len(tokens):
        key = tokens[i].key
        if _column(key, "budget") in _COLUMNS:
            words.append(tokens[i])
        elif words and _is_number(key) and len(words) - 1 not in bare and i + 1 < len(tokens):
            if _column(tokens[i + 1].key, "budget") not in _COLUMNS:
                break  # a figure after the last header word: the row's own
            bare[len(words) - 1] = tokens[i]
        else:
            break
        i += 1
    return words, bare, i


def _placed(tokens: Sequence[Token], at: int) -> list[Token] | None:
    """The tokens from ``at`` (a total's label) reordered, or None where they are not so written."""
    label = tokens[at]
    words, bare, end = _header(tokens, at + 1)
    if len(words) < 3 or len({_column(w.key, "budget") for w in words}) != len(words):
        return None
    if not bare and end < len(tokens) and _is_run(tokens[end]):
        return [*words, label, *tokens[end:]]  # the figures as one run: ``runs`` cuts it
    return _with_units(tokens, words, bare, label, end)


def _with_units(
    tokens: Sequence[Token], words: Sequence[Token], bare: dict[int, Token], label: Token, end: int
) -> list[Token] | None:
    kinds = [_budget_kind(w.key) for w in words]
    if any(k not in ("amount", "rate") for k in kinds):
        return None
    window = list(tokens[end : end + _WINDOW])
    if any(t.reading for t in window):
        return None  # the text as read is not the text as written: no slices of it
    found: list[tuple[int, re.Match[str]]] = []
    for j, token in enumerate(window):
        if _stops(token.key):
            window = window[:j]
            break
        found.extend((j, m) for m in _WITH_UNIT.finditer(token.text))
    if len(found) != len(words) or not _consecutive(window, found):
        return None
    values = [parse_decimal(m["num"]) for _, m in found]
    for kind, (_, m) in zip(kinds, found, strict=True):
        if (kind == "rate") != (m["unit"] in "%％"):
            return None
    if any(v is None for v in values) or len({m["unit"] for _, m in found if m["unit"] not in "%％"}) > 1:
        return None
    by_column = {_column(w.key, "budget"): v for w, v in zip(words, values, strict=True) if v is not None}
    if not _reconciles(by_column):
        return None
    for place, figure in bare.items():
        if parse_decimal(figure.key) != values[place]:
            return None
    cells: list[Token] = []
    rest: list[Token] = []
    for j, token in enumerate(window):
        pos = 0
        for k, m in found:
            if k != j:
                continue
            rest.append(Token(token.text[pos : m.start()], token.line))
            cells.append(Token(m.group(), token.line))
            pos = m.end()
        rest.append(Token(token.text[pos:], token.line))
    rest = [t for t in rest if t.text.strip()]
    return [*words, label, *cells, *rest, *tokens[end + len(window) :]]


def _stops(key: str) -> bool:
    """A token that opens what follows the budget block (the goal, the indicator header, a header
    word): the block's figures are before it."""
    return bool(_Vocabulary.goal.match(key) or _Vocabulary.word(key))


def _consecutive(window: Sequence[Token], found: Sequence[tuple[int, re.Match[str]]]) -> bool:
    """The figures follow one another with nothing but line breaks between them."""
    for (j, a), (k, b) in pairwise(found):
        if j == k:
            between = window[j].text[a.end() : b.start()]
        else:
            between = (
                window[j].text[a.end() :]
                + "".join(t.text for t in window[j + 1 : k])
                + window[k].text[: b.start()]
            )
        if between.strip():
            return False
    return True


def _reconciles(by_column: dict[str | None, Decimal]) -> bool:
    """The 执行率 agrees with 执行数 ÷ 预算数 (the adjusted budget, else the initial)."""
    rate, spent = by_column.get("rate"), by_column.get("executed")
    base = by_column.get("adjusted", by_column.get("initial"))
    if rate is None or spent is None or base is None:
        return False
    return rate_agrees(rate, half_unit(rate), spent, base)
