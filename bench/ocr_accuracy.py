"""OCR cell accuracy on scans made from the seeds (``tests/ocr/make_scans.py``).

For each seed, its first forms are written as a PDF with a text layer and as a stamped, turned, blurred
JPEG scan; both are read into grids (``jixiao.ingest.pdf``) and compared cell by cell where the tables
have the same shape. Printed per seed and resolution:

* figures: cells of the reference holding a digit; exact: the scan's cell equal to it (spaces, and the
  full/half width of brackets and signs aside, as ``tests/ocr`` compares);
* wrong unflagged: figures read wrong whose confidence is at or above the O001 threshold (a wrong
  figure the audit would not point at: the number that must stay 0);
* blank: figures left blank (unreadable digits, or nothing read);
* cells exact: all non-empty reference cells, text included; a row the scan reads with other cells
  (a merge the scan lost or made) counts as missed.

``python bench/ocr_accuracy.py [--dpi 150 --dpi 200] [--forms e1] [--mode lines|page|cell ...] [keys]``
(``jixiao.ingest.ocr.MODE``: ``lines``, the default, cuts table cells into lines and recognises them
without detection; ``page`` detects and recognises the whole page at once, as before; ``cell`` OCRs each
cell alone. Each ``--mode`` given is run in turn, each with its CPU seconds a page, so a change is
measured against the other way in the same run.)
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pypdfium2 as pdfium  # type: ignore[import-untyped]
from tests.ocr.make_scans import reference_pdf, scan_pdf

from jixiao.ingest import ocr
from jixiao.ingest.limits import Limits
from jixiao.ingest.pdf import read_pdf
from jixiao.model.grid import Grid, GridCell

_SPACES = re.compile(r"\s+")
_WIDTH = str.maketrans({"（": "(", "）": ")", "≧": "≥", "≦": "≤", "：": ":", "，": ",", "；": ";", "％": "%"})


def norm(text: str) -> str:
    return _SPACES.sub("", text).translate(_WIDTH)


def _shape(row: tuple[GridCell, ...]) -> list[tuple[int, int]]:
    return [(c.colspan, c.rowspan) for c in row]


def compare(reference: Grid, scan: Grid) -> dict[str, int]:
    counts = dict.fromkeys(
        ("figures", "exact", "wrong_unflagged", "wrong_flagged", "blank", "cells", "cells_exact"), 0
    )
    scanned = {t.index: t for t in scan.tables}
    for table in reference.tables:
        other = scanned.get(table.index)
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row):
                if not cell.text.strip():
                    continue
                counts["cells"] += 1
                figure = bool(re.search(r"\d", cell.text))
                counts["figures"] += figure
                # Compared where the scan's row has the same cells (a row of another shape is missed).
                if other is None or r >= len(other.rows) or _shape(other.rows[r]) != _shape(row):
                    continue
                read = other.rows[r][c]
                if norm(read.text) == norm(cell.text):
                    counts["cells_exact"] += 1
                    counts["exact"] += figure
                elif figure:
                    if not read.text.strip():
                        counts["blank"] += 1
                    elif read.confidence is not None and read.confidence >= ocr.REVIEW_BELOW:
                        counts["wrong_unflagged"] += 1
                        print(f"    unflagged: {cell.text!r} read {read.text!r} ({read.confidence})")
                    else:
                        counts["wrong_flagged"] += 1
    return counts


def cpu_seconds() -> float:
    """User + system CPU seconds of this process so far (wall time is noisy on a shared machine)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("keys", nargs="*", default=["000", "001", "002", "004"])
    parser.add_argument("--dpi", type=int, action="append")
    parser.add_argument("--forms", default="e1", help="e1: the first evaluation, r1: the first rubric")
    parser.add_argument("--mode", choices=("lines", "page", "cell"), action="append")
    args = parser.parse_args()
    ocr._engine()._load_det_model()  # the models loaded before any reading is timed
    ocr._engine()._load_rec_model()
    cases = []
    for key in args.keys:
        reference = reference_pdf(key, args.forms)
        for dpi in args.dpi or [150, 200]:
            scan = scan_pdf(reference, dpi, seed=int(key))
            cases.append((key, dpi, read_pdf(reference, "seed.pdf"), scan, len(pdfium.PdfDocument(scan))))
    for mode in args.mode or ["lines"]:
        ocr.MODE = mode
        total: dict[str, int] = {}
        pages, cpu_total = 0, 0.0
        for key, dpi, expected, scan, count in cases:
            start, cpu = time.perf_counter(), cpu_seconds()
            got = read_pdf(scan, "seed.pdf", Limits(max_seconds=3600))  # cell by cell is slow
            seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
            pages, cpu_total = pages + count, cpu_total + cpu
            counts = compare(expected, got)
            for name, value in counts.items():
                total[name] = total.get(name, 0) + value
            print(
                f"{key} {dpi} dpi ({mode}): figures exact {counts['exact']}/{counts['figures']}, "
                f"wrong unflagged {counts['wrong_unflagged']}, wrong flagged {counts['wrong_flagged']}, "
                f"blank {counts['blank']}; cells exact {counts['cells_exact']}/{counts['cells']}; "
                f"{count} pages, {cpu:.1f} CPU s (wall {seconds:.1f} s)",
                flush=True,
            )
        print(
            f"all ({mode}): figures exact {total['exact']}/{total['figures']}, wrong unflagged "
            f"{total['wrong_unflagged']}, wrong flagged {total['wrong_flagged']}, blank {total['blank']}; "
            f"cells exact {total['cells_exact']}/{total['cells']}; {pages} pages, "
            f"{cpu_total / pages:.2f} CPU s a page",
            flush=True,
        )


if __name__ == "__main__":
    main()
