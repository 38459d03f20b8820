"""Start-up (issue #14): the command line imports what a command needs when it runs, and the rule
packs are parsed once each, with libyaml's loader."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import SEED_FILES

from jixiao.rules import pack

HEAVY = ("pdfplumber", "docx", "openpyxl", "python_calamine", "xlrd", "weasyprint", "django", "lxml")


def _modules_after(code: str) -> set[str]:
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_help_imports_no_reader_scorer_or_audit() -> None:
    loaded = _modules_after("from jixiao.cli.main import build_parser\nbuild_parser().format_help()")
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}
    assert not {
        m for m in loaded if m.startswith(("jixiao.ingest", "jixiao.score", "jixiao.audit", "jixiao.rules"))
    }
    assert "msgspec" not in loaded and "yaml" not in loaded


def test_score_of_a_text_file_loads_no_office_pdf_web_or_audit_module() -> None:
    seed = str(SEED_FILES["000"])
    loaded = _modules_after(
        "import contextlib, io\nfrom jixiao.cli.main import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()): main(['score', {seed!r}])"
    )
    assert "jixiao.score.scorer" in loaded
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}, "a reader for another format was imported"
    assert not {m for m in loaded if m.startswith("jixiao.audit")}


def test_the_score_help_lists_the_packs_the_rules_module_knows() -> None:
    from jixiao.cli.main import _pack_ids

    assert tuple(_pack_ids()) == pack.available()


def test_packs_are_parsed_once_with_the_c_loader() -> None:
    import yaml

    assert pack._LOADER is getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    pack._parsed.cache_clear()
    pack.load_pack.cache_clear()
    for pack_id in pack.available():
        pack.load_pack(pack_id)
    info = pack._parsed.cache_info()
    assert info.currsize == len(pack.available())  # each file once, parents included
    assert info.hits >= 1  # a pack that extends another reused the parsed parent
    # the cached parse is not changed by merging (each caller gets a copy)
    first = pack._raw("national-2020")
    first["title"] = "changed"
    assert pack._raw("national-2020")["title"] != "changed"
