"""A bounded random fuzz of every reader through the guarded loader: a few hundred inputs mutated from
small seed-derived .docx, .xlsx, .pdf and .txt files (fixed seed, so a failure reproduces), each read
in a worker process. Nothing may crash (any outcome but a dossier or an ``IngestError`` the reader
raised on purpose: ``reader_failed`` is an exception a reader let through, ``file_too_complex`` a
worker that died) and nothing may run into the time bound. The mutators are
``bench/fuzz_readers.py``'s; that script runs the same idea for minutes, coverage-guided with atheris.
"""

from __future__ import annotations

import io
import random
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.fuzz_readers import _package_with, _seed_grids, _template_members, mutate

from jixiao.cli.render import render_bytes
from jixiao.ingest.guarded import Guarded, run_guarded
from jixiao.ingest.limits import Limits

SEED = 20240615
PER_KIND = 50  # inputs per kind and mode: 6 x 50 = 300 in all
BOUND = 20.0  # seconds for one input (the seeds read in well under one)
LIMITS = Limits(max_seconds=BOUND, max_memory=768 * 1024 * 1024)
CRASHES = ("reader_failed", "file_too_complex", "file_timeout", "file_memory")


def _with_member(package: bytes, member: str, content: bytes) -> bytes:
    """``package`` with ``member`` replaced, stored uncompressed (so mutations reach the parser)."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members[member] = content
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _inputs(folder: Path) -> list[Path]:
    rng = random.Random(SEED)
    grids = _seed_grids()[:4]
    docx = [render_bytes(g, "docx") for g in grids]
    xlsx = [render_bytes(g, "xlsx") for g in grids]
    pdf = [render_bytes(g, "pdf") for g in grids[:2]]
    from tests.conftest import SEED_FILES

    texts = [SEED_FILES[k].read_text(encoding="utf-8")[:3000].encode("utf-8") for k in ("000", "001", "002")]
    sheet = "xl/worksheets/sheet1.xml"
    makers = {
        "docx-package": (".docx", lambda: mutate(rng, rng.choice(docx))),
        "docx-xml": (
            ".docx",
            lambda: _package_with(
                _template_members(docx[0]),
                mutate(rng, _template_members(rng.choice(docx))["word/document.xml"]),
            ),
        ),
        "xlsx-package": (".xlsx", lambda: mutate(rng, rng.choice(xlsx))),
        "xlsx-xml": (
            ".xlsx",
            lambda: (lambda book: _with_member(book, sheet, mutate(rng, _template_members(book)[sheet])))(
                rng.choice(xlsx)
            ),
        ),
        "pdf": (".pdf", lambda: mutate(rng, rng.choice(pdf))),
        # kept valid UTF-8, so that the mutations reach the text readers (encodings: test_hostile)
        "txt": (".txt", lambda: mutate(rng, rng.choice(texts)).decode("utf-8", "ignore").encode("utf-8")),
    }
    paths = []
    for mode, (suffix, make) in makers.items():
        for i in range(PER_KIND):
            path = folder / f"{mode}-{i:03d}{suffix}"
            path.write_bytes(make())
            paths.append(path)
    return paths


def test_mutated_inputs_neither_crash_nor_hang(tmp_path: Path) -> None:
    paths = _inputs(tmp_path)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results: list[Guarded] = list(pool.map(lambda p: run_guarded(p, LIMITS), paths))
    crashes = [
        f"{path.name}: {r.error.code} {r.error.message}"
        for path, r in zip(paths, results, strict=True)
        if r.error is not None and r.error.code in CRASHES
    ]
    slow = [f"{p.name}: {r.seconds:.1f} s" for p, r in zip(paths, results, strict=True) if r.seconds >= BOUND]
    assert not crashes, "\n".join(crashes)
    assert not slow, "\n".join(slow)
    # Most mutations break a zip's CRC, an XML document's well-formedness or a PDF's streams, and are
    # refused with their format's code; some inputs must still be read through, the readers reached.
    read = sum(1 for r in results if r.error is None)
    assert read >= 5
