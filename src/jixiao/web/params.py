"""Whole numbers from a query string or a form, parsed like any other input a person types: ASCII
digits only (``"²".isdigit()`` is true and ``int()`` refuses it), within the range a database column
holds (a 20-digit id would overflow SQLite's and PostgreSQL's integers), else the caller's default."""

from __future__ import annotations

MAX_INT = 2**31 - 1  # the smallest integer column of the databases we run on


def int_param(raw: str | None, default: int, *, low: int = 0, high: int = MAX_INT) -> int:
    text = (raw or "").strip()
    if not text or len(text) > 10 or not (text.isascii() and text.isdigit()):
        return default
    value = int(text)
    return value if low <= value <= high else default


def int_or_none(raw: str | None, *, low: int = 0, high: int = MAX_INT) -> int | None:
    """The number, or ``None`` where the text is not one in range (a filter left unset)."""
    value = int_param(raw, -1, low=low, high=high)
    return None if value == -1 else value


class IdConverter:
    """``<id:pk>`` in URL patterns: a database id, at most ten digits and within ``MAX_INT``; anything
    else does not match (404), instead of overflowing the database driver (500)."""

    regex = "[0-9]{1,10}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_INT:
            raise ValueError(value)  # Django treats this as "no match"
        return number

    def to_url(self, value: int) -> str:
        return str(value)
