"""Each family's layout, read back by its own reader, gives the same reading (locations aside).

The forms of every seed are laid out by the family's ``layout`` (evaluation forms) or its layout
functions (the other forms) and the tables read back by the family's own ``detect``/``read`` — not
through the loader, so a family is checked by itself. ``tests/render/test_layout.py`` checks the same
through ``layout_dossier`` and ``load_grid`` for whole dossiers.
"""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from tests.conftest import SEED_FILES
from tests.render.test_layout import plain

from jixiao.forms import Form, Reading, form_by_id, form_of_kind, forms
from jixiao.forms.common.layout import basic_data_blocks, fund_list_table
from jixiao.forms.registry import as_reading
from jixiao.forms.yueyang.layout import INSTITUTION_HEADERS, rubric_blocks
from jixiao.ingest.loader import load_path
from jixiao.model.dossier import Dossier, Evaluation
from jixiao.model.grid import Block, GridTable, Paragraph
from jixiao.model.serialize import to_builtins
from jixiao.render.layout.document import numbered


@pytest.fixture(scope="module")
def seeds() -> dict[str, Dossier]:
    return {key: load_path(path) for key, path in SEED_FILES.items()}


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k != "loc"}
    if isinstance(value, list | tuple):
        return [_strip(v) for v in value]
    return value


def _plain(value: object) -> Any:
    return _strip(to_builtins(value))


def _read_back(form: Form, blocks: list[Block]) -> list[Reading]:
    """Every table of ``blocks`` the form detects, read with the title printed above it."""
    assert form.detect is not None and form.read is not None
    readings: list[Reading] = []
    title = ""
    for block in numbered("back.txt", blocks).blocks:
        if isinstance(block, Paragraph):
            title = block.text if block.style == "title" else ""
            continue
        assert isinstance(block, GridTable)
        if form.detect(block):
            found = form.read("back.txt", block, title)
            if found is not None:
                readings.append(as_reading(found))
        title = ""
    return readings


def _evaluations_of(seeds: dict[str, Dossier], family: str) -> list[tuple[Dossier, Evaluation]]:
    return [
        (dossier, e)
        for dossier in seeds.values()
        for e in dossier.evaluations
        if (form := form_by_id(e.template)) is not None and form.family == family
    ]


@pytest.mark.parametrize("family", ["hunan", "zhuzhou", "hubei", "yueyang"])
def test_evaluation_forms_round_trip(seeds: dict[str, Dossier], family: str) -> None:
    found = _evaluations_of(seeds, family)
    assert found, f"no seed holds a {family} form"
    for dossier, evaluation in found:
        form = form_by_id(evaluation.template)
        assert form is not None and form.layout is not None
        institutions = [f for f in dossier.figure_tables if f.kind in INSTITUTION_HEADERS]
        blocks = form.layout(evaluation, dossier, institutions if form.kind == "dept_report" else ())
        [reading] = _read_back(form, blocks)
        [back] = reading.evaluations
        assert back.template == evaluation.template
        if form.kind == "dept_report":  # named by the document's unit, in the loader
            back = msgspec.structs.replace(back, name=evaluation.name)
            assert _plain(reading.figures) == _plain(institutions)
        # the signature line is a paragraph after the table, attached by the loader
        back = msgspec.structs.replace(back, signature=evaluation.signature)
        assert plain_evaluation(back) == plain_evaluation(evaluation)


def plain_evaluation(evaluation: Evaluation) -> Any:
    return _plain(evaluation)


def test_shared_forms_round_trip(seeds: dict[str, Dossier]) -> None:
    dossier = seeds["000"]
    assert dossier.fund_list and dossier.basic_data is not None
    [fund] = _read_back(form_of_kind("fund_list"), [fund_list_table(dossier.fund_list)])
    assert _plain(fund.fund_list) == _plain(dossier.fund_list)
    [basic] = _read_back(form_of_kind("basic_data"), basic_data_blocks(dossier.basic_data, "基础数据表"))
    assert basic.basic_data is not None  # its signature line is a paragraph after it (the loader's)
    assert _plain(
        msgspec.structs.replace(basic.basic_data, signature=dossier.basic_data.signature)
    ) == _plain(dossier.basic_data)


def test_rubric_round_trips(seeds: dict[str, Dossier]) -> None:
    rubrics = [r for d in seeds.values() for r in d.rubrics]
    assert rubrics
    for rubric in rubrics:
        [reading] = _read_back(form_of_kind("rubric"), rubric_blocks(rubric))
        assert _plain(reading.rubrics) == _plain((rubric,))


def test_every_layout_is_exercised(seeds: dict[str, Dossier]) -> None:
    """Each registered layout but the generic family's prints at least one seed form."""
    used = {e.template for d in seeds.values() for e in d.evaluations}
    for form in forms():
        if form.layout is not None and form.family != "generic":
            assert any(form_by_id(t) is not None and form_by_id(t).layout is form.layout for t in used), (
                form.id
            )


def test_whole_dossier_round_trip_still_holds(seeds: dict[str, Dossier]) -> None:
    """The loader over the registry reads the laid-out seeds back (the render tests check every field)."""
    from jixiao.ingest.loader import load_grid
    from jixiao.render.layout import layout_dossier

    for key, dossier in seeds.items():
        back = load_grid(layout_dossier(dossier))
        assert [e.template for e in back.evaluations] == [e.template for e in dossier.evaluations], key
        assert plain(back)["evaluations"] == plain(dossier)["evaluations"], key
