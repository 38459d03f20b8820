"""A budget row's run of figures whose amounts lost their whole-number digits (``.32.06.5``).

A document-sharing site's preview of a Word table, or an OCR of it, may drop the digits before an
amount's decimal point and keep the point and the decimals: the 年度总金额 row's ``1,234.32 | 1,300.06 |
1,030.5`` is stored ``.32.06.5``. No form writes an amount so (a fraction of a 万元 is written ``0.32``),
so an amount that opens with its point is a damaged amount: it is read as it is written (``.32``, the
number the text states, 0.32) and marked (``Val.digits_lost``), and no check computes with it.

Such a run is cut only where one cut alone reads it (``split_lost_digits``):

* every amount column holds one amount, each written as a point and its decimals: an amount ends
  where the next one's point opens, so every amount but the last is certain;
* the last amount's decimals run into the figures after it (``.579.27107.93``: ``.5 | 79.27 | 10 |
  7.93``); its damaged amounts check no 执行率, so the cut is held to the columns alone: the 执行率 a
  figure (with its ``%``, or bare), the 分值 more than 0 and at most 100, the 得分 the 分值 × 执行率 (the
  forms' execution rule, capped at 100%) at the written precision of both, and every column after the
  amounts filled;
* a run of the amounts alone (``.32.06.5``, the 执行率 and points written on another row) is cut so
  only when no cut that fills the columns after them also reads it.

Two cuts that read a run leave it unread, as ``runs`` does for whole amounts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from jixiao.ingest.textlayout.runs import figure_cells
from jixiao.ingest.textlayout.tokens import ColumnKind, Token
from jixiao.model.cells import clean

_DAMAGED_AMOUNT = re.compile(r"\.\d+")
_FIGURE = re.compile(r"(0|[1-9]\d*)(\.\d+)?")
_LONGEST = 60  # a longer run is no budget row's figures
_RATE_LONGEST = 9
_POINTS_LONGEST = 6


def lost_digits(text: str) -> bool:
    """An amount as written with no digit before its decimal point (``.32``, ``.5万元``)."""
    return bool(re.fullmatch(r"[-+]?[.．]\d+\s*(?:万元|元|亿元|万)?", clean(text)))


def split_lost_digits(token: Token, kinds: Sequence[ColumnKind]) -> list[Token] | None:
    """A run of figures whose amounts lost their whole-number digits cut into the budget header's
    columns (see the module's doc), or None unless exactly one cut reads it. The cells are the header's
    figure columns in order; the columns after the run's end are empty cells."""
    columns = [k for k in kinds if k in ("amount", "rate", "points")]
    if kinds[len(columns) :] and any(k != "text" for k in kinds[len(columns) :]):
        return None
    amounts = columns.count("amount")
    after = columns[amounts:]
    if amounts < 2 or columns[:amounts] != ["amount"] * amounts or "amount" in after:
        return None
    if after and (after.count("rate") != 1 or after.count("points") != 2):
        return None  # only 执行率, 分值 and 得分 check a cut whose amounts check nothing
    text = token.key
    if len(text) > _LONGEST or not _DAMAGED_AMOUNT.match(text):
        return None
    head = _amount_pieces(text, amounts)
    if head is None:
        return None
    found: list[list[str]] = []
    start = sum(len(p) for p in head)
    for end in range(start + 2, len(text) + 1):
        amount = text[start:end]
        if not _DAMAGED_AMOUNT.fullmatch(amount):
            break
        rest = text[end:]
        if not rest:
            found.append([*head, amount])
        elif after:
            found.extend([*head, amount, *cut] for cut in _after_cuts(rest, after))
        if len(found) > 1:
            return None
    if len(found) != 1:
        return None
    return figure_cells(token, found[0], columns)


def _amount_pieces(text: str, amounts: int) -> list[str] | None:
    """The amounts before the last, each a point and the digits up to the next point; None unless the
    run opens with that many damaged amounts."""
    head: list[str] = []
    pos = 0
    for _ in range(amounts - 1):
        match = _DAMAGED_AMOUNT.match(text, pos)
        if match is None or not text.startswith(".", match.end()):
            return None
        head.append(match.group())
        pos = match.end()
    return head if _DAMAGED_AMOUNT.match(text, pos) else None


def _after_cuts(rest: str, after: Sequence[ColumnKind]) -> list[list[str]]:
    """The cuts of the figures after the amounts into the columns after them (执行率, 分值, 得分 in the
    header's order), every column filled, that the columns allow."""
    out: list[list[str]] = []

    def go(pos: int, col: int, pieces: list[str]) -> None:
        if len(out) > 1:
            return
        if col == len(after):
            if pos == len(rest) and _agrees(pieces, after):
                out.append(list(pieces))
            return
        longest = _RATE_LONGEST if after[col] == "rate" else _POINTS_LONGEST
        for end in range(pos + 1, min(len(rest), pos + longest) + 1):
            piece = rest[pos:end]
            figure = piece.rstrip("%％") if after[col] == "rate" else piece
            if after[col] != "rate" and piece != figure:
                continue
            if len(piece) - len(figure) > 1 or not _FIGURE.fullmatch(figure):
                continue
            go(end, col + 1, [*pieces, piece])

    go(0, 0, [])
    return out


def _agrees(pieces: Sequence[str], after: Sequence[ColumnKind]) -> bool:
    """执行率, 分值 and 得分 that agree with each other: a 分值 of more than 0 and at most 100, a 得分 at
    most the 分值 and equal to 分值 × 执行率 (at most 100%) within the written precision of the 得分 and
    the 执行率 (a bare 执行率 of at most 1 is the fraction B/A, a larger one a percentage)."""
    rate_piece = next(p for p, k in zip(pieces, after, strict=True) if k == "rate")
    weight, score = (Decimal(p) for p, k in zip(pieces, after, strict=True) if k == "points")
    score_text = [p for p, k in zip(pieces, after, strict=True) if k == "points"][1]
    rate_text = rate_piece.rstrip("%％")
    rate = Decimal(rate_text)
    if rate_text == rate_piece and rate <= 1:
        rate *= 100
    if not Decimal(0) < weight <= Decimal(100) or score > weight:
        return False
    slack = Decimal(5) / Decimal(10) ** (len(score_text.partition(".")[2]) + 1)
    rate_slack = Decimal(5) / Decimal(10) ** (len(rate_text.partition(".")[2]) + 1) * weight / 100
    return abs(weight * min(rate, Decimal(100)) / 100 - score) <= slack + rate_slack
