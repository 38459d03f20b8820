"""A run of figures written together in one cell (``194.9194.9100%``), cut into a budget row's
columns (``_split_run``) only where one cut alone agrees: 执行数 ÷ 预算数 = 执行率, 得分 ≤ 分值 × 执行率.

The cut is weighed under the row's shapes the reprints give, the likeliest first, and taken only
when the first shape any cut agrees under has exactly that one cut:

1. every amount column filled, the amounts written to one precision (``20.0020.00100%``): the
   national 2020 form and the provinces' forms built on it, as most reprints give them;
2. every amount column filled, the amounts written to their own precisions in the general number
   format, which writes no trailing zero (a Word table typed so, as the Beijing district forms of
   2016 reprinted by document-sharing sites are: ``310.2154.741050%5`` is 310.2 | 154.74 | 10 | 50% |
   5, the 310.20 written 310.2);
3. one amount fewer than the header's amount columns (a cell the reprint lost, as document-sharing
   reprints of the national form's 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分 block
   do: ``252510100%`` is 25 | 25 | 10 | 100%): the amounts are left unread, since which column lost
   its cell cannot be told, and the figures after them are placed.

A run with no % writes its 执行率 as the fraction B/A (the Hubei forms' 执行率(B/A): ``1.561.56120`` is
1.56 | 1.56 | 1 | 20), weighed as that fraction only (a bare 100 for 100% is not weighed: a run without
% that agrees with no fraction is left unread).

The amounts are read first as the exact figures they write; only when no cut agrees so, under any
shape, within their written precision (``2506225.00%`` is 250 | 62 | 25.00%: 62 ÷ 250 = 24.80%, but
62 ÷ 249.6 = 25.00%, a rate computed from the unrounded amounts), the same rule as the audit's
(``jixiao.model.rates``), and only for amounts precise enough to tell (``_tells``). Two cuts that
agree under the first reading any cut agrees under leave the run unread, as two under a shape do.

In every shape the figures after the 执行率 (得分, a 得分计算方法 read as a figure column) may be
missing, a cell the form left blank (``40.5040.5040.5010100%``: the 得分 column empty): the run then
ends at the 执行率 or at a figure after it, and the columns after its end are left blank. Such a cut
is checked by its amounts alone, so its 执行率 must not be 0%: any 执行数 far below its 预算数 rounds
to 0% (``…10100%`` cut ``…10 | 10 | 0%``), which is no check.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Literal

from jixiao.ingest.textlayout.tokens import ColumnKind, Token, _is_value
from jixiao.model.cells import clean
from jixiao.model.rates import quotient_span, rate_agrees

_FIGURE_CHARS = r"(?:[\d.,%％]|万元|万|元)"
_RUN = re.compile(rf"^{_FIGURE_CHARS}*\d{_FIGURE_CHARS}*$")


_NO_RATE = re.compile(r"^\d{6,}(?:\.\d+)?[%％]$")  # a 执行率 of 100000% and more: figures run together


def _is_run(token: Token) -> bool:
    """Figures written together in one cell (``194.9194.9100%``): no single value, or a "rate" of six
    integer digits or more, which no budget row writes (``60606010100%`` is 60 | 60 | 60 | 10 | 100%)."""
    return bool(_RUN.match(token.key)) and (not _is_value(token) or bool(_NO_RATE.match(token.key)))


_PIECE = re.compile(r"(0|[1-9]\d*)(\.\d+)?")
_AMOUNT_PIECE = re.compile(r"((0|[1-9]\d*)(\.\d+)?)(万元|万|元)?")
_TRAILING_ZERO = re.compile(r"\.\d*0(?:万元|万|元)?$")
_Shape = Literal["same", "own", "fewer"]
_SHAPES: tuple[_Shape, ...] = ("same", "own", "fewer")


def _split_run(token: Token, kinds: Sequence[ColumnKind]) -> list[Token] | None:
    """A run of figures cut into the budget header's columns, or None unless exactly one cut agrees
    under the first of the row's shapes (see the module's doc) that any cut agrees under: 执行率
    (written with %, or as the fraction B/A in a run with no %) within its written precision of
    执行数 ÷ 预算数 (the last two amounts), 分值 and 得分 between 0 and 100 with 得分 no more than
    分值 × 执行率. The cells are the header's figure columns in order; a column the cut leaves unread
    is an empty cell."""
    columns = [k for k in kinds if k in ("amount", "rate", "points")]
    if kinds[len(columns) :] and any(k != "text" for k in kinds[len(columns) :]):
        return None
    if columns.count("rate") != 1 or columns.count("amount") < 2 or len(columns) > 8:
        return None
    text = token.key
    if len(text) > _RUN_LONGEST:
        return None
    for cap in _READINGS:
        for shape in _SHAPES:
            if shape == "fewer" and (columns[0] != "amount" or columns.count("amount") < 3):
                continue  # the two amounts left must be 预算数 and 执行数 to check the cut against
            found = _cuts(text, columns, shape, cap)
            if found is None or len(found) > 1:
                return None  # so many cuts read as figures, or two that agree: none is certain
            if found and shape == "fewer" and _lost_points_agrees(text, columns, cap):
                return None  # the lost cell may as well be the 分值: nothing is placed
            if found:
                return figure_cells(token, found[0], columns, shape)
    return None


def _lost_points_agrees(text: str, columns: Sequence[ColumnKind], cap: Decimal | None) -> bool:
    """Some cut agrees with every amount written and the 分值 before the 执行率 lost instead."""
    rate_at = columns.index("rate")
    lost = next((c for c in range(rate_at - 1, -1, -1) if columns[c] == "points"), None)
    if lost is None:
        return False
    without = [k for c, k in enumerate(columns) if c != lost]
    return any(_cuts(text, without, shape, cap) != [] for shape in ("same", "own"))


def _cuts(
    text: str, columns: Sequence[ColumnKind], shape: _Shape, cap: Decimal | None
) -> list[list[str]] | None:
    """The cuts of ``text`` that agree under ``shape`` (at most two are looked for), or None when
    too many cuts were weighed to tell."""
    cut_columns = list(columns[1:]) if shape == "fewer" else list(columns)  # one amount fewer
    rate_at = cut_columns.index("rate")
    bare = not any(ch in text for ch in "%％")  # the 执行率 written as a fraction, with no %
    found: list[list[str]] = []
    idle: list[list[str]] = []  # cuts whose 执行率 is 0%: no check (see below)
    longest = [_PIECE_LONGEST[k] for k in cut_columns]
    tries = [0]

    def go(pos: int, col: int, pieces: list[str]) -> None:
        tries[0] += 1
        if len(found) > 1 or tries[0] > _RUN_TRIES:
            return
        if pos == len(text):
            reached = col > rate_at  # the run reaches the 执行率 at least
            checked = reached and (col == len(cut_columns) or Decimal(pieces[rate_at].rstrip("%％")) > 0)
            if checked and _run_agrees(pieces, cut_columns[:col], cap):
                # (the columns after the run's end left blank.) A 执行率 of 0% closing the run checks
                # nothing: every run ending ``…00%`` (``390390100%``) can be cut ``3903901 | 0 | 0%``, and
                # any small 执行数 under a large 预算数 rounds to 0%: taken only when no other cut agrees
                last = rate_at == len(pieces) - 1 and Decimal(pieces[rate_at].rstrip("%％")) == 0
                (idle if last else found).append(list(pieces))
            return
        if col == len(cut_columns):
            return
        if len(text) - pos > sum(longest[col:]):
            return  # what is left cannot fill the columns left
        for end in range(pos + 1, min(len(text), pos + longest[col]) + 1):
            piece = text[pos:end]
            if cut_columns[col] == "rate":
                if not (piece.endswith(("%", "％")) or bare) or not _PIECE.fullmatch(piece.rstrip("%％")):
                    continue
            elif not (_AMOUNT_PIECE if cut_columns[col] == "amount" else _PIECE).fullmatch(piece):
                continue
            if (
                cut_columns[col] == "amount"
                and shape != "own"
                and not _same_places(piece, pieces, cut_columns)
            ):
                continue
            if cut_columns[col] == "amount" and shape == "own" and _TRAILING_ZERO.search(piece):
                continue  # the general number format writes no trailing zero (310.20 is 310.2)
            go(end, col + 1, [*pieces, piece])

    go(0, 0, [])
    return None if tries[0] > _RUN_TRIES else found or idle[:2]


def figure_cells(
    token: Token, pieces: Sequence[str], columns: Sequence[ColumnKind], shape: _Shape = "same"
) -> list[Token]:
    """A run's cut pieces as the header's figure columns' cells, each figure as written (the run read
    in simplified characters); amounts of the ``fewer`` shape and columns after the run's end blank."""
    written = clean(token.text)
    same = len(written) == len(token.key)
    texts: list[Token] = []
    start = 0
    for piece in pieces:
        as_written = written[start : start + len(piece)] if same else piece
        texts.append(Token(as_written, token.line, reading=piece if piece != as_written else ""))
        start += len(piece)
    blank = Token("", token.line, explicit_empty=True)
    if shape == "fewer":
        amounts = columns.count("amount")
        texts = [blank] * amounts + texts[amounts - 1 :]
    return texts + [blank] * (len(columns) - len(texts))


