"""Batch benchmark (issue #14): ``jixiao batch``'s work per document against reading it alone, and
its memory as the batch grows.

Distinct documents are made from the seeds (each copy with a line of its own, so none is skipped as
already done) plus the corpus; pair by pair (``bench/common.py``, wall clock, one round: a second
round would find every document done):

  read   : jixiao.ingest.loader.load_path in this process            -- the baseline
  batch  : jixiao.batch.engine.process_file: hash, guarded read, score, audit, dossier JSON + record

then the whole batch through ``run_batch`` with ``--jobs`` workers, documents per second and this
process's peak (tracemalloc: it must not grow with the number of documents), and the Parquet tables.

Peak memory of a stream (``--stream 1000 4000 16000``): generated dossiers with narratives like the
seeds' (``score_bench.province``), each decoded, scored, audited and its results encoded and written
one at a time, as a batch worker does, in a fresh process per size; the process's peak resident set
(``ru_maxrss``) at a quarter, half and all of the stream, and the ratio of the largest stream's final
peak to the smallest's. Flat (1.00x) means it does not grow with the count.
A size that runs over ``--limit`` seconds prints what it reached, marked partial.
Usage:  python bench/batch_bench.py [--documents 200] [--jobs 2] [--limit 600] [--stream 1000 4000 16000]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import cast

sys.path.insert(0, str(Path(__file__).parent))

from common import Pairs, corpus_files, pairwise, seed_files, table
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


def _rss_mb() -> float:
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1e6


def stream_child(count: int, projects: int, limit: float) -> None:
    """One stream in this process: prints ``at N: peak MB`` lines, then ``done N seconds``."""
    import msgspec

    from jixiao.audit.run import audit_dossier
    from jixiao.model.serialize import loads
    from jixiao.score.scorer import score_dossier
    from score_bench import province

    marks = {max(1, count // 4), max(1, count // 2), count}
    started = time.perf_counter()
    done = 0
    with tempfile.TemporaryFile() as sink:
        for n in range(count):
            if time.perf_counter() - started > limit:
                break
            (blob,) = province(1, projects, n)
            dossier = loads(blob)
            sink.seek(0)
            sink.write(msgspec.json.encode(score_dossier(dossier)))
            sink.write(msgspec.json.encode(audit_dossier(dossier)))
            done = n + 1
            if done in marks:
                print(f"at {done}: peak {_rss_mb():.1f} MB", flush=True)
    print(f"done {done} {time.perf_counter() - started:.1f}", flush=True)


def stream_memory(sizes: list[int], projects: int, limit: float) -> None:
    print(f"stream peak memory (ru_maxrss, a fresh process per size; 1 unit + {projects} projects each):")
    final: dict[int, float] = {}  # size -> peak MB at the end of its stream (complete streams only)
    for size in sizes:
        argv = [sys.executable, __file__, "--stream-child", str(size), "--projects", str(projects)]
        argv += ["--limit", str(limit)]
        try:
            run = subprocess.run(argv, capture_output=True, text=True, timeout=limit + 120, check=False)
            out, err, code = run.stdout, run.stderr, run.returncode
        except subprocess.TimeoutExpired as exc:
            out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
            err, code = "killed at the time limit", -1
        lines = out.strip().splitlines()
        marks = [line for line in lines if line.startswith("at ")]
        done = [line.split() for line in lines if line.startswith("done ")]
        reached, seconds = (int(done[0][1]), float(done[0][2])) if done else (0, float("nan"))
        note = "" if reached == size else f"  (partial: {reached} of {size}, time limit)"
        rate = f", {reached / seconds:.0f} dossiers/s" if done and seconds > 0 else ""
        print(f"  {size:>6} dossiers: " + "; ".join(marks) + f"{rate}{note}")
        if code != 0:
            print(f"  {size:>6}: exit {code}: {err.strip().splitlines()[-1:] or ''}")
        elif reached == size and marks:
            final[size] = float(marks[-1].split()[-2])
    if len(final) >= 2:
        small, large = min(final), max(final)
        print(
            f"  peak at {large} / peak at {small}: {final[large] / final[small]:.2f}x "
            f"({final[large]:.1f} / {final[small]:.1f} MB; flat is 1.00x)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=float, default=600.0)
    parser.add_argument(
        "--stream", type=int, nargs="*", help="stream sizes for peak memory (1000 4000 16000)"
    )
    parser.add_argument("--projects", type=int, default=2, help="project tables per generated dossier")
    parser.add_argument("--stream-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stream_child:
        stream_child(args.stream_child, args.projects, args.limit)
        return
    if args.stream:
        stream_memory(args.stream, args.projects, args.limit)
        return
    with tempfile.TemporaryDirectory(prefix="jixiao-batch-bench-") as tmp:
        root = Path(tmp)
        (root / "in").mkdir()
        paths = make_documents(root / "in", args.documents)
        out = root / "pairs"
        works: dict[str, Callable[[Path], object]] = {
            "read": load_path,
            "batch": lambda p: process_file(str(p), str(out), None),
        }
        pairs = pairwise(paths, works, 1, args.limit, clock=time.perf_counter)
        print(table("per document", cast("Pairs[object]", pairs), "doc"))
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
