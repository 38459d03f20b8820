"""Corpus benchmark (the provinces issue): reading and recognising every real published document of
``tests/corpus/<province>/*.txt``, documents per second, against the plain parse of the same file.

Pair by pair (``bench/common.py``), for each document:

  parse   : read the bytes, decode, split into lines                  -- the baseline
  ingest  : jixiao.ingest.loader.load_path -> dossier (decode, layout, forms, narrative facts)
  audit   : ingest + score + audit (what ``jixiao batch`` does per document, without the worker)

A document that fails to read is counted (by error code) and left out of the figures.
Usage:  python bench/corpus_bench.py [--rounds 3] [--limit 600] [--province hunan ...]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import corpus_files, pairwise, peak_mb, table
from jixiao.audit.run import audit_dossier
from jixiao.ingest.errors import IngestError
from jixiao.ingest.loader import load_path


def parse(path: Path) -> object:
    return path.read_bytes().decode("utf-8", errors="replace").splitlines()


def audit(path: Path) -> object:
    return audit_dossier(load_path(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=float, default=600.0, help="seconds; then report what was measured")
    parser.add_argument("--province", nargs="*", help="only these provinces (folder names)")
    args = parser.parse_args()
    files = [p for p in corpus_files() if not args.province or p.parent.name in args.province]
    readable, failed = [], Counter[str]()
    for path in files:
        try:
            load_path(path)
            readable.append(path)
        except IngestError as exc:
            failed[exc.code] += 1
    size = sum(p.stat().st_size for p in readable) / 1e6
    provinces = len({p.parent.name for p in readable})
    print(
        f"corpus: {len(files)} documents, {provinces} provinces, {size:.1f} MB; not read: {dict(failed) or 0}"
    )
    works = {"parse": parse, "ingest": load_path, "audit": audit}
    try:
        result = pairwise(readable, works, args.rounds, args.limit)
    except Exception as exc:  # report, never die silently
        print(f"corpus bench failed: {type(exc).__name__}: {exc}")
        return
    measured = readable[: result.inputs]
    peaks = {name: peak_mb(work, measured) for name, work in works.items()}
    print(table("corpus", result, "doc", peaks))


if __name__ == "__main__":
    main()