_RUN_LONGEST = 60  # a longer run is no budget row's figures
# the amounts read as exact first (the figures as they stand agree), then within their written
# precision (148 for anything from 147.5 to 148.5): see ``_split_run``
_READINGS: tuple[Decimal | None, ...] = (Decimal(0), None)
_RUN_TRIES = 20000  # cuts weighed at most
_PIECE_LONGEST: dict[ColumnKind, int] = {"amount": 16, "rate": 9, "points": 6}


def _amount_parts(piece: str) -> tuple[Decimal, int, str]:
    """An amount piece's number, its decimals and its unit (``10.5万`` → 10.5, 1, 万)."""
    match = _AMOUNT_PIECE.fullmatch(piece)
    assert match is not None
    return Decimal(match[1]), len(match[3] or "") - (1 if match[3] else 0), match[4] or ""


def _same_places(piece: str, pieces: Sequence[str], columns: Sequence[ColumnKind]) -> bool:
    """An amount written to the decimals and with the unit of the amounts before it (or the first)."""
    before = [p for p, k in zip(pieces, columns, strict=False) if k == "amount"]
    return not before or _amount_parts(before[0])[1:] == _amount_parts(piece)[1:]


def _run_agrees(pieces: Sequence[str], columns: Sequence[ColumnKind], cap: Decimal | None) -> bool:
    """A cut's figures (``columns`` the columns they fill) agree: 执行数 ÷ 预算数 = 执行率 at the rate's
    written precision; 分值 and 得分 within 0-100, 得分 no more than 分值 × 执行率 (no more than 执行率
    itself when no 分值 is written beside it: no 分值 is above 100); amounts in one unit."""
    written = [_amount_parts(p) for p, k in zip(pieces, columns, strict=True) if k == "amount"]
    if len({parts[2] for parts in written}) != 1:
        return False
    amounts = [parts[0] for parts in written]
    if len(amounts) < 2:
        return False
    points = [Decimal(p) for p, k in zip(pieces, columns, strict=True) if k == "points"]
    if any(not Decimal(0) <= v <= Decimal(100) for v in points):
        return False
    rate_piece = next(p for p, k in zip(pieces, columns, strict=True) if k == "rate")
    rate_text = rate_piece.rstrip("%％")
    # a 执行率 written without % is the fraction B/A the form writes (``1`` for 100%)
    scale = Decimal(1) if rate_piece != rate_text else Decimal(100)
    rate = Decimal(rate_text) * scale
    if len(points) == 1 and columns.index("points") > columns.index("rate"):
        # a 得分 with no 分值 beside it: 分值 × 执行率 at most, and no 分值 is above 100
        score_text = next(p for p, k in zip(pieces, columns, strict=True) if k == "points")
        slack = Decimal(5) / Decimal(10) ** (len(score_text.partition(".")[2]) + 1)
        if points[0] > min(rate, Decimal(100)) + slack:
            return False
    if len(points) == 2:
        # 得分 = 分值 × 执行率 at most (the execution rule of the forms), to its written precision
        score_text = [p for p, k in zip(pieces, columns, strict=True) if k == "points"][1]
        slack = Decimal(5) / Decimal(10) ** (len(score_text.partition(".")[2]) + 1)
        if points[1] > points[0] or points[1] > points[0] * min(rate, Decimal(100)) / 100 + slack:
            return False
    budget, executed = amounts[-2], amounts[-1]
    if budget == 0:
        return False
    places = len(rate_text.partition(".")[2])
    half = Decimal(5) / Decimal(10) ** (places + 1) * scale
    return rate_agrees(rate, half, executed, budget, cap) and (cap is not None or _tells(executed, budget))


def _tells(executed: Decimal, budget: Decimal) -> bool:
    """Amounts whose written precision leaves their quotient within a tenth of itself (±5%): only
    such amounts check a cut by their rounding. Amounts of one significant digit tell next to nothing:
    ``38250.00%`` cut ``3 | 8 | 250.00%`` agrees, 7.5 ÷ 3.5 to 8.5 ÷ 2.5 spanning 214% to 340%, where
    ``250 | 62 | 25.00%`` spans 24.55% to 25.05%."""
    span = quotient_span(executed, budget)
    if span is None:
        return False
    lowest, highest = span
    return (highest - lowest) * 20 <= lowest + highest  # a width of at most a tenth of the midpoint
