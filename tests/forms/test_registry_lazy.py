"""The forms registry is lazy (issue #14, start-up time): a family declares its forms as data and names
its reader, text recogniser and layout by path; they are imported when first asked for, so looking up
a form's pack or family (scoring a dossier JSON) imports none of them."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from jixiao.forms import Form, forms
from jixiao.forms.registry import _FAMILIES

# Modules that hold a family's code, not its declaration: none may be imported by a lookup.
_CODE = textwrap.dedent(
    """
    import json, sys
    {body}
    families = {families!r}
    loaded = sorted(
        m for m in sys.modules
        if any(m.startswith(f"jixiao.forms.{{f}}.") for f in families)
        and m.rsplit(".", 1)[1] in ("reader", "layout", "text", "evaluation", "evaluation_layout", "narrative")
    )
    others = sorted(m for m in sys.modules if m == "opencc" or m.startswith(("jixiao.render", "jixiao.ingest")))
    print(json.dumps({{"loaded": loaded, "others": others}}))
    """
)


def _imported_after(body: str) -> dict[str, list[str]]:
    code = _CODE.format(body=textwrap.dedent(body), families=(*_FAMILIES, "generic"))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    result: dict[str, list[str]] = json.loads(done.stdout)
    return result


def test_looking_up_a_pack_by_id_imports_no_reader() -> None:
    found = _imported_after(
        """
        from jixiao.forms import family_of, form_by_id, form_of_kind, forms, forms_for_grid, forms_for_text
        assert form_by_id("hubei-project").pack == "hubei-2022"
        assert family_of("hunan-unit") == "hunan"
        assert form_of_kind("rubric").pack is not None
        assert len(forms()) > 10 and forms_for_grid() and forms_for_text()
        """
    )
    assert found == {"loaded": [], "others": []}


def test_a_province_form_is_found_without_the_generic_family() -> None:
    """Families are imported as a lookup reaches them: a province's form, the 评分表 and the 基础数据表
    (what scoring a seed's dossier JSON asks for) do not import the generic family's vocabulary."""
    found = _imported_after(
        """
        from jixiao.forms import family_of, form_by_id, form_of_kind
        assert form_by_id("hunan-project").pack == "hunan-2023"
        assert family_of("zhuzhou-dept") == "zhuzhou"
        assert form_of_kind("rubric").id == "yueyang-rubric" and form_of_kind("basic_data").id == "basic-data"
        assert not any(m.startswith("jixiao.forms.generic") for m in sys.modules), sorted(sys.modules)
        assert form_by_id("sichuan-project").pack == "sichuan-2023"  # the generic family, when asked
        assert form_by_id("no-such-form") is None
        """
    )
    assert found == {"loaded": [], "others": []}


def test_asking_for_a_function_imports_its_module_only() -> None:
    found = _imported_after(
        """
        from jixiao.forms import form_by_id
        form = form_by_id("hubei-project")
        assert form.read_text is not None and form.read_text.__name__ == "recognise_hubei"
        assert form_by_id("hubei-project").read_text is form.read_text  # resolved once, cached
        """
    )
    assert "jixiao.forms.hubei.text" in found["loaded"]
    assert not any(m.startswith(("jixiao.forms.hunan.", "jixiao.forms.yueyang.")) for m in found["loaded"])
    assert not any(m.endswith(".layout") for m in found["loaded"])


def test_every_named_function_resolves_to_a_callable_of_its_module() -> None:
    for form in forms():
        pairs = (
            (form.detect_ref, form.detect),
            (form.read_ref, form.read),
            (form.read_text_ref, form.read_text),
            (form.layout_ref, form.layout),
        )
        for ref, function in pairs:
            if ref is None:
                assert function is None, form.id
                continue
            assert callable(function), (form.id, ref)
            module, name = ref.split(":")
            assert (function.__module__, function.__name__) == (module, name), (form.id, ref)


def test_a_malformed_path_is_refused_when_the_form_is_declared() -> None:
    for ref in ("jixiao.forms.hunan.reader.detect", "jixiao.forms.hunan.reader:", "jixiao..x:read"):
        with pytest.raises(ValueError):
            Form(id="x-project", family="x", kind="evaluation", label="x", read_ref=ref)


def test_declared_ids_are_the_ones_the_readers_write() -> None:
    """The ids a family declares (without importing its reader) equal the constants its reader writes
    into ``Evaluation.template``, in the reader's order."""
    from jixiao.forms.hubei import reader as hubei
    from jixiao.forms.hunan import reader as hunan
    from jixiao.forms.yueyang import reader as yueyang
    from jixiao.forms.zhuzhou import reader as zhuzhou

    def ids(family: str) -> list[str]:
        return [f.id for f in forms() if f.family == family]

    assert ids("hunan") == list(hunan.TEMPLATES.values())
    assert ids("zhuzhou") == list(zhuzhou.TEMPLATES.values())
    assert ids("hubei") == [hubei.TEMPLATE]
    assert ids("yueyang") == [yueyang.RUBRIC, yueyang.DEPT_REPORT, yueyang.INSTITUTIONS]


def test_generic_package_still_exports_its_functions() -> None:
    import jixiao.forms.generic.align  # noqa: F401 -- the submodule named like the function
    from jixiao.forms.generic import align, detect, family_of, read
    from jixiao.forms.generic import reader as generic

    assert align is sys.modules["jixiao.forms.generic.align"].align  # the function, not the submodule
    assert (detect, read, family_of) == (generic.detect, generic.read, generic.family_of)
    with pytest.raises(AttributeError):
        import jixiao.forms.generic as package

        _ = package.no_such_name
