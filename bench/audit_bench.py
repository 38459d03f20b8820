"""Audit benchmark: the generated province of score_bench.py, audited versus scored alone.

Prints dossiers per second and peak memory for scoring and for the full audit (which scores, then
runs every check), each with empty caches, best of three; and the ratio audit/score.
Usage:  python bench/audit_bench.py [--dossiers 20000] [--projects 8] [--seed 7]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from jixiao.audit.run import audit_dossier
from jixiao.model.serialize import loads
from jixiao.score.scorer import score_dossier
from score_bench import measure, province


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=20000)
    parser.add_argument("--projects", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"generating {args.dossiers} dossiers x (1 unit + {args.projects} projects) x 10 indicators ...")
    dossiers = [loads(b) for b in province(args.dossiers, args.projects, args.seed)]
    _, t_score, m_score = measure(lambda: [score_dossier(d) for d in dossiers])
    audits, t_audit, m_audit = measure(lambda: [audit_dossier(d) for d in dossiers])
    findings = sum(len(a.findings) for a in audits)
    n = args.dossiers
    print(f"score (baseline): {t_score:8.2f} s  {n / t_score:9.0f} dossiers/s  peak {m_score / 1e6:8.1f} MB")
    print(
        f"audit           : {t_audit:8.2f} s  {n / t_audit:9.0f} dossiers/s  peak {m_audit / 1e6:8.1f} MB  ({findings} findings)"
    )
    print(f"ratio audit/score: {t_audit / t_score:.2f}x")


if __name__ == "__main__":
    main()
