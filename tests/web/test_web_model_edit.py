"""jixiao.model.edit: one cell replaced in an immutable dossier, read the way ingest reads it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.web.conftest import seed

from jixiao.model.cells import clean, money, number, rate, text_val
from jixiao.model.edit import EditError, changed_values, replace_text, replace_value, value_at
from jixiao.model.serialize import dumps, loads


def _indicator(name: str) -> str:
    dossier = seed("000")
    for e, evaluation in enumerate(dossier.evaluations):
        for i, indicator in enumerate(evaluation.indicators):
            if indicator.name == name:
                return f"evaluations.{e}.indicators.{i}"
    raise AssertionError(name)


def test_score_cell_is_read_as_a_number_and_keeps_its_location() -> None:
    dossier = seed("000")
    path = _indicator("职称评定通过率") + ".score"
    before = value_at(dossier, path)
    assert before is not None and before.loc is not None
    edited = replace_text(dossier, path, " 1.10 ")
    after = value_at(edited, path)
    assert after is not None
    assert after.text == "1.10" and after.num == Decimal("1.10") and after.loc == before.loc
    assert value_at(dossier, path) == before  # the original is unchanged
    assert changed_values(dossier, edited) == [(path, before.text, "1.10")]


def test_money_cells_convert_written_units_to_wan_yuan() -> None:
    dossier = seed("000")
    path = "evaluations.0.budget.total.executed"
    edited = replace_text(dossier, path, "1,234,500元")
    value = value_at(edited, path)
    assert value is not None and value.num == Decimal("123.4500") and value.orig_unit == "元"
    assert value.unit == "万元"


def test_rate_and_text_cells() -> None:
    dossier = seed("000")
    rate_path = "evaluations.0.budget.rate"
    assert value_at(replace_text(dossier, rate_path, "93.5%"), rate_path) == rate(
        "93.5%",
        value_at(dossier, rate_path).loc,  # type: ignore[union-attr]
    )
    actual = _indicator("职称评定通过率") + ".actual"
    edited = replace_text(dossier, actual, "60%")
    assert value_at(edited, actual).text == "60%"  # type: ignore[union-attr]


def test_edited_dossier_round_trips_through_json() -> None:
    dossier = seed("000")
    edited = replace_text(dossier, _indicator("职称评定通过率") + ".score", "1.1")
    assert loads(dumps(edited)) == edited


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("", "edit_path_empty"),
        ("evaluations.99.name", "edit_path_unknown"),
        ("evaluations.0.nonsense", "edit_path_unknown"),
        ("evaluations.0.indicators", "edit_path_not_value"),
        ("evaluations.0.indicators.x.score", "edit_path_unknown"),
        ("source", "edit_path_not_value"),
    ],
)
def test_bad_paths_are_named_errors(path: str, code: str) -> None:
    with pytest.raises(EditError) as caught:
        replace_text(seed("000"), path, "1")
    assert caught.value.code == code
    assert caught.value.message  # Chinese text for the user


def test_overlong_text_is_refused() -> None:
    with pytest.raises(EditError) as caught:
        replace_text(seed("000"), "evaluations.0.name", "字" * 5000)
    assert caught.value.code == "edit_text_too_long"


def test_replace_value_restores_an_earlier_value() -> None:
    dossier = seed("000")
    path = _indicator("职称评定通过率") + ".score"
    edited = replace_text(dossier, path, "0")
    assert replace_value(edited, path, value_at(dossier, path)) == dossier


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=0, max_size=40))
def test_any_text_is_read_exactly_as_ingest_reads_that_cell(text: str) -> None:
    dossier = seed("000")
    cases = {
        _indicator("职称评定通过率") + ".score": number,
        _indicator("职称评定通过率") + ".target": text_val,
        "evaluations.0.budget.total.adjusted": money,
    }
    for path, reader in cases.items():
        old = value_at(dossier, path)
        assert old is not None
        expected = reader(text, old.loc)
        if reader is not text_val and expected.num is None and clean(text) not in ("", "/", "-", "—", "无"):
            # a figure's cell refuses what does not read as a figure; nothing is changed
            with pytest.raises(EditError) as caught:
                replace_text(dossier, path, text)
            assert caught.value.code == "edit_not_a_number" and "未保存" in caught.value.message
            continue
        assert value_at(replace_text(dossier, path, text), path) == expected


@pytest.mark.parametrize("text", ["abc", "九百九十三点六", "1e308", "NaN", "9" * 40, "12..5"])
def test_a_figure_cell_refuses_text_that_is_not_a_figure(text: str) -> None:
    """Issue #13: these were saved as a new version with "已保存" and the 执行率 still showed 100.00%."""
    for path in ("evaluations.0.budget.total.executed", _indicator("职称评定通过率") + ".score"):
        with pytest.raises(EditError) as caught:
            replace_text(seed("000"), path, text)
        assert caught.value.code == "edit_not_a_number"
