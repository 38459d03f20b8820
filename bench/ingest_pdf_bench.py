"""PDF benchmark: documents per second and peak memory of the PDF reader, against pdfplumber's own
text extraction of the same pages measured in the same run; and the PDF writer's time per document.

  baseline : pdfplumber.open + page.extract_text() for every page (the PDF library's own text
             extraction: what any pdfplumber-based reader pays before it looks at a table)
  pdfium   : pypdfium2 text of every page (a C text extractor, for scale; not the ratio's baseline)
  read     : jixiao.ingest.pdf.read_pdf -> Grid (ruled tables with merges, cell text, paragraphs,
             tables stitched across pages)
  ingest   : load_path -> dossier (read + recognise the forms and the narrative)
  write    : jixiao.render.pdf.pdf_bytes (HTML -> WeasyPrint with the bundled font), per document

The documents are seeds 000-002 in their official layout (the text export with the forms' merges)
and seed 004's eight Hubei forms (render.layout), written once with write_pdf and repeated to
--documents files. Times are CPU seconds of this process, pair by pair (``bench/common.py``: for each
file every step back to back, --repeat rounds; medians, and ratios as the median of the per-file
ratios), with the garbage collector settled; past --limit seconds it reports the files measured; peak
memory is traced (tracemalloc) in a separate pass, so tracing does not slow the timed passes.

Usage:  python bench/ingest_pdf_bench.py [--documents 24] [--repeat 2] [--limit 600]
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path

import msgspec

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the tests' helpers (tests.official) build the official merges
sys.path.insert(0, str(ROOT / "bench"))

from common import pairwise  # noqa: E402
from jixiao.ingest.loader import load_path  # noqa: E402
from jixiao.ingest.wordtext import read_word_text  # noqa: E402
from jixiao.model.grid import Grid  # noqa: E402


def seed_grids() -> dict[str, Grid]:
    from tests.conftest import SEED_FILES
    from tests.official import official_grid

    from jixiao.render.layout import layout_dossier

    grids = {}
    for key in ("000", "001", "002"):
        path = SEED_FILES[key]
        grids[key] = official_grid(read_word_text(path.read_text(encoding="utf-8"), path.name))
    forms = msgspec.structs.replace(load_path(SEED_FILES["004"]), sections=())
    grids["004 forms"] = layout_dossier(forms)
    return grids


def timed(
    steps: dict[str, Callable[[Path], object]], files: Sequence[Path], repeat: int, limit: float | None = None
) -> tuple[dict[str, float], dict[str, float], int]:
    """CPU seconds of this process per step (the files sit in the page cache; on a shared machine wall
    time would measure the other work as much as this), pair by pair (``bench/common.py``): for each
    file every step back to back, ``repeat`` rounds; the median per file times the files, the median
    of the per-file ratios to the first step, and how many files were measured within ``limit``."""
    pairs = pairwise(files, steps, repeat, limit)
    if pairs.partial:
        print(pairs.note().strip())
    seconds = {step: pairs.steps[step].median * pairs.inputs for step in steps}
    ratios = {step: pairs.steps[step].ratio for step in steps}
    return seconds, ratios, pairs.inputs


def peak(work: Callable[[Path], object], files: Sequence[Path]) -> float:
    """Peak traced memory (MB) over a pass that keeps nothing between documents."""
    gc.collect()
    tracemalloc.start()
    for path in files:
        work(path)
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top / 1e6


def plumber_text(path: Path) -> object:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        texts = []
        for page in pdf.pages:
            texts.append(page.extract_text())
            page.close()
        return texts


def pdfium_text(path: Path) -> object:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def read(path: Path) -> object:
    from jixiao.ingest.pdf import read_pdf

    return read_pdf(path, path.name)


def main(argv: Sequence[str] | None = None) -> None:
    import pypdfium2 as pdfium

    from jixiao.render.pdf import pdf_bytes

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=24)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--limit", type=float, default=600.0, help="seconds; then report what was measured")
    args = parser.parse_args(argv)

    print("| write (render side) | pages | CPU seconds per document | per page |")
    print("|---|---|---|---|")
    blobs = []
    pdf_bytes(Grid(file="warm-up", blocks=()))  # WeasyPrint's own start-up, once per process
    for name, grid in seed_grids().items():
        start = time.process_time()
        data = pdf_bytes(grid)
        seconds = time.process_time() - start
        pages = len(pdfium.PdfDocument(data))
        print(f"| {name} | {pages} | {seconds:.2f} | {seconds / pages:.3f} |")
        blobs.append(data)

    with tempfile.TemporaryDirectory(prefix="jixiao-pdf-bench-") as tmp:
        files = []
        for i in range(args.documents):
            path = Path(tmp) / f"doc{i:05d}.pdf"
            path.write_bytes(blobs[i % len(blobs)])
            files.append(path)
        size = sum(p.stat().st_size for p in files) / 1e6
        steps: dict[str, Callable[[Path], object]] = {
            "baseline (pdfplumber extract_text)": plumber_text,
            "pdfium text": pdfium_text,
            "read_pdf -> grid": read,
            "load_path -> dossier": load_path,
        }
        cpu_times, ratios, measured = timed(steps, files, args.repeat, args.limit)
        files = files[:measured]
        rows = [(step, cpu_times[step], peak(work, files)) for step, work in steps.items()]
    base_peak = rows[0][2]
    print()
    print(f"{len(files)} documents, {size:.1f} MB")
    print()
    print("| step | CPU seconds | docs/s | peak MB | time / baseline (median of pairs) | peak / baseline |")
    print("|---|---|---|---|---|---|")
    for step, cpu, top in rows:
        print(
            f"| {step} | {cpu:.2f} | {len(files) / cpu:.2f} | {top:.1f} | "
            f"{ratios[step]:.2f}× | {top / base_peak:.2f}× |"
        )


if __name__ == "__main__":
    main()
