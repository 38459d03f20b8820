"""Fuzz the file readers through ``load_path``: any exception other than ``IngestError`` is a crash.

Inputs start from valid documents (the seeds written as .docx with their official merges, a .docx
with numbering, nested tables and content controls, an OLE container) and are mutated two ways:

* **package mode**: the whole file's bytes (zip directory, compression, CRCs, OLE sectors);
* **XML mode**: the bytes of ``word/document.xml``, written uncompressed into an otherwise valid
  package, so mutations reach the XML walk instead of dying at the zip CRC check.

With atheris installed (``pip install 'jixiao[fuzz]'``), the run is coverage-guided (libFuzzer over
the instrumented ``jixiao.ingest`` modules); without it, a seeded random mutation loop runs for the
same time. Either way the script prints executions, distinct outcomes (error codes) and crashes
(deduplicated by exception type and the line that raised), with the first input of each crash saved
under --crashes.

Usage:  python bench/fuzz_readers.py [--seconds 300] [--crashes build/fuzz-crashes]
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import io
import json
import os
import random
import shutil
import sys
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

try:
    import atheris
except ImportError:  # the fallback below needs nothing beyond the standard library
    atheris = None

LOADER: dict[str, Any] = {}


def _import_readers(instrument: bool) -> None:
    """Import the readers, instrumented for coverage when atheris drives the run."""
    if instrument:
        with atheris.instrument_imports(include=["jixiao.ingest"]):
            from jixiao.ingest import loader
    else:
        from jixiao.ingest import loader
    from jixiao.ingest import doc

    doc.find_soffice = lambda: None  # a .doc is LibreOffice's to parse, not ours: it is not fuzzed
    LOADER["load_path"] = loader.load_path
    LOADER["IngestError"] = loader.IngestError


class Stats:
    def __init__(self, crash_dir: Path) -> None:
        self.executions = 0
        self.outcomes: collections.Counter[str] = collections.Counter()
        self.crashes: dict[str, dict[str, Any]] = {}
        self.crash_dir = crash_dir
        self.started = time.monotonic()

    def crash(self, exc: BaseException, data: bytes, name: str) -> None:
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        key = f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno}"
        self.outcomes["CRASH"] += 1
        if key in self.crashes:
            self.crashes[key]["count"] += 1
            return
        self.crash_dir.mkdir(parents=True, exist_ok=True)
        saved = self.crash_dir / f"{hashlib.sha1(data).hexdigest()[:12]}-{name}"
        saved.write_bytes(data)
        self.crashes[key] = {
            "count": 1,
            "message": str(exc)[:200],
            "input": str(saved),
            "trace": "".join(traceback.format_exception(exc))[-1500:],
        }

    def summary(self) -> str:
        elapsed = time.monotonic() - self.started
        lines = [
            f"executions: {self.executions} in {elapsed:.0f} s ({self.executions / max(elapsed, 1e-9):.0f}/s)",
            "outcomes: " + ", ".join(f"{k} {v}" for k, v in self.outcomes.most_common()),
            f"distinct crashes: {len(self.crashes)}",
        ]
        for key, info in self.crashes.items():
            lines.append(f"  {key} x{info['count']}: {info['message']}  (input: {info['input']})")
        return "\n".join(lines)


# --- the corpus -----------------------------------------------------------------------------------------


def _seed_grids() -> list[Any]:
    """Each seed's first forms with their official merges, and the paragraphs around them: small
    grids, so that a document made from one is read and recognised in milliseconds."""
    import msgspec
    from tests.conftest import SEED_FILES
    from tests.official import official_grid

    from jixiao.ingest.wordtext import read_word_text
    from jixiao.model.grid import GridTable

    grids = []
    for key in ("000", "001", "002"):
        path = SEED_FILES[key]
        grid = official_grid(read_word_text(path.read_text(encoding="utf-8"), path.name))
        tables = [i for i, b in enumerate(grid.blocks) if isinstance(b, GridTable)]
        for first in tables[:3]:
            blocks = grid.blocks[max(first - 3, 0) : first + 2]
            grids.append(msgspec.structs.replace(grid, blocks=blocks))
    return grids


def _seed_documents() -> list[bytes]:
    """The seed grids (``_seed_grids``) written as .docx."""
    from jixiao.render.docx import write_docx

    documents = []
    for grid in _seed_grids():
        out = io.BytesIO()
        write_docx(grid, out)
        documents.append(out.getvalue())
    return documents


def _feature_document() -> bytes:
    """Numbering (style-linked and direct), headings, a nested table, content controls, merges."""
    import docx

    document = docx.Document()
    document.add_heading("一、部门概况", level=1)
    document.add_paragraph("第一项", style="List Number")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "标题"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "产出指标"
    table.cell(1, 1).add_table(rows=2, cols=2).cell(0, 0).text = "内"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _ole_document() -> bytes:
    from tests.ingest.test_docx import cfb, fib

    return cfb({"WordDocument": fib(False), "1Table": b"t" * 600})


def _template_members(docx_bytes: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _package_with(template: dict[str, bytes], document_xml: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, content in template.items():
            archive.writestr(name, document_xml if name == "word/document.xml" else content)
    return out.getvalue()


# --- the target ---------------------------------------------------------------------------------------


def make_target(stats: Stats, template: dict[str, bytes], folder: Path) -> Callable[[bytes], None]:
    package_path = folder / "fuzz.docx"
    ole_path = folder / "fuzz.doc"

    def target(data: bytes) -> None:
        if not data:
            return
        mode, body = data[0] % 4, data[1:]
        if mode == 0:
            path, content = package_path, body
        elif mode == 1:
            path, content = ole_path, body
        else:
            path, content = package_path, _package_with(template, body)
        path.write_bytes(content)
        stats.executions += 1
        try:
            LOADER["load_path"](path)
            stats.outcomes["read"] += 1
        except LOADER["IngestError"] as exc:
            stats.outcomes[exc.code] += 1
        except Exception as exc:  # a crash: anything the readers let through
            stats.crash(exc, content, path.name)

    return target


def corpus(template_source: bytes) -> list[bytes]:
    documents = [*_seed_documents(), _feature_document()]
    entries = [b"\x00" + d for d in documents]
    entries.append(b"\x01" + _ole_document())
    for d in documents:
        entries.append(b"\x02" + _template_members(d)["word/document.xml"])
    return entries


# --- the fallback mutator -----------------------------------------------------------------------------

_TOKENS = [
    b'<w:gridSpan w:val="3"/>',
    b'<w:vMerge w:val="restart"/>',
    b"<w:vMerge/>",
    b'<w:gridBefore w:val="2"/>',
    b"<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>",
    b'<w:numPr><w:ilvl w:val="8"/><w:numId w:val="5"/></w:numPr>',
    b"<w:tab/>",
    b"<w:br/>",
    b"&#0;",
    b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>",
    b"\xff\xfe",
    b"PK\x03\x04",
]


def mutate(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(6)
        pos = rng.randrange(len(buf) + 1)
        if op == 0 and buf:
            buf[min(pos, len(buf) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:
            buf[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif op == 2:
            del buf[pos : pos + rng.randint(1, 64)]
        elif op == 3:
            buf[pos:pos] = rng.choice(_TOKENS)
        elif op == 4 and len(buf) > 2:
            start = rng.randrange(len(buf) - 1)
            chunk = buf[start : start + rng.randint(1, 256)]
            buf[pos:pos] = chunk
        else:
            del buf[pos:]
    return bytes(buf)


def random_loop(target: Callable[[bytes], None], entries: list[bytes], seconds: float, seed: int) -> None:
    rng = random.Random(seed)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        entry = rng.choice(entries)
        target(entry[:1] + mutate(rng, entry[1:]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--crashes", type=Path, default=ROOT / "build" / "fuzz-crashes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-atheris", action="store_true", help="use the random mutation loop")
    args, rest = parser.parse_known_args()
    stats = Stats(args.crashes)
    use_atheris = atheris is not None and not args.no_atheris
    _import_readers(instrument=use_atheris)
    entries = corpus(b"")
    template = _template_members(_seed_documents()[0])
    with tempfile.TemporaryDirectory(
        prefix="jixiao-fuzz-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None
    ) as tmp:
        target = make_target(stats, template, Path(tmp))
        if not use_atheris:
            print("engine: random mutation loop", flush=True)
            random_loop(target, entries, args.seconds, args.seed)
        else:
            print("engine: atheris (libFuzzer, coverage-guided)", flush=True)
            seeds = Path(tmp) / "corpus"
            seeds.mkdir()
            for i, entry in enumerate(entries):
                (seeds / f"seed{i}").write_bytes(entry)

            # libFuzzer ends the process with C exit(), past Python's atexit: the target itself stops
            # the run when the time is up, prints the figures and leaves.
            end = time.monotonic() + args.seconds

            def timed_target(data: bytes) -> None:
                target(data)
                if time.monotonic() > end:
                    print(stats.summary(), flush=True)
                    _write_summary(stats, args.crashes)
                    shutil.rmtree(tmp, ignore_errors=True)
                    os._exit(1 if stats.crashes else 0)

            argv = [
                sys.argv[0],
                "-rss_limit_mb=4096",
                "-max_len=400000",
                *rest,
                str(seeds),
            ]
            atheris.Setup(argv, timed_target)
            atheris.Fuzz()
            return
    print(stats.summary())
    _write_summary(stats, args.crashes)


def _write_summary(stats: Stats, crashes: Path) -> None:
    target = crashes.parent / "fuzz-summary.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    summary = {"executions": stats.executions, "outcomes": dict(stats.outcomes), "crashes": stats.crashes}
    target.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
