"""Reading single cells into located values: money in 万元, rates in %, plain numbers."""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao.model.dossier import Val
from jixiao.model.numbers import parse_decimal
from jixiao.model.source import Location

_SPACE_RE = re.compile(r"[\s\u3000\u00a0]+")
_MONEY_RE = re.compile(r"^(?P<num>[-+]?[0-9０-９.,，．]+)\s*(?P<unit>万元|元|亿元|万)?$")
_RATE_RE = re.compile(r"^(?P<num>[-+]?[0-9０-９.,．]+)\s*[%％]$")
# an amount with no digit before its point (``.32``): its whole-number digits lost in a copy (``Val``)
_LOST_DIGITS_RE = re.compile(r"^[-+]?[.．][0-9０-９]")
_POINTS_RE = re.compile(r"[（(]\s*(?P<num>\d+(?:\.\d+)?)\s*分\s*[）)]")

_TO_WAN = {"万元": Decimal(1), "万": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}


def clean(text: str) -> str:
    """Trim a cell: drop all whitespace runs at the ends, fold inner runs of blanks to nothing.

    Chinese text carries no meaningful spaces; Word exports pad cells with full-width spaces and
    break lines inside cells, which must not change what a cell says.
    """
    return _SPACE_RE.sub("", text)


def label(text: str) -> str:
    """A cell read as a label: whitespace removed, trailing colons dropped."""
    return clean(text).rstrip("：:")


def money(text: str, loc: Location | None, default_unit: str = "万元") -> Val:
    """A money cell; the value is converted to 万元 and the written unit kept when it differs."""
    written = text.strip().strip("\u3000").strip()
    compact = clean(text)
    match = _MONEY_RE.match(compact)
    if not match:
        return Val(text=written, loc=loc)
    number = parse_decimal(match["num"].replace("，", ","))
    if number is None:
        return Val(text=written, loc=loc)
    unit = match["unit"] or default_unit
    factor = _TO_WAN[unit]
    orig = unit if unit not in ("万元", "万") else None
    return Val(
        text=written,
        num=number * factor if factor != 1 else number,
        unit="万元",
        orig_unit=orig,
        loc=loc,
        digits_lost=bool(_LOST_DIGITS_RE.match(match["num"])),
    )


def rate(text: str, loc: Location | None) -> Val:
    """A rate cell written as ``NN%``; ``num`` holds the percentage (93.5 for 93.5%)."""
    written = text.strip().strip("\u3000").strip()
    match = _RATE_RE.match(clean(text))
    if not match:
        return Val(text=written, loc=loc)
    return Val(text=written, num=parse_decimal(match["num"]), unit="%", loc=loc)


def number(text: str, loc: Location | None, unit: str | None = None) -> Val:
    """A plain number cell (分值, 得分, 人数); a trailing unit word is accepted and kept. A points cell
    (no ``unit`` asked: 分值, 得分, 总分) written wholly as an OCR's letters for 10 or 0 is read as
    that figure (``ocr_points``), its text kept as written."""
    written = text.strip().strip("\u3000").strip()
    compact = clean(text)
    found_unit = unit
    for suffix in ("人", "分", "个", "件"):
        if compact.endswith(suffix) and parse_decimal(compact[: -len(suffix)]) is not None:
            compact = compact[: -len(suffix)]
            found_unit = found_unit or suffix
            break
    num = parse_decimal(compact)
    if num is None and unit is None:
        num = ocr_points(compact)
    return Val(text=written, num=num, unit=found_unit, loc=loc)


# the letters an OCR reads for the digits of a points cell: ``IO`` / ``lO`` / ``1O`` / ``I0`` for 10
# (1 as a capital I or a small l, 0 as a capital O), ``O`` for 0
_OCR_TEN = re.compile(r"^(?:[Il][O0]|1O)$")


def ocr_points(text: str) -> Decimal | None:
    """A points cell an OCR wrote in letters (``IO`` for 10, ``O`` for 0), the whole cell so; None
    for anything else. Only a points cell is so read (a 分值 or 得分 is a figure of 0-100: letters
    alone in it are the figure misread), never an amount or an indicator's value."""
    compact = clean(text)
    if _OCR_TEN.match(compact):
        return Decimal(10)
    return Decimal(0) if compact == "O" else None


def text_val(text: str, loc: Location | None) -> Val:
    """A text cell kept as written (outer whitespace trimmed, inner line breaks kept)."""
    lines = [ln.strip().strip("\u3000").strip() for ln in text.split("\n")]
    return Val(text="\n".join(ln for ln in lines if ln), loc=loc)


def points_in(text: str) -> Decimal | None:
    """Points declared in a heading cell such as ``产出指标(50 分)`` or ``投  入（15分）``."""
    match = _POINTS_RE.search(text)
    return Decimal(match["num"]) if match else None


def strip_points(text: str) -> str:
    """A heading cell without its declared points: ``产出指标(50 分)`` -> ``产出指标``."""
    return clean(_POINTS_RE.sub("", text))


_YEAR = re.compile(r"(20\d{2})\s*年度?")


def year_of(title: str) -> int | None:
    """The first year a title names (``2023年度…`` -> 2023)."""
    match = _YEAR.search(title)
    return int(match.group(1)) if match else None
