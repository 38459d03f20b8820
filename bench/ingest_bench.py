"""Ingest benchmark: documents per second and peak memory per input format, against a baseline.

Each format has one function here (``bench_docx`` ...) that writes its test documents to a folder and
returns result rows; ``FORMATS`` lists them and ``main`` prints one table. Every row has its baseline
measured in the same run over the same files, and the ratio reader / baseline:

  docx  baseline : unzip word/document.xml + lxml parse (the least any .docx reader must do)
        read     : jixiao.ingest.docx.read_docx -> Grid (zip checks, document, styles, numbering, walk)
        ingest   : load_path -> dossier (read + recognise the forms and the narrative)

The documents are the seeds 000-002 with their official merges and the four seeds in the official
layout (render.layout), written with write_docx, repeated to --documents files. Times are the CPU
time of this process (the files sit in the page cache; on a shared machine, wall time measures the
other work as much as this), pair by pair (``bench/common.py``: for each file the baseline and
every step back to back, --repeat rounds, so a change in the machine's load affects them alike;
medians per file, ratios as the median of the per-file ratios; past --limit seconds a format
reports the files it measured), with the garbage collector settled; peak memory is traced
(tracemalloc) in a separate pass over the same files, so tracing does not slow the timed passes.

Usage:  python bench/ingest_bench.py [--documents 200] [--repeat 3] [--limit 600] [--formats docx]
"""

from __future__ import annotations

import argparse
import gc
import io
import sys
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the tests' helpers (tests.official) build the official merges
sys.path.insert(0, str(ROOT / "bench"))
LIMIT = 600.0  # seconds per format (--limit)

from common import pairwise  # noqa: E402
from jixiao.ingest.loader import load_path  # noqa: E402
from jixiao.ingest.wordtext import read_word_text  # noqa: E402
from jixiao.model.grid import Grid  # noqa: E402


@dataclass(frozen=True)
class Result:
    format: str
    step: str
    documents: int
    megabytes: float  # input size
    seconds: float
    peak_mb: float
    baseline_seconds: float
    baseline_peak_mb: float
    pair_ratio: float = float("nan")  # the median of the per-file ratios step / baseline

    @property
    def per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else float("inf")

    @property
    def ratio(self) -> float:
        return self.pair_ratio


