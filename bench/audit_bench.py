"""Audit benchmark: the generated province of score_bench.py (with narratives), the seeds and the
corpus, audited versus scored alone, pair by pair (``bench/common.py``).

For each dossier, score (the baseline) and audit (which scores, then runs every check) back to back;
prints medians, dossiers per second, peak memory (tracemalloc, separate pass) and the median of the
per-pair ratios audit/score.
Usage:  python bench/audit_bench.py [--dossiers 2000] [--projects 8] [--seed 7] [--limit 300]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import guarded, pairwise, peak_mb, table
from jixiao.audit.run import audit_dossier
from jixiao.model.dossier import Dossier
from jixiao.model.serialize import loads
from jixiao.score.scorer import score_dossier
from score_bench import cold, province, real_documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=2000)
    parser.add_argument("--projects", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=float, default=300.0, help="seconds per input set; then report")
    args = parser.parse_args()
    print(
        f"generating {args.dossiers} dossiers x (1 unit + {args.projects} projects) x 10 indicators + report ..."
    )
    sets = {"generated": province(args.dossiers, args.projects, args.seed)}
    sets.update(real_documents(args.limit))
    works = {"score": score_dossier, "audit": audit_dossier}
    for name, blobs in sets.items():
        dossiers = [loads(b) for b in blobs]
        if not dossiers:
            print(f"{name}: no documents")
            continue
        cold()
        result = guarded(name, lambda d=dossiers: pairwise(d, works, args.rounds, args.limit))
        if result is None:
            continue
        measured: list[Dossier] = dossiers[: result.inputs]
        peaks = {step: peak_mb(work, measured) for step, work in works.items()}
        findings = sum(len(audit_dossier(d).findings) for d in measured)
        print(table(f"{name} ({findings} findings)", result, "dossier", peaks))


if __name__ == "__main__":
    main()
