"""Start-up benchmark (issue #14): the command line's cost for one document, against the interpreter
importing what any jixiao run needs.

Pair by pair (``bench/common.py``, wall-clock time of a fresh process each):

  imports : python -c "import msgspec, yaml"                     -- the baseline
  pass    : python -c pass
  help    : jixiao --help
  score   : jixiao score <seed 000>
  audit   : jixiao audit <seed 000>

Aim: ``score`` within 2x of ``imports``. Bytecode is cached as an installed package's is
(``PYTHONPYCACHEPREFIX`` in a temporary folder, ``PYTHONDONTWRITEBYTECODE`` unset): without it every
run compiles jixiao's sources again, which is not what a user's start-up costs.
Usage:  python bench/startup_bench.py [--rounds 15] [--limit 120]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import pairwise, seed_files, table


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
    commands = {
        "imports": command("-c", "import msgspec, yaml"),
        "pass": command("-c", "pass"),
        "help": command("-m", "jixiao.cli.main", "--help"),
        "score": command("-m", "jixiao.cli.main", "score", seed),
        "audit": command("-m", "jixiao.cli.main", "audit", seed, "--exit-zero"),
    }

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="jixiao-pycache-")

    def runner(argv: list[str]) -> object:
        def run(_: int) -> object:
            return subprocess.run(
                argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env
            )

        return run

    works = {name: runner(argv) for name, argv in commands.items()}
    for work in works.values():  # warm the page cache and the .pyc files
        work(0)
    result = pairwise(list(range(args.rounds)), works, 1, args.limit, clock=time.perf_counter)
    print(table("start-up (wall clock, one process per run)", result, "run"))
    score = result.steps["score"].ratio
    print(f"score / imports: {score:.2f}x (aim: within 2x)")


if __name__ == "__main__":
    main()
