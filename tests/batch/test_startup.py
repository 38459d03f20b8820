"""Start-up (issue #14): the command line imports what a command needs when it runs; the rule packs
are parsed once each, with libyaml's loader, and kept parsed in the user's cache with the narrative
grammar's parse tables (``jixiao.cache``), which must be safe when processes start together, when the
cache cannot be written and when an entry is damaged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import SEED_FILES

from jixiao import cache
from jixiao.rules import pack

HEAVY = ("pdfplumber", "docx", "openpyxl", "python_calamine", "xlrd", "weasyprint", "django", "lxml")


def _modules_after(code: str, env: dict[str, str] | None = None) -> set[str]:
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def _env(cache_dir: Path | str) -> dict[str, str]:
    return {**os.environ, "JIXIAO_STARTUP_CACHE": str(cache_dir)}


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("JIXIAO_STARTUP_CACHE", str(where))
    return where


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
    assert "multiprocessing" not in loaded  # a small text file is read in the process, no worker


def test_plain_text_up_to_a_mebibyte_is_read_in_process(tmp_path: Path) -> None:
    """The command line and the guarded reader ask one predicate which files they read in process."""
    from jixiao.ingest.sniff import IN_PROCESS_BYTES, small_text

    for path in SEED_FILES.values():
        assert small_text(path) == (path.suffix == ".txt"), path.name
    big = tmp_path / "big.txt"
    big.write_bytes("表".encode() * (IN_PROCESS_BYTES // 3 + 1))
    assert not small_text(big)
    pdf = tmp_path / "named.txt"
    pdf.write_bytes(b"%PDF-1.7\n")
    assert not small_text(pdf)  # by content, not by name
    assert small_text(tmp_path / "missing.txt")  # the loader reports it, with its code


def test_the_score_help_lists_the_packs_the_rules_module_knows() -> None:
    from jixiao.cli.main import _pack_ids

    assert tuple(_pack_ids()) == pack.available()


def test_packs_are_parsed_once_with_the_c_loader() -> None:
    import yaml

    assert pack._loader() is getattr(yaml, "CSafeLoader", yaml.SafeLoader)
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


_SCORE_SEED = (
    "import contextlib, io\nfrom jixiao.cli.main import main\n"
    f"out = io.StringIO()\nwith contextlib.redirect_stdout(out): main(['score', {str(SEED_FILES['000'])!r}])\n"
    "print(json.dumps(out.getvalue()))"
)


def _score_output(env: dict[str, str]) -> str:
    script = "import json\n" + _SCORE_SEED
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env)
    return str(json.loads(done.stdout.strip().splitlines()[-1]))


def test_a_warm_cache_scores_the_same_without_yaml_or_building_the_grammar(tmp_path: Path) -> None:
    without = _score_output({**os.environ, "JIXIAO_STARTUP_CACHE": "off"})
    cold = _score_output(_env(tmp_path / "c"))  # fills the cache
    entries = sorted(p.name.split(".")[0] for p in (tmp_path / "c").iterdir())
    assert "lark-narrative" in entries
    assert {e for e in entries if e.startswith("pack-")} <= {f"pack-{p}" for p in pack.available()}
    assert any(e.startswith("pack-") for e in entries)
    warm = _score_output(_env(tmp_path / "c"))
    assert without == cold == warm and "总分" in warm
    built = "import lark\nbuilt = []\nlark.Lark.__init__ = lambda *a, **k: built.append(1)\n"
    loaded = _modules_after(built + _SCORE_SEED + "\nassert not built, 'grammar built'", _env(tmp_path / "c"))
    assert "yaml" not in loaded  # the packs came from the cache


def test_two_processes_starting_at_once_share_the_cache_safely(tmp_path: Path) -> None:
    script = "import json\n" + _SCORE_SEED
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=_env(tmp_path / "c")
        )
        for _ in range(3)
    ]
    outputs = {run.communicate(timeout=120)[0] for run in runs}
    assert all(run.returncode == 0 for run in runs)
    assert len(outputs) == 1
    assert not [p for p in (tmp_path / "c").iterdir() if p.name.startswith(".")]  # no temporary left


def test_a_cache_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    expected = _score_output({**os.environ, "JIXIAO_STARTUP_CACHE": "off"})
    assert _score_output(_env(blocked / "cache")) == expected  # mkdir fails under a file


def test_a_damaged_entry_is_rebuilt(cache_dir: Path) -> None:
    from jixiao.narrative import grammar
    from jixiao.narrative.lexer import tokens

    grammar.parser.cache_clear()
    fresh = grammar.parser()
    (entry,) = cache_dir.glob("lark-narrative.*")
    entry.write_bytes(entry.read_bytes()[:100])  # as if a writer had died half-way (it cannot: rename)
    grammar.parser.cache_clear()
    again = grammar.parser()
    sentence = tokens("三公经费支出决算为62.07万元，比上年增加38.97万元，增长168.7%。")
    assert again.parse(sentence) == fresh.parse(sentence)
    assert entry.stat().st_size > 100  # written whole again

    pack._parsed.cache_clear()
    pack.load_pack.cache_clear()
    expected = pack.load_pack("national-2020")
    (stored,) = cache_dir.glob("pack-national-2020.*")
    stored.write_bytes(b"\xc1 not msgpack")
    pack._parsed.cache_clear()
    pack.load_pack.cache_clear()
    assert pack.load_pack("national-2020") == expected


def test_an_entry_is_not_read_from_a_folder_others_can_write(cache_dir: Path) -> None:
    cache.write("probe", "k1", b"data")
    assert cache.read("probe", "k1") == b"data"
    cache.write("probe", "k2", b"newer")
    assert cache.read("probe", "k1") is None  # the entry under the old key was removed
    if hasattr(os, "getuid"):
        cache_dir.chmod(0o777)
        assert cache.read("probe", "k2") is None


def test_an_audit_without_acceptances_does_not_import_yaml(tmp_path: Path) -> None:
    seed = str(SEED_FILES["000"])
    _score_output(_env(tmp_path / "c"))  # the packs parsed once, into the cache
    loaded = _modules_after(
        "import contextlib, io\nfrom jixiao.cli.main import main\n"
        f"main(['audit', {seed!r}, '--exit-zero', '-o', {str(tmp_path / 'a.txt')!r}])",
        _env(tmp_path / "c"),
    )
    assert "jixiao.audit.run" in loaded
    assert "yaml" not in loaded  # the packs came from the cache, and there is no .accepted.yaml


def test_an_acceptance_file_is_still_read(tmp_path: Path) -> None:
    from jixiao.audit.run import AcceptanceError, load_acceptances

    document = tmp_path / "单位.txt"
    (tmp_path / "单位.txt.accepted.yaml").write_text(
        "- code: S002\n  path: evaluations.0.indicators.7.score\n  reason: 经主管部门确认\n", encoding="utf-8"
    )
    (accepted,) = load_acceptances(document)
    assert (accepted.code, accepted.path, accepted.reason) == (
        "S002",
        "evaluations.0.indicators.7.score",
        "经主管部门确认",
    )
    (tmp_path / "单位.txt.accepted.yaml").write_text("- code: [unclosed\n", encoding="utf-8")
    with pytest.raises(AcceptanceError):
        load_acceptances(document)


def test_a_dossier_json_is_scored_without_the_readers_pool(tmp_path: Path) -> None:
    from jixiao.ingest.loader import load_path
    from jixiao.model.serialize import dumps

    dossier_json = tmp_path / "000.json"
    dossier_json.write_bytes(dumps(load_path(SEED_FILES["000"])))
    loaded = _modules_after(
        "import contextlib, io\nfrom jixiao.cli.main import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()): main(['score', {str(dossier_json)!r}])",
        _env(tmp_path / "c"),
    )
    assert "jixiao.score.scorer" in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("multiprocessing", "concurrent")}
    assert not {m for m in loaded if m.startswith("jixiao.ingest.") and m != "jixiao.ingest.errors"}


def test_the_command_line_reads_a_dossier_json_as_the_batch_loader_does(tmp_path: Path) -> None:
    from jixiao.cli.main import _load_json
    from jixiao.ingest.batch import load_any
    from jixiao.ingest.errors import IngestError
    from jixiao.ingest.loader import load_path
    from jixiao.model.serialize import dumps

    good = tmp_path / "good.json"
    good.write_bytes(dumps(load_path(SEED_FILES["001"])))
    assert _load_json(good) == load_any(good)
    (tmp_path / "broken.json").write_bytes(b'{"source": "x", ')
    (tmp_path / "wrong.json").write_bytes(b'{"source": 3}')
    for name in ("broken.json", "wrong.json", "missing.json"):
        errors = []
        for load in (_load_json, load_any):
            with pytest.raises(IngestError) as caught:
                load(tmp_path / name)
            errors.append((caught.value.code, caught.value.message, caught.value.file))
        assert errors[0] == errors[1], name
