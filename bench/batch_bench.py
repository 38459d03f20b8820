"""Batch benchmark (issue #14): ``jixiao batch``'s work per document against reading it alone, and
its memory as the batch grows.

Distinct documents are made from the seeds (each copy with a line of its own, so none is skipped as
already done) plus the corpus; pair by pair (``bench/common.py``, wall clock, one round: a second
round would find every document done):

  read   : jixiao.ingest.loader.load_path in this process            -- the baseline
  batch  : jixiao.batch.engine.process_file: hash, guarded read, score, audit, dossier JSON + record

then the whole batch through ``run_batch`` with ``--jobs`` workers, documents per second and this
process's peak (tracemalloc: it must not grow with the number of documents), and the Parquet tables.
Usage:  python bench/batch_bench.py [--documents 200] [--jobs 2] [--limit 600]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import corpus_files, pairwise, seed_files, table
from jixiao.batch.engine import process_file, run_batch
from jixiao.ingest.loader import load_path


def make_documents(folder: Path, count: int) -> list[Path]:
    sources = seed_files() + corpus_files()
    paths = []
    for n in range(count):
        source = sources[n % len(sources)]
        path = folder / f"{n:05d}{source.suffix}"
        path.write_bytes(source.read_bytes() + f"\n（第{n}份）\n".encode())
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=float, default=600.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jixiao-batch-bench-") as tmp:
        root = Path(tmp)
        (root / "in").mkdir()
        paths = make_documents(root / "in", args.documents)
        out = root / "pairs"
        works = {"read": load_path, "batch": lambda p: process_file(str(p), str(out), None)}
        pairs = pairwise(paths, works, 1, args.limit, clock=time.perf_counter)
        print(table("per document", pairs, "doc"))
        for size in sorted({max(1, args.documents // 4), args.documents}):
            target = root / f"run{size}"
            tracemalloc.start()
            started = time.perf_counter()
            failed = 0
            done = 0
            try:
                for result in run_batch([str(p) for p in paths[:size]], target, jobs=args.jobs):
                    done += 1
                    failed += result.status == "failed"
                    if time.perf_counter() - started > args.limit:
                        print(f"  (partial: {done} of {size} documents, time limit)")
                        break
            finally:
                _, peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
            seconds = time.perf_counter() - started
            print(
                f"run_batch -j {args.jobs}: {done} documents in {seconds:.1f} s, {done / seconds:.1f} docs/s, "
                f"{failed} failed, parent peak {peak / 1e6:.2f} MB"
            )
        try:
            from jixiao.batch.parquet import write_parquet

            started = time.perf_counter()
            counts = write_parquet(root / f"run{args.documents}")
            print(f"parquet: {counts} in {time.perf_counter() - started:.2f} s")
        except Exception as exc:  # report, never die silently
            print(f"parquet: failed ({type(exc).__name__}: {exc})")


if __name__ == "__main__":
    main()
