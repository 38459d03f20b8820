"""The fast path for plain figures must give exactly what the full grammar gives."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.values import parse
from jixiao.values.parse import _read, _read_fast, parse_value

signs = st.sampled_from(["", "≥", "≤", ">=", "<=", ">", "<", "="])
units = st.sampled_from(["", "%", "人次", "人", "件", "起", "个", "份", "家", "户", "名", "项"])
figures = st.decimals(min_value=Decimal("0"), max_value=Decimal("999999999"), places=2, allow_nan=False).map(
    str
)


@settings(max_examples=2000, deadline=None)
@given(signs, figures, units)
def test_fast_path_equals_full_grammar(sign: str, figure: str, unit: str) -> None:
    text = f"{sign}{figure}{unit}"
    fast = _read_fast(text)
    if fast is not None:
        assert fast == _read(text), text


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="≥≤><=0123456789.%人次件起个份家户名项万元天月年 ", max_size=12))
def test_fast_path_never_disagrees_on_near_misses(text: str) -> None:
    fast = _read_fast(text)
    if fast is not None:
        assert fast == _read(text), text
    assert parse_value(text).text == text


def test_fast_path_takes_the_common_shapes() -> None:
    for text in ("≥95%", "374人", "<3件", "12.5", "100%"):
        assert _read_fast(text) is not None, text
    for text in ("0", "=0", "≥0起", "6.45万人", "60天", " 95%", "95％"):
        assert _read_fast(text) is None, text
    assert parse is not None
