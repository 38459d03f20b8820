"""Any edit a person can make is either refused with a message or leaves a dossier that loads back,
scores, audits and renders (issue #15: a unit could store ``"num": {"text": "x"}`` and break a dossier
for good). Every editable path of every seed is tried with hostile and ordinary texts."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.audit.run import audit_dossier
from jixiao.ingest.loader import load_path
from jixiao.model.dossier import Dossier, Val
from jixiao.model.edit import EditError, check_editable, replace_text, value_at
from jixiao.model.serialize import dumps, loads
from jixiao.render.layout.document import layout_dossier
from jixiao.score.scorer import score_dossier

SEEDS = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))

HOSTILE = (
    "x",
    "",
    " ",
    "abc",
    "九百九十三点六",
    "1e308",
    "-1e308",
    "NaN",
    "Infinity",
    "-0",
    "9" * 40,
    "1" + "0" * 30 + ".00",
    "0." + "0" * 40 + "1",
    "１２３．４５",
    "²",
    "12,345,678.90万元",
    "100%",
    "≥95%",
    "<script>alert(1)</script>",
    "\x00",
    "1.2.3",
    "--",
    "—",
)


@cache
def seed(path: Path) -> Dossier:
    return load_path(path)


def _paths(obj: object, prefix: str) -> list[str]:
    """Every path the model declares as a written value, present or empty."""
    found: list[str] = []
    if isinstance(obj, Val):
        return [prefix]
    if isinstance(obj, tuple):
        for index, item in enumerate(obj):
            found.extend(_paths(item, f"{prefix}.{index}" if prefix else str(index)))
        return found
    if isinstance(obj, msgspec.Struct):
        for field in obj.__struct_fields__:
            path = f"{prefix}.{field}" if prefix else field
            value = getattr(obj, field)
            if value is None:
                try:
                    check_editable(path)
                except EditError:
                    continue
                found.append(path)
            else:
                found.extend(_paths(value, path))
    return found


@cache
def editable(path: Path) -> tuple[str, ...]:
    return tuple(p for p in _paths(seed(path), "") if p)


def test_every_written_value_of_every_seed_is_editable() -> None:
    for path in SEEDS:
        paths = editable(path)
        assert len(paths) > 50, path.name
        for p in paths:
            check_editable(p)  # no path the walk finds is refused


@pytest.mark.parametrize("path", ["evaluations.0.name.num", "evaluations.0.goal", "evaluations.0.template"])
def test_parts_of_values_and_structures_are_refused(path: str) -> None:
    with pytest.raises(EditError):
        replace_text(seed(SEEDS[0]), path, "x")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SEEDS),
    st.data(),
    st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30)),
)
def test_any_accepted_edit_loads_scores_audits_and_renders(
    source: Path, data: st.DataObject, text: str
) -> None:
    dossier = seed(source)
    path = data.draw(st.sampled_from(editable(source)))
    try:
        changed = replace_text(dossier, path, text)
    except EditError:
        return  # refused with a message: nothing stored
    back = loads(dumps(changed))
    assert back == changed
    value = value_at(back, path)
    assert value is not None and value.text == text.strip()
    scored = score_dossier(back)
    audit_dossier(back, scored=scored)
    layout_dossier(back)
