"""OCR speed and memory against the text-layer reader, on the same pages.

A seed's first forms are written as a PDF with a text layer and as a scan of it (``tests/ocr/make_scans.py``);
each is read by ``jixiao.ingest.pdf.read_pdf`` in a fresh process (so the peak memory is that
reader's alone: pdfplumber for the text, pdfium + OpenCV + rapidocr/onnxruntime for the scan, models
included). The scan is read with each ``--mode`` of ``jixiao.ingest.ocr.MODE`` (``lines``: table cells
cut into lines and recognised without detection, the default; ``page``: the page detected and
recognised at once, as before), each with onnxruntime's default threads (one per core) and pinned to
one thread (``jixiao.ingest.ocr.THREADS = 1``: the one-core figure), so a change is measured against
the other way in the same run.

The figures are CPU seconds (user + system of the reading process, ``resource.getrusage``), not
wall time: the machine's cores are shared with other work, so wall time says more about the
neighbours than about the reader (it is printed too, marked as such). With several threads the CPU
seconds include the time onnxruntime's threads spend spinning while they wait for work. Printed per
reader: pages, CPU seconds a page, pages per CPU second, the OCR engine's start-up, the peak
resident memory, and the OCR / pdfplumber ratio of CPU seconds a page. The engine's start includes
loading both models (rapidocr loads them at their first use), so the reading is the pages' own cost.

``python bench/ocr_bench.py [--dpi 200] [--forms e1] [--mode lines --mode page] [--threads 1] [keys]``
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_CHILD = """
import json, resource, sys, time

def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime

from jixiao.ingest.pdf import read_pdf
from jixiao.ingest.limits import Limits
data = open(sys.argv[1], "rb").read()
out = {"engine_cpu": 0.0, "engine_wall": 0.0}
if sys.argv[2] != "text":
    from jixiao.ingest import ocr
    ocr.THREADS = None if sys.argv[2] == "ocr" else int(sys.argv[2])
    ocr.MODE = sys.argv[3]
    start, wall = cpu(), time.perf_counter()
    engine = ocr._engine()
    engine._load_det_model()
    engine._load_rec_model()
    out["engine_cpu"], out["engine_wall"] = cpu() - start, time.perf_counter() - wall
start, wall = cpu(), time.perf_counter()
read_pdf(data, "bench.pdf", Limits(max_seconds=3600))
out["read_cpu"], out["read_wall"] = cpu() - start, time.perf_counter() - wall
out["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def run(path: Path, kind: str, mode: str = "lines") -> dict[str, float]:
    """One reading in a fresh process (``kind``: ``text``, ``ocr`` or a thread count; ``mode``: the
    OCR's ``MODE``): its CPU and wall seconds for the engine's start and the reading, and its peak
    memory in MiB."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), kind, mode],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]
    from tests.ocr.make_scans import reference_pdf, scan_pdf

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("keys", nargs="*", default=["001", "004"])
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--forms", default="e1", help="e1: the first evaluation, r1: the first rubric")
    parser.add_argument(
        "--mode", choices=("lines", "page"), action="append", help="default: page, then lines"
    )
    parser.add_argument(
        "--threads", choices=("default", "1"), action="append", help="default: onnxruntime's, then one"
    )
    args = parser.parse_args()
    modes = args.mode or ["page", "lines"]
    threads = args.threads or ["default", "1"]
    print(
        "CPU seconds (user+sys of the reading process); wall time is noisy here: "
        "the machine's cores are shared with other work",
        flush=True,
    )
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
        per_page: dict[str, float] = {}
        runs = [("text layer (pdfplumber)", texts, "text", "")]
        for mode in modes:
            for thread in threads:
                kind, label = (
                    ("ocr", "onnxruntime default threads") if thread == "default" else ("1", "one thread")
                )
                runs.append((f"scan, OCR at {args.dpi} dpi, MODE {mode}, {label}", scans, kind, mode))
        for label, files, kind, mode in runs:
            totals = dict.fromkeys(("engine_cpu", "engine_wall", "read_cpu", "read_wall"), 0.0)
            peak = 0.0
            for path in files:
                result = run(path, kind, mode or "lines")
                for name in totals:
                    totals[name] += result[name]
                peak = max(peak, result["peak_mib"])
            cpu = totals["read_cpu"]
            per_page[f"{kind} {mode}"] = cpu / pages
            engine = f"; engine start {totals['engine_cpu'] / len(files):.2f} CPU s" if kind != "text" else ""
            print(
                f"{label}: {pages} pages, {cpu / pages:.3f} CPU s a page = {pages / cpu:.2f} pages per CPU s"
                f"{engine}; peak memory {peak:.0f} MiB (wall, noisy: {totals['read_wall'] / pages:.2f} s a page)",
                flush=True,
            )
        text = per_page["text "]
        for name, value in per_page.items():
            kind, mode = name.split(" ")
            if kind != "text":
                label = "default threads" if kind == "ocr" else "one thread"
                print(
                    f"OCR ({mode}) / pdfplumber, CPU s a page ({label}): {value:.3f} / {text:.3f} = {value / text:.0f}×",
                    flush=True,
                )


if __name__ == "__main__":
    main()
