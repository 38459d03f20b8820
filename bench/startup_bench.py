"""Start-up benchmark (issue #14): the command line's cost for one document, against the interpreter
importing what any jixiao run needs.

Pair by pair (``bench/common.py``, wall-clock time of a fresh process each):

  imports : python -c "import msgspec, yaml"                     -- the baseline
  pass    : python -c pass
  help    : jixiao --help
  score   : jixiao score <seed 000>
  audit   : jixiao audit <seed 000>
  score-nocache : jixiao score <seed 000> with JIXIAO_STARTUP_CACHE=off (parse tables and packs
                  computed in the process, as on a machine where the user's cache cannot be written)
  score-json    : jixiao score <seed 000 read once into a dossier JSON> (no reader runs)

Aim: ``score`` within 2x of ``imports``; the ``score`` and ``score-json`` ratios are printed last.
Scoring a dossier JSON imports no form reader, text recogniser or layout: the forms registry names
them by path and imports them on first use (``jixiao.forms.registry``).

Bytecode is cached as an installed package's is (``PYTHONPYCACHEPREFIX`` in a temporary folder,
``PYTHONDONTWRITEBYTECODE`` unset): without it every run compiles jixiao's sources again, which is not
what a user's start-up costs. The start-up cache (``jixiao.cache``: the grammar's parse tables, the
parsed packs) is a temporary folder, filled by the warm-up run, as a user's is after their first
command.
Usage:  python bench/startup_bench.py [--rounds 15] [--limit 120]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import cast

sys.path.insert(0, str(Path(__file__).parent))

from common import Pairs, pairwise, seed_files, table


def command(*args: str) -> list[str]:
    return [sys.executable, *args]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--limit", type=float, default=120.0)
    args = parser.parse_args()
    seeds = seed_files()
    if not seeds:
        print("no seed documents found")
        return
    seed = str(seeds[0])
    dossier = Path(tempfile.mkdtemp(prefix="jixiao-startup-dossier-")) / "000.json"
    from jixiao.ingest.loader import load_path
    from jixiao.model.serialize import dumps

    dossier.write_bytes(dumps(load_path(seeds[0])))
    commands = {
        "imports": command("-c", "import msgspec, yaml"),
        "pass": command("-c", "pass"),
        "help": command("-m", "jixiao.cli.main", "--help"),
        "score": command("-m", "jixiao.cli.main", "score", seed),
        "audit": command("-m", "jixiao.cli.main", "audit", seed, "--exit-zero"),
        "score-nocache": command("-m", "jixiao.cli.main", "score", seed),
        "score-json": command("-m", "jixiao.cli.main", "score", str(dossier)),
    }

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="jixiao-pycache-")
    env["JIXIAO_STARTUP_CACHE"] = tempfile.mkdtemp(prefix="jixiao-startup-cache-")
    uncached = {**env, "JIXIAO_STARTUP_CACHE": "off"}

    def runner(argv: list[str], environment: dict[str, str]) -> Callable[[int], object]:
        def run(_: int) -> object:
            return subprocess.run(
                argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=environment
            )

        return run

    works = {
        name: runner(argv, uncached if name.endswith("-nocache") else env) for name, argv in commands.items()
    }
    for work in works.values():  # warm the page cache and the .pyc files
        work(0)
    result = pairwise(list(range(args.rounds)), works, 1, args.limit, clock=time.perf_counter)
    print(table("start-up (wall clock, one process per run)", cast("Pairs[object]", result), "run"))
    score = result.steps["score"].ratio
    score_json = result.steps["score-json"].ratio
    print(
        f"score / imports: {score:.2f}x, score-json / imports: {score_json:.2f}x (aim: within 2x){result.note()}"
    )


if __name__ == "__main__":
    main()
