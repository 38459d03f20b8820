"""Decimal arithmetic as the rules documents prescribe it.

Money and rates are ``Decimal``; rounding is ROUND_HALF_UP to two decimals unless a rule pack says
otherwise. A number written with *n* decimals stands for any value within half a unit of its last
place, which is the tolerance a comparison of a total with its parts may allow.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)

_FULLWIDTH = str.maketrans(
    "０１２３４５６７８９．，－＋％",
    "0123456789.,-+%",
)
_NUMBER_RE = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$|^[+-]?\.\d+$")


# The largest magnitude a written number may have: beyond any budget in 万元 (10^15 万元 is ten
# thousand times the world's GDP), and small enough that a sum of many such numbers, times 100 and
# rounded to eight places, stays inside the 28 significant digits of the default Decimal context.
MAX_MAGNITUDE = Decimal(10) ** 15
MAX_DIGITS = 20  # significant digits written (integer and decimal places together)

_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(0, 9)}


def q2(value: Decimal, places: int = 2) -> Decimal:
    """Round half up to ``places`` decimals (two by default)."""
    quantum = _QUANTA.get(places) or Decimal(1).scaleb(-places)
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


def decimals_of(value: Decimal) -> int:
    """How many decimals the value was written with (``Decimal('3.50')`` -> 2, ``Decimal('12')`` -> 0)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def half_unit(value: Decimal) -> Decimal:
    """Half a unit of the last written place: the rounding a written number may hide."""
    return Decimal(5).scaleb(-decimals_of(value) - 1)


def parse_decimal(text: str) -> Decimal | None:
    """Read a plain written number (``1,034.36``, ``０.５``, ``-3``); ``None`` when it is not one.

    A number no budget form can hold (``MAX_MAGNITUDE`` or more, or more than ``MAX_DIGITS`` digits)
    is refused as bad input: the cell keeps its text and has no number, which the audit's completeness
    checks then show; arithmetic on it could overflow the Decimal context downstream.
    """
    cleaned = text.translate(_FULLWIDTH).replace(" ", "").replace("\u3000", "")
    if not cleaned or len(cleaned) > 2 * MAX_DIGITS or not _NUMBER_RE.match(cleaned):
        return None
    try:
        value = Decimal(cleaned.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid literals
        return None
    return value if in_range(value) else None


def in_range(value: Decimal) -> bool:
    """Whether a number read from a document is one a budget form can hold (see ``parse_decimal``)."""
    return value.is_finite() and abs(value) < MAX_MAGNITUDE and len(value.as_tuple().digits) <= MAX_DIGITS


def ratio_percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part / whole × 100`` exactly (not rounded); ``None`` when ``whole`` is zero."""
    if whole == 0:
        return None
    return part * HUNDRED / whole


def fmt(value: Decimal | None, places: int = 2) -> str:
    """Format for display: ROUND_HALF_UP, fixed decimals, no exponent."""
    if value is None:
        return "—"
    return f"{q2(value, places):f}"


def fmt_plain(value: Decimal | None) -> str:
    """Format without forcing decimals: ``10`` stays ``10``, ``7.50`` becomes ``7.5``."""
    if value is None:
        return "—"
    normal = value.normalize()
    text = f"{normal:f}"
    return text