def timed(work: Callable[[Path], object], files: Sequence[Path], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        for path in files:
            work(path)
        best = min(best, time.process_time() - start)
    return best


def peak(work: Callable[[Path], object], files: Sequence[Path]) -> float:
    """Peak traced memory (MB) over a pass that keeps nothing between documents."""
    gc.collect()
    tracemalloc.start()
    for path in files:
        work(path)
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top / 1e6


def seed_grids() -> list[Grid]:
    from tests.conftest import SEED_FILES
    from tests.official import official_grid

    from jixiao.render.layout import layout_dossier

    grids = []
    for key in ("000", "001", "002"):
        path = SEED_FILES[key]
        grids.append(official_grid(read_word_text(path.read_text(encoding="utf-8"), path.name)))
    for key in ("000", "001", "002", "004"):
        grids.append(layout_dossier(load_path(SEED_FILES[key])))
    return grids


def measure(
    fmt: str,
    files: Sequence[Path],
    baseline: Callable[[Path], object],
    steps: dict[str, Callable[[Path], object]],
    repeat: int,
) -> list[Result]:
    """Pair by pair (``bench/common.py``): for each file, the baseline and every step back to back,
    ``repeat`` rounds, so that a machine whose load changes slows them alike; seconds are the median
    per file times the files, the ratio the median of the per-file ratios; then one traced pass each.
    Past ``LIMIT`` seconds no new file is started and the rows say how many were measured."""
    works = {"baseline": baseline, **steps}
    for work in works.values():
        work(files[0])  # warm: imports, caches
    pairs = pairwise(files, works, repeat, LIMIT)
    measured = files[: pairs.inputs]
    if pairs.partial:
        print(f"{fmt}: {pairs.note().strip()}")
    size = sum(p.stat().st_size for p in measured) / 1e6
    peaks = {step: peak(work, measured) for step, work in works.items()}
    seconds = {step: pairs.steps[step].median * len(measured) for step in works}
    return [
        Result(
            fmt,
            step,
            len(measured),
            size,
            seconds[step],
            peaks[step],
            seconds["baseline"],
            peaks["baseline"],
            pairs.steps[step].ratio,
        )
        for step in works
    ]


# --- formats --------------------------------------------------------------------------------------------


def bench_docx(folder: Path, documents: int, repeat: int) -> list[Result]:
    from jixiao.ingest.docx import read_docx
    from jixiao.render.docx import write_docx

    blobs = []
    for grid in seed_grids():
        out = io.BytesIO()
        write_docx(grid, out)
        blobs.append(out.getvalue())
    files = []
    for i in range(documents):
        path = folder / f"doc{i:05d}.docx"
        path.write_bytes(blobs[i % len(blobs)])
        files.append(path)

    def baseline(path: Path) -> object:
        with zipfile.ZipFile(path) as archive:
            return etree.fromstring(archive.read("word/document.xml"))

    def read(path: Path) -> object:
        return read_docx(path, path.name)

    return measure("docx", files, baseline, {"read": read, "ingest": load_path}, repeat)


def bench_pdf(folder: Path, documents: int, repeat: int) -> list[Result]:
    """PDF: seeds 000-002 (official merges) and 004's forms written by write_pdf; baseline pdfplumber's
    own extract_text of the same pages. At most 24 files (a PDF takes about half a second to read);
    bench/ingest_pdf_bench.py adds the writer's time per document and pypdfium2's text for scale."""
    from bench.ingest_pdf_bench import plumber_text, read
    from bench.ingest_pdf_bench import seed_grids as pdf_grids

    from jixiao.render.pdf import pdf_bytes

    blobs = [pdf_bytes(grid) for grid in pdf_grids().values()]
    files = []
    for i in range(min(documents, 24)):
        path = folder / f"doc{i:05d}.pdf"
        path.write_bytes(blobs[i % len(blobs)])
        files.append(path)
    return measure("pdf", files, plumber_text, {"read": read, "ingest": load_path}, repeat)


def bench_xlsx(folder: Path, documents: int, repeat: int) -> list[Result]:
    """.xlsx: the same grids written by write_xlsx (one sheet per table); baseline: unzip every
    worksheet part and parse it with lxml."""
    from jixiao.ingest.xlsx import read_xlsx
    from jixiao.render.xlsx import write_xlsx

    blobs = []
    for grid in seed_grids():
        out = io.BytesIO()
        write_xlsx(grid, out)
        blobs.append(out.getvalue())
    files = []
    for i in range(documents):
        path = folder / f"doc{i:05d}.xlsx"
        path.write_bytes(blobs[i % len(blobs)])
        files.append(path)

    def baseline(path: Path) -> object:
        with zipfile.ZipFile(path) as archive:
            return [
                etree.fromstring(archive.read(name))
                for name in archive.namelist()
                if name.startswith("xl/worksheets/") and name.endswith(".xml")
            ]

    def read(path: Path) -> object:
        return read_xlsx(path, path.name)

    return measure("xlsx", files, baseline, {"read": read, "ingest": load_path}, repeat)


FORMATS: dict[str, Callable[[Path, int, int], list[Result]]] = {
    "docx": bench_docx,
    "pdf": bench_pdf,
    "xlsx": bench_xlsx,
}


def table(rows: Sequence[Result]) -> str:
    lines = [
        "| format | step | docs | input MB | seconds | docs/s | peak MB | ratio to baseline (median of pairs) | peak ratio |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        peak_ratio = r.peak_mb / r.baseline_peak_mb if r.baseline_peak_mb else float("inf")
        lines.append(
            f"| {r.format} | {r.step} | {r.documents} | {r.megabytes:.1f} | {r.seconds:.3f} | "
            f"{r.per_second:,.1f} | {r.peak_mb:.1f} | {r.ratio:.2f}× | {peak_ratio:.2f}× |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    global LIMIT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=float, default=600.0, help="seconds per format; then report")
    parser.add_argument("--formats", nargs="*", default=sorted(FORMATS), choices=sorted(FORMATS))
    args = parser.parse_args(argv)
    LIMIT = args.limit
    rows: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="jixiao-ingest-bench-") as tmp:
        for fmt in args.formats:
            folder = Path(tmp) / fmt
            folder.mkdir()
            try:
                rows.extend(FORMATS[fmt](folder, args.documents, args.repeat))
            except Exception as exc:  # report the other formats, and say why this one has none
                print(f"{fmt}: failed ({type(exc).__name__}: {exc})")
    print(table(rows))


if __name__ == "__main__":
    main()
