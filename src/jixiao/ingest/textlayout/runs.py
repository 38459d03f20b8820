"""A run of figures written together in one cell (``194.9194.9100%``), cut into a budget row's
columns (``_split_run``) only where one cut alone agrees: 执行数 ÷ 预算数 = 执行率, 得分 ≤ 分值, the
amounts written to one precision.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from jixiao.ingest.textlayout.tokens import ColumnKind, Token, _is_value
from jixiao.model.cells import clean

_FIGURE_CHARS = r"(?:[\d.,%％]|万元|万|元)"
_RUN = re.compile(rf"^{_FIGURE_CHARS}*\d{_FIGURE_CHARS}*$")


def _is_run(token: Token) -> bool:
    """Figures written together in one cell (``194.9194.9100%``): no single value."""
    return bool(_RUN.match(token.key)) and not _is_value(token)


_PIECE = re.compile(r"(0|[1-9]\d*)(\.\d+)?")
_AMOUNT_PIECE = re.compile(r"((0|[1-9]\d*)(\.\d+)?)(万元|万|元)?")


def _split_run(token: Token, kinds: Sequence[ColumnKind]) -> list[Token] | None:
    """A run of figures cut into the budget header's columns, or None unless exactly one cut fills every
    column of figures with figures that agree: 执行率 (written with %) within its written precision of
    执行数 ÷ 预算数 (the last two amount columns), 分值 and 得分 between 0 and 100 with 得分 ≤ 分值, every
    amount written to the same number of decimals."""
    columns = [k for k in kinds if k in ("amount", "rate", "points")]
    if kinds[len(columns) :] and any(k != "text" for k in kinds[len(columns) :]):
        return None
    if columns.count("rate") != 1 or columns.count("amount") < 2 or len(columns) > 8:
        return None
    text = token.key
    if len(text) > _RUN_LONGEST or not any(ch in text for ch in "%％"):
        return None
    found: list[list[str]] = []
    longest = [_PIECE_LONGEST[k] for k in columns]
    tries = [0]

    def go(pos: int, col: int, pieces: list[str]) -> None:
        tries[0] += 1
        if len(found) > 1 or tries[0] > _RUN_TRIES:
            return
        if col == len(columns):
            if pos == len(text) and _run_agrees(pieces, columns):
                found.append(list(pieces))
            return
        if len(text) - pos > sum(longest[col:]) or len(text) - pos < len(columns) - col:
            return  # what is left cannot fill the columns left
        for end in range(pos + 1, min(len(text), pos + longest[col]) + 1):
            piece = text[pos:end]
            if columns[col] == "rate":
                if not piece.endswith(("%", "％")) or not _PIECE.fullmatch(piece[:-1]):
                    continue
            elif not (_AMOUNT_PIECE if columns[col] == "amount" else _PIECE).fullmatch(piece):
                continue
            if columns[col] == "amount" and not _same_places(piece, pieces, columns):
                continue
            go(end, col + 1, [*pieces, piece])

    go(0, 0, [])
    if len(found) != 1 or tries[0] > _RUN_TRIES:  # so many cuts read as figures: none is certain
        return None
    written = clean(token.text)
    if len(written) != len(text):
        return [Token(piece, token.line) for piece in found[0]]
    out: list[Token] = []
    start = 0
    for piece in found[0]:  # each figure as written (the run read in simplified characters)
        as_written = written[start : start + len(piece)]
        out.append(Token(as_written, token.line, reading=piece if piece != as_written else ""))
        start += len(piece)
    return out


_RUN_LONGEST = 60  # a longer run is no budget row's figures
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


def _run_agrees(pieces: Sequence[str], columns: Sequence[ColumnKind]) -> bool:
    written = [_amount_parts(p) for p, k in zip(pieces, columns, strict=True) if k == "amount"]
    if len({parts[1:] for parts in written}) != 1:
        return False
    amounts = [parts[0] for parts in written]
    points = [Decimal(p) for p, k in zip(pieces, columns, strict=True) if k == "points"]
    if any(not Decimal(0) <= v <= Decimal(100) for v in points):
        return False
    rate_text = next(p for p, k in zip(pieces, columns, strict=True) if k == "rate")[:-1]
    rate = Decimal(rate_text)
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
    half = Decimal(5) / Decimal(10) ** (places + 1)
    return abs(executed / budget * 100 - rate) <= half
