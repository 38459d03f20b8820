"""Files and pages per second of ``jixiao batch`` on a Dask ``LocalCluster`` with 1 and 2 workers.

Two inputs: the text documents (the seeds and the corpus) and scans made from the seeds
(``tests.ocr.make_scans``, ``--scan-pages`` pages each). Runs alternate 1 worker, 2 workers, … pair by
pair (``--rounds``), each into a fresh OUT, and the medians and the 2/1 ratio are printed (linear
scaling is 2.0; on a machine whose cores are shared it is less). The per-document and per-page
seconds of one worker are the costs ``docs/batch.md`` projects a national year from.

    .venv/bin/python -m bench.dask_bench [--rounds 3] [--scans 2]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path


def _inputs(root: Path, scans: int) -> tuple[Path, Path, int]:
    from tests.conftest import SEED_FILES
    from tests.ocr.make_scans import reference_pdf, scan_pdf

    text, scan = root / "text", root / "scan"
    text.mkdir(parents=True)
    scan.mkdir()
    for key, path in SEED_FILES.items():
        shutil.copy(path, text / f"{key}.txt")
    corpus = Path(__file__).resolve().parents[1] / "tests" / "corpus"
    for path in sorted(corpus.glob("*/*.txt")):
        shutil.copy(path, text / f"{path.parent.name}-{path.name}")
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    pages = 0
    for n in range(scans):
        data = scan_pdf(reference_pdf("001", "e1"), 150, seed=n + 1, unit="株洲市石峰区人力资源和社会保障局")
        (scan / f"scan{n}.pdf").write_bytes(data)
        pages += len(pdfium.PdfDocument(data))
    return text, scan, pages


def _run(folder: Path, workers: int, work: Path) -> float:
    from distributed import Client, LocalCluster

    from jixiao.batch.engine import expand_sources, run_batch

    paths = expand_sources([str(folder)])
    with (
        LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        out = Path(tempfile.mkdtemp(dir=work))
        started = time.perf_counter()
        done = list(run_batch(paths, out, client=client))
        seconds = time.perf_counter() - started
    assert len(done) == len(paths)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scans", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        text, scan, pages = _inputs(work / "in", args.scans)
        files = len(list(text.iterdir()))
        times: dict[tuple[str, int], list[float]] = {}
        for _ in range(args.rounds):
            for workers in (1, 2):  # interleaved pair by pair
                for name, folder in (("text", text), ("scan", scan)):
                    times.setdefault((name, workers), []).append(_run(folder, workers, work))
        for name, units, unit in (("text", files, "files"), ("scan", pages, "pages")):
            one = statistics.median(times[(name, 1)])
            two = statistics.median(times[(name, 2)])
            print(
                f"{name}: {units} {unit}; 1 worker {units / one:.2f} {unit}/s ({one / units:.2f} s each), "
                f"2 workers {units / two:.2f} {unit}/s; 2/1 = {one / two:.2f} (linear: 2.00)"
            )


if __name__ == "__main__":
    main()
