"""The forms registry: one home per form, every id unique and registered, no template string outside
its family's folder, the packs and the forms agreeing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conftest import SEED_FILES

from jixiao.forms import family_of, form_by_id, form_of_kind, forms, forms_for_grid, forms_for_text
from jixiao.forms.registry import _FAMILIES, _family_forms
from jixiao.ingest.loader import load_path
from jixiao.model.dossier import Dossier
from jixiao.rules.pack import available, load_pack, pack_for_template
from jixiao.score.scorer import pack_for

SRC = Path(__file__).resolve().parents[2] / "src" / "jixiao"
FORMS_DIR = SRC / "forms"


@pytest.fixture(scope="module")
def seeds() -> dict[str, Dossier]:
    return {key: load_path(path) for key, path in SEED_FILES.items()}


def test_ids_are_unique() -> None:
    ids = [form.id for form in forms()]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_every_family_folder_is_registered() -> None:
    folders = {p.name for p in FORMS_DIR.iterdir() if (p / "__init__.py").exists()}
    assert set(_FAMILIES) <= folders
    assert folders - set(_FAMILIES) <= {"generic"}  # a folder without its registry line is never asked


def test_every_form_lives_in_its_family_folder() -> None:
    for form in forms():
        assert form.family in (*_FAMILIES, "generic"), form.id
        for part in (form.detect, form.read, form.read_text, form.layout):
            if part is None or form.family == "generic":
                continue
            module = part.__module__
            assert module.startswith(f"jixiao.forms.{form.family}.") or module.startswith(
                "jixiao.forms.common."
            ), (form.id, module)


def test_every_seed_template_is_registered(seeds: dict[str, Dossier]) -> None:
    for key, dossier in seeds.items():
        for evaluation in dossier.evaluations:
            form = form_by_id(evaluation.template)
            assert form is not None, (key, evaluation.template)
            assert form.kind in ("evaluation", "dept_report")
    assert {family_of(e.template) for d in seeds.values() for e in d.evaluations} == {
        "hunan",
        "zhuzhou",
        "yueyang",
        "hubei",
    }


def _python_sources() -> list[Path]:
    return [p for p in SRC.rglob("*.py") if "__pycache__" not in p.parts]


def test_no_template_string_outside_its_family_folder() -> None:
    """Nothing outside ``src/jixiao/forms/<family>/`` names a family's template ids (quoted), and only
    the registry names a province family (``"hubei"``) besides its own folder."""
    sources = {path: path.read_text(encoding="utf-8") for path in _python_sources()}
    offenders: list[str] = []
    for form in forms():
        home = FORMS_DIR / form.family
        quoted = re.compile(rf"[\"']{re.escape(form.id)}[\"']")
        offenders.extend(
            f"{path.relative_to(SRC)}: {form.id}"
            for path, text in sources.items()
            if home not in path.parents and quoted.search(text)
        )
    for family in _FAMILIES:
        if family == "common":
            continue
        home = FORMS_DIR / family
        prefix = re.compile(rf"[\"']{family}[-\"']")
        offenders.extend(
            f"{path.relative_to(SRC)}: {family}"
            for path, text in sources.items()
            if home not in path.parents and path != FORMS_DIR / "registry.py" and prefix.search(text)
        )
    assert not offenders


def test_packs_and_forms_agree() -> None:
    """A form's pack exists and declares the form; every template a pack declares is a registered form."""
    for form in forms():
        if form.pack is not None:
            assert form.id in load_pack(form.pack).templates, form.id
            assert pack_for_template(form.id) == load_pack(form.pack)
    for pack_id in available():
        for template in load_pack(pack_id).templates:
            assert form_by_id(template) is not None, (pack_id, template)


def test_scorer_asks_the_registry() -> None:
    assert pack_for("hubei-project", 2022, None).id == "hubei-2022"
    assert pack_for("hunan-dept", 2023, None).id == "national-2020"  # no pack of its own
    assert pack_for("no-such-form", None, None).id == "national-2020"
    assert pack_for(form_of_kind("rubric").id, None, None).id == "yueyang-dept-2021"


def test_shared_readers_are_asked_once() -> None:
    grid_forms = forms_for_grid()
    assert len({(f.detect, f.read) for f in grid_forms}) == len(grid_forms)
    assert sum(1 for f in grid_forms if f.family == "hunan") == 1
    assert [f.id for f in forms_for_text()][:1] == ["hubei-project"]


def test_detection_order() -> None:
    """The shared forms first, the province families in registry order, the generic reader last."""
    families = [f.family for f in forms()]
    order = [name for name in dict.fromkeys(families)]
    assert order[: len(_FAMILIES)] == list(_FAMILIES)
    assert order[len(_FAMILIES) :] in ([], ["generic"])


def test_a_missing_family_folder_is_tolerated_only_when_optional() -> None:
    assert _family_forms("no_such_family", optional=True) == ()
    with pytest.raises(ModuleNotFoundError):
        _family_forms("no_such_family")
