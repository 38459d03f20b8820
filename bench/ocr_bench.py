"""OCR speed and memory against the text-layer reader, on the same pages.

A seed's first forms are written as a PDF with a text layer and as a scan of it (``tests/ocr/make_scans.py``);
each is read by ``jixiao.ingest.pdf.read_pdf`` in a fresh process (so the peak memory is that
reader's alone: pdfplumber for the text, pdfium + OpenCV + rapidocr/onnxruntime for the scan, models
included). Printed: pages, seconds, pages per second, the OCR engine's start-up, and each process's
peak resident memory.

``python bench/ocr_bench.py [--dpi 200] [--forms e1] [keys]``
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_CHILD = """
import sys, time
from jixiao.ingest.pdf import read_pdf
data = open(sys.argv[1], "rb").read()
start = time.perf_counter()
if sys.argv[2] == "ocr":
    from jixiao.ingest import ocr
    ocr._engine()
    print("engine", time.perf_counter() - start)
    start = time.perf_counter()
read_pdf(data, "bench.pdf")
print("read", time.perf_counter() - start)
"""


def run(path: Path, kind: str) -> tuple[dict[str, float], float]:
    """Seconds (``engine``, ``read``) and the child's peak memory in MiB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), kind], capture_output=True, text=True, check=True, cwd=ROOT
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    times = {line.split()[0]: float(line.split()[1]) for line in done.stdout.splitlines() if line.strip()}
    # ru_maxrss of children is the largest child so far: runs go from the smallest reader to the largest.
    return times, max(before, after) / 1024


def main() -> None:
    import pypdfium2 as pdfium
    from tests.ocr.make_scans import reference_pdf, scan_pdf

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("keys", nargs="*", default=["001", "004"])
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--forms", default="e1", help="e1: the first evaluation, r1: the first rubric")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        texts, scans, pages = [], [], 0
        for key in args.keys:
            reference = reference_pdf(key, args.forms)
            pages += len(pdfium.PdfDocument(reference))
            text, scan = Path(folder) / f"{key}.pdf", Path(folder) / f"{key}-{args.dpi}.pdf"
            text.write_bytes(reference)
            scan.write_bytes(scan_pdf(reference, args.dpi, seed=int(key)))
            texts.append(text)
            scans.append(scan)
        for label, files, kind in (
            ("text layer (pdfplumber)", texts, "text"),
            (f"scan, OCR at {args.dpi} dpi", scans, "ocr"),
        ):
            seconds, engine, peak = 0.0, 0.0, 0.0
            start = time.perf_counter()
            for path in files:
                times, memory = run(path, kind)
                seconds += times["read"]
                engine += times.get("engine", 0.0)
                peak = max(peak, memory)
            wall = time.perf_counter() - start
            print(
                f"{label}: {pages} pages in {seconds:.2f} s = {pages / seconds:.2f} pages/s "
                f"({seconds / pages:.2f} s a page; engine start {engine / len(files):.2f} s; "
                f"processes {wall:.1f} s); peak memory {peak:.0f} MiB",
                flush=True,
            )


if __name__ == "__main__":
    main()
