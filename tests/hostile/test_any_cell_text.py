"""Any text in any cell of a seed document: the dossier is still read, scored, audited and rendered,
never a traceback (issue #15, item 10: a 29-digit weight raised ``decimal.InvalidOperation`` in
``jixiao score``). Numbers beyond any budget are refused as numbers where they are read
(``jixiao.model.numbers.parse_decimal``): the cell keeps its text and has no number."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import SEED_FILES

from jixiao.audit.run import audit_dossier
from jixiao.ingest.loader import load_text
from jixiao.model.numbers import MAX_MAGNITUDE, parse_decimal
from jixiao.render.html import write_html
from jixiao.render.layout import layout_dossier
from jixiao.score.scorer import score_dossier

_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


_NUMBER_CELL = re.compile(r"^\t[-+0-9.,%％万元]+$")


@cache
def _seed(key: str, numeric: bool) -> tuple[list[str], list[int]]:
    """The seed's lines, and those that are cells (those holding a number, when ``numeric``: the
    weights, amounts and rates that are computed with)."""
    lines = SEED_FILES[key].read_text(encoding="utf-8").split("\n")
    cells = [i for i, line in enumerate(lines) if line.startswith("\t")]
    if numeric:
        cells = [i for i in cells if _NUMBER_CELL.match(lines[i]) and any(c.isdigit() for c in lines[i])]
    return lines, cells


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=n, max_size=n).filter(lambda s: s[0] != "0")


_NUMBERS = st.one_of(
    st.integers(min_value=15, max_value=80).flatmap(_digits),  # 10^15 and beyond
    st.tuples(st.integers(1, 40).flatmap(_digits), st.integers(1, 40).flatmap(_digits)).map(
        lambda p: f"{p[0]}.{p[1]}"
    ),
    st.decimals(allow_nan=False, allow_infinity=False).map(lambda d: f"{d:f}"),
)
_CELL_TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters=_LINE_BREAKS), max_size=40),
    _NUMBERS,
    _NUMBERS.map(lambda s: s + "%"),
    _NUMBERS.map(lambda s: s + "万元"),
    _NUMBERS.map(lambda s: f"≥{s}%"),
    _NUMBERS.map(lambda s: f"（{s}分）"),
    _NUMBERS.map(lambda s: f"1E+{s[:4]}"),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    key=st.sampled_from(["000", "001", "002"]),
    numeric=st.booleans(),
    where=st.integers(min_value=0),
    text=_CELL_TEXT,
    more=st.lists(st.tuples(st.integers(min_value=0), _CELL_TEXT), max_size=8),
)
def test_any_text_in_any_cell_scores_audits_and_renders(
    key: str, numeric: bool, where: int, text: str, more: list[tuple[int, str]]
) -> None:
    lines, cells = _seed(key, numeric)
    changed = list(lines)
    for index, value in [(where, text), *more]:
        changed[cells[index % len(cells)]] = "\t" + value
    dossier = load_text("\n".join(changed), f"{key}.txt")
    score_dossier(dossier)
    audit_dossier(dossier)
    write_html(layout_dossier(dossier))


def test_numbers_beyond_any_budget_are_text() -> None:
    assert parse_decimal("9" * 29) is None
    assert parse_decimal("1" + "0" * 15) is None  # 10^15 万元
    assert parse_decimal("999999999999999") == Decimal("999999999999999")
    assert parse_decimal("0." + "1" * 30) is None  # more digits than a budget is written with
    assert parse_decimal("12,345.67") == Decimal("12345.67")
    assert Decimal(10) ** 15 == MAX_MAGNITUDE
    assert not re.search(r"\d{16}", str(MAX_MAGNITUDE.normalize()))
